//! `roster …` (a spreadsheet roster in, an import report out, and with `--into`
//! the merged workspace written back) and the spreadsheet forms of `metrics`
//! (`--format csv|xlsx`). Thin adapters over `zhuanjie_roster`: every decision is the
//! library's or the engine's. Chinese messages on stderr, non-zero exit on failure.

use std::path::Path;

use crate::args::Parsed;
use crate::engine::io_reason;
use chrono::NaiveDate;
use zhuanjie_core::commands;
use zhuanjie_core::input::file_label;
use zhuanjie_core::workspace::{Org, OrgKind};
use zhuanjie_core::{metrics, season, Edition, Workspace};
use zhuanjie_roster::{plan_import_files, read_table, Encoding, RosterFile};

/// How many bad rows are also spelled out on stderr (all of them are in the JSON).
const STDERR_BAD_ROWS: usize = 20;

/// The spellings `--encoding` takes besides utf-8 and gbk (utf8, gb18030, …).
pub fn encoding_name(name: &str) -> bool {
    Encoding::from_name(name).is_some()
}

/// Today's date from the system clock (chrono is built without its clock here).
fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// `roster FILE [--also FILE]… [--sheet NAME] [--into WORKSPACE.json] [--parent ORG_ID]
/// [--encoding utf-8|gbk]`
pub fn roster(args: &Parsed) -> Result<(), String> {
    // The parser has made sure of the file and of the encoding's name.
    let file = args.positional.clone().unwrap_or_default();
    let sheet = args.get("--sheet");
    let into = args.get("--into").map(str::to_string);
    if into.as_deref().is_some_and(|p| p.trim().is_empty()) {
        return Err(
            "--into 后面的工作区文件名是空的（要从标准输入读工作区，请不用 --into）".into(),
        );
    }
    // Two runs into one workspace at once: the second waits for nothing and says so,
    // instead of overwriting the first one's import.
    let _lock = into.as_deref().map(crate::output::Lock::take).transpose()?;
    let parent = args.get("--parent").map(str::to_string);
    let encoding = args.get("--encoding").and_then(Encoding::from_name);
    let mut paths = vec![file.clone()];
    paths.extend(args.all("--also").map(str::to_string));
    let mut tables = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("无法读取{}：{}", file_label(path), io_reason(&e)))?;
        let name = Path::new(path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        tables.push(read_table(&name, &bytes, sheet, encoding).map_err(|e| e.to_string())?);
    }
    if sheet.is_some() && tables.iter().any(|t| t.encoding_used.is_some()) {
        eprintln!("提示：CSV 文件只有一张表，--sheet 已忽略");
    }

    // Without --into the file is checked on its own: every branch counts as new, under a
    // stand-in committee.
    let (mut ws, parent) = match &into {
        Some(path) => (crate::engine::read_workspace(path)?, parent),
        None => {
            let root = parent.unwrap_or_else(|| "ROOT".into());
            let mut ws = Workspace::empty(Edition::E2021, today());
            ws.orgs
                .push(Org::new(&root, "（新工作区）", OrgKind::Committee, None));
            (ws, Some(root))
        }
    };
    let mappings: Vec<_> = tables
        .iter()
        .map(|t| zhuanjie_roster::auto_map(&t.headers))
        .collect();
    // Many files: each without a branch column goes to the branch its title or name gives.
    let branches: Vec<Option<String>> = tables
        .iter()
        .zip(&mappings)
        .map(|(t, m)| {
            (tables.len() > 1)
                .then(|| zhuanjie_roster::guess_branch(&ws, t, m, true).map(|g| g.name))
                .flatten()
        })
        .collect();
    let files: Vec<RosterFile> = tables
        .iter()
        .zip(&mappings)
        .zip(&branches)
        .map(|((table, mapping), branch)| RosterFile {
            table,
            mapping,
            branch: branch.as_deref(),
        })
        .collect();
    let plan = plan_import_files(&ws, &files, parent.as_deref());
    let table = &tables[0];
    let place = if tables.len() > 1 {
        format!("所选的 {} 个文件", tables.len())
    } else {
        table.place()
    };

    #[derive(serde::Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        report: &'a zhuanjie_roster::ImportPlan,
        /// The workspace file written, when `--into` was given and something changed.
        #[serde(skip_serializing_if = "Option::is_none")]
        written: Option<&'a str>,
    }
    let mut written = None;
    let good_rows = plan.added + plan.updated + plan.unchanged;
    let mut failure = if !plan.missing_columns.is_empty() {
        Some(if tables.len() > 1 {
            format!("缺少必需的列：{}", plan.missing_columns.join("、"))
        } else {
            format!(
                "{}没有「{}」列，无法导入（表头：{}）",
                table.place(),
                plan.missing_columns.join("」「"),
                table.headers.join("、")
            )
        })
    } else if !plan.problems.is_empty() {
        Some(plan.problems.join("；"))
    } else if plan.rows == 0 {
        Some(format!("{place}只有表头，没有数据行"))
    } else if good_rows == 0 {
        Some(format!(
            "{place}的 {} 行数据没有一行可以导入，原因见 bad_rows",
            plan.rows
        ))
    } else {
        None
    };
    if let (None, Some(path)) = (&failure, &into) {
        if !plan.is_empty() {
            // One batch: all of the good rows or, if the engine refuses one, nothing.
            failure = match commands::apply(&mut ws, &plan.command()) {
                Err(e) => Some(format!("没有写入 {path}：{e}")),
                Ok(_) => match crate::output::write_file(path, ws.to_json().as_bytes(), &[&file]) {
                    Ok(()) => {
                        written = Some(path.as_str());
                        None
                    }
                    Err(e) => Some(e),
                },
            };
        }
    }
    crate::engine::print_json(&Out {
        report: &plan,
        written,
    })?;
    for bad in plan.bad_rows.iter().take(STDERR_BAD_ROWS) {
        eprintln!("{}", bad.message(&plan));
    }
    if plan.bad_rows.len() > STDERR_BAD_ROWS {
        eprintln!(
            "……另有 {} 处问题，全部列在输出的 bad_rows 中",
            plan.bad_rows.len() - STDERR_BAD_ROWS
        );
    }
    match failure {
        Some(message) => Err(message),
        None => Ok(()),
    }
}

pub enum Format {
    Json,
    Csv,
    Xlsx,
}

/// The spreadsheet options of `metrics`.
pub struct SheetArgs {
    pub format: Format,
    pub out: Option<String>,
    pub personal_data: bool,
}

pub fn sheet_args(args: &Parsed) -> Result<SheetArgs, String> {
    let sheet = SheetArgs {
        format: match args.get("--format") {
            Some("csv") => Format::Csv,
            Some("xlsx") => Format::Xlsx,
            _ => Format::Json,
        },
        out: args.get("--out").map(str::to_string),
        personal_data: args.has("--personal-data"),
    };
    if matches!(sheet.format, Format::Json) && (sheet.out.is_some() || sheet.personal_data) {
        return Err("--out 与 --personal-data 只用于 --format csv 或 --format xlsx".into());
    }
    Ok(sheet)
}

/// `pending … --format csv|xlsx [--out FILE] [--personal-data]`: the open applications and
/// the never-started (`zhuanjie_roster::chase_sheets`). CSV: one file (or stdout) with two
/// sections; xlsx: two sheets.
pub fn chase_sheets(
    input: &str,
    ws: &Workspace,
    list: &zhuanjie_core::chase::ChaseList,
    sheet: &SheetArgs,
) -> Result<(), String> {
    match sheet.format {
        Format::Json => crate::engine::print_json(list),
        Format::Csv => write_text(
            input,
            sheet.out.as_deref(),
            &zhuanjie_roster::chase_csv(ws, list, sheet.personal_data),
        ),
        Format::Xlsx => write_book(
            input,
            sheet.out.as_deref(),
            &zhuanjie_roster::chase_sheets(ws, list, sheet.personal_data),
        ),
    }
}

/// Text (CSV, HTML) to `path`, or to stdout without one.
pub fn write_text(input: &str, path: Option<&str>, text: &str) -> Result<(), String> {
    match path {
        Some(path) => crate::output::write_file(path, text.as_bytes(), &[input]),
        None => crate::output::stdout(text),
    }
}

/// A workbook to `path` (required: Excel cannot go to a terminal), then what Excel could not
/// hold as it was, named, once the file is safely written.
pub fn write_book(
    input: &str,
    path: Option<&str>,
    book: &[zhuanjie_roster::Sheet],
) -> Result<(), String> {
    let Some(path) = path else {
        return Err("--format xlsx 需要 --out FILE（Excel 文件不能输出到终端）".into());
    };
    let bytes = zhuanjie_roster::export::xlsx(book).map_err(|e| e.to_string())?;
    crate::output::write_file(path, &bytes, &[input])?;
    for change in zhuanjie_roster::xlsx_changes(book) {
        eprintln!("注意：{change}");
    }
    Ok(())
}

/// `metrics … --format csv|xlsx [--out FILE] [--personal-data]`: the missing list and the
/// per-org table. CSV: one file (or stdout) with two sections; xlsx: two sheets.
pub fn metrics_sheets(
    input: &str,
    ws: &Workspace,
    region: Option<&str>,
    at: NaiveDate,
    sheet: &SheetArgs,
) -> Result<(), String> {
    let m = metrics::compute(ws, region, at).map_err(|e| e.to_string())?;
    let rows = season::child_rates(ws, &ws.index(), region, at).map_err(|e| e.to_string())?;
    match sheet.format {
        Format::Json => crate::engine::print_json(&m),
        Format::Csv => write_text(
            input,
            sheet.out.as_deref(),
            &zhuanjie_roster::metrics_csv(ws, &m, &rows, sheet.personal_data),
        ),
        Format::Xlsx => write_book(
            input,
            sheet.out.as_deref(),
            &zhuanjie_roster::metrics_book(ws, &m, &rows, sheet.personal_data),
        ),
    }
}
