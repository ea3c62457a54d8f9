//! Reading a spreadsheet into rows of text: .xlsx / .xls through calamine, CSV by hand
//! (UTF-8, UTF-8 with BOM, GBK/GB18030; comma or tab; quoted fields with `""` escapes and
//! embedded newlines). Blank rows and blank trailing columns are dropped; every row keeps
//! the number the admin sees in Excel (1-based, the header row included).

use std::io::Cursor;

use calamine::{Data, Reader};
use serde::{Deserialize, Serialize};

use crate::RosterError;

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8, with or without a BOM.
    Utf8,
    /// GBK and its superset GB18030 (what Excel in Chinese saves as "CSV").
    Gbk,
    /// UTF-16 with a BOM (what Excel saves as "Unicode 文本"); recognised by its BOM only.
    Utf16,
}

impl Encoding {
    /// `utf-8` / `utf8` / `gbk` / `gb18030` / `gb2312` (any case).
    pub fn from_name(name: &str) -> Option<Encoding> {
        match name.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gbk" | "gb18030" | "gb2312" | "cp936" => Some(Encoding::Gbk),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gbk => "GBK",
            Encoding::Utf16 => "UTF-16",
        }
    }
}

/// A sheet as text. Cells are trimmed of nothing: the mapping and the value parsers trim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// The file name as given (for messages).
    pub file: String,
    /// The sheet read (Excel only).
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    /// `(1-based sheet row number, cells)`; every row has `headers.len()` cells.
    pub rows: Vec<(usize, Vec<String>)>,
    /// The encoding a CSV was read with (`None` for Excel).
    pub encoding_used: Option<Encoding>,
    /// The row number of the header row.
    pub header_row: usize,
    /// The text of the rows above the header (a title such as `软件 2201 团支部团员名单`),
    /// their cells joined by spaces, the rows by ` / `; `None` when the header is the first row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Rows below the data that total it (`合计` / `总计` / `小计` in their first cell), left out
    /// of `rows`, with their row numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footer_rows: Vec<usize>,
}

impl Table {
    /// `文件「a.xlsx」工作表「Sheet1」` or `文件「a.csv」`, for messages.
    pub fn place(&self) -> String {
        place(&self.file, self.sheet.as_deref())
    }
}

/// `文件「a.xlsx」工作表「Sheet1」` or `文件「a.csv」`: a file (and sheet) in messages.
pub(crate) fn place(file: &str, sheet: Option<&str>) -> String {
    match sheet {
        Some(s) => format!("文件「{file}」工作表「{s}」"),
        None => format!("文件「{file}」"),
    }
}

#[derive(PartialEq)]
enum Kind {
    Excel,
    Csv,
}

fn kind_of(file_name: &str, bytes: &[u8]) -> Kind {
    // Magic bytes win: a workbook renamed to .csv is still a workbook.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Kind::Excel;
    }
    let lower = file_name.to_ascii_lowercase();
    if [".xlsx", ".xlsm", ".xls", ".xlsb"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        Kind::Excel
    } else {
        Kind::Csv
    }
}

/// Reads a roster. Excel: the first sheet unless `sheet` names one. CSV: the encoding is
/// detected (valid UTF-8 → UTF-8, else GBK/GB18030) unless `encoding` says.
pub fn read_table(
    file_name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    encoding: Option<Encoding>,
) -> Result<Table, RosterError> {
    if bytes.is_empty() {
        return Err(RosterError::Empty {
            file: file_name.into(),
            sheet: None,
        });
    }
    match kind_of(file_name, bytes) {
        Kind::Excel => read_excel(file_name, bytes, sheet),
        Kind::Csv => read_csv(file_name, bytes, encoding),
    }
}

/// The most cells (rows with content × columns) a table may have: a 50,000-row roster of 100
/// columns fits; a stray cell far to the right of thousands of rows does not, and is named
/// instead of padding every row to its width.
pub const MAX_CELLS: usize = 5_000_000;

/// Excel's letters for a column (0 → A, 16383 → XFD).
fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Drops blank rows and blank trailing columns; the first remaining row is the header.
fn finish(
    file: &str,
    sheet: Option<String>,
    encoding_used: Option<Encoding>,
    raw: Vec<(usize, Vec<String>)>,
) -> Result<Table, RosterError> {
    let mut rows: Vec<(usize, Vec<String>)> = raw
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if rows.is_empty() {
        return Err(RosterError::Empty {
            file: file.into(),
            sheet,
        });
    }
    // A title line above the header (`2026 届毕业团员名单`) is common: the header is the
    // first of the leading rows that names two known fields, else the first row.
    let known = |cells: &[String]| {
        cells
            .iter()
            .filter(|c| crate::mapping::Field::from_header(c).is_some())
            .count()
    };
    let at = rows
        .iter()
        .take(10)
        .position(|(_, cells)| known(cells) >= 2)
        .unwrap_or(0);
    let (header_row, mut headers) = rows.remove(at);
    let title_lines: Vec<String> = rows
        .drain(..at)
        .map(|(_, cells)| {
            cells
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let title = (!title_lines.is_empty()).then(|| title_lines.join(" / "));
    // A totals line under the data (`合计：45 人`) is no member; only the trailing ones go, so
    // a member row in the middle is never dropped for what its first cell says.
    let mut footer_rows = Vec::new();
    while rows.last().is_some_and(|(_, cells)| is_total_row(cells)) {
        if let Some((r, _)) = rows.pop() {
            footer_rows.push(r);
        }
    }
    footer_rows.reverse();
    // The width is the last column that has a header or any value.
    let last_used = |cells: &[String]| cells.iter().rposition(|c| !c.trim().is_empty());
    let width = rows
        .iter()
        .filter_map(|(_, c)| last_used(c))
        .chain(last_used(&headers))
        .max()
        .map_or(0, |w| w + 1);
    if (rows.len() + 1).saturating_mul(width) > MAX_CELLS {
        let far = std::iter::once(&(header_row, headers.clone()))
            .chain(rows.iter())
            .find(|(_, c)| last_used(c) == Some(width - 1))
            .map_or(header_row, |(r, _)| *r);
        return Err(RosterError::TooLarge {
            file: file.into(),
            sheet,
            row: far,
            column: column_letters(width - 1),
            rows: rows.len() + 1,
            columns: width,
        });
    }
    headers.resize(width, String::new());
    for (_, cells) in &mut rows {
        cells.resize(width, String::new());
    }
    Ok(Table {
        file: file.into(),
        sheet,
        headers: headers.into_iter().map(|h| h.trim().to_string()).collect(),
        rows,
        encoding_used,
        header_row,
        title,
        footer_rows,
    })
}

/// A row whose first filled cell starts with 合计 / 总计 / 小计 (after spaces and a colon).
fn is_total_row(cells: &[String]) -> bool {
    let Some(first) = cells.iter().map(|c| c.trim()).find(|c| !c.is_empty()) else {
        return false;
    };
    let first: String = first
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    ["合计", "总计", "小计", "共计"]
        .iter()
        .any(|w| first.starts_with(w))
}

// ---- Excel ----

fn read_excel(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Table, RosterError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        RosterError::Unreadable {
            file: file.into(),
            detail: e.to_string(),
        }
    })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.trim() == wanted.trim()))
            .cloned()
            .ok_or_else(|| RosterError::UnknownSheet {
                file: file.into(),
                sheet: wanted.into(),
                available: names.clone(),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| RosterError::NoSheets { file: file.into() })?,
    };
    let unreadable = |e: String| RosterError::Unreadable {
        file: file.into(),
        detail: format!("工作表「{name}」：{e}"),
    };
    // .xlsx: the cells that are there, one by one. A dense range would be as large as the
    // sheet's farthest cell (one cell at XFD1048576 is 17 billion).
    let raw = if let calamine::Sheets::Xlsx(x) = &mut book {
        xlsx_rows(x, &name).map_err(|e| unreadable(e.to_string()))?
    } else {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| unreadable(e.to_string()))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut row: Vec<String> = vec![String::new(); left as usize];
                row.extend(cells.iter().map(cell_text));
                (top as usize + i + 1, row)
            })
            .collect()
    };
    finish(file, Some(name), None, raw)
}

/// The rows of an .xlsx sheet that hold something, each as wide as its own last cell.
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Vec<(usize, Vec<String>)>, calamine::XlsxError> {
    let mut reader = book.worksheet_cells_reader(name)?;
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, String)>> = Default::default();
    while let Some(cell) = reader.next_cell()? {
        let value: Data = cell.get_value().clone().into();
        let text = cell_text(&value);
        if text.is_empty() {
            continue;
        }
        let (r, c) = cell.get_position();
        rows.entry(r).or_default().push((c, text));
    }
    Ok(rows
        .into_iter()
        .map(|(r, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut row = vec![String::new(); width];
            for (c, text) in cells {
                row[c as usize] = text;
            }
            (r as usize + 1, row)
        })
        .collect())
}

/// A cell as the admin reads it: dates as `YYYY-MM-DD`, whole numbers without `.0`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.into(),
        Data::DateTime(d) => {
            let serial = d.as_f64();
            if d.is_datetime() {
                crate::values::serial_date(serial)
                    .map(|date| date.to_string())
                    .unwrap_or_else(|| number_text(serial))
            } else {
                number_text(serial)
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // As Excel shows it; the import refuses it as a value (`values::excel_error`).
        Data::Error(e) => {
            use calamine::CellErrorType as E;
            match e {
                E::Div0 => "#DIV/0!",
                E::NA => "#N/A",
                E::Name => "#NAME?",
                E::Null => "#NULL!",
                E::Num => "#NUM!",
                E::Ref => "#REF!",
                E::Value => "#VALUE!",
                E::GettingData => "#GETTING_DATA",
            }
            .to_string()
        }
    }
}

fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e17 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

// ---- CSV ----

fn read_csv(file: &str, bytes: &[u8], encoding: Option<Encoding>) -> Result<Table, RosterError> {
    // A UTF-16 BOM is unambiguous: no override applies.
    for (bom, codec) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let text = codec.decode_without_bom_handling(rest).0.into_owned();
            let delimiter = detect_delimiter(&text);
            let rows = parse_csv(&text, delimiter).map_err(|row| RosterError::UnclosedQuote {
                file: file.into(),
                row,
            })?;
            return finish(file, None, Some(Encoding::Utf16), rows);
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, used) = match encoding {
        Some(Encoding::Utf8) => match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_string(), Encoding::Utf8),
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                return Err(RosterError::NotUtf8 {
                    file: file.into(),
                    line,
                });
            }
        },
        Some(Encoding::Gbk | Encoding::Utf16) => (gbk(bytes), Encoding::Gbk),
        None => match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_string(), Encoding::Utf8),
            Err(_) => (gbk(bytes), Encoding::Gbk),
        },
    };
    let delimiter = detect_delimiter(&text);
    let rows = parse_csv(&text, delimiter).map_err(|row| RosterError::UnclosedQuote {
        file: file.into(),
        row,
    })?;
    finish(file, None, Some(used), rows)
}

fn gbk(bytes: &[u8]) -> String {
    encoding_rs::GB18030
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// Tab when the first non-blank line has more tabs than commas (outside quotes).
fn detect_delimiter(text: &str) -> char {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let (mut tabs, mut commas, mut quoted) = (0, 0, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => tabs += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if tabs > commas {
        '\t'
    } else {
        ','
    }
}

/// RFC 4180 as Excel writes it, forgiving: a quote inside an unquoted field is kept. A
/// quote that opens a field and never closes is an error naming its row (it would swallow
/// every later row). Row numbers count records, as Excel shows them. The `'` the exports
/// put before a cell that a spreadsheet would take for a formula is taken off again.
fn parse_csv(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, usize> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_start = true;
    let mut chars = text.chars().peekable();
    let mut number = 1;
    let mut opened_on = 0;
    let cell = |field: &mut String| {
        let text = std::mem::take(field);
        match text.strip_prefix('\'') {
            Some(rest) if rest.starts_with(crate::export::FORMULA_STARTS) => rest.to_string(),
            _ => text,
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
                opened_on = number;
            }
            c if c == delimiter => {
                row.push(cell(&mut field));
                at_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                row.push(cell(&mut field));
                rows.push((number, std::mem::take(&mut row)));
                number += 1;
                at_start = true;
            }
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err(opened_on);
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(cell(&mut field));
        rows.push((number, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_quote_names_its_row_and_the_guard_quote_comes_off() {
        assert_eq!(parse_csv("a,b\r\n1,2\r\n\"x,3\r\n4,5\r\n", ','), Err(3));
        let rows = parse_csv("a\r\n'=1+2\r\n'-x\r\n'plain\r\n", ',').unwrap();
        let cells: Vec<&str> = rows.iter().map(|(_, r)| r[0].as_str()).collect();
        assert_eq!(cells, ["a", "=1+2", "-x", "'plain"]);
    }

    #[test]
    fn excel_error_cells_read_as_excel_shows_them() {
        assert_eq!(cell_text(&Data::Error(calamine::CellErrorType::NA)), "#N/A");
        assert_eq!(
            cell_text(&Data::Error(calamine::CellErrorType::Div0)),
            "#DIV/0!"
        );
    }

    #[test]
    fn csv_quotes_newlines_and_escapes() {
        let rows = parse_csv("a,b\r\n\"x, \"\"y\"\"\",\"line1\nline2\"\r\n1,2", ',').unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].1, vec!["x, \"y\"", "line1\nline2"]);
        assert_eq!(rows[2], (3, vec!["1".to_string(), "2".to_string()]));
    }

    #[test]
    fn delimiter_from_the_header_line() {
        assert_eq!(detect_delimiter("姓名\t学号\t备注,注\n"), '\t');
        assert_eq!(detect_delimiter("\n\"a\tb\",c\n"), ',');
    }
}
