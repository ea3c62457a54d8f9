//! The preview of a roster import: how the file was read (encoding or sheet), where new
//! branches go, what each column is imported as, what would change, every bad row, and
//! "确认导入" (one engine command, so one undoable step) or "取消".

use leptos::prelude::*;
use zhuanjie_core::workspace::OrgKind;
use zhuanjie_roster::{ColumnMap, Field, ImportPlan, Table};

use super::files;
use super::roster_import::{field_code, remember, Import};
use super::state::Place;

/// The preview once a file is read and planned (nothing before).
pub fn preview(imp: Import) -> Option<impl IntoView> {
    let sim = imp.sim;
    let t = imp.table.get()?;
    let report = imp.plan.get()?;
    let is_csv = t.encoding_used.is_some();
    let parents = sim.orgs.with(|orgs| {
        orgs.iter()
            .filter(|o| o.kind != OrgKind::Branch)
            .map(|o| (o.id.clone(), o.name.clone()))
            .collect::<Vec<_>>()
    });
    let current_parent = imp.parent.get();
    let blocked = !report.problems.is_empty() || !report.missing_columns.is_empty();
    let nothing = report.is_empty();
    let columns = imp.mapping.get().columns;
    let confirm = move |_| {
        let Some(plan) = imp.plan.get_untracked() else {
            return;
        };
        if sim.run_in(Place::Roster, plan.command()) {
            imp.close();
        }
    };
    let summary = summary(imp, &t, &report);
    let as_read = as_read(&report);
    Some(view! {
        <section class="zj-roster-preview zj-box" id="zj-roster-preview" aria-label="导入名单预览">
            <h2>{format!("导入预览：{}", t.place())}</h2>
            <p class="zj-muted">{format!(
                "表头在第 {} 行，共 {} 个数据行。还没有任何改动；确认后才会导入，并且可以撤销。",
                t.header_row, report.rows,
            )}</p>
            <div class="zj-row">
                {is_csv.then(|| view! {
                    <label>"文件编码"
                        <select id="zj-roster-encoding" on:change=move |ev| {
                            imp.encoding.set(event_target_value(&ev));
                            imp.reread();
                        }>
                            <option value="" selected=imp.encoding.get_untracked().is_empty()>
                                {format!("自动（识别为 {}）", t.encoding_used.map(|e| e.label()).unwrap_or(""))}
                            </option>
                            <option value="utf-8">"UTF-8"</option>
                            <option value="gbk">"GBK / GB18030（Excel 中文版另存的 CSV）"</option>
                        </select>
                    </label>
                })}
                {(!is_csv).then(|| view! {
                    <label>"工作表"
                        <input type="text" id="zj-roster-sheet" placeholder=t.sheet.clone().unwrap_or_default()
                            on:change=move |ev| {
                                imp.sheet.set(event_target_value(&ev));
                                imp.reread();
                            }/>
                    </label>
                })}
                <label>"新团支部建在"
                    <select id="zj-roster-parent" on:change=move |ev| imp.parent.set(event_target_value(&ev))>
                        <option value="" selected=current_parent.is_empty()>"（不新建团支部）"</option>
                        {parents.into_iter().map(|(id, name)| {
                            let selected = id == current_parent;
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <h3>"各列的含义"</h3>
            {columns_table(imp, columns)}
            {as_read}
            {summary}
            <div class="zj-row">
                <button type="button" id="zj-roster-confirm" disabled=blocked || nothing on:click=confirm>
                    {if nothing { "没有可导入的改动".to_string() } else { "确认导入没有问题的行".to_string() }}
                </button>
                <button type="button" class="zj-secondary" id="zj-roster-cancel" on:click=move |_| imp.close()>
                    "取消"
                </button>
            </div>
        </section>
    })
}

/// Each column's header and what it is imported as; a change is remembered for the next
/// import.
fn columns_table(imp: Import, columns: Vec<ColumnMap>) -> impl IntoView {
    let sim = imp.sim;
    view! {
        <div class="zj-scroll"><table class="zj-table" id="zj-roster-columns">
            <thead><tr><th>"表头"</th><th>"导入为"</th></tr></thead>
            <tbody>
                {columns.into_iter().enumerate().map(|(i, c)| {
                    let header = c.header.clone();
                    let unknown = c.field.is_none();
                    view! {
                        <tr class:zj-unmapped=unknown data-header=c.header.clone()>
                            <td>{if c.header.trim().is_empty() {
                                format!("第 {} 列（无表头）", i + 1)
                            } else {
                                c.header.clone()
                            }}</td>
                            <td><select class="zj-roster-field" aria-label=format!("「{}」列导入为", c.header)
                                on:change=move |ev| {
                                    let code = event_target_value(&ev);
                                    let field = Field::ALL.into_iter().find(|f| field_code(*f) == code);
                                    imp.mapping.update(|m| m.set(i, field));
                                    if let Err(e) = remember(&header, field, sim.notices) {
                                        sim.notices.push(e);
                                    }
                                }>
                                <option value="" selected=c.field.is_none()>"不导入"</option>
                                {Field::ALL.iter().map(|f| view! {
                                    <option value=field_code(*f) selected=c.field == Some(*f)>{f.label()}</option>
                                }).collect_view()}
                            </select></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

/// What the import would do, what blocks it, and the bad rows (downloadable as CSV).
fn summary(imp: Import, t: &Table, report: &ImportPlan) -> impl IntoView {
    let sim = imp.sim;
    let download_bad = move |_| {
        let (Some(t), Some(plan)) = (imp.table.get_untracked(), imp.plan.get_untracked()) else {
            return;
        };
        let text = zhuanjie_roster::bad_rows_csv(&t, &plan);
        let stem = t
            .file
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(&t.file)
            .to_string();
        if let Err(e) = files::download(
            &format!("{stem}-有问题的行.csv"),
            "text/csv;charset=utf-8",
            &text,
        ) {
            sim.notices.push(e);
        }
    };
    view! {
        <p id="zj-roster-summary" data-added=report.added.to_string() data-updated=report.updated.to_string()
            data-unchanged=report.unchanged.to_string() data-bad=report.bad_rows.len().to_string()>
            <strong>{format!(
                "将新增 {} 人，更新 {} 人，{} 人不变；新建 {} 个团支部；{} 行有问题、不会导入。",
                report.added,
                report.updated,
                report.unchanged,
                report.new_branches.len(),
                report.bad_rows.len(),
            )}</strong>
        </p>
        {(!report.new_branches.is_empty()).then(|| {
            let names = report.new_branches.iter().map(|b| b.name.clone()).collect::<Vec<_>>();
            view! { <p class="zj-muted">{format!("新团支部：{}", names.join("、"))}</p> }
        })}
        {(!report.missing_columns.is_empty()).then(|| view! {
            <p class="zj-error" role="alert">{format!(
                "缺少必需的列：{}。请在上表中指定哪一列是它们。",
                report.missing_columns.join("、"),
            )}</p>
        })}
        {report.problems.iter().map(|p| view! {
            <p class="zj-error" role="alert">{p.clone()}</p>
        }).collect_view()}
        {(!report.bad_rows.is_empty()).then(|| {
            let shown: Vec<_> = report.bad_rows.iter().take(50).map(|b| b.message(t)).collect();
            let more = report.bad_rows.len().saturating_sub(50);
            view! {
                <h3>"有问题的行"</h3>
                <ul class="zj-bad-rows" id="zj-roster-bad">
                    {shown.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                </ul>
                {(more > 0).then(|| view! {
                    <p class="zj-muted">{format!("另有 {more} 处问题，见下载的文件。")}</p>
                })}
                <button type="button" class="zj-secondary" id="zj-roster-bad-download" on:click=download_bad>
                    "下载有问题的行（CSV），改好后再导入"
                </button>
            }
        })}
    }
}

/// The first rows as the import reads them, each mapped field in its Chinese name, and what
/// the first updates change: both from the plan, so the admin sees the columns' meaning
/// before anything is imported.
fn as_read(report: &ImportPlan) -> impl IntoView {
    // Every field some sample row has, in the fields' order (a birth date an ID number
    // gives shows even when no column holds one).
    let fields: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| {
            report
                .sample_rows
                .iter()
                .any(|r| r.values.iter().any(|v| v.field == *f))
        })
        .collect();
    let rows = report.sample_rows.clone();
    let updates = report.updates.clone();
    let unlisted = report.updated.saturating_sub(updates.len());
    view! {
        {(!rows.is_empty()).then(|| view! {
            <h3>{format!("前 {} 行将这样读入", rows.len())}</h3>
            <div class="zj-scroll"><table class="zj-table" id="zj-roster-sample">
                <thead><tr>
                    <th>"行"</th>
                    {fields.iter().map(|f| view! { <th>{f.label()}</th> }).collect_view()}
                    <th>"结果"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let cells = fields.iter().map(|f| {
                            let value = r.values.iter().find(|v| v.field == *f)
                                .map(|v| v.value.clone()).unwrap_or_default();
                            view! { <td data-field=field_code(*f)>{value}</td> }
                        }).collect_view();
                        view! {
                            <tr data-row=r.row.to_string() data-outcome=r.outcome>
                                <td>{format!("第 {} 行", r.row)}</td>
                                {cells}
                                <td>{r.outcome}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        })}
        {(!updates.is_empty()).then(|| view! {
            <h3>"更新的内容"</h3>
            <ul class="zj-roster-changes" id="zj-roster-changes">
                {updates.into_iter().map(|u| {
                    let changes = u.changes.iter()
                        .map(|c| format!("{}：{} → {}", c.label, c.before, c.after))
                        .collect::<Vec<_>>()
                        .join("；");
                    view! {
                        <li data-row=u.row.to_string()>{format!("第 {} 行 {}：{changes}", u.row, u.name)}</li>
                    }
                }).collect_view()}
            </ul>
            {(unlisted > 0).then(|| view! {
                <p class="zj-muted">{format!("另有 {unlisted} 人将被更新，未逐一列出。")}</p>
            })}
        })}
    }
}
