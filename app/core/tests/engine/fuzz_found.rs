//! Inputs the fuzz targets (`cargo xtask fuzz`, `xtask/fuzz/`) found to break the engine,
//! kept as plain tests once fixed. The fuzzer's own inputs are kept beside the targets in
//! `xtask/fuzz/regressions/<target>/`.

use chrono::{Days, NaiveDate};
use zhuanjie_core::calendar::Calendar;
use zhuanjie_core::codes::Step;
use zhuanjie_core::process::{self, Actor, Event, EventKind, Initiator, Process, ProcessShape};
use zhuanjie_core::tracker::TrackedApplication;
use zhuanjie_core::{season, Edition, Workspace};

fn shape(edition: Edition) -> ProcessShape {
    ProcessShape {
        edition,
        initiator: Initiator::Member,
        special_unit: false,
        special_province: false,
        destination_is_branch: true,
        under_16_leaving_school: false,
    }
}

/// process_events: a step pending a few days before the last date chrono knows
/// (+262142-12-31) panicked computing its timer (`NaiveDate + Days` out of range). A timer
/// that would fall after the end of time now never fires.
#[test]
fn a_timer_past_the_last_date_never_fires() {
    for calendar in [
        Calendar::standard_2021(),
        Calendar::standard_2019(),
        Calendar::spring_example(),
    ] {
        let process = Process::new(shape(Edition::E2021));
        let since = NaiveDate::MAX - Days::new(3);
        let events = [Event::new(since, EventKind::Submit, Actor::Member)];
        let state = process::state_at(&process, &events, NaiveDate::MAX, &calendar).unwrap();
        assert_eq!(
            state,
            process::State::Pending {
                index: 0,
                step: Step::OutOrg,
                since
            },
            "{}",
            calendar.name
        );
        assert_eq!(
            process::timers_fired(&process, &events, NaiveDate::MAX, &calendar),
            Ok(vec![])
        );
        assert_eq!(process::next_due(&state, &calendar), None);
        assert_eq!(calendar.reminder_due(since), None);
        assert_eq!(calendar.timer_due(Step::OutOrg, since), None);
    }
}

/// saved_values: the tracker record the web app keeps in localStorage, submitted on
/// +262142-12-30, panicked in its report.
#[test]
fn a_tracker_record_at_the_end_of_time_reports() {
    let text = r#"{"format":"zhuanjie-tracker","version":1,"edition":"2021","destination":"employer_org","initiator":"member","submitted":"+262142-12-30"}"#;
    let app = TrackedApplication::from_json(text).unwrap();
    let report = app.report(app.submitted).unwrap();
    assert_eq!(report.state, "out_approval");
    assert!(report.due.is_none() && report.next.is_none());
}

/// The completion curve of a clock within a year of the first date chrono knows starts at
/// that date instead of panicking.
#[test]
fn the_curve_of_a_clock_at_the_start_of_time_starts_there() {
    let clock = NaiveDate::MIN + Days::new(3);
    let ws = Workspace::empty(Edition::E2019, clock);
    assert_eq!(season::curve_start(&ws), clock);
}
