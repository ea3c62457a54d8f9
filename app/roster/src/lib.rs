//! Rosters in, reports out (issue 8): an admin's spreadsheet (.xlsx, .xls, or CSV saved by
//! Excel in UTF-8 / UTF-8 with BOM / GBK) becomes an [`ImportPlan`] — counts, new branches,
//! bad rows with the sheet row number, column and reason, and the
//! [`zhuanjie_core::commands::Command`]s that applying the good rows means (one
//! `Command::Batch`, so a confirmed import is one undoable step). The other way, the
//! missing list, the per-org table and the roster are written as CSV (UTF-8 with BOM,
//! CRLF) or .xlsx.
//!
//! Pure Rust, no I/O: bytes in, data out. Compiles natively and to wasm32. Every message
//! is Chinese and names the file, sheet, row and column it is about; nothing here panics
//! on input.

pub mod branch_guess;
pub mod bulletin;
pub mod charts;
mod error;
pub mod export;
pub mod mapping;
pub mod plan;
pub mod table;
pub mod values;

pub use branch_guess::{guess_branch, BranchFrom, BranchGuess};
pub use error::RosterError;
pub use export::{
    bad_rows_csv, chase_csv, chase_sheets, child_sheet, child_table_csv, child_table_xlsx,
    metrics_book, metrics_csv, metrics_xlsx, missing_csv, missing_sheet, missing_xlsx, roster_csv,
    roster_sheet, roster_xlsx, xlsx_changes, Cell, Sheet,
};
pub use mapping::{auto_map, not_needed, ColumnMap, Field, Mapping};
pub use plan::{
    default_parent, plan_import, plan_import_files, BadRow, Change, FileSummary, ImportPlan,
    MemberUpdate, NewBranch, ReadValue, RosterFile, SampleRow,
};
pub use table::{read_table, Encoding, Table};
