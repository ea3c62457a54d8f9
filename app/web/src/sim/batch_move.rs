//! The 团总支's batch move: up to 30 members between branches of its own subtree, no
//! approval (S003 Q11). Shown in the org editor of a 团总支.

use leptos::prelude::*;
use zhuanjie_core::commands::Command;
use zhuanjie_core::workspace::OrgKind;

use super::state::Sim;

/// A 团总支 moves up to 30 members between branches of its own subtree (S003 Q11).
#[component]
pub fn BatchMove(org: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let org = StoredValue::new(org);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<String>::new());
    let branches = move || {
        sim.ws.with(|ws| {
            let index = ws.index();
            let top = index.position(&org.get_value());
            ws.orgs
                .iter()
                .enumerate()
                .filter(|(j, o)| {
                    o.kind == OrgKind::Branch && top.is_some_and(|t| index.is_under(*j, t))
                })
                .map(|(_, o)| (o.id.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let run = move |_| {
        if sim.run(Command::BatchMove {
            org: org.get_value(),
            members: picked.get_untracked(),
            to_org: to.get_untracked(),
        }) {
            picked.set(Vec::new());
        }
    };
    view! {
        <details class="zj-batch" id="zj-batch">
            <summary>{concat!("批量转接（团总支，最多 ", zhuanjie_core::batch_max!(), " 人，无需审批）")}</summary>
            <div class="zj-row">
                <label>"从"<select id="zj-batch-from"
                    on:change=move |ev| { from.set(event_target_value(&ev)); picked.set(Vec::new()); }>
                    <option value="">"选择团支部……"</option>
                    {move || branches().into_iter().map(|(id, name)| view! {
                        <option value=id>{name}</option>
                    }).collect_view()}
                </select></label>
                <label>"到"<select id="zj-batch-to" on:change=move |ev| to.set(event_target_value(&ev))>
                    <option value="">"选择团支部……"</option>
                    {move || branches().into_iter().map(|(id, name)| view! {
                        <option value=id>{name}</option>
                    }).collect_view()}
                </select></label>
            </div>
            <ul class="zj-batch-members">
                {move || {
                    let branch = from.get();
                    sim.ws.with(|ws| ws.members.iter().filter(|m| !branch.is_empty() && m.org == branch).map(|m| {
                        let mid = m.id.clone();
                        let checked = picked.with(|p| p.contains(&m.id));
                        view! {
                            <li><label class="zj-inline"><input type="checkbox" class="zj-batch-pick" data-member=m.id.clone()
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let mid = mid.clone();
                                    picked.update(|p| if on { if !p.contains(&mid) { p.push(mid) } } else { p.retain(|x| *x != mid) });
                                }/>{m.name.clone()}</label></li>
                        }
                    }).collect_view())
                }}
            </ul>
            <button type="button" id="zj-batch-run"
                on:click=run>{move || format!("批量转接 {} 人", picked.with(Vec::len))}</button>
        </details>
    }
}
