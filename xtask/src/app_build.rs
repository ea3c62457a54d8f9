//! Builds the Leptos app (app/web) with trunk and installs it into `dist/app/` in a form
//! that loads over HTTP(S) with a streaming compile and from `file://` as well.
//!
//! The app is built with wasm-bindgen's `no-modules` target (a classic script; Chromium
//! refuses ES-module imports over `file://`). Each bundle is one script, `<bin>.js`: the
//! glue plus the site's app loader (`zhuanjie_site::assets::APP_LOADER`, in
//! `app/site/assets/app-loader.js`). Over HTTP(S) the loader fetches `<bin>_bg.wasm` and
//! compiles it while it streams; only under `file://` (where fetch cannot read files) does it
//! inject `<bin>_bg.wasm.js`, the same bytes as base64, and decode them.
//!
//! Output in `dist/app/` (the manifest lists the scripts, relative to `dist/`, in load order):
//!
//! | file                          | what                                                      |
//! |-------------------------------|-----------------------------------------------------------|
//! | `zhuanjie-checker.js`         | the checker's glue and loader (the only script its page names) |
//! | `zhuanjie-checker_bg.wasm`    | the checker's wasm, fetched and compiled as it streams    |
//! | `zhuanjie-checker_bg.wasm.js` | the same wasm as base64, injected only under file://      |
//! | `zhuanjie-tracker.*`, `zhuanjie-sim.*`, `zhuanjie-sheets.*` | the same for the tracker, the admin simulator and its spreadsheet bundle |
//! | `app-manifest.json`           | the scripts in load order, each with the pages that load it |
//!
//! Four bundles, so that each page loads only the code it needs: `checker.html` loads
//! `zhuanjie-checker` and `tracker.html` `zhuanjie-tracker` (both kept small, see
//! `tests/tests/wasm_budget.rs`); `simulator.html` loads `zhuanjie-sim` (`src/sim/`), which
//! injects `zhuanjie-sheets` (spreadsheet reading and writing) only when an admin first
//! picks a roster or asks for an .xlsx. No page names that one: its loader compiles it and
//! sets a global to a promise of its exports instead of mounting an app.
//!
//! `app-manifest.json` uses the site generator's format (see the crate docs of `zhuanjie_site`): a JSON list of
//! `{"src": "app/….js", "module": false, "pages": [...]}` — classic scripts, relative to
//! `dist/`, in load order, each loaded by the listed app pages. A host page includes them
//! (as `<script defer>` or plain; the loader waits for the DOM) and has
//! `<div id="app" data-page="checker|tracker|admin">`. Nothing is inline, so a CSP of
//! `script-src 'self' 'wasm-unsafe-eval'` suffices.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use zhuanjie_site::assets;

use crate::repo_root;
use crate::setup;

/// One wasm bundle: a binary of app/web, its trunk target, and the app pages that load it.
pub struct Bundle {
    /// The binary's name, which names trunk's output files.
    pub bin: &'static str,
    /// The trunk target (an HTML file in app/web naming the binary).
    target: &'static str,
    /// The app pages whose HTML names this bundle's script. Empty for a bundle loaded on
    /// demand: no page names it, it is not in `app-manifest.json`, and its loader publishes
    /// the bundle's exports (see [`Bundle::on_demand_global`]) instead of mounting an app.
    pub pages: &'static [&'static str],
}

impl Bundle {
    /// The script holding the wasm as base64 (for file:// only), relative to `dist/app/`.
    /// Named `*.wasm.js`: the service worker does not precache these (see `zhuanjie_site`'s `offline`).
    fn embedded(&self) -> String {
        format!("{}_bg.wasm.js", self.bin)
    }

    /// The global the base64 script sets (one per bundle, so bundles never collide).
    fn embedded_global(&self) -> String {
        format!("__zhuanjieWasm_{}", self.bin.replace('-', "_"))
    }

    /// Loaded on demand by another bundle rather than named by a page.
    pub fn on_demand(&self) -> bool {
        self.pages.is_empty()
    }

    /// For a bundle loaded on demand: the global its script sets to a promise of the
    /// bundle's exports (`__zhuanjieBundle_zhuanjie_sheets`; app/web/src/sim/sheets.rs
    /// reads it under that name).
    pub fn on_demand_global(&self) -> String {
        format!("__zhuanjieBundle_{}", self.bin.replace('-', "_"))
    }
}

pub const BUNDLES: [Bundle; 4] = [
    Bundle {
        bin: "zhuanjie-checker",
        target: "checker.html",
        pages: &["checker.html"],
    },
    Bundle {
        bin: "zhuanjie-tracker",
        target: "tracker.html",
        pages: &["tracker.html"],
    },
    Bundle {
        bin: "zhuanjie-sim",
        target: "sim.html",
        pages: &["simulator.html"],
    },
    // Reading and writing spreadsheets (calamine, rust_xlsxwriter, encoding_rs), which the
    // simulator loads the first time an admin picks a roster or asks for an .xlsx.
    Bundle {
        bin: "zhuanjie-sheets",
        target: "sheets.html",
        pages: &[],
    },
];

/// Build app/web and install it into `dist/app/` (replacing what was there).
// Called by the site build (`cargo xtask build` / `serve`).
#[allow(dead_code)]
pub fn build_app(dist: &Path) -> Result<(), String> {
    build_app_into(&dist.join("app"))
}

/// Build app/web and write the app files straight into `out` (replacing it), e.g.
/// `target/app-dist/`, which the site build then copies to `dist/app/`.
#[allow(dead_code)]
pub fn build_app_into(out: &Path) -> Result<(), String> {
    let start = Instant::now();
    setup::ensure_for_serve()?;
    let root = repo_root();
    let staging = root.join("target/web-dist");

    println!("== 构建应用（app/web，trunk --release）==");
    // trunk runs cargo with --offline: fetch first so a fresh checkout has every crate.
    run_step(
        "cargo fetch",
        setup::tool_command(&cargo())
            .arg("fetch")
            .current_dir(&root),
    )?;
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("无法清理 {}：{e}", out.display()))?;
    }
    std::fs::create_dir_all(out).map_err(|e| format!("无法创建 {}：{e}", out.display()))?;

    let mut entries: Vec<serde_json::Value> = Vec::new();
    for bundle in &BUNDLES {
        let staging = staging.join(bundle.bin);
        run_step(
            &format!("trunk build --release --offline {}", bundle.target),
            setup::tool_command("trunk")
                .args(["build", bundle.target, "--release", "--offline", "--dist"])
                .arg(&staging)
                .current_dir(root.join("app/web"))
                // Trunk's own update check would reach out to the network.
                .env("TRUNK_SKIP_VERSION_CHECK", "true")
                .env("NO_COLOR", "true"),
        )?;
        let glue_src = staging.join(format!("{}.js", bundle.bin));
        let wasm_src = staging.join(format!("{}_bg.wasm", bundle.bin));
        for file in [&glue_src, &wasm_src] {
            if !file.is_file() {
                return Err(format!(
                    "trunk 没有生成 {}。请检查 app/web/{} 中的 data-bindgen-target=\"no-modules\" 与 app/web/Trunk.toml 的 filehash = false。",
                    file.display(),
                    bundle.target
                ));
            }
        }
        if staging.join("snippets").exists() {
            return Err(
                "应用用到了 wasm-bindgen 的 JS 片段（snippets/），no-modules 目标与 file:// 加载不支持它们。请改用 web-sys / js-sys。"
                    .into(),
            );
        }
        let wasm = std::fs::read(&wasm_src)
            .map_err(|e| format!("无法读取 {}：{e}", wasm_src.display()))?;
        let glue = std::fs::read_to_string(&glue_src)
            .map_err(|e| format!("无法读取 {}：{e}", glue_src.display()))?;
        write(
            &out.join(format!("{}.js", bundle.bin)),
            bundle_script(&glue, bundle).as_bytes(),
        )?;
        write(&out.join(format!("{}_bg.wasm", bundle.bin)), &wasm)?;
        write(
            &out.join(bundle.embedded()),
            embedded_wasm_script(&wasm, bundle).as_bytes(),
        )?;
        if !bundle.on_demand() {
            entries.push(serde_json::json!({
                "src": format!("app/{}.js", bundle.bin),
                "module": false,
                "pages": bundle.pages,
            }));
        }
        let sizes = WasmSizes::of(&wasm)?;
        println!(
            "  {} 的 wasm：原始 {}，gzip {}，brotli {}（{}）",
            bundle.bin,
            kb(sizes.raw),
            kb(sizes.gzip),
            kb(sizes.brotli),
            if bundle.on_demand() {
                "按需载入".to_string()
            } else {
                format!("页面：{}", bundle.pages.join("、"))
            }
        );
    }
    let manifest = serde_json::to_string_pretty(&entries)
        .map_err(|e| format!("无法生成 app-manifest.json：{e}"))?;
    write(
        &out.join("app-manifest.json"),
        format!("{manifest}\n").as_bytes(),
    )?;
    println!("应用已写入 {}（{}）", out.display(), format_secs(start));
    Ok(())
}

/// Sizes of a wasm file as shipped: raw, gzip -9 and brotli q11.
#[derive(Clone, Copy, Debug)]
pub struct WasmSizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl WasmSizes {
    pub fn of(bytes: &[u8]) -> Result<WasmSizes, String> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(bytes)
            .map_err(|e| format!("gzip 压缩失败：{e}"))?;
        let gzip = gz
            .finish()
            .map_err(|e| format!("gzip 压缩失败：{e}"))?
            .len();
        let mut br = Vec::new();
        {
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 22,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)
                .map_err(|e| format!("brotli 压缩失败：{e}"))?;
        }
        Ok(WasmSizes {
            raw: bytes.len(),
            gzip,
            brotli: br.len(),
        })
    }
}

/// `<bin>_bg.wasm.js`: the wasm bytes as base64 in a global, for the loader under file://.
fn embedded_wasm_script(wasm: &[u8], bundle: &Bundle) -> String {
    format!(
        "// Generated by `cargo xtask build`: the wasm of {}, base64, for file:// (fetch cannot read files there).\nglobalThis.{} = \"{}\";\n",
        bundle.bin,
        bundle.embedded_global(),
        zhuanjie_core::base64::encode(wasm)
    )
}

/// `<bin>.js`, the one script an app page loads: wasm-bindgen's no-modules glue and the
/// loader, wrapped in a function so that the glue's `let wasm_bindgen` stays local (two
/// bundles can share a page; nothing leaks into the global scope).
fn bundle_script(glue: &str, bundle: &Bundle) -> String {
    let start = if bundle.on_demand() {
        assets::APP_LOADER_ON_DEMAND_START.replace("__EXPORTS__", &bundle.on_demand_global())
    } else {
        assets::APP_LOADER_PAGE_START.to_string()
    };
    let boot = assets::APP_LOADER
        .replace("__START__", &start)
        .replace("__WASM__", &format!("{}_bg.wasm", bundle.bin))
        .replace("__EMBEDDED__", &bundle.embedded())
        .replace("__GLOBAL__", &bundle.embedded_global());
    format!(
        "// Generated by `cargo xtask build` (xtask/src/app_build.rs): wasm-bindgen's glue for {bin}, then its loader.\n(function () {{\n{glue};\n\n{boot}}})();\n",
        bin = bundle.bin,
        // The glue ends in an expression without `;`: the loader's `(` would call it.
        glue = glue.trim_end().trim_end_matches(';'),
    )
}

fn run_step(label: &str, command: &mut Command) -> Result<(), String> {
    let start = Instant::now();
    println!("-> {label}");
    let status = command
        .status()
        .map_err(|e| format!("无法运行 {label}：{e}。请先运行 `cargo xtask setup`。"))?;
    if !status.success() {
        return Err(format!("{label} 失败（{status}），见上方输出。"));
    }
    println!("   完成（{}）", format_secs(start));
    Ok(())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn format_secs(start: Instant) -> String {
    format!("{:.1} 秒", start.elapsed().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_measured() {
        let data = vec![7u8; 10_000];
        let sizes = WasmSizes::of(&data).unwrap();
        assert_eq!(sizes.raw, 10_000);
        assert!(sizes.gzip < 200 && sizes.brotli < 200, "{sizes:?}");
    }
}
