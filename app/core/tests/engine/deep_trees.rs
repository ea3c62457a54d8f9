//! Issue 19's deep org trees: a chain of 50,000 orgs took 82 s to check, because each org
//! walked to the root. The check is one pass now, and a tree deeper than
//! `policy::MAX_ORG_DEPTH` is refused with a Chinese message, by the workspace check and by
//! the commands that would make one.

use chrono::NaiveDate;
use zhuanjie_core::commands::{apply, Command, Refusal};
use zhuanjie_core::policy::MAX_ORG_DEPTH;
use zhuanjie_core::workspace::{Org, OrgKind};
use zhuanjie_core::{Edition, Workspace};

/// A chain of `n` committees, `C0` the root.
fn chain(n: usize) -> Workspace {
    let mut ws = Workspace::empty(
        Edition::E2021,
        NaiveDate::from_ymd_opt(2026, 10, 15).unwrap(),
    );
    for i in 0..n {
        let parent = (i > 0).then(|| format!("C{}", i - 1));
        ws.orgs.push(Org::new(
            &format!("C{i}"),
            &format!("第{i}级团委"),
            OrgKind::Committee,
            parent.as_deref(),
        ));
    }
    ws
}

#[test]
fn a_chain_of_50000_is_refused_in_one_pass_naming_its_depth() {
    let ws = chain(50_000);
    let started = std::time::Instant::now();
    let err = ws.validate().unwrap_err().to_string();
    assert!(
        err.contains("组织树有 50000 层") && err.contains(&format!("{MAX_ORG_DEPTH} 层的上限")),
        "{err}"
    );
    // Also as a file: the same message, no hang.
    let err = Workspace::from_json(&ws.to_json()).unwrap_err().to_string();
    assert!(err.contains("50000 层"), "{err}");
    // Not a timing assertion: a bound a quadratic walk (over a minute) cannot meet.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn the_bound_is_exact_and_a_wide_tree_is_fine() {
    assert!(chain(MAX_ORG_DEPTH).validate().is_ok());
    assert!(chain(MAX_ORG_DEPTH + 1).validate().is_err());
    // 100,000 orgs three levels deep.
    let mut ws = chain(2);
    for i in 0..100_000 {
        ws.orgs.push(Org::new(
            &format!("W{i}"),
            &format!("第{i}个团支部"),
            OrgKind::Branch,
            Some("C1"),
        ));
    }
    assert!(ws.validate().is_ok());
}

#[test]
fn a_cycle_is_still_found_and_said_once() {
    let mut ws = chain(5);
    ws.orgs[0].parent = Some("C4".into());
    let err = ws.validate().unwrap_err().to_string();
    assert_eq!(err.matches("组织树有环").count(), 1, "{err}");
}

#[test]
fn commands_do_not_build_a_tree_deeper_than_the_bound() {
    let mut ws = chain(MAX_ORG_DEPTH);
    let deepest = format!("C{}", MAX_ORG_DEPTH - 1);
    let add = Command::AddOrg {
        org: Org::new("X", "新团支部", OrgKind::Branch, Some(&deepest)),
    };
    let err = apply(&mut ws, &add).unwrap_err();
    assert_eq!(err.kind, Refusal::Tree);
    assert!(
        err.message
            .contains(&format!("第 {} 层", MAX_ORG_DEPTH + 1)),
        "{}",
        err.message
    );
    // A subtree moved under the 48th level: of two levels it ends at 50, allowed; of
    // three at 51, refused.
    let moved_subtree = |levels: usize| {
        let mut ws = chain(MAX_ORG_DEPTH - 1);
        let mut parent = "C0".to_string();
        for l in 0..levels {
            let id = format!("S{l}");
            let kind = if l + 1 == levels {
                OrgKind::Branch
            } else {
                OrgKind::Committee
            };
            ws.orgs.push(Org::new(&id, "另一组织", kind, Some(&parent)));
            parent = id;
        }
        let mv = Command::MoveOrg {
            id: "S0".into(),
            parent: format!("C{}", MAX_ORG_DEPTH - 3),
        };
        apply(&mut ws, &mv)
    };
    let ok = moved_subtree(2);
    assert!(ok.is_ok(), "48 + 2 = 50 levels is allowed: {ok:?}");
    let err = moved_subtree(3).unwrap_err();
    assert_eq!(err.kind, Refusal::Tree);
    assert!(
        err.message
            .contains(&format!("第 {} 层", MAX_ORG_DEPTH + 1)),
        "{}",
        err.message
    );
}
