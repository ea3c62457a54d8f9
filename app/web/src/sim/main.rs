//! Entry point of the admin simulator's own bundle (`simulator.html`). The checker
//! (`src/main.rs`) and the tracker (`src/tracker_main.rs`) are other binaries, so no page
//! loads another's code.

#[path = "../mount.rs"]
mod mount;
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
mod sheets;
mod state;

fn main() {
    mount::mount(app::Simulator);
}
