//! The engine's command line (product.md "Interfaces that others rely on"): `check`,
//! `states`, `metrics`. JSON on stdout; a Chinese message naming the problem on stderr and
//! a non-zero exit on bad input. A thin adapter: every decision is `zhuanjie_core`'s.

use std::io::Read;

use chrono::NaiveDate;
use zhuanjie_core::input::{self, file_label};
use zhuanjie_core::{metrics, rules, Answers, Workspace};

/// Why reading or writing a file failed, in Chinese (io::Error speaks English).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件不存在（请检查路径和文件名）".into(),
        K::PermissionDenied => "没有权限".into(),
        K::IsADirectory => "这是一个文件夹，不是文件".into(),
        K::NotADirectory => "路径中的某一级不是文件夹".into(),
        K::StorageFull => "磁盘已满".into(),
        K::ReadOnlyFilesystem => "所在的磁盘是只读的".into(),
        K::BrokenPipe => "输出已被关闭".into(),
        K::InvalidFilename => "文件名不合法".into(),
        K::FileTooLarge => "文件太大".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("系统错误（代码 {code}）"),
            None => "系统错误".into(),
        },
    }
}

/// The text of a JSON input file, or of standard input for `-` (or no file): a BOM is
/// fine, UTF-16 is decoded, and anything else gets a Chinese message naming the file.
pub fn read_input(path: Option<&str>) -> Result<String, String> {
    let (name, bytes) = match path {
        None | Some(input::STDIN) => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("无法读取标准输入：{}", io_reason(&e)))?;
            (input::STDIN, bytes)
        }
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("无法读取{}：{}", file_label(path), io_reason(&e)))?;
            (path, bytes)
        }
    };
    input::file_text(name, bytes).map_err(|e| e.to_string())
}

/// Streams the JSON to stdout (a million members' report is hundreds of MB: it is never
/// built as one string).
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match serde_json::to_writer_pretty(&mut out, value) {
        Ok(()) => writeln!(out).and_then(|()| out.flush()),
        // The write's own error (serde_json hands it back unwrapped).
        Err(e) if e.is_io() => Err(std::io::Error::from(e)),
        Err(e) => return Err(format!("无法输出 JSON：{e}")),
    };
    match written {
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("无法输出：{}", io_reason(&e)))
        }
        _ => Ok(()),
    }
}

/// Parses `[positional] [--at DATE] [--region ID]` style arguments.
struct Args {
    positional: Vec<String>,
    at: Option<NaiveDate>,
    region: Option<String>,
}

fn parse_args(args: &[String], allowed: &[&str]) -> Result<Args, String> {
    let mut out = Args {
        positional: Vec::new(),
        at: None,
        region: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            flag @ ("--at" | "--region") if allowed.contains(&flag) => {
                let value = iter.next().ok_or_else(|| format!("{flag} 后面缺少取值"))?;
                if flag == "--at" {
                    out.at = Some(NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
                        format!("--at 的取值「{value}」不是有效日期（应为 YYYY-MM-DD）")
                    })?);
                } else {
                    out.region = Some(value.clone());
                }
            }
            flag if flag.starts_with("--") => return Err(format!("不认识的参数 {flag}")),
            other => out.positional.push(other.to_string()),
        }
    }
    Ok(out)
}

/// `cargo xtask check [FILE|-]`
pub fn check(args: &[String]) -> Result<(), String> {
    let args = parse_args(args, &[])?;
    if args.positional.len() > 1 {
        return Err("check 只接受一个答案文件（或 - 表示标准输入）".into());
    }
    let path = args.positional.first().map(String::as_str);
    let text = read_input(path)?;
    // From a file, the message names it; from standard input, the answers are the input.
    let named = |e: zhuanjie_core::AnswerError| match path {
        None | Some(input::STDIN) => e.to_string(),
        Some(path) => format!("{}中的{e}", file_label(path)),
    };
    let answers = Answers::from_json(&text).map_err(named)?;
    let outcome = rules::evaluate(&answers).map_err(named)?;
    print_json(&outcome)
}

fn load_workspace(args: &Args, command: &str) -> Result<Workspace, String> {
    let usage = format!("用法：cargo xtask {command} WORKSPACE.json …（见 cargo xtask help）");
    let path = match args.positional.as_slice() {
        [path] => path,
        [] => return Err(format!("缺少工作区文件。{usage}")),
        more => {
            return Err(format!(
                "{command} 只接受一个工作区文件，收到 {} 个：{}。{usage}",
                more.len(),
                more.join("、")
            ))
        }
    };
    read_workspace(path)
}

/// A workspace file (`-` for standard input), read and validated, or every problem with
/// the file named.
pub fn read_workspace(path: &str) -> Result<Workspace, String> {
    let text = read_input(Some(path))?;
    Workspace::from_json(&text)
        .map_err(|e| format!("{}：{}", file_label(path), e.to_string().trim_end()))
}

/// `cargo xtask states WORKSPACE.json [--at YYYY-MM-DD]`
pub fn states(args: &[String]) -> Result<(), String> {
    let args = parse_args(args, &["--at"])?;
    let ws = load_workspace(&args, "states")?;
    let at = args.at.unwrap_or(ws.clock);
    #[derive(serde::Serialize)]
    struct Out {
        at: NaiveDate,
        edition: zhuanjie_core::Edition,
        applications: Vec<zhuanjie_core::workspace::AppState>,
    }
    print_json(&Out {
        at,
        edition: ws.edition,
        applications: ws.states_at(at),
    })
}

/// `cargo xtask metrics WORKSPACE.json [--region ORG_ID] [--at YYYY-MM-DD]
/// [--format json|csv|xlsx] [--out FILE] [--personal-data]`
pub fn metrics(args: &[String]) -> Result<(), String> {
    let (sheet, args) = crate::roster_cli::take_sheet_args(args)?;
    let args = parse_args(&args, &["--at", "--region"])?;
    let ws = load_workspace(&args, "metrics")?;
    let at = args.at.unwrap_or(ws.clock);
    if !matches!(sheet.format, crate::roster_cli::Format::Json) {
        return crate::roster_cli::metrics_sheets(&ws, args.region.as_deref(), at, &sheet);
    }
    let result = metrics::compute(&ws, args.region.as_deref(), at).map_err(|e| e.to_string())?;
    print_json(&result)
}

/// `cargo xtask sample [--edition 2021|2019] [--members N] [--seed N]`: prints a synthetic
/// workspace (the shipped samples and the benchmark rosters come from here).
pub fn sample(args: &[String]) -> Result<(), String> {
    let mut edition = zhuanjie_core::Edition::E2021;
    let mut members = 60usize;
    let mut seed = 7u64;
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        if !matches!(flag.as_str(), "--edition" | "--members" | "--seed") {
            return Err(format!(
                "不认识的参数 {flag}\n用法：cargo xtask sample [--edition 2021|2019] [--members N] [--seed N]"
            ));
        }
        let value = iter.next().ok_or_else(|| format!("{flag} 后面缺少取值"))?;
        match flag.as_str() {
            "--edition" => {
                edition = zhuanjie_core::Edition::from_code(value)
                    .ok_or_else(|| format!("--edition 的取值「{value}」应为 2021 或 2019"))?
            }
            "--members" => {
                members = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=5_000_000).contains(n))
                    .ok_or_else(|| format!("--members 的取值「{value}」应为 1 到 5000000 的整数"))?
            }
            "--seed" => {
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed 的取值「{value}」应为整数"))?
            }
            other => return Err(format!("不认识的参数 {other}")),
        }
    }
    let ws = zhuanjie_core::synth::school(members, edition, seed);
    println!("{}", ws.to_json());
    Ok(())
}
