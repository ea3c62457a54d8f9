//! Importing this tool's own roster export back (issue 16): masked ID numbers are checked
//! against the members found by 学号, never stored or used to create anyone; the first rows
//! as read and what each update changes are in the plan; Excel's scientific notation gets
//! the Excel hint; new branches default under the school.

use crate::common::*;
use zhuanjie_core::checks::EXCEL_DIGITS_HINT;
use zhuanjie_core::codes::Situation;
use zhuanjie_core::commands::apply;
use zhuanjie_core::workspace::mask_id_number;
use zhuanjie_core::{synth, Edition, Workspace};
use zhuanjie_roster::{
    auto_map, default_parent, plan_import, read_table, roster_csv, roster_xlsx, BadRow, Change,
    Field, ImportPlan, MemberUpdate, ReadValue, SampleRow,
};

fn plan_bytes(ws: &Workspace, name: &str, bytes: &[u8]) -> ImportPlan {
    let table = read_table(name, bytes, None, None).unwrap();
    let mapping = auto_map(&table.headers);
    plan_import(ws, &table, &mapping, default_parent(ws).as_deref())
}

fn plan_rows(ws: &Workspace, rows: &[Vec<&str>]) -> ImportPlan {
    plan_bytes(ws, "名单.csv", csv_text(rows).as_bytes())
}

fn bad(row: usize, column: &str, reason: &str) -> BadRow {
    BadRow {
        file: 0,
        row,
        column: column.into(),
        reason: reason.into(),
    }
}

fn read(field: Field, value: &str) -> ReadValue {
    ReadValue {
        field,
        label: field.label(),
        value: value.into(),
    }
}

/// The simulator's sample (the shipped synthetic school) and the small fixture, each
/// exported without personal data, as CSV and as .xlsx, read back: nothing is bad, added or
/// updated, every member unchanged, and every full ID number is still the stored one.
#[test]
fn the_roster_export_with_masked_ids_imports_back_unchanged() {
    for ws in [
        synth::school(60, Edition::E2021, 7),
        synth::school(60, Edition::E2019, 7),
        workspace(),
    ] {
        let members = ws.members.len();
        assert!(ws.members.iter().any(|m| m.id_number.is_some()));
        for personal_data in [false, true] {
            let csv = roster_csv(&ws, ws.clock, personal_data);
            if !personal_data {
                assert!(csv.contains("****"), "masked by default");
            }
            let xlsx = roster_xlsx(&ws, ws.clock, personal_data).unwrap();
            for (name, bytes) in [("团员名单.csv", csv.into_bytes()), ("团员名单.xlsx", xlsx)]
            {
                let plan = plan_bytes(&ws, name, &bytes);
                assert_eq!(plan.bad_rows, vec![], "{name}");
                assert!(plan.problems.is_empty() && plan.missing_columns.is_empty());
                assert_eq!(
                    (plan.added, plan.updated, plan.unchanged),
                    (0, 0, members),
                    "{name} personal data {personal_data}"
                );
                assert!(plan.is_empty() && plan.new_branches.is_empty());
                assert_eq!(plan.sample_rows.len(), members.min(3));
                assert!(plan.sample_rows.iter().all(|r| r.outcome == "不变"));
                // Applying the (empty) batch keeps every member, full numbers included.
                let mut after = ws.clone();
                apply(&mut after, &plan.command()).unwrap();
                assert_eq!(after.members, ws.members);
            }
        }
    }
}

#[test]
fn a_masked_number_is_checked_by_student_number_and_never_stored() {
    let mut ws = workspace();
    let full = id_number("20040101", 1);
    ws.members[0].id = "20220001".into();
    let masked = mask_id_number(&full);
    let other = mask_id_number(&id_number("20040101", 2));
    let header = vec!["学号", "姓名", "身份证号（已打码）", "团支部", "毕业去向"];
    let plan = plan_rows(
        &ws,
        &[
            header.clone(),
            // Known, agreeing: updated (the plan), the full number kept.
            vec!["20220001", "甲一", &masked, "2022级1班", "升学"],
            // 乙二 has no number in the workspace.
            vec!["20220002", "乙二", &other, "2022级2班", ""],
            // Nobody has this 学号: a masked number cannot create them.
            vec!["20229999", "丙三", &other, "2022级2班", ""],
            // No 学号 at all.
            vec!["", "丁四", &other, "2022级2班", ""],
        ],
    );
    let column = "身份证号（已打码）";
    assert_eq!(
        plan.bad_rows,
        vec![
            bad(
                3,
                column,
                &format!("身份证号「{other}」是打码的号码，而工作区中学号「20220002」的乙二没有身份证号，打码的号码无法补录；请填写完整的身份证号")
            ),
            bad(
                4,
                column,
                &format!("身份证号「{other}」是打码的号码，工作区中没有学号为「20229999」的团员，无法对应到已有团员；打码的号码不能用来新增团员。导入新团员请用勾选“包含完整身份证号”（导出个人信息）后导出的名单，或填写完整的身份证号")
            ),
            bad(
                5,
                column,
                &format!("身份证号「{other}」是打码的号码，这一行的学号为空，无法对应到已有团员；打码的号码不能用来新增团员。导入新团员请用勾选“包含完整身份证号”（导出个人信息）后导出的名单，或填写完整的身份证号")
            ),
        ]
    );
    assert_eq!((plan.added, plan.updated, plan.unchanged), (0, 1, 0));
    let mut after = ws.clone();
    apply(&mut after, &plan.command()).unwrap();
    let m = after.member("20220001").unwrap();
    assert_eq!(m.id_number.as_deref(), Some(full.as_str()));
    assert_eq!(m.plan, Some(Situation::FurtherStudy));

    // A masked number that is not the member's: bad, naming both masks.
    let wrong = plan_rows(
        &ws,
        &[
            header.clone(),
            vec!["20220001", "甲一", &other, "2022级1班", ""],
        ],
    );
    assert_eq!(
        wrong.bad_rows,
        vec![bad(
            2,
            column,
            &format!("身份证号「{other}」是打码的号码，与工作区中学号「20220001」的甲一的身份证号（{masked}）打码后不一致；请核对学号，或填写完整的身份证号")
        )]
    );

    // Without a 学号 column the masked number matches no one.
    let no_column = plan_rows(
        &ws,
        &[
            vec!["姓名", "身份证号", "团支部"],
            vec!["甲一", &masked, "2022级1班"],
        ],
    );
    assert_eq!(no_column.bad_rows.len(), 1);
    assert!(
        no_column.bad_rows[0].reason.contains("表中没有「学号」列"),
        "{:?}",
        no_column.bad_rows
    );

    // Two members whose numbers mask alike are not "the same number twice".
    let twin = {
        let mut id = full.clone();
        id.replace_range(10..14, "9999");
        id
    };
    assert_eq!(mask_id_number(&twin), masked);
    assert_eq!(
        plan_rows(
            &ws,
            &[
                header,
                vec!["20220001", "甲一", &masked, "2022级1班", ""],
                vec!["20220002", "乙二", &masked, "2022级2班", ""],
            ],
        )
        .bad_rows
        .iter()
        .map(|b| b.row)
        .collect::<Vec<_>>(),
        vec![3],
        "only 乙二's row (no stored number) is bad"
    );
}

#[test]
fn excel_scientific_notation_gets_the_excel_hint() {
    let ws = workspace();
    let plan = plan_rows(
        &ws,
        &[
            vec!["姓名", "身份证号", "团支部"],
            vec!["戊五", "1.10105E+17", "2022级1班"],
            vec!["己六", "1.10105e17", "2022级1班"],
            vec!["庚七", "110105E+12", "2022级2班"],
            // A number that lost its last digits: the check-digit error, with the same hint.
            vec!["辛八", "990101200401010000", "2022级2班"],
        ],
    );
    assert_eq!(plan.bad_rows.len(), 4, "{:?}", plan.bad_rows);
    for (b, shown) in plan
        .bad_rows
        .iter()
        .zip(["1.10105E+17", "1.10105E17", "110105E+12"])
    {
        assert_eq!(b.column, "身份证号");
        assert_eq!(
            b.reason,
            format!(
                "身份证号「{shown}」是 Excel 的科学计数法写法，不是完整的号码{EXCEL_DIGITS_HINT}"
            )
        );
    }
    assert!(plan.bad_rows[3].reason.contains("校验位"));
    assert!(plan.bad_rows[3].reason.ends_with(EXCEL_DIGITS_HINT));
    assert!(
        plan.bad_rows.iter().all(|b| !b.reason.contains("重复")),
        "two rows in notation are not a duplicate"
    );
    assert_eq!(plan.added, 0);
}

#[test]
fn the_plan_shows_the_first_rows_as_read_and_what_updates_change() {
    let ws = workspace();
    let m1 = id_number("20040101", 1);
    let new = id_number("20050607", 3);
    let plan = plan_rows(
        &ws,
        &[
            vec![
                "姓名",
                "身份证号",
                "学号",
                "团支部",
                "出生日期",
                "毕业去向",
                "备注",
            ],
            // M1 moves to 2022级2班 and plans to study on.
            vec!["甲一", &m1, "", "2022级2班", "2004-01-01", "考研", "x"],
            // New, the birth date read in another form, no plan.
            vec!["壬九", &new, "20220009", "新班", "2005/6/7", "", ""],
            // Bad: a plan word the import does not know.
            vec!["癸十", "", "20220010", "2022级1班", "明年", "环游世界", ""],
            // 乙二 (no number) found by 学号: a 4th row, not in the sample.
            vec!["乙二", "", "20220002", "", "", "就业", ""],
        ],
    );
    let masked_m1 = mask_id_number(&m1);
    let masked_new = mask_id_number(&new);
    assert_eq!(
        plan.sample_rows,
        vec![
            SampleRow {
                file: 0,
                row: 2,
                outcome: "更新",
                values: vec![
                    read(Field::Name, "甲一"),
                    read(Field::IdNumber, &masked_m1),
                    read(Field::StudentNo, "（空）"),
                    read(Field::Branch, "2022级2班"),
                    read(Field::BirthDate, "2004-01-01"),
                    read(Field::Plan, Situation::FurtherStudy.label()),
                ],
            },
            SampleRow {
                file: 0,
                row: 3,
                outcome: "新增",
                values: vec![
                    read(Field::Name, "壬九"),
                    read(Field::IdNumber, &masked_new),
                    read(Field::StudentNo, "20220009"),
                    read(Field::Branch, "新班（新建）"),
                    read(Field::BirthDate, "2005-06-07"),
                    read(Field::Plan, "（空）"),
                ],
            },
            SampleRow {
                file: 0,
                row: 4,
                outcome: "有问题，不导入",
                values: vec![
                    read(Field::Name, "癸十"),
                    read(Field::IdNumber, "（空）"),
                    read(Field::StudentNo, "20220010"),
                    read(Field::Branch, "2022级1班"),
                    read(Field::BirthDate, "「明年」（无法识别）"),
                    read(Field::Plan, "「环游世界」（无法识别）"),
                ],
            },
        ]
    );
    let change = |field: Field, before: &str, after: &str| Change {
        field,
        label: field.label(),
        before: before.into(),
        after: after.into(),
    };
    assert_eq!(
        plan.updates,
        vec![
            MemberUpdate {
                file: 0,
                row: 2,
                member: "M1".into(),
                name: "甲一".into(),
                changes: vec![
                    change(Field::Branch, "2022级1班", "2022级2班"),
                    change(Field::Plan, "（空）", Situation::FurtherStudy.label()),
                ],
            },
            MemberUpdate {
                file: 0,
                row: 5,
                member: "20220002".into(),
                name: "乙二".into(),
                changes: vec![change(Field::Plan, "（空）", Situation::Employed.label())],
            },
        ]
    );
    assert_eq!((plan.added, plan.updated, plan.bad_rows.len()), (1, 2, 2));
    // The report the CLI prints carries both, with Chinese labels.
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["sample_rows"][0]["values"][0]["label"], "姓名");
    assert_eq!(json["updates"][0]["changes"][0]["label"], "所在团支部");

    // A birth date taken from the ID number says so.
    let from_id = plan_rows(
        &ws,
        &[vec!["姓名", "身份证号", "团支部"], vec!["甲一", &m1, ""]],
    );
    assert_eq!(
        from_id.sample_rows[0].values,
        vec![
            read(Field::Name, "甲一"),
            read(Field::IdNumber, &masked_m1),
            read(Field::Branch, "2022级1班（沿用）"),
            read(Field::BirthDate, "2004-01-01（取自身份证号）"),
        ]
    );
}

#[test]
fn new_branches_default_under_the_school() {
    // The sample's root is a province: the school is the 团委 below it with most members.
    let sample = synth::school(60, Edition::E2021, 7);
    assert_eq!(sample.root_id(), Some("R"));
    assert_eq!(default_parent(&sample).as_deref(), Some("U"));
    // A school's own root (its 团总支s below it) is the school.
    assert_eq!(default_parent(&workspace()).as_deref(), Some("U"));
    let mut blank = Workspace::empty(Edition::E2021, d(2026, 6, 1));
    assert_eq!(default_parent(&blank), None);
    blank.orgs.push(zhuanjie_core::workspace::Org::new(
        "S",
        "某大学团委",
        zhuanjie_core::workspace::OrgKind::Committee,
        None,
    ));
    assert_eq!(default_parent(&blank).as_deref(), Some("S"));
    // The branch a re-import names that the sample lacks is created under the school.
    let plan = plan_rows(
        &sample,
        &[
            vec!["姓名", "团支部"],
            vec!["新同学", "第9学院2022级1班团支部"],
        ],
    );
    assert_eq!(plan.new_branches.len(), 1);
    assert_eq!(plan.new_branches[0].parent, "U");
}
