//! Random histories of one application: any process shape, any calendar the workspace
//! format accepts, any dated events (in or out of order, by anyone, about any step).
//!
//! Invariants: `state_at`, `timers_fired`, `possible_actions` and `next_due` never panic;
//! `timers_fired` fails exactly when `state_at` does; a pending state's next timer is after
//! the date asked (due timers have fired); a terminal state offers no action and stays the
//! same at any later date; every action `possible_actions` offers, performed on that date,
//! is accepted by `state_at`.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{Days, NaiveDate};
use libfuzzer_sys::fuzz_target;
use zhuanjie_core::calendar::{Calendar, MonthDay, Timer};
use zhuanjie_core::codes::Step;
use zhuanjie_core::process::{
    self, Actor, Event, EventKind, Initiator, Process, ProcessShape, RejectReason, State,
};
use zhuanjie_core::Edition;
use zhuanjie_fuzz::day;

#[derive(Debug, Arbitrary)]
struct Input {
    e2019: bool,
    initiator: u8,
    special_unit: bool,
    special_province: bool,
    destination_is_branch: bool,
    under_16_leaving_school: bool,
    calendar: CalendarIn,
    start: StartIn,
    events: Vec<EventIn>,
    /// Days after the first event at which the state is asked.
    at: i32,
}

/// The first event's date: near today, or days from either end of chrono's range.
#[derive(Debug, Arbitrary)]
enum StartIn {
    Near(i16),
    BeforeMax(u16),
    AfterMin(u16),
}

#[derive(Debug, Arbitrary)]
enum CalendarIn {
    Edition,
    Spring,
    Custom {
        auto_return: bool,
        after_days: u16,
        reminder_after_days: u16,
        counting_from: (u8, u8),
        never_for: u8,
    },
}

#[derive(Debug, Arbitrary)]
struct EventIn {
    /// Days after the previous event (negative: out of order).
    gap: i16,
    kind: u8,
    by: u8,
    step: Option<u8>,
    reason: Option<u8>,
    branch: Option<String>,
}

fn pick<T: Copy>(all: &[T], i: u8) -> T {
    all[usize::from(i) % all.len()]
}

const KINDS: [EventKind; 6] = EventKind::ALL;
const ACTORS: [Actor; 6] = Actor::ALL;
const REASONS: [RejectReason; 3] = [
    RejectReason::WrongData,
    RejectReason::NotReported,
    RejectReason::NotEligible,
];

fn calendar(input: &CalendarIn, edition: Edition) -> Calendar {
    match input {
        CalendarIn::Edition => edition.calendar(),
        CalendarIn::Spring => Calendar::spring_example(),
        CalendarIn::Custom {
            auto_return,
            after_days,
            reminder_after_days,
            counting_from,
            never_for,
        } => {
            let mut cal = edition.calendar();
            let text = format!("{:02}-{:02}", counting_from.0 % 13, counting_from.1 % 32);
            let Some(counting_from) = MonthDay::parse(&text) else {
                return edition.calendar();
            };
            cal.timer = if *auto_return {
                Timer::AutoReturn {
                    after_days: u32::from(*after_days),
                    counting_from,
                    exempt: Step::ALL
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| never_for & (1 << i) != 0)
                        .map(|(_, s)| s)
                        .collect(),
                }
            } else {
                Timer::AutoApprove {
                    after_days: u32::from(*after_days),
                    reminder_after_days: u32::from(*reminder_after_days),
                    never_for: Step::ALL
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| never_for & (1 << i) != 0)
                        .map(|(_, s)| s)
                        .collect(),
                }
            };
            // Only calendars a workspace import accepts.
            if cal.validate().is_ok() {
                cal
            } else {
                edition.calendar()
            }
        }
    }
}

fuzz_target!(|input: Input| {
    let edition = if input.e2019 {
        Edition::E2019
    } else {
        Edition::E2021
    };
    let process = Process::new(ProcessShape {
        edition,
        initiator: pick(&Initiator::ALL, input.initiator),
        special_unit: input.special_unit,
        special_province: input.special_province,
        destination_is_branch: input.destination_is_branch,
        under_16_leaving_school: input.under_16_leaving_school,
    });
    let calendar = calendar(&input.calendar, edition);
    let start = match input.start {
        StartIn::Near(days) => day(i64::from(days) + 2200),
        StartIn::BeforeMax(days) => NaiveDate::MAX.checked_sub_days(Days::new(u64::from(days))),
        StartIn::AfterMin(days) => NaiveDate::MIN.checked_add_days(Days::new(u64::from(days))),
    };
    let Some(start) = start else {
        return;
    };
    let mut events = Vec::new();
    let mut date = start;
    for e in input.events.iter().take(64) {
        date = date
            .checked_add_signed(chrono::TimeDelta::days(i64::from(e.gap)))
            .unwrap_or(date);
        let mut event = Event::new(date, pick(&KINDS, e.kind), pick(&ACTORS, e.by));
        event.step = e.step.map(|s| pick(&Step::ALL, s));
        event.reason = e.reason.map(|r| pick(&REASONS, r));
        event.branch = e.branch.clone();
        events.push(event);
    }
    let Some(at) = start.checked_add_signed(chrono::TimeDelta::days(i64::from(input.at))) else {
        return;
    };
    check(&process, &events, at, &calendar);
});

fn check(process: &Process, events: &[Event], at: NaiveDate, calendar: &Calendar) {
    let state = process::state_at(process, events, at, calendar);
    let fired = process::timers_fired(process, events, at, calendar);
    assert_eq!(
        state.is_ok(),
        fired.is_ok(),
        "state_at and timers_fired disagree"
    );
    let Ok(state) = state else {
        return;
    };
    let actions = process::possible_actions(process, &state);
    if let State::Pending { .. } = state {
        if let Some(due) = process::next_due(&state, calendar) {
            assert!(due.on > at, "a timer due {} has not fired by {at}", due.on);
        }
    }
    // The events that count at `at` (the rest are later).
    let known: Vec<Event> = events
        .iter()
        .take_while(|e| e.date <= at)
        .cloned()
        .collect();
    if state.is_terminal() {
        assert!(actions.is_empty(), "terminal {state:?} offers {actions:?}");
        for later in [at.succ_opt(), at.checked_add_days(chrono::Days::new(400))]
            .into_iter()
            .flatten()
        {
            assert_eq!(
                process::state_at(process, &known, later, calendar).as_ref(),
                Ok(&state),
                "a terminal state changed by {later}"
            );
        }
    }
    for (kind, by, step) in actions {
        let mut event = Event::new(at, kind, by);
        event.step = step;
        if kind == EventKind::Reject {
            event.reason = Some(RejectReason::WrongData);
        }
        if kind == EventKind::Assign {
            event.branch = Some("B-1".into());
        }
        let mut history = known.clone();
        history.push(event);
        if let Err(e) = process::state_at(process, &history, at, calendar) {
            panic!("offered action {kind:?} by {by:?} in {state:?} is refused: {e}");
        }
    }
}
