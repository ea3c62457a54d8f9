//! `cargo xtask bench`: measurements, printed as figures (never asserted as timings).
//! The engine, the site generator, the app's wasm sizes and, in headless Chromium, the
//! checker's time to an interactive first question (`tests/src/bin/tti.rs`) and the
//! simulator with 50,000 members (`tests/src/bin/simbench.rs`).

use std::process::Command;

pub fn run() -> Result<(), String> {
    crate::engine_bench::run()?;
    crate::site::bench()?;
    app()?;
    Ok(())
}

/// Builds dist/, prints the wasm sizes and runs the time-to-interactive bench.
fn app() -> Result<(), String> {
    println!("\n== 应用 ==");
    let dist = crate::repo_root().join("dist");
    // `cargo xtask build` with no arguments.
    crate::site::cmd_build(&zhuanjie_cli::args::Parsed::default())?;
    let app = dist.join("app");
    let entries =
        std::fs::read_dir(&app).map_err(|e| format!("无法读取 {}：{e}", app.display()))?;
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.extension().is_some_and(|x| x == "wasm") {
            let bytes =
                std::fs::read(&path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
            let s = crate::app_build::WasmSizes::of(&bytes)?;
            println!(
                "wasm {}：原始 {:.1} KB，gzip {:.1} KB，brotli {:.1} KB",
                path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
                s.raw as f64 / 1024.0,
                s.gzip as f64 / 1024.0,
                s.brotli as f64 / 1024.0
            );
        }
    }
    let status = Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "e2e", "--release", "--bin", "tti"])
        .current_dir(crate::repo_root())
        .status()
        .map_err(|e| format!("无法运行首题可交互基准：{e}"))?;
    if !status.success() {
        return Err(format!("首题可交互基准失败（{status}）"));
    }
    let status = Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "e2e", "--release", "--bin", "simbench"])
        .current_dir(crate::repo_root())
        .status()
        .map_err(|e| format!("无法运行模拟器基准：{e}"))?;
    if !status.success() {
        return Err(format!("模拟器基准失败（{status}）"));
    }
    Ok(())
}
