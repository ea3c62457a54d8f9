//! Time to an interactive first question of the checker, in headless Chromium against the
//! built dist/ (`cargo xtask build` first). Each run is a fresh load of checker.html with
//! empty storage; the app stamps `data-ready-at` (`performance.now()`, milliseconds since
//! navigation start) on `#app` once the first question and its handlers are in the page.
//! Prints the median and the maximum; never asserts a timing. `cargo xtask bench` runs it.

use e2e::Browser;

const RUNS: usize = 9;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let b = Browser::start().await;
    b.open("checker.html").await;
    b.eval("localStorage.clear(); return 1;").await;
    let mut ready = Vec::new();
    let mut dcl = Vec::new();
    for _ in 0..RUNS {
        b.open("about:blank").await;
        b.open("checker.html").await;
        b.wait_for("document.querySelector('#app[data-ready-at]')")
            .await;
        let v = b
            .eval(
                "const q = document.querySelector('form.zj-question input'); \
                 const nav = performance.getEntriesByType('navigation')[0]; \
                 return [Number(document.querySelector('#app').dataset.readyAt), \
                         nav ? nav.domContentLoadedEventEnd : 0, !!q];",
            )
            .await;
        assert_eq!(v[2], serde_json::Value::Bool(true), "第一题应当可以作答");
        ready.push(v[0].as_f64().unwrap_or(f64::NAN));
        dcl.push(v[1].as_f64().unwrap_or(f64::NAN));
    }
    b.close().await;
    let stats = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        (v[v.len() / 2], v[v.len() - 1])
    };
    let (median, max) = stats(&mut ready);
    let (dcl_median, _) = stats(&mut dcl);
    println!(
        "检查器首题可交互（无头 Chromium，{RUNS} 次全新加载）：中位数 {median:.0} 毫秒，最大 {max:.0} 毫秒（DOMContentLoaded 中位数 {dcl_median:.0} 毫秒）"
    );
}
