//! Reading `content/`: site.toml, Markdown files with TOML front matter, and the contacts CSV.
//! Every problem is collected as a `path:line: 消息` string so one build run reports all of them.

use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};

pub const CONTACTS_HEADER: [&str; 3] = ["市", "县（市、区）", "咨询电话"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Guide,
    Faq,
}

/// Who a page is for (front matter `audience`, default `student`). Admin pages live in the
/// 管理员专区, out of the graduate's way: not on the home page's first screens, after the
/// student pages in navigation, FAQ groups and search ranking, and not in the student print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    #[default]
    Student,
    Admin,
}

impl Audience {
    pub fn from_code(code: &str) -> Option<Audience> {
        match code {
            "student" => Some(Audience::Student),
            "admin" => Some(Audience::Admin),
            _ => None,
        }
    }
}

/// A link on the home page: a label, the page it opens (dist-relative) and one line under it.
#[derive(Debug, Clone, Deserialize)]
pub struct HomeLink {
    pub label: String,
    pub page: String,
    #[serde(default)]
    pub hint: String,
}

/// The home page's first screens (`[home]` in site.toml): the lead line, the checker as the
/// primary action, the destination targets and the steps.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Home {
    #[serde(default)]
    pub lead: String,
    pub checker: Option<HomeLink>,
    #[serde(default)]
    pub destinations: Vec<HomeLink>,
    #[serde(default)]
    pub steps: Vec<HomeLink>,
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub short_title: String,
    pub description: String,
    pub lang: String,
    pub home: Home,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub kind: Kind,
    pub slug: String,
    /// Path shown in error messages (relative to the repository when possible).
    pub display: String,
    /// Path relative to the content root with `/` separators, e.g. `guides/steps.md`.
    pub rel: String,
    pub title: String,
    pub order: i64,
    pub summary: String,
    pub sources: Vec<String>,
    pub group: Option<String>,
    pub audience: Audience,
    pub body: String,
    /// 1-based line number of the first body line in the source file.
    pub body_line: usize,
}

impl Page {
    /// Output path relative to dist/: guides sit at the root, FAQs under faq/.
    pub fn out_path(&self) -> String {
        match self.kind {
            Kind::Guide => format!("{}.html", self.slug),
            Kind::Faq => format!("faq/{}.html", self.slug),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Contacts {
    pub rows: Vec<[String; 3]>,
}

#[derive(Debug)]
pub struct Content {
    pub site: SiteConfig,
    pub guides: Vec<Page>,
    pub faqs: Vec<Page>,
    pub contacts: Option<Contacts>,
    /// Files under data/ copied verbatim to dist/data/ (relative name, absolute path).
    pub data_files: Vec<(String, PathBuf)>,
    /// `data/search-words.toml`: the search's synonyms and filler words.
    pub search_words: crate::search::Words,
    /// `data/seed-clauses.toml`: the clauses each source document has (citations are read
    /// and checked against it; without it, by their shape).
    pub clauses: Option<crate::cite::ClauseTable>,
}

#[derive(Deserialize, Default)]
struct RawSite {
    title: Option<String>,
    short_title: Option<String>,
    description: Option<String>,
    lang: Option<String>,
    #[serde(default)]
    home: Home,
}

#[derive(Deserialize)]
struct RawFront {
    title: Option<String>,
    order: Option<i64>,
    summary: Option<String>,
    sources: Option<Vec<String>>,
    group: Option<String>,
    audience: Option<String>,
}

/// A path for messages: relative to the repository root when it lies inside it.
pub fn display_path(path: &Path) -> String {
    let root = crate::repo_root();
    let shown = path.strip_prefix(&root).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

pub fn line_of(text: &str, byte: usize) -> usize {
    let end = byte.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

pub fn load(dir: &Path) -> Result<Content, Vec<String>> {
    let mut errors = Vec::new();
    if !dir.is_dir() {
        return Err(vec![format!("内容目录 {} 不存在", display_path(dir))]);
    }
    let site = load_site(dir, &mut errors);
    let guides = load_section(dir, "guides", Kind::Guide, &mut errors);
    let faqs = load_section(dir, "faq", Kind::Faq, &mut errors);
    let mut contacts = None;
    let mut search_words = crate::search::Words::default();
    let mut clauses = None;
    let mut data_files = Vec::new();
    let data_dir = dir.join("data");
    for path in sorted_files(&data_dir) {
        let name = file_name(&path);
        if name == "shanxi-phones.csv" {
            contacts = load_contacts(&path, &mut errors);
        }
        if name == crate::search::WORDS_FILE {
            search_words = load_search_words(&path, &mut errors);
        }
        if name == crate::cite::CLAUSES_FILE {
            let display = display_path(&path);
            match fs::read_to_string(&path)
                .map_err(|e| format!("无法读取文件：{e}"))
                .and_then(|t| crate::cite::ClauseTable::parse(&t))
            {
                Ok(table) => clauses = Some(table),
                Err(e) => errors.push(format!("{display}:1: {e}")),
            }
        }
        data_files.push((name, path));
    }
    if errors.is_empty() {
        Ok(Content {
            site,
            guides,
            faqs,
            contacts,
            data_files,
            search_words,
            clauses,
        })
    } else {
        Err(errors)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn load_site(dir: &Path, errors: &mut Vec<String>) -> SiteConfig {
    let path = dir.join("site.toml");
    let raw = match fs::read_to_string(&path) {
        Ok(text) => match toml::from_str::<RawSite>(&text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(1);
                errors.push(format!(
                    "{}:{line}: TOML 格式错误：{}",
                    display_path(&path),
                    e.message()
                ));
                RawSite::default()
            }
        },
        // A missing site.toml is not fatal: the defaults below make a usable site.
        Err(_) => RawSite::default(),
    };
    let title = raw.title.unwrap_or_else(|| "转接".into());
    SiteConfig {
        short_title: raw.short_title.unwrap_or_else(|| title.clone()),
        title,
        description: raw.description.unwrap_or_default(),
        lang: raw.lang.unwrap_or_else(|| "zh-CN".into()),
        home: raw.home,
    }
}

fn load_search_words(path: &Path, errors: &mut Vec<String>) -> crate::search::Words {
    let display = display_path(path);
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            errors.push(format!("{display}:1: 无法读取文件（须为 UTF-8）：{e}"));
            return Default::default();
        }
    };
    match crate::search::Words::parse(&text) {
        Ok(words) => words,
        Err((line, msg)) => {
            errors.push(format!("{display}:{line}: {msg}"));
            Default::default()
        }
    }
}

fn load_section(dir: &Path, sub: &str, kind: Kind, errors: &mut Vec<String>) -> Vec<Page> {
    let mut pages = Vec::new();
    for path in sorted_files(&dir.join(sub)) {
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let name = file_name(&path);
        // README-style notes beside the pages are for authors, not readers.
        if name.eq_ignore_ascii_case("readme.md") {
            continue;
        }
        let display = display_path(&path);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{display}:1: 无法读取文件（须为 UTF-8）：{e}"));
                continue;
            }
        };
        let slug = name.trim_end_matches(".md").to_string();
        let rel = format!("{sub}/{name}");
        if let Some(page) = parse_page(kind, slug, display, rel, &text, errors) {
            pages.push(page);
        }
    }
    pages
}

/// Parses one Markdown file; pushes every problem it finds and returns None if any.
pub fn parse_page(
    kind: Kind,
    slug: String,
    display: String,
    rel: String,
    text: &str,
    errors: &mut Vec<String>,
) -> Option<Page> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        errors.push(format!(
            "{display}:1: 缺少前置元数据：文件须以一行 +++ 开头，写明 title、order、summary、sources"
        ));
        return None;
    }
    let fm_start = first.len();
    let mut offset = fm_start;
    let mut fm_end = None;
    for line in lines {
        if line.trim_end() == "+++" {
            fm_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((fm_close, body_start)) = fm_end else {
        errors.push(format!("{display}:1: 前置元数据没有结束的 +++ 行"));
        return None;
    };
    let fm = &text[fm_start..fm_close];
    let raw: RawFront = match toml::from_str(fm) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map(|s| line_of(fm, s.start) + 1).unwrap_or(1);
            errors.push(format!(
                "{display}:{line}: 前置元数据格式错误：{}",
                e.message().trim()
            ));
            return None;
        }
    };
    let before = errors.len();
    let mut missing = |field: &str, what: &str| {
        errors.push(format!("{display}:1: 前置元数据缺少 {field}（{what}）"));
    };
    let title = raw.title.filter(|t| !t.trim().is_empty());
    if title.is_none() {
        missing("title", "页面标题");
    }
    if raw.order.is_none() {
        missing("order", "排序用的整数");
    }
    let summary = raw.summary.filter(|t| !t.trim().is_empty());
    if summary.is_none() {
        missing("summary", "一句话摘要");
    }
    let sources: Vec<String> = raw
        .sources
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if sources.is_empty() {
        missing("sources", "非空的出处列表，如 [\"S004 2.1\"]");
    }
    let group = raw.group.filter(|g| !g.trim().is_empty());
    if kind == Kind::Faq && group.is_none() {
        missing("group", "问答所属的分组");
    }
    let audience = match raw.audience.as_deref() {
        None => Audience::Student,
        Some(code) => Audience::from_code(code).unwrap_or_else(|| {
            errors.push(format!(
                "{display}:1: 前置元数据 audience 只能是 \"student\"（毕业生）或 \"admin\"（管理员），不是 \"{code}\""
            ));
            Audience::Student
        }),
    };
    if errors.len() > before {
        return None;
    }
    Some(Page {
        kind,
        slug,
        display,
        rel,
        title: title.unwrap_or_default(),
        order: raw.order.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        sources,
        group,
        audience,
        body: text[body_start..].to_string(),
        body_line: line_of(text, body_start),
    })
}

fn load_contacts(path: &Path, errors: &mut Vec<String>) -> Option<Contacts> {
    let display = display_path(path);
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            errors.push(format!("{display}:1: 无法读取文件（须为 UTF-8）：{e}"));
            return None;
        }
    };
    parse_contacts(&display, &text, errors)
}

pub fn parse_contacts(display: &str, text: &str, errors: &mut Vec<String>) -> Option<Contacts> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let before = errors.len();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<String> = line.split(',').map(|c| c.trim().to_string()).collect();
        if !header_seen {
            header_seen = true;
            if cells != CONTACTS_HEADER {
                errors.push(format!(
                    "{display}:{line_no}: 表头应为「{}」，实为「{line}」",
                    CONTACTS_HEADER.join(",")
                ));
                return None;
            }
            continue;
        }
        match <[String; 3]>::try_from(cells) {
            Ok(row) if row.iter().all(|c| !c.is_empty()) => rows.push(row),
            Ok(_) => errors.push(format!("{display}:{line_no}: 有空白的列")),
            Err(cells) => errors.push(format!(
                "{display}:{line_no}: 应有 3 列（市、县、电话），实为 {} 列",
                cells.len()
            )),
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(Contacts { rows })
}
