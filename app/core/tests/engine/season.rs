//! The dashboard views agree with the metrics and the state machine: per-child rates equal
//! one computation per child, the curve ends on the metrics at its last day, upcoming
//! timers are sorted, and clock moves count what a state-by-state comparison sees. On a
//! tiny hand-made school, the upcoming timers (both editions) and every day of a season's
//! curve are checked against values written out by hand.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use zhuanjie_core::calendar::TimerEffect;
use zhuanjie_core::codes::{Destination, Reason, Step};
use zhuanjie_core::metrics::{self, Rate};
use zhuanjie_core::process::{self, Actor, Event, EventKind, Initiator, State};
use zhuanjie_core::season::{self, Upcoming};
use zhuanjie_core::workspace::{Application, Mark, MarkKind, Member, Org, OrgKind, OrgPurpose};
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
        // Who is missing in how many children, from each child's own metrics.
        let mut times: std::collections::HashMap<String, usize> = Default::default();
        for row in &rows {
            let m = metrics::compute_with_index(ws, &index, Some(&row.org), at).unwrap();
            assert_eq!(row.sx, m.sx, "SX of {} at {at}", row.org);
            assert_eq!(row.xs, m.xs, "XS of {} at {at}", row.org);
            assert_eq!(row.missing, m.missing.len(), "missing of {}", row.org);
            assert_eq!(row.name, m.region_name);
            for x in &m.missing {
                *times.entry(x.member.clone()).or_default() += 1;
            }
        }
        let snapshot = metrics::Snapshot::new(ws, &index, at);
        let (again, gap) =
            season::child_rates_and_gap_in(ws, &index, &snapshot, region.as_deref()).unwrap();
        assert_eq!(again, rows);
        let whole = metrics::compute_with_index(ws, &index, region.as_deref(), at).unwrap();
        assert_eq!(
            gap.counted_twice,
            times.values().filter(|n| **n == 2).count()
        );
        assert!(times.values().all(|n| *n <= 2));
        assert_eq!(
            gap.direct,
            whole
                .missing
                .iter()
                .filter(|x| !times.contains_key(&x.member))
                .count()
        );
        assert_eq!(
            rows.iter().map(|r| r.missing).sum::<usize>() - gap.counted_twice + gap.direct,
            whole.missing.len(),
            "the children's 未完成 add up to {parent}'s once the gap is explained"
        );
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
        // Both editions time every pending step except branch assignment (2019 never
        // completes it by itself; 2021's return names approval stages only, a reading).
        let expected = ws
            .applications
            .iter()
            .filter(|a| {
                let s =
                    process::state_at(&ws.process_of(a), &a.events, ws.clock, &calendar).unwrap();
                matches!(s, State::Pending { step, .. } if step != Step::AssignBranch)
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

// ---- a tiny hand-made school, for views checked value by value ----

/// The school committee U with one graduating class (U-B1), its floating branch and a PhD
/// branch that graduates nobody; an employer's 团委 E (a transfer into it waits for a
/// branch) with a branch; an admitting school's branch; an outside school's graduating class.
fn tiny_school(edition: Edition, clock: NaiveDate) -> Workspace {
    let mut ws = Workspace::empty(edition, clock);
    let committee =
        |id: &str, name: &str, parent: Option<&str>| Org::new(id, name, OrgKind::Committee, parent);
    let branch =
        |id: &str, name: &str, parent: &str| Org::new(id, name, OrgKind::Branch, Some(parent));
    let mut class = branch("U-B1", "示例大学2022级1班团支部", "U");
    class.graduation_month = Some("2026-06".into());
    let mut floating = branch("U-FLOAT", "示例大学流动团员团支部", "U");
    floating.purpose = Some(OrgPurpose::Floating);
    let mut outside = branch("O-B1", "外校2022级团支部", "O");
    outside.graduation_month = Some("2026-06".into());
    ws.orgs = vec![
        committee("R", "某省团委", None),
        committee("U", "示例大学团委", Some("R")),
        class,
        floating,
        branch("U-PHD", "示例大学2026级博士团支部", "U"),
        committee("E", "某科技公司团委", Some("R")),
        branch("E-B1", "某科技公司第一团支部", "E"),
        committee("A", "录取大学团委", Some("R")),
        branch("A-NEW", "录取大学2026级硕士团支部", "A"),
        committee("O", "外校团委", Some("R")),
        outside,
    ];
    ws
}

/// Member `id` of `org`, named after the id (团员M1), 22 in 2026.
fn tiny_member(id: &str, org: &str) -> Member {
    Member {
        id: id.into(),
        name: format!("团员{id}"),
        id_number: None,
        org: org.into(),
        birth_date: Some(d(2004, 3, 1)),
        holds_league_post: false,
        party_member: false,
        plan: None,
        mark: None,
    }
}

/// Where a tiny application goes: the reason and destination a tree org stands for.
fn target(to: &str) -> (Option<Reason>, Destination, Option<&str>) {
    match to {
        "A-NEW" | "U-PHD" => (
            Some(Reason::FurtherStudy),
            Destination::AdmittingSchoolOrg,
            Some(to),
        ),
        "E" | "E-B1" => (
            Some(Reason::EmployedWithOrg),
            Destination::EmployerOrg,
            Some(to),
        ),
        "U-FLOAT" => (
            Some(Reason::Unemployed),
            Destination::SchoolFloatingBranch,
            Some(to),
        ),
        "SPECIAL" => (
            Some(Reason::SpecialUnit),
            Destination::SpecialUnitLibrary,
            None,
        ),
        other => panic!("no tiny target {other}"),
    }
}

/// One event of a hand-written history: when, what, by whom.
type Dated = (NaiveDate, EventKind, Actor);

const SUBMIT: EventKind = EventKind::Submit;
const APPROVE: EventKind = EventKind::Approve;

/// Application `id` of `member` (from its branch) to `to`, started by `initiator`, with a
/// history of `(date, kind, by)`; the first event is the submission.
fn tiny_application(
    ws: &Workspace,
    id: &str,
    member: &str,
    to: &str,
    initiator: Initiator,
    history: &[Dated],
) -> Application {
    let (reason, destination, to_org) = target(to);
    Application {
        id: id.into(),
        member: member.into(),
        reason,
        destination,
        from_org: ws.member(member).unwrap().org.clone(),
        to_org: to_org.map(Into::into),
        to_org_name: None,
        to_org_is_branch: None,
        initiator,
        special_province: false,
        batch: None,
        events: history
            .iter()
            .map(|&(date, kind, by)| Event::new(date, kind, by))
            .collect(),
    }
}

/// Nine members of U-B1, each with one application, on Oct 12 (the clock): the same
/// histories are read under each edition's calendar.
fn timers_school(edition: Edition) -> Workspace {
    let mut ws = tiny_school(edition, d(2026, 10, 12));
    for n in 1..=9 {
        ws.members.push(tiny_member(&format!("M{n}"), "U-B1"));
    }
    let (me, out, into) = (Actor::Member, Actor::OutOrg, Actor::InOrg);
    let histories: [(&str, &str, &[Dated]); 9] = [
        ("1", "A-NEW", &[(d(2026, 9, 20), SUBMIT, me)]),
        // APP-3 before APP-2: ties must come out by id, not by position.
        (
            "3",
            "A-NEW",
            &[(d(2026, 9, 25), SUBMIT, me), (d(2026, 10, 5), APPROVE, out)],
        ),
        ("2", "A-NEW", &[(d(2026, 10, 5), SUBMIT, me)]),
        ("4", "A-NEW", &[(d(2026, 10, 10), SUBMIT, me)]),
        // Both sides approved on Sep 2–3: E is a 团委, so it waits for a branch.
        (
            "5",
            "E",
            &[
                (d(2026, 9, 1), SUBMIT, me),
                (d(2026, 9, 2), APPROVE, out),
                (d(2026, 9, 3), APPROVE, into),
            ],
        ),
        (
            "6",
            "A-NEW",
            &[
                (d(2026, 9, 1), SUBMIT, me),
                (d(2026, 9, 2), APPROVE, out),
                (d(2026, 9, 3), APPROVE, into),
            ],
        ),
        ("7", "SPECIAL", &[(d(2026, 10, 8), SUBMIT, me)]),
        ("8", "A-NEW", &[(d(2026, 9, 30), SUBMIT, me)]),
        ("9", "A-NEW", &[(d(2026, 10, 2), SUBMIT, me)]),
    ];
    for (n, to, history) in histories {
        let app = tiny_application(
            &ws,
            &format!("APP-{n}"),
            &format!("M{n}"),
            to,
            Initiator::Member,
            history,
        );
        ws.applications.push(app);
    }
    ws.validate().unwrap();
    ws
}

/// The timers at `at` without who acts (that is `upcoming_follows_the_region_and_says_who_must_act`).
fn timers_at(ws: &Workspace, at: NaiveDate) -> Vec<Upcoming> {
    season::upcoming(ws, at)
        .into_iter()
        .map(|u| Upcoming {
            waiting_on: String::new(),
            ..u
        })
        .collect()
}

/// The timer of application APP-`n` (member M`n`).
fn timer(
    n: u32,
    step: Step,
    on: NaiveDate,
    effect: TimerEffect,
    reminder_on: Option<NaiveDate>,
) -> Upcoming {
    Upcoming {
        application: format!("APP-{n}"),
        member: format!("M{n}"),
        member_name: format!("团员M{n}"),
        step,
        waiting_on: String::new(),
        on,
        effect,
        reminder_on,
    }
}

#[test]
fn upcoming_timers_of_a_hand_made_school_2021() {
    // Counted from Sep 30 or the day the step became pending, whichever is later; ten days
    // later the application returns. Gone by Oct 12: APP-1 (from Sep 20) and APP-8 (from
    // Sep 30) returned on Oct 10, APP-9 (from Oct 2) on Oct 12 itself; APP-6 is complete;
    // APP-5 waits for a branch, which no timer ends (the reading `assign-branch-timer`).
    let ws = timers_school(Edition::E2021);
    let r = TimerEffect::AutoReturn;
    #[rustfmt::skip]
    let expected = vec![
        timer(2, Step::OutOrg,     d(2026, 10, 15), r, None),
        // APP-3's out side approved on Oct 5: the in side's ten days start then.
        timer(3, Step::InOrg,      d(2026, 10, 15), r, None),
        timer(7, Step::Provincial, d(2026, 10, 18), r, None),
        timer(4, Step::OutOrg,     d(2026, 10, 20), r, None),
    ];
    assert_eq!(timers_at(&ws, ws.clock), expected);
    // Seen on Sep 28, before the review period ends: APP-1 (pending since Sep 20) and APP-3
    // (since Sep 25) are both counted from Sep 30, so both return on Oct 10; the others
    // were not submitted yet, or have no timer.
    assert_eq!(
        timers_at(&ws, d(2026, 9, 28)),
        vec![
            timer(1, Step::OutOrg, d(2026, 10, 10), r, None),
            timer(3, Step::OutOrg, d(2026, 10, 10), r, None),
        ]
    );
}

#[test]
fn upcoming_timers_of_a_hand_made_school_2019() {
    // Fifteen days per step, then it counts as approved; the admin is reminded after ten
    // days (shown only while still ahead of the clock). APP-1's out side was approved by
    // the timer on Oct 5, so its in side runs from then. APP-8's reminder (Oct 10) and
    // APP-9's (Oct 12, the clock itself) are past. APP-5's branch assignment never
    // completes by itself (S002); APP-6 is complete.
    let ws = timers_school(Edition::E2019);
    let a = TimerEffect::AutoApprove;
    #[rustfmt::skip]
    let expected = vec![
        timer(8, Step::OutOrg,     d(2026, 10, 15), a, None),
        timer(9, Step::OutOrg,     d(2026, 10, 17), a, None),
        // Three due on Oct 20, by application id (APP-3 comes before APP-2 in the file).
        timer(1, Step::InOrg,      d(2026, 10, 20), a, Some(d(2026, 10, 15))),
        timer(2, Step::OutOrg,     d(2026, 10, 20), a, Some(d(2026, 10, 15))),
        timer(3, Step::InOrg,      d(2026, 10, 20), a, Some(d(2026, 10, 15))),
        timer(7, Step::Provincial, d(2026, 10, 23), a, Some(d(2026, 10, 18))),
        timer(4, Step::OutOrg,     d(2026, 10, 25), a, Some(d(2026, 10, 20))),
    ];
    assert_eq!(timers_at(&ws, ws.clock), expected);
}

/// A July season in 2021 (no timer fires before Sep 30): completions on known days.
fn curve_school() -> Workspace {
    let mut ws = tiny_school(Edition::E2021, d(2026, 7, 10));
    for n in 1..=9 {
        ws.members.push(tiny_member(&format!("G{n}"), "U-B1"));
    }
    // G6 is a teacher: out of both rates.
    ws.members[5].mark = Some(Mark {
        kind: MarkKind::Teacher,
        date: d(2026, 6, 1),
        graduation_month: None,
        reason: None,
    });
    // O1 graduates from the outside school; J1's branch graduates nobody.
    ws.members.push(tiny_member("O1", "O-B1"));
    ws.members.push(tiny_member("J1", "U-PHD"));
    let (me, out, into) = (Actor::Member, Actor::OutOrg, Actor::InOrg);
    #[rustfmt::skip]
    let reviewed = [
        // (member, to, submitted, out side approved, in side approved)
        ("G1", "A-NEW", d(2026, 7, 1), d(2026, 7, 2), d(2026, 7, 3)),
        ("G2", "A-NEW", d(2026, 7, 2), d(2026, 7, 4), d(2026, 7, 6)),
        ("G3", "E-B1", d(2026, 6, 28), d(2026, 6, 29), d(2026, 7, 1)),
        // Kept at school: complete in the system, not in the rates.
        ("G5", "U-FLOAT", d(2026, 6, 25), d(2026, 6, 26), d(2026, 7, 2)),
        ("G7", "E-B1", d(2026, 7, 3), d(2026, 7, 5), d(2026, 7, 7)),
        ("G8", "E-B1", d(2026, 6, 15), d(2026, 6, 18), d(2026, 6, 20)),
        // Completes on Jul 9, after the curve's last day.
        ("G9", "E-B1", d(2026, 7, 3), d(2026, 7, 5), d(2026, 7, 9)),
        ("J1", "E-B1", d(2026, 7, 1), d(2026, 7, 1), d(2026, 7, 2)),
    ];
    for (k, (member, to, submitted, out_ok, in_ok)) in reviewed.into_iter().enumerate() {
        let history = [
            (submitted, SUBMIT, me),
            (out_ok, APPROVE, out),
            (in_ok, APPROVE, into),
        ];
        let app = tiny_application(
            &ws,
            &format!("APP-{k}"),
            member,
            to,
            Initiator::Member,
            &history,
        );
        ws.applications.push(app);
    }
    // The PhD branch pulls O1 in (办理转入): only the out side reviews, on Jul 4.
    let incoming = tiny_application(
        &ws,
        "APP-IN",
        "O1",
        "U-PHD",
        Initiator::InOrg,
        &[(d(2026, 7, 1), SUBMIT, into), (d(2026, 7, 4), APPROVE, out)],
    );
    ws.applications.push(incoming);
    ws.validate().unwrap();
    ws
}

fn assert_rate(got: &Rate, completed: usize, own: usize, incoming: usize, what: &str) {
    assert_eq!(
        (got.completed, got.own, got.incoming),
        (completed, own, incoming),
        "{what}"
    );
    let expected = completed as f64 / (own + incoming) as f64;
    assert_eq!(got.rate, Some(expected), "{what}");
}

#[test]
fn curve_of_a_hand_made_season_day_by_day() {
    let ws = curve_school();
    let index = ws.index();
    // Completed by each day: SX G1 (Jul 3), O1 (Jul 4, incoming), G2 (Jul 6); XS G8 (Jun
    // 20, before the range), G3 (Jul 1, its first day), G7 (Jul 7). Never: G4 (not
    // started), G5 (kept at school), G9 (after Jul 8); G6 and J1 are not counted.
    #[rustfmt::skip]
    let days: [(u32, usize, usize); 8] = [
        // (July day, SX completed, XS completed)
        (1, 0, 2),
        (2, 0, 2),
        (3, 1, 2),
        (4, 2, 2),
        (5, 2, 2),
        (6, 3, 2),
        (7, 3, 3),
        (8, 3, 3),
    ];
    // From the school, O1 is incoming; from the province, O1 is its own.
    for (region, sx_own, sx_incoming) in [(Some("U"), 2, 1), (None, 3, 0)] {
        let curve =
            season::completion_curve(&ws, &index, region, d(2026, 7, 1), d(2026, 7, 8)).unwrap();
        assert_eq!(curve.len(), days.len(), "{region:?}");
        for (point, (day, sx, xs)) in curve.iter().zip(days) {
            let what = format!("{region:?} on Jul {day}");
            assert_eq!(point.date, d(2026, 7, day), "{what}");
            assert_rate(&point.sx, sx, sx_own, sx_incoming, &format!("SX {what}"));
            assert_rate(&point.xs, xs, 6, 0, &format!("XS {what}"));
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
        let brute = brute_force(&ws, from, to);
        prop_assert_eq!((fast.auto_returned, fast.auto_approved), (brute.auto_returned, brute.auto_approved));
        // Each firing is listed once, in date order, inside the move.
        prop_assert_eq!(fast.fired.len(), fast.auto_returned + fast.auto_approved);
        prop_assert!(fast.fired.windows(2).all(|w| (w[0].on, &w[0].application) <= (w[1].on, &w[1].application)));
        prop_assert!(fast.fired.iter().all(|f| f.on > from && f.on <= to));
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
    // 2019 has no fixed dates: the next reminder and the next step the timer approves.
    let ws2019 = synth::school(60, Edition::E2019, 7);
    let timers = season::upcoming(&ws2019, ws2019.clock);
    let reminder = timers.iter().filter_map(|u| u.reminder_on).min().unwrap();
    let approve = timers.iter().map(|u| u.on).min().unwrap();
    let ms = season::milestones(&ws2019);
    assert_eq!(ms.len(), 2, "{ms:?}");
    let at = |date: NaiveDate| ms.iter().find(|(d, _)| *d == date).map(|(_, l)| l.as_str());
    assert!(
        at(reminder).is_some_and(|l| l.starts_with("下一次提醒")),
        "{ms:?}"
    );
    assert!(
        at(approve).is_some_and(|l| l.starts_with("下一次视为通过")),
        "{ms:?}"
    );
    assert!(reminder < approve && reminder > ws2019.clock);
}

#[test]
fn a_clock_move_says_only_what_happened_and_to_whom() {
    let none = season::ClockMove::default();
    assert_eq!(none.what_happened(), None);
    let fired = |member_name: &str, effect: TimerEffect| season::Fired {
        application: format!("APP-{member_name}"),
        member: format!("M-{member_name}"),
        member_name: member_name.to_string(),
        step: Step::OutOrg,
        on: d(2026, 7, 15),
        effect,
    };
    let returned = season::ClockMove {
        auto_returned: 3,
        auto_approved: 0,
        fired: ["甲", "乙", "丙"]
            .map(|n| fired(n, TimerEffect::AutoReturn))
            .to_vec(),
    };
    assert_eq!(
        returned.what_happened().as_deref(),
        Some("系统自动退回 3 个申请（甲、乙、丙）")
    );
    let mut both = season::ClockMove {
        auto_returned: 1,
        auto_approved: 2,
        fired: vec![
            fired("甲", TimerEffect::AutoReturn),
            fired("乙", TimerEffect::AutoApprove),
            fired("乙", TimerEffect::AutoApprove),
        ],
    };
    assert_eq!(
        both.what_happened().as_deref(),
        Some("系统自动退回 1 个申请（甲），自动视为通过 2 个审批环节（乙）")
    );
    // More than five people: the first five, then how many.
    both.fired = ["一", "二", "三", "四", "五", "六", "七"]
        .map(|n| fired(n, TimerEffect::AutoApprove))
        .to_vec();
    both.auto_approved = 7;
    both.auto_returned = 0;
    assert_eq!(
        both.what_happened().as_deref(),
        Some("系统自动视为通过 7 个审批环节（一、二、三、四、五等 7 人）")
    );
}

#[test]
fn upcoming_follows_the_region_and_says_who_must_act() {
    let ws = synth::school(60, Edition::E2021, 7);
    let all = season::upcoming(&ws, ws.clock);
    assert!(!all.is_empty());
    let index = ws.index();
    let lookup = ws.lookup();
    for org in &ws.orgs {
        let top = index.position(&org.id).unwrap();
        let inside = |id: Option<&str>| {
            id.and_then(|i| index.position(i))
                .is_some_and(|i| index.is_under(i, top))
        };
        let expected: Vec<_> = all
            .iter()
            .filter(|u| {
                let app = ws
                    .applications
                    .iter()
                    .find(|a| a.id == u.application)
                    .unwrap();
                inside(Some(&app.from_org)) || inside(app.to_org.as_deref())
            })
            .cloned()
            .collect();
        assert_eq!(
            season::upcoming_in(&ws, Some(&org.id), ws.clock),
            expected,
            "{}",
            org.id
        );
    }
    for u in &all {
        let app = ws
            .applications
            .iter()
            .find(|a| a.id == u.application)
            .unwrap();
        let expected = match u.step {
            Step::OutOrg => format!("{}及其上级", lookup.orgs[app.from_org.as_str()].name),
            Step::InOrg | Step::AssignBranch => app
                .to_org
                .as_deref()
                .map(|t| lookup.orgs[t].name.clone())
                .or(app.to_org_name.clone())
                .unwrap(),
            Step::Leadership => "上级团的领导机关（县级以上团委）".into(),
            Step::Provincial => "省级团委".into(),
        };
        assert_eq!(u.waiting_on, expected);
    }
}
