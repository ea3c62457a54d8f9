//! The destination checker's bundle (`checker.html`). The tracker (`src/tracker_main.rs`) and
//! the admin simulator (`src/sim/`) are other binaries, so each page loads only its own code.

mod checker;
#[allow(dead_code)]
mod mount;
#[allow(dead_code)]
mod store;
#[allow(dead_code)]
mod util;

use leptos::prelude::*;

fn main() {
    mount::mount(|| {
        view! { <div class="zj-app" data-app-page="checker"><checker::CheckerPage/></div> }
    });
}
