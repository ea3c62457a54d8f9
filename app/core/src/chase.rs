//! The admin's chase list (催办清单): for every open application at a date, the step it
//! waits at, the org that must act, since when, and what the edition's timer does when;
//! the never-started graduates of the region by branch; and the reminder texts an admin
//! copies into a group chat (drafted here, sent nowhere). Pure: the simulator and the CLI
//! show and export it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::TimerEffect;
use crate::codes::Step;
use crate::dates::chinese_date;
use crate::id_number::mask_id_number;
use crate::metrics::{self, MetricsError, Snapshot};
use crate::process::{self, EventKind, State};
use crate::status::{Class, Status};
use crate::workspace::{Application, Index, Lookup, Workspace};

/// Who must act on a step: an org of the workspace (`org`), or one named only by the
/// application or by its level (the leading body, the provincial committee).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// The org's id when it is in the workspace.
    pub org: Option<String>,
    /// The org in words: its name, or the level that acts.
    pub name: String,
    /// What it does at this step, in words (审批转出, 分配团支部 …).
    pub role: &'static str,
}

/// The org that acts at `step` of `app` (S004 1.5 and S000 注: the out branch and its upper,
/// then the receiving org and its upper; a receiving 团委 / 团工委 / 团总支 assigns the branch;
/// the leading body and the provincial committee are named by level).
pub fn actor(lookup: &Lookup, app: &Application, step: Step) -> Actor {
    let name_of = |id: &str| lookup.org_name(id);
    let receiving = |role| Actor {
        org: app
            .to_org
            .clone()
            .filter(|id| lookup.orgs.contains_key(id.as_str())),
        name: app
            .to_org
            .as_deref()
            .map(name_of)
            .or_else(|| app.to_org_name.clone())
            .unwrap_or_else(|| "转入方".to_string()),
        role,
    };
    match step {
        Step::OutOrg => Actor {
            org: Some(app.from_org.clone()),
            name: name_of(&app.from_org),
            role: "审批转出（团支部及其上级）",
        },
        Step::InOrg => receiving("审批转入（接收组织或其直属上级）"),
        Step::AssignBranch => receiving("分配到具体团支部"),
        Step::Leadership => Actor {
            org: None,
            name: "上级团的领导机关（县级以上团委）".into(),
            role: "审批（未满 16 周岁转往校外）",
        },
        Step::Provincial => Actor {
            org: None,
            name: "省级团委".into(),
            role: "审批（转往特殊单位团组织）",
        },
    }
}

/// One open application at the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiting {
    pub application: String,
    pub member: String,
    pub member_name: String,
    /// The member's branch (the out side).
    pub branch: String,
    pub branch_name: String,
    pub step: Step,
    pub step_label: &'static str,
    pub actor: Actor,
    /// Waiting at this step since.
    pub since: NaiveDate,
    pub days: i64,
    /// The edition's timer for this step: when, and what it does. `None`: nothing happens by
    /// itself (2019's branch assignment, 2021's before 9/30 … as the calendar says).
    pub due_on: Option<NaiveDate>,
    pub effect: Option<TimerEffect>,
    /// 2019: the day the system reminds admins, when it is still ahead.
    pub reminder_on: Option<NaiveDate>,
    /// What happens when, in words.
    pub then: String,
}

/// The applications one org must act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorGroup {
    pub actor: Actor,
    pub applications: Vec<Waiting>,
    /// The soonest timer among them.
    pub earliest: Option<NaiveDate>,
}

/// A graduate of the region with no transfer started by the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotStarted {
    pub member: String,
    pub name: String,
    /// Masked (as every export of a list of people).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchNotStarted {
    pub branch: String,
    pub branch_name: String,
    pub members: Vec<NotStarted>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChaseList {
    pub region: String,
    pub region_name: String,
    pub at: NaiveDate,
    /// Soonest timer first; those without a timer after, longest waiting first.
    pub waiting: Vec<Waiting>,
    /// By the org that must act, the group with the soonest timer first.
    pub groups: Vec<ActorGroup>,
    /// By branch, in the workspace's order of branches.
    pub not_started: Vec<BranchNotStarted>,
    pub not_started_total: usize,
}

fn then_text(
    step: Step,
    due: Option<(NaiveDate, TimerEffect)>,
    reminder: Option<NaiveDate>,
) -> String {
    let mut text = match due {
        Some((on, TimerEffect::AutoReturn)) => format!(
            "约 {} 被系统自动退回（“系统终止”），要重新发起",
            chinese_date(on)
        ),
        Some((on, TimerEffect::AutoApprove)) => {
            format!("{} 起视为审核通过", chinese_date(on))
        }
        None if step == Step::AssignBranch => "不会自动完成：不分配，转接就一直没有完成".into(),
        None => "系统暂不自动处理".into(),
    };
    if let Some(r) = reminder {
        text.push_str(&format!("；{} 管理员会收到审核提示", chinese_date(r)));
    }
    text
}

/// Every open application at `at` that leaves or enters `region`'s subtree (every one when
/// `None` or the id names no org), with who must act and the timer: soonest timer first,
/// then those without one, longest waiting first. [`chase_list`] and `season::upcoming_in`
/// read it.
pub fn waiting(ws: &Workspace, region: Option<&str>, at: NaiveDate) -> Vec<Waiting> {
    waiting_in(ws, &ws.index(), region, at)
}

fn waiting_in(ws: &Workspace, index: &Index, region: Option<&str>, at: NaiveDate) -> Vec<Waiting> {
    let calendar = ws.calendar();
    let lookup = ws.lookup();
    let top = region.and_then(|r| index.position(r));
    let inside = |org: Option<&str>| {
        org.and_then(|o| index.position(o))
            .is_some_and(|o| top.is_none_or(|t| index.is_under(o, t)))
    };
    let mut waiting = Vec::new();
    for app in &ws.applications {
        if top.is_some() && !inside(Some(&app.from_org)) && !inside(app.to_org.as_deref()) {
            continue;
        }
        // An application whose last event by the date ends it (退回, 撤回, 超龄离团, or the
        // branch assigned, the last step) waits nowhere, whatever the calendar: timers act
        // only on a waiting step. Most closed applications end so; no fold for them.
        let last = app
            .events
            .iter()
            .rev()
            .find(|e| e.date <= at)
            .map(|e| e.kind);
        if matches!(
            last,
            None | Some(
                EventKind::Reject | EventKind::Withdraw | EventKind::Lapse | EventKind::Assign
            )
        ) {
            continue;
        }
        let process = ws.process_in(app, &lookup);
        let Ok(state) = process::state_at(&process, &app.events, at, &calendar) else {
            continue;
        };
        let State::Pending { step, since, .. } = state else {
            continue;
        };
        let due = process::next_due(&state, &calendar);
        let reminder = calendar.reminder_due(since).filter(|r| *r > at);
        waiting.push(Waiting {
            application: app.id.clone(),
            member: app.member.clone(),
            member_name: lookup.member_name(&app.member),
            branch: app.from_org.clone(),
            branch_name: lookup.org_name(&app.from_org),
            step,
            step_label: step.label(),
            actor: actor(&lookup, app, step),
            since,
            days: (at - since).num_days(),
            due_on: due.as_ref().map(|d| d.on),
            effect: due.as_ref().map(|d| d.effect),
            reminder_on: reminder,
            then: then_text(step, due.as_ref().map(|d| (d.on, d.effect)), reminder),
        });
    }
    waiting.sort_by(|a, b| {
        // A timer that fires sooner first; without one, whoever waited longest.
        (a.due_on.is_none(), a.due_on, a.since, &a.application).cmp(&(
            b.due_on.is_none(),
            b.due_on,
            b.since,
            &b.application,
        ))
    });

    waiting
}

/// The chase list of `region` (the root when `None`) at `at`: the open applications that
/// leave or enter the region, and the region's own graduates who have not started.
pub fn chase_list(
    ws: &Workspace,
    region: Option<&str>,
    at: NaiveDate,
) -> Result<ChaseList, MetricsError> {
    let index = ws.index();
    let snapshot = Snapshot::new(ws, &index, at);
    chase_list_in(ws, &index, &snapshot, region)
}

/// [`chase_list`] from a [`Snapshot`] of the same workspace (at the snapshot's date). The
/// never-started are the metrics' own: counted graduates of the region (delayed, teachers
/// and the lapsed are out of the metrics, so out of this list) with no transfer started,
/// read from the snapshot's fates without building the metrics' whole missing list.
pub fn chase_list_in(
    ws: &Workspace,
    index: &Index,
    snapshot: &Snapshot,
    region: Option<&str>,
) -> Result<ChaseList, MetricsError> {
    let at = snapshot.at();
    let region_at = metrics::region_position(ws, index, region)?;
    let region_id = ws.orgs[region_at].id.clone();
    let waiting = waiting_in(ws, index, Some(&region_id), at);
    let mut by_actor: BTreeMap<String, ActorGroup> = BTreeMap::new();
    for w in &waiting {
        let key = w.actor.org.clone().unwrap_or_else(|| w.actor.name.clone());
        let group = by_actor.entry(key).or_insert_with(|| ActorGroup {
            actor: w.actor.clone(),
            applications: Vec::new(),
            earliest: None,
        });
        group.earliest = match (group.earliest, w.due_on) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if group.actor.role != w.actor.role {
            // The receiving 团委 both approves and assigns: one group, both said.
            group.actor.role = "处理（审批或分配团支部）";
        }
        group.applications.push(w.clone());
    }
    let mut groups: Vec<ActorGroup> = by_actor.into_values().collect();
    groups.sort_by(|a, b| {
        (
            a.earliest.is_none(),
            a.earliest,
            std::cmp::Reverse(a.applications.len()),
        )
            .cmp(&(
                b.earliest.is_none(),
                b.earliest,
                std::cmp::Reverse(b.applications.len()),
            ))
    });

    let mut branches: Vec<BranchNotStarted> = Vec::new();
    let mut not_started_total = 0;
    snapshot.each(ws, |_, member, home, fate| {
        if fate.member.status != Status::NotStarted
            || fate.class() != Class::Counted
            || !index.is_under(home, region_at)
        {
            return;
        }
        not_started_total += 1;
        let row = NotStarted {
            member: member.id.clone(),
            name: member.name.clone(),
            id_number: member.id_number.as_deref().map(mask_id_number),
        };
        match branches.iter_mut().rev().find(|b| b.branch == member.org) {
            Some(b) => b.members.push(row),
            None => branches.push(BranchNotStarted {
                branch: member.org.clone(),
                branch_name: ws.orgs[home].name.clone(),
                members: vec![row],
            }),
        }
    });
    Ok(ChaseList {
        region: region_id,
        region_name: ws.orgs[region_at].name.clone(),
        at,
        waiting,
        groups,
        not_started: branches,
        not_started_total,
    })
}

/// The reminder to the admin of an org that must act: how many applications wait there,
/// the soonest timer, and who — ready to paste into a group chat.
pub fn group_reminder(group: &ActorGroup) -> String {
    let n = group.applications.len();
    let mut text = format!(
        "{}管理员您好：以下 {n} 个团组织关系转接申请在你处等待{}",
        group.actor.name, group.actor.role
    );
    let soonest = group
        .applications
        .iter()
        .filter_map(|w| w.due_on.zip(w.effect))
        .min_by_key(|(on, _)| *on);
    match soonest {
        Some((on, TimerEffect::AutoReturn)) => text.push_str(&format!(
            "，最早的约于 {} 被系统退回，请尽快处理",
            chinese_date(on)
        )),
        Some((on, TimerEffect::AutoApprove)) => text.push_str(&format!(
            "，最早的将于 {} 起视为审核通过，请尽快审核",
            chinese_date(on)
        )),
        None => text.push_str("，请尽快处理"),
    }
    text.push('：');
    let names: Vec<String> = group
        .applications
        .iter()
        .map(|w| format!("{}（{}，已等 {} 天）", w.member_name, w.branch_name, w.days))
        .collect();
    text.push_str(&names.join("、"));
    text.push('。');
    text
}

/// The reminder to a graduate who has not started: start now, in the system, with the
/// checker to find the reason to choose.
pub fn member_reminder(branch_name: &str, m: &NotStarted) -> String {
    format!(
        "{}同学（{}）：你还没有在“智慧团建”系统中发起团组织关系转接。请尽快登录系统，按毕业去向选择转接原因和转入的组织并提交，再联系团支部审批；不确定选什么的，可以先用转接检查器查一查。",
        m.name, branch_name
    )
}

/// A reminder per branch for its never-started graduates (one message, @-able names).
pub fn branch_reminder(branch: &BranchNotStarted) -> String {
    let names: Vec<&str> = branch.members.iter().map(|m| m.name.as_str()).collect();
    format!(
        "{}：以下 {} 位同学还没有在“智慧团建”系统中发起团组织关系转接，请尽快登录系统发起：{}。",
        branch.branch_name,
        names.len(),
        names.join("、")
    )
}
