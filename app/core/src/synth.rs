//! Synthetic workspaces: the shipped sample and the benchmark rosters. Deterministic (a
//! seeded xorshift), and visibly fake: names are random syllable pairs and ID numbers
//! start with the non-existent region code 99.

use chrono::{Days, NaiveDate};

use crate::answers::{Answers, Key, Value};
use crate::calendar::Edition;
use crate::codes::{Destination, Situation, Step};
use crate::process::{Actor, Event, EventKind, Initiator, RejectReason};
use crate::rules;
use crate::workspace::{
    Application, Batch, Mark, MarkKind, Member, Org, OrgKind, OrgPurpose, Workspace,
};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const SURNAMES: &[&str] = &["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"];
const GIVEN: &[&str] = &[
    "同学", "晓晴", "明远", "若溪", "知行", "书言", "安然", "致远",
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn org(id: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> Org {
    Org::new(id, name, kind, parent)
}

/// What the generator makes a member's application end up as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Completed,
    PendingFirst,
    PendingSecond,
    PendingAssign,
    Withdrawn,
    Rejected,
    TimedOut,
    NotStarted,
    Lapsed,
}

const SCENARIOS: [Scenario; 9] = [
    Scenario::Completed,
    Scenario::Completed,
    Scenario::PendingFirst,
    Scenario::PendingSecond,
    Scenario::PendingAssign,
    Scenario::Withdrawn,
    Scenario::Rejected,
    Scenario::TimedOut,
    Scenario::NotStarted,
];

/// A school's season with `members` graduates (plus a few non-graduates and an outside
/// school whose graduates apply in), in the given edition, with the clock in mid-October.
/// The newest application of a generated school that a member submitted to an employer's
/// org and that waits for the out side (one event so far): what the benchmarks and the
/// large-roster tests approve.
pub fn waiting_for_out_side(ws: &Workspace) -> Option<String> {
    ws.applications
        .iter()
        .rev()
        .find(|a| {
            a.events.len() == 1
                && a.initiator == Initiator::Member
                && a.destination == Destination::EmployerOrg
        })
        .map(|a| a.id.clone())
}

pub fn school(members: usize, edition: Edition, seed: u64) -> Workspace {
    let mut rng = Rng(seed.max(1));
    let year = 2026;
    let clock = date(year, 10, 15);
    let mut ws = Workspace::empty(edition, clock);
    receiving_side(&mut ws, year);
    school_special_branches(&mut ws);
    let per_branch = 30usize;
    let branch_ids = class_branches(&mut ws, members, per_branch, year);
    // One branch that is not graduating this year (its members are not counted).
    ws.orgs.push(org(
        "U-JUNIOR",
        "第1学院2024级团支部",
        OrgKind::Branch,
        Some("U-C000"),
    ));

    let orgs: std::collections::HashMap<String, Org> =
        ws.orgs.iter().map(|o| (o.id.clone(), o.clone())).collect();
    for i in 0..members {
        let branch = &branch_ids[i / per_branch];
        let situation = Situation::ALL[i % Situation::ALL.len()];
        let scenario = SCENARIOS[(i / Situation::ALL.len()) % SCENARIOS.len()];
        let member = make_member(&mut rng, i, branch, situation, year);
        add_member_story(&mut ws, &orgs, &mut rng, member, situation, scenario, i);
    }

    under_16_leaving_school(&mut ws, &mut rng, members, year);
    // Non-graduates, an incoming graduate from the outside school, and a batch move.
    let junior = make_member(
        &mut rng,
        members,
        "U-JUNIOR",
        Situation::FurtherStudy,
        year + 2,
    );
    ws.members.push(junior);
    for k in 0..3 {
        let mut m = make_member(
            &mut rng,
            members + 1 + k,
            "O-B1",
            Situation::FurtherStudy,
            year,
        );
        m.plan = Some(Situation::FurtherStudy);
        let id = m.id.clone();
        ws.members.push(m);
        let submit = date(year, 7, 1 + k as u32);
        let mut events = vec![Event::new(submit, EventKind::Submit, Actor::InOrg)];
        if k < 2 {
            events.push(Event::new(
                submit + Days::new(2),
                EventKind::Approve,
                Actor::OutOrg,
            ));
        }
        ws.applications.push(Application {
            id: format!("APP-IN-{k}"),
            member: id,
            reason: Some(crate::codes::Reason::FurtherStudy),
            destination: Destination::AdmittingSchoolOrg,
            from_org: "O-B1".into(),
            to_org: Some("A-NEW".into()),
            to_org_name: None,
            to_org_is_branch: None,
            initiator: Initiator::InOrg,
            special_province: false,
            batch: None,
            events,
        });
    }
    if branch_ids.len() >= 2 && members >= 4 {
        batch_move_sample(&mut ws, &mut rng, &branch_ids, members, year);
    }
    ws
}

/// The receiving side: a region with townships, a company, an admitting school, a railway
/// unit in its system's own tree, and the outside school whose graduates apply in.
fn receiving_side(ws: &mut Workspace, year: i32) {
    ws.orgs
        .push(org("R", "某省团委（模拟）", OrgKind::Committee, None));
    ws.orgs
        .push(org("U", "示例大学团委", OrgKind::Committee, Some("R")));
    ws.orgs.push(org(
        "T",
        "某区某街道团工委",
        OrgKind::WorkingCommittee,
        Some("R"),
    ));
    ws.orgs.push(org(
        "T-TEMP",
        "某街道学社衔接临时团支部",
        OrgKind::Branch,
        Some("T"),
    ));
    ws.orgs
        .push(org("C", "某县团委", OrgKind::Committee, Some("R")));
    let mut floating = org("C-FLOAT", "某县流动团员团支部", OrgKind::Branch, Some("C"));
    floating.purpose = Some(OrgPurpose::Floating);
    ws.orgs.push(floating);
    ws.orgs
        .push(org("E", "某科技公司团委", OrgKind::Committee, Some("R")));
    ws.orgs.push(org(
        "E-B1",
        "某科技公司第一团支部",
        OrgKind::Branch,
        Some("E"),
    ));
    ws.orgs.push(org(
        "A",
        "录取大学研究生团委",
        OrgKind::Committee,
        Some("R"),
    ));
    ws.orgs.push(org(
        "A-NEW",
        "录取大学2026级硕士团支部",
        OrgKind::Branch,
        Some("A"),
    ));
    // A railway unit is chosen in the system committee's own tree, never under the province
    // it is in (S004 1.4.5): the sample shows it so, as a second root.
    let mut national_rail = org("NR", "全国铁道团委（模拟）", OrgKind::Committee, None);
    national_rail.system = Some(crate::codes::EmployerSystem::Railway);
    ws.orgs.push(national_rail);
    let mut rail = org("RAIL", "某铁路局团委", OrgKind::Committee, Some("NR"));
    rail.system = Some(crate::codes::EmployerSystem::Railway);
    ws.orgs.push(rail);
    ws.orgs.push(org(
        "RAIL-B1",
        "某铁路局机务段团支部",
        OrgKind::Branch,
        Some("RAIL"),
    ));
    // The outside school, whose graduates apply into the admitting school (metric C).
    ws.orgs
        .push(org("O", "外校团委", OrgKind::Committee, Some("R")));
    let mut outside = org("O-B1", "外校2022级团支部", OrgKind::Branch, Some("O"));
    outside.graduation_month = Some(format!("{year}-06"));
    ws.orgs.push(outside);
}

/// The school's own special branches (floating, overseas, delayed) and its PhD branch.
fn school_special_branches(ws: &mut Workspace) {
    let mut sfloat = org(
        "U-FLOAT",
        "示例大学流动团员团支部",
        OrgKind::Branch,
        Some("U"),
    );
    sfloat.purpose = Some(OrgPurpose::Floating);
    ws.orgs.push(sfloat);
    let mut abroad = org(
        "U-ABROAD",
        "示例大学出国（境）学习研究团员团支部",
        OrgKind::Branch,
        Some("U"),
    );
    abroad.purpose = Some(OrgPurpose::Overseas);
    ws.orgs.push(abroad);
    let mut delayed = org(
        "U-DELAYED",
        "示例大学延迟毕业团支部",
        OrgKind::Branch,
        Some("U"),
    );
    delayed.purpose = Some(OrgPurpose::Delayed);
    ws.orgs.push(delayed);
    ws.orgs.push(org(
        "U-PHD",
        "示例大学2026级博士团支部",
        OrgKind::Branch,
        Some("U"),
    ));
}

/// The school: colleges (committees) → general branches → class branches of `per_branch`
/// graduates each. Returns the class branches' ids.
fn class_branches(ws: &mut Workspace, members: usize, per_branch: usize, year: i32) -> Vec<String> {
    let branches = members.div_ceil(per_branch).max(1);
    let branches_per_total = 8usize;
    let totals = branches.div_ceil(branches_per_total);
    let colleges = totals.div_ceil(6).max(1);
    let mut branch_ids = Vec::with_capacity(branches);
    for c in 0..colleges {
        let cid = format!("U-C{c:03}");
        ws.orgs.push(org(
            &cid,
            &format!("第{}学院团委", c + 1),
            OrgKind::Committee,
            Some("U"),
        ));
        for t in 0..6 {
            let ti = c * 6 + t;
            if ti >= totals {
                break;
            }
            let tid = format!("{cid}-T{t}");
            ws.orgs.push(org(
                &tid,
                &format!("第{}学院第{}团总支", c + 1, t + 1),
                OrgKind::GeneralBranch,
                Some(&cid),
            ));
            for b in 0..branches_per_total {
                let bi = ti * branches_per_total + b;
                if bi >= branches {
                    break;
                }
                let bid = format!("{tid}-B{b}");
                let mut branch = org(
                    &bid,
                    &format!("第{}学院2022级{}班团支部", c + 1, t * 8 + b + 1),
                    OrgKind::Branch,
                    Some(&tid),
                );
                branch.graduation_month = Some(format!("{year}-06"));
                ws.orgs.push(branch);
                branch_ids.push(bid);
            }
        }
    }
    branch_ids
}

/// An affiliated middle school's graduate under 16 leaving the school domain: the
/// leadership step (R-AGE-16) is pending.
fn under_16_leaving_school(ws: &mut Workspace, rng: &mut Rng, members: usize, year: i32) {
    let clock = ws.clock;
    let mut middle = org("U-MS", "附属中学2023级团支部", OrgKind::Branch, Some("U"));
    middle.graduation_month = Some(format!("{year}-06"));
    ws.orgs.push(middle);
    let mut young = make_member(rng, members + 20, "U-MS", Situation::Unemployed, year);
    young.birth_date = Some(date(year - 15, 3, 1));
    let young_id = young.id.clone();
    ws.members.push(young);
    let submit = clock - Days::new(7);
    let mut out_ok = Event::new(submit + Days::new(1), EventKind::Approve, Actor::OutOrg);
    out_ok.step = Some(Step::OutOrg);
    let mut in_ok = Event::new(submit + Days::new(2), EventKind::Approve, Actor::InOrg);
    in_ok.step = Some(Step::InOrg);
    ws.applications.push(Application {
        id: "APP-U16".into(),
        member: young_id,
        reason: Some(crate::codes::Reason::Unemployed),
        destination: Destination::ResidenceTownshipOrg,
        from_org: "U-MS".into(),
        to_org: Some("T-TEMP".into()),
        to_org_name: None,
        to_org_is_branch: None,
        initiator: Initiator::Member,
        special_province: false,
        batch: None,
        events: vec![
            Event::new(submit, EventKind::Submit, Actor::Member),
            out_ok,
            in_ok,
        ],
    });
}

/// A 团总支's batch move: two junior members moved between branches of the same general
/// branch.
fn batch_move_sample(
    ws: &mut Workspace,
    rng: &mut Rng,
    branch_ids: &[String],
    members: usize,
    year: i32,
) {
    let total = ws
        .org(&branch_ids[0])
        .and_then(|b| b.parent.clone())
        .unwrap_or_default();
    let batch_date = date(year, 5, 20);
    ws.batches.push(Batch {
        id: "BATCH-1".into(),
        org: total.clone(),
        date: batch_date,
    });
    // Two junior members moved between branches of the same general branch.
    for k in 0..2 {
        let mut m = make_member(
            rng,
            members + 10 + k,
            &branch_ids[1],
            Situation::FurtherStudy,
            year + 1,
        );
        m.org = "U-JUNIOR".into();
        let id = m.id.clone();
        m.org.clone_from(&branch_ids[1]);
        ws.members.push(m);
        ws.applications.push(Application {
            id: format!("APP-BATCH-{k}"),
            member: id,
            reason: None,
            destination: Destination::None,
            from_org: branch_ids[0].clone(),
            to_org: Some(branch_ids[1].clone()),
            to_org_name: None,
            to_org_is_branch: None,
            initiator: Initiator::Batch,
            special_province: false,
            batch: Some("BATCH-1".into()),
            events: vec![Event::new(batch_date, EventKind::Submit, Actor::OutOrg)],
        });
    }
}

fn make_member(rng: &mut Rng, i: usize, branch: &str, situation: Situation, year: i32) -> Member {
    let birth = date(
        year - 22,
        1 + (rng.below(12) as u32),
        1 + (rng.below(28) as u32),
    );
    let name = format!(
        "{}{}{}",
        SURNAMES[rng.below(SURNAMES.len() as u64) as usize],
        GIVEN[rng.below(GIVEN.len() as u64) as usize],
        i % 1000
    );
    Member {
        id: format!("M{i:07}"),
        name,
        id_number: Some(crate::workspace::with_check_digit(&format!(
            "990101{}{:03}",
            birth.format("%Y%m%d"),
            i % 1000
        ))),
        org: branch.into(),
        birth_date: Some(birth),
        holds_league_post: false,
        party_member: i.is_multiple_of(13),
        plan: Some(situation),
        mark: None,
    }
}

/// Answers that lead the checker to an outcome for a situation (varied by `i`).
fn answers_for(edition: Edition, situation: Situation, i: usize) -> Answers {
    let mut a = Answers::new(edition);
    let set = |a: &mut Answers, k: Key, v: Value| {
        let _ = a.set(k, v);
    };
    set(&mut a, Key::Age, Value::Age(22));
    set(&mut a, Key::Situation, Value::Situation(situation));
    set(&mut a, Key::PartyMember, Value::Bool(i.is_multiple_of(13)));
    set(&mut a, Key::SameSchool, Value::Bool(i.is_multiple_of(5)));
    set(&mut a, Key::Dispatched, Value::Bool(i.is_multiple_of(7)));
    set(&mut a, Key::UserUnitHasOrg, Value::Bool(true));
    set(
        &mut a,
        Key::EmployerHasOrg,
        Value::Bool(!i.is_multiple_of(3)),
    );
    set(
        &mut a,
        Key::EmployerSystem,
        Value::System(
            i.is_multiple_of(4)
                .then_some(crate::codes::EmployerSystem::Railway),
        ),
    );
    set(
        &mut a,
        Key::RetainAtSchool,
        Value::Bool(i.is_multiple_of(4)),
    );
    set(
        &mut a,
        Key::SpecialProvince,
        Value::Bool(i.is_multiple_of(11)),
    );
    set(
        &mut a,
        Key::DestinationIsBranch,
        Value::Bool(!i.is_multiple_of(6)),
    );
    a
}

fn target_org(destination: Destination, answers: &Answers) -> Option<&'static str> {
    let to_committee = answers.flag(Key::DestinationIsBranch) == Some(false);
    Some(match destination {
        Destination::AdmittingSchoolOrg if answers.flag(Key::SameSchool) == Some(true) => "U-PHD",
        Destination::AdmittingSchoolOrg => {
            if to_committee {
                "A"
            } else {
                "A-NEW"
            }
        }
        Destination::EmployerOrg if answers.employer_system().is_some() => "RAIL-B1",
        Destination::EmployerOrg
        | Destination::SendingUnitOrg
        | Destination::UserUnitOrg
        | Destination::DispatchAgencyOrg => {
            if to_committee {
                "E"
            } else {
                "E-B1"
            }
        }
        Destination::ResidenceTownshipOrg
        | Destination::HukouTownshipOrg
        | Destination::EmployerTownshipOrg => {
            if to_committee {
                "T"
            } else {
                "T-TEMP"
            }
        }
        Destination::CountyFloatingBranch => "C-FLOAT",
        Destination::SchoolFloatingBranch => "U-FLOAT",
        Destination::SchoolOverseasBranch => "U-ABROAD",
        Destination::DelayedGraduationOrg => "U-DELAYED",
        Destination::SpecialUnitLibrary | Destination::None => return None,
    })
}

fn add_member_story(
    ws: &mut Workspace,
    orgs: &std::collections::HashMap<String, Org>,
    rng: &mut Rng,
    mut member: Member,
    situation: Situation,
    scenario: Scenario,
    i: usize,
) {
    let year = 2026;
    if situation == Situation::Delayed {
        member.mark = Some(delayed_or_teacher(i, year));
        ws.members.push(member);
        return;
    }
    let scenario = if i % 97 == 13 {
        Scenario::Lapsed
    } else {
        scenario
    };
    if scenario == Scenario::NotStarted {
        ws.members.push(member);
        return;
    }
    let answers = answers_for(ws.edition, situation, i);
    let Ok(outcome) = rules::evaluate(&answers) else {
        ws.members.push(member);
        return;
    };
    let special_province =
        answers.flag(Key::SpecialProvince) == Some(true) && outcome.rules.contains(&"R-3PROV");
    let to_org = if special_province {
        None
    } else {
        target_org(outcome.destination, &answers)
    };
    let to_name = special_province.then(|| "广东省某市某区某街道团工委".to_string());
    let app = Application {
        id: format!("APP{i:07}"),
        member: member.id.clone(),
        reason: outcome.reason,
        destination: outcome.destination,
        from_org: member.org.clone(),
        to_org: to_org.map(Into::into),
        to_org_name: to_name,
        to_org_is_branch: None,
        initiator: Initiator::Member,
        special_province,
        batch: None,
        events: Vec::new(),
    };
    let to = app.to_org.as_deref().map(|id| orgs.get(id));
    let process = crate::workspace::process_shape(ws.edition, &app, to, Some(&member));
    let clock = ws.clock;
    // Early submissions for finished stories; recent ones for pending stories so no timer
    // has fired by the clock.
    let early = date(year, 6, 1) + Days::new(rng.below(40));
    let recent = clock - Days::new(6);
    let mut events = scripted_events(scenario, &process, &app, &mut member, early, recent);
    // Keep only the prefix of the story that is valid under the edition's calendar (a
    // 2019 timer may have approved a step before its scripted approval, say).
    let calendar = ws.calendar();
    while !events.is_empty()
        && crate::process::state_at(&process, &events, clock, &calendar).is_err()
    {
        events.pop();
    }
    ws.members.push(member);
    if !events.is_empty() {
        ws.applications.push(Application { events, ..app });
    }
}

/// The mark of a member whose plan is 延迟毕业: every other one a delayed graduate, the
/// rest teachers.
fn delayed_or_teacher(i: usize, year: i32) -> Mark {
    if i.is_multiple_of(2) {
        Mark {
            kind: MarkKind::Delayed,
            date: date(year, 5, 10),
            graduation_month: Some(format!("{}-06", year + 1)),
            reason: Some("学分未修满".into()),
        }
    } else {
        Mark {
            kind: MarkKind::Teacher,
            date: date(year, 5, 10),
            graduation_month: None,
            reason: None,
        }
    }
}

/// The approval of `step` on `on` (the branch assignment names the destination's branch).
fn approve(events: &mut Vec<Event>, step: Step, on: NaiveDate, app: &Application) {
    let mut e = if step == Step::AssignBranch {
        let mut e = Event::new(on, EventKind::Assign, Actor::InOrg);
        e.branch = Some(
            match app.to_org.as_deref() {
                Some("A") => "A-NEW",
                Some("E") => "E-B1",
                Some("T") => "T-TEMP",
                _ => "E-B1",
            }
            .into(),
        );
        e
    } else {
        Event::new(on, EventKind::Approve, crate::process::reviewer(step))
    };
    e.step = Some(step);
    events.push(e);
}

/// The dated events of a scenario's story, submitted `early` (finished stories) or `recent`
/// (pending ones, so no timer has fired by the clock). A lapsed story makes the member 28.
fn scripted_events(
    scenario: Scenario,
    process: &crate::process::Process,
    app: &Application,
    member: &mut Member,
    early: NaiveDate,
    recent: NaiveDate,
) -> Vec<Event> {
    let year = 2026;
    let mut events = Vec::new();
    let steps = process.steps.clone();
    match scenario {
        Scenario::Completed => {
            events.push(Event::new(early, EventKind::Submit, Actor::Member));
            for (k, step) in steps.iter().enumerate() {
                approve(
                    &mut events,
                    *step,
                    early + Days::new(2 * (k as u64 + 1)),
                    app,
                );
            }
        }
        Scenario::PendingFirst => events.push(Event::new(recent, EventKind::Submit, Actor::Member)),
        Scenario::PendingSecond | Scenario::PendingAssign => {
            events.push(Event::new(recent, EventKind::Submit, Actor::Member));
            if let Some(first) = steps.first() {
                approve(&mut events, *first, recent + Days::new(1), app);
            }
            if scenario == Scenario::PendingAssign && steps.len() > 2 {
                approve(&mut events, steps[1], recent + Days::new(2), app);
            }
        }
        Scenario::Withdrawn => {
            events.push(Event::new(early, EventKind::Submit, Actor::Member));
            if !process.withdrawal_locked {
                events.push(Event::new(
                    early + Days::new(1),
                    EventKind::Withdraw,
                    Actor::Member,
                ));
            }
        }
        Scenario::Rejected => {
            events.push(Event::new(early, EventKind::Submit, Actor::Member));
            if let Some(first) = steps.first().filter(|s| **s != Step::AssignBranch) {
                let mut e = Event::new(
                    early + Days::new(3),
                    EventKind::Reject,
                    crate::process::reviewer(*first),
                );
                e.step = Some(*first);
                e.reason = Some(RejectReason::WrongData);
                events.push(e);
            }
        }
        Scenario::TimedOut => {
            events.push(Event::new(
                date(year, 9, 20),
                EventKind::Submit,
                Actor::Member,
            ));
        }
        Scenario::Lapsed => {
            member.birth_date = Some(date(year - 28, 7, 1));
            // Submitted a few days before the birthday, so no 2019 timer has ended it yet.
            events.push(Event::new(
                date(year, 6, 25),
                EventKind::Submit,
                Actor::Member,
            ));
            events.push(Event::new(
                date(year, 7, 1),
                EventKind::Lapse,
                Actor::School,
            ));
        }
        Scenario::NotStarted => {}
    }
    events
}
