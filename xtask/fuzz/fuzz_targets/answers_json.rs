//! `Answers::from_json` on any text (`cargo xtask check`), and what the checker does with
//! accepted answers.
//!
//! Invariants: no panic; accepted answers write JSON that reads back equal; the checker's
//! flow and rules do not panic on them (see `zhuanjie_fuzz::checker`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhuanjie_core::Answers;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(answers) = Answers::from_json(text) else {
        return;
    };
    let json = answers.to_json().to_string();
    assert_eq!(
        Answers::from_json(&json).as_ref(),
        Ok(&answers),
        "to_json then from_json changed the answers: {json}"
    );
    zhuanjie_fuzz::checker(&answers);
});
