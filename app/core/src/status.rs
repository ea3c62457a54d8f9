//! One member status and one per-member classification, for every view: the metrics, the
//! dashboard, the simulator's roster table and its filters, and the spreadsheet exports all
//! read [`member_status`] (or [`statuses_at`]), so a member cannot be “已完成” in one place
//! and “暂留学校” in another.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::codes::{Destination, Step};
use crate::process::{self, State};
use crate::workspace::{Application, Member, Processes, Workspace};

/// Where a member's transfer stands at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// No transfer submitted by that date (a 团总支's batch move is not one).
    NotStarted,
    /// Waiting at this step.
    Pending(Step),
    Completed,
    /// Completed into the school's own floating branch: kept at school, which the metrics
    /// count as not completed (S004 5.2).
    RetainedAtSchool,
    Withdrawn,
    Rejected,
    AutoReturned,
    /// The member turned 28 without a post; recorded on the application.
    Lapsed,
}

impl Status {
    pub const ALL: [Status; 12] = [
        Status::NotStarted,
        Status::Pending(Step::OutOrg),
        Status::Pending(Step::InOrg),
        Status::Pending(Step::Leadership),
        Status::Pending(Step::AssignBranch),
        Status::Pending(Step::Provincial),
        Status::Completed,
        Status::RetainedAtSchool,
        Status::Withdrawn,
        Status::Rejected,
        Status::AutoReturned,
        Status::Lapsed,
    ];

    /// The stable code (the metrics' JSON, the filters, the exports).
    pub fn code(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::Pending(step) => step.pending_state(),
            Status::Completed => "completed",
            Status::RetainedAtSchool => "retained_at_school",
            Status::Withdrawn => "withdrawn",
            Status::Rejected => "rejected",
            Status::AutoReturned => "auto_returned",
            Status::Lapsed => "lapsed",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The words every table shows.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "尚未发起",
            Status::Pending(Step::OutOrg) => "等待转出方审批",
            Status::Pending(Step::InOrg) => "等待转入方审批",
            Status::Pending(Step::Leadership) => "等待上级团的领导机关审批",
            Status::Pending(Step::AssignBranch) => "等待分配团支部",
            Status::Pending(Step::Provincial) => "等待省级团委审批",
            Status::Completed => "已完成",
            Status::RetainedAtSchool => "暂留学校（统计上未完成）",
            Status::Withdrawn => "已撤回",
            Status::Rejected => "被退回",
            Status::AutoReturned => "系统自动退回",
            Status::Lapsed => "超龄离团",
        }
    }

    /// Whether the transfer counts as done in SX / XS.
    pub fn is_done(self) -> bool {
        self == Status::Completed
    }

    /// Whether an application is still open.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Pending(_))
    }

    /// The status of an application in `state`.
    pub fn of(state: &State, app: &Application) -> Status {
        match state {
            State::NotSubmitted => Status::NotStarted,
            State::Pending { step, .. } => Status::Pending(*step),
            State::Completed { .. } if app.destination == Destination::SchoolFloatingBranch => {
                Status::RetainedAtSchool
            }
            State::Completed { .. } => Status::Completed,
            State::Withdrawn { .. } => Status::Withdrawn,
            State::Rejected { .. } => Status::Rejected,
            State::AutoReturned { .. } => Status::AutoReturned,
            State::Lapsed { .. } => Status::Lapsed,
        }
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl PartialEq<&str> for Status {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

/// Which rate a graduate counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Sx,
    Xs,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Sx => "升学（SX）",
            Side::Xs => "社会（XS）",
        }
    }

    /// The official side: known only from an application's reason; a graduate who never
    /// started (or whose application selects no reason) is in the XS denominator (S004 5.2
    /// note: 未发起组织关系转接申请的毕业学生团员纳入学社衔接率分母计算).
    pub fn official(latest: Option<&Application>) -> Side {
        match latest.and_then(|a| a.reason) {
            Some(reason) if reason.is_study() => Side::Sx,
            _ => Side::Xs,
        }
    }

    /// The admin's forecast (按预计去向): a graduate with no application counts on the side
    /// of their declared plan. Shown beside the official figure, never in its place.
    pub fn forecast(latest: Option<&Application>, member: &Member) -> Side {
        match latest {
            Some(_) => Side::official(latest),
            None if member.plan.is_some_and(crate::codes::Situation::is_study) => Side::Sx,
            None => Side::Xs,
        }
    }
}

/// How a member counts in SX / XS: left out for one reason, or counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// 延迟毕业团员: may transfer, outside 学社衔接 (S004 1.2).
    Delayed,
    /// 教师: likewise.
    Teacher,
    /// 28+ without a post, or a lapse recorded: out of both (this project's reading).
    Lapsed,
    Counted,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::Delayed => "延迟毕业团员（不计入两率）",
            Class::Teacher => "教师（不计入两率）",
            Class::Lapsed => "超龄（不计入两率）",
            Class::Counted => "计入",
        }
    }
}

/// Everything a view needs about one member at a date.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberStatus {
    pub status: Status,
    pub class: Class,
    /// The official side.
    pub side: Side,
    /// The side by the admin's plan, for a labelled forecast.
    pub forecast_side: Side,
    /// The latest transfer's index in `applications`.
    pub application: Option<usize>,
    /// The day the latest transfer took effect, kept-at-school included (the floating
    /// branch's time limit counts from it).
    pub moved_on: Option<NaiveDate>,
}

impl MemberStatus {
    /// The day the transfer completed (not for kept-at-school: the metrics count that as
    /// not completed).
    pub fn completed_on(&self) -> Option<NaiveDate> {
        self.moved_on.filter(|_| self.status == Status::Completed)
    }
}

/// The one per-member computation. `latest`: the member's latest transfer submitted by `at`
/// ([`Workspace::latest_transfers`]); `target_org`: that application's tree org, when the
/// caller has it (for the process shape).
pub(crate) fn member_status(
    ws: &Workspace,
    member: &Member,
    latest: Option<usize>,
    to_org: Option<Option<&crate::workspace::Org>>,
    at: NaiveDate,
    calendar: &crate::calendar::Calendar,
    processes: &mut Processes,
) -> MemberStatus {
    let app = latest.map(|i| &ws.applications[i]);
    let (status, moved_on) = match app {
        None => (Status::NotStarted, None),
        Some(app) => {
            let process = processes.get(crate::workspace::shape_of(
                ws.edition,
                app,
                to_org,
                Some(member),
            ));
            let state = process::state_at(process, &app.events, at, calendar)
                .unwrap_or(State::NotSubmitted);
            let status = Status::of(&state, app);
            let moved = match state {
                State::Completed { on } => Some(on),
                _ => None,
            };
            (status, moved)
        }
    };
    let class = match member.mark.as_ref().map(|m| m.kind) {
        Some(crate::workspace::MarkKind::Delayed) => Class::Delayed,
        Some(crate::workspace::MarkKind::Teacher) => Class::Teacher,
        None if status == Status::Lapsed || crate::policy::member_lapsed_on(member, at) => {
            Class::Lapsed
        }
        None => Class::Counted,
    };
    MemberStatus {
        status,
        class,
        side: Side::official(app),
        forecast_side: Side::forecast(app, member),
        application: latest,
        moved_on,
    }
}

/// Every member's status at `at`, in `members` order (graduates or not).
pub fn statuses_at(ws: &Workspace, at: NaiveDate) -> Vec<MemberStatus> {
    let calendar = ws.calendar();
    let lookup = ws.lookup();
    let mut processes = Processes::default();
    let latest = ws.latest_transfers(at);
    ws.members
        .iter()
        .zip(latest)
        .map(|(m, latest)| {
            let to_org = latest.and_then(|i| {
                ws.applications[i]
                    .to_org
                    .as_deref()
                    .map(|id| lookup.orgs.get(id).copied())
            });
            member_status(ws, m, latest, to_org, at, &calendar, &mut processes)
        })
        .collect()
}
