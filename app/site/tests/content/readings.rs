//! Every reading the guide states is collected on `content/guides/readings.md` and linked
//! from where it is used (project rule; review 2026-12, B48):
//!
//! - (a) every “本指南的理解” on a page (outside `readings.md` itself) has, in the same
//!   paragraph, list item or table row, a link to `readings.md#ID` (from `faq/`:
//!   `../guides/readings.md#ID`) whose ID is an entry of `readings.md`;
//! - (b) every string in the engine (`app/core/src/**/*.rs`, test code left out) that says
//!   本指南的理解 carries a marker `[readings#ID]` (the engine's convention, see
//!   `zhuanjie_core::readings`; it is taken out before display), or names its entry with
//!   `marker("ID")` in the same statement, and every ID named exists;
//! - (c) every `{#id}` entry of `readings.md` is linked from at least one page or engine text;
//! - (d) the entries other engineers link to by id all exist, and each has the three bullets
//!   资料怎么说 / 本指南的理解 / 理由.
//!
//! Plain string scanning: paragraphs, list items and table rows are found line by line, and
//! Rust string literals by a small lexer that skips comments, char literals and
//! `#[cfg(test)]` items.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The words that mark a reading. “本指南理解为” is caught too, so that no variant of the
/// label escapes the link rule.
const LABELS: &[&str] = &["本指南的理解", "本指南理解"];

/// The entries pages and engine texts link to by these exact ids.
const REQUIRED_IDS: &[&str] = &[
    "metrics-scope",
    "metrics-exclusions",
    "private-abroad-2021",
    "abroad-work-2021",
    "zongzhi-batch",
    "three-provinces-withdraw",
    "retain-reason",
    "employed-hukou",
    "dispatch-reason",
    "delayed-after-start",
    "ten-day-clock",
    "y2019-timeout",
    "xiatong",
    "assign-branch-timer",
    "floating-is-transfer",
    "abroad-work-destination",
    "no-data",
    "withdraw-until",
];

/// The bullets every entry has.
const ENTRY_BULLETS: &[&str] = &["**资料怎么说**", "**本指南的理解**", "**理由**"];

const READINGS: &str = "guides/readings.md";
const MARKER_OPEN: &str = "[readings#";

use super::root;

fn content() -> PathBuf {
    root().join("content")
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
}

/// `path` relative to the repository root, with `/` separators, for messages.
fn shown(path: &Path) -> String {
    let root = root().canonicalize().unwrap();
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    path.strip_prefix(&root)
        .unwrap_or(&path)
        .to_string_lossy()
        .replace('\\', "/")
}

// ---------------------------------------------------------------------------------------
// readings.md

/// An entry of readings.md: its id, the line of its heading (1-based) and its text.
struct Entry {
    id: String,
    line: usize,
    body: String,
}

/// The `{#id}` at the end of a heading line, if any.
fn heading_id(line: &str) -> Option<&str> {
    let line = line.trim_end();
    if !line.starts_with('#') || !line.ends_with('}') {
        return None;
    }
    let open = line.rfind("{#")?;
    Some(&line[open + 2..line.len() - 1])
}

fn entries(text: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for (no, line) in text.lines().enumerate() {
        if let Some(id) = heading_id(line) {
            out.push(Entry {
                id: id.to_string(),
                line: no + 1,
                body: String::new(),
            });
        } else if line.starts_with("## ") {
            // A second-level heading without an id ends the entry before it.
            out.push(Entry {
                id: String::new(),
                line: no + 1,
                body: String::new(),
            });
        } else if let Some(last) = out.last_mut() {
            last.body.push_str(line);
            last.body.push('\n');
        }
    }
    out.retain(|e| !e.id.is_empty());
    out
}

// ---------------------------------------------------------------------------------------
// Markdown pages

/// The page's lines, `None` for front matter and fenced code (line numbers kept).
fn body_lines(text: &str) -> Vec<Option<&str>> {
    let mut out = Vec::new();
    let mut front = false;
    let mut fence = false;
    for (no, line) in text.lines().enumerate() {
        let t = line.trim();
        if no == 0 && t == "+++" {
            front = true;
            out.push(None);
            continue;
        }
        if front {
            if t == "+++" {
                front = false;
            }
            out.push(None);
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            out.push(None);
            continue;
        }
        out.push(if fence { None } else { Some(line) });
    }
    out
}

/// The front-matter lines (1-based numbers) of a page.
fn front_matter(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    if lines.next().map(|(_, l)| l.trim()) != Some("+++") {
        return out;
    }
    for (no, line) in lines {
        if line.trim() == "+++" {
            break;
        }
        out.push((no + 1, line));
    }
    out
}

fn is_blank(line: Option<&str>) -> bool {
    line.is_none_or(|l| l.trim().is_empty())
}

fn is_table_row(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

fn is_heading(line: &str) -> bool {
    line.starts_with('#')
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    if ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m)) {
        return true;
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

/// Does this line stand alone as its own unit (heading, table row)?
fn is_single(line: &str) -> bool {
    is_table_row(line) || is_heading(line)
}

/// The unit (paragraph, list item with its continuation lines, table row or heading) that
/// line `i` belongs to, as a half-open range of line indexes.
fn unit_of(lines: &[Option<&str>], i: usize) -> (usize, usize) {
    let line = lines[i].unwrap_or("");
    if is_single(line) {
        return (i, i + 1);
    }
    let mut start = i;
    while !is_item(lines[start].unwrap_or("")) && start > 0 {
        let prev = lines[start - 1];
        if is_blank(prev) || is_single(prev.unwrap_or("")) {
            break;
        }
        start -= 1;
    }
    let mut end = i + 1;
    while end < lines.len() {
        let next = lines[end];
        if is_blank(next) {
            break;
        }
        let next = next.unwrap_or("");
        if is_item(next) || is_single(next) {
            break;
        }
        end += 1;
    }
    (start, end)
}

/// Every Markdown link target in `text` (what is between `](` and `)`).
fn link_targets(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let Some(end) = after.find(')') else { break };
        out.push(after[..end].trim());
        rest = &after[end..];
    }
    out
}

/// If `target`, written in the page at `page` (relative to content/, e.g. `faq/x.md`),
/// points into readings.md, the anchor it names (`Some("")` when it names none).
fn readings_anchor<'a>(page: &str, target: &'a str) -> Option<&'a str> {
    let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
    if path.is_empty() || path.contains("://") {
        return None;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (parts.join("/") == READINGS).then_some(anchor)
}

/// The problems of one page, and the reading ids it links to.
fn check_page(page: &str, text: &str, ids: &BTreeSet<String>) -> (Vec<String>, BTreeSet<String>) {
    let mut problems = Vec::new();
    let mut linked = BTreeSet::new();
    let shown = format!("content/{page}");

    for (no, line) in front_matter(text) {
        if let Some(label) = LABELS.iter().find(|l| line.contains(*l)) {
            problems.push(format!(
                "{shown}:{no}: front matter says 「{label}」, but it cannot carry a link to \
                 readings.md: label the reading in the page text and link its entry there"
            ));
        }
    }

    let lines = body_lines(text);
    // Every link into readings.md must name an entry that exists.
    for (i, line) in lines.iter().enumerate() {
        let Some(line) = line else { continue };
        for target in link_targets(line) {
            if let Some(anchor) = readings_anchor(page, target) {
                if anchor.is_empty() {
                    // A link to the page as a whole (no entry named) is fine.
                } else if !ids.contains(anchor) {
                    problems.push(format!(
                        "{shown}:{}: link 「{target}」: readings.md has no entry {{#{anchor}}}",
                        i + 1
                    ));
                } else {
                    linked.insert(anchor.to_string());
                }
            }
        }
    }
    // Every label has a link to an existing entry in its own unit. The label in quotation
    // marks (“本指南的理解”) is the label's name, as in a sentence about the convention, not
    // a reading.
    let mut reported = BTreeSet::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(line) = line else { continue };
        let unquoted = LABELS.iter().fold(line.to_string(), |l, label| {
            l.replace(&format!("“{label}”"), "")
        });
        let Some(label) = LABELS.iter().find(|l| unquoted.contains(*l)) else {
            continue;
        };
        let (start, end) = unit_of(&lines, i);
        let unit: String = lines[start..end]
            .iter()
            .map(|l| l.unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let good = link_targets(&unit)
            .into_iter()
            .filter_map(|t| readings_anchor(page, t))
            .any(|a| ids.contains(a));
        if !good && reported.insert(start) {
            let kind = if is_table_row(line) {
                "table row"
            } else if is_heading(line) {
                "heading"
            } else if is_item(lines[start].unwrap_or("")) {
                "list item"
            } else {
                "paragraph"
            };
            let target = if page.starts_with("faq/") {
                "../guides/readings.md#ID"
            } else {
                "readings.md#ID"
            };
            let range = if end - start > 1 {
                format!(" (lines {}–{})", start + 1, end)
            } else {
                String::new()
            };
            problems.push(format!(
                "{shown}:{}: 「{label}」 but this {kind}{range} has no link to {target} naming an \
                 entry of readings.md",
                i + 1
            ));
        }
    }
    (problems, linked)
}

// ---------------------------------------------------------------------------------------
// Rust string literals

/// A string literal of a Rust file: the line it starts on (1-based), its source text (quotes
/// and escapes as written) and the byte offset just after it.
struct Literal {
    line: usize,
    text: String,
    end: usize,
}

/// The string literals of `src` outside comments and `#[cfg(test)]` items.
fn string_literals(src: &str) -> Vec<Literal> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let mut depth: usize = 0;
    let mut pending_test = false;
    let mut skip_to_depth: Option<usize> = None;
    let count_lines = |from: usize, to: usize| src[from..to].matches('\n').count();
    while i < b.len() {
        let rest = &src[i..];
        let c = b[i];
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(b.len(), |n| i + n);
            i = end;
            continue;
        }
        if rest.starts_with("/*") {
            // Block comments nest in Rust.
            let mut level = 0;
            let mut j = i;
            while j < b.len() {
                if src[j..].starts_with("/*") {
                    level += 1;
                    j += 2;
                } else if src[j..].starts_with("*/") {
                    level -= 1;
                    j += 2;
                    if level == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            line += count_lines(i, j);
            i = j;
            continue;
        }
        if rest.starts_with("#[cfg(test)]") {
            pending_test = true;
            i += "#[cfg(test)]".len();
            continue;
        }
        // Raw strings: r"…", r#"…"#, br"…".
        let raw_start = if rest.starts_with("br") {
            Some(2)
        } else if rest.starts_with('r') {
            Some(1)
        } else {
            None
        };
        let ident_before = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if let (Some(skip), false) = (raw_start, ident_before) {
            let hashes = rest[skip..].bytes().take_while(|&h| h == b'#').count();
            if rest[skip + hashes..].starts_with('"') {
                let body_start = i + skip + hashes + 1;
                let close = format!("\"{}", "#".repeat(hashes));
                let end = src[body_start..]
                    .find(&close)
                    .map_or(b.len(), |n| body_start + n + close.len());
                if skip_to_depth.is_none() && !pending_test {
                    out.push(Literal {
                        line,
                        text: src[i..end].to_string(),
                        end,
                    });
                }
                line += count_lines(i, end);
                i = end;
                continue;
            }
        }
        match c {
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                if skip_to_depth.is_none() && !pending_test {
                    out.push(Literal {
                        line,
                        text: src[i..end].to_string(),
                        end,
                    });
                }
                line += count_lines(i, end);
                i = end;
            }
            b'\'' => {
                // A char literal ('x', '\n', '\u{..}', '“') or a lifetime ('a).
                let next = rest[1..].chars().next();
                let skip = match next {
                    Some('\\') => rest.get(3..).and_then(|r| r.find('\'')).map(|n| n + 4),
                    Some(ch) if rest[1 + ch.len_utf8()..].starts_with('\'') => {
                        Some(2 + ch.len_utf8())
                    }
                    _ => None,
                };
                i += skip.unwrap_or(1);
            }
            b'{' => {
                if pending_test {
                    pending_test = false;
                    if skip_to_depth.is_none() {
                        skip_to_depth = Some(depth);
                    }
                }
                depth += 1;
                i += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if skip_to_depth == Some(depth) {
                    skip_to_depth = None;
                }
                i += 1;
            }
            b';' => {
                pending_test = false; // `#[cfg(test)] use …;` or `mod tests;`
                i += 1;
            }
            b'\n' => {
                line += 1;
                i += 1;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// The ids of the `[readings#ID]` markers in `text`.
fn markers(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(MARKER_OPEN) {
        let after = &rest[at + MARKER_OPEN.len()..];
        let Some(end) = after.find(']') else { break };
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// The ids named by `marker("ID")` calls in `code`.
fn marker_calls(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("marker(\"") {
        let after = &rest[at + "marker(\"".len()..];
        let Some(end) = after.find('"') else { break };
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// The source after a literal up to the end of its statement (the next `;`), for
/// `marker("ID")` calls that name the entry of a text built at run time.
fn statement_after(src: &str, from: usize) -> &str {
    let rest = &src[from..];
    let end = rest.find(';').unwrap_or(rest.len()).min(600);
    let mut end = end.min(rest.len());
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    &rest[..end]
}

/// The problems of one engine file, and the reading ids its texts name.
fn check_engine_file(
    shown: &str,
    src: &str,
    ids: &BTreeSet<String>,
) -> (Vec<String>, BTreeSet<String>) {
    let mut problems = Vec::new();
    let mut named = BTreeSet::new();
    for lit in string_literals(src) {
        let inline = markers(&lit.text);
        let called = if inline.is_empty() {
            marker_calls(statement_after(src, lit.end))
        } else {
            Vec::new()
        };
        for id in inline.iter().chain(called.iter()) {
            if ids.contains(*id) {
                named.insert(id.to_string());
            } else {
                problems.push(format!(
                    "{shown}:{}: marker names readings entry 「{id}」, which readings.md does not have",
                    lit.line
                ));
            }
        }
        if let Some(label) = LABELS.iter().find(|l| lit.text.contains(*l)) {
            if inline.is_empty() && called.is_empty() {
                let start: String = lit.text.chars().take(40).collect();
                problems.push(format!(
                    "{shown}:{}: string says 「{label}」 but carries no [readings#ID] marker: {start}…",
                    lit.line
                ));
            }
        }
    }
    (problems, named)
}

// ---------------------------------------------------------------------------------------
// The checks

struct Scan {
    entries: Vec<Entry>,
    problems: Vec<String>,
    linked_from_pages: BTreeSet<String>,
    named_by_engine: BTreeSet<String>,
    engine_problems: Vec<String>,
}

fn scan() -> Scan {
    let readings_text = std::fs::read_to_string(content().join(READINGS)).unwrap();
    let entries = entries(&readings_text);
    let ids: BTreeSet<String> = entries.iter().map(|e| e.id.clone()).collect();

    let mut problems = Vec::new();
    let mut linked_from_pages = BTreeSet::new();
    let mut pages = Vec::new();
    files_under(&content(), "md", &mut pages);
    assert!(pages.len() > 40, "found only {} pages", pages.len());
    for path in &pages {
        let page = path
            .strip_prefix(content())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if page == READINGS {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let (p, linked) = check_page(&page, &text, &ids);
        problems.extend(p);
        linked_from_pages.extend(linked);
    }

    let mut engine_problems = Vec::new();
    let mut named_by_engine = BTreeSet::new();
    let mut sources = Vec::new();
    files_under(&root().join("app/core/src"), "rs", &mut sources);
    assert!(
        sources.len() > 5,
        "found only {} engine files",
        sources.len()
    );
    for path in &sources {
        let src = std::fs::read_to_string(path).unwrap();
        let (p, named) = check_engine_file(&shown(path), &src, &ids);
        engine_problems.extend(p);
        named_by_engine.extend(named);
    }
    Scan {
        entries,
        problems,
        linked_from_pages,
        named_by_engine,
        engine_problems,
    }
}

fn fail_if_any(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what} ({} problem(s)):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// (a)
#[test]
fn every_reading_on_a_page_links_its_entry() {
    fail_if_any(
        "readings stated on the pages without a link to their entry on readings.md",
        &scan().problems,
    );
}

/// (b)
#[test]
fn every_reading_in_the_engine_names_its_entry() {
    fail_if_any(
        "engine texts that state a reading without naming an existing entry of readings.md",
        &scan().engine_problems,
    );
}

/// (c)
#[test]
fn every_entry_is_linked() {
    let s = scan();
    let problems: Vec<String> = s
        .entries
        .iter()
        .filter(|e| !s.linked_from_pages.contains(&e.id) && !s.named_by_engine.contains(&e.id))
        .map(|e| {
            format!(
                "content/{READINGS}:{}: entry {{#{}}} is linked from no page and named by no engine text",
                e.line, e.id
            )
        })
        .collect();
    fail_if_any("entries of readings.md that nothing links to", &problems);
}

/// (d)
#[test]
fn the_entries_linked_by_id_exist_and_have_their_bullets() {
    let text = std::fs::read_to_string(content().join(READINGS)).unwrap();
    let entries = entries(&text);
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &entries {
        if let Some(first) = seen.insert(&e.id, e.line) {
            problems.push(format!(
                "content/{READINGS}:{}: entry {{#{}}} again (first at line {first})",
                e.line, e.id
            ));
        }
        for bullet in ENTRY_BULLETS {
            let has = e
                .body
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("- {bullet}")));
            if !has {
                problems.push(format!(
                    "content/{READINGS}:{}: entry {{#{}}} has no bullet 「- {bullet}」",
                    e.line, e.id
                ));
            }
        }
    }
    for id in REQUIRED_IDS {
        if !seen.contains_key(id) {
            problems.push(format!(
                "content/{READINGS}: no entry {{#{id}}} (pages and engine texts link to this id)"
            ));
        }
    }
    fail_if_any("readings.md entries", &problems);
}

/// The scanners themselves, on small inputs.
#[test]
fn the_scanners_find_what_they_should() {
    let ids: BTreeSet<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();

    // Pages: paragraph, list item with a continuation line, table row, front matter.
    let page = "+++\ntitle = \"t\"\nsummary = \"本指南的理解\"\n+++\n\n\
                第一段，本指南的理解如此，\n见[说明](readings.md#a)。\n\n\
                - 条目一：本指南的理解\n  续行[说明](readings.md#b)\n- 条目二：本指南的理解\n\n\
                | 表 | 本指南的理解 |\n| 下一行 | [说明](readings.md#a) |\n\n\
                见[坏](readings.md#zz)。\n";
    let (problems, linked) = check_page("guides/x.md", page, &ids);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].contains(":3: front matter"), "{problems:#?}");
    assert!(problems[1].contains(":16: link"), "{problems:#?}");
    assert!(problems[2].contains(":11:") && problems[2].contains("list item"));
    assert!(problems[3].contains(":13:") && problems[3].contains("table row"));
    assert_eq!(linked.len(), 2);

    // From faq/ the link must climb to guides/.
    let faq = "+++\n+++\n本指南的理解，见[说明](../guides/readings.md#a)。\n另一段：本指南理解为，见[说明](readings.md#a)。\n";
    let (problems, _) = check_page("faq/y.md", faq, &ids);
    assert_eq!(
        problems.len(),
        0,
        "one paragraph, one good link: {problems:#?}"
    );
    let faq = "+++\n+++\n本指南理解为，见[说明](readings.md#a)。\n";
    assert_eq!(check_page("faq/y.md", faq, &ids).0.len(), 1);
    // The label's name in quotation marks is no reading.
    let about = "+++\n+++\n这些地方都标明“本指南的理解”，见[那一页](readings.md)。\n";
    assert_eq!(check_page("guides/z.md", about, &ids).0.len(), 0);

    // Engine: comments and test code are left out, markers and marker() calls are read.
    let src = r###"
        //! 本指南的理解 in a doc comment
        const A: &str = "甲：本指南的理解[readings#a]";
        const B: &str = "乙：本指南的理解"; // no marker
        fn c() -> String { format!("丙：本指南的理解{}", readings::marker("b")) }
        const D: &str = "见[readings#nope]";
        const E: char = '"';
        const F: &str = r#"丁：本指南的理解"#;
        #[cfg(test)]
        mod tests {
            const G: &str = "本指南的理解[readings#x]";
        }
        const H: &str = "戊：本指南的理解";
    "###;
    let (problems, named) = check_engine_file("x.rs", src, &ids);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].contains("x.rs:4:") && problems[0].contains("no [readings#ID]"));
    assert!(problems[1].contains("x.rs:6:") && problems[1].contains("「nope」"));
    assert!(problems[2].contains("x.rs:8:"), "{problems:#?}");
    assert!(problems[3].contains("x.rs:13:"), "{problems:#?}");
    assert_eq!(named.len(), 2);

    // readings.md entries.
    let r = "# t\n\n## 甲 {#a}\n\n- **资料怎么说**：x\n\n## 乙\n\n## 丙 {#b}\n";
    let e = entries(r);
    assert_eq!(e.len(), 2);
    assert_eq!((e[0].id.as_str(), e[0].line), ("a", 3));
    assert!(e[0].body.contains("资料怎么说"));
}
