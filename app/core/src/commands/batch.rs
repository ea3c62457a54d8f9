//! Batches: a 团总支's batch move of up to 30 members between its own branches
//! ([`Command::BatchMove`], S003 Q11), and several commands as one step, all or nothing
//! ([`Command::Batch`]).

use super::marks::check_delayed;
use super::{
    apply, done, find_member, find_org, fresh_ids, is_under, member_label, open_application,
    org_label, refuse, refuse_as, revert,
};
use super::{members, Applied, Command, CommandError, Refusal, Undo};
use crate::codes::Destination;
use crate::process::{Actor, Event, EventKind, Initiator};
use crate::workspace::{Application, Batch, MarkKind, Member, OrgKind, Workspace, BATCH_MAX};

/// Why `m` cannot be in a batch move of `org` (to `to_org`, when chosen): outside the
/// 团总支, already there, a delayed mark the target would break, or an open application.
/// The command checks each member with it, and the batch form marks members before the run.
pub fn batch_member_refusal(
    ws: &Workspace,
    org: &str,
    m: &Member,
    to_org: Option<&str>,
) -> Option<CommandError> {
    let who = member_label(m);
    let label = org_label(ws, org);
    if !is_under(ws, &m.org, org) {
        return refuse_as::<()>(
            Refusal::Batch,
            format!("团员{who}所在的{}不在{label}之下", org_label(ws, &m.org)),
        )
        .err();
    }
    if let Some(to_org) = to_org {
        if m.org == to_org {
            return refuse::<()>(format!("团员{who}已经在{}", org_label(ws, to_org))).err();
        }
        // A delayed graduate moves like anyone (S004 1.2), into a branch that keeps the
        // mark valid: a 毕业生团组织 graduating before the new month.
        if let Some(mark) = m.mark.as_ref().filter(|k| k.kind == MarkKind::Delayed) {
            if let Err(why) = check_delayed(
                ws,
                &m.name,
                to_org,
                mark.graduation_month.as_deref(),
                mark.reason.as_deref(),
            ) {
                return Some(why);
            }
        }
    }
    if let Some((_, state)) = open_application(ws, &m.id) {
        return refuse_as::<()>(
            Refusal::OpenApplication,
            format!("团员{who}的转接申请还没有结束（{state}），不能批量转接"),
        )
        .err();
    }
    None
}

pub(super) fn batch_move(
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
        if let Some(why) = batch_member_refusal(ws, org, &ws.members[at], Some(to_org)) {
            return Err(why);
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
            "批量转接：{label}将 {} 名团员转到{}",
            members.len(),
            org_label(ws, to_org)
        ),
    )
}

/// Applies every command in order; on the first refusal reverts those already applied
/// (last first) and refuses the whole step, naming which one failed.
pub(super) fn apply_batch(
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
                let result = members::add_member(ws, member, free);
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
