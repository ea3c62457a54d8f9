//! The app's wasm must stay small after brotli (quality 11), which is what a static host
//! serves to a phone: the checker's bundle at most 200 KB, the admin simulator's own bundle
//! at most 700 KB (it reads and writes spreadsheets); and each page references only its own bundle (guide pages none). Reads
//! the built `dist/` (`cargo xtask build`).
//!
//! The dist directory is `$ZHUANJIE_DIST` or `<repo>/dist`. When it has no wasm the test
//! fails under CI or with `ZHUANJIE_REQUIRE_DIST` set (as `cargo xtask test` runs it), and
//! otherwise says it was skipped, so a plain engine-only `cargo test` needs no wasm build.

use std::path::PathBuf;

/// (wasm file, brotli budget in bytes).
const BUDGETS: [(&str, usize); 2] = [
    ("zhuanjie-web_bg.wasm", 200 * 1024),
    // Includes the spreadsheet readers and writers (calamine, rust_xlsxwriter, encoding_rs).
    ("zhuanjie-sim_bg.wasm", 700 * 1024),
];

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
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let budget = BUDGETS
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, b)| *b)
            .unwrap_or_else(|| panic!("{name}：没有为这个 wasm 定预算"));
        let bytes = std::fs::read(&path).expect("wasm is readable");
        let compressed = brotli_len(&bytes);
        eprintln!(
            "{}：原始 {:.1} KB，brotli {:.1} KB（预算 {} KB）",
            path.display(),
            bytes.len() as f64 / 1024.0,
            compressed as f64 / 1024.0,
            budget / 1024
        );
        assert!(
            compressed <= budget,
            "{} 经 brotli 压缩后为 {compressed} 字节，超过 {budget} 字节的预算。",
            path.display()
        );
    }
    // Each page loads only the code it needs.
    let page = |name: &str| std::fs::read_to_string(dist_dir().join(name)).unwrap_or_default();
    for checker_page in ["checker.html", "tracker.html"] {
        let html = page(checker_page);
        assert!(
            html.contains("app/zhuanjie-wasm.js"),
            "{checker_page} 应加载检查器的包"
        );
        assert!(
            !html.contains("zhuanjie-sim"),
            "{checker_page} 不应加载模拟器的包"
        );
    }
    let sim = page("simulator.html");
    assert!(sim.contains("app/zhuanjie-sim-wasm.js") && !sim.contains("app/zhuanjie-wasm.js"));
    for guide in ["index.html", "steps.html", "faq/index.html"] {
        assert!(!page(guide).contains("app/"), "{guide} 不应加载任何 wasm");
    }
}
