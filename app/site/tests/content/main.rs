//! Tests of the content itself (`content/`, with the engine's texts it must agree with), one
//! test binary: `citations` (every cited clause exists in its seed) and `readings` (every
//! reading the guide states is on `guides/readings.md` and linked both ways).

mod citations;
mod readings;
mod search_quality;

use std::path::PathBuf;

/// The repository root (this crate lives at `app/site`).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}
