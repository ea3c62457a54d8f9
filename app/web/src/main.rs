//! The destination checker's bundle (`checker.html`). The page lives in the library
//! (`src/checker.rs`); the other pages are other binaries, so each loads only its own code.

use leptos::prelude::*;
use zhuanjie_web::checker::CheckerPage;
use zhuanjie_web::mount::mount;

fn main() {
    mount(|| view! { <div class="zj-app" data-app-page="checker"><CheckerPage/></div> });
}
