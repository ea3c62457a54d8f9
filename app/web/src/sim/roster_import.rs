//! Importing the spreadsheets admins have (.xlsx, .xls, CSV in UTF-8 or GBK) into the
//! simulator: read the file (`zhuanjie_roster::read_table`, in the spreadsheet bundle that
//! `sheets` loads on the first pick), map the Chinese headers
//! (automatically, then by hand for the ones it does not know; the admin's choices are
//! remembered), preview what would change (`plan_import`: added / updated / unchanged, new
//! branches, every bad row with its row number, column and reason), and only on "确认导入"
//! apply it as one engine command (`Command::Batch`), so it is one undoable step. This file
//! reads the file and remembers the mapping; the preview is `roster_preview.rs`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zhuanjie_core::input;
use zhuanjie_core::workspace::OrgKind;
use zhuanjie_roster::{auto_map, plan_import, Field, ImportPlan, Mapping, Table};

use super::feedback::FeedbackAt;
use super::roster_preview::preview;
use super::sheets;
use super::state::{Place, Sim};
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
            notices.push(store::set_aside(
                MAPPING_KEY,
                &raw,
                &why,
                "表头的对应关系需要重新选择",
            ));
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

pub fn remember(header: &str, field: Option<Field>, notices: Notices) -> Result<(), String> {
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

pub fn field_code(f: Field) -> String {
    serde_json::to_value(f)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The import in progress: the picked file, how to read it, the table read, the admin's
/// mapping and the plan. All signals, so it is `Copy`.
#[derive(Clone, Copy)]
pub struct Import {
    pub sim: Sim,
    file: StoredValue<Option<(String, Vec<u8>)>>,
    pub encoding: RwSignal<String>,
    pub sheet: RwSignal<String>,
    pub table: RwSignal<Option<Table>>,
    pub mapping: RwSignal<Mapping>,
    pub parent: RwSignal<String>,
    error: RwSignal<Option<String>>,
    /// What the file button says while a file is read (None: idle).
    reading: RwSignal<Option<&'static str>>,
    /// Reads are asynchronous (the bundle may still be loading): only the latest one counts,
    /// so a quick second change of encoding or sheet is not overtaken by the first.
    generation: StoredValue<u64>,
    pub plan: Memo<Option<ImportPlan>>,
}

impl Import {
    fn new(sim: Sim) -> Import {
        let table = RwSignal::new(None::<Table>);
        let mapping = RwSignal::new(Mapping::default());
        let parent = RwSignal::new(String::new());
        let plan = Memo::new(move |_| {
            let t = table.get()?;
            let m = mapping.get();
            let p = parent.get();
            Some(
                sim.ws
                    .with(|ws| plan_import(ws, &t, &m, (!p.is_empty()).then_some(p.as_str()))),
            )
        });
        Import {
            sim,
            file: StoredValue::new(None),
            encoding: RwSignal::new(String::new()),
            sheet: RwSignal::new(String::new()),
            table,
            mapping,
            parent,
            error: RwSignal::new(None),
            reading: RwSignal::new(None),
            generation: StoredValue::new(0),
            plan,
        }
    }

    /// Reads the picked file (again) with the chosen encoding and sheet.
    pub fn reread(self) {
        let Some((name, bytes)) = self.file.get_value() else {
            return;
        };
        let encoding_name = self.encoding.get_untracked();
        let sheet_name = self.sheet.get_untracked();
        self.generation.update_value(|g| *g += 1);
        let this_read = self.generation.get_value();
        self.reading.set(Some(if sheets::started() {
            "正在读取…"
        } else {
            "正在载入表格组件…"
        }));
        leptos::task::spawn_local(async move {
            let result = sheets::read_table(&name, &bytes, &sheet_name, &encoding_name).await;
            if self.generation.get_value() != this_read {
                return;
            }
            self.reading.set(None);
            match result {
                Ok(t) => {
                    self.error.set(None);
                    self.mapping.set(mapping_for(&t, self.sim.notices));
                    self.table.set(Some(t));
                }
                Err(e) => {
                    self.table.set(None);
                    self.error.set(Some(e));
                }
            }
        });
    }

    /// Takes a picked file's bytes and reads them.
    fn pick(self, ev: leptos::ev::Event) {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(f) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        self.reading.set(Some("正在读取…"));
        leptos::task::spawn_local(async move {
            let name = f.name();
            match wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    self.file.set_value(Some((name, bytes)));
                    self.encoding.set(String::new());
                    self.sheet.set(String::new());
                    if self.parent.get_untracked().is_empty() {
                        self.parent.set(self.default_parent());
                    }
                    self.reread();
                }
                Err(_) => {
                    self.reading.set(None);
                    self.error.set(Some(format!("无法读取文件「{name}」")));
                }
            }
        });
    }

    /// Where new branches go unless the admin chooses: the org picked in the tree when it
    /// is below the root and can hold branches, else the school
    /// (`zhuanjie_roster::default_parent`), never a province above it.
    fn default_parent(self) -> String {
        let region = self.sim.region.get_untracked();
        self.sim.ws.with_untracked(|ws| {
            let picked = region
                .as_deref()
                .and_then(|id| ws.org(id))
                .filter(|o| o.parent.is_some() && o.kind != OrgKind::Branch);
            match picked {
                Some(o) => o.id.clone(),
                None => zhuanjie_roster::default_parent(ws).unwrap_or_default(),
            }
        })
    }

    /// Drops the file and its preview.
    pub fn close(self) {
        self.table.set(None);
        self.file.set_value(None);
        self.error.set(None);
    }
}

#[component]
pub fn RosterImport() -> impl IntoView {
    let imp = Import::new(expect_context::<Sim>());
    view! {
        <label class="zj-file-button">
            {move || imp.reading.get().unwrap_or("导入名单（Excel / CSV）…")}
            <input type="file" id="zj-roster-file" accept=".xlsx,.xls,.csv,.txt"
                on:click=move |_| sheets::prefetch() on:change=move |ev| imp.pick(ev)/>
        </label>
        {move || imp.error.get().map(|e| view! {
            <p class="zj-error-panel" role="alert" id="zj-roster-error">{e}" 当前工作区没有改动。"</p>
        })}
        {move || preview(imp)}
        <FeedbackAt place=Place::Roster/>
    }
}
