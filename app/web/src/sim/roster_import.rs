//! Importing the spreadsheets admins have (.xlsx, .xls, CSV in UTF-8 or GBK) into the
//! simulator: read the file (`zhuanjie_roster::read_table`, in the spreadsheet bundle that
//! `sheets` loads on the first pick), map the Chinese headers
//! (automatically, then by hand for the ones it does not know; the admin's choices are
//! remembered), preview what would change (`plan_import`: added / updated / unchanged, new
//! branches, every bad row with its row number, column and reason), and only on "确认导入"
//! apply it as one engine command (`Command::Batch`), so it is one undoable step.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zhuanjie_core::input;
use zhuanjie_core::workspace::OrgKind;
use zhuanjie_roster::{auto_map, plan_import, Field, Mapping, Table};

use super::files;
use super::sheets;
use super::state::Sim;
use crate::store::{self, Notices};

const MAPPING_KEY: &str = "zhuanjie.simulator.mapping.v1";

/// The admin's own header → field choices, remembered across imports.
#[derive(Serialize, Deserialize, Default)]
struct Remembered {
    format: String,
    version: u64,
    headers: BTreeMap<String, Option<Field>>,
}

/// The remembered choices. A stored value this page cannot read is kept aside (never
/// overwritten by the next choice) and reported.
fn remembered(notices: Notices) -> Remembered {
    let Ok(Some(raw)) = store::read(MAPPING_KEY) else {
        return Remembered::default();
    };
    match read_remembered(&raw) {
        Ok(r) => r,
        Err(why) => {
            notices.push(store::set_aside(MAPPING_KEY, &raw, &why));
            Remembered::default()
        }
    }
}

fn read_remembered(raw: &str) -> Result<Remembered, String> {
    let text = input::json_body(raw).map_err(|e| format!("记住的表头对应{e}"))?;
    let r: Remembered = serde_json::from_str(text)
        .map_err(|e| format!("记住的表头对应{}", input::json_problem(text, &e)))?;
    if r.format != "zhuanjie-roster-mapping" || r.version != 1 {
        return Err(
            "记住的表头对应不是本页面能读的格式（format 应为 zhuanjie-roster-mapping，version 应为 1）"
                .into(),
        );
    }
    Ok(r)
}

fn remember(header: &str, field: Option<Field>, notices: Notices) -> Result<(), String> {
    let mut r = remembered(notices);
    r.format = "zhuanjie-roster-mapping".into();
    r.version = 1;
    r.headers.insert(header.trim().to_string(), field);
    store::write(MAPPING_KEY, &serde_json::to_string(&r).unwrap_or_default())
}

/// The automatic mapping, then the admin's remembered choices for the headers it has.
fn mapping_for(table: &Table, notices: Notices) -> Mapping {
    let mut mapping = auto_map(&table.headers);
    let r = remembered(notices);
    for (i, header) in table.headers.iter().enumerate() {
        if let Some(field) = r.headers.get(header.trim()) {
            mapping.set(i, *field);
        }
    }
    mapping
}

fn field_code(f: Field) -> String {
    serde_json::to_value(f)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[component]
pub fn RosterImport() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let file = StoredValue::new(None::<(String, Vec<u8>)>);
    let encoding = RwSignal::new(String::new());
    let sheet = RwSignal::new(String::new());
    let table = RwSignal::new(None::<Table>);
    let mapping = RwSignal::new(Mapping::default());
    let parent = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // What the file button says while a file is read (None: idle).
    let reading = RwSignal::new(None::<&'static str>);
    // Reads are asynchronous (the bundle may still be loading): only the latest one counts,
    // so a quick second change of encoding or sheet is not overtaken by the first.
    let generation = StoredValue::new(0u64);

    let reread = move || {
        let Some((name, bytes)) = file.get_value() else {
            return;
        };
        let encoding_name = encoding.get_untracked();
        let sheet_name = sheet.get_untracked();
        generation.update_value(|g| *g += 1);
        let this_read = generation.get_value();
        reading.set(Some(if sheets::started() {
            "正在读取…"
        } else {
            "正在载入表格组件…"
        }));
        leptos::task::spawn_local(async move {
            let result = sheets::read_table(&name, &bytes, &sheet_name, &encoding_name).await;
            if generation.get_value() != this_read {
                return;
            }
            reading.set(None);
            match result {
                Ok(t) => {
                    error.set(None);
                    mapping.set(mapping_for(&t, sim.notices));
                    table.set(Some(t));
                }
                Err(e) => {
                    table.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(f) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        reading.set(Some("正在读取…"));
        leptos::task::spawn_local(async move {
            let name = f.name();
            match wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    file.set_value(Some((name, bytes)));
                    encoding.set(String::new());
                    sheet.set(String::new());
                    if parent.get_untracked().is_empty() {
                        parent.set(sim.region.get_untracked().unwrap_or_default());
                    }
                    reread();
                }
                Err(_) => {
                    reading.set(None);
                    error.set(Some(format!("无法读取文件「{name}」")));
                }
            }
        });
    };
    let plan = Memo::new(move |_| {
        let t = table.get()?;
        let m = mapping.get();
        let p = parent.get();
        Some(
            sim.ws
                .with(|ws| plan_import(ws, &t, &m, (!p.is_empty()).then_some(p.as_str()))),
        )
    });
    let close = move || {
        table.set(None);
        file.set_value(None);
        error.set(None);
    };
    let confirm = move |_| {
        let Some(plan) = plan.get_untracked() else {
            return;
        };
        if sim.run(plan.command()) {
            close();
        }
    };
    let download_bad = move |_| {
        let (Some(t), Some(plan)) = (table.get_untracked(), plan.get_untracked()) else {
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

    let preview = move || {
        let t = table.get()?;
        let report = plan.get()?;
        let is_csv = t.encoding_used.is_some();
        let parents = sim.orgs.with(|orgs| {
            orgs.iter()
                .filter(|o| o.kind != OrgKind::Branch)
                .map(|o| (o.id.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        });
        let current_parent = parent.get();
        let blocked = !report.problems.is_empty() || !report.missing_columns.is_empty();
        let nothing = report.is_empty();
        let columns = mapping.get().columns;
        Some(view! {
            <section class="zj-roster-preview zj-box" id="zj-roster-preview" aria-label="导入名单预览">
                <h2>{format!("导入预览：{}", t.place())}</h2>
                <p class="zj-muted">{format!("表头在第 {} 行，共 {} 个数据行。还没有任何改动；确认后才会导入，并且可以撤销。", t.header_row, report.rows)}</p>
                <div class="zj-row">
                    {is_csv.then(|| view! {
                        <label>"文件编码"<select id="zj-roster-encoding" on:change=move |ev| { encoding.set(event_target_value(&ev)); reread(); }>
                            <option value="" selected=encoding.get_untracked().is_empty()>{format!("自动（识别为 {}）", t.encoding_used.map(|e| e.label()).unwrap_or(""))}</option>
                            <option value="utf-8">"UTF-8"</option>
                            <option value="gbk">"GBK / GB18030（Excel 中文版另存的 CSV）"</option>
                        </select></label>
                    })}
                    {(!is_csv).then(|| view! {
                        <label>"工作表"<input type="text" id="zj-roster-sheet" placeholder=t.sheet.clone().unwrap_or_default()
                            on:change=move |ev| { sheet.set(event_target_value(&ev)); reread(); }/></label>
                    })}
                    <label>"新团支部建在"<select id="zj-roster-parent" on:change=move |ev| parent.set(event_target_value(&ev))>
                        <option value="" selected=current_parent.is_empty()>"（不新建团支部）"</option>
                        {parents.into_iter().map(|(id, name)| {
                            let selected = id == current_parent;
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select></label>
                </div>
                <h3>"各列的含义"</h3>
                <div class="zj-scroll"><table class="zj-table" id="zj-roster-columns">
                    <thead><tr><th>"表头"</th><th>"导入为"</th></tr></thead>
                    <tbody>
                        {columns.into_iter().enumerate().map(|(i, c)| {
                            let header = c.header.clone();
                            let unknown = c.field.is_none();
                            view! {
                                <tr class:zj-unmapped=unknown data-header=c.header.clone()>
                                    <td>{if c.header.trim().is_empty() { format!("第 {} 列（无表头）", i + 1) } else { c.header.clone() }}</td>
                                    <td><select class="zj-roster-field" aria-label=format!("「{}」列导入为", c.header)
                                        on:change=move |ev| {
                                            let code = event_target_value(&ev);
                                            let field = Field::ALL.into_iter().find(|f| field_code(*f) == code);
                                            mapping.update(|m| m.set(i, field));
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
                <p id="zj-roster-summary" data-added=report.added.to_string() data-updated=report.updated.to_string()
                    data-unchanged=report.unchanged.to_string() data-bad=report.bad_rows.len().to_string()>
                    <strong>{format!("将新增 {} 人，更新 {} 人，{} 人不变；新建 {} 个团支部；{} 行有问题、不会导入。",
                        report.added, report.updated, report.unchanged, report.new_branches.len(), report.bad_rows.len())}</strong>
                </p>
                {(!report.new_branches.is_empty()).then(|| view! {
                    <p class="zj-muted">{format!("新团支部：{}", report.new_branches.iter().map(|b| b.name.clone()).collect::<Vec<_>>().join("、"))}</p>
                })}
                {(!report.missing_columns.is_empty()).then(|| view! {
                    <p class="zj-error" role="alert">{format!("缺少必需的列：{}。请在上表中指定哪一列是它们。", report.missing_columns.join("、"))}</p>
                })}
                {report.problems.iter().map(|p| view! { <p class="zj-error" role="alert">{p.clone()}</p> }).collect_view()}
                {(!report.bad_rows.is_empty()).then(|| {
                    let shown: Vec<_> = report.bad_rows.iter().take(50).map(|b| b.message(&t)).collect();
                    let more = report.bad_rows.len().saturating_sub(50);
                    view! {
                        <h3>"有问题的行"</h3>
                        <ul class="zj-bad-rows" id="zj-roster-bad">{shown.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        {(more > 0).then(|| view! { <p class="zj-muted">{format!("另有 {more} 处问题，见下载的文件。")}</p> })}
                        <button type="button" class="zj-secondary" id="zj-roster-bad-download" on:click=download_bad>"下载有问题的行（CSV），改好后再导入"</button>
                    }
                })}
                <div class="zj-row">
                    <button type="button" id="zj-roster-confirm" disabled=blocked || nothing on:click=confirm>
                        {if nothing { "没有可导入的改动".to_string() } else { "确认导入没有问题的行".to_string() }}
                    </button>
                    <button type="button" class="zj-secondary" id="zj-roster-cancel" on:click=move |_| close()>"取消"</button>
                </div>
            </section>
        })
    };

    view! {
        <label class="zj-file-button">{move || reading.get().unwrap_or("导入名单（Excel / CSV）…")}
            <input type="file" id="zj-roster-file" accept=".xlsx,.xls,.csv,.txt"
                on:click=move |_| sheets::prefetch() on:change=on_file/>
        </label>
        {move || error.get().map(|e| view! {
            <p class="zj-error-panel" role="alert" id="zj-roster-error">{e}" 当前工作区没有改动。"</p>
        })}
        {preview}
    }
}
