//! The admin simulator page: a 学社衔接 season of one school in the browser. The layout is a
//! toolbar (start, import / export, undo / redo), the clock, the org tree with the selected
//! org's editor, and four tabs: metrics, members, upcoming timers, and the session's log.
//! Every click becomes an engine command (`state.rs`); the views only read the workspace.
//! This file is the layout, the banner for another tab's save and the tab bar; each part has
//! its own file (`toolbar.rs`, `clock.rs`, `org_tree.rs`, `org_editor.rs`, `metrics_view.rs`,
//! `members.rs`, `upcoming.rs`, `log.rs`).

use leptos::prelude::*;
use zhuanjie_core::autosave as save;
use zhuanjie_core::journal;

use super::bulletin::BulletinTab;
use super::chase::ChaseTab;
use super::clock::Clock;
use super::feedback::FeedbackAt;
use super::log::LogTab;
use super::member_panel::MemberDialog;
use super::members::MembersTab;
use super::metrics_view::MetricsTab;
use super::org_editor::OrgEditor;
use super::org_tree::OrgTree;
use super::state::{Place, Sim, Tab};
use super::toolbar::Toolbar;
use super::upcoming::UpcomingTab;

#[component]
pub fn Simulator() -> impl IntoView {
    let sim = Sim::new();
    provide_context(sim);

    // Every action is saved as it is applied (`state.rs`); here only another tab's writes
    // are noticed.
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        if let Some(key) = ev.key().filter(|k| k == save::KEY || k == journal::KEY) {
            sim.storage_changed(&key, ev.new_value());
        }
    });
    // Every action is in storage when it is shown, except a replacement while its snapshot
    // is being written (about a second for a province): leaving then asks.
    let _ = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if sim.has_unsaved() {
            ev.prevent_default();
            ev.set_return_value("工作区还在保存，现在离开会丢失最近的替换。");
        }
    });

    view! {
        <div class="zj-app zj-sim" data-app-page="admin">
            {sim.notices.view()}
            <ConflictBanner/>
            {move || sim.first_visit.get().then(|| view! {
                <p class="zj-intro" id="zj-sim-intro">
                    "这是一所示例学校的转接季。点“组织”里的一个组织查看它的衔接率；在“团员”中选一名团员，代表团员、转出方或转入方办理转接；用“时钟”推进日期，看系统超时退回或视为通过。所有操作都可以撤销，并自动保存在本浏览器中，不会发送到任何地方。"
                    <button type="button" class="zj-link-button"
                        on:click=move |_| sim.first_visit.set(false)>"知道了"</button>
                </p>
            })}
            <Toolbar/>
            <Clock/>
            <FeedbackAt place=Place::Page/>
            <MemberDialog/>
            <div class="zj-sim-grid">
                <aside class="zj-sim-side">
                    <OrgTree/>
                    <OrgEditor/>
                </aside>
                <section class="zj-sim-main">
                    <Tabs/>
                    {move || match sim.tab.get() {
                        Tab::Metrics => view! { <MetricsTab/> }.into_any(),
                        Tab::Members => view! { <MembersTab/> }.into_any(),
                        Tab::Upcoming => view! { <UpcomingTab/> }.into_any(),
                        Tab::Chase => view! { <ChaseTab/> }.into_any(),
                        Tab::Bulletin => view! { <BulletinTab/> }.into_any(),
                        Tab::Log => view! { <LogTab/> }.into_any(),
                    }}
                </section>
            </div>
            <p class="zj-muted zj-save-status" id="zj-save-status"
                data-stored-chars=move || sim.save_status.get().stored_chars.to_string()
                data-json-bytes=move || sim.save_status.get().json_bytes.to_string()
                data-save-ms=move || format!("{:.1}", sim.save_status.get().millis)
                data-saves=move || sim.save_status.get().count.to_string()
                data-held=move || sim.save_status.get().held.to_string()
                data-longest-ms=move || format!("{:.1}", sim.save_status.get().longest_ms)
                data-journal-entries=move || sim.save_status.get().journal_entries.to_string()
                data-journal-chars=move || sim.save_status.get().journal_chars.to_string()
                data-snapshots=move || sim.save_status.get().snapshots.to_string()>
                {move || sim.save_status.get().text}
            </p>
        </div>
    }
}

#[component]
fn ConflictBanner() -> impl IntoView {
    let sim = expect_context::<Sim>();
    move || {
        sim.conflict.get().then(|| {
            view! {
                <div class="zj-notice zj-conflict" role="alert" id="zj-conflict">
                    <p>"另一个标签页修改并保存了模拟器的工作区。为了不覆盖它，本页已暂停自动保存。请选择："</p>
                    <button type="button" id="zj-take-other"
                        on:click=move |_| sim.take_other_tab()>"载入另一个标签页的版本"</button>
                    " "
                    <button type="button" class="zj-secondary" id="zj-keep-ours"
                        on:click=move |_| sim.keep_ours()>"保留本页的版本并覆盖"</button>
                </div>
            }
        })
    }
}

#[component]
fn Tabs() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let tab = move |t: Tab, id: &'static str, label: &'static str| {
        view! {
            <button type="button" role="tab" id=id class="zj-tab"
                aria-selected=move || (sim.tab.get() == t).to_string()
                on:click=move |_| sim.tab.set(t)>{label}</button>
        }
    };
    view! {
        <div class="zj-tabs" role="tablist">
            {tab(Tab::Metrics, "zj-tab-metrics", "衔接率")}
            {tab(Tab::Members, "zj-tab-members", "团员与申请")}
            {tab(Tab::Upcoming, "zj-tab-upcoming", "即将发生")}
            {tab(Tab::Chase, "zj-tab-chase", "催办清单")}
            {tab(Tab::Bulletin, "zj-tab-bulletin", "通报")}
            {tab(Tab::Log, "zj-tab-log", "操作记录")}
        </div>
    }
}
