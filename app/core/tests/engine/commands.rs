//! The simulator's commands on the shipped sample: each does exactly the effect written out
//! by hand and reverts exactly, each refusal says why in Chinese and leaves the workspace
//! unchanged, and random sequences keep the workspace valid, round-tripping through JSON,
//! and revertible to the start.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use zhuanjie_core::codes::{Destination, EmployerSystem, Reason, Situation, Step};
use zhuanjie_core::commands::{
    self, apply, member_answers, revert, Command, CommandError, Initiate, Refusal,
};
use zhuanjie_core::process::{self, Actor, Event, EventKind, Initiator, RejectReason, State};
use zhuanjie_core::workspace::{
    age_on, Application, Batch, Mark, MarkKind, Member, Org, OrgKind, OrgPurpose,
};
use zhuanjie_core::{flow, rules, synth, Edition, Workspace};

fn sample(edition: Edition) -> Workspace {
    synth::school(60, edition, 7)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn org(id: &str, name: &str, kind: OrgKind, parent: &str) -> Org {
    Org::new(id, name, kind, Some(parent))
}

fn member(id: &str, org: &str) -> Member {
    Member {
        id: id.into(),
        name: "测试同学".into(),
        id_number: Some("990101200401011235".into()),
        org: org.into(),
        birth_date: Some(d(2004, 1, 1)),
        holds_league_post: false,
        party_member: false,
        plan: Some(Situation::Employed),
        mark: None,
    }
}

/// Applies `command` and checks what it did: the document must be the start with `effect`
/// applied and nothing else changed. `effect` writes the command's effect out by hand (the
/// org's new parent, the mark recorded, the event appended…), so a command that changes the
/// wrong record, field or value fails here, not only one that changes nothing. Also: the
/// result validates, redo (re-applying to the start) gives the same document, and revert
/// restores the start exactly. Returns the summary and the applied document, for checks of
/// what follows from it (an application's state).
fn succeeds(
    ws: &mut Workspace,
    command: &Command,
    effect: impl FnOnce(&mut Workspace),
) -> (String, Workspace) {
    let before = ws.clone();
    let applied = apply(ws, command).unwrap_or_else(|e| panic!("{command:?}: {e}"));
    ws.validate()
        .unwrap_or_else(|e| panic!("{command:?} left an invalid workspace: {e}"));
    let mut expected = before.clone();
    effect(&mut expected);
    // An expectation that changes nothing would let a command that does nothing pass.
    assert!(
        expected != before,
        "the expected effect of {command:?} is empty"
    );
    assert_same_document(ws, &expected, command);
    // Redo is re-applying: the same command on the same document gives the same result.
    let mut again = before.clone();
    assert_eq!(apply(&mut again, command).as_ref(), Ok(&applied));
    assert_eq!(again, *ws, "apply must be deterministic");
    let after = ws.clone();
    revert(ws, applied.undo);
    assert_eq!(*ws, before, "{command:?}: revert must restore exactly");
    (applied.summary, after)
}

/// Panics naming the first record where `actual` and `expected` differ: a whole workspace
/// in the message would bury the one field that matters.
fn assert_same_document(actual: &Workspace, expected: &Workspace, command: &Command) {
    if actual == expected {
        return;
    }
    fn first_difference<T: PartialEq + std::fmt::Debug>(
        name: &str,
        got: &[T],
        want: &[T],
    ) -> Option<String> {
        (0..got.len().max(want.len()))
            .find(|&i| got.get(i) != want.get(i))
            .map(|i| {
                format!(
                    "{name}[{i}] is {:?}, expected {:?}",
                    got.get(i),
                    want.get(i)
                )
            })
    }
    let difference = first_difference("orgs", &actual.orgs, &expected.orgs)
        .or_else(|| first_difference("members", &actual.members, &expected.members))
        .or_else(|| first_difference("applications", &actual.applications, &expected.applications))
        .or_else(|| first_difference("batches", &actual.batches, &expected.batches))
        .unwrap_or_else(|| {
            format!(
                "the clock is {}, expected {} (or the edition, calendar or format differ)",
                actual.clock, expected.clock
            )
        });
    panic!("{command:?} did not do exactly its effect: {difference}");
}

fn org_mut<'a>(ws: &'a mut Workspace, id: &str) -> &'a mut Org {
    ws.orgs.iter_mut().find(|o| o.id == id).unwrap()
}

fn member_mut<'a>(ws: &'a mut Workspace, id: &str) -> &'a mut Member {
    ws.members.iter_mut().find(|m| m.id == id).unwrap()
}

fn app_of<'a>(ws: &'a Workspace, id: &str) -> &'a Application {
    ws.applications.iter().find(|a| a.id == id).unwrap()
}

fn app_mut<'a>(ws: &'a mut Workspace, id: &str) -> &'a mut Application {
    ws.applications.iter_mut().find(|a| a.id == id).unwrap()
}

/// An application's state at the workspace's clock.
fn state_of(ws: &Workspace, id: &str) -> State {
    let app = ws.applications.iter().find(|a| a.id == id).unwrap();
    process::state_at(&ws.process_of(app), &app.events, ws.clock, &ws.calendar()).unwrap()
}

/// The event an action records: dated on the clock, naming the step it concerns.
fn recorded(ws: &Workspace, kind: EventKind, by: Actor, step: Option<Step>) -> Event {
    let mut event = Event::new(ws.clock, kind, by);
    event.step = step;
    event
}

/// The application [`initiate`]`(member)` records: to A-NEW for further study, started by
/// the member on the clock, from the member's own branch.
fn initiated(ws: &Workspace, id: &str, member: &str) -> Application {
    Application {
        id: id.into(),
        member: member.into(),
        reason: Some(Reason::FurtherStudy),
        destination: Destination::AdmittingSchoolOrg,
        from_org: ws.member(member).unwrap().org.clone(),
        to_org: Some("A-NEW".into()),
        to_org_name: None,
        to_org_is_branch: None,
        initiator: Initiator::Member,
        special_province: false,
        batch: None,
        events: vec![Event::new(ws.clock, EventKind::Submit, Actor::Member)],
    }
}

/// What a 团总支's batch move records: the batch, one approval-free application per member
/// (`(application id, member)`), and each member in the new branch at once.
fn batch_moved(ws: &mut Workspace, batch: &str, by: &str, moves: &[(&str, &str)], to: &str) {
    ws.batches.push(Batch {
        id: batch.into(),
        org: by.into(),
        date: ws.clock,
    });
    for (app, member) in moves {
        let from = ws.member(member).unwrap().org.clone();
        ws.applications.push(Application {
            id: (*app).into(),
            member: (*member).into(),
            reason: None,
            destination: Destination::None,
            from_org: from,
            to_org: Some(to.into()),
            to_org_name: None,
            to_org_is_branch: None,
            initiator: Initiator::Batch,
            special_province: false,
            batch: Some(batch.into()),
            events: vec![Event::new(ws.clock, EventKind::Submit, Actor::OutOrg)],
        });
        member_mut(ws, member).org = to.into();
    }
}

/// Applies a command that must be refused, of this kind; returns the error.
fn refused_as(ws: &mut Workspace, command: &Command, kind: Refusal) -> CommandError {
    let before = ws.clone();
    let err = apply(ws, command).expect_err(&format!("{command:?} should be refused"));
    assert_eq!(*ws, before, "{command:?}: a refusal must change nothing");
    assert_eq!(err.kind, kind, "{command:?}: {}", err.message);
    err
}

/// Applies a command that must be refused; returns its message.
fn refused(ws: &mut Workspace, command: &Command, phrase: &str) {
    let before = ws.clone();
    let err = apply(ws, command).expect_err(&format!("{command:?} should be refused"));
    assert_eq!(*ws, before, "{command:?}: a refusal must change nothing");
    assert!(
        err.message.contains(phrase),
        "{command:?}: «{}» should contain «{phrase}»",
        err.message
    );
    assert!(
        err.to_string()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "message in Chinese: {err}"
    );
}

fn initiate(member: &str) -> Command {
    Command::Initiate(Initiate {
        member: member.into(),
        initiator: Initiator::Member,
        reason: Some(Reason::FurtherStudy),
        destination: Destination::AdmittingSchoolOrg,
        to_org: Some("A-NEW".into()),
        to_org_name: None,
        to_org_is_branch: None,
        special_province: false,
    })
}

fn act(app: &str, kind: EventKind, by: Actor) -> Command {
    Command::Act {
        application: app.into(),
        kind,
        by,
        reason: None,
        note: None,
        branch: None,
    }
}

#[test]
fn org_commands_succeed_and_revert() {
    for edition in Edition::ALL {
        let mut ws = sample(edition);
        let mut branch = org(
            "U-C000-T0-B2",
            "第1学院2022级3班团支部",
            OrgKind::Branch,
            "U-C000-T0",
        );
        branch.graduation_month = Some("2026-06".into());
        let (s, _) = succeeds(
            &mut ws,
            &Command::AddOrg {
                org: branch.clone(),
            },
            |w| w.orgs.push(branch.clone()),
        );
        assert!(
            s.contains("新增组织") && s.contains("第1学院第1团总支"),
            "{s}"
        );
        let (s, _) = succeeds(
            &mut ws,
            &Command::RenameOrg {
                id: "U-C000-T0-B0".into(),
                name: "第1学院2022级1班（更名）团支部".into(),
            },
            |w| org_mut(w, "U-C000-T0-B0").name = "第1学院2022级1班（更名）团支部".into(),
        );
        assert!(s.contains("更名"), "{s}");
        // The company's 团委 becomes a 团工委 of the finance system: every field given is set.
        succeeds(
            &mut ws,
            &Command::EditOrg {
                id: "E".into(),
                kind: OrgKind::WorkingCommittee,
                purpose: None,
                system: Some(EmployerSystem::Finance),
            },
            |w| {
                let e = org_mut(w, "E");
                e.kind = OrgKind::WorkingCommittee;
                e.purpose = None;
                e.system = Some(EmployerSystem::Finance);
            },
        );
        // U-JUNIOR sits under the college U-C000; it moves up to the school committee.
        succeeds(
            &mut ws,
            &Command::MoveOrg {
                id: "U-JUNIOR".into(),
                parent: "U".into(),
            },
            |w| org_mut(w, "U-JUNIOR").parent = Some("U".into()),
        );
        succeeds(
            &mut ws,
            &Command::DeleteOrg {
                id: "U-DELAYED".into(),
            },
            |w| w.orgs.retain(|o| o.id != "U-DELAYED"),
        );
        succeeds(
            &mut ws,
            &Command::SetGraduationMonth {
                org: "U-JUNIOR".into(),
                month: Some("2028-06".into()),
            },
            |w| org_mut(w, "U-JUNIOR").graduation_month = Some("2028-06".into()),
        );
        // B0 holds a delayed graduate: its month cannot go (the mark needs it).
        refused_as(
            &mut ws,
            &Command::SetGraduationMonth {
                org: "U-C000-T0-B0".into(),
                month: None,
            },
            Refusal::InUse,
        );
        let plain = ws
            .orgs
            .iter()
            .find(|o| {
                o.graduation_month.is_some()
                    && !ws.members.iter().any(|m| m.org == o.id && m.mark.is_some())
            })
            .map(|o| o.id.clone())
            .unwrap();
        let (s, _) = succeeds(
            &mut ws,
            &Command::SetGraduationMonth {
                org: plain.clone(),
                month: None,
            },
            |w| org_mut(w, &plain).graduation_month = None,
        );
        assert!(s.contains("清除毕业年月"), "{s}");
    }
}

#[test]
fn member_commands_succeed_and_revert() {
    let mut ws = sample(Edition::E2021);
    succeeds(
        &mut ws,
        &Command::AddMember {
            member: member("NEW-1", "U-C000-T0-B0"),
        },
        |w| w.members.push(member("NEW-1", "U-C000-T0-B0")),
    );
    let mut edited = ws.member("M0000008").unwrap().clone();
    edited.name = "改名同学".into();
    edited.mark = None;
    let before_mark = ws.member("M0000008").unwrap().mark.clone();
    let applied = apply(&mut ws, &Command::EditMember { member: edited }).unwrap();
    assert_eq!(
        ws.member("M0000008").unwrap().mark,
        before_mark,
        "EditMember keeps the mark"
    );
    assert_eq!(ws.member("M0000008").unwrap().name, "改名同学");
    revert(&mut ws, applied.undo);
    assert_eq!(ws, sample(Edition::E2021));

    let mut edited = ws.member("M0000000").unwrap().clone();
    let was_party_member = edited.party_member;
    edited.party_member = !was_party_member;
    succeeds(&mut ws, &Command::EditMember { member: edited }, |w| {
        member_mut(w, "M0000000").party_member = !was_party_member
    });
    // A mark is dated on the clock (S004 1.1–1.3: an admin's act, shown in the history).
    succeeds(
        &mut ws,
        &Command::MarkTeacher {
            member: "M0000000".into(),
        },
        |w| {
            member_mut(w, "M0000000").mark = Some(Mark {
                kind: MarkKind::Teacher,
                date: w.clock,
                graduation_month: None,
                reason: None,
            })
        },
    );
    succeeds(
        &mut ws,
        &Command::RevokeMark {
            member: "M0000008".into(),
        },
        |w| member_mut(w, "M0000008").mark = None,
    );
    // M0000017 is a teacher with no application: revoke, then mark delayed.
    apply(
        &mut ws,
        &Command::RevokeMark {
            member: "M0000017".into(),
        },
    )
    .unwrap();
    let (s, _) = succeeds(
        &mut ws,
        &Command::MarkDelayed {
            member: "M0000017".into(),
            graduation_month: "2027-06".into(),
            reason: "学分未修满".into(),
        },
        |w| {
            member_mut(w, "M0000017").mark = Some(Mark {
                kind: MarkKind::Delayed,
                date: w.clock,
                graduation_month: Some("2027-06".into()),
                reason: Some("学分未修满".into()),
            })
        },
    );
    assert!(s.contains("延迟毕业") && s.contains("2027-06"), "{s}");
}

#[test]
fn application_commands_succeed_and_revert() {
    for edition in Edition::ALL {
        let mut ws = sample(edition);
        // M0000045 withdrew: a new application is allowed.
        let (s, after) = succeeds(&mut ws, &initiate("M0000045"), |w| {
            let app = initiated(w, "APP-1", "M0000045");
            w.applications.push(app)
        });
        // The id (the first free one, APP-1, as the effect says) is not for people.
        assert!(s.contains("丁致远45") && !s.contains("APP"), "{s}");
        let clock = ws.clock;
        assert_eq!(
            state_of(&after, "APP-1"),
            State::Pending {
                index: 0,
                step: Step::OutOrg,
                since: clock
            }
        );
        // M0000018 waits for its out-side approval: approving moves it to the in side.
        let (s, after) = succeeds(
            &mut ws,
            &act("APP0000018", EventKind::Approve, Actor::OutOrg),
            |w| {
                let e = recorded(w, EventKind::Approve, Actor::OutOrg, Some(Step::OutOrg));
                app_mut(w, "APP0000018").events.push(e)
            },
        );
        assert!(
            s == "审批通过：庚知行18的申请（2026年10月9日发起）（转出方）",
            "{s}"
        );
        assert_eq!(
            state_of(&after, "APP0000018"),
            State::Pending {
                index: 1,
                step: Step::InOrg,
                since: clock
            }
        );
        let mut reject = act("APP0000018", EventKind::Reject, Actor::OutOrg);
        if let Command::Act { reason, .. } = &mut reject {
            *reason = Some(RejectReason::WrongData);
        }
        let (_, after) = succeeds(&mut ws, &reject, |w| {
            let mut e = recorded(w, EventKind::Reject, Actor::OutOrg, Some(Step::OutOrg));
            e.reason = Some(RejectReason::WrongData);
            app_mut(w, "APP0000018").events.push(e)
        });
        assert_eq!(
            state_of(&after, "APP0000018"),
            State::Rejected {
                on: clock,
                step: Step::OutOrg,
                reason: RejectReason::WrongData
            }
        );
        let (_, after) = succeeds(
            &mut ws,
            &act("APP0000018", EventKind::Withdraw, Actor::Member),
            |w| {
                let e = recorded(w, EventKind::Withdraw, Actor::Member, None);
                app_mut(w, "APP0000018").events.push(e)
            },
        );
        assert_eq!(
            state_of(&after, "APP0000018"),
            State::Withdrawn { on: clock }
        );
        // Lapse needs the member to be 28: make M0000018 older first.
        let mut older = ws.member("M0000018").unwrap().clone();
        older.birth_date = Some(d(1998, 1, 1));
        apply(&mut ws, &Command::EditMember { member: older }).unwrap();
        let (s, after) = succeeds(
            &mut ws,
            &act("APP0000018", EventKind::Lapse, Actor::School),
            |w| {
                let e = recorded(w, EventKind::Lapse, Actor::School, None);
                app_mut(w, "APP0000018").events.push(e)
            },
        );
        assert!(s.starts_with("超龄离团："), "{s}");
        assert_eq!(state_of(&after, "APP0000018"), State::Lapsed { on: clock });
        // The sample's BATCH-1 is taken: this is BATCH-2; no numbered APP- id is used yet.
        let batch = Command::BatchMove {
            org: "U-C000-T0".into(),
            members: vec!["M0000000".into(), "M0000001".into()],
            to_org: "U-C000-T0-B1".into(),
        };
        let (s, after) = succeeds(&mut ws, &batch, |w| {
            batch_moved(
                w,
                "BATCH-2",
                "U-C000-T0",
                &[("APP-1", "M0000000"), ("APP-2", "M0000001")],
                "U-C000-T0-B1",
            )
        });
        assert!(s.contains("2 名团员") && !s.contains("BATCH"), "{s}");
        // No approval: the moves are complete on the day.
        assert_eq!(state_of(&after, "APP-1"), State::Completed { on: clock });
        assert_eq!(state_of(&after, "APP-2"), State::Completed { on: clock });
        succeeds(
            &mut ws,
            &Command::SetClock {
                date: d(2026, 10, 20),
            },
            |w| w.clock = d(2026, 10, 20),
        );
    }
}

#[test]
fn lapse_needs_the_age() {
    // The sample's members are 22: nobody can be recorded as lapsed.
    let mut ws = sample(Edition::E2021);
    refused(
        &mut ws,
        &act("APP0000019", EventKind::Lapse, Actor::School),
        "未满 28 周岁",
    );
    refused(
        &mut ws,
        &act("APP0000019", EventKind::Lapse, Actor::OutOrg),
        "学校团委",
    );
}

#[test]
fn assign_then_complete() {
    // APP0000042 (to the committee E) waits for branch assignment in 2021.
    let mut ws = sample(Edition::E2021);
    let mut assign = act("APP0000042", EventKind::Assign, Actor::InOrg);
    if let Command::Act { branch, .. } = &mut assign {
        *branch = Some("E-B1".into());
    }
    let (s, after) = succeeds(&mut ws, &assign, |w| {
        let mut e = recorded(w, EventKind::Assign, Actor::InOrg, Some(Step::AssignBranch));
        e.branch = Some("E-B1".into());
        app_mut(w, "APP0000042").events.push(e)
    });
    assert!(s.contains("分到某科技公司第一团支部"), "{s}");
    // Assignment is its last step: the transfer is complete on the day.
    assert_eq!(
        state_of(&after, "APP0000042"),
        State::Completed { on: ws.clock }
    );
    if let Command::Act { branch, .. } = &mut assign {
        *branch = Some("T-TEMP".into());
    }
    refused(&mut ws, &assign, "不是转入组织");
    if let Command::Act { branch, .. } = &mut assign {
        *branch = None;
    }
    refused(&mut ws, &assign, "必须选择团支部");
}

#[test]
fn initiate_and_act_cover_the_whole_lifecycle() {
    let mut ws = sample(Edition::E2021);
    apply(&mut ws, &initiate("M0000045")).unwrap();
    let id = ws.applications.last().unwrap().id.clone();
    assert_eq!(ws.applications.last().unwrap().events[0].date, ws.clock);
    apply(&mut ws, &act(&id, EventKind::Approve, Actor::OutOrg)).unwrap();
    apply(&mut ws, &act(&id, EventKind::Approve, Actor::InOrg)).unwrap();
    let app = ws.applications.last().unwrap();
    let state = process::state_at(&ws.process_of(app), &app.events, ws.clock, &ws.calendar());
    assert!(state.unwrap().is_completed());
    ws.validate().unwrap();
    // A second one for the same member is allowed once the first has ended; the id moves on.
    apply(&mut ws, &initiate("M0000054")).unwrap();
    assert_eq!(ws.applications.last().unwrap().id, "APP-2");
}

#[test]
fn org_refusals() {
    let mut ws = sample(Edition::E2021);
    let add = |o: Org| Command::AddOrg { org: o };
    refused(
        &mut ws,
        &add(org("X", "新团支部", OrgKind::Branch, "NOPE")),
        "上级组织「NOPE」不存在",
    );
    refused(
        &mut ws,
        &add(org("X", "新团支部", OrgKind::Branch, "E-B1")),
        "团支部下面不能再有组织",
    );
    refused(
        &mut ws,
        &add(org("E-B1", "新团支部", OrgKind::Branch, "E")),
        "已被",
    );
    refused(
        &mut ws,
        &add(org(" ", "新团支部", OrgKind::Branch, "E")),
        "id 不能为空",
    );
    refused(
        &mut ws,
        &add(org("X", "  ", OrgKind::Branch, "E")),
        "名称不能为空",
    );
    let mut floating = org("X", "某县团支部", OrgKind::Branch, "C");
    floating.purpose = Some(OrgPurpose::Floating);
    refused(&mut ws, &add(floating), "流动团员");
    let mut committee = org("X", "新团委", OrgKind::Committee, "R");
    committee.graduation_month = Some("2026-06".into());
    refused(&mut ws, &add(committee), "只有团支部");
    let mut root = org("X", "新团委", OrgKind::Committee, "R");
    root.parent = None;
    refused(&mut ws, &add(root), "必须有上级组织");

    let rename = |id: &str, name: &str| Command::RenameOrg {
        id: id.into(),
        name: name.into(),
    };
    refused(&mut ws, &rename("U-FLOAT", "示例大学团支部"), "流动团员");
    refused(&mut ws, &rename("U-FLOAT", ""), "不能为空");
    refused(&mut ws, &rename("NOPE", "某"), "组织「NOPE」不存在");

    let edit = |id: &str, kind: OrgKind| Command::EditOrg {
        id: id.into(),
        kind,
        purpose: None,
        system: None,
    };
    refused(&mut ws, &edit("U-C000-T0-B0", OrgKind::Committee), "名团员");
    refused(&mut ws, &edit("U-C000", OrgKind::Branch), "下级组织");
    refused(&mut ws, &edit("U-PHD", OrgKind::GeneralBranch), "审批环节");
    refused(
        &mut ws,
        &Command::EditOrg {
            id: "E-B1".into(),
            kind: OrgKind::Branch,
            purpose: Some(OrgPurpose::Floating),
            system: None,
        },
        "流动团员",
    );
    let mut ws2 = ws.clone();
    // A 团总支 that batch-moved members must stay one (its children make it no branch anyway).
    refused(&mut ws2, &edit("U-C000-T0", OrgKind::Committee), "批量转接");

    let mv = |id: &str, parent: &str| Command::MoveOrg {
        id: id.into(),
        parent: parent.into(),
    };
    refused(&mut ws, &mv("U", "U-C000"), "环");
    refused(&mut ws, &mv("U", "U"), "环");
    refused(&mut ws, &mv("U-JUNIOR", "E-B1"), "团支部下面不能再有组织");
    refused(&mut ws, &mv("R", "U"), "根组织");
    refused(&mut ws, &mv("U-JUNIOR", "NOPE"), "不存在");
    refused(&mut ws, &mv("U-C000-T0-B1", "U"), "批量转接");
    refused(&mut ws, &mv("E-B1", "T"), "分配的团支部");

    let del = |id: &str| Command::DeleteOrg { id: id.into() };
    refused(&mut ws, &del("U-C000"), "个下级组织");
    refused(&mut ws, &del("U-C000-T0-B0"), "名团员");
    refused(&mut ws, &del("A-NEW"), "个申请");
    refused(&mut ws, &del("U-C000-T0"), "批量转接");
    refused(&mut ws, &del("NOPE"), "不存在");
    let mut lone = Workspace::empty(Edition::E2021, d(2026, 10, 1));
    let mut root = org("R", "某团委", OrgKind::Committee, "R");
    root.parent = None;
    apply(&mut lone, &Command::AddOrg { org: root }).unwrap();
    refused(&mut lone, &del("R"), "唯一的根组织");

    let month = |id: &str, m: Option<&str>| Command::SetGraduationMonth {
        org: id.into(),
        month: m.map(Into::into),
    };
    refused(&mut ws, &month("U", Some("2026-06")), "只有团支部");
    refused(
        &mut ws,
        &month("U-C000-T0-B0", Some("2026-13")),
        "有效的年月",
    );
    // M0000008 (in B0) is delayed to 2027-06.
    refused(&mut ws, &month("U-C000-T0-B0", Some("2027-06")), "不晚于");
}

#[test]
fn member_refusals() {
    let mut ws = sample(Edition::E2021);
    let add = |m: Member| Command::AddMember { member: m };
    refused(&mut ws, &add(member("M0000000", "U-C000-T0-B0")), "已被");
    let mut m = member("NEW", "U-C000-T0-B0");
    m.name = " ".into();
    refused(&mut ws, &add(m), "姓名不能为空");
    refused(&mut ws, &add(member("NEW", "U-C000")), "只能属于团支部");
    refused(&mut ws, &add(member("NEW", "NOPE")), "不存在");
    let mut m = member("NEW", "U-C000-T0-B0");
    m.id_number = Some("12345".into());
    refused(&mut ws, &add(m), "18 位");
    let mut m = member("NEW", "U-C000-T0-B0");
    m.birth_date = Some(d(2027, 1, 1));
    refused(&mut ws, &add(m), "出生日期");
    let mut m = member("", "U-C000-T0-B0");
    m.id = "".into();
    refused(&mut ws, &add(m), "id 不能为空");

    let mut moved = ws.member("M0000000").unwrap().clone();
    moved.org = "U-C000-T0-B1".into();
    refused(
        &mut ws,
        &Command::EditMember { member: moved },
        "已有转接申请",
    );
    refused(
        &mut ws,
        &Command::EditMember {
            member: member("NOPE", "U-C000-T0-B0"),
        },
        "团员「NOPE」不存在",
    );

    // APP0000001 (to an employer) was submitted at 22: at 14 it would need the leadership
    // step, which its history does not have.
    let mut younger = ws.member("M0000001").unwrap().clone();
    younger.birth_date = Some(d(2012, 1, 1));
    refused(
        &mut ws,
        &Command::EditMember { member: younger },
        "改变戊若溪1的申请（2026年7月8日发起）的审批环节",
    );

    let delayed = |m: &str, month: &str, reason: &str| Command::MarkDelayed {
        member: m.into(),
        graduation_month: month.into(),
        reason: reason.into(),
    };
    refused(
        &mut ws,
        &delayed("M0000000", "2027-06", "学分"),
        "已经发起过",
    );
    refused(&mut ws, &delayed("M0000008", "2027-06", "学分"), "请先撤销");
    refused(
        &mut ws,
        &delayed("M0000060", "2027-06", "学分"),
        "没有设置毕业年月",
    );
    let mut ws2 = ws.clone();
    apply(
        &mut ws2,
        &Command::RevokeMark {
            member: "M0000017".into(),
        },
    )
    .unwrap();
    refused(&mut ws2, &delayed("M0000017", "2027-06", "  "), "原因");
    refused(
        &mut ws2,
        &delayed("M0000017", "2026-06", "学分"),
        "必须晚于",
    );
    refused(
        &mut ws2,
        &delayed("M0000017", "2027-6", "学分"),
        "有效的年月",
    );
    refused(&mut ws, &delayed("NOPE", "2027-06", "学分"), "不存在");

    refused(
        &mut ws,
        &Command::MarkTeacher {
            member: "M0000017".into(),
        },
        "请先撤销",
    );
    refused(
        &mut ws,
        &Command::RevokeMark {
            member: "M0000000".into(),
        },
        "没有标记",
    );
}

#[test]
fn initiate_refusals() {
    let mut ws = sample(Edition::E2021);
    refused(&mut ws, &initiate("NOPE"), "团员「NOPE」不存在");
    // Delayed graduates and teachers transfer normally (S004 1.2); only 学社衔接 leaves
    // them out, which the metrics see to.
    let (s, _) = succeeds(&mut ws, &initiate("M0000008"), |w| {
        let app = initiated(w, "APP-1", "M0000008");
        w.applications.push(app)
    });
    assert!(s.contains("发起转接"), "{s}");
    refused_as(&mut ws, &initiate("M0000018"), Refusal::OpenApplication);
    refused_as(&mut ws, &initiate("M0000013"), Refusal::Lapsed);
    let with = |f: &dyn Fn(&mut Command)| {
        let mut c = initiate("M0000045");
        f(&mut c);
        c
    };
    let set = |c: &mut Command,
               who: Option<Initiator>,
               why: Option<Option<Reason>>,
               to: Option<Option<&str>>,
               name: Option<Option<&str>>,
               special: Option<bool>| {
        if let Command::Initiate(Initiate {
            initiator,
            reason,
            to_org,
            to_org_name,
            special_province,
            ..
        }) = c
        {
            if let Some(w) = who {
                *initiator = w;
            }
            if let Some(r) = why {
                *reason = r;
            }
            if let Some(t) = to {
                *to_org = t.map(Into::into);
            }
            if let Some(n) = name {
                *to_org_name = n.map(Into::into);
            }
            if let Some(s) = special {
                *special_province = s;
            }
        }
    };
    refused(
        &mut ws,
        &with(&|c| set(c, Some(Initiator::Batch), None, None, None, None)),
        "批量转接",
    );
    // 办理转入 is not limited to 升学 (S000 常见问题4); the summary says what S004 1.4.3 shows.
    let (s, _) = succeeds(
        &mut ws,
        &with(&|c| {
            set(
                c,
                Some(Initiator::InOrg),
                Some(Some(Reason::EmployedWithOrg)),
                None,
                None,
                None,
            )
        }),
        |w| {
            // The in-org admin submits: the event is theirs.
            let mut app = initiated(w, "APP-1", "M0000045");
            app.initiator = Initiator::InOrg;
            app.reason = Some(Reason::EmployedWithOrg);
            app.events = vec![Event::new(w.clock, EventKind::Submit, Actor::InOrg)];
            w.applications.push(app)
        },
    );
    assert!(s.contains("S004 1.4.3"), "{s}");
    refused_as(
        &mut ws,
        &with(&|c| set(c, None, None, None, None, Some(true))),
        Refusal::Destination,
    );
    refused(
        &mut ws,
        &with(&|c| set(c, None, None, Some(None), None, Some(true))),
        "手工填写",
    );
    refused(
        &mut ws,
        &with(&|c| set(c, None, None, Some(None), Some(Some(" ")), None)),
        "请选择转入组织",
    );
    refused(
        &mut ws,
        &with(&|c| set(c, None, None, Some(Some("NOPE")), None, None)),
        "转入组织「NOPE」不存在",
    );
    refused(
        &mut ws,
        &with(&|c| {
            set(
                c,
                None,
                Some(Some(Reason::AbroadOfficial)),
                None,
                None,
                None,
            )
        }),
        "2021 版没有转接原因",
    );
    refused(
        &mut ws,
        &with(&|c| set(c, None, None, Some(Some("U-C000-T0-B1")), None, None)),
        "现在的团支部",
    );
    let mut special_unit = with(&|c| set(c, None, None, None, None, None));
    if let Command::Initiate(Initiate { destination, .. }) = &mut special_unit {
        *destination = Destination::SpecialUnitLibrary;
    }
    refused(&mut ws, &special_unit, "无需选择组织");
    // Hand-typed destinations and the special-unit library need no tree org.
    succeeds(
        &mut ws,
        &with(&|c| {
            set(
                c,
                None,
                Some(Some(Reason::Unemployed)),
                Some(None),
                Some(Some("广东省某街道团工委")),
                Some(true),
            )
        }),
        |w| {
            let mut app = initiated(w, "APP-1", "M0000045");
            app.reason = Some(Reason::Unemployed);
            app.to_org = None;
            app.to_org_name = Some("广东省某街道团工委".into());
            app.special_province = true;
            w.applications.push(app)
        },
    );
    if let Command::Initiate(Initiate { to_org, reason, .. }) = &mut special_unit {
        *to_org = None;
        *reason = Some(Reason::SpecialUnit);
    }
    let (_, after) = succeeds(&mut ws, &special_unit, |w| {
        let mut app = initiated(w, "APP-1", "M0000045");
        app.reason = Some(Reason::SpecialUnit);
        app.destination = Destination::SpecialUnitLibrary;
        app.to_org = None;
        w.applications.push(app)
    });
    // Special units go to the provincial committee alone (S004 2.3).
    assert_eq!(
        state_of(&after, "APP-1"),
        State::Pending {
            index: 0,
            step: Step::Provincial,
            since: ws.clock
        }
    );
}

#[test]
fn act_refusals_carry_the_engines_message() {
    let mut ws = sample(Edition::E2021);
    refused(
        &mut ws,
        &act("NOPE", EventKind::Approve, Actor::OutOrg),
        "申请「NOPE」不存在",
    );
    refused(
        &mut ws,
        &act("APP0000018", EventKind::Reject, Actor::OutOrg),
        "退回必须选择原因",
    );
    refused(
        &mut ws,
        &act("APP0000018", EventKind::Approve, Actor::InOrg),
        "应由转出方",
    );
    refused(
        &mut ws,
        &act("APP0000018", EventKind::Withdraw, Actor::OutOrg),
        "只有发起人",
    );
    refused(
        &mut ws,
        &act("APP0000000", EventKind::Approve, Actor::OutOrg),
        "已经结束",
    );
    refused(
        &mut ws,
        &act("APP0000018", EventKind::Submit, Actor::Member),
        "发起转接",
    );
    let mut with_reason = act("APP0000018", EventKind::Approve, Actor::OutOrg);
    if let Command::Act { reason, .. } = &mut with_reason {
        *reason = Some(RejectReason::NotEligible);
    }
    refused(&mut ws, &with_reason, "只有退回");
    // After the receiving side approved, no withdrawal (APP0000036 waits for assignment).
    refused(
        &mut ws,
        &act("APP0000036", EventKind::Withdraw, Actor::Member),
        "不能再撤回",
    );
    // 2021: APP-IN-2 was auto-returned on Oct 10.
    refused(
        &mut ws,
        &act("APP-IN-2", EventKind::Approve, Actor::OutOrg),
        "系统自动退回",
    );
}

#[test]
fn batch_and_clock_refusals() {
    let mut ws = sample(Edition::E2021);
    let batch = |org: &str, members: &[&str], to: &str| Command::BatchMove {
        org: org.into(),
        members: members.iter().map(|m| m.to_string()).collect(),
        to_org: to.into(),
    };
    let many: Vec<String> = (0..31).map(|i| format!("M{i:07}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    refused(
        &mut ws,
        &batch("U-C000-T0", &many, "U-C000-T0-B1"),
        "最多 30 人",
    );
    refused(&mut ws, &batch("U-C000-T0", &[], "U-C000-T0-B1"), "至少");
    refused(
        &mut ws,
        &batch("U-C000-T0", &["M0000000", "M0000000"], "U-C000-T0-B1"),
        "重复",
    );
    refused_as(
        &mut ws,
        &batch("U-C000", &["M0000000"], "U-C000-T0-B1"),
        Refusal::Batch,
    );
    refused(
        &mut ws,
        &batch("U-C000-T0", &["M0000000"], "U-PHD"),
        "不是第1学院第1团总支下属的团支部",
    );
    refused(
        &mut ws,
        &batch("U-C000-T0", &["M0000061"], "U-C000-T0-B1"),
        "不在",
    );
    refused(
        &mut ws,
        &batch("U-C000-T0", &["M0000018"], "U-C000-T0-B1"),
        "还没有结束",
    );
    // A delayed graduate may be moved like anyone (S004 1.2), keeping the mark.
    succeeds(
        &mut ws,
        &batch("U-C000-T0", &["M0000008"], "U-C000-T0-B1"),
        |w| {
            batch_moved(
                w,
                "BATCH-2",
                "U-C000-T0",
                &[("APP-1", "M0000008")],
                "U-C000-T0-B1",
            )
        },
    );
    refused(
        &mut ws,
        &batch("U-C000-T0", &["M0000070"], "U-C000-T0-B1"),
        "已经在",
    );
    refused(
        &mut ws,
        &batch("U-C000-T0", &["NOPE"], "U-C000-T0-B1"),
        "团员「NOPE」不存在",
    );

    refused(
        &mut ws,
        &Command::SetClock {
            date: d(2026, 10, 1),
        },
        "时钟不能早于已经发生的事",
    );
    refused(
        &mut ws,
        &Command::SetClock {
            date: d(9999, 1, 1),
        },
        "超出范围",
    );
}

#[test]
fn labels_are_chinese_and_commands_serialize_tagged() {
    let c = act("APP-1", EventKind::Approve, Actor::OutOrg);
    assert_eq!(c.label(), "审批通过");
    assert_eq!(
        Command::SetClock {
            date: d(2026, 10, 1)
        }
        .label(),
        "调整模拟时钟"
    );
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains(r#""type":"act""#), "{json}");
    let back: Command = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
}

#[test]
fn batch_applies_all_as_one_step_and_reverts_exactly() {
    for edition in Edition::ALL {
        let mut ws = sample(edition);
        let parent = ws
            .orgs
            .iter()
            .find(|o| o.kind != OrgKind::Branch)
            .unwrap()
            .id
            .clone();
        let mut edited = ws.members[0].clone();
        edited.name = "改名同学".into();
        let batch = Command::Batch {
            label: "导入花名册".into(),
            commands: vec![
                Command::AddOrg {
                    org: org("B-IMPORT", "导入的团支部", OrgKind::Branch, &parent),
                },
                Command::AddMember {
                    member: member("R-1", "B-IMPORT"),
                },
                Command::EditMember {
                    member: edited.clone(),
                },
            ],
        };
        // Every step's effect, in order.
        let imported = |w: &mut Workspace| {
            w.orgs
                .push(org("B-IMPORT", "导入的团支部", OrgKind::Branch, &parent));
            w.members.push(member("R-1", "B-IMPORT"));
            w.members[0].name = "改名同学".into();
        };
        let (summary, _) = succeeds(&mut ws, &batch, imported);
        assert!(
            summary.contains("导入花名册") && summary.contains('3'),
            "{summary}"
        );
        assert_eq!(batch.label(), "批量操作");
        // The JSON form round-trips like every other command.
        let json = serde_json::to_string(&batch).unwrap();
        assert!(json.contains(r#""type":"batch""#), "{json}");
        assert_eq!(serde_json::from_str::<Command>(&json).unwrap(), batch);
        // Nested batches are one step too.
        let nested = Command::Batch {
            label: "外层".into(),
            commands: vec![batch.clone()],
        };
        succeeds(&mut ws, &nested, imported);
    }
}

#[test]
fn batch_is_all_or_nothing() {
    let mut ws = sample(Edition::E2021);
    let parent = ws
        .orgs
        .iter()
        .find(|o| o.kind != OrgKind::Branch)
        .unwrap()
        .id
        .clone();
    // The third step fails (its branch does not exist): the first two must not stay.
    let batch = Command::Batch {
        label: "导入花名册".into(),
        commands: vec![
            Command::AddOrg {
                org: org("B-IMPORT", "导入的团支部", OrgKind::Branch, &parent),
            },
            Command::AddMember {
                member: member("R-1", "B-IMPORT"),
            },
            Command::AddMember {
                member: member("R-2", "NO-SUCH-BRANCH"),
            },
        ],
    };
    refused(&mut ws, &batch, "第 3 步");
    refused(&mut ws, &batch, "整批未执行");
    // Ids taken inside the batch, or already in the workspace, are still refused.
    let existing = ws.members[0].id.clone();
    let branch = ws.members[0].org.clone();
    for ids in [["R-1", "R-1"], ["R-1", existing.as_str()]] {
        let batch = Command::Batch {
            label: "导入花名册".into(),
            commands: ids
                .iter()
                .map(|id| Command::AddMember {
                    member: member(id, &branch),
                })
                .collect(),
        };
        refused(&mut ws, &batch, "已被");
    }
    // An empty batch changes nothing and reverts to the same document.
    let before = ws.clone();
    let applied = apply(
        &mut ws,
        &Command::Batch {
            label: String::new(),
            commands: vec![],
        },
    )
    .unwrap();
    revert(&mut ws, applied.undo);
    assert_eq!(ws, before);
}

#[test]
fn member_answers_prefill_and_lead_to_an_outcome() {
    let ws = sample(Edition::E2021);
    assert!(member_answers(&ws, "NOPE").is_none());
    for m in &ws.members {
        let mut answers = member_answers(&ws, &m.id).unwrap();
        assert_eq!(answers.edition, ws.edition);
        if let Some(plan) = m.plan {
            assert_eq!(answers.situation(), Some(plan));
        }
        let age = m.birth_date.map(|b| age_on(b, ws.clock) as u32);
        assert_eq!(answers.age(), age.filter(|a| (14..=60).contains(a)));
        // Answer the remaining questions with their first choice: an outcome follows.
        while let Some(q) = flow::next_question(&answers) {
            let value = flow::representative_values(q)[0];
            answers.set(q.key, value).unwrap();
        }
        rules::evaluate(&answers).unwrap_or_else(|e| panic!("{}: {e}", m.id));
    }
}

// ---- random sequences ----

/// One random step: indices resolved against the workspace as it is at that step, so most
/// commands name real records; `kind` ≥ 15 makes garbage.
#[derive(Debug, Clone)]
struct RandomStep {
    kind: u8,
    a: usize,
    b: usize,
    c: usize,
}

fn step() -> impl Strategy<Value = RandomStep> {
    (0u8..18, 0usize..1000, 0usize..1000, 0usize..1000).prop_map(|(kind, a, b, c)| RandomStep {
        kind,
        a,
        b,
        c,
    })
}

const MONTHS: [Option<&str>; 5] = [
    None,
    Some("2026-06"),
    Some("2027-06"),
    Some("2025-13"),
    Some("2026-05"),
];

fn org_id(ws: &Workspace, i: usize) -> String {
    ws.orgs[i % ws.orgs.len()].id.clone()
}

fn member_id(ws: &Workspace, i: usize) -> String {
    ws.members[i % ws.members.len()].id.clone()
}

fn make(ws: &Workspace, s: &RandomStep) -> Command {
    let o = |i: usize| org_id(ws, i);
    let m = |i: usize| member_id(ws, i);
    let kinds = [
        OrgKind::Committee,
        OrgKind::WorkingCommittee,
        OrgKind::GeneralBranch,
        OrgKind::Branch,
    ];
    let (a, b, c) = (s.a, s.b, s.c);
    match s.kind {
        0 => {
            let mut new = org(
                &format!("N{}", c % 40),
                ["新团支部", "新流动团员团支部", "", "新团委"][b % 4],
                kinds[b % 4],
                &o(a),
            );
            new.purpose = (c % 3 == 0).then_some(OrgPurpose::Floating);
            if new.kind == OrgKind::Branch && c % 2 == 0 {
                new.graduation_month = Some("2026-06".into());
            }
            Command::AddOrg { org: new }
        }
        1 => Command::RenameOrg {
            id: o(a),
            name: ["改名团支部", "", "改名流动团员团支部"][b % 3].into(),
        },
        2 => Command::EditOrg {
            id: o(a),
            kind: kinds[b % 4],
            purpose: [
                None,
                Some(OrgPurpose::Floating),
                Some(OrgPurpose::Temporary),
            ][c % 3],
            system: [None, Some(EmployerSystem::Railway)][c % 2],
        },
        3 => Command::MoveOrg {
            id: o(a),
            parent: o(b),
        },
        4 => Command::DeleteOrg { id: o(a) },
        5 => Command::SetGraduationMonth {
            org: o(a),
            month: MONTHS[b % MONTHS.len()].map(Into::into),
        },
        6 => {
            let mut new = member(&format!("P{}", a % 30), &o(b));
            if c % 4 == 0 {
                new.birth_date = Some(d(2013, 1, 1));
            }
            Command::AddMember { member: new }
        }
        7 => {
            let mut edited = ws.members[a % ws.members.len()].clone();
            match c % 4 {
                0 => edited.org = o(b),
                1 => edited.birth_date = Some(d(2011, 1, 1) + Days::new((b * 7) as u64)),
                2 => edited.name = ["", "改名"][b % 2].into(),
                _ => edited.plan = Some(Situation::ALL[b % Situation::ALL.len()]),
            }
            Command::EditMember { member: edited }
        }
        8 => Command::MarkDelayed {
            // Mostly members who never applied: the others are refused.
            member: {
                let free: Vec<&str> = ws
                    .members
                    .iter()
                    .filter(|x| {
                        x.mark.is_none() && !ws.applications.iter().any(|app| app.member == x.id)
                    })
                    .map(|x| x.id.as_str())
                    .collect();
                match free.get(a % free.len().max(1)) {
                    Some(id) if c % 4 != 0 => id.to_string(),
                    _ => m(a),
                }
            },
            graduation_month: ["2027-06", "2027-01", "2026-06", "x"][b % 4].into(),
            reason: ["学分未修满", "休学一年", ""][c % 3].into(),
        },
        9 => Command::MarkTeacher { member: m(a) },
        10 => {
            let marked: Vec<&Member> = ws.members.iter().filter(|x| x.mark.is_some()).collect();
            Command::RevokeMark {
                member: match marked.get(a % marked.len().max(1)) {
                    Some(x) if b % 3 != 0 => x.id.clone(),
                    _ => m(a),
                },
            }
        }
        11 => make_initiate(ws, a, b, c),
        12 => make_act(ws, a, b, c),
        13 => make_batch_move(ws, a, b, c),
        14 => Command::SetClock {
            date: ws.clock + Days::new((a % 30) as u64) - Days::new((b % 4) as u64),
        },
        15 => Command::Act {
            application: format!("GARBAGE-{a}"),
            kind: EventKind::Approve,
            by: Actor::OutOrg,
            reason: None,
            note: None,
            branch: None,
        },
        16 => Command::Initiate(Initiate {
            member: format!("NOBODY-{a}"),
            initiator: Initiator::Member,
            reason: None,
            destination: Destination::None,
            to_org: Some(format!("NOWHERE-{b}")),
            to_org_name: None,
            to_org_is_branch: None,
            special_province: false,
        }),
        _ => Command::MoveOrg {
            id: format!("GHOST-{a}"),
            parent: o(b),
        },
    }
}

/// A transfer start, in the tree or typed by hand, with any reason and destination.
fn make_initiate(ws: &Workspace, a: usize, b: usize, c: usize) -> Command {
    let o = |i: usize| org_id(ws, i);
    let m = |i: usize| member_id(ws, i);
    let reasons = [
        Some(Reason::FurtherStudy),
        Some(Reason::EmployedWithOrg),
        Some(Reason::Unemployed),
        Some(Reason::SpecialUnit),
        Some(Reason::AbroadOfficial),
        None,
    ];
    let destinations = [
        Destination::AdmittingSchoolOrg,
        Destination::EmployerOrg,
        Destination::ResidenceTownshipOrg,
        Destination::SpecialUnitLibrary,
        Destination::SchoolFloatingBranch,
    ];
    let special = c.is_multiple_of(7);
    Command::Initiate(Initiate {
        member: m(a),
        initiator: [Initiator::Member, Initiator::OutOrg, Initiator::InOrg][b % 3],
        reason: reasons[c % reasons.len()],
        destination: destinations[b % destinations.len()],
        to_org: (!special && !c.is_multiple_of(5)).then(|| o(b / 3 + c)),
        to_org_name: (special || c.is_multiple_of(5)).then(|| "广东省某街道团工委".into()),
        to_org_is_branch: Some(c.is_multiple_of(2)),
        special_province: special,
    })
}

/// An action on an application, mostly a pending one and an action its state allows.
fn make_act(ws: &Workspace, a: usize, b: usize, c: usize) -> Command {
    let o = |i: usize| org_id(ws, i);
    if ws.applications.is_empty() {
        return Command::DeleteOrg { id: "NOPE".into() };
    }
    // Mostly applications still pending: the others refuse every action.
    let calendar = ws.calendar();
    let open: Vec<&zhuanjie_core::workspace::Application> = ws
        .applications
        .iter()
        .filter(|x| {
            process::state_at(&ws.process_of(x), &x.events, ws.clock, &calendar)
                .is_ok_and(|st| !st.is_terminal())
        })
        .collect();
    let app = match open.get(a % open.len().max(1)) {
        Some(x) if !b.is_multiple_of(5) => *x,
        _ => &ws.applications[a % ws.applications.len()],
    };
    let process = ws.process_of(app);
    let state = process::state_at(&process, &app.events, ws.clock, &ws.calendar())
        .unwrap_or(process::State::NotSubmitted);
    let actions = process::possible_actions(&process, &state);
    let (kind, by) = if !b.is_multiple_of(4) && !actions.is_empty() {
        let (k, by, _) = actions[c % actions.len()];
        (k, by)
    } else {
        (
            [
                EventKind::Approve,
                EventKind::Reject,
                EventKind::Withdraw,
                EventKind::Assign,
                EventKind::Lapse,
            ][b % 5],
            [Actor::Member, Actor::OutOrg, Actor::InOrg, Actor::School][c % 4],
        )
    };
    let branch = (kind == EventKind::Assign).then(|| {
        let to = app.to_org.clone().unwrap_or_default();
        ws.orgs
            .iter()
            .find(|x| x.kind == OrgKind::Branch && x.parent.as_deref() == Some(&to))
            .map_or_else(|| o(c), |x| x.id.clone())
    });
    Command::Act {
        application: app.id.clone(),
        kind,
        by,
        reason: (kind == EventKind::Reject).then_some(RejectReason::NotReported),
        note: c.is_multiple_of(3).then(|| "请尽快报到".into()),
        branch,
    }
}

/// A 团总支's batch move of a few of its members into one of its branches.
fn make_batch_move(ws: &Workspace, a: usize, b: usize, c: usize) -> Command {
    let o = |i: usize| org_id(ws, i);
    let m = |i: usize| member_id(ws, i);
    let orgs = &ws.orgs;
    let totals: Vec<&Org> = orgs
        .iter()
        .filter(|x| x.kind == OrgKind::GeneralBranch)
        .collect();
    let Some(total) = totals.get(a % totals.len().max(1)) else {
        return Command::BatchMove {
            org: o(a),
            members: vec![m(b)],
            to_org: o(c),
        };
    };
    let branches: Vec<&Org> = orgs
        .iter()
        .filter(|x| x.parent.as_deref() == Some(total.id.as_str()))
        .collect();
    let to = branches
        .get(b % branches.len().max(1))
        .map_or_else(|| o(b), |x| x.id.clone());
    let movers: Vec<String> = ws
        .members
        .iter()
        .filter(|x| branches.iter().any(|br| br.id == x.org) && x.org != to)
        .skip(c % 20)
        .take(1 + c % 3)
        .map(|x| x.id.clone())
        .collect();
    Command::BatchMove {
        org: total.id.clone(),
        members: movers,
        to_org: to,
    }
}

proptest! {
    #![proptest_config(crate::proptest_config(200))]
    #[test]
    fn random_sequences_stay_valid_and_revert(e2019 in any::<bool>(), steps in prop::collection::vec(step(), 1..=30)) {
        let edition = if e2019 { Edition::E2019 } else { Edition::E2021 };
        let start = sample(edition);
        let mut ws = start.clone();
        let mut undos = Vec::new();
        for s in &steps {
            let command = make(&ws, s);
            let json = serde_json::to_string(&command).unwrap();
            let parsed = serde_json::from_str::<Command>(&json).ok();
            prop_assert_eq!(parsed.as_ref(), Some(&command));
            let before = ws.clone();
            match apply(&mut ws, &command) {
                Ok(applied) => {
                    prop_assert!(!applied.summary.is_empty());
                    if let Err(e) = ws.validate() {
                        panic!("{command:?} left an invalid workspace: {e}");
                    }
                    let back = Workspace::from_json(&ws.to_json());
                    prop_assert_eq!(back.as_ref(), Ok(&ws));
                    undos.push(applied.undo);
                }
                Err(e) => {
                    prop_assert!(!e.message.is_empty());
                    prop_assert_eq!(&ws, &before, "a refusal changed the workspace: {:?}", command);
                }
            }
        }
        for undo in undos.into_iter().rev() {
            commands::revert(&mut ws, undo);
        }
        prop_assert_eq!(ws, start);
    }
}

/// One action on a large roster finds its application among 50,000 members and records
/// exactly its approval. How long that takes is a figure of `cargo xtask bench` (the engine
/// section's 一次审批通过), never an assertion here: a timing bound in a test fails on a
/// busy machine and passes on a slow engine.
#[test]
fn one_action_on_a_large_roster_approves_only_its_application() {
    let mut ws = synth::school(50_000, Edition::E2021, 3);
    let pending = synth::waiting_for_out_side(&ws).unwrap();
    let clock = ws.clock;
    assert!(
        matches!(
            state_of(&ws, &pending),
            State::Pending {
                index: 0,
                step: Step::OutOrg,
                ..
            }
        ),
        "{pending} waits for its out side"
    );
    let (s, after) = succeeds(
        &mut ws,
        &act(&pending, EventKind::Approve, Actor::OutOrg),
        |w| {
            let e = recorded(w, EventKind::Approve, Actor::OutOrg, Some(Step::OutOrg));
            app_mut(w, &pending).events.push(e)
        },
    );
    let whose = &after.member(&app_of(&after, &pending).member).unwrap().name;
    assert!(s.contains(whose.as_str()) && !s.contains(&pending), "{s}");
    assert_eq!(
        state_of(&after, &pending),
        State::Pending {
            index: 1,
            step: Step::InOrg,
            since: clock
        }
    );
}

/// A member the roster shows as 尚未发起 can be marked delayed: started means a transfer
/// submitted, counted the same way in both places (a 团总支's batch move is not one).
#[test]
fn a_member_shown_not_started_can_be_marked_delayed() {
    let mut ws = sample(Edition::E2021);
    let moved = ws
        .applications
        .iter()
        .find(|a| a.initiator == Initiator::Batch)
        .map(|a| a.member.clone())
        .unwrap();
    let i = ws.members.iter().position(|m| m.id == moved).unwrap();
    let statuses = zhuanjie_core::status::statuses_at(&ws, ws.clock);
    assert_eq!(statuses[i].status.label(), "尚未发起");
    let home = ws.members[i].org.clone();
    let month = ws.org(&home).and_then(|o| o.graduation_month.clone());
    if let Some(month) = month {
        let later = format!("{}-12", &month[..4]);
        succeeds(
            &mut ws,
            &Command::MarkDelayed {
                member: moved.clone(),
                graduation_month: later.clone(),
                reason: "学分未修满".into(),
            },
            |w| {
                member_mut(w, &moved).mark = Some(Mark {
                    kind: MarkKind::Delayed,
                    date: w.clock,
                    graduation_month: Some(later.clone()),
                    reason: Some("学分未修满".into()),
                })
            },
        );
    }
    // One who has submitted a transfer cannot be marked (S000 常见问题2), whatever its state.
    let started = ws
        .applications
        .iter()
        .find(|a| {
            a.initiator != Initiator::Batch
                && ws.member(&a.member).is_some_and(|m| m.mark.is_none())
        })
        .map(|a| a.member.clone())
        .unwrap();
    refused_as(
        &mut ws,
        &Command::MarkDelayed {
            member: started,
            graduation_month: "2027-06".into(),
            reason: "学分".into(),
        },
        Refusal::AlreadyStarted,
    );
}

/// A member added by hand passes the checks the roster import makes: the ID check digit,
/// the plausible age.
#[test]
fn a_member_added_by_hand_meets_the_import_checks() {
    use zhuanjie_core::checks::Problem;
    let mut ws = sample(Edition::E2021);
    let mut bad = member("NEW-2", "U-C000-T0-B0");
    bad.id_number = Some("990101200401011234".into());
    let err = refused_as(
        &mut ws,
        &Command::AddMember {
            member: bad.clone(),
        },
        Refusal::Record(Problem::IdNumberCheckDigit {
            shown: "9901012004****1234".into(),
            expected: '5',
            found: "4".into(),
        }),
    );
    assert!(err.message.contains("校验位"), "{}", err.message);
    bad.id_number = None;
    bad.birth_date = Some(d(2022, 1, 1));
    let err = apply(&mut ws, &Command::AddMember { member: bad }).unwrap_err();
    assert!(matches!(
        err.kind,
        Refusal::Record(Problem::BirthImplausible { age: 4, .. })
    ));
    // The same record through the workspace check names the same problem with its path.
    let mut doc = ws.clone();
    let mut m = member("NEW-3", "U-C000-T0-B0");
    m.id_number = Some("990101200401011234".into());
    doc.members.push(m);
    let errors = doc.validate().unwrap_err();
    assert!(errors
        .0
        .iter()
        .any(|e| e.place.ends_with(".id_number") && e.message.contains("校验位")));
}

/// The engine turns a checker outcome and the admin's choice into the Initiate command.
#[test]
fn an_outcome_becomes_the_initiate_command() {
    use commands::{initiate_from_outcome, outcome_starts_transfer, InitiateChoice};
    use zhuanjie_core::answers::{Key, Value};
    let ws = sample(Edition::E2021);
    let choice = |destination, to_org: Option<&str>, name: Option<&str>| InitiateChoice {
        initiator: Initiator::Member,
        destination,
        to_org: to_org.map(Into::into),
        to_org_name: name.map(Into::into),
    };
    // 北京/广东/福建: a name typed by hand, never a tree org, whatever the admin picked.
    let mut answers = member_answers(&ws, "M0000045").unwrap();
    for (k, v) in [
        (Key::Situation, Value::Situation(Situation::Employed)),
        (Key::Dispatched, Value::Bool(false)),
        (Key::EmployerHasOrg, Value::Bool(false)),
        (Key::SpecialProvince, Value::Bool(true)),
    ] {
        answers.set(k, v).unwrap();
    }
    let o = rules::evaluate(&answers).unwrap();
    assert!(outcome_starts_transfer(&o));
    // The form's inputs and the command's filtering are one engine answer.
    let inputs = commands::target_inputs(&answers, o.destination);
    assert!(!inputs.tree_org && inputs.typed_name.is_some());
    let unit = commands::target_inputs(&answers, Destination::SpecialUnitLibrary);
    assert!(!unit.tree_org && unit.typed_name.is_none());
    let c = initiate_from_outcome(
        "M0000045",
        &answers,
        &o,
        choice(o.destination, Some("E-B1"), Some(" 广东省某街道团工委 ")),
    )
    .unwrap();
    match &c {
        Command::Initiate(Initiate {
            to_org,
            to_org_name,
            special_province,
            reason,
            ..
        }) => {
            assert_eq!(to_org, &None);
            assert_eq!(to_org_name.as_deref(), Some("广东省某街道团工委"));
            assert!(*special_province);
            assert_eq!(*reason, o.reason);
        }
        other => panic!("{other:?}"),
    }
    // The typed name is kept, trimmed; no tree org; a 团支部 unless the answers say not.
    let mut applied = ws.clone();
    succeeds(&mut applied, &c, |w| {
        let mut app = initiated(w, "APP-1", "M0000045");
        app.reason = o.reason;
        app.destination = o.destination;
        app.to_org = None;
        app.to_org_name = Some("广东省某街道团工委".into());
        app.to_org_is_branch = Some(true);
        app.special_province = true;
        w.applications.push(app)
    });
    // A destination the outcome does not offer is refused.
    let err = initiate_from_outcome(
        "M0000045",
        &answers,
        &o,
        choice(Destination::SpecialUnitLibrary, None, None),
    )
    .unwrap_err();
    assert_eq!(err.kind, Refusal::Destination);
    // An outcome with nothing to submit starts nothing.
    let mut lapsed = zhuanjie_core::Answers::new(Edition::E2021);
    lapsed.set(Key::Age, Value::Age(30)).unwrap();
    lapsed
        .set(Key::HoldsLeaguePost, Value::Bool(false))
        .unwrap();
    let o = rules::evaluate(&lapsed).unwrap();
    assert!(!outcome_starts_transfer(&o));
    assert!(
        initiate_from_outcome("M0000045", &lapsed, &o, choice(o.destination, None, None)).is_err()
    );
}

/// The first application (in workspace order) whose state at the clock `is`.
fn app_where(ws: &Workspace, is: impl Fn(&Application, &State) -> bool) -> Application {
    ws.applications
        .iter()
        .find(|a| {
            let s = process::state_at(&ws.process_of(a), &a.events, ws.clock, &ws.calendar());
            s.is_ok_and(|s| is(a, &s))
        })
        .cloned()
        .expect("the sample has such an application")
}

#[test]
fn a_completed_transfer_does_not_start_again_a_returned_one_does_in_one_step() {
    let mut ws = sample(Edition::E2021);
    // The 2021 timer returns the applications pending on the sample's clock (Oct 9) on Oct 19.
    apply(
        &mut ws,
        &Command::SetClock {
            date: d(2026, 10, 31),
        },
    )
    .unwrap();

    let done = app_where(&ws, |a, s| {
        matches!(s, State::Completed { .. }) && a.destination != Destination::SchoolFloatingBranch
    });
    let err = commands::can_start(&ws, &done.member).unwrap_err();
    assert_eq!(err.kind, Refusal::Completed);
    assert!(err.message.contains("已经完成"), "{}", err.message);
    refused_as(&mut ws, &initiate(&done.member), Refusal::Completed);
    let again = Command::Reinitiate {
        application: done.id.clone(),
    };
    refused(&mut ws, &again, "只有被退回或撤回的申请");

    // Kept at school: the floating branch is not the end; a later transfer may start.
    let kept = app_where(&ws, |a, s| {
        matches!(s, State::Completed { .. }) && a.destination == Destination::SchoolFloatingBranch
    });
    assert_eq!(commands::can_start(&ws, &kept.member), Ok(()));

    // Moved by a 团总支's batch inside the school: still free to start a transfer.
    let batched = app_where(&ws, |a, _| a.initiator == Initiator::Batch);
    assert!(!ws
        .applications
        .iter()
        .any(|a| a.member == batched.member && a.initiator != Initiator::Batch));
    assert_eq!(commands::can_start(&ws, &batched.member), Ok(()));

    let returned = app_where(&ws, |_, s| matches!(s, State::AutoReturned { .. }));
    assert_eq!(commands::can_start(&ws, &returned.member), Ok(()));
    let again = Command::Reinitiate {
        application: returned.id.clone(),
    };
    let before = ws.clone();
    let applied = apply(&mut ws, &again).unwrap();
    assert!(
        applied.summary.starts_with("按原去向重新发起"),
        "{}",
        applied.summary
    );
    let new = ws.applications.last().unwrap().clone();
    assert_ne!(new.id, returned.id);
    let expected = Application {
        id: new.id.clone(),
        events: vec![Event::new(
            ws.clock,
            EventKind::Submit,
            returned.initiator.actor(),
        )],
        batch: None,
        from_org: ws.member(&returned.member).unwrap().org.clone(),
        ..returned.clone()
    };
    assert_eq!(new, expected);
    assert_eq!(ws.applications.len(), before.applications.len() + 1);
    // Running again now: the new application is open.
    refused_as(&mut ws, &again, Refusal::OpenApplication);
    revert(&mut ws, applied.undo);
    assert_eq!(ws, before);
    refused_as(
        &mut ws,
        &Command::Reinitiate {
            application: "NOPE".into(),
        },
        Refusal::NotFound,
    );
}

#[test]
fn messages_name_orgs_by_name_and_tell_twins_apart_by_their_parent() {
    let mut ws = sample(Edition::E2021);
    let twin = ws.org("U-C000-T0-B1").unwrap().name.clone();
    let applied = apply(
        &mut ws,
        &Command::RenameOrg {
            id: "U-JUNIOR".into(),
            name: twin.clone(),
        },
    )
    .unwrap();
    assert!(!applied.summary.contains("U-C000"), "{}", applied.summary);
    let err = apply(
        &mut ws,
        &Command::BatchMove {
            org: "U-C000-T0".into(),
            members: vec!["M0000030".into()],
            to_org: "U-C000-T0-B1".into(),
        },
    )
    .unwrap_err();
    let parent = ws.org("U-C000-T0").unwrap().name.clone();
    assert!(
        err.message.contains(&format!("{twin}（{parent}下）")) && !err.message.contains("U-C000"),
        "{}",
        err.message
    );
}
