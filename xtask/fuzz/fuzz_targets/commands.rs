//! Random sequences of the simulator's commands on the shipped sample school (either
//! edition). The bytes choose each command and its fields: mostly ids of records that exist
//! at that step (so commands get past the lookups), sometimes made-up ones, any text.
//!
//! Invariants: `apply` never panics; a command that succeeds leaves a workspace that
//! `validate()`s, and applying it again to the document before gives the same result
//! (redo); a refused command changes nothing and says why in Chinese; every command's JSON
//! reads back equal; after the sequence the dashboard draws, the export imports back to the
//! same workspace, and reverting every undo, last first, gives the sample back exactly.
#![no_main]

use arbitrary::{Result, Unstructured};
use chrono::{Days, NaiveDate};
use libfuzzer_sys::fuzz_target;
use zhuanjie_core::codes::{Destination, EmployerSystem, Reason, Situation};
use zhuanjie_core::commands::{self, apply, Command, Initiate};
use zhuanjie_core::process::{self, Actor, EventKind, Initiator, RejectReason};
use zhuanjie_core::workspace::{with_check_digit, Member, Org, OrgKind, OrgPurpose, Workspace};
use zhuanjie_core::Edition;
use zhuanjie_fuzz::{dashboard, sample};

const ORG_KINDS: [OrgKind; 4] = [
    OrgKind::Committee,
    OrgKind::WorkingCommittee,
    OrgKind::GeneralBranch,
    OrgKind::Branch,
];
const PURPOSES: [OrgPurpose; 5] = [
    OrgPurpose::Floating,
    OrgPurpose::Overseas,
    OrgPurpose::Temporary,
    OrgPurpose::Delayed,
    OrgPurpose::SpecialLibrary,
];
const KINDS: [EventKind; 6] = EventKind::ALL;
const ACTORS: [Actor; 6] = Actor::ALL;
const REJECTS: [RejectReason; 3] = [
    RejectReason::WrongData,
    RejectReason::NotReported,
    RejectReason::NotEligible,
];
const NAMES: [&str; 8] = [
    "新团支部",
    "第1学院流动团员团支部",
    "",
    " ",
    "新团委",
    "学社衔接临时团支部",
    "测试同学",
    "广东省某街道团工委",
];
const MONTHS: [&str; 8] = [
    "2026-06", "2027-06", "2027-01", "2025-13", "2026-05", "x", "", "2026-6",
];
const MADE_UP: [&str; 6] = ["N1", "N2", "P1", "APP-999", "BATCH-1", ""];

fn pick<T: Copy>(u: &mut Unstructured, all: &[T]) -> Result<T> {
    Ok(*u.choose(all)?)
}

/// Mostly one of `known`, sometimes a made-up id, rarely any text.
fn id<'a>(u: &mut Unstructured, known: impl ExactSizeIterator<Item = &'a str>) -> Result<String> {
    let n = known.len();
    let roll: u8 = u.arbitrary()?;
    if roll < 220 && n > 0 {
        let i = u.choose_index(n)?;
        Ok(known.into_iter().nth(i).unwrap_or_default().to_string())
    } else if roll < 250 {
        Ok(pick(u, &MADE_UP)?.to_string())
    } else {
        u.arbitrary()
    }
}

fn text(u: &mut Unstructured, common: &[&str]) -> Result<String> {
    if u.ratio(7, 8)? {
        Ok(pick(u, common)?.to_string())
    } else {
        u.arbitrary()
    }
}

fn opt<T>(
    u: &mut Unstructured,
    f: impl FnOnce(&mut Unstructured) -> Result<T>,
) -> Result<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

/// A date near the clock, or rarely one at the ends of chrono's range.
fn date(u: &mut Unstructured, ws: &Workspace) -> Result<NaiveDate> {
    if u.ratio(1, 32)? {
        return pick(
            u,
            &[
                NaiveDate::MIN,
                NaiveDate::MAX,
                NaiveDate::MIN + Days::new(3),
            ],
        );
    }
    let offset: i64 = u.int_in_range(-9000..=900)?;
    Ok(ws
        .clock
        .checked_add_signed(chrono::TimeDelta::days(offset))
        .unwrap_or(ws.clock))
}

struct Gen<'a> {
    ws: &'a Workspace,
}

impl Gen<'_> {
    fn org_id(&self, u: &mut Unstructured) -> Result<String> {
        id(u, self.ws.orgs.iter().map(|o| o.id.as_str()))
    }

    fn member_id(&self, u: &mut Unstructured) -> Result<String> {
        id(u, self.ws.members.iter().map(|m| m.id.as_str()))
    }

    fn org(&self, u: &mut Unstructured) -> Result<Org> {
        let mut org = Org::new(
            &id(u, MADE_UP.into_iter())?,
            &text(u, &NAMES)?,
            pick(u, &ORG_KINDS)?,
            None,
        );
        org.parent = opt(u, |u| self.org_id(u))?;
        org.graduation_month = opt(u, |u| text(u, &MONTHS))?;
        org.system = opt(u, |u| pick(u, &EmployerSystem::ALL))?;
        org.purpose = opt(u, |u| pick(u, &PURPOSES))?;
        Ok(org)
    }

    fn member(&self, u: &mut Unstructured) -> Result<Member> {
        let mut m = if u.arbitrary()? && !self.ws.members.is_empty() {
            u.choose(&self.ws.members)?.clone()
        } else {
            Member {
                id: id(u, MADE_UP.into_iter())?,
                name: "测试同学".into(),
                id_number: None,
                org: self.org_id(u)?,
                birth_date: None,
                holds_league_post: false,
                party_member: false,
                plan: None,
                mark: None,
            }
        };
        for _ in 0..u.int_in_range(0..=3)? {
            match u.int_in_range(0..=7)? {
                0 => m.org = self.org_id(u)?,
                1 => m.birth_date = opt(u, |u| date(u, self.ws))?,
                2 => m.name = text(u, &NAMES)?,
                3 => m.plan = opt(u, |u| pick(u, &Situation::ALL))?,
                4 => m.holds_league_post = u.arbitrary()?,
                5 => m.party_member = u.arbitrary()?,
                6 => {
                    m.id_number = opt(u, |u| {
                        if u.arbitrary()? {
                            let n: u64 = u.int_in_range(0..=99_999_999_999)?;
                            Ok(with_check_digit(&format!("990101{n:011}")))
                        } else {
                            u.arbitrary()
                        }
                    })?
                }
                _ => m.id = id(u, MADE_UP.into_iter())?,
            }
        }
        Ok(m)
    }

    /// An action on an application: mostly one `possible_actions` offers now.
    fn act(&self, u: &mut Unstructured) -> Result<Command> {
        let ws = self.ws;
        if ws.applications.is_empty() || u.ratio(1, 16)? {
            return Ok(Command::Act {
                application: id(u, MADE_UP.into_iter())?,
                kind: pick(u, &KINDS)?,
                by: pick(u, &ACTORS)?,
                reason: None,
                note: None,
                branch: None,
            });
        }
        let app = u.choose(&ws.applications)?;
        let process = ws.process_of(app);
        let state = process::state_at(&process, &app.events, ws.clock, &ws.calendar())
            .unwrap_or(process::State::NotSubmitted);
        let actions = process::possible_actions(&process, &state);
        let (kind, by) = if !actions.is_empty() && u.ratio(3, 4)? {
            let (kind, by, _) = *u.choose(&actions)?;
            (kind, by)
        } else {
            (pick(u, &KINDS)?, pick(u, &ACTORS)?)
        };
        let branch = if kind == EventKind::Assign && u.ratio(3, 4)? {
            let to = app.to_org.as_deref().unwrap_or_default();
            let under: Vec<&str> = ws
                .orgs
                .iter()
                .filter(|o| o.kind == OrgKind::Branch && o.parent.as_deref() == Some(to))
                .map(|o| o.id.as_str())
                .collect();
            Some(id(u, under.into_iter())?)
        } else {
            opt(u, |u| self.org_id(u))?
        };
        Ok(Command::Act {
            application: app.id.clone(),
            kind,
            by,
            reason: if kind == EventKind::Reject && u.ratio(7, 8)? {
                Some(pick(u, &REJECTS)?)
            } else {
                opt(u, |u| pick(u, &REJECTS))?
            },
            note: opt(u, |u| text(u, &["请尽快报到", ""]))?,
            branch,
        })
    }

    fn command(&self, u: &mut Unstructured, depth: u8) -> Result<Command> {
        let ws = self.ws;
        Ok(match u.int_in_range(0..=17)? {
            0 => Command::AddOrg { org: self.org(u)? },
            1 => Command::RenameOrg {
                id: self.org_id(u)?,
                name: text(u, &NAMES)?,
            },
            2 => Command::EditOrg {
                id: self.org_id(u)?,
                kind: pick(u, &ORG_KINDS)?,
                purpose: opt(u, |u| pick(u, &PURPOSES))?,
                system: opt(u, |u| pick(u, &EmployerSystem::ALL))?,
            },
            3 => Command::MoveOrg {
                id: self.org_id(u)?,
                parent: self.org_id(u)?,
            },
            4 => Command::DeleteOrg {
                id: self.org_id(u)?,
            },
            5 => Command::SetGraduationMonth {
                org: self.org_id(u)?,
                month: opt(u, |u| text(u, &MONTHS))?,
            },
            6 => Command::AddMember {
                member: self.member(u)?,
            },
            7 => Command::EditMember {
                member: self.member(u)?,
            },
            8 => Command::MarkDelayed {
                member: self.member_id(u)?,
                graduation_month: text(u, &MONTHS)?,
                reason: text(u, &["学分未修满", "休学一年", ""])?,
            },
            9 => Command::MarkTeacher {
                member: self.member_id(u)?,
            },
            10 => Command::RevokeMark {
                member: self.member_id(u)?,
            },
            11 | 12 => {
                let to_org = opt(u, |u| self.org_id(u))?;
                Command::Initiate(Initiate {
                    member: self.member_id(u)?,
                    initiator: pick(u, &Initiator::ALL)?,
                    reason: opt(u, |u| pick(u, &Reason::ALL))?,
                    destination: pick(u, &Destination::ALL)?,
                    to_org_name: if to_org.is_none() || u.ratio(1, 8)? {
                        opt(u, |u| text(u, &NAMES))?
                    } else {
                        None
                    },
                    to_org,
                    to_org_is_branch: opt(u, |u| u.arbitrary())?,
                    special_province: u.ratio(1, 6)?,
                })
            }
            13..=15 => self.act(u)?,
            16 => {
                let n = u.int_in_range(0..=32)?;
                let mut members = Vec::new();
                for _ in 0..n {
                    members.push(self.member_id(u)?);
                }
                Command::BatchMove {
                    org: self.org_id(u)?,
                    members,
                    to_org: self.org_id(u)?,
                }
            }
            _ if depth == 0 => {
                let n = u.int_in_range(0..=6)?;
                let mut list = Vec::new();
                for _ in 0..n {
                    list.push(self.command(u, depth + 1)?);
                }
                Command::Batch {
                    label: text(u, &["导入花名册", ""])?,
                    commands: list,
                }
            }
            _ => Command::SetClock { date: date(u, ws)? },
        })
    }
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(e2019) = u.arbitrary::<bool>() else {
        return;
    };
    let start = sample(if e2019 {
        Edition::E2019
    } else {
        Edition::E2021
    });
    let mut ws = start.clone();
    let mut undos = Vec::new();
    for _ in 0..24 {
        if u.is_empty() {
            break;
        }
        let Ok(command) = (Gen { ws: &ws }).command(&mut u, 0) else {
            break;
        };
        let json = serde_json::to_string(&command).expect("a command serializes");
        assert_eq!(
            serde_json::from_str::<Command>(&json).ok().as_ref(),
            Some(&command),
            "a command's JSON does not read back: {json}"
        );
        let before = ws.clone();
        match apply(&mut ws, &command) {
            Ok(applied) => {
                if let Err(e) = ws.validate() {
                    panic!("{command:?} left an invalid workspace: {e}");
                }
                let mut again = before;
                assert_eq!(
                    apply(&mut again, &command).as_ref(),
                    Ok(&applied),
                    "redo differs"
                );
                assert!(again == ws, "redo gave another workspace: {command:?}");
                undos.push(applied.undo);
            }
            Err(e) => {
                assert!(has_chinese(&e.message), "refusal not in Chinese: {e}");
                assert!(
                    ws == before,
                    "a refused command changed the workspace: {command:?}"
                );
            }
        }
    }
    if undos.is_empty() {
        // Nothing changed: the sample's dashboard and export are the same every time.
        return;
    }
    dashboard(&ws);
    let out = ws.to_json();
    match Workspace::from_json(&out) {
        Ok(back) => assert!(back == ws, "export then import changed the workspace"),
        Err(e) => panic!("the workspace after the commands does not re-import: {e}"),
    }
    for undo in undos.into_iter().rev() {
        commands::revert(&mut ws, undo);
    }
    assert!(
        ws == *start,
        "reverting every undo did not give the sample back"
    );
});
