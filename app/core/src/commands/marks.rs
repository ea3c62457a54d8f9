//! Marks (延迟毕业团员, 教师; S004 1.1–1.3): set and revoke, one mark at a time.

use super::{done, find_member, member_label, refuse_as, refuse_problem};
use super::{Applied, CommandError, Refusal, Undo};
use crate::process::Initiator;
use crate::workspace::{Mark, MarkKind, Member, Workspace};

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

/// A delayed mark must give a reason and a month later than the branch's (S004 1.2):
/// [`crate::checks::mark_problems`], as the import and the workspace check apply it.
pub(super) fn check_delayed(
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

pub(super) fn mark_delayed(
    ws: &mut Workspace,
    member: &str,
    graduation_month: &str,
    reason: &str,
) -> Result<Applied, CommandError> {
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
                "团员{}已经发起过转接（{}），不能再标记为延迟毕业（S000 常见问题2）",
                member_label(m),
                super::app_label(ws, app)
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
        graduation_month: Some(graduation_month.to_string()),
        reason: Some(reason.to_string()),
    };
    set_mark(ws, at, Some(mark), summary)
}

pub(super) fn mark_teacher(ws: &mut Workspace, member: &str) -> Result<Applied, CommandError> {
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

pub(super) fn revoke_mark(ws: &mut Workspace, member: &str) -> Result<Applied, CommandError> {
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
