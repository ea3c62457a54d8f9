//! Every browser end-to-end test in one binary (one link of the engine and the site crate
//! instead of seven): each module is one page or concern, run against the built `dist/`.

mod accessibility;
mod admin_day;
mod checker;
mod engine_links;
mod graduate;
mod sim_roster;
mod simulator;
mod site;
mod tracker;
mod wasm_budget;
