//! `zhuanjie check | states | metrics | sample`, run as a user runs them: JSON out, Chinese
//! errors and a non-zero exit on bad input.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub fn zhuanjie(args: &[&str], stdin: Option<&str>) -> Output {
    run(
        std::path::Path::new(env!("CARGO_BIN_EXE_zhuanjie")),
        args,
        stdin,
    )
}

/// Runs `program` with `args`, `stdin` on its standard input (closed when `None`).
pub fn run(program: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn sample(edition: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.join(format!("content/data/sample-workspace-{edition}.json"))
        .to_string_lossy()
        .into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn check_reads_stdin_and_prints_the_outcome() {
    let out = zhuanjie(
        &["check", "-"],
        Some(r#"{"age": 22, "situation": "military", "party_member": false}"#),
    );
    let v = json(&out);
    assert_eq!(v["reason"], "special_unit");
    assert_eq!(v["reason_label"], "转往特殊单位团组织");
    assert_eq!(v["destination"], "special_unit_library");
    assert_eq!(v["approvals"], serde_json::json!(["provincial"]));
    assert_eq!(v["rules"][0], "R-MILITARY");
    assert_eq!(v["withdrawable"], true);
}

#[test]
fn check_reads_a_file() {
    let dir = std::env::temp_dir().join(format!("zj-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("answers.json");
    std::fs::write(&file, r#"{"edition": "2019", "age": 22, "situation": "abroad_private", "special_province": false, "destination_is_branch": true, "party_member": false}"#).unwrap();
    let v = json(&zhuanjie(&["check", file.to_str().unwrap()], None));
    assert_eq!(v["reason"], "abroad_private");
    assert_eq!(v["edition"], "2019");
}

#[test]
fn check_errors_name_the_key_and_exit_non_zero() {
    for (input, key) in [
        (r#"{"age": 200, "situation": "employed"}"#, "age"),
        (r#"{"age": 22, "situation": "employed"}"#, "dispatched"),
        (r#"{"age": 22, "situation": "pilot"}"#, "situation"),
        (r#"{"age": 22, "situation": "employed""#, "JSON"),
    ] {
        let out = zhuanjie(&["check", "-"], Some(input));
        assert!(!out.status.success(), "{input}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(key) && err.contains("错误"), "{input}: {err}");
        assert!(out.stdout.is_empty());
    }
    let out = zhuanjie(&["check", "/nonexistent/answers.json"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取文件"));
}

#[test]
fn states_prints_every_application() {
    let v = json(&zhuanjie(&["states", &sample("2021")], None));
    let apps = v["applications"].as_array().unwrap();
    assert!(apps.len() > 30);
    assert_eq!(v["at"], "2026-10-15");
    let states: std::collections::HashSet<&str> =
        apps.iter().map(|a| a["state"].as_str().unwrap()).collect();
    for s in [
        "completed",
        "out_approval",
        "in_approval",
        "auto_returned",
        "withdrawn",
        "rejected",
    ] {
        assert!(states.contains(s), "{s} in {states:?}");
    }
    // Earlier on the clock, nothing has timed out yet.
    let v = json(&zhuanjie(
        &["states", &sample("2021"), "--at", "2026-09-25"],
        None,
    ));
    assert!(v["applications"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["state"] != "auto_returned"));
}

#[test]
fn metrics_for_a_region_and_date() {
    let v = json(&zhuanjie(
        &[
            "metrics",
            &sample("2021"),
            "--region",
            "U",
            "--at",
            "2026-10-15",
        ],
        None,
    ));
    assert_eq!(v["region"], "U");
    let sx = &v["sx"];
    assert!(
        sx["completed"].as_u64().unwrap()
            <= sx["own"].as_u64().unwrap() + sx["incoming"].as_u64().unwrap()
    );
    assert!(!v["missing"].as_array().unwrap().is_empty());
    let v = json(&zhuanjie(&["metrics", &sample("2019")], None));
    assert_eq!(v["region"], "R");
}

#[test]
fn workspace_errors_are_clear() {
    let out = zhuanjie(&["metrics", &sample("2021"), "--region", "NOPE"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOPE"));
    let out = zhuanjie(&["states", &sample("2021"), "--at", "yesterday"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--at"));
    let out = zhuanjie(
        &["states", "-"],
        Some(r#"{"format": "zhuanjie-workspace", "version": 9}"#),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("version") && err.contains("9"), "{err}");
}

#[test]
fn shipped_samples_match_the_generator() {
    for edition in ["2021", "2019"] {
        let out = zhuanjie(&["sample", "--edition", edition], None);
        assert!(out.status.success());
        let shipped = std::fs::read_to_string(sample(edition)).unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), shipped, "regenerate with: cargo xtask sample --edition {edition} > content/data/sample-workspace-{edition}.json");
    }
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zj-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn utf16le(text: &str) -> Vec<u8> {
    [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect()
}

/// English that must never reach the user of the CLI.
const ENGLISH: &[&str] = &[
    "expected",
    "EOF",
    "invalid type",
    "unknown field",
    "unknown variant",
    "missing field",
    " at line ",
    "line 1 column",
    "stream did not contain",
    "valid UTF-8",
    "os error",
    "No such file",
    "Is a directory",
    "panicked",
    "Cannot detect",
];

#[test]
fn files_saved_by_notepad_are_read() {
    let dir = scratch("bom");
    let answers = r#"{"age": 22, "situation": "military", "party_member": false}"#;
    let workspace = std::fs::read_to_string(sample("2021")).unwrap();
    for (name, bytes) in [
        (
            "answers-bom.json",
            [b"\xEF\xBB\xBF".as_slice(), answers.as_bytes()].concat(),
        ),
        ("answers-utf16.json", utf16le(answers)),
    ] {
        std::fs::write(dir.join(name), bytes).unwrap();
        let v = json(&zhuanjie(
            &["check", dir.join(name).to_str().unwrap()],
            None,
        ));
        assert_eq!(v["reason"], "special_unit", "{name}");
    }
    let v = json(&zhuanjie(
        &["check", "-"],
        Some(&format!("\u{feff}{answers}")),
    ));
    assert_eq!(v["reason"], "special_unit");
    for (name, bytes) in [
        (
            "ws-bom.json",
            [b"\xEF\xBB\xBF".as_slice(), workspace.as_bytes()].concat(),
        ),
        ("ws-utf16.json", utf16le(&workspace)),
    ] {
        std::fs::write(dir.join(name), bytes).unwrap();
        let v = json(&zhuanjie(
            &["states", dir.join(name).to_str().unwrap()],
            None,
        ));
        assert_eq!(v["at"], "2026-10-15", "{name}");
        let v = json(&zhuanjie(
            &["metrics", dir.join(name).to_str().unwrap()],
            None,
        ));
        assert_eq!(v["region"], "R", "{name}");
    }
}

/// Every bad file, flag and argument: a non-zero exit, a Chinese message on stderr that
/// names the file or flag, no English from Rust or serde, no panic.
#[test]
fn bad_files_and_arguments_get_chinese_messages_that_name_them() {
    let dir = scratch("bad");
    let ws = sample("2021");
    let files: &[(&str, &[u8])] = &[
        // {"age": 22, "situation": "军队"} as Notepad's ANSI (GBK) saves it.
        (
            "gbk.json",
            b"{\"age\": 22, \"situation\": \"\xbe\xfc\xb6\xd3\"}",
        ),
        ("empty.json", b""),
        ("blank.json", b"\r\n  \r\n"),
        ("utf16-broken.json", &[0xFF, 0xFE, 0x7B, 0x00, 0x00, 0xD8]),
        (
            "broken.json",
            b"{\"age\": 22\n \"situation\": \"military\"}",
        ),
        (
            "quotes.json",
            "{\"age\": 22, \"situation\": “military”}".as_bytes(),
        ),
        ("keys.json", b"{\"agee\": 22}"),
        (
            "broken-ws.json",
            b"{\n  \"format\": \"zhuanjie-workspace\",\n  \"version\": 2\n  \"edition\": \"2021\"\n}",
        ),
        ("roster.xlsx", b"PK\x03\x04 not really a zip"),
        ("empty.csv", b""),
        ("r.csv", "姓名,所在团支部\n甲,一班\n".as_bytes()),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::fs::create_dir_all(dir.join("folder.json")).unwrap();
    let f = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let mut cases = bad_cases_check(&f, &ws);
    cases.extend(bad_cases_rest(&f, &ws));
    let mut failures = Vec::new();
    for (args, stdin, expect) in &cases {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = zhuanjie(&argv, *stdin);
        let err = String::from_utf8_lossy(&out.stderr);
        let label = argv.join(" ");
        if out.status.success() {
            failures.push(format!("{label}: succeeded"));
        }
        if !err.contains("错误：") {
            failures.push(format!("{label}: no 「错误：」 in: {err}"));
        }
        for english in ENGLISH {
            if err.contains(english) {
                failures.push(format!("{label}: 「{english}」 in: {err}"));
            }
        }
        for part in *expect {
            if !err.contains(part) {
                failures.push(format!("{label}: no 「{part}」 in: {err}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // What was there is still there: a refused --into leaves the workspace file as it was.
    assert_eq!(
        std::fs::read(dir.join("broken-ws.json")).unwrap(),
        files
            .iter()
            .find(|(n, _)| *n == "broken-ws.json")
            .unwrap()
            .1
    );
}

type Case = (Vec<String>, Option<&'static str>, &'static [&'static str]);

/// The bad-input cases, first half: check, and states with its dates.
fn bad_cases_check(f: &dyn Fn(&str) -> String, ws: &str) -> Vec<Case> {
    let ws = ws.to_string();
    vec![
        (
            vec!["check".into(), f("gbk.json")],
            None,
            &["gbk.json", "UTF-8", "GBK", "另存为"],
        ),
        (
            vec!["check".into(), f("empty.json")],
            None,
            &["empty.json", "空"],
        ),
        (
            vec!["check".into(), f("blank.json")],
            None,
            &["blank.json", "空"],
        ),
        (
            vec!["check".into(), f("utf16-broken.json")],
            None,
            &["utf16-broken.json", "UTF-16"],
        ),
        (
            vec!["check".into(), f("missing.json")],
            None,
            &["missing.json", "不存在"],
        ),
        (
            vec!["check".into(), f("folder.json")],
            None,
            &["folder.json", "文件夹"],
        ),
        (
            vec!["check".into(), f("broken.json")],
            None,
            &["broken.json", "第 2 行第 2 列", "逗号"],
        ),
        (
            vec!["check".into(), f("quotes.json")],
            None,
            &["quotes.json", "第 1 行", "中文引号"],
        ),
        (
            vec!["check".into(), f("keys.json")],
            None,
            &["keys.json", "「agee」"],
        ),
        (
            vec!["check".into(), "-".into()],
            Some(""),
            &["标准输入", "空"],
        ),
        (
            vec!["check".into(), "-".into()],
            Some("{\"age\": 22,}"),
            &["第 1 行第 12 列"],
        ),
        (
            vec!["check".into(), "a.json".into(), "b.json".into()],
            None,
            &["只接受一个"],
        ),
        (
            vec!["check".into(), "--at".into(), "x".into()],
            None,
            &["--at"],
        ),
        (vec!["states".into()], None, &["缺少工作区文件"]),
        (
            vec!["states".into(), "a.json".into(), "b.json".into()],
            None,
            &["只接受一个", "a.json"],
        ),
        (
            vec!["states".into(), f("gbk.json")],
            None,
            &["gbk.json", "GBK"],
        ),
        (
            vec!["states".into(), f("empty.json")],
            None,
            &["empty.json", "空"],
        ),
        (
            vec!["states".into(), f("folder.json")],
            None,
            &["folder.json", "文件夹"],
        ),
        (
            vec!["states".into(), f("broken-ws.json")],
            None,
            &["broken-ws.json", "第 4 行第 3 列"],
        ),
        (
            vec!["states".into(), f("keys.json")],
            None,
            &["keys.json", "格式标记"],
        ),
        (
            vec!["states".into(), f("roster.xlsx")],
            None,
            &["roster.xlsx", ".xlsx"],
        ),
        (
            vec![
                "states".into(),
                ws.clone(),
                "--at".into(),
                "2026-02-30".into(),
            ],
            None,
            &["--at", "2026-02-30"],
        ),
    ]
}

/// The bad-input cases, second half: the other commands and flags.
fn bad_cases_rest(f: &dyn Fn(&str) -> String, ws: &str) -> Vec<Case> {
    let ws = ws.to_string();
    vec![
        (
            vec!["states".into(), ws.clone(), "--at".into()],
            None,
            &["--at", "缺少取值"],
        ),
        (
            vec!["states".into(), ws.clone(), "--bogus".into()],
            None,
            &["--bogus"],
        ),
        (
            vec![
                "metrics".into(),
                ws.clone(),
                "--format".into(),
                "pdf".into(),
            ],
            None,
            &["--format", "pdf"],
        ),
        (
            vec![
                "metrics".into(),
                ws.clone(),
                "--format".into(),
                "xlsx".into(),
            ],
            None,
            &["--out"],
        ),
        (
            vec!["metrics".into(), ws.clone(), "--out".into(), "x.csv".into()],
            None,
            &["--out"],
        ),
        (
            vec![
                "metrics".into(),
                ws.clone(),
                "--region".into(),
                "NOPE".into(),
            ],
            None,
            &["NOPE"],
        ),
        (
            vec!["metrics".into(), f("missing.json")],
            None,
            &["missing.json", "不存在"],
        ),
        (vec!["sample".into(), "--foo".into()], None, &["--foo"]),
        (vec!["sample".into(), "bar".into()], None, &["bar"]),
        (
            vec!["sample".into(), "--members".into(), "0".into()],
            None,
            &["--members", "0"],
        ),
        (
            vec!["sample".into(), "--members".into()],
            None,
            &["--members", "缺少取值"],
        ),
        (
            vec!["sample".into(), "--edition".into(), "2020".into()],
            None,
            &["--edition", "2020"],
        ),
        (vec!["roster".into()], None, &["缺少花名册文件"]),
        (
            vec!["roster".into(), f("missing.csv")],
            None,
            &["missing.csv", "不存在"],
        ),
        (
            vec!["roster".into(), f("empty.csv")],
            None,
            &["empty.csv", "空"],
        ),
        (
            vec!["roster".into(), f("roster.xlsx")],
            None,
            &["roster.xlsx", "Excel"],
        ),
        (
            vec![
                "roster".into(),
                f("r.csv"),
                "--encoding".into(),
                "latin1".into(),
            ],
            None,
            &["--encoding", "latin1"],
        ),
        (
            vec!["roster".into(), f("r.csv"), "--sheet".into()],
            None,
            &["--sheet", "缺少取值"],
        ),
        (
            vec!["roster".into(), f("r.csv"), "--into".into(), f("gbk.json")],
            None,
            &["gbk.json", "GBK"],
        ),
        (
            vec![
                "roster".into(),
                f("r.csv"),
                "--into".into(),
                f("broken-ws.json"),
            ],
            None,
            &["broken-ws.json", "第 4 行"],
        ),
        (vec!["frobnicate".into()], None, &["frobnicate"]),
    ]
}
