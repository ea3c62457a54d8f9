//! The toolbar: start a workspace (sample or blank, per edition), import / export the
//! workspace as JSON, the roster import, undo / redo and what the workspace holds. Replacing
//! a workspace that holds anything asks first, says what would be replaced and offers the
//! export; each result is said next to the buttons (and to screen readers).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zhuanjie_core::{Edition, Workspace};

use super::files;
use super::roster_import::RosterImport;
use super::state::{blank, sample, Sim};
use crate::util::iso;

#[component]
pub fn Toolbar() -> impl IntoView {
    let sim = expect_context::<Sim>();
    // The file that was not imported, and why.
    let import_errors = RwSignal::new(None::<(String, Vec<String>)>);
    // A replacement waiting for the admin's yes: the new workspace, the log's summary and
    // what it is, in words.
    let pending = RwSignal::new(None::<(Workspace, String, String)>);
    // The last toolbar action's result, shown beside the buttons.
    let status = RwSignal::new(None::<String>);
    let replace_now = move |ws: Workspace, summary: String, what: String| {
        let members = ws.members.len();
        sim.replace(ws, summary);
        status.set(Some(format!(
            "已换成{what}（{members} 名团员）。可以用“撤销”换回原来的工作区。"
        )));
    };
    let offer = move |ws: Workspace, summary: String, what: String| {
        let holds_anything = sim
            .ws
            .with_untracked(|w| !w.members.is_empty() || !w.applications.is_empty());
        if holds_anything {
            status.set(None);
            pending.set(Some((ws, summary, what)));
            // The question gets the focus, where the admin is looking.
            set_timeout(
                || {
                    if let Some(e) = document().get_element_by_id("zj-replace-cancel") {
                        let _ = e.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                },
                std::time::Duration::from_millis(0),
            );
        } else {
            replace_now(ws, summary, what);
        }
    };
    let start = move |ev: leptos::ev::Event| {
        let choice = event_target_value(&ev);
        let clock = sim.ws.with_untracked(|ws| ws.clock);
        let (ws, label, what) = match choice.as_str() {
            "sample-2021" => (
                sample(Edition::E2021),
                "载入示例工作区（2021 版）",
                "示例学校（2021 版）",
            ),
            "sample-2019" => (
                sample(Edition::E2019),
                "载入示例工作区（2019 版）",
                "示例学校（2019 版）",
            ),
            "blank-2021" => (
                blank(Edition::E2021, clock),
                "新建空白工作区（2021 版）",
                "空白工作区（2021 版）",
            ),
            "blank-2019" => (
                blank(Edition::E2019, clock),
                "新建空白工作区（2019 版）",
                "空白工作区（2019 版）",
            ),
            _ => return,
        };
        offer(ws, label.into(), what.into());
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
                        offer(
                            ws,
                            format!("导入工作区文件「{name}」"),
                            format!("文件「{name}」中的工作区"),
                        );
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
        match files::download(&name, "application/json", &text) {
            Ok(()) => status.set(Some(format!(
                "已导出「{name}」。文件里有完整的身份证号，请妥善保管，只交给需要的人。"
            ))),
            Err(e) => status.set(Some(e)),
        }
    };
    let confirm = move |_| {
        if let Some((ws, summary, what)) = pending.get_untracked() {
            pending.set(None);
            replace_now(ws, summary, what);
        }
    };
    let ask = move || {
        pending.get().map(|(ws, _, what)| {
            let (orgs, members, apps) = sim
                .ws
                .with(|w| (w.orgs.len(), w.members.len(), w.applications.len()));
            view! {
                <div class="zj-confirm" role="alertdialog" aria-labelledby="zj-replace-title" id="zj-replace">
                    <p id="zj-replace-title"><strong>{format!("要用{what}替换当前工作区吗？")}</strong></p>
                    <p>{format!(
                        "当前工作区有 {orgs} 个组织、{members} 名团员、{apps} 个申请，将全部换成新的（{} 名团员）。替换后本次打开页面期间可以撤销；关闭页面后就不能再换回了，建议先导出一份。",
                        ws.members.len()
                    )}</p>
                    <button type="button" class="zj-secondary" id="zj-replace-export" on:click=export>"先导出 JSON"</button>
                    " "
                    <button type="button" class="zj-danger" id="zj-replace-confirm" on:click=confirm>"替换"</button>
                    " "
                    <button type="button" class="zj-secondary" id="zj-replace-cancel"
                        on:click=move |_| { pending.set(None); status.set(Some("没有替换，当前工作区保持不变。".into())); }>"取消"</button>
                </div>
            }
        })
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
        <p class="zj-action-status" id="zj-toolbar-status" role="status" aria-live="polite">
            {move || status.get()}
        </p>
        {ask}
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
