//! Importing the spreadsheets admins have (.xlsx, .xls, CSV in UTF-8 or GBK; one file, or
//! many branch exports at once, each file's 团支部 guessed from its title row or name and
//! editable) into the simulator: read the files (`zhuanjie_roster::read_table`, in the spreadsheet bundle that
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
use zhuanjie_roster::{
    auto_map, guess_branch, plan_import_files, BranchGuess, Field, ImportPlan, Mapping, RosterFile,
    Table,
};

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

/// One picked file: its name and bytes.
type Picked = (String, Vec<u8>);

/// The import in progress: the picked files (one or many branch exports), how to read
/// them, the tables read, each one's mapping and branch, and the plan of them all. All
/// signals, so it is `Copy`.
#[derive(Clone, Copy)]
pub struct Import {
    pub sim: Sim,
    picked: StoredValue<Vec<Picked>>,
    /// For one CSV file: the encoding chosen (empty: detected).
    pub encoding: RwSignal<String>,
    /// For one Excel file: the sheet chosen (empty: the first).
    pub sheet: RwSignal<String>,
    /// The files read, in the order picked.
    pub tables: RwSignal<Vec<Table>>,
    /// Each table's mapping, by position.
    pub mappings: RwSignal<Vec<Mapping>>,
    /// Each file's 团支部 for a file without a branch column: the guess, as the admin edits it.
    pub branches: RwSignal<Vec<String>>,
    /// Each file's guess and where it came from, as read.
    pub guesses: RwSignal<Vec<Option<BranchGuess>>>,
    pub parent: RwSignal<String>,
    /// Files that could not be read, each message naming its file.
    errors: RwSignal<Vec<String>>,
    /// What the file button says while files are read (None: idle).
    reading: RwSignal<Option<String>>,
    /// Reads are asynchronous (the bundle may still be loading): only the latest one counts,
    /// so a quick second change of encoding or sheet is not overtaken by the first.
    generation: StoredValue<u64>,
    pub plan: Memo<Option<ImportPlan>>,
}

impl Import {
    fn new(sim: Sim) -> Import {
        let tables = RwSignal::new(Vec::<Table>::new());
        let mappings = RwSignal::new(Vec::<Mapping>::new());
        let branches = RwSignal::new(Vec::<String>::new());
        let parent = RwSignal::new(String::new());
        let plan = Memo::new(move |_| {
            tables.with(|ts| {
                if ts.is_empty() {
                    return None;
                }
                let ms = mappings.get();
                let bs = branches.get();
                let p = parent.get();
                let files: Vec<RosterFile> = ts
                    .iter()
                    .zip(&ms)
                    .enumerate()
                    .map(|(i, (table, mapping))| RosterFile {
                        table,
                        mapping,
                        branch: bs.get(i).map(String::as_str),
                    })
                    .collect();
                Some(sim.ws.with(|ws| {
                    plan_import_files(ws, &files, (!p.is_empty()).then_some(p.as_str()))
                }))
            })
        });
        Import {
            sim,
            picked: StoredValue::new(Vec::new()),
            encoding: RwSignal::new(String::new()),
            sheet: RwSignal::new(String::new()),
            tables,
            mappings,
            branches,
            guesses: RwSignal::new(Vec::new()),
            parent,
            errors: RwSignal::new(Vec::new()),
            reading: RwSignal::new(None),
            generation: StoredValue::new(0),
            plan,
        }
    }

    /// Reads the picked files (again), one after the other, with the chosen encoding and
    /// sheet when there is one file. A file that cannot be read is named; the others are
    /// previewed.
    pub fn reread(self) {
        let picked = self.picked.get_value();
        if picked.is_empty() {
            return;
        }
        let (encoding_name, sheet_name) = if picked.len() == 1 {
            (self.encoding.get_untracked(), self.sheet.get_untracked())
        } else {
            (String::new(), String::new())
        };
        self.generation.update_value(|g| *g += 1);
        let this_read = self.generation.get_value();
        let many = picked.len();
        self.reading.set(Some(if sheets::started() {
            "正在读取…".to_string()
        } else {
            "正在载入表格组件…".to_string()
        }));
        leptos::task::spawn_local(async move {
            let mut tables = Vec::new();
            let mut errors = Vec::new();
            for (n, (name, bytes)) in picked.iter().enumerate() {
                if many > 1 {
                    self.reading
                        .set(Some(format!("正在读取第 {} / {many} 个文件…", n + 1)));
                }
                match sheets::read_table(name, bytes, &sheet_name, &encoding_name).await {
                    Ok(t) => tables.push(t),
                    Err(e) => errors.push(e),
                }
                if self.generation.get_value() != this_read {
                    return;
                }
            }
            self.reading.set(None);
            let mappings: Vec<Mapping> = tables
                .iter()
                .map(|t| mapping_for(t, self.sim.notices))
                .collect();
            let guesses: Vec<Option<BranchGuess>> = self.sim.ws.with_untracked(|ws| {
                tables
                    .iter()
                    .zip(&mappings)
                    .map(|(t, m)| guess_branch(ws, t, m, many > 1))
                    .collect()
            });
            self.branches.set(
                guesses
                    .iter()
                    .map(|g| g.as_ref().map_or_else(String::new, |g| g.name.clone()))
                    .collect(),
            );
            self.guesses.set(guesses);
            self.errors.set(errors);
            self.mappings.set(mappings);
            self.tables.set(tables);
        });
    }

    /// Takes the picked files' bytes and reads them.
    fn pick(self, ev: leptos::ev::Event) {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else {
            return;
        };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        if files.is_empty() {
            return;
        }
        self.reading.set(Some("正在读取…".to_string()));
        leptos::task::spawn_local(async move {
            let mut picked = Vec::new();
            let mut errors = Vec::new();
            for f in files {
                let name = f.name();
                match wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await {
                    Ok(buffer) => picked.push((name, js_sys::Uint8Array::new(&buffer).to_vec())),
                    Err(_) => errors.push(format!("无法读取文件「{name}」")),
                }
            }
            if picked.is_empty() {
                self.reading.set(None);
                self.errors.set(errors);
                return;
            }
            self.picked.set_value(picked);
            self.encoding.set(String::new());
            self.sheet.set(String::new());
            if self.parent.get_untracked().is_empty() {
                self.parent.set(self.default_parent());
            }
            self.reread();
        });
    }

    /// Maps every column headed `header` (in each file that has it) to `field`; a blank
    /// header is column `position` of each file.
    pub fn set_field(self, header: &str, position: usize, field: Option<Field>) {
        let header = header.trim();
        self.mappings.update(|ms| {
            for m in ms.iter_mut() {
                let at: Vec<usize> = m
                    .columns
                    .iter()
                    .enumerate()
                    .filter(|(i, c)| {
                        if header.is_empty() {
                            *i == position && c.header.trim().is_empty()
                        } else {
                            c.header.trim() == header
                        }
                    })
                    .map(|(i, _)| i)
                    .collect();
                for i in at {
                    m.set(i, field);
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

    /// Drops the files and their preview.
    pub fn close(self) {
        self.tables.set(Vec::new());
        self.mappings.set(Vec::new());
        self.branches.set(Vec::new());
        self.guesses.set(Vec::new());
        self.picked.set_value(Vec::new());
        self.errors.set(Vec::new());
    }
}

#[component]
pub fn RosterImport() -> impl IntoView {
    let imp = Import::new(expect_context::<Sim>());
    view! {
        <label class="zj-file-button">
            {move || imp.reading.get().unwrap_or_else(|| "导入名单（Excel / CSV，可一次选多个团支部的文件）…".to_string())}
            <input type="file" id="zj-roster-file" accept=".xlsx,.xls,.csv,.txt" multiple
                on:click=move |_| sheets::prefetch() on:change=move |ev| imp.pick(ev)/>
        </label>
        {move || {
            let errors = imp.errors.get();
            (!errors.is_empty()).then(|| {
                let others = !imp.tables.with(Vec::is_empty);
                view! {
                    <div class="zj-error-panel" role="alert" id="zj-roster-error">
                        {errors.into_iter().map(|e| view! { <p>{e}</p> }).collect_view()}
                        <p>{if others { "这些文件没有读入；其余文件见下面的预览。当前工作区没有改动。" } else { "当前工作区没有改动。" }}</p>
                    </div>
                }
            })
        }}
        {move || preview(imp)}
        <FeedbackAt place=Place::Roster/>
    }
}
