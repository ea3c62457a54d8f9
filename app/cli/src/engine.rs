//! The engine's command line (product.md "Interfaces that others rely on"): `check`,
//! `states`, `metrics`, `sample`, and the file reading and JSON printing every command
//! shares. A thin adapter: every decision is `zhuanjie_core`'s.

use std::io::Read;

use chrono::NaiveDate;
use zhuanjie_core::input::{self, file_label};
use zhuanjie_core::{metrics, rules, Answers, Workspace};

use crate::args::Parsed;

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

/// `check [FILE|-]`
pub fn check(args: &Parsed) -> Result<(), String> {
    let path = args.positional.as_deref();
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

/// The workspace the positional argument names (the parser has made sure there is one).
fn load_workspace(args: &Parsed) -> Result<Workspace, String> {
    read_workspace(args.positional.as_deref().unwrap_or(input::STDIN))
}

/// A workspace file (`-` for standard input), read and validated, or every problem with
/// the file named.
pub fn read_workspace(path: &str) -> Result<Workspace, String> {
    let text = read_input(Some(path))?;
    Workspace::from_json(&text)
        .map_err(|e| format!("{}：{}", file_label(path), e.to_string().trim_end()))
}

/// `states WORKSPACE.json [--at YYYY-MM-DD]`
pub fn states(args: &Parsed) -> Result<(), String> {
    let ws = load_workspace(args)?;
    let at = args.date("--at").unwrap_or(ws.clock);
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

/// `metrics WORKSPACE.json [--region ORG_ID] [--at YYYY-MM-DD]
/// [--format json|csv|xlsx] [--out FILE] [--personal-data]`
pub fn metrics(args: &Parsed) -> Result<(), String> {
    let sheet = crate::roster::sheet_args(args)?;
    let ws = load_workspace(args)?;
    let at = args.date("--at").unwrap_or(ws.clock);
    let region = args.get("--region");
    if !matches!(sheet.format, crate::roster::Format::Json) {
        let input = args.positional.as_deref().unwrap_or(input::STDIN);
        return crate::roster::metrics_sheets(input, &ws, region, at, &sheet);
    }
    let result = metrics::compute(&ws, region, at).map_err(|e| e.to_string())?;
    print_json(&result)
}

/// `pending WORKSPACE.json [--region ORG] [--at DATE] [--format json|csv|xlsx] [--out FILE]
/// [--personal-data]`: the chase list (`chase::chase_list`); JSON carries the reminder texts
/// too, the sheets the two lists.
pub fn pending(args: &Parsed) -> Result<(), String> {
    let sheet = crate::roster::sheet_args(args)?;
    let ws = load_workspace(args)?;
    let at = args.date("--at").unwrap_or(ws.clock);
    let list = zhuanjie_core::chase::chase_list(&ws, args.get("--region"), at)
        .map_err(|e| e.to_string())?;
    if !matches!(sheet.format, crate::roster::Format::Json) {
        let input = args.positional.as_deref().unwrap_or(input::STDIN);
        return crate::roster::chase_sheets(input, &ws, &list, &sheet);
    }
    #[derive(serde::Serialize)]
    struct Reminders {
        by_org: Vec<String>,
        by_branch: Vec<String>,
    }
    #[derive(serde::Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        list: &'a zhuanjie_core::chase::ChaseList,
        reminders: Reminders,
    }
    let reminders = Reminders {
        by_org: list
            .groups
            .iter()
            .map(zhuanjie_core::chase::group_reminder)
            .collect(),
        by_branch: list
            .not_started
            .iter()
            .map(zhuanjie_core::chase::branch_reminder)
            .collect(),
    };
    print_json(&Out {
        list: &list,
        reminders,
    })
}

/// `report WORKSPACE.json [--region ORG] [--at DATE] [--since DATE] [--target PCT]
/// [--lowest N] [--rank xs|sx] [--format html|xlsx|json] [--out FILE]`: the bulletin
/// (`bulletin::bulletin`), as a standalone HTML page, a workbook or JSON.
pub fn report(args: &Parsed) -> Result<(), String> {
    use zhuanjie_core::bulletin::{self, Request};
    let ws = load_workspace(args)?;
    let at = args.date("--at").unwrap_or(ws.clock);
    let req = Request {
        region: args.get("--region"),
        at,
        since: args.date("--since"),
        target: args.int("--target").map(|p| p as f64 / 100.0),
        lowest: args.int("--lowest").map_or(5, |n| n as usize),
        rank_by: match args.get("--rank") {
            Some("sx") => zhuanjie_core::metrics::Side::Sx,
            _ => zhuanjie_core::metrics::Side::Xs,
        },
    };
    let b = bulletin::bulletin(&ws, &req).map_err(|e| e.to_string())?;
    let input = args.positional.as_deref().unwrap_or(input::STDIN);
    let out = args.get("--out");
    match args.get("--format") {
        Some("xlsx") => {
            crate::roster::write_book(input, out, &zhuanjie_roster::bulletin::bulletin_sheets(&b))
        }
        Some("json") => crate::roster::write_text(
            input,
            out,
            &format!("{}\n", serde_json::to_string_pretty(&b).unwrap_or_default()),
        ),
        _ => crate::roster::write_text(input, out, &zhuanjie_roster::bulletin::bulletin_html(&b)),
    }
}

/// `sample [--edition 2021|2019] [--members N] [--seed N]`: prints a synthetic workspace
/// (the shipped samples and the benchmark rosters come from here).
pub fn sample(args: &Parsed) -> Result<(), String> {
    let edition = args
        .get("--edition")
        .and_then(zhuanjie_core::Edition::from_code)
        .unwrap_or(zhuanjie_core::Edition::E2021);
    let members = args.int("--members").map_or(60, |n| n as usize);
    let seed = args.int("--seed").unwrap_or(7);
    let ws = zhuanjie_core::synth::school(members, edition, seed);
    crate::output::stdout(&format!("{}\n", ws.to_json()))
}
