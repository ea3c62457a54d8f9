//! A roster file an admin picks (any bytes, named .csv, .xlsx or .xls, any encoding
//! choice), read and planned into the shipped sample as the simulator's import does.
//!
//! Invariants: `read_table`, `auto_map`, `guess_branch`, `plan_import_files` (one file, or
//! the same file twice as two branch files) and the bad-rows export never panic;
//! every row of a table has as many cells as the header; when the plan's batch applies, the
//! workspace validates, and its undo gives the sample back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhuanjie_core::commands::{apply, revert};
use zhuanjie_core::Edition;
use zhuanjie_fuzz::sample;
use zhuanjie_roster::{
    auto_map, bad_rows_csv, guess_branch, plan_import_files, read_table, Encoding, RosterFile,
};

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the file name, the encoding and where new branches go.
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let name = ["名单.csv", "名单.xlsx", "名单.xls", "名单.txt"][usize::from(choice & 3)];
    let encoding =
        [None, Some(Encoding::Utf8), Some(Encoding::Gbk), None][usize::from(choice >> 2 & 3)];
    let parent = [None, Some("U"), Some("U-C000"), Some("NOPE")][usize::from(choice >> 4 & 3)];
    let Ok(table) = read_table(name, bytes, None, encoding) else {
        return;
    };
    for (row, cells) in &table.rows {
        assert_eq!(cells.len(), table.headers.len(), "row {row} is ragged");
    }
    let mapping = auto_map(&table.headers);
    let start = sample(if choice & 0x40 == 0 {
        Edition::E2021
    } else {
        Edition::E2019
    });
    // Half the inputs as one of many branch files: its branch guessed from its title row
    // or name (the same table twice, so every row is also a duplicate across files).
    let guess = guess_branch(start, &table, &mapping, true);
    let file = RosterFile {
        table: &table,
        mapping: &mapping,
        branch: guess.as_ref().map(|g| g.name.as_str()),
    };
    let files = if choice & 0x80 == 0 {
        vec![file]
    } else {
        vec![file, file]
    };
    let plan = plan_import_files(start, &files, parent);
    for (i, _) in files.iter().enumerate() {
        let _ = bad_rows_csv(&table, i, &plan);
    }
    for b in &plan.bad_rows {
        let _ = b.message(&plan);
    }
    let mut ws = start.clone();
    if let Ok(applied) = apply(&mut ws, &plan.command()) {
        if let Err(e) = ws.validate() {
            panic!("the roster import left an invalid workspace: {e}");
        }
        revert(&mut ws, applied.undo);
        assert!(
            ws == *start,
            "undoing the import did not give the sample back"
        );
    }
});
