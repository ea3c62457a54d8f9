//! The simulator's journal: each action, as it is applied, appended to a small value next to
//! the autosave snapshot ([`crate::autosave`]). The page writes a line synchronously with the
//! action, so nothing the admin saw done is lost by a reload, a closed tab or a crash; the
//! full snapshot is compacted later, off the critical path. Loading is the snapshot plus
//! the journal replayed through [`History`] ([`replay`]).
//!
//! Text form: a header line, then one JSON line per entry:
//!
//! `{"format":"zhuanjie-journal","version":1,"base":"<snapshot id>","tab":"…"}`
//! `{"at_ms":…,"action":{"do":"command","command":{"type":"set_clock",…}}}`
//!
//! A journal whose `base` is not the snapshot's id belongs to an older snapshot (the page
//! was closed between writing a new snapshot and clearing the journal): the new snapshot
//! already holds it, so it is ignored. Pure: the page does the storage access.

use serde::{Deserialize, Serialize};

use crate::commands::Command;
use crate::history::History;
use crate::input;
use crate::Workspace;

pub const KEY: &str = "zhuanjie.simulator.v1.journal";
const FORMAT: &str = "zhuanjie-journal";
const VERSION: u64 = 1;

/// What the admin did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum Action {
    Command {
        command: Command,
    },
    Undo,
    Redo,
    /// A log line that changes nothing.
    Note {
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The browser's clock (ms since 1970) when it was done.
    pub at_ms: f64,
    pub action: Action,
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: u64,
    base: String,
    tab: String,
}

/// A parsed journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Journal {
    /// The id of the snapshot it continues.
    pub base: String,
    pub tab: String,
    pub entries: Vec<Entry>,
}

/// An empty journal that continues the snapshot `base`, written by `tab`.
pub fn start(base: &str, tab: &str) -> String {
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        base: base.into(),
        tab: tab.into(),
    };
    format!("{}\n", serde_json::to_string(&header).unwrap_or_default())
}

/// One entry's line (to append to the journal's text).
pub fn line(entry: &Entry) -> String {
    format!("{}\n", serde_json::to_string(entry).unwrap_or_default())
}

/// Who wrote a journal (without reading its entries).
pub fn writer_of(text: &str) -> Option<String> {
    let first = text.lines().next()?;
    serde_json::from_str::<Header>(first).ok().map(|h| h.tab)
}

/// The journal in `text`, or a Chinese message that names the line that is wrong.
pub fn parse(text: &str) -> Result<Journal, String> {
    let mut lines = text.lines().enumerate();
    let Some((_, first)) = lines.next() else {
        return Err("操作日志是空的".into());
    };
    let header: Header = serde_json::from_str(first.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("操作日志的第 1 行{}", input::json_problem(first, &e)))?;
    if header.format != FORMAT {
        return Err(format!("操作日志不是模拟器的日志（format 应为 {FORMAT}）"));
    }
    if header.version > VERSION {
        return Err(format!(
            "操作日志的版本为 {}，比本页面支持的 {VERSION} 新，请用更新的版本打开",
            header.version
        ));
    }
    let mut entries = Vec::new();
    for (i, text) in lines {
        if text.trim().is_empty() {
            continue;
        }
        let entry: Entry = serde_json::from_str(text)
            .map_err(|e| format!("操作日志的第 {} 行{}", i + 1, input::json_problem(text, &e)))?;
        entries.push(entry);
    }
    Ok(Journal {
        base: header.base,
        tab: header.tab,
        entries,
    })
}

/// Replays `entries` onto the snapshot's workspace and history, in order. Stops at the
/// first entry the engine refuses (a journal this page wrote never has one) and says which.
pub fn replay(ws: &mut Workspace, history: &mut History, entries: &[Entry]) -> Result<(), String> {
    for (n, entry) in entries.iter().enumerate() {
        match &entry.action {
            Action::Command { command } => {
                history
                    .apply(ws, command.clone(), entry.at_ms)
                    .map_err(|e| {
                        format!(
                            "操作日志的第 {} 条操作无法重做（{}），此后的 {} 条没有恢复",
                            n + 1,
                            e.message,
                            entries.len() - n - 1
                        )
                    })?;
            }
            Action::Undo => {
                history.undo(ws, entry.at_ms);
            }
            Action::Redo => {
                if let Some(Err(e)) = history.redo(ws, entry.at_ms) {
                    return Err(format!(
                        "操作日志的第 {} 条（重做）无法执行（{}）",
                        n + 1,
                        e.message
                    ));
                }
            }
            Action::Note { text } => history.note(entry.at_ms, ws.clock, text.clone()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{synth, Edition};

    #[test]
    fn a_journal_replays_to_the_same_workspace_and_history() {
        let start_ws = synth::school(40, Edition::E2021, 7);
        let mut live_ws = start_ws.clone();
        let mut live = History::default();
        let mut text = start("snap-1", "tab-a");
        let mut act = |action: Action, ws: &mut Workspace, h: &mut History, at: f64| {
            match &action {
                Action::Command { command } => {
                    h.apply(ws, command.clone(), at).unwrap();
                }
                Action::Undo => {
                    h.undo(ws, at);
                }
                Action::Redo => {
                    h.redo(ws, at).unwrap().unwrap();
                }
                Action::Note { text } => h.note(at, ws.clock, text.clone()),
            }
            text.push_str(&line(&Entry { at_ms: at, action }));
        };
        let d1 = live_ws.clock.succ_opt().unwrap();
        let d2 = d1.succ_opt().unwrap();
        act(
            Action::Command {
                command: Command::SetClock { date: d1 },
            },
            &mut live_ws,
            &mut live,
            1.0,
        );
        act(
            Action::Command {
                command: Command::SetClock { date: d2 },
            },
            &mut live_ws,
            &mut live,
            2.0,
        );
        act(Action::Undo, &mut live_ws, &mut live, 3.0);
        act(Action::Redo, &mut live_ws, &mut live, 4.0);
        act(Action::Undo, &mut live_ws, &mut live, 5.0);
        act(
            Action::Note {
                text: "系统自动退回 1 个申请".into(),
            },
            &mut live_ws,
            &mut live,
            6.0,
        );

        let journal = parse(&text).unwrap();
        assert_eq!(
            (journal.base.as_str(), journal.tab.as_str()),
            ("snap-1", "tab-a")
        );
        assert_eq!(writer_of(&text).as_deref(), Some("tab-a"));
        let mut ws = start_ws.clone();
        let mut history = History::default();
        replay(&mut ws, &mut history, &journal.entries).unwrap();
        assert_eq!(ws, live_ws);
        assert_eq!(history, live);
    }

    #[test]
    fn bad_journals_are_explained() {
        assert!(parse("").unwrap_err().contains("空"));
        assert!(parse("{").unwrap_err().contains("第 1 行"));
        let head = start("s", "t");
        assert!(parse(&format!("{head}{{\"at_ms\":1}}\n"))
            .unwrap_err()
            .contains("第 2 行"));
        let newer = head.replace("\"version\":1", "\"version\":7");
        assert!(parse(&newer).unwrap_err().contains("新"));
        // An entry the engine refuses stops the replay and says which.
        let mut ws = synth::school(10, Edition::E2021, 7);
        let entries = [Entry {
            at_ms: 0.0,
            action: Action::Command {
                command: Command::RenameOrg {
                    id: "NO-SUCH-ORG".into(),
                    name: "x".into(),
                },
            },
        }];
        let e = replay(&mut ws, &mut History::default(), &entries).unwrap_err();
        assert!(e.contains("第 1 条"), "{e}");
    }
}
