//! Property tests of the state machine: terminal states absorb, withdrawal rules, timers
//! exactly as each edition says, batches never over 30; every shape's steps against a table
//! written out by hand, which the property tests read their expectations from.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use zhuanjie_core::calendar::{Calendar, TimerEffect};
use zhuanjie_core::codes::Step::{self, AssignBranch, InOrg, Leadership, OutOrg, Provincial};
use zhuanjie_core::process::{
    self, Actor, Event, EventKind, Initiator, Process, ProcessShape, RejectReason, State,
};
use zhuanjie_core::Edition;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn shape() -> impl Strategy<Value = ProcessShape> {
    (
        prop::sample::select(Initiator::ALL.to_vec()),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(Edition::ALL.to_vec()),
    )
        .prop_map(
            |(initiator, special_unit, special_province, destination_is_branch, u16, edition)| {
                ProcessShape {
                    edition,
                    initiator,
                    special_unit,
                    special_province,
                    destination_is_branch,
                    under_16_leaving_school: u16,
                }
            },
        )
}

const KINDS: [EventKind; 6] = EventKind::ALL;
const ACTORS: [Actor; 6] = Actor::ALL;

fn event() -> impl Strategy<Value = (u64, Event)> {
    (
        0u64..20,
        prop::sample::select(KINDS.to_vec()),
        prop::sample::select(ACTORS.to_vec()),
        prop::option::of(prop::sample::select(Step::ALL.to_vec())),
        any::<bool>(),
    )
        .prop_map(|(gap, kind, by, step, with_reason)| {
            let mut e = Event::new(d(2026, 1, 1), kind, by);
            e.step = step;
            e.reason = with_reason.then_some(RejectReason::WrongData);
            e.branch = Some("B1".into());
            (gap, e)
        })
}

/// A history that starts with a valid submit and then random (often impossible) events.
fn history() -> impl Strategy<Value = (ProcessShape, Vec<Event>)> {
    (shape(), 0u64..300, prop::collection::vec(event(), 0..8)).prop_map(|(shape, start, raw)| {
        let mut date = d(2026, 3, 1) + Days::new(start);
        let mut events = vec![Event::new(date, EventKind::Submit, shape.initiator.actor())];
        for (gap, mut e) in raw {
            date = date + Days::new(gap);
            e.date = date;
            events.push(e);
        }
        (shape, events)
    })
}

/// The longest prefix of `events` that folds without error.
fn valid_prefix(process: &Process, events: &[Event], calendar: &Calendar) -> usize {
    let end = d(2027, 12, 31);
    (0..=events.len())
        .rev()
        .find(|&n| process::state_at(process, &events[..n], end, calendar).is_ok())
        .unwrap_or(0)
}

/// One row of the step table: the shape's flags, and the steps written out by hand from
/// domain.md §3 (out side unless the out-org initiated, in side unless the in-org did, the
/// leadership step for an under-16 leaving the school domain, branch assignment when the
/// destination is no 团支部 and not typed by hand for 北京/广东/福建).
struct Row {
    initiator: Initiator,
    special_province: bool,
    destination_is_branch: bool,
    under_16_leaving_school: bool,
    steps: &'static [Step],
}

const fn row(
    initiator: Initiator,
    special_province: bool,
    destination_is_branch: bool,
    under_16_leaving_school: bool,
    steps: &'static [Step],
) -> Row {
    Row {
        initiator,
        special_province,
        destination_is_branch,
        under_16_leaving_school,
        steps,
    }
}

/// Every shape that is neither a special unit nor a batch move: initiator, 北京/广东/福建,
/// destination is a 团支部, under 16 leaving school → steps. The same in both editions
/// (the editions differ in timers and withdrawal, not in the steps).
#[rustfmt::skip]
const STEP_TABLE: [Row; 24] = [
    // The member starts: both sides review.
    row(Initiator::Member, false, true,  false, &[OutOrg, InOrg]),
    row(Initiator::Member, false, false, false, &[OutOrg, InOrg, AssignBranch]),
    row(Initiator::Member, true,  true,  false, &[OutOrg, InOrg]),
    row(Initiator::Member, true,  false, false, &[OutOrg, InOrg]),
    row(Initiator::Member, false, true,  true,  &[OutOrg, InOrg, Leadership]),
    row(Initiator::Member, false, false, true,  &[OutOrg, InOrg, Leadership, AssignBranch]),
    row(Initiator::Member, true,  true,  true,  &[OutOrg, InOrg, Leadership]),
    row(Initiator::Member, true,  false, true,  &[OutOrg, InOrg, Leadership]),
    // 办理转出: the out side's own review is skipped.
    row(Initiator::OutOrg, false, true,  false, &[InOrg]),
    row(Initiator::OutOrg, false, false, false, &[InOrg, AssignBranch]),
    row(Initiator::OutOrg, true,  true,  false, &[InOrg]),
    row(Initiator::OutOrg, true,  false, false, &[InOrg]),
    row(Initiator::OutOrg, false, true,  true,  &[InOrg, Leadership]),
    row(Initiator::OutOrg, false, false, true,  &[InOrg, Leadership, AssignBranch]),
    row(Initiator::OutOrg, true,  true,  true,  &[InOrg, Leadership]),
    row(Initiator::OutOrg, true,  false, true,  &[InOrg, Leadership]),
    // 办理转入: the in side's own review is skipped.
    row(Initiator::InOrg,  false, true,  false, &[OutOrg]),
    row(Initiator::InOrg,  false, false, false, &[OutOrg, AssignBranch]),
    row(Initiator::InOrg,  true,  true,  false, &[OutOrg]),
    row(Initiator::InOrg,  true,  false, false, &[OutOrg]),
    row(Initiator::InOrg,  false, true,  true,  &[OutOrg, Leadership]),
    row(Initiator::InOrg,  false, false, true,  &[OutOrg, Leadership, AssignBranch]),
    row(Initiator::InOrg,  true,  true,  true,  &[OutOrg, Leadership]),
    row(Initiator::InOrg,  true,  false, true,  &[OutOrg, Leadership]),
];

/// A special unit goes to the provincial committee alone, whatever else holds (S004 2.3).
const SPECIAL_UNIT_STEPS: &[Step] = &[Provincial];
/// A 团总支's batch move needs no approval at all (S003 Q11).
const BATCH_STEPS: &[Step] = &[];

/// The steps a shape must have, from the hand-written table (never from `Process::new`).
fn expected_steps(shape: &ProcessShape) -> &'static [Step] {
    if shape.initiator == Initiator::Batch {
        return BATCH_STEPS;
    }
    if shape.special_unit {
        return SPECIAL_UNIT_STEPS;
    }
    let rows: Vec<&Row> = STEP_TABLE
        .iter()
        .filter(|r| {
            r.initiator == shape.initiator
                && r.special_province == shape.special_province
                && r.destination_is_branch == shape.destination_is_branch
                && r.under_16_leaving_school == shape.under_16_leaving_school
        })
        .collect();
    assert_eq!(rows.len(), 1, "one table row per shape: {shape:?}");
    rows[0].steps
}

/// Whether the edition forbids withdrawing: only 北京/广东/福建 under the 2019 rules (S002
/// 撤销 “不包括三省”); 2021 states no such rule.
const WITHDRAWAL_LOCKED: [(Edition, bool, bool); 4] = [
    // (edition, 北京/广东/福建, locked)
    (Edition::E2021, false, false),
    (Edition::E2021, true, false),
    (Edition::E2019, false, false),
    (Edition::E2019, true, true),
];

/// Every shape the engine can be asked for: 4 initiators × 16 combinations of the four
/// flags × 2 editions.
fn every_shape() -> Vec<ProcessShape> {
    let flags = [false, true];
    let mut out = Vec::new();
    for edition in Edition::ALL {
        for initiator in Initiator::ALL {
            for special_unit in flags {
                for special_province in flags {
                    for destination_is_branch in flags {
                        for under_16_leaving_school in flags {
                            out.push(ProcessShape {
                                edition,
                                initiator,
                                special_unit,
                                special_province,
                                destination_is_branch,
                                under_16_leaving_school,
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_shape_has_the_steps_of_the_table() {
    let shapes = every_shape();
    assert_eq!(shapes.len(), 2 * 4 * 16);
    for shape in &shapes {
        let process = Process::new(*shape);
        assert_eq!(process.steps, expected_steps(shape), "{shape:?}");
        assert_eq!(process.initiator, shape.initiator);
        let locked = WITHDRAWAL_LOCKED
            .iter()
            .find(|(e, p, _)| *e == shape.edition && *p == shape.special_province)
            .map(|(_, _, locked)| *locked)
            .unwrap();
        assert_eq!(process.withdrawal_locked, locked, "{shape:?}");
    }
}

proptest! {
    #![proptest_config(crate::proptest_config(2000))]

    #[test]
    fn terminal_states_absorb((shape, events) in history(), edition in prop::sample::select(Edition::ALL.to_vec()), extra in event()) {
        let calendar = edition.calendar();
        let process = Process::new(shape);
        let n = valid_prefix(&process, &events, &calendar);
        let events = &events[..n];
        let last = events.last().map(|e| e.date).unwrap_or(d(2026, 3, 1));
        let state = process::state_at(&process, events, last, &calendar).unwrap();
        if state.is_terminal() {
            // Time passing changes nothing…
            for later in [1u64, 30, 400] {
                prop_assert_eq!(&process::state_at(&process, events, last + Days::new(later), &calendar).unwrap(), &state);
            }
            // …and no event can follow.
            let (gap, mut e) = extra;
            e.date = last + Days::new(gap);
            let mut more = events.to_vec();
            more.push(e);
            prop_assert!(process::state_at(&process, &more, e_date(&more), &calendar).is_err());
        }
    }

    #[test]
    fn no_withdraw_after_the_receiving_side_approved((shape, events) in history(), edition in prop::sample::select(Edition::ALL.to_vec())) {
        let calendar = edition.calendar();
        let process = Process::new(shape);
        let n = valid_prefix(&process, &events, &calendar);
        let events = &events[..n];
        if let Some(w) = events.iter().position(|e| e.kind == EventKind::Withdraw) {
            prop_assert!(
                !(shape.special_province && shape.edition == Edition::E2019),
                "three provinces never withdraw under the 2019 rules (S002)"
            );
            // The state just before the withdrawal: the receiving step not yet passed.
            let before = process::state_at(&process, &events[..w], events[w].date, &calendar).unwrap();
            // The receiving side is the in-org's review, or the provincial committee's.
            if let State::Pending { index, .. } = before {
                let passed = &expected_steps(&shape)[..index];
                prop_assert!(!passed.iter().any(|s| matches!(s, InOrg | Provincial)), "passed {:?}", passed);
            } else {
                prop_assert!(false, "withdrawn from a non-pending state {:?}", before);
            }
            prop_assert_eq!(events[w].by, shape.initiator.actor(), "only the initiator withdraws");
        }
    }

    #[test]
    fn timers_fire_exactly_as_the_edition_says(shape in shape(), start in 0u64..365, probe in 0u64..60) {
        let submit = d(2026, 1, 1) + Days::new(start);
        let process = Process::new(shape);
        let events = vec![Event::new(submit, EventKind::Submit, shape.initiator.actor())];
        // The steps from the hand-written table, checked against the engine above.
        let steps = expected_steps(&shape);
        let Some(&first) = steps.first() else { return Ok(()); };

        // 2021: unreviewed for 10 days from max(submit, Sep 30) → auto-returned on that day.
        let cal = Edition::E2021.calendar();
        let from = submit.max(d(2026, 9, 30));
        let due = from + Days::new(10);
        let at = submit + Days::new(probe);
        let state = process::state_at(&process, &events, at, &cal).unwrap();
        if at < due {
            let pending_first = matches!(state, State::Pending { index: 0, .. });
            prop_assert!(pending_first, "not pending: {:?}", state);
        } else {
            prop_assert_eq!(state, State::AutoReturned { on: due, step: first });
        }

        // 2019: each step counts as approved after 15 days, except branch assignment.
        let cal = Edition::E2019.calendar();
        let state = process::state_at(&process, &events, submit + Days::new(15 * steps.len() as u64 + probe), &cal).unwrap();
        if let Some(k) = steps.iter().position(|s| *s == AssignBranch) {
            prop_assert_eq!(state, State::Pending { index: k, step: AssignBranch, since: submit + Days::new(15 * k as u64) });
        } else {
            prop_assert_eq!(state, State::Completed { on: submit + Days::new(15 * steps.len() as u64) });
        }
        let just_before = process::state_at(&process, &events, submit + Days::new(14), &cal).unwrap();
        let pending_first = matches!(just_before, State::Pending { index: 0, .. });
        prop_assert!(pending_first);
    }
}

fn e_date(events: &[Event]) -> NaiveDate {
    events.last().map(|e| e.date).unwrap_or(d(2026, 1, 1))
}

#[test]
fn the_product_example_auto_returns_on_october_10() {
    // "submitted on 9/20 → auto-returned on 10/10 unless reviewed"
    let process = Process::new(ProcessShape {
        edition: Edition::E2021,
        initiator: Initiator::Member,
        special_unit: false,
        special_province: false,
        destination_is_branch: true,
        under_16_leaving_school: false,
    });
    let cal = Edition::E2021.calendar();
    let events = vec![Event::new(d(2026, 9, 20), EventKind::Submit, Actor::Member)];
    assert!(matches!(
        process::state_at(&process, &events, d(2026, 10, 9), &cal).unwrap(),
        State::Pending { .. }
    ));
    assert_eq!(
        process::state_at(&process, &events, d(2026, 10, 10), &cal).unwrap(),
        State::AutoReturned {
            on: d(2026, 10, 10),
            step: Step::OutOrg
        }
    );
    let state = process::state_at(&process, &events, d(2026, 10, 1), &cal).unwrap();
    let due = process::next_due(&state, &cal).unwrap();
    assert_eq!(
        (due.on, due.effect),
        (d(2026, 10, 10), TimerEffect::AutoReturn)
    );
    // A review on 10/9 restarts the clock for the next step: due 10/19.
    let mut reviewed = events.clone();
    reviewed.push(Event::new(
        d(2026, 10, 9),
        EventKind::Approve,
        Actor::OutOrg,
    ));
    let state = process::state_at(&process, &reviewed, d(2026, 10, 18), &cal).unwrap();
    assert_eq!(
        state,
        State::Pending {
            index: 1,
            step: Step::InOrg,
            since: d(2026, 10, 9)
        }
    );
    assert_eq!(
        process::state_at(&process, &reviewed, d(2026, 10, 19), &cal).unwrap(),
        State::AutoReturned {
            on: d(2026, 10, 19),
            step: Step::InOrg
        }
    );
}

#[test]
fn spring_calendar_shifts_the_dates() {
    let process = Process::new(ProcessShape {
        edition: Edition::E2021,
        initiator: Initiator::Member,
        special_unit: false,
        special_province: false,
        destination_is_branch: true,
        under_16_leaving_school: false,
    });
    let cal = Calendar::spring_example();
    let events = vec![Event::new(d(2027, 3, 20), EventKind::Submit, Actor::Member)];
    assert_eq!(
        process::state_at(&process, &events, d(2027, 4, 30), &cal).unwrap(),
        State::AutoReturned {
            on: d(2027, 4, 10),
            step: Step::OutOrg
        }
    );
}

#[test]
fn impossible_events_are_named() {
    let process = Process::new(ProcessShape {
        edition: Edition::E2019,
        initiator: Initiator::Member,
        special_unit: false,
        special_province: true,
        destination_is_branch: true,
        under_16_leaving_school: false,
    });
    let cal = Edition::E2019.calendar();
    let submit = Event::new(d(2026, 7, 1), EventKind::Submit, Actor::Member);
    let cases: Vec<(Event, &str)> = vec![
        (
            Event::new(d(2026, 7, 2), EventKind::Withdraw, Actor::Member),
            "不能撤回",
        ),
        (
            Event::new(d(2026, 7, 2), EventKind::Approve, Actor::InOrg),
            "转出方",
        ),
        (
            Event::new(d(2026, 7, 2), EventKind::Reject, Actor::OutOrg),
            "原因",
        ),
        (
            Event::new(d(2026, 7, 2), EventKind::Submit, Actor::Member),
            "重复发起",
        ),
        (
            Event::new(d(2026, 6, 2), EventKind::Approve, Actor::OutOrg),
            "日期早于",
        ),
        (
            Event::new(d(2026, 7, 2), EventKind::Assign, Actor::InOrg),
            "还不能分配",
        ),
    ];
    for (event, expected) in cases {
        let err = process::state_at(&process, &[submit.clone(), event], d(2026, 12, 31), &cal)
            .unwrap_err();
        assert_eq!(err.event, 1);
        assert!(err.to_string().contains(expected), "{err}");
    }
}

/// 北京/广东/福建: the 2019 slides forbid withdrawing (S002 撤销); 2021 states no such rule, so
/// the state machine lets the initiator withdraw before the receiving side approves.
#[test]
fn three_provinces_withdrawal_follows_the_edition() {
    for edition in Edition::ALL {
        let process = Process::new(ProcessShape {
            edition,
            initiator: Initiator::Member,
            special_unit: false,
            special_province: true,
            destination_is_branch: true,
            under_16_leaving_school: false,
        });
        let cal = edition.calendar();
        let events = vec![
            Event::new(d(2026, 7, 1), EventKind::Submit, Actor::Member),
            Event::new(d(2026, 7, 2), EventKind::Withdraw, Actor::Member),
        ];
        let result = process::state_at(&process, &events, d(2026, 7, 3), &cal);
        let offered = process::possible_actions(
            &process,
            &process::state_at(&process, &events[..1], d(2026, 7, 1), &cal).unwrap(),
        )
        .iter()
        .any(|(kind, _, _)| *kind == EventKind::Withdraw);
        match edition {
            Edition::E2019 => {
                assert!(result.unwrap_err().message.contains("不能撤回"));
                assert!(!offered);
            }
            Edition::E2021 => {
                assert_eq!(result.unwrap(), State::Withdrawn { on: d(2026, 7, 2) });
                assert!(offered);
            }
        }
    }
}
