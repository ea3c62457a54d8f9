//! The guide-site generator: `cargo xtask build` turns `content/` into `dist/`, and
//! `cargo xtask serve` builds and serves it on 127.0.0.1.
//!
//! # Output
//! Guides at the root (`guides/steps.md` → `steps.html`), FAQs under `faq/`, plus generated
//! pages: `index.html`, `faq/index.html`, `phones.html` (from `data/shanxi-phones.csv`),
//! `search.html` + `search-index.js`, `print.html`, `offline-fallback.html`, `404.html`, the app pages
//! `checker.html`, `tracker.html`, `simulator.html` (the admin simulator; `admin.html` is the
//! admin guide `content/guides/admin.md`), `manifest.webmanifest`, `sw.js`, `assets/`.
//! Every link is relative, so the whole site reads from `file://` with JavaScript off.
//!
//! # Hook for the app (checker / tracker / admin)
//! The app build puts its files in a directory with an `app-manifest.json` at its top; the
//! site build copies that directory to `dist/app/` and adds the listed files to the three app
//! pages (each has `<main>` → `<div id="app"></div>` and a `<noscript>` note). The directory
//! is, first found: `--app DIR`; `<repo>/target/app-dist/`; the `app/` of the previous
//! `dist/` if it holds an `app-manifest.json` (so building the app straight into
//! `dist/app/` and then re-running the site build works too).
//!
//! `app-manifest.json` is a JSON list of paths relative to `dist/` (so starting with `app/`):
//! - `"app/zhuanjie.js"` — a `<script type="module">` (what wasm-bindgen's `web` target
//!   needs); module scripts do not load from `file://`, the noscript/fallback text says so;
//! - `{"src": "app/x.js", "module": false}` — a classic `<script defer>`;
//! - either object form may carry `"pages": ["simulator.html"]`: only those app pages load it
//!   (each page loads only its own bundle);
//! - `{"css": "app/x.css"}` — a stylesheet.
//!
//! Pages carry a CSP of `default-src 'self'`, so the app must not use inline scripts (trunk's
//! generated index.html bootstrap does not apply; ship a small `.js` that imports and starts
//! the wasm). App pages also allow `'wasm-unsafe-eval'`. Without a manifest the pages show a
//! note that the interactive tool is not built in this copy.
//!
//! # Offline
//! [`finalize_offline`] (re)writes `sw.js` with every file in `dist/` in its precache list and a
//! cache name hashed from all file contents. The build calls it last; anything that adds files
//! to a built `dist/` afterwards must call it again.

mod content;
mod embed;
mod layout;
mod markdown;
mod offline;
mod pages;
pub mod search;
mod serve;
mod sitebench;

#[cfg(test)]
mod tests;

pub use offline::finalize_offline;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const APP_MANIFEST: &str = "app-manifest.json";

pub struct BuildOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    /// The app build's output directory (see the module docs); None = look in the defaults.
    pub app: Option<PathBuf>,
}

impl BuildOptions {
    pub fn defaults() -> Self {
        let root = crate::repo_root();
        BuildOptions {
            content: root.join("content"),
            out: root.join("dist"),
            app: None,
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

/// One generated file, path relative to dist/.
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

fn parse_build_args(args: &[String]) -> Result<(BuildOptions, Option<u16>, bool), String> {
    let mut opts = BuildOptions::defaults();
    let mut port = None;
    let mut skip_app = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("参数 {name} 后面缺少值"))
        };
        match a.as_str() {
            "--out" => opts.out = PathBuf::from(value("--out")?),
            "--content" => opts.content = PathBuf::from(value("--content")?),
            "--app" => opts.app = Some(PathBuf::from(value("--app")?)),
            "--no-app" => skip_app = true,
            "--port" => {
                let v = value("--port")?;
                port = Some(
                    v.parse()
                        .map_err(|_| format!("端口「{v}」不是 1–65535 的整数"))?,
                );
            }
            other => return Err(format!("未知参数「{other}」")),
        }
    }
    Ok((opts, port, skip_app))
}

/// Builds the app into `target/app-dist/` (unless `--no-app` or `--app DIR` says otherwise),
/// which [`build`] then copies to `dist/app/`.
fn build_app_first(opts: &BuildOptions, skip_app: bool) -> Result<(), String> {
    if skip_app || opts.app.is_some() {
        return Ok(());
    }
    crate::app_build::build_app_into(&crate::repo_root().join("target").join("app-dist"))
}

pub fn cmd_build(args: &[String]) -> Result<(), String> {
    let (opts, port, skip_app) = parse_build_args(args)?;
    if port.is_some() {
        return Err("build 不接受 --port（那是 serve 的参数）".into());
    }
    build_app_first(&opts, skip_app)?;
    let report = build(&opts)?;
    print_report(&opts.out, &report);
    Ok(())
}

fn print_report(out: &Path, r: &BuildReport) {
    println!(
        "已构建 {} 个页面、{} 个文件（{:.1} KB），用时 {} 毫秒 → {}",
        r.pages,
        r.files,
        r.bytes as f64 / 1024.0,
        r.elapsed.as_millis(),
        out.display()
    );
}

pub fn cmd_serve(args: &[String]) -> Result<(), String> {
    let (opts, port, skip_app) = parse_build_args(args)?;
    if !skip_app {
        crate::setup::ensure_for_serve()?;
    }
    build_app_first(&opts, skip_app)?;
    let report = build(&opts)?;
    print_report(&opts.out, &report);
    serve::serve(&opts.out, port.unwrap_or(8000))
}

/// The app bundle to include, if any: (directory, its parsed manifest).
fn find_app(opts: &BuildOptions) -> Result<Option<(PathBuf, Vec<pages::AppEntry>)>, String> {
    let candidates: Vec<PathBuf> = match &opts.app {
        Some(dir) => vec![dir.clone()],
        None => vec![
            crate::repo_root().join("target").join("app-dist"),
            opts.out.join("app"),
        ],
    };
    for dir in candidates {
        let manifest = dir.join(APP_MANIFEST);
        if !manifest.is_file() {
            if opts.app.is_some() {
                return Err(format!("应用目录 {} 中没有 {APP_MANIFEST}", dir.display()));
            }
            continue;
        }
        let entries = pages::parse_app_manifest(&dir)?;
        return Ok(Some((dir, entries)));
    }
    Ok(None)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("无法创建 {}：{e}", to.display()))?;
    let rd = fs::read_dir(from).map_err(|e| format!("无法读取 {}：{e}", from.display()))?;
    for e in rd.filter_map(|e| e.ok()) {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest)?;
        } else {
            fs::copy(&p, &dest).map_err(|e| format!("无法复制 {}：{e}", p.display()))?;
        }
    }
    Ok(())
}

/// Builds the site into `opts.out`. Generates everything in memory first, writes into a
/// sibling `*.tmp` directory, then swaps it in: a failed build never leaves a half-written dist.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, String> {
    let start = Instant::now();
    let app = find_app(opts)?;
    let (files, page_count) = pages::generate(&opts.content, app.as_ref().map(|a| a.1.as_slice()))
        .map_err(|errs| format!("构建失败，共 {} 处问题：\n{}", errs.len(), errs.join("\n")))?;
    let name = opts
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dist".into());
    let tmp = opts.out.with_file_name(format!("{name}.tmp"));
    let old = opts.out.with_file_name(format!("{name}.old"));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(|e| format!("无法清理 {}：{e}", tmp.display()))?;
    }
    let write = || -> Result<(), String> {
        for f in &files {
            let path = tmp.join(&f.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
            }
            fs::write(&path, &f.bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
        }
        if let Some((dir, entries)) = &app {
            copy_dir(dir, &tmp.join("app"))?;
            for entry in entries {
                if !tmp.join(entry.path()).is_file() {
                    return Err(format!(
                        "{} 列出的 {} 不在应用目录中",
                        dir.join(APP_MANIFEST).display(),
                        entry.path()
                    ));
                }
            }
        }
        finalize_offline(&tmp)
    };
    if let Err(e) = write() {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|e| format!("无法清理 {}：{e}", old.display()))?;
    }
    if opts.out.exists() {
        fs::rename(&opts.out, &old).map_err(|e| format!("无法替换 {}：{e}", opts.out.display()))?;
    }
    fs::rename(&tmp, &opts.out).map_err(|e| format!("无法写入 {}：{e}", opts.out.display()))?;
    let _ = fs::remove_dir_all(&old);
    let listed = offline::list_files(&opts.out)?;
    let bytes = listed
        .iter()
        .filter_map(|f| fs::metadata(opts.out.join(f)).ok())
        .map(|m| m.len())
        .sum();
    Ok(BuildReport {
        pages: page_count,
        files: listed.len(),
        bytes,
        elapsed: start.elapsed(),
    })
}

/// `cargo xtask bench` figures for the site.
pub fn bench() -> Result<(), String> {
    sitebench::run()
}
