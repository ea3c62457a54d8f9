use leptos::prelude::*;

#[component]
pub fn Simulator() -> impl IntoView {
    view! { <div class="zj-app zj-sim" data-app-page="admin"><p>"模拟器"</p></div> }
}
