//! `cargo xtask test`: the README's second command and what CI runs. Installs what is
//! missing (idempotent), builds the site and app into dist/, then runs every test: the
//! engine's, xtask's (CLI, generator) and the browser end-to-end tests against dist/.
//! Formatting and clippy are checked too (the default members, the web app for wasm and
//! natively, the fuzz targets' own workspace; every target, tests included), so "clean" is
//! enforced, not hoped for, and every fuzz target runs a few seconds
//! (`cargo xtask fuzz --seconds 3 --no-merge`).

use std::process::Command;
use std::time::Instant;

use crate::repo_root;

fn run(label: &str, command: &mut Command) -> Result<(), String> {
    println!("\n== {label} ==");
    let start = Instant::now();
    let status = command
        .current_dir(repo_root())
        .status()
        .map_err(|e| format!("无法运行「{label}」：{e}"))?;
    if status.success() {
        println!(
            "（{label}：通过，用时 {:.1} 秒）",
            start.elapsed().as_secs_f64()
        );
        Ok(())
    } else {
        Err(format!("「{label}」失败（{status}）"))
    }
}

fn cargo() -> Command {
    Command::new(env!("CARGO"))
}

/// `cargo xtask test [--no-browser]`
pub fn run_all(args: &zhuanjie_cli::args::Parsed) -> Result<(), String> {
    let quick = args.has("--no-browser");
    let start = Instant::now();
    if quick {
        crate::setup::ensure_for_serve()?;
    } else {
        crate::setup::ensure_for_test()?;
    }
    run(
        "格式检查（cargo fmt --check）",
        cargo().args(["fmt", "--all", "--", "--check"]),
    )?;
    // The fuzz targets are their own workspace, so `--all` does not reach them.
    run(
        "格式检查（模糊测试目标）",
        cargo().args([
            "fmt",
            "--manifest-path",
            "xtask/fuzz/Cargo.toml",
            "--",
            "--check",
        ]),
    )?;
    run(
        "构建站点与应用（cargo xtask build）",
        Command::new(std::env::current_exe().map_err(|e| format!("找不到 xtask 自身：{e}"))?)
            .arg("build"),
    )?;
    let mut tests = cargo();
    // Default members: the engine, the roster crate, xtask and the browser tests (app/web is
    // wasm-only).
    // --no-fail-fast: one failing test binary must not hide the others' results (a CI log
    // then lists every failure at once).
    tests
        .args(["test", "--no-fail-fast"])
        .env("ZHUANJIE_REQUIRE_DIST", "1");
    if quick {
        tests.args([
            "-p",
            "zhuanjie-core",
            "-p",
            "zhuanjie-roster",
            "-p",
            "xtask",
        ]);
    }
    run("全部测试（cargo test）", &mut tests)?;
    // The web app's own unit tests (routes, the tracker form) run natively too.
    run(
        "网页应用的单元测试（cargo test -p zhuanjie-web）",
        cargo().args(["test", "-p", "zhuanjie-web"]),
    )?;
    // A short coverage-guided pass over every fuzz target (the kept corpus and the inputs
    // of fixed bugs replay first); it leaves the kept corpus alone.
    run(
        "模糊测试短跑（cargo xtask fuzz --seconds 3 --no-merge）",
        Command::new(std::env::current_exe().map_err(|e| e.to_string())?).args([
            "fuzz",
            "--seconds",
            "3",
            "--no-merge",
        ]),
    )?;
    // Each lint run: its label, the arguments before `--`, warnings as errors.
    let clippy = |label: &str, args: &[&str]| {
        run(
            label,
            cargo()
                .arg("clippy")
                .args(args)
                .args(["--", "-D", "warnings"]),
        )
    };
    clippy("静态检查（cargo clippy）", &["--all-targets"])?;
    // app/web is not a default member, so the run above does not reach it: its library,
    // binaries and unit tests as the browser builds them, then as `cargo test -p
    // zhuanjie-web` runs the tests (natively, where other cfg branches compile).
    clippy(
        "静态检查：网页应用（cargo clippy --target wasm32-unknown-unknown -p zhuanjie-web --all-targets）",
        &["--target", "wasm32-unknown-unknown", "-p", "zhuanjie-web", "--all-targets"],
    )?;
    clippy(
        "静态检查：网页应用的本机测试（cargo clippy -p zhuanjie-web --all-targets）",
        &["-p", "zhuanjie-web", "--all-targets"],
    )?;
    // The fuzz targets are their own workspace (their target dir is xtask/fuzz/target,
    // git-ignored); this checks them on stable without libFuzzer's coverage flags.
    clippy(
        "静态检查：模糊测试目标（cargo clippy --manifest-path xtask/fuzz/Cargo.toml --all-targets）",
        &["--manifest-path", "xtask/fuzz/Cargo.toml", "--all-targets"],
    )?;
    println!(
        "\n全部通过，共用时 {:.0} 秒。",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
