//! What the sources ask of admins once graduates have moved (S004 4.4 ③, 2.4 ②, 2.2;
//! S002 指引5): the graduating orgs whose members have all transferred, to delete from the
//! system; and the members kept in a 流动团员团支部 (the school's, or a county's), each with
//! how long they have been kept and the date the limit is reached. Pure, for the dashboard
//! and the CLI.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::codes::Destination;
use crate::metrics::{self, MetricsError, Snapshot};
use crate::policy::{self, KeepLimit};
use crate::status::{Class, Status};
use crate::workspace::{Index, OrgPurpose, Workspace};

/// A graduating org whose members have all transferred (S004 4.4 ③: it should be deleted
/// from the system).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmptiedOrg {
    pub org: String,
    pub name: String,
    pub graduation_month: String,
    /// Members transferred out (kept-at-school ones included: they left the org too).
    pub transferred: usize,
    /// The day the last of them took effect.
    pub last_on: Option<NaiveDate>,
}

/// Where a kept member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FloatingKind {
    /// The school's 流动团员团支部 (S004 2.4 ②, S002 指引5).
    School,
    /// A county committee's (S004 2.2).
    County,
}

impl FloatingKind {
    /// The destination a transfer into this kind of branch names.
    pub fn destination(self) -> Destination {
        match self {
            FloatingKind::School => Destination::SchoolFloatingBranch,
            FloatingKind::County => Destination::CountyFloatingBranch,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FloatingKind::School => "学校流动团员团支部",
            FloatingKind::County => "县级流动团员团支部",
        }
    }
}

/// How a kept member stands against the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeepStanding {
    /// Within the usual limit.
    Within,
    /// Past the usual limit, not yet past the longest one.
    PastUsual,
    /// Past the longest limit (or past the only one the source gives).
    PastLimit,
    /// The edition's sources give no limit for this branch.
    NoLimit,
}

/// A member kept in a floating branch at the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptMember {
    pub member: String,
    pub name: String,
    /// Their graduating branch.
    pub branch: String,
    pub branch_name: String,
    pub kind: FloatingKind,
    /// The floating branch, by name (and id when it is in the workspace).
    pub floating: Option<String>,
    pub floating_name: String,
    /// Kept since (the transfer in took effect).
    pub since: NaiveDate,
    pub days: i64,
    /// The usual limit's date, and the longest one's.
    pub usual_by: Option<NaiveDate>,
    pub max_by: Option<NaiveDate>,
    pub standing: KeepStanding,
    /// The limit as the source states it, with its clause.
    pub limit: Option<KeepLimit>,
    /// What the admin should do, in words.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AfterSeason {
    pub region: String,
    pub region_name: String,
    pub at: NaiveDate,
    /// Graduating orgs of the region with every member transferred, in the workspace's order.
    pub emptied: Vec<EmptiedOrg>,
    /// Members kept in a floating branch, the one closest to (or furthest past) its limit
    /// first.
    pub kept: Vec<KeptMember>,
}

fn add_months(d: NaiveDate, months: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(months))
}

/// The lists of `region` (the root when `None`) at `at`. A kept member is listed when their
/// graduating branch or the floating branch is in the region.
pub fn after_season(
    ws: &Workspace,
    region: Option<&str>,
    at: NaiveDate,
) -> Result<AfterSeason, MetricsError> {
    let index = ws.index();
    let snapshot = Snapshot::new(ws, &index, at);
    after_season_in(ws, &index, &snapshot, region)
}

/// [`after_season`] from a [`Snapshot`] of the same workspace (at the snapshot's date), so
/// a view that shows the metrics too folds the applications once.
pub fn after_season_in(
    ws: &Workspace,
    index: &Index,
    snapshot: &Snapshot,
    region: Option<&str>,
) -> Result<AfterSeason, MetricsError> {
    let at = snapshot.at();
    let top = metrics::region_position(ws, index, region)?;
    // Per graduating org: (members that count, transferred, last day).
    let mut per_org: Vec<Option<(usize, usize, Option<NaiveDate>)>> = vec![None; ws.orgs.len()];
    let mut kept = Vec::new();
    snapshot.each(ws, |_, member, home, fate| {
        let status = fate.member.status;
        let moved = matches!(status, Status::Completed | Status::RetainedAtSchool);
        // A member past 28 without a post has left the League: they keep no org from being
        // deleted. Delayed graduates and teachers stay in it.
        let counts = fate.class() != Class::Lapsed;
        if index.is_under(home, top) && (counts || moved) {
            let entry = per_org[home].get_or_insert((0, 0, None));
            entry.0 += 1;
            if moved {
                entry.1 += 1;
                entry.2 = entry.2.max(fate.member.moved_on);
            }
        }
        if !moved {
            return;
        }
        let Some(app) = fate.member.application.map(|i| &ws.applications[i]) else {
            return;
        };
        let floating_org = fate.target.map(|t| &ws.orgs[t]);
        let kind = match app.destination {
            Destination::SchoolFloatingBranch => FloatingKind::School,
            Destination::CountyFloatingBranch => FloatingKind::County,
            _ if floating_org.is_some_and(|o| o.purpose == Some(OrgPurpose::Floating)) => {
                if status == Status::RetainedAtSchool {
                    FloatingKind::School
                } else {
                    FloatingKind::County
                }
            }
            _ => return,
        };
        let in_region =
            index.is_under(home, top) || fate.target.is_some_and(|t| index.is_under(t, top));
        let Some(since) = fate.member.moved_on.filter(|_| in_region) else {
            return;
        };
        let limit = policy::keep_limit(ws.edition, kind.destination());
        let usual_by = limit.and_then(|l| add_months(since, l.usual_months));
        let max_by = limit
            .and_then(|l| l.max_months)
            .and_then(|m| add_months(since, m));
        let standing = match (usual_by, max_by) {
            (None, _) => KeepStanding::NoLimit,
            (_, Some(max)) if at >= max => KeepStanding::PastLimit,
            (Some(usual), None) if at >= usual => KeepStanding::PastLimit,
            (Some(usual), _) if at >= usual => KeepStanding::PastUsual,
            _ => KeepStanding::Within,
        };
        let note = keep_note(standing, usual_by, max_by, limit);
        kept.push(KeptMember {
            member: member.id.clone(),
            name: member.name.clone(),
            branch: ws.orgs[home].id.clone(),
            branch_name: ws.orgs[home].name.clone(),
            kind,
            floating: floating_org.map(|o| o.id.clone()),
            floating_name: floating_org
                .map(|o| o.name.clone())
                .or_else(|| app.to_org_name.clone())
                .unwrap_or_else(|| kind.label().to_string()),
            since,
            days: (at - since).num_days(),
            usual_by,
            max_by,
            standing,
            limit,
            note,
        });
    });
    // The limit that comes first (or passed longest ago) first; no limit last.
    kept.sort_by_key(|k| {
        (
            k.standing == KeepStanding::NoLimit,
            k.max_by.or(k.usual_by),
            k.since,
            k.member.clone(),
        )
    });
    let emptied = ws
        .orgs
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let (counted, transferred, last_on) = per_org[i]?;
            (transferred > 0 && transferred == counted).then(|| EmptiedOrg {
                org: o.id.clone(),
                name: o.name.clone(),
                graduation_month: o.graduation_month.clone().unwrap_or_default(),
                transferred,
                last_on,
            })
        })
        .collect();
    Ok(AfterSeason {
        region: ws.orgs[top].id.clone(),
        region_name: ws.orgs[top].name.clone(),
        at,
        emptied,
        kept,
    })
}

/// `6 个月`, `1 年`.
fn months_text(months: u32) -> String {
    if months.is_multiple_of(12) {
        format!("{} 年", months / 12)
    } else {
        format!("{months} 个月")
    }
}

fn keep_note(
    standing: KeepStanding,
    usual_by: Option<NaiveDate>,
    max_by: Option<NaiveDate>,
    limit: Option<KeepLimit>,
) -> String {
    use crate::dates::chinese_date;
    let Some(limit) = limit else {
        return "资料没有写这一版县级流动团员团支部的保留期限；请按实际去向尽早转出".into();
    };
    let clause = limit.clause;
    let usual = months_text(limit.usual_months);
    let longest = limit.max_months.map(months_text).unwrap_or_default();
    match (standing, usual_by, max_by) {
        (KeepStanding::Within, Some(u), Some(m)) => format!(
            "{} 满 {usual}，最迟 {} 前按实际去向转出（{clause}）",
            chinese_date(u),
            chinese_date(m)
        ),
        (KeepStanding::Within, Some(u), None) => format!(
            "{} 满 {usual}（一般不超过这个期限），符合条件的要及时转出（{clause}）",
            chinese_date(u)
        ),
        (KeepStanding::PastUsual, _, Some(m)) => format!(
            "已超过 {usual}，最长期限到 {}，请尽快按实际去向转出（{clause}）",
            chinese_date(m)
        ),
        (KeepStanding::PastLimit, _, Some(m)) => format!(
            "已超过最长 {longest} 的期限（{} 到期），请按实际去向转出（{clause}）",
            chinese_date(m)
        ),
        (KeepStanding::PastLimit, Some(u), None) => format!(
            "已超过一般不超过的 {usual}（{} 到期），请按实际去向转出（{clause}）",
            chinese_date(u)
        ),
        _ => String::new(),
    }
}
