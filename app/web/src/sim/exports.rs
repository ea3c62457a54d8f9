//! The metrics tab's exports: the missing list, the child orgs' table and the roster, as
//! CSV (written here) or .xlsx (written by the spreadsheet bundle, loaded on the first such
//! click). All go through zhuanjie-roster, the same files `cargo xtask metrics --format`
//! writes.

use leptos::prelude::*;
use zhuanjie_core::metrics;
use zhuanjie_core::season;

use super::feedback::FeedbackAt;
use super::files;
use super::sheets;
use super::state::{Place, Sim};
use crate::util::iso;

/// An export made from the workspace: CSV text, or sheets for the spreadsheet bundle to
/// write as .xlsx. Each with its file name.
pub(super) enum Export {
    Csv(String, String),
    /// A standalone HTML page (the bulletin).
    Html(String, String),
    Xlsx(String, Vec<zhuanjie_roster::Sheet>),
}

/// The export buttons for `region` (an org id), the personal-data choice and what an
/// .xlsx export is doing.
pub fn exports(sim: Sim, region: String) -> impl IntoView {
    let clock = sim.ws.with_untracked(|ws| ws.clock);
    let personal = RwSignal::new(false);
    // What an .xlsx export is doing (None: idle); the spreadsheet bundle may be loading.
    let writing = RwSignal::new(None::<&'static str>);
    // The files are made on click from the workspace (nothing is copied per render: the
    // missing list of a large school has tens of thousands of rows).
    let region_id = StoredValue::new(region);
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
        deliver(sim, Place::Export, writing, made);
    };
    let button = move |id: &'static str, what: &'static str, label: &'static str| {
        view! {
            <button type="button" class="zj-secondary" id=id on:click=move |_| export(what)>
                {label}
            </button>
        }
    };
    view! {
        <h3>"导出"</h3>
        <div class="zj-row zj-exports">
            {button("zj-export-missing", "missing-csv", "未完成名单 CSV")}
            {button("zj-export-missing-xlsx", "missing-xlsx", "未完成名单 Excel")}
            {button("zj-export-children", "children-csv", "下级组织表 CSV")}
            {button("zj-export-children-xlsx", "children-xlsx", "下级组织表 Excel")}
            {button("zj-export-roster", "roster-csv", "团员名单 CSV")}
            {button("zj-export-roster-xlsx", "roster-xlsx", "团员名单 Excel")}
            <label class="zj-inline">
                <input type="checkbox" id="zj-export-personal"
                    on:change=move |ev| personal.set(event_target_checked(&ev))/>
                "包含完整身份证号（我在导出个人信息，会妥善保管）"
            </label>
        </div>
        <p class="zj-muted zj-status" id="zj-export-status" role="status">
            {move || writing.get().unwrap_or_default()}
        </p>
        <FeedbackAt place=Place::Export/>
    }
}

/// Downloads an export (or says why it could not be made) and says so at `place`; `writing`
/// says what an .xlsx export is doing meanwhile (the spreadsheet bundle may be loading).
pub(super) fn deliver(
    sim: Sim,
    place: Place,
    writing: RwSignal<Option<&'static str>>,
    made: Result<Export, String>,
) {
    match made {
        Err(e) => sim.tell(place, false, e),
        Ok(Export::Csv(name, text)) => {
            match files::download(&name, "text/csv;charset=utf-8", &text) {
                Ok(()) => sim.tell(place, true, format!("已生成并下载 {name}")),
                Err(e) => sim.tell(place, false, e),
            }
        }
        Ok(Export::Html(name, text)) => {
            match files::download(&name, "text/html;charset=utf-8", &text) {
                Ok(()) => sim.tell(place, true, format!("已生成并下载 {name}")),
                Err(e) => sim.tell(place, false, e),
            }
        }
        Ok(Export::Xlsx(name, sheets)) => {
            writing.set(Some(if sheets::started() {
                "正在生成 Excel 文件…"
            } else {
                "正在载入表格组件并生成 Excel 文件…"
            }));
            // What Excel cannot hold as it is (the roster crate's one list), named.
            let changes = zhuanjie_roster::xlsx_changes(&sheets);
            leptos::task::spawn_local(async move {
                let written = sheets::write_xlsx(&sheets)
                    .await
                    .and_then(|bytes| files::download_bytes(&name, files::XLSX, &bytes));
                writing.set(None);
                match written {
                    Ok(()) => {
                        let mut said = format!("已生成并下载 {name}");
                        if !changes.is_empty() {
                            said.push_str("。注意：");
                            said.push_str(&changes[..changes.len().min(5)].join("；"));
                            if changes.len() > 5 {
                                said.push_str(&format!("；等共 {} 处", changes.len()));
                            }
                        }
                        sim.tell(place, true, said);
                    }
                    Err(e) => sim.tell(place, false, e),
                }
            });
        }
    }
}
