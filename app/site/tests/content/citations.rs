//! Every source clause cited on the site (`content/`) and in the engine's tables exists in
//! the seed it names. The clauses each seed really has are listed beside the content, in
//! `content/data/seed-clauses.toml`; a citation is a seed id alone, or a seed id, a space and
//! one of its labels (optionally followed by a circled number, a range `–`/`—` to another
//! label, or further labels after `、`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use zhuanjie_core::rules;

#[derive(serde::Deserialize)]
struct Seed {
    labels: Vec<String>,
}

use super::root;

fn clause_table() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(root().join("content/data/seed-clauses.toml")).unwrap();
    let seeds: BTreeMap<String, Seed> = toml::from_str(&text).unwrap();
    seeds.into_iter().map(|(k, v)| (k, v.labels)).collect()
}

/// The longest label of `labels` that `text` starts with and that is not merely the start
/// of a longer number (`2` must not match `2.7`).
fn match_label<'a>(text: &str, labels: &'a [String]) -> Option<&'a str> {
    labels
        .iter()
        .filter(|l| text.starts_with(l.as_str()))
        .filter(|l| {
            let rest = &text[l.len()..];
            let ends_number = l.chars().last().is_some_and(|c| c.is_ascii_digit());
            !(ends_number
                && rest
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == '.'))
        })
        .max_by_key(|l| l.len())
        .map(String::as_str)
}

/// Does the text after `SEED ` look like a clause reference (and not like prose)?
fn looks_like_clause(text: &str) -> bool {
    let first = text.chars().next();
    first.is_some_and(|c| c.is_ascii_digit() || c == 'Q' || c == '（')
        || [
            "FAQ",
            "第",
            "注",
            "指引",
            "备注",
            "常见问题",
            "特别注意",
            "附",
            "note",
        ]
        .iter()
        .any(|p| text.starts_with(p))
}

/// Every bad citation in `text`, as `line: citation: problem`.
fn check_text(text: &str, table: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut problems = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        let mut at = 0;
        while let Some(found) = line[at..].find('S') {
            let start = at + found;
            at = start + 1;
            let rest = &line[start..];
            let Some(id) = rest.get(..4) else { continue };
            if !(id.starts_with("S00") && id.as_bytes()[3].is_ascii_digit()) {
                continue;
            }
            if rest[4..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            let context: String = rest.chars().take(16).collect();
            let Some(labels) = table.get(id) else {
                problems.push(format!("{}: {context}: no seed {id}", line_no + 1));
                continue;
            };
            let Some(after) = rest[4..].strip_prefix(' ') else {
                continue; // the whole document
            };
            if !looks_like_clause(after) {
                continue;
            }
            let mut cursor = after;
            loop {
                let Some(label) = match_label(cursor, labels) else {
                    problems.push(format!(
                        "{}: {context}: {id} has no clause 「{}」",
                        line_no + 1,
                        cursor.chars().take(8).collect::<String>()
                    ));
                    break;
                };
                cursor = &cursor[label.len()..];
                cursor = cursor.trim_start_matches([' ', '①', '②', '③', '④', '⑤', '⑥']);
                // A range or a list of more clauses of the same seed.
                let next = ['–', '—', '、']
                    .iter()
                    .find_map(|sep| cursor.strip_prefix(*sep));
                match next {
                    Some(more)
                        if more
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_digit() || c == 'Q') =>
                    {
                        cursor = more;
                    }
                    _ => break,
                }
            }
        }
    }
    problems
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

#[test]
fn the_checker_finds_bad_citations() {
    let table = clause_table();
    assert!(check_text("见 S004 2.4 和 S003 Q6、Q16。", &table).is_empty());
    assert!(check_text("（S004 1.1–1.3，S004 4.4 ②，S000 （二）①）", &table).is_empty());
    assert!(check_text("S002 的幻灯片", &table).is_empty());
    assert_eq!(check_text("见 S004 2.7。", &table).len(), 1);
    assert_eq!(check_text("见 S003 Q18。", &table).len(), 1);
    assert_eq!(check_text("见 S003 Q6、Q19。", &table).len(), 1);
    assert_eq!(check_text("见 S009。", &table).len(), 1);
    assert_eq!(check_text("见 S001 第九种方式。", &table).len(), 1);
}

#[test]
fn every_cited_clause_exists_in_its_seed() {
    let table = clause_table();
    let mut files = Vec::new();
    files_under(&root().join("content"), "md", &mut files);
    files_under(&root().join("app/core/src"), "rs", &mut files);
    assert!(files.len() > 40, "found only {} files", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for p in check_text(&text, &table) {
            problems.push(format!("{}:{p}", file.display()));
        }
    }
    // The engine's tables, citation by citation (each must be exactly a seed or seed + label).
    let table_sources = rules::OUTCOMES
        .iter()
        .flat_map(|o| o.sources.iter())
        .chain(rules::MODIFIERS.iter().flat_map(|m| m.sources.iter()));
    for clause in table_sources {
        let (id, label) = clause.split_once(' ').unwrap_or((clause, ""));
        match table.get(id) {
            None => problems.push(format!("rules table: {clause}: no such seed")),
            Some(labels) if !label.is_empty() && !labels.iter().any(|l| l == label) => {
                problems.push(format!("rules table: {clause}: no such clause"))
            }
            Some(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "citations of clauses the seeds do not have:\n{}",
        problems.join("\n")
    );
}
