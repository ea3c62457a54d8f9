//! The app's wasm must stay small: at most 200 KB after brotli (quality 11), which is what
//! a static host serves to a phone. Reads the built `dist/app/*.wasm` (`cargo xtask build`).
//!
//! The dist directory is `$ZHUANJIE_DIST` or `<repo>/dist`. When it has no wasm the test
//! fails under CI or with `ZHUANJIE_REQUIRE_DIST` set (as `cargo xtask test` runs it), and
//! otherwise says it was skipped, so a plain engine-only `cargo test` needs no wasm build.

use std::path::PathBuf;

const BUDGET_BROTLI_BYTES: usize = 200 * 1024;

fn dist_dir() -> PathBuf {
    match std::env::var_os("ZHUANJIE_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("tests/ lies inside the repository")
            .join("dist"),
    }
}

fn brotli_len(bytes: &[u8]) -> usize {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli compresses");
    out.len()
}

#[test]
fn app_wasm_fits_the_brotli_budget() {
    let app = dist_dir().join("app");
    let wasm_files: Vec<PathBuf> = std::fs::read_dir(&app)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "wasm"))
                .collect()
        })
        .unwrap_or_default();

    if wasm_files.is_empty() {
        let required =
            std::env::var_os("CI").is_some() || std::env::var_os("ZHUANJIE_REQUIRE_DIST").is_some();
        assert!(
            !required,
            "{} 中没有 .wasm：请先运行 `cargo xtask build`。",
            app.display()
        );
        eprintln!(
            "跳过：{} 中没有 .wasm（先运行 `cargo xtask build`；设置 ZHUANJIE_REQUIRE_DIST=1 则视为失败）。",
            app.display()
        );
        return;
    }

    for path in wasm_files {
        let bytes = std::fs::read(&path).expect("wasm is readable");
        let compressed = brotli_len(&bytes);
        eprintln!(
            "{}：原始 {:.1} KB，brotli {:.1} KB（预算 {} KB）",
            path.display(),
            bytes.len() as f64 / 1024.0,
            compressed as f64 / 1024.0,
            BUDGET_BROTLI_BYTES / 1024
        );
        assert!(
            compressed <= BUDGET_BROTLI_BYTES,
            "{} 经 brotli 压缩后为 {compressed} 字节，超过 {BUDGET_BROTLI_BYTES} 字节（200 KB）的预算。",
            path.display()
        );
    }
}
