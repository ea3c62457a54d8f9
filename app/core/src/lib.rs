//! The zhuanjie engine: every domain decision of the product lives here.
//!
//! - [`flow`] and [`rules`]: the destination checker. The question flow is one table
//!   ([`flow::QUESTIONS`]); the outcomes are another ([`rules::OUTCOMES`], [`rules::MODIFIERS`]).
//!   The CLI, the UI, the tests and the generated flow diagram all read these tables.
//! - [`calendar`]: editions (`2021`, `2019`) and their calendars and timers, as data.
//! - [`process`]: the application state machine. State is a pure fold of dated events:
//!   [`process::state_at`].
//! - [`workspace`]: the admin simulator's records and their export/import format,
//!   validation, migration, look-ups and derived views (one module per concern).
//! - [`id_number`]: the GB 11643 check character and the masked form every report shows;
//!   [`dates`]: whole-year ages and `YYYY-MM` months.
//! - [`metrics`]: SX and XS for any org subtree at any date.
//! - [`status`]: one member status and classification that every view reads.
//! - [`commands`]: every admin action of the simulator as a command that checks its input,
//!   changes the workspace, and returns the undo that restores it exactly (handlers by
//!   domain: orgs, members, marks, transfers, clock, batch).
//! - [`season`]: the simulator's dashboard views (rates per child org, completion curve,
//!   upcoming timers, what moving the clock did, milestones).
//! - [`autosave`]: the simulator's snapshot (deflated JSON in a versioned envelope, written
//!   whole or a slice at a time); [`journal`]: the actions since it, one line each;
//!   [`history`]: undo / redo and the log, which the page and the journal's replay share.
//! - [`base64`]: standard base64 (the autosave's payload; the app build's `file://` wasm).
//! - [`policy`]: every threshold (28, 16, 30, the plausible ages) and shared condition, once.
//! - [`readings`]: the `[readings#ID]` markers that link an engine text to its entry on
//!   the guide's readings page.
//! - [`input`]: file bytes to text (BOM, UTF-16; empty, GBK and spreadsheet files explained)
//!   and serde's errors in Chinese with the line and column.
//!
//! No I/O and no web types: this crate compiles natively and to wasm32.

pub mod after_season;
pub mod answers;
pub mod autosave;
pub mod base64;
pub mod bulletin;
pub mod calendar;
pub mod chase;
pub mod checks;
pub mod codes;
pub mod commands;
mod date_serde;
pub mod dates;
pub mod flow;
pub mod history;
pub mod id_number;
pub mod input;
pub mod journal;
pub mod metrics;
pub mod policy;
pub mod process;
pub mod readings;
pub mod rules;
pub mod saved;
pub mod season;
pub mod sources;
pub mod status;
pub mod synth;
pub mod tracker;
pub mod workspace;

pub use answers::{AnswerError, Answers};
pub use calendar::{Calendar, Edition};
pub use rules::{evaluate, Outcome};

pub use workspace::Workspace;
