//! The roster crate's integration tests, one binary: each module was once its own test
//! file and keeps its tests' names under its module path. `common` makes the fixtures
//! (synthetic rosters and workspaces); `fixtures/` holds the one file made elsewhere.

mod branch_files;
mod common;
mod hostile;
mod plan;
mod reimport;
mod roster;
mod scale;
