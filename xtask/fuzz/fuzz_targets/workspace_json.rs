//! `Workspace::from_json` on any text (the simulator's import and autosave, the CLI).
//!
//! Invariants: no panic; an accepted document exports (pretty and compact) to text that
//! imports again to the same workspace and exports to the same text; the simulator's
//! dashboard of an accepted document does not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhuanjie_core::Workspace;
use zhuanjie_fuzz::dashboard;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(ws) = Workspace::from_json(text) else {
        return;
    };
    let out = ws.to_json();
    let again = match Workspace::from_json(&out) {
        Ok(again) => again,
        Err(e) => panic!("an accepted workspace's export does not import: {e}\n{out}"),
    };
    assert_eq!(again, ws, "export then import changed the workspace");
    assert_eq!(
        again.to_json(),
        out,
        "the second export differs from the first"
    );
    // The autosave writes compact JSON.
    let compact = serde_json::to_string(&ws).expect("a workspace serializes");
    assert_eq!(
        Workspace::from_json(&compact).as_ref(),
        Ok(&ws),
        "the compact export does not import to the same workspace"
    );
    dashboard(&ws);
});
