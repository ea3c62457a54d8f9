//! The personal tracker's bundle (`tracker.html`). The page lives in the library
//! (`src/tracker.rs`); the other pages are other binaries, so each loads only its own code.

use leptos::prelude::*;
use zhuanjie_web::mount::mount;
use zhuanjie_web::tracker::TrackerPage;

fn main() {
    mount(|| view! { <div class="zj-app" data-app-page="tracker"><TrackerPage/></div> });
}
