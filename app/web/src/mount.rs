//! Mounting a page into the host page's `<div id="app">`, shared by every bundle (the
//! checker, the tracker and the simulator are separate binaries, so each page loads only its
//! own code).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts `page` into `#app` (replacing the static page's no-JavaScript fallback) and, once
/// the first screen is in the DOM with its handlers attached, stamps `data-ready-at` on the
/// host: milliseconds since navigation start, for the time-to-interactive bench and for tests
/// that wait for the app. A page without a mount point simply has no app.
pub fn mount<V: IntoView + 'static>(page: impl FnOnce() -> V + 'static) {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(host) = document
        .get_element_by_id("app")
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    host.set_inner_html("");
    // The app lives as long as the page.
    leptos::mount::mount_to(host.clone(), page).forget();
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        // Tenths of a millisecond by integer arithmetic: `{:.1}` would link float formatting
        // into the small bundles for this one attribute.
        let tenths = (perf.now() * 10.0) as u64;
        let _ = host.set_attribute("data-ready-at", &format!("{}.{}", tenths / 10, tenths % 10));
    }
}
