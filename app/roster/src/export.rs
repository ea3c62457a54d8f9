//! Reports out: the missing list, the per-org table and the roster as CSV (UTF-8 with BOM so
//! Excel reads the Chinese, CRLF line ends) or .xlsx; and the bad rows of an import with
//! their reasons, to fix and import again. ID numbers are masked unless the caller asks for
//! personal data.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use serde::{Deserialize, Serialize};
use zhuanjie_core::chase::ChaseList;
use zhuanjie_core::metrics::{Metrics, Side};
use zhuanjie_core::season::ChildRow;
use zhuanjie_core::workspace::{mask_id_number, MarkKind};
use zhuanjie_core::Workspace;

use crate::plan::ImportPlan;
use crate::table::Table;
use crate::RosterError;

/// One cell of an exported sheet: text, or a number Excel can sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

impl From<String> for Cell {
    fn from(t: String) -> Cell {
        Cell::Text(t)
    }
}

impl From<&str> for Cell {
    fn from(t: &str) -> Cell {
        Cell::Text(t.into())
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Number(n as f64)
    }
}

/// An exported sheet, before it is written as CSV ([`csv`]) or as one sheet of a workbook
/// ([`xlsx`]). Serializable, so the simulator can hand the sheets it made to the on-demand
/// bundle that writes .xlsx (the writer is kept out of the simulator's own wasm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn texts(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const BOM: &str = "\u{feff}";

/// What a spreadsheet takes for the start of a formula (OWASP's list: `=`, `+`, `-`, `@`,
/// tab, carriage return).
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell: a text a spreadsheet would run as a formula gets a leading `'` (shown as
/// text by Excel and WPS, taken off again by this crate's import), then quoted as needed.
fn csv_field(text: &str) -> String {
    let guarded;
    let text = if text.starts_with(FORMULA_STARTS) {
        guarded = format!("'{text}");
        guarded.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\r', '\n', '\t']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_line<S: AsRef<str>>(out: &mut String, cells: impl IntoIterator<Item = S>) {
    let line: Vec<String> = cells.into_iter().map(|c| csv_field(c.as_ref())).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

fn sheet_csv(out: &mut String, sheet: &Sheet) {
    csv_line(out, &sheet.headers);
    for row in &sheet.rows {
        csv_line(out, row.iter().map(Cell::text));
    }
}

/// One sheet as CSV: UTF-8 with a BOM (so Excel reads the Chinese), CRLF line ends.
pub fn csv(sheet: &Sheet) -> String {
    let mut out = String::from(BOM);
    sheet_csv(&mut out, sheet);
    out
}

/// The most characters an Excel cell holds.
const XLSX_CELL_MAX: usize = 32_767;

/// What [`xlsx_text`] had to do to a text so an Excel cell can hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XlsxMend {
    /// Characters XML cannot carry became U+FFFD.
    Replaced,
    /// Over Excel's 32,767 characters: cut.
    Cut,
}

/// A text as an Excel cell can hold it: characters XML cannot carry (control characters,
/// U+FFFE, U+FFFF) become U+FFFD, and a text over Excel's 32,767 characters is cut, saying
/// so, instead of failing the whole export (or writing a workbook Excel calls corrupt).
/// Also says what it did, so [`xlsx_changes`] can name the cells.
fn xlsx_text(text: &str) -> (String, Vec<XlsxMend>) {
    let mut mends = Vec::new();
    let clean: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect();
    if clean != text {
        mends.push(XlsxMend::Replaced);
    }
    if clean.chars().count() <= XLSX_CELL_MAX {
        return (clean, mends);
    }
    mends.push(XlsxMend::Cut);
    const CUT: &str = "……（超出 Excel 单元格上限，已截断）";
    let keep = XLSX_CELL_MAX - CUT.chars().count();
    let mut out: String = clean.chars().take(keep).collect();
    out.push_str(CUT);
    (out, mends)
}

/// Each text [`xlsx`] writes other than it is, said for the admin: which sheet, which row
/// and whose (the row's 姓名, else its first cell), which column, and what was done. Empty
/// when every text goes in as it is. The CLI prints these with the written file; the
/// simulator shows them beside its export buttons.
pub fn xlsx_changes(sheets: &[Sheet]) -> Vec<String> {
    let mut said = Vec::new();
    for sheet in sheets {
        let name_column = sheet
            .headers
            .iter()
            .position(|h| h == "姓名" || h == "组织名称");
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let Cell::Text(text) = cell else { continue };
                let (_, mends) = xlsx_text(text);
                if mends.is_empty() {
                    continue;
                }
                let whose = name_column
                    .or(if c == 0 { None } else { Some(0) })
                    .and_then(|n| row.get(n))
                    .map(|cell| {
                        let (shown, _) = xlsx_text(&cell.text());
                        let short: String = shown.chars().take(20).collect();
                        if short.chars().count() < shown.chars().count() {
                            format!("（{short}…）")
                        } else {
                            format!("（{short}）")
                        }
                    })
                    .unwrap_or_default();
                let column = sheet
                    .headers
                    .get(c)
                    .map_or_else(|| format!("第 {} 列", c + 1), |h| format!("“{h}”"));
                let what: Vec<&str> = mends
                    .iter()
                    .map(|m| match m {
                        XlsxMend::Replaced => "含有 Excel 不能保存的控制字符，已换成 �",
                        XlsxMend::Cut => "超过 Excel 单元格的 32,767 个字符，已截断",
                    })
                    .collect();
                said.push(format!(
                    "“{}”第 {} 行{whose}的{column}{}",
                    sheet.name,
                    r + 2,
                    what.join("；并且")
                ));
            }
        }
    }
    said
}

/// The sheets as one .xlsx workbook: a bold, frozen header row on each.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, RosterError> {
    let fail = |e: rust_xlsxwriter::XlsxError| RosterError::Write {
        what: "Excel 文件".into(),
        detail: e.to_string(),
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).map_err(fail)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(fail)?;
            ws.set_column_width(c as u16, (h.chars().count() * 2 + 4).max(12) as f64)
                .map_err(fail)?;
        }
        ws.set_freeze_panes(1, 0).map_err(fail)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| RosterError::Write {
                what: "Excel 文件".into(),
                detail: "行数超过 Excel 的上限".into(),
            })?;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(t) if t.is_empty() => {}
                    Cell::Text(t) => {
                        ws.write_string(r, c as u16, xlsx_text(t).0).map_err(fail)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c as u16, *n).map_err(fail)?;
                    }
                }
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}

fn shown_id(id: Option<&str>, personal_data: bool) -> String {
    match id {
        Some(id) if personal_data => id.to_string(),
        Some(id) => mask_id_number(id),
        None => String::new(),
    }
}

/// Who is still missing (the metrics' list), as a sheet.
pub fn missing_sheet(ws: &Workspace, metrics: &Metrics, personal_data: bool) -> Sheet {
    let lookup = ws.lookup();
    let org_name = |id: &str| {
        lookup
            .orgs
            .get(id)
            .map_or(id.to_string(), |o| o.name.clone())
    };
    let id_header = if personal_data {
        "身份证号"
    } else {
        "身份证号（已打码）"
    };
    Sheet {
        name: "未完成名单".into(),
        headers: texts(&[
            "团员编号",
            "姓名",
            id_header,
            "所在团支部",
            "团支部编号",
            "类别",
            "状态",
            "从区域外转入",
        ]),
        rows: metrics
            .missing
            .iter()
            .map(|x| {
                let full = lookup
                    .members
                    .get(x.member.as_str())
                    .and_then(|m| m.id_number.as_deref());
                vec![
                    x.member.as_str().into(),
                    x.name.as_str().into(),
                    shown_id(full, personal_data).into(),
                    org_name(&x.org).into(),
                    x.org.as_str().into(),
                    Side::label(x.side).into(),
                    x.state.label().into(),
                    if x.incoming { "是" } else { "否" }.into(),
                ]
            })
            .collect(),
    }
}

/// Every child org's SX / XS (`season::child_rates`), as a sheet.
pub fn child_sheet(rows: &[ChildRow]) -> Sheet {
    Sheet {
        name: "下级组织".into(),
        headers: texts(&[
            "组织编号",
            "组织名称",
            "SX 已完成",
            "SX 本组织应转",
            "SX 转入",
            "SX 完成率",
            "XS 已完成",
            "XS 本组织应转",
            "XS 转入",
            "XS 完成率",
            "未完成人数",
        ]),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.org.as_str().into(),
                    r.name.as_str().into(),
                    r.sx.completed.into(),
                    r.sx.own.into(),
                    r.sx.incoming.into(),
                    r.sx.percent().into(),
                    r.xs.completed.into(),
                    r.xs.own.into(),
                    r.xs.incoming.into(),
                    r.xs.percent().into(),
                    r.missing.into(),
                ]
            })
            .collect(),
    }
}

/// Every member with their branch, marks and transfer state at `at`, as a sheet.
pub fn roster_sheet(ws: &Workspace, at: NaiveDate, personal_data: bool) -> Sheet {
    let lookup = ws.lookup();
    // The engine's one member status, as the simulator's roster and the metrics show it (a
    // 团总支's batch move is not the transfer; kept at school is its own status).
    let statuses = zhuanjie_core::status::statuses_at(ws, at);
    let id_header = if personal_data {
        "身份证号"
    } else {
        "身份证号（已打码）"
    };
    Sheet {
        name: "花名册".into(),
        headers: texts(&[
            "团员编号",
            "姓名",
            id_header,
            "所在团支部",
            "团支部编号",
            "出生日期",
            "政治面貌",
            "是否担任团内职务",
            "毕业去向",
            "标记",
            "转接状态",
        ]),
        rows: ws
            .members
            .iter()
            .zip(&statuses)
            .map(|(m, status)| {
                let mark = match m.mark.as_ref().map(|k| k.kind) {
                    Some(MarkKind::Delayed) => "延迟毕业",
                    Some(MarkKind::Teacher) => "教师",
                    None => "",
                };
                vec![
                    m.id.as_str().into(),
                    m.name.as_str().into(),
                    shown_id(m.id_number.as_deref(), personal_data).into(),
                    lookup
                        .orgs
                        .get(m.org.as_str())
                        .map_or(m.org.clone(), |o| o.name.clone())
                        .into(),
                    m.org.as_str().into(),
                    m.birth_date
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                        .into(),
                    if m.party_member {
                        "中共党员"
                    } else {
                        "共青团员"
                    }
                    .into(),
                    if m.holds_league_post { "是" } else { "否" }.into(),
                    m.plan.map(|p| p.label()).unwrap_or("").into(),
                    mark.into(),
                    status.status.label().into(),
                ]
            })
            .collect(),
    }
}

/// Who is still missing (the metrics' list), as CSV.
pub fn missing_csv(ws: &Workspace, metrics: &Metrics, personal_data: bool) -> String {
    csv(&missing_sheet(ws, metrics, personal_data))
}

pub fn missing_xlsx(
    ws: &Workspace,
    metrics: &Metrics,
    personal_data: bool,
) -> Result<Vec<u8>, RosterError> {
    xlsx(&[missing_sheet(ws, metrics, personal_data)])
}

/// Every child org's SX / XS (`season::child_rates`), as CSV.
pub fn child_table_csv(rows: &[ChildRow]) -> String {
    csv(&child_sheet(rows))
}

pub fn child_table_xlsx(rows: &[ChildRow]) -> Result<Vec<u8>, RosterError> {
    xlsx(&[child_sheet(rows)])
}

/// Every member with their branch, marks and transfer state at `at`, as CSV.
pub fn roster_csv(ws: &Workspace, at: NaiveDate, personal_data: bool) -> String {
    csv(&roster_sheet(ws, at, personal_data))
}

pub fn roster_xlsx(
    ws: &Workspace,
    at: NaiveDate,
    personal_data: bool,
) -> Result<Vec<u8>, RosterError> {
    xlsx(&[roster_sheet(ws, at, personal_data)])
}

/// The missing list and the per-org table in one CSV: two sections, each opened by a title
/// line (`未完成名单` / `下级组织`) and its header row, separated by a blank line.
pub fn metrics_csv(
    ws: &Workspace,
    metrics: &Metrics,
    rows: &[ChildRow],
    personal_data: bool,
) -> String {
    let mut out = String::from(BOM);
    for (i, sheet) in [missing_sheet(ws, metrics, personal_data), child_sheet(rows)]
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.push_str("\r\n");
        }
        csv_line(&mut out, [sheet.name.as_str()]);
        sheet_csv(&mut out, sheet);
    }
    out
}

/// The missing list and the per-org table: the two sheets of [`metrics_xlsx`].
pub fn metrics_book(
    ws: &Workspace,
    metrics: &Metrics,
    rows: &[ChildRow],
    personal_data: bool,
) -> Vec<Sheet> {
    vec![missing_sheet(ws, metrics, personal_data), child_sheet(rows)]
}

/// The missing list and the per-org table as one workbook with two sheets.
pub fn metrics_xlsx(
    ws: &Workspace,
    metrics: &Metrics,
    rows: &[ChildRow],
    personal_data: bool,
) -> Result<Vec<u8>, RosterError> {
    xlsx(&metrics_book(ws, metrics, rows, personal_data))
}

/// The bad rows of file `file` of an import (its `table`) with the original columns plus
/// `错误原因` (every reason of the row, `列：原因；…`) and the original row number first, to
/// fix and import again.
pub fn bad_rows_csv(table: &Table, file: usize, plan: &ImportPlan) -> String {
    let mut reasons: Vec<(usize, Vec<String>)> = Vec::new();
    for b in plan.bad_rows.iter().filter(|b| b.file == file) {
        let text = if b.column.is_empty() {
            b.reason.clone()
        } else {
            format!("{}：{}", b.column, b.reason)
        };
        match reasons.last_mut() {
            Some((row, list)) if *row == b.row => list.push(text),
            _ => reasons.push((b.row, vec![text])),
        }
    }
    let cells: HashMap<usize, &Vec<String>> = table.rows.iter().map(|(r, c)| (*r, c)).collect();
    let mut out = String::from(BOM);
    csv_line(
        &mut out,
        std::iter::once("原行号")
            .chain(table.headers.iter().map(String::as_str))
            .chain(std::iter::once("错误原因")),
    );
    for (row, list) in reasons {
        let original = cells.get(&row).map(|c| c.as_slice()).unwrap_or_default();
        csv_line(
            &mut out,
            std::iter::once(row.to_string())
                .chain(original.iter().cloned())
                .chain(std::iter::once(list.join("；"))),
        );
    }
    out
}

/// The chase list (催办清单) as two sheets: the open applications with who must act and the
/// timer, soonest first (`待审批`), and the never-started graduates by branch (`未发起`).
/// IDs are masked unless `personal_data`.
pub fn chase_sheets(ws: &Workspace, list: &ChaseList, personal_data: bool) -> Vec<Sheet> {
    let lookup = ws.lookup();
    let id_of = |member: &str| {
        shown_id(
            lookup
                .members
                .get(member)
                .and_then(|m| m.id_number.as_deref()),
            personal_data,
        )
    };
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let waiting = Sheet {
        name: "待审批".into(),
        headers: texts(&[
            "申请编号",
            "团员编号",
            "姓名",
            "身份证号",
            "所在团支部",
            "等待环节",
            "应办理的组织",
            "组织编号",
            "要做的事",
            "等待起始日",
            "已等天数",
            "系统处理日",
            "审核提示日",
            "到期后",
        ]),
        rows: list
            .waiting
            .iter()
            .map(|w| {
                vec![
                    w.application.as_str().into(),
                    w.member.as_str().into(),
                    w.member_name.as_str().into(),
                    id_of(&w.member).into(),
                    w.branch_name.as_str().into(),
                    w.step_label.into(),
                    w.actor.name.as_str().into(),
                    w.actor.org.clone().unwrap_or_default().into(),
                    w.actor.role.into(),
                    w.since.to_string().into(),
                    Cell::Number(w.days as f64),
                    day(w.due_on).into(),
                    day(w.reminder_on).into(),
                    w.then.as_str().into(),
                ]
            })
            .collect(),
    };
    let not_started = Sheet {
        name: "未发起".into(),
        headers: texts(&["所在团支部", "组织编号", "团员编号", "姓名", "身份证号"]),
        rows: list
            .not_started
            .iter()
            .flat_map(|b| {
                b.members.iter().map(|m| {
                    vec![
                        b.branch_name.as_str().into(),
                        b.branch.as_str().into(),
                        m.member.as_str().into(),
                        m.name.as_str().into(),
                        id_of(&m.member).into(),
                    ]
                })
            })
            .collect(),
    };
    vec![waiting, not_started]
}

/// [`chase_sheets`] as one CSV: two sections, each opened by its title line and header row.
pub fn chase_csv(ws: &Workspace, list: &ChaseList, personal_data: bool) -> String {
    let mut out = String::from(BOM);
    for (i, sheet) in chase_sheets(ws, list, personal_data).iter().enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        csv_line(&mut out, [sheet.name.as_str()]);
        sheet_csv(&mut out, sheet);
    }
    out
}
