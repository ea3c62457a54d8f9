//! The zhuanjie browser app: the shared modules and every page, mounted by the thin
//! binaries (one bundle per page, see `Cargo.toml`). A bundle links only what its page
//! reaches; the linker drops the rest.
//!
//! - [`checker`]: the destination checker (`checker.html`, `src/main.rs`);
//! - [`tracker`]: the personal tracker (`tracker.html`, `src/tracker_main.rs`);
//! - [`sim`]: the admin simulator (`sim.html`, `src/sim_main.rs`), which loads the
//!   spreadsheet bundle (`src/sheets_main.rs`) on demand;
//! - [`mount`], `store` (localStorage and notices) and `util` (hash, dates, clipboard):
//!   shared by the pages.

pub mod checker;
pub mod mount;
pub mod sim;
mod store;
pub mod tracker;
mod util;
