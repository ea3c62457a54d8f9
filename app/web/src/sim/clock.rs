//! The clock: the simulated date, a day or a week on, a jump to a date or a milestone, and
//! what the last move did (timers that returned or approved on the way).

use chrono::{Datelike, Days, NaiveDate};
use leptos::prelude::*;
use zhuanjie_core::calendar::TimerEffect;
use zhuanjie_core::commands::{self, Command};

use super::feedback::FeedbackAt;
use super::state::{Place, Sim};
use crate::util::{chinese, iso};

/// How many of a move's timers are listed by name (the sentence counts them all).
const FIRED_SHOWN: usize = 100;

/// Whom the last move's timers returned or approved: each opens the member; a returned
/// application starts again with the same destination in one click (`Reinitiate`).
#[component]
fn FiredList() -> impl IntoView {
    let sim = expect_context::<Sim>();
    move || {
        let (_, _, moved) = sim.last_clock_move.get()?;
        if moved.fired.is_empty() {
            return None;
        }
        let total = moved.fired.len();
        let rows = moved.fired.into_iter().take(FIRED_SHOWN).map(|f| {
            let member = f.member.clone();
            let application = f.application.clone();
            let effect = match f.effect {
                TimerEffect::AutoReturn => "系统自动退回",
                TimerEffect::AutoApprove => "视为审批通过",
            };
            // The engine's answer: not when the member already started again.
            let can_again = sim.ws.with(|ws| {
                commands::reinitiate_refusal(ws, &f.application).is_none()
            });
            view! {
                <li data-application=f.application.clone()>
                    <span class="zj-date">{chinese(f.on)}</span>" "
                    <button type="button" class="zj-link-button zj-fired-member"
                        on:click=move |_| sim.member.set(Some(member.clone()))>{f.member_name.clone()}</button>
                    {format!("：{effect}（{}）", f.step.label())}
                    {can_again.then(|| view! {
                        " "
                        <button type="button" class="zj-secondary zj-reinitiate"
                            on:click=move |_| { sim.run_in(Place::Clock, Command::Reinitiate { application: application.clone() }); }>
                            "按原去向重新发起"</button>
                    })}
                </li>
            }
        }).collect_view();
        Some(view! {
            <details class="zj-fired" id="zj-fired" open=total <= 10>
                <summary>{format!("查看是哪些团员（{total} 条）")}</summary>
                <ul>{rows}</ul>
                {(total > FIRED_SHOWN).then(|| view! {
                    <p class="zj-muted">{format!("只列出前 {FIRED_SHOWN} 条；每名团员的申请记录里都有这一条。")}</p>
                })}
            </details>
        })
    }
}

#[component]
pub fn Clock() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let clock = move || sim.ws.with(|ws| ws.clock);
    let step = move |days: u64| {
        let to = clock() + Days::new(days);
        sim.set_clock(to);
    };
    let typed = RwSignal::new(String::new());
    let jump = move |_| {
        let text = typed.get_untracked();
        match text.trim().parse::<NaiveDate>() {
            Ok(d) => {
                sim.set_clock(d);
            }
            Err(_) => sim.tell(
                Place::Clock,
                false,
                format!("「{text}」不是有效的日期（应为 年-月-日）"),
            ),
        }
    };
    view! {
        <div class="zj-clock">
            <strong>"模拟日期："</strong>
            <span id="zj-clock" data-date=move || iso(clock())>{move || chinese(clock())}</span>
            <button type="button" id="zj-plus-day" on:click=move |_| step(1)>"+1 天"</button>
            <button type="button" id="zj-plus-week" on:click=move |_| step(7)>"+1 周"</button>
            <input type="date" id="zj-clock-input" aria-label="跳到日期"
                prop:value=move || iso(clock()) on:input=move |ev| typed.set(event_target_value(&ev))/>
            <button type="button" class="zj-secondary" id="zj-clock-go" on:click=jump>"跳到"</button>
            <span class="zj-milestones">
                {move || {
                    let now = clock();
                    sim.ws.with(zhuanjie_core::season::milestones).into_iter().map(|(date, label)| {
                        // A day already passed is not a jump ahead: shown, but disabled, saying so.
                        let past = date <= now;
                        let title = if past { format!("{label}（这一天已经过了）") } else { label.clone() };
                        view! {
                            <button type="button" class="zj-secondary zj-milestone" title=title.clone()
                                aria-label=title disabled=past data-date=iso(date)
                                on:click=move |_| { sim.set_clock(date); }>
                                {format!("{}月{}日", date.month(), date.day())}
                                {past.then_some("（已过）")}
                            </button>
                        }
                    }).collect_view()
                }}
            </span>
            <p class="zj-muted" id="zj-clock-move" aria-live="polite">
                {move || sim.last_clock_move.get().map(|(from, to, moved)| format!(
                    "时钟从 {} 拨到 {}：期间{}。",
                    chinese(from), chinese(to),
                    moved.what_happened().unwrap_or_else(|| "没有超时到期的申请".into())))}
            </p>
            <FiredList/>
            <FeedbackAt place=Place::Clock/>
        </div>
    }
}
