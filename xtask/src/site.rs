//! `cargo xtask build` and `cargo xtask serve`: the command wrappers around the guide-site
//! generator (`zhuanjie_site`, app/site). Building the app first (trunk, [`crate::app_build`])
//! and installing tools are tooling, so they live here; the generator, its output format,
//! the app hook and the static server are the site crate's (see its crate docs).

mod sitebench;

use std::path::{Path, PathBuf};

use zhuanjie_cli::args::Parsed;
use zhuanjie_site::{build, serve, BuildOptions, BuildReport};

/// The options of `build` and `serve`, as their tables in `crate::commands` declare them
/// (`--port` is serve's only).
fn parse_build_args(args: &Parsed) -> (BuildOptions, Option<u16>, bool) {
    let mut opts = BuildOptions::defaults();
    if let Some(out) = args.get("--out") {
        opts.out = PathBuf::from(out);
    }
    if let Some(content) = args.get("--content") {
        opts.content = PathBuf::from(content);
    }
    opts.app = args.get("--app").map(PathBuf::from);
    let port = args.int("--port").map(|p| p as u16);
    (opts, port, args.has("--no-app"))
}

/// Builds the app into `target/app-dist/` (unless `--no-app` or `--app DIR` says otherwise),
/// which [`build`] then copies to `dist/app/`.
fn build_app_first(opts: &BuildOptions, skip_app: bool) -> Result<(), String> {
    if skip_app || opts.app.is_some() {
        return Ok(());
    }
    crate::app_build::build_app_into(&zhuanjie_site::default_app_dir())
}

pub fn cmd_build(args: &Parsed) -> Result<(), String> {
    let (opts, _, skip_app) = parse_build_args(args);
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

pub fn cmd_serve(args: &Parsed) -> Result<(), String> {
    let (opts, port, skip_app) = parse_build_args(args);
    if !skip_app {
        crate::setup::ensure_for_serve()?;
    }
    build_app_first(&opts, skip_app)?;
    let report = build(&opts)?;
    print_report(&opts.out, &report);
    serve::serve(&opts.out, port.unwrap_or(8000))
}

/// `cargo xtask bench` figures for the site.
pub fn bench() -> Result<(), String> {
    sitebench::run()
}
