//! After the season (S004 4.4 ③, 2.4 ②, 2.2; S002 指引5): the graduating orgs whose members
//! have all transferred, and the members kept in a floating branch with the limit's dates,
//! each checked against the members' own statuses.

use chrono::{Months, NaiveDate};
use std::collections::HashMap;
use zhuanjie_core::after_season::{after_season, KeepStanding};
use zhuanjie_core::codes::Destination;
use zhuanjie_core::status::{statuses_at, Class, Status};
use zhuanjie_core::{policy, synth, Edition, Workspace};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Each graduating branch's members' statuses at `at`.
fn by_branch(ws: &Workspace, at: NaiveDate) -> HashMap<String, Vec<(Status, Class)>> {
    let mut out: HashMap<String, Vec<(Status, Class)>> = HashMap::new();
    for (m, s) in ws.members.iter().zip(statuses_at(ws, at)) {
        if ws.org(&m.org).is_some_and(|o| o.graduation_month.is_some()) {
            out.entry(m.org.clone())
                .or_default()
                .push((s.status, s.class));
        }
    }
    out
}

/// The workspace with one graduating branch left with only its transferred members, so it
/// is one the list must name.
fn with_an_emptied_branch(edition: Edition, at: NaiveDate) -> (Workspace, String) {
    let mut ws = synth::school(600, edition, 5);
    let statuses = statuses_at(&ws, at);
    let moved = |s: Status| matches!(s, Status::Completed | Status::RetainedAtSchool);
    let branch = ws
        .members
        .iter()
        .zip(&statuses)
        .find(|(m, s)| {
            moved(s.status) && ws.org(&m.org).is_some_and(|o| o.graduation_month.is_some())
        })
        .map(|(m, _)| m.org.clone())
        .expect("a transferred graduate");
    let gone: Vec<String> = ws
        .members
        .iter()
        .zip(&statuses)
        .filter(|(m, s)| m.org == branch && !moved(s.status))
        .map(|(m, _)| m.id.clone())
        .collect();
    ws.members.retain(|m| !gone.contains(&m.id));
    ws.applications.retain(|a| !gone.contains(&a.member));
    (ws, branch)
}

#[test]
fn emptied_orgs_are_those_whose_every_member_transferred() {
    for edition in Edition::ALL {
        let at = d(2027, 1, 15);
        let (ws, branch) = with_an_emptied_branch(edition, at);
        let lists = after_season(&ws, None, at).unwrap();
        let statuses = by_branch(&ws, at);
        assert!(
            lists.emptied.iter().any(|o| o.org == branch),
            "{edition:?}: {branch} has only transferred members"
        );
        for o in &lists.emptied {
            let members = &statuses[&o.org];
            assert!(o.transferred > 0);
            assert!(
                members.iter().all(|(s, c)| matches!(
                    s,
                    Status::Completed | Status::RetainedAtSchool
                ) || *c == Class::Lapsed),
                "{}: {members:?}",
                o.org
            );
        }
        // Every other graduating branch still holds someone who has not moved.
        for (org, members) in &statuses {
            if lists.emptied.iter().any(|o| &o.org == org) {
                continue;
            }
            assert!(
                members.iter().any(|(s, c)| !matches!(
                    s,
                    Status::Completed | Status::RetainedAtSchool
                ) && *c != Class::Lapsed)
                    || members.iter().all(|(_, c)| *c == Class::Lapsed),
                "{org} is not listed yet every member moved: {members:?}"
            );
        }
        // A region below the school lists only its own.
        let college = ws.org(&branch).and_then(|o| o.parent.clone()).unwrap();
        let below = after_season(&ws, Some(&college), at).unwrap();
        assert!(below.emptied.iter().any(|o| o.org == branch));
        assert!(below.emptied.len() <= lists.emptied.len());
    }
}

#[test]
fn kept_members_carry_the_editions_limit_from_the_day_they_were_taken_in() {
    for edition in Edition::ALL {
        let ws = synth::school(600, edition, 7);
        for at in [d(2026, 12, 1), d(2027, 3, 1), d(2027, 10, 1)] {
            let lists = after_season(&ws, None, at).unwrap();
            assert!(
                !lists.kept.is_empty(),
                "{edition:?} {at}: synth keeps some at school"
            );
            let statuses: HashMap<&str, Status> = ws
                .members
                .iter()
                .zip(statuses_at(&ws, at))
                .map(|(m, s)| (m.id.as_str(), s.status))
                .collect();
            for k in &lists.kept {
                assert!(
                    matches!(
                        statuses[k.member.as_str()],
                        Status::Completed | Status::RetainedAtSchool
                    ),
                    "{}",
                    k.member
                );
                let destination = match k.kind {
                    zhuanjie_core::after_season::FloatingKind::School => {
                        Destination::SchoolFloatingBranch
                    }
                    zhuanjie_core::after_season::FloatingKind::County => {
                        Destination::CountyFloatingBranch
                    }
                };
                let limit = policy::keep_limit(edition, destination);
                assert_eq!(k.limit, limit);
                assert_eq!(k.days, (at - k.since).num_days());
                let usual = limit.map(|l| k.since + Months::new(l.usual_months));
                assert_eq!(k.usual_by, usual);
                let max = limit
                    .and_then(|l| l.max_months)
                    .map(|m| k.since + Months::new(m));
                assert_eq!(k.max_by, max);
                let expected = match (usual, max) {
                    (None, _) => KeepStanding::NoLimit,
                    (_, Some(m)) if at >= m => KeepStanding::PastLimit,
                    (Some(u), None) if at >= u => KeepStanding::PastLimit,
                    (Some(u), _) if at >= u => KeepStanding::PastUsual,
                    _ => KeepStanding::Within,
                };
                assert_eq!(k.standing, expected, "{} at {at}", k.member);
                assert!(!k.note.is_empty());
                if let Some(l) = limit {
                    assert!(k.note.contains(l.clause), "{}", k.note);
                }
            }
            // Soonest limit first.
            let keys: Vec<_> = lists
                .kept
                .iter()
                .filter(|k| k.standing != KeepStanding::NoLimit)
                .map(|k| k.max_by.or(k.usual_by))
                .collect();
            assert!(keys.windows(2).all(|w| w[0] <= w[1]));
        }
    }
}

#[test]
fn the_limits_are_the_sources() {
    let school21 = policy::keep_limit(Edition::E2021, Destination::SchoolFloatingBranch).unwrap();
    assert_eq!((school21.usual_months, school21.max_months), (6, Some(12)));
    assert_eq!(school21.clause, "S004 2.4 ②");
    let county21 = policy::keep_limit(Edition::E2021, Destination::CountyFloatingBranch).unwrap();
    assert_eq!((county21.usual_months, county21.max_months), (6, Some(12)));
    assert_eq!(county21.clause, "S004 2.2");
    let school19 = policy::keep_limit(Edition::E2019, Destination::SchoolFloatingBranch).unwrap();
    assert_eq!((school19.usual_months, school19.max_months), (6, None));
    assert_eq!(school19.clause, "S002 指引5");
    assert_eq!(
        policy::keep_limit(Edition::E2019, Destination::CountyFloatingBranch),
        None
    );
}
