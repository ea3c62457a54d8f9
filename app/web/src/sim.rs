//! The admin simulator (`simulator.html`, bundle `zhuanjie-sim`): a 学社衔接 season of one
//! school in the browser. `state.rs` holds the workspace and turns every click into an
//! engine command; each screen has its own file, laid out by `shell.rs`.

mod after_season;
mod batch_move;
mod bulletin;
mod chase;
mod clock;
mod exports;
mod feedback;
mod files;
mod initiate;
mod log;
mod member_panel;
mod members;
mod metrics_view;
mod org_editor;
mod org_tree;
mod roster_import;
mod roster_preview;
mod sheets;
mod shell;
mod state;
mod toolbar;
mod upcoming;

pub use shell::Simulator;
