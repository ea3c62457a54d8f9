//! The metrics tab: SX and XS of the selected region at the clock (S004 5), its child orgs'
//! own rates (sortable, and as a bar chart), the completion curve over the season, and the
//! list of who is still missing (exportable as CSV). Every number comes from the engine
//! (`metrics`, `season`); the charts are SVG text made here.

use leptos::prelude::*;
use std::sync::Arc;
use zhuanjie_core::metrics::{self, Metrics, Rate, Snapshot};
use zhuanjie_core::season::{self, ChildRow, CurvePoint};
use zhuanjie_core::workspace::Index;
use zhuanjie_core::Workspace;

use super::app::{chinese, iso};
use super::files;
use super::sheets;
use super::state::{Sim, Tab};

/// An export made from the workspace: CSV text, or sheets for the spreadsheet bundle to
/// write as .xlsx. Each with its file name.
enum Export {
    Csv(String, String),
    Xlsx(String, Vec<zhuanjie_roster::Sheet>),
}

const MISSING_SHOWN: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Sx,
    Xs,
    Missing,
}

struct View {
    metrics: Metrics,
    rows: Vec<ChildRow>,
    curve: Vec<CurvePoint>,
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
    let rows = season::child_rates_in(ws, index, snapshot, region).map_err(|e| e.to_string())?;
    let curve = season::completion_curve_in(ws, index, snapshot, region, season::curve_start(ws))
        .map_err(|e| e.to_string())?;
    Ok(View {
        metrics,
        rows,
        curve,
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
    let clock = sim.ws.with_untracked(|ws| ws.clock);
    let personal = RwSignal::new(false);
    // What an .xlsx export is doing (None: idle); the spreadsheet bundle may be loading.
    let writing = RwSignal::new(None::<&'static str>);
    // Exports go through zhuanjie-roster (the same files `cargo xtask metrics --format` writes).
    // The files are made on click from the workspace (nothing is copied per render: the
    // missing list of a large school has tens of thousands of rows).
    let region_id = StoredValue::new(m.region.clone());
    let export = move |what: &'static str| {
        let personal_data = personal.get_untracked();
        let stamp = iso(clock);
        // CSV is written here; .xlsx by the spreadsheet bundle, loaded on the first such
        // click (`sheets`), from the sheets made here.
        let made = sim.ws.with_untracked(|ws| -> Result<Export, String> {
            let index = ws.index();
            let region = Some(region_id.get_value());
            let metrics = metrics::compute_with_index(ws, &index, region.as_deref(), ws.clock)
                .map_err(|e| e.to_string())?;
            let rows = season::child_rates(ws, &index, region.as_deref(), ws.clock)
                .map_err(|e| e.to_string())?;
            let region = metrics.region_name.clone();
            let missing = || zhuanjie_roster::missing_sheet(ws, &metrics, personal_data);
            let roster = || zhuanjie_roster::roster_sheet(ws, clock, personal_data);
            Ok(match what {
                "missing-csv" => Export::Csv(
                    format!("未完成名单-{region}-{stamp}.csv"),
                    zhuanjie_roster::export::csv(&missing()),
                ),
                "missing-xlsx" => {
                    Export::Xlsx(format!("未完成名单-{region}-{stamp}.xlsx"), vec![missing()])
                }
                "children-csv" => Export::Csv(
                    format!("下级组织衔接率-{region}-{stamp}.csv"),
                    zhuanjie_roster::child_table_csv(&rows),
                ),
                "children-xlsx" => Export::Xlsx(
                    format!("下级组织衔接率-{region}-{stamp}.xlsx"),
                    vec![zhuanjie_roster::child_sheet(&rows)],
                ),
                "roster-csv" => Export::Csv(
                    format!("团员名单-{stamp}.csv"),
                    zhuanjie_roster::export::csv(&roster()),
                ),
                _ => Export::Xlsx(format!("团员名单-{stamp}.xlsx"), vec![roster()]),
            })
        });
        match made {
            Err(e) => sim.notices.push(e),
            Ok(Export::Csv(name, text)) => {
                if let Err(e) = files::download(&name, "text/csv;charset=utf-8", &text) {
                    sim.notices.push(e);
                }
            }
            Ok(Export::Xlsx(name, sheets)) => {
                writing.set(Some(if sheets::started() {
                    "正在生成 Excel 文件…"
                } else {
                    "正在载入表格组件并生成 Excel 文件…"
                }));
                leptos::task::spawn_local(async move {
                    let written = sheets::write_xlsx(&sheets)
                        .await
                        .and_then(|bytes| files::download_bytes(&name, files::XLSX, &bytes));
                    writing.set(None);
                    if let Err(e) = written {
                        sim.notices.push(e);
                    }
                });
            }
        }
    };
    let button = move |id: &'static str, what: &'static str, label: &'static str| {
        view! { <button type="button" class="zj-secondary" id=id on:click=move |_| export(what)>{label}</button> }
    };
    let header = move |label: &'static str, by: SortBy| {
        view! {
            <th aria-sort=move || if sort.get() == by { "ascending" } else { "none" }>
                <button type="button" class="zj-link-button" on:click=move |_| sort.set(by)>{label}</button>
            </th>
        }
    };
    let bars = bar_chart(&v.rows);
    let curve = curve_chart(&v.curve);
    let names: std::collections::HashMap<String, String> = sim.ws.with_untracked(|ws| {
        ws.orgs
            .iter()
            .map(|o| (o.id.clone(), o.name.clone()))
            .collect()
    });
    view! {
        <h2 id="zj-region-name" data-region=m.region.clone()>{format!("{}：{} 的衔接率", m.region_name, chinese(m.at))}</h2>
        <div class="zj-cards">
            {rate_card("zj-sx", "升学衔接率 SX", ["A", "B", "C"], &m.sx)}
            {rate_card("zj-xs", "学社衔接率 XS", ["D", "E", "F"], &m.xs)}
        </div>
        <p class="zj-muted" id="zj-excluded">{format!(
            "不计入两率：延迟毕业 {} 人、教师 {} 人、超龄 {} 人",
            m.excluded.delayed, m.excluded.teacher, m.excluded.lapsed)}
            "（"<a href="readings.html#metrics-exclusions">"本指南的理解"</a>"）。"
            {format!("暂留学校 {} 人，计为未完成。尚未发起申请的毕业生一律计入 XS 的分母（S004 5.2）。", m.retained_at_school)}</p>
        {(m.forecast.planned_study_not_started > 0).then(|| view! {
            <p class="zj-muted" id="zj-forecast">{format!(
                "{}：SX {}（{}/{}），XS {}（{}/{}）。其中 {} 名尚未发起、计划升学的毕业生按计划算在 SX；官方口径仍把他们算在 XS。",
                zhuanjie_core::metrics::Forecast::LABEL,
                m.forecast.sx.percent(), m.forecast.sx.completed, m.forecast.sx.denominator(),
                m.forecast.xs.percent(), m.forecast.xs.completed, m.forecast.xs.denominator(),
                m.forecast.planned_study_not_started)}</p>
        })}
        {(!v.rows.is_empty()).then(|| view! {
            <h3>"下级组织"</h3>
            <div class="zj-scroll"><table class="zj-table" id="zj-children">
                <thead><tr>
                    {header("组织", SortBy::Name)}
                    {header("SX", SortBy::Sx)}
                    {header("XS", SortBy::Xs)}
                    {header("未完成", SortBy::Missing)}
                </tr></thead>
                <tbody>
                    {v.rows.iter().map(|r| {
                        let id = r.org.clone();
                        view! {
                            <tr data-org=r.org.clone()>
                                <td><button type="button" class="zj-link-button" on:click=move |_| sim.region.set(Some(id.clone()))>{r.name.clone()}</button></td>
                                <td>{format!("{}（{}/{}）", r.sx.percent(), r.sx.completed, r.sx.denominator())}</td>
                                <td>{format!("{}（{}/{}）", r.xs.percent(), r.xs.completed, r.xs.denominator())}</td>
                                <td>{r.missing}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <div class="zj-chart" id="zj-bar-chart" inner_html=bars></div>
        })}
        <h3>"完成曲线"</h3>
        <div class="zj-chart" id="zj-curve" inner_html=curve></div>
        <h3>"导出"</h3>
        <div class="zj-row zj-exports">
            {button("zj-export-missing", "missing-csv", "未完成名单 CSV")}
            {button("zj-export-missing-xlsx", "missing-xlsx", "未完成名单 Excel")}
            {button("zj-export-children", "children-csv", "下级组织表 CSV")}
            {button("zj-export-children-xlsx", "children-xlsx", "下级组织表 Excel")}
            {button("zj-export-roster", "roster-csv", "团员名单 CSV")}
            {button("zj-export-roster-xlsx", "roster-xlsx", "团员名单 Excel")}
            <label class="zj-inline"><input type="checkbox" id="zj-export-personal"
                on:change=move |ev| personal.set(event_target_checked(&ev))/>"包含完整身份证号（我在导出个人信息，会妥善保管）"</label>
        </div>
        <p class="zj-muted zj-status" id="zj-export-status" role="status">{move || writing.get().unwrap_or_default()}</p>
        <h3>{format!("还没有完成的（{missing_total} 人）")}</h3>
        {(missing_total > 0).then(|| view! {
            <div class="zj-scroll"><table class="zj-table" id="zj-missing">
                <thead><tr><th>"姓名"</th><th>"身份证号"</th><th>"团支部"</th><th>"类别"</th><th>"状态"</th></tr></thead>
                <tbody>
                    {m.missing.iter().map(|x| {
                        let member = x.member.clone();
                        view! {
                            <tr data-member=x.member.clone() data-state=x.state.code()>
                                <td><button type="button" class="zj-link-button" on:click=move |_| {
                                    sim.member.set(Some(member.clone()));
                                    sim.tab.set(Tab::Members);
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
            {(missing_total > MISSING_SHOWN).then(|| view! { <p class="zj-muted">{format!("只列出前 {MISSING_SHOWN} 人；导出的名单是完整的。")}</p> })}
        })}
    }
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Horizontal bars: each child org's SX and XS.
pub fn bar_chart(rows: &[ChildRow]) -> String {
    let row_h = 34.0;
    let label_w = 170.0;
    let width = 640.0;
    let plot_w = width - label_w - 60.0;
    let height = rows.len() as f64 * row_h + 30.0;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"下级组织的 SX 与 XS\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, r) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let name: String = r.name.chars().take(11).collect();
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"13\" fill=\"#1f2328\">{}</text>",
            y + 18.0,
            xml(&name)
        ));
        for (k, (rate, color)) in [(&r.sx, "#0b57a4"), (&r.xs, "#b3261e")]
            .into_iter()
            .enumerate()
        {
            let by = y + k as f64 * 14.0 + 2.0;
            let value = rate.rate.unwrap_or(0.0);
            svg.push_str(&format!(
                "<rect x=\"{label_w}\" y=\"{by}\" width=\"{:.1}\" height=\"11\" fill=\"{color}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"11\" fill=\"#5c6570\">{}</text>",
                plot_w * value,
                label_w + plot_w * value + 4.0,
                by + 10.0,
                xml(&rate.percent())
            ));
        }
    }
    let legend_y = height - 8.0;
    svg.push_str(&format!(
        "<rect x=\"{label_w}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#0b57a4\"/><text x=\"{}\" y=\"{legend_y}\" font-size=\"12\" fill=\"#1f2328\">SX</text><rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#b3261e\"/><text x=\"{}\" y=\"{legend_y}\" font-size=\"12\" fill=\"#1f2328\">XS</text></svg>",
        legend_y - 9.0,
        label_w + 14.0,
        label_w + 50.0,
        legend_y - 9.0,
        label_w + 64.0,
    ));
    svg
}

/// SX and XS per day, 0–100 %.
pub fn curve_chart(points: &[CurvePoint]) -> String {
    let (width, height, left, bottom, top) = (640.0, 240.0, 44.0, 28.0, 10.0);
    let plot_w = width - left - 10.0;
    let plot_h = height - bottom - top;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"SX 与 XS 的完成曲线\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for pct in [0, 25, 50, 75, 100] {
        let y = top + plot_h * (1.0 - f64::from(pct) / 100.0);
        svg.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#d9dde3\"/><text x=\"0\" y=\"{:.1}\" font-size=\"11\" fill=\"#5c6570\">{pct}%</text>",
            width - 10.0,
            y + 4.0
        ));
    }
    let n = points.len();
    if n > 0 {
        let x = |i: usize| left + plot_w * (i as f64) / ((n.max(2) - 1) as f64);
        for (color, pick) in [
            (
                "#0b57a4",
                (|p: &CurvePoint| p.sx.rate) as fn(&CurvePoint) -> Option<f64>,
            ),
            ("#b3261e", |p: &CurvePoint| p.xs.rate),
        ] {
            let path: Vec<String> = points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let v = pick(p).unwrap_or(0.0);
                    format!("{:.1},{:.1}", x(i), top + plot_h * (1.0 - v))
                })
                .collect();
            svg.push_str(&format!(
                "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
                path.join(" ")
            ));
        }
        let first = points[0].date;
        let last = points[n - 1].date;
        svg.push_str(&format!(
            "<text x=\"{left}\" y=\"{}\" font-size=\"11\" fill=\"#5c6570\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#5c6570\" text-anchor=\"end\">{}</text>",
            height - 8.0,
            iso(first),
            width - 10.0,
            height - 8.0,
            iso(last)
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#0b57a4\">SX</text><text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#b3261e\">XS</text>",
            left + 8.0,
            top + 14.0,
            left + 40.0,
            top + 14.0
        ));
    }
    svg.push_str("</svg>");
    svg
}
