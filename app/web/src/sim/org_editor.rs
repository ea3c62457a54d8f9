//! The selected org's editor: rename, kind, purpose and system, graduation month, add a
//! child, move, delete, and a 团总支's batch move.

use leptos::prelude::*;
use zhuanjie_core::codes::EmployerSystem;
use zhuanjie_core::commands::Command;
use zhuanjie_core::workspace::{Org, OrgKind, OrgPurpose};

use super::batch_move::BatchMove;
use super::feedback::FeedbackAt;
use super::state::{Place, Sim};

/// The kind a form's value names (a 团支部 when it names none).
fn kind_from(code: &str) -> OrgKind {
    OrgKind::from_code(code).unwrap_or(OrgKind::Branch)
}

const PURPOSES: [(Option<OrgPurpose>, &str, &str); 6] = [
    (None, "", "普通组织"),
    (Some(OrgPurpose::Floating), "floating", "流动团员团支部"),
    (
        Some(OrgPurpose::Overseas),
        "overseas",
        "出国（境）学习研究团员团支部",
    ),
    (
        Some(OrgPurpose::Temporary),
        "temporary",
        "学社衔接临时团支部",
    ),
    (Some(OrgPurpose::Delayed), "delayed", "延迟毕业团组织"),
    (
        Some(OrgPurpose::SpecialLibrary),
        "special_library",
        "特殊单位专属库",
    ),
];

/// What the admin has typed into the editor. Made once, so a draft survives the editor
/// re-rendering on a workspace change.
#[derive(Clone, Copy)]
struct Drafts {
    name: RwSignal<String>,
    month: RwSignal<String>,
    child_name: RwSignal<String>,
    child_kind: RwSignal<String>,
    new_parent: RwSignal<String>,
    /// Whether the editing part is open: kept while the editor re-renders after an action.
    open: RwSignal<bool>,
}

/// The selected org: rename, kind and purpose, graduation month, add a child, move, delete,
/// and a 团总支's batch move.
#[component]
pub fn OrgEditor() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let selected = move || {
        let id = sim.region.get()?;
        sim.ws
            .with(|ws| ws.orgs.iter().find(|o| o.id == id).cloned())
    };
    let d = Drafts {
        name: RwSignal::new(String::new()),
        month: RwSignal::new(String::new()),
        child_name: RwSignal::new(String::new()),
        child_kind: RwSignal::new("branch".to_string()),
        new_parent: RwSignal::new(String::new()),
        open: RwSignal::new(false),
    };
    Effect::new(move |_| {
        if let Some(org) = selected() {
            d.name.set(org.name.clone());
            d.month
                .set(org.graduation_month.clone().unwrap_or_default());
        }
    });
    move || selected().map(|org| editor(sim, d, org))
}

fn editor(sim: Sim, d: Drafts, org: Org) -> impl IntoView {
    let id = StoredValue::new(org.id.clone());
    let kind = org.kind;
    let parents = sim.orgs.with(|orgs| {
        orgs.iter()
            .filter(|o| o.kind != OrgKind::Branch && o.id != org.id)
            .map(|o| (o.id.clone(), o.name.clone()))
            .collect::<Vec<_>>()
    });
    let name = d.name;
    let rename = move |_| {
        sim.run_in(
            Place::Org,
            Command::RenameOrg {
                id: id.get_value(),
                name: name.get_untracked(),
            },
        );
    };
    view! {
        <section class="zj-org-editor" aria-label="组织详情" id="zj-org-editor" data-org=org.id.clone()>
            <h2>{org.name.clone()}</h2>
            <p class="zj-muted">{org.kind.label()}</p>
            <details class="zj-org-edit" id="zj-org-edit" prop:open=d.open.get_untracked()
                on:toggle=move |ev| d.open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"编辑本组织（改名、类型、下级组织、移动、删除）"</summary>
            <div class="zj-row">
                <label class="zj-grow">"名称"
                    <input type="text" id="zj-org-name" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <button type="button" class="zj-secondary" id="zj-org-rename" on:click=rename>"改名"</button>
            </div>
            {kind_row(sim, id, &org)}
            {(kind == OrgKind::Branch).then(|| month_row(sim, d, id))}
            {(kind != OrgKind::Branch).then(|| child_row(sim, d, id))}
            {move_row(sim, d, id, parents)}
            </details>
            <FeedbackAt place=Place::Org/>
            {(kind == OrgKind::GeneralBranch).then(|| view! { <BatchMove org=org.id.clone()/> })}
        </section>
    }
}

/// Kind, purpose and system: each change is one `EditOrg` keeping the other two.
fn kind_row(sim: Sim, id: StoredValue<String>, org: &Org) -> impl IntoView {
    let kind = org.kind;
    let purpose = org.purpose;
    let system = org.system;
    let edit = move |kind, purpose, system| {
        sim.run_in(
            Place::Org,
            Command::EditOrg {
                id: id.get_value(),
                kind,
                purpose,
                system,
            },
        );
    };
    let set_kind =
        move |ev: leptos::ev::Event| edit(kind_from(&event_target_value(&ev)), purpose, system);
    let set_purpose = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        edit(
            kind,
            PURPOSES.iter().find(|p| p.1 == code).and_then(|p| p.0),
            system,
        );
    };
    let set_system = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        edit(
            kind,
            purpose,
            EmployerSystem::ALL.into_iter().find(|s| s.code() == code),
        );
    };
    view! {
        <div class="zj-row">
            <label>"类别"<select id="zj-org-kind" on:change=set_kind>
                {OrgKind::ALL.iter().map(|k| view! {
                    <option value=k.code() selected=*k == kind>{k.label()}</option>
                }).collect_view()}
            </select></label>
            <label>"用途"<select id="zj-org-purpose" on:change=set_purpose>
                {PURPOSES.iter().map(|p| view! {
                    <option value=p.1 selected=p.0 == purpose>{p.2}</option>
                }).collect_view()}
            </select></label>
            <label>"所属系统"<select id="zj-org-system" on:change=set_system>
                <option value="" selected=system.is_none()>"按地域（非系统团委）"</option>
                {EmployerSystem::ALL.iter().map(|s| view! {
                    <option value=s.code() selected=Some(*s) == system>{s.committee()}</option>
                }).collect_view()}
            </select></label>
        </div>
    }
}

/// A 团支部's graduation month: set or clear.
fn month_row(sim: Sim, d: Drafts, id: StoredValue<String>) -> impl IntoView {
    let month = d.month;
    let set_month = move |_| {
        let m = month.get_untracked();
        sim.run_in(
            Place::Org,
            Command::SetGraduationMonth {
                org: id.get_value(),
                month: (!m.trim().is_empty()).then(|| m.trim().to_string()),
            },
        );
    };
    let clear_month = move |_| {
        sim.run_in(
            Place::Org,
            Command::SetGraduationMonth {
                org: id.get_value(),
                month: None,
            },
        );
    };
    view! {
        <div class="zj-row">
            <label>"团员毕业时间"
                <input type="month" id="zj-org-month" prop:value=move || month.get()
                    on:input=move |ev| month.set(event_target_value(&ev))/>
            </label>
            <button type="button" class="zj-secondary" id="zj-org-set-month" on:click=set_month>
                "标记毕业时间"
            </button>
            <button type="button" class="zj-secondary" on:click=clear_month>"清除"</button>
        </div>
    }
}

/// A new child org (any kind, a 团支部 by default), selected once added.
fn child_row(sim: Sim, d: Drafts, id: StoredValue<String>) -> impl IntoView {
    let (child_name, child_kind) = (d.child_name, d.child_kind);
    let add_child = move |_| {
        let parent = id.get_value();
        let new_id = sim.ws.with_untracked(|ws| {
            (1..)
                .map(|n| format!("{parent}-N{n}"))
                .find(|c| !ws.orgs.iter().any(|o| &o.id == c))
                .unwrap_or_default()
        });
        let kind = kind_from(&child_kind.get_untracked());
        if sim.run_in(
            Place::Org,
            Command::AddOrg {
                org: Org::new(&new_id, &child_name.get_untracked(), kind, Some(&parent)),
            },
        ) {
            child_name.set(String::new());
            sim.region.set(Some(new_id));
        }
    };
    view! {
        <div class="zj-row">
            <label class="zj-grow">"新增下级组织"
                <input type="text" id="zj-child-name" placeholder="名称"
                    prop:value=move || child_name.get()
                    on:input=move |ev| child_name.set(event_target_value(&ev))/>
            </label>
            <select id="zj-child-kind" aria-label="下级组织类别"
                on:change=move |ev| child_kind.set(event_target_value(&ev))>
                {OrgKind::ALL.iter().map(|k| view! {
                    <option value=k.code() selected=*k == OrgKind::Branch>{k.label()}</option>
                }).collect_view()}
            </select>
            <button type="button" class="zj-secondary" id="zj-child-add" on:click=add_child>"新增"</button>
        </div>
    }
}

/// Moving the org under another parent, and deleting it.
fn move_row(
    sim: Sim,
    d: Drafts,
    id: StoredValue<String>,
    parents: Vec<(String, String)>,
) -> impl IntoView {
    let new_parent = d.new_parent;
    let move_org = move |_| {
        let parent = new_parent.get_untracked();
        if parent.is_empty() {
            sim.tell(Place::Org, false, "请先选择新的上级组织");
            return;
        }
        sim.run_in(
            Place::Org,
            Command::MoveOrg {
                id: id.get_value(),
                parent,
            },
        );
    };
    let delete = move |_| {
        sim.run_in(Place::Org, Command::DeleteOrg { id: id.get_value() });
    };
    view! {
        <div class="zj-row">
            <label class="zj-grow">"移动到"
                <select id="zj-org-parent" on:change=move |ev| new_parent.set(event_target_value(&ev))>
                    <option value="">"选择新的上级……"</option>
                    {parents.into_iter().map(|(pid, pname)| view! {
                        <option value=pid>{pname}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="button" class="zj-secondary" id="zj-org-move" on:click=move_org>"移动"</button>
            <button type="button" class="zj-danger" id="zj-org-delete" on:click=delete>"删除"</button>
        </div>
    }
}
