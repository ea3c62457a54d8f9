//! Markdown → HTML with pulldown-cmark, plus what the build needs around it: heading ids
//! (`{#id}` or generated from the text), the table of contents, internal links rewritten from
//! `.md` to relative `.html`, every link remembered with its line for the checker, and plain
//! text per section for the search index.

use super::content::line_of;
use super::embed::{self, Directive};
use super::url::percent_decode_lossy;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A section of a page for search: the text under one heading (the first has no heading).
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub id: String,
    pub heading: String,
    pub text: String,
}

/// An internal link to check once every page is known: target page (dist-relative) and anchor.
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub line: usize,
    pub raw: String,
    pub target: String,
    pub anchor: Option<String>,
}

/// A directive (`{{outcome ID}}`, `{{edition-differences}}`) expanded on the page. Read by
/// the tests that hold every outcome row to its guide page (`tests::every_outcome_is_…`).
#[derive(Debug, Clone)]
#[cfg_attr(not(test), allow(dead_code))]
pub struct Embed {
    pub line: usize,
    pub directive: Directive,
    /// The ids of the headings it lies under, outermost first.
    pub sections: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub anchors: HashSet<String>,
    pub links: Vec<LinkRef>,
    pub sections: Vec<Section>,
    pub embeds: Vec<Embed>,
}

/// How internal links are written: relative files for normal pages, in-page anchors for the
/// single print page (where every page becomes a section with prefixed ids).
pub enum LinkMode<'a> {
    Pages,
    Print {
        /// dist path of a page → id prefix of its section on the print page.
        prefixes: &'a HashMap<String, String>,
    },
}

pub struct Ctx<'a> {
    /// The page's source path relative to the content root, e.g. `faq/x.md`.
    pub rel: &'a str,
    /// The page's output path relative to dist/, e.g. `faq/x.html`.
    pub out: &'a str,
    /// For messages.
    pub display: &'a str,
    pub body_line: usize,
    /// Content-relative path (e.g. `guides/steps.md`, `checker.html`) → dist-relative path.
    pub known: &'a HashMap<String, String>,
    pub mode: LinkMode<'a>,
    /// The seeds' clause labels, to read and check citations (`None`: by their shape).
    pub clauses: Option<&'a crate::cite::ClauseTable>,
}

impl Ctx<'_> {
    /// The page links in this text are written relative to: the page itself, or the print
    /// page (at the root, whatever page the text comes from).
    fn link_base(&self) -> &str {
        match self.mode {
            LinkMode::Print { .. } => "print.html",
            LinkMode::Pages => self.out,
        }
    }
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// Generated anchor for a heading: keeps letters and digits of any script (so Chinese
/// headings get readable ids), turns spaces and dashes into single dashes.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

fn level_num(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Resolves `rel` against the directory of `from` (both content-relative, `/`-separated).
/// None when the path climbs above the content root.
pub fn resolve(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Relative URL from the page at `from` (dist-relative file) to the file `to`.
pub fn relative_url(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut url = "../".repeat(depth);
    url.push_str(to);
    url
}

fn is_external(dest: &str) -> bool {
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// A heading being collected: level, explicit `{#id}`, classes, inner events, source offset.
type PendingHeading<'e> = (
    HeadingLevel,
    Option<String>,
    Vec<String>,
    Vec<Event<'e>>,
    usize,
);

/// The state of one page's conversion that headings and directives update.
#[derive(Default)]
struct Walk<'e> {
    r: Rendered,
    used_ids: HashSet<String>,
    events: Vec<Event<'e>>,
    section: Section,
    /// The headings above the current position (level, id), for directives.
    outline: Vec<(u8, String)>,
    /// The table being converted, if any.
    table: Option<TableState>,
}

/// A table of three or more columns is stacked on a phone (each row a card), so each body
/// cell carries its column's heading as `data-label` for the stylesheet to show.
#[derive(Default)]
struct TableState {
    stacked: bool,
    heads: Vec<String>,
    in_head: bool,
    col: usize,
    /// Where the current head cell's text starts in the section text.
    cell_start: usize,
}

impl<'e> Walk<'e> {
    /// Ends a heading at `line`: gives it a unique id (its `{#id}` or one from its text),
    /// records it in the anchors, the outline, the table of contents and the sections, and
    /// emits it (its id prefixed on the print page).
    fn close_heading(
        &mut self,
        pending: PendingHeading<'e>,
        line: usize,
        ctx: &Ctx,
        errors: &mut Vec<String>,
    ) {
        let (level, explicit, classes, buf, _) = pending;
        let text = plain_text(&buf);
        let base = explicit.clone().unwrap_or_else(|| slugify(&text));
        let mut id = base.clone();
        if explicit.is_some() && self.used_ids.contains(&id) {
            errors.push(format!(
                "{}:{}: 标题锚点 {id} 在本页重复",
                ctx.display, line
            ));
        }
        let mut n = 1;
        while self.used_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used_ids.insert(id.clone());
        self.r.anchors.insert(id.clone());
        let lvl = level_num(level);
        while self.outline.last().is_some_and(|(l, _)| *l >= lvl) {
            self.outline.pop();
        }
        self.outline.push((lvl, id.clone()));
        if lvl == 2 || lvl == 3 {
            self.r.toc.push(TocEntry {
                level: lvl,
                id: id.clone(),
                text: text.clone(),
            });
        }
        self.r.sections.push(std::mem::take(&mut self.section));
        self.section.id = id.clone();
        self.section.heading = text;
        let shown_id = match &ctx.mode {
            LinkMode::Pages => id,
            LinkMode::Print { prefixes } => format!(
                "{}--{id}",
                prefixes.get(ctx.out).map(String::as_str).unwrap_or("p")
            ),
        };
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(shown_id)),
            classes: classes.into_iter().map(CowStr::from).collect(),
            attrs: vec![],
        }));
        self.events.extend(buf);
        self.events.push(Event::End(TagEnd::Heading(level)));
    }
}

pub fn render(markdown: &str, ctx: &Ctx, errors: &mut Vec<String>) -> Rendered {
    let mut w = Walk::default();
    let mut heading: Option<PendingHeading> = None;
    let line_at = |offset: usize| ctx.body_line + line_of(markdown, offset) - 1;
    // Inside a paragraph replaced by a directive's block: its own events are dropped.
    let mut skipping = false;
    let mut in_code = false;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if skipping {
            skipping = !matches!(event, Event::End(TagEnd::Paragraph));
            continue;
        }
        if let Some((_, _, _, buf, _)) = heading.as_mut() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(pending) = heading.take() {
                        let line = line_at(pending.4);
                        w.close_heading(pending, line, ctx, errors);
                    }
                }
                Event::Start(Tag::Link { .. }) => {
                    buf.push(checked_link(
                        event,
                        line_at(range.start),
                        ctx,
                        &mut w.r,
                        errors,
                    ));
                }
                other => buf.push(other),
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((
                    level,
                    id.map(|s| s.to_string()),
                    classes.iter().map(|c| c.to_string()).collect(),
                    Vec::new(),
                    range.start,
                ));
            }
            Event::Start(Tag::Link { .. }) => {
                w.events.push(checked_link(
                    event,
                    line_at(range.start),
                    ctx,
                    &mut w.r,
                    errors,
                ));
            }
            Event::Start(Tag::Paragraph) => match embed::parse(&markdown[range.clone()]) {
                None => w.events.push(event),
                Some(parsed) => {
                    skipping = true;
                    let line = line_at(range.start);
                    let level = w.outline.last().map_or(2, |(l, _)| (l + 1).min(6));
                    match parsed.and_then(|d| {
                        let block = expand_directive(
                            &d,
                            level,
                            line,
                            ctx,
                            &mut w.used_ids,
                            &mut w.r,
                            errors,
                        )?;
                        Ok((d, block))
                    }) {
                        Ok((directive, block)) => {
                            w.section.text.push_str(&block.text);
                            w.events.push(Event::Html(CowStr::from(block.html)));
                            w.r.embeds.push(Embed {
                                line,
                                directive,
                                sections: w.outline.iter().map(|(_, id)| id.clone()).collect(),
                            });
                        }
                        Err(msg) => errors.push(format!("{}:{line}: {msg}", ctx.display)),
                    }
                }
            },
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                w.events.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                w.section.text.push(' ');
                w.events.push(event);
            }
            Event::Text(ref t) if !in_code && embed::mentions_directive(t) => {
                errors.push(format!(
                    "{}:{}: 指令 {{{{…}}}} 须单独成段（前后各空一行），不能写在别的文字中间",
                    ctx.display,
                    line_at(range.start)
                ));
                w.section.text.push_str(t);
                w.events.push(event);
            }
            Event::Start(Tag::Table(a)) => {
                // Wide tables scroll inside their own box instead of widening a phone page;
                // tables of three or more columns become one card per row on a phone.
                let stacked = a.len() >= 3;
                w.table = Some(TableState {
                    stacked,
                    ..Default::default()
                });
                w.events.push(Event::Html(CowStr::from(if stacked {
                    "<div class=\"table-wrap stack\">"
                } else {
                    "<div class=\"table-wrap\">"
                })));
                w.events.push(Event::Start(Tag::Table(a)));
            }
            Event::End(TagEnd::Table) => {
                w.table = None;
                w.events.push(Event::End(TagEnd::Table));
                w.events.push(Event::Html(CowStr::from("</div>")));
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = w.table.as_mut() {
                    t.in_head = true;
                    t.col = 0;
                }
                w.events.push(event);
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = w.table.as_mut() {
                    t.in_head = false;
                }
                w.events.push(event);
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = w.table.as_mut() {
                    t.col = 0;
                }
                w.events.push(event);
            }
            Event::Start(Tag::TableCell) => match w.table.as_mut() {
                Some(t) if t.in_head => {
                    t.cell_start = w.section.text.len();
                    w.events.push(event);
                }
                Some(t) if t.stacked => {
                    let label = t.heads.get(t.col).cloned().unwrap_or_default();
                    w.events.push(Event::Html(CowStr::from(format!(
                        "<td data-label=\"{}\">",
                        esc_attr(&label)
                    ))));
                }
                _ => w.events.push(event),
            },
            Event::End(TagEnd::TableCell) if w.table.is_some() => {
                let text_len = w.section.text.len();
                w.section.text.push(' ');
                if let Some(t) = w.table.as_mut() {
                    if t.in_head {
                        let label = w.section.text[t.cell_start.min(text_len)..text_len]
                            .trim()
                            .to_string();
                        t.heads.push(label);
                        w.events.push(event);
                    } else if t.stacked {
                        w.events.push(Event::Html(CowStr::from("</td>")));
                    } else {
                        w.events.push(event);
                    }
                    t.col += 1;
                }
            }
            Event::Text(ref t) if !in_code && t.contains("S00") => {
                let line = line_at(range.start);
                cite_text(t, line, ctx, &mut w, errors);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                w.section.text.push_str(t);
                w.events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                w.section.text.push(' ');
                w.events.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                w.section.text.push(' ');
                w.events.push(event);
            }
            other => w.events.push(other),
        }
    }
    let Walk {
        mut r,
        section,
        events,
        ..
    } = w;
    r.sections.push(section);
    for s in &mut r.sections {
        s.text = collapse_ws(&s.text);
    }
    r.sections
        .retain(|s| !(s.id.is_empty() && s.heading.is_empty() && s.text.is_empty()));
    pulldown_cmark::html::push_html(
        &mut r.html,
        join_cjk_lines(fix_cjk_strong(events)).into_iter(),
    );
    r
}

/// Separators between the citations of one parenthetical group (`（S004 2.1，S003 Q16）`).
const CITE_SEPARATORS: [&str; 5] = ["，", "、", "；", ",", " "];

/// A text with citations: each parenthetical group of citations becomes one small mark (a
/// superscript), a citation inside a sentence a short link; both name the document in words
/// and link to the 资料来源 page. The search text keeps the sentence without the marks.
fn cite_text(text: &str, line: usize, ctx: &Ctx, w: &mut Walk, errors: &mut Vec<String>) {
    let cites = crate::cite::scan(text, ctx.clauses);
    for c in &cites {
        if let Some(p) = &c.problem {
            errors.push(format!(
                "{}:{line}: 出处 {} 有误：{p}",
                ctx.display,
                &text[c.start..c.end]
            ));
        }
    }
    let from = ctx.link_base();
    let sources = relative_url(from, "sources.html");
    let mark = |c: &crate::cite::Citation| {
        let raw = format!("{} {}", c.id, c.clause);
        let title = zhuanjie_core::sources::document(&c.id)
            .map(zhuanjie_core::sources::document_line)
            .unwrap_or_default();
        format!(
            "<a class=\"cite\" href=\"{}#{}\" title=\"{}\">{}</a>",
            esc_attr(&sources),
            esc_attr(&c.id),
            esc_attr(&title),
            esc_attr(&zhuanjie_core::sources::citation_label(raw.trim()))
        )
    };
    let mut pos = 0;
    let mut i = 0;
    let push_text = |w: &mut Walk, s: &str| {
        if !s.is_empty() {
            w.section.text.push_str(s);
            w.events.push(Event::Text(CowStr::from(s.to_string())));
        }
    };
    while i < cites.len() {
        let c = &cites[i];
        // A group: "（" + citations and separators + "）", nothing else inside.
        let open = text[pos..c.start].rfind('（').map(|o| pos + o);
        let group = open.and_then(|o| {
            if !text[o + '（'.len_utf8()..c.start].trim().is_empty() {
                return None;
            }
            let mut j = i;
            let mut end = c.end;
            loop {
                let rest = &text[end..];
                if let Some(after) = rest.strip_prefix('）') {
                    let _ = after;
                    return Some((o, j, end + '）'.len_utf8()));
                }
                let sep = CITE_SEPARATORS.iter().find(|s| rest.starts_with(*s))?;
                let next = cites.get(j + 1)?;
                if next.start != end + sep.len() {
                    return None;
                }
                j += 1;
                end = next.end;
            }
        });
        match group {
            Some((o, last, close)) => {
                push_text(w, &text[pos..o]);
                let marks: Vec<String> = cites[i..=last].iter().map(&mark).collect();
                w.events.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"cites\">{}</sup>",
                    marks.join("<span class=\"cite-sep\">·</span>")
                ))));
                pos = close;
                i = last + 1;
            }
            None => {
                push_text(w, &text[pos..c.start]);
                w.section
                    .text
                    .push_str(&zhuanjie_core::sources::citation_label(
                        &text[c.start..c.end],
                    ));
                w.events.push(Event::Html(CowStr::from(mark(c))));
                pos = c.end;
                i += 1;
            }
        }
    }
    push_text(w, &text[pos..]);
}

fn esc_attr(s: &str) -> String {
    crate::layout::esc(s)
}

/// Expands a directive at `line`: the block's id is made unique on the page (and prefixed on
/// the print page like a heading's), and its links go through the same check as the page's.
fn expand_directive(
    d: &Directive,
    level: u8,
    line: usize,
    ctx: &Ctx,
    used_ids: &mut HashSet<String>,
    r: &mut Rendered,
    errors: &mut Vec<String>,
) -> Result<embed::Block, String> {
    let base = embed::block_id(d);
    let mut id = base.clone();
    let mut n = 1;
    while used_ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    let shown_id = match &ctx.mode {
        LinkMode::Pages => id.clone(),
        LinkMode::Print { prefixes } => format!(
            "{}--{id}",
            prefixes.get(ctx.out).map(String::as_str).unwrap_or("p")
        ),
    };
    // Site-root paths (`readings.html#x`) written relative to this page, then checked and
    // rewritten as if the author had written the link.
    let mut link =
        |target: &str| rewrite_link(&relative_url(ctx.out, target), line, ctx, r, errors);
    let block = embed::expand(
        d,
        embed::Place {
            level,
            id: &shown_id,
            link: &mut link,
        },
    )?;
    used_ids.insert(id.clone());
    r.anchors.insert(id);
    Ok(block)
}

/// CommonMark does not open `**` between a Chinese character and Chinese punctuation
/// (`的**“转接申请”**（`), so such bold stays literal. Pair up the leftover `**` inside each run
/// of text (outside code blocks) and make them `<strong>`.
fn fix_cjk_strong(events: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut run = String::new();
    let mut in_code = false;
    let flush = |run: &mut String, out: &mut Vec<Event>| {
        if run.is_empty() {
            return;
        }
        let parts: Vec<&str> = run.split("**").collect();
        if parts.len() < 3 {
            out.push(Event::Text(CowStr::from(std::mem::take(run))));
            return;
        }
        let pairs = (parts.len() - 1) / 2;
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                if i <= pairs * 2 {
                    let tag = if i % 2 == 1 { "<strong>" } else { "</strong>" };
                    out.push(Event::Html(CowStr::from(tag)));
                } else {
                    out.push(Event::Text(CowStr::from("**")));
                }
            }
            if !part.is_empty() {
                out.push(Event::Text(CowStr::from(part.to_string())));
            }
        }
        run.clear();
    };
    for e in events {
        match e {
            Event::Text(t) if !in_code => run.push_str(&t),
            other => {
                flush(&mut run, &mut out);
                match &other {
                    Event::Start(Tag::CodeBlock(_)) => in_code = true,
                    Event::End(TagEnd::CodeBlock) => in_code = false,
                    _ => {}
                }
                out.push(other);
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s.trim().to_string()
}

pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// A link start event with its target checked and rewritten to the output path (links in
/// headings and in body text go through the same check).
fn checked_link<'a>(
    event: Event<'a>,
    line: usize,
    ctx: &Ctx,
    r: &mut Rendered,
    errors: &mut Vec<String>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            dest_url,
            title,
            link_type,
            id,
        }) => {
            let dest = rewrite_link(&dest_url, line, ctx, r, errors);
            Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(dest),
                title,
                id,
            })
        }
        other => other,
    }
}

fn rewrite_link(
    dest: &str,
    line: usize,
    ctx: &Ctx,
    r: &mut Rendered,
    errors: &mut Vec<String>,
) -> String {
    if dest.is_empty() || is_external(dest) {
        return dest.to_string();
    }
    let err = |errors: &mut Vec<String>, msg: String| {
        errors.push(format!("{}:{line}: {msg}", ctx.display));
    };
    if dest.starts_with('/') {
        err(
            errors,
            format!("链接 {dest} 须为相对路径（整站要能从 file:// 打开）"),
        );
        return dest.to_string();
    }
    let (path_query, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(percent_decode_lossy(a))),
        None => (dest, None),
    };
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_query, None),
    };
    let target = if path.is_empty() {
        ctx.out.to_string()
    } else {
        let Some(resolved) = resolve(ctx.rel, &percent_decode_lossy(path)) else {
            err(errors, format!("链接目标 {dest} 超出了内容目录"));
            return dest.to_string();
        };
        // Content-space first (`../faq/x.md` from a guide); then, for non-Markdown targets,
        // output-space, because guides land at the root and `checker.html` is what authors
        // naturally write there.
        let out_space = resolve(ctx.out, &percent_decode_lossy(path))
            .filter(|o| !o.ends_with(".md") && ctx.known.values().any(|v| v == o));
        match ctx.known.get(&resolved).cloned().or(out_space) {
            Some(out) => out,
            None => {
                err(errors, format!("链接目标 {dest} 不存在"));
                return dest.to_string();
            }
        }
    };
    r.links.push(LinkRef {
        line,
        raw: dest.to_string(),
        target: target.clone(),
        anchor: anchor.clone(),
    });
    if let LinkMode::Print { prefixes } = &ctx.mode {
        if let Some(prefix) = prefixes.get(&target) {
            return match &anchor {
                Some(a) => format!("#{prefix}--{a}"),
                None => format!("#{prefix}"),
            };
        }
    }
    let from = ctx.link_base();
    let mut url = if path.is_empty() {
        String::new()
    } else {
        relative_url(from, &target)
    };
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    if let Some(a) = anchor {
        url.push('#');
        url.push_str(&a);
    }
    url
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// A line break inside a Chinese paragraph is only the author's wrapping: in HTML it would
/// become a visible space between two characters, so it is dropped when both sides are CJK.
fn join_cjk_lines(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    // A citation mark ends like the Chinese text it follows.
    let ends_cjk = |e: &Event| match e {
        Event::Text(t) => t.chars().last().is_some_and(is_cjk),
        Event::Html(h) => h.ends_with("</sup>") || h.ends_with("</a>"),
        _ => false,
    };
    let starts_cjk =
        |e: &Event| matches!(e, Event::Text(t) if t.chars().next().is_some_and(is_cjk));
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        if matches!(event, Event::SoftBreak)
            && out.last().is_some_and(ends_cjk)
            && iter.peek().is_some_and(starts_cjk)
        {
            continue;
        }
        out.push(event);
    }
    out
}
