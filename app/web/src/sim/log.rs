//! The log tab: what was done in this session, oldest first.

use leptos::prelude::*;

use super::state::Sim;

#[component]
pub fn LogTab() -> impl IntoView {
    let sim = expect_context::<Sim>();
    view! {
        <section id="zj-log">
            <h2>"本次操作记录"</h2>
            {move || {
                let log = sim.log.get();
                if log.is_empty() {
                    view! { <p>"还没有操作。"</p> }.into_any()
                } else {
                    view! { <ol class="zj-log">{log.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ol> }.into_any()
                }
            }}
        </section>
    }
}
