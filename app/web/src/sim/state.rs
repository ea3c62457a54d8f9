//! The simulator's state: the workspace in a signal, every admin action as an engine
//! command through the engine's [`History`] (undo / redo and the log, the same code a reload
//! replays), and what is kept in the browser:
//!
//! - each action is appended to the journal ([`journal`]) synchronously, as it is applied,
//!   so a reload, a closed tab or a crash loses nothing the admin saw done;
//! - the full snapshot ([`save`]) is compacted later, in slices of a few milliseconds
//!   between frames ([`save::Compactor`]), and the journal starts again after it.
//!
//! Loading is the snapshot plus the journal replayed. No rule lives here: a refused command
//! shows the engine's Chinese message.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use leptos::prelude::*;
use zhuanjie_core::commands::Command;
use zhuanjie_core::history::History;
use zhuanjie_core::journal::{self, Action, Entry};
use zhuanjie_core::season::{self, ClockMove};
use zhuanjie_core::Workspace;

use crate::store::{self, Notices};
use crate::util::chinese;
use zhuanjie_core::autosave as save;

/// A slice of snapshot compaction stops after this long, so the page stays responsive.
const SLICE_MS: f64 = 8.0;
/// The snapshot is compacted once the admin has paused this long.
const COMPACT_AFTER_MS: u64 = 1500;
/// A journal line longer than this (a large roster import) is not journaled: the snapshot
/// is written at once instead, as part of the action.
const MAX_LINE_CHARS: usize = 256 * 1024;
/// A snapshot longer than this is stored in parts of this size, one write per task (one
/// write of 2 M characters blocks a slow phone for about 70 ms; 512 K, under 20).
const PART_CHARS: usize = 512 * 1024;
/// Parts older than this that no snapshot names are left from a crash, and removed on load
/// (younger ones may be another tab's snapshot being written).
const STALE_PART_MS: f64 = 10.0 * 60.0 * 1000.0;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveStatus {
    pub text: String,
    /// Characters stored (snapshot and journal) and the snapshot's JSON size.
    pub stored_chars: usize,
    pub json_bytes: usize,
    /// How long the last write blocked the page.
    pub millis: f64,
    /// The longest single block any save caused on this page (a journal write or a slice
    /// of compaction), for the bench.
    pub longest_ms: f64,
    pub ok: bool,
    /// How many writes this page has made (journal lines and snapshots; tests wait on it).
    pub count: u64,
    /// How many writes were held back while another tab's version waited for the admin.
    pub held: u64,
    /// Entries in the journal since the last snapshot, and its size.
    pub journal_entries: usize,
    pub journal_chars: usize,
    /// Snapshots written.
    pub snapshots: u64,
}

/// Where an action's result is shown: beside the control that caused it, so the admin
/// sees it where they are looking (and a screen reader hears it from its live region).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Under the toolbar (actions with no control of their own).
    Page,
    Clock,
    Org,
    Batch,
    Member,
    AddMember,
    Roster,
    Upcoming,
    /// Under the metrics tab's export buttons.
    Export,
    /// Under the chase tab's export buttons.
    Chase,
    /// Under the bulletin tab's buttons.
    Bulletin,
}

impl Place {
    pub fn code(self) -> &'static str {
        match self {
            Place::Page => "page",
            Place::Clock => "clock",
            Place::Org => "org",
            Place::Batch => "batch",
            Place::Member => "member",
            Place::AddMember => "add-member",
            Place::Roster => "roster",
            Place::Upcoming => "upcoming",
            Place::Export => "export",
            Place::Chase => "chase",
            Place::Bulletin => "bulletin",
        }
    }
}

/// The result of the last action, for its [`Place`].
#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    pub place: Place,
    pub ok: bool,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tab {
    Metrics,
    Members,
    Upcoming,
    Chase,
    Bulletin,
    Log,
}

/// What is in storage now, as this page wrote it.
#[derive(Default)]
struct Stored {
    /// The snapshot's size.
    snapshot_chars: usize,
    json_bytes: usize,
    /// The journal's text (kept here, so an append is one write).
    journal: String,
    entries: usize,
    /// The keys of the snapshot's further parts (removed when a newer snapshot is stored).
    part_keys: Vec<String>,
}

/// Everything the page shares; all fields are signals, so it is `Copy`.
#[derive(Clone, Copy)]
pub struct Sim {
    pub ws: RwSignal<Workspace>,
    /// The org tree alone: views of the tree re-render when orgs change, not on every
    /// clock step or approval (a province has thousands of orgs).
    pub orgs: Memo<Vec<zhuanjie_core::workspace::Org>>,
    /// Undo, redo and the log (the engine's).
    pub history: RwSignal<History>,
    pub notices: Notices,
    /// What the last action did or why it was refused, shown at its place.
    pub feedback: RwSignal<Option<Feedback>>,
    /// The org whose subtree the metrics show (the root when `None`).
    pub region: RwSignal<Option<String>>,
    pub member: RwSignal<Option<String>>,
    pub tab: RwSignal<Tab>,
    pub last_clock_move: RwSignal<Option<(NaiveDate, NaiveDate, ClockMove)>>,
    pub save_status: RwSignal<SaveStatus>,
    /// Another tab saved a different workspace: saving pauses until the admin chooses.
    pub conflict: RwSignal<bool>,
    pub first_visit: RwSignal<bool>,
    tab_id: StoredValue<String>,
    stored: StoredValue<Rc<RefCell<Stored>>, LocalStorage>,
    /// Bumped by every write: a compaction in flight whose generation is older stops.
    generation: StoredValue<u64>,
    /// A replacement (or a large action) is shown but its snapshot is not written yet.
    unsaved: StoredValue<bool>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

impl Sim {
    pub fn new() -> Sim {
        let notices = Notices::new();
        let loaded = load_initial(notices);
        let region = loaded.ws.root_id().map(str::to_string);
        let ws = RwSignal::new(loaded.ws);
        let sim = Sim {
            ws,
            orgs: Memo::new(move |_| ws.with(|w| w.orgs.clone())),
            history: RwSignal::new(loaded.history),
            notices,
            feedback: RwSignal::new(None),
            region: RwSignal::new(region),
            member: RwSignal::new(None),
            tab: RwSignal::new(Tab::Metrics),
            last_clock_move: RwSignal::new(None),
            save_status: RwSignal::new(SaveStatus::default()),
            conflict: RwSignal::new(false),
            first_visit: RwSignal::new(loaded.first_visit),
            tab_id: StoredValue::new(format!(
                "tab-{}",
                now_ms() as u64 ^ (js_sys::Math::random() * 1e9) as u64
            )),
            stored: StoredValue::new_local(Rc::new(RefCell::new(loaded.stored))),
            generation: StoredValue::new(0),
            unsaved: StoredValue::new(false),
        };
        if loaded.needs_snapshot {
            // Nothing (readable) is stored yet: write the starting point, so the journal
            // has a snapshot to continue.
            sim.compact_now();
        } else if loaded.replayed > 0 {
            sim.schedule_compaction();
        }
        sim.show_status(true);
        sim
    }

    /// Says `text` at `place` (a success, or a refusal with `ok` false).
    pub fn tell(self, place: Place, ok: bool, text: impl Into<String>) {
        self.feedback.set(Some(Feedback {
            place,
            ok,
            text: text.into(),
        }));
    }

    /// Applies an admin action through the engine. A refusal leaves the workspace as it was
    /// and shows the engine's reason at `place`; a success says what was done there.
    pub fn run_in(self, place: Place, command: Command) -> bool {
        let at = now_ms();
        let outcome = self.ws.try_update_untracked(|ws| {
            self.history
                .try_update_untracked(|h| h.apply(ws, command.clone(), at))
        });
        match outcome.flatten() {
            Some(Ok(())) => {
                self.ws.notify();
                self.history.notify();
                let done = self
                    .history
                    .with_untracked(|h| h.log().last().map(|l| l.text.clone()).unwrap_or_default());
                self.tell(place, true, done);
                self.journal(Action::Command { command });
                true
            }
            Some(Err(e)) => {
                self.tell(place, false, e.message);
                false
            }
            // The page is being torn down: nothing to apply to, nobody to tell.
            None => false,
        }
    }

    /// Moves the clock; remembers what the move made the timers do, and logs it.
    pub fn set_clock(self, date: NaiveDate) -> bool {
        let from = self.ws.with_untracked(|ws| ws.clock);
        if date == from {
            return true;
        }
        let moved = self
            .ws
            .with_untracked(|ws| season::clock_move(ws, from.min(date), from.max(date)));
        let ok = self.run_in(Place::Clock, Command::SetClock { date });
        if ok {
            // The clock's own line says what the move did.
            self.feedback.set(None);
            let what = moved.what_happened();
            self.last_clock_move.set(Some((from, date, moved)));
            if let Some(what) = what {
                self.note(format!(
                    "{} 至 {} 期间，{what}",
                    chinese(from.min(date)),
                    chinese(from.max(date)),
                ));
            }
        }
        ok
    }

    /// A log line that is no action (kept across reloads like the others).
    pub fn note(self, text: String) {
        let at = now_ms();
        let date = self.ws.with_untracked(|ws| ws.clock);
        self.history.update(|h| h.note(at, date, text.clone()));
        self.journal(Action::Note { text });
    }

    /// Replaces the whole workspace as one undoable step; the snapshot is written at once.
    pub fn replace(self, after: Workspace, summary: String) {
        self.region.set(after.root_id().map(str::to_string));
        self.member.set(None);
        self.last_clock_move.set(None);
        let at = now_ms();
        self.ws.update(|ws| {
            self.history
                .update_untracked(|h| h.replace(ws, after, summary, at))
        });
        self.history.notify();
        self.feedback.set(None);
        self.snapshot_soon();
    }

    pub fn undo(self) {
        let at = now_ms();
        let replacement = self.history.with_untracked(History::next_undo_replaces);
        let undone = self
            .ws
            .try_update_untracked(|ws| self.history.try_update_untracked(|h| h.undo(ws, at)))
            .flatten()
            .flatten();
        if undone.is_none() {
            return;
        }
        self.ws.notify();
        self.history.notify();
        self.feedback.set(None);
        self.keep_selection_valid();
        self.journal_or_snapshot(Action::Undo, replacement);
    }

    pub fn redo(self) {
        let at = now_ms();
        let replacement = self.history.with_untracked(History::next_redo_replaces);
        let redone = self
            .ws
            .try_update_untracked(|ws| self.history.try_update_untracked(|h| h.redo(ws, at)))
            .flatten()
            .flatten();
        match redone {
            None => return,
            Some(Ok(_)) => {
                self.feedback.set(None);
            }
            Some(Err(e)) => self.tell(Place::Page, false, e.message),
        }
        self.ws.notify();
        self.history.notify();
        self.keep_selection_valid();
        self.journal_or_snapshot(Action::Redo, replacement);
    }

    /// Undo and redo of a replacement cannot be replayed from the journal (it does not
    /// hold whole workspaces): those write the snapshot at once.
    fn journal_or_snapshot(self, action: Action, replacement: bool) {
        if replacement {
            self.snapshot_soon();
        } else {
            self.journal(action);
        }
    }

    pub fn undo_count(self) -> usize {
        self.history.with(History::undo_count)
    }

    pub fn redo_count(self) -> usize {
        self.history.with(History::redo_count)
    }

    fn keep_selection_valid(self) {
        let (region_ok, member_ok) = self.ws.with_untracked(|ws| {
            (
                self.region
                    .get_untracked()
                    .is_none_or(|r| ws.orgs.iter().any(|o| o.id == r)),
                self.member
                    .get_untracked()
                    .is_none_or(|m| ws.members.iter().any(|x| x.id == m)),
            )
        });
        if !region_ok {
            self.region.set(
                self.ws
                    .with_untracked(|ws| ws.root_id().map(str::to_string)),
            );
        }
        if !member_ok {
            self.member.set(None);
        }
    }

    /// Appends `action` to the journal, synchronously (a few hundred bytes), and schedules
    /// a compaction for when the admin pauses.
    fn journal(self, action: Action) {
        self.bump();
        if self.conflict.get_untracked() {
            self.save_status.update(|s| s.held += 1);
            return;
        }
        let line = journal::line(&Entry {
            at_ms: now_ms(),
            action,
        });
        if line.len() > MAX_LINE_CHARS || self.unsaved.get_value() {
            // The journal cannot hold this (a large import), or continues a snapshot that is
            // not written yet: the snapshot is written now instead, in slices.
            self.snapshot_soon();
            return;
        }
        let start = perf_now();
        let stored = self.stored.get_value();
        let result = {
            let mut st = stored.borrow_mut();
            st.journal.push_str(&line);
            st.entries += 1;
            store::write(journal::KEY, &st.journal)
        };
        let millis = perf_now() - start;
        match result {
            Ok(()) => self.record_write(millis, true),
            Err(e) => {
                // Not written: it stays in memory and goes into the next snapshot attempt.
                self.storage_failed(e);
                self.record_write(millis, false);
            }
        }
        self.schedule_compaction();
    }

    fn bump(self) -> u64 {
        let g = self.generation.get_value() + 1;
        self.generation.set_value(g);
        g
    }

    fn storage_failed(self, e: String) {
        self.notices.push(format!(
            "{e} 请用“导出 JSON”把工作区保存为文件，以免关闭页面后丢失。"
        ));
    }

    /// Counts a write (journal line or snapshot; a fast one can measure 0 ms) and shows the
    /// status.
    fn record_write(self, millis: f64, ok: bool) {
        self.save_status.update(|s| {
            s.count += 1;
            s.millis = millis;
            s.longest_ms = s.longest_ms.max(millis);
        });
        self.show_status(ok);
    }

    /// The status line and the sizes the tests and the bench read.
    fn show_status(self, ok: bool) {
        let stored = self.stored.get_value();
        let st = stored.borrow();
        self.save_status.update(|s| {
            s.ok = ok;
            s.stored_chars = st.snapshot_chars + st.journal.len();
            s.json_bytes = st.json_bytes;
            s.journal_entries = st.entries;
            s.journal_chars = st.journal.len();
            s.text = if ok {
                format!(
                    "已自动保存到本浏览器（{:.1} 万字符）",
                    s.stored_chars as f64 / 10_000.0
                )
            } else {
                "未能自动保存（见上方提示）".into()
            };
        });
    }

    /// Writes the snapshot right away, in slices (not after a pause): after a replacement
    /// or an action the journal cannot hold. Until it is written, leaving the page asks.
    fn snapshot_soon(self) {
        let generation = self.bump();
        self.unsaved.set_value(true);
        if self.conflict.get_untracked() {
            self.save_status.update(|s| s.held += 1);
            return;
        }
        self.save_status.update(|s| s.text = "正在保存……".into());
        let compactor = self.new_compactor();
        self.compact_slice(Rc::new(RefCell::new(Some(compactor))), generation);
    }

    /// A snapshot of the workspace and the history as they are now.
    fn new_compactor(self) -> save::Compactor {
        let history = self.history.with_untracked(History::to_saved);
        self.ws
            .with_untracked(|ws| save::Compactor::new(ws, history))
    }

    /// Whether something shown is not in storage yet (the page asks before it is left).
    pub fn has_unsaved(self) -> bool {
        self.unsaved.get_value()
    }

    /// Compacts the snapshot after a pause, a slice at a time; any new write stops it
    /// (and schedules the next).
    pub fn schedule_compaction(self) {
        let generation = self.generation.get_value();
        set_timeout(
            move || {
                if self.generation.get_value() == generation && !self.conflict.get_untracked() {
                    let compactor = self.new_compactor();
                    self.compact_slice(Rc::new(RefCell::new(Some(compactor))), generation);
                }
            },
            std::time::Duration::from_millis(COMPACT_AFTER_MS),
        );
    }

    fn compact_slice(self, compactor: Rc<RefCell<Option<save::Compactor>>>, generation: u64) {
        if self.generation.get_value() != generation || self.conflict.get_untracked() {
            return;
        }
        let start = perf_now();
        let done = self.ws.with_untracked(|ws| {
            compactor
                .borrow_mut()
                .as_mut()
                .is_some_and(|c| c.step(ws, &mut || perf_now() - start < SLICE_MS))
        });
        let took = perf_now() - start;
        self.save_status
            .update(|s| s.longest_ms = s.longest_ms.max(took));
        if done {
            if let Some(c) = compactor.borrow_mut().take() {
                self.write_snapshot(c, generation);
            }
        } else {
            set_timeout(
                move || self.compact_slice(compactor, generation),
                std::time::Duration::from_millis(0),
            );
        }
    }

    /// Writes the snapshot now, in one go: on a first visit (the small sample), so the
    /// journal has a snapshot to continue.
    pub fn compact_now(self) {
        let generation = self.bump();
        if self.conflict.get_untracked() {
            self.save_status.update(|s| s.held += 1);
            return;
        }
        let mut compactor = self.new_compactor();
        self.ws
            .with_untracked(|ws| while !compactor.step(ws, &mut || true) {});
        self.write_snapshot(compactor, generation);
    }

    /// The snapshot, then an empty journal that continues it. A crash between the two
    /// writes leaves a journal naming the old snapshot, which loading ignores. A large
    /// snapshot's further parts are written first, one per task (`write_parts`).
    fn write_snapshot(self, compactor: save::Compactor, generation: u64) {
        let tab = self.tab_id.get_value();
        let id = save::snapshot_id(&tab, now_ms());
        let start = perf_now();
        let saved = self
            .ws
            .with_untracked(|ws| compactor.finish_in_parts(ws, &tab, now_ms(), &id, PART_CHARS));
        self.note_block(perf_now() - start);
        self.write_parts(Rc::new(saved), generation, 0);
    }

    /// Writes part `i` of `saved`, then the next in a later task; after the last, the head
    /// (the switch to the new snapshot). A new action stops it (the parts written are
    /// removed); storage that cannot hold both snapshots' parts gets the snapshot in one
    /// piece instead, as one write over the old one.
    fn write_parts(self, saved: Rc<save::SavedParts>, generation: u64, i: usize) {
        let written = |upto: usize| {
            saved.rest[..upto]
                .iter()
                .for_each(|(k, _)| store::remove(k))
        };
        if self.generation.get_value() != generation || self.conflict.get_untracked() {
            written(i);
            return;
        }
        if let Some((key, value)) = saved.rest.get(i) {
            let start = perf_now();
            let result = store::write(key, value);
            self.note_block(perf_now() - start);
            match result {
                Ok(()) => set_timeout(
                    move || self.write_parts(saved, generation, i + 1),
                    std::time::Duration::from_millis(0),
                ),
                Err(_) => {
                    written(i);
                    self.write_head(&saved.whole(), Vec::new(), 0, saved.json_bytes);
                }
            }
            return;
        }
        let keys = saved.rest.iter().map(|(k, _)| k.clone()).collect();
        let part_chars = saved.rest.iter().map(|(_, v)| v.len()).sum();
        self.write_head(&saved.head, keys, part_chars, saved.json_bytes);
    }

    /// A block the save caused that is not a write of its own (a part, the envelope's
    /// assembly): the bench's longest block includes it.
    fn note_block(self, millis: f64) {
        self.save_status
            .update_untracked(|s| s.longest_ms = s.longest_ms.max(millis));
    }

    /// The snapshot's head under the key, a fresh journal naming it, and the old parts gone.
    fn write_head(self, head: &str, part_keys: Vec<String>, part_chars: usize, json_bytes: usize) {
        let start = perf_now();
        let id = save::id_of(head);
        let fresh = journal::start(&id, &self.tab_id.get_value());
        let result =
            store::write(save::KEY, head).and_then(|()| store::write(journal::KEY, &fresh));
        let millis = perf_now() - start;
        let ok = match result {
            Ok(()) => {
                let stored = self.stored.get_value();
                let old = std::mem::take(&mut stored.borrow_mut().part_keys);
                for key in old.iter().filter(|k| !part_keys.contains(k)) {
                    store::remove(key);
                }
                *stored.borrow_mut() = Stored {
                    snapshot_chars: head.len() + part_chars,
                    json_bytes,
                    journal: fresh,
                    entries: 0,
                    part_keys,
                };
                self.save_status.update(|s| s.snapshots += 1);
                self.unsaved.set_value(false);
                true
            }
            Err(e) => {
                for key in &part_keys {
                    store::remove(key);
                }
                self.storage_failed(e);
                false
            }
        };
        self.record_write(millis, ok);
    }

    /// Another tab wrote the snapshot or the journal: pause saving and let the admin choose.
    pub fn storage_changed(self, key: &str, new_value: Option<String>) {
        let ours = self.tab_id.get_value();
        let writer = new_value.as_deref().and_then(|v| {
            if key == journal::KEY {
                journal::writer_of(v)
            } else {
                save::writer_of(v)
            }
        });
        if writer.as_deref() != Some(ours.as_str()) {
            self.conflict.set(true);
        }
    }

    /// Loads the other tab's version (undoable).
    pub fn take_other_tab(self) {
        match read_saved() {
            Ok(Some(saved)) => {
                self.conflict.set(false);
                self.replace(saved.ws, "载入另一个标签页保存的工作区".into());
                for notice in saved.notices {
                    self.notices.push(notice);
                }
            }
            Ok(None) => {
                self.notices
                    .push("另一个标签页已清除了保存的工作区；本页的工作区保持不变。".into());
                self.keep_ours();
            }
            Err(e) => self
                .notices
                .push(format!("另一个标签页保存的内容无法读取：{e}")),
        }
    }

    /// Keeps this tab's workspace and overwrites the saved one.
    pub fn keep_ours(self) {
        self.conflict.set(false);
        self.snapshot_soon();
    }
}

/// What the page starts from.
struct Loaded {
    ws: Workspace,
    history: History,
    stored: Stored,
    first_visit: bool,
    /// Nothing readable is stored: write the starting snapshot.
    needs_snapshot: bool,
    /// Journal entries replayed onto the snapshot.
    replayed: usize,
}

/// A stored snapshot with its journal replayed.
struct Saved {
    ws: Workspace,
    history: History,
    stored: Stored,
    replayed: usize,
    notices: Vec<String>,
}

/// Why nothing could be loaded.
enum Unread {
    /// Storage cannot be read at all.
    Storage(String),
    /// The snapshot was unreadable and has been set aside (the message says where).
    SetAside(String),
}

impl std::fmt::Display for Unread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unread::Storage(e) | Unread::SetAside(e) => f.write_str(e),
        }
    }
}

/// Removes the parts no snapshot names that a crash left, once they are old enough not to
/// be another tab's snapshot being written (a part's key holds its snapshot's time).
fn remove_stale_parts(ours: &[String]) {
    let now = now_ms();
    for key in store::keys_with_prefix(save::PART_PREFIX) {
        if ours.contains(&key) {
            continue;
        }
        let written = save::part_written_at(&key);
        if written.is_none_or(|at| now - at > STALE_PART_MS) {
            store::remove(&key);
        }
    }
}

/// The stored snapshot and its journal, replayed; `Ok(None)` when nothing is stored. An
/// unreadable journal is set aside (the snapshot still loads) and said in `notices`.
fn read_saved() -> Result<Option<Saved>, Unread> {
    let Some(raw) = store::read(save::KEY).map_err(Unread::Storage)? else {
        return Ok(None);
    };
    let part_chars = std::cell::Cell::new(0usize);
    let restored = save::restore_with(&raw, &|key| {
        let part = store::read(key).ok().flatten();
        part_chars.set(part_chars.get() + part.as_ref().map_or(0, String::len));
        part
    })
    .map_err(|why| Unread::SetAside(store::set_aside(save::KEY, &raw, &why, "本页显示示例学校")))?;
    let part_keys = save::part_keys(&raw);
    remove_stale_parts(&part_keys);
    let mut ws = restored.workspace;
    let mut history = History::from_saved(restored.history);
    let mut notices = Vec::new();
    let mut stored = Stored {
        snapshot_chars: raw.len() + part_chars.get(),
        part_keys,
        ..Stored::default()
    };
    let mut replayed = 0;
    match store::read(journal::KEY) {
        Ok(Some(text)) => match journal::parse(&text) {
            Ok(j) if j.base == restored.id => {
                if let Err(e) = journal::replay(&mut ws, &mut history, &j.entries) {
                    notices.push(format!("{e}。其余的操作已恢复。"));
                }
                replayed = j.entries.len();
                stored.entries = j.entries.len();
                stored.journal = text;
            }
            // A journal of an older snapshot: the snapshot already holds it.
            Ok(_) => {}
            Err(why) => notices.push(store::set_aside(
                journal::KEY,
                &text,
                &why,
                "本页显示上次完整保存时的工作区（其后的操作没有恢复）",
            )),
        },
        Ok(None) => {}
        Err(e) => notices.push(e),
    }
    Ok(Some(Saved {
        ws,
        history,
        stored,
        replayed,
        notices,
    }))
}

/// The saved workspace (snapshot and journal), else the 2021 sample for a first visit. An
/// unreadable value is kept aside and reported; nothing is overwritten silently.
fn load_initial(notices: Notices) -> Loaded {
    let fresh = |first_visit: bool| Loaded {
        ws: sample(zhuanjie_core::Edition::E2021),
        history: History::default(),
        stored: Stored::default(),
        first_visit,
        needs_snapshot: true,
        replayed: 0,
    };
    match read_saved() {
        Ok(Some(saved)) => {
            for n in saved.notices {
                notices.push(n);
            }
            Loaded {
                ws: saved.ws,
                history: saved.history,
                stored: saved.stored,
                first_visit: false,
                needs_snapshot: false,
                replayed: saved.replayed,
            }
        }
        Ok(None) => fresh(true),
        Err(Unread::SetAside(e)) => {
            notices.push(e);
            fresh(false)
        }
        Err(Unread::Storage(e)) => {
            notices.push(format!(
                "{e}。模拟器仍可使用，但不会自动保存；请用“导出 JSON”保存你的工作。"
            ));
            Loaded {
                needs_snapshot: false,
                ..fresh(true)
            }
        }
    }
}

/// The shipped sample school (the same generator and seed as `content/data/`).
pub fn sample(edition: zhuanjie_core::Edition) -> Workspace {
    zhuanjie_core::synth::school(60, edition, 7)
}

/// A new workspace with one school committee, so there is somewhere to start.
pub fn blank(edition: zhuanjie_core::Edition, clock: NaiveDate) -> Workspace {
    let mut ws = Workspace::empty(edition, clock);
    ws.orgs.push(zhuanjie_core::workspace::Org::new(
        "SCHOOL",
        "本校团委",
        zhuanjie_core::workspace::OrgKind::Committee,
        None,
    ));
    ws
}
