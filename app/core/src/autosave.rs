//! The simulator's autosave in localStorage. A 50,000-member workspace is about 15 MB of
//! JSON, more than Chromium's localStorage holds (5 M characters per origin), so the saved
//! value is the compact JSON, deflated, as base64, inside a small versioned envelope:
//!
//! `{"format":"zhuanjie-autosave","version":2,"encoding":"deflate-base64","saved_at":…,
//!   "tab":"…","id":"…","members":…,"data":"…"}`
//!
//! `data` inflates to `{"workspace":…,"history":…}`: the workspace and what the undo history
//! and the log keep across a reload ([`crate::history::SavedHistory`]). Version 1 held the
//! workspace alone and still reads (with an empty history). `id` names the snapshot, so the
//! journal written after it ([`crate::journal`]) can say which snapshot it continues.
//!
//! A large workspace takes a while to encode, so [`Compactor`] does it in slices the page
//! runs between frames; its output equals [`encode`]'s. Writing 2 M characters to
//! localStorage at once blocks a slow phone for about 70 ms, so a large snapshot can be
//! stored in parts (version 3): the envelope under [`KEY`] holds the first part of `data`
//! and says how many more there are (`parts`), each under [`part_key`] of the snapshot's
//! id. The page writes the parts first, one per task, and the envelope last, so the switch
//! to the new snapshot is one write; the old snapshot's parts go after it.
//!
//! Reading never panics: a value this page cannot read is an error message (the caller sets
//! it aside, as the checker does), and the workspace inside is checked by
//! `Workspace::from_json` (migrations, validation) like any import. Inflating stops at
//! [`MAX_JSON_BYTES`], so a damaged or hostile value cannot exhaust the page's memory.
//!
//! Pure (no storage access: the simulator's `state.rs` reads and writes localStorage), so it
//! is unit-tested and fuzzed natively (`xtask/fuzz`, target `autosave`).

use miniz_oxide::deflate::core::{
    compress_to_output, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};
use serde::{Deserialize, Serialize};

use crate::history::SavedHistory;
use crate::{base64, input, Workspace};

pub const KEY: &str = "zhuanjie.simulator.v1";
const FORMAT: &str = "zhuanjie-autosave";
const VERSION: u64 = 3;
const LEVEL: i32 = 6;
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
    /// This snapshot's id (the journal's `base`); empty in version 1.
    #[serde(default)]
    id: String,
    members: usize,
    /// How many parts of `data` follow under [`part_key`] (version 3; 0 before).
    #[serde(default)]
    parts: usize,
    data: String,
}

/// Where part `i` (from 1) of snapshot `id`'s data is stored.
pub fn part_key(id: &str, i: usize) -> String {
    format!("{PART_PREFIX}{id}.{i}")
}

/// The start of every part's key (stale parts are found by it).
pub const PART_PREFIX: &str = "zhuanjie.simulator.v1.part.";

/// The part keys a saved envelope uses (none for a value in one piece or one unreadable).
pub fn part_keys(text: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        id: String,
        #[serde(default)]
        parts: usize,
    }
    match serde_json::from_str::<Head>(text) {
        // A damaged count cannot name millions of keys.
        Ok(h) if h.parts <= 4096 => (1..=h.parts).map(|i| part_key(&h.id, i)).collect(),
        _ => Vec::new(),
    }
}

/// A snapshot to store in parts: `rest` first (each `(key, value)` in its own write), then
/// `head` under [`KEY`].
pub struct SavedParts {
    pub head: String,
    pub rest: Vec<(String, String)>,
    pub json_bytes: usize,
}

impl SavedParts {
    /// The same snapshot in one piece (when storage cannot hold the parts beside the old
    /// snapshot's).
    pub fn whole(&self) -> String {
        match serde_json::from_str::<Envelope>(&self.head) {
            Ok(mut e) => {
                for (_, piece) in &self.rest {
                    e.data.push_str(piece);
                }
                wrap_encoded(&e.data, &e.tab, e.saved_at, e.members, &e.id, 0)
            }
            Err(_) => self.head.clone(),
        }
    }
}

/// A snapshot's id: the writing tab and the time of the write, so a part's key says when it
/// was written ([`part_written_at`]).
pub fn snapshot_id(tab: &str, now_ms: f64) -> String {
    format!("{tab}-{}", now_ms as u64)
}

/// The id a saved envelope names (empty when it names none or cannot be read).
pub fn id_of(text: &str) -> String {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        id: String,
    }
    serde_json::from_str::<Head>(text)
        .map(|h| h.id)
        .unwrap_or_default()
}

/// When the part under `key` was written (ms since 1970), from its snapshot's id.
pub fn part_written_at(key: &str) -> Option<f64> {
    let id = key.strip_prefix(PART_PREFIX)?.rsplit_once('.')?.0;
    id.rsplit_once('-')?
        .1
        .parse::<u64>()
        .ok()
        .map(|ms| ms as f64)
}

/// What a saved value holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub workspace: Workspace,
    pub history: SavedHistory,
    /// The snapshot's id, which the journal that follows it names.
    pub id: String,
}

/// What a save produced, for the status line and the bench.
pub struct Saved {
    pub text: String,
    pub json_bytes: usize,
}

/// The whole snapshot at once (tests, the CLI, small workspaces). The page uses
/// [`Compactor`], whose output is the same.
pub fn encode(ws: &Workspace, tab: &str, now_ms: f64) -> Saved {
    encode_with(ws, &SavedHistory::default(), tab, now_ms, "")
}

pub fn encode_with(
    ws: &Workspace,
    history: &SavedHistory,
    tab: &str,
    now_ms: f64,
    id: &str,
) -> Saved {
    Compactor::new(ws, history.clone()).finish(ws, tab, now_ms, id)
}

/// The envelope around already deflated data (`packed`).
pub fn wrap(packed: &[u8], tab: &str, now_ms: f64, members: usize) -> String {
    wrap_with_id(packed, tab, now_ms, members, "")
}

fn wrap_with_id(packed: &[u8], tab: &str, now_ms: f64, members: usize, id: &str) -> String {
    wrap_encoded(&base64::encode(packed), tab, now_ms, members, id, 0)
}

/// The envelope around data already in base64. The data goes in as it is (base64 needs no
/// escaping), so serde only writes the small fields.
fn wrap_encoded(
    data: &str,
    tab: &str,
    now_ms: f64,
    members: usize,
    id: &str,
    parts: usize,
) -> String {
    let envelope = Envelope {
        format: FORMAT.into(),
        version: VERSION,
        encoding: ENCODING.into(),
        saved_at: now_ms,
        tab: tab.into(),
        id: id.into(),
        members,
        parts,
        data: String::new(),
    };
    let empty = serde_json::to_string(&envelope).unwrap_or_default();
    let at = empty
        .rfind("\"data\":\"\"")
        .map_or(empty.len(), |i| i + "\"data\":\"".len());
    let mut out = String::with_capacity(empty.len() + data.len());
    out.push_str(&empty[..at]);
    out.push_str(data);
    out.push_str(&empty[at..]);
    out
}

/// Encodes a snapshot a slice at a time: [`Compactor::step`] writes records (the
/// workspace's, then the history's), ends the deflate stream and writes the base64, while
/// its `more` callback says there is time left (checked every few records or 48 KB), so
/// the page can keep each slice short and let the browser paint between them; what is left
/// for [`Compactor::finish`] is the envelope's few fields. The workspace must not change
/// between the first step and `finish` (the page starts over if it does).
pub struct Compactor {
    compressor: Box<CompressorOxide>,
    packed: Vec<u8>,
    pending: Vec<u8>,
    json_bytes: usize,
    members: usize,
    history: SavedHistory,
    section: Section,
    index: usize,
    /// The base64 of `packed` so far (once the stream is finished), and how far it got.
    encoded: String,
    encoded_upto: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Orgs,
    Members,
    Applications,
    Batches,
    Done,
    Undone,
    Log,
    /// Every record written and the stream finished: base64 next.
    Packed,
    /// Base64 written: only the envelope is left.
    Encoded,
}

/// Bytes of deflated data put into base64 between two looks at the time (a multiple of 3,
/// so the pieces join into the whole's base64).
const BASE64_CHUNK: usize = 48 * 1024;

/// How many records are written between two looks at the time.
const RECORDS_PER_CHECK: usize = 64;
/// Bytes of JSON gathered before they go to the compressor.
const CHUNK: usize = 64 * 1024;

impl Compactor {
    /// Starts a snapshot of `ws` and, after it, `history`.
    pub fn new(ws: &Workspace, history: SavedHistory) -> Compactor {
        let mut c = Compactor {
            compressor: Box::new(CompressorOxide::new(create_comp_flags_from_zip_params(
                LEVEL, 0, 0,
            ))),
            packed: Vec::new(),
            pending: Vec::with_capacity(CHUNK * 2),
            json_bytes: 0,
            members: ws.members.len(),
            history,
            section: Section::Orgs,
            index: 0,
            encoded: String::new(),
            encoded_upto: 0,
        };
        // The fields before the records, in the order (and the form) serde writes them:
        // `the_compactor_writes_what_serde_writes` holds the two together.
        let head = (|| -> serde_json::Result<String> {
            let mut head = format!(
                "{{\"workspace\":{{\"format\":{},\"version\":{},\"edition\":{},\"clock\":{}",
                serde_json::to_string(&ws.format)?,
                ws.version,
                serde_json::to_string(&ws.edition)?,
                serde_json::to_string(&ws.clock)?,
            );
            if let Some(calendar) = &ws.calendar {
                head.push_str(&format!(
                    ",\"calendar\":{}",
                    serde_json::to_string(calendar)?
                ));
            }
            head.push_str(",\"orgs\":[");
            Ok(head)
        })()
        .unwrap_or_default();
        c.pending.extend_from_slice(head.as_bytes());
        c
    }

    /// Writes more of `ws`; `true` once everything but the envelope is written.
    pub fn step(&mut self, ws: &Workspace, more: &mut dyn FnMut() -> bool) -> bool {
        loop {
            if self.section == Section::Packed {
                let end = (self.encoded_upto + BASE64_CHUNK).min(self.packed.len());
                self.encoded
                    .push_str(&base64::encode(&self.packed[self.encoded_upto..end]));
                self.encoded_upto = end;
                if end == self.packed.len() {
                    self.section = Section::Encoded;
                }
            }
            if self.section == Section::Encoded {
                return true;
            }
            if self.section != Section::Packed {
                for _ in 0..RECORDS_PER_CHECK {
                    if self.section == Section::Packed {
                        break;
                    }
                    self.write_next(ws);
                }
            }
            if self.pending.len() >= CHUNK {
                self.flush(TDEFLFlush::None);
            }
            if !more() {
                self.flush(TDEFLFlush::None);
                return false;
            }
        }
    }

    fn write_next(&mut self, ws: &Workspace) {
        // Each section's records, the next section and what separates them, in serde's
        // order and form (`the_compactor_writes_what_serde_writes_in_any_slicing`).
        let (len, next, close) = match self.section {
            Section::Orgs => (ws.orgs.len(), Section::Members, "],\"members\":["),
            Section::Members => (
                ws.members.len(),
                Section::Applications,
                "],\"applications\":[",
            ),
            Section::Applications => (ws.applications.len(), Section::Batches, "],\"batches\":["),
            Section::Batches => (
                ws.batches.len(),
                Section::Done,
                "]},\"history\":{\"done\":[",
            ),
            Section::Done => (self.history.done.len(), Section::Undone, "],\"undone\":["),
            Section::Undone => (self.history.undone.len(), Section::Log, "],\"log\":["),
            Section::Log => (self.history.log.len(), Section::Packed, "]}}"),
            Section::Packed | Section::Encoded => return,
        };
        if self.index >= len {
            self.pending.extend_from_slice(close.as_bytes());
            self.section = next;
            self.index = 0;
            if next == Section::Packed {
                self.flush(TDEFLFlush::Finish);
            }
            return;
        }
        if self.index > 0 {
            self.pending.push(b',');
        }
        let i = self.index;
        let _ = match self.section {
            Section::Orgs => serde_json::to_writer(&mut self.pending, &ws.orgs[i]),
            Section::Members => serde_json::to_writer(&mut self.pending, &ws.members[i]),
            Section::Applications => serde_json::to_writer(&mut self.pending, &ws.applications[i]),
            Section::Batches => serde_json::to_writer(&mut self.pending, &ws.batches[i]),
            Section::Done => serde_json::to_writer(&mut self.pending, &self.history.done[i]),
            Section::Undone => serde_json::to_writer(&mut self.pending, &self.history.undone[i]),
            Section::Log => serde_json::to_writer(&mut self.pending, &self.history.log[i]),
            Section::Packed | Section::Encoded => Ok(()),
        };
        self.index += 1;
    }

    fn flush(&mut self, flush: TDEFLFlush) {
        // Nothing to add (and a finished stream takes nothing more).
        if self.pending.is_empty() && !matches!(flush, TDEFLFlush::Finish) {
            return;
        }
        self.json_bytes += self.pending.len();
        let packed = &mut self.packed;
        let mut input: &[u8] = &self.pending;
        loop {
            let (status, used) = compress_to_output(&mut self.compressor, input, flush, |out| {
                packed.extend_from_slice(out);
                true
            });
            input = &input[used.min(input.len())..];
            let finished = match flush {
                TDEFLFlush::Finish => status == TDEFLStatus::Done,
                _ => input.is_empty(),
            };
            if finished || !matches!(status, TDEFLStatus::Okay | TDEFLStatus::Done) {
                break;
            }
        }
        self.pending.clear();
    }

    /// The saved value: the written workspace and history in the envelope. Steps that are
    /// left (none, when the last `step` said `true`) are done here at once.
    pub fn finish(mut self, ws: &Workspace, tab: &str, now_ms: f64, id: &str) -> Saved {
        while !self.step(ws, &mut || true) {}
        Saved {
            text: wrap_encoded(&self.encoded, tab, now_ms, self.members, id, 0),
            json_bytes: self.json_bytes,
        }
    }

    /// The saved value in parts of at most `part_chars` characters of data (one part, and
    /// no `rest`, when it fits).
    pub fn finish_in_parts(
        mut self,
        ws: &Workspace,
        tab: &str,
        now_ms: f64,
        id: &str,
        part_chars: usize,
    ) -> SavedParts {
        while !self.step(ws, &mut || true) {}
        let part_chars = part_chars.max(1);
        // Base64 is ASCII: any byte index is a character boundary.
        let pieces: Vec<&str> = if self.encoded.is_empty() {
            vec![""]
        } else {
            (0..self.encoded.len())
                .step_by(part_chars)
                .map(|at| &self.encoded[at..(at + part_chars).min(self.encoded.len())])
                .collect()
        };
        let rest = pieces[1..]
            .iter()
            .enumerate()
            .map(|(i, piece)| (part_key(id, i + 1), piece.to_string()))
            .collect();
        SavedParts {
            head: wrap_encoded(pieces[0], tab, now_ms, self.members, id, pieces.len() - 1),
            rest,
            json_bytes: self.json_bytes,
        }
    }
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
    decode_limited(text, MAX_JSON_BYTES, &|_| None).map(|r| r.workspace)
}

/// The workspace, the history and the snapshot's id in a saved value in one piece.
pub fn restore(text: &str) -> Result<Restored, String> {
    decode_limited(text, MAX_JSON_BYTES, &|_| None)
}

/// [`restore`] for a value that may be in parts: `part` reads a part's key.
pub fn restore_with(text: &str, part: &dyn Fn(&str) -> Option<String>) -> Result<Restored, String> {
    decode_limited(text, MAX_JSON_BYTES, part)
}

fn decode_limited(
    text: &str,
    max_json_bytes: usize,
    part: &dyn Fn(&str) -> Option<String>,
) -> Result<Restored, String> {
    let text = input::json_body(text).map_err(|e| format!("自动保存的{e}"))?;
    if let Some((_, problem)) = input::repeated_key(text) {
        return Err(format!("自动保存的内容{problem}"));
    }
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("自动保存的内容{}", input::json_problem(text, &e)))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        _ => return Err("自动保存的内容不是模拟器的存档".to_string()),
    }
    let version = match value.get("version").and_then(|v| v.as_u64()) {
        Some(v @ 1..=VERSION) => v,
        Some(v) if v > VERSION => {
            return Err(format!(
                "自动保存的存档版本为 {v}，比本页面支持的 {VERSION} 新，请用更新的版本打开"
            ))
        }
        _ => return Err("自动保存的存档缺少有效的版本号".into()),
    };
    let mut envelope: Envelope = serde_json::from_value(value).map_err(|e| {
        format!(
            "自动保存的存档结构有误：{}",
            input::serde_message(&e.to_string())
        )
    })?;
    if envelope.encoding != ENCODING {
        return Err(format!("不认识的存档编码「{}」", envelope.encoding));
    }
    let wanted = part_keys(text);
    if wanted.len() != envelope.parts {
        return Err(format!("自动保存的存档分段数有误（{}）", envelope.parts));
    }
    for (i, key) in wanted.iter().enumerate() {
        match part(key) {
            Some(piece) => envelope.data.push_str(&piece),
            None => {
                return Err(format!(
                    "自动保存的存档不完整：{} 段中缺少第 {} 段",
                    envelope.parts + 1,
                    i + 2
                ))
            }
        }
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
    let check = |json: &str| {
        Workspace::from_json(json).map_err(|e| {
            let mut text = String::from("自动保存的工作区没有通过检查：");
            for err in e.0.iter().take(5) {
                text.push_str(&format!("{err}；"));
            }
            text
        })
    };
    // Version 1 held the workspace alone; version 2 the workspace and the history.
    let (workspace, history) = if version == 1 {
        (check(&json)?, SavedHistory::default())
    } else {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Data<'a> {
            #[serde(borrow)]
            workspace: &'a serde_json::value::RawValue,
            #[serde(default)]
            history: SavedHistory,
        }
        let data: Data = serde_json::from_str(&json).map_err(|e| {
            format!(
                "自动保存的数据结构有误：{}",
                input::serde_message(&e.to_string())
            )
        })?;
        (check(data.workspace.get())?, data.history)
    };
    Ok(Restored {
        workspace,
        history,
        id: envelope.id,
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
        assert!(decode(r#"{"format":"x"}"#)
            .unwrap_err()
            .contains("不是模拟器的存档"));
        let newer = saved.text.replace("\"version\":3", "\"version\":9");
        assert!(decode(&newer).unwrap_err().contains("新"));
        let broken = saved.text.replace("\"data\":\"", "\"data\":\"!!");
        assert!(decode(&broken).unwrap_err().contains("损坏"));
    }

    #[test]
    fn a_value_that_inflates_past_the_limit_is_refused_without_inflating_it_all() {
        // 3 MB of spaces deflates to a few KB; the limit is lowered to 2 MB for the test.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 3 * 1024 * 1024], 1);
        let text = wrap(&bomb, "t", 0.0, 0).replace("\"version\":2", "\"version\":1");
        let e = decode_limited(&text, 2 * 1024 * 1024, &|_| None).unwrap_err();
        assert!(e.contains("超过 2 MB"), "{e}");
        // Under the limit it inflates, and the spaces are then no workspace.
        let e = decode_limited(&text, 4 * 1024 * 1024, &|_| None).unwrap_err();
        assert!(!e.contains("超过"), "{e}");
    }

    #[test]
    fn the_compactor_writes_what_serde_writes_in_any_slicing() {
        let mut ws = synth::school(300, Edition::E2019, 7);
        ws.calendar = Some(ws.calendar());
        // A history with steps to undo, steps to redo and the log: written in slices too.
        let mut h = crate::history::History::default();
        for days in 1..=4 {
            let date = ws.clock + chrono::Days::new(days);
            h.apply(
                &mut ws,
                crate::commands::Command::SetClock { date },
                days as f64,
            )
            .unwrap();
        }
        h.undo(&mut ws, 5.0);
        h.note(6.0, ws.clock, "一条说明".into());
        let history = h.to_saved();
        assert!(!history.done.is_empty() && !history.undone.is_empty() && !history.log.is_empty());
        let whole = encode_with(&ws, &history, "t", 1.0, "id-1");
        let json = serde_json::to_string(&ws).unwrap();
        assert_eq!(
            whole.json_bytes,
            json.len()
                + "{\"workspace\":,\"history\":}".len()
                + serde_json::to_string(&history).unwrap().len()
        );
        // One record per slice: the same bytes.
        let mut c = Compactor::new(&ws, history.clone());
        let mut slices = 0;
        while !c.step(&ws, &mut || false) {
            slices += 1;
        }
        assert!(slices > 5, "{slices}");
        let sliced = c.finish(&ws, "t", 1.0, "id-1");
        assert_eq!(sliced.text, whole.text);
        let back = restore(&sliced.text).unwrap();
        assert_eq!(back.workspace, ws);
        assert_eq!(back.history, history);
        assert_eq!(back.id, "id-1");
        // The inflated data holds the workspace exactly as serde writes it.
        let envelope: Envelope = serde_json::from_str(&whole.text).unwrap();
        let data =
            miniz_oxide::inflate::decompress_to_vec(&base64::decode(&envelope.data).unwrap())
                .unwrap();
        let data = String::from_utf8(data).unwrap();
        assert!(
            data.starts_with(&format!("{{\"workspace\":{json},\"history\":")),
            "{}",
            &data[..200]
        );
        #[derive(serde::Serialize)]
        struct Both<'a> {
            workspace: &'a Workspace,
            history: &'a SavedHistory,
        }
        let serde = serde_json::to_string(&Both {
            workspace: &ws,
            history: &history,
        })
        .unwrap();
        assert!(data == serde, "the whole value is as serde writes it");
    }

    #[test]
    fn a_snapshot_in_parts_reads_back_and_a_missing_part_is_explained() {
        let ws = synth::school(300, Edition::E2021, 7);
        let whole = encode_with(&ws, &SavedHistory::default(), "t", 1.0, "snap-1");
        let parts = Compactor::new(&ws, SavedHistory::default())
            .finish_in_parts(&ws, "t", 1.0, "snap-1", 1000);
        assert!(parts.rest.len() > 3, "{}", parts.rest.len());
        assert_eq!(parts.json_bytes, whole.json_bytes);
        assert!(parts.rest.iter().all(|(_, v)| v.len() <= 1000));
        let keys: Vec<String> = parts.rest.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(part_keys(&parts.head), keys);
        assert!(keys.iter().all(|k| k.starts_with(PART_PREFIX)));
        let stored: std::collections::HashMap<String, String> =
            parts.rest.iter().cloned().collect();
        let back = restore_with(&parts.head, &|k| stored.get(k).cloned()).unwrap();
        assert_eq!(back.workspace, ws);
        assert_eq!(back.id, "snap-1");
        // Head and parts joined are the one-piece value's data.
        let envelope: Envelope = serde_json::from_str(&parts.head).unwrap();
        let joined: String = std::iter::once(envelope.data.clone())
            .chain(parts.rest.iter().map(|(_, v)| v.clone()))
            .collect();
        let one: Envelope = serde_json::from_str(&whole.text).unwrap();
        assert_eq!(joined, one.data);
        // A part gone: said, not guessed.
        let missing = keys[1].clone();
        let e = restore_with(&parts.head, &|k| {
            (k != missing).then(|| stored.get(k).cloned()).flatten()
        })
        .unwrap_err();
        assert!(e.contains("不完整") && e.contains("第 3 段"), "{e}");
        assert!(restore(&parts.head).unwrap_err().contains("不完整"));
        // Small enough: one piece, no parts.
        let small = Compactor::new(&ws, SavedHistory::default()).finish_in_parts(
            &ws,
            "t",
            1.0,
            "snap-1",
            usize::MAX,
        );
        assert!(small.rest.is_empty());
        assert_eq!(small.head, whole.text);
        assert!(part_keys(&small.head).is_empty());
        assert_eq!(parts.whole(), whole.text);
        assert_eq!(id_of(&parts.head), "snap-1");
        let id = snapshot_id("tab-42", 1_700_000_000_123.0);
        assert_eq!(id, "tab-42-1700000000123");
        assert_eq!(
            part_written_at(&part_key(&id, 3)),
            Some(1_700_000_000_123.0)
        );
        assert_eq!(part_written_at("zhuanjie.simulator.v1.journal"), None);
    }

    #[test]
    fn a_version_1_value_still_reads() {
        let ws = synth::school(50, Edition::E2021, 7);
        let json = serde_json::to_string(&ws).unwrap();
        let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
        let v1 = wrap(&packed, "old-tab", 0.0, ws.members.len())
            .replace("\"version\":3", "\"version\":1");
        let back = restore(&v1).unwrap();
        assert_eq!(back.workspace, ws);
        assert_eq!(back.history, SavedHistory::default());
        assert_eq!(back.id, "");
    }
}
