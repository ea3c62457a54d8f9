//! The generator's pipeline, one function a stage: [`load`] the content, [`check`] the page
//! addresses, [`link`] every Markdown page (links resolved, anchors checked), then
//! `pages::render` lays out every file in memory and `crate::emit` writes them into `dist/`.
//! Each stage collects every problem it finds (`path:line: 消息`) before the build stops.

use super::content::{self, Audience, Content, Page};
use super::markdown::{self, Ctx, LinkMode, Rendered};
use super::pages::{self, AppEntry, APP_PAGES, GENERATED};
use super::OutFile;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Everything in memory: (files, number of HTML pages). Errors are `path:line: 消息`.
pub fn generate(
    content_dir: &Path,
    app: Option<&[AppEntry]>,
) -> Result<(Vec<OutFile>, usize), Vec<String>> {
    let c = load(content_dir)?;
    let mut errors = check(&c);
    let linked = link(&c, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    pages::render(&c, &linked, app)
}

/// Stage 1, load: reads `content/` and puts guides and FAQs in reading order.
fn load(content_dir: &Path) -> Result<Content, Vec<String>> {
    let mut c = content::load(content_dir)?;
    // A graduate's pages first, then the admin pages (each in their own order), so the
    // navigation, the FAQ groups and previous/next keep the two apart.
    let key = |p: &Page| (p.audience == Audience::Admin, p.order);
    c.guides
        .sort_by(|a, b| key(a).cmp(&key(b)).then(a.slug.cmp(&b.slug)));
    c.faqs
        .sort_by(|a, b| key(a).cmp(&key(b)).then(a.slug.cmp(&b.slug)));
    // FAQs read in group order on the index, so prev/next follows the same order.
    let ordered: Vec<Page> = pages::faq_groups(&c.faqs)
        .into_iter()
        .flat_map(|(_, list)| list.into_iter().cloned())
        .collect();
    c.faqs = ordered;
    Ok(c)
}

/// Stage 2, check: page addresses are case-insensitively unique (the site must work on
/// case-insensitive file systems) and none takes the name of a generated page.
fn check(c: &Content) -> Vec<String> {
    let mut errors = Vec::new();
    let mut seen: HashMap<String, &Page> = HashMap::new();
    for p in c.guides.iter().chain(c.faqs.iter()) {
        let out = p.out_path();
        let key = out.to_lowercase();
        if GENERATED.contains(&key.as_str()) {
            errors.push(format!(
                "{}:1: 页面地址 {out} 与生成的页面重名（slug 重复），请换个文件名",
                p.display
            ));
        } else if let Some(other) = seen.get(&key) {
            errors.push(format!(
                "{}:1: 页面地址 {out} 重复（slug 重复）：与 {} 相同",
                p.display, other.display
            ));
        } else {
            seen.insert(key, p);
        }
    }
    // The home page's links name pages of the site.
    let known = known_targets(c);
    let home = &c.site.home;
    for link in home
        .checker
        .iter()
        .chain(&home.destinations)
        .chain(&home.steps)
    {
        let page = link.page.split('#').next().unwrap_or("");
        let exists =
            known.values().any(|v| v == page) || APP_PAGES.iter().any(|(out, _, _)| *out == page);
        if !exists {
            errors.push(format!(
                "content/site.toml: 首页链接“{}”指向的页面 {} 不存在（写生成后的地址，如 dest-study.html、checker.html）",
                link.label, link.page
            ));
        }
    }
    errors
}

/// The Markdown pages converted, with the link table they were resolved against.
pub struct Linked<'c> {
    /// Content-relative link targets → dist paths.
    pub known: HashMap<String, String>,
    /// Every guide, then every FAQ, in reading order.
    pub rendered: Vec<(&'c Page, Rendered)>,
}

/// Stage 3, link: converts every Markdown page (the engine's directives expanded), resolving
/// each link against the link table, then checks every `#anchor` a link names.
fn link<'c>(c: &'c Content, errors: &mut Vec<String>) -> Linked<'c> {
    let known = known_targets(c);
    let mut rendered: Vec<(&Page, Rendered)> = Vec::new();
    for p in c.guides.iter().chain(c.faqs.iter()) {
        let out = p.out_path();
        let ctx = Ctx {
            rel: &p.rel,
            out: &out,
            display: &p.display,
            body_line: p.body_line,
            known: &known,
            mode: LinkMode::Pages,
            clauses: c.clauses.as_ref(),
        };
        let r = markdown::render(&p.body, &ctx, errors);
        rendered.push((p, r));
    }
    check_anchors(c, &rendered, errors);
    Linked { known, rendered }
}

/// Every `#anchor` a link names exists on its target page.
fn check_anchors(c: &Content, rendered: &[(&Page, Rendered)], errors: &mut Vec<String>) {
    // Anchors per page; None = any anchor accepted (app pages keep state in the URL).
    let mut anchors: HashMap<String, Option<HashSet<String>>> = HashMap::new();
    for g in GENERATED {
        anchors.insert(g.to_string(), Some(HashSet::new()));
    }
    for (page, _, _) in APP_PAGES {
        anchors.insert(page.to_string(), None);
    }
    for (name, _) in &c.data_files {
        anchors.insert(format!("data/{name}"), None);
    }
    if let Some(contacts) = &c.contacts {
        let ids = (0..pages::cities(contacts).len())
            .map(pages::city_id)
            .collect();
        anchors.insert("phones.html".into(), Some(ids));
    }
    let faq_ids = pages::faq_groups(&c.faqs)
        .iter()
        .map(|(g, _)| pages::group_id(g))
        .collect();
    anchors.insert("faq/index.html".into(), Some(faq_ids));
    for (p, r) in rendered {
        anchors.insert(p.out_path(), Some(r.anchors.clone()));
    }
    for (p, r) in rendered {
        for link in &r.links {
            let Some(anchor) = &link.anchor else { continue };
            // Ids every layout page has.
            if anchor.is_empty() || anchor == "main" || anchor == "site-nav" {
                continue;
            }
            if let Some(Some(set)) = anchors.get(&link.target) {
                if !set.contains(anchor) {
                    errors.push(format!(
                        "{}:{}: 链接目标 {} 中的锚点 {anchor} 不存在",
                        p.display, link.line, link.raw
                    ));
                }
            }
        }
    }
}

/// Content-relative link targets → dist paths.
fn known_targets(c: &Content) -> HashMap<String, String> {
    let mut known: HashMap<String, String> = HashMap::new();
    for g in GENERATED {
        known.insert(g.to_string(), g.to_string());
    }
    known.insert("faq".into(), "faq/index.html".into());
    known.insert(String::new(), "index.html".into());
    for p in c.guides.iter().chain(c.faqs.iter()) {
        known.insert(p.rel.clone(), p.out_path());
    }
    for (name, _) in &c.data_files {
        known.insert(format!("data/{name}"), format!("data/{name}"));
    }
    known
}

/// Every directive of the content, with the dist path of its page (for tests that hold the
/// pages to the engine's tables).
#[cfg(test)]
pub fn embeds(content_dir: &Path) -> Result<Vec<(String, markdown::Embed)>, Vec<String>> {
    let c = content::load(content_dir)?;
    let known = known_targets(&c);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for p in c.guides.iter().chain(c.faqs.iter()) {
        let page = p.out_path();
        let ctx = Ctx {
            rel: &p.rel,
            out: &page,
            display: &p.display,
            body_line: p.body_line,
            known: &known,
            mode: LinkMode::Pages,
            clauses: c.clauses.as_ref(),
        };
        let r = markdown::render(&p.body, &ctx, &mut errors);
        out.extend(r.embeds.into_iter().map(|e| (page.clone(), e)));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
