//! zhuanjie-site: the guide-site generator. [`build`] turns `content/` (Markdown with TOML
//! front matter, `site.toml`, data tables) into the static `dist/`; [`serve`] is the one
//! static file server (`cargo xtask serve` and the browser tests). The xtask commands
//! `build` / `serve` (xtask/src/site.rs) wrap it and build the app first.
//!
//! The pipeline, one function a stage: `load` → `check` → `link` (in `generate`), `render`
//! (in `pages`), [`emit`]. The crate decides nothing about the domain: outcome rows, question
//! texts and the flow diagram come from zhuanjie-core's tables (`rules::base_outcome`,
//! `flow::QUESTIONS`) through its public API.
//!
//! # Output
//! Guides at the root (`guides/steps.md` → `steps.html`), FAQs under `faq/`, plus generated
//! pages: `index.html`, `faq/index.html`, `phones.html` (from `data/shanxi-phones.csv`),
//! `search.html` + `search-index.js`, `print.html` (the graduate's pages) and `print-admin.html`
//! (the admins'), `for-admins.html` (管理员专区), `sources.html` (资料来源),
//! `offline-fallback.html`, `404.html`, the app pages
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
//! [`finalize_offline`] (re)writes `sw.js` with what a graduate needs offline in its precache
//! list (admin-only bundles and pages are cached on first use) and a cache name hashed from
//! all file contents. The build calls it last; anything that adds files
//! to a built `dist/` afterwards must call it again.

pub mod assets;
pub mod cite;
mod content;
mod diagram;
mod embed;
mod generate;
mod layout;
mod markdown;
mod offline;
mod pages;
pub mod search;
pub mod serve;
pub mod url;

#[cfg(test)]
mod tests;

pub use generate::generate;
pub use offline::finalize_offline;
pub use pages::AppEntry;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const APP_MANIFEST: &str = "app-manifest.json";

/// The repository root (this crate lives at `app/site`): content paths in messages are
/// shown relative to it, and [`BuildOptions::defaults`] and [`default_app_dir`] lie in it.
fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(2)
        .unwrap_or(manifest)
        .to_path_buf()
}

/// Where the app build writes by default (`<repo>/target/app-dist/`), the first place
/// [`build`] looks for an app when `BuildOptions::app` is None.
pub fn default_app_dir() -> PathBuf {
    repo_root().join("target").join("app-dist")
}

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

/// The app bundle to include, if any: (directory, its parsed manifest).
fn find_app(opts: &BuildOptions) -> Result<Option<(PathBuf, Vec<AppEntry>)>, String> {
    let candidates: Vec<PathBuf> = match &opts.app {
        Some(dir) => vec![dir.clone()],
        None => vec![default_app_dir(), opts.out.join("app")],
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

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
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

/// Builds the site into `opts.out`: [`generate`]s everything in memory, then [`emit`]s it.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, String> {
    let start = Instant::now();
    let app = find_app(opts)?;
    let (files, page_count) = generate(&opts.content, app.as_ref().map(|a| a.1.as_slice()))
        .map_err(|errs| format!("构建失败，共 {} 处问题：\n{}", errs.len(), errs.join("\n")))?;
    emit(&opts.out, &files, app.as_ref())?;
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

/// Stage 5, emit: writes the files into a sibling `*.tmp` directory, copies the app into its
/// `app/`, [`finalize_offline`]s it, then swaps it in for `out`: a failed build never leaves
/// a half-written dist.
pub fn emit(
    out: &Path,
    files: &[OutFile],
    app: Option<&(PathBuf, Vec<AppEntry>)>,
) -> Result<(), String> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dist".into());
    let tmp = out.with_file_name(format!("{name}.tmp"));
    let old = out.with_file_name(format!("{name}.old"));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(|e| format!("无法清理 {}：{e}", tmp.display()))?;
    }
    let write = || -> Result<(), String> {
        for f in files {
            let path = tmp.join(&f.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
            }
            fs::write(&path, &f.bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
        }
        if let Some((dir, entries)) = app {
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
    if out.exists() {
        fs::rename(out, &old).map_err(|e| format!("无法替换 {}：{e}", out.display()))?;
    }
    fs::rename(&tmp, out).map_err(|e| format!("无法写入 {}：{e}", out.display()))?;
    let _ = fs::remove_dir_all(&old);
    Ok(())
}
