//! The result of an action, beside the control that caused it: each place that acts has
//! a slot, and the last action's result (`Sim::feedback`) shows in its place's slot only.
//! The slot is a polite live region (a success is announced); a refusal is an alert.

use leptos::prelude::*;

use super::state::{Place, Sim};

#[component]
pub fn FeedbackAt(place: Place) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let here = move || sim.feedback.get().filter(|f| f.place == place);
    view! {
        <div class="zj-feedback-slot" id=format!("zj-feedback-{}", place.code())
            data-place=place.code() aria-live="polite">
            {move || here().map(|f| if f.ok {
                view! {
                    <p class="zj-feedback zj-ok">
                        <span>{format!("已完成：{}", f.text)}</span>
                        <button type="button" class="zj-link-button zj-feedback-close" aria-label="关闭提示"
                            on:click=move |_| sim.feedback.set(None)>"×"</button>
                    </p>
                }.into_any()
            } else {
                view! {
                    <p class="zj-feedback zj-error-panel" role="alert">
                        <span>{format!("未执行：{}", f.text)}</span>
                        <button type="button" class="zj-link-button zj-feedback-close" aria-label="关闭提示"
                            on:click=move |_| sim.feedback.set(None)>"×"</button>
                    </p>
                }.into_any()
            })}
        </div>
    }
}
