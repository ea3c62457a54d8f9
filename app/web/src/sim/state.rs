//! The simulator's state: the workspace in a signal, every admin action as an engine
//! command (`commands::apply`, which returns what undo needs), undo / redo, the session's
//! log, and the autosave with its notices. No rule lives here: a refused command shows the
//! engine's Chinese message.

use chrono::NaiveDate;
use leptos::prelude::*;
use zhuanjie_core::commands::{self, Command, Undo};
use zhuanjie_core::season::{self, ClockMove};
use zhuanjie_core::Workspace;

use crate::store::{self, Notices};
use zhuanjie_core::autosave as save;

/// One step of the history, as undo and redo need it.
#[derive(Clone)]
// Only a native (64-bit) build trips this; on wasm32 the variants are close in size, and
// boxing the command would cost an allocation per click for nothing.
#[allow(clippy::large_enum_variant)]
pub enum Step {
    Command {
        command: Command,
        undo: Undo,
        summary: String,
    },
    /// A whole workspace replaced (new, sample, import, another tab's version).
    Replace {
        before: Box<Workspace>,
        after: Box<Workspace>,
        summary: String,
    },
}

impl Step {
    fn summary(&self) -> &str {
        match self {
            Step::Command { summary, .. } | Step::Replace { summary, .. } => summary,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveStatus {
    pub text: String,
    /// The last save's size (characters stored) and how long encoding + writing took.
    pub stored_chars: usize,
    pub json_bytes: usize,
    pub millis: f64,
    pub ok: bool,
    /// How many saves this page has made (for tests and the bench).
    pub count: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Metrics,
    Members,
    Upcoming,
    Log,
}

/// Everything the page shares; all fields are signals, so it is `Copy`.
#[derive(Clone, Copy)]
pub struct Sim {
    pub ws: RwSignal<Workspace>,
    /// The org tree alone: views of the tree re-render when orgs change, not on every
    /// clock step or approval (a province has thousands of orgs).
    pub orgs: Memo<Vec<zhuanjie_core::workspace::Org>>,
    /// The undo stack and the redo stack; the buttons read their lengths.
    done: RwSignal<Vec<Step>>,
    undone: RwSignal<Vec<Step>>,
    /// What was done in this session, newest last.
    pub log: RwSignal<Vec<String>>,
    pub notices: Notices,
    /// The engine's message for the last refused action.
    pub refusal: RwSignal<Option<String>>,
    /// The org whose subtree the metrics show (the root when `None`).
    pub region: RwSignal<Option<String>>,
    pub member: RwSignal<Option<String>>,
    pub tab: RwSignal<Tab>,
    pub last_clock_move: RwSignal<Option<(NaiveDate, NaiveDate, ClockMove)>>,
    pub save_status: RwSignal<SaveStatus>,
    /// Another tab saved a different workspace: autosave pauses until the admin chooses.
    pub conflict: RwSignal<bool>,
    pub first_visit: RwSignal<bool>,
    tab_id: StoredValue<String>,
    save_generation: StoredValue<u64>,
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
        let (ws, first_visit) = load_initial(notices);
        let region = ws
            .orgs
            .iter()
            .find(|o| o.parent.is_none())
            .map(|o| o.id.clone());
        let ws = RwSignal::new(ws);
        Sim {
            ws,
            orgs: Memo::new(move |_| ws.with(|w| w.orgs.clone())),
            done: RwSignal::new(Vec::new()),
            undone: RwSignal::new(Vec::new()),
            log: RwSignal::new(Vec::new()),
            notices,
            refusal: RwSignal::new(None),
            region: RwSignal::new(region),
            member: RwSignal::new(None),
            tab: RwSignal::new(Tab::Metrics),
            last_clock_move: RwSignal::new(None),
            save_status: RwSignal::new(SaveStatus::default()),
            conflict: RwSignal::new(false),
            first_visit: RwSignal::new(first_visit),
            tab_id: StoredValue::new(format!(
                "tab-{}",
                now_ms() as u64 ^ (js_sys::Math::random() * 1e9) as u64
            )),
            save_generation: StoredValue::new(0),
        }
    }

    /// Applies an admin action through the engine. A refusal leaves the workspace as it was
    /// and shows the engine's reason.
    pub fn run(self, command: Command) -> bool {
        let done = self.apply_and_record(command, "");
        if done {
            self.undone.update(Vec::clear);
        }
        done
    }

    /// Applies `command` through the engine and, when it is accepted, notifies the views,
    /// logs it (with `prefix`) and pushes it on the undo stack; a refusal shows the engine's
    /// message and changes nothing.
    fn apply_and_record(self, command: Command, prefix: &str) -> bool {
        let outcome = self
            .ws
            .try_update_untracked(|ws| commands::apply(ws, &command));
        match outcome {
            Some(Ok(applied)) => {
                self.ws.notify();
                self.refusal.set(None);
                self.log
                    .update(|l| l.push(format!("{prefix}{}", applied.summary)));
                self.done.update(|d| {
                    d.push(Step::Command {
                        command,
                        undo: applied.undo,
                        summary: applied.summary,
                    })
                });
                true
            }
            Some(Err(e)) => {
                self.refusal.set(Some(e.message));
                false
            }
            None => false,
        }
    }

    /// Moves the clock; remembers what the move made the timers do.
    pub fn set_clock(self, date: NaiveDate) -> bool {
        let from = self.ws.with_untracked(|ws| ws.clock);
        if date == from {
            return true;
        }
        let moved = self
            .ws
            .with_untracked(|ws| season::clock_move(ws, from.min(date), from.max(date)));
        let ok = self.run(Command::SetClock { date });
        if ok {
            self.last_clock_move.set(Some((from, date, moved)));
        }
        ok
    }

    /// Replaces the whole workspace as one undoable step.
    pub fn replace(self, after: Workspace, summary: String) {
        let before = self.ws.get_untracked();
        self.region.set(
            after
                .orgs
                .iter()
                .find(|o| o.parent.is_none())
                .map(|o| o.id.clone()),
        );
        self.member.set(None);
        self.last_clock_move.set(None);
        self.ws.set(after.clone());
        self.refusal.set(None);
        self.log.update(|l| l.push(summary.clone()));
        self.done.update(|d| {
            d.push(Step::Replace {
                before: Box::new(before),
                after: Box::new(after),
                summary,
            })
        });
        self.undone.update(Vec::clear);
    }

    pub fn undo(self) {
        let Some(step) = self.done.try_update(Vec::pop).flatten() else {
            return;
        };
        match &step {
            Step::Command { undo, .. } => {
                let undo = undo.clone();
                self.ws.update(|ws| commands::revert(ws, undo));
            }
            Step::Replace { before, .. } => self.ws.set((**before).clone()),
        }
        self.log
            .update(|l| l.push(format!("撤销：{}", step.summary())));
        self.refusal.set(None);
        self.keep_selection_valid();
        self.undone.update(|u| u.push(step));
    }

    pub fn redo(self) {
        let Some(step) = self.undone.try_update(Vec::pop).flatten() else {
            return;
        };
        match step {
            Step::Command { command, .. } => {
                self.apply_and_record(command, "重做：");
            }
            Step::Replace {
                before,
                after,
                summary,
            } => {
                self.ws.set((*after).clone());
                self.log.update(|l| l.push(format!("重做：{summary}")));
                self.done.update(|d| {
                    d.push(Step::Replace {
                        before,
                        after,
                        summary,
                    })
                });
            }
        }
        self.keep_selection_valid();
    }

    pub fn undo_count(self) -> usize {
        self.done.with(Vec::len)
    }

    pub fn redo_count(self) -> usize {
        self.undone.with(Vec::len)
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
            self.region.set(self.ws.with_untracked(|ws| {
                ws.orgs
                    .iter()
                    .find(|o| o.parent.is_none())
                    .map(|o| o.id.clone())
            }));
        }
        if !member_ok {
            self.member.set(None);
        }
    }

    /// Saves soon after the last change (a burst of clicks is one save), unless another
    /// tab's version is waiting for the admin's decision.
    pub fn schedule_save(self) {
        let generation = self.save_generation.get_value() + 1;
        self.save_generation.set_value(generation);
        set_timeout(
            move || {
                if self.save_generation.get_value() == generation {
                    self.save_now();
                }
            },
            // After a one-second pause: a large workspace takes a moment to encode, and
            // that should not land between two quick clicks.
            std::time::Duration::from_millis(1000),
        );
    }

    pub fn save_now(self) {
        if self.conflict.get_untracked() {
            return;
        }
        let start = perf_now();
        let tab = self.tab_id.get_value();
        let saved = self
            .ws
            .with_untracked(|ws| save::encode(ws, &tab, now_ms()));
        let result = store::write(save::KEY, &saved.text);
        let millis = perf_now() - start;
        let count = self.save_status.with_untracked(|s| s.count) + 1;
        let status = match result {
            Ok(()) => SaveStatus {
                text: format!(
                    "已自动保存到本浏览器（{:.1} 万字符，用时 {:.0} 毫秒）",
                    saved.text.len() as f64 / 10_000.0,
                    millis
                ),
                stored_chars: saved.text.len(),
                json_bytes: saved.json_bytes,
                millis,
                ok: true,
                count,
            },
            Err(e) => {
                self.notices.push(format!(
                    "{e} 请用“导出 JSON”把工作区保存为文件，以免关闭页面后丢失。"
                ));
                SaveStatus {
                    text: "未能自动保存（见上方提示）".into(),
                    stored_chars: 0,
                    json_bytes: saved.json_bytes,
                    millis,
                    ok: false,
                    count,
                }
            }
        };
        self.save_status.set(status);
    }

    /// Another tab wrote the autosave: pause saving and let the admin choose.
    pub fn storage_changed(self, new_value: Option<String>) {
        let ours = self.tab_id.get_value();
        let writer = new_value.as_deref().and_then(save::writer_of);
        if writer.as_deref() != Some(ours.as_str()) {
            self.conflict.set(true);
        }
    }

    /// Loads the other tab's version (undoable).
    pub fn take_other_tab(self) {
        match store::read(save::KEY) {
            Ok(Some(raw)) => match save::decode(&raw) {
                Ok(ws) => {
                    self.conflict.set(false);
                    self.replace(ws, "载入另一个标签页保存的工作区".into());
                }
                Err(e) => self
                    .notices
                    .push(format!("另一个标签页保存的内容无法读取：{e}")),
            },
            Ok(None) => {
                self.notices
                    .push("另一个标签页已清除了保存的工作区；本页的工作区保持不变。".into());
                self.keep_ours();
            }
            Err(e) => self.notices.push(e),
        }
    }

    /// Keeps this tab's workspace and overwrites the saved one.
    pub fn keep_ours(self) {
        self.conflict.set(false);
        self.save_now();
    }
}

/// The autosaved workspace, else the 2021 sample for a first visit. An unreadable value is
/// kept aside and reported; nothing is overwritten silently.
fn load_initial(notices: Notices) -> (Workspace, bool) {
    match store::read(save::KEY) {
        Ok(Some(raw)) => match save::decode(&raw) {
            Ok(ws) => (ws, false),
            Err(why) => {
                notices.push(store::set_aside(save::KEY, &raw, &why));
                (sample(zhuanjie_core::Edition::E2021), false)
            }
        },
        Ok(None) => (sample(zhuanjie_core::Edition::E2021), true),
        Err(e) => {
            notices.push(format!(
                "{e}。模拟器仍可使用，但不会自动保存；请用“导出 JSON”保存你的工作。"
            ));
            (sample(zhuanjie_core::Edition::E2021), true)
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
