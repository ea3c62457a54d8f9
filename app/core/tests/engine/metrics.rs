//! SX / XS on a hand-built workspace whose answers are known, and invariants on generated
//! ones: 0 ≤ rate ≤ 1, A ≤ B + C, D ≤ E + F, exclusions, retained-at-school.

use chrono::NaiveDate;
use proptest::prelude::*;
use zhuanjie_core::metrics::{self, Side};
use zhuanjie_core::{synth, Edition, Workspace};

fn small() -> Workspace {
    Workspace::from_json(include_str!("fixtures/small.json")).unwrap_or_else(|e| panic!("{e}"))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn school_region_counts() {
    let ws = small();
    let m = metrics::compute(&ws, Some("S"), ws.clock).unwrap();
    // SX: B = m1 m2 (their applications' reason is 升学), C = x1 x2 (applied into N from
    // outside), A = m1 x1.
    assert_eq!((m.sx.completed, m.sx.own, m.sx.incoming), (2, 2, 2));
    assert_eq!(m.sx.rate, Some(0.5));
    // XS: E = m3, m4 and m5 (never started: in XS whatever their plan, S004 5.2 note),
    // m6 (kept at school: not completed); D = m3.
    assert_eq!((m.xs.completed, m.xs.own, m.xs.incoming), (1, 4, 0));
    assert_eq!(m.xs.rate, Some(0.25));
    // The admin's forecast puts m5 (plan: 升学) back on the SX side, labelled as such.
    assert_eq!(m.forecast.planned_study_not_started, 1);
    assert_eq!((m.forecast.sx.own, m.forecast.xs.own), (3, 3));
    assert_eq!(m.forecast.sx.rate, Some(0.4));
    assert_eq!(
        (m.excluded.delayed, m.excluded.teacher, m.excluded.lapsed),
        (1, 1, 1)
    );
    assert_eq!(m.retained_at_school, 1);
    let mut missing: Vec<(&str, Side, &str, bool)> = m
        .missing
        .iter()
        .map(|x| (x.member.as_str(), x.side, x.state.code(), x.incoming))
        .collect();
    missing.sort_by_key(|x| x.0);
    assert_eq!(
        missing,
        vec![
            ("m2", Side::Sx, "out_approval", false),
            ("m4", Side::Xs, "not_started", false),
            ("m5", Side::Xs, "not_started", false),
            ("m6", Side::Xs, "retained_at_school", false),
            ("x2", Side::Sx, "out_approval", true),
        ]
    );
}

#[test]
fn root_region_has_no_incoming() {
    let ws = small();
    let m = metrics::compute(&ws, None, ws.clock).unwrap();
    assert_eq!(m.region, "R");
    assert_eq!((m.sx.completed, m.sx.own, m.sx.incoming), (2, 4, 0));
}

/// Kept at school means the transfer into the school's floating branch has completed: a
/// pending one is an ordinary pending application, counted and listed as such.
#[test]
fn only_a_completed_transfer_into_the_floating_branch_is_kept_at_school() {
    let mut ws = small();
    let a6 = ws.applications.iter_mut().find(|a| a.id == "a6").unwrap();
    a6.events.truncate(1);
    let summer = d(2026, 7, 10);
    let m = metrics::compute(&ws, Some("S"), summer).unwrap();
    assert_eq!(m.retained_at_school, 0);
    let m6 = m.missing.iter().find(|x| x.member == "m6").unwrap();
    assert_eq!(
        m6.state,
        metrics::Status::Pending(zhuanjie_core::codes::Step::InOrg)
    );
    assert_eq!(m6.state.label(), "等待转入方审批");
    // The roster's status is the same one.
    let statuses = zhuanjie_core::status::statuses_at(&ws, summer);
    let i = ws.members.iter().position(|x| x.id == "m6").unwrap();
    assert_eq!(statuses[i].status, m6.state);
    // Withdrawn: still not retained, and the member may be listed as withdrawn.
    let a6 = ws.applications.iter_mut().find(|a| a.id == "a6").unwrap();
    a6.events.push(zhuanjie_core::process::Event::new(
        d(2026, 7, 2),
        zhuanjie_core::process::EventKind::Withdraw,
        zhuanjie_core::process::Actor::OutOrg,
    ));
    let m = metrics::compute(&ws, Some("S"), summer).unwrap();
    assert_eq!(m.retained_at_school, 0);
    assert_eq!(
        m.missing.iter().find(|x| x.member == "m6").unwrap().state,
        "withdrawn"
    );
}

/// An application dated after a date does not exist yet at that date.
#[test]
fn an_application_dated_later_does_not_count_before_its_date() {
    let ws = small();
    // m2 submitted on 10-10: on 10-09 m2 has not started, so is in XS.
    let m = metrics::compute(&ws, Some("S"), d(2026, 10, 9)).unwrap();
    let m2 = m.missing.iter().find(|x| x.member == "m2").unwrap();
    assert_eq!((m2.side, m2.state.code()), (Side::Xs, "not_started"));
}

#[test]
fn receiving_region_counts_incoming_society_graduates() {
    let ws = small();
    let m = metrics::compute(&ws, Some("TB"), ws.clock).unwrap();
    assert_eq!((m.xs.completed, m.xs.own, m.xs.incoming), (1, 0, 1));
    assert_eq!(m.xs.rate, Some(1.0));
    assert_eq!(m.sx.rate, None, "zero denominator: no data");
    assert_eq!(m.sx.percent(), "暂无数据");
}

#[test]
fn zero_denominators_are_no_data_and_ids_are_masked() {
    let ws = small();
    let m = metrics::compute(&ws, Some("B2"), ws.clock).unwrap();
    assert_eq!((m.sx.rate, m.xs.rate), (None, None));
    assert!(metrics::compute(&ws, Some("nope"), ws.clock)
        .unwrap_err()
        .to_string()
        .contains("nope"));
    // Before anyone completed.
    let early = metrics::compute(&ws, Some("S"), d(2026, 6, 1)).unwrap();
    assert_eq!(early.sx.completed, 0);
    let json =
        serde_json::to_string(&metrics::compute(&ws, Some("S"), d(2026, 6, 1)).unwrap()).unwrap();
    assert!(json.contains("9901012004****1235"), "ID numbers are masked");
    assert!(!json.contains("990101200401011235"));
}

proptest! {
    #![proptest_config(crate::proptest_config(64))]
    #[test]
    fn rates_are_bounded_and_counts_consistent(seed in 1u64..1000, n in 20usize..300, day in 0u64..200, pick in 0usize..1000, e2019 in any::<bool>()) {
        let edition = if e2019 { Edition::E2019 } else { Edition::E2021 };
        let ws = synth::school(n, edition, seed);
        let at = d(2026, 5, 1) + chrono::Days::new(day);
        let region = &ws.orgs[pick % ws.orgs.len()].id;
        let m = metrics::compute(&ws, Some(region), at).unwrap();
        for r in [&m.sx, &m.xs] {
            prop_assert!(r.completed <= r.own + r.incoming);
            match r.rate {
                Some(x) => prop_assert!((0.0..=1.0).contains(&x)),
                None => prop_assert_eq!(r.own + r.incoming, 0),
            }
        }
        prop_assert_eq!(m.missing.len(), m.sx.own + m.sx.incoming - m.sx.completed + m.xs.own + m.xs.incoming - m.xs.completed);
        // Excluded members never appear among the missing.
        for x in &m.missing {
            let member = ws.member(&x.member).unwrap();
            prop_assert!(member.mark.is_none());
        }
    }
}

/// A 团总支's batch move between its own branches is not a graduate's transfer: the moved
/// graduates still have to transfer out, so they count as not started.
#[test]
fn a_batch_move_inside_the_school_does_not_complete_a_transfer() {
    let ws = zhuanjie_core::synth::school(60, zhuanjie_core::Edition::E2021, 7);
    let m = zhuanjie_core::metrics::compute(&ws, Some("U"), ws.clock).unwrap();
    for id in ["M0000070", "M0000071"] {
        let missing = m
            .missing
            .iter()
            .find(|x| x.member == id)
            .unwrap_or_else(|| panic!("{id} is missing"));
        assert_eq!(missing.state, "not_started");
        assert_eq!(missing.side, Side::Xs);
    }
}

/// A view may list fewer of the missing; every figure and the total stay exact.
#[test]
fn a_bounded_listing_keeps_every_figure() {
    let ws = synth::school(600, Edition::E2021, 3);
    let index = ws.index();
    let snapshot = metrics::Snapshot::new(&ws, &index, ws.clock);
    let full = metrics::compute_in(&ws, &index, &snapshot, None).unwrap();
    let short = metrics::compute_listing(&ws, &index, &snapshot, None, 5).unwrap();
    assert!(full.missing.len() > 5);
    assert_eq!(full.missing_total, full.missing.len());
    assert_eq!(short.missing_total, full.missing_total);
    assert_eq!(short.missing, full.missing[..5]);
    assert_eq!((short.sx, short.xs), (full.sx, full.xs));
}
