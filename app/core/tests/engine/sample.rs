//! The synthetic workspaces must be valid and cover what the README promises: ≥ 3 org
//! levels, ≥ 50 members, every situation, both editions, applications in every state.

use std::collections::HashSet;
use zhuanjie_core::codes::Situation;
use zhuanjie_core::synth;
use zhuanjie_core::{Edition, Workspace};

fn roundtrip(ws: &Workspace) -> Workspace {
    Workspace::from_json(&ws.to_json()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn sample_validates_and_round_trips_in_both_editions() {
    for edition in Edition::ALL {
        let ws = synth::school(60, edition, 7);
        ws.validate()
            .unwrap_or_else(|e| panic!("{}: {e}", edition.code()));
        assert_eq!(roundtrip(&ws), ws, "export → import must be lossless");
    }
}

#[test]
fn sample_covers_every_situation_and_state() {
    let ws = synth::school(60, Edition::E2021, 7);
    let plans: HashSet<_> = ws.members.iter().filter_map(|m| m.plan).collect();
    for s in Situation::ALL {
        assert!(plans.contains(&s), "missing situation {}", s.code());
    }
    let states: HashSet<&str> = ws.states_at(ws.clock).iter().map(|s| s.state).collect();
    for expected in [
        "out_approval",
        "in_approval",
        "assign_branch",
        "provincial_approval",
        "leadership_approval",
        "completed",
        "withdrawn",
        "rejected",
        "auto_returned",
        "lapsed",
    ] {
        assert!(
            states.contains(expected),
            "no application in state {expected}: {states:?}"
        );
    }
    let ws2019 = synth::school(60, Edition::E2019, 7);
    let states: HashSet<&str> = ws2019
        .states_at(ws2019.clock)
        .iter()
        .map(|s| s.state)
        .collect();
    assert!(
        states.contains("assign_branch") && states.contains("completed"),
        "{states:?}"
    );
    assert!(
        !states.contains("auto_returned"),
        "2019 never auto-returns: {states:?}"
    );
}

#[test]
fn sample_has_three_levels_and_enough_members() {
    let ws = synth::school(60, Edition::E2021, 7);
    assert!(ws.members.len() >= 50);
    let depth = |id: &str| {
        let mut d = 0;
        let mut at = ws.org(id).and_then(|o| o.parent.clone());
        while let Some(p) = at {
            d += 1;
            at = ws.org(&p).and_then(|o| o.parent.clone());
        }
        d
    };
    assert!(ws.orgs.iter().map(|o| depth(&o.id)).max().unwrap_or(0) >= 3);
}
