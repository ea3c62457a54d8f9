//! The toolbar: start a workspace (sample or blank, per edition), import / export the
//! workspace as JSON, the roster import, undo / redo and what the workspace holds.

use leptos::prelude::*;
use zhuanjie_core::Edition;

use super::files;
use super::roster_import::RosterImport;
use super::state::{blank, sample, Sim};
use crate::util::iso;

#[component]
pub fn Toolbar() -> impl IntoView {
    let sim = expect_context::<Sim>();
    // The file that was not imported, and why.
    let import_errors = RwSignal::new(None::<(String, Vec<String>)>);
    let start = move |ev: leptos::ev::Event| {
        let choice = event_target_value(&ev);
        let clock = sim.ws.with_untracked(|ws| ws.clock);
        let (ws, label) = match choice.as_str() {
            "sample-2021" => (sample(Edition::E2021), "载入示例工作区（2021 版）"),
            "sample-2019" => (sample(Edition::E2019), "载入示例工作区（2019 版）"),
            "blank-2021" => (blank(Edition::E2021, clock), "新建空白工作区（2021 版）"),
            "blank-2019" => (blank(Edition::E2019, clock), "新建空白工作区（2019 版）"),
            _ => return,
        };
        sim.replace(ws, label.into());
        // Back to "选择……", so the same choice can be made again.
        event_target::<web_sys::HtmlSelectElement>(&ev).set_value("");
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let name = file.name();
        input.set_value("");
        leptos::task::spawn_local(async move {
            match files::read_text(&file).await {
                Err(e) => import_errors.set(Some((name, vec![e]))),
                Ok(text) => match files::import_workspace(&text) {
                    Ok(ws) => {
                        import_errors.set(None);
                        sim.replace(ws, format!("导入工作区文件「{name}」"));
                    }
                    Err(errors) => import_errors.set(Some((name, errors))),
                },
            }
        });
    };
    let export = move |_| {
        let (text, clock) = sim.ws.with_untracked(|ws| (ws.to_json(), ws.clock));
        let name = format!(
            "zhuanjie-workspace-{}-exported-{}.json",
            iso(clock),
            iso(crate::util::today())
        );
        if let Err(e) = files::download(&name, "application/json", &text) {
            sim.notices.push(e);
        }
    };
    view! {
        <div class="zj-sim-toolbar">
            <label class="zj-inline">"开始："
                <select id="zj-start" on:change=start>
                    <option value="" selected>"选择……"</option>
                    <option value="sample-2021">"示例学校（2021 版）"</option>
                    <option value="sample-2019">"示例学校（2019 版）"</option>
                    <option value="blank-2021">"空白工作区（2021 版）"</option>
                    <option value="blank-2019">"空白工作区（2019 版）"</option>
                </select>
            </label>
            <label class="zj-file-button">"导入 JSON…"
                <input type="file" id="zj-import" accept=".json,application/json" on:change=on_file/>
            </label>
            <button type="button" id="zj-export" on:click=export>"导出 JSON"</button>
            <button type="button" class="zj-secondary" id="zj-undo"
                disabled=move || sim.undo_count() == 0 on:click=move |_| sim.undo()>
                {move || format!("撤销（{}）", sim.undo_count())}
            </button>
            <button type="button" class="zj-secondary" id="zj-redo"
                disabled=move || sim.redo_count() == 0 on:click=move |_| sim.redo()>
                {move || format!("重做（{}）", sim.redo_count())}
            </button>
            <span class="zj-muted" id="zj-edition">
                {move || sim.ws.with(|ws| format!("{} · {} 个组织 · {} 名团员 · {} 个申请",
                    ws.edition.label(), ws.orgs.len(), ws.members.len(), ws.applications.len()))}
            </span>
        </div>
        <div class="zj-roster"><RosterImport/></div>
        {move || {
            import_errors.get().map(|(name, errors)| view! {
                <div class="zj-error-panel" role="alert" id="zj-import-errors">
                    <h2>{format!("文件「{name}」没有导入，当前工作区保持不变")}</h2>
                    <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                    <button type="button" class="zj-secondary" on:click=move |_| import_errors.set(None)>"关闭"</button>
                </div>
            })
        }}
    }
}
