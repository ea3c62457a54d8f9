//! `cargo xtask …`: the project's one entry point for building, serving, testing and
//! benchmarking; the product's commands (check, states, metrics, roster, sample) run the
//! `zhuanjie` program's library code (`zhuanjie_cli`). Every command's arguments are
//! declared once, in `commands` (xtask's) and `zhuanjie_cli::COMMANDS`, and read by one
//! parser. Each command lives in its own module; this file only dispatches. Errors are
//! Chinese messages; any error exits non-zero.

mod app_build;
mod bench;
mod commands;
mod engine_bench;
mod fuzz;
mod setup;
mod site;
mod test_cmd;

use std::process::ExitCode;

use commands::PROG;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{}", commands::usage());
        return ExitCode::from(2);
    };
    if zhuanjie_cli::find(command).is_some() {
        return zhuanjie_cli::exit(zhuanjie_cli::run(PROG, command, rest));
    }
    let result = match (command.as_str(), commands::find(command)) {
        (_, Some(spec)) => zhuanjie_cli::args::run_with(PROG, spec, rest, |args| match spec.name {
            "build" => site::cmd_build(&args),
            "serve" => site::cmd_serve(&args),
            "setup" => setup::cmd_setup(),
            "test" => test_cmd::run_all(&args),
            "bench" => bench::run(),
            _ => fuzz::run(&args),
        }),
        ("__bench-engine-size", _) => engine_bench::size(rest),
        ("help" | "--help" | "-h", _) => {
            print!("{}", commands::help(rest));
            Ok(())
        }
        (other, _) => Err(format!("未知命令「{other}」。\n\n{}", commands::usage())),
    };
    zhuanjie_cli::exit(result)
}

/// The repository root (xtask lives one level below it).
pub fn repo_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
