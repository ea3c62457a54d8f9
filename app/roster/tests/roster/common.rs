//! Synthetic fixtures made by the tests themselves: ID numbers start with region code 99
//! and carry a valid GB 11643 check digit; names are made up.

#![allow(dead_code)]

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zhuanjie_core::workspace::{Member, Org, OrgKind};
use zhuanjie_core::{Edition, Workspace};
use zhuanjie_roster::values::check_char;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A valid synthetic ID number: region 990101, the birth date, a 3-digit sequence.
pub fn id_number(birth: &str, seq: u32) -> String {
    let head = format!("990101{birth}{:03}", seq % 1000);
    format!("{head}{}", check_char(&head).unwrap())
}

/// The same number with a wrong last character.
pub fn bad_check(id: &str) -> String {
    let (head, last) = id.split_at(17);
    let wrong = if last == "1" { '2' } else { '1' };
    format!("{head}{wrong}")
}

fn org(id: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> Org {
    Org::new(id, name, kind, parent)
}

/// 示例大学团委 U → 计算机学院团总支 C1 → 2022级1班 B1, 2022级2班 B2; two members:
/// M1 with an ID number, and 20220002 (a 学号 as id) without one.
pub fn workspace() -> Workspace {
    let mut ws = Workspace::empty(Edition::E2021, d(2026, 6, 1));
    ws.orgs = vec![
        org("U", "示例大学团委", OrgKind::Committee, None),
        org("C1", "计算机学院团总支", OrgKind::GeneralBranch, Some("U")),
        org("B1", "2022级1班", OrgKind::Branch, Some("C1")),
        org("B2", "2022级2班", OrgKind::Branch, Some("C1")),
    ];
    ws.members = vec![
        Member {
            id: "M1".into(),
            name: "甲一".into(),
            id_number: Some(id_number("20040101", 1)),
            org: "B1".into(),
            birth_date: Some(d(2004, 1, 1)),
            holds_league_post: false,
            party_member: false,
            plan: None,
            mark: None,
        },
        Member {
            id: "20220002".into(),
            name: "乙二".into(),
            id_number: None,
            org: "B2".into(),
            birth_date: None,
            holds_league_post: false,
            party_member: false,
            plan: None,
            mark: None,
        },
    ];
    ws.validate().unwrap();
    ws
}

/// CSV text (comma) from rows of cells, quoting what must be.
pub fn csv_text(rows: &[Vec<&str>]) -> String {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    if c.contains([',', '"', '\n']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

pub fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// An .xlsx with one sheet per `(name, rows)`; a cell `@2004-05-19` is written as a real
/// date (number with a date format), `#38126` as a plain number, anything else as text.
pub fn xlsx(sheets: &[(&str, Vec<Vec<String>>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if let Some(iso) = cell.strip_prefix('@') {
                    let p: Vec<u16> = iso.split('-').map(|x| x.parse().unwrap()).collect();
                    let dt = ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                } else if let Some(n) = cell.strip_prefix('#') {
                    ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap();
                } else if !cell.is_empty() {
                    ws.write_string(r, c, cell).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

pub fn strings(rows: &[Vec<&str>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}
