//! The dashboard views agree with the metrics and the state machine: per-child rates equal
//! one computation per child, the curve ends on the metrics at its last day, upcoming
//! timers are sorted, and clock moves count what a state-by-state comparison sees.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use zhuanjie_core::calendar::TimerEffect;
use zhuanjie_core::metrics;
use zhuanjie_core::process::{self, State};
use zhuanjie_core::season;
use zhuanjie_core::{synth, Edition, Workspace};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn edition(e2019: bool) -> Edition {
    if e2019 {
        Edition::E2019
    } else {
        Edition::E2021
    }
}

fn regions(ws: &Workspace) -> Vec<Option<String>> {
    let mut out = vec![None];
    // Every committee-like org: those are the ones with children.
    out.extend(
        ws.orgs
            .iter()
            .filter(|o| ws.orgs.iter().any(|c| c.parent.as_ref() == Some(&o.id)))
            .map(|o| Some(o.id.clone())),
    );
    out
}

fn check_child_rates(ws: &Workspace, at: NaiveDate) {
    let index = ws.index();
    for region in regions(ws) {
        let rows = season::child_rates(ws, &index, region.as_deref(), at).unwrap();
        let parent = region.clone().unwrap_or_else(|| "R".into());
        let children: Vec<&str> = ws
            .orgs
            .iter()
            .filter(|o| o.parent.as_deref() == Some(parent.as_str()))
            .map(|o| o.id.as_str())
            .collect();
        assert_eq!(
            rows.iter().map(|r| r.org.as_str()).collect::<Vec<_>>(),
            children
        );
        for row in rows {
            let m = metrics::compute_with_index(ws, &index, Some(&row.org), at).unwrap();
            assert_eq!(row.sx, m.sx, "SX of {} at {at}", row.org);
            assert_eq!(row.xs, m.xs, "XS of {} at {at}", row.org);
            assert_eq!(row.missing, m.missing.len(), "missing of {}", row.org);
            assert_eq!(row.name, m.region_name);
        }
    }
}

#[test]
fn child_rates_equal_per_child_compute_on_the_samples() {
    for e in Edition::ALL {
        let ws = synth::school(60, e, 7);
        for at in [d(2026, 6, 1), d(2026, 7, 10), ws.clock, d(2026, 12, 1)] {
            check_child_rates(&ws, at);
        }
    }
    let ws = synth::school(60, Edition::E2021, 7);
    let index = ws.index();
    assert!(season::child_rates(&ws, &index, Some("NOPE"), ws.clock)
        .unwrap_err()
        .to_string()
        .contains("NOPE"));
    let empty = Workspace::empty(Edition::E2021, ws.clock);
    assert!(season::child_rates(&empty, &empty.index(), None, ws.clock).is_err());
}

#[test]
fn curve_ends_on_the_metrics_and_never_goes_down() {
    for e in Edition::ALL {
        let ws = synth::school(60, e, 7);
        let index = ws.index();
        for region in regions(&ws) {
            let (from, to) = (d(2026, 5, 1), ws.clock);
            let curve = season::completion_curve(&ws, &index, region.as_deref(), from, to).unwrap();
            assert_eq!(curve.len() as i64, (to - from).num_days() + 1);
            assert_eq!(curve.first().unwrap().date, from);
            let last = curve.last().unwrap();
            assert_eq!(last.date, to);
            let m = metrics::compute_with_index(&ws, &index, region.as_deref(), to).unwrap();
            assert_eq!(last.sx, m.sx, "{region:?}");
            assert_eq!(last.xs, m.xs, "{region:?}");
            for pair in curve.windows(2) {
                assert!(pair[0].sx.completed <= pair[1].sx.completed);
                assert!(pair[0].xs.completed <= pair[1].xs.completed);
                assert_eq!(pair[0].sx.denominator(), pair[1].sx.denominator());
            }
        }
        // The per-member dates agree with the curve's last point.
        let dates = season::completion_dates(&ws, &index, Some("U"), ws.clock).unwrap();
        assert_eq!(dates.len(), ws.members.len());
        let m = metrics::compute_with_index(&ws, &index, Some("U"), ws.clock).unwrap();
        let counted = dates.iter().filter(|x| x.counted).count();
        assert_eq!(counted, m.sx.denominator() + m.xs.denominator());
        let done = dates
            .iter()
            .filter(|x| x.counted && x.completed_on.is_some())
            .count();
        assert_eq!(done, m.sx.completed + m.xs.completed);
    }
}

#[test]
fn kept_at_school_never_completes_on_the_curve() {
    // APP0000004 (M0000004) completed into the school's floating branch in June.
    let ws = synth::school(60, Edition::E2021, 7);
    let index = ws.index();
    let dates = season::completion_dates(&ws, &index, None, ws.clock).unwrap();
    let at = ws.members.iter().position(|m| m.id == "M0000004").unwrap();
    assert!(dates[at].counted);
    assert_eq!(dates[at].completed_on, None);
}

#[test]
fn curve_ranges() {
    let ws = synth::school(60, Edition::E2021, 7);
    let index = ws.index();
    assert!(
        season::completion_curve(&ws, &index, None, ws.clock, d(2026, 1, 1))
            .unwrap()
            .is_empty(),
        "from after to: no points"
    );
    let err = season::completion_curve(&ws, &index, None, d(1000, 1, 1), ws.clock).unwrap_err();
    assert!(err.to_string().contains("太长"), "{err}");
    assert!(season::completion_curve(&ws, &index, Some("NOPE"), ws.clock, ws.clock).is_err());
}

#[test]
fn upcoming_is_sorted_and_lists_every_pending_timer() {
    for e in Edition::ALL {
        let ws = synth::school(60, e, 7);
        let calendar = ws.calendar();
        let list = season::upcoming(&ws, ws.clock);
        assert!(list.windows(2).all(|p| p[0].on <= p[1].on), "soonest first");
        let expected = ws
            .applications
            .iter()
            .filter(|a| {
                let s =
                    process::state_at(&ws.process_of(a), &a.events, ws.clock, &calendar).unwrap();
                process::next_due(&s, &calendar).is_some()
            })
            .count();
        assert_eq!(list.len(), expected);
        assert!(!list.is_empty());
        for u in &list {
            assert!(u.on > ws.clock);
            assert_eq!(ws.member(&u.member).unwrap().name, u.member_name);
            match e {
                Edition::E2021 => {
                    assert_eq!(u.effect, TimerEffect::AutoReturn);
                    assert_eq!(u.reminder_on, None);
                }
                Edition::E2019 => assert_eq!(u.effect, TimerEffect::AutoApprove),
            }
        }
    }
}

/// Steps passed, and whether the application was auto-returned, from its state.
fn progress(s: &State, steps: usize) -> (usize, bool) {
    match s {
        State::Pending { index, .. } => (*index, false),
        State::Completed { .. } => (steps, false),
        State::AutoReturned { .. } => (0, true),
        _ => (0, false),
    }
}

fn brute_force(ws: &Workspace, from: NaiveDate, to: NaiveDate) -> season::ClockMove {
    // Every event is on or before the clock ≤ from: whatever changed between from and to
    // was a timer. Auto-approvals: steps passed at `to` minus at `from`; auto-returns:
    // returned at `to` and not at `from`.
    let calendar = ws.calendar();
    let mut out = season::ClockMove::default();
    for app in &ws.applications {
        let p = ws.process_of(app);
        let a = process::state_at(&p, &app.events, from, &calendar).unwrap();
        let b = process::state_at(&p, &app.events, to, &calendar).unwrap();
        let (pa, ra) = progress(&a, p.steps.len());
        let (pb, rb) = progress(&b, p.steps.len());
        if rb && !ra {
            out.auto_returned += 1;
        } else if !ra {
            out.auto_approved += pb.saturating_sub(pa);
        }
    }
    out
}

proptest! {
    #![proptest_config(crate::proptest_config(48))]
    #[test]
    fn clock_move_matches_a_brute_force_comparison(seed in 1u64..500, n in 20usize..200, e2019 in any::<bool>(), days in 0u64..60, step in 0u64..40) {
        let ws = synth::school(n, edition(e2019), seed);
        let from = ws.clock + Days::new(days);
        let to = from + Days::new(step);
        let fast = season::clock_move(&ws, from, to);
        prop_assert_eq!(fast, brute_force(&ws, from, to));
        prop_assert_eq!(season::clock_move(&ws, to, from), season::ClockMove::default());
    }

    #[test]
    fn child_rates_equal_per_child_compute(seed in 1u64..500, n in 20usize..300, e2019 in any::<bool>(), day in 0u64..200) {
        let ws = synth::school(n, edition(e2019), seed);
        check_child_rates(&ws, d(2026, 5, 1) + Days::new(day));
    }

    #[test]
    fn curve_last_point_equals_compute(seed in 1u64..500, n in 20usize..300, e2019 in any::<bool>(), span in 0u64..200, pick in 0usize..1000) {
        let ws = synth::school(n, edition(e2019), seed);
        let index = ws.index();
        let region = ws.orgs[pick % ws.orgs.len()].id.clone();
        let to = d(2026, 5, 1) + Days::new(span);
        let curve = season::completion_curve(&ws, &index, Some(&region), d(2026, 5, 1), to).unwrap();
        let m = metrics::compute_with_index(&ws, &index, Some(&region), to).unwrap();
        let last = curve.last().unwrap();
        prop_assert_eq!(&last.sx, &m.sx);
        prop_assert_eq!(&last.xs, &m.xs);
    }
}

#[test]
fn both_editions_have_timers_that_fire() {
    // 2021: the pending applications of Oct 9 are auto-returned on Oct 19.
    let ws = synth::school(60, Edition::E2021, 7);
    let moved = season::clock_move(&ws, ws.clock, d(2026, 10, 31));
    assert!(
        moved.auto_returned > 0 && moved.auto_approved == 0,
        "{moved:?}"
    );
    // 2019: steps pending on the clock are approved after 15 days.
    let ws = synth::school(60, Edition::E2019, 7);
    let moved = season::clock_move(&ws, ws.clock, d(2026, 11, 30));
    assert!(
        moved.auto_approved > 0 && moved.auto_returned == 0,
        "{moved:?}"
    );
}

#[test]
fn milestones_are_dated_in_the_clock_year() {
    let ws = synth::school(60, Edition::E2021, 7);
    let ms = season::milestones(&ws);
    let dates: Vec<NaiveDate> = ms.iter().map(|(date, _)| *date).collect();
    assert_eq!(
        dates,
        vec![
            d(2026, 8, 31),
            d(2026, 9, 1),
            d(2026, 9, 30),
            d(2026, 10, 31)
        ]
    );
    assert!(ms.iter().all(|(_, label)| !label.is_empty()));
    let ws2019 = synth::school(60, Edition::E2019, 7);
    assert!(season::milestones(&ws2019).is_empty());
}
