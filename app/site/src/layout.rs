//! The one page layout: header with search box, content, site nav, breadcrumbs, table of
//! contents, previous/next and the sources footer. Plain string building keeps the
//! dependency list short and the output predictable.

use super::markdown::{relative_url, TocEntry};

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Every request a page may make stays on its own origin; app pages also need to compile wasm.
pub fn csp(allow_wasm: bool) -> String {
    let script = if allow_wasm {
        "script-src 'self' 'wasm-unsafe-eval'"
    } else {
        "script-src 'self'"
    };
    format!(
        "default-src 'self'; {script}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'"
    )
}

pub struct NavItem {
    pub group: String,
    pub out: String,
    pub label: String,
}

pub struct Shell<'a> {
    pub lang: &'a str,
    pub site_title: &'a str,
    pub short_title: &'a str,
    pub description: &'a str,
    /// dist-relative path of this page.
    pub out: &'a str,
    pub title: &'a str,
    pub breadcrumbs: Vec<(String, Option<String>)>,
    pub main: String,
    pub nav: &'a [NavItem],
    pub head_extra: String,
    pub scripts: Vec<String>,
    pub allow_wasm: bool,
}

pub fn toc_html(toc: &[TocEntry]) -> String {
    if toc.len() < 2 {
        return String::new();
    }
    let mut s = format!(
        // Closed, so a phone opens on the text; site.js opens it on a wide screen.
        "<details class=\"toc\"><summary>本页目录（{} 节）</summary><ul>",
        toc.len()
    );
    for t in toc {
        s.push_str(&format!(
            "<li class=\"l{}\"><a href=\"#{}\">{}</a></li>",
            t.level,
            esc(&t.id),
            esc(&t.text)
        ));
    }
    s.push_str("</ul></details>");
    s
}

pub fn render(shell: &Shell) -> String {
    let root = relative_url(shell.out, "");
    let link = |to: &str| esc(&relative_url(shell.out, to));
    let full_title = if shell.out == "index.html" {
        shell.site_title.to_string()
    } else {
        format!("{} · {}", shell.title, shell.short_title)
    };
    let mut h = String::with_capacity(shell.main.len() + 4096);
    h.push_str(&format!(
        "<!doctype html>\n<html lang=\"{lang}\" data-root=\"{root}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <title>{title}</title>\n<meta name=\"description\" content=\"{desc}\">\n\
         <meta name=\"theme-color\" content=\"#b3261e\">\n\
         <link rel=\"stylesheet\" href=\"{css}\">\n<link rel=\"manifest\" href=\"{mf}\">\n\
         <link rel=\"icon\" href=\"{icon}\" type=\"image/svg+xml\">\n{extra}</head>\n<body>\n",
        lang = esc(shell.lang),
        root = esc(&root),
        csp = csp(shell.allow_wasm),
        title = esc(&full_title),
        desc = esc(shell.description),
        css = link("assets/style.css"),
        mf = link("manifest.webmanifest"),
        icon = link("assets/icon.svg"),
        extra = shell.head_extra,
    ));
    h.push_str(&format!(
        "<a class=\"skip\" href=\"#main\">跳到正文</a>\n<header class=\"site-header\">\
         <a class=\"brand\" href=\"{home}\">{short}</a>\
         <a class=\"menu-link\" href=\"#site-nav\">目录</a>{search}</header>\n\
         <div class=\"layout\">\n<main id=\"main\"><div class=\"content\">\n",
        home = link("index.html"),
        short = esc(shell.short_title),
        // The search page has its own search form: a second search landmark there would
        // only repeat it (and screen readers could not tell the two apart).
        search = if shell.out == "search.html" {
            String::new()
        } else {
            format!(
                "<form class=\"header-search\" role=\"search\" action=\"{}\" method=\"get\">\
                 <input type=\"search\" name=\"q\" placeholder=\"搜索指南与问答\" aria-label=\"搜索\">\
                 <button type=\"submit\">搜索</button></form>",
                link("search.html")
            )
        },
    ));
    if !shell.breadcrumbs.is_empty() {
        h.push_str("<nav class=\"breadcrumbs\" aria-label=\"当前位置\"><ol>");
        for (label, href) in &shell.breadcrumbs {
            match href {
                Some(to) => h.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    link(to),
                    esc(label)
                )),
                None => h.push_str(&format!("<li aria-current=\"page\">{}</li>", esc(label))),
            }
        }
        h.push_str("</ol></nav>\n");
    }
    h.push_str(&shell.main);
    h.push_str("\n</div></main>\n<nav class=\"site-nav\" id=\"site-nav\" aria-label=\"全站目录\">");
    let mut group = "";
    for item in shell.nav {
        if item.group != group {
            if !group.is_empty() {
                h.push_str("</ul>");
            }
            group = &item.group;
            h.push_str(&format!("<h2>{}</h2><ul>", esc(group)));
        }
        let current = if item.out == shell.out {
            " aria-current=\"page\""
        } else {
            ""
        };
        h.push_str(&format!(
            "<li><a href=\"{}\"{current}>{}</a></li>",
            link(&item.out),
            esc(&item.label)
        ));
    }
    if !group.is_empty() {
        h.push_str("</ul>");
    }
    h.push_str(&format!(
        "</nav>\n</div>\n<footer class=\"site-footer\"><p>{desc}</p><p>本站可离线使用，也可\
         <a href=\"{print}\">打印</a>。规则以各页“依据”所列原文为准。</p>\
         <p id=\"offline-status\" class=\"offline-status\"></p></footer>\n",
        desc = esc(shell.description),
        print = link("print.html"),
    ));
    h.push_str(&format!(
        "<script src=\"{}\" defer></script>\n",
        link("assets/site.js")
    ));
    for s in &shell.scripts {
        h.push_str(s);
        h.push('\n');
    }
    h.push_str("</body>\n</html>\n");
    h
}
