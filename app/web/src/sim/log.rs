//! The log tab: what was done, oldest first, kept across reloads; each line with the time
//! it was done and the simulated date after it (the engine's history keeps it).

use leptos::prelude::*;

use super::state::Sim;
use crate::util::chinese;

/// The browser's time of day for a log line (local time, as the admin's clock shows it).
fn time_of_day(at_ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms));
    format!(
        "{}月{}日 {:02}:{:02}:{:02}",
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

#[component]
pub fn LogTab() -> impl IntoView {
    let sim = expect_context::<Sim>();
    view! {
        <section id="zj-log">
            <h2>"操作记录"</h2>
            {move || sim.history.with(|h| {
                let log = h.log();
                if log.is_empty() {
                    view! { <p>"还没有操作。"</p> }.into_any()
                } else {
                    view! {
                        <ol class="zj-log">{log.iter().map(|l| view! {
                            <li>
                                <span class="zj-muted">{format!("{}（模拟日期 {}）", time_of_day(l.at_ms), chinese(l.date))}</span>
                                " "{l.text.clone()}
                            </li>
                        }).collect_view()}</ol>
                    }.into_any()
                }
            })}
        </section>
    }
}
