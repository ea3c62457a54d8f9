//! `Answers::from_query` on any text (the checker's URL hash), and what the checker does
//! with accepted answers.
//!
//! Invariants: no panic; accepted answers write a query that reads back equal; the rest
//! (the saved checker value, `flow`, `rules::evaluate`) is `zhuanjie_fuzz::checker`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhuanjie_core::Answers;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(answers) = Answers::from_query(text) else {
        return;
    };
    let query = answers.to_query();
    assert_eq!(
        Answers::from_query(&query).as_ref(),
        Ok(&answers),
        "to_query then from_query changed the answers: {query}"
    );
    zhuanjie_fuzz::checker(&answers);
});
