//! The clock: the simulated date, a day or a week on, a jump to a date or a milestone, and
//! what the last move did (timers that returned or approved on the way).

use chrono::{Datelike, Days, NaiveDate};
use leptos::prelude::*;

use super::state::Sim;
use crate::util::{chinese, iso};

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
            Err(_) => sim
                .refusal
                .set(Some(format!("「{text}」不是有效的日期（应为 年-月-日）"))),
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
                {move || sim.ws.with(zhuanjie_core::season::milestones).into_iter().map(|(date, label)| {
                    let title = label.clone();
                    view! {
                        <button type="button" class="zj-secondary zj-milestone" title=title
                            on:click=move |_| { sim.set_clock(date); }>
                            {format!("{}月{}日", date.month(), date.day())}
                        </button>
                    }
                }).collect_view()}
            </span>
            <p class="zj-muted" id="zj-clock-move" aria-live="polite">
                {move || sim.last_clock_move.get().map(|(from, to, moved)| format!(
                    "时钟从 {} 拨到 {}：期间{}。",
                    chinese(from), chinese(to),
                    moved.what_happened().unwrap_or_else(|| "没有超时到期的申请".into())))}
            </p>
        </div>
    }
}
