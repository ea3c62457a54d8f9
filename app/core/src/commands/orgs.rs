//! The org tree: add, rename, edit, move, delete an org; a branch's graduation month.

use super::{
    done, find_org, is_under, member_label, org_at, org_label, refuse, refuse_as, refuse_problem,
};
use super::{Applied, CommandError, Refusal, Undo};
use crate::codes::EmployerSystem;
use crate::process::EventKind;
use crate::workspace::{parse_month, MarkKind, Org, OrgKind, OrgPurpose, Workspace};

fn floating_name_ok(purpose: Option<OrgPurpose>, name: &str) -> Result<(), CommandError> {
    match crate::checks::floating_name_problem(purpose, name) {
        Some(problem) => refuse_problem("组织名称", problem),
        None => Ok(()),
    }
}

pub(super) fn rename_org(
    ws: &mut Workspace,
    id: &str,
    name: &str,
) -> Result<Applied, CommandError> {
    let at = find_org(ws, id)?;
    if name.trim().is_empty() {
        return refuse(format!("{}的新名称不能为空", org_label(ws, id)));
    }
    floating_name_ok(ws.orgs[at].purpose, name)?;
    let old = std::mem::replace(&mut ws.orgs[at].name, name.to_string());
    let summary = format!("重命名组织：{old} → {name}（{id}）");
    let mut previous = ws.orgs[at].clone();
    previous.name = old;
    done(Undo::RestoreOrg { at, org: previous }, summary)
}

pub(super) fn add_org(ws: &mut Workspace, org: &Org) -> Result<Applied, CommandError> {
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
    if let Some(p) = org.parent.as_deref() {
        let level = super::level_of(ws, p) + 1;
        if level > crate::policy::MAX_ORG_DEPTH {
            return refuse_as(
                Refusal::Tree,
                format!(
                    "组织树最多 {} 层：新组织「{}」在{}之下会是第 {level} 层",
                    crate::policy::MAX_ORG_DEPTH,
                    org.name,
                    org_label(ws, p)
                ),
            );
        }
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

pub(super) fn edit_org(
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

pub(super) fn move_org(
    ws: &mut Workspace,
    id: &str,
    parent: &str,
) -> Result<Applied, CommandError> {
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
    let deepest = super::level_of(ws, parent) + super::height_of(ws, id);
    if deepest > crate::policy::MAX_ORG_DEPTH {
        return refuse_as(
            Refusal::Tree,
            format!(
                "组织树最多 {} 层：把{label}移到{}之下，它最下面的组织会是第 {deepest} 层",
                crate::policy::MAX_ORG_DEPTH,
                org_label(ws, parent)
            ),
        );
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
                            "团总支的批量转接（{}）涉及的{}不再在团总支{}之下",
                            super::app_label(ws, app),
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
                            "{}分配的团支部{}不再在转入组织{}之下",
                            super::app_label(ws, app),
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

pub(super) fn delete_org(ws: &mut Workspace, id: &str) -> Result<Applied, CommandError> {
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

pub(super) fn set_graduation_month(
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
