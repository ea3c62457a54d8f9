//! Idempotent installation of the tools the build and tests need.
//!
//! Each step checks what is present first and is skipped when the right version is there;
//! a wrong version is reinstalled. Nothing is downloaded outside the package registries
//! (crates.io, npm, Debian): trunk never fetches its own tools, it finds them on the PATH
//! that [`tool_path_env`] builds. See `shared/docs/toolchain.md` for the recipe.
//!
//! - `rustup target add wasm32-unknown-unknown`
//! - trunk `~0.21` (`cargo install trunk --version '~0.21' --locked`)
//! - wasm-bindgen-cli at exactly the wasm-bindgen version in `Cargo.lock`
//!   (`cargo install wasm-bindgen-cli --version =X`, without `--locked`)
//! - binaryen 132 (wasm-opt) and axe-core (for the browser tests' accessibility checks)
//!   from npm into `tools/node_modules`
//! - chromium and chromedriver from Debian (tests only)

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::repo_root;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The trunk series we build with (0.22 needs a newer rustc than the machines have).
const TRUNK_SERIES: &str = "0.21.";
const TRUNK_REQ: &str = "~0.21";
/// The binaryen release pinned in tools/package.json; Trunk.toml says `version_132`.
const BINARYEN_MAJOR: &str = "132";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// `cargo xtask setup`: install everything (the wasm tools and the browser).
pub fn cmd_setup() -> Result<(), String> {
    ensure_for_test()
}

/// What `cargo xtask build` / `serve` need: the wasm target, trunk, wasm-bindgen-cli and
/// wasm-opt. Not the browser.
pub fn ensure_for_serve() -> Result<(), String> {
    ensure_build_tools(BUILD_STEPS.len())
}

/// Everything `cargo xtask test` needs: the build tools plus chromium and chromedriver.
pub fn ensure_for_test() -> Result<(), String> {
    let start = Instant::now();
    let total = BUILD_STEPS.len() + 1;
    ensure_build_tools(total)?;
    run_step(total, total, "chromium 与 chromedriver", ensure_browser)?;
    println!("全部工具就绪（共 {}）", seconds(start));
    Ok(())
}

/// One installation step: returns a short note on what it found or did.
type Step = fn() -> Result<String, String>;

const BUILD_STEPS: [(&str, Step); 4] = [
    ("Rust 目标 wasm32-unknown-unknown", ensure_wasm_target),
    ("trunk ~0.21", ensure_trunk),
    (
        "wasm-bindgen-cli（与 Cargo.lock 一致）",
        ensure_wasm_bindgen,
    ),
    (
        "npm 工具：binaryen 132（wasm-opt）与 axe-core",
        ensure_wasm_opt,
    ),
];

fn ensure_build_tools(total: usize) -> Result<(), String> {
    // Checked once per run: `serve`, `test` and `build_app` may all ask.
    static DONE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    if DONE.get().is_some() {
        return Ok(());
    }
    let start = Instant::now();
    println!("== 检查构建工具 ==");
    for (index, (label, step)) in BUILD_STEPS.iter().enumerate() {
        run_step(index + 1, total, label, *step)?;
    }
    println!("构建工具就绪（共 {}）", seconds(start));
    let _ = DONE.set(());
    Ok(())
}

/// The `PATH` to run trunk (and the tools it finds by `--version`) with: the project's
/// `tools/node_modules/.bin` (wasm-opt) and cargo's bin directory (trunk, wasm-bindgen)
/// before the inherited PATH.
pub fn tool_path_env() -> OsString {
    let mut dirs = vec![node_bin_dir()];
    if let Some(cargo_bin) = cargo_bin_dir() {
        dirs.push(cargo_bin);
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
}

/// A `Command` for `program` with [`tool_path_env`] as its PATH.
pub fn tool_command(program: &str) -> Command {
    let path = tool_path_env();
    let resolved = find_on_path(program, &path).unwrap_or_else(|| PathBuf::from(program));
    let mut command = Command::new(resolved);
    command.env("PATH", path);
    command
}

/// The wasm-bindgen version `Cargo.lock` resolved (the CLI must match it exactly).
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock_path = repo_root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|e| format!("无法读取 {}：{e}", lock_path.display()))?;
    lock_version(&lock, "wasm-bindgen").ok_or_else(|| {
        format!(
            "{} 中没有 wasm-bindgen。请先在仓库根目录运行 `cargo fetch`，让 app/web 的依赖写入锁文件。",
            lock_path.display()
        )
    })
}

// ---------------------------------------------------------------------------------------
// Steps. Each returns a short description of what it found or did.

fn run_step(number: usize, total: usize, label: &str, step: Step) -> Result<(), String> {
    let start = Instant::now();
    println!("[{number}/{total}] {label}……");
    match step() {
        Ok(note) => {
            println!("      {note}（{}）", seconds(start));
            Ok(())
        }
        Err(message) => Err(format!("{label}：{message}")),
    }
}

fn ensure_wasm_target() -> Result<String, String> {
    let installed = capture("rustup", &["target", "list", "--installed"]).map_err(|e| {
        format!("{e}\n需要 rustup 来安装 {WASM_TARGET} 目标（https://rustup.rs 的安装方式之外，也可用发行版的 rustup 包）。")
    })?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok("已安装，跳过".into());
    }
    println!("      正在安装：rustup target add {WASM_TARGET}");
    run("rustup", &["target", "add", WASM_TARGET])?;
    Ok("安装完成".into())
}

fn ensure_trunk() -> Result<String, String> {
    let found = tool_version("trunk");
    if let Some(version) = &found {
        if version.starts_with(TRUNK_SERIES) {
            return Ok(format!("已安装 trunk {version}，跳过"));
        }
        println!("      已安装的 trunk {version} 不是 {TRUNK_REQ}，重新安装（约 5–6 分钟）");
    } else {
        println!("      正在安装 trunk {TRUNK_REQ}（cargo install，约 5–6 分钟）");
    }
    cargo_install(&["trunk", "--version", TRUNK_REQ, "--locked", "--force"])?;
    match tool_version("trunk") {
        Some(v) if v.starts_with(TRUNK_SERIES) => Ok(format!("安装完成：trunk {v}")),
        other => Err(format!(
            "安装后 `trunk --version` 仍不是 {TRUNK_REQ}（得到 {other:?}）。请检查 PATH 中是否有别的 trunk。"
        )),
    }
}

fn ensure_wasm_bindgen() -> Result<String, String> {
    let wanted = locked_wasm_bindgen_version()?;
    check_trunk_toml_pins(&wanted)?;
    let found = tool_version("wasm-bindgen");
    if found.as_deref() == Some(wanted.as_str()) {
        return Ok(format!("已安装 wasm-bindgen {wanted}，跳过"));
    }
    match &found {
        Some(v) => println!("      已安装 {v}，Cargo.lock 需要 {wanted}：重新安装（约 2 分钟）"),
        None => println!("      正在安装 wasm-bindgen-cli {wanted}（cargo install，约 2 分钟）"),
    }
    // No --locked: the crate's own lockfile pins a version the registry no longer has.
    let exact = format!("={wanted}");
    cargo_install(&["wasm-bindgen-cli", "--version", &exact, "--force"])?;
    match tool_version("wasm-bindgen") {
        Some(v) if v == wanted => Ok(format!("安装完成：wasm-bindgen {v}")),
        other => Err(format!(
            "安装后 `wasm-bindgen --version` 不是 {wanted}（得到 {other:?}）。请检查 PATH 中是否有别的 wasm-bindgen。"
        )),
    }
}

/// app/web/Trunk.toml must name the same tool versions, or trunk refuses to build
/// offline; say so here, with the fix, instead of in trunk's words later.
fn check_trunk_toml_pins(wasm_bindgen: &str) -> Result<(), String> {
    let path = repo_root().join("app/web/Trunk.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let pinned = |key: &str| {
        text.lines()
            .map(str::trim)
            .filter(|line| !line.starts_with('#'))
            .find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
    };
    if let Some(p) = pinned("wasm_bindgen") {
        if p != wasm_bindgen {
            return Err(format!(
                "{} 的 [tools] wasm_bindgen = \"{p}\"，但 Cargo.lock 中 wasm-bindgen 为 {wasm_bindgen}。请把它改为 \"{wasm_bindgen}\"。",
                path.display()
            ));
        }
    }
    if let Some(p) = pinned("wasm_opt") {
        let want = format!("version_{BINARYEN_MAJOR}");
        if p != want {
            return Err(format!(
                "{} 的 [tools] wasm_opt = \"{p}\"，但 tools/package.json 安装的是 binaryen {BINARYEN_MAJOR}。请改为 \"{want}\"。",
                path.display()
            ));
        }
    }
    Ok(())
}

/// axe-core's browser build, which the browser tests inject to check accessibility.
pub const AXE_JS: &str = "tools/node_modules/axe-core/axe.min.js";

fn ensure_wasm_opt() -> Result<String, String> {
    let wasm_opt = node_bin_dir().join("wasm-opt");
    let axe_present = repo_root().join(AXE_JS).is_file();
    match wasm_opt_version(&wasm_opt) {
        Some(version) if version == BINARYEN_MAJOR && axe_present => {
            return Ok(format!(
                "已安装 wasm-opt version_{version} 与 axe-core，跳过"
            ));
        }
        Some(version) if version != BINARYEN_MAJOR => {
            println!("      tools/ 中的 wasm-opt 版本为 {version}，需要 {BINARYEN_MAJOR}：重新安装")
        }
        _ => {}
    }
    let tools = repo_root().join("tools");
    if find_on_path("npm", &tool_path_env()).is_none() {
        return Err(
            "找不到 npm。请先安装 Node.js 与 npm（Debian：apt-get install -y nodejs npm）。".into(),
        );
    }
    let args: &[&str] = if tools.join("package-lock.json").is_file() {
        &["ci", "--no-audit", "--no-fund"]
    } else {
        &["install", "--no-audit", "--no-fund"]
    };
    println!("      正在安装：npm {}（tools/）", args[0]);
    let status = tool_command("npm")
        .args(args)
        .current_dir(&tools)
        .status()
        .map_err(|e| format!("无法运行 npm：{e}"))?;
    if !status.success() {
        return Err(format!("npm {} 失败（{status}）。", args[0]));
    }
    if !repo_root().join(AXE_JS).is_file() {
        return Err(format!("npm 安装后仍找不到 {AXE_JS}。"));
    }
    match wasm_opt_version(&wasm_opt) {
        Some(v) if v == BINARYEN_MAJOR => Ok(format!("安装完成：wasm-opt version_{v} 与 axe-core")),
        other => Err(format!(
            "npm 安装后 {} 的版本不是 {BINARYEN_MAJOR}（得到 {other:?}）。",
            wasm_opt.display()
        )),
    }
}

/// A Chinese font, so the tests' screenshots show the text a reader sees (without one,
/// headless Chromium draws every character as a box).
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

fn ensure_browser() -> Result<String, String> {
    let present = Path::new(CHROMIUM).is_file()
        && Path::new(CHROMEDRIVER).is_file()
        && Path::new(CJK_FONT).is_file();
    if present {
        let version = capture(CHROMIUM, &["--version"]).unwrap_or_default();
        return Ok(format!("已安装 {}，跳过", version.trim()));
    }
    if !is_root() {
        return Err(format!(
            "缺少 {CHROMIUM} 或 {CHROMEDRIVER}，而安装需要 root 权限。请以 root 运行 `cargo xtask setup`，或手动执行：\n  sudo apt-get update && sudo apt-get install -y chromium chromium-driver fonts-wqy-microhei"
        ));
    }
    println!(
        "      正在安装：apt-get install chromium chromium-driver fonts-wqy-microhei（约 20 秒）"
    );
    // Wait for another apt/dpkg run (e.g. a colleague's) instead of failing on its lock.
    let lock_wait = "DPkg::Lock::Timeout=300";
    run("apt-get", &["-o", lock_wait, "update"])?;
    let status = Command::new("apt-get")
        .args([
            "-o",
            lock_wait,
            "install",
            "-y",
            "chromium",
            "chromium-driver",
            "fonts-wqy-microhei",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .map_err(|e| format!("无法运行 apt-get：{e}"))?;
    if !status.success() {
        return Err(format!("apt-get install 失败（{status}）。"));
    }
    if !(Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file()) {
        return Err(format!("安装后仍找不到 {CHROMIUM} 或 {CHROMEDRIVER}。"));
    }
    let version = capture(CHROMIUM, &["--version"]).unwrap_or_default();
    Ok(format!("安装完成：{}", version.trim()))
}

// ---------------------------------------------------------------------------------------
// Helpers.

/// `version = "…"` of the first `[[package]]` named `name` in a Cargo.lock.
fn lock_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == wanted {
            let next = lines.next()?;
            let version = next.strip_prefix("version = \"")?.strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

/// The version a tool prints as `NAME X.Y.Z …` for `--version`, if it runs.
fn tool_version(program: &str) -> Option<String> {
    let out = tool_command(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    parse_version_line(&String::from_utf8_lossy(&out.stdout))
}

fn parse_version_line(text: &str) -> Option<String> {
    text.split_whitespace()
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_string)
}

/// `wasm-opt version 132 (version_132)` → `132`.
fn wasm_opt_version(path: &Path) -> Option<String> {
    let out = Command::new(path).arg("--version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    parse_version_line(&String::from_utf8_lossy(&out.stdout))
}

fn cargo_install(args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .arg("install")
        .args(args)
        .status()
        .map_err(|e| format!("无法运行 {cargo} install：{e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo install {}` 失败（{status}）。",
            args.join(" ")
        ))
    }
}

fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .status()
        .map_err(|e| format!("无法运行 {program}：{e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` 失败（{status}）。", args.join(" ")))
    }
}

fn capture(program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("无法运行 {program}：{e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{program} {}` 失败：{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn node_bin_dir() -> PathBuf {
    repo_root().join("tools/node_modules/.bin")
}

fn cargo_bin_dir() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    Some(home.join("bin"))
}

fn find_on_path(program: &str, path: &OsString) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("Uid:"))
                .and_then(|rest| rest.split_whitespace().nth(1).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

fn seconds(start: Instant) -> String {
    format!("{:.1} 秒", start.elapsed().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_package_version_from_a_lockfile() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"x\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(lock_version(lock, "leptos"), None);
    }

    #[test]
    fn parses_tool_version_lines() {
        assert_eq!(
            parse_version_line("trunk 0.21.14\n").as_deref(),
            Some("0.21.14")
        );
        assert_eq!(
            parse_version_line("wasm-bindgen 0.2.130\n").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            parse_version_line("wasm-opt version 132 (version_132)\n").as_deref(),
            Some("132")
        );
        assert_eq!(parse_version_line("garbage"), None);
    }

    #[test]
    fn the_lockfile_pins_match_trunk_toml() {
        // Cargo.lock and app/web/Trunk.toml must agree, or offline builds fail.
        if let Ok(version) = locked_wasm_bindgen_version() {
            check_trunk_toml_pins(&version).unwrap();
        }
    }
}
