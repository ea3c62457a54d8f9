//! Members: add and edit, with the record checks the import and the workspace check make.

use super::marks::check_delayed;
use super::{done, find_member, member_label, org_label, refuse, refuse_as, refuse_problem};
use super::{Applied, CommandError, Refusal, Undo};
use crate::workspace::{process_shape, Application, MarkKind, Member, Workspace};

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
                format!("学号「{}」已被 {} 使用", m.id, member_label(other)),
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

pub(super) fn add_member(
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

pub(super) fn edit_member(ws: &mut Workspace, member: &Member) -> Result<Applied, CommandError> {
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
            "修改出生日期会改变{}的审批环节（未满 16 周岁转往校外需上级团的领导机关审批），已有的记录不再成立",
            super::app_label(ws, app)
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
