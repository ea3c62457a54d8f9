//! Generator tests over the fixture site in `app/site/tests/fixtures/site` and small temp sites.

use super::content::{parse_page, Kind};
use super::generate;
use super::search::{search, Index};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site")
}

/// A throw-away copy of the fixture with `edits` applied (path, Some(text) | None = delete).
fn variant(name: &str, edits: &[(&str, Option<&str>)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zj-site-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    super::copy_dir(&fixture(), &dir).expect("copy fixture");
    for (path, text) in edits {
        let p = dir.join(path);
        match text {
            Some(t) => fs::write(&p, t).expect("write"),
            None => fs::remove_file(&p).expect("remove"),
        }
    }
    dir
}

fn errors_of(dir: &Path) -> Vec<String> {
    match generate(dir, None) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    }
}

fn file(files: &[super::OutFile], path: &str) -> String {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} not generated"));
    String::from_utf8(f.bytes.clone()).expect("utf-8")
}

fn index() -> Index {
    let (files, _) = generate(&fixture(), None).expect("fixture builds");
    Index::from_script(&file(&files, "search-index.js")).expect("index reads back")
}

#[test]
fn fixture_builds_every_page() {
    let (files, pages) = generate(&fixture(), None).expect("fixture builds");
    for p in [
        "index.html",
        "steps.html",
        "calendar.html",
        "faq/index.html",
        "faq/forgot-password.html",
        "phones.html",
        "search.html",
        "print.html",
        "print-admin.html",
        "for-admins.html",
        "sources.html",
        "offline-fallback.html",
        "checker.html",
        "tracker.html",
        "simulator.html",
        "manifest.webmanifest",
        "assets/style.css",
        "assets/icon-192.png",
        "data/shanxi-phones.csv",
        "flow-2021.svg",
        "flow-2019.svg",
    ] {
        assert!(files.iter().any(|f| f.path == p), "{p} missing");
    }
    assert_eq!(pages, 17);
    let steps = file(&files, "steps.html");
    assert!(steps.contains("<h2 id=\"login\">"), "explicit {{#id}} kept");
    assert!(
        steps.contains("id=\"审核-sx-指标\""),
        "generated Chinese id"
    );
    // The footer names the document in words, with the clause, linked to 资料来源.
    assert!(
        steps.contains("href=\"sources.html#S000\">一所高校")
            && steps.contains("2023 年</a>：第一步"),
        "sources in the footer"
    );
    assert!(steps.contains("default-src 'self'"), "CSP on every page");
    assert!(steps.contains("rel=\"next\" href=\"calendar.html\""));
    assert!(steps.contains("class=\"table-wrap\""));
}

#[test]
fn links_are_rewritten_relative() {
    let (files, _) = generate(&fixture(), None).expect("fixture builds");
    let steps = file(&files, "steps.html");
    assert!(steps.contains("href=\"faq/forgot-password.html\""));
    assert!(steps.contains("href=\"calendar.html#y2021\""));
    assert!(steps.contains("href=\"phones.html\""));
    assert!(steps.contains("href=\"checker.html\""));
    let faq = file(&files, "faq/forgot-password.html");
    assert!(faq.contains("href=\"../steps.html#login\""));
    assert!(faq.contains("href=\"../assets/style.css\""));
    for f in &files {
        if f.path.ends_with(".html") {
            let html = String::from_utf8_lossy(&f.bytes);
            assert!(
                !html.contains("href=\"/"),
                "{} has a root-absolute link",
                f.path
            );
            assert!(
                !html.contains("src=\"/"),
                "{} has a root-absolute src",
                f.path
            );
            assert!(!html.contains(".md\""), "{} still links to .md", f.path);
        }
    }
    let print = file(&files, "print.html");
    assert!(print.contains("href=\"#guide-steps--login\""));
    assert!(print.contains("id=\"guide-steps--login\""));
}

#[test]
fn missing_front_matter_is_reported_with_line() {
    let dir = variant(
        "nofm",
        &[("guides/calendar.md", Some("# 日历\n\n没有前置元数据。\n"))],
    );
    let errs = errors_of(&dir);
    assert!(
        errs.iter()
            .any(|e| e.ends_with("guides/calendar.md:1: 缺少前置元数据：文件须以一行 +++ 开头，写明 title、order、summary、sources")),
        "{errs:?}"
    );
    let mut errors = Vec::new();
    let page = parse_page(
        Kind::Faq,
        "x".into(),
        "faq/x.md".into(),
        "faq/x.md".into(),
        "+++\ntitle = \"问\"\norder = 1\n+++\n正文\n",
        &mut errors,
    );
    assert!(page.is_none());
    assert!(errors.contains(&"faq/x.md:1: 前置元数据缺少 summary（一句话摘要）".to_string()));
    assert!(errors.iter().any(|e| e.contains("缺少 sources")));
    assert!(errors.iter().any(|e| e.contains("缺少 group")));
    let mut errors = Vec::new();
    parse_page(
        Kind::Guide,
        "x".into(),
        "g.md".into(),
        "guides/g.md".into(),
        "+++\ntitle = \"题\"\norder = \"十\"\n+++\n",
        &mut errors,
    );
    assert!(
        errors[0].starts_with("g.md:3: 前置元数据格式错误"),
        "{errors:?}"
    );
}

#[test]
fn duplicate_slug_fails() {
    let dup = fs::read_to_string(fixture().join("guides/steps.md")).expect("read");
    let dir = variant("dup", &[("guides/Steps.md", Some(&dup))]);
    let errs = errors_of(&dir);
    assert!(
        errs.iter().any(|e| e.contains("页面地址 steps.html 重复")),
        "{errs:?}"
    );
    let dir = variant("reserved", &[("guides/search.md", Some(&dup))]);
    let errs = errors_of(&dir);
    assert!(
        errs.iter().any(|e| e.contains("与生成的页面重名")),
        "{errs:?}"
    );
}

#[test]
fn broken_link_and_anchor_fail_with_file_line() {
    let text = "+++\ntitle = \"坏链接\"\norder = 99\nsummary = \"测试\"\nsources = [\"S004 1\"]\n+++\n\n第一段。\n\n见[日历](calendar.md#y2030)。\n\n见[不存在](nowhere.md)。\n\n见[本页](#nope)。\n";
    let dir = variant("broken", &[("guides/bad.md", Some(text))]);
    let errs = errors_of(&dir);
    let bad = |suffix: &str| errs.iter().any(|e| e.ends_with(suffix));
    assert!(
        bad("guides/bad.md:10: 链接目标 calendar.md#y2030 中的锚点 y2030 不存在"),
        "{errs:?}"
    );
    assert!(
        bad("guides/bad.md:12: 链接目标 nowhere.md 不存在"),
        "{errs:?}"
    );
    assert!(
        bad("guides/bad.md:14: 链接目标 #nope 中的锚点 nope 不存在"),
        "{errs:?}"
    );
    assert_eq!(errs.len(), 3, "all errors collected: {errs:?}");
}

#[test]
fn failed_build_keeps_previous_dist() {
    let out = std::env::temp_dir().join(format!("zj-out-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    let ok = super::BuildOptions {
        content: fixture(),
        out: out.clone(),
        app: Some(PathBuf::from("/nonexistent-app-dir")),
    };
    assert!(
        super::build(&ok).is_err(),
        "a named app dir without manifest fails"
    );
    let ok = super::BuildOptions { app: None, ..ok };
    let report = super::build(&ok).expect("builds");
    assert!(report.pages > 10);
    let sw = fs::read_to_string(out.join("sw.js")).expect("sw.js");
    assert!(sw.contains("\"steps.html\"") && sw.contains("\"assets/icon-512.png\""));
    assert!(sw.contains("zhuanjie-") && !sw.contains("__HASH__"));
    let bad = variant(
        "bad-build",
        &[("guides/calendar.md", Some("no front matter"))],
    );
    let failing = super::BuildOptions {
        content: bad,
        out: out.clone(),
        app: None,
    };
    let err = super::build(&failing).expect_err("fails");
    assert!(err.contains("calendar.md:1"));
    assert!(out.join("steps.html").is_file(), "old dist kept");
    assert!(!out
        .with_file_name(format!("zj-out-{}.tmp", std::process::id()))
        .exists());
}

#[test]
fn finalize_offline_includes_app_files_and_changes_hash() {
    let out = std::env::temp_dir().join(format!("zj-fin-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    let opts = super::BuildOptions {
        content: fixture(),
        out: out.clone(),
        app: None,
    };
    super::build(&opts).expect("builds");
    let before = fs::read_to_string(out.join("sw.js")).expect("sw");
    fs::create_dir_all(out.join("app")).expect("mkdir");
    fs::write(out.join("app/zhuanjie_bg.wasm"), vec![0u8; 3 * 1024 * 1024]).expect("write");
    fs::write(out.join("app/zhuanjie_bg.wasm.js"), "globalThis.x = \"\";").expect("write");
    fs::write(out.join("app/zhuanjie.js"), "1").expect("write");
    fs::write(out.join("app/admin.js"), "1").expect("write");
    fs::write(out.join("app/admin_bg.wasm"), "1").expect("write");
    fs::write(out.join("app/ondemand_bg.wasm"), "1").expect("write");
    fs::write(
        out.join("app/app-manifest.json"),
        r#"[{"src": "app/zhuanjie.js", "module": false, "pages": ["checker.html"]},
            {"src": "app/admin.js", "module": false, "pages": ["simulator.html"]}]"#,
    )
    .expect("write");
    super::finalize_offline(&out).expect("finalize");
    let after = fs::read_to_string(out.join("sw.js")).expect("sw");
    let files = after
        .lines()
        .find(|l| l.starts_with("var FILES"))
        .expect("FILES")
        .to_string();
    assert!(files.contains("\"app/zhuanjie_bg.wasm\""));
    // The base64 copy is for file:// only, where no service worker runs.
    assert!(!after.contains("zhuanjie_bg.wasm.js"));
    // A bundle only the simulator loads, and one loaded on demand, are cached on first use;
    // the simulator's page too, but it is still one of the site's pages.
    assert!(!files.contains("admin_bg.wasm") && !files.contains("ondemand_bg.wasm"));
    assert!(!files.contains("\"simulator.html\""));
    assert!(after.contains("var PAGES = [") && after.contains("\"simulator.html\""));
    let cache = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("var CACHE"))
            .map(str::to_string)
    };
    assert!(cache(&before).is_some());
    assert_ne!(cache(&before), cache(&after), "cache name changes");
}

#[test]
fn app_manifest_adds_scripts() {
    let app = std::env::temp_dir().join(format!("zj-app-{}", std::process::id()));
    let _ = fs::remove_dir_all(&app);
    fs::create_dir_all(&app).expect("mkdir");
    fs::write(app.join("zhuanjie.js"), "export {}").expect("write");
    fs::write(app.join("start.js"), "").expect("write");
    fs::write(
        app.join("app-manifest.json"),
        r#"["app/zhuanjie.js", {"src": "app/start.js", "module": false}]"#,
    )
    .expect("write");
    let out = app.with_file_name(format!("zj-app-out-{}", std::process::id()));
    let opts = super::BuildOptions {
        content: fixture(),
        out: out.clone(),
        app: Some(app.clone()),
    };
    super::build(&opts).expect("builds");
    let checker = fs::read_to_string(out.join("checker.html")).expect("checker");
    assert!(checker.contains("<div id=\"app\" data-page=\"checker\"></div>"));
    assert!(checker.contains("<script type=\"module\" src=\"app/zhuanjie.js\"></script>"));
    assert!(checker.contains("<script src=\"app/start.js\" defer></script>"));
    assert!(checker.contains("'wasm-unsafe-eval'"));
    assert!(out.join("app/zhuanjie.js").is_file());
    let sw = fs::read_to_string(out.join("sw.js")).expect("sw");
    assert!(sw.contains("\"app/zhuanjie.js\""));
    // Without the app, the pages say so.
    let (files, _) = generate(&fixture(), None).expect("builds");
    assert!(file(&files, "tracker.html").contains("本副本未包含交互工具"));
}

#[test]
fn contacts_table_renders_and_is_searchable() {
    let (files, _) = generate(&fixture(), None).expect("builds");
    let html = file(&files, "phones.html");
    assert!(html.contains("data-city=\"太原市\" data-county=\"小店区\""));
    assert!(html.contains("href=\"tel:0352-1111111\""));
    assert!(html.contains("<option>大同市</option>"));
    assert!(html.contains("id=\"contacts-filter\" hidden"));
    let hits = search(&index(), "迎泽");
    assert_eq!(hits[0].url, "phones.html");
}

#[test]
fn search_index_holds_titles_headings_and_text() {
    let idx = index();
    let steps = idx
        .docs
        .iter()
        .find(|d| d.u == "steps.html")
        .expect("steps");
    assert_eq!(steps.t, "转出操作步骤");
    assert!(steps.x.iter().any(|s| s.0 == "login" && s.1 == "登录系统"));
    assert!(steps
        .x
        .iter()
        .any(|s| s.2.contains("转入组织须在 10 天内审核")));
    assert!(idx
        .docs
        .iter()
        .any(|d| d.u == "faq/returned.html" && d.k == "问答"));
}

#[test]
fn chinese_queries_hit_substrings_across_word_boundaries() {
    let idx = index();
    // "系统自动" spans the words 系统|自动; "退回" is inside "自动退回".
    let hits = search(&idx, "系统自动");
    assert!(
        hits.iter().any(|h| h.url.starts_with("steps.html")),
        "{hits:?}"
    );
    assert!(
        hits[0].snippet.contains("<mark>系统自动</mark>"),
        "{hits:?}"
    );
    let hits = search(&idx, "密码重置");
    assert_eq!(hits[0].url, "faq/forgot-password.html");
    // Title beats body.
    let hits = search(&idx, "退回");
    assert_eq!(hits[0].title, "申请被退回了怎么办？", "{hits:?}");
}

#[test]
fn mixed_chinese_ascii_queries_hit() {
    let idx = index();
    let hits = search(&idx, "SX 指标");
    assert!(
        hits.first()
            .is_some_and(|h| h.url == "steps.html#审核-sx-指标"),
        "{hits:?}"
    );
    assert!(hits[0].snippet.contains("<mark>SX</mark>"), "{hits:?}");
    // "10天" matches "10 天" (whitespace is ignored) and full-width "１０天" too.
    for q in ["10天", "１０天", "sx指标"] {
        assert!(!search(&idx, q).is_empty(), "{q}");
    }
    let hits = search(&idx, "10天");
    assert!(
        hits.iter()
            .any(|h| h.snippet.contains("<mark>10 天</mark>")),
        "{hits:?}"
    );
}

#[test]
fn nonsense_gets_no_hit() {
    let idx = index();
    for q in ["量子纠缠", "zzqqxx", "转出 量子", "", "   "] {
        assert!(search(&idx, q).is_empty(), "{q}");
    }
}

#[test]
fn icons_are_valid_png() {
    let png = super::offline::icon_png(192);
    assert_eq!(&png[1..4], b"PNG");
    assert!(png.len() < 10_000);
}

#[test]
fn server_refuses_traversal_and_maps_types() {
    let root = fixture();
    assert!(super::serve::resolve(&root, "/../secret").is_none());
    assert!(super::serve::resolve(&root, "/%2e%2e/secret").is_none());
    assert_eq!(
        super::serve::resolve(&root, "/guides/steps.md?x=1"),
        Some(root.join("guides/steps.md"))
    );
    assert_eq!(super::serve::mime(Path::new("a.wasm")), "application/wasm");
    assert_eq!(
        super::serve::mime(Path::new("manifest.webmanifest")),
        "application/manifest+json"
    );
}

#[test]
fn cjk_bold_next_to_chinese_punctuation_renders() {
    let known = std::collections::HashMap::new();
    let ctx = super::markdown::Ctx {
        rel: "guides/x.md",
        out: "x.html",
        display: "x.md",
        body_line: 1,
        known: &known,
        mode: super::markdown::LinkMode::Pages,
        clauses: None,
    };
    let mut errors = Vec::new();
    let r = super::markdown::render(
        "选择**“转接申请”**（S004）。`a**b**c`\n\n```\n**keep**\n```\n",
        &ctx,
        &mut errors,
    );
    assert!(r.html.contains("<strong>“转接申请”</strong>"), "{}", r.html);
    assert!(r.html.contains("<code>a**b**c</code>"), "{}", r.html);
    assert!(r.html.contains("**keep**"), "{}", r.html);
}

#[test]
fn heading_only_hits_mark_the_heading() {
    let idx = Index {
        v: 2,
        docs: vec![super::search::Doc {
            u: "a.html".into(),
            t: "标题".into(),
            k: "指南".into(),
            s: "摘要".into(),
            x: vec![(
                "auto".into(),
                "被系统自动退回".into(),
                "正文没有这个词。".into(),
            )],
            a: 0,
        }],
        w: Default::default(),
    };
    let hits = search(&idx, "系统自动");
    assert_eq!(hits[0].url, "a.html#auto");
    assert!(
        hits[0].snippet.contains("<mark>系统自动</mark>"),
        "{hits:?}"
    );
}

// ---- Engine tables embedded in pages ({{outcome ID}}, {{edition-differences}}) ----

use zhuanjie_core::calendar::Edition;
use zhuanjie_core::rules;

const EMBED_PAGE: &str = "+++\ntitle = \"嵌入\"\norder = 50\nsummary = \"测试\"\nsources = [\"S004 2.2\"]\n+++\n\n## 单位没有团组织 {#noorg}\n\n{{outcome work_without_org_2021}}\n\n### 旧版 {#old}\n\n{{outcome work_without_org_2019}}\n\n## 升学 {#study}\n\n{{outcome study}}\n\n{{outcome work_with_org 2019}}\n\n## 暂无去向 {#unemp}\n\n{{outcome unemployed_2021}}\n\n## 两版 {#editions}\n\n{{edition-differences}}\n";

/// A readings page with an entry for every reading the engine's texts name.
fn readings_page() -> String {
    let texts = rules::OUTCOMES
        .iter()
        .flat_map(|o| o.warnings.iter().copied())
        .chain(rules::MODIFIERS.iter().flat_map(|m| {
            m.effects.iter().filter_map(|e| match e {
                rules::Effect::Warn(t) => Some(*t),
                _ => None,
            })
        }));
    let mut ids: Vec<&str> = texts
        .flat_map(|t| zhuanjie_core::readings::split(t).1)
        .collect();
    ids.sort();
    ids.dedup();
    let mut page = String::from(
        "+++\ntitle = \"本指南的理解\"\norder = 60\nsummary = \"测试\"\nsources = [\"S004 2.2\"]\n+++\n",
    );
    for id in ids {
        page.push_str(&format!("\n## {id} {{#{id}}}\n\n说明。\n"));
    }
    page
}

const EMBED_FAQ: &str = "+++\ntitle = \"问\"\norder = 9\nsummary = \"测试\"\nsources = [\"S004 2.4\"]\ngroup = \"去向\"\n+++\n\n{{outcome unemployed_2021}}\n";

fn embed_site(name: &str) -> Vec<super::OutFile> {
    let dir = variant(
        name,
        &[
            ("guides/embed.md", Some(EMBED_PAGE)),
            ("guides/readings.md", Some(&readings_page())),
            ("faq/embed.md", Some(EMBED_FAQ)),
        ],
    );
    generate(&dir, None).expect("embeds build").0
}

fn base(id: &str, edition: Edition) -> rules::Outcome {
    rules::base_outcome(rules::outcome_by_id(id).expect("row"), edition).expect("edition")
}

#[test]
fn outcome_directive_shows_the_engine_row_in_both_editions() {
    let files = embed_site("embed");
    let html = file(&files, "embed.html");
    for (id, edition) in [
        ("work_without_org_2021", Edition::E2021),
        ("work_without_org_2019", Edition::E2019),
        ("work_with_org", Edition::E2019),
        ("study", Edition::E2021),
    ] {
        let o = base(id, edition);
        assert!(
            html.contains(&format!(
                "data-outcome=\"{id}\" data-edition=\"{}\"",
                edition.code()
            )),
            "{id}"
        );
        let reason = o.reason_label.expect("a reason to select");
        assert!(
            html.contains(&format!("<strong>{reason}</strong>")),
            "{id}: {reason}"
        );
        assert!(
            html.contains(&format!("<strong>{}</strong>", o.destination_label)),
            "{id}: {}",
            o.destination_label
        );
        for alt in &o.alternative_labels {
            assert!(html.contains(alt), "{id}: {alt}");
        }
        for step in &o.approval_details {
            assert!(html.contains(&format!("<li>{}</li>", step.label)), "{id}");
        }
        for f in &o.forbidden {
            assert!(html.contains(f.what), "{id}: {}", f.what);
        }
    }
    // The two editions name the township destination differently, and the page shows each.
    let (new, old) = (
        base("work_without_org_2021", Edition::E2021),
        base("work_without_org_2019", Edition::E2019),
    );
    assert_ne!(
        new.alternative_labels.join(""),
        old.alternative_labels.join("")
    );
    assert!(html.contains("<span class=\"outcome-badge\">2019 版</span>"));
    assert!(html.contains("<span class=\"outcome-badge\">2021 版、2019 版相同</span>"));
    // One heading level below the section: h3 under an h2, h4 under an h3.
    assert!(html.contains("<section class=\"outcome\" id=\"outcome-work_without_org_2021\""));
    assert!(html.contains("<h3 class=\"outcome-title\">"));
    assert!(html.contains("<h4 class=\"outcome-title\">"));
    // Forbidden items with their reason (升学 forbids the residence org).
    let study = base("study", Edition::E2021);
    assert!(html.contains(study.forbidden[0].why.split('（').next().unwrap()));
    // Readings links, relative to the page: the words 本指南的理解 link the entry.
    assert!(
        html.contains("<a href=\"readings.html#xiatong\">本指南的理解</a>"),
        "reading link"
    );
    let faq = file(&files, "faq/embed.html");
    assert!(
        faq.contains("href=\"../readings.html#xiatong\""),
        "from faq/"
    );
    assert!(faq.contains("href=\"../checker.html\""));
    assert!(html.contains("<a href=\"checker.html\">"));
    // The print page holds the blocks too, with its in-page links.
    let print = file(&files, "print.html");
    assert!(print.contains("id=\"guide-embed--outcome-study\""));
    assert!(print.contains("href=\"#guide-readings--xiatong\""));
    // And the search index has their text in the section they sit in.
    let idx = Index::from_script(&file(&files, "search-index.js")).expect("index");
    let doc = idx.docs.iter().find(|d| d.u == "embed.html").expect("doc");
    let section = |id: &str| doc.x.iter().find(|s| s.0 == id).expect("section");
    assert!(section("noorg").2.contains(new.destination_label));
    assert!(section("old").2.contains(old.title));
    assert!(section("study")
        .2
        .contains(study.reason_label.expect("升学")));
    let hits = search(&idx, old.destination_label);
    assert!(
        hits.iter().any(|h| h.url.starts_with("embed.html")),
        "{hits:?}"
    );
}

#[test]
fn bad_directives_fail_with_file_line() {
    let text = "+++\ntitle = \"坏指令\"\norder = 99\nsummary = \"测试\"\nsources = [\"S004 1\"]\n+++\n\n{{outcome no_such_row}}\n\n{{outcome work_without_org_2019 2021}}\n\n{{outcome study 2020}}\n\n见 {{outcome study}} 这里。\n\n{{outcomes}}\n";
    let dir = variant("bad-directive", &[("guides/bad.md", Some(text))]);
    let errs = errors_of(&dir);
    let has = |prefix: &str| errs.iter().any(|e| e.contains(prefix));
    assert!(
        has("guides/bad.md:8: 没有 id 为「no_such_row」的结果"),
        "{errs:?}"
    );
    assert!(
        has("guides/bad.md:10: 结果「work_without_org_2019」只属于 2019 版，不能按 2021 版嵌入"),
        "{errs:?}"
    );
    assert!(
        has("guides/bad.md:12: 指令 {{outcome study 2020}} 的版本「2020」无效"),
        "{errs:?}"
    );
    assert!(has("guides/bad.md:14: 指令 {{…}} 须单独成段"), "{errs:?}");
    assert!(
        has("guides/bad.md:16: 无法识别的指令 {{outcomes}}"),
        "{errs:?}"
    );
    assert_eq!(errs.len(), 5, "{errs:?}");
}

#[test]
fn edition_differences_table_reads_the_engine() {
    let files = embed_site("editions");
    let html = file(&files, "embed.html");
    let start = html.find("class=\"edition-diff\"").expect("table");
    let table = &html[start..];
    for o in [
        base("work_without_org_2021", Edition::E2021),
        base("work_without_org_2019", Edition::E2019),
    ] {
        assert!(table.contains(o.title), "{}", o.title);
        assert!(
            table.contains(o.destination_label),
            "{}",
            o.destination_label
        );
    }
    assert!(table.contains("R-WORK-NOORG"));
    // Pairs are by rule; every rule with a row of each edition is there.
    for (new, old) in super::embed::edition_pairs() {
        assert_eq!(new.rule, old.rule);
        assert!(table.contains(new.rule), "{}", new.rule);
    }
    for r in zhuanjie_core::codes::Reason::ALL {
        let (a, b) = (r.label(Edition::E2021), r.label(Edition::E2019));
        if a != b {
            for label in [a, b].into_iter().flatten() {
                assert!(table.contains(label), "{label}");
            }
        }
    }
    for e in Edition::ALL {
        assert!(table.contains(&e.calendar().timer_summary()), "{e:?} timer");
    }
    assert!(table.contains(rules::Withdrawal::Locked.label()));
    assert!(rules::special_province_blocks_withdrawal(Edition::E2019));
}

/// Every outcome row is embedded on the page its `guide` names, in the section of its anchor;
/// every directive of the real content names a row of its edition.
#[test]
fn every_outcome_is_embedded_on_its_guide_page() {
    let content = crate::repo_root().join("content");
    let embeds = super::generate::embeds(&content).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let mut missing = Vec::new();
    for def in rules::OUTCOMES {
        let (page, anchor) = def.guide.split_once('#').unwrap_or((def.guide, ""));
        let found = embeds.iter().any(|(out, e)| {
            out == page
                && matches!(&e.directive, super::embed::Directive::Outcome { id, .. } if id == def.id)
                && (anchor.is_empty() || e.sections.iter().any(|s| s == anchor))
        });
        if !found {
            missing.push(format!("{} → {}", def.id, def.guide));
        }
    }
    assert!(
        missing.is_empty(),
        "outcomes not embedded where their guide link points:\n{}",
        missing.join("\n")
    );
    for (out, e) in &embeds {
        if let super::embed::Directive::Outcome { id, edition } = &e.directive {
            let def =
                rules::outcome_by_id(id).unwrap_or_else(|| panic!("{out}:{}: no row {id}", e.line));
            let shown = super::embed::edition_of(def, *edition);
            assert!(
                rules::base_outcome(def, shown).is_some(),
                "{out}:{}: {id} has no {shown:?} row",
                e.line
            );
        }
    }
}
