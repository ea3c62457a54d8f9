//! Entry point of the admin simulator's own bundle (`simulator.html`). The checker and the
//! tracker are another binary (`src/main.rs`), so neither page loads the other's code.

#[allow(dead_code)]
#[path = "../store.rs"]
mod store;
#[allow(dead_code)]
#[path = "../util.rs"]
mod util;

mod app;
mod files;
mod members;
mod metrics_view;
mod roster_import;
mod save;
mod state;

use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(host) = document.get_element_by_id("app") else {
        return;
    };
    let Ok(host) = host.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    host.set_inner_html("");
    let handle = leptos::mount::mount_to(host, app::Simulator);
    handle.forget();
    if let (Some(host), Some(perf)) = (
        document.get_element_by_id("app"),
        web_sys::window().and_then(|w| w.performance()),
    ) {
        let _ = host.set_attribute("data-ready-at", &format!("{:.1}", perf.now()));
    }
}
