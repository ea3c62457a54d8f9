//! The preview of a roster import: how the file was read (encoding or sheet), where new
//! branches go, what each column is imported as, what would change, every bad row, and
//! "确认导入" (one engine command, so one undoable step) or "取消".

use leptos::prelude::*;
use zhuanjie_core::workspace::OrgKind;
use zhuanjie_roster::{not_needed, ColumnMap, Field, ImportPlan, Table};

use super::files;
use super::roster_import::{field_code, remember, Import};
use super::state::Place;

/// The preview once files are read and planned (nothing before).
pub fn preview(imp: Import) -> Option<impl IntoView> {
    let sim = imp.sim;
    let tables = imp.tables.get();
    let t = tables.first()?.clone();
    let report = imp.plan.get()?;
    let one = tables.len() == 1;
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
    let confirm = move |_| {
        let Some(plan) = imp.plan.get_untracked() else {
            return;
        };
        if sim.run_in(Place::Roster, plan.command()) {
            imp.close();
        }
    };
    let heading = if one {
        format!("导入预览：{}", t.place())
    } else {
        format!("导入预览：{} 个文件", tables.len())
    };
    let read_note = if one {
        format!(
            "表头在第 {} 行，共 {} 个数据行。还没有任何改动；确认后才会导入，并且可以撤销。",
            t.header_row, report.rows,
        )
    } else {
        format!(
            "共 {} 个数据行。还没有任何改动；确认后 {} 个文件一起导入，并且可以一步撤销。",
            report.rows,
            tables.len(),
        )
    };
    let files = files_table(imp, &tables, &report);
    let columns = columns_table(imp, &tables);
    let summary = summary(imp, &report);
    let as_read = as_read(&report);
    Some(view! {
        <section class="zj-roster-preview zj-box" id="zj-roster-preview" aria-label="导入名单预览">
            <h2>{heading}</h2>
            <p class="zj-muted">{read_note}</p>
            <div class="zj-row">
                {(one && is_csv).then(|| view! {
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
                {(one && !is_csv).then(|| view! {
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
            {files}
            <h3>"各列的含义"</h3>
            {columns}
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

/// Each file with its rows and the 团支部 its rows go to (editable for a file without a
/// branch column, with where the guess came from). Shown for many files, and for one file
/// without a branch column.
fn files_table(imp: Import, tables: &[Table], report: &ImportPlan) -> Option<impl IntoView> {
    let mappings = imp.mappings.get();
    let has_column: Vec<bool> = (0..tables.len())
        .map(|i| {
            mappings
                .get(i)
                .is_some_and(|m| m.column_of(Field::Branch).is_some())
        })
        .collect();
    if tables.len() == 1 && has_column[0] {
        return None;
    }
    let branches = imp.branches.get();
    let guesses = imp.guesses.get();
    let bad_in = |i: usize| {
        let mut rows: Vec<usize> = report
            .bad_rows
            .iter()
            .filter(|b| b.file == i)
            .map(|b| b.row)
            .collect();
        rows.dedup();
        rows.len()
    };
    let rows = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let note = {
                let mut parts = vec![format!("表头在第 {} 行", t.header_row)];
                if !t.footer_rows.is_empty() {
                    parts.push(format!(
                        "第 {} 行是合计行，不导入",
                        t.footer_rows
                            .iter()
                            .map(usize::to_string)
                            .collect::<Vec<_>>()
                            .join("、")
                    ));
                }
                parts.join("；")
            };
            let branch_cell = if has_column[i] {
                view! { <span class="zj-muted">"按表中「所在团支部」列"</span> }.into_any()
            } else {
                let value = branches.get(i).cloned().unwrap_or_default();
                let hint = match (&guesses.get(i).cloned().flatten(), value.trim().is_empty()) {
                    (_, true) => "请填写这个文件的团支部".to_string(),
                    (Some(g), false) if g.name == value => g.from.label().to_string(),
                    _ => "已修改".to_string(),
                };
                // As the plan resolved it (by name or id, created or found); nothing when no
                // row got there (the bad rows say why).
                let status = match report.files.get(i) {
                    Some(f) if f.branch_new => "（将新建）",
                    Some(f) if f.branch_org.is_some() => "（已有）",
                    _ => "",
                };
                view! {
                    <input type="text" class="zj-roster-file-branch" data-file=i.to_string()
                        aria-label=format!("「{}」的团支部", t.file) prop:value=value.clone()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            imp.branches.update(|bs| {
                                if let Some(b) = bs.get_mut(i) {
                                    *b = v;
                                }
                            });
                        }/>
                    <span class="zj-muted zj-roster-file-hint">{format!("{hint}{status}")}</span>
                }
                .into_any()
            };
            view! {
                <tr data-file=i.to_string()>
                    <td>{t.file.clone()}<br/><span class="zj-muted">{note}</span></td>
                    <td>{format!("{} 行", t.rows.len())}</td>
                    <td>{branch_cell}</td>
                    <td>{match bad_in(i) { 0 => "没有问题".to_string(), n => format!("{n} 行有问题") }}</td>
                </tr>
            }
        })
        .collect_view();
    Some(view! {
        <h3>"每个文件归入的团支部"</h3>
        <p class="zj-muted">"智慧团建按团支部分别导出名单：表里没有「所在团支部」列时，团支部取自文件的标题行或文件名，可以在这里改。"</p>
        <div class="zj-scroll"><table class="zj-table" id="zj-roster-files">
            <thead><tr><th>"文件"</th><th>"数据行"</th><th>"团支部"</th><th>"检查"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    })
}

/// Each column's header and what it is imported as, once for a header several files
/// share; a change applies to every file with that header and is remembered for the next
/// import.
fn columns_table(imp: Import, tables: &[Table]) -> impl IntoView {
    let sim = imp.sim;
    let mappings = imp.mappings.get();
    // Headers in the order first seen; a blank header is its column in each file. A set,
    // since a sheet may have thousands of blank-headed columns.
    let mut seen: Vec<(String, usize, ColumnMap)> = Vec::new();
    let mut keys: std::collections::HashSet<(String, usize)> = Default::default();
    for m in mappings.iter().take(tables.len()) {
        for (i, c) in m.columns.iter().enumerate() {
            let key = c.header.trim().to_string();
            let position = if key.is_empty() { i } else { 0 };
            if keys.insert((key.clone(), position)) {
                seen.push((key, i, c.clone()));
            }
        }
    }
    view! {
        <div class="zj-scroll"><table class="zj-table" id="zj-roster-columns">
            <thead><tr><th>"表头"</th><th>"导入为"</th></tr></thead>
            <tbody>
                {seen.into_iter().map(|(key, i, c)| {
                    let not_needed = c.field.is_none().then(|| not_needed(&c.header)).flatten();
                    let unknown = c.field.is_none() && not_needed.is_none();
                    let header = key.clone();
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
                                    imp.set_field(&header, i, field);
                                    if let Err(e) = remember(&header, field, sim.notices) {
                                        sim.notices.push(e);
                                    }
                                }>
                                <option value="" selected=c.field.is_none()>"不导入"</option>
                                {Field::ALL.iter().map(|f| view! {
                                    <option value=field_code(*f) selected=c.field == Some(*f)>{f.label()}</option>
                                }).collect_view()}
                            </select>
                            {not_needed.map(|why| view! { <span class="zj-muted">" "{why}</span> })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

/// What the import would do, what blocks it, and the bad rows (downloadable as CSV).
fn summary(imp: Import, report: &ImportPlan) -> impl IntoView {
    let sim = imp.sim;
    let download_bad = move |file: usize| {
        let (Some(t), Some(plan)) = (
            imp.tables.with_untracked(|ts| ts.get(file).cloned()),
            imp.plan.get_untracked(),
        ) else {
            return;
        };
        let text = zhuanjie_roster::bad_rows_csv(&t, file, &plan);
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
            let shown: Vec<_> = report.bad_rows.iter().take(50).map(|b| b.message(report)).collect();
            let mut with_bad: Vec<usize> = report.bad_rows.iter().map(|b| b.file).collect();
            with_bad.dedup();
            let many = report.files.len() > 1;
            let more = report.bad_rows.len().saturating_sub(50);
            view! {
                <h3>"有问题的行"</h3>
                <ul class="zj-bad-rows" id="zj-roster-bad">
                    {shown.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                </ul>
                {(more > 0).then(|| view! {
                    <p class="zj-muted">{format!("另有 {more} 处问题，见下载的文件。")}</p>
                })}
                {with_bad.into_iter().enumerate().map(|(n, file)| {
                    let label = if many {
                        format!("下载「{}」有问题的行（CSV），改好后再导入", report.files[file].file)
                    } else {
                        "下载有问题的行（CSV），改好后再导入".to_string()
                    };
                    view! {
                        <button type="button" class="zj-secondary zj-roster-bad-download"
                            id=(n == 0).then_some("zj-roster-bad-download") data-file=file.to_string()
                            on:click=move |_| download_bad(file)>
                            {label}
                        </button>
                    }
                }).collect_view()}
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
    let many = report.files.len() > 1;
    let files: Vec<String> = report.files.iter().map(|f| f.file.clone()).collect();
    let row_name = move |file: usize, row: usize| {
        if many {
            format!(
                "「{}」第 {row} 行",
                files.get(file).map_or("", String::as_str)
            )
        } else {
            format!("第 {row} 行")
        }
    };
    let row_name_too = row_name.clone();
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
                                <td>{row_name(r.file, r.row)}</td>
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
                        <li data-row=u.row.to_string()>{format!("{} {}：{changes}", row_name_too(u.file, u.row), u.name)}</li>
                    }
                }).collect_view()}
            </ul>
            {(unlisted > 0).then(|| view! {
                <p class="zj-muted">{format!("另有 {unlisted} 人将被更新，未逐一列出。")}</p>
            })}
        })}
    }
}
