//! `Answers::from_query` on any text (the checker's URL hash), and what the checker does
//! with accepted answers.
//!
//! Invariants: no panic; accepted answers write a query that reads back equal (also through
//! the saved checker value); `flow::next_question`, `flow::relevant`, `flow::path` and
//! `rules::evaluate` do not panic on them, and the relevant answers evaluate as the answers
//! do once no question is left.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhuanjie_core::{saved, Answers};

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
    let stored = saved::checker_to_json(&answers);
    assert_eq!(
        saved::checker_from_json(&stored).as_ref(),
        Ok(&answers),
        "the saved checker value does not read back: {stored}"
    );
    zhuanjie_fuzz::checker(&answers);
});
