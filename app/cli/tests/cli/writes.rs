//! Issue 19's writes: what `--into` / `--out` do to the path they are given, two runs into
//! one workspace at once, a run killed while it writes, an output that is an input, and
//! standard output closed or full. Each was seen to lose data or panic before.

use std::io::Read;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use zhuanjie_core::Workspace;

use super::roster::{s, zhuanjie};

fn dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zj-writes-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// No panic, no English backtrace: a Chinese message or nothing.
fn no_panic(out: &Output) {
    let e = stderr(out);
    assert!(!e.contains("panicked") && !e.contains("backtrace"), "{e}");
    assert_ne!(out.status.code(), Some(101), "{e}");
    assert_ne!(out.status.code(), Some(134), "{e}");
}

/// A sample workspace file of `members` members.
fn workspace(path: &Path, members: usize) {
    let ws = zhuanjie_core::synth::school(members, zhuanjie_core::Edition::E2021, 7);
    std::fs::write(path, ws.to_json()).unwrap();
}

fn read(path: &Path) -> Workspace {
    Workspace::from_json(&std::fs::read_to_string(path).unwrap()).expect("a valid workspace")
}

/// A roster CSV of `n` new members whose 学号 start with `prefix`.
fn roster_csv(path: &Path, prefix: &str, n: usize) {
    let mut text = String::from("学号,姓名,所在团支部,毕业去向\r\n");
    for i in 0..n {
        text.push_str(&format!(
            "{prefix}{i:05},测试{prefix}{i},第1学院2022级1班团支部,已就业\r\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".lock"))
        .collect()
}

#[test]
fn into_and_out_keep_the_target_what_it_was() {
    let dir = dir("targets");
    let roster = dir.join("r.csv");
    roster_csv(&roster, "A", 3);

    // A file of ID numbers kept at 600 stays at 600.
    let ws = dir.join("ws.json");
    workspace(&ws, 60);
    std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = zhuanjie(&["roster", s(&roster), "--into", s(&ws)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = std::fs::metadata(&ws).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(read(&ws).member("A00000").is_some());

    // Through a symlink: the file it points to is updated, the link stays a link.
    let link = dir.join("link.json");
    symlink(&ws, &link).unwrap();
    roster_csv(&roster, "B", 2);
    let out = zhuanjie(&["roster", s(&roster), "--into", s(&link)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(read(&ws).member("B00000").is_some());

    // A read-only file is refused, and left as it was.
    let locked = dir.join("ro.json");
    workspace(&locked, 60);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&locked).unwrap();
    let out = zhuanjie(&["roster", s(&roster), "--into", s(&locked)]);
    // (root may write anything; the refusal is the program's own, whoever runs it)
    assert!(!out.status.success());
    assert!(stderr(&out).contains("只读"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&locked).unwrap(), before);

    // A device is written to as it is: /dev/full says the disk is full, and stays a device.
    if Path::new("/dev/full").exists() {
        let out = zhuanjie(&["metrics", s(&ws), "--format", "csv", "--out", "/dev/full"]);
        no_panic(&out);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("磁盘已满"), "{}", stderr(&out));
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device());
    }

    // An output that is the command's own input is refused (also through a link).
    let text = std::fs::read(&ws).unwrap();
    for target in [&ws, &link] {
        let out = zhuanjie(&["metrics", s(&ws), "--format", "csv", "--out", s(target)]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("就是输入文件"), "{}", stderr(&out));
        assert_eq!(std::fs::read(&ws).unwrap(), text, "the workspace is intact");
    }
    // An empty path is not standard input.
    let out = zhuanjie(&["roster", s(&roster), "--into", ""]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("是空的"), "{}", stderr(&out));
    // --sheet on a CSV says it is ignored.
    let out = zhuanjie(&["roster", s(&roster), "--sheet", "名单"]);
    assert!(stderr(&out).contains("--sheet 已忽略"), "{}", stderr(&out));
    assert!(temps(&dir).is_empty(), "{:?}", temps(&dir));
}

#[test]
fn two_imports_into_one_workspace_at_once_never_lose_one() {
    let dir = dir("concurrent");
    let ws = dir.join("ws.json");
    // Large enough that reading, merging and writing take a while.
    workspace(&ws, 20_000);
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    roster_csv(&a, "A", 500);
    roster_csv(&b, "B", 500);
    for trial in 0..3 {
        let start = |file: &Path| {
            Command::new(env!("CARGO_BIN_EXE_zhuanjie"))
                .args(["roster", s(file), "--into", s(&ws)])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (one, two) = (start(&a), start(&b));
        let (one, two) = (
            one.wait_with_output().unwrap(),
            two.wait_with_output().unwrap(),
        );
        no_panic(&one);
        no_panic(&two);
        let after = read(&ws);
        for (out, prefix) in [(&one, "A"), (&two, "B")] {
            if out.status.success() {
                assert!(
                    after.member(&format!("{prefix}00499")).is_some(),
                    "trial {trial}: {prefix} said it was written but is not in the file"
                );
            } else {
                assert!(
                    stderr(out).contains("正在写"),
                    "trial {trial}: {}",
                    stderr(out)
                );
            }
        }
        assert!(
            one.status.success() || two.status.success(),
            "trial {trial}: one of them writes"
        );
        assert!(temps(&dir).is_empty(), "{:?}", temps(&dir));
    }
}

#[test]
fn a_run_killed_while_writing_leaves_a_whole_file_and_no_temporary_copy() {
    let dir = dir("killed");
    let ws = dir.join("ws.json");
    workspace(&ws, 30_000);
    let roster = dir.join("r.csv");
    roster_csv(&roster, "K", 2_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhuanjie"))
        .args(["roster", s(&roster), "--into", s(&ws)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it while the temporary copy is there (or, on a fast machine, whenever it is).
    let started = std::time::Instant::now();
    loop {
        let seen = temps(&dir).iter().any(|n| n.contains(".tmp-"));
        if seen || started.elapsed() > std::time::Duration::from_secs(20) {
            if seen {
                // The copy holds full ID numbers: readable by its owner only.
                let name = temps(&dir)
                    .into_iter()
                    .find(|n| n.contains(".tmp-"))
                    .unwrap();
                if let Ok(meta) = std::fs::metadata(dir.join(&name)) {
                    assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{name}");
                }
            }
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    // Whatever the moment: the workspace file is a whole workspace, old or new.
    let _ = read(&ws);
    // The next run removes what the killed one left (a copy, a lock) and writes.
    roster_csv(&roster, "L", 3);
    let out = zhuanjie(&["roster", s(&roster), "--into", s(&ws)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(&ws).member("L00002").is_some());
    assert!(temps(&dir).is_empty(), "{:?}", temps(&dir));
}

#[test]
fn standard_output_closed_or_full_is_no_panic() {
    // `| head`: the reader goes away; the program ends without a panic.
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhuanjie"))
        .args(["sample", "--members", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    no_panic(&out);
    // `> /dev/full`: a Chinese message and a non-zero exit.
    if Path::new("/dev/full").exists() {
        for args in [&["sample"][..], &["help"][..], &["states", "--help"][..]] {
            let out = Command::new(env!("CARGO_BIN_EXE_zhuanjie"))
                .args(args)
                .stdout(
                    std::fs::OpenOptions::new()
                        .write(true)
                        .open("/dev/full")
                        .unwrap(),
                )
                .output()
                .unwrap();
            no_panic(&out);
            assert!(!out.status.success(), "{args:?}");
            assert!(
                stderr(&out).contains("磁盘已满"),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }
}
