//! What the web app keeps in localStorage for the checker, and how a checker outcome seeds
//! the personal tracker. Pure functions: the UI only moves the strings in and out of the
//! browser, and a value these functions refuse is kept aside by the UI, never guessed at.

use chrono::NaiveDate;
use serde_json::{json, Value as Json};

use crate::answers::Answers;
use crate::codes::Destination;
use crate::rules::Outcome;
use crate::tracker::TrackedApplication;

pub const CHECKER_FORMAT: &str = "zhuanjie-checker";
pub const CHECKER_VERSION: u64 = 1;

/// The stored form of the checker's answers: `{"format", "version", "query"}`, where `query`
/// is exactly [`Answers::to_query`] (the same text as the page's URL hash).
pub fn checker_to_json(answers: &Answers) -> String {
    json!({
        "format": CHECKER_FORMAT,
        "version": CHECKER_VERSION,
        "query": answers.to_query(),
    })
    .to_string()
}

/// Reads a stored checker value. Anything unreadable, of another format or of another
/// version is an error in Chinese saying what is wrong.
pub fn checker_from_json(text: &str) -> Result<Answers, String> {
    let text = crate::input::json_body(text).map_err(|e| format!("保存的检查器答案{e}"))?;
    if let Some((_, problem)) = crate::input::repeated_key(text) {
        return Err(format!("保存的检查器答案{problem}"));
    }
    let doc: Json = serde_json::from_str(text)
        .map_err(|e| format!("保存的检查器答案{}", crate::input::stored_json_problem(&e)))?;
    if doc.get("format").and_then(Json::as_str) != Some(CHECKER_FORMAT) {
        return Err(format!(
            "保存的数据不是检查器答案（format 应为 {CHECKER_FORMAT}）"
        ));
    }
    match doc.get("version").and_then(Json::as_u64) {
        Some(CHECKER_VERSION) => {}
        Some(v) => {
            return Err(format!(
                "保存的检查器答案版本为 {v}，本页面只支持版本 {CHECKER_VERSION}"
            ))
        }
        None => return Err("保存的检查器答案缺少有效的版本号".into()),
    }
    let query = doc
        .get("query")
        .and_then(Json::as_str)
        .ok_or("保存的检查器答案缺少 query（应为文本，例如 \"age=22\"）")?;
    Answers::from_query(query).map_err(|e| format!("保存的检查器答案有误：{e}"))
}

/// The tracker record a checker outcome stands for, submitted on `submitted`: the edition,
/// reason, destination, the three-provinces and 团支部 answers, and whether the member is
/// under 16. `None` when the outcome has nothing to submit (no reason to select).
pub fn tracker_from_outcome(
    answers: &Answers,
    outcome: &Outcome,
    submitted: NaiveDate,
) -> Option<TrackedApplication> {
    let reason = outcome.reason?;
    if outcome.destination == Destination::None {
        return None;
    }
    let mut app = TrackedApplication::new(outcome.edition, outcome.destination, submitted);
    app.reason = Some(reason);
    app.special_province = answers
        .flag(crate::answers::Key::SpecialProvince)
        .unwrap_or(false);
    app.destination_is_branch = answers
        .flag(crate::answers::Key::DestinationIsBranch)
        .unwrap_or(true);
    // Whether the under-16 rule applied is the outcome's to say.
    app.under_16 = outcome.rules.contains(&"R-AGE-16");
    Some(app)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Key, Value};
    use crate::calendar::Edition;
    use crate::codes::Reason;
    use crate::rules::evaluate;

    #[test]
    fn checker_values_round_trip_and_bad_ones_are_named() {
        let answers = Answers::from_query("edition=2019&age=22&situation=military").unwrap();
        let text = checker_to_json(&answers);
        assert_eq!(checker_from_json(&text).unwrap(), answers);
        assert!(checker_from_json("{").unwrap_err().contains("JSON"));
        assert!(checker_from_json("{\"format\":\"x\"}")
            .unwrap_err()
            .contains("format"));
        assert!(
            checker_from_json(&text.replace("\"version\":1", "\"version\":9"))
                .unwrap_err()
                .contains("版本为 9")
        );
        let bad = text.replace("situation=military", "situation=pilot");
        assert!(checker_from_json(&bad).unwrap_err().contains("situation"));
    }

    #[test]
    fn an_outcome_seeds_the_tracker() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let answers = Answers::from_query(
            "edition=2021&age=15&situation=employed&dispatched=no&employer_has_org=no&special_province=no&destination_is_branch=no&party_member=no",
        )
        .unwrap();
        let outcome = evaluate(&answers).unwrap();
        let app = tracker_from_outcome(&answers, &outcome, d).unwrap();
        assert_eq!(app.edition, Edition::E2021);
        assert_eq!(app.reason, Some(Reason::EmployedWithoutOrg));
        assert_eq!(app.destination, outcome.destination);
        assert!(!app.destination_is_branch && !app.special_province && app.under_16);
        assert!(TrackedApplication::from_json(&app.to_json()).is_ok());

        let lapsed = Answers::new(Edition::E2021)
            .with(Key::Age, Value::Age(30))
            .unwrap()
            .with(Key::HoldsLeaguePost, Value::Bool(false))
            .unwrap();
        let outcome = evaluate(&lapsed).unwrap();
        assert!(tracker_from_outcome(&lapsed, &outcome, d).is_none());
    }
}
