//! The selected member's panel: who they are, editing them, the delayed-graduate and
//! teacher marks, their applications (timeline, state at the clock, the actions the engine
//! allows now), and starting a transfer (`initiate.rs`) when the engine allows one.
//!
//! It opens as a dialog where the admin is looking (a side panel on a PC, the whole screen
//! on a phone), whichever list it was opened from, with the focus on the member's name;
//! Esc, 关闭 or a click beside it closes it and the focus goes back to where it was.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zhuanjie_core::calendar::TimerEffect;
use zhuanjie_core::codes::Situation;
use zhuanjie_core::commands::{self, Command};
use zhuanjie_core::process::{self, EventKind, RejectReason};
use zhuanjie_core::status::Status;
use zhuanjie_core::workspace::{mask_id_number, OrgKind};

use super::feedback::FeedbackAt;
use super::initiate::Initiate;
use super::state::{Place, Sim};
use crate::util::chinese;

/// The dialog that holds the selected member's panel (`Sim::member`).
#[component]
pub fn MemberDialog() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let open = sim.member.get().is_some();
        // A result said in the panel belongs to the member it was said for.
        if sim
            .feedback
            .with_untracked(|f| f.as_ref().is_some_and(|f| f.place == Place::Member))
        {
            sim.feedback.set(None);
        }
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            let _ = d.show_modal();
        }
        if !open && d.open() {
            d.close();
        }
        if open {
            if let Some(name) = document().get_element_by_id("zj-member-name") {
                let _ = name.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    });
    view! {
        <dialog node_ref=dialog class="zj-member-dialog" id="zj-member-dialog"
            aria-labelledby="zj-member-name"
            on:close=move |_| sim.member.set(None)
            on:click=move |ev| {
                // A click on the backdrop lands on the dialog itself, not on its content.
                if ev.target() == ev.current_target() {
                    sim.member.set(None);
                }
            }>
            {move || sim.member.get().map(|id| view! { <MemberPanel id/> })}
        </dialog>
    }
}

#[component]
fn MemberPanel(id: String) -> impl IntoView {
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
                        <h2 id="zj-member-name" tabindex="-1">{m.name.clone()}</h2>
                        <button type="button" class="zj-secondary" id="zj-member-close"
                            on:click=move |_| sim.member.set(None)>"关闭"</button>
                    </div>
                    <p class="zj-muted">{format!("学号 {} · {} · {} · {}{}{}",
                        m.id,
                        m.id_number.as_deref().map(mask_id_number).unwrap_or_else(|| "无身份证号".into()),
                        branch,
                        m.plan.map(|s| s.label()).unwrap_or("去向未填"),
                        if m.party_member { " · 党员" } else { "" },
                        m.birth_date.map(|b| format!(" · 生于 {}", chinese(b))).unwrap_or_default())}</p>
                    {mark.map(|t| view! { <p id="zj-member-mark"><strong>"标记："</strong>{t}</p> })}
                }
            })}
            <FeedbackAt place=Place::Member/>
            <EditMember id=id.get_value()/>
            <Marks id=id.get_value()/>
            <Applications id=id.get_value()/>
            {move || match sim.ws.with(|ws| commands::can_start(ws, &id.get_value())) {
                Ok(()) => view! { <Initiate id=id.get_value()/> }.into_any(),
                Err(why) => view! { <p class="zj-muted" id="zj-no-initiate">{why.message}</p> }.into_any(),
            }}
        </section>
    }
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
        sim.run_in(Place::Member, Command::EditMember { member });
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
                        on:click=move |_| { sim.run_in(Place::Member, Command::RevokeMark { member: id.get_value() }); }>"撤销标记"</button>
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
                            sim.run_in(Place::Member, Command::MarkDelayed { member: id.get_value(), graduation_month: month.get_untracked(), reason: reason.get_untracked() });
                        }>"标记延迟毕业"</button>
                        <button type="button" class="zj-secondary" id="zj-mark-teacher"
                            on:click=move |_| { sim.run_in(Place::Member, Command::MarkTeacher { member: id.get_value() }); }>"标记为教师"</button>
                    </div>
                </details>
            }
            .into_any()
        }
    }
}

/// The member's applications, newest first: the status (the engine's one status), the
/// timeline with what the timers did, and the actions the engine allows now. 退回 needs a
/// reason chosen beside it and a second click; 记为超龄离团 shows only where it applies; a
/// returned or withdrawn application starts again in one click (`Reinitiate`).
#[component]
fn Applications(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let id = StoredValue::new(id);
    let reject_reason = RwSignal::new(String::new());
    // The application whose 退回 waits for the second click.
    let confirming = RwSignal::new(None::<String>);
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
            let newest = apps.last().copied();
            let calendar = ws.calendar();
            let names: std::collections::HashMap<&str, &str> =
                ws.orgs.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
            let member = ws.member(&id.get_value());
            let lapse_applies = member.is_some_and(|m| commands::lapse_refusal(ws, m).is_none());
            apps.into_iter().rev().map(|i| {
                let app = &ws.applications[i];
                let process = ws.process_of(app);
                let state = process::state_at(&process, &app.events, ws.clock, &calendar);
                let (code, label) = match &state {
                    Ok(s) => (s.code(), Status::of(s, app).label().to_string()),
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
                        confirming.set(None);
                        sim.run_in(Place::Member, Command::Act { application: app_id.get_value(), kind, by, reason, note: None, branch });
                    };
                    match kind {
                        EventKind::Approve => view! {
                            <button type="button" class="zj-act" data-action="approve"
                                on:click=move |_| act(None, None)>{format!("审批通过（{}）", by.label())}</button>
                        }.into_any(),
                        EventKind::Reject => {
                            let reason_of = move || reject_reason.with(|c| RejectReason::from_code(c));
                            view! {
                                <span class="zj-inline zj-reject">
                                    <label class="zj-inline">"退回原因"
                                        <select class="zj-reject-reason"
                                            on:change=move |ev| { reject_reason.set(event_target_value(&ev)); confirming.set(None); }>
                                            <option value="" selected=move || reject_reason.with(String::is_empty)>"请选择……"</option>
                            {RejectReason::ALL.into_iter().map(|r| view! {
                                                <option value=r.code()>{r.label()}</option>
                                            }).collect_view()}
                                        </select>
                                    </label>
                                    {move || match (confirming.get() == Some(app_id.get_value()), reason_of()) {
                                        (true, Some(r)) => view! {
                                            <button type="button" class="zj-danger zj-act" data-action="reject-confirm"
                                                on:click=move |_| act(Some(r), None)>{format!("确认退回（{}）", r.label())}</button>
                                            <button type="button" class="zj-secondary" data-action="reject-cancel"
                                                on:click=move |_| confirming.set(None)>"不退回"</button>
                                        }.into_any(),
                                        _ => view! {
                                            <button type="button" class="zj-secondary zj-act" data-action="reject"
                                                on:click=move |_| {
                                                    if reason_of().is_some() {
                                                        confirming.set(Some(app_id.get_value()));
                                                    } else {
                                                        sim.tell(Place::Member, false, "请先在“退回”旁选择退回原因");
                                                    }
                                                }>{format!("退回（{}）", by.label())}</button>
                                        }.into_any(),
                                    }}
                                </span>
                            }.into_any()
                        }
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
                        EventKind::Lapse if lapse_applies => view! {
                            <button type="button" class="zj-secondary zj-act" data-action="lapse"
                                on:click=move |_| act(None, None)>"记为超龄离团"</button>
                        }.into_any(),
                        EventKind::Lapse | EventKind::Submit => ().into_any(),
                    }
                }).collect_view();
                let again = (Some(i) == newest && commands::reinitiate_refusal(ws, &app.id).is_none()).then(|| view! {
                    <button type="button" class="zj-act" data-action="reinitiate"
                        on:click=move |_| { sim.run_in(Place::Member, Command::Reinitiate { application: app_id.get_value() }); }>
                        "按原去向重新发起"</button>
                });
                // The events and, between them, what the timers did (a return ends it).
                let fired = process::timers_fired(&process, &app.events, ws.clock, &calendar).unwrap_or_default();
                let mut lines: Vec<(chrono::NaiveDate, String, bool)> = app.events.iter().map(|e| {
                    let mut text = format!("{}（{}）", e.kind.label(), e.by.label());
                    if let Some(r) = e.reason { text.push_str(&format!("：{}", r.label())); }
                    if let Some(b) = e.branch.as_deref() { text.push_str(&format!("：{}", names.get(b).copied().unwrap_or(b))); }
                    (e.date, text, false)
                }).collect();
                lines.extend(fired.into_iter().map(|due| {
                    let text = match due.effect {
                        TimerEffect::AutoReturn => format!("系统自动退回（{}超时未审批）", due.step.label()),
                        TimerEffect::AutoApprove => format!("视为审批通过（{}超时未审批）", due.step.label()),
                    };
                    (due.on, text, true)
                }));
                // Stable: on one day, the events come before the timer that followed them.
                lines.sort_by_key(|(date, _, timer)| (*date, *timer));
                let submitted = app.events.first().map(|e| chinese(e.date)).unwrap_or_default();
                // A 团总支's batch move is no transfer of the member's: said as what it is.
                let heading = if app.initiator == process::Initiator::Batch {
                    format!("{submitted}团总支批量转接到{to}（无需审批）")
                } else {
                    format!("{submitted}发起的转接：{label}")
                };
                let steps = (!process.steps.is_empty()).then(|| format!(
                    "环节：{}", process.steps.iter().map(|s| s.label()).collect::<Vec<_>>().join(" → ")));
                view! {
                    <article class="zj-application" data-application=app.id.clone() data-state=code>
                        <h3>{heading}</h3>
                        <p class="zj-muted">{format!("{} · 去向：{} · 转入：{} · 发起：{}{}",
                            app.reason.and_then(|r| r.label(ws.edition)).unwrap_or("无需选择原因"),
                            app.destination.label(ws.edition), to, app.initiator.label(),
                            if app.special_province { " · 北京/广东/福建" } else { "" })}</p>
                        {steps.map(|s| view! { <p class="zj-muted">{s}</p> })}
                        <ol class="zj-timeline">
                            {lines.into_iter().map(|(date, text, timer)| view! {
                                <li class:zj-timer=timer><span class="zj-date">{chinese(date)}</span>" "{text}</li>
                            }).collect_view()}
                        </ol>
                        <div class="zj-actions">{buttons}{again}</div>
                        <p class="zj-muted zj-details">{format!("申请编号 {}", app.id)}</p>
                    </article>
                }.into_any()
            }).collect_view().into_any()
        })
    }
}
