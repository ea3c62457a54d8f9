//! The simulator's undo / redo history and its log, once: the page applies, undoes and
//! redoes through [`History`], and a reload replays the journal ([`crate::journal`])
//! through the same methods, so the stacks and the log after a reload are the ones the
//! admin had.
//!
//! A step is a command with the undo [`commands::apply`] returned, or a whole workspace
//! replaced (a sample, a blank workspace, an import). What is kept across reloads
//! ([`History::to_saved`]) is the command steps after the last replacement, at most
//! [`MAX_STEPS`] of them: a replacement's undo would have to store a second whole workspace.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::commands::{self, Command, CommandError, Undo};
use crate::Workspace;

/// How many steps undo reaches back.
pub const MAX_STEPS: usize = 100;
/// How many log lines are kept (the newest).
pub const MAX_LOG: usize = 2_000;

/// One command step: the command, what undo needs, and the admin's one-line summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Done {
    pub command: Command,
    pub undo: Undo,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq)]
// A replacement holds two workspaces by pointer; a command step is the larger variant and
// the common one, so it is not boxed.
#[allow(clippy::large_enum_variant)]
pub enum Step {
    Command(Done),
    Replace {
        before: Box<Workspace>,
        after: Box<Workspace>,
        summary: String,
    },
}

impl Step {
    pub fn summary(&self) -> &str {
        match self {
            Step::Command(d) => &d.summary,
            Step::Replace { summary, .. } => summary,
        }
    }
}

/// One line of the log: when it was done (the browser's clock, ms since 1970), the
/// simulated date after it, and what it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    pub at_ms: f64,
    pub date: NaiveDate,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    log: Vec<LogLine>,
}

/// What a reload keeps of a [`History`] (see the module comment).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedHistory {
    #[serde(default)]
    pub done: Vec<Done>,
    #[serde(default)]
    pub undone: Vec<Done>,
    #[serde(default)]
    pub log: Vec<LogLine>,
}

impl History {
    /// Applies `command`; on success it is the newest step, redo is cleared and the log
    /// says it. A refusal changes nothing.
    pub fn apply(
        &mut self,
        ws: &mut Workspace,
        command: Command,
        at_ms: f64,
    ) -> Result<(), CommandError> {
        self.apply_logged(ws, command, at_ms, "")?;
        self.undone.clear();
        Ok(())
    }

    fn apply_logged(
        &mut self,
        ws: &mut Workspace,
        command: Command,
        at_ms: f64,
        prefix: &str,
    ) -> Result<(), CommandError> {
        let applied = commands::apply(ws, &command)?;
        self.note(at_ms, ws.clock, format!("{prefix}{}", applied.summary));
        self.push(Step::Command(Done {
            command,
            undo: applied.undo,
            summary: applied.summary,
        }));
        Ok(())
    }

    fn push(&mut self, step: Step) {
        self.done.push(step);
        if self.done.len() > MAX_STEPS {
            self.done.remove(0);
        }
    }

    /// Replaces the whole workspace as one undoable step.
    pub fn replace(&mut self, ws: &mut Workspace, after: Workspace, summary: String, at_ms: f64) {
        let before = std::mem::replace(ws, after.clone());
        self.note(at_ms, ws.clock, summary.clone());
        self.push(Step::Replace {
            before: Box::new(before),
            after: Box::new(after),
            summary,
        });
        self.undone.clear();
    }

    /// Undoes the newest step; its summary, or `None` when there is nothing to undo.
    pub fn undo(&mut self, ws: &mut Workspace, at_ms: f64) -> Option<String> {
        let step = self.done.pop()?;
        match &step {
            Step::Command(d) => commands::revert(ws, d.undo.clone()),
            Step::Replace { before, .. } => *ws = (**before).clone(),
        }
        let summary = step.summary().to_string();
        self.note(at_ms, ws.clock, format!("撤销：{summary}"));
        self.undone.push(step);
        Some(summary)
    }

    /// Redoes the newest undone step: a command is applied again (it may now be refused,
    /// then the step is dropped and the refusal returned).
    pub fn redo(&mut self, ws: &mut Workspace, at_ms: f64) -> Option<Result<String, CommandError>> {
        let step = self.undone.pop()?;
        Some(match step {
            Step::Command(d) => {
                let summary = d.summary.clone();
                self.apply_logged(ws, d.command, at_ms, "重做：")
                    .map(|()| summary)
            }
            Step::Replace {
                before,
                after,
                summary,
            } => {
                *ws = (*after).clone();
                self.note(at_ms, ws.clock, format!("重做：{summary}"));
                self.push(Step::Replace {
                    before,
                    after,
                    summary: summary.clone(),
                });
                Ok(summary)
            }
        })
    }

    /// A line in the log that is no step (what the timers did, a notice).
    pub fn note(&mut self, at_ms: f64, date: NaiveDate, text: String) {
        self.log.push(LogLine { at_ms, date, text });
        if self.log.len() > MAX_LOG {
            let extra = self.log.len() - MAX_LOG;
            self.log.drain(..extra);
        }
    }

    pub fn undo_count(&self) -> usize {
        self.done.len()
    }

    pub fn redo_count(&self) -> usize {
        self.undone.len()
    }

    pub fn log(&self) -> &[LogLine] {
        &self.log
    }

    /// Whether undo would put back a replaced workspace (which the journal cannot hold).
    pub fn next_undo_replaces(&self) -> bool {
        matches!(self.done.last(), Some(Step::Replace { .. }))
    }

    pub fn next_redo_replaces(&self) -> bool {
        matches!(self.undone.last(), Some(Step::Replace { .. }))
    }

    /// The newest step's summary (the undo button's title).
    pub fn next_undo(&self) -> Option<&str> {
        self.done.last().map(Step::summary)
    }

    pub fn next_redo(&self) -> Option<&str> {
        self.undone.last().map(Step::summary)
    }

    /// What a reload keeps: the command steps after the newest replacement, the redo
    /// steps before the next one, and the log.
    pub fn to_saved(&self) -> SavedHistory {
        let commands_after_replace = |steps: &[Step]| -> Vec<Done> {
            let start = steps
                .iter()
                .rposition(|s| matches!(s, Step::Replace { .. }))
                .map_or(0, |i| i + 1);
            steps[start..]
                .iter()
                .filter_map(|s| match s {
                    Step::Command(d) => Some(d.clone()),
                    Step::Replace { .. } => None,
                })
                .collect()
        };
        SavedHistory {
            done: commands_after_replace(&self.done),
            undone: commands_after_replace(&self.undone),
            log: self.log.clone(),
        }
    }

    pub fn from_saved(saved: SavedHistory) -> History {
        let mut history = History {
            done: saved.done.into_iter().map(Step::Command).collect(),
            undone: saved.undone.into_iter().map(Step::Command).collect(),
            log: saved.log,
        };
        if history.done.len() > MAX_STEPS {
            let extra = history.done.len() - MAX_STEPS;
            history.done.drain(..extra);
        }
        if history.log.len() > MAX_LOG {
            let extra = history.log.len() - MAX_LOG;
            history.log.drain(..extra);
        }
        history
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{synth, Edition};

    #[test]
    fn undo_redo_and_the_log_survive_the_saved_form() {
        let mut ws = synth::school(30, Edition::E2021, 7);
        let start = ws.clone();
        let mut h = History::default();
        let next = ws.clock.succ_opt().unwrap();
        h.apply(&mut ws, Command::SetClock { date: next }, 1.0)
            .unwrap();
        let later = next.succ_opt().unwrap();
        h.apply(&mut ws, Command::SetClock { date: later }, 2.0)
            .unwrap();
        let undone = h.undo(&mut ws, 3.0);
        assert_eq!(undone.as_deref(), h.next_redo());
        assert_eq!(ws.clock, next);
        let saved: SavedHistory =
            serde_json::from_str(&serde_json::to_string(&h.to_saved()).unwrap()).unwrap();
        let mut back = History::from_saved(saved);
        assert_eq!((back.undo_count(), back.redo_count()), (1, 1));
        assert_eq!(back.log().len(), 3);
        assert_eq!(back.log()[2].date, next);
        assert!(back.log()[2].text.starts_with("撤销："));
        back.redo(&mut ws, 4.0).unwrap().unwrap();
        assert_eq!(ws.clock, later);
        back.undo(&mut ws, 5.0);
        back.undo(&mut ws, 6.0);
        assert_eq!(ws, start);
        assert!(back.undo(&mut ws, 7.0).is_none());
    }

    #[test]
    fn a_replacement_bounds_what_a_reload_keeps() {
        let mut ws = synth::school(30, Edition::E2021, 7);
        let mut h = History::default();
        let next = ws.clock.succ_opt().unwrap();
        h.apply(&mut ws, Command::SetClock { date: next }, 1.0)
            .unwrap();
        let other = synth::school(20, Edition::E2019, 3);
        h.replace(&mut ws, other.clone(), "换成示例".into(), 2.0);
        h.apply(
            &mut ws,
            Command::SetClock {
                date: other.clock.succ_opt().unwrap(),
            },
            3.0,
        )
        .unwrap();
        assert_eq!(h.undo_count(), 3);
        assert!(!h.next_undo_replaces());
        h.undo(&mut ws, 4.0);
        assert!(h.next_undo_replaces());
        h.undo(&mut ws, 5.0);
        assert!(h.next_redo_replaces() && !h.next_undo_replaces());
        h.redo(&mut ws, 6.0).unwrap().unwrap();
        h.redo(&mut ws, 7.0).unwrap().unwrap();
        let saved = h.to_saved();
        assert_eq!(saved.done.len(), 1, "only the step after the replacement");
        assert_eq!(saved.log.len(), 7);
    }

    #[test]
    fn undo_reaches_back_a_bounded_number_of_steps() {
        let mut ws = synth::school(10, Edition::E2021, 7);
        let mut h = History::default();
        let mut date = ws.clock;
        for _ in 0..MAX_STEPS + 5 {
            date = date.succ_opt().unwrap();
            h.apply(&mut ws, Command::SetClock { date }, 0.0).unwrap();
        }
        assert_eq!(h.undo_count(), MAX_STEPS);
    }
}
