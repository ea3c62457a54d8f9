//! The chase list (催办清单): the acting org for every step, timer dates equal to
//! `state_at`'s, the order, the groups, the never-started by branch, and the reminders.

use chrono::{Days, NaiveDate};
use zhuanjie_core::calendar::TimerEffect;
use zhuanjie_core::chase::{self, chase_list};
use zhuanjie_core::codes::Step;
use zhuanjie_core::metrics;
use zhuanjie_core::process::{self, State};
use zhuanjie_core::status::Status;
use zhuanjie_core::{synth, Edition};

fn dates(ws: &zhuanjie_core::Workspace) -> Vec<NaiveDate> {
    // Through the season: the clock, and days around the calendar's milestones.
    let c = ws.clock;
    vec![
        NaiveDate::from_ymd_opt(2026, 7, 10).unwrap(),
        NaiveDate::from_ymd_opt(2026, 9, 5).unwrap(),
        NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        c,
        c.checked_add_days(Days::new(20)).unwrap(),
    ]
}

#[test]
fn every_row_says_who_acts_and_the_timer_state_at_fires() {
    for edition in Edition::ALL {
        let ws = synth::school(600, edition, 11);
        let calendar = ws.calendar();
        let lookup = ws.lookup();
        let mut steps_seen = std::collections::BTreeSet::new();
        for at in dates(&ws) {
            let list = chase_list(&ws, None, at).unwrap();
            for w in &list.waiting {
                let app = ws
                    .applications
                    .iter()
                    .find(|a| a.id == w.application)
                    .unwrap();
                let process = ws.process_in(app, &lookup);
                let state = process::state_at(&process, &app.events, at, &calendar).unwrap();
                let State::Pending { step, since, .. } = state else {
                    panic!("{} is listed but not pending", w.application);
                };
                assert_eq!((w.step, w.since), (step, since));
                assert_eq!(w.days, (at - since).num_days());
                steps_seen.insert(step.code());
                // The acting org, by step.
                match step {
                    Step::OutOrg => assert_eq!(w.actor.org.as_deref(), Some(app.from_org.as_str())),
                    Step::InOrg | Step::AssignBranch => {
                        assert_eq!(
                            w.actor.org,
                            app.to_org
                                .clone()
                                .filter(|t| lookup.orgs.contains_key(t.as_str()))
                        )
                    }
                    Step::Leadership | Step::Provincial => assert!(w.actor.org.is_none()),
                }
                assert!(!w.actor.name.is_empty() && !w.then.is_empty());
                // The timer's date is the fold's: the day before, still waiting here; on
                // the day, the timer has done what the row says.
                let due = process::next_due(&state, &calendar);
                assert_eq!(w.due_on, due.as_ref().map(|d| d.on));
                if let (Some(on), Some(effect)) = (w.due_on, w.effect) {
                    let app_events: Vec<_> = app
                        .events
                        .iter()
                        .filter(|e| e.date <= at)
                        .cloned()
                        .collect();
                    let before =
                        process::state_at(&process, &app_events, on.pred_opt().unwrap(), &calendar)
                            .unwrap();
                    assert!(matches!(before, State::Pending { step: s, .. } if s == step));
                    let after = process::state_at(&process, &app_events, on, &calendar).unwrap();
                    match effect {
                        TimerEffect::AutoReturn => {
                            assert!(matches!(after, State::AutoReturned { on: o, .. } if o == on))
                        }
                        TimerEffect::AutoApprove => {
                            assert!(!matches!(after, State::Pending { step: s, .. } if s == step))
                        }
                    }
                }
            }
            // Soonest first; rows without a timer last.
            let keys: Vec<_> = list
                .waiting
                .iter()
                .map(|w| (w.due_on.is_none(), w.due_on))
                .collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted, "{edition:?} {at}");
            // Every application pending at the date is listed (no row is skipped by a
            // shortcut), and nothing else.
            let pending: std::collections::BTreeSet<&str> = ws
                .applications
                .iter()
                .filter(|a| {
                    let p = ws.process_in(a, &lookup);
                    matches!(
                        process::state_at(&p, &a.events, at, &calendar),
                        Ok(State::Pending { .. })
                    )
                })
                .map(|a| a.id.as_str())
                .collect();
            let listed: std::collections::BTreeSet<&str> = list
                .waiting
                .iter()
                .map(|w| w.application.as_str())
                .collect();
            assert_eq!(listed, pending, "{edition:?} {at}");
            // The groups hold every row once, each under its own actor.
            let grouped: usize = list.groups.iter().map(|g| g.applications.len()).sum();
            assert_eq!(grouped, list.waiting.len());
            for g in &list.groups {
                assert!(g
                    .applications
                    .iter()
                    .all(|w| (&w.actor.org, &w.actor.name) == (&g.actor.org, &g.actor.name)));
            }
        }
        // Every step of every process shape the sample makes is met.
        let want = if edition == Edition::E2021 { 5 } else { 4 };
        assert!(steps_seen.len() >= want, "{edition:?}: {steps_seen:?}");
    }
}

#[test]
fn the_never_started_are_the_metrics_own_not_started_by_branch() {
    let ws = synth::school(600, Edition::E2021, 5);
    let at = ws.clock;
    let list = chase_list(&ws, None, at).unwrap();
    let m = metrics::compute(&ws, None, at).unwrap();
    let expected = m
        .missing
        .iter()
        .filter(|x| !x.incoming && x.state == Status::NotStarted)
        .count();
    assert!(expected > 0);
    assert_eq!(list.not_started_total, expected);
    let listed: usize = list.not_started.iter().map(|b| b.members.len()).sum();
    assert_eq!(listed, expected);
    for b in &list.not_started {
        let org = ws.orgs.iter().find(|o| o.id == b.branch).unwrap();
        assert_eq!(org.name, b.branch_name);
        for member in &b.members {
            // Masked, as every export of a list of people.
            if let Some(id) = &member.id_number {
                assert!(id.contains('*'), "{id}");
            }
        }
    }
    // A region narrows both lists; an unknown one is an error.
    let branch = &list.not_started[0].branch;
    let one = chase_list(&ws, Some(branch), at).unwrap();
    assert!(one.not_started.iter().all(|b| &b.branch == branch));
    assert!(chase_list(&ws, Some("NO-SUCH-ORG"), at).is_err());
}

#[test]
fn reminders_name_the_count_the_soonest_day_and_who() {
    let ws = synth::school(600, Edition::E2021, 11);
    let list = chase_list(&ws, None, ws.clock).unwrap();
    let group = list
        .groups
        .iter()
        .find(|g| g.earliest.is_some())
        .expect("a group with a timer");
    let text = chase::group_reminder(group);
    assert!(
        text.contains(&format!("以下 {} 个", group.applications.len())),
        "{text}"
    );
    assert!(
        text.contains(&zhuanjie_core::dates::chinese_date(group.earliest.unwrap())),
        "{text}"
    );
    assert!(text.contains(&group.applications[0].member_name), "{text}");
    let branch = &list.not_started[0];
    let text = chase::branch_reminder(branch);
    assert!(text.contains(&branch.branch_name) && text.contains(&branch.members[0].name));
    let one = chase::member_reminder(&branch.branch_name, &branch.members[0]);
    assert!(one.contains("还没有") && one.contains(&branch.members[0].name));
    // 2019: the timer passes a step by default, and the text says so.
    let ws = synth::school(600, Edition::E2019, 11);
    let list = chase_list(&ws, None, NaiveDate::from_ymd_opt(2026, 7, 10).unwrap()).unwrap();
    if let Some(g) = list.groups.iter().find(|g| g.earliest.is_some()) {
        assert!(chase::group_reminder(g).contains("视为审核通过"));
    }
}
