//! Every admin action of the simulator is a [`Command`]: [`apply`] checks it against the
//! workspace, changes the workspace, and returns an [`Undo`] that [`revert`] uses to restore
//! the exact previous document. Redo is re-applying the command, so `apply` is
//! deterministic (generated ids are the smallest free numbers).
//!
//! The checks are targeted (only what the command can break), not a whole
//! [`Workspace::validate`]: one action on a 50,000-member roster must stay well under 10 ms
//! in the browser. The property tests check that every successful command leaves a
//! workspace that validates. On `Err` the workspace is unchanged; every message is Chinese
//! and names what and where.
//!
//! This module holds the command and its results, [`apply`] (dispatch only), [`revert`]
//! and the look-ups the handlers share; the handlers live by domain: `orgs`, `members`,
//! `marks`, `transfers` (initiate, act, and the checker outcome's way into
//! [`Command::Initiate`]), `clock`, and `batch` ([`Command::BatchMove`], [`Command::Batch`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::codes::{Destination, EmployerSystem, Reason};
use crate::process::{self, Actor, EventKind, Initiator, RejectReason, State};
use crate::workspace::{Application, Member, Org, OrgKind, OrgPurpose, Workspace};

mod batch;

pub use self::batch::batch_member_refusal;
mod clock;
mod marks;
mod members;
mod orgs;
mod transfers;

pub use self::transfers::{
    can_start, initiate_from_outcome, lapse_refusal, member_answers, outcome_starts_transfer,
    reinitiate_refusal, target_inputs, InitiateChoice, TargetInputs,
};

/// One admin action. The JSON form (`{"type": "add_org", …}`) is what the UI keeps in its
/// history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    AddOrg {
        org: Org,
    },
    RenameOrg {
        id: String,
        name: String,
    },
    EditOrg {
        id: String,
        kind: OrgKind,
        purpose: Option<OrgPurpose>,
        system: Option<EmployerSystem>,
    },
    MoveOrg {
        id: String,
        parent: String,
    },
    DeleteOrg {
        id: String,
    },
    /// `YYYY-MM`; `None` clears it (S004 1.1).
    SetGraduationMonth {
        org: String,
        month: Option<String>,
    },
    AddMember {
        member: Member,
    },
    /// Replaces the member with the same id; its mark is kept (marks have their own
    /// commands).
    EditMember {
        member: Member,
    },
    MarkDelayed {
        member: String,
        graduation_month: String,
        reason: String,
    },
    MarkTeacher {
        member: String,
    },
    RevokeMark {
        member: String,
    },
    Initiate(Initiate),
    /// An application that was returned or withdrawn starts again as a new one, with the
    /// same initiator, reason and destination.
    Reinitiate {
        application: String,
    },
    Act {
        application: String,
        kind: EventKind,
        by: Actor,
        reason: Option<RejectReason>,
        note: Option<String>,
        branch: Option<String>,
    },
    BatchMove {
        org: String,
        members: Vec<String>,
        to_org: String,
    },
    /// Several commands applied as one step, all or nothing (a confirmed roster import):
    /// one `Undo::Many` reverts them all. `label` names the step in the history.
    Batch {
        label: String,
        commands: Vec<Command>,
    },
    SetClock {
        date: NaiveDate,
    },
}

/// [`Command::Initiate`]: a member's transfer starts (the JSON stays flat:
/// `{"type": "initiate", "member": …}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Initiate {
    pub member: String,
    pub initiator: Initiator,
    pub reason: Option<Reason>,
    pub destination: Destination,
    pub to_org: Option<String>,
    pub to_org_name: Option<String>,
    /// Only for a destination outside the tree; ignored when `to_org` is set (the org
    /// says what it is).
    pub to_org_is_branch: Option<bool>,
    pub special_province: bool,
}

impl Command {
    /// The short Chinese name of the action, for buttons and the history.
    pub fn label(&self) -> &'static str {
        match self {
            Command::AddOrg { .. } => "新增组织",
            Command::RenameOrg { .. } => "重命名组织",
            Command::EditOrg { .. } => "修改组织",
            Command::MoveOrg { .. } => "移动组织",
            Command::DeleteOrg { .. } => "删除组织",
            Command::SetGraduationMonth { .. } => "设置毕业年月",
            Command::AddMember { .. } => "新增团员",
            Command::EditMember { .. } => "修改团员信息",
            Command::MarkDelayed { .. } => "标记延迟毕业",
            Command::MarkTeacher { .. } => "标记教师",
            Command::RevokeMark { .. } => "撤销标记",
            Command::Initiate(_) => "发起转接",
            Command::Reinitiate { .. } => "按原去向重新发起",
            Command::Act { kind, .. } => kind.label(),
            Command::BatchMove { .. } => "批量转接",
            Command::SetClock { .. } => "调整模拟时钟",
            Command::Batch { .. } => "批量操作",
        }
    }
}

/// What a successful command did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub undo: Undo,
    /// One Chinese line for the admin's history.
    pub summary: String,
}

/// The least data that restores the previous document exactly. Indices are positions in
/// the workspace's vectors at the time the command was applied, so undos must be reverted
/// in reverse order of application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "undo", content = "with", rename_all = "snake_case")]
pub enum Undo {
    /// Remove the org appended at `at`.
    RemoveOrg { at: usize },
    /// Put back an org's previous value.
    RestoreOrg { at: usize, org: Org },
    /// Put a deleted org back at its place.
    InsertOrg { at: usize, org: Org },
    /// Remove the member appended at `at`.
    RemoveMember { at: usize },
    /// Put back a member's previous value.
    RestoreMember { at: usize, member: Member },
    /// Remove the application appended at `at`.
    RemoveApplication { at: usize },
    /// Drop the last event of `applications[application]`.
    PopEvent { application: usize },
    /// Remove the batch appended at `at`.
    RemoveBatch { at: usize },
    /// Set the clock back.
    Clock(NaiveDate),
    /// Several changes, reverted last first.
    Many(Vec<Undo>),
}

/// What kind of refusal it is: tests and views act on the kind, the admin reads the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A record breaks one of [`crate::checks`]' rules (the same the import applies).
    Record(crate::checks::Problem),
    /// An id names nothing.
    NotFound,
    /// The member's application is still open.
    OpenApplication,
    /// The member already started a transfer (S000 常见问题2: cannot be marked delayed).
    AlreadyStarted,
    /// Membership lapsed (28+ without a post).
    Lapsed,
    /// The member's transfer already completed out of the school.
    Completed,
    /// The member already carries a mark, or carries none to revoke.
    Mark,
    /// The org tree would break (cycles, branches with children, roots).
    Tree,
    /// Something still refers to the record.
    InUse,
    /// A batch transfer outside what the 团总支 may do.
    Batch,
    /// The destination or target org does not fit.
    Destination,
    /// The state machine does not allow the event now.
    Transition,
    /// The clock cannot be set there.
    Clock,
    Other,
}

/// Why a command was refused, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError {
    pub kind: Refusal,
    /// Reading markers taken out ([`crate::readings`]).
    pub message: String,
    /// The readings-page entries the message rests on.
    pub readings: Vec<String>,
}

impl CommandError {
    pub fn new(kind: Refusal, message: impl Into<String>) -> CommandError {
        let message = message.into();
        let (clean, ids) = crate::readings::split(&message);
        CommandError {
            kind,
            readings: ids.into_iter().map(str::to_string).collect(),
            message: clean,
        }
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommandError {}

fn refuse<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(Refusal::Other, message))
}

fn refuse_as<T>(kind: Refusal, message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(kind, message))
}

/// A record problem as a refusal: `who` says whose record it is.
fn refuse_problem<T>(who: &str, problem: crate::checks::Problem) -> Result<T, CommandError> {
    let message = format!("{who}：{problem}");
    Err(CommandError::new(Refusal::Record(problem), message))
}

fn done(undo: Undo, summary: String) -> Result<Applied, CommandError> {
    Ok(Applied { undo, summary })
}

/// Restores the document as it was before the command that produced `undo`. An undo that
/// does not fit the workspace (not the latest one applied) changes nothing it cannot.
pub fn revert(ws: &mut Workspace, undo: Undo) {
    match undo {
        Undo::RemoveOrg { at } => {
            if at < ws.orgs.len() {
                ws.orgs.remove(at);
            }
        }
        Undo::RestoreOrg { at, org } => {
            if let Some(slot) = ws.orgs.get_mut(at) {
                *slot = org;
            }
        }
        Undo::InsertOrg { at, org } => {
            if at <= ws.orgs.len() {
                ws.orgs.insert(at, org);
            }
        }
        Undo::RemoveMember { at } => {
            if at < ws.members.len() {
                ws.members.remove(at);
            }
        }
        Undo::RestoreMember { at, member } => {
            if let Some(slot) = ws.members.get_mut(at) {
                *slot = member;
            }
        }
        Undo::RemoveApplication { at } => {
            if at < ws.applications.len() {
                ws.applications.remove(at);
            }
        }
        Undo::PopEvent { application } => {
            if let Some(app) = ws.applications.get_mut(application) {
                app.events.pop();
            }
        }
        Undo::RemoveBatch { at } => {
            if at < ws.batches.len() {
                ws.batches.remove(at);
            }
        }
        Undo::Clock(date) => ws.clock = date,
        Undo::Many(undos) => {
            for u in undos.into_iter().rev() {
                revert(ws, u);
            }
        }
    }
}

/// Applies one command. On `Err` the workspace is unchanged.
pub fn apply(ws: &mut Workspace, command: &Command) -> Result<Applied, CommandError> {
    match command {
        Command::AddOrg { org } => orgs::add_org(ws, org),
        Command::RenameOrg { id, name } => orgs::rename_org(ws, id, name),
        Command::EditOrg {
            id,
            kind,
            purpose,
            system,
        } => orgs::edit_org(ws, id, *kind, *purpose, *system),
        Command::MoveOrg { id, parent } => orgs::move_org(ws, id, parent),
        Command::DeleteOrg { id } => orgs::delete_org(ws, id),
        Command::SetGraduationMonth { org, month } => orgs::set_graduation_month(ws, org, month),
        Command::AddMember { member } => members::add_member(ws, member, false),
        Command::EditMember { member } => members::edit_member(ws, member),
        Command::MarkDelayed {
            member,
            graduation_month,
            reason,
        } => marks::mark_delayed(ws, member, graduation_month, reason),
        Command::MarkTeacher { member } => marks::mark_teacher(ws, member),
        Command::RevokeMark { member } => marks::revoke_mark(ws, member),
        Command::Initiate(initiate) => transfers::initiate(ws, initiate),
        Command::Reinitiate { application } => transfers::reinitiate(ws, application),
        Command::Act {
            application,
            kind,
            by,
            reason,
            note,
            branch,
        } => transfers::act(
            ws,
            application,
            *kind,
            *by,
            *reason,
            note.as_deref(),
            branch.as_deref(),
        ),
        Command::BatchMove {
            org,
            members,
            to_org,
        } => batch::batch_move(ws, org, members, to_org),
        Command::Batch { label, commands } => batch::apply_batch(ws, label, commands),
        Command::SetClock { date } => clock::set_clock(ws, *date),
    }
}

// ---- lookups (linear scans: one command touches a handful of records) ----

fn org_at(ws: &Workspace, id: &str) -> Option<usize> {
    ws.orgs.iter().position(|o| o.id == id)
}

fn member_at(ws: &Workspace, id: &str) -> Option<usize> {
    ws.members.iter().position(|m| m.id == id)
}

/// `名称（id）`, or `「id」` for an id not in the tree.
/// How a message names an org: by its name, and where another org has the same name, with
/// its parent's (ids are for files, not for people).
fn org_label(ws: &Workspace, id: &str) -> String {
    match ws.org(id) {
        Some(o) => {
            let twin = ws.orgs.iter().any(|x| x.name == o.name && x.id != o.id);
            match o.parent.as_deref().and_then(|p| ws.org(p)).filter(|_| twin) {
                Some(parent) => format!("{}（{}下）", o.name, parent.name),
                None => o.name.clone(),
            }
        }
        None => format!("「{id}」"),
    }
}

fn member_label(m: &Member) -> String {
    format!("{}（{}）", m.name, m.id)
}

fn find_org(ws: &Workspace, id: &str) -> Result<usize, CommandError> {
    org_at(ws, id)
        .ok_or_else(|| CommandError::new(Refusal::NotFound, format!("组织「{id}」不存在")))
}

fn find_member(ws: &Workspace, id: &str) -> Result<usize, CommandError> {
    member_at(ws, id)
        .ok_or_else(|| CommandError::new(Refusal::NotFound, format!("团员「{id}」不存在")))
}

/// Whether `id` is `ancestor` or below it (bounded walk: never loops on a bad tree, and a
/// valid one is at most `MAX_ORG_DEPTH` deep).
fn is_under(ws: &Workspace, id: &str, ancestor: &str) -> bool {
    let mut at = Some(id);
    for _ in 0..=ws.orgs.len().min(crate::policy::MAX_ORG_DEPTH + 1) {
        let Some(cur) = at else {
            return false;
        };
        if cur == ancestor {
            return true;
        }
        at = ws.org(cur).and_then(|o| o.parent.as_deref());
    }
    false
}

/// The level of `id` in its tree (1 for a root), counted up to `MAX_ORG_DEPTH` + 1.
fn level_of(ws: &Workspace, id: &str) -> usize {
    let mut level = 0;
    let mut at = Some(id);
    while let Some(cur) = at {
        level += 1;
        if level > crate::policy::MAX_ORG_DEPTH {
            break;
        }
        at = ws.org(cur).and_then(|o| o.parent.as_deref());
    }
    level
}

/// How many levels the subtree of `id` has (1 for an org without children).
fn height_of(ws: &Workspace, id: &str) -> usize {
    let mut children: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    for o in &ws.orgs {
        if let Some(p) = o.parent.as_deref() {
            children.entry(p).or_default().push(&o.id);
        }
    }
    let (mut height, mut level) = (0, vec![id]);
    while !level.is_empty() && height <= crate::policy::MAX_ORG_DEPTH {
        height += 1;
        level = level
            .iter()
            .flat_map(|p| children.get(p).into_iter().flatten().copied())
            .collect();
    }
    height
}

/// The smallest `count` ids `{prefix}{n}` (n ≥ 1) not used yet, in increasing order.
fn fresh_ids<'a>(prefix: &str, used: impl Iterator<Item = &'a str>, count: usize) -> Vec<String> {
    let mut taken: Vec<u64> = used
        .filter_map(|id| id.strip_prefix(prefix))
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 18
                && n.bytes().all(|b| b.is_ascii_digit())
                && !n.starts_with('0')
        })
        .filter_map(|n| n.parse().ok())
        .collect();
    taken.sort_unstable();
    taken.dedup();
    let mut out = Vec::with_capacity(count);
    let mut n = 1u64;
    let mut k = 0;
    while out.len() < count {
        while k < taken.len() && taken[k] < n {
            k += 1;
        }
        if k < taken.len() && taken[k] == n {
            n += 1;
            continue;
        }
        out.push(format!("{prefix}{n}"));
        n += 1;
    }
    out
}

/// The state of an application at the clock, or the engine's message.
fn state_now(ws: &Workspace, app: &Application) -> Result<State, String> {
    process::state_at(&ws.process_of(app), &app.events, ws.clock, &ws.calendar())
        .map_err(|e| e.message)
}

/// How a message names an application: whose, and the day it was submitted (its id is for
/// files, not for people).
pub(crate) fn app_label(ws: &Workspace, app: &Application) -> String {
    let who = ws
        .member(&app.member)
        .map_or_else(|| app.member.clone(), |m| m.name.clone());
    match app.events.first() {
        Some(e) => format!("{who}的申请（{}发起）", crate::dates::chinese_date(e.date)),
        None => format!("{who}的申请"),
    }
}

/// The member's application that is still open at the clock (or unreadable), if any, with
/// its state's label: a new one cannot start while it runs.
pub fn open_application<'a>(ws: &'a Workspace, member: &str) -> Option<(&'a Application, String)> {
    ws.applications
        .iter()
        .filter(|a| a.member == member)
        .find_map(|a| match state_now(ws, a) {
            Ok(s) if s.is_terminal() => None,
            Ok(s) => Some((a, s.label())),
            Err(m) => Some((a, m)),
        })
}
