//! The 团总支's batch move: up to 30 members between branches of its own subtree, no
//! approval (S003 Q11). Shown in the org editor of a 团总支.

use leptos::prelude::*;
use zhuanjie_core::commands::{self, Command};
use zhuanjie_core::status;
use zhuanjie_core::workspace::OrgKind;

use super::feedback::FeedbackAt;
use super::state::{Place, Sim};

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
        if sim.run_in(
            Place::Batch,
            Command::BatchMove {
                org: org.get_value(),
                members: picked.get_untracked(),
                to_org: to.get_untracked(),
            },
        ) {
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
            {move || {
                let branch = from.get();
                let target = to.get();
                if branch.is_empty() {
                    return None;
                }
                // Each member of the branch, with the engine's status and, before the run,
                // why the move would refuse them.
                let listed: Vec<(String, String, &'static str, Option<String>)> = sim.ws.with(|ws| {
                    let statuses = status::statuses_at(ws, ws.clock);
                    ws.members.iter().zip(statuses).filter(|(m, _)| m.org == branch).map(|(m, st)| {
                        let why = commands::batch_member_refusal(ws, &org.get_value(), m,
                            (!target.is_empty()).then_some(target.as_str())).map(|e| e.message);
                        (m.id.clone(), m.name.clone(), st.status.label(), why)
                    }).collect()
                });
                let eligible: Vec<String> = listed.iter().filter(|x| x.3.is_none()).map(|x| x.0.clone()).collect();
                let all = eligible.clone();
                let count = eligible.len();
                Some(view! {
                    <p class="zj-row">
                        <button type="button" class="zj-secondary" id="zj-batch-all"
                            disabled=count == 0
                            on:click=move |_| picked.set(all.iter().take(zhuanjie_core::policy::BATCH_MAX).cloned().collect())>
                            {if count > zhuanjie_core::policy::BATCH_MAX {
                                format!("选前 {} 名可转的团员", zhuanjie_core::policy::BATCH_MAX)
                            } else {
                                format!("全选可转的团员（{count} 人）")
                            }}
                        </button>
                        <button type="button" class="zj-secondary" id="zj-batch-none"
                            on:click=move |_| picked.set(Vec::new())>"全不选"</button>
                    </p>
                    <ul class="zj-batch-members">
                        {listed.into_iter().map(|(mid, name, label, why)| {
                            let checked = picked.with(|p| p.contains(&mid));
                            let blocked = why.is_some();
                            let id_for_change = mid.clone();
                            view! {
                                <li class:zj-ineligible=blocked data-member=mid.clone()>
                                    <label class="zj-inline"><input type="checkbox" class="zj-batch-pick" data-member=mid.clone()
                                        prop:checked=checked disabled=blocked
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let mid = id_for_change.clone();
                                            picked.update(|p| if on { if !p.contains(&mid) { p.push(mid) } } else { p.retain(|x| *x != mid) });
                                        }/>{name}</label>
                                    <span class="zj-muted">{format!(" · {label}")}</span>
                                    {why.map(|w| view! { <span class="zj-batch-why">{format!(" · 不能批量转接：{w}")}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
            <button type="button" id="zj-batch-run"
                on:click=run>{move || format!("批量转接 {} 人", picked.with(Vec::len))}</button>
            <FeedbackAt place=Place::Batch/>
        </details>
    }
}
