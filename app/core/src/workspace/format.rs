//! The workspace file: `format` + `version`, reading (straight from the text for the
//! current version, through the JSON tree and the migration chain for older ones) and
//! writing. Whatever is read is validated before it is returned.

use serde::Deserialize;
use serde_json::Value as Json;

use super::{ImportError, ImportErrors, OrgKind, Workspace};

pub const FORMAT: &str = "zhuanjie-workspace";
/// The version this build writes. Older versions are migrated forward on import.
pub const VERSION: u64 = 2;

fn one(place: impl Into<String>, message: impl Into<String>) -> ImportErrors {
    ImportErrors(vec![ImportError {
        place: place.into(),
        message: message.into(),
    }])
}

/// Upgrades a document of an older version, one version at a time.
fn migrate(mut doc: Json, from: u64) -> Result<Json, ImportErrors> {
    let mut version = from;
    while version < VERSION {
        doc = match version {
            1 => migrate_v1_to_v2(doc)?,
            other => return Err(one("version", format!("没有从版本 {other} 升级的方法"))),
        };
        version += 1;
    }
    if let Some(map) = doc.as_object_mut() {
        map.insert("version".into(), Json::from(VERSION));
    }
    Ok(doc)
}

/// Version 1 called the clock `today`, a member's branch `branch`, and an event's date `at`.
fn migrate_v1_to_v2(mut doc: Json) -> Result<Json, ImportErrors> {
    fn rename(obj: &mut Json, from: &str, to: &str) {
        if let Some(map) = obj.as_object_mut() {
            if let Some(v) = map.remove(from) {
                map.entry(to.to_string()).or_insert(v);
            }
        }
    }
    rename(&mut doc, "today", "clock");
    if let Some(members) = doc.get_mut("members").and_then(Json::as_array_mut) {
        for m in members {
            rename(m, "branch", "org");
        }
    }
    if let Some(apps) = doc.get_mut("applications").and_then(Json::as_array_mut) {
        for app in apps {
            if let Some(events) = app.get_mut("events").and_then(Json::as_array_mut) {
                for e in events {
                    rename(e, "at", "date");
                }
            }
        }
    }
    Ok(doc)
}

impl Workspace {
    /// Reads, migrates and validates a workspace (a leading BOM is fine). Nothing partial is
    /// ever returned: the caller keeps what it had when this fails. serde's errors come out
    /// in Chinese with the path and, from text, the line and column.
    pub fn from_json(text: &str) -> Result<Workspace, ImportErrors> {
        let text = crate::input::json_body(text).map_err(|e| one("", e))?;
        // Read the header first: a current-version document is then deserialized straight
        // from the text (a JSON tree of a province-sized roster costs ten times its size);
        // only older versions go through the tree to be migrated.
        #[derive(Deserialize)]
        struct Header {
            format: Option<Json>,
            version: Option<Json>,
        }
        // Cheapest first: a current-version document parses straight into the structures
        // in one pass, with no header scan and no path tracking. Anything else (an older
        // version, or an error to report with its place) takes the way below.
        if let Ok(ws) = serde_json::from_str::<Workspace>(text) {
            if ws.format == FORMAT && ws.version == VERSION {
                ws.validate()?;
                return Ok(ws);
            }
        }
        let header: Result<Header, _> = serde_json::from_str(text);
        if let Ok(Header {
            format: Some(Json::String(format)),
            version: Some(version),
        }) = &header
        {
            if format == FORMAT && version.as_u64() == Some(VERSION) {
                let mut de = serde_json::Deserializer::from_str(text);
                let read: Result<Workspace, _> = serde_path_to_error::deserialize(&mut de);
                // The engine's labels where codes belong (团委, 发起 …) read as the codes.
                if read.is_err() && crate::input::repeated_key(text).is_none() {
                    if let Ok(mut doc) = serde_json::from_str::<Json>(text) {
                        if labels_to_codes(&mut doc) {
                            if let Ok(ws) = serde_json::from_value::<Workspace>(doc) {
                                ws.validate()?;
                                return Ok(ws);
                            }
                        }
                    }
                }
                let ws: Workspace = read.map_err(|e| {
                    let problem = crate::input::json_problem(text, e.inner());
                    let path = e.path().to_string();
                    let place = match (path.as_str(), problem.position()) {
                        (".", Some(at)) => at,
                        (_, Some(at)) => format!("{path}（{at}）"),
                        (".", None) => String::new(),
                        (_, None) => path,
                    };
                    one(place, problem.message)
                })?;
                ws.validate()?;
                return Ok(ws);
            }
        }
        // A tree keeps the last of two equal keys without a word: refused first.
        if let Some((path, problem)) = crate::input::repeated_key(text) {
            let place = match (path.is_empty(), problem.position()) {
                (true, at) => at.unwrap_or_default(),
                (false, Some(at)) => format!("{path}（{at}）"),
                (false, None) => path,
            };
            return Err(one(place, problem.message));
        }
        let doc: Json = serde_json::from_str(text).map_err(|e| {
            let problem = crate::input::json_problem(text, &e);
            one(problem.position().unwrap_or_default(), problem.message)
        })?;
        Workspace::from_json_value(doc)
    }

    pub fn from_json_value(mut doc: Json) -> Result<Workspace, ImportErrors> {
        let _ = labels_to_codes(&mut doc);
        let Some(map) = doc.as_object() else {
            return Err(one("", "工作区应当是一个 JSON 对象"));
        };
        match map.get("format") {
            Some(Json::String(f)) if f == FORMAT => {}
            Some(other) => {
                return Err(one(
                    "",
                    format!(
                        "这不是本工具导出的工作区文件（它标明的格式是「{}」）。请选择本工具保存的工作区文件（模拟器“导出 JSON”或 zhuanjie 命令写出的文件）",
                        other
                            .as_str()
                            .map_or_else(|| other.to_string(), str::to_string)
                    ),
                ))
            }
            None => {
                return Err(one(
                    "",
                    "这不是本工具导出的工作区文件（没有工作区的格式标记）。请选择本工具保存的工作区文件（模拟器“导出 JSON”或 zhuanjie 命令写出的文件）".to_string(),
                ))
            }
        }
        let version = match map.get("version") {
            Some(v) => v.as_u64().filter(|v| *v >= 1).ok_or_else(|| {
                let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                one("version", format!("「{v}」不是有效的版本号（应为正整数）"))
            })?,
            None => return Err(one("version", "缺少 version 字段")),
        };
        if version > VERSION {
            return Err(one(
                "version",
                format!("文件版本为 {version}，比本程序支持的版本 {VERSION} 新：请用更新的版本打开，本程序不会猜测它的含义"),
            ));
        }
        let doc = migrate(doc, version)?;
        let ws: Workspace = serde_path_to_error::deserialize(doc).map_err(|e| {
            let place = e.path().to_string();
            let place = if place == "." { String::new() } else { place };
            one(place, crate::input::serde_message(&e.inner().to_string()))
        })?;
        ws.validate()?;
        Ok(ws)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// The engine's own Chinese labels where a code is expected, read as that code: an org's
/// `kind` (团委 …), an event's `type` (发起 …) and `by` (团员本人 …). A label names one
/// value only, and the labels are the ones every page shows, so nothing is guessed.
fn labels_to_codes(doc: &mut Json) -> bool {
    fn code_of<T: serde::Serialize + Copy>(
        all: &[T],
        label: impl Fn(T) -> &'static str,
        text: &str,
    ) -> Option<Json> {
        all.iter()
            .find(|v| label(**v) == text.trim())
            .and_then(|v| serde_json::to_value(v).ok())
    }
    let mut changed = false;
    let mut replace = |obj: &mut Json, key: &str, with: &dyn Fn(&str) -> Option<Json>| {
        if let Some(v) = obj.get_mut(key) {
            if let Some(code) = v.as_str().and_then(with) {
                *v = code;
                changed = true;
            }
        }
    };
    use crate::process::{Actor, EventKind};
    if let Some(orgs) = doc.get_mut("orgs").and_then(Json::as_array_mut) {
        for org in orgs {
            replace(org, "kind", &|t| code_of(&OrgKind::ALL, OrgKind::label, t));
        }
    }
    if let Some(apps) = doc.get_mut("applications").and_then(Json::as_array_mut) {
        for app in apps {
            if let Some(events) = app.get_mut("events").and_then(Json::as_array_mut) {
                for e in events {
                    replace(e, "type", &|t| {
                        code_of(&EventKind::ALL, EventKind::label, t)
                    });
                    replace(e, "by", &|t| code_of(&Actor::ALL, Actor::label, t));
                }
            }
        }
    }
    changed
}
