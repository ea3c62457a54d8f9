//! `cargo xtask check | metrics | …` run the `zhuanjie` program's library code: the output
//! is byte for byte what the library's types print (app/cli's tests hold the `zhuanjie`
//! binary to the same bytes, and compare the two binaries when both are built).

use std::io::Write;
use std::process::{Command, Output, Stdio};

use zhuanjie_core::{metrics, rules, Answers, Workspace};

fn xtask(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// What the CLI prints for a value: pretty JSON and a newline.
fn pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

#[test]
fn product_commands_print_what_the_library_computes() {
    let answers = r#"{"age": 22, "situation": "military", "party_member": false}"#;
    let out = xtask(&["check", "-"], answers);
    assert!(out.status.success());
    let outcome = rules::evaluate(&Answers::from_json(answers).unwrap()).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), pretty(&outcome));

    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../content/data/sample-workspace-2021.json");
    let ws = Workspace::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let out = xtask(&["metrics", path.to_str().unwrap(), "--region", "U"], "");
    assert!(out.status.success());
    let m = metrics::compute(&ws, Some("U"), ws.clock).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), pretty(&m));

    let out = xtask(&["check", "-"], r#"{"age": 200, "situation": "employed"}"#);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("错误：答案「age」"));
}

#[test]
fn help_lists_xtask_and_product_commands_and_mistakes_say_cargo_xtask() {
    let out = xtask(&["help"], "");
    let usage = String::from_utf8(out.stdout).unwrap();
    assert!(
        usage.starts_with("用法：cargo xtask <命令> [参数]"),
        "{usage}"
    );
    for command in [
        "serve", "build", "test", "bench", "fuzz", "setup", "check", "roster",
    ] {
        assert!(
            usage.contains(&format!("\n  {command}")),
            "{command}: {usage}"
        );
    }
    for (args, message) in [
        (
            &["fuzz", "--bogus"][..],
            "错误：fuzz 不认识的参数 --bogus\n用法：cargo xtask fuzz",
        ),
        (
            &["setup", "extra"],
            "错误：setup 不接受其它参数，收到：extra\n",
        ),
        (
            &["test", "--no-browser", "x"],
            "错误：test 不接受其它参数，收到：x\n",
        ),
        (
            &["serve", "--port", "0"],
            "错误：--port 的取值「0」应为 1 到 65535 的整数\n",
        ),
        (
            &["build", "--port", "8001"],
            "错误：build 不认识的参数 --port\n",
        ),
        (
            &["fuzz", "--seconds", "0"],
            "错误：--seconds 的取值「0」应为正整数\n",
        ),
        (
            &["fuzz", "--target", "nope"],
            "错误：--target 的取值「nope」应为模糊测试目标之一：",
        ),
        (
            &["states"],
            "错误：缺少工作区文件。\n用法：cargo xtask states WORKSPACE.json",
        ),
        (&["frobnicate"], "错误：未知命令「frobnicate」。"),
    ] {
        let out = xtask(args, "");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(message), "{args:?}: {err}");
    }
}
