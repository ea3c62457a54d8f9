//! The `Command` JSON the UI keeps in its history, pinned variant by variant: the text of
//! each command, and that the text reads back as the same command.

use chrono::NaiveDate;
use zhuanjie_core::codes::{Destination, EmployerSystem, Reason};
use zhuanjie_core::commands::{Command, Initiate};
use zhuanjie_core::process::{Actor, EventKind, Initiator, RejectReason};
use zhuanjie_core::workspace::{Member, Org, OrgKind, OrgPurpose};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// One command of every variant, each with its JSON.
fn every_variant() -> Vec<(Command, &'static str)> {
    let member = Member {
        id: "M-1".into(),
        name: "测试同学".into(),
        id_number: Some("990101200401011235".into()),
        org: "B-1".into(),
        birth_date: Some(d(2004, 1, 1)),
        holds_league_post: false,
        party_member: true,
        plan: None,
        mark: None,
    };
    let initiate = Command::Initiate(Initiate {
        member: "M-1".into(),
        initiator: Initiator::Member,
        reason: Some(Reason::FurtherStudy),
        destination: Destination::AdmittingSchoolOrg,
        to_org: Some("A-NEW".into()),
        to_org_name: None,
        to_org_is_branch: None,
        special_province: false,
    });
    vec![
        (
            Command::AddOrg {
                org: Org::new("B-9", "新团支部", OrgKind::Branch, Some("G-1")),
            },
            r#"{"type":"add_org","org":{"id":"B-9","name":"新团支部","kind":"branch","parent":"G-1"}}"#,
        ),
        (
            Command::RenameOrg {
                id: "B-1".into(),
                name: "改名".into(),
            },
            r#"{"type":"rename_org","id":"B-1","name":"改名"}"#,
        ),
        (
            Command::EditOrg {
                id: "B-1".into(),
                kind: OrgKind::GeneralBranch,
                purpose: Some(OrgPurpose::Floating),
                system: Some(EmployerSystem::Railway),
            },
            r#"{"type":"edit_org","id":"B-1","kind":"general_branch","purpose":"floating","system":"railway"}"#,
        ),
        (
            Command::MoveOrg {
                id: "B-1".into(),
                parent: "G-2".into(),
            },
            r#"{"type":"move_org","id":"B-1","parent":"G-2"}"#,
        ),
        (
            Command::DeleteOrg { id: "B-1".into() },
            r#"{"type":"delete_org","id":"B-1"}"#,
        ),
        (
            Command::SetGraduationMonth {
                org: "B-1".into(),
                month: Some("2025-06".into()),
            },
            r#"{"type":"set_graduation_month","org":"B-1","month":"2025-06"}"#,
        ),
        (
            Command::AddMember {
                member: member.clone(),
            },
            r#"{"type":"add_member","member":{"id":"M-1","name":"测试同学","id_number":"990101200401011235","org":"B-1","birth_date":"2004-01-01","holds_league_post":false,"party_member":true}}"#,
        ),
        (
            Command::EditMember { member },
            r#"{"type":"edit_member","member":{"id":"M-1","name":"测试同学","id_number":"990101200401011235","org":"B-1","birth_date":"2004-01-01","holds_league_post":false,"party_member":true}}"#,
        ),
        (
            Command::MarkDelayed {
                member: "M-1".into(),
                graduation_month: "2026-06".into(),
                reason: "学分未修满".into(),
            },
            r#"{"type":"mark_delayed","member":"M-1","graduation_month":"2026-06","reason":"学分未修满"}"#,
        ),
        (
            Command::MarkTeacher {
                member: "M-1".into(),
            },
            r#"{"type":"mark_teacher","member":"M-1"}"#,
        ),
        (
            Command::RevokeMark {
                member: "M-1".into(),
            },
            r#"{"type":"revoke_mark","member":"M-1"}"#,
        ),
        (
            initiate.clone(),
            r#"{"type":"initiate","member":"M-1","initiator":"member","reason":"further_study","destination":"admitting_school_org","to_org":"A-NEW","to_org_name":null,"to_org_is_branch":null,"special_province":false}"#,
        ),
        (
            Command::Act {
                application: "APP-1".into(),
                kind: EventKind::Reject,
                by: Actor::InOrg,
                reason: Some(RejectReason::WrongData),
                note: Some("请核对".into()),
                branch: None,
            },
            r#"{"type":"act","application":"APP-1","kind":"reject","by":"in_org","reason":"wrong_data","note":"请核对","branch":null}"#,
        ),
        (
            Command::BatchMove {
                org: "G-1".into(),
                members: vec!["M-1".into(), "M-2".into()],
                to_org: "B-2".into(),
            },
            r#"{"type":"batch_move","org":"G-1","members":["M-1","M-2"],"to_org":"B-2"}"#,
        ),
        (
            Command::Batch {
                label: "导入".into(),
                commands: vec![
                    initiate,
                    Command::SetClock {
                        date: d(2025, 7, 1),
                    },
                ],
            },
            r#"{"type":"batch","label":"导入","commands":[{"type":"initiate","member":"M-1","initiator":"member","reason":"further_study","destination":"admitting_school_org","to_org":"A-NEW","to_org_name":null,"to_org_is_branch":null,"special_province":false},{"type":"set_clock","date":"2025-07-01"}]}"#,
        ),
        (
            Command::SetClock {
                date: d(2025, 7, 1),
            },
            r#"{"type":"set_clock","date":"2025-07-01"}"#,
        ),
    ]
}

#[test]
fn every_command_variant_keeps_its_json() {
    let all = every_variant();
    // Every variant once (the labels tell them apart; `act` is labelled by its event).
    let mut labels: Vec<&str> = all.iter().map(|(c, _)| c.label()).collect();
    labels.sort_unstable();
    labels.dedup();
    assert_eq!(labels.len(), 16, "{labels:?}");
    for (command, json) in &all {
        assert_eq!(&serde_json::to_string(command).unwrap(), json);
        let back: Command = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(&back, command);
    }
}

/// What an older history or a hand-written command may leave out still reads: absent
/// optional fields are `None`.
#[test]
fn absent_optional_command_fields_read_as_none() {
    let initiate: Command = serde_json::from_str(
        r#"{"type":"initiate","member":"M-1","initiator":"out_org","reason":null,"destination":"special_unit_library","special_province":false}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&initiate).unwrap(),
        r#"{"type":"initiate","member":"M-1","initiator":"out_org","reason":null,"destination":"special_unit_library","to_org":null,"to_org_name":null,"to_org_is_branch":null,"special_province":false}"#
    );
    let act: Command = serde_json::from_str(
        r#"{"type":"act","application":"APP-1","kind":"approve","by":"out_org"}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&act).unwrap(),
        r#"{"type":"act","application":"APP-1","kind":"approve","by":"out_org","reason":null,"note":null,"branch":null}"#
    );
    for bad in [
        r#"{"type":"initiate","initiator":"member","destination":"none","special_province":false}"#,
        r#"{"type":"no_such_command"}"#,
    ] {
        assert!(serde_json::from_str::<Command>(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_codes_forms_use_are_serdes_names() {
    use zhuanjie_core::process::RejectReason;
    use zhuanjie_core::workspace::OrgKind;
    for k in OrgKind::ALL {
        assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        assert_eq!(OrgKind::from_code(k.code()), Some(k));
    }
    for r in RejectReason::ALL {
        assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        assert_eq!(RejectReason::from_code(r.code()), Some(r));
    }
}
