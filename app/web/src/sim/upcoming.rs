//! The upcoming tab: the waiting steps of the selected org's applications (leaving or
//! entering its subtree), each with its timer (auto-return or auto-approve), the days left,
//! who must act, and the approval the admin can give from the row; as the engine's
//! `season::upcoming_in` lists them.

use leptos::prelude::*;
use zhuanjie_core::calendar::TimerEffect;
use zhuanjie_core::commands::Command;
use zhuanjie_core::process::{self, EventKind};

use super::feedback::FeedbackAt;
use super::state::{Place, Sim};
use crate::util::chinese;

/// Rows in the DOM at once (a province waits on thousands).
const SHOWN: usize = 300;

#[component]
pub fn UpcomingTab() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let rows = move || {
        let region = sim.region.get();
        sim.ws.with(|ws| {
            let region_name = region
                .as_deref()
                .and_then(|r| ws.org(r))
                .map(|o| o.name.clone())
                .unwrap_or_default();
            let list = zhuanjie_core::season::upcoming_in(ws, region.as_deref(), ws.clock);
            let total = list.len();
            let calendar = ws.calendar();
            let shown: Vec<_> = list
                .into_iter()
                .take(SHOWN)
                .map(|u| {
                    // The approval of the waiting step, as the engine offers it now.
                    let approve = ws
                        .applications
                        .iter()
                        .find(|a| a.id == u.application)
                        .and_then(|a| {
                            let p = ws.process_of(a);
                            let s = process::state_at(&p, &a.events, ws.clock, &calendar).ok()?;
                            process::possible_actions(&p, &s)
                                .into_iter()
                                .find(|(k, _, _)| *k == EventKind::Approve)
                                .map(|(_, by, _)| by)
                        });
                    let days = (u.on - ws.clock).num_days();
                    (u, approve, days)
                })
                .collect();
            (region_name, total, shown)
        })
    };
    view! {
        <section id="zj-upcoming">
            <h2>"即将发生（无人处理时）"</h2>
            <FeedbackAt place=Place::Upcoming/>
            {move || {
                let (region_name, total, shown) = rows();
                if total == 0 {
                    return view! { <p id="zj-upcoming-none">{format!("{region_name}现在没有等待审批的申请。")}</p> }.into_any();
                }
                view! {
                    <p class="zj-muted" id="zj-upcoming-count">{format!(
                        "{region_name}转出或转入的申请中，共 {total} 个环节在等待审批，按到期先后排列{}。",
                        if total > shown.len() { format!("（只列出前 {SHOWN} 个）") } else { String::new() })}</p>
                    <div class="zj-scroll"><table class="zj-table" id="zj-upcoming-table">
                        <thead><tr><th>"到期"</th><th>"团员"</th><th>"等待谁"</th><th>"到期时会怎样"</th><th>"现在处理"</th></tr></thead>
                        <tbody>
                            {shown.into_iter().map(|(u, approve, days)| {
                                let effect = match u.effect {
                                    TimerEffect::AutoReturn => "系统自动退回整个申请",
                                    TimerEffect::AutoApprove => "这一环节视为审批通过",
                                };
                                let reminder = u.reminder_on.map(|r| format!("；{} 提醒管理员", chinese(r))).unwrap_or_default();
                                let left = match days {
                                    0 => "今天到期".to_string(),
                                    d => format!("还有 {d} 天"),
                                };
                                let member = u.member.clone();
                                let open = member.clone();
                                let application = u.application.clone();
                                view! {
                                    <tr data-application=u.application.clone() data-member=u.member.clone()>
                                        <td data-label="到期：">{chinese(u.on)}<span class="zj-muted">{format!("（{left}）")}</span></td>
                                        <td><button type="button" class="zj-link-button zj-upcoming-member" on:click=move |_| {
                                            sim.member.set(Some(open.clone()));
                                        }>{u.member_name.clone()}</button></td>
                                        <td data-label="等待：">{u.waiting_on.clone()}<br/><span class="zj-muted">{u.step.label()}</span></td>
                                        <td data-label="到期时：">{effect}{reminder}</td>
                                        <td>{approve.map(|by| view! {
                                            <button type="button" class="zj-secondary zj-upcoming-approve" on:click=move |_| {
                                                sim.run_in(Place::Upcoming, Command::Act {
                                                    application: application.clone(), kind: EventKind::Approve, by,
                                                    reason: None, note: None, branch: None,
                                                });
                                            }>{format!("审批通过（{}）", by.label())}</button>
                                        })}
                                        " "
                                        <button type="button" class="zj-link-button" on:click=move |_| sim.member.set(Some(member.clone()))>"退回或其他…"</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}
