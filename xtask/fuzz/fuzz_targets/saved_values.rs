//! The values the web app reads back from localStorage: the checker's answers
//! (`saved::checker_from_json`) and the personal tracker's record
//! (`TrackedApplication::from_json`). Every input is tried as both.
//!
//! Invariants: no panic; an accepted value writes back to text that reads back equal (and
//! writes the same text again); the tracker's report of an accepted record, on its own
//! dates and on the days around them, does not panic; the checker does not panic on accepted
//! answers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhuanjie_core::saved;
use zhuanjie_core::tracker::TrackedApplication;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(answers) = saved::checker_from_json(text) {
        zhuanjie_fuzz::checker(&answers);
    }
    if let Ok(app) = TrackedApplication::from_json(text) {
        let stored = app.to_json();
        let back = TrackedApplication::from_json(&stored);
        assert_eq!(
            back.as_ref(),
            Ok(&app),
            "the tracker record does not read back"
        );
        assert_eq!(back.map(|b| b.to_json()).as_deref(), Ok(stored.as_str()));
        let mut days = vec![app.submitted];
        days.extend(app.passed.iter().map(|p| p.date));
        days.extend(app.ended.map(|(_, d)| d));
        for d in days {
            for today in [d.pred_opt(), Some(d), d.succ_opt()].into_iter().flatten() {
                let _ = app.report(today);
            }
        }
    }
});
