//! The simulator's autosave (`autosave::restore`) and journal (`journal::parse`, `replay`):
//! what it reads back from localStorage on every load. Each input is tried four ways: as
//! the stored text itself (the envelope, its checks, base64), as the deflated payload inside
//! a well-formed envelope (inflating, with its size limit), as workspace JSON deflated into
//! one (the workspace import behind it), and as a journal replayed onto a small school.
//!
//! Invariants: no panic; an accepted value saves again to text that reads back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhuanjie_core::history::History;
use zhuanjie_core::{autosave, journal, synth, Edition, Workspace};

fn school() -> &'static Workspace {
    static SCHOOL: OnceLock<Workspace> = OnceLock::new();
    SCHOOL.get_or_init(|| synth::school(20, Edition::E2021, 7))
}

fn check(text: &str) {
    if let Ok(r) = autosave::restore(text) {
        let saved = autosave::encode_with(&r.workspace, &r.history, "fuzz", 0.0, &r.id);
        assert_eq!(
            autosave::restore(&saved.text).as_ref(),
            Ok(&r),
            "a saved workspace does not read back"
        );
    }
}

fn check_journal(text: &str) {
    if let Ok(j) = journal::parse(text) {
        let mut ws = school().clone();
        let mut history = History::default();
        let _ = journal::replay(&mut ws, &mut history, &j.entries);
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
        check_journal(text);
        let data = format!("{{\"workspace\":{text},\"history\":{{}}}}");
        check(&autosave::wrap(
            &miniz_oxide::deflate::compress_to_vec(data.as_bytes(), 1),
            "fuzz",
            0.0,
            0,
        ));
    }
    check(&autosave::wrap(data, "fuzz", 0.0, 0));
});
