//! The roster import and the report exports, end to end on fixtures made here.

use crate::common::*;
use calamine::Reader;
use zhuanjie_core::codes::Situation;
use zhuanjie_core::commands::{apply, revert, Command};
use zhuanjie_core::{metrics, season};
use zhuanjie_roster::values::check_char;
use zhuanjie_roster::{
    auto_map, bad_rows_csv, metrics_csv, metrics_xlsx, missing_csv, plan_import, read_table,
    roster_csv, roster_xlsx, Encoding, Field, Mapping, RosterError,
};

fn plan_csv(
    ws: &zhuanjie_core::Workspace,
    text: &str,
    parent: Option<&str>,
) -> (zhuanjie_roster::Table, zhuanjie_roster::ImportPlan) {
    let table = read_table("名单.csv", text.as_bytes(), None, None).unwrap();
    let mapping = auto_map(&table.headers);
    let plan = plan_import(ws, &table, &mapping, parent);
    (table, plan)
}

#[test]
fn every_header_variant_maps() {
    for field in Field::ALL {
        for header in field.headers() {
            for variant in [
                header.to_string(),
                format!(" {header}\u{3000}"),
                format!("*{header}（必填）"),
            ] {
                let mapping = auto_map(&["备注".into(), variant.clone()]);
                assert_eq!(mapping.column_of(field), Some(1), "{variant}");
                assert_eq!(mapping.unmapped(), vec!["备注".to_string()]);
            }
        }
    }
    // The second column naming a field stays unmapped; the UI may reassign it.
    let mut mapping = auto_map(&["班级".into(), "团支部".into(), String::new()]);
    assert_eq!(mapping.column_of(Field::Branch), Some(0));
    assert_eq!(mapping.unmapped(), vec!["团支部", "第 3 列（无表头）"]);
    mapping.set(1, Some(Field::Branch));
    assert_eq!(mapping.column_of(Field::Branch), Some(1));
    // The mapping is plain data the UI can remember.
    let json = serde_json::to_string(&mapping).unwrap();
    assert!(json.contains(r#""field":"branch""#), "{json}");
    assert_eq!(serde_json::from_str::<Mapping>(&json).unwrap(), mapping);
}

#[test]
fn every_bad_row_reason_names_row_column_and_reason() {
    let ws = workspace();
    let good = id_number("20040315", 10);
    let dup = id_number("20040316", 11);
    let text = csv_text(&[
        vec![
            "姓名",
            "身份证号",
            "学号",
            "团支部",
            "出生日期",
            "政治面貌",
            "毕业去向",
        ],
        vec!["", &id_number("20040101", 20), "", "2022级1班", "", "", ""],
        vec!["丙三", &bad_check(&good), "", "2022级1班", "", "", ""],
        vec!["丁四", "99010120040101", "", "2022级1班", "", "", ""],
        vec!["戊五", &good, "", "2022级1班", "", "", "环游世界"],
        vec!["己六", "", "S6", "2022级1班", "明年春天", "", ""],
        vec!["庚七", &dup, "", "2022级1班", "", "", ""],
        vec!["辛八", &dup, "", "2022级1班", "", "", ""],
        vec!["壬九", "", "S9", "2022级1班", "", "", ""],
        vec!["癸十", "", "S9", "2022级1班", "", "", ""],
        vec!["子十一", "", "S11", "不存在的班", "", "", ""],
        vec!["丑十二", "", "S12", "2022级1班", "", "民主人士", ""],
        vec!["寅十三", "", "S13", "计算机学院团总支", "", "", ""],
        vec!["卯十四", "", "S14", "2022级2班", "1900-01-01", "", ""],
        vec![
            "辰十五",
            "",
            "S15",
            "2022级2班",
            "2004/5/19",
            "共青团员",
            "考研",
        ],
    ]);
    let (table, plan) = plan_csv(&ws, &text, None);
    let expect = [
        (2, "姓名", "姓名为空"),
        (3, "身份证号", "校验位不对"),
        (4, "身份证号", "应为 18 位"),
        (5, "毕业去向", "不认识的毕业去向「环游世界」"),
        (6, "出生日期", "不是日期"),
        (7, "身份证号", "重复（第 8 行也有）"),
        (8, "身份证号", "重复（第 7 行也有）"),
        (9, "学号", "学号「S9」在表中重复（第 10 行也有）"),
        (10, "学号", "重复"),
        (11, "团支部", "没有名为「不存在的班」的团支部"),
        (12, "政治面貌", "不认识的政治面貌"),
        (13, "团支部", "是团总支，团员只能属于团支部"),
        (14, "出生日期", "不合理"),
    ];
    for (row, column, phrase) in expect {
        assert!(
            plan.bad_rows
                .iter()
                .any(|b| b.row == row && b.column == column && b.reason.contains(phrase)),
            "row {row} «{column}» «{phrase}» not in {:#?}",
            plan.bad_rows
        );
    }
    let rows: std::collections::BTreeSet<usize> = plan.bad_rows.iter().map(|b| b.row).collect();
    assert_eq!(rows.len(), expect.len(), "{:#?}", plan.bad_rows);
    assert_eq!((plan.added, plan.updated, plan.unchanged), (1, 0, 0));
    // Masked: no message shows a whole ID number.
    for b in &plan.bad_rows {
        let digits = b.reason.chars().fold((0, 0), |(run, best), c| {
            let run = if c.is_ascii_digit() { run + 1 } else { 0 };
            (run, best.max(run))
        });
        assert!(digits.1 < 14, "{}", b.reason);
    }
    let message = plan.bad_rows[0].message(&plan);
    assert_eq!(message, "文件「名单.csv」第 2 行「姓名」列：姓名为空");

    // The bad rows as a CSV to fix: BOM, original columns, 错误原因.
    let out = bad_rows_csv(&table, 0, &plan);
    assert!(out.starts_with('\u{feff}'));
    let first = out.lines().next().unwrap();
    assert_eq!(
        first.trim_start_matches('\u{feff}'),
        "原行号,姓名,身份证号,学号,团支部,出生日期,政治面貌,毕业去向,错误原因"
    );
    assert_eq!(out.matches("\r\n").count(), 1 + expect.len());
    assert!(out.contains("5,戊五,"), "{out}");
}

#[test]
fn merge_by_id_number_then_student_number() {
    let mut ws = workspace();
    let m1 = ws.members[0].id_number.clone().unwrap();
    let new_id = id_number("20031231", 7);
    let text = csv_text(&[
        vec![
            "学号",
            "姓名",
            "身份证号码",
            "班级",
            "政治面貌",
            "毕业去向",
            "是否担任团内职务",
        ],
        // M1 by ID number (its 学号 in the sheet is ignored for matching): plan changes.
        vec!["X-1", "甲一", &m1, "2022级1班", "共青团员", "读研", "否"],
        // 20220002 by 学号: gains an ID number and a birth date from it.
        vec![
            "20220002",
            "乙二",
            &new_id,
            "",
            "中共预备党员",
            "",
            "团支书",
        ],
        // New, with a 学号: the 学号 is its id.
        vec!["20220003", "丙三", "", "2022级2班", "", "参军", ""],
        // New, without one: R-1.
        vec!["", "丁四", "", "2022级2班", "", "", ""],
    ]);
    let (_, plan) = plan_csv(&ws, &text, None);
    assert!(plan.bad_rows.is_empty(), "{:#?}", plan.bad_rows);
    assert_eq!((plan.added, plan.updated, plan.unchanged), (2, 2, 0));
    let before = ws.clone();
    let applied = apply(&mut ws, &plan.command()).unwrap();
    ws.validate().unwrap();
    let m = |id: &str| ws.member(id).unwrap().clone();
    assert_eq!(m("M1").plan, Some(Situation::FurtherStudy));
    let second = m("20220002");
    assert_eq!(second.id_number.as_deref(), Some(new_id.as_str()));
    assert_eq!(second.birth_date, Some(d(2003, 12, 31)));
    assert!(second.party_member && second.holds_league_post);
    assert_eq!(
        second.org, "B2",
        "a blank branch keeps the member where they are"
    );
    assert_eq!(m("20220003").plan, Some(Situation::Military));
    assert_eq!(m("R-1").org, "B2");
    // One undoable step, reverted exactly.
    revert(&mut ws, applied.undo);
    assert_eq!(ws, before);

    // Importing the same sheet again after applying changes nothing.
    apply(&mut ws, &plan.command()).unwrap();
    let (_, again) = plan_csv(&ws, &text.replace("\r\n,丁四,", "\r\nR-1,丁四,"), None);
    assert_eq!(
        (again.added, again.updated, again.unchanged),
        (0, 0, 4),
        "{again:#?}"
    );
    assert!(again.is_empty());

    // A 学号 that belongs to someone with another ID number is a bad row, not a merge.
    let other = id_number("20050505", 5);
    let text = csv_text(&[
        vec!["学号", "姓名", "身份证号", "团支部"],
        vec!["20220002", "乙二", &other, "2022级2班"],
    ]);
    let (_, plan) = plan_csv(&ws, &text, None);
    assert_eq!(plan.bad_rows.len(), 1, "{plan:#?}");
    assert!(plan.bad_rows[0].reason.contains("与表中的身份证号不同"));
}

#[test]
fn new_branches_go_under_the_chosen_parent_with_their_graduation_month() {
    let mut ws = workspace();
    let text = csv_text(&[
        vec!["姓名", "所在团支部", "毕业时间"],
        vec!["甲", "2022级3班", ""],
        vec!["乙", "2022级3班", "2026年6月"],
        vec!["丙", "2022级4班", "2026/07"],
        vec!["丁", "2022级1班", "2026-06"],
    ]);
    let (_, plan) = plan_csv(&ws, &text, Some("C1"));
    assert!(plan.bad_rows.is_empty(), "{:#?}", plan.bad_rows);
    let branches: Vec<(&str, &str, Option<&str>)> = plan
        .new_branches
        .iter()
        .map(|b| {
            (
                b.id.as_str(),
                b.name.as_str(),
                b.graduation_month.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        branches,
        vec![
            ("BR-1", "2022级3班", Some("2026-06")),
            ("BR-2", "2022级4班", Some("2026-07"))
        ]
    );
    assert!(
        matches!(&plan.commands[0], Command::AddOrg { org } if org.parent.as_deref() == Some("C1"))
    );
    apply(&mut ws, &plan.command()).unwrap();
    ws.validate().unwrap();
    assert_eq!(
        ws.org("BR-1").unwrap().graduation_month.as_deref(),
        Some("2026-06")
    );

    // A parent that cannot hold branches stops the whole plan.
    let (_, plan) = plan_csv(&ws, &text, Some("B1"));
    assert!(plan.commands.is_empty() && plan.problems[0].contains("是团支部"));
    let (_, plan) = plan_csv(&ws, &text, Some("NOPE"));
    assert!(plan.problems[0].contains("不存在"));
    // No 姓名 column: nothing to import.
    let (_, plan) = plan_csv(&ws, "学号,班级\r\n1,2022级1班\r\n", None);
    assert_eq!(plan.missing_columns, vec!["姓名"]);
    assert!(plan.commands.is_empty());
}

#[test]
fn gbk_tab_quotes_bom_and_blank_trailing_rows() {
    let ws = workspace();
    let id = id_number("20040519", 3);
    // Tab-separated, as Excel's "Unicode text" or a copy-paste; a quoted cell holds a tab,
    // a newline and "" quotes; blank trailing columns and rows.
    let text = format!(
        "姓名\t身份证号\t团支部\t备注\t\t\r\n\"甲\"\"一\"\"\"\t{id}\t2022级1班\t\"多行\n备注\t含制表符\"\t\t\r\n乙二\t\t2022级2班\t\t\t\r\n\t\t\t\t\t\r\n\r\n"
    );
    let bytes = gbk(&text);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture really is GBK"
    );
    let table = read_table("名单.txt", &bytes, None, None).unwrap();
    assert_eq!(table.encoding_used, Some(Encoding::Gbk));
    assert_eq!(table.headers, vec!["姓名", "身份证号", "团支部", "备注"]);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[0].0, 2);
    assert_eq!(table.rows[0].1[0], "甲\"一\"");
    assert_eq!(table.rows[0].1[3], "多行\n备注\t含制表符");
    assert_eq!(table.rows[1].0, 3, "a quoted newline does not start a row");
    let plan = plan_import(&ws, &table, &auto_map(&table.headers), None);
    assert_eq!(plan.added, 2);
    assert_eq!(plan.unmapped_headers, vec!["备注"]);

    // The same in UTF-8 with a BOM and commas.
    let utf8 = format!(
        "\u{feff}{}\r\n,,,\r\n",
        csv_text(&[
            vec!["姓名", "身份证号", "团支部"],
            vec!["甲\"一\"", &id, "2022级1班"]
        ])
    );
    let table = read_table("名单.csv", utf8.as_bytes(), None, None).unwrap();
    assert_eq!(table.encoding_used, Some(Encoding::Utf8));
    assert_eq!(
        table.headers[0], "姓名",
        "the BOM is not part of the header"
    );
    assert_eq!(table.rows.len(), 1);

    // The caller can override; asking for UTF-8 on GBK bytes names the line.
    let err = read_table("名单.csv", &bytes, None, Some(Encoding::Utf8)).unwrap_err();
    assert!(err.to_string().contains("第 1 行不是有效的 UTF-8"), "{err}");
    let forced = read_table("名单.csv", &bytes, None, Some(Encoding::Gbk)).unwrap();
    assert_eq!(forced.rows.len(), 2);

    // Excel's "Unicode 文本": UTF-16 LE with a BOM, tab-separated.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let table = read_table("名单.txt", &utf16, None, Some(Encoding::Utf8)).unwrap();
    assert_eq!(table.encoding_used, Some(Encoding::Utf16));
    assert_eq!(table.headers, vec!["姓名", "身份证号", "团支部", "备注"]);
    assert_eq!(table.rows[0].1[3], "多行\n备注\t含制表符");
}

#[test]
fn unreadable_inputs_get_chinese_errors() {
    let empty = read_table("空.csv", b"", None, None).unwrap_err();
    assert_eq!(
        empty.to_string(),
        "文件「空.csv」是空的：没有表头，也没有数据行"
    );
    let blank = read_table("空.csv", b"\r\n,,\r\n \r\n", None, None).unwrap_err();
    assert!(matches!(blank, RosterError::Empty { .. }));
    let broken = read_table("坏.xlsx", b"PK\x03\x04 not really a zip", None, None).unwrap_err();
    assert!(
        broken.to_string().contains("不是有效的 Excel 表格"),
        "{broken}"
    );
    let ole = read_table("坏.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0, 0], None, None).unwrap_err();
    assert!(matches!(ole, RosterError::Unreadable { .. }), "{ole}");
    let book = xlsx(&[("花名册", strings(&[vec!["姓名"]])), ("空表", vec![])]);
    let err = read_table("名单.xlsx", &book, Some("第三页"), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "文件「名单.xlsx」中没有名为「第三页」的工作表，现有的工作表：「花名册」、「空表」"
    );
    let err = read_table("名单.xlsx", &book, Some("空表"), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "文件「名单.xlsx」的工作表「空表」是空的：没有表头，也没有数据行"
    );
}

#[test]
fn xlsx_dates_numbers_title_rows_and_named_sheets() {
    let ws = workspace();
    let id = id_number("20040519", 9);
    let rows = strings(&[
        vec!["2026 届毕业团员名单"],
        vec!["学号", "姓名", "身份证号", "团支部", "出生日期", "毕业时间"],
        vec![
            "#20220005",
            "甲",
            &id,
            "2022级1班",
            "@2004-05-19",
            "@2026-06-30",
        ],
        vec!["#20220006", "乙", "", "2022级1班", "#38127", "2026年6月"],
        vec!["20220007", "丙", "", "2022级2班", "2004年5月21日", ""],
    ]);
    let book = xlsx(&[("说明", strings(&[vec!["请看第二页"]])), ("名单", rows)]);
    // The first sheet unless named.
    let first = read_table("名单.xlsx", &book, None, None).unwrap();
    assert_eq!(first.sheet.as_deref(), Some("说明"));
    // Magic bytes win over the extension.
    let table = read_table("名单.csv", &book, Some("名单"), None).unwrap();
    assert_eq!(
        table.header_row, 2,
        "the title line above the header is skipped"
    );
    assert_eq!(table.rows[0].0, 3);
    assert_eq!(table.rows[0].1[0], "20220005", "whole numbers without .0");
    assert_eq!(
        table.rows[0].1[4], "2004-05-19",
        "a date cell reads as a date"
    );
    let plan = plan_import(&ws, &table, &auto_map(&table.headers), None);
    assert!(plan.bad_rows.is_empty(), "{:#?}", plan.bad_rows);
    let births: Vec<_> = plan
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::AddMember { member } => Some((member.id.clone(), member.birth_date)),
            _ => None,
        })
        .collect();
    assert_eq!(
        births,
        vec![
            ("20220005".into(), Some(d(2004, 5, 19))),
            ("20220006".into(), Some(d(2004, 5, 20))),
            ("20220007".into(), Some(d(2004, 5, 21))),
        ]
    );
    let err = plan_import(&ws, &table, &Mapping::default(), None);
    assert_eq!(err.missing_columns, vec!["姓名"]);
}

#[test]
fn exports_have_bom_crlf_chinese_headers_and_masked_ids() {
    let mut ws = zhuanjie_core::synth::school(60, zhuanjie_core::Edition::E2021, 7);
    // The synthetic school's ID numbers do not carry a GB 11643 check digit; give them one
    // so the exported roster can be imported back.
    for m in &mut ws.members {
        if let Some(id) = &m.id_number {
            let head = &id[..17];
            m.id_number = Some(format!("{head}{}", check_char(head).unwrap()));
        }
    }
    let at = ws.clock;
    let m = metrics::compute(&ws, None, at).unwrap();
    assert!(!m.missing.is_empty());
    let rows = season::child_rates(&ws, &ws.index(), None, at).unwrap();
    let some_id = ws.members.iter().find_map(|x| x.id_number.clone()).unwrap();

    let text = missing_csv(&ws, &m, false);
    assert!(text.starts_with("\u{feff}团员编号,姓名,身份证号（已打码）,所在团支部"));
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'));
    assert!(text.contains("****"));
    assert!(
        !text.contains(&some_id),
        "no whole ID number without personal data"
    );
    assert!(missing_csv(&ws, &m, true).contains("身份证号,"));

    let both = metrics_csv(&ws, &m, &rows, false);
    assert!(both.starts_with("\u{feff}未完成名单\r\n团员编号,"));
    assert!(both.contains("\r\n\r\n下级组织\r\n组织编号,组织名称,SX 已完成"));

    let roster = roster_csv(&ws, at, true);
    assert!(roster.contains(&some_id));
    assert_eq!(roster.matches("\r\n").count(), ws.members.len() + 1);

    for (bytes, sheets) in [
        (
            metrics_xlsx(&ws, &m, &rows, false).unwrap(),
            vec!["未完成名单", "下级组织"],
        ),
        (roster_xlsx(&ws, at, false).unwrap(), vec!["花名册"]),
    ] {
        let mut book =
            calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.as_slice())).unwrap();
        assert_eq!(book.sheet_names(), sheets);
        for sheet in sheets {
            let range = book.worksheet_range(sheet).unwrap();
            let first = if sheet == "下级组织" {
                "组织编号"
            } else {
                "团员编号"
            };
            assert_eq!(range.get((0, 0)).unwrap().to_string(), first);
        }
    }
    // Exported rosters import back as "unchanged".
    let table = read_table(
        "花名册.xlsx",
        &zhuanjie_roster::roster_xlsx(&ws, at, true).unwrap(),
        None,
        None,
    )
    .unwrap();
    let mut mapping = auto_map(&table.headers);
    let id_col = table.headers.iter().position(|h| h == "团员编号").unwrap();
    mapping.set(id_col, Some(Field::StudentNo));
    let branch_col = table
        .headers
        .iter()
        .position(|h| h == "团支部编号")
        .unwrap();
    mapping.set(branch_col, Some(Field::Branch));
    let plan = plan_import(&ws, &table, &mapping, None);
    assert!(
        plan.bad_rows.is_empty(),
        "{:#?}",
        &plan.bad_rows[..plan.bad_rows.len().min(5)]
    );
    assert_eq!(plan.unchanged, ws.members.len(), "{plan:#?}");
}

/// The simulator hands its sheets to the spreadsheet bundle as JSON (and gets tables back
/// the same way): nothing may change on the way, numbers stay numbers, and the workbook
/// written from the sheets that crossed reads like the one written directly.
#[test]
fn sheets_and_tables_cross_as_json_unchanged() {
    let ws = zhuanjie_core::synth::school(40, zhuanjie_core::Edition::E2021, 3);
    let at = ws.clock;
    let m = metrics::compute(&ws, None, at).unwrap();
    let rows = season::child_rates(&ws, &ws.index(), None, at).unwrap();
    let sheets = vec![
        zhuanjie_roster::missing_sheet(&ws, &m, false),
        zhuanjie_roster::child_sheet(&rows),
        zhuanjie_roster::roster_sheet(&ws, at, true),
    ];
    let json = serde_json::to_string(&sheets).unwrap();
    let back: Vec<zhuanjie_roster::Sheet> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, sheets);
    assert!(back[1]
        .rows
        .iter()
        .flatten()
        .any(|c| matches!(c, zhuanjie_roster::Cell::Number(_))));
    assert_eq!(
        zhuanjie_roster::export::csv(&back[2]),
        roster_csv(&ws, at, true)
    );
    let direct = read_table(
        "名单.xlsx",
        &roster_xlsx(&ws, at, true).unwrap(),
        None,
        None,
    )
    .unwrap();
    let crossed = read_table(
        "名单.xlsx",
        &zhuanjie_roster::export::xlsx(&back[2..]).unwrap(),
        None,
        None,
    )
    .unwrap();
    assert_eq!(crossed, direct);
    let table: zhuanjie_roster::Table =
        serde_json::from_str(&serde_json::to_string(&direct).unwrap()).unwrap();
    assert_eq!(table, direct);
}

/// A real .xls (BIFF8), written by xlwt (`tests/roster/fixtures/make_xls.py`): calamine cannot
/// write one.
#[test]
fn xls_reads_like_xlsx() {
    let bytes = include_bytes!("fixtures/roster.xls");
    let ws = workspace();
    for name in ["roster.xls", "roster.bin"] {
        let table = read_table(name, bytes, None, None).unwrap();
        assert_eq!(table.sheet.as_deref(), Some("名单"));
        assert_eq!(
            table.headers,
            vec![
                "学号",
                "姓名",
                "身份证号",
                "班级",
                "出生日期",
                "政治面貌",
                "毕业去向"
            ]
        );
        assert_eq!(table.rows.len(), 3);
        assert_eq!(
            table.rows[0].1[0], "20220011",
            "a number 学号 reads without .0"
        );
        assert_eq!(
            table.rows[0].1[4], "2004-05-19",
            "a date cell reads as a date"
        );
        let plan = plan_import(&ws, &table, &auto_map(&table.headers), None);
        assert_eq!(plan.added, 2);
        assert_eq!(plan.bad_rows.len(), 1);
        assert_eq!(
            (plan.bad_rows[0].row, plan.bad_rows[0].column.as_str()),
            (4, "毕业去向")
        );
        let members: Vec<_> = plan
            .commands
            .iter()
            .filter_map(|c| match c {
                Command::AddMember { member } => Some(member.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(members[0].birth_date, Some(d(2004, 5, 19)));
        assert_eq!(members[1].birth_date, Some(d(2003, 1, 1)));
        assert!(members[1].party_member);
        assert_eq!(members[1].plan, Some(Situation::Employed));
    }
    let err = read_table("roster.xls", bytes, Some("Sheet1"), None).unwrap_err();
    assert!(err.to_string().contains("「名单」、「说明」"), "{err}");
}
