//! Exhaustive: every answer combination the flow can produce ends in an outcome (never a
//! panic), every outcome is reachable, and the flow asks only what a path needs.

use std::collections::HashSet;
use zhuanjie_core::answers::{Key, Value};
use zhuanjie_core::flow::{self, QUESTIONS};
use zhuanjie_core::{rules, Answers, Edition};

#[test]
fn every_path_ends_in_an_outcome_and_every_outcome_is_reachable() {
    let mut reached = HashSet::new();
    let mut total = 0;
    for edition in Edition::ALL {
        let paths = flow::all_complete_paths(edition);
        assert!(paths.len() > 100, "{} paths", paths.len());
        for answers in paths {
            total += 1;
            let outcome = rules::evaluate(&answers).unwrap_or_else(|e| panic!("{answers:?}: {e}"));
            reached.insert(outcome.outcome);
            // The JSON round trip gives the same outcome (the CLI path).
            let again = Answers::from_json(&answers.to_json().to_string()).unwrap();
            assert_eq!(rules::evaluate(&again).unwrap().outcome, outcome.outcome);
            // And so does the URL form (the web app's path).
            let url = Answers::from_query(&answers.to_query()).unwrap();
            assert_eq!(rules::evaluate(&url).unwrap().outcome, outcome.outcome);
        }
    }
    for def in rules::OUTCOMES {
        assert!(
            reached.contains(def.id),
            "outcome {} is unreachable",
            def.id
        );
    }
    assert!(total > 500);
}

#[test]
fn every_incomplete_prefix_asks_a_question_and_names_it() {
    for edition in Edition::ALL {
        for answers in flow::all_complete_paths(edition) {
            // Drop each answer in turn: the evaluation names exactly the question the flow asks.
            for (key, _) in answers.iter() {
                let mut partial = answers.clone();
                partial.clear(key);
                let next = flow::next_question(&partial).expect("a dropped answer is asked again");
                let err = rules::evaluate(&partial).unwrap_err();
                assert_eq!(err.key, next.key.code());
            }
        }
    }
}

#[test]
fn only_needed_questions_are_asked() {
    // Every answered key on a complete path is one the flow asked.
    for edition in Edition::ALL {
        for answers in flow::all_complete_paths(edition) {
            let kept = flow::relevant(&answers);
            assert_eq!(kept, answers, "a complete path holds only relevant answers");
        }
    }
    // A military path never asks about employers.
    let a = Answers::new(Edition::E2021)
        .with(Key::Age, Value::Age(22))
        .unwrap()
        .with(
            Key::Situation,
            Value::Situation(zhuanjie_core::codes::Situation::Military),
        )
        .unwrap();
    let q = flow::next_question(&a).unwrap();
    assert_eq!(q.key, Key::PartyMember);
}

#[test]
fn changing_an_early_answer_keeps_what_still_applies() {
    use zhuanjie_core::codes::Situation;
    let employed = Answers::new(Edition::E2021)
        .with(Key::Age, Value::Age(23))
        .unwrap()
        .with(Key::Situation, Value::Situation(Situation::Employed))
        .unwrap()
        .with(Key::Dispatched, Value::Bool(false))
        .unwrap()
        .with(Key::EmployerHasOrg, Value::Bool(false))
        .unwrap()
        .with(Key::SpecialProvince, Value::Bool(false))
        .unwrap()
        .with(Key::DestinationIsBranch, Value::Bool(true))
        .unwrap()
        .with(Key::PartyMember, Value::Bool(true))
        .unwrap();
    let mut changed = employed.clone();
    changed
        .set(Key::Situation, Value::Situation(Situation::Unemployed))
        .unwrap();
    let kept = flow::relevant(&changed);
    assert_eq!(
        kept.get(Key::Dispatched),
        None,
        "employer answers no longer apply"
    );
    assert_eq!(kept.get(Key::EmployerHasOrg), None);
    assert_eq!(
        kept.get(Key::PartyMember),
        Some(Value::Bool(true)),
        "still applies"
    );
    assert_eq!(kept.get(Key::Age), Some(Value::Age(23)));
    // The next question is the new path's first one.
    assert_eq!(
        flow::next_question(&changed).unwrap().key,
        Key::RetainAtSchool
    );
    // Once answered, the kept special-province and branch answers apply again.
    changed
        .set(Key::RetainAtSchool, Value::Bool(false))
        .unwrap();
    assert!(flow::next_question(&changed).is_none());
}

#[test]
fn the_table_is_well_formed() {
    let mut seen = HashSet::new();
    for q in QUESTIONS {
        assert!(seen.insert(q.key), "{:?} twice", q.key);
        for edition in Edition::ALL {
            assert!(!q.prompt.is_empty() && !q.help(edition).is_empty());
            for c in q.choices() {
                assert!(!c.label.is_empty() && !c.explain(edition).is_empty());
            }
        }
    }
    assert_eq!(
        seen.len(),
        Key::ALL.len(),
        "every key has exactly one question"
    );
}

#[test]
fn question_numbers_follow_the_path_after_a_change() {
    // 升学 → 就业 after party_member was answered: the new question (劳务派遣) comes
    // third, between the situation and the kept party answer, and is numbered so.
    let mut a = Answers::new(Edition::E2021);
    a.set(Key::Age, Value::Age(22)).unwrap();
    a.set(
        Key::Situation,
        Value::Situation(zhuanjie_core::codes::Situation::Employed),
    )
    .unwrap();
    a.set(Key::PartyMember, Value::Bool(false)).unwrap();
    assert_eq!(flow::next_question(&a).unwrap().key, Key::Dispatched);
    assert_eq!(flow::question_number(&a, Key::Dispatched), 3);
    assert_eq!(flow::question_number(&a, Key::Age), 1);
    assert_eq!(flow::question_number(&a, Key::Situation), 2);
    // The kept answer after it moves on by one: the path's own order.
    a.set(Key::Dispatched, Value::Bool(false)).unwrap();
    assert_eq!(flow::question_number(&a, Key::EmployerHasOrg), 4);
}

#[test]
fn questions_one_may_not_know_yet_say_how_to_find_out() {
    // The situation, the employer's org and the receiving org are what graduates most often
    // do not know when they first open the checker.
    for key in [
        Key::Situation,
        Key::EmployerHasOrg,
        Key::UserUnitHasOrg,
        Key::DestinationIsBranch,
        Key::RetainAtSchool,
    ] {
        let q = flow::question(key).unwrap();
        for edition in Edition::ALL {
            let text = q.unsure.map(|t| t.get(edition)).unwrap_or_default();
            assert!(text.chars().count() > 20, "{key:?} {edition:?}：{text}");
        }
    }
    // An edition's own period never reaches the other.
    let retain = flow::question(Key::Situation).unwrap().unsure.unwrap();
    assert!(retain.get(Edition::E2021).contains("最长不超过 1 年"));
    assert!(!retain.get(Edition::E2019).contains("1 年"));
}
