//! One table test per rule row of domain.md §2, named by rule id, run in both editions.

use serde_json::{json, Value};
use zhuanjie_core::{rules, Answers, Edition, Outcome};

fn check(edition: Edition, answers: Value) -> Outcome {
    let mut answers = answers;
    answers["edition"] = json!(edition.code());
    let parsed = Answers::from_json(&answers.to_string()).unwrap_or_else(|e| panic!("{e}"));
    rules::evaluate(&parsed).unwrap_or_else(|e| panic!("{answers}: {e}"))
}

fn code<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap_or("null")
        .to_string()
}

fn both(f: impl Fn(Edition)) {
    for e in Edition::ALL {
        f(e);
    }
}

fn base(situation: &str) -> Value {
    json!({"age": 22, "situation": situation, "party_member": false})
}

fn with(mut v: Value, extra: Value) -> Value {
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

#[test]
fn r_study() {
    both(|e| {
        let o = check(
            e,
            with(
                base("further_study"),
                json!({"same_school": false, "special_province": false, "destination_is_branch": true}),
            ),
        );
        assert_eq!(code(o.reason), "further_study");
        assert_eq!(o.reason_label, Some("升学"));
        assert_eq!(code(o.destination), "admitting_school_org");
        let forbidden: Vec<String> = o
            .forbidden
            .iter()
            .filter_map(|f| f.destination)
            .map(code)
            .collect();
        assert!(
            forbidden.contains(&"residence_township_org".into())
                && forbidden.contains(&"hukou_township_org".into())
        );
        assert!(o.rules.contains(&"R-STUDY"));
        assert!(o.sources.iter().any(|s| s.clause == "S004 2.1"));
        assert_eq!(
            o.approvals.iter().map(code).collect::<Vec<_>>(),
            ["out_org", "in_org"]
        );
    });
}

#[test]
fn r_study_same() {
    both(|e| {
        let o = check(
            e,
            with(
                base("further_study"),
                json!({"same_school": true, "destination_is_branch": true}),
            ),
        );
        assert_eq!(o.rules[0], "R-STUDY-SAME");
        assert_eq!(code(o.destination), "admitting_school_org");
        assert!(o.sources.iter().any(|s| s.clause == "S000 （二）②"));
    });
}

#[test]
fn r_work_org() {
    both(|e| {
        let o = check(
            e,
            with(
                base("employed"),
                json!({"dispatched": false, "employer_has_org": true, "employer_system": null, "special_province": false, "destination_is_branch": true}),
            ),
        );
        assert_eq!(o.rules[0], "R-WORK-ORG");
        assert_eq!(code(o.reason), "employed_with_org");
        assert_eq!(o.reason_label, Some("已落实工作单位（工作单位有团组织）"));
        assert_eq!(code(o.destination), "employer_org");
    });
}

#[test]
fn r_work_noorg() {
    let q = with(
        base("employed"),
        json!({"dispatched": false, "employer_has_org": false, "special_province": false, "destination_is_branch": true}),
    );
    let o = check(Edition::E2021, q.clone());
    assert_eq!(o.rules[0], "R-WORK-NOORG");
    assert_eq!(code(o.reason), "employed_without_org");
    assert_eq!(code(o.destination), "residence_township_org");
    assert_eq!(
        o.alternatives.iter().map(code).collect::<Vec<_>>(),
        ["employer_township_org", "county_floating_branch"]
    );
    let o = check(Edition::E2019, q);
    assert_eq!(o.rules[0], "R-WORK-NOORG");
    assert_eq!(
        code(o.destination),
        "employer_township_org",
        "2019: the employer-location temporary branch"
    );
    // No 2019 seed names the residence, and the hukou place is forbidden (R-WORK-FORBID):
    // the one alternative is the county's temporary branch, from September, when the township
    // cannot take them (S002 指引1), named in 2019's words.
    assert_eq!(
        o.alternatives.iter().map(code).collect::<Vec<_>>(),
        ["county_floating_branch"]
    );
    assert_eq!(o.alternative_labels, ["县级团组织建立的学社衔接临时团支部"]);
    assert!(o.warnings.iter().any(|w| w.text.contains("县级团组织")));
}

#[test]
fn r_work_forbid() {
    both(|e| {
        for has_org in [true, false] {
            let o = check(
                e,
                with(
                    base("employed"),
                    json!({"dispatched": false, "employer_has_org": has_org, "employer_system": null, "special_province": false, "destination_is_branch": true}),
                ),
            );
            assert!(o.rules.contains(&"R-WORK-FORBID"));
            assert!(o
                .forbidden
                .iter()
                .any(|f| f.destination.map(code) == Some("hukou_township_org".into())));
        }
        let o = check(
            e,
            with(
                base("unemployed"),
                json!({"retain_at_school": false, "special_province": false, "destination_is_branch": true}),
            ),
        );
        assert!(
            !o.rules.contains(&"R-WORK-FORBID"),
            "the unemployed may go to the hukou place"
        );
    });
}

#[test]
fn r_dispatch() {
    both(|e| {
        let o = check(
            e,
            with(
                base("employed"),
                json!({"dispatched": true, "user_unit_has_org": true, "special_province": false, "destination_is_branch": true}),
            ),
        );
        assert_eq!(o.rules[0], "R-DISPATCH");
        assert_eq!(code(o.destination), "user_unit_org");
        let o = check(
            e,
            with(
                base("employed"),
                json!({"dispatched": true, "user_unit_has_org": false, "special_province": false, "destination_is_branch": true}),
            ),
        );
        // S003 Q13 offers two equal options when the user unit has no org.
        assert_eq!(code(o.destination), "dispatch_agency_org");
        assert_eq!(
            o.alternatives.iter().map(code).collect::<Vec<_>>(),
            ["employer_township_org"]
        );
        assert!(
            o.title.contains("或"),
            "both options in the title: {}",
            o.title
        );
        assert!(o.warnings.iter().any(|w| w.text.contains("任选其一")));
        // With an org at the user unit, that org is the answer (优先), nothing else offered.
        let o = check(
            e,
            with(
                base("employed"),
                json!({"dispatched": true, "user_unit_has_org": true, "special_province": false, "destination_is_branch": true}),
            ),
        );
        assert!(o.alternatives.is_empty());
    });
}

#[test]
fn r_system() {
    both(|e| {
        let o = check(
            e,
            with(
                base("employed"),
                json!({"dispatched": false, "employer_has_org": true, "employer_system": "railway", "destination_is_branch": true}),
            ),
        );
        assert!(o.rules.contains(&"R-SYSTEM"));
        assert!(o.warnings.iter().any(|w| w.text.contains("全国铁道团委")));
        assert!(o.forbidden.iter().any(|f| f.what.contains("省份")));
    });
}

#[test]
fn r_military() {
    both(|e| {
        let o = check(e, base("military"));
        assert_eq!(o.rules[0], "R-MILITARY");
        assert_eq!(code(o.reason), "special_unit");
        assert_eq!(o.reason_label, Some("转往特殊单位团组织"));
        assert_eq!(code(o.destination), "special_unit_library");
        assert_eq!(
            o.approvals.iter().map(code).collect::<Vec<_>>(),
            ["provincial"]
        );
        assert!(o.fields.is_empty());
        assert!(!o.offline_duties.is_empty());
    });
}

#[test]
fn r_classified() {
    both(|e| {
        let o = check(e, base("classified"));
        assert_eq!(o.rules[0], "R-CLASSIFIED");
        assert_eq!(code(o.destination), "special_unit_library");
        assert_eq!(
            o.approvals.iter().map(code).collect::<Vec<_>>(),
            ["provincial"]
        );
    });
}

#[test]
fn r_unemp() {
    let q = with(
        base("unemployed"),
        json!({"retain_at_school": false, "special_province": false, "destination_is_branch": true}),
    );
    let o = check(Edition::E2021, q.clone());
    assert_eq!(o.rules[0], "R-UNEMP");
    assert_eq!(o.reason_label, Some("未升学或未落实就业去向"));
    assert_eq!(code(o.destination), "residence_township_org");
    // S004 2.2's county floating branch serves the unemployed too (“下同”).
    assert_eq!(
        o.alternatives.iter().map(code).collect::<Vec<_>>(),
        ["hukou_township_org", "county_floating_branch"]
    );
    assert!(!o.warnings.iter().any(|w| w.text.contains("村、社区")));
    let o = check(Edition::E2019, q);
    assert_eq!(o.reason_label, Some("未就业"));
    assert_eq!(
        o.alternatives.iter().map(code).collect::<Vec<_>>(),
        ["hukou_township_org"]
    );
    assert!(
        o.warnings.iter().any(|w| w.text.contains("村、社区")),
        "villages and communities are a 2019 option (S002)"
    );
}

#[test]
fn r_unemp_retain() {
    both(|e| {
        let o = check(
            e,
            with(base("unemployed"), json!({"retain_at_school": true})),
        );
        assert_eq!(o.rules[0], "R-UNEMP-RETAIN");
        // A real transfer into the school's floating branch (S000, S004 2.4): a reason that
        // matches reality, withdrawable, dated, with offline duties.
        assert_eq!(code(o.reason), "unemployed");
        assert_eq!(code(o.destination), "school_floating_branch");
        assert!(o.withdrawable);
        assert_eq!(o.dates, e.calendar().milestones());
        assert!(!o.offline_duties.is_empty());
        assert_eq!(
            o.approvals.iter().map(code).collect::<Vec<_>>(),
            ["out_org", "in_org"]
        );
        // Each edition's own retention period (S004 2.4; S002 指引5), never the other's.
        match e {
            Edition::E2021 => {
                assert!(o.warnings.iter().any(|w| w.text.contains("未完成")));
                assert!(o
                    .warnings
                    .iter()
                    .any(|w| w.text.contains("保留 6 个月，最长不超过 1 年")));
            }
            Edition::E2019 => {
                assert!(o
                    .warnings
                    .iter()
                    .any(|w| w.text.contains("一般不超过 6 个月")));
                assert!(!o.warnings.iter().any(|w| w.text.contains("1 年")));
            }
        }
    });
}

#[test]
fn r_abroad_study() {
    let o = check(Edition::E2021, base("abroad_study"));
    assert_eq!(o.rules[0], "R-ABROAD-STUDY");
    assert_eq!(o.reason_label, Some("出国（境）学习生活"));
    assert_eq!(code(o.destination), "school_overseas_branch");
    assert!(o.warnings.iter().any(|w| w.text.contains("书面申请")));
    assert_eq!(
        check(Edition::E2019, base("abroad_study")).reason_label,
        Some("出国（境）学习研究")
    );
}

#[test]
fn r_abroad_work() {
    let q = with(
        base("abroad_work"),
        json!({"special_province": false, "destination_is_branch": true}),
    );
    let o = check(Edition::E2021, q.clone());
    assert_eq!(o.rules[0], "R-ABROAD-WORK");
    assert_eq!(code(o.reason), "employed_with_org");
    assert_eq!(code(o.destination), "sending_unit_org");
    let o = check(Edition::E2019, q);
    assert_eq!(code(o.reason), "abroad_official");
    assert_eq!(o.reason_label, Some("出国（因公出国/境）"));
}

#[test]
fn r_abroad_private() {
    let q = with(
        base("abroad_private"),
        json!({"special_province": false, "destination_is_branch": true}),
    );
    let o = check(Edition::E2021, q.clone());
    assert_eq!(o.rules[0], "R-ABROAD-PRIVATE");
    assert_eq!(code(o.reason), "unemployed");
    assert!(
        o.warnings.iter().any(|w| w.text.contains("本指南的理解")
            && w.text.contains("S004 4.1")
            && w.text.contains("学校团委")),
        "2021 must say it is a reading, show the tension with S004 4.1 and send to the school"
    );
    let o = check(Edition::E2019, q);
    assert_eq!(code(o.reason), "abroad_private");
    assert_eq!(o.reason_label, Some("出国（因私出国/境）"));
    assert_eq!(code(o.destination), "hukou_township_org");
}

#[test]
fn r_delayed() {
    both(|e| {
        let o = check(e, json!({"age": 22, "situation": "delayed"}));
        assert_eq!(o.rules, ["R-DELAYED"]);
        assert_eq!(o.reason, None);
        assert_eq!(o.reason_label, None);
        assert_eq!(code(o.destination), "delayed_graduation_org");
        assert!(o.approvals.is_empty());
        assert!(!o.withdrawable);
    });
}

#[test]
fn r_age_28() {
    both(|e| {
        let o = check(
            e,
            json!({"age": 28, "holds_league_post": false, "situation": "employed"}),
        );
        assert_eq!(o.rules, ["R-AGE-28"]);
        assert_eq!(code(o.destination), "none");
        assert_eq!(o.reason, None);
        // With a post the member transfers as usual.
        let o = check(
            e,
            json!({"age": 30, "holds_league_post": true, "situation": "military"}),
        );
        assert_eq!(o.rules[0], "R-MILITARY");
    });
}

#[test]
fn r_age_16() {
    // Only the 2021 instructions state it (S004 FAQ 2.2); no 2019 source does.
    let o = check(
        Edition::E2019,
        json!({"age": 15, "situation": "unemployed", "retain_at_school": false, "special_province": false, "destination_is_branch": true, "party_member": false}),
    );
    assert!(!o.rules.contains(&"R-AGE-16"));
    assert!(!o.approvals.iter().any(|s| code(s) == "leadership"));
    [Edition::E2021].into_iter().for_each(|e| {
        let o = check(
            e,
            json!({"age": 15, "situation": "unemployed", "retain_at_school": false, "special_province": false, "destination_is_branch": true, "party_member": false}),
        );
        assert!(o.rules.contains(&"R-AGE-16"));
        assert_eq!(
            o.approvals.iter().map(code).collect::<Vec<_>>(),
            ["out_org", "in_org", "leadership"]
        );
        assert!(o.fields.iter().any(|f| f.name == "情况说明"));
        // Inside the school domain (further study) no extra approval.
        let o = check(
            e,
            json!({"age": 15, "situation": "further_study", "same_school": false, "special_province": false, "destination_is_branch": true, "party_member": false}),
        );
        assert!(!o.rules.contains(&"R-AGE-16"));
        let o = check(
            e,
            json!({"age": 16, "situation": "unemployed", "retain_at_school": false, "special_province": false, "destination_is_branch": true, "party_member": false}),
        );
        assert!(!o.rules.contains(&"R-AGE-16"));
    });
}

#[test]
fn r_party() {
    both(|e| {
        let o = check(e, with(base("military"), json!({"party_member": true})));
        assert!(o.rules.contains(&"R-PARTY"));
        assert!(o.warnings.iter().any(|w| w.text.contains("党组织")));
        assert_eq!(
            code(o.destination),
            "special_unit_library",
            "still transfers as the situation says"
        );
    });
}

#[test]
fn r_3prov() {
    both(|e| {
        let o = check(
            e,
            with(
                base("employed"),
                json!({"dispatched": false, "employer_has_org": true, "employer_system": null, "special_province": true}),
            ),
        );
        assert!(o.rules.contains(&"R-3PROV"));
        assert_eq!(o.rules.iter().filter(|r| **r == "R-3PROV").count(), 1);
        assert!(o.warnings.iter().any(|w| w.text.contains("公众号")));
        // The org is typed by hand: no field may still say “pick it from the tree”.
        assert!(o.fields.iter().any(|f| f.hint.contains("手工填写")));
        assert!(
            !o.fields.iter().any(|f| f.hint.contains("从组织树中选择")),
            "{:?}",
            o.fields
        );
        // Only the 2019 slides forbid withdrawing (S002); 2021 says it may not be possible.
        match e {
            Edition::E2019 => assert!(!o.withdrawable),
            Edition::E2021 => {
                assert!(o.withdrawable);
                // One answer, said once: the sources are silent, so it may not be possible.
                assert_eq!(o.withdrawal, rules::Withdrawal::Uncertain);
                assert!(o.warnings.iter().any(|w| w.text.contains("S003 Q3")));
                assert!(!o.warnings.iter().any(|w| w.text.contains("可以撤回")));
                assert!(!o.warnings.iter().any(|w| w.text.contains("不能撤回")));
            }
        }
        assert_eq!(
            rules::special_province_blocks_withdrawal(e),
            e == Edition::E2019
        );
    });
}

/// One answer must never both suggest and forbid a destination.
#[test]
fn a_forbidden_destination_is_never_offered() {
    for edition in Edition::ALL {
        for answers in zhuanjie_core::flow::all_complete_paths(edition) {
            let o = rules::evaluate(&answers).unwrap();
            for f in &o.forbidden {
                if let Some(d) = f.destination {
                    assert!(
                        o.destination != d && !o.alternatives.contains(&d),
                        "{}: {} is offered and forbidden ({})",
                        answers.to_query(),
                        code(d),
                        f.what
                    );
                }
            }
        }
    }
}

#[test]
fn r_committee() {
    both(|e| {
        let o = check(
            e,
            with(
                base("further_study"),
                json!({"same_school": false, "special_province": false, "destination_is_branch": false}),
            ),
        );
        assert!(o.rules.contains(&"R-COMMITTEE"));
        assert_eq!(
            o.approvals.iter().map(code).collect::<Vec<_>>(),
            ["out_org", "in_org", "assign_branch"]
        );
    });
}

#[test]
fn every_rule_row_of_the_domain_is_implemented() {
    let expected = [
        "R-STUDY",
        "R-STUDY-SAME",
        "R-WORK-ORG",
        "R-WORK-NOORG",
        "R-WORK-FORBID",
        "R-DISPATCH",
        "R-SYSTEM",
        "R-MILITARY",
        "R-CLASSIFIED",
        "R-UNEMP",
        "R-UNEMP-RETAIN",
        "R-ABROAD-STUDY",
        "R-ABROAD-WORK",
        "R-ABROAD-PRIVATE",
        "R-DELAYED",
        "R-AGE-28",
        "R-AGE-16",
        "R-PARTY",
        "R-3PROV",
        "R-COMMITTEE",
    ];
    let mut ids = rules::rule_ids();
    ids.sort();
    let mut expected = expected.to_vec();
    expected.sort();
    assert_eq!(ids, expected);
}

#[test]
fn errors_name_the_key() {
    let err = |v: Value| {
        Answers::from_json(&v.to_string())
            .and_then(|a| rules::evaluate(&a))
            .unwrap_err()
    };
    assert_eq!(err(json!({"age": 200, "situation": "employed"})).key, "age");
    assert_eq!(
        err(json!({"age": 22, "situation": "astronaut"})).key,
        "situation"
    );
    assert_eq!(
        err(json!({"age": 22, "situation": "employed"})).key,
        "dispatched"
    );
    assert_eq!(err(json!({"situation": "employed"})).key, "age");
    assert_eq!(
        err(json!({"age": 22, "situaton": "employed"})).key,
        "situaton"
    );
    assert_eq!(
        err(json!({"age": 22, "situation": "employed", "dispatched": "yes"})).key,
        "dispatched"
    );
    assert_eq!(err(json!({"edition": "2020", "age": 22})).key, "edition");
    assert_eq!(err(json!({"age": 22, "situation": "employed", "dispatched": false, "employer_has_org": true, "employer_system": "navy"})).key, "employer_system");
    assert_eq!(err(json!([1, 2])).key, "(整体)");
    let e = err(json!({"age": 200}));
    assert!(
        e.to_string().contains("200") && e.to_string().contains("年龄"),
        "{e}"
    );
}

#[test]
fn unneeded_keys_are_ignored() {
    let o = check(
        Edition::E2021,
        json!({"age": 22, "situation": "military", "party_member": false, "same_school": true, "employer_has_org": false}),
    );
    assert_eq!(o.rules, ["R-MILITARY"]);
}

#[test]
fn remarks_fit_the_limit() {
    for def in rules::OUTCOMES {
        assert!(
            def.remark.chars().count() <= rules::REMARK_MAX_CHARS,
            "{}: {} chars",
            def.id,
            def.remark.chars().count()
        );
        if def.reason.is_some() {
            assert!(
                !def.remark.is_empty(),
                "{}: whoever submits gets a remark draft",
                def.id
            );
        }
    }
}

#[test]
fn a_remark_fills_from_four_fields_and_counts_what_is_left() {
    let info = rules::RemarkInfo {
        name: "李同学".into(),
        school: "某某大学".into(),
        cohort: "2026".into(),
        phone: "13800000000".into(),
    };
    for def in rules::OUTCOMES.iter().filter(|d| !d.remark.is_empty()) {
        assert!(rules::remark_unfilled(def.remark) > 0, "{}", def.id);
        let filled = rules::fill_remark(def.remark, &info);
        assert_eq!(
            rules::remark_unfilled(&filled),
            0,
            "{}: every blank has its field: {filled}",
            def.id
        );
        assert!(filled.contains("13800000000") && filled.contains("2026届"));
        assert!(filled.contains("李同学"), "{}: {filled}", def.id);
    }
    // Half filled: the blanks left are counted; an empty field keeps its blank.
    let draft = rules::outcome_by_id("study").unwrap().remark;
    let half = rules::fill_remark(
        draft,
        &rules::RemarkInfo {
            phone: "13800000000".into(),
            ..Default::default()
        },
    );
    assert_eq!(rules::remark_unfilled(&half), 3, "{half}");
    assert_eq!(rules::fill_remark(draft, &Default::default()), draft);
}

#[test]
fn outcomes_without_a_transfer_have_no_timer_and_say_what_to_do_now() {
    for e in Edition::ALL {
        for answers in zhuanjie_core::flow::all_complete_paths(e) {
            let o = rules::evaluate(&answers).unwrap();
            if o.reason.is_none() {
                assert!(o.timer.is_empty() && o.dates.is_empty(), "{}", o.outcome);
                assert!(o.now.is_some(), "{}: what to do now", o.outcome);
            } else {
                assert!(!o.timer.is_empty(), "{}", o.outcome);
            }
        }
    }
    let study = rules::outcome_by_id("study").unwrap();
    assert!(study.now.unwrap().contains("现在不用发起"));
}

/// The checker and the state machine agree on the leading body's step (one function,
/// `policy::needs_leadership`): special units go to the provincial committee alone, a
/// 15-year-old's employed transfer needs it, and a school destination does not.
#[test]
fn leadership_step_is_one_rule() {
    use zhuanjie_core::codes::{Destination, Step};
    use zhuanjie_core::policy::needs_leadership;
    for e in Edition::ALL {
        for answers in zhuanjie_core::flow::all_complete_paths(e) {
            let Ok(o) = rules::evaluate(&answers) else {
                continue;
            };
            let age = answers.age().map(i64::from).unwrap_or(99);
            let expected = o.reason.is_some() && needs_leadership(e, age, o.destination);
            assert_eq!(
                o.approvals.contains(&Step::Leadership),
                expected,
                "{}",
                answers.to_query()
            );
        }
    }
    assert!(!needs_leadership(
        Edition::E2021,
        15,
        Destination::SpecialUnitLibrary
    ));
}
