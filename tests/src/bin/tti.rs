//! Time to interactive of the app pages, in headless Chromium against the built dist/
//! (`cargo xtask build` first), unthrottled and with the CPU slowed 4× (DevTools
//! `Emulation.setCPUThrottlingRate`, as on a cheap phone): the checker's first question and
//! the admin simulator's first screen (the sample workspace's rates). Each run is a fresh
//! load, both as a first visit (site data and HTTP cache forgotten) and as a return visit
//! (the service worker serving its precache); the app stamps `data-ready-at`
//! (`performance.now()`, milliseconds since navigation start) on `#app` once its first screen
//! and its handlers are in the page. Also prints what each page downloaded (raw and brotli).
//! Prints medians and maxima; never asserts a timing. `cargo xtask bench` runs it.

use e2e::Browser;

const RUNS: usize = 9;

/// An app page to time: its file, its name in the report, and what must be in the page
/// once it is interactive.
struct Page {
    file: &'static str,
    label: &'static str,
    first_screen: &'static str,
}

const PAGES: [Page; 2] = [
    Page {
        file: "checker.html",
        label: "检查器首题",
        first_screen: "document.querySelector('form.zj-question input')",
    },
    Page {
        file: "simulator.html",
        label: "模拟器首屏",
        first_screen: "document.querySelector('#zj-sx')",
    },
];

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let b = Browser::start().await;
    for page in &PAGES {
        measure(&b, page).await;
    }
    b.close().await;
}

async fn measure(b: &Browser, page: &Page) {
    b.forget_site().await;
    b.open("about:blank").await;
    b.open(page.file).await;
    let downloads = b.downloads().await;
    println!("{}（HTTP，首次访问）请求的资源（不含 HTML）：", page.file);
    let (mut raw, mut br, mut code_br) = (0, 0, 0);
    for d in &downloads {
        println!(
            "  {:<32} {:<8} 原始 {:>7.1} KB  brotli {:>6.1} KB",
            d.path,
            d.initiator,
            d.raw as f64 / 1024.0,
            d.brotli as f64 / 1024.0
        );
        raw += d.raw;
        br += d.brotli;
        if d.is_code() {
            code_br += d.brotli;
        }
    }
    println!(
        "  合计：原始 {:.1} KB，brotli {:.1} KB；其中 JS + wasm 的 brotli {:.1} KB",
        raw as f64 / 1024.0,
        br as f64 / 1024.0,
        code_br as f64 / 1024.0
    );
    for (rate, first_visit) in [(1.0, true), (4.0, true), (1.0, false), (4.0, false)] {
        let mut ready = Vec::new();
        let mut dcl = Vec::new();
        if !first_visit {
            // Install the service worker and let it precache, as a first visit would.
            b.open(page.file).await;
            b.wait_for_secs(
                "navigator.serviceWorker && navigator.serviceWorker.controller !== null || \
                 (location.reload(), false)",
                60,
            )
            .await;
        }
        for _ in 0..RUNS {
            b.throttle_cpu(1.0).await;
            if first_visit {
                b.forget_site().await;
            }
            b.open("about:blank").await;
            if rate > 1.0 && !b.throttle_cpu(rate).await {
                println!("（此 chromedriver 不支持 CPU 降速，跳过 {rate}×）");
                break;
            }
            // `open` returns once the app has stamped `data-ready-at`.
            b.open(page.file).await;
            let v = b
                .eval(&format!(
                    "const q = {}; \
                     const nav = performance.getEntriesByType('navigation')[0]; \
                     return [Number(document.querySelector('#app').dataset.readyAt), \
                             nav ? nav.domContentLoadedEventEnd : 0, !!q];",
                    page.first_screen
                ))
                .await;
            assert_eq!(
                v[2],
                serde_json::Value::Bool(true),
                "{} 可交互时应已显示首屏",
                page.file
            );
            ready.push(v[0].as_f64().unwrap_or(f64::NAN));
            dcl.push(v[1].as_f64().unwrap_or(f64::NAN));
        }
        b.throttle_cpu(1.0).await;
        if ready.is_empty() {
            continue;
        }
        let stats = |v: &mut Vec<f64>| {
            v.sort_by(|a, b| a.total_cmp(b));
            (v[v.len() / 2], v[v.len() - 1])
        };
        let (median, max) = stats(&mut ready);
        let (dcl_median, _) = stats(&mut dcl);
        println!(
            "{}可交互（无头 Chromium，{}，CPU {rate}×，{} 次加载）：中位数 {median:.0} 毫秒，最大 {max:.0} 毫秒（DOMContentLoaded 中位数 {dcl_median:.0} 毫秒）",
            page.label,
            if first_visit { "首次访问" } else { "再次访问（service worker 缓存）" },
            ready.len()
        );
    }
}
