//! The simulator's autosave in localStorage. A 50,000-member workspace is about 15 MB of
//! JSON, more than Chromium's localStorage holds (5 M characters per origin), so the saved
//! value is the compact JSON, deflated, as base64, inside a small versioned envelope:
//!
//! `{"format":"zhuanjie-autosave","version":1,"encoding":"deflate-base64","saved_at":…,
//!   "tab":"…","members":…,"data":"…"}`
//!
//! Reading never panics: a value this page cannot read is an error message (the caller sets
//! it aside, as the checker does), and the workspace inside is checked by
//! `Workspace::from_json` (migrations, validation) like any import. Inflating stops at
//! [`MAX_JSON_BYTES`], so a damaged or hostile value cannot exhaust the page's memory.
//!
//! Pure (no storage access: the simulator's `state.rs` reads and writes localStorage), so it
//! is unit-tested and fuzzed natively (`xtask/fuzz`, target `autosave`).

use serde::{Deserialize, Serialize};

use crate::{base64, input, Workspace};

pub const KEY: &str = "zhuanjie.simulator.v1";
const FORMAT: &str = "zhuanjie-autosave";
const VERSION: u64 = 1;
const ENCODING: &str = "deflate-base64";

/// The most JSON a saved value may inflate to. localStorage holds about 5 M characters per
/// origin; the 50,000-member bench workspace (21.7 MB of JSON) saves as 2.0 M, so a value the
/// simulator wrote stays far below this.
pub const MAX_JSON_BYTES: usize = 256 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    version: u64,
    encoding: String,
    /// Milliseconds since 1970 (the browser's clock) of the write.
    saved_at: f64,
    /// The tab that wrote it, so a tab can tell its own writes from another tab's.
    tab: String,
    members: usize,
    data: String,
}

/// What a save produced, for the status line and the bench.
pub struct Saved {
    pub text: String,
    pub json_bytes: usize,
}

pub fn encode(ws: &Workspace, tab: &str, now_ms: f64) -> Saved {
    let json = serde_json::to_string(ws).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
    Saved {
        text: wrap(&packed, tab, now_ms, ws.members.len()),
        json_bytes: json.len(),
    }
}

/// The envelope around already deflated workspace JSON (`packed`).
pub fn wrap(packed: &[u8], tab: &str, now_ms: f64, members: usize) -> String {
    let envelope = Envelope {
        format: FORMAT.into(),
        version: VERSION,
        encoding: ENCODING.into(),
        saved_at: now_ms,
        tab: tab.into(),
        members,
        data: base64::encode(packed),
    };
    serde_json::to_string(&envelope).unwrap_or_default()
}

/// Who wrote a saved value (without decoding the workspace).
pub fn writer_of(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Head {
        tab: String,
    }
    serde_json::from_str::<Head>(text).ok().map(|h| h.tab)
}

/// The workspace in a saved value, or a Chinese message saying what is wrong.
pub fn decode(text: &str) -> Result<Workspace, String> {
    decode_limited(text, MAX_JSON_BYTES)
}

fn decode_limited(text: &str, max_json_bytes: usize) -> Result<Workspace, String> {
    let text = input::json_body(text).map_err(|e| format!("自动保存的{e}"))?;
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("自动保存的内容{}", input::json_problem(text, &e)))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        _ => {
            return Err(format!(
                "自动保存的内容不是模拟器的存档（format 应为 {FORMAT}）"
            ))
        }
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(VERSION) => {}
        Some(v) if v > VERSION => {
            return Err(format!(
                "自动保存的存档版本为 {v}，比本页面支持的 {VERSION} 新，请用更新的版本打开"
            ))
        }
        _ => return Err("自动保存的存档缺少有效的版本号".into()),
    }
    let envelope: Envelope = serde_json::from_value(value).map_err(|e| {
        format!(
            "自动保存的存档结构有误：{}",
            input::serde_message(&e.to_string())
        )
    })?;
    if envelope.encoding != ENCODING {
        return Err(format!("不认识的存档编码「{}」", envelope.encoding));
    }
    let packed =
        base64::decode(&envelope.data).ok_or("自动保存的数据已损坏（不是有效的 base64）")?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, max_json_bytes)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                "自动保存的数据解压后超过 {} MB，不像是本页面写下的存档",
                max_json_bytes / 1024 / 1024
            ),
            _ => "自动保存的数据已损坏（无法解压）".to_string(),
        })?;
    let json = String::from_utf8(json).map_err(|_| "自动保存的数据已损坏（不是 UTF-8 文本）")?;
    Workspace::from_json(&json).map_err(|e| {
        let mut text = String::from("自动保存的工作区没有通过检查：");
        for err in e.0.iter().take(5) {
            text.push_str(&format!("{err}；"));
        }
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{synth, Edition};

    #[test]
    fn a_saved_workspace_reads_back_equal_and_bad_values_are_explained() {
        let ws = synth::school(300, Edition::E2021, 7);
        let saved = encode(&ws, "tab-1", 1.0);
        assert!(saved.text.len() < saved.json_bytes / 3, "compresses");
        assert_eq!(decode(&saved.text).unwrap(), ws);
        assert_eq!(writer_of(&saved.text).as_deref(), Some("tab-1"));
        assert!(decode("{").unwrap_err().contains("第 1 行第 1 列"));
        assert!(decode("").unwrap_err().contains("空"));
        let e = decode(r#"{"format":"zhuanjie-autosave","version":1,"encoding":5}"#).unwrap_err();
        assert!(e.contains("类型不对") && !e.contains("invalid type"), "{e}");
        assert!(decode(r#"{"format":"x"}"#).unwrap_err().contains("format"));
        let newer = saved.text.replace("\"version\":1", "\"version\":9");
        assert!(decode(&newer).unwrap_err().contains("新"));
        let broken = saved.text.replace("\"data\":\"", "\"data\":\"!!");
        assert!(decode(&broken).unwrap_err().contains("损坏"));
    }

    #[test]
    fn a_value_that_inflates_past_the_limit_is_refused_without_inflating_it_all() {
        // 3 MB of spaces deflates to a few KB; the limit is lowered to 2 MB for the test.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 3 * 1024 * 1024], 1);
        let text = wrap(&bomb, "t", 0.0, 0);
        let e = decode_limited(&text, 2 * 1024 * 1024).unwrap_err();
        assert!(e.contains("超过 2 MB"), "{e}");
        // Under the limit it inflates, and the spaces are then no workspace.
        let e = decode_limited(&text, 4 * 1024 * 1024).unwrap_err();
        assert!(!e.contains("超过"), "{e}");
    }
}
