//! Issue 19's hostile cells: a name a spreadsheet would run as a formula is exported as
//! text (and reads back as it was), a name Excel cannot hold is cleaned instead of failing
//! the workbook, an Excel error value is a bad row with its reason, and an unclosed quote
//! names its row instead of swallowing the rest of the file.

use crate::common::*;
use zhuanjie_core::{synth, Edition};
use zhuanjie_roster::{auto_map, plan_import, read_table, roster_csv, roster_xlsx, RosterError};

#[test]
fn formulas_are_exported_as_text_and_read_back_as_they_were() {
    let mut ws = synth::school(60, Edition::E2021, 7);
    let names = [
        "=HYPERLINK(\"http://x\",\"点我\")",
        "+1-1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
    ];
    for (m, name) in ws.members.iter_mut().zip(names) {
        m.name = name.to_string();
    }
    let text = roster_csv(&ws, ws.clock, false);
    for line in text.lines().skip(1).take(names.len()) {
        let first = line.split(',').nth(1).unwrap_or_default();
        let cell = first.trim_start_matches('"');
        assert!(cell.starts_with('\''), "a formula is neutralised: {line}");
    }
    let table = read_table("名单.csv", text.as_bytes(), None, None).unwrap();
    let col = table.headers.iter().position(|h| h == "姓名").unwrap();
    let back: Vec<&str> = table
        .rows
        .iter()
        .take(names.len())
        .map(|(_, r)| r[col].as_str())
        .collect();
    assert_eq!(back, names, "the import takes the guard off again");
}

#[test]
fn text_excel_cannot_hold_is_cleaned_not_a_failed_export() {
    let mut ws = synth::school(60, Edition::E2021, 7);
    ws.members[0].name = "坏\u{FFFE}名".into();
    ws.members[1].name = "长".repeat(40_000);
    let bytes = roster_xlsx(&ws, ws.clock, false).expect("the workbook is written");
    let table = read_table("名单.xlsx", &bytes, None, None).expect("and reads back");
    let col = table.headers.iter().position(|h| h == "姓名").unwrap();
    let first = &table.rows[0].1[col];
    assert_eq!(first, "坏\u{FFFD}名");
    let long = &table.rows[1].1[col];
    assert!(
        long.chars().count() <= 32_767 && long.ends_with("已截断）"),
        "{}",
        long.chars().count()
    );
    // And the admin is told which member, which column, and what was done.
    let said =
        zhuanjie_roster::xlsx_changes(&[zhuanjie_roster::roster_sheet(&ws, ws.clock, false)]);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].contains("第 2 行（坏\u{FFFD}名）")
            && said[0].contains("“姓名”含有 Excel 不能保存的控制字符"),
        "{}",
        said[0]
    );
    assert!(
        said[1].contains("第 3 行（长长") && said[1].contains("…）") && said[1].contains("已截断"),
        "{}",
        said[1]
    );
    assert!(
        said[1].chars().count() < 200,
        "the long name is not repeated whole"
    );
    let clean = synth::school(60, Edition::E2021, 7);
    assert!(
        zhuanjie_roster::xlsx_changes(&[zhuanjie_roster::roster_sheet(&clean, clean.clock, false)])
            .is_empty()
    );
}

#[test]
fn excel_error_values_are_bad_rows_with_their_reason() {
    let ws = synth::school(60, Edition::E2021, 7);
    let text = csv_text(&[
        vec!["学号", "姓名", "所在团支部"],
        vec!["E-1", "#N/A", "第1学院2022级1班团支部"],
        vec!["E-2", "#DIV/0!", "第1学院2022级1班团支部"],
        vec!["E-3", "正常", "#REF!"],
        vec!["E-4", "正常乙", "第1学院2022级1班团支部"],
    ]);
    let table = read_table("名单.csv", text.as_bytes(), None, None).unwrap();
    let plan = plan_import(&ws, &table, &auto_map(&table.headers), Some("U"));
    assert_eq!(plan.added, 1, "{:?}", plan.bad_rows);
    for (row, value) in [(2, "#N/A"), (3, "#DIV/0!"), (4, "#REF!")] {
        assert!(
            plan.bad_rows
                .iter()
                .any(|b| b.row == row && b.reason.contains(&format!("Excel 的错误值「{value}」"))),
            "row {row}: {:?}",
            plan.bad_rows
        );
    }
}

#[test]
fn an_unclosed_quote_names_its_row() {
    let mut text = String::from("学号,姓名,所在团支部\r\n");
    for i in 0..1999 {
        if i == 500 {
            text.push_str("Q-500,\"没有闭合,第1学院2022级1班团支部\r\n");
        } else {
            text.push_str(&format!("Q-{i},测试{i},第1学院2022级1班团支部\r\n"));
        }
    }
    let err = read_table("名单.csv", text.as_bytes(), None, None).unwrap_err();
    assert_eq!(
        err,
        RosterError::UnclosedQuote {
            file: "名单.csv".into(),
            row: 502
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("第 502 行") && message.contains("引号"),
        "{message}"
    );
}

fn xlsx_with_far_cell(row: u32, col: u16) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, cells) in [
        ["学号", "姓名", "所在团支部"],
        ["F-1", "测试甲", "第1学院2022级1班团支部"],
        ["F-2", "测试乙", "第1学院2022级1班团支部"],
    ]
    .iter()
    .enumerate()
    {
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    sheet.write_string(row, col, "x").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn a_far_cell_in_an_xlsx_costs_only_the_cells_there_are() {
    // XFD1048576 made calamine allocate 549 GB and abort; row 100,000, column 3,001 took
    // 16 GB and 53 s. Read cell by cell, each is a few rows.
    for (row, col) in [(1_048_575, 16_383), (99_999, 3_000)] {
        let bytes = xlsx_with_far_cell(row, col);
        let started = std::time::Instant::now();
        let table = read_table("名单.xlsx", &bytes, None, None).expect("reads");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(table.rows.len(), 3, "two members and the far cell's row");
        assert_eq!(table.headers.len(), col as usize + 1);
        assert_eq!(table.rows[2].0, row as usize + 1, "Excel's row number");
        let ws = synth::school(60, Edition::E2021, 7);
        let plan = plan_import(&ws, &table, &auto_map(&table.headers), Some("U"));
        assert_eq!(plan.added, 2, "{:?}", plan.bad_rows);
        // Every blank-headed column once, by its own number (a set: thousands of them made
        // a list's look-ups quadratic, a fuzz hang kept in regressions/roster_table).
        assert_eq!(plan.unmapped_headers.len(), col as usize + 1 - 3);
        assert_eq!(plan.unmapped_headers[0], "第 4 列（无表头）");
    }
}

#[test]
fn a_stray_cell_far_to_the_right_of_a_csv_is_named_not_padded() {
    let mut text = String::from("学号,姓名,所在团支部\r\n");
    for i in 0..2000 {
        text.push_str(&format!("S-{i},测试{i},第1学院2022级1班团支部"));
        if i == 1234 {
            text.push_str(&",".repeat(200_000));
            text.push('x');
        }
        text.push_str("\r\n");
    }
    let err = read_table("名单.csv", text.as_bytes(), None, None).unwrap_err();
    match &err {
        RosterError::TooLarge { row, columns, .. } => {
            assert_eq!((*row, *columns), (1236, 200_003));
        }
        other => panic!("{other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("第 1236 行") && message.contains("误输入"),
        "{message}"
    );
}

/// The .xlsx bomb is kept as a fuzz regression input (its first byte picks the name
/// 名单.xlsx; the rest is `xlsx_with_far_cell(1_048_575, 16_383)`): it still reads.
#[test]
fn the_kept_xlsx_bomb_reads() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../xtask/fuzz/regressions/roster_table/xlsx-cell-at-XFD1048576");
    let kept = std::fs::read(&path).expect("the regression input is in the repo");
    assert_eq!(kept[0], 1);
    let table = read_table("名单.xlsx", &kept[1..], None, None).expect("reads");
    assert_eq!(table.rows.len(), 3);
    assert_eq!(table.headers.len(), 16_384);
}
