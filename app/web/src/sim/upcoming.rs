//! The upcoming tab: every waiting step's timer (auto-return or auto-approve) in date
//! order, as the engine's `season::upcoming` lists them.

use leptos::prelude::*;

use super::state::{Sim, Tab};
use crate::util::chinese;

#[component]
pub fn UpcomingTab() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let rows = move || {
        sim.ws.with(|ws| {
            let list = zhuanjie_core::season::upcoming(ws, ws.clock);
            let total = list.len();
            let shown: Vec<_> = list.into_iter().take(300).collect();
            (total, shown)
        })
    };
    view! {
        <section id="zj-upcoming">
            <h2>"即将发生（无人处理时）"</h2>
            {move || {
                let (total, shown) = rows();
                if total == 0 {
                    return view! { <p>"现在没有等待审批的申请。"</p> }.into_any();
                }
                view! {
                    <p class="zj-muted">{format!("共 {total} 个等待中的环节，按日期先后排列{}。", if total > shown.len() { "（只列出前 300 个）" } else { "" })}</p>
                    <div class="zj-scroll"><table class="zj-table">
                        <thead><tr><th>"日期"</th><th>"会发生什么"</th><th>"环节"</th><th>"团员"</th><th>"申请"</th></tr></thead>
                        <tbody>
                            {shown.into_iter().map(|u| {
                                let effect = match u.effect {
                                    zhuanjie_core::calendar::TimerEffect::AutoReturn => "系统自动退回整个申请",
                                    zhuanjie_core::calendar::TimerEffect::AutoApprove => "该环节视为审批通过",
                                };
                                let reminder = u.reminder_on.map(|r| format!("（{} 提醒管理员）", chinese(r))).unwrap_or_default();
                                let member = u.member.clone();
                                view! {
                                    <tr>
                                        <td>{chinese(u.on)}</td>
                                        <td>{effect}{reminder}</td>
                                        <td>{u.step.label()}</td>
                                        <td><button type="button" class="zj-link-button" on:click=move |_| {
                                            sim.member.set(Some(member.clone()));
                                            sim.tab.set(Tab::Members);
                                        }>{u.member_name.clone()}</button></td>
                                        <td>{u.application.clone()}</td>
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
