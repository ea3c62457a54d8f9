//! Texts per edition: every question and outcome text an edition shows is rendered, and a
//! term that belongs only to the other edition fails the test (a 2019 user is never told the
//! 2021 retention period, a 2021 user never sent to a 学社衔接临时团支部).

use zhuanjie_core::flow::{self, QUESTIONS};
use zhuanjie_core::{readings, rules, Edition};

/// Terms only one edition's sources use, with the source that makes them that edition's.
const ONLY_2021: &[&str] = &[
    "最长不超过 1 年",        // S004 2.2, 2.4
    "出国（境）学习生活",     // S004 1.4.6 reason label
    "未升学或未落实就业去向", // S004 1.4.6 reason label
    "经常居住地",             // S004 2.2
    "自动退回",               // S004 3.3, 1.5
];
const ONLY_2019: &[&str] = &[
    "学社衔接临时团支部",  // S002 指引1/4/7, S003 Q6/Q13/Q16
    "出国（因公出国/境）", // S002 reason label
    "出国（因私出国/境）", // S002 reason label
    "视为审核通过",        // S002 注, S003 Q17
    "一般不超过 6 个月",   // S002 指引5
    "7 月 31 日",          // S002 指引5
];

/// Every text the edition shows: questions (prompt, help, choices) and every outcome of
/// every complete path (title, labels, forbidden, fields, approvals, withdrawal, warnings,
/// offline duties, dates, timer).
fn texts(edition: Edition) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for q in QUESTIONS {
        let place = format!("question {}", q.key.code());
        out.push((place.clone(), q.prompt.to_string()));
        out.push((place.clone(), q.help(edition).to_string()));
        for c in q.choices() {
            out.push((
                place.clone(),
                format!("{}：{}", c.label, c.explain(edition)),
            ));
        }
    }
    for answers in flow::all_complete_paths(edition) {
        let Ok(o) = rules::evaluate(&answers) else {
            continue;
        };
        let place = format!("outcome {} ({})", o.outcome, answers.to_query());
        let mut push = |t: String| out.push((place.clone(), t));
        push(o.title.to_string());
        push(o.reason_label.unwrap_or_default().to_string());
        push(o.destination_label.to_string());
        o.alternative_labels
            .iter()
            .for_each(|l| push(l.to_string()));
        for f in &o.forbidden {
            push(format!("{}：{}", f.what, f.why));
        }
        for f in &o.fields {
            push(format!("{}：{}", f.name, f.hint));
        }
        o.approval_details
            .iter()
            .for_each(|s| push(s.label.to_string()));
        push(o.withdrawal_label.to_string());
        o.warnings.iter().for_each(|w| push(w.text.clone()));
        o.offline_duties.iter().for_each(|d| push(d.to_string()));
        o.dates.iter().for_each(|d| push(d.label.clone()));
        push(o.timer.clone());
    }
    out
}

#[test]
fn no_edition_shows_the_other_editions_terms() {
    let mut problems = Vec::new();
    for (edition, foreign) in [(Edition::E2021, ONLY_2019), (Edition::E2019, ONLY_2021)] {
        for (place, text) in texts(edition) {
            for term in foreign {
                if text.contains(term) {
                    problems.push(format!("{} {place}: «{term}» in «{text}»", edition.code()));
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each edition's own terms do appear where they should (the test above is not vacuous).
#[test]
fn each_edition_shows_its_own_terms() {
    let t2021: String = texts(Edition::E2021).into_iter().map(|(_, t)| t).collect();
    let t2019: String = texts(Edition::E2019).into_iter().map(|(_, t)| t).collect();
    for term in ["最长不超过 1 年", "未升学或未落实就业去向", "自动退回"] {
        assert!(t2021.contains(term), "2021 lacks {term}");
    }
    for term in [
        "学社衔接临时团支部",
        "出国（因公出国/境）",
        "一般不超过 6 个月",
    ] {
        assert!(t2019.contains(term), "2019 lacks {term}");
    }
}

/// No text reaches a user with a reading marker in it, and every marker names an entry of
/// the readings page.
#[test]
fn reading_markers_are_taken_out_and_name_real_entries() {
    let page = include_str!("../../../../content/guides/readings.md");
    for edition in Edition::ALL {
        for answers in flow::all_complete_paths(edition) {
            let Ok(o) = rules::evaluate(&answers) else {
                continue;
            };
            for w in &o.warnings {
                assert!(!w.text.contains(readings::MARKER_OPEN), "{}", w.text);
                if w.text.contains("本指南的理解") {
                    assert!(!w.readings.is_empty(), "unlinked reading: {}", w.text);
                }
                for id in &w.readings {
                    assert!(page.contains(&format!("{{#{id}}}")), "no entry #{id}");
                }
            }
        }
    }
}
