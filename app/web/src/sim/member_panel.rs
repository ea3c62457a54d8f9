//! The selected member's panel: who they are, editing them, the delayed-graduate and
//! teacher marks, their applications (timeline, state at the clock, the actions the engine
//! allows now), and starting a transfer (`initiate.rs`) when none is running.

use std::ops::Not;

use leptos::prelude::*;
use zhuanjie_core::codes::Situation;
use zhuanjie_core::commands::{self, Command};
use zhuanjie_core::process::{self, EventKind, RejectReason};
use zhuanjie_core::workspace::{mask_id_number, OrgKind};

use super::initiate::Initiate;
use super::state::Sim;
use crate::util::chinese;

#[component]
pub fn MemberPanel(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let id = StoredValue::new(id);
    let member = move || {
        sim.ws
            .with(|ws| ws.members.iter().find(|m| m.id == id.get_value()).cloned())
    };
    view! {
        <section class="zj-member-panel" id="zj-member-panel" data-member=id.get_value()>
            {move || member().map(|m| {
                let branch = sim.ws.with(|ws| ws.orgs.iter().find(|o| o.id == m.org).map(|o| o.name.clone()).unwrap_or_else(|| m.org.clone()));
                let mark = m.mark.as_ref().map(|k| match k.kind {
                    zhuanjie_core::workspace::MarkKind::Delayed => format!("延迟毕业团员（新的毕业时间 {}，原因：{}）",
                        k.graduation_month.clone().unwrap_or_default(), k.reason.clone().unwrap_or_default()),
                    zhuanjie_core::workspace::MarkKind::Teacher => "教师".to_string(),
                });
                view! {
                    <div class="zj-row zj-between">
                        <h2 id="zj-member-name">{m.name.clone()}</h2>
                        <button type="button" class="zj-secondary" on:click=move |_| sim.member.set(None)>"关闭"</button>
                    </div>
                    <p class="zj-muted">{format!("{} · {} · {} · {}{}{}",
                        m.id,
                        m.id_number.as_deref().map(mask_id_number).unwrap_or_else(|| "无身份证号".into()),
                        branch,
                        m.plan.map(|s| s.label()).unwrap_or("去向未填"),
                        if m.party_member { " · 党员" } else { "" },
                        m.birth_date.map(|b| format!(" · 生于 {}", chinese(b))).unwrap_or_default())}</p>
                    {mark.map(|t| view! { <p id="zj-member-mark"><strong>"标记："</strong>{t}</p> })}
                }
            })}
            <EditMember id=id.get_value()/>
            <Marks id=id.get_value()/>
            <Applications id=id.get_value()/>
            {move || has_open_application(sim, &id.get_value()).not().then(|| view! { <Initiate id=id.get_value()/> })}
        </section>
    }
}

/// Whether one of the member's applications is still running at the clock (the engine's
/// rule: a new one can only start after it ends).
fn has_open_application(sim: Sim, member: &str) -> bool {
    sim.ws
        .with(|ws| commands::open_application(ws, member).is_some())
}

#[component]
fn EditMember(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let Some(m) = sim
        .ws
        .with_untracked(|ws| ws.members.iter().find(|m| m.id == id).cloned())
    else {
        return ().into_any();
    };
    let name = RwSignal::new(m.name.clone());
    let plan = RwSignal::new(m.plan.map(|p| p.code().to_string()).unwrap_or_default());
    let party = RwSignal::new(m.party_member);
    let post = RwSignal::new(m.holds_league_post);
    let base = StoredValue::new(m.clone());
    let save = move |_| {
        let mut member = base.get_value();
        if let Some(current) = sim
            .ws
            .with_untracked(|ws| ws.members.iter().find(|x| x.id == member.id).cloned())
        {
            member = current;
        }
        member.name = name.get_untracked().trim().to_string();
        member.plan = Situation::ALL
            .into_iter()
            .find(|s| s.code() == plan.get_untracked());
        member.party_member = party.get_untracked();
        member.holds_league_post = post.get_untracked();
        sim.run(Command::EditMember { member });
    };
    view! {
        <details class="zj-edit-member">
            <summary>"修改信息"</summary>
            <div class="zj-row">
                <label>"姓名"<input type="text" id="zj-edit-name"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label>"去向"<select id="zj-edit-plan" on:change=move |ev| plan.set(event_target_value(&ev))>
                    <option value="" selected=m.plan.is_none()>"未填"</option>
                    {Situation::ALL.iter().map(|s| view! {
                        <option value=s.code() selected=m.plan == Some(*s)>{s.label()}</option>
                    }).collect_view()}
                </select></label>
                <label class="zj-inline"><input type="checkbox"
                    prop:checked=move || party.get()
                    on:change=move |ev| party.set(event_target_checked(&ev))/>"中共党员（含预备）"</label>
                <label class="zj-inline"><input type="checkbox"
                    prop:checked=move || post.get()
                    on:change=move |ev| post.set(event_target_checked(&ev))/>"担任团内职务"</label>
                <button type="button" class="zj-secondary" id="zj-edit-save" on:click=save>"保存修改"</button>
            </div>
        </details>
    }
    .into_any()
}

#[component]
fn Marks(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let id = StoredValue::new(id);
    let month = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    move || {
        let has_mark = sim.ws.with(|ws| {
            ws.members
                .iter()
                .find(|m| m.id == id.get_value())
                .is_some_and(|m| m.mark.is_some())
        });
        if has_mark {
            view! {
                <div class="zj-row">
                    <button type="button" class="zj-secondary" id="zj-revoke-mark"
                        on:click=move |_| { sim.run(Command::RevokeMark { member: id.get_value() }); }>"撤销标记"</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <details class="zj-marks">
                    <summary>"标记延迟毕业团员或教师"</summary>
                    <div class="zj-row">
                        <label>"新的毕业时间"<input type="month" id="zj-delay-month"
                            on:input=move |ev| month.set(event_target_value(&ev))/></label>
                        <label class="zj-grow">"延迟毕业原因"<input type="text" id="zj-delay-reason"
                            on:input=move |ev| reason.set(event_target_value(&ev))/></label>
                        <button type="button" class="zj-secondary" id="zj-mark-delayed" on:click=move |_| {
                            sim.run(Command::MarkDelayed { member: id.get_value(), graduation_month: month.get_untracked(), reason: reason.get_untracked() });
                        }>"标记延迟毕业"</button>
                        <button type="button" class="zj-secondary" id="zj-mark-teacher"
                            on:click=move |_| { sim.run(Command::MarkTeacher { member: id.get_value() }); }>"标记为教师"</button>
                    </div>
                </details>
            }
            .into_any()
        }
    }
}

/// The member's applications: timeline, state at the clock, and the actions allowed now.
#[component]
fn Applications(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let id = StoredValue::new(id);
    let reject_reason = RwSignal::new("wrong_data".to_string());
    let assign_branch = RwSignal::new(String::new());
    move || {
        sim.ws.with(|ws| {
            let apps: Vec<usize> = ws
                .applications
                .iter()
                .enumerate()
                .filter(|(_, a)| a.member == id.get_value())
                .map(|(i, _)| i)
                .collect();
            if apps.is_empty() {
                return view! { <p class="zj-muted" id="zj-no-apps">"还没有转接申请。"</p> }.into_any();
            }
            let calendar = ws.calendar();
            let names: std::collections::HashMap<&str, &str> =
                ws.orgs.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
            apps.into_iter().rev().map(|i| {
                let app = &ws.applications[i];
                let process = ws.process_of(app);
                let state = process::state_at(&process, &app.events, ws.clock, &calendar);
                let (code, label) = match &state {
                    Ok(s) => (s.code(), s.label()),
                    Err(e) => ("error", e.to_string()),
                };
                let actions = state.as_ref().map(|s| process::possible_actions(&process, s)).unwrap_or_default();
                let to = app.to_org.as_deref().map(|t| names.get(t).copied().unwrap_or(t).to_string())
                    .or_else(|| app.to_org_name.clone()).unwrap_or_else(|| "（无需选择）".into());
                let branches: Vec<(String, String)> = match &app.to_org {
                    Some(to) => {
                        let index = ws.index();
                        let top = index.position(to);
                        ws.orgs.iter().enumerate()
                            .filter(|(j, o)| o.kind == OrgKind::Branch && top.is_some_and(|t| index.is_under(*j, t)))
                            .map(|(_, o)| (o.id.clone(), o.name.clone())).collect()
                    }
                    None => Vec::new(),
                };
                let app_id = StoredValue::new(app.id.clone());
                let buttons = actions.into_iter().map(|(kind, by, _step)| {
                    let act = move |reason: Option<RejectReason>, branch: Option<String>| {
                        sim.run(Command::Act { application: app_id.get_value(), kind, by, reason, note: None, branch });
                    };
                    match kind {
                        EventKind::Approve => view! {
                            <button type="button" class="zj-act" data-action="approve"
                                on:click=move |_| act(None, None)>{format!("审批通过（{}）", by.label())}</button>
                        }.into_any(),
                        EventKind::Reject => view! {
                            <span class="zj-inline">
                                <select aria-label="退回原因" class="zj-reject-reason"
                                    on:change=move |ev| reject_reason.set(event_target_value(&ev))>
                                    {[RejectReason::WrongData, RejectReason::NotReported, RejectReason::NotEligible].into_iter().map(|r| {
                                        let code = serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                                        view! { <option value=code>{r.label()}</option> }
                                    }).collect_view()}
                                </select>
                                <button type="button" class="zj-secondary zj-act" data-action="reject"
                                    on:click=move |_| {
                                    let r = serde_json::from_value(serde_json::Value::String(reject_reason.get_untracked())).ok();
                                    act(r, None)
                                }>{format!("退回（{}）", by.label())}</button>
                            </span>
                        }.into_any(),
                        EventKind::Withdraw => view! {
                            <button type="button" class="zj-secondary zj-act" data-action="withdraw"
                                on:click=move |_| act(None, None)>{format!("撤回（{}）", by.label())}</button>
                        }.into_any(),
                        EventKind::Assign => {
                            let options = branches.clone();
                            view! {
                                <span class="zj-inline">
                                    <select aria-label="分配到团支部" class="zj-assign-branch"
                                        on:change=move |ev| assign_branch.set(event_target_value(&ev))>
                                        <option value="">"选择团支部……"</option>
                                        {options.into_iter().map(|(bid, bname)| view! {
                                            <option value=bid>{bname}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="button" class="zj-act" data-action="assign" on:click=move |_| {
                                        let b = assign_branch.get_untracked();
                                        act(None, (!b.is_empty()).then_some(b))
                                    }>"分配团支部"</button>
                                </span>
                            }.into_any()
                        }
                        EventKind::Lapse => view! {
                            <button type="button" class="zj-secondary zj-act" data-action="lapse"
                                on:click=move |_| act(None, None)>"记为超龄离团"</button>
                        }.into_any(),
                        EventKind::Submit => ().into_any(),
                    }
                }).collect_view();
                view! {
                    <article class="zj-application" data-application=app.id.clone() data-state=code>
                        <h3>{format!("申请 {}：{}", app.id, label)}</h3>
                        <p class="zj-muted">{format!("{} · 去向：{} · 转入：{} · 发起：{}{}",
                            app.reason.and_then(|r| r.label(ws.edition)).unwrap_or("无需选择原因"),
                            app.destination.label(ws.edition), to, app.initiator.label(),
                            if app.special_province { " · 北京/广东/福建" } else { "" })}</p>
                        <p class="zj-muted">{format!("环节：{}", process.steps.iter().map(|s| s.label()).collect::<Vec<_>>().join(" → "))}</p>
                        <ol class="zj-timeline">
                            {app.events.iter().map(|e| view! {
                                <li><span class="zj-date">{chinese(e.date)}</span>" "{e.kind.label()}"（"{e.by.label()}"）"
                                    {e.reason.map(|r| format!("：{}", r.label()))}
                                    {e.branch.as_deref().map(|b| format!("：{}", names.get(b).copied().unwrap_or(b)))}</li>
                            }).collect_view()}
                        </ol>
                        <div class="zj-actions">{buttons}</div>
                    </article>
                }.into_any()
            }).collect_view().into_any()
        })
    }
}
