//! The admin simulator's workspace: the records (orgs, members, applications, batches,
//! marks) and the document that holds them. State is never stored: applications carry only
//! their dated events.
//!
//! - `format`: `format` + `version`, reading ([`Workspace::from_json`]) and writing
//!   ([`Workspace::to_json`]), the migration chain.
//! - `validate`: [`Workspace::validate`], every problem named by its JSON path.
//! - `index`: [`Lookup`] (records by id) and the Euler-tour [`Index`] for subtree tests.
//! - `views`: the derived views (each application's steps and state, [`AppState`],
//!   [`Workspace::latest_transfers`], [`Processes`]).
//!
//! The ID-number helpers ([`crate::id_number`]) and the date helpers ([`crate::dates`]) are
//! re-exported here, where callers have always found them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::calendar::{Calendar, Edition};
use crate::codes::{Destination, EmployerSystem, Reason, Situation};
use crate::process::{Event, Initiator};

mod format;
mod index;
mod validate;
mod views;

pub use self::format::{FORMAT, VERSION};
pub use self::index::{Index, Lookup};
pub(crate) use self::views::shape_of;
pub use self::views::{process_shape, AppState, Processes};
pub use crate::dates::{age_on, parse_month};
pub use crate::id_number::{
    id_check_char, is_masked_id_number, mask_agrees, mask_id_number, with_check_digit,
};
pub use crate::policy::BATCH_MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 团委
    Committee,
    /// 团工委
    WorkingCommittee,
    /// 团总支
    GeneralBranch,
    /// 团支部: the only kind that holds members.
    Branch,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Committee,
        OrgKind::WorkingCommittee,
        OrgKind::GeneralBranch,
        OrgKind::Branch,
    ];

    /// The code in files and forms (serde's name).
    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Committee => "committee",
            OrgKind::WorkingCommittee => "working_committee",
            OrgKind::GeneralBranch => "general_branch",
            OrgKind::Branch => "branch",
        }
    }

    pub fn from_code(code: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Committee => "团委",
            OrgKind::WorkingCommittee => "团工委",
            OrgKind::GeneralBranch => "团总支",
            OrgKind::Branch => "团支部",
        }
    }
}

/// What a special org is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgPurpose {
    /// 流动团员团支部 (its name must contain “流动团员”, S004 FAQ 2.1).
    Floating,
    /// 出国（境）学习研究团员团支部
    Overseas,
    /// 学社衔接临时团支部
    Temporary,
    /// 延迟毕业团组织
    Delayed,
    /// 特殊单位专属库
    SpecialLibrary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    #[serde(default)]
    pub parent: Option<String>,
    /// `YYYY-MM`: the branch is a 毕业生团组织 graduating that month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graduation_month: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<EmployerSystem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<OrgPurpose>,
}

impl Org {
    /// An org with no graduation month, system or purpose.
    pub fn new(id: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> Org {
        Org {
            id: id.into(),
            name: name.into(),
            kind,
            parent: parent.map(Into::into),
            graduation_month: None,
            system: None,
            purpose: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// 延迟毕业团员
    Delayed,
    /// 教师
    Teacher,
}

/// An admin's mark on a member (S004 1.1–1.3). Both marks take the member out of 学社衔接.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub kind: MarkKind,
    #[serde(deserialize_with = "crate::date_serde::date")]
    pub date: NaiveDate,
    /// Delayed only: the new graduation month, later than the branch's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graduation_month: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// Stored as given; shown masked ([`mask_id_number`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// The member's own branch.
    pub org: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date_serde::optional_date"
    )]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub holds_league_post: bool,
    #[serde(default)]
    pub party_member: bool,
    /// The declared plan, for members who have not applied yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Situation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub id: String,
    pub member: String,
    /// `None` for moves that select no reason (batch moves).
    #[serde(default)]
    pub reason: Option<Reason>,
    pub destination: Destination,
    pub from_org: String,
    /// The destination org when it is in this workspace's tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_org: Option<String>,
    /// The destination typed by hand (北京/广东/福建) or outside this workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_org_name: Option<String>,
    /// Whether a destination outside the tree is a 团支部 (inside the tree the org says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_org_is_branch: Option<bool>,
    pub initiator: Initiator,
    #[serde(default)]
    pub special_province: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    pub events: Vec<Event>,
}

/// A 团总支's batch move of up to 30 members inside its own subtree, with no approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub id: String,
    pub org: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    pub format: String,
    pub version: u64,
    pub edition: Edition,
    /// The simulated clock.
    pub clock: NaiveDate,
    /// An institution's own calendar; the edition's standard one when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
    pub orgs: Vec<Org>,
    pub members: Vec<Member>,
    #[serde(default)]
    pub applications: Vec<Application>,
    #[serde(default)]
    pub batches: Vec<Batch>,
}

/// One problem found on import, with the place it is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// A path into the document, with the record's id where it helps:
    /// `members[3]（M-0004）.org`.
    pub place: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}：{}", self.place, self.message)
        }
    }
}

/// Every problem of one import (at most [`ImportErrors::LIMIT`] are kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportErrors(pub Vec<ImportError>);

impl ImportErrors {
    pub const LIMIT: usize = 50;
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "工作区文件有 {} 处问题，未导入：", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "- {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

impl Workspace {
    pub fn empty(edition: Edition, clock: NaiveDate) -> Workspace {
        Workspace {
            format: FORMAT.into(),
            version: VERSION,
            edition,
            clock,
            calendar: None,
            orgs: Vec::new(),
            members: Vec::new(),
            applications: Vec::new(),
            batches: Vec::new(),
        }
    }

    /// The first top-level org (the region the simulator shows when none is picked).
    pub fn root_id(&self) -> Option<&str> {
        self.orgs
            .iter()
            .find(|o| o.parent.is_none())
            .map(|o| o.id.as_str())
    }

    pub fn calendar(&self) -> Calendar {
        self.calendar
            .clone()
            .unwrap_or_else(|| self.edition.calendar())
    }

    pub fn org(&self, id: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }
}
