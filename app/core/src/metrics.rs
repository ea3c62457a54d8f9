//! SX and XS (S004 5, domain.md §4) for any org subtree at any date.
//!
//! - `SX = A / (B + C)`: B = the region's further-study graduates, C = further-study
//!   graduates from outside who applied into the region, A = completed among B ∪ C.
//! - `XS = D / (E + F)`: the same for society-bound graduates. A graduate's side is known
//!   only from an application's reason: everyone who never started is in E, whatever the
//!   admin expects of them (S004 5.2 note). The admin's own plan gives a labelled forecast
//!   beside the official figure ([`Metrics::forecast`]), never in its place.
//! - Kept at school because unemployed (a transfer into the school's floating branch that
//!   has completed): not completed. A pending one is an ordinary pending application.
//!   Delayed graduates and teachers: excluded. Lapsed (28+ without a post): out of both.
//!   Zero denominator: no data. Per-member facts come from [`crate::status`], as every
//!   other view's do.

use chrono::NaiveDate;
use serde::Serialize;

use crate::status::MemberStatus;
pub use crate::status::{Class, Side, Status};
use crate::workspace::{mask_id_number, Index, Member, Processes, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    /// Completed.
    pub completed: usize,
    /// From inside the region (B or E).
    pub own: usize,
    /// From outside, applied into the region (C or F).
    pub incoming: usize,
    /// `completed / (own + incoming)`; `None` ("no data") when the denominator is zero.
    pub rate: Option<f64>,
}

impl Rate {
    pub(crate) fn new(completed: usize, own: usize, incoming: usize) -> Rate {
        let denominator = own + incoming;
        Rate {
            completed,
            own,
            incoming,
            rate: (denominator > 0).then(|| completed as f64 / denominator as f64),
        }
    }

    pub fn denominator(&self) -> usize {
        self.own + self.incoming
    }

    /// `87.5%`, or `暂无数据`.
    pub fn percent(&self) -> String {
        match self.rate {
            Some(r) => format!("{:.1}%", r * 100.0),
            None => "暂无数据".into(),
        }
    }
}

/// Someone counted in a denominator who has not completed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    pub member: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    pub org: String,
    pub side: Side,
    /// The member's status (serialized as its code: `not_started`, `in_approval`,
    /// `retained_at_school` …).
    pub state: Status,
    pub incoming: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Excluded {
    pub delayed: usize,
    pub teacher: usize,
    pub lapsed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub region: String,
    pub region_name: String,
    pub at: NaiveDate,
    pub sx: Rate,
    pub xs: Rate,
    pub excluded: Excluded,
    /// Kept at the school's floating branch (counted as not completed).
    pub retained_at_school: usize,
    /// The same rates with never-started graduates put on the side of their declared plan
    /// (按预计去向): a forecast for the admin, not the official figure.
    pub forecast: Forecast,
    /// How many are missing (the length of `missing`, unless a view asked for fewer).
    pub missing_total: usize,
    pub missing: Vec<Missing>,
}

/// The admin's forecast: SX / XS if every graduate who has not started yet went the way
/// their plan says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub sx: Rate,
    pub xs: Rate,
    /// Graduates who have not started and whose plan is further study (in XS officially).
    pub planned_study_not_started: usize,
}

impl Forecast {
    /// What the forecast is, in the words every view shows beside it.
    pub const LABEL: &'static str = "按预计去向（预测，不是官方口径）";
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricsError {
    UnknownRegion(String),
    EmptyWorkspace,
    /// A date range longer than a view draws (see [`crate::season::CURVE_MAX_DAYS`]).
    RangeTooLong {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// A bulletin's earlier date after its cut-off.
    SinceAfterCutoff {
        since: NaiveDate,
        at: NaiveDate,
    },
}

impl std::fmt::Display for MetricsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MetricsError::UnknownRegion(id) => write!(f, "区域「{id}」不是本工作区的组织 id"),
            MetricsError::EmptyWorkspace => write!(f, "工作区里没有任何组织"),
            MetricsError::RangeTooLong { from, to } => write!(
                f,
                "日期范围 {from} 至 {to} 太长：完成曲线最多画 {} 天",
                crate::season::CURVE_MAX_DAYS + 1
            ),
            MetricsError::SinceAfterCutoff { since, at } => write!(
                f,
                "对比日期 {since} 晚于数据截止日期 {at}：请给一个更早的日期"
            ),
        }
    }
}

impl std::error::Error for MetricsError {}

/// Per-member facts the metrics need, computed once ([`crate::status::member_status`]),
/// and the org the latest application goes to, when it is in the tree.
pub(crate) struct Fate {
    pub(crate) member: MemberStatus,
    pub(crate) target: Option<usize>,
}

impl Fate {
    pub(crate) fn class(&self) -> Class {
        self.member.class
    }

    /// Done in SX / XS (kept at school is not).
    pub(crate) fn completed(&self) -> bool {
        self.member.status.is_done()
    }

    pub(crate) fn completed_on(&self) -> Option<NaiveDate> {
        self.member.completed_on()
    }

    pub(crate) fn side(&self) -> Side {
        self.member.side
    }
}

/// The org a region names: the given id, or the first root.
pub(crate) fn region_position(
    ws: &Workspace,
    index: &Index,
    region: Option<&str>,
) -> Result<usize, MetricsError> {
    match region {
        Some(id) => index
            .position(id)
            .ok_or_else(|| MetricsError::UnknownRegion(id.to_string())),
        None => ws
            .orgs
            .iter()
            .position(|o| o.parent.is_none())
            .ok_or(MetricsError::EmptyWorkspace),
    }
}

/// Calls `each(member index, member, home org, fate)` for every graduate (a member of a
/// branch marked with a graduation month) at `at`. The one per-member computation every
/// view shares, so the dashboard's figures cannot drift from [`compute`]'s.
pub(crate) fn for_each_graduate(
    ws: &Workspace,
    index: &Index,
    at: NaiveDate,
    each: impl FnMut(usize, &Member, usize, &Fate),
) {
    Snapshot::new(ws, index, at).each(ws, each);
}

/// Every graduate's fate at one date, computed once (a state fold per member). The metrics
/// of any region ([`compute_in`]), the child rates and the completion curve
/// (`season::*_in`) are cheap passes over it, so a dashboard that shows all three, or
/// switches region, folds each application once instead of once per view.
pub struct Snapshot {
    at: NaiveDate,
    /// (member index, home org index, fate) of every graduate.
    graduates: Vec<(usize, usize, Fate)>,
}

impl Snapshot {
    pub fn new(ws: &Workspace, index: &Index, at: NaiveDate) -> Snapshot {
        Snapshot {
            at,
            graduates: graduate_fates(ws, index, at),
        }
    }

    /// The date the snapshot is taken at.
    pub fn at(&self) -> NaiveDate {
        self.at
    }

    /// Calls `each(member index, member, home org, fate)` for every graduate.
    pub(crate) fn each(&self, ws: &Workspace, mut each: impl FnMut(usize, &Member, usize, &Fate)) {
        for (mi, home, fate) in &self.graduates {
            each(*mi, &ws.members[*mi], *home, fate);
        }
    }
}

fn graduate_fates(ws: &Workspace, index: &Index, at: NaiveDate) -> Vec<(usize, usize, Fate)> {
    let calendar = ws.calendar();
    let mut processes = Processes::default();
    let mut out = Vec::with_capacity(ws.members.len());
    let latest = ws.latest_transfers(at);
    // Members come branch by branch: the last branch's position saves a hash per member.
    let mut last: Option<(&str, Option<usize>)> = None;
    for (mi, member) in ws.members.iter().enumerate() {
        let position = match last {
            Some((id, position)) if id == member.org => position,
            _ => last.insert((&member.org, index.position(&member.org))).1,
        };
        let Some(home) = position else {
            continue;
        };
        // Only graduates count: members of a branch marked with a graduation month.
        if ws.orgs[home].graduation_month.is_none() {
            continue;
        }
        let target = latest[mi]
            .and_then(|a| ws.applications[a].to_org.as_deref())
            .map(|id| index.position(id));
        let status = crate::status::member_status(
            ws,
            member,
            latest[mi],
            target.map(|t| t.map(|i| &ws.orgs[i])),
            at,
            &calendar,
            &mut processes,
        );
        out.push((
            mi,
            home,
            Fate {
                member: status,
                target: target.flatten(),
            },
        ));
    }
    out
}

/// Metrics for the subtree under `region` (the root when `None`) at `at`.
pub fn compute(
    ws: &Workspace,
    region: Option<&str>,
    at: NaiveDate,
) -> Result<Metrics, MetricsError> {
    compute_with_index(ws, &ws.index(), region, at)
}

pub fn compute_with_index(
    ws: &Workspace,
    index: &Index,
    region: Option<&str>,
    at: NaiveDate,
) -> Result<Metrics, MetricsError> {
    compute_in(ws, index, &Snapshot::new(ws, index, at), region)
}

/// Metrics for `region` from a [`Snapshot`] of the same workspace (at the snapshot's date).
pub fn compute_in(
    ws: &Workspace,
    index: &Index,
    snapshot: &Snapshot,
    region: Option<&str>,
) -> Result<Metrics, MetricsError> {
    compute_listing(ws, index, snapshot, region, usize::MAX)
}

/// As [`compute_in`], listing at most `missing_limit` of the missing (every figure and
/// `missing_total` stay exact): a page that shows a screenful need not build tens of
/// thousands of rows on every clock step.
pub fn compute_listing(
    ws: &Workspace,
    index: &Index,
    snapshot: &Snapshot,
    region: Option<&str>,
    missing_limit: usize,
) -> Result<Metrics, MetricsError> {
    let region_at = region_position(ws, index, region)?;
    let mut missing_total = 0usize;
    let at = snapshot.at;

    let mut sx = (0usize, 0usize, 0usize);
    let mut xs = (0usize, 0usize, 0usize);
    // The forecast moves the own never-started planned-study graduates from E to B.
    let mut planned_study_not_started = 0usize;
    let mut excluded = Excluded::default();
    let mut retained_at_school = 0;
    let mut missing = Vec::with_capacity(missing_limit.min(snapshot.graduates.len()));

    snapshot.each(ws, |_, member, home, fate| {
        let inside = index.is_under(home, region_at);
        let incoming = !inside && fate.target.is_some_and(|t| index.is_under(t, region_at));
        if !inside && !incoming {
            return;
        }
        match fate.class() {
            Class::Delayed => excluded.delayed += usize::from(inside),
            Class::Teacher => excluded.teacher += usize::from(inside),
            Class::Lapsed => excluded.lapsed += usize::from(inside),
            Class::Counted => {
                if fate.member.status == Status::RetainedAtSchool && inside {
                    retained_at_school += 1;
                }
                if inside && fate.member.side != fate.member.forecast_side {
                    planned_study_not_started += 1;
                }
                let bucket = match fate.side() {
                    Side::Sx => &mut sx,
                    Side::Xs => &mut xs,
                };
                if inside {
                    bucket.1 += 1;
                } else {
                    bucket.2 += 1;
                }
                if fate.completed() {
                    bucket.0 += 1;
                } else if missing_total < missing_limit {
                    missing_total += 1;
                    missing.push(Missing {
                        member: member.id.clone(),
                        name: member.name.clone(),
                        id_number: member.id_number.as_deref().map(mask_id_number),
                        org: member.org.clone(),
                        side: fate.side(),
                        state: fate.member.status,
                        incoming,
                    });
                } else {
                    missing_total += 1;
                }
            }
        }
    });

    Ok(Metrics {
        region: ws.orgs[region_at].id.clone(),
        region_name: ws.orgs[region_at].name.clone(),
        at,
        sx: Rate::new(sx.0, sx.1, sx.2),
        xs: Rate::new(xs.0, xs.1, xs.2),
        excluded,
        retained_at_school,
        forecast: Forecast {
            sx: Rate::new(sx.0, sx.1 + planned_study_not_started, sx.2),
            xs: Rate::new(xs.0, xs.1 - planned_study_not_started, xs.2),
            planned_study_not_started,
        },
        missing_total,
        missing,
    })
}
