//! The engine's integration tests, one binary: each module was once its own test file and
//! keeps its tests' names under its module path (`commands::…`). The fixtures sit in
//! `fixtures/`; a module's proptest regressions in `<module>.proptest-regressions` beside it.

mod after_season;
mod bad_inputs;
mod bulletin;
mod chase;
mod command_json;
mod commands;
mod deep_trees;
mod editions;
mod flow;
mod fuzz_found;
mod import;
mod metrics;
mod process;
mod rules;
mod sample;
mod season;

/// Proptest's settings with `cases` cases. Failures persist beside the module's file, as
/// `<module>.proptest-regressions` (proptest's default would, with this `main.rs`, put them
/// under `tests/proptest-regressions/`).
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::with_cases(cases)
    }
}
