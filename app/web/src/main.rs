//! Entry point of the browser app: find the host page's `<div id="app">` and mount the
//! root component into it. The page kind comes from its `data-page` attribute
//! (`checker`, `tracker`, `admin`/`simulator`) or else the page's file name; see `app.rs`.

mod app;
mod checker;
mod store;
mod tracker;
mod util;

use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();

    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(host) = document.get_element_by_id("app") else {
        // A page without a mount point (e.g. a guide page) simply has no app.
        return;
    };
    let path = document
        .location()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    let page = app::Page::detect(host.get_attribute("data-page").as_deref(), &path);
    let Ok(host) = host.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    // Replace the no-JavaScript fallback the static page shows inside the mount point.
    host.set_inner_html("");
    let handle = leptos::mount::mount_to(host, move || app::App(app::AppProps { page }));
    // The app lives as long as the page.
    handle.forget();
    // The first screen is in the DOM and its handlers are attached: record when, for the
    // time-to-interactive bench and for tests that wait for the app.
    if let (Some(host), Some(perf)) = (
        document.get_element_by_id("app"),
        web_sys::window().and_then(|w| w.performance()),
    ) {
        let _ = host.set_attribute("data-ready-at", &format!("{:.1}", perf.now()));
    }
}
