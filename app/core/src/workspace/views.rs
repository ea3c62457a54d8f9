//! Views derived from the dated events (state is never stored): the steps an application
//! must pass ([`process_shape`], built once per distinct shape by [`Processes`]), every
//! application's state at a date ([`AppState`]) and each member's latest transfer.

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use super::{Application, Lookup, Member, Org, OrgKind, Workspace};
use crate::calendar::{Calendar, Edition};
use crate::codes::{Destination, Step};
use crate::dates::age_on;
use crate::process::{self, Due, Initiator, Process, ProcessShape, State};

impl Workspace {
    /// The steps one application must pass, from what the workspace knows of it. Builds
    /// no index: for one application at a time (use [`Workspace::process_in`] in loops).
    pub fn process_of(&self, app: &Application) -> Process {
        let org = self
            .orgs
            .iter()
            .find(|o| app.to_org.as_deref() == Some(o.id.as_str()));
        let member = self.member(&app.member);
        process_shape(self.edition, app, app.to_org.as_ref().map(|_| org), member)
    }

    pub fn process_in(&self, app: &Application, lookup: &Lookup<'_>) -> Process {
        let org = app.to_org.as_deref().map(|id| lookup.orgs.get(id).copied());
        // The member counts only for an under-16 leaving the school domain: no look-up (a
        // random probe into a roster-sized map) for moves that stay in it.
        let member = match !crate::policy::leaves_school_domain(app.destination) {
            true => None,
            false => lookup.members.get(app.member.as_str()).copied(),
        };
        process_shape(self.edition, app, org, member)
    }

    /// For each member (in `members` order), the index of their latest transfer submitted by
    /// `at` (applications are validated to be in order). A 团总支's batch move between its own
    /// branches (S003 Q11) is not the graduate's transfer out: it neither completes nor
    /// replaces it (this project's reading). Metrics and the simulator's roster share this.
    pub fn latest_transfers(&self, at: NaiveDate) -> Vec<Option<usize>> {
        let mut member_pos =
            HashMap::with_capacity_and_hasher(self.members.len(), Default::default());
        for (i, m) in self.members.iter().enumerate() {
            member_pos.insert(m.id.as_str(), i);
        }
        let mut latest = vec![None; self.members.len()];
        for (i, app) in self.applications.iter().enumerate() {
            if app.initiator == Initiator::Batch || app.events.first().is_none_or(|e| e.date > at) {
                continue;
            }
            if let Some(&m) = member_pos.get(app.member.as_str()) {
                latest[m] = Some(i);
            }
        }
        latest
    }

    /// Every application's state at `date`.
    pub fn states_at(&self, date: NaiveDate) -> Vec<AppState> {
        let calendar = self.calendar();
        let lookup = self.lookup();
        self.applications
            .iter()
            .map(|app| AppState::of(self.process_in(app, &lookup), app, date, &calendar))
            .collect()
    }
}

/// One application's state, as the CLI prints it.
#[derive(Debug, Clone, Serialize)]
pub struct AppState {
    pub application: String,
    pub member: String,
    pub state: &'static str,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_on: Option<NaiveDate>,
    /// What happens if nobody acts, and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Due>,
    /// 2019: the day admins get a reminder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reminder_on: Option<NaiveDate>,
    pub steps: Vec<Step>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl AppState {
    pub fn of(
        process: Process,
        app: &Application,
        date: NaiveDate,
        calendar: &Calendar,
    ) -> AppState {
        let (state, error) = match process::state_at(&process, &app.events, date, calendar) {
            Ok(s) => (s, None),
            Err(e) => (State::NotSubmitted, Some(e.to_string())),
        };
        let (step, since) = match &state {
            State::Pending { step, since, .. } => (Some(*step), Some(*since)),
            State::Rejected { step, .. } | State::AutoReturned { step, .. } => (Some(*step), None),
            _ => (None, None),
        };
        let ended_on = match &state {
            State::Completed { on }
            | State::Withdrawn { on }
            | State::Rejected { on, .. }
            | State::AutoReturned { on, .. }
            | State::Lapsed { on } => Some(*on),
            _ => None,
        };
        AppState {
            application: app.id.clone(),
            member: app.member.clone(),
            state: state.code(),
            label: state.label(),
            step,
            since,
            ended_on,
            next: process::next_due(&state, calendar),
            reminder_on: since
                .and_then(|s| calendar.reminder_due(s))
                .filter(|r| *r > date),
            steps: process.steps,
            error,
        }
    }
}

/// `to_org`: `None` when the application names no tree org, `Some(None)` when it names one
/// that does not exist (validation reports that).
pub fn process_shape(
    edition: Edition,
    app: &Application,
    to_org: Option<Option<&Org>>,
    member: Option<&Member>,
) -> Process {
    Process::new(shape_of(edition, app, to_org, member))
}

/// What decides an application's steps (see [`process_shape`]).
pub(crate) fn shape_of(
    edition: Edition,
    app: &Application,
    to_org: Option<Option<&Org>>,
    member: Option<&Member>,
) -> ProcessShape {
    let destination_is_branch = match to_org {
        Some(org) => org.is_none_or(|o| o.kind == OrgKind::Branch),
        None => app.to_org_is_branch.unwrap_or(true),
    };
    let needs_leadership = member
        .and_then(|m| m.birth_date)
        .zip(app.events.first())
        .is_some_and(|(birth, submit)| {
            crate::policy::needs_leadership(
                edition,
                i64::from(age_on(birth, submit.date)),
                app.destination,
            )
        });
    ProcessShape {
        edition,
        initiator: app.initiator,
        special_unit: app.destination == Destination::SpecialUnitLibrary,
        special_province: app.special_province,
        destination_is_branch,
        under_16_leaving_school: needs_leadership,
    }
}

/// Each distinct process built once: a workspace has a handful of shapes, and a whole-
/// workspace pass need not build (and allocate) one per application.
#[derive(Default)]
pub struct Processes(HashMap<ProcessShape, Process>);

impl Processes {
    pub fn get(&mut self, shape: ProcessShape) -> &Process {
        self.0.entry(shape).or_insert_with(|| Process::new(shape))
    }
}
