//! `cargo xtask …`: the project's one entry point for building, serving, testing and
//! benchmarking, plus the engine's command line. Each command lives in its own module;
//! this file only dispatches. Errors are Chinese messages; any error exits non-zero.

mod app_build;
mod bench;
mod diagram;
mod engine_bench;
mod engine_cli;
mod fuzz;
mod roster_cli;
mod setup;
mod site;
mod test_cmd;

use std::process::ExitCode;

const USAGE: &str = "\
用法：cargo xtask <命令> [参数]

站点
  serve [--port N]        安装所需工具、构建站点并在 127.0.0.1 上提供服务
  build [--out DIR]       把 content/ 与应用构建到 dist/
测试与测量
  test                    安装所需工具并运行全部测试（引擎、站点、浏览器端到端）
  bench                   运行基准测量并打印数字
  fuzz [--seconds N] [--target NAME]…
                          覆盖率引导的模糊测试（libFuzzer）：每个目标 N 秒（默认 60），
                          新发现的输入并入 xtask/fuzz/corpus/
  setup                   只安装工具（幂等）
引擎命令行
  check [FILE|-]          读取检查器答案（JSON），输出结果（JSON）
  states WORKSPACE.json [--at YYYY-MM-DD]
                          输出每个申请在某日的状态
  metrics WORKSPACE.json [--region ORG_ID] [--at YYYY-MM-DD]
          [--format json|csv|xlsx] [--out FILE] [--personal-data]
                          输出 SX 与 XS；csv / xlsx 为未完成名单与下级组织表
  roster FILE [--sheet NAME] [--into WORKSPACE.json] [--parent ORG_ID] [--encoding utf-8|gbk]
                          读取花名册（.xlsx / .xls / .csv），输出导入报告；
                          带 --into 时把合并后的工作区写回该文件
  sample [--edition 2021|2019] [--members N] [--seed N]
                          输出一个合成的示例工作区（JSON）
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "check" => engine_cli::check(rest),
        "states" => engine_cli::states(rest),
        "metrics" => engine_cli::metrics(rest),
        "roster" => roster_cli::roster(rest),
        "sample" => engine_cli::sample(rest),
        "build" => site::cmd_build(rest),
        "serve" => site::cmd_serve(rest),
        "setup" => setup::cmd_setup(rest),
        "test" => test_cmd::run_all(rest),
        "bench" => bench::run(rest),
        "fuzz" => fuzz::run(rest),
        "__bench-engine-size" => engine_bench::size(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("未知命令「{other}」。\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误：{message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (xtask lives one level below it).
pub fn repo_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
