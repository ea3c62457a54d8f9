//! The simulator's autosave (`autosave::decode`): what it reads back from localStorage on
//! every load. Each input is tried three ways: as the stored text itself (the envelope, its
//! checks, base64), as the deflated payload inside a well-formed envelope (inflating, with
//! its size limit), and as workspace JSON deflated into one (the workspace import behind it).
//!
//! Invariants: no panic; an accepted value saves again to text that reads back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhuanjie_core::autosave;

fn check(text: &str) {
    if let Ok(ws) = autosave::decode(text) {
        let saved = autosave::encode(&ws, "fuzz", 0.0);
        assert_eq!(
            autosave::decode(&saved.text).as_ref(),
            Ok(&ws),
            "a saved workspace does not read back"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    check(&autosave::wrap(data, "fuzz", 0.0, 0));
    check(&autosave::wrap(
        &miniz_oxide::deflate::compress_to_vec(data, 1),
        "fuzz",
        0.0,
        0,
    ));
});
