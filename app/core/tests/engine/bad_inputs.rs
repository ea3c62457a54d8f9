//! The corpus of bad input (issue 9, “Files as people save them”): answers JSON, URL
//! queries, workspaces, the checker's and the tracker's saved values, and raw file bytes.
//! For every case: nothing panics, the message is Chinese, no English from serde or chrono
//! shows through, and it names the place (the key, the JSON path, the line and column, the
//! file). The corpus is data: add a row to a table to add a case.
//!
//! CLI-level cases (BOM, GBK, UTF-16, empty and missing files, folders, bad flags) are in
//! `xtask/tests/cli.rs`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::NaiveDate;
use zhuanjie_core::tracker::TrackedApplication;
use zhuanjie_core::{input, rules, saved, Answers, Workspace};

const SMALL: &str = include_str!("fixtures/small.json");

/// English that must never reach a user.
const ENGLISH: &[&str] = &[
    "expected",
    "EOF",
    "invalid type",
    "invalid value",
    "invalid length",
    "unknown field",
    "unknown variant",
    "missing field",
    "duplicate field",
    "line 1 column",
    " at line ",
    " column ",
    "input contains",
    "premature end",
    "trailing",
    "out of range",
    "stream did not contain",
    "valid UTF-8",
    "Error(",
    "error:",
];

fn is_chinese(message: &str) -> bool {
    message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// What is read, and by which reader.
enum Input {
    /// `Answers::from_json` (what `cargo xtask check` reads).
    Answers(&'static str),
    /// `Answers::from_json` then `rules::evaluate`: a complete-looking file that is not.
    Evaluate(&'static str),
    /// `Answers::from_query` (the checker's URL hash).
    Query(&'static str),
    /// `Workspace::from_json` of the text.
    Workspace(String),
    /// `saved::checker_from_json` (localStorage `zhuanjie.checker.v1`).
    Checker(String),
    /// `TrackedApplication::from_json` (localStorage `zhuanjie.tracker.v1`).
    Tracker(String),
    /// `input::file_text` of a file named `x.json` with these bytes.
    File(Vec<u8>),
}

/// The message the reader gives, or `None` when it accepted the input.
fn read(input: &Input) -> Option<String> {
    match input {
        Input::Answers(text) => Answers::from_json(text).err().map(|e| e.to_string()),
        Input::Evaluate(text) => match Answers::from_json(text) {
            Err(e) => Some(e.to_string()),
            Ok(a) => rules::evaluate(&a).err().map(|e| e.to_string()),
        },
        Input::Query(q) => Answers::from_query(q).err().map(|e| e.to_string()),
        Input::Workspace(text) => Workspace::from_json(text).err().map(|e| e.to_string()),
        Input::Checker(text) => saved::checker_from_json(text).err(),
        Input::Tracker(text) => TrackedApplication::from_json(text).err(),
        Input::File(bytes) => input::file_text("x.json", bytes.clone())
            .err()
            .map(|e| e.to_string()),
    }
}

struct Case {
    name: &'static str,
    input: Input,
    /// Each must appear in the message: the place (key, path, line, file) and the gist.
    expect: &'static [&'static str],
}

fn case(name: &'static str, input: Input, expect: &'static [&'static str]) -> Case {
    Case {
        name,
        input,
        expect,
    }
}

/// The answers of `cargo xtask check` and the checker.
fn answers_cases() -> Vec<Case> {
    use Input::{Answers as A, Evaluate as E};
    vec![
        case("empty answers", A(""), &["答案", "空"]),
        case("blank answers", A("  \n\t"), &["答案", "空"]),
        case("BOM only", A("\u{feff}"), &["答案", "空"]),
        case(
            "trailing comma",
            A(r#"{"age": 22,}"#),
            &["第 1 行第 12 列", "逗号"],
        ),
        case(
            "missing comma",
            A("{\"age\": 22\n \"situation\": \"employed\"}"),
            &["第 2 行第 2 列", "逗号"],
        ),
        case(
            "Chinese quotes",
            A("{\"age\": 22, \"situation\": “employed”}"),
            &["第 1 行第 26 列", "中文引号"],
        ),
        case(
            "single quotes",
            A("{'age': 22}"),
            &["第 1 行第 2 列", "双引号"],
        ),
        case(
            "cut off",
            A("{\"age\": 22, \"situation\": \"employed\""),
            &["第 1 行", "结束"],
        ),
        case(
            "two documents",
            A("{\"age\": 22}\n{\"age\": 23}"),
            &["第 2 行第 1 列", "后面却还有内容"],
        ),
        case("a list", A("[1, 2]"), &["答案", "JSON 对象"]),
        case("a number", A("22"), &["答案", "JSON 对象"]),
        case(
            "unknown key",
            A(r#"{"agee": 22}"#),
            &["「agee」", "未知的答案键"],
        ),
        case(
            "age as text",
            A(r#"{"age": "twenty"}"#),
            &["「age」", "twenty"],
        ),
        case("negative age", A(r#"{"age": -3}"#), &["「age」", "-3"]),
        case(
            "fractional age",
            A(r#"{"age": 22.5}"#),
            &["「age」", "22.5"],
        ),
        case(
            "huge age",
            A(r#"{"age": 99999999999}"#),
            &["「age」", "99999999999", "年龄"],
        ),
        case("age 200", A(r#"{"age": 200}"#), &["「age」", "14 到 60"]),
        case(
            "unknown situation",
            A(r#"{"situation": "pilot"}"#),
            &["「situation」", "pilot"],
        ),
        case(
            "situation as number",
            A(r#"{"situation": 3}"#),
            &["「situation」", "3"],
        ),
        case(
            "yes as text",
            A(r#"{"party_member": "yes"}"#),
            &["「party_member」", "true 或 false"],
        ),
        case(
            "unknown system",
            A(r#"{"employer_system": "army"}"#),
            &["「employer_system」", "army"],
        ),
        case(
            "unknown edition",
            A(r#"{"edition": "2020"}"#),
            &["「edition」", "2020"],
        ),
        case(
            "null edition",
            A(r#"{"edition": null}"#),
            &["「edition」", "2021"],
        ),
        case(
            "raw newline in text",
            A("{\"situation\": \"employed\n\"}"),
            &["第 1 行第 24 列", "控制字符"],
        ),
        case(
            "a path needs a key",
            E(r#"{"age": 22, "situation": "employed"}"#),
            &["「dispatched」", "这条路径需要回答"],
        ),
    ]
}

/// The checker's URL hash (`Answers::to_query()`).
fn query_cases() -> Vec<Case> {
    use Input::Query as Q;
    vec![
        case("age not a number", Q("age=abc"), &["「age」", "abc"]),
        case("age too high", Q("age=200"), &["「age」", "200"]),
        case("age without value", Q("age"), &["「age」", "年龄"]),
        case(
            "age percent-encoded",
            Q("age=%E4%BA%8C"),
            &["「age」", "%E4"],
        ),
        case(
            "unknown situation",
            Q("situation=pilot"),
            &["「situation」", "pilot"],
        ),
        case("unknown key", Q("foo=bar"), &["「foo」", "未知的答案键"]),
        case("no key", Q("=5"), &["「=5」", "键=值"]),
        case(
            "unknown edition",
            Q("edition=2020"),
            &["「edition」", "2020"],
        ),
        case(
            "maybe",
            Q("party_member=maybe"),
            &["「party_member」", "maybe"],
        ),
        case(
            "unknown system",
            Q("employer_system=army"),
            &["「employer_system」", "army"],
        ),
        case(
            "bad value after good ones",
            Q("situation=employed&age=22&dispatched=x"),
            &["「dispatched」", "yes 或 no"],
        ),
    ]
}

/// The small workspace with one edit (`from` → `to`, first occurrence).
fn edited(from: &str, to: &str) -> Input {
    assert!(SMALL.contains(from), "fixture has {from}");
    Input::Workspace(SMALL.replacen(from, to, 1))
}

fn workspace_cases() -> Vec<Case> {
    use Input::Workspace as W;
    vec![
        case("empty", W(String::new()), &["工作区", "空"]),
        case("blank", W(" \r\n ".into()), &["工作区", "空"]),
        case("BOM only", W("\u{feff}".into()), &["工作区", "空"]),
        case("a list", W("[]".into()), &["工作区", "JSON 对象"]),
        case("null", W("null".into()), &["工作区", "JSON 对象"]),
        case(
            "missing comma",
            edited("\"clock\": \"2026-10-15\",", "\"clock\": \"2026-10-15\""),
            &["第 6 行第 3 列", "逗号"],
        ),
        case(
            "Chinese quotes",
            edited("\"edition\": \"2021\"", "\"edition\": “2021”"),
            &["第 4 行第 14 列", "中文引号"],
        ),
        case(
            "Chinese comma",
            edited("\"version\": 2,", "\"version\": 2，"),
            &["第 3 行", "逗号"],
        ),
        case(
            "cut off",
            W(SMALL[..SMALL.find("\"members\"").unwrap()].to_string()),
            &["第 21 行", "结束"],
        ),
        case(
            "trailing text",
            W(format!("{SMALL}\n这是备注")),
            &["第 52 行第 1 列", "后面却还有内容"],
        ),
        case(
            "wrong format",
            edited("\"zhuanjie-workspace\"", "\"excalidraw\""),
            &["不是本工具导出的工作区文件", "excalidraw"],
        ),
        case(
            "missing version",
            edited("\"version\": 2,", ""),
            &["version", "缺少"],
        ),
        case(
            "newer version",
            edited("\"version\": 2", "\"version\": 99"),
            &["version", "99"],
        ),
        case(
            "version as text",
            edited("\"version\": 2", "\"version\": \"2\""),
            &["version"],
        ),
        case(
            "unknown edition",
            edited("\"edition\": \"2021\"", "\"edition\": \"2020\""),
            &["edition（第 4 行", "2020", "可用的取值"],
        ),
        case(
            "impossible clock",
            edited("\"clock\": \"2026-10-15\"", "\"clock\": \"2026-13-01\""),
            &["clock（第 5 行", "日期"],
        ),
        case(
            "clock as number",
            edited("\"clock\": \"2026-10-15\"", "\"clock\": 20261015"),
            &["clock（第 5 行", "整数 20261015", "YYYY-MM-DD"],
        ),
        case(
            "unknown org kind",
            edited("\"kind\": \"committee\"", "\"kind\": \"club\""),
            &["orgs[0].kind（第 7 行", "club"],
        ),
        case(
            "misspelt member field",
            edited("{\"id\": \"m1\", \"name\"", "{\"id\": \"m1\", \"nmae\""),
            &["members[0]", "nmae", "未知字段"],
        ),
        case(
            "unknown plan",
            edited("\"plan\": \"further_study\"", "\"plan\": \"studying\""),
            &["members[0].plan", "studying"],
        ),
        case(
            "30 February",
            edited(
                "\"birth_date\": \"2004-01-01\"",
                "\"birth_date\": \"2004-02-30\"",
            ),
            &["members[0].birth_date", "日期"],
        ),
        case(
            "id number as a number",
            edited("\"990101200401011235\"", "990101200401011235"),
            &["members[0].id_number", "类型不对", "文本"],
        ),
        case(
            "unknown mark",
            edited("{\"kind\": \"teacher\"", "{\"kind\": \"professor\""),
            &["members[7].mark", "professor"],
        ),
        case(
            "unknown event type",
            edited("\"type\": \"submit\"", "\"type\": \"send\""),
            &["applications[0].events[0]", "send"],
        ),
        case(
            "batches as an object",
            edited(
                "[{\"id\": \"b1\", \"org\": \"G\", \"date\": \"2026-05-01\"}]",
                "{\"id\": \"b1\"}",
            ),
            &["batches", "列表"],
        ),
        case(
            "member in an unknown org",
            edited(
                "\"org\": \"B1\", \"id_number\"",
                "\"org\": \"ZZ\", \"id_number\"",
            ),
            &["members[0]", "ZZ"],
        ),
        case(
            "application to an unknown org",
            edited("\"to_org\": \"N\"", "\"to_org\": \"XX\""),
            &["applications[0]", "XX"],
        ),
        case(
            "duplicate org id",
            edited("{\"id\": \"B2\"", "{\"id\": \"B1\""),
            &["orgs[3]", "重复"],
        ),
        case(
            "month as a word",
            edited(
                "\"graduation_month\": \"2026-06\"",
                "\"graduation_month\": \"June\"",
            ),
            &["orgs[2]", "graduation_month", "June"],
        ),
        case(
            "version 1 with a bad date",
            W(SMALL
                .replacen("\"version\": 2", "\"version\": 1", 1)
                .replacen("\"clock\": \"2026-10-15\"", "\"today\": \"someday\"", 1)),
            &["clock", "日期"],
        ),
    ]
}

fn checker_cases() -> Vec<Case> {
    use Input::Checker as C;
    let good = saved::checker_to_json(&Answers::from_query("age=22&situation=military").unwrap());
    vec![
        case("empty", C(String::new()), &["检查器答案", "空"]),
        case(
            "broken",
            C("{\"format\":".into()),
            &["检查器答案", "第 1 行第 10 列"],
        ),
        case(
            "another format",
            C("{\"format\":\"x\"}".into()),
            &["format"],
        ),
        case("null", C("null".into()), &["format"]),
        case(
            "newer version",
            C(good.replace("\"version\":1", "\"version\":9")),
            &["版本为 9"],
        ),
        case(
            "no query",
            C(format!(
                "{{\"format\":\"{}\",\"version\":1}}",
                saved::CHECKER_FORMAT
            )),
            &["query"],
        ),
        case(
            "query not text",
            C(format!(
                "{{\"format\":\"{}\",\"version\":1,\"query\":5}}",
                saved::CHECKER_FORMAT
            )),
            &["query"],
        ),
        case(
            "bad answer inside",
            C(good.replace("situation=military", "situation=pilot")),
            &["「situation」", "pilot"],
        ),
    ]
}

fn tracker_cases() -> Vec<Case> {
    use Input::Tracker as T;
    let d = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let good = TrackedApplication::new(
        zhuanjie_core::Edition::E2021,
        zhuanjie_core::codes::Destination::EmployerOrg,
        d,
    )
    .to_json();
    let edit = |from: &str, to: &str| {
        assert!(good.contains(from), "{from} in {good}");
        T(good.replacen(from, to, 1))
    };
    vec![
        case("empty", T(String::new()), &["申请记录", "空"]),
        case("broken", T("{\"format\"".into()), &["申请记录", "第 1 行"]),
        case(
            "another format",
            T("{\"format\":\"x\"}".into()),
            &["format"],
        ),
        case(
            "newer version",
            edit("\"version\":2", "\"version\":7"),
            &["版本为 7"],
        ),
        case(
            "unknown edition",
            edit("\"edition\":\"2021\"", "\"edition\":\"2020\""),
            &["edition", "2020"],
        ),
        case(
            "impossible date",
            edit(
                "\"submitted\":\"2026-07-01\"",
                "\"submitted\":\"2026-02-30\"",
            ),
            &["submitted：", "日期"],
        ),
        case(
            "unknown step",
            edit(
                "\"passed\":[]",
                "\"passed\":[{\"step\":\"boss\",\"date\":\"2026-07-02\"}]",
            ),
            &["passed：", "boss"],
        ),
        case(
            "passed as text",
            edit("\"passed\":[]", "\"passed\":\"yes\""),
            &["passed：", "列表"],
        ),
        case(
            "unknown ending",
            edit("\"ended\":null", "\"ended\":[\"lost\",\"2026-07-02\"]"),
            &["ended：", "lost"],
        ),
        case(
            "ending without a date",
            edit("\"ended\":null", "\"ended\":[\"withdrawn\"]"),
            &["ended：", "项"],
        ),
        case(
            "no destination",
            edit("\"destination\":\"employer_org\",", ""),
            &["destination", "缺少"],
        ),
        case(
            "unknown initiator",
            edit("\"initiator\":\"member\"", "\"initiator\":\"friend\""),
            &["initiator：", "friend"],
        ),
    ]
}

fn file_cases() -> Vec<Case> {
    use Input::File as F;
    vec![
        case("zero bytes", F(Vec::new()), &["文件「x.json」", "空"]),
        case(
            "only blanks",
            F(b"\r\n  \r\n".to_vec()),
            &["文件「x.json」", "空"],
        ),
        case(
            "BOM then nothing",
            F(b"\xEF\xBB\xBF".to_vec()),
            &["文件「x.json」", "空"],
        ),
        case(
            "GBK (Notepad ANSI)",
            // {"姓名": "甲"} in GBK, on the third line.
            F(b"{\n\n\"\xd0\xd5\xc3\xfb\": \"\xbc\xd7\"}".to_vec()),
            &["文件「x.json」", "第 3 行", "UTF-8", "GBK", "另存为"],
        ),
        case(
            "UTF-16 without a BOM",
            F("{\"a\":1}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect()),
            &["文件「x.json」", "第 1 行", "UTF-16"],
        ),
        case(
            "UTF-16 with a broken character",
            F(vec![0xFF, 0xFE, 0x7B, 0x00, 0x00, 0xD8, 0x7D, 0x00]),
            &["文件「x.json」", "UTF-16", "第 1 行"],
        ),
        case(
            "UTF-16 of odd length",
            F(vec![0xFE, 0xFF, 0x00, 0x7B, 0x00]),
            &["文件「x.json」", "UTF-16"],
        ),
        case(
            "an .xlsx",
            F(b"PK\x03\x04\x14\x00\x06\x00".to_vec()),
            &["文件「x.json」", ".xlsx"],
        ),
        case(
            "an .xls",
            F(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec()),
            &["文件「x.json」", ".xls"],
        ),
        case(
            "Latin-1",
            F(b"{\"name\": \"caf\xe9\"}".to_vec()),
            &["文件「x.json」", "UTF-8"],
        ),
    ]
}

fn corpus() -> Vec<(&'static str, Case)> {
    let mut all = Vec::new();
    for (category, cases) in [
        ("answers", answers_cases()),
        ("query", query_cases()),
        ("workspace", workspace_cases()),
        ("checker", checker_cases()),
        ("tracker", tracker_cases()),
        ("file", file_cases()),
    ] {
        all.extend(cases.into_iter().map(|c| (category, c)));
    }
    all
}

#[test]
fn every_bad_input_gets_a_chinese_message_that_names_the_place() {
    let corpus = corpus();
    assert!(corpus.len() >= 50, "the corpus has {} cases", corpus.len());
    let mut failures = Vec::new();
    for (category, c) in &corpus {
        let label = format!("{category} / {}", c.name);
        let message = match catch_unwind(AssertUnwindSafe(|| read(&c.input))) {
            Err(_) => {
                failures.push(format!("{label}: panicked"));
                continue;
            }
            Ok(None) => {
                failures.push(format!("{label}: accepted"));
                continue;
            }
            Ok(Some(m)) => m,
        };
        // `ZJ_SHOW_MESSAGES=1 cargo test -p zhuanjie-core --test bad_inputs -- --nocapture`
        // prints every message, to read them as a user would.
        if std::env::var_os("ZJ_SHOW_MESSAGES").is_some() {
            println!("[{label}]\n{message}\n");
        }
        if !is_chinese(&message) {
            failures.push(format!("{label}: not Chinese: {message}"));
        }
        for english in ENGLISH {
            if message.contains(english) {
                failures.push(format!("{label}: 「{english}」 in: {message}"));
            }
        }
        for part in c.expect {
            if !message.contains(part) {
                failures.push(format!("{label}: no 「{part}」 in: {message}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn files_saved_with_a_bom_read_like_any_other() {
    // Windows Notepad's UTF-8 (with BOM), as bytes and as text.
    let bytes = [b"\xEF\xBB\xBF".as_slice(), SMALL.as_bytes()].concat();
    let text = input::file_text("ws.json", bytes).unwrap();
    assert_eq!(
        Workspace::from_json(&text).unwrap(),
        Workspace::from_json(SMALL).unwrap()
    );
    let with_bom = format!("\u{feff}{SMALL}");
    assert!(Workspace::from_json(&with_bom).is_ok());
    // Notepad's “Unicode” (UTF-16 LE with a BOM).
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(SMALL.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let text = input::file_text("ws.json", utf16).unwrap();
    assert!(Workspace::from_json(&text).is_ok());

    let answers = r#"{"age": 22, "situation": "military", "party_member": false}"#;
    let plain = Answers::from_json(answers).unwrap();
    assert_eq!(
        Answers::from_json(&format!("\u{feff}{answers}")).unwrap(),
        plain
    );
    assert!(rules::evaluate(&plain).is_ok());

    let checker = saved::checker_to_json(&plain);
    assert_eq!(
        saved::checker_from_json(&format!("\u{feff}{checker}")).unwrap(),
        plain
    );
    let d = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let app = TrackedApplication::new(
        zhuanjie_core::Edition::E2021,
        zhuanjie_core::codes::Destination::EmployerOrg,
        d,
    );
    assert_eq!(
        TrackedApplication::from_json(&format!("\u{feff}{}", app.to_json())).unwrap(),
        app
    );
}
