//! The guide site in headless Chromium: layout at phone and desktop widths, Chinese search,
//! file:// reading, the contacts filter, the service worker, and no off-origin request.

use e2e::Browser;
use serde_json::Value;

/// The first guide linked from the home page.
async fn first_guide(b: &Browser) -> String {
    b.open("index.html").await;
    let v = b
        .eval("const a = document.querySelector('#guides ~ .cards a'); return a ? a.getAttribute('href') : null;")
        .await;
    v.as_str().expect("首页应列出指南").to_string()
}

#[tokio::test(flavor = "current_thread")]
async fn pages_fit_phone_and_desktop() {
    let b = Browser::start().await;
    let guide = first_guide(&b).await;
    for (name, size) in [("phone", e2e::PHONE), ("desktop", e2e::DESKTOP)] {
        b.viewport(size.0, size.1).await;
        for (page, shot) in [
            ("index.html", "index"),
            (guide.as_str(), "guide"),
            ("faq/index.html", "faq"),
            ("phones.html", "phones"),
            ("checker.html", "checker"),
        ] {
            b.open(page).await;
            let width = b.eval("return window.innerWidth;").await;
            assert_eq!(width, Value::from(size.0), "{page} viewport");
            assert!(b.fits_width().await, "{page} 在 {name} 宽度下出现横向滚动");
            let h1 = b
                .eval("return document.querySelector('h1').textContent;")
                .await;
            assert!(!h1.as_str().unwrap_or("").is_empty(), "{page} 没有标题");
            b.assert_same_origin().await;
            b.screenshot(&format!("{shot}-{name}")).await;
        }
    }
    // A guide page has breadcrumbs, sources and the site nav.
    b.open(&guide).await;
    let v = b
        .eval(
            "return [!!document.querySelector('.breadcrumbs'), \
             document.querySelectorAll('.sources li').length, \
             document.querySelectorAll('#site-nav a').length];",
        )
        .await;
    assert_eq!(v[0], Value::Bool(true));
    assert!(v[1].as_u64().unwrap_or(0) >= 1, "页脚应列出依据");
    assert!(v[2].as_u64().unwrap_or(0) >= 5);
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn chinese_search_finds_substrings_with_marks() {
    let b = Browser::start().await;
    b.phone().await;
    // "系统自动" spans the words 系统|自动.
    b.open("search.html?q=%E7%B3%BB%E7%BB%9F%E8%87%AA%E5%8A%A8")
        .await;
    b.wait_for("document.querySelector('.search-hits li')")
        .await;
    let marks = b
        .eval("return [...document.querySelectorAll('.search-hits mark')].map(m => m.textContent);")
        .await;
    let marks: Vec<String> = serde_json::from_value(marks).expect("marks");
    assert!(
        marks.iter().any(|m| m.replace(' ', "") == "系统自动"),
        "{marks:?}"
    );
    b.screenshot("search-phone").await;
    b.assert_same_origin().await;
    // Typing a mixed Chinese/ASCII query re-runs the search.
    for q in ["SX 指标", "10天"] {
        let n = b
            .eval(&format!(
                "return window.zjSearch({}).length;",
                Value::from(q)
            ))
            .await;
        assert!(n.as_u64().unwrap_or(0) >= 1, "{q} 没有结果");
    }
    let input = b
        .client
        .find(fantoccini::Locator::Css("#search-q"))
        .await
        .expect("search box");
    input.clear().await.expect("clear");
    input.send_keys("量子纠缠zzq").await.expect("type");
    b.wait_for("document.querySelector('.search-count') && document.querySelector('.search-count').textContent.includes('没有找到')")
        .await;
    let hits = b
        .eval("return document.querySelectorAll('.search-hits li').length;")
        .await;
    assert_eq!(hits, Value::from(0));
    // The header search box submits to the search page.
    b.open("index.html").await;
    let q = b
        .client
        .find(fantoccini::Locator::Css(".header-search input"))
        .await
        .expect("box");
    q.send_keys("退回\n").await.expect("type");
    b.wait_for(
        "location.pathname.endsWith('search.html') && document.querySelector('.search-hits li')",
    )
    .await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn reads_from_file_url_with_relative_links() {
    let b = Browser::start().await;
    let dist = e2e::dist_dir();
    let url = format!("file://{}", dist.join("index.html").display());
    b.open(&url).await;
    let v = b
        .eval(
            "return { h1: document.querySelector('h1').textContent, \
              css: getComputedStyle(document.querySelector('.site-header')).borderBottomStyle, \
              bad: [...document.querySelectorAll('a[href],link[href],script[src]')] \
                .map(e => e.getAttribute('href') || e.getAttribute('src')) \
                .filter(h => h.startsWith('/') || h.startsWith('http://127.0.0.1')) };",
        )
        .await;
    assert!(!v["h1"].as_str().unwrap_or("").is_empty());
    assert_eq!(v["css"], "solid", "样式表在 file:// 下应生效");
    assert_eq!(v["bad"], Value::Array(vec![]), "链接应为相对路径");
    b.assert_same_origin().await;
    // Follow a FAQ link two levels: index → faq/index → a question → back up via breadcrumbs.
    b.client
        .find(fantoccini::Locator::Css(
            "#site-nav a[href='faq/index.html']",
        ))
        .await
        .expect("faq link")
        .click()
        .await
        .expect("click");
    b.wait_for("location.href.endsWith('faq/index.html') && document.readyState === 'complete'")
        .await;
    let href = b
        .eval("const a = document.querySelector('.faq-list a'); return a ? a.href : null;")
        .await;
    let href = href.as_str().expect("the FAQ index lists its questions");
    assert!(href.starts_with("file://"));
    b.open(href).await;
    let crumbs = b
        .eval("return document.querySelector('.breadcrumbs a').href;")
        .await;
    assert!(crumbs.as_str().unwrap_or("").ends_with("/index.html"));
    assert!(b.eval("return document.styleSheets.length;").await.as_u64() >= Some(1));
    // The search works from file:// too (the index is a script, not a fetch).
    let search = format!(
        "file://{}?q=%E9%80%80%E5%9B%9E",
        dist.join("search.html").display()
    );
    b.open(&search).await;
    b.wait_for("document.querySelector('.search-hits mark')")
        .await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn contacts_filter_by_city_and_county() {
    let b = Browser::start().await;
    b.phone().await;
    b.open("phones.html").await;
    let total = b
        .eval("return document.querySelectorAll('#contacts-table tbody tr').length;")
        .await;
    let total = total.as_u64().unwrap_or(0);
    assert!(total >= 3, "电话表应有多行");
    assert_eq!(
        b.eval("return document.getElementById('contacts-filter').hidden;")
            .await,
        Value::Bool(false)
    );
    let city = b
        .eval("const s = document.getElementById('filter-city'); s.selectedIndex = 2; s.dispatchEvent(new Event('change')); return s.value;")
        .await;
    let city = city.as_str().expect("city").to_string();
    let v = b
        .eval("return [...document.querySelectorAll('#contacts-table tbody tr')].filter(r => !r.hidden).map(r => r.dataset.city);")
        .await;
    let shown: Vec<String> = serde_json::from_value(v).expect("rows");
    assert!(!shown.is_empty() && (shown.len() as u64) < total);
    assert!(shown.iter().all(|c| *c == city), "{shown:?}");
    b.screenshot("phones-filtered-phone").await;
    // County filter across all cities.
    let county = b
        .eval("document.getElementById('filter-city').value = ''; return document.querySelector('#contacts-table tbody tr').dataset.county;")
        .await;
    let county = county.as_str().expect("county").to_string();
    let input = b
        .client
        .find(fantoccini::Locator::Css("#filter-county"))
        .await
        .expect("input");
    input.send_keys(&county).await.expect("type");
    let v = b
        .eval("return [...document.querySelectorAll('#contacts-table tbody tr')].filter(r => !r.hidden).map(r => r.dataset.county);")
        .await;
    let shown: Vec<String> = serde_json::from_value(v).expect("rows");
    assert!(
        !shown.is_empty() && shown.iter().all(|c| c.contains(&county)),
        "{shown:?}"
    );
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn service_worker_precaches_the_site() {
    let b = Browser::start().await;
    b.open("index.html").await;
    let v = b
        .eval(
            "return navigator.serviceWorker.ready.then(async () => { \
               const keys = (await caches.keys()).filter(k => k.startsWith('zhuanjie-')); \
               const c = await caches.open(keys[0]); \
               const hit = await c.match('index.html'); \
               return [keys.length, !!hit, (await c.keys()).length]; });",
        )
        .await;
    assert_eq!(v[0], Value::from(1), "一个缓存");
    assert_eq!(v[1], Value::Bool(true), "首页已缓存");
    let files = e2e::dist_dir();
    let sw = std::fs::read_to_string(files.join("sw.js")).expect("sw.js");
    let start = sw.find("var FILES = ").expect("FILES");
    let end = start + sw[start..].find(";\n").expect("end");
    let listed = sw[start..end].matches('"').count() as u64 / 2;
    assert!(
        v[2].as_u64().unwrap_or(0) >= listed,
        "应预缓存清单里的全部文件"
    );
    let manifest = b
        .eval("return fetch('manifest.webmanifest').then(r => r.json()).then(m => [m.start_url, m.icons.length]);")
        .await;
    assert_eq!(manifest[0], "./index.html");
    b.assert_same_origin().await;
    b.close().await;
}
