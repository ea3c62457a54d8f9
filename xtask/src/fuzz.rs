//! `cargo xtask fuzz [--seconds N] [--target NAME]…`: coverage-guided fuzzing of the engine
//! and the roster reader with libFuzzer, on the stable toolchain.
//!
//! The targets are the crate in `xtask/fuzz/` (its own workspace, so a normal build never
//! compiles libFuzzer). It is built here with the sanitizer-coverage flags cargo-fuzz uses
//! without a sanitizer (stable codegen options: `-Cpasses=sancov-module` and LLVM's
//! `-sanitizer-coverage-*`), debug assertions and overflow checks on, for the host target
//! explicitly (so build scripts and proc macros stay uninstrumented), into `target/fuzz`.
//!
//! Each target runs for N seconds (default 60) with `-timeout=1` (an input taking over a
//! second is a hang) and `-rss_limit_mb=2048`, reading the kept corpus
//! `xtask/fuzz/corpus/<target>/` and the inputs of fixed bugs `xtask/fuzz/regressions/<target>/`,
//! and writing what it finds to `target/fuzz/corpus/<target>/`. Afterwards the finds that
//! reach an edge the kept corpus does not are added to it (`-merge=1 -use_counters=0`), so
//! it grows only when new code is reached; `--no-merge` (CI's short pass) leaves it alone.
//! A dictionary
//! built from the engine's own codes and field names (`target/fuzz/zhuanjie.dict`) helps
//! the text targets find the keys.
//!
//! Any crash (a panic, a broken invariant), hang or memory blow-up stops the run with the
//! input's path, how to reproduce it, and a non-zero exit.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use zhuanjie_cli::args::{bad_value, Parsed};

use crate::repo_root;

/// Every target, in the order they run, and whether the text dictionary helps it.
pub const TARGETS: [(&str, bool); 8] = [
    ("workspace_json", true),
    ("answers_query", true),
    ("answers_json", true),
    ("saved_values", true),
    ("autosave", true),
    ("process_events", false),
    ("commands", false),
    ("roster_table", true),
];

/// The flags of cargo-fuzz's `--sanitizer none` build: all stable codegen options.
const RUSTFLAGS: &[&str] = &[
    "-Cpasses=sancov-module",
    "-Cllvm-args=-sanitizer-coverage-level=4",
    "-Cllvm-args=-sanitizer-coverage-inline-8bit-counters",
    "-Cllvm-args=-sanitizer-coverage-pc-table",
    "-Cllvm-args=-sanitizer-coverage-trace-compares",
    "--cfg",
    "fuzzing",
    "-Cdebug-assertions",
    "-Coverflow-checks",
];

#[derive(Debug)]
struct Options {
    seconds: u64,
    targets: Vec<&'static str>,
    /// Merge the new finds into the kept corpus (off for CI's short pass).
    merge: bool,
}

/// The options of `cargo xtask fuzz`, as its table in `commands` declares them.
fn parse(args: &Parsed) -> Result<Options, String> {
    let mut targets = Vec::new();
    for value in args.all("--target") {
        let known = TARGETS.iter().find(|(t, _)| *t == value).ok_or_else(|| {
            let names = TARGETS.map(|(t, _)| t);
            bad_value(
                "--target",
                value,
                &format!("模糊测试目标之一：{}", names.join("、")),
            )
        })?;
        targets.push(known.0);
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|(t, _)| *t).collect();
    }
    Ok(Options {
        seconds: args.int("--seconds").unwrap_or(60),
        targets,
        merge: !args.has("--no-merge"),
    })
}

/// What one target's run reported.
#[derive(Default)]
struct Stats {
    execs: u64,
    exec_per_sec: u64,
    cov: u64,
    ft: u64,
    corpus_before: usize,
    corpus_after: usize,
}

pub fn run(args: &Parsed) -> Result<(), String> {
    let options = parse(args)?;
    let root = repo_root();
    let fuzz_dir = root.join("xtask/fuzz");
    let out = root.join("target/fuzz");
    let bin_dir = build(&fuzz_dir, &out)?;
    let dict = out.join("zhuanjie.dict");
    std::fs::write(&dict, dictionary())
        .map_err(|e| format!("无法写入字典 {}：{e}", dict.display()))?;

    let started = Instant::now();
    let mut table = Vec::new();
    for target in &options.targets {
        let uses_dict = TARGETS.iter().any(|(t, d)| t == target && *d);
        let stats = fuzz_one(
            &bin_dir.join(target),
            target,
            &fuzz_dir,
            &out,
            &options,
            uses_dict.then_some(dict.as_path()),
        )?;
        table.push((*target, stats));
    }
    print_summary(&table, started.elapsed().as_secs_f64());
    Ok(())
}

/// Builds every target instrumented; returns the directory of the binaries.
fn build(fuzz_dir: &Path, out: &Path) -> Result<PathBuf, String> {
    let host = host_triple()?;
    println!("== 构建模糊测试目标（libFuzzer，覆盖率插桩，{host}）==");
    let start = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--bins",
            "--target",
            &host,
            "--target-dir",
        ])
        .arg(out)
        .current_dir(fuzz_dir)
        .env("RUSTFLAGS", RUSTFLAGS.join(" "))
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| format!("无法运行 cargo build：{e}"))?;
    if !status.success() {
        return Err(format!("模糊测试目标构建失败（{status}）"));
    }
    println!("（构建用时 {:.1} 秒）", start.elapsed().as_secs_f64());
    Ok(out.join(host).join("release"))
}

fn host_triple() -> Result<String, String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(&rustc)
        .arg("-vV")
        .output()
        .map_err(|e| format!("无法运行 {rustc} -vV：{e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_string)
        .ok_or_else(|| "无法从 rustc -vV 读出主机平台".into())
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.flatten().count())
}

fn fuzz_one(
    bin: &Path,
    target: &str,
    fuzz_dir: &Path,
    out: &Path,
    options: &Options,
    dict: Option<&Path>,
) -> Result<Stats, String> {
    println!("\n== 模糊测试 {target}（{} 秒）==", options.seconds);
    let kept = fuzz_dir.join("corpus").join(target);
    let regressions = fuzz_dir.join("regressions").join(target);
    let scratch = out.join("corpus").join(target);
    let artifacts = out.join("artifacts").join(target);
    let logs = out.join("logs");
    // The finds of earlier runs were merged (or dropped); start clean.
    let _ = std::fs::remove_dir_all(&scratch);
    for dir in [&kept, &scratch, &artifacts, &logs] {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建 {}：{e}", dir.display()))?;
    }
    let log = logs.join(format!("{target}.log"));
    let corpus_before = count_files(&kept);
    let mut command = libfuzzer(bin, out, target);
    command
        .arg(format!("-max_total_time={}", options.seconds))
        .arg("-print_final_stats=1");
    if let Some(dict) = dict {
        command.arg(format!("-dict={}", dict.display()));
    }
    // New finds go to the first directory; the kept corpus and the regressions are read.
    command.arg(&scratch).arg(&kept);
    if regressions.is_dir() {
        command.arg(&regressions);
    }
    let output = run_checked(&mut command, &log, bin, target, &regressions)?;
    let mut stats = read_stats(&output.text);
    stats.corpus_before = corpus_before;
    stats.corpus_after = corpus_before;
    if options.merge {
        stats.corpus_after = merge(bin, target, &kept, &scratch, out, &regressions)?;
    }
    println!(
        "{target}：执行 {} 次，{} 次/秒，覆盖 cov {} / ft {}，保留语料 {} → {} 个",
        stats.execs,
        stats.exec_per_sec,
        stats.cov,
        stats.ft,
        stats.corpus_before,
        stats.corpus_after
    );
    Ok(stats)
}

/// Adds to the kept corpus the new finds that reach an edge it does not
/// (`-merge=1 -use_counters=0`: coverage edges, not hit counts; smallest inputs first), so
/// it grows only when new code is reached and files already kept never change.
fn merge(
    bin: &Path,
    target: &str,
    kept: &Path,
    scratch: &Path,
    out: &Path,
    regressions: &Path,
) -> Result<usize, String> {
    let log = out.join("logs").join(format!("{target}.merge.log"));
    run_checked(
        libfuzzer(bin, out, target)
            .arg("-merge=1")
            .arg("-use_counters=0")
            .arg(kept)
            .arg(scratch),
        &log,
        bin,
        target,
        regressions,
    )?;
    Ok(count_files(kept))
}

/// A run of a target's binary with the limits every run keeps: 1 s per input, 2 GB of
/// memory, and crashing inputs written under `out/artifacts/<target>/`.
fn libfuzzer(bin: &Path, out: &Path, target: &str) -> Command {
    let mut command = Command::new(bin);
    command
        .arg("-timeout=1")
        .arg("-rss_limit_mb=2048")
        .arg(format!(
            "-artifact_prefix={}/",
            out.join("artifacts").join(target).display()
        ));
    command
}

/// Runs `command` with its output in `log`; a crash, hang or out-of-memory becomes the
/// explained failure (input, reproducing command, what to do).
fn run_checked(
    command: &mut Command,
    log: &Path,
    bin: &Path,
    target: &str,
    regressions: &Path,
) -> Result<Output, String> {
    let output = run_logged(command, log)?;
    if output.success {
        Ok(output)
    } else {
        Err(explain_failure(bin, target, &output.text, log, regressions))
    }
}

struct Output {
    success: bool,
    text: String,
}

/// Runs libFuzzer with its chatter going to a log file (it writes to stderr).
fn run_logged(command: &mut Command, log: &Path) -> Result<Output, String> {
    let file =
        std::fs::File::create(log).map_err(|e| format!("无法写入 {}：{e}", log.display()))?;
    let status = command
        .stdout(Stdio::null())
        .stderr(file)
        .env("RUST_BACKTRACE", "1")
        .status()
        .map_err(|e| format!("无法运行 {:?}：{e}", command.get_program()))?;
    let text = std::fs::read_to_string(log).unwrap_or_default();
    Ok(Output {
        success: status.success(),
        text,
    })
}

fn read_stats(log: &str) -> Stats {
    let stat = |name: &str| -> u64 {
        log.lines()
            .rev()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    };
    let mut stats = Stats {
        execs: stat("stat::number_of_executed_units:"),
        exec_per_sec: stat("stat::average_exec_per_sec:"),
        ..Stats::default()
    };
    // The last status line: `#N  DONE  cov: X ft: Y corp: …`.
    if let Some(line) = log.lines().rev().find(|l| l.contains(" cov: ")) {
        let field = |name: &str| -> u64 {
            line.split_whitespace()
                .skip_while(|w| *w != name)
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        stats.cov = field("cov:");
        stats.ft = field("ft:");
    }
    stats
}

/// The Chinese and English explanation of a crash, a hang or a memory blow-up.
fn explain_failure(
    bin: &Path,
    target: &str,
    log: &str,
    log_path: &Path,
    regressions: &Path,
) -> String {
    let input = log
        .lines()
        .rev()
        .find_map(|l| l.split("Test unit written to ").nth(1))
        .map(|s| s.trim().to_string());
    let (what_zh, what_en) = if log.contains("ERROR: libFuzzer: timeout") {
        (
            "一个输入运行超过 1 秒（视为卡死）",
            "an input ran for more than 1 s (a hang)",
        )
    } else if log.contains("out-of-memory") {
        (
            "一个输入用尽了内存上限（2048 MB）",
            "an input exceeded the 2048 MB memory limit",
        )
    } else {
        (
            "一个输入使引擎 panic 或破坏了目标检查的不变量",
            "an input made the engine panic or broke an invariant the target checks",
        )
    };
    let mut message = String::new();
    let _ = writeln!(message, "模糊测试目标 {target} 失败：{what_zh}。");
    let _ = writeln!(message, "fuzz target {target} failed: {what_en}.");
    if let Some(line) = log.lines().find(|l| l.contains("panicked at")) {
        let _ = writeln!(message, "  {line}");
        let detail: Vec<&str> = log
            .lines()
            .skip_while(|l| !l.contains("panicked at"))
            .skip(1)
            .take_while(|l| !l.starts_with("stack backtrace") && !l.starts_with("note:"))
            .take(8)
            .collect();
        for l in detail {
            let _ = writeln!(message, "  {l}");
        }
    }
    match &input {
        Some(path) => {
            let _ = writeln!(message, "输入 / input: {path}");
            let _ = writeln!(message, "重现 / reproduce: {} {path}", bin.display());
            let _ = writeln!(
                message,
                "修好引擎（错误应是带中文说明的值，不能 panic）并在 app/core/tests 加回归测试后，把该输入复制到 {} 保留。",
                regressions.display()
            );
            let _ = write!(
                message,
                "Fix the engine (errors are values with Chinese messages, never panics), add a regression test in app/core/tests, then copy the input into {} to keep it.",
                regressions.display()
            );
        }
        None => {
            let _ = write!(message, "完整日志 / full log: {}", log_path.display());
        }
    }
    message
}

fn print_summary(table: &[(&str, Stats)], seconds: f64) {
    println!("\n== 模糊测试结果 / fuzzing summary ==");
    println!(
        "{:<16} {:>12} {:>9} {:>7} {:>8} {:>13}",
        "target", "execs", "exec/s", "cov", "ft", "corpus"
    );
    let mut total = 0;
    for (target, s) in table {
        total += s.execs;
        println!(
            "{:<16} {:>12} {:>9} {:>7} {:>8} {:>6} → {:<5}",
            target, s.execs, s.exec_per_sec, s.cov, s.ft, s.corpus_before, s.corpus_after
        );
    }
    println!("共执行 {total} 次，无 panic、无超过 1 秒的输入（用时 {seconds:.0} 秒）。");
    println!("total: {total} executions, no panic, no input over 1 s ({seconds:.0} s).");
}

/// A libFuzzer dictionary from the engine itself: every key and every short string value of
/// the sample workspace, a custom calendar and a tracker record, the answer keys and codes,
/// and the roster's header names.
fn dictionary() -> String {
    use zhuanjie_core::answers::Key;
    use zhuanjie_core::codes::{EmployerSystem, Situation};
    use zhuanjie_core::{calendar::Calendar, saved, synth, tracker, Edition};

    fn walk(value: &serde_json::Value, words: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    words.insert(format!("\"{k}\""));
                    walk(v, words);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, words)),
            serde_json::Value::String(s) if s.len() <= 24 => {
                words.insert(format!("\"{s}\""));
            }
            _ => {}
        }
    }
    let mut words = BTreeSet::new();
    let mut ws = synth::school(12, Edition::E2019, 7);
    ws.calendar = Some(Calendar::spring_example());
    walk(&serde_json::to_value(&ws).unwrap_or_default(), &mut words);
    walk(
        &serde_json::to_value(Calendar::standard_2019()).unwrap_or_default(),
        &mut words,
    );
    // The autosave's envelope (its payload is base64, longer than any word kept).
    walk(
        &serde_json::from_str(&zhuanjie_core::autosave::encode(&ws, "tab", 0.0).text)
            .unwrap_or_default(),
        &mut words,
    );
    let seeded = tracker::TrackedApplication::new(
        Edition::E2021,
        zhuanjie_core::codes::Destination::EmployerOrg,
        ws.clock,
    );
    walk(
        &serde_json::to_value(&seeded).unwrap_or_default(),
        &mut words,
    );
    for key in Key::ALL {
        words.insert(format!("{}=", key.code()));
        words.insert(format!("\"{}\"", key.code()));
    }
    for code in Situation::ALL
        .map(Situation::code)
        .into_iter()
        .chain(EmployerSystem::ALL.map(EmployerSystem::code))
        .chain(["yes", "no", "none", "true", "false", "null", "2019", "2021"])
    {
        words.insert(code.to_string());
    }
    for word in [
        "edition=",
        "&",
        "today",
        "branch",
        "at",
        saved::CHECKER_FORMAT,
        "query",
        "passed",
        "ended",
        "withdrawn",
        "rejected",
        // The ends of the dates chrono reads.
        "+262142-12-31",
        "-262143-01-01",
        "9999-12-31",
    ] {
        words.insert(format!("\"{word}\""));
    }
    for field in zhuanjie_roster::Field::ALL {
        for header in field.headers() {
            words.insert(header.to_string());
        }
    }
    let mut out = String::from("# Generated by `cargo xtask fuzz` from the engine's codes.\n");
    for word in words {
        out.push('"');
        for b in word.bytes() {
            if b == b'"' || b == b'\\' {
                let _ = write!(out, "\\{}", b as char);
            } else if b.is_ascii_graphic() || b == b' ' {
                out.push(b as char);
            } else {
                let _ = write!(out, "\\x{b:02X}");
            }
        }
        out.push_str("\"\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzer_final_stats() {
        let log = "#2\tINITED cov: 10 ft: 11 corp: 1/1b\n\
                   #90\tDONE   cov: 120 ft: 340 corp: 30/2Kb lim: 4 exec/s: 9 rss: 30Mb\n\
                   stat::number_of_executed_units: 90\n\
                   stat::average_exec_per_sec:     9\n";
        let s = read_stats(log);
        assert_eq!((s.execs, s.exec_per_sec, s.cov, s.ft), (90, 9, 120, 340));
    }

    #[test]
    fn the_dictionary_holds_the_keys_escaped() {
        let dict = dictionary();
        assert!(dict.contains("\"\\\"format\\\"\""), "{dict}");
        assert!(dict.contains("\"situation=\""));
        // Chinese headers as bytes.
        assert!(dict.lines().any(|l| l.contains("\\xE5")));
    }

    #[test]
    fn options_name_known_targets_only() {
        // Read through the one table and parser, as `cargo xtask fuzz` reads them.
        let read = |args: &[&str]| {
            let spec = crate::commands::find("fuzz").expect("fuzz is declared");
            let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            match zhuanjie_cli::args::parse(crate::commands::PROG, spec, &args) {
                Ok(zhuanjie_cli::args::Request::Run(parsed)) => parse(&parsed),
                Ok(zhuanjie_cli::args::Request::Help) => Err("help".into()),
                Err(e) => Err(e),
            }
        };
        let o = read(&["--seconds", "5"]).unwrap();
        assert_eq!((o.seconds, o.targets.len()), (5, TARGETS.len()));
        assert!(read(&["--target", "nope"])
            .unwrap_err()
            .contains("目标之一"));
    }
}
