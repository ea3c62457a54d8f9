use std::fmt;

/// Why a file could not be read at all (row-level problems are [`crate::BadRow`]s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterError {
    /// Zero bytes, or nothing but blank rows.
    Empty { file: String, sheet: Option<String> },
    /// The named sheet is not in the workbook.
    UnknownSheet {
        file: String,
        sheet: String,
        available: Vec<String>,
    },
    /// The workbook has no sheet at all.
    NoSheets { file: String },
    /// The caller asked for UTF-8 and the bytes are not.
    NotUtf8 { file: String, line: usize },
    /// The spreadsheet is damaged or not what its name says.
    Unreadable { file: String, detail: String },
    /// Writing a spreadsheet failed.
    Write { what: String, detail: String },
    /// A CSV quote that opens a cell and never closes: every later row would be one cell.
    UnclosedQuote { file: String, row: usize },
    /// The rows with content times the columns exceed what an import holds; `row` and
    /// `column` (Excel's letters) name the farthest cell, usually a stray one.
    TooLarge {
        file: String,
        sheet: Option<String>,
        row: usize,
        column: String,
        rows: usize,
        columns: usize,
    },
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RosterError::Empty { file, sheet: None } => {
                write!(f, "文件「{file}」是空的：没有表头，也没有数据行")
            }
            RosterError::Empty {
                file,
                sheet: Some(s),
            } => write!(f, "文件「{file}」的工作表「{s}」是空的：没有表头，也没有数据行"),
            RosterError::UnknownSheet {
                file,
                sheet,
                available,
            } => write!(
                f,
                "文件「{file}」中没有名为「{sheet}」的工作表，现有的工作表：{}",
                available
                    .iter()
                    .map(|s| format!("「{s}」"))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            RosterError::NoSheets { file } => write!(f, "文件「{file}」中没有任何工作表"),
            RosterError::NotUtf8 { file, line } => write!(
                f,
                "文件「{file}」第 {line} 行不是有效的 UTF-8 文本；Excel 保存的 CSV 常为 GBK 编码，请改选 GBK"
            ),
            RosterError::Unreadable { file, detail } if detail.contains("password protected") => {
                write!(
                    f,
                    "无法读取文件「{file}」：它设置了打开密码。请在 Excel 中打开它，取消密码后另存为 .xlsx，再导入"
                )
            }
            RosterError::Unreadable { file, detail } => write!(
                f,
                "无法读取文件「{file}」：它不是有效的 Excel 表格（.xlsx / .xls），可能已损坏或扩展名不对（{}）",
                reason(detail)
            ),
            RosterError::Write { what, detail } => {
                write!(f, "无法生成{what}（技术细节：{detail}）")
            }
            RosterError::TooLarge {
                file,
                sheet,
                row,
                column,
                rows,
                columns,
            } => write!(
                f,
                "文件「{file}」{}第 {row} 行 {column} 列有内容，使表格达到 {rows} 行 × {columns} 列，超出了导入的上限（{} 万个单元格）。这通常是远处一个误输入的单元格：请删除它，或只把名单复制到新的工作表后再导入",
                sheet.as_ref().map(|s| format!("工作表「{s}」")).unwrap_or_default(),
                crate::table::MAX_CELLS / 10_000
            ),
            RosterError::UnclosedQuote { file, row } => write!(
                f,
                "文件「{file}」第 {row} 行有一个没有闭合的引号（\"）：从这里到文件末尾都会被读成同一个单元格，后面的行会全部丢失。请在 Excel 或文本编辑器中检查这一行的引号后再导入"
            ),
        }
    }
}

impl std::error::Error for RosterError {}

/// calamine's English reason, in Chinese where it is a common one; otherwise kept, marked
/// as a technical detail (for whoever helps the admin).
fn reason(detail: &str) -> String {
    if let Some((sheet, rest)) = detail
        .strip_prefix("工作表「")
        .and_then(|d| d.split_once("」："))
    {
        return format!("工作表「{sheet}」：{}", reason(rest));
    }
    if detail.contains("Cannot detect file format") {
        "无法识别文件格式".into()
    } else if detail.contains("Zip error") {
        "压缩结构已损坏".into()
    } else if detail.contains("Cfb error") {
        "文件结构已损坏".into()
    } else if detail.contains("Xml") || detail.contains("xml") {
        "表格内容已损坏".into()
    } else {
        format!("技术细节：{detail}")
    }
}
