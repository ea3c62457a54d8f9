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

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::answers::{Answers, Key, Value};
use crate::codes::{Destination, EmployerSystem, Reason, Step};
use crate::process::{self, Actor, Event, EventKind, Initiator, RejectReason, State};
use crate::workspace::{
    age_on, parse_month, process_shape, Application, Batch, Mark, MarkKind, Member, Org, OrgKind,
    OrgPurpose, Workspace, BATCH_MAX,
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
    Initiate {
        member: String,
        initiator: Initiator,
        reason: Option<Reason>,
        destination: Destination,
        to_org: Option<String>,
        to_org_name: Option<String>,
        /// Only for a destination outside the tree; ignored when `to_org` is set (the org
        /// says what it is).
        to_org_is_branch: Option<bool>,
        special_province: bool,
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
            Command::Initiate { .. } => "发起转接",
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
#[derive(Debug, Clone, PartialEq)]
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

// ---- lookups (linear scans: one command touches a handful of records) ----

fn org_at(ws: &Workspace, id: &str) -> Option<usize> {
    ws.orgs.iter().position(|o| o.id == id)
}

fn member_at(ws: &Workspace, id: &str) -> Option<usize> {
    ws.members.iter().position(|m| m.id == id)
}

/// `名称（id）`, or `「id」` for an id not in the tree.
fn org_label(ws: &Workspace, id: &str) -> String {
    match ws.org(id) {
        Some(o) => format!("{}（{}）", o.name, o.id),
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

/// Whether `id` is `ancestor` or below it (bounded walk: never loops on a bad tree).
fn is_under(ws: &Workspace, id: &str, ancestor: &str) -> bool {
    let mut at = Some(id);
    for _ in 0..=ws.orgs.len() {
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

fn floating_name_ok(purpose: Option<OrgPurpose>, name: &str) -> Result<(), CommandError> {
    match crate::checks::floating_name_problem(purpose, name) {
        Some(problem) => refuse_problem("组织名称", problem),
        None => Ok(()),
    }
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

/// A member carries one mark at a time: revoke it before marking again.
fn refuse_if_marked(m: &Member) -> Result<(), CommandError> {
    match &m.mark {
        Some(mark) => refuse_as(
            Refusal::Mark,
            format!(
                "团员{}已被标记为{}，请先撤销原标记",
                member_label(m),
                mark_label(mark.kind)
            ),
        ),
        None => Ok(()),
    }
}

/// The state of an application at the clock, or the engine's message.
fn state_now(ws: &Workspace, app: &Application) -> Result<State, String> {
    process::state_at(&ws.process_of(app), &app.events, ws.clock, &ws.calendar())
        .map_err(|e| e.message)
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

/// A delayed mark must give a reason and a month later than the branch's (S004 1.2):
/// [`crate::checks::mark_problems`], as the import and the workspace check apply it.
fn check_delayed(
    ws: &Workspace,
    who: &str,
    branch: &str,
    month: Option<&str>,
    reason: Option<&str>,
) -> Result<(), CommandError> {
    let mark = Mark {
        kind: MarkKind::Delayed,
        date: ws.clock,
        graduation_month: month.map(str::to_string),
        reason: reason.map(str::to_string),
    };
    match crate::checks::mark_problems(&mark, ws.org(branch), ws.clock)
        .into_iter()
        .next()
    {
        Some(problem) => refuse_problem(&format!("标记{who}为延迟毕业"), problem),
        None => Ok(()),
    }
}

/// The checks a member must pass to be added or edited (`at`: the edited member's index).
fn check_member(ws: &Workspace, m: &Member, at: Option<usize>) -> Result<(), CommandError> {
    check_member_with(ws, m, at, false)
}

/// `id_checked`: the caller has already made sure a new member's id is free (a batch keeps
/// a set of ids instead of scanning every member per command).
fn check_member_with(
    ws: &Workspace,
    m: &Member,
    at: Option<usize>,
    id_checked: bool,
) -> Result<(), CommandError> {
    if at.is_none() && !id_checked && !m.id.trim().is_empty() {
        if let Some(other) = ws.member(&m.id) {
            return refuse_as(
                Refusal::InUse,
                format!("团员 id「{}」已被 {} 使用", m.id, member_label(other)),
            );
        }
    }
    // The record's own checks, the same the import and the workspace check make. A birth
    // date an edit keeps is not judged again as the clock moves; the mark has its own
    // commands (an added member's is checked by `add_member`).
    let birth_changed = at.is_none_or(|i| ws.members[i].birth_date != m.birth_date);
    let mut record = m.clone();
    record.mark = None;
    let who = if m.name.trim().is_empty() {
        format!("团员「{}」", m.id)
    } else {
        format!("团员「{}」", m.name)
    };
    match crate::checks::member_problems(&record, ws.org(&m.org), ws.clock, birth_changed)
        .into_iter()
        .next()
    {
        Some(problem) => refuse_problem(&who, problem),
        None => Ok(()),
    }
}

/// Applies one command. On `Err` the workspace is unchanged.
pub fn apply(ws: &mut Workspace, command: &Command) -> Result<Applied, CommandError> {
    match command {
        Command::Batch { label, commands } => apply_batch(ws, label, commands),
        Command::AddOrg { org } => add_org(ws, org),
        Command::RenameOrg { id, name } => {
            let at = find_org(ws, id)?;
            if name.trim().is_empty() {
                return refuse(format!("{}的新名称不能为空", org_label(ws, id)));
            }
            floating_name_ok(ws.orgs[at].purpose, name)?;
            let old = std::mem::replace(&mut ws.orgs[at].name, name.clone());
            let summary = format!("重命名组织：{old} → {name}（{id}）");
            let mut previous = ws.orgs[at].clone();
            previous.name = old;
            done(Undo::RestoreOrg { at, org: previous }, summary)
        }
        Command::EditOrg {
            id,
            kind,
            purpose,
            system,
        } => edit_org(ws, id, *kind, *purpose, *system),
        Command::MoveOrg { id, parent } => move_org(ws, id, parent),
        Command::DeleteOrg { id } => delete_org(ws, id),
        Command::SetGraduationMonth { org, month } => set_graduation_month(ws, org, month),
        Command::AddMember { member } => add_member(ws, member, false),
        Command::EditMember { member } => edit_member(ws, member),
        Command::MarkDelayed {
            member,
            graduation_month,
            reason,
        } => {
            let at = find_member(ws, member)?;
            let m = &ws.members[at];
            refuse_if_marked(m)?;
            // Started = a transfer submitted, as the roster's status counts it (a 团总支's
            // batch move is not one): a member shown 尚未发起 can always be marked.
            if let Some(app) = ws
                .applications
                .iter()
                .find(|a| a.member == m.id && a.initiator != Initiator::Batch)
            {
                return refuse_as(
                    Refusal::AlreadyStarted,
                    format!(
                        "团员{}已经发起过转接（申请 {}），不能再标记为延迟毕业（S000 常见问题2）",
                        member_label(m),
                        app.id
                    ),
                );
            }
            check_delayed(ws, &m.name, &m.org, Some(graduation_month), Some(reason))?;
            let summary = format!(
                "标记延迟毕业：{}，新的毕业年月 {graduation_month}（{reason}）",
                member_label(m)
            );
            let mark = Mark {
                kind: MarkKind::Delayed,
                date: ws.clock,
                graduation_month: Some(graduation_month.clone()),
                reason: Some(reason.clone()),
            };
            set_mark(ws, at, Some(mark), summary)
        }
        Command::MarkTeacher { member } => {
            let at = find_member(ws, member)?;
            let m = &ws.members[at];
            refuse_if_marked(m)?;
            let summary = format!("标记教师：{}", member_label(m));
            let mark = Mark {
                kind: MarkKind::Teacher,
                date: ws.clock,
                graduation_month: None,
                reason: None,
            };
            set_mark(ws, at, Some(mark), summary)
        }
        Command::RevokeMark { member } => {
            let at = find_member(ws, member)?;
            let m = &ws.members[at];
            let Some(mark) = &m.mark else {
                return refuse_as(
                    Refusal::Mark,
                    format!("团员{}没有标记，无需撤销", member_label(m)),
                );
            };
            let summary = format!(
                "撤销标记：{}（原为{}）",
                member_label(m),
                mark_label(mark.kind)
            );
            set_mark(ws, at, None, summary)
        }
        Command::Initiate { .. } => initiate(ws, command),
        Command::Act {
            application,
            kind,
            by,
            reason,
            note,
            branch,
        } => act(
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
        } => batch_move(ws, org, members, to_org),
        Command::SetClock { date } => set_clock(ws, *date),
    }
}

fn mark_label(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Delayed => "延迟毕业团员",
        MarkKind::Teacher => "教师",
    }
}

fn set_mark(
    ws: &mut Workspace,
    at: usize,
    mark: Option<Mark>,
    summary: String,
) -> Result<Applied, CommandError> {
    let previous = ws.members[at].clone();
    ws.members[at].mark = mark;
    done(
        Undo::RestoreMember {
            at,
            member: previous,
        },
        summary,
    )
}

/// Applies every command in order; on the first refusal reverts those already applied
/// (last first) and refuses the whole step, naming which one failed.
fn apply_batch(
    ws: &mut Workspace,
    label: &str,
    commands: &[Command],
) -> Result<Applied, CommandError> {
    let mut undos = Vec::with_capacity(commands.len());
    // The member ids in use, kept across a run of AddMember / AddOrg / EditMember (which
    // never remove or rename a member), so adding n members costs n set look-ups instead of
    // n scans of the roster.
    let mut ids: Option<rustc_hash::FxHashSet<String>> = None;
    for (i, command) in commands.iter().enumerate() {
        let result = match command {
            Command::AddMember { member } => {
                let set =
                    ids.get_or_insert_with(|| ws.members.iter().map(|m| m.id.clone()).collect());
                // A taken id goes the usual way, for the usual message.
                let free = !set.contains(&member.id);
                let result = add_member(ws, member, free);
                if result.is_ok() {
                    set.insert(member.id.clone());
                }
                result
            }
            Command::AddOrg { .. } | Command::EditMember { .. } => apply(ws, command),
            _ => {
                ids = None;
                apply(ws, command)
            }
        };
        match result {
            Ok(applied) => undos.push(applied.undo),
            Err(e) => {
                revert(ws, Undo::Many(undos));
                return refuse(format!(
                    "「{label}」的第 {} 步（共 {} 步，{}）被拒绝，整批未执行：{}",
                    i + 1,
                    commands.len(),
                    command.label(),
                    e.message
                ));
            }
        }
    }
    let label = if label.trim().is_empty() {
        "批量操作"
    } else {
        label
    };
    done(
        Undo::Many(undos),
        format!("{label}：共 {} 步", commands.len()),
    )
}

fn add_member(
    ws: &mut Workspace,
    member: &Member,
    id_checked: bool,
) -> Result<Applied, CommandError> {
    check_member_with(ws, member, None, id_checked)?;
    if let Some(mark) = &member.mark {
        if let Some(problem) = crate::checks::mark_problems(mark, ws.org(&member.org), ws.clock)
            .into_iter()
            .next()
        {
            return refuse_problem(&format!("团员「{}」的标记", member.name), problem);
        }
    }
    ws.members.push(member.clone());
    done(
        Undo::RemoveMember {
            at: ws.members.len() - 1,
        },
        format!(
            "新增团员：{}，所在{}",
            member_label(member),
            org_label(ws, &member.org)
        ),
    )
}

fn add_org(ws: &mut Workspace, org: &Org) -> Result<Applied, CommandError> {
    if org_at(ws, &org.id).is_some() {
        return refuse_as(
            Refusal::InUse,
            format!("组织 id「{}」已被{}使用", org.id, org_label(ws, &org.id)),
        );
    }
    // Only the first org of an empty workspace is a root: one tree per workspace.
    if org.parent.is_none() && !ws.orgs.is_empty() {
        return refuse_as(
            Refusal::Tree,
            format!("新组织「{}」必须有上级组织", org.name),
        );
    }
    let parent = org.parent.as_deref().map(|p| ws.org(p));
    if let Some(problem) = crate::checks::org_problems(org, parent).into_iter().next() {
        return refuse_problem(&format!("新组织「{}」", org.name), problem);
    }
    let summary = match &org.parent {
        Some(p) => format!(
            "新增组织：{}（{}，{}），上级{}",
            org.name,
            org.id,
            org.kind.label(),
            org_label(ws, p)
        ),
        None => format!("新增根组织：{}（{}）", org.name, org.id),
    };
    ws.orgs.push(org.clone());
    done(
        Undo::RemoveOrg {
            at: ws.orgs.len() - 1,
        },
        summary,
    )
}

fn edit_org(
    ws: &mut Workspace,
    id: &str,
    kind: OrgKind,
    purpose: Option<OrgPurpose>,
    system: Option<EmployerSystem>,
) -> Result<Applied, CommandError> {
    let at = find_org(ws, id)?;
    let old = &ws.orgs[at];
    let label = org_label(ws, id);
    if kind != old.kind {
        let was_branch = old.kind == OrgKind::Branch;
        let is_branch = kind == OrgKind::Branch;
        if was_branch && !is_branch {
            let members = ws.members.iter().filter(|m| m.org == id).count();
            if members > 0 {
                return refuse(format!(
                    "{label}有 {members} 名团员，团员只能属于团支部，不能改为{}",
                    kind.label()
                ));
            }
            if let Some(month) = &old.graduation_month {
                return refuse(format!(
                    "{label}设置了毕业年月 {month}（只有团支部可以设置），请先清除再改为{}",
                    kind.label()
                ));
            }
        }
        if is_branch && !was_branch {
            let children = ws
                .orgs
                .iter()
                .filter(|o| o.parent.as_deref() == Some(id))
                .count();
            if children > 0 {
                return refuse(format!(
                    "{label}有 {children} 个下级组织，团支部下面不能再有组织，不能改为团支部"
                ));
            }
        }
        if old.kind == OrgKind::GeneralBranch {
            let batches = ws.batches.iter().filter(|b| b.org == id).count();
            if batches > 0 {
                return refuse(format!(
                    "{label}发起过 {batches} 次批量转接，本模拟器只给团总支建模批量转接（S003 Q11），不能改为{}",
                    kind.label()
                ));
            }
        }
        if was_branch != is_branch {
            // Whether the destination is a branch decides the branch-assignment step of
            // every application into it: changing it would rewrite their histories.
            let into = ws
                .applications
                .iter()
                .filter(|a| {
                    a.to_org.as_deref() == Some(id)
                        || a.events.iter().any(|e| e.branch.as_deref() == Some(id))
                })
                .count();
            if into > 0 {
                return refuse(format!(
                    "有 {into} 个申请转入或分配到{label}，改变它是不是团支部会改变这些申请的审批环节"
                ));
            }
        }
    }
    floating_name_ok(purpose, &old.name)?;
    let previous = old.clone();
    let org = &mut ws.orgs[at];
    org.kind = kind;
    org.purpose = purpose;
    org.system = system;
    let summary = format!("修改组织：{label}，类型{}", kind.label());
    done(Undo::RestoreOrg { at, org: previous }, summary)
}

fn move_org(ws: &mut Workspace, id: &str, parent: &str) -> Result<Applied, CommandError> {
    let at = find_org(ws, id)?;
    let label = org_label(ws, id);
    if ws.orgs[at].parent.is_none() {
        return refuse(format!("{label}是根组织，不能移动"));
    }
    let Some(p) = ws.org(parent) else {
        return refuse(format!("新的上级组织「{parent}」不存在"));
    };
    if p.kind == OrgKind::Branch {
        return refuse(format!(
            "新的上级{}是团支部，团支部下面不能再有组织",
            org_label(ws, parent)
        ));
    }
    if is_under(ws, parent, id) {
        return refuse(format!(
            "不能把{label}移到它自己或它的下级{}之下：组织树会出现环",
            org_label(ws, parent)
        ));
    }
    let previous = ws.orgs[at].clone();
    let old_parent = previous.parent.clone().unwrap_or_default();
    ws.orgs[at].parent = Some(parent.to_string());
    // What the move can break: batches stay inside their 团总支, assigned branches stay
    // under the destination org.
    if let Some(problem) = subtree_problem(ws) {
        ws.orgs[at] = previous;
        return refuse(format!("移动{label}后，{problem}"));
    }
    let summary = format!(
        "移动组织：{label}，上级由{}改为{}",
        org_label(ws, &old_parent),
        org_label(ws, parent)
    );
    done(Undo::RestoreOrg { at, org: previous }, summary)
}

/// The first batch application or branch assignment no longer inside the org it must be
/// under.
fn subtree_problem(ws: &Workspace) -> Option<String> {
    for app in &ws.applications {
        if let Some(b) = &app.batch {
            if let Some(batch) = ws.batches.iter().find(|x| &x.id == b) {
                for id in std::iter::once(&app.from_org).chain(app.to_org.as_ref()) {
                    if !is_under(ws, id, &batch.org) {
                        return Some(format!(
                            "批量转接 {} 的申请 {} 涉及的{}不再在团总支{}之下",
                            batch.id,
                            app.id,
                            org_label(ws, id),
                            org_label(ws, &batch.org)
                        ));
                    }
                }
            }
        }
        if let Some(to) = &app.to_org {
            for e in &app.events {
                if let (EventKind::Assign, Some(branch)) = (e.kind, &e.branch) {
                    if !is_under(ws, branch, to) {
                        return Some(format!(
                            "申请 {} 分配的团支部{}不再在转入组织{}之下",
                            app.id,
                            org_label(ws, branch),
                            org_label(ws, to)
                        ));
                    }
                }
            }
        }
    }
    None
}

fn delete_org(ws: &mut Workspace, id: &str) -> Result<Applied, CommandError> {
    let at = find_org(ws, id)?;
    let label = org_label(ws, id);
    let children = ws
        .orgs
        .iter()
        .filter(|o| o.parent.as_deref() == Some(id))
        .count();
    let members = ws.members.iter().filter(|m| m.org == id).count();
    let applications = ws
        .applications
        .iter()
        .filter(|a| {
            a.from_org == id
                || a.to_org.as_deref() == Some(id)
                || a.events.iter().any(|e| e.branch.as_deref() == Some(id))
        })
        .count();
    let batches = ws.batches.iter().filter(|b| b.org == id).count();
    let mut reasons = Vec::new();
    if children > 0 {
        reasons.push(format!("有 {children} 个下级组织"));
    }
    if members > 0 {
        reasons.push(format!("有 {members} 名团员"));
    }
    if applications > 0 {
        reasons.push(format!("有 {applications} 个申请从它转出、转入或分配到它"));
    }
    if batches > 0 {
        reasons.push(format!("发起过 {batches} 次批量转接"));
    }
    if !reasons.is_empty() {
        return refuse(format!("不能删除{label}：它{}", reasons.join("，")));
    }
    if ws.orgs[at].parent.is_none() && ws.orgs.iter().filter(|o| o.parent.is_none()).count() == 1 {
        return refuse(format!("不能删除{label}：它是唯一的根组织"));
    }
    let org = ws.orgs.remove(at);
    done(Undo::InsertOrg { at, org }, format!("删除组织：{label}"))
}

fn set_graduation_month(
    ws: &mut Workspace,
    id: &str,
    month: &Option<String>,
) -> Result<Applied, CommandError> {
    let at = find_org(ws, id)?;
    let label = org_label(ws, id);
    let kind = ws.orgs[at].kind;
    if kind != OrgKind::Branch {
        return refuse(format!(
            "只有团支部可以设置毕业年月（S004 1.1），{label}是{}",
            kind.label()
        ));
    }
    if month.is_none() {
        // A delayed mark is only possible in a 毕业生团组织 (S004 1.2.3): clearing the month
        // under one would leave a mark the workspace check refuses.
        if let Some(m) = ws
            .members
            .iter()
            .find(|m| m.org == id && crate::policy::is_delayed(m))
        {
            return refuse_as(
                Refusal::InUse,
                format!(
                    "团员{}被标记为延迟毕业，{label}的毕业年月不能清除：请先撤销该标记",
                    member_label(m)
                ),
            );
        }
    }
    if let Some(month) = month {
        if parse_month(month).is_none() {
            return refuse(format!("「{month}」不是有效的年月（应为 YYYY-MM）"));
        }
        let late = ws.members.iter().find(|m| {
            m.org == id
                && m.mark.as_ref().is_some_and(|k| {
                    k.kind == MarkKind::Delayed
                        && k.graduation_month.as_deref().is_some_and(|d| d <= month)
                })
        });
        if let Some(m) = late {
            let delayed = m
                .mark
                .as_ref()
                .and_then(|k| k.graduation_month.clone())
                .unwrap_or_default();
            return refuse(format!(
                "团员{}的延迟毕业年月 {delayed} 不晚于 {month}：延迟毕业的年月必须晚于团支部的，请先修改或撤销该标记",
                member_label(m)
            ));
        }
    }
    let previous = ws.orgs[at].clone();
    ws.orgs[at].graduation_month.clone_from(month);
    let summary = match month {
        Some(m) => format!("设置毕业年月：{label}为 {m}"),
        None => format!("清除毕业年月：{label}"),
    };
    done(Undo::RestoreOrg { at, org: previous }, summary)
}

fn edit_member(ws: &mut Workspace, member: &Member) -> Result<Applied, CommandError> {
    let at = find_member(ws, &member.id)?;
    check_member(ws, member, Some(at))?;
    let previous = ws.members[at].clone();
    let has_application = ws.applications.iter().any(|a| a.member == member.id);
    if member.org != previous.org {
        if has_application {
            return refuse(format!(
                "团员{}已有转接申请，所在团支部只能通过转接改变，不能直接修改",
                member_label(&previous)
            ));
        }
        if let Some(mark) = previous
            .mark
            .as_ref()
            .filter(|k| k.kind == MarkKind::Delayed)
        {
            check_delayed(
                ws,
                &member.name,
                &member.org,
                mark.graduation_month.as_deref(),
                mark.reason.as_deref(),
            )?;
        }
    }
    let mut edited = member.clone();
    edited.mark.clone_from(&previous.mark);
    // A birth date decides whether an application needs the leadership step (under 16
    // leaving school); changing it must not rewrite the steps of an existing application.
    let steps = |a: &Application, m: &Member| process_shape(ws.edition, a, None, Some(m)).steps;
    let changes_steps = ws.applications.iter().find(|a| {
        previous.birth_date != member.birth_date
            && a.member == member.id
            && steps(a, &previous) != steps(a, &edited)
    });
    if let Some(app) = changes_steps {
        return refuse(format!(
            "修改出生日期会改变申请 {} 的审批环节（未满 16 周岁转往校外需上级团的领导机关审批），已有的记录不再成立",
            app.id
        ));
    }
    ws.members[at] = edited;
    done(
        Undo::RestoreMember {
            at,
            member: previous,
        },
        format!("修改团员信息：{}", member_label(member)),
    )
}

fn initiate(ws: &mut Workspace, command: &Command) -> Result<Applied, CommandError> {
    let Command::Initiate {
        member,
        initiator,
        reason,
        destination,
        to_org,
        to_org_name,
        to_org_is_branch,
        special_province,
    } = command
    else {
        return refuse("内部错误：不是发起转接命令");
    };
    let (initiator, destination, special_province) = (*initiator, *destination, *special_province);
    let at = find_member(ws, member)?;
    let m = &ws.members[at];
    let who = member_label(m);
    // Marked members (延迟毕业团员, 教师) transfer normally; they are only outside 学社衔接
    // (S004 1.2), which the metrics see to.
    if initiator == Initiator::Batch {
        return refuse("批量转接由团总支通过“批量转接”办理，不能在这里发起");
    }
    if let Some((app, state)) = open_application(ws, member) {
        return refuse_as(
            Refusal::OpenApplication,
            format!(
                "团员{who}的申请 {} 还没有结束（{state}），不能再发起新申请",
                app.id
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
                "团员{who}已超龄离团（申请 {}），不再保留团籍，不能发起转接",
                lapsed.id
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
    if let Some(r) = reason {
        if r.label(ws.edition).is_none() {
            let name = r.label(crate::calendar::Edition::E2019).unwrap_or(r.code());
            return refuse(format!("{} 版没有接转原因“{name}”", ws.edition.code()));
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
        return refuse(format!("申请 {id}：{message}"));
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
        "发起转接：{} 的申请 {id}（{}，{}，转往{target}{note}）",
        m.name,
        initiator.label(),
        reason
            .and_then(|r| r.label(ws.edition))
            .unwrap_or("不选接转原因"),
    );
    ws.applications.push(app);
    done(
        Undo::RemoveApplication {
            at: ws.applications.len() - 1,
        },
        summary,
    )
}

fn act(
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
    let name = member.map_or_else(|| app.member.clone(), |m| m.name.clone());
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
            if m.holds_league_post {
                return refuse_as(
                    Refusal::Lapsed,
                    format!(
                        "团员{}担任团内职务，年满 {} 周岁仍保留团籍",
                        member_label(m),
                        crate::policy::LAPSE_AGE
                    ),
                );
            }
            if m.birth_date.is_some() && !crate::policy::member_lapsed_on(m, ws.clock) {
                let age = m.birth_date.map_or(0, |b| age_on(b, ws.clock));
                return refuse_as(
                    Refusal::Lapsed,
                    format!(
                        "团员{}按模拟时钟为 {age} 周岁，未满 {} 周岁，不能记为超龄离团",
                        member_label(m),
                        crate::policy::LAPSE_AGE
                    ),
                );
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
            format!("申请 {application}：{}", e.message),
        );
    }
    let detail = match kind {
        EventKind::Reject => format!("{}，{}", by.label(), reason.map_or("", RejectReason::label)),
        EventKind::Assign => format!("{}，分到{assigned}", by.label()),
        _ => by.label().to_string(),
    };
    done(
        Undo::PopEvent { application: at },
        format!("{}：{name} 的申请 {application}（{detail}）", kind.label()),
    )
}

fn batch_move(
    ws: &mut Workspace,
    org: &str,
    members: &[String],
    to_org: &str,
) -> Result<Applied, CommandError> {
    let org_i = find_org(ws, org)?;
    let label = org_label(ws, org);
    if ws.orgs[org_i].kind != OrgKind::GeneralBranch {
        return refuse_as(
            Refusal::Batch,
            format!(
                "本模拟器只给团总支建模批量转接（S003 Q11 描述的是团总支的菜单），{label}是{}",
                ws.orgs[org_i].kind.label()
            ),
        );
    }
    if members.is_empty() {
        return refuse("批量转接至少要选择一名团员");
    }
    if members.len() > BATCH_MAX {
        return refuse_as(
            Refusal::Batch,
            format!(
                "一次批量转接最多 {BATCH_MAX} 人（S003 Q11），这里选了 {} 人",
                members.len()
            ),
        );
    }
    match ws.org(to_org) {
        Some(o) if o.kind == OrgKind::Branch && is_under(ws, to_org, org) => {}
        Some(_) => {
            return refuse_as(
                Refusal::Batch,
                format!(
                    "{}不是{label}下属的团支部：按本指南的理解[readings#zongzhi-batch]，批量转接在团总支下属的团支部之间进行，转到别处请用“发起转接”",
                    org_label(ws, to_org)
                ),
            )
        }
        None => return refuse(format!("转入团支部「{to_org}」不存在")),
    }
    let mut positions = Vec::with_capacity(members.len());
    for (k, id) in members.iter().enumerate() {
        if members[..k].contains(id) {
            return refuse(format!("团员「{id}」在名单里重复出现"));
        }
        let at = find_member(ws, id)?;
        let m = &ws.members[at];
        let who = member_label(m);
        if !is_under(ws, &m.org, org) {
            return refuse_as(
                Refusal::Batch,
                format!("团员{who}所在的{}不在{label}之下", org_label(ws, &m.org)),
            );
        }
        if m.org == to_org {
            return refuse(format!("团员{who}已经在{}", org_label(ws, to_org)));
        }
        // A delayed graduate moves like anyone (S004 1.2), into a branch that keeps the
        // mark valid: a 毕业生团组织 graduating before the new month.
        if let Some(mark) = m.mark.as_ref().filter(|k| k.kind == MarkKind::Delayed) {
            check_delayed(
                ws,
                &m.name,
                to_org,
                mark.graduation_month.as_deref(),
                mark.reason.as_deref(),
            )?;
        }
        if let Some((app, state)) = open_application(ws, id) {
            return refuse_as(
                Refusal::OpenApplication,
                format!(
                    "团员{who}的申请 {} 还没有结束（{state}），不能批量转接",
                    app.id
                ),
            );
        }
        positions.push(at);
    }
    let batch_id = fresh_ids("BATCH-", ws.batches.iter().map(|b| b.id.as_str()), 1)
        .pop()
        .unwrap_or_default();
    let app_ids = fresh_ids(
        "APP-",
        ws.applications.iter().map(|a| a.id.as_str()),
        members.len(),
    );
    let clock = ws.clock;
    let mut undos = Vec::with_capacity(1 + 2 * members.len());
    ws.batches.push(Batch {
        id: batch_id.clone(),
        org: org.to_string(),
        date: clock,
    });
    undos.push(Undo::RemoveBatch {
        at: ws.batches.len() - 1,
    });
    for (at, app_id) in positions.into_iter().zip(app_ids) {
        let previous = ws.members[at].clone();
        // A batch move selects no reason; the destination is another branch of the same
        // 团总支, which no destination code names, so it records none (as the samples do).
        ws.applications.push(Application {
            id: app_id,
            member: previous.id.clone(),
            reason: None,
            destination: Destination::None,
            from_org: previous.org.clone(),
            to_org: Some(to_org.to_string()),
            to_org_name: None,
            to_org_is_branch: None,
            initiator: Initiator::Batch,
            special_province: false,
            batch: Some(batch_id.clone()),
            events: vec![Event::new(clock, EventKind::Submit, Actor::OutOrg)],
        });
        undos.push(Undo::RemoveApplication {
            at: ws.applications.len() - 1,
        });
        // It needs no approval, so the member is in the new branch at once.
        ws.members[at].org = to_org.to_string();
        undos.push(Undo::RestoreMember {
            at,
            member: previous,
        });
    }
    done(
        Undo::Many(undos),
        format!(
            "批量转接：{label}将 {} 名团员转到{}（{batch_id}）",
            members.len(),
            org_label(ws, to_org)
        ),
    )
}

/// The clock stays within dates every timer can be added to without leaving the calendar.
const CLOCK_YEARS: std::ops::RangeInclusive<i32> = 1950..=2200;

fn set_clock(ws: &mut Workspace, date: NaiveDate) -> Result<Applied, CommandError> {
    use chrono::Datelike;
    if !CLOCK_YEARS.contains(&date.year()) {
        return refuse(format!(
            "模拟时钟 {date} 超出范围：应在 {} 年到 {} 年之间",
            CLOCK_YEARS.start(),
            CLOCK_YEARS.end()
        ));
    }
    // Nothing may have happened after the clock.
    let mut latest: Option<(NaiveDate, String)> = None;
    let mut see = |d: NaiveDate, what: &dyn Fn() -> String| {
        if d > date && latest.as_ref().is_none_or(|(l, _)| d > *l) {
            latest = Some((d, what()));
        }
    };
    for app in &ws.applications {
        if let Some(e) = app.events.last() {
            see(e.date, &|| format!("申请 {} 的{}", app.id, e.kind.label()));
        }
    }
    for b in &ws.batches {
        see(b.date, &|| format!("批量转接 {}", b.id));
    }
    for m in &ws.members {
        if let Some(mark) = &m.mark {
            see(mark.date, &|| format!("团员{}的标记", member_label(m)));
        }
    }
    if let Some((d, what)) = latest {
        return refuse_as(
            Refusal::Clock,
            format!("模拟时钟不能调到 {date}：{what}发生在 {d}，时钟不能早于已经发生的事"),
        );
    }
    // Every member stays in the plausible window the workspace check holds them to.
    if let Some((m, problem)) = ws.members.iter().find_map(|m| {
        m.birth_date
            .and_then(|b| crate::checks::birth_problem(b, date))
            .map(|p| (m, p))
    }) {
        return refuse_as(
            Refusal::Clock,
            format!(
                "模拟时钟不能调到 {date}：团员{}的{problem}",
                member_label(m)
            ),
        );
    }
    let previous = std::mem::replace(&mut ws.clock, date);
    done(
        Undo::Clock(previous),
        format!("调整模拟时钟：{previous} → {date}"),
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
/// not offer) with a Chinese message; the command itself is then checked by [`apply`].
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
    let special_unit = choice.destination == Destination::SpecialUnitLibrary;
    let name = choice
        .to_org_name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty() && !special_unit);
    let to_org = choice
        .to_org
        .filter(|o| !o.is_empty() && !special_province && !special_unit);
    let branch = match answers.get(Key::DestinationIsBranch) {
        Some(Value::Bool(b)) => b,
        _ => true,
    };
    Ok(Command::Initiate {
        member: member.to_string(),
        initiator: choice.initiator,
        reason: outcome.reason,
        destination: choice.destination,
        to_org_is_branch: (to_org.is_none() && name.is_some()).then_some(branch),
        to_org,
        to_org_name: name,
        special_province,
    })
}
