//! A province-sized school's roster: 50,000 rows read and planned, as .xlsx and as GBK CSV.
//! Prints the native times (not asserted: machines differ).

use std::time::Instant;

use crate::common::*;
use zhuanjie_roster::{auto_map, plan_import, read_table};

const ROWS: usize = 50_000;
const HEADERS: [&str; 9] = [
    "姓名",
    "身份证号",
    "学号",
    "所在团支部",
    "出生日期",
    "政治面貌",
    "毕业去向",
    "是否担任团内职务",
    "毕业时间",
];
const PLANS: [&str; 6] = ["升学", "就业", "参军", "未就业", "出国留学", "考研"];

fn rows() -> Vec<Vec<String>> {
    (0..ROWS)
        .map(|i| {
            let birth = format!("2004{:02}{:02}", i % 12 + 1, i % 28 + 1);
            vec![
                format!("团员{i}"),
                // Unique: the birth date repeats every 84 rows, the sequence counts the repeats.
                id_number(&birth, (i / 84) as u32),
                format!("2022{i:06}"),
                format!("2022级{}班", i / 40 + 1),
                format!("2004-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                if i % 10 == 0 {
                    "中共预备党员"
                } else {
                    "共青团员"
                }
                .into(),
                PLANS[i % PLANS.len()].into(),
                if i % 40 == 0 { "是" } else { "否" }.into(),
                "2026-06".into(),
            ]
        })
        .collect()
}

fn check(name: &str, bytes: &[u8], apply: bool) {
    let ws = workspace();
    let start = Instant::now();
    let table = read_table(name, bytes, None, None).unwrap();
    let read = start.elapsed();
    let mapping = auto_map(&table.headers);
    let plan = plan_import(&ws, &table, &mapping, Some("C1"));
    let total = start.elapsed();
    eprintln!(
        "{name}: {ROWS} rows ({} KB): read {:.0} ms, read + plan {:.0} ms",
        bytes.len() / 1024,
        read.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3
    );
    assert_eq!(table.rows.len(), ROWS);
    assert!(
        plan.bad_rows.is_empty(),
        "{:?}",
        &plan.bad_rows[..3.min(plan.bad_rows.len())]
    );
    // One row is the fixture's M1 (same ID number): an update.
    assert_eq!((plan.added, plan.updated), (ROWS - 1, 1));
    // 2022级1班 and 2022级2班 are in the workspace already.
    assert_eq!(plan.new_branches.len(), ROWS / 40 - 2);
    assert_eq!(plan.commands.len(), ROWS + ROWS / 40 - 2);
    if apply {
        // The engine accepts the whole plan as one batch, and it reverts exactly.
        let mut ws = ws;
        let before = ws.clone();
        let start = Instant::now();
        let applied = zhuanjie_core::commands::apply(&mut ws, &plan.command()).unwrap();
        eprintln!(
            "{name}: applying the batch of {} commands: {:.0} ms",
            plan.commands.len(),
            start.elapsed().as_secs_f64() * 1e3
        );
        assert_eq!(ws.members.len(), ROWS + 1);
        ws.validate().unwrap();
        zhuanjie_core::commands::revert(&mut ws, applied.undo);
        assert_eq!(ws, before);
    }
}

#[test]
fn fifty_thousand_rows_of_xlsx() {
    let mut sheet = vec![HEADERS.iter().map(|h| h.to_string()).collect()];
    sheet.extend(rows());
    let bytes = xlsx(&[("名单", sheet)]);
    check("名单.xlsx", &bytes, false);
}

#[test]
fn fifty_thousand_rows_of_gbk_csv() {
    let mut text = HEADERS.join(",");
    for row in rows() {
        text.push_str("\r\n");
        text.push_str(&row.join(","));
    }
    let bytes = gbk(&text);
    check("名单.csv", &bytes, true);
}
