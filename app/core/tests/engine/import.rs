//! Import validation: malformed workspaces each get a Chinese message naming the place,
//! none panics, and older versions migrate forward.

use serde_json::{json, Value};
use zhuanjie_core::Workspace;

fn base() -> Value {
    serde_json::from_str(include_str!("fixtures/small.json")).unwrap()
}

fn import_err(doc: &Value) -> String {
    match Workspace::from_json(&doc.to_string()) {
        Ok(_) => panic!("accepted a malformed workspace: {doc}"),
        Err(e) => e.to_string(),
    }
}

type Mutation = fn(&mut Value);

/// A malformed-workspace case: its name, the change to the good document, and the parts
/// the message must contain.
type Case = (&'static str, Mutation, &'static [&'static str]);

/// The header: format, version, edition, clock.
fn header_cases() -> Vec<Case> {
    vec![
        (
            "missing format",
            |d| {
                d.as_object_mut().unwrap().remove("format");
            },
            &["没有工作区的格式标记", "导出 JSON"],
        ),
        (
            "wrong format",
            |d| d["format"] = json!("excalidraw"),
            &["不是本工具导出的工作区文件", "excalidraw"],
        ),
        (
            "newer version",
            |d| d["version"] = json!(99),
            &["version", "99", "新"],
        ),
        (
            "version zero",
            |d| d["version"] = json!(0),
            &["version", "不是有效的版本号"],
        ),
        ("version text", |d| d["version"] = json!("2"), &["version"]),
        (
            "unknown edition",
            |d| d["edition"] = json!("2020"),
            &["edition", "2020"],
        ),
        (
            "bad clock",
            |d| d["clock"] = json!("2026-13-01"),
            &["clock", "日期"],
        ),
    ]
}

/// Orgs: ids, parents, kinds, the tree.
fn org_cases() -> Vec<Case> {
    vec![
        (
            "duplicate org id",
            |d| d["orgs"][3]["id"] = json!("B1"),
            &["orgs[3]", "重复"],
        ),
        (
            "dangling parent",
            |d| d["orgs"][1]["parent"] = json!("ZZ"),
            &["orgs[1]（S）.parent", "ZZ", "不存在"],
        ),
        ("cycle", |d| d["orgs"][0]["parent"] = json!("S"), &["环"]),
        (
            "org under a branch",
            |d| d["orgs"][4]["parent"] = json!("B1"),
            &["orgs[4]（N）.parent", "团支部"],
        ),
        (
            "unknown org kind",
            |d| d["orgs"][2]["kind"] = json!("club"),
            &["orgs[2].kind", "club"],
        ),
        (
            "bad graduation month",
            |d| d["orgs"][2]["graduation_month"] = json!("2026-6"),
            &["graduation_month", "YYYY-MM"],
        ),
        (
            "floating branch misnamed",
            |d| d["orgs"][5]["name"] = json!("测试大学暂存团支部"),
            &["orgs[5]（SF）.name", "流动团员"],
        ),
    ]
}

/// Members: ids, branches, ID numbers, birth dates, marks, fields.
fn member_cases() -> Vec<Case> {
    vec![
        (
            "duplicate member id",
            |d| d["members"][1]["id"] = json!("m1"),
            &["members[1]", "重复"],
        ),
        (
            "member in a committee",
            |d| d["members"][0]["org"] = json!("S"),
            &["members[0]（m1）.org", "团支部"],
        ),
        (
            "member in a missing org",
            |d| d["members"][0]["org"] = json!("ZZ"),
            &["members[0]（m1）.org", "ZZ"],
        ),
        (
            "bad id number",
            |d| d["members"][0]["id_number"] = json!("12345"),
            &["members[0]（m1）.id_number", "18"],
        ),
        (
            "impossible birth",
            |d| d["members"][0]["birth_date"] = json!("1800-01-01"),
            &["members[0]（m1）.birth_date"],
        ),
        (
            "delayed without reason",
            |d| {
                d["members"][6]["mark"]
                    .as_object_mut()
                    .unwrap()
                    .remove("reason");
            },
            &["members[6]（m7）.mark.reason", "原因"],
        ),
        (
            "delayed month not later",
            |d| d["members"][6]["mark"]["graduation_month"] = json!("2026-06"),
            &["graduation_month", "晚于"],
        ),
        (
            "unknown member field",
            |d| d["members"][0]["nickname"] = json!("x"),
            &["members[0]", "nickname", "未知字段"],
        ),
        (
            "missing member name",
            |d| {
                d["members"][0].as_object_mut().unwrap().remove("name");
            },
            &["members[0]", "缺少字段 name"],
        ),
    ]
}

/// Applications: ids, the records they name, events and their order.
fn application_cases() -> Vec<Case> {
    vec![
        (
            "duplicate application",
            |d| d["applications"][1]["id"] = json!("a1"),
            &["applications[1]", "重复"],
        ),
        (
            "dangling application member",
            |d| d["applications"][0]["member"] = json!("nobody"),
            &["applications[0]（a1）.member", "nobody"],
        ),
        (
            "dangling to_org",
            |d| d["applications"][0]["to_org"] = json!("ZZ"),
            &["applications[0]（a1）.to_org", "ZZ"],
        ),
        (
            "events out of order",
            |d| d["applications"][0]["events"][2]["date"] = json!("2026-06-01"),
            &["applications[0]（a1）.events[2]", "早于"],
        ),
        (
            "event after the clock",
            |d| d["applications"][0]["events"][2]["date"] = json!("2027-01-01"),
            &["events[2].date", "晚于模拟时钟"],
        ),
        (
            "first event not submit",
            |d| d["applications"][0]["events"][0]["type"] = json!("approve"),
            &["applications[0]（a1）.events[0]", "submit"],
        ),
        (
            "no events",
            |d| d["applications"][0]["events"] = json!([]),
            &["applications[0]（a1）.events", "没有任何事件"],
        ),
        (
            "approve by wrong side",
            |d| d["applications"][0]["events"][1]["by"] = json!("in_org"),
            &["applications[0]（a1）.events[1]", "转出方"],
        ),
        (
            "approve after auto-return",
            |d| {
                d["applications"][1]["events"] = json!([{"date": "2026-09-01", "type": "submit", "by": "member"}, {"date": "2026-10-12", "type": "approve", "by": "out_org"}]);
            },
            &["applications[1]（a2）.events[1]", "自动退回"],
        ),
        (
            "unknown event type",
            |d| d["applications"][0]["events"][1]["type"] = json!("stamp"),
            &["applications[0].events[1].type", "stamp"],
        ),
        (
            "2019 reason in 2021",
            |d| d["applications"][2]["reason"] = json!("abroad_private"),
            &["applications[2]（a3）.reason", "2021"],
        ),
        (
            "second open application",
            |d| {
                let mut extra = d["applications"][1].clone();
                extra["id"] = json!("a2b");
                extra["events"] = json!([{"date": "2026-10-11", "type": "submit", "by": "member"}]);
                d["applications"].as_array_mut().unwrap().push(extra);
            },
            &["a2b", "尚未结束"],
        ),
    ]
}

/// Batches, destinations, the calendar, the document itself.
fn batch_and_other_cases() -> Vec<Case> {
    vec![
        (
            "batch over 30",
            |d| {
                for k in 0..31 {
                    d["members"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"id": format!("g{k}"), "name": "丁", "org": "G2"}));
                    d["applications"].as_array_mut().unwrap().push(json!({"id": format!("bt{k}"), "member": format!("g{k}"), "destination": "none", "from_org": "G1", "to_org": "G2", "initiator": "batch", "batch": "b1", "events": [{"date": "2026-05-01", "type": "submit", "by": "out_org"}]}));
                }
            },
            &["batches[0]（b1）", "30", "31"],
        ),
        (
            "batch outside the subtree",
            |d| {
                d["applications"].as_array_mut().unwrap().push(json!({"id": "bt", "member": "j1", "destination": "none", "from_org": "B2", "to_org": "G2", "initiator": "batch", "batch": "b1", "events": [{"date": "2026-05-01", "type": "submit", "by": "out_org"}]}));
            },
            &["applications[6]（bt）.from_org", "不在"],
        ),
        (
            "batch by a committee",
            |d| d["batches"][0]["org"] = json!("S"),
            &["batches[0]（b1）.org", "团总支"],
        ),
        (
            "special province with a tree org",
            |d| d["applications"][0]["special_province"] = json!(true),
            &["applications[0]（a1）.to_org", "北京"],
        ),
        (
            "no destination at all",
            |d| {
                d["applications"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("to_org");
            },
            &["applications[0]（a1）.to_org", "to_org_name"],
        ),
        (
            "calendar with zero days",
            |d| d["calendar"] = json!({"name": "x", "timer": {"kind": "auto_return", "after_days": 0, "counting_from": "09-30"}}),
            &["calendar", "after_days"],
        ),
        ("not an object", |d| *d = json!([1, 2, 3]), &["JSON 对象"]),
    ]
}

#[test]
fn malformed_workspaces_are_refused_with_named_places() {
    let cases: Vec<Case> = [
        header_cases(),
        org_cases(),
        member_cases(),
        application_cases(),
        batch_and_other_cases(),
    ]
    .concat();
    assert!(cases.len() >= 20);
    for (name, mutate, expected) in cases {
        let mut doc = base();
        mutate(&mut doc);
        let message = import_err(&doc);
        for part in expected {
            assert!(
                message.contains(part),
                "{name}: expected 「{part}」 in:\n{message}"
            );
        }
    }
}

#[test]
fn broken_json_names_line_and_column() {
    let text = include_str!("fixtures/small.json").replacen("\"clock\"", "\"clock\" \"", 1);
    let e = Workspace::from_json(&text).unwrap_err().to_string();
    assert!(e.contains("第 5 行") && e.contains("JSON"), "{e}");
    let e = Workspace::from_json("").unwrap_err().to_string();
    assert!(e.contains("JSON"), "{e}");
}

#[test]
fn all_problems_are_reported_together() {
    let mut doc = base();
    doc["members"][0]["org"] = json!("ZZ");
    doc["members"][1]["org"] = json!("YY");
    doc["applications"][0]["to_org"] = json!("XX");
    let e = import_err(&doc);
    assert!(
        e.contains("ZZ") && e.contains("YY") && e.contains("XX") && e.contains("3 处问题"),
        "{e}"
    );
}

#[test]
fn version_1_migrates_forward() {
    // A synthetic version-1 document: `today` for the clock, `branch` for a member's org,
    // `at` for an event's date.
    let v2 = base();
    let mut v1 = v2.clone();
    v1["version"] = json!(1);
    let clock = v1.as_object_mut().unwrap().remove("clock").unwrap();
    v1["today"] = clock;
    for m in v1["members"].as_array_mut().unwrap() {
        let org = m.as_object_mut().unwrap().remove("org").unwrap();
        m["branch"] = org;
    }
    for a in v1["applications"].as_array_mut().unwrap() {
        for e in a["events"].as_array_mut().unwrap() {
            let date = e.as_object_mut().unwrap().remove("date").unwrap();
            e["at"] = date;
        }
    }
    let migrated = Workspace::from_json(&v1.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let current = Workspace::from_json(&v2.to_string()).unwrap();
    assert_eq!(migrated, current);
    assert_eq!(migrated.version, 2);
    // Export writes the current version, and reads back identically.
    let again = Workspace::from_json(&migrated.to_json()).unwrap();
    assert_eq!(again, current);
}

mod batch_property {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::proptest_config(40))]
        /// A batch of n moves inside the 团总支's subtree imports iff n ≤ 30; every move
        /// completes on the batch date with no approval.
        #[test]
        fn batches_never_exceed_30(n in 1usize..=40) {
            let mut d = base();
            for k in 0..n {
                d["members"].as_array_mut().unwrap().push(json!({"id": format!("g{k}"), "name": "丁", "org": "G2"}));
                d["applications"].as_array_mut().unwrap().push(json!({"id": format!("bt{k}"), "member": format!("g{k}"), "destination": "none", "from_org": "G1", "to_org": "G2", "initiator": "batch", "batch": "b1", "events": [{"date": "2026-05-01", "type": "submit", "by": "out_org"}]}));
            }
            match Workspace::from_json(&d.to_string()) {
                Ok(ws) => {
                    prop_assert!(n <= zhuanjie_core::workspace::BATCH_MAX);
                    let states = ws.states_at(ws.clock);
                    prop_assert!(states.iter().filter(|s| s.application.starts_with("bt")).all(|s| s.state == "completed" && s.steps.is_empty()));
                }
                Err(e) => {
                    prop_assert!(n > zhuanjie_core::workspace::BATCH_MAX);
                    prop_assert!(e.to_string().contains("最多 30 人"));
                }
            }
        }
    }
}

/// What the sources allow, the format accepts: a delayed graduate's or a teacher's own
/// transfer (S004 1.2), and 办理转入 with a reason other than 升学 (S000 常见问题4).
#[test]
fn what_the_sources_allow_is_accepted() {
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/small.json")).unwrap();
    doc["members"][0]["mark"] = serde_json::json!({"kind": "delayed", "date": "2026-05-01", "graduation_month": "2027-06", "reason": "x"});
    doc["applications"][2]["initiator"] = serde_json::json!("in_org");
    doc["applications"][2]["events"] =
        serde_json::json!([{"date": "2026-07-01", "type": "submit", "by": "in_org"}]);
    let ws =
        zhuanjie_core::Workspace::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    // The delayed graduate's transfer is real, and the metrics leave them out.
    let m = zhuanjie_core::metrics::compute(&ws, Some("S"), ws.clock).unwrap();
    assert_eq!(m.excluded.delayed, 2);
    assert!(!m.missing.iter().any(|x| x.member == "m1"));
}

#[test]
fn the_engines_chinese_labels_read_as_codes_and_other_words_get_chinese_messages() {
    let ws = zhuanjie_core::synth::school(20, zhuanjie_core::Edition::E2021, 7);
    let mut doc: serde_json::Value = serde_json::from_str(&ws.to_json()).unwrap();
    doc["orgs"][1]["kind"] = json!("团委");
    doc["applications"][0]["events"][0]["type"] = json!("发起");
    let text = doc.to_string();
    let back = Workspace::from_json(&text).expect("the labels are the engine's own");
    assert_eq!(back, ws);
    // Words that are no label: said in Chinese, the value named, no serde English.
    for (edit, value) in [
        (("edition", None), "二〇二一"),
        (("orgs", Some("kind")), "学院"),
        (("events", Some("type")), "提交"),
    ] {
        let mut doc: serde_json::Value = serde_json::from_str(&ws.to_json()).unwrap();
        match edit {
            ("edition", _) => doc["edition"] = json!(value),
            ("orgs", Some(k)) => doc["orgs"][1][k] = json!(value),
            (_, Some(k)) => doc["applications"][0]["events"][0][k] = json!(value),
            _ => unreachable!(),
        }
        let err = Workspace::from_json(&doc.to_string())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("不认识的取值 {value}")) && !err.contains("unknown variant"),
            "{err}"
        );
    }
}

#[test]
fn a_repeated_key_is_refused_on_every_path() {
    let ws = zhuanjie_core::synth::school(20, zhuanjie_core::Edition::E2021, 7);
    let text = serde_json::to_string(&ws).unwrap();
    assert!(text.contains("\"version\":2,"));
    // A repeated version or format sent the file through the tree, where every other
    // repeated key then kept its last value silently.
    let doubled_version = text.replacen("\"version\":2,", "\"version\":2,\"version\":2,", 1);
    let doubled_format = text.replacen(
        "\"format\":\"zhuanjie-workspace\",",
        "\"format\":\"zhuanjie-workspace\",\"format\":\"zhuanjie-workspace\",",
        1,
    );
    for doc in [&doubled_version, &doubled_format] {
        let doc = doc.replacen("\"name\":", "\"name\":\"甲\",\"name\":", 1);
        let err = Workspace::from_json(&doc).unwrap_err().to_string();
        assert!(
            err.contains("出现了不止一次") && err.contains("第 1 行"),
            "{err}"
        );
    }
    let err = Workspace::from_json(&doubled_version)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("「version」") && err.contains("不止一次"),
        "{err}"
    );
    // Checker answers as JSON and as a link.
    let err = zhuanjie_core::Answers::from_json(r#"{"age": 22, "age": 30}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("「age」") && err.contains("不止一次"), "{err}");
    let err = zhuanjie_core::Answers::from_query("age=22&situation=employed&age=30")
        .unwrap_err()
        .to_string();
    assert!(err.contains("age") && err.contains("不止一次"), "{err}");
    // A stored value of this program's own: set aside with the same words.
    let saved = zhuanjie_core::autosave::encode(&ws, "t", 1.0).text;
    let doubled = saved.replacen("\"tab\":", "\"tab\":\"x\",\"tab\":", 1);
    let err = zhuanjie_core::autosave::restore(&doubled).unwrap_err();
    assert!(err.contains("不止一次"), "{err}");
}
