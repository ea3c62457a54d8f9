//! The graduate's way (issue 17), on a 390 px phone and a desktop: the home page's first
//! screen answers "我是毕业生，我该怎么办", admin material is in its own 管理员专区, guide
//! pages open on their text, wide tables read as cards on a phone, search answers students'
//! own words (the table `app/site/tests/search-queries.toml`, through the page's search.js),
//! citations read as documents, and the print version is the graduate's.

use e2e::Browser;
use serde_json::Value;

#[derive(serde::Deserialize)]
struct Queries {
    queries: Vec<(String, String)>,
}

fn queries() -> Vec<(String, String)> {
    let path = e2e::repo_root().join("app/site/tests/search-queries.toml");
    let text = std::fs::read_to_string(&path).expect("search-queries.toml");
    let table: Queries = toml::from_str(&text).expect("the query table reads");
    table.queries
}

#[tokio::test(flavor = "current_thread")]
async fn home_first_screen_answers_what_a_graduate_should_do() {
    let b = Browser::start().await;
    for (name, size) in [("phone", e2e::PHONE), ("desktop", e2e::DESKTOP)] {
        b.viewport(size.0, size.1).await;
        b.open("index.html").await;
        let v = b
            .eval(
                "const r = e => e.getBoundingClientRect(); \
                 const cta = document.querySelector('.primary-action'); \
                 const targets = [...document.querySelectorAll('.targets a.card')]; \
                 return { cta: cta ? cta.getAttribute('href') : null, ctaBottom: cta ? r(cta).bottom : 9e9, \
                   labels: targets.map(a => a.querySelector('strong').textContent), \
                   targetsBottom: targets.length ? r(targets[targets.length - 1]).bottom : 9e9, \
                   firstStepTop: (document.querySelector('.steps a.card') ? r(document.querySelector('.steps a.card')).top : 9e9), \
                   screen: innerHeight, \
                   adminLinks: [...document.querySelectorAll('main a[href]')] \
                     .filter(a => !a.closest('#admins ~ .cards') && /^(metrics|admin|flow|simulator)\\.html/.test(a.getAttribute('href'))) \
                     .map(a => a.getAttribute('href')), \
                   adminCard: !!document.querySelector('#admins ~ .cards a[href=\"for-admins.html\"]') };",
            )
            .await;
        assert_eq!(v["cta"], "checker.html", "{name}: 第一个主要操作是检查器");
        let screen = v["screen"].as_f64().unwrap_or(0.0);
        assert!(
            v["ctaBottom"].as_f64().unwrap_or(9e9) <= screen * 0.5,
            "{name}: 检查器按钮应在第一屏的上半部分：{v}"
        );
        let labels: Vec<String> = e2e::strings(&v["labels"]);
        for want in [
            "我要升学",
            "已经找到工作",
            "还没有去向",
            "参军或涉密单位",
            "出国（境）",
            "延迟毕业",
        ] {
            assert!(
                labels.iter().any(|l| l == want),
                "{name}: 缺少去向 {want}：{labels:?}"
            );
        }
        assert!(
            v["targetsBottom"].as_f64().unwrap_or(9e9) <= screen,
            "{name}: 六个去向都应在第一屏：{v}"
        );
        assert!(
            v["firstStepTop"].as_f64().unwrap_or(9e9) <= screen * 1.6,
            "{name}: 办理步骤紧接在去向之后：{v}"
        );
        assert_eq!(
            v["adminLinks"],
            Value::Array(vec![]),
            "{name}: 管理员的内容只在管理员专区"
        );
        assert_eq!(
            v["adminCard"],
            Value::Bool(true),
            "{name}: 首页末尾通往管理员专区"
        );
        assert!(b.fits_width().await, "{name}: 首页出现横向滚动");
        b.screenshot(&format!("home-{name}")).await;
    }
    // A tap anywhere on a card opens its page: here, on the hint line under the title.
    b.phone().await;
    b.open("index.html").await;
    b.click(".targets a.card[href='dest-study.html'] span")
        .await;
    b.wait_for(
        "location.pathname.endsWith('dest-study.html') && document.readyState === 'complete'",
    )
    .await;
    // The 管理员专区 holds the admin guides, the simulator and the admin FAQs.
    b.open("for-admins.html").await;
    let hrefs = b
        .eval("return [...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href'));")
        .await;
    let hrefs = e2e::strings(&hrefs);
    for want in [
        "metrics.html",
        "admin.html",
        "flow.html",
        "simulator.html",
        "faq/find-not-started.html",
    ] {
        assert!(
            hrefs.iter().any(|h| h == want),
            "管理员专区缺少 {want}：{hrefs:?}"
        );
    }
    b.screenshot("for-admins-phone").await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn guide_pages_open_on_their_text_and_tables_read_on_a_phone() {
    let b = Browser::start().await;
    b.viewport(360, 800).await;
    b.open("destinations.html").await;
    let v = b
        .eval(
            "const toc = document.querySelector('details.toc'); \
             const td = document.querySelector('.stack td'); \
             return { tocOpen: toc ? toc.open : null, \
               display: td ? getComputedStyle(td).display : null, \
               label: td ? getComputedStyle(td, '::before').content : null, \
               textTop: document.querySelector('.content h2').getBoundingClientRect().top, \
               screen: innerHeight };",
        )
        .await;
    assert_eq!(
        v["tocOpen"],
        Value::Bool(false),
        "手机上本页目录默认收起：{v}"
    );
    assert_eq!(v["display"], "block", "宽表在手机上按行成卡片：{v}");
    assert!(
        v["label"].as_str().unwrap_or("").contains("你的情况"),
        "每格带列名：{v}"
    );
    assert!(
        v["textTop"].as_f64().unwrap_or(9e9) < v["screen"].as_f64().unwrap_or(0.0),
        "正文在第一屏开始：{v}"
    );
    assert!(b.fits_width().await, "360 px 下去向总表不应横向滚动");
    b.screenshot("destinations-360").await;
    b.desktop().await;
    b.open("destinations.html").await;
    let open = b
        .eval("return document.querySelector('details.toc').open;")
        .await;
    assert_eq!(open, Value::Bool(true), "宽屏上本页目录展开");
    let display = b
        .eval("return getComputedStyle(document.querySelector('.stack td')).display;")
        .await;
    assert_eq!(display, "table-cell", "宽屏上仍是表格");
    b.screenshot("destinations-desktop").await;
    // The FAQ index: the graduate's groups first, the admin group last.
    b.open("faq/index.html").await;
    let groups = b
        .eval("return [...document.querySelectorAll('main h2')].map(h => h.textContent);")
        .await;
    let groups = e2e::strings(&groups);
    assert_eq!(
        groups.last().map(String::as_str),
        Some("管理员"),
        "{groups:?}"
    );
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn search_answers_students_words_first() {
    let b = Browser::start().await;
    b.phone().await;
    b.open("search.html").await;
    let table = queries();
    assert!(table.len() >= 30);
    let mut wrong = Vec::new();
    for (q, want) in &table {
        let first = b
            .eval(&format!(
                "const h = window.zjSearch({}); return h.length ? h[0].url.split('#')[0] : '（没有结果）';",
                Value::from(q.as_str())
            ))
            .await;
        if first.as_str() != Some(want.as_str()) {
            wrong.push(format!("{q}: {first} ≠ {want}"));
        }
    }
    println!(
        "搜索：{} / {} 个学生查询的第一位正确",
        table.len() - wrong.len(),
        table.len()
    );
    assert!(
        wrong.is_empty(),
        "页面上的搜索与表不符：\n{}",
        wrong.join("\n")
    );
    // Typed as a student types it, the page shows the answer first, marked.
    b.open("search.html?q=%E8%80%83%E7%A0%94%E4%BA%86%E6%80%8E%E4%B9%88%E5%8A%9E")
        .await;
    b.wait_for("document.querySelector('.search-hits li')")
        .await;
    let v = b
        .eval(
            "const a = document.querySelector('.search-hits li a'); \
             return [a.getAttribute('href'), [...document.querySelectorAll('.search-hits li:first-child mark')].map(m => m.textContent)];",
        )
        .await;
    assert!(
        v[0].as_str().unwrap_or("").starts_with("dest-study.html"),
        "{v}"
    );
    assert!(
        e2e::strings(&v[1]).iter().any(|m| m == "升学"),
        "标出了同义词：{v}"
    );
    b.screenshot("search-students-words-phone").await;
    // Nothing found: the checker, the destinations and words that do find something.
    b.open("search.html?q=%E9%87%8F%E5%AD%90%E7%BA%A0%E7%BC%A0zzq")
        .await;
    b.wait_for("document.getElementById('search-empty') && !document.getElementById('search-empty').hidden")
        .await;
    let v = b
        .eval(
            "const e = document.getElementById('search-empty'); \
             return [!!e.querySelector('a[href=\"checker.html\"]'), e.querySelectorAll('.targets a.card').length];",
        )
        .await;
    assert_eq!(v[0], Value::Bool(true), "没有结果时推荐检查器");
    assert_eq!(v[1], Value::from(6), "没有结果时列出六种去向");
    b.screenshot("search-empty-phone").await;
    // A near miss gets suggestions, and a suggestion searches at once.
    b.open("search.html?q=%E7%A0%94%E7%A9%B6%E7%94%9F%E9%99%A2%E6%8B%9B%E7%94%9F%E5%8A%9E")
        .await;
    b.wait_for("document.querySelector('.search-hits li') || document.querySelector('#search-suggest a.suggest')")
        .await;
    let suggested = b
        .eval("const a = document.querySelector('#search-suggest a.suggest'); return a ? a.textContent : null;")
        .await;
    if let Some(word) = suggested.as_str() {
        b.click("#search-suggest a.suggest").await;
        b.wait_for("document.querySelector('.search-hits li')")
            .await;
        let box_value = b
            .eval("return document.getElementById('search-q').value;")
            .await;
        assert_eq!(box_value, Value::from(word));
    }
    b.desktop().await;
    b.open("search.html?q=%E5%BD%93%E5%85%B5").await;
    b.wait_for("document.querySelector('.search-hits li')")
        .await;
    b.screenshot("search-students-words-desktop").await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn citations_read_as_documents_and_print_is_the_graduates() {
    let b = Browser::start().await;
    b.phone().await;
    b.open("dest-study.html").await;
    let v = b
        .eval(
            "const main = document.querySelector('main .content'); \
             const text = main.innerText; \
             const codes = (text.match(/S00[0-4]( [^，。；）\\s]*)?/g) || []); \
             const mark = document.querySelector('sup.cites a'); \
             return { codes, mark: mark ? [mark.textContent, mark.getAttribute('href')] : null, \
                      sources: [...document.querySelectorAll('.sources li a')].map(a => a.textContent) };",
        )
        .await;
    assert_eq!(
        v["codes"],
        Value::Array(vec![]),
        "正文里不应出现资料代号：{v}"
    );
    let mark = e2e::strings(&v["mark"]);
    assert!(
        mark.len() == 2 && mark[1].starts_with("sources.html#S00"),
        "{v}"
    );
    assert!(
        e2e::strings(&v["sources"])
            .iter()
            .any(|s| s.contains("共青团中央基层建设部") && s.contains("2021 年 6 月")),
        "依据用文字写明资料：{v}"
    );
    b.screenshot("citations-phone").await;
    b.click("sup.cites a").await;
    b.wait_for("location.pathname.endsWith('sources.html') && document.readyState === 'complete'")
        .await;
    let text = b.text("main").await;
    for want in [
        "共青团中央基层建设部",
        "2021 年 6 月",
        "3.0 版",
        "上海理工大学",
        "2023 年",
    ] {
        assert!(text.contains(want), "资料来源页缺少 {want}");
    }
    assert!(!text.contains("《智慧团建”"), "书名号里的引号要成对");
    b.screenshot("sources-phone").await;
    // The print version is the graduate's: no admin chapter; the admins have their own.
    b.open("print.html").await;
    let h1s = b
        .eval("return [...document.querySelectorAll('main h1')].map(h => h.textContent);")
        .await;
    let h1s = e2e::strings(&h1s);
    assert!(h1s.iter().any(|h| h.contains("升学")), "{h1s:?}");
    assert!(
        !h1s.iter()
            .any(|h| h.contains("工作指标") || h.contains("给团组织管理员")),
        "毕业生打印版不含管理员章节：{h1s:?}"
    );
    b.open("print-admin.html").await;
    let h1s = b
        .eval("return [...document.querySelectorAll('main h1')].map(h => h.textContent);")
        .await;
    assert!(
        e2e::strings(&h1s).iter().any(|h| h.contains("工作指标")),
        "{h1s}"
    );
    b.close().await;
}

/// The precache list (`sw.js`'s `FILES`), as dist-relative paths.
fn precache_list() -> Vec<String> {
    let sw = std::fs::read_to_string(e2e::dist_dir().join("sw.js")).expect("sw.js");
    let start = sw.find("var FILES = ").expect("FILES") + "var FILES = ".len();
    let end = start + sw[start..].find(";\n").expect("end of FILES");
    let list: Vec<String> = serde_json::from_str(&sw[start..end]).expect("FILES is JSON");
    list.into_iter()
        .filter(|f| f != "./")
        .map(|f| f.replace("%20", " "))
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn first_visit_saves_the_graduates_site_and_says_so() {
    let list = precache_list();
    let dist = e2e::dist_dir();
    let bytes: u64 = list
        .iter()
        .map(|f| {
            std::fs::metadata(dist.join(f))
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .sum();
    let brotli: usize = list
        .iter()
        .map(|f| e2e::brotli_len(&std::fs::read(dist.join(f)).unwrap_or_default()))
        .sum();
    println!(
        "首次访问预缓存 {} 个文件，{:.1} KB（brotli {:.1} KB）",
        list.len(),
        bytes as f64 / 1024.0,
        brotli as f64 / 1024.0
    );
    for want in [
        "index.html",
        "search.html",
        "search-index.js",
        "checker.html",
        "tracker.html",
        "app/zhuanjie-checker.js",
        "app/zhuanjie-checker_bg.wasm",
        "app/zhuanjie-tracker_bg.wasm",
        "dest-study.html",
        "faq/index.html",
        "for-admins.html",
    ] {
        assert!(list.iter().any(|f| f == want), "预缓存缺少 {want}");
    }
    for f in &list {
        assert!(
            !f.contains("zhuanjie-sim") && !f.contains("zhuanjie-sheets") && f != "simulator.html",
            "管理员的程序包不应预缓存：{f}"
        );
        assert!(
            !f.ends_with(".wasm.js"),
            "file:// 专用的副本不应预缓存：{f}"
        );
    }
    // Budgets, not timings: what a graduate's phone downloads ahead of use (the brotli
    // figure is what a compressing host sends). Before the admin bundles left the list it
    // was 3.9 MB.
    assert!(bytes < 2_300_000, "预缓存 {bytes} 字节，超出 2.3 MB 的预算");
    assert!(
        brotli < 600_000,
        "预缓存压缩后 {brotli} 字节，超出 600 KB 的预算"
    );

    let b = Browser::start().await;
    b.show_offline_notice().await;
    b.phone().await;
    b.open("index.html").await;
    b.wait_for_secs(
        "document.getElementById('offline-status') && document.getElementById('offline-status').textContent.includes('没有网络')",
        30,
    )
    .await;
    let toast = b
        .eval(
            "const t = document.querySelector('.offline-ready'); return t ? t.textContent : null;",
        )
        .await;
    assert!(
        toast.as_str().unwrap_or("").contains("离线"),
        "第一次准备好离线时在屏幕上说一次：{toast}"
    );
    b.screenshot("offline-ready-phone").await;
    // It never stands between the reader and a button: a tap where it shows reaches the page.
    let hit = b
        .eval(
            "const t = document.querySelector('.offline-ready'); if (!t) return 'gone'; \
             const r = t.getBoundingClientRect(); \
             const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
             return e && t.contains(e) ? 'toast' : 'page';",
        )
        .await;
    assert_ne!(hit, Value::from("toast"), "提示不挡住下面的按钮");
    // Said once: the next page keeps only the footer line.
    b.open("steps.html").await;
    b.wait_for_secs(
        "document.getElementById('offline-status').textContent.length > 0",
        10,
    )
    .await;
    let again = b
        .eval("return !!document.querySelector('.offline-ready');")
        .await;
    assert_eq!(again, Value::Bool(false), "只提示一次");
    // Offline: a saved page opens, the checker works, an unknown address does not exist, and
    // the simulator (never opened) says it needs the network once.
    assert!(b.set_offline(true).await, "DevTools 离线模拟");
    b.open("dest-work.html").await;
    assert!(b.text("h1").await.contains("已就业"));
    b.open("checker.html").await;
    b.wait_for("document.querySelector('#app [data-screen]')")
        .await;
    b.open("no-such-page.html").await;
    let h1 = b.text("h1").await;
    assert_eq!(h1, "找不到这一页", "离线时不存在的地址说页面不存在");
    b.open("simulator.html").await;
    let h1 = b.text("h1").await;
    assert_eq!(h1, "当前离线", "没打开过的模拟器说要先联网一次");
    b.screenshot("offline-simulator-phone").await;
    b.set_offline(false).await;
    // Online again, the simulator opens and is kept for next time.
    b.open("simulator.html").await;
    b.wait_for_secs("document.querySelector('#zj-sx')", 30)
        .await;
    let cached = b
        .eval(
            "return caches.keys().then(async keys => { const c = await caches.open(keys.find(k => k.startsWith('zhuanjie-'))); \
             return !!(await c.match('app/zhuanjie-sim_bg.wasm')); });",
        )
        .await;
    assert_eq!(cached, Value::Bool(true), "模拟器的程序包第一次打开时缓存");
    b.close().await;
}

/// From the home page to a checker outcome on a phone, for the three commonest situations,
/// as a graduate taps: the checker button, then each answer and 继续. Counts the taps and the
/// scrolling the taps needed (how far each target lay below the screen when its screen
/// appeared), and prints them; the test holds that every tap target of a question is
/// reachable with less than one screen of scrolling.
#[tokio::test(flavor = "current_thread")]
async fn home_to_an_outcome_in_few_taps_on_a_phone() {
    let b = Browser::start().await;
    b.phone().await;
    let paths: [(&str, &[(&str, &str)]); 3] = [
        (
            "升学",
            &[
                ("age", "22"),
                ("situation", "升学"),
                ("same_school", "否"),
                ("special_province", "否"),
                ("destination_is_branch", "是"),
                ("party_member", "否"),
            ],
        ),
        (
            "就业（单位有团组织）",
            &[
                ("age", "22"),
                ("situation", "已就业或自主创业"),
                ("dispatched", "否"),
                ("employer_has_org", "是"),
                ("employer_system", "都不是"),
                ("special_province", "否"),
                ("destination_is_branch", "是"),
                ("party_member", "否"),
            ],
        ),
        (
            "暂无去向",
            &[
                ("age", "22"),
                ("situation", "暂未升学也未就业"),
                ("retain_at_school", "否"),
                ("special_province", "否"),
                ("destination_is_branch", "是"),
                ("party_member", "否"),
            ],
        ),
    ];
    // How far below the screen's bottom an element lies (0 when visible).
    const BELOW: &str = "const e = document.querySelector(arguments[0]); if (!e) return -1; \
        return Math.max(0, Math.round(e.getBoundingClientRect().bottom - innerHeight));";
    for (name, answers) in paths {
        b.open("index.html").await;
        b.eval("localStorage.removeItem('zhuanjie.checker.v1'); return 1;")
            .await;
        let mut taps = 0;
        let mut scroll = 0i64;
        let below = |sel: String| {
            let b = &b;
            async move {
                b.client
                    .execute(BELOW, vec![Value::from(sel)])
                    .await
                    .ok()
                    .and_then(|v| v.as_i64())
                    .unwrap_or(-1)
            }
        };
        scroll += below(".primary-action".into()).await;
        taps += 1;
        b.click(".primary-action").await;
        b.wait_for("location.pathname.endsWith('checker.html') && document.querySelector('#app [data-screen]')")
            .await;
        for _ in 0..20 {
            b.wait_for("document.querySelector('#app [data-screen]')")
                .await;
            let Some(key) = b.question_key().await else {
                break;
            };
            let label = answers
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, l)| *l)
                .unwrap_or_else(|| panic!("{name}: 路径没有回答「{key}」"));
            // The choice (or the age box), then 继续, each as far down as it is.
            let target = if key == "age" {
                "#zj-age-input".to_string()
            } else {
                let index = b
                    .eval(&format!(
                        "return [...document.querySelectorAll('.zj-choice-label')].findIndex(e => e.textContent.trim() === {});",
                        Value::from(label)
                    ))
                    .await;
                format!("#zj-{key}-{}", index.as_i64().unwrap_or(0))
            };
            let to_choice = below(target).await;
            let to_continue = below(".zj-continue".into()).await;
            assert!(
                (0..844).contains(&to_choice) && (0..844).contains(&to_continue),
                "{name}/{key}: 选项在屏幕下方 {to_choice} px，继续在 {to_continue} px"
            );
            scroll += to_choice.max(to_continue);
            taps += 2;
            b.answer(label).await;
        }
        assert_eq!(b.screen().await, "outcome", "{name}");
        println!(
            "从首页到检查器结果（{name}，390×844）：点按 {taps} 次（另输入一次年龄），需要滚动 {scroll} px（{:.1} 屏）",
            scroll as f64 / 844.0
        );
    }
    b.close().await;
}
