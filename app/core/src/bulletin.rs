//! The progress bulletin (通报) a committee sends to its units: for a region at a data
//! cut-off date, SX and XS with their counts against an optional target, the child orgs
//! ranked (the lowest named), the orgs with the most graduates not started, the change since
//! an earlier date (computed from the events — state is a fold, so no stored snapshot is
//! needed), and the completion curve with the calendar's milestones. Pure data: the
//! simulator prints it, the CLI writes it as a standalone HTML file or a workbook.

use chrono::NaiveDate;
use serde::Serialize;

use crate::metrics::{self, MetricsError, Rate, Side};
use crate::season::{self, CurvePoint};
use crate::status::Status;
use crate::workspace::Workspace;

/// One direct child org of the region, as the bulletin ranks it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRow {
    pub org: String,
    pub name: String,
    pub sx: Rate,
    pub xs: Rate,
    /// Counted and not completed (both sides).
    pub missing: usize,
    /// Own graduates with no transfer started.
    pub not_started: usize,
    /// Completed since the earlier date (when one is given), per side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sx_completed_since: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xs_completed_since: Option<i64>,
}

/// The change since an earlier date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub since: NaiveDate,
    pub sx_then: Rate,
    pub xs_then: Rate,
    /// Completed since then (may be negative: a completion can be undone by a correction).
    pub sx_completed: i64,
    pub xs_completed: i64,
    /// Percentage points gained (None while a side has nobody counted).
    pub sx_points: Option<f64>,
    pub xs_points: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bulletin {
    pub region: String,
    pub region_name: String,
    /// The data cut-off date.
    pub at: NaiveDate,
    pub sx: Rate,
    pub xs: Rate,
    /// The target rate (0–1), when the committee set one.
    pub target: Option<f64>,
    pub rank_by: Side,
    /// Every direct child, lowest rate first by `rank_by` (those with nobody counted last).
    pub units: Vec<UnitRow>,
    /// The `lowest` first of `units`, named in the text.
    pub lowest: Vec<UnitRow>,
    /// The units with the most graduates not started, most first (only those with any).
    pub most_not_started: Vec<UnitRow>,
    pub not_started_total: usize,
    pub change: Option<Change>,
    pub curve: Vec<CurvePoint>,
    /// The calendar's milestones (and the workspace's own), marked on the curve.
    pub milestones: Vec<(NaiveDate, String)>,
}

/// What a bulletin is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Request<'a> {
    pub region: Option<&'a str>,
    pub at: NaiveDate,
    pub since: Option<NaiveDate>,
    pub target: Option<f64>,
    /// How many of the lowest units to name.
    pub lowest: usize,
    /// The rate the units are ranked by.
    pub rank_by: Side,
}

fn points(now: &Rate, then: &Rate) -> Option<f64> {
    Some((now.rate? - then.rate?) * 100.0)
}

/// The bulletin for a request. An unknown region, or an earlier date after the cut-off, is
/// an error.
pub fn bulletin(ws: &Workspace, req: &Request) -> Result<Bulletin, MetricsError> {
    if let Some(since) = req.since.filter(|s| *s > req.at) {
        return Err(MetricsError::SinceAfterCutoff { since, at: req.at });
    }
    let index = ws.index();
    let now = metrics::compute_with_index(ws, &index, req.region, req.at)?;
    let region = Some(now.region.as_str());
    let children = season::child_rates(ws, &index, region, req.at)?;
    let then_children = match req.since {
        Some(since) => Some(season::child_rates(ws, &index, region, since)?),
        None => None,
    };
    // Own never-started graduates, by the child whose subtree holds their branch.
    let positions: Vec<Option<usize>> = children.iter().map(|c| index.position(&c.org)).collect();
    let mut not_started = vec![0usize; children.len()];
    let mut not_started_total = 0;
    for m in now
        .missing
        .iter()
        .filter(|m| !m.incoming && m.state == Status::NotStarted)
    {
        not_started_total += 1;
        let Some(at) = index.position(&m.org) else {
            continue;
        };
        if let Some(i) = positions
            .iter()
            .position(|p| p.is_some_and(|p| index.is_under(at, p)))
        {
            not_started[i] += 1;
        }
    }
    let mut units: Vec<UnitRow> = children
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let then = then_children
                .as_ref()
                .map(|then| then.iter().find(|t| t.org == c.org));
            let gain = |now: usize, before: fn(&season::ChildRow) -> usize| {
                then.map(|t| now as i64 - t.map_or(0, before) as i64)
            };
            UnitRow {
                sx_completed_since: gain(c.sx.completed, |t| t.sx.completed),
                xs_completed_since: gain(c.xs.completed, |t| t.xs.completed),
                org: c.org,
                name: c.name,
                sx: c.sx,
                xs: c.xs,
                missing: c.missing,
                not_started: not_started[i],
            }
        })
        .collect();
    let ranked = |u: &UnitRow| match req.rank_by {
        Side::Sx => u.sx.rate,
        Side::Xs => u.xs.rate,
    };
    units.sort_by(|a, b| {
        let key = |u: &UnitRow| (ranked(u).is_none(), ranked(u).unwrap_or(0.0));
        let (an, ar) = key(a);
        let (bn, br) = key(b);
        an.cmp(&bn)
            .then(ar.total_cmp(&br))
            .then_with(|| b.missing.cmp(&a.missing))
            .then_with(|| a.org.cmp(&b.org))
    });
    let lowest: Vec<UnitRow> = units
        .iter()
        .filter(|u| ranked(u).is_some())
        .take(req.lowest)
        .cloned()
        .collect();
    let mut most_not_started: Vec<UnitRow> = units
        .iter()
        .filter(|u| u.not_started > 0)
        .cloned()
        .collect();
    most_not_started.sort_by(|a, b| {
        b.not_started
            .cmp(&a.not_started)
            .then_with(|| a.org.cmp(&b.org))
    });
    most_not_started.truncate(req.lowest.max(1));

    let change = match req.since {
        Some(since) => {
            let then = metrics::compute_with_index(ws, &index, region, since)?;
            Some(Change {
                since,
                sx_completed: now.sx.completed as i64 - then.sx.completed as i64,
                xs_completed: now.xs.completed as i64 - then.xs.completed as i64,
                sx_points: points(&now.sx, &then.sx),
                xs_points: points(&now.xs, &then.xs),
                sx_then: then.sx,
                xs_then: then.xs,
            })
        }
        None => None,
    };
    let from = req
        .since
        .unwrap_or_else(|| season::curve_start(ws))
        .min(req.at);
    let curve = season::completion_curve(ws, &index, region, from, req.at)?;
    let milestones = season::milestones(ws)
        .into_iter()
        .filter(|(d, _)| *d >= from && *d <= req.at)
        .collect();
    Ok(Bulletin {
        region: now.region,
        region_name: now.region_name,
        at: req.at,
        sx: now.sx,
        xs: now.xs,
        target: req.target,
        rank_by: req.rank_by,
        units,
        lowest,
        most_not_started,
        not_started_total,
        change,
        curve,
        milestones,
    })
}

/// The bulletin's lead paragraph, in words: the cut-off, the two rates with counts against
/// the target, the change since, the lowest units and those with the most not started.
pub fn summary(b: &Bulletin) -> String {
    let day = crate::dates::chinese_date(b.at);
    let rate = |r: &Rate| format!("{}（{} / {}）", r.percent(), r.completed, r.denominator());
    let mut text = format!(
        "截至 {day}，{}升学衔接率（SX）{}，学社衔接率（XS）{}",
        b.region_name,
        rate(&b.sx),
        rate(&b.xs)
    );
    if let Some(t) = b.target {
        text.push_str(&format!("；目标 {:.1}%", t * 100.0));
        for (name, r) in [("SX", &b.sx), ("XS", &b.xs)] {
            match r.rate.map(|r| (t - r) * 100.0) {
                Some(g) if g > 0.0 => text.push_str(&format!("，{name} 还差 {g:.1} 个百分点")),
                Some(_) => text.push_str(&format!("，{name} 已达到")),
                None => {}
            }
        }
    }
    text.push('。');
    if let Some(c) = &b.change {
        let pts = |p: Option<f64>| {
            p.map(|p| format!("{p:+.1} 个百分点"))
                .unwrap_or_else(|| "—".into())
        };
        text.push_str(&format!(
            "与 {} 相比，SX 新完成 {} 人（{}），XS 新完成 {} 人（{}）。",
            crate::dates::chinese_date(c.since),
            c.sx_completed,
            pts(c.sx_points),
            c.xs_completed,
            pts(c.xs_points)
        ));
    }
    if !b.lowest.is_empty() {
        let (side, rate): (&str, fn(&UnitRow) -> String) = match b.rank_by {
            Side::Sx => ("SX", |u| u.sx.percent()),
            Side::Xs => ("XS", |u| u.xs.percent()),
        };
        let names: Vec<String> = b
            .lowest
            .iter()
            .map(|u| format!("{}（{}）", u.name, rate(u)))
            .collect();
        text.push_str(&format!(
            "{side} 最低的 {} 个单位：{}。",
            names.len(),
            names.join("、")
        ));
    }
    if !b.most_not_started.is_empty() {
        let names: Vec<String> = b
            .most_not_started
            .iter()
            .map(|u| format!("{}（{} 人）", u.name, u.not_started))
            .collect();
        text.push_str(&format!(
            "共 {} 名毕业生还没有发起转接，最多的是：{}。",
            b.not_started_total,
            names.join("、")
        ));
    }
    text
}
