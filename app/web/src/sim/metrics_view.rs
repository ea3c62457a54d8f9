//! The metrics tab: SX and XS of the selected region at the clock (S004 5), its child orgs'
//! own rates (sortable, and as a bar chart), the completion curve over the season, and the
//! list of who is still missing (exportable as CSV). Every number comes from the engine
//! (`metrics`, `season`); the charts are SVG text (`charts.rs`), the exports CSV or .xlsx
//! (`exports.rs`).

use leptos::prelude::*;
use std::sync::Arc;
use zhuanjie_core::after_season::{after_season_in, AfterSeason};
use zhuanjie_core::metrics::{self, Metrics, Rate, Snapshot};
use zhuanjie_core::season::{self, ChildGap, ChildRow, CurvePoint};
use zhuanjie_core::workspace::Index;
use zhuanjie_core::Workspace;

use super::exports::exports;
use super::state::Sim;
use crate::util::chinese;
use zhuanjie_roster::charts::{bar_chart, curve_chart};

const MISSING_SHOWN: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Sx,
    Xs,
    Missing,
}

impl SortBy {
    fn code(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::Sx => "sx",
            SortBy::Xs => "xs",
            SortBy::Missing => "missing",
        }
    }

    /// Names and rates go up (the lowest rate first: who needs chasing); the number
    /// missing goes down (the most first).
    fn direction(self) -> (&'static str, &'static str) {
        match self {
            SortBy::Missing => ("descending", " ↓"),
            _ => ("ascending", " ↑"),
        }
    }
}

struct View {
    metrics: Metrics,
    rows: Vec<ChildRow>,
    gap: ChildGap,
    curve: Vec<CurvePoint>,
    /// The calendar's milestones, marked on the curve.
    milestones: Vec<(chrono::NaiveDate, String)>,
    /// What the sources ask of admins once graduates have moved.
    after: AfterSeason,
}

/// The workspace's index and every graduate's fate at the clock, computed once per change
/// of the workspace; switching region or sort order reuses it.
#[derive(Clone)]
struct Shared(Arc<(Index, Snapshot)>);

impl PartialEq for Shared {
    fn eq(&self, other: &Shared) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

fn compute(ws: &Workspace, shared: &Shared, region: Option<&str>) -> Result<View, String> {
    let (index, snapshot) = &*shared.0;
    // The page lists 200 of the missing; exports build the whole list on click.
    let metrics = metrics::compute_listing(ws, index, snapshot, region, MISSING_SHOWN)
        .map_err(|e| e.to_string())?;
    let (rows, gap) =
        season::child_rates_and_gap_in(ws, index, snapshot, region).map_err(|e| e.to_string())?;
    let curve = season::completion_curve_in(ws, index, snapshot, region, season::curve_start(ws))
        .map_err(|e| e.to_string())?;
    let after = after_season_in(ws, index, snapshot, region).map_err(|e| e.to_string())?;
    Ok(View {
        metrics,
        rows,
        gap,
        curve,
        milestones: zhuanjie_core::season::milestones(ws),
        after,
    })
}

#[component]
pub fn MetricsTab() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let sort = RwSignal::new(SortBy::Sx);
    let shared = Memo::new(move |_| {
        sim.ws.with(|ws| {
            let index = ws.index();
            let snapshot = Snapshot::new(ws, &index, ws.clock);
            Shared(Arc::new((index, snapshot)))
        })
    });
    let view = move || {
        let region = sim.region.get();
        let sort_by = sort.get();
        let shared = shared.get();
        let result = sim
            .ws
            .with_untracked(|ws| compute(ws, &shared, region.as_deref()));
        match result {
            Err(e) => view! { <p class="zj-error" role="alert">{e}</p> }.into_any(),
            Ok(mut v) => {
                sort_rows(&mut v.rows, sort_by);
                render(sim, sort, v).into_any()
            }
        }
    };
    view! { <section id="zj-metrics">{view}</section> }
}

fn sort_rows(rows: &mut [ChildRow], by: SortBy) {
    let rate = |r: &Rate| r.rate.unwrap_or(2.0);
    match by {
        SortBy::Name => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        SortBy::Sx => rows.sort_by(|a, b| rate(&a.sx).total_cmp(&rate(&b.sx))),
        SortBy::Xs => rows.sort_by(|a, b| rate(&a.xs).total_cmp(&rate(&b.xs))),
        SortBy::Missing => rows.sort_by_key(|r| std::cmp::Reverse(r.missing)),
    }
}

fn rate_card(
    id: &'static str,
    title: &'static str,
    letters: [&'static str; 3],
    r: &Rate,
) -> impl IntoView {
    let percent = r.percent();
    view! {
        <div class="zj-card" id=id data-rate=r.rate.map(|x| format!("{x:.4}")).unwrap_or_default()>
            <h3>{title}</h3>
            <p class="zj-rate">{percent}</p>
            <p class="zj-muted">{format!("{}（已完成）{} ÷（{}（本区域）{} + {}（转入）{}）",
                letters[0], r.completed, letters[1], r.own, letters[2], r.incoming)}</p>
        </div>
    }
}

fn render(sim: Sim, sort: RwSignal<SortBy>, v: View) -> impl IntoView {
    let m = v.metrics;
    let missing_total = m.missing_total;
    let curve = curve_chart(&v.curve, &v.milestones);
    view! {
        <h2 id="zj-region-name" data-region=m.region.clone()>
            {format!("{}：{} 的衔接率", m.region_name, chinese(m.at))}
        </h2>
        <div class="zj-cards">
            {rate_card("zj-sx", "升学衔接率 SX", ["A", "B", "C"], &m.sx)}
            {rate_card("zj-xs", "学社衔接率 XS", ["D", "E", "F"], &m.xs)}
        </div>
        <p class="zj-muted" id="zj-excluded">{format!(
            "不计入两率：延迟毕业 {} 人、教师 {} 人、超龄 {} 人",
            m.excluded.delayed, m.excluded.teacher, m.excluded.lapsed)}
            "（"<a href="readings.html#metrics-exclusions">"本指南的理解"</a>"）。"
            {format!(
                "暂留学校 {} 人，计为未完成。尚未发起申请的毕业生一律计入 XS 的分母（S004 5.2）。",
                m.retained_at_school,
            )}
        </p>
        {(m.forecast.planned_study_not_started > 0).then(|| view! {
            <p class="zj-muted" id="zj-forecast">{format!(
                "{}：SX {}（{}/{}），XS {}（{}/{}）。其中 {} 名尚未发起、计划升学的毕业生按计划算在 SX；官方口径仍把他们算在 XS。",
                zhuanjie_core::metrics::Forecast::LABEL,
                m.forecast.sx.percent(), m.forecast.sx.completed, m.forecast.sx.denominator(),
                m.forecast.xs.percent(), m.forecast.xs.completed, m.forecast.xs.denominator(),
                m.forecast.planned_study_not_started)}</p>
        })}
        {(!v.rows.is_empty()).then(|| children_table(sim, sort, &v.rows, v.gap, missing_total))}
        <h3>"完成曲线"</h3>
        <div class="zj-chart" id="zj-curve" tabindex="0" role="region" aria-label="完成曲线（可左右滚动）" inner_html=curve></div>
        {exports(sim, m.region.clone())}
        <h3>{format!("还没有完成的（{missing_total} 人）")}</h3>
        {(missing_total > 0).then(|| missing_table(sim, &m))}
        {super::after_season::render(sim, v.after)}
    }
}

/// The child orgs' own rates, sortable by each column, and as a bar chart.
fn children_table(
    sim: Sim,
    sort: RwSignal<SortBy>,
    rows: &[ChildRow],
    gap: ChildGap,
    region_missing: usize,
) -> impl IntoView {
    // The active column says how it is sorted, to the eye (an arrow) and to a screen reader.
    let header = move |label: &'static str, by: SortBy| {
        let (direction, arrow) = by.direction();
        view! {
            <th aria-sort=move || if sort.get() == by { direction } else { "none" }>
                <button type="button" class="zj-link-button zj-sort" data-sort=by.code()
                    class:zj-sorted=move || sort.get() == by
                    on:click=move |_| sort.set(by)>
                    {label}{move || (sort.get() == by).then_some(arrow)}
                </button>
            </th>
        }
    };
    let bars = bar_chart(rows);
    view! {
        <h3>"下级组织"</h3>
        <div class="zj-scroll"><table class="zj-table" id="zj-children">
            <thead><tr>
                {header("组织", SortBy::Name)}
                {header("SX", SortBy::Sx)}
                {header("XS", SortBy::Xs)}
                {header("未完成", SortBy::Missing)}
            </tr></thead>
            <tbody>
                {rows.iter().map(|r| {
                    let id = r.org.clone();
                    view! {
                        <tr data-org=r.org.clone()>
                            <td>
                                <button type="button" class="zj-link-button"
                                    on:click=move |_| sim.region.set(Some(id.clone()))>
                                    {r.name.clone()}
                                </button>
                            </td>
                            <td>{format!("{}（{}/{}）", r.sx.percent(), r.sx.completed, r.sx.denominator())}</td>
                            <td>{format!("{}（{}/{}）", r.xs.percent(), r.xs.completed, r.xs.denominator())}</td>
                            <td>{r.missing}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        {gap_note(rows, gap, region_missing)}
        <div class="zj-chart" id="zj-bar-chart" tabindex="0" role="region" aria-label="下级组织的 SX 与 XS 条形图（可左右滚动）" inner_html=bars></div>
    }
}

/// Why the children's 未完成 do not add up to the region's, with the numbers (the engine's
/// [`ChildGap`]); nothing when they do.
fn gap_note(rows: &[ChildRow], gap: ChildGap, region_missing: usize) -> Option<impl IntoView> {
    let sum: usize = rows.iter().map(|r| r.missing).sum();
    if sum == region_missing {
        return None;
    }
    let mut why = Vec::new();
    if gap.counted_twice > 0 {
        why.push(format!(
            "{} 名未完成的团员正在本级的两个下级组织之间转接，转出和转入的组织各算一次，本级只算一次",
            gap.counted_twice
        ));
    }
    if gap.direct > 0 {
        why.push(format!(
            "{} 名未完成的团员直属本级、不在任何下级组织里，只算在本级",
            gap.direct
        ));
    }
    Some(view! {
        <p class="zj-muted" id="zj-children-gap">{format!(
            "各下级组织的“未完成”加起来是 {sum} 人，本级是 {region_missing} 人：{}。",
            why.join("；另有 "))}</p>
    })
}

/// Who is still missing (the first [`MISSING_SHOWN`]); a name opens the member.
fn missing_table(sim: Sim, m: &Metrics) -> impl IntoView {
    let missing_total = m.missing_total;
    let names: std::collections::HashMap<String, String> = sim.ws.with_untracked(|ws| {
        ws.orgs
            .iter()
            .map(|o| (o.id.clone(), o.name.clone()))
            .collect()
    });
    view! {
        <div class="zj-scroll"><table class="zj-table" id="zj-missing">
            <thead><tr>
                <th>"姓名"</th><th>"身份证号"</th><th>"团支部"</th><th>"类别"</th><th>"状态"</th>
            </tr></thead>
            <tbody>
                {m.missing.iter().map(|x| {
                    let member = x.member.clone();
                    view! {
                        <tr data-member=x.member.clone() data-state=x.state.code()>
                            <td><button type="button" class="zj-link-button" on:click=move |_| {
                                sim.member.set(Some(member.clone()));
                            }>{x.name.clone()}</button></td>
                            <td>{x.id_number.clone().unwrap_or_default()}</td>
                            <td>{names.get(&x.org).cloned().unwrap_or_else(|| x.org.clone())}</td>
                            <td>{x.side.label()}{x.incoming.then_some("，转入")}</td>
                            <td>{x.state.label()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        {(missing_total > MISSING_SHOWN).then(|| view! {
            <p class="zj-muted">{format!("只列出前 {MISSING_SHOWN} 人；导出的名单是完整的。")}</p>
        })}
    }
}
