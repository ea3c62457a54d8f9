//! The spreadsheet bundle (`zhuanjie-sheets`): reading .xlsx / .xls / CSV (UTF-8 or GBK)
//! rosters and writing .xlsx reports, through zhuanjie-roster. No page loads it up front:
//! the simulator injects it the first time an admin picks a roster or asks for an .xlsx
//! (`src/sim/sheets.rs`), so calamine, rust_xlsxwriter and encoding_rs's tables stay out of
//! the simulator's first download.
//!
//! The interface is two functions on the bundle's `wasm_bindgen` object (the loader in
//! `xtask/src/app_build.rs` resolves a promise with it). Data crosses as JSON text of
//! zhuanjie-roster's own serde types; a failure comes back as the Chinese message of
//! [`zhuanjie_roster::RosterError`], thrown as a string.

use wasm_bindgen::prelude::*;
use zhuanjie_roster::{Encoding, Sheet};

/// Reads a roster file: a [`zhuanjie_roster::Table`] as JSON. `sheet` names the Excel
/// sheet to read (else the first); `encoding` (`utf-8` / `gbk`) overrides the CSV
/// encoding detection.
#[wasm_bindgen]
pub fn read_table(
    file_name: &str,
    bytes: &[u8],
    sheet: Option<String>,
    encoding: Option<String>,
) -> Result<String, String> {
    let encoding = encoding.as_deref().and_then(Encoding::from_name);
    let table = zhuanjie_roster::read_table(file_name, bytes, sheet.as_deref(), encoding)
        .map_err(|e| e.to_string())?;
    serde_json::to_string(&table).map_err(|e| format!("无法传回读取结果：{e}"))
}

/// Writes sheets (a JSON list of [`Sheet`]) as one .xlsx workbook.
#[wasm_bindgen]
pub fn write_xlsx(sheets_json: &str) -> Result<Vec<u8>, String> {
    let sheets: Vec<Sheet> =
        serde_json::from_str(sheets_json).map_err(|e| format!("要写入 Excel 的表格有误：{e}"))?;
    zhuanjie_roster::export::xlsx(&sheets).map_err(|e| e.to_string())
}

fn main() {}
