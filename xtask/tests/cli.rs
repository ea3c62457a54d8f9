//! The engine's public command line, run as a user runs it: JSON out, Chinese errors and a
//! non-zero exit on bad input.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn xtask(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask runs");
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
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
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
    let out = xtask(
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
    let v = json(&xtask(&["check", file.to_str().unwrap()], None));
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
        let out = xtask(&["check", "-"], Some(input));
        assert!(!out.status.success(), "{input}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(key) && err.contains("错误"), "{input}: {err}");
        assert!(out.stdout.is_empty());
    }
    let out = xtask(&["check", "/nonexistent/answers.json"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取文件"));
}

#[test]
fn states_prints_every_application() {
    let v = json(&xtask(&["states", &sample("2021")], None));
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
    let v = json(&xtask(
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
    let v = json(&xtask(
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
    let v = json(&xtask(&["metrics", &sample("2019")], None));
    assert_eq!(v["region"], "R");
}

#[test]
fn workspace_errors_are_clear() {
    let out = xtask(&["metrics", &sample("2021"), "--region", "NOPE"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOPE"));
    let out = xtask(&["states", &sample("2021"), "--at", "yesterday"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--at"));
    let out = xtask(
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
        let out = xtask(&["sample", "--edition", edition], None);
        assert!(out.status.success());
        let shipped = std::fs::read_to_string(sample(edition)).unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), shipped, "regenerate with: cargo xtask sample --edition {edition} > content/data/sample-workspace-{edition}.json");
    }
}
