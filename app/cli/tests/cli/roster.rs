//! `zhuanjie roster …` and `zhuanjie metrics … --format csv|xlsx`, run as a user runs
//! them, on fixtures written here (synthetic people: ID numbers in region 99 with valid
//! GB 11643 check digits).

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::Reader;
use rust_xlsxwriter::Workbook;
use zhuanjie_core::Workspace;

pub(crate) fn zhuanjie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhuanjie"))
        .args(args)
        .output()
        .expect("zhuanjie runs")
}

fn dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zj-roster-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content/data/sample-workspace-2021.json")
}

pub(crate) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A valid synthetic ID number.
fn id_number(birth: &str, seq: u32) -> String {
    let head = format!("990101{birth}{seq:03}");
    format!(
        "{head}{}",
        zhuanjie_roster::values::check_char(&head).unwrap()
    )
}

fn chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// 名单 sheet: a title line, the header, two good rows, one bad; plus an unmapped 备注.
fn roster_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("名单").unwrap();
    let (a, b) = (id_number("20040519", 1), id_number("20041001", 2));
    let rows = [
        vec!["2026 届毕业团员名单"],
        vec!["学号", "姓名", "身份证号", "所在团支部", "毕业去向", "备注"],
        vec!["T-001", "测试甲", &a, "新建一班", "考研", "x"],
        vec!["T-002", "测试乙", &b, "新建一班", "已就业", ""],
        vec![
            "T-003",
            "测试丙",
            "990101200401010040",
            "新建二班",
            "出国留学",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.add_worksheet().set_name("说明").unwrap();
    book.save(path).unwrap();
}

#[test]
fn roster_prints_a_report_with_sheet_rows_columns_and_reasons() {
    let dir = dir("report");
    let file = dir.join("名单.xlsx");
    roster_xlsx(&file);
    let out = zhuanjie(&["roster", s(&file)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["sheet"], "名单");
    assert_eq!(v["added"], 2);
    assert_eq!(v["updated"], 0);
    assert_eq!(v["unchanged"], 0);
    assert_eq!(v["new_branches"][0]["name"], "新建一班");
    assert_eq!(v["new_branches"].as_array().unwrap().len(), 1);
    assert_eq!(v["unmapped_headers"], serde_json::json!(["备注"]));
    let bad = &v["bad_rows"][0];
    assert_eq!(
        bad["row"], 5,
        "the sheet's own row number (title line included)"
    );
    assert_eq!(bad["column"], "身份证号");
    assert!(bad["reason"].as_str().unwrap().contains("校验位不对"));
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("990101200401010040"),
        "ID numbers are masked in the report"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("文件「名单.xlsx」工作表「名单」第 5 行「身份证号」列"),
        "{stderr}"
    );
}

#[test]
fn roster_into_writes_a_valid_merged_workspace() {
    let dir = dir("into");
    let file = dir.join("名单.xlsx");
    roster_xlsx(&file);
    let ws_path = dir.join("ws.json");
    std::fs::copy(sample(), &ws_path).unwrap();
    let before = Workspace::from_json(&std::fs::read_to_string(&ws_path).unwrap()).unwrap();

    let out = zhuanjie(&[
        "roster",
        s(&file),
        "--sheet",
        "名单",
        "--into",
        s(&ws_path),
        "--parent",
        "U",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["written"], s(&ws_path));
    let after = Workspace::from_json(&std::fs::read_to_string(&ws_path).unwrap())
        .expect("the written workspace imports and validates");
    assert_eq!(after.members.len(), before.members.len() + 2);
    assert_eq!(after.orgs.len(), before.orgs.len() + 1);
    let added = after.member("T-001").unwrap();
    assert_eq!(after.org(&added.org).unwrap().parent.as_deref(), Some("U"));

    // Importing the same file again: both rows unchanged, the branch found by name.
    let v = json(&zhuanjie(&[
        "roster",
        s(&file),
        "--into",
        s(&ws_path),
        "--parent",
        "U",
    ]));
    assert_eq!(
        (v["added"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(2))
    );
    assert!(v["new_branches"].as_array().unwrap().is_empty());

    // A file of nothing but bad rows leaves the workspace file untouched.
    let text = std::fs::read(&ws_path).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "姓名,团支部\r\n,新建一班\r\n").unwrap();
    let out = zhuanjie(&["roster", s(&bad), "--into", s(&ws_path)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有一行可以导入"));
    assert_eq!(std::fs::read(&ws_path).unwrap(), text);
}

#[test]
fn roster_reads_gbk_csv_and_honours_the_encoding_flag() {
    let dir = dir("gbk");
    let file = dir.join("名单.csv");
    let text = format!(
        "姓名\t身份证号码\t班级\r\n\"测试\"\"甲\"\"\"\t{}\t一班\r\n\t\t\r\n",
        id_number("20040101", 3)
    );
    std::fs::write(&file, encoding_rs::GBK.encode(&text).0).unwrap();
    let v = json(&zhuanjie(&["roster", s(&file)]));
    assert_eq!(v["encoding"], "GBK");
    assert_eq!(v["added"], 1);
    let v = json(&zhuanjie(&["roster", s(&file), "--encoding", "gbk"]));
    assert_eq!(v["added"], 1);
    let out = zhuanjie(&["roster", s(&file), "--encoding", "utf-8"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("不是有效的 UTF-8") && stderr.contains("GBK"),
        "{stderr}"
    );
}

#[test]
fn nothing_readable_exits_non_zero_with_a_chinese_message() {
    let dir = dir("unreadable");
    let empty = dir.join("空.csv");
    std::fs::write(&empty, b"").unwrap();
    let no_name = dir.join("无姓名.csv");
    std::fs::write(&no_name, "学号,班级\r\n1,一班\r\n").unwrap();
    let broken = dir.join("坏.xlsx");
    std::fs::write(&broken, b"PK\x03\x04broken").unwrap();
    let book = dir.join("名单.xlsx");
    roster_xlsx(&book);
    for (args, phrase) in [
        (vec!["roster", s(&empty)], "是空的"),
        (vec!["roster", s(&no_name)], "没有「姓名」列"),
        (vec!["roster", s(&broken)], "不是有效的 Excel 表格"),
        (
            vec!["roster", s(&book), "--sheet", "第三页"],
            "现有的工作表：「名单」、「说明」",
        ),
        (vec!["roster", s(&book), "--sheet", "说明"], "是空的"),
        (vec!["roster", "/no/such/file.csv"], "无法读取文件"),
        (vec!["roster", s(&book), "--encoding", "big5"], "--encoding"),
        (vec!["roster"], "用法"),
    ] {
        let out = zhuanjie(&args);
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(phrase), "{args:?}: {stderr}");
        assert!(chinese(&stderr), "{stderr}");
    }
}

#[test]
fn metrics_csv_has_a_bom_chinese_headers_and_two_sections() {
    let out = zhuanjie(&["metrics", s(&sample()), "--region", "U", "--format", "csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("\u{feff}未完成名单\r\n团员编号,姓名,身份证号（已打码）"));
    assert!(text.contains("\r\n\r\n下级组织\r\n组织编号,组织名称,SX 已完成"));
    assert!(text.contains("****"));

    let dir = dir("metrics-csv");
    let file = dir.join("m.csv");
    let out = zhuanjie(&[
        "metrics",
        s(&sample()),
        "--format",
        "csv",
        "--out",
        s(&file),
        "--personal-data",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with('\u{feff}') && written.contains("身份证号,"));
    assert!(!written.contains("****"), "personal data: whole ID numbers");

    let out = zhuanjie(&["metrics", s(&sample()), "--format", "pdf"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));
    // The default is still JSON.
    let v = json(&zhuanjie(&["metrics", s(&sample()), "--region", "U"]));
    assert_eq!(v["region"], "U");
}

/// `zhuanjie metrics INPUT --at 2026-10-01 --format xlsx --out FILE`.
fn metrics_xlsx_at_october(input: &Path, file: &Path) -> Output {
    zhuanjie(&[
        "metrics",
        s(input),
        "--at",
        "2026-10-01",
        "--format",
        "xlsx",
        "--out",
        s(file),
    ])
}

#[test]
fn metrics_xlsx_opens_with_two_sheets() {
    let dir = dir("metrics-xlsx");
    let file = dir.join("m.xlsx");
    let out = metrics_xlsx_at_october(&sample(), &file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&file).unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["未完成名单", "下级组织"]);
    let missing = book.worksheet_range("未完成名单").unwrap();
    assert_eq!(missing.get((0, 1)).unwrap().to_string(), "姓名");
    assert!(missing.height() > 1);
    let orgs = book.worksheet_range("下级组织").unwrap();
    assert_eq!(orgs.get((0, 1)).unwrap().to_string(), "组织名称");
    assert!(orgs.height() > 1);

    let out = zhuanjie(&["metrics", s(&sample()), "--format", "xlsx"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("需要 --out"));
}

#[test]
fn metrics_xlsx_names_the_members_whose_text_excel_cannot_hold() {
    let dir = dir("metrics-xlsx-mended");
    let (input, file) = (dir.join("ws.json"), dir.join("m.xlsx"));
    let mut ws = Workspace::from_json(&std::fs::read_to_string(sample()).unwrap()).unwrap();
    let at = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let first_missing = zhuanjie_core::metrics::compute(&ws, None, at)
        .unwrap()
        .missing[0]
        .member
        .clone();
    let member = ws
        .members
        .iter_mut()
        .find(|m| m.id.as_str() == first_missing)
        .unwrap();
    member.name = "坏\u{FFFE}名".into();
    std::fs::write(&input, ws.to_json()).unwrap();
    let out = metrics_xlsx_at_october(&input, &file);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("注意：“未完成名单”第 2 行（坏\u{FFFD}名）的“姓名”含有 Excel 不能保存的控制字符，已换成 �"),
        "{err}"
    );
    let bytes = std::fs::read(&file).unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let missing = book.worksheet_range("未完成名单").unwrap();
    assert_eq!(missing.get((1, 1)).unwrap().to_string(), "坏\u{FFFD}名");
}

/// `zhuanjie pending`: the chase list as JSON (with the reminders), CSV and .xlsx (masked
/// IDs unless asked), for a region, and a clear error for an unknown one.
#[test]
fn pending_lists_who_must_act_and_exports_it() {
    let v = json(&zhuanjie(&["pending", s(&sample()), "--at", "2026-10-01"]));
    assert_eq!(v["at"], "2026-10-01");
    let waiting = v["waiting"].as_array().unwrap();
    assert!(!waiting.is_empty());
    // Soonest first, and every row names who acts.
    let dues: Vec<&str> = waiting
        .iter()
        .filter_map(|w| w["due_on"].as_str())
        .collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);
    assert!(waiting
        .iter()
        .all(|w| w["actor"]["name"].as_str().is_some_and(|n| !n.is_empty())));
    let by_org = v["reminders"]["by_org"].as_array().unwrap();
    assert_eq!(by_org.len(), v["groups"].as_array().unwrap().len());
    assert!(by_org[0]
        .as_str()
        .unwrap()
        .contains("个团组织关系转接申请在你处"));

    let out = zhuanjie(&["pending", s(&sample()), "--format", "csv"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("待审批") && text.contains("未发起") && text.contains("应办理的组织"));
    assert!(text.contains("****"), "masked by default");

    let dir = dir("pending-xlsx");
    let file = dir.join("催办.xlsx");
    let out = zhuanjie(&[
        "pending",
        s(&sample()),
        "--region",
        "U",
        "--format",
        "xlsx",
        "--out",
        s(&file),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&file).unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["待审批", "未发起"]);
    let sheet = book.worksheet_range("待审批").unwrap();
    assert_eq!(sheet.get((0, 6)).unwrap().to_string(), "应办理的组织");

    let out = zhuanjie(&["pending", s(&sample()), "--region", "NOPE"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("NOPE") && chinese(&err), "{err}");
}

/// `zhuanjie report`: the bulletin as a standalone HTML page (its own A4 print style, the
/// engine's summary), as a workbook, and clear errors.
#[test]
fn report_writes_the_bulletin_as_html_and_xlsx() {
    let dir = dir("report");
    let page = dir.join("通报.html");
    let out = zhuanjie(&[
        "report",
        s(&sample()),
        "--region",
        "U",
        "--at",
        "2026-10-15",
        "--since",
        "2026-09-30",
        "--target",
        "90",
        "--lowest",
        "3",
        "--out",
        s(&page),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    for part in [
        "<!doctype html>",
        "size: A4 portrait",
        "团组织关系转接进度通报",
        "数据截至 2026年10月15日",
        "与 2026年9月30日 对比",
        "目标 90.0%",
        "<svg",
        "时间节点",
    ] {
        assert!(html.contains(part), "缺少「{part}」");
    }
    let book_path = dir.join("通报.xlsx");
    let out = zhuanjie(&[
        "report",
        s(&sample()),
        "--format",
        "xlsx",
        "--out",
        s(&book_path),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&book_path).unwrap();
    let book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["概况", "各单位"]);
    // An earlier date after the cut-off, and a target out of range, are said in Chinese.
    let out = zhuanjie(&[
        "report",
        s(&sample()),
        "--at",
        "2026-09-01",
        "--since",
        "2026-10-01",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("晚于数据截止日期"), "{err}");
    let out = zhuanjie(&["report", s(&sample()), "--target", "150"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--target"));
}

/// A branch export as 智慧团建 gives it: a title row naming its branch (or none), the
/// national headers, its rows, a 合计 footer.
fn branch_export(path: &Path, title: Option<&str>, rows: &[(&str, &str, &str)]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let mut r = 0;
    if let Some(t) = title {
        sheet.write_string(r, 0, t).unwrap();
        r += 1;
    }
    for (c, h) in ["姓名", "身份证号码", "发展团员编号", "政治面貌", "入团年月"]
        .iter()
        .enumerate()
    {
        sheet.write_string(r, c as u16, *h).unwrap();
    }
    for (name, idn, no) in rows {
        r += 1;
        for (c, v) in [*name, *idn, *no, "共青团员", "2020-05"].iter().enumerate() {
            sheet.write_string(r, c as u16, *v).unwrap();
        }
    }
    sheet.write_string(r + 1, 0, "合计").unwrap();
    book.save(path).unwrap();
}

#[test]
fn roster_takes_many_branch_files_as_one_import() {
    let dir = dir("many");
    let first = dir.join("第1学院2022级1班团支部.xlsx");
    let second = dir.join("导出.xlsx");
    branch_export(
        &first,
        None,
        &[("测试戊", &id_number("20030711", 931), "T-031")],
    );
    branch_export(
        &second,
        Some("测试新建团支部团员信息"),
        &[
            ("测试己", &id_number("20030712", 932), "T-032"),
            ("测试庚", &id_number("20030713", 933), "T-033"),
        ],
    );
    let ws_path = dir.join("ws.json");
    std::fs::copy(sample(), &ws_path).unwrap();
    let before = Workspace::from_json(&std::fs::read_to_string(&ws_path).unwrap()).unwrap();
    let out = zhuanjie(&[
        "roster",
        s(&first),
        "--also",
        s(&second),
        "--into",
        s(&ws_path),
        "--parent",
        "U",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["added"], 3, "{v}");
    assert_eq!(v["files"][0]["branch"], "第1学院2022级1班团支部");
    assert_eq!(v["files"][1]["branch"], "测试新建团支部");
    assert_eq!(v["files"][1]["footer_rows"], serde_json::json!([5]));
    assert_eq!(v["new_branches"][0]["name"], "测试新建团支部");
    let after = Workspace::from_json(&std::fs::read_to_string(&ws_path).unwrap()).unwrap();
    assert_eq!(after.members.len(), before.members.len() + 3);
    let org_name = |id: &str| {
        let m = after.members.iter().find(|m| m.id == id).unwrap();
        after.org(&m.org).unwrap().name.clone()
    };
    assert_eq!(org_name("T-031"), "第1学院2022级1班团支部");
    assert_eq!(org_name("T-033"), "测试新建团支部");
}
