//! The import plan's rules about who a row is and where they belong: a member an earlier
//! row already named, a member whose branch only a transfer may change, a branch name that
//! several orgs share, and a new member without a branch. Each test states the whole
//! outcome: the bad rows with their column and reason, the counts and the commands.

use crate::common::*;
use zhuanjie_core::codes::Situation;
use zhuanjie_core::commands::{apply, Command};
use zhuanjie_core::workspace::{Member, Org, OrgKind};
use zhuanjie_core::Workspace;
use zhuanjie_roster::{auto_map, plan_import, read_table, BadRow, ImportPlan};

fn plan(ws: &Workspace, rows: &[Vec<&str>], parent: Option<&str>) -> ImportPlan {
    let text = csv_text(rows);
    let table = read_table("名单.csv", text.as_bytes(), None, None).unwrap();
    plan_import(ws, &table, &auto_map(&table.headers), parent)
}

fn bad(row: usize, column: &str, reason: &str) -> BadRow {
    BadRow {
        file: 0,
        row,
        column: column.into(),
        reason: reason.into(),
    }
}

fn counts(plan: &ImportPlan) -> (usize, usize, usize) {
    (plan.added, plan.updated, plan.unchanged)
}

/// An edit of the member as `ws` holds them, with `change` applied.
fn edited(ws: &Workspace, id: &str, change: impl FnOnce(&mut Member)) -> Command {
    let mut member = ws.member(id).unwrap().clone();
    change(&mut member);
    Command::EditMember { member }
}

#[test]
fn a_member_with_an_application_is_not_moved_by_a_row() {
    let mut ws = workspace();
    // 计算机学院团总支 moves M1 from 2022级1班 to 2022级2班: M1 now has an application.
    apply(
        &mut ws,
        &Command::BatchMove {
            org: "C1".into(),
            members: vec!["M1".into()],
            to_org: "B2".into(),
        },
    )
    .unwrap();
    assert_eq!(ws.member("M1").unwrap().org, "B2");
    let m1 = ws.member("M1").unwrap().id_number.clone().unwrap();
    let header = vec!["姓名", "身份证号", "学号", "团支部"];

    // Back to 2022级1班 by a row: bad. 20220002, without an application, moves.
    let moves = plan(
        &ws,
        &[
            header.clone(),
            vec!["甲一", &m1, "", "2022级1班"],
            vec!["乙二", "", "20220002", "2022级1班"],
        ],
        None,
    );
    assert_eq!(
        moves.bad_rows,
        vec![bad(
            2,
            "团支部",
            "甲一（M1）已有转接申请，所在团支部只能通过转接改变，不能由导入修改"
        )]
    );
    assert_eq!(counts(&moves), (0, 1, 0));
    assert_eq!(
        moves.commands,
        vec![edited(&ws, "20220002", |m| m.org = "B1".into())]
    );

    // Naming the branch they are in (or none) is no move: the row edits them.
    let stays = plan(
        &ws,
        &[
            header,
            vec!["甲一", &m1, "", "2022级2班"],
            vec!["乙二", "", "20220002", ""],
        ],
        None,
    );
    assert!(stays.bad_rows.is_empty(), "{:#?}", stays.bad_rows);
    assert_eq!(counts(&stays), (0, 0, 2));

    let renamed = plan(
        &ws,
        &[
            vec!["姓名", "身份证号", "团支部", "毕业去向"],
            vec!["甲一", &m1, "2022级2班", "读研"],
        ],
        None,
    );
    assert!(renamed.bad_rows.is_empty(), "{:#?}", renamed.bad_rows);
    assert_eq!(counts(&renamed), (0, 1, 0));
    assert_eq!(
        renamed.commands,
        vec![edited(&ws, "M1", |m| m.plan = Some(Situation::FurtherStudy))]
    );
}

#[test]
fn a_member_two_rows_name_is_bad_on_the_second() {
    let ws = workspace();
    let m1 = ws.member("M1").unwrap().id_number.clone().unwrap();
    // Row 2 finds M1 by ID number, row 3 by 学号 (no key repeats within the file).
    let twice = plan(
        &ws,
        &[
            vec!["姓名", "身份证号", "学号", "团支部", "毕业去向"],
            vec!["甲一", &m1, "", "2022级1班", "读研"],
            vec!["甲一", "", "M1", "2022级2班", "参军"],
            vec!["乙二", "", "20220002", "", ""],
        ],
        None,
    );
    assert_eq!(
        twice.bad_rows,
        vec![bad(
            3,
            "姓名",
            "与第 2 行是工作区中的同一名团员（甲一，M1）"
        )]
    );
    assert_eq!(counts(&twice), (0, 1, 1));
    assert_eq!(
        twice.commands,
        vec![edited(&ws, "M1", |m| m.plan = Some(Situation::FurtherStudy))]
    );
}

#[test]
fn a_branch_name_several_orgs_share_asks_for_the_org_id() {
    let mut ws = workspace();
    ws.orgs.push(Org::new(
        "C2",
        "外国语学院团总支",
        OrgKind::GeneralBranch,
        Some("U"),
    ));
    ws.orgs
        .push(Org::new("B3", "2022级1班", OrgKind::Branch, Some("C2")));
    ws.validate().unwrap();
    // With a parent for new branches chosen: a shared name is still no new branch.
    let shared = plan(
        &ws,
        &[
            vec!["姓名", "学号", "团支部"],
            vec!["丙三", "S3", "2022级1班"],
            vec!["丁四", "S4", "B3"],
            vec!["甲一", "M1", "2022级1班"],
        ],
        Some("C1"),
    );
    let reason =
        "工作区中有 2 个名为「2022级1班」的组织，无法确定是哪一个；请改写为组织编号（B1、B3）";
    assert_eq!(
        shared.bad_rows,
        vec![bad(2, "团支部", reason), bad(4, "团支部", reason)]
    );
    assert!(shared.new_branches.is_empty(), "{:#?}", shared.new_branches);
    assert_eq!(counts(&shared), (1, 0, 0));
    assert!(
        matches!(
            shared.commands.as_slice(),
            [Command::AddMember { member }] if member.id == "S4" && member.org == "B3"
        ),
        "{:#?}",
        shared.commands
    );
}

#[test]
fn a_new_member_needs_a_branch_a_known_one_keeps_theirs() {
    let ws = workspace();
    // No branch column: a known member stays where they are, a new one cannot be placed.
    let no_column = plan(
        &ws,
        &[
            vec!["姓名", "学号", "毕业去向"],
            vec!["甲一", "M1", "读研"],
            vec!["戊五", "S5", "读研"],
        ],
        None,
    );
    assert_eq!(
        no_column.bad_rows,
        vec![bad(
            3,
            "所在团支部",
            "表中没有「所在团支部」列，无法新增团员"
        )]
    );
    assert_eq!(counts(&no_column), (0, 1, 0));
    assert_eq!(
        no_column.commands,
        vec![edited(&ws, "M1", |m| m.plan = Some(Situation::FurtherStudy))]
    );

    // A blank branch cell: the same, with the sheet's header and another reason. A parent
    // for new branches changes nothing (there is no name to create).
    let blank = plan(
        &ws,
        &[
            vec!["姓名", "学号", "班级", "毕业去向"],
            vec!["甲一", "M1", "", "读研"],
            vec!["戊五", "S5", "", "读研"],
        ],
        Some("C1"),
    );
    assert_eq!(blank.bad_rows, vec![bad(3, "班级", "所在团支部为空")]);
    assert!(blank.new_branches.is_empty(), "{:#?}", blank.new_branches);
    assert_eq!(counts(&blank), (0, 1, 0));
    assert_eq!(blank.commands, no_column.commands);
}
