//! The checker's answers: typed values keyed by the public snake_case keys of product.md,
//! read from JSON (the CLI) or a URL query (the web app), with errors that name the key.

use serde_json::{Map, Value as Json};
use std::fmt;

use crate::calendar::Edition;
use crate::codes::{EmployerSystem, Situation};

/// Every answer key, in the order the flow table uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Age,
    HoldsLeaguePost,
    Situation,
    SameSchool,
    Dispatched,
    UserUnitHasOrg,
    EmployerHasOrg,
    EmployerSystem,
    RetainAtSchool,
    SpecialProvince,
    DestinationIsBranch,
    PartyMember,
}

impl Key {
    pub const ALL: [Key; 12] = [
        Key::Age,
        Key::HoldsLeaguePost,
        Key::Situation,
        Key::SameSchool,
        Key::Dispatched,
        Key::UserUnitHasOrg,
        Key::EmployerHasOrg,
        Key::EmployerSystem,
        Key::RetainAtSchool,
        Key::SpecialProvince,
        Key::DestinationIsBranch,
        Key::PartyMember,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Key::Age => "age",
            Key::HoldsLeaguePost => "holds_league_post",
            Key::Situation => "situation",
            Key::SameSchool => "same_school",
            Key::Dispatched => "dispatched",
            Key::UserUnitHasOrg => "user_unit_has_org",
            Key::EmployerHasOrg => "employer_has_org",
            Key::EmployerSystem => "employer_system",
            Key::RetainAtSchool => "retain_at_school",
            Key::SpecialProvince => "special_province",
            Key::DestinationIsBranch => "destination_is_branch",
            Key::PartyMember => "party_member",
        }
    }

    pub fn from_code(code: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The youngest and oldest ages the checker accepts. League members join at 14; cadres
/// past 28 keep their membership while they hold a post, so 60 is a generous ceiling.
pub const MIN_AGE: u32 = 14;
pub const MAX_AGE: u32 = 60;

/// One answer's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    Bool(bool),
    Age(u32),
    Situation(Situation),
    /// `None` is an answer too: "none of these systems".
    System(Option<EmployerSystem>),
}

impl Value {
    /// The value as it appears in a URL query or a JSON string.
    pub fn code(self) -> String {
        match self {
            Value::Bool(true) => "yes".into(),
            Value::Bool(false) => "no".into(),
            Value::Age(age) => age.to_string(),
            Value::Situation(s) => s.code().into(),
            Value::System(Some(s)) => s.code().into(),
            Value::System(None) => "none".into(),
        }
    }

    pub fn to_json(self) -> Json {
        match self {
            Value::Bool(b) => Json::Bool(b),
            Value::Age(age) => Json::from(age),
            Value::Situation(s) => Json::from(s.code()),
            Value::System(Some(s)) => Json::from(s.code()),
            Value::System(None) => Json::Null,
        }
    }
}

/// A named problem with one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    /// The answer key (or `edition`; `(整体)` for the document as a whole; `第 L 行第 C 列`
    /// for a JSON syntax error).
    pub key: String,
    pub message: String,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key == WHOLE {
            write!(f, "答案：{}", self.message)
        } else if self.key.starts_with("第 ") {
            // A place in the JSON text: `第 3 行第 5 列`.
            write!(f, "答案{}：{}", self.key, self.message)
        } else {
            write!(f, "答案「{}」：{}", self.key, self.message)
        }
    }
}

impl std::error::Error for AnswerError {}

/// The key of an error about the answers as a whole.
pub const WHOLE: &str = "(整体)";

fn error(key: &str, message: impl Into<String>) -> AnswerError {
    AnswerError {
        key: key.to_string(),
        message: message.into(),
    }
}

/// The answers given so far. Unanswered keys are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    pub edition: Edition,
    values: Vec<(Key, Value)>,
}

impl Answers {
    pub fn new(edition: Edition) -> Answers {
        Answers {
            edition,
            values: Vec::new(),
        }
    }

    pub fn get(&self, key: Key) -> Option<Value> {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// Sets an answer after checking that the value fits the key.
    pub fn set(&mut self, key: Key, value: Value) -> Result<(), AnswerError> {
        check_value(key, value)?;
        self.values.retain(|(k, _)| *k != key);
        self.values.push((key, value));
        self.values.sort_by_key(|(k, _)| *k);
        Ok(())
    }

    pub fn with(mut self, key: Key, value: Value) -> Result<Answers, AnswerError> {
        self.set(key, value)?;
        Ok(self)
    }

    pub fn clear(&mut self, key: Key) {
        self.values.retain(|(k, _)| *k != key);
    }

    /// The answers in key order.
    pub fn iter(&self) -> impl Iterator<Item = (Key, Value)> + '_ {
        self.values.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn situation(&self) -> Option<Situation> {
        match self.get(Key::Situation) {
            Some(Value::Situation(s)) => Some(s),
            _ => None,
        }
    }

    pub fn age(&self) -> Option<u32> {
        match self.get(Key::Age) {
            Some(Value::Age(a)) => Some(a),
            _ => None,
        }
    }

    pub fn flag(&self, key: Key) -> Option<bool> {
        match self.get(key) {
            Some(Value::Bool(b)) => Some(b),
            _ => None,
        }
    }

    pub fn employer_system(&self) -> Option<EmployerSystem> {
        match self.get(Key::EmployerSystem) {
            Some(Value::System(s)) => s,
            _ => None,
        }
    }

    /// Reads the JSON of `cargo xtask check` (a leading BOM is fine). Unknown keys and values
    /// are errors that name the key, a syntax error names the line and column: a typo must
    /// never silently become a different outcome.
    pub fn from_json(text: &str) -> Result<Answers, AnswerError> {
        let text = crate::input::json_body(text).map_err(|e| error(WHOLE, e))?;
        if let Some((_, problem)) = crate::input::repeated_key(text) {
            return Err(error(
                &problem.position().unwrap_or_else(|| WHOLE.to_string()),
                problem.message,
            ));
        }
        let doc: Json = serde_json::from_str(text).map_err(|e| {
            let problem = crate::input::json_problem(text, &e);
            match problem.position() {
                Some(place) => error(&place, problem.message),
                None => error(WHOLE, problem.message),
            }
        })?;
        let Json::Object(map) = doc else {
            return Err(error(
                WHOLE,
                "应当是一个 JSON 对象，例如 {\"situation\": \"employed\"}",
            ));
        };
        Answers::from_json_map(&map)
    }

    pub fn from_json_map(map: &Map<String, Json>) -> Result<Answers, AnswerError> {
        let mut answers = Answers::default();
        for (name, value) in map {
            if name == "edition" {
                answers.edition = parse_edition(value)?;
                continue;
            }
            let Some(key) = Key::from_code(name) else {
                return Err(error(
                    name,
                    format!(
                        "未知的答案键。可用的键：edition、{}",
                        Key::ALL.map(Key::code).join("、")
                    ),
                ));
            };
            let value = parse_json_value(key, value)?;
            answers.set(key, value)?;
        }
        Ok(answers)
    }

    pub fn to_json(&self) -> Json {
        let mut map = Map::new();
        map.insert("edition".into(), Json::from(self.edition.code()));
        for (key, value) in self.iter() {
            map.insert(key.code().into(), value.to_json());
        }
        Json::Object(map)
    }

    /// `edition=2021&age=23&situation=employed&dispatched=no`: the shareable URL form.
    pub fn to_query(&self) -> String {
        let mut parts = vec![format!("edition={}", self.edition.code())];
        parts.extend(
            self.iter()
                .map(|(key, value)| format!("{}={}", key.code(), value.code())),
        );
        parts.join("&")
    }

    /// Reads the URL form. Like JSON, an unknown key or value is an error naming it.
    pub fn from_query(query: &str) -> Result<Answers, AnswerError> {
        let mut answers = Answers::default();
        let mut seen: Vec<&str> = Vec::new();
        for pair in query.trim_start_matches('?').split('&') {
            if pair.is_empty() {
                continue;
            }
            let (name, raw) = pair.split_once('=').unwrap_or((pair, ""));
            if name.is_empty() {
                return Err(error(pair, "缺少答案键：每一项应为“键=值”，例如 age=22"));
            }
            // The link would otherwise keep one of the two answers without a word.
            if seen.contains(&name) {
                return Err(error(
                    name,
                    "这个答案键在链接里出现了不止一次（只能写一次）",
                ));
            }
            seen.push(name);
            if name == "edition" {
                answers.edition = parse_edition(&Json::from(raw))?;
                continue;
            }
            let Some(key) = Key::from_code(name) else {
                return Err(error(name, "未知的答案键"));
            };
            let value = parse_text_value(key, raw)?;
            answers.set(key, value)?;
        }
        Ok(answers)
    }
}

fn parse_edition(value: &Json) -> Result<Edition, AnswerError> {
    let text = match value {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        _ => String::new(),
    };
    Edition::from_code(&text).ok_or_else(|| {
        error(
            "edition",
            format!(
                "「{}」不是可用的版本，应为 \"2021\" 或 \"2019\"",
                compact(value)
            ),
        )
    })
}

fn compact(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn parse_json_value(key: Key, value: &Json) -> Result<Value, AnswerError> {
    match key {
        Key::Age => match value.as_u64() {
            Some(age) => match u32::try_from(age) {
                Ok(age) => Ok(Value::Age(age)),
                Err(_) => Err(error(
                    key.code(),
                    format!("{age} 不是可能的年龄：应在 {MIN_AGE} 到 {MAX_AGE} 周岁之间"),
                )),
            },
            None => Err(error(
                key.code(),
                format!("「{}」不是整数年龄（周岁）", compact(value)),
            )),
        },
        Key::Situation => match value.as_str().and_then(Situation::from_code) {
            Some(s) => Ok(Value::Situation(s)),
            None => Err(error(
                key.code(),
                format!(
                    "「{}」不是可用的情况，应为：{}",
                    compact(value),
                    Situation::ALL.map(Situation::code).join("、")
                ),
            )),
        },
        Key::EmployerSystem => match value {
            Json::Null => Ok(Value::System(None)),
            Json::String(s) => parse_text_value(key, s),
            other => Err(error(
                key.code(),
                format!("「{}」不是可用的系统", compact(other)),
            )),
        },
        _ => match value {
            Json::Bool(b) => Ok(Value::Bool(*b)),
            other => Err(error(
                key.code(),
                format!("「{}」应为 true 或 false", compact(other)),
            )),
        },
    }
}

fn parse_text_value(key: Key, raw: &str) -> Result<Value, AnswerError> {
    match key {
        Key::Age => raw
            .parse::<u32>()
            .map(Value::Age)
            .map_err(|_| error(key.code(), format!("「{raw}」不是整数年龄（周岁）"))),
        Key::Situation => Situation::from_code(raw)
            .map(Value::Situation)
            .ok_or_else(|| error(key.code(), format!("「{raw}」不是可用的情况"))),
        Key::EmployerSystem => {
            if raw == "none" || raw.is_empty() {
                Ok(Value::System(None))
            } else {
                EmployerSystem::from_code(raw)
                    .map(|s| Value::System(Some(s)))
                    .ok_or_else(|| {
                        error(
                            key.code(),
                            format!(
                                "「{raw}」不是可用的系统，应为：{} 或 null",
                                EmployerSystem::ALL.map(EmployerSystem::code).join("、")
                            ),
                        )
                    })
            }
        }
        _ => match raw {
            "yes" | "true" | "1" => Ok(Value::Bool(true)),
            "no" | "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(error(key.code(), format!("「{raw}」应为 yes 或 no"))),
        },
    }
}

/// A value must fit its key, and an age must be possible.
fn check_value(key: Key, value: Value) -> Result<(), AnswerError> {
    let fits = matches!(
        (key, value),
        (Key::Age, Value::Age(_))
            | (Key::Situation, Value::Situation(_))
            | (Key::EmployerSystem, Value::System(_))
    ) || (!matches!(key, Key::Age | Key::Situation | Key::EmployerSystem)
        && matches!(value, Value::Bool(_)));
    if !fits {
        return Err(error(key.code(), "答案的类型不对"));
    }
    if let Value::Age(age) = value {
        if !(MIN_AGE..=MAX_AGE).contains(&age) {
            return Err(error(
                key.code(),
                format!("{age} 不是可能的年龄：应在 {MIN_AGE} 到 {MAX_AGE} 周岁之间"),
            ));
        }
    }
    Ok(())
}
