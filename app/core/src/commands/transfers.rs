//! Transfers: an application starts ([`Command::Initiate`], also from a checker outcome:
//! [`initiate_from_outcome`]) and moves on by its sides' actions ([`Command::Act`]).

use super::{
    app_label, done, find_member, fresh_ids, is_under, member_label, open_application, org_label,
    refuse, refuse_as, state_now,
};
use super::{Applied, Command, CommandError, Initiate, Refusal, Undo};
use crate::answers::{Answers, Key, Value};
use crate::codes::{Destination, Step};
use crate::process::{self, Actor, Event, EventKind, Initiator, RejectReason, State};
use crate::workspace::{age_on, Application, Member, OrgKind, Workspace};

pub(super) fn initiate(ws: &mut Workspace, command: &Initiate) -> Result<Applied, CommandError> {
    let Initiate {
        member,
        initiator,
        reason,
        destination,
        to_org,
        to_org_name,
        to_org_is_branch,
        special_province,
    } = command;
    let (initiator, destination, special_province) = (*initiator, *destination, *special_province);
    let at = find_member(ws, member)?;
    let m = &ws.members[at];
    let who = member_label(m);
    // Marked members (延迟毕业团员, 教师) transfer normally; they are only outside 学社衔接
    // (S004 1.2), which the metrics see to.
    if initiator == Initiator::Batch {
        return refuse("批量转接由团总支通过“批量转接”办理，不能在这里发起");
    }
    can_start(ws, member)?;
    if let Some(r) = reason {
        if r.label(ws.edition).is_none() {
            let name = r.label(crate::calendar::Edition::E2019).unwrap_or(r.code());
            return refuse(format!("{} 版没有转接原因“{name}”", ws.edition.code()));
        }
    }
    if destination == Destination::None {
        return refuse("去向为“无需转接”，不能发起转接");
    }
    let named = to_org_name.as_deref().is_some_and(|n| !n.trim().is_empty());
    if special_province && (to_org.is_some() || !named) {
        return refuse_as(
            Refusal::Destination,
            "转往北京/广东/福建须选“是”并手工填写对方组织的名称和地址（S004 1.4.5），不在本工作区的组织树里选",
        );
    }
    if destination == Destination::SpecialUnitLibrary {
        if let Some(to) = to_org {
            return refuse(format!(
                "转往特殊单位专属库无需选择组织，这里选了{}",
                org_label(ws, to)
            ));
        }
    } else if to_org.is_none() && !named {
        return refuse(format!(
            "去向为“{}”，请选择转入组织或手工填写组织名称",
            destination.label(ws.edition)
        ));
    }
    if let Some(to) = to_org {
        if ws.org(to).is_none() {
            return refuse(format!("转入组织「{to}」不存在"));
        }
        if *to == m.org {
            return refuse(format!(
                "转入组织{}就是团员{who}现在的团支部",
                org_label(ws, to)
            ));
        }
    }
    let id = fresh_ids("APP-", ws.applications.iter().map(|a| a.id.as_str()), 1)
        .pop()
        .unwrap_or_default();
    let app = Application {
        id: id.clone(),
        member: m.id.clone(),
        reason: *reason,
        destination,
        from_org: m.org.clone(),
        to_org: to_org.clone(),
        to_org_name: to_org_name.clone(),
        to_org_is_branch: if to_org.is_some() {
            None
        } else {
            *to_org_is_branch
        },
        initiator,
        special_province,
        batch: None,
        events: vec![Event::new(ws.clock, EventKind::Submit, initiator.actor())],
    };
    if let Err(message) = state_now(ws, &app) {
        return refuse(format!("这个申请不能成立：{message}"));
    }
    let target = match (to_org, to_org_name) {
        (Some(to), _) => org_label(ws, to),
        (None, Some(name)) if named => name.clone(),
        _ => destination.label(ws.edition).to_string(),
    };
    // 办理转入 is not limited to 升学 (S000 常见问题4 uses it for the floating branch), but
    // the 2021 instructions show 升学 on its form: say so beside any other reason.
    let note = match (initiator, reason) {
        (Initiator::InOrg, Some(r)) if !r.is_study() => {
            "；2021 版操作说明里“办理转入”的原因是升学（S004 1.4.3），请确认系统允许选这一原因"
        }
        _ => "",
    };
    let summary = format!(
        "发起转接：{}（{}，{}，转往{target}{note}）",
        m.name,
        initiator.label(),
        reason
            .and_then(|r| r.label(ws.edition))
            .unwrap_or("不选转接原因"),
    );
    ws.applications.push(app);
    done(
        Undo::RemoveApplication {
            at: ws.applications.len() - 1,
        },
        summary,
    )
}

/// Whether a new transfer of `member` may start now, and why not: an open application, a
/// lapsed membership, or a transfer that already completed out of the school (a member
/// kept at school in its floating branch may leave later). The initiate command and the
/// member panel both ask this.
pub fn can_start(ws: &Workspace, member: &str) -> Result<(), CommandError> {
    let at = find_member(ws, member)?;
    let m = &ws.members[at];
    let who = member_label(m);
    if let Some((app, state)) = open_application(ws, member) {
        return refuse_as(
            Refusal::OpenApplication,
            format!(
                "团员{who}的转接申请（{}发起）还没有结束（{state}），不能再发起新申请",
                app.events
                    .first()
                    .map(|e| crate::dates::chinese_date(e.date))
                    .unwrap_or_default()
            ),
        );
    }
    if let Some(lapsed) = ws
        .applications
        .iter()
        .find(|a| a.member == *member && matches!(state_now(ws, a), Ok(State::Lapsed { .. })))
    {
        return refuse_as(
            Refusal::Lapsed,
            format!(
                "团员{who}已超龄离团（记录在{}），不再保留团籍，不能发起转接",
                app_label(ws, lapsed)
            ),
        );
    }
    if crate::policy::member_lapsed_on(m, ws.clock) {
        let age = m.birth_date.map_or(0, |b| age_on(b, ws.clock));
        return refuse_as(
            Refusal::Lapsed,
            format!(
                "团员{who}按模拟时钟已满 {age} 周岁且未担任团内职务，不再保留团籍，不能发起转接"
            ),
        );
    }
    // A 团总支's batch move inside the school is not the member's transfer (S003 Q11).
    if let Some(done) = ws.applications.iter().find(|a| {
        a.member == *member
            && a.initiator != Initiator::Batch
            && a.destination != Destination::SchoolFloatingBranch
            && matches!(state_now(ws, a), Ok(State::Completed { .. }))
    }) {
        let target = match (&done.to_org, &done.to_org_name) {
            (Some(to), _) => org_label(ws, to),
            (None, Some(name)) => name.clone(),
            _ => done.destination.label(ws.edition).to_string(),
        };
        return refuse_as(
            Refusal::Completed,
            format!(
                "团员{who}的转接已经完成（转入{target}），组织关系已不在本校，不能再发起新的转接"
            ),
        );
    }
    Ok(())
}

/// Why `member` cannot be recorded as 超龄离团 now (a post keeps the membership; under the
/// age it cannot lapse), or `None` when it may be (also when the birth date is unknown: the
/// school knows the age). The act command and the member panel's button both ask this.
pub fn lapse_refusal(ws: &Workspace, m: &Member) -> Option<CommandError> {
    if m.holds_league_post {
        return refuse_as::<()>(
            Refusal::Lapsed,
            format!(
                "团员{}担任团内职务，年满 {} 周岁仍保留团籍",
                member_label(m),
                crate::policy::LAPSE_AGE
            ),
        )
        .err();
    }
    if m.birth_date.is_some() && !crate::policy::member_lapsed_on(m, ws.clock) {
        let age = m.birth_date.map_or(0, |b| age_on(b, ws.clock));
        return refuse_as::<()>(
            Refusal::Lapsed,
            format!(
                "团员{}按模拟时钟为 {age} 周岁，未满 {} 周岁，不能记为超龄离团",
                member_label(m),
                crate::policy::LAPSE_AGE
            ),
        )
        .err();
    }
    None
}

/// [`Command::Reinitiate`]: an application that ended without completing (returned by the
/// timer or a side, or withdrawn) starts again with the same initiator, reason and
/// destination, as a new application on the clock's date.
/// Why `application` cannot start again with the same destination now (`None`: it can):
/// only a returned or withdrawn one, not a batch move, and only when a new transfer of the
/// member may start (`can_start`). The command and every button that offers it ask this.
pub fn reinitiate_refusal(ws: &Workspace, application: &str) -> Option<CommandError> {
    let Some(old) = ws.applications.iter().find(|a| a.id == application) else {
        return refuse_as::<()>(Refusal::NotFound, format!("申请「{application}」不存在")).err();
    };
    match state_now(ws, old) {
        Ok(State::AutoReturned { .. } | State::Rejected { .. } | State::Withdrawn { .. }) => {}
        Ok(state) => {
            return refuse_as::<()>(
                Refusal::Transition,
                format!(
                    "这个申请现在是“{}”，只有被退回或撤回的申请可以按原去向重新发起",
                    state.label()
                ),
            )
            .err()
        }
        Err(message) => return refuse::<()>(message).err(),
    }
    if old.initiator == Initiator::Batch {
        return refuse::<()>("批量转接由团总支重新办理，不能在这里重新发起").err();
    }
    can_start(ws, &old.member).err()
}

pub(super) fn reinitiate(ws: &mut Workspace, application: &str) -> Result<Applied, CommandError> {
    if let Some(why) = reinitiate_refusal(ws, application) {
        return Err(why);
    }
    let Some(old) = ws.applications.iter().find(|a| a.id == application) else {
        return refuse_as(Refusal::NotFound, format!("申请「{application}」不存在"));
    };
    let again = Initiate {
        member: old.member.clone(),
        initiator: old.initiator,
        reason: old.reason,
        destination: old.destination,
        to_org: old.to_org.clone(),
        to_org_name: old.to_org_name.clone(),
        to_org_is_branch: old.to_org_is_branch,
        special_province: old.special_province,
    };
    let mut applied = initiate(ws, &again)?;
    applied.summary = format!("按原去向重新发起：{}", applied.summary);
    Ok(applied)
}

pub(super) fn act(
    ws: &mut Workspace,
    application: &str,
    kind: EventKind,
    by: Actor,
    reason: Option<RejectReason>,
    note: Option<&str>,
    branch: Option<&str>,
) -> Result<Applied, CommandError> {
    let Some(at) = ws.applications.iter().position(|a| a.id == application) else {
        return refuse(format!("申请「{application}」不存在"));
    };
    let app = &ws.applications[at];
    let member = ws.member(&app.member);
    match kind {
        EventKind::Submit => {
            return refuse("申请已经发起；新的申请请用“发起转接”");
        }
        EventKind::Reject if reason.is_none() => {
            return refuse(
                "退回必须选择原因（信息填写有误、未按要求报到或不符合转接条件，S004 1.5）",
            );
        }
        _ if reason.is_some() && kind != EventKind::Reject => {
            return refuse(format!("只有退回需要选择退回原因，{}不需要", kind.label()));
        }
        _ => {}
    }
    let mut assigned = String::new();
    if kind == EventKind::Assign {
        let Some(b) = branch.filter(|b| !b.trim().is_empty()) else {
            return refuse("分配团支部必须选择团支部");
        };
        if let Some(to) = &app.to_org {
            match ws.org(b) {
                None => return refuse(format!("团支部「{b}」不存在")),
                Some(o) if o.kind != OrgKind::Branch || !is_under(ws, b, to) => {
                    return refuse(format!(
                        "{}不是转入组织{}下属的团支部",
                        org_label(ws, b),
                        org_label(ws, to)
                    ))
                }
                Some(_) => {}
            }
        }
        assigned = org_label(ws, b);
    } else if branch.is_some() {
        return refuse(format!(
            "只有分配团支部需要选择团支部，{}不需要",
            kind.label()
        ));
    }
    if kind == EventKind::Lapse {
        if by != Actor::School {
            return refuse(format!("超龄离团应由学校团委记录，这里是{}", by.label()));
        }
        if let Some(m) = member {
            if let Some(why) = lapse_refusal(ws, m) {
                return Err(why);
            }
        }
    }
    // The steps depend on the submission only, so one Process serves before and after.
    let process = ws.process_of(app);
    let calendar = ws.calendar();
    let pending: Option<Step> = match process::state_at(&process, &app.events, ws.clock, &calendar)
    {
        Ok(State::Pending { step, .. }) => Some(step),
        _ => None,
    };
    let mut event = Event::new(ws.clock, kind, by);
    if matches!(
        kind,
        EventKind::Approve | EventKind::Reject | EventKind::Assign
    ) {
        event.step = pending;
    }
    event.reason = reason;
    event.note = note.map(str::to_string);
    event.branch = branch.map(str::to_string);
    ws.applications[at].events.push(event);
    let events = &ws.applications[at].events;
    if let Err(e) = process::state_at(&process, events, ws.clock, &calendar) {
        ws.applications[at].events.pop();
        return refuse_as(
            Refusal::Transition,
            format!("{}：{}", app_label(ws, &ws.applications[at]), e.message),
        );
    }
    let detail = match kind {
        EventKind::Reject => format!("{}，{}", by.label(), reason.map_or("", RejectReason::label)),
        EventKind::Assign => format!("{}，分到{assigned}", by.label()),
        _ => by.label().to_string(),
    };
    done(
        Undo::PopEvent { application: at },
        format!(
            "{}：{}（{detail}）",
            kind.label(),
            app_label(ws, &ws.applications[at])
        ),
    )
}

/// The checker's answers prefilled from what the workspace knows of a member (edition,
/// age at the clock, league post, plan, party membership), so the UI asks only the rest
/// ([`crate::flow::next_question`]) and offers [`crate::rules::evaluate`]'s reason and
/// destination. An age the checker cannot take is left for it to ask.
pub fn member_answers(ws: &Workspace, member: &str) -> Option<Answers> {
    let m = ws.member(member)?;
    let mut answers = Answers::new(ws.edition);
    if let Some(birth) = m.birth_date {
        if let Ok(age) = u32::try_from(age_on(birth, ws.clock)) {
            // Out-of-range ages are refused by the setter; the checker then asks.
            let _ = answers.set(Key::Age, Value::Age(age));
        }
    }
    let _ = answers.set(Key::HoldsLeaguePost, Value::Bool(m.holds_league_post));
    if let Some(plan) = m.plan {
        let _ = answers.set(Key::Situation, Value::Situation(plan));
    }
    let _ = answers.set(Key::PartyMember, Value::Bool(m.party_member));
    Some(answers)
}

/// Whether a checker outcome has the member submit an application (a reason to select):
/// the simulator offers “发起转接” only then.
pub fn outcome_starts_transfer(outcome: &crate::rules::Outcome) -> bool {
    outcome.reason.is_some()
}

/// What the admin chooses on top of the checker's outcome when starting a transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiateChoice {
    pub initiator: Initiator,
    /// The outcome's destination or one of its alternatives.
    pub destination: Destination,
    /// An org of this workspace, when the destination is in the tree.
    pub to_org: Option<String>,
    /// A name typed by hand (北京/广东/福建, or an org outside the workspace).
    pub to_org_name: Option<String>,
}

/// The `Initiate` command a checker outcome and the admin's choice make: the reason is the
/// outcome's, the destination one the outcome offers, a 北京/广东/福建 answer means a name
/// typed by hand (never a tree org), a special unit takes no org at all, and a typed name is
/// a 团支部 as the answers say. Refused (nothing to start, a destination the outcome does
/// not offer) with a Chinese message; the command itself is then checked by [`apply`](super::apply).
pub fn initiate_from_outcome(
    member: &str,
    answers: &Answers,
    outcome: &crate::rules::Outcome,
    choice: InitiateChoice,
) -> Result<Command, CommandError> {
    if !outcome_starts_transfer(outcome) {
        return refuse_as(
            Refusal::Destination,
            format!("{}：无需发起转接", outcome.title),
        );
    }
    let offered = std::iter::once(outcome.destination)
        .chain(outcome.alternatives.iter().copied())
        .any(|d| d == choice.destination);
    if !offered {
        return refuse_as(
            Refusal::Destination,
            format!(
                "“{}”不是这个结果给出的去向",
                choice.destination.label(outcome.edition)
            ),
        );
    }
    let special_province = answers.get(Key::SpecialProvince) == Some(Value::Bool(true));
    let inputs = target_inputs(answers, choice.destination);
    let name = choice
        .to_org_name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty() && inputs.typed_name.is_some());
    let to_org = choice.to_org.filter(|o| !o.is_empty() && inputs.tree_org);
    let branch = match answers.get(Key::DestinationIsBranch) {
        Some(Value::Bool(b)) => b,
        _ => true,
    };
    Ok(Command::Initiate(Initiate {
        member: member.to_string(),
        initiator: choice.initiator,
        reason: outcome.reason,
        destination: choice.destination,
        to_org_is_branch: (to_org.is_none() && name.is_some()).then_some(branch),
        to_org,
        to_org_name: name,
        special_province,
    }))
}

/// Which target inputs a transfer to `destination` takes, given the checker's answers: the
/// form shows exactly these and [`initiate_from_outcome`] keeps exactly these, so the two
/// cannot disagree. A special unit takes no org (S004 1.4.6); 北京/广东/福建 take a name
/// typed by hand and never a tree org (S004 1.4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetInputs {
    /// An org of this workspace's tree may be picked.
    pub tree_org: bool,
    /// A name may be typed, with the label the field shows (`None`: no name).
    pub typed_name: Option<&'static str>,
}

pub fn target_inputs(answers: &Answers, destination: Destination) -> TargetInputs {
    let special_province = answers.get(Key::SpecialProvince) == Some(Value::Bool(true));
    match (
        destination == Destination::SpecialUnitLibrary,
        special_province,
    ) {
        (true, _) => TargetInputs {
            tree_org: false,
            typed_name: None,
        },
        (false, true) => TargetInputs {
            tree_org: false,
            typed_name: Some("转入组织名称和地址（北京/广东/福建，手工填写）"),
        },
        (false, false) => TargetInputs {
            tree_org: true,
            typed_name: Some("或手工填写组织名称"),
        },
    }
}
