//! What the fuzz targets share: the shipped sample workspaces (built once per process) and
//! the dashboard the simulator draws after every import or command, so that a document the
//! engine accepts is also one it can show.
//!
//! Each target in `fuzz_targets/` states its invariants at the top. A broken invariant is a
//! panic, which libFuzzer reports as a crash and `cargo xtask fuzz` as a failure.

use std::sync::OnceLock;

use chrono::NaiveDate;
use zhuanjie_core::tracker::TrackedApplication;
use zhuanjie_core::{
    flow, metrics, process, rules, saved, season, synth, Answers, Edition, Workspace,
};

/// The shipped sample school of an edition (`content/data/sample-workspace-*.json` is the
/// same generator and seed).
pub fn sample(edition: Edition) -> &'static Workspace {
    static SAMPLES: OnceLock<[Workspace; 2]> = OnceLock::new();
    let samples = SAMPLES.get_or_init(|| {
        [
            synth::school(60, Edition::E2021, 7),
            synth::school(60, Edition::E2019, 7),
        ]
    });
    match edition {
        Edition::E2021 => &samples[0],
        Edition::E2019 => &samples[1],
    }
}

/// Everything the simulator computes for a workspace it holds: the states (every history
/// folds at the clock), the metrics of the whole tree and of each child, the completion
/// curve (its last point is the metrics), the upcoming timers, what moving the clock did,
/// and the milestones. Only panics matter here; refusals (an unknown region, a too-long range) are
/// values.
pub fn dashboard(ws: &Workspace) {
    let at = ws.clock;
    let states = ws.states_at(at);
    assert_eq!(states.len(), ws.applications.len());
    // A valid workspace's histories all fold at its clock.
    for s in &states {
        assert!(s.error.is_none(), "{}: {:?}", s.application, s.error);
    }
    let index = ws.index();
    let snapshot = metrics::Snapshot::new(ws, &index, at);
    let whole = metrics::compute_in(ws, &index, &snapshot, None);
    let _ = season::child_rates_in(ws, &index, &snapshot, None);
    let start = season::curve_start(ws);
    let curve = season::completion_curve_in(ws, &index, &snapshot, None, start);
    if let (Ok(whole), Ok(curve)) = (&whole, &curve) {
        // The last point of the curve is the metrics at the clock (season.rs promises it).
        if let Some(last) = curve.last() {
            assert_eq!(
                last.sx, whole.sx,
                "curve's last SX differs from the metrics"
            );
            assert_eq!(
                last.xs, whole.xs,
                "curve's last XS differs from the metrics"
            );
        }
    }
    let _ = season::upcoming(ws, at);
    let _ = season::clock_move(ws, start, at);
    let _ = season::milestones(ws);
    let calendar = ws.calendar();
    for app in &ws.applications {
        let process = ws.process_of(app);
        if let Ok(state) = process::state_at(&process, &app.events, at, &calendar) {
            let _ = process::possible_actions(&process, &state);
        }
    }
}

/// A date `offset` days from 2020-01-01, or `None` past chrono's range.
pub fn day(offset: i64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(2020, 1, 1)?;
    base.checked_add_signed(chrono::TimeDelta::try_days(offset)?)
}

/// What the checker does with answers it accepted: the next question, the path, the outcome,
/// and the tracker record an outcome seeds.
///
/// Invariants: the next question is one not answered yet; complete answers have an outcome
/// (every path ends in an outcome or an error naming a key); the answers that no longer
/// apply change nothing; the outcome never offers a destination it forbids, and its remark
/// fits the system's limit; the tracker record it seeds is one the tracker reads back and
/// reports on; the answers survive the saved checker value (what the page keeps in
/// localStorage) unchanged.
pub fn checker(answers: &Answers) {
    let stored = saved::checker_to_json(answers);
    assert_eq!(
        saved::checker_from_json(&stored).as_ref(),
        Ok(answers),
        "the saved checker value does not read back: {stored}"
    );
    let next = flow::next_question(answers);
    if let Some(q) = next {
        assert!(
            answers.get(q.key).is_none(),
            "next question {} is already answered",
            q.key.code()
        );
    }
    let relevant = flow::relevant(answers);
    assert_eq!(
        flow::relevant(&relevant),
        relevant,
        "relevant is not idempotent"
    );
    assert_eq!(flow::path(answers).len(), relevant.len());
    let outcome = rules::evaluate(answers);
    let again = rules::evaluate(&relevant);
    assert_eq!(
        outcome
            .as_ref()
            .map(|o| o.outcome)
            .map_err(|e| e.key.clone()),
        again.as_ref().map(|o| o.outcome).map_err(|e| e.key.clone()),
        "answers that do not apply changed the outcome"
    );
    match (next, outcome) {
        (None, Err(e)) => panic!("complete answers without an outcome: {e} ({answers:?})"),
        (Some(_), Ok(o)) => panic!("incomplete answers have outcome {}", o.outcome),
        (Some(q), Err(e)) => assert_eq!(e.key, q.key.code(), "the error names another key"),
        (None, Ok(o)) => {
            for f in &o.forbidden {
                assert!(
                    f.destination != Some(o.destination),
                    "outcome {} offers and forbids {:?}",
                    o.outcome,
                    o.destination
                );
            }
            assert!(o.remark_draft.chars().count() <= rules::REMARK_MAX_CHARS);
            let submitted = NaiveDate::from_ymd_opt(2026, 7, 1).expect("a date");
            if let Some(app) = saved::tracker_from_outcome(answers, &o, submitted) {
                let back = TrackedApplication::from_json(&app.to_json());
                assert_eq!(back.as_ref(), Ok(&app), "the seeded tracker record");
                if let Err(e) = app.report(submitted) {
                    panic!("the seeded tracker record does not report: {e}");
                }
            }
        }
    }
}
