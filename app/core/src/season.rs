//! Views for the simulator's dashboard: the rates of each child org, the completion curve
//! over a date range, the timers coming up, what moving the clock did, and the calendar's
//! milestones. Every figure comes from the same per-member computation as
//! [`metrics::compute_with_index`], so the dashboard and the metrics page cannot disagree.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::calendar::TimerEffect;
use crate::codes::Step;
use crate::metrics::{self, Class, MetricsError, Rate, Side, Snapshot};
use crate::process;
use crate::workspace::{Application, Index, Lookup, Workspace};

/// One direct child org of a region, with its own rates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChildRow {
    pub org: String,
    pub name: String,
    pub sx: Rate,
    pub xs: Rate,
    /// Counted in a denominator of this child and not completed (both sides).
    pub missing: usize,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    // (completed, own, incoming) per side
    sx: (usize, usize, usize),
    xs: (usize, usize, usize),
    missing: usize,
}

impl Tally {
    fn add(&mut self, side: Side, own: bool, completed: bool) {
        let bucket = match side {
            Side::Sx => &mut self.sx,
            Side::Xs => &mut self.xs,
        };
        if own {
            bucket.1 += 1;
        } else {
            bucket.2 += 1;
        }
        if completed {
            bucket.0 += 1;
        } else {
            self.missing += 1;
        }
    }
}

/// The rates of every direct child of `region` (the root when `None`), each exactly as
/// [`metrics::compute_with_index`] gives it for that child, in one pass over the members.
pub fn child_rates(
    ws: &Workspace,
    index: &Index,
    region: Option<&str>,
    at: NaiveDate,
) -> Result<Vec<ChildRow>, MetricsError> {
    child_rates_in(ws, index, &Snapshot::new(ws, index, at), region)
}

/// Why the children's 未完成 do not add up to their parent's, in unfinished members.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ChildGap {
    /// Moving between two children of the region: the child they leave and the child they
    /// join both count them, the region once.
    pub counted_twice: usize,
    /// Directly in the region, under none of its children: the region counts them, no
    /// child does.
    pub direct: usize,
}

/// [`child_rates`] from a [`Snapshot`] of the same workspace.
pub fn child_rates_in(
    ws: &Workspace,
    index: &Index,
    snapshot: &Snapshot,
    region: Option<&str>,
) -> Result<Vec<ChildRow>, MetricsError> {
    child_rates_and_gap_in(ws, index, snapshot, region).map(|(rows, _)| rows)
}

/// [`child_rates_in`] and the [`ChildGap`]: the children's 未完成 summed, minus
/// `counted_twice`, plus `direct`, is the region's.
pub fn child_rates_and_gap_in(
    ws: &Workspace,
    index: &Index,
    snapshot: &Snapshot,
    region: Option<&str>,
) -> Result<(Vec<ChildRow>, ChildGap), MetricsError> {
    let region_at = metrics::region_position(ws, index, region)?;
    let region_id = ws.orgs[region_at].id.as_str();
    let children: Vec<usize> = ws
        .orgs
        .iter()
        .enumerate()
        .filter(|(_, o)| o.parent.as_deref() == Some(region_id))
        .map(|(i, _)| i)
        .collect();
    // Which child's subtree each org is in (None: outside every child), so each member
    // needs two array reads instead of a subtree test per child.
    let slot: Vec<Option<usize>> = (0..ws.orgs.len())
        .map(|o| children.iter().position(|&c| index.is_under(o, c)))
        .collect();
    let mut tallies = vec![Tally::default(); children.len()];
    let mut gap = ChildGap::default();
    snapshot.each(ws, |_, _, home, fate| {
        if fate.class() != Class::Counted {
            return;
        }
        let own = slot[home];
        if let Some(c) = own {
            tallies[c].add(fate.side(), true, fate.completed());
        }
        // Incoming: a child other than the member's own one receives the application.
        let incoming = fate
            .target
            .and_then(|t| slot[t])
            .filter(|t| Some(*t) != own);
        if let Some(t) = incoming {
            tallies[t].add(fate.side(), false, fate.completed());
        }
        if !fate.completed() {
            if own.is_some() && incoming.is_some() {
                gap.counted_twice += 1;
            }
            let in_region = |o: usize| index.is_under(o, region_at);
            let counted_by_region = in_region(home) || fate.target.is_some_and(in_region);
            if counted_by_region && own.is_none() && incoming.is_none() {
                gap.direct += 1;
            }
        }
    });
    let rows = children
        .iter()
        .zip(tallies)
        .map(|(&c, t)| ChildRow {
            org: ws.orgs[c].id.clone(),
            name: ws.orgs[c].name.clone(),
            sx: Rate::new(t.sx.0, t.sx.1, t.sx.2),
            xs: Rate::new(t.xs.0, t.xs.1, t.xs.2),
            missing: t.missing,
        })
        .collect();
    Ok((rows, gap))
}

/// One member's place in a region's rates at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MemberCompletion {
    pub side: Side,
    /// Counted in one of the region's denominators (own or incoming).
    pub counted: bool,
    /// The day the member's transfer (the latest application at that date) completed.
    /// Never for someone kept at school: that counts as not completed.
    pub completed_on: Option<NaiveDate>,
}

/// Per member, in `ws.members` order: which side, whether counted in the region at `at`,
/// and when the transfer completed. Computed once; [`completion_curve`] counts from it.
pub fn completion_dates(
    ws: &Workspace,
    index: &Index,
    region: Option<&str>,
    at: NaiveDate,
) -> Result<Vec<MemberCompletion>, MetricsError> {
    let region_at = metrics::region_position(ws, index, region)?;
    // Non-graduates are never counted; their side follows their plan.
    let mut out: Vec<MemberCompletion> = ws
        .members
        .iter()
        .map(|m| MemberCompletion {
            side: if m.plan.is_some_and(|p| p.is_study()) {
                Side::Sx
            } else {
                Side::Xs
            },
            counted: false,
            completed_on: None,
        })
        .collect();
    metrics::for_each_graduate(ws, index, at, |mi, _, home, fate| {
        let inside = index.is_under(home, region_at);
        let incoming = !inside && fate.target.is_some_and(|t| index.is_under(t, region_at));
        out[mi] = MemberCompletion {
            side: fate.side(),
            counted: (inside || incoming) && fate.class() == Class::Counted,
            completed_on: fate.completed_on(),
        };
    });
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurvePoint {
    pub date: NaiveDate,
    pub sx: Rate,
    pub xs: Rate,
}

/// The first day a season's curve should show: the earliest submission, at most a year
/// before the clock.
pub fn curve_start(ws: &Workspace) -> NaiveDate {
    let earliest = ws
        .applications
        .iter()
        .filter_map(|a| a.events.first().map(|e| e.date))
        .min()
        .unwrap_or(ws.clock);
    earliest
        .max(
            ws.clock
                .checked_sub_days(chrono::Days::new(366))
                .unwrap_or(NaiveDate::MIN),
        )
        .min(ws.clock)
}

/// The longest range [`completion_curve`] draws, so a mistyped year cannot ask the browser
/// for millions of points.
pub const CURVE_MAX_DAYS: i64 = 3 * 366;

/// SX and XS for each day `from..=to` (empty when `from > to`).
///
/// The denominators are the members counted at `to`, and each point counts those whose
/// transfer (as known at `to`) had completed by that day. So the curve shows how today's
/// population got where it is, without one full computation per day; the last point equals
/// [`metrics::compute_with_index`] at `to` exactly. (A member who entered a denominator only
/// late, e.g. an incoming application submitted in between, is counted on every day.)
pub fn completion_curve(
    ws: &Workspace,
    index: &Index,
    region: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<CurvePoint>, MetricsError> {
    if from > to {
        // Checked first so an unknown region is still reported for an empty range.
        metrics::region_position(ws, index, region)?;
        return Ok(Vec::new());
    }
    if (to - from).num_days() > CURVE_MAX_DAYS {
        return Err(MetricsError::RangeTooLong { from, to });
    }
    completion_curve_in(ws, index, &Snapshot::new(ws, index, to), region, from)
}

/// [`completion_curve`] from a [`Snapshot`] of the same workspace, up to the snapshot's date.
pub fn completion_curve_in(
    ws: &Workspace,
    index: &Index,
    snapshot: &Snapshot,
    region: Option<&str>,
    from: NaiveDate,
) -> Result<Vec<CurvePoint>, MetricsError> {
    let to = snapshot.at();
    if from > to {
        metrics::region_position(ws, index, region)?;
        return Ok(Vec::new());
    }
    let days = (to - from).num_days();
    if days > CURVE_MAX_DAYS {
        return Err(MetricsError::RangeTooLong { from, to });
    }
    let region_at = metrics::region_position(ws, index, region)?;
    let mut own = [0usize; 2];
    let mut incoming = [0usize; 2];
    // Completion dates per side, sorted, then swept once over the days.
    let mut done: [Vec<NaiveDate>; 2] = [Vec::new(), Vec::new()];
    snapshot.each(ws, |_, _, home, fate| {
        let inside = index.is_under(home, region_at);
        let into = !inside && fate.target.is_some_and(|t| index.is_under(t, region_at));
        if !(inside || into) || fate.class() != Class::Counted {
            return;
        }
        let s = usize::from(fate.side() == Side::Xs);
        if inside {
            own[s] += 1;
        } else {
            incoming[s] += 1;
        }
        if let Some(on) = fate.completed_on() {
            done[s].push(on);
        }
    });
    for d in &mut done {
        d.sort_unstable();
    }
    let mut cursor = [0usize; 2];
    let mut points = Vec::with_capacity(usize::try_from(days + 1).unwrap_or(0));
    for date in from.iter_days().take_while(|d| *d <= to) {
        for s in 0..2 {
            while cursor[s] < done[s].len() && done[s][cursor[s]] <= date {
                cursor[s] += 1;
            }
        }
        points.push(CurvePoint {
            date,
            sx: Rate::new(cursor[0], own[0], incoming[0]),
            xs: Rate::new(cursor[1], own[1], incoming[1]),
        });
    }
    Ok(points)
}

/// The next timer of a pending application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Upcoming {
    pub application: String,
    pub member: String,
    pub member_name: String,
    pub step: Step,
    /// Who must act before the timer does: the org's name (or the level, for the leadership
    /// and provincial steps).
    pub waiting_on: String,
    pub on: NaiveDate,
    pub effect: TimerEffect,
    /// 2019: the day admins get a reminder, when it is still ahead.
    pub reminder_on: Option<NaiveDate>,
}

/// Every pending application's next timer at `at`, soonest first (ties by application id).
/// Steps without a timer (2019's branch assignment) are not listed.
pub fn upcoming(ws: &Workspace, at: NaiveDate) -> Vec<Upcoming> {
    upcoming_in(ws, None, at)
}

/// [`upcoming`] for the applications that leave or enter `region`'s subtree (every one when
/// `None` or the id names no org): the rows of [`crate::chase::waiting`] that have a timer,
/// so who acts and when the timer fires are said in one place.
pub fn upcoming_in(ws: &Workspace, region: Option<&str>, at: NaiveDate) -> Vec<Upcoming> {
    let mut out: Vec<Upcoming> = crate::chase::waiting(ws, region, at)
        .into_iter()
        .filter_map(|w| {
            let (on, effect) = w.due_on.zip(w.effect)?;
            Some(Upcoming {
                waiting_on: waiting_on_text(w.step, &w.actor),
                application: w.application,
                member: w.member,
                member_name: w.member_name,
                step: w.step,
                on,
                effect,
                reminder_on: w.reminder_on,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.on.cmp(&b.on)
            .then_with(|| a.application.cmp(&b.application))
    });
    out
}

fn member_name(lookup: &Lookup, member: &str) -> String {
    lookup.member_name(member)
}

/// Who acts at `step`, in words: the out branch "及其上级", else the acting org or level.
fn waiting_on_text(step: Step, actor: &crate::chase::Actor) -> String {
    match step {
        Step::OutOrg => format!("{}及其上级", actor.name),
        _ => actor.name.clone(),
    }
}

/// Who acts at `step` of `app`, in words (`chase::actor`): the member's branch for the out
/// side, the receiving org for the in side and the branch assignment.
pub fn waiting_on(lookup: &Lookup, app: &Application, step: Step) -> String {
    waiting_on_text(step, &crate::chase::actor(lookup, app, step))
}

/// One timer that fired while the clock moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fired {
    pub application: String,
    pub member: String,
    pub member_name: String,
    pub step: Step,
    pub on: NaiveDate,
    pub effect: TimerEffect,
}

/// What moving the clock did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClockMove {
    /// Applications the 2021 timer ended.
    pub auto_returned: usize,
    /// Steps the 2019 timer counted as approved.
    pub auto_approved: usize,
    /// Each of them, by date (ties by application id).
    pub fired: Vec<Fired>,
}

/// How many names a sentence lists before “等”.
const NAMES_IN_A_SENTENCE: usize = 5;

impl ClockMove {
    /// What the timers did, in words, naming only what happened (`None`: nothing) and the
    /// first members it happened to. The clock's line and the log both say it this way.
    pub fn what_happened(&self) -> Option<String> {
        let names = |effect: TimerEffect| {
            let mut seen: Vec<&str> = Vec::new();
            for f in self.fired.iter().filter(|f| f.effect == effect) {
                if !seen.contains(&f.member_name.as_str()) {
                    seen.push(&f.member_name);
                }
            }
            match seen.len() {
                0 => String::new(),
                n if n > NAMES_IN_A_SENTENCE => {
                    format!("（{}等 {n} 人）", seen[..NAMES_IN_A_SENTENCE].join("、"))
                }
                _ => format!("（{}）", seen.join("、")),
            }
        };
        let mut what = Vec::new();
        if self.auto_returned > 0 {
            what.push(format!(
                "自动退回 {} 个申请{}",
                self.auto_returned,
                names(TimerEffect::AutoReturn)
            ));
        }
        if self.auto_approved > 0 {
            what.push(format!(
                "自动视为通过 {} 个审批环节{}",
                self.auto_approved,
                names(TimerEffect::AutoApprove)
            ));
        }
        (!what.is_empty()).then(|| format!("系统{}", what.join("，")))
    }
}

/// The timers that fired in `(from, to]`, with whose applications they were.
pub fn clock_move(ws: &Workspace, from: NaiveDate, to: NaiveDate) -> ClockMove {
    let mut out = ClockMove::default();
    if from >= to {
        return out;
    }
    let calendar = ws.calendar();
    let lookup = ws.lookup();
    for app in &ws.applications {
        let process = ws.process_in(app, &lookup);
        let Ok(fired) = process::timers_fired(&process, &app.events, to, &calendar) else {
            continue;
        };
        for due in fired.iter().filter(|d| d.on > from && d.on <= to) {
            match due.effect {
                TimerEffect::AutoReturn => out.auto_returned += 1,
                TimerEffect::AutoApprove => out.auto_approved += 1,
            }
            out.fired.push(Fired {
                application: app.id.clone(),
                member: app.member.clone(),
                member_name: member_name(&lookup, &app.member),
                step: due.step,
                on: due.on,
                effect: due.effect,
            });
        }
    }
    out.fired.sort_by(|a, b| {
        a.on.cmp(&b.on)
            .then_with(|| a.application.cmp(&b.application))
    });
    out
}

/// The dates the simulator's clock can jump to, in date order: the calendar's milestones
/// in the clock's year (2021), and, for a calendar whose timers count per step (2019, no
/// fixed dates), the next reminder and the next step the timer approves, from the pending
/// applications at the clock.
pub fn milestones(ws: &Workspace) -> Vec<(NaiveDate, String)> {
    let year = ws.clock.year();
    let mut out: Vec<(NaiveDate, String)> = ws
        .calendar()
        .milestones()
        .into_iter()
        .map(|m| (m.month_day.in_year(year), m.label))
        .collect();
    // Only a per-step timer (2019) needs the pending applications; a calendar's dates do not.
    let per_step = matches!(
        ws.calendar().timer,
        crate::calendar::Timer::AutoApprove { .. }
    );
    let timers = if per_step {
        upcoming(ws, ws.clock)
    } else {
        Vec::new()
    };
    if let Some(first) = timers.iter().filter_map(|u| u.reminder_on).min() {
        let who = timers
            .iter()
            .filter(|u| u.reminder_on == Some(first))
            .count();
        out.push((
            first,
            format!("下一次提醒：{who} 个环节等待满提醒天数，管理员会收到提示"),
        ));
    }
    if let Some(first) = timers
        .iter()
        .filter(|u| u.effect == TimerEffect::AutoApprove)
        .map(|u| u.on)
        .min()
    {
        let who = timers
            .iter()
            .filter(|u| u.effect == TimerEffect::AutoApprove && u.on == first)
            .count();
        out.push((
            first,
            format!("下一次视为通过：{who} 个环节到期未审核，视为审批通过"),
        ));
    }
    out.sort_by_key(|(d, _)| *d);
    out
}
