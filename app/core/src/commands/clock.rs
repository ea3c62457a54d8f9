//! The simulated clock: it moves to any date not before what has happened.

use chrono::NaiveDate;

use super::{done, member_label, refuse, refuse_as};
use super::{Applied, CommandError, Refusal, Undo};
use crate::workspace::Workspace;

/// The clock stays within dates every timer can be added to without leaving the calendar.
const CLOCK_YEARS: std::ops::RangeInclusive<i32> = 1950..=2200;

pub(super) fn set_clock(ws: &mut Workspace, date: NaiveDate) -> Result<Applied, CommandError> {
    use chrono::Datelike;
    if !CLOCK_YEARS.contains(&date.year()) {
        return refuse(format!(
            "模拟时钟 {date} 超出范围：应在 {} 年到 {} 年之间",
            CLOCK_YEARS.start(),
            CLOCK_YEARS.end()
        ));
    }
    // Nothing may have happened after the clock.
    let mut latest: Option<(NaiveDate, String)> = None;
    let mut see = |d: NaiveDate, what: &dyn Fn() -> String| {
        if d > date && latest.as_ref().is_none_or(|(l, _)| d > *l) {
            latest = Some((d, what()));
        }
    };
    for app in &ws.applications {
        if let Some(e) = app.events.last() {
            see(e.date, &|| {
                format!("{}的{}", super::app_label(ws, app), e.kind.label())
            });
        }
    }
    for b in &ws.batches {
        see(b.date, &|| format!("批量转接 {}", b.id));
    }
    for m in &ws.members {
        if let Some(mark) = &m.mark {
            see(mark.date, &|| format!("团员{}的标记", member_label(m)));
        }
    }
    if let Some((d, what)) = latest {
        return refuse_as(
            Refusal::Clock,
            format!("模拟时钟不能调到 {date}：{what}发生在 {d}，时钟不能早于已经发生的事"),
        );
    }
    // Every member stays in the plausible window the workspace check holds them to.
    if let Some((m, problem)) = ws.members.iter().find_map(|m| {
        m.birth_date
            .and_then(|b| crate::checks::birth_problem(b, date))
            .map(|p| (m, p))
    }) {
        return refuse_as(
            Refusal::Clock,
            format!(
                "模拟时钟不能调到 {date}：团员{}的{problem}",
                member_label(m)
            ),
        );
    }
    let previous = std::mem::replace(&mut ws.clock, date);
    done(
        Undo::Clock(previous),
        format!("调整模拟时钟：{previous} → {date}"),
    )
}
