//! `zhuanjie …` and `cargo xtask …` are the same library code (`zhuanjie_cli::run`): the
//! binary's stdout is byte for byte what the library's types print, and when the xtask
//! binary of the same build is there (`cargo build --workspace`), xtask's output is the
//! `zhuanjie` program's, byte for byte (stdout, stderr with the program's name, exit code).

use std::path::PathBuf;
use std::process::Output;

use super::engine::zhuanjie;
use zhuanjie_core::{metrics, rules, Answers, Workspace};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const ANSWERS: &str = r#"{"age": 23, "situation": "employed", "dispatched": false, "employer_has_org": true,
  "employer_system": "railway", "destination_is_branch": false, "party_member": false}"#;

/// What `print_json` writes: pretty JSON and a newline.
fn pretty<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text.into_bytes()
}

fn ok(out: &Output) -> &[u8] {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    &out.stdout
}

#[test]
fn the_binary_prints_what_the_library_computes() {
    let expected = pretty(&rules::evaluate(&Answers::from_json(ANSWERS).unwrap()).unwrap());
    assert_eq!(ok(&zhuanjie(&["check", "-"], Some(ANSWERS))), expected);
    assert_eq!(ok(&zhuanjie(&["check"], Some(ANSWERS))), expected);

    let path = root().join("content/data/sample-workspace-2021.json");
    let ws = Workspace::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let m = metrics::compute(&ws, Some("U"), ws.clock).unwrap();
    let out = zhuanjie(&["metrics", path.to_str().unwrap(), "--region", "U"], None);
    assert_eq!(ok(&out), pretty(&m));
}

/// The newest modification time of the files under `dir`.
fn newest(dir: &std::path::Path) -> Option<std::time::SystemTime> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| match e.file_type().ok()?.is_dir() {
            true => newest(&e.path()),
            false => e.metadata().ok()?.modified().ok(),
        })
        .max()
}

/// The xtask binary next to ours, if it was built after the last change to the sources it
/// shares with us (so it runs the library as it is now).
fn xtask_binary() -> Option<PathBuf> {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_zhuanjie"))
        .with_file_name(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    let built = exe.metadata().ok()?.modified().ok()?;
    let sources = ["app/cli/src", "app/core/src", "app/roster/src", "xtask/src"]
        .iter()
        .filter_map(|dir| newest(&root().join(dir)))
        .max()?;
    (built >= sources).then_some(exe)
}

#[test]
fn cargo_xtask_prints_exactly_what_zhuanjie_prints() {
    let Some(xtask) = xtask_binary() else {
        eprintln!(
            "(no xtask binary built from this library: skipped; run after cargo build --workspace)"
        );
        return;
    };
    let ws = root().join("content/data/sample-workspace-2021.json");
    let ws = ws.to_str().unwrap();
    let cases: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["check", "-"], Some(ANSWERS)),
        (
            vec!["check", "-"],
            Some(r#"{"age": 200, "situation": "employed"}"#),
        ),
        (vec!["check", "--help"], None),
        (vec!["metrics", ws, "--region", "U"], None),
        (
            vec!["metrics", ws, "--region", "U", "--format", "csv"],
            None,
        ),
        (vec!["states", ws, "--at", "2026-10-01"], None),
        (vec!["states", ws, "--at", "2026-02-30"], None),
        (vec!["states"], None),
        (vec!["sample", "--members", "5", "--seed", "3"], None),
        (vec!["sample", "--bogus"], None),
        (vec!["roster"], None),
    ];
    for (args, stdin) in cases {
        let ours = zhuanjie(&args, stdin);
        let theirs = super::engine::run(&xtask, &args, stdin);
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&theirs.stdout).replace("cargo xtask", "zhuanjie"),
            "{args:?}"
        );
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&ours.stderr),
            String::from_utf8_lossy(&theirs.stderr).replace("cargo xtask", "zhuanjie"),
            "{args:?}"
        );
    }
}
