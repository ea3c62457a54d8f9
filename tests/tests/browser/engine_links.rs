//! Every guide link the engine's tables carry (questions, outcomes, modifiers) points at a
//! page of the built site, and at an anchor that page really has: the checker's "source
//! clause → guide page" links, and the tracker's links after an attempt ends, can never dangle.

use std::collections::BTreeSet;
use zhuanjie_core::{flow, rules, tracker};

#[test]
fn engine_guide_links_resolve_in_dist() {
    let dist = e2e::dist_dir();
    let links: BTreeSet<&str> = flow::QUESTIONS
        .iter()
        .map(|q| q.guide)
        .chain(rules::OUTCOMES.iter().map(|o| o.guide))
        .chain(rules::MODIFIERS.iter().map(|m| m.guide))
        .chain(tracker::AFTER_END_LINKS.iter().map(|(_, href)| *href))
        .collect();
    assert!(links.len() > 10);
    for link in links {
        let (page, anchor) = link.split_once('#').unwrap_or((link, ""));
        let html = std::fs::read_to_string(dist.join(page))
            .unwrap_or_else(|e| panic!("{link}: page {page} is not in dist/ ({e})"));
        if !anchor.is_empty() {
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "{link}: page {page} has no anchor #{anchor}"
            );
        }
    }
}
