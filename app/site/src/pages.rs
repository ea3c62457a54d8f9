//! The pages: the render stage of the pipeline (`generate`), the page templates (home, FAQ
//! index, phone table, search, print, app pages), and the app hook's manifest.

use super::assets;
use super::content::{Audience, Contacts, Content, HomeLink, Kind, Page};
use super::generate::Linked;
use super::layout::{self, esc, NavItem, Shell};
use super::markdown::{self, slugify, Ctx, LinkMode, Rendered};
use super::search::{Doc, Index};
use super::OutFile;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use zhuanjie_core::sources;

/// Pages the generator writes itself; Markdown may link to them but not take their names.
pub const GENERATED: &[&str] = &[
    "index.html",
    "search.html",
    "print.html",
    "print-admin.html",
    "for-admins.html",
    "sources.html",
    "phones.html",
    "offline-fallback.html",
    "404.html",
    "checker.html",
    "tracker.html",
    "simulator.html",
    "faq/index.html",
    "flow-2021.svg",
    "flow-2019.svg",
];

/// The app page for admins (the simulator): in the 管理员专区, not among a graduate's tools.
pub const ADMIN_APP_PAGE: &str = "simulator.html";

/// The interactive pages filled by the app build.
pub const APP_PAGES: &[(&str, &str, &str)] = &[
    (
        "checker.html",
        "目的地检查器",
        "逐题回答，得出应选的转接原因、目的地、审批链与日期。",
    ),
    (
        "tracker.html",
        "我的申请进度",
        "记录自己的转接申请，看它在什么日期会进入什么状态。",
    ),
    (
        "simulator.html",
        "管理员模拟器",
        "导入名单，模拟一个转接季的审批、退回与指标。",
    ),
];

#[derive(Debug, Clone)]
pub enum AppEntry {
    /// `pages`: the app pages that load it (`None`: every app page).
    Script {
        src: String,
        module: bool,
        pages: Option<Vec<String>>,
    },
    Style {
        href: String,
    },
}

impl AppEntry {
    pub fn path(&self) -> &str {
        match self {
            AppEntry::Script { src, .. } => src,
            AppEntry::Style { href } => href,
        }
    }

    /// Whether the app page `out` (`checker.html`, …) loads this entry.
    pub fn for_page(&self, out: &str) -> bool {
        match self {
            AppEntry::Script {
                pages: Some(pages), ..
            } => pages.iter().any(|p| p == out),
            _ => true,
        }
    }
}

/// Reads `app-manifest.json` (format in the module docs of `site`).
pub fn parse_app_manifest(dir: &Path) -> Result<Vec<AppEntry>, String> {
    let path = dir.join(super::APP_MANIFEST);
    let shown = path.display();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("无法读取 {shown}：{e}"))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{shown}:{}: JSON 格式错误：{e}", e.line()))?;
    let items = value
        .as_array()
        .ok_or_else(|| format!("{shown}: 应为 JSON 列表"))?;
    let mut out = Vec::new();
    for item in items {
        let entry = match item {
            serde_json::Value::String(s) => AppEntry::Script {
                src: s.clone(),
                module: true,
                pages: None,
            },
            serde_json::Value::Object(o) => {
                if let Some(css) = o.get("css").and_then(|v| v.as_str()) {
                    AppEntry::Style {
                        href: css.to_string(),
                    }
                } else if let Some(src) = o.get("src").and_then(|v| v.as_str()) {
                    let pages = match o.get("pages") {
                        None => None,
                        Some(serde_json::Value::Array(list)) => Some(
                            list.iter()
                                .map(|p| {
                                    p.as_str().map(str::to_string).ok_or_else(|| {
                                        format!(
                                            "{shown}: 条目 {item} 的 pages 应为页面文件名的列表"
                                        )
                                    })
                                })
                                .collect::<Result<Vec<_>, _>>()?,
                        ),
                        Some(_) => {
                            return Err(format!(
                                "{shown}: 条目 {item} 的 pages 应为页面文件名的列表"
                            ))
                        }
                    };
                    AppEntry::Script {
                        src: src.to_string(),
                        module: o.get("module").and_then(|v| v.as_bool()).unwrap_or(true),
                        pages,
                    }
                } else {
                    return Err(format!("{shown}: 条目 {item} 缺少 src 或 css"));
                }
            }
            other => return Err(format!("{shown}: 条目 {other} 应为字符串或对象")),
        };
        let p = entry.path();
        if !p.starts_with("app/") || p.contains("..") || p.contains('\\') {
            return Err(format!(
                "{shown}: 路径 {p} 须以 app/ 开头、相对于 dist/，且不含 .."
            ));
        }
        out.push(entry);
    }
    Ok(out)
}

struct Site<'a> {
    c: &'a Content,
    nav: Vec<NavItem>,
}

impl Site<'_> {
    fn shell<'s>(&'s self, out: &'s str, title: &'s str, main: String) -> Shell<'s> {
        Shell {
            lang: &self.c.site.lang,
            site_title: &self.c.site.title,
            short_title: &self.c.site.short_title,
            description: &self.c.site.description,
            out,
            title,
            breadcrumbs: Vec::new(),
            main,
            nav: &self.nav,
            head_extra: String::new(),
            scripts: Vec::new(),
            allow_wasm: false,
        }
    }
}

fn html_file(path: &str, html: String) -> OutFile {
    OutFile {
        path: path.to_string(),
        bytes: html.into_bytes(),
    }
}

/// The page's 依据: its front matter's citations grouped by document, each document named in
/// words (issuer, title, date) and linked to the 资料来源 page.
fn sources_html(page: &Page, out: &str) -> String {
    // Named after the page: the print page holds every guide's sources, and landmarks of
    // one role need distinct names.
    let mut s = format!(
        "<aside class=\"sources\" aria-label=\"{}的依据\"><h2>依据</h2><ul>",
        esc(&page.title)
    );
    let href = markdown::relative_url(out, "sources.html");
    for d in &sources::DOCUMENTS {
        let clauses: Vec<&str> = page
            .sources
            .iter()
            .filter(|c| sources::document(c).is_some_and(|x| x.id == d.id))
            .map(|c| c[d.id.len()..].trim())
            .filter(|c| !c.is_empty())
            .collect();
        let whole = page.sources.iter().any(|c| c.trim() == d.id);
        if clauses.is_empty() && !whole {
            continue;
        }
        s.push_str(&format!(
            "<li><a href=\"{}#{}\">{}</a>{}</li>",
            esc(&href),
            d.id,
            esc(&sources::document_line(d)),
            if clauses.is_empty() {
                String::new()
            } else {
                format!("：{}", esc(&clauses.join("、")))
            }
        ));
    }
    s.push_str("</ul></aside>");
    s
}

/// The 资料来源 page: each source document named in words, with what it is and how far it
/// reaches; the citation marks on every page link here.
fn sources_page(site: &Site) -> String {
    let mut m = String::from(
        "<h1>资料来源</h1><p class=\"summary\">本指南的每一条规则都注明了出处。正文里的小字是出处：前面是资料的简称（如“团中央指引”），后面是它的条目编号（如 2.1），\
         点一下就到这里。资料之间说法不同时，以团中央的指引为准；本指南自己的理解另列在<a href=\"readings.html\">本指南对资料的理解</a>，并注明理由。</p>",
    );
    for d in &sources::DOCUMENTS {
        m.push_str(&format!(
            "<section class=\"source-doc\" id=\"{}\"><h2>{}</h2><dl>\
             <div><dt>标题</dt><dd>{}</dd></div><div><dt>发布</dt><dd>{}</dd></div>\
             <div><dt>时间</dt><dd>{}</dd></div><div><dt>是什么</dt><dd>{}</dd></div></dl></section>",
            d.id,
            esc(d.short),
            esc(d.title),
            esc(d.issuer),
            esc(d.date),
            esc(d.about),
        ));
    }
    let mut shell = site.shell("sources.html", "资料来源", m);
    shell.breadcrumbs = vec![
        ("首页".into(), Some("index.html".into())),
        ("资料来源".into(), None),
    ];
    layout::render(&shell)
}

fn pager_html(out: &str, prev: Option<&Page>, next: Option<&Page>) -> String {
    if prev.is_none() && next.is_none() {
        return String::new();
    }
    let mut s = String::from("<nav class=\"pager\" aria-label=\"上一页与下一页\">");
    if let Some(p) = prev {
        s.push_str(&format!(
            "<a class=\"prev\" rel=\"prev\" href=\"{}\"><small>上一页</small>{}</a>",
            esc(&markdown::relative_url(out, &p.out_path())),
            esc(&p.title)
        ));
    }
    if let Some(n) = next {
        s.push_str(&format!(
            "<a class=\"next\" rel=\"next\" href=\"{}\"><small>下一页</small>{}</a>",
            esc(&markdown::relative_url(out, &n.out_path())),
            esc(&n.title)
        ));
    }
    s.push_str("</nav>");
    s
}

/// FAQ groups in order of their first question.
pub fn faq_groups(faqs: &[Page]) -> Vec<(String, Vec<&Page>)> {
    let mut groups: Vec<(String, Vec<&Page>)> = Vec::new();
    for f in faqs {
        let g = f.group.clone().unwrap_or_default();
        match groups.iter_mut().find(|(name, _)| *name == g) {
            Some((_, list)) => list.push(f),
            None => groups.push((g, vec![f])),
        }
    }
    groups
}

pub fn group_id(group: &str) -> String {
    format!("g-{}", slugify(group))
}

pub fn city_id(i: usize) -> String {
    format!("city-{}", i + 1)
}

pub fn cities(contacts: &Contacts) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &contacts.rows {
        if !out.contains(&r[0]) {
            out.push(r[0].clone());
        }
    }
    out
}

fn tel_links(cell: &str) -> String {
    let mut s = String::new();
    let mut first = true;
    for part in cell.split(['、', '/', '，', ';', '；']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if !first {
            s.push('、');
        }
        first = false;
        let digits: String = part
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-' || *c == '+')
            .collect();
        if digits.chars().filter(|c| c.is_ascii_digit()).count() >= 5 {
            s.push_str(&format!(
                "<a class=\"tel\" href=\"tel:{}\">{}</a>",
                esc(&digits),
                esc(part)
            ));
        } else {
            s.push_str(&esc(part));
        }
    }
    s
}

/// Stage 4, render: every file of the site in memory, from the linked pages: (files, number
/// of HTML pages). The guide and FAQ pages, the generated pages, then the search index,
/// assets, icons, manifest and data files.
pub fn render(
    c: &Content,
    linked: &Linked,
    app: Option<&[AppEntry]>,
) -> Result<(Vec<OutFile>, usize), Vec<String>> {
    let site = Site { nav: nav(c), c };
    let mut files = Vec::new();
    let mut docs = Vec::new();
    article_pages(&site, &linked.rendered, &mut files, &mut docs);
    generated_pages(&site, &linked.known, app, &mut files, &mut docs)?;
    let page_count = files.iter().filter(|f| f.path.ends_with(".html")).count();
    docs.extend(APP_PAGES.iter().map(|(out, title, summary)| {
        let admin = *out == ADMIN_APP_PAGE;
        Doc {
            u: out.to_string(),
            t: title.to_string(),
            k: if admin { "管理员" } else { "工具" }.into(),
            s: summary.to_string(),
            x: vec![],
            a: u8::from(admin),
        }
    }));
    let index = Index {
        v: 2,
        docs,
        w: c.search_words.clone(),
    };
    let missing = super::search::missing_terms(&index);
    if !missing.is_empty() {
        return Err(missing
            .iter()
            .map(|t| {
                format!(
                    "content/data/{}: 本站用语“{t}”在任何页面里都找不到，搜索时它什么也找不到；请改成页面里用的说法",
                    super::search::WORDS_FILE
                )
            })
            .collect());
    }
    files.push(OutFile {
        path: "search-index.js".into(),
        bytes: index.to_script().into_bytes(),
    });
    static_files(c, &mut files)?;
    Ok((files, page_count))
}

/// Guide and FAQ pages, each with its search document.
fn article_pages(
    site: &Site,
    rendered: &[(&Page, Rendered)],
    files: &mut Vec<OutFile>,
    docs: &mut Vec<Doc>,
) {
    let c = site.c;
    for (i, (p, r)) in rendered.iter().enumerate() {
        let out = p.out_path();
        let (list, pos): (&[Page], usize) = match p.kind {
            Kind::Guide => (&c.guides, i),
            Kind::Faq => (&c.faqs, i - c.guides.len()),
        };
        // Previous and next stay among the pages for the same reader.
        let prev = list[..pos].iter().rev().find(|q| q.audience == p.audience);
        let next = list[pos + 1..].iter().find(|q| q.audience == p.audience);
        let main = format!(
            "<article><h1>{}</h1><p class=\"summary\">{}</p>{}{}{}</article>{}",
            esc(&p.title),
            esc(&p.summary),
            layout::toc_html(&r.toc),
            r.html,
            sources_html(p, &out),
            pager_html(&out, prev, next)
        );
        let mut shell = site.shell(&out, &p.title, main);
        shell.breadcrumbs = match p.kind {
            Kind::Guide if p.audience == Audience::Admin => vec![
                ("首页".into(), Some("index.html".into())),
                ("管理员专区".into(), Some("for-admins.html".into())),
                (p.title.clone(), None),
            ],
            Kind::Guide => vec![
                ("首页".into(), Some("index.html".into())),
                ("指南".into(), Some("index.html#guides".into())),
                (p.title.clone(), None),
            ],
            Kind::Faq => {
                let g = p.group.clone().unwrap_or_default();
                vec![
                    ("首页".into(), Some("index.html".into())),
                    ("常见问题".into(), Some("faq/index.html".into())),
                    (g.clone(), Some(format!("faq/index.html#{}", group_id(&g)))),
                    (p.title.clone(), None),
                ]
            }
        };
        files.push(html_file(&out, layout::render(&shell)));
        docs.push(Doc {
            u: out.clone(),
            t: p.title.clone(),
            k: match (p.audience, p.kind) {
                (Audience::Admin, _) => "管理员",
                (_, Kind::Guide) => "指南",
                (_, Kind::Faq) => "问答",
            }
            .into(),
            a: u8::from(p.audience == Audience::Admin),
            s: p.summary.clone(),
            x: r.sections
                .iter()
                .map(|s| (s.id.clone(), s.heading.clone(), s.text.clone()))
                .collect(),
        });
    }
}

/// The pages the generator writes itself (`GENERATED`, the app pages) and the flow diagrams.
fn generated_pages(
    site: &Site,
    known: &HashMap<String, String>,
    app: Option<&[AppEntry]>,
    files: &mut Vec<OutFile>,
    docs: &mut Vec<Doc>,
) -> Result<(), Vec<String>> {
    let c = site.c;
    files.push(html_file("index.html", home(site)));
    // The checker's question flow, drawn from the engine's tables (see crate::diagram).
    for edition in zhuanjie_core::Edition::ALL {
        files.push(OutFile {
            path: format!("flow-{}.svg", edition.code()),
            bytes: crate::diagram::flow_svg(edition).into_bytes(),
        });
    }
    files.push(html_file("faq/index.html", faq_index(site)));
    if let Some(contacts) = &c.contacts {
        files.push(html_file("phones.html", contacts_page(site, contacts)));
        docs.push(Doc {
            u: "phones.html".into(),
            t: "山西县级团组织咨询电话".into(),
            k: "页面".into(),
            s: "按市、县查找山西各县（市、区）团组织的咨询电话。".into(),
            x: vec![(
                String::new(),
                String::new(),
                contacts
                    .rows
                    .iter()
                    .map(|r| r.join(" "))
                    .collect::<Vec<_>>()
                    .join("；"),
            )],
            a: 0,
        });
    } else {
        files.push(html_file(
            "phones.html",
            simple(
                site,
                "phones.html",
                "山西县级团组织咨询电话",
                "<p class=\"note\">本副本没有 data/shanxi-phones.csv，暂无电话表。</p>".into(),
            ),
        ));
    }
    files.push(html_file("search.html", search_page(site)));
    files.push(html_file(
        "print.html",
        print_page(site, known, Audience::Student)?,
    ));
    files.push(html_file(
        "print-admin.html",
        print_page(site, known, Audience::Admin)?,
    ));
    files.push(html_file("for-admins.html", for_admins(site)));
    files.push(html_file("sources.html", sources_page(site)));
    files.push(html_file(
        "offline-fallback.html",
        simple(
            site,
            "offline-fallback.html",
            "当前离线",
            "<p>这一页要先联网打开一次，之后才能离线使用（管理员模拟器的程序较大，没有提前保存到这台设备）。</p>\
             <p>给毕业生的内容都已保存，没有网络也能看：<a href=\"index.html\">回到首页</a>、\
             <a href=\"checker.html\">目的地检查器</a>，或打开<a href=\"print.html\">打印版</a>。</p>"
                .into(),
        ),
    ));
    files.push(html_file(
        "404.html",
        simple(
            site,
            "404.html",
            "找不到这一页",
            "<p>地址可能有误。请<a href=\"index.html\">回到首页</a>或<a href=\"search.html\">搜索</a>。</p>"
                .into(),
        ),
    ));
    for (out, title, summary) in APP_PAGES {
        files.push(html_file(out, app_page(site, out, title, summary, app)));
    }
    Ok(())
}

/// The files that are not pages: the site's assets, icons, web manifest and data tables.
fn static_files(c: &Content, files: &mut Vec<OutFile>) -> Result<(), Vec<String>> {
    for (path, text) in [
        ("assets/style.css", assets::STYLE_CSS),
        ("assets/bulletin.css", assets::BULLETIN_CSS),
        ("assets/site.js", assets::SITE_JS),
        ("assets/search.js", assets::SEARCH_JS),
        ("assets/icon.svg", super::offline::ICON_SVG),
    ] {
        files.push(OutFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        });
    }
    for size in [192, 512] {
        files.push(OutFile {
            path: format!("assets/icon-{size}.png"),
            bytes: super::offline::icon_png(size),
        });
    }
    files.push(OutFile {
        path: "manifest.webmanifest".into(),
        bytes: super::offline::manifest(&c.site.title, &c.site.short_title, &c.site.description)
            .into_bytes(),
    });
    for (name, path) in &c.data_files {
        let bytes =
            std::fs::read(path).map_err(|e| vec![format!("无法读取 {}：{e}", path.display())])?;
        files.push(OutFile {
            path: format!("data/{name}"),
            bytes,
        });
    }
    Ok(())
}

fn nav(c: &Content) -> Vec<NavItem> {
    let mut nav = Vec::new();
    let item = |group: &str, out: &str, label: &str| NavItem {
        group: group.into(),
        out: out.into(),
        label: label.into(),
    };
    nav.push(item("开始", "index.html", "首页"));
    for (out, title, _) in APP_PAGES.iter().filter(|(o, _, _)| *o != ADMIN_APP_PAGE) {
        nav.push(item("开始", out, title));
    }
    for g in c.guides.iter().filter(|g| g.audience == Audience::Student) {
        nav.push(item("指南", &g.out_path(), &g.title));
    }
    nav.push(item("常见问题", "faq/index.html", "全部问答"));
    nav.push(item("查询与打印", "phones.html", "山西县级咨询电话"));
    nav.push(item("查询与打印", "search.html", "搜索"));
    nav.push(item("查询与打印", "sources.html", "资料来源"));
    nav.push(item("查询与打印", "print.html", "打印版（毕业生）"));
    nav.push(item("给管理员", "for-admins.html", "管理员专区"));
    nav
}

fn simple(site: &Site, out: &str, title: &str, body: String) -> String {
    let main = format!("<h1>{}</h1>{body}", esc(title));
    let mut shell = site.shell(out, title, main);
    shell.breadcrumbs = vec![
        ("首页".into(), Some("index.html".into())),
        (title.into(), None),
    ];
    layout::render(&shell)
}

/// A whole-card link: the card is one `<a>`, so a tap anywhere on it opens the page.
fn card(href: &str, label: &str, hint: &str) -> String {
    format!(
        "<li><a class=\"card\" href=\"{}\"><strong>{}</strong>{}</a></li>",
        esc(href),
        esc(label),
        if hint.is_empty() {
            String::new()
        } else {
            format!("<span>{}</span>", esc(hint))
        }
    )
}

/// The home page: the first screen answers "我是毕业生，我该怎么办" (the checker as the
/// primary action, the destinations as large targets, then the steps, from `[home]` in
/// site.toml); then the graduate's guides, FAQ groups and tools; admin material is one card
/// to the 管理员专区 at the end.
fn home(site: &Site) -> String {
    let c = site.c;
    let h = &c.site.home;
    let mut m = format!("<h1>{}</h1>", esc(&c.site.title));
    if !h.lead.is_empty() {
        m.push_str(&format!("<p class=\"lead\">{}</p>", esc(&h.lead)));
    }
    if let Some(HomeLink { label, page, hint }) = &h.checker {
        m.push_str(&format!(
            "<a class=\"primary-action\" href=\"{}\"><strong>{}</strong><span>{}</span></a>",
            esc(page),
            esc(label),
            esc(hint)
        ));
    }
    if !h.destinations.is_empty() {
        m.push_str("<h2 id=\"destinations\">我的去向是……</h2><ul class=\"cards targets\">");
        for d in &h.destinations {
            m.push_str(&card(&d.page, &d.label, &d.hint));
        }
        m.push_str("</ul>");
    }
    if !h.steps.is_empty() {
        m.push_str("<h2 id=\"steps\">办理步骤</h2><ol class=\"cards steps\">");
        for d in &h.steps {
            m.push_str(&card(&d.page, &d.label, &d.hint));
        }
        m.push_str("</ol>");
    }
    m.push_str("<h2 id=\"guides\">指南</h2><ul class=\"cards\">");
    for g in c.guides.iter().filter(|g| g.audience == Audience::Student) {
        m.push_str(&card(&g.out_path(), &g.title, &g.summary));
    }
    m.push_str("</ul><h2 id=\"faq\">常见问题</h2><ul class=\"cards\">");
    for (g, list) in faq_groups(&c.faqs) {
        if admin_group(&list) {
            continue;
        }
        m.push_str(&card(
            &format!("faq/index.html#{}", group_id(&g)),
            &g,
            &format!("{} 个问题", list.len()),
        ));
    }
    m.push_str("</ul><h2 id=\"tools\">查询与打印</h2><ul class=\"cards\">");
    for (out, title, summary) in APP_PAGES.iter().filter(|(o, _, _)| *o != ADMIN_APP_PAGE) {
        m.push_str(&card(out, title, summary));
    }
    m.push_str(&card(
        "phones.html",
        "山西县级咨询电话",
        "按市、县查找团组织的咨询电话。",
    ));
    m.push_str(&card(
        "print.html",
        "打印版",
        "给毕业生的全部指南与问答合为一页，便于打印或存为 PDF。",
    ));
    m.push_str(&card(
        "sources.html",
        "资料来源",
        "本站依据的五份资料：谁发的、哪一年、哪一版。",
    ));
    m.push_str("</ul><h2 id=\"admins\">给团组织管理员</h2><ul class=\"cards\">");
    m.push_str(&card(
        "for-admins.html",
        "管理员专区",
        "毕业季的管理员操作、升学衔接率和学社衔接率、检查器的流程图、管理员模拟器和管理员问答。",
    ));
    m.push_str("</ul>");
    layout::render(&site.shell("index.html", &c.site.title, m))
}

/// The 管理员专区: the admin guides, the simulator and the admin FAQ groups.
fn for_admins(site: &Site) -> String {
    let c = site.c;
    let out = "for-admins.html";
    let mut m = String::from(
        "<h1>管理员专区</h1><p class=\"summary\">给学校和各级团组织的管理员：毕业季要做的操作、两项指标怎么算、检查器按什么规则判断，以及可以先练手的模拟器。</p>",
    );
    m.push_str("<ul class=\"cards\">");
    for g in c.guides.iter().filter(|g| g.audience == Audience::Admin) {
        m.push_str(&card(&g.out_path(), &g.title, &g.summary));
    }
    for (page, title, summary) in APP_PAGES.iter().filter(|(o, _, _)| *o == ADMIN_APP_PAGE) {
        m.push_str(&card(page, title, summary));
    }
    m.push_str(&card(
        "print-admin.html",
        "打印版（管理员）",
        "以上管理员指南与管理员问答合为一页。",
    ));
    m.push_str("</ul>");
    for (g, list) in faq_groups(&c.faqs) {
        if !admin_group(&list) {
            continue;
        }
        m.push_str(&format!("<h2>{}</h2><ul class=\"faq-list\">", esc(&g)));
        m.push_str(&faq_items(out, &list));
        m.push_str("</ul>");
    }
    let mut shell = site.shell(out, "管理员专区", m);
    shell.breadcrumbs = vec![
        ("首页".into(), Some("index.html".into())),
        ("管理员专区".into(), None),
    ];
    layout::render(&shell)
}

/// The questions of one FAQ group as list items (title linked, summary under it), linked
/// from the page `out`.
fn faq_items(out: &str, list: &[&Page]) -> String {
    list.iter()
        .map(|f| {
            format!(
                "<li><a href=\"{}\">{}</a><p>{}</p></li>",
                esc(&markdown::relative_url(out, &f.out_path())),
                esc(&f.title),
                esc(&f.summary)
            )
        })
        .collect()
}

/// A FAQ group every question of which is for admins (listed in the 管理员专区).
fn admin_group(list: &[&Page]) -> bool {
    list.iter().all(|f| f.audience == Audience::Admin)
}

fn faq_index(site: &Site) -> String {
    let out = "faq/index.html";
    let mut m =
        String::from("<h1>常见问题</h1><p class=\"summary\">每个问题一页，可单独转发链接。</p>");
    let groups = faq_groups(&site.c.faqs);
    if groups.is_empty() {
        m.push_str("<p class=\"note\">暂无问答。</p>");
    }
    for (g, list) in groups {
        m.push_str(&format!(
            "<h2 id=\"{}\">{}</h2><ul class=\"faq-list\">",
            esc(&group_id(&g)),
            esc(&g)
        ));
        m.push_str(&faq_items(out, &list));
        m.push_str("</ul>");
    }
    let mut shell = site.shell(out, "常见问题", m);
    shell.breadcrumbs = vec![
        ("首页".into(), Some("index.html".into())),
        ("常见问题".into(), None),
    ];
    layout::render(&shell)
}

fn contacts_page(site: &Site, contacts: &Contacts) -> String {
    let cities = cities(contacts);
    let mut m = String::from(
        "<h1>山西县级团组织咨询电话</h1><p class=\"summary\">转入山西某县（市、区）遇到问题时，可拨打当地团组织的咨询电话（电话来自团中央指引的附表）。</p>",
    );
    m.push_str("<ul class=\"city-index no-print\" aria-label=\"按市跳转\">");
    for (i, city) in cities.iter().enumerate() {
        m.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>",
            city_id(i),
            esc(city)
        ));
    }
    m.push_str("</ul>");
    // The filter form stays hidden until site.js wires it up, so JS-off readers see no dead controls.
    m.push_str("<form class=\"filter no-print\" id=\"contacts-filter\" hidden><label>市 <select id=\"filter-city\"><option value=\"\">全部</option>");
    for city in &cities {
        m.push_str(&format!("<option>{}</option>", esc(city)));
    }
    m.push_str("</select></label><label>县（市、区） <input id=\"filter-county\" type=\"search\" placeholder=\"如：小店\"></label><span id=\"filter-count\" role=\"status\"></span></form>");
    m.push_str("<div class=\"table-wrap\"><table id=\"contacts-table\"><thead><tr><th scope=\"col\">市</th><th scope=\"col\">县（市、区）</th><th scope=\"col\">咨询电话</th></tr></thead><tbody>");
    let mut seen = HashSet::new();
    for r in &contacts.rows {
        let idx = cities.iter().position(|c| *c == r[0]).unwrap_or(0);
        let id_attr = if seen.insert(idx) {
            format!(" id=\"{}\"", city_id(idx))
        } else {
            String::new()
        };
        m.push_str(&format!(
            "<tr{id_attr} data-city=\"{}\" data-county=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r[0]),
            esc(&r[1]),
            esc(&r[0]),
            esc(&r[1]),
            tel_links(&r[2])
        ));
    }
    m.push_str(&format!(
        "</tbody></table></div><p>共 {} 条，数据文件：<a href=\"data/shanxi-phones.csv\">shanxi-phones.csv</a>。</p>",
        contacts.rows.len()
    ));
    if let Some(d) = sources::document("S004") {
        m.push_str(&format!(
            "<aside class=\"sources\" aria-label=\"依据\"><h2>依据</h2><ul><li><a href=\"sources.html#{}\">{}</a>：附表（县级团组织咨询电话）</li></ul></aside>",
            d.id,
            esc(&sources::document_line(d))
        ));
    }
    let mut shell = site.shell("phones.html", "山西县级团组织咨询电话", m);
    shell.breadcrumbs = vec![
        ("首页".into(), Some("index.html".into())),
        ("山西县级咨询电话".into(), None),
    ];
    layout::render(&shell)
}

/// The search page. What to offer when nothing is found is written here, from the home
/// page's links (the checker, the destinations), and shown by `search.js` with the closest
/// words of the synonym table.
fn search_page(site: &Site) -> String {
    let home = &site.c.site.home;
    let mut empty = String::from(
        "<div id=\"search-empty\" class=\"search-empty\" hidden><p id=\"search-suggest\"></p>",
    );
    if let Some(ch) = &home.checker {
        empty.push_str(&format!(
            "<p>不知道该搜什么？<a href=\"{}\">{}</a>：{}</p>",
            esc(&ch.page),
            esc(&ch.label),
            esc(&ch.hint)
        ));
    }
    if !home.destinations.is_empty() {
        empty.push_str("<p>或者按去向直接看：</p><ul class=\"cards targets\">");
        for d in &home.destinations {
            empty.push_str(&card(&d.page, &d.label, ""));
        }
        empty.push_str("</ul>");
    }
    empty.push_str("<p>也可以看<a href=\"faq/index.html\">全部常见问题</a>。</p></div>");
    let m = format!(
        "<div class=\"search-page\"><h1>搜索</h1><form id=\"search-form\" action=\"search.html\" method=\"get\" role=\"search\">\
         <input id=\"search-q\" type=\"search\" name=\"q\" placeholder=\"用自己的话问，如：考研了团关系转哪\" aria-label=\"搜索关键词\" autofocus>\
         <button type=\"submit\">搜索</button></form>\
         <noscript><p class=\"note\">搜索需要 JavaScript。也可以打开<a href=\"print.html\">打印版</a>，用浏览器的“查找”功能。</p></noscript>\
         <div id=\"search-results\"></div>{empty}</div>"
    );
    let mut shell = site.shell("search.html", "搜索", m);
    shell.breadcrumbs = vec![
        ("首页".into(), Some("index.html".into())),
        ("搜索".into(), None),
    ];
    shell.scripts = vec![
        "<script src=\"search-index.js\" defer></script>".into(),
        "<script src=\"assets/search.js\" defer></script>".into(),
    ];
    layout::render(&shell)
}

/// The print page for one audience: a graduate's (`print.html`) or an admin's
/// (`print-admin.html`) guides and FAQs on one page.
fn print_page(
    site: &Site,
    known: &HashMap<String, String>,
    audience: Audience,
) -> Result<String, Vec<String>> {
    let c = site.c;
    let guides: Vec<&Page> = c.guides.iter().filter(|p| p.audience == audience).collect();
    let faqs: Vec<&Page> = c.faqs.iter().filter(|p| p.audience == audience).collect();
    // Links to a page on this print become in-page anchors; links to the other audience's
    // pages stay links to those pages.
    let mut prefixes = HashMap::new();
    for g in &guides {
        prefixes.insert(g.out_path(), format!("guide-{}", g.slug));
    }
    for f in &faqs {
        prefixes.insert(f.out_path(), format!("faq-{}", f.slug));
    }
    let mut errors = Vec::new();
    let (out_name, title, intro) = match audience {
        Audience::Student => (
            "print.html",
            "打印版",
            "给毕业生的全部指南与常见问题；管理员的内容在<a href=\"print-admin.html\">管理员打印版</a>。",
        ),
        Audience::Admin => (
            "print-admin.html",
            "管理员打印版",
            "给管理员的指南与常见问题；毕业生的内容在<a href=\"print.html\">打印版</a>。",
        ),
    };
    let mut m = format!(
        "<h1>{}（{}）</h1><p class=\"summary\">{intro}打印或“存储为 PDF”时每节另起一页。</p>",
        esc(&c.site.title),
        esc(title)
    );
    m.push_str("<nav class=\"print-toc\"><h2>目录</h2><ol>");
    for p in guides.iter().chain(faqs.iter()) {
        m.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>",
            esc(&prefixes[&p.out_path()]),
            esc(&p.title)
        ));
    }
    m.push_str("</ol></nav>");
    for (i, p) in guides.iter().chain(faqs.iter()).copied().enumerate() {
        if i == guides.len() && !faqs.is_empty() {
            m.push_str("<h1 class=\"print-part\">常见问题</h1>");
        }
        let out = p.out_path();
        let ctx = Ctx {
            rel: &p.rel,
            out: &out,
            display: &p.display,
            body_line: p.body_line,
            known,
            mode: LinkMode::Print {
                prefixes: &prefixes,
            },
            clauses: c.clauses.as_ref(),
        };
        let r = markdown::render(&p.body, &ctx, &mut errors);
        m.push_str(&format!(
            "<section class=\"print-part\" id=\"{}\"><h1>{}</h1><p class=\"summary\">{}</p>{}{}</section>",
            esc(&prefixes[&out]),
            esc(&p.title),
            esc(&p.summary),
            r.html,
            sources_html(p, out_name)
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut shell = site.shell(out_name, title, m);
    shell.breadcrumbs = vec![
        ("首页".into(), Some("index.html".into())),
        (title.into(), None),
    ];
    Ok(layout::render(&shell))
}

fn app_page(
    site: &Site,
    out: &str,
    title: &str,
    summary: &str,
    app: Option<&[AppEntry]>,
) -> String {
    let mut m = format!(
        "<h1>{}</h1><p class=\"summary\">{}</p><div id=\"app\" data-page=\"{}\"></div>",
        esc(title),
        esc(summary),
        match out {
            "simulator.html" => "admin",
            other => other.trim_end_matches(".html"),
        }
    );
    let mut head = String::new();
    let mut scripts = Vec::new();
    match app {
        Some(entries) if !entries.is_empty() => {
            m.push_str("<noscript><p class=\"note\">这个工具需要 JavaScript。请在浏览器中开启 JavaScript，或先阅读<a href=\"index.html\">指南</a>。</p></noscript>");
            // The app loader (app/<bin>.js) hides this once the app has started; it stays if
            // the app fails.
            m.push_str("<p class=\"note app-fallback\">交互工具正在加载。如果一直停在这里，说明浏览器没有运行它：请开启 JavaScript 或换用较新的浏览器，也可以先阅读<a href=\"index.html\">指南</a>。</p>");
            for e in entries.iter().filter(|e| e.for_page(out)) {
                match e {
                    AppEntry::Script {
                        src, module: true, ..
                    } => scripts
                        .push(format!("<script type=\"module\" src=\"{}\"></script>", esc(src))),
                    AppEntry::Script {
                        src, module: false, ..
                    } => {
                        scripts.push(format!("<script src=\"{}\" defer></script>", esc(src)))
                    }
                    AppEntry::Style { href } => head.push_str(&format!(
                        "<link rel=\"stylesheet\" href=\"{}\">\n",
                        esc(href)
                    )),
                }
            }
        }
        _ => m.push_str("<p class=\"note\">本副本未包含交互工具（应用尚未构建）。这个工具需要 JavaScript；请先阅读<a href=\"index.html\">指南</a>与<a href=\"faq/index.html\">常见问题</a>。</p>"),
    }
    let mut shell = site.shell(out, title, m);
    shell.breadcrumbs = vec![
        ("首页".into(), Some("index.html".into())),
        (title.into(), None),
    ];
    if out == ADMIN_APP_PAGE {
        // The bulletin tab's style (its on-screen frame and its A4 print).
        head.push_str("<link rel=\"stylesheet\" href=\"assets/bulletin.css\">\n");
    }
    shell.head_extra = head;
    shell.scripts = scripts;
    shell.allow_wasm = true;
    layout::render(&shell)
}
