//! The personal tracker's bundle (`tracker.html`). The checker (`src/main.rs`) and the admin
//! simulator (`src/sim/`) are other binaries, so each page loads only its own code.

#[allow(dead_code)]
mod mount;
#[allow(dead_code)]
mod store;
mod tracker;
#[allow(dead_code)]
mod util;

use leptos::prelude::*;

fn main() {
    mount::mount(|| {
        view! { <div class="zj-app" data-app-page="tracker"><tracker::TrackerPage/></div> }
    });
}
