//! The chase tab (催办清单): for the selected org at the simulated date, the open applications
//! grouped by the org that must act (soonest timer first), each group with the reminder to
//! copy for its admin; the never-started graduates by branch with theirs; filters; and the
//! list's export. The engine (`chase::chase_list`, its reminder drafts) decides everything;
//! nothing is sent anywhere.

use leptos::prelude::*;
use zhuanjie_core::chase::{self, ActorGroup, BranchNotStarted};

/// How the admin orders the list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    /// The engine's: the soonest timer first (groups and rows).
    Due,
    /// The rows waiting longest first; groups by their longest wait.
    Longest,
    /// The groups with the most applications first.
    Most,
    /// Groups by the acting org's name, rows by the member's.
    Name,
}

impl Order {
    const ALL: [(Order, &'static str, &'static str); 4] = [
        (Order::Due, "due", "最早到期的在前"),
        (Order::Longest, "longest", "等待最久的在前"),
        (Order::Most, "most", "申请最多的组织在前"),
        (Order::Name, "name", "按组织名称"),
    ];

    fn from_code(code: &str) -> Order {
        Order::ALL
            .iter()
            .find(|(_, c, _)| *c == code)
            .map_or(Order::Due, |(o, _, _)| *o)
    }

    fn apply(self, groups: &mut [ActorGroup]) {
        match self {
            Order::Due => {}
            Order::Longest => {
                for g in groups.iter_mut() {
                    g.applications.sort_by(|a, b| {
                        b.days.cmp(&a.days).then(a.member_name.cmp(&b.member_name))
                    });
                }
                groups.sort_by_key(|g| {
                    std::cmp::Reverse(g.applications.first().map_or(0, |w| w.days))
                });
            }
            Order::Most => groups.sort_by_key(|g| std::cmp::Reverse(g.applications.len())),
            Order::Name => {
                for g in groups.iter_mut() {
                    g.applications
                        .sort_by(|a, b| a.member_name.cmp(&b.member_name));
                }
                groups.sort_by(|a, b| a.actor.name.cmp(&b.actor.name));
            }
        }
    }
}

use super::exports::{deliver, Export};
use super::feedback::FeedbackAt;
use super::state::{Place, Sim};
use crate::util::{self, chinese, iso};

/// Groups and branches in the DOM at once, and rows per group.
const GROUPS_SHOWN: usize = 60;
const ROWS_SHOWN: usize = 40;

#[component]
pub fn ChaseTab() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let filter = RwSignal::new(String::new());
    let order = RwSignal::new(Order::Due);
    let personal = RwSignal::new(false);
    let writing = RwSignal::new(None::<&'static str>);
    // Computed when the workspace or the org changes, not on each keystroke of the filter.
    let list = Memo::new(move |_| {
        let region = sim.region.get();
        sim.ws.with(|ws| {
            chase::chase_list(ws, region.as_deref(), ws.clock).map_err(|e| e.to_string())
        })
    });
    let export = move |xlsx: bool| {
        let personal_data = personal.get_untracked();
        let region = sim.region.get_untracked();
        let made = sim.ws.with_untracked(|ws| -> Result<Export, String> {
            let list =
                chase::chase_list(ws, region.as_deref(), ws.clock).map_err(|e| e.to_string())?;
            let name = format!("催办清单-{}-{}", list.region_name, iso(ws.clock));
            Ok(if xlsx {
                Export::Xlsx(
                    format!("{name}.xlsx"),
                    zhuanjie_roster::chase_sheets(ws, &list, personal_data),
                )
            } else {
                Export::Csv(
                    format!("{name}.csv"),
                    zhuanjie_roster::chase_csv(ws, &list, personal_data),
                )
            })
        });
        deliver(sim, Place::Chase, writing, made);
    };
    view! {
        <section id="zj-chase">
            <h2>"催办清单"</h2>
            <p class="zj-muted">"每个待审批的申请该由哪个组织办理、已经等了几天、系统哪天会处理；还没发起的毕业生按团支部列出。催办消息只生成文字，复制后由你发到群里。"</p>
            <div class="zj-row">
                <label class="zj-inline">"筛选（组织或姓名）"
                    <input type="search" id="zj-chase-filter" prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))/>
                </label>
                <label class="zj-inline">"排序"
                    <select id="zj-chase-sort" on:change=move |ev| order.set(Order::from_code(&event_target_value(&ev)))>
                        {Order::ALL.iter().map(|(o, code, label)| view! {
                            <option value=*code selected=order.get_untracked() == *o>{*label}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            {move || match list.get() {
                Err(e) => view! { <p class="zj-error" role="alert">{e}</p> }.into_any(),
                Ok(list) => {
                    let needle = filter.get().trim().to_string();
                    let matches = |text: &str| needle.is_empty() || text.contains(&needle);
                    let mut groups: Vec<ActorGroup> = list
                        .groups
                        .iter()
                        .filter(|g| matches(&g.actor.name) || g.applications.iter().any(|w| matches(&w.member_name) || matches(&w.branch_name)))
                        .cloned()
                        .collect();
                    order.get().apply(&mut groups);
                    let branches: Vec<BranchNotStarted> = list
                        .not_started
                        .iter()
                        .filter(|b| matches(&b.branch_name) || b.members.iter().any(|m| matches(&m.name)))
                        .cloned()
                        .collect();
                    view! {
                        <p id="zj-chase-count" data-at=iso(list.at)>{format!(
                            "{}，{}：{} 个申请在等待办理，分在 {} 个组织；{} 人还没有发起。",
                            list.region_name, chinese(list.at), list.waiting.len(), list.groups.len(), list.not_started_total
                        )}</p>
                        <h3>"待审批（按办理组织，最早到期的在前）"</h3>
                        {groups.is_empty().then(|| view! { <p id="zj-chase-none">"没有等待办理的申请。"</p> })}
                        {(groups.len() > GROUPS_SHOWN).then(|| view! {
                            <p class="zj-muted">{format!("只列出前 {GROUPS_SHOWN} 个组织；用上面的筛选或导出查看全部。")}</p>
                        })}
                        {groups.into_iter().take(GROUPS_SHOWN).map(|g| group_view(sim, g)).collect_view()}
                        <h3>"还没有发起的毕业生（按团支部）"</h3>
                        {branches.is_empty().then(|| view! { <p>"没有还没发起的毕业生。"</p> })}
                        {branches.into_iter().take(GROUPS_SHOWN).map(|b| branch_view(sim, b)).collect_view()}
                    }.into_any()
                }
            }}
            <h3>"导出催办清单"</h3>
            <div class="zj-row zj-exports">
                <button type="button" class="zj-secondary" id="zj-chase-csv" on:click=move |_| export(false)>"CSV"</button>
                <button type="button" class="zj-secondary" id="zj-chase-xlsx" on:click=move |_| export(true)>"Excel"</button>
                <label class="zj-inline">
                    <input type="checkbox" id="zj-chase-personal" on:change=move |ev| personal.set(event_target_checked(&ev))/>
                    "包含完整身份证号（我在导出个人信息，会妥善保管）"
                </label>
            </div>
            <p class="zj-muted zj-status" id="zj-chase-status" role="status">{move || writing.get().unwrap_or_default()}</p>
            <FeedbackAt place=Place::Chase/>
        </section>
    }
}

/// A button that copies `text`, and says beside it whether it did; with the text under it
/// to read (`shown`), or the button alone.
fn copy_button(
    id_class: &'static str,
    label: &'static str,
    text: String,
    shown: bool,
) -> impl IntoView {
    let status = RwSignal::new(None::<(bool, &'static str)>);
    let text = StoredValue::new(text);
    let copy = move |_| {
        let text = text.get_value();
        leptos::task::spawn_local(async move {
            let done = util::copy_text(&text, None).await;
            status.set(Some(if done {
                (true, "已复制，可以粘贴到群里。")
            } else {
                (false, "复制失败：请展开“消息内容”手动选中复制。")
            }));
        });
    };
    view! {
        <div class="zj-row zj-copy-row">
            <button type="button" class=format!("zj-secondary {id_class}") on:click=copy>{label}</button>
            {move || status.get().map(|(ok, said)| view! {
                <span class="zj-copy-status" class:zj-error=!ok role="status">{said}</span>
            })}
        </div>
        {shown.then(|| view! {
            <details class="zj-reminder"><summary>"消息内容"</summary><p>{text.get_value()}</p></details>
        })}
    }
}

fn group_view(sim: Sim, g: ActorGroup) -> impl IntoView {
    let reminder = chase::group_reminder(&g);
    let n = g.applications.len();
    let key = g.actor.org.clone().unwrap_or_else(|| g.actor.name.clone());
    let earliest = g
        .applications
        .iter()
        .find(|w| w.due_on.is_some())
        .map(|w| w.then.clone())
        .unwrap_or_else(|| g.applications[0].then.clone());
    let more = n.saturating_sub(ROWS_SHOWN);
    view! {
        <section class="zj-chase-group" data-org=key>
            <h4>{g.actor.name.clone()}<span class="zj-muted">{format!("（{}）", g.actor.role)}</span></h4>
            <p class="zj-muted">{format!("{n} 个申请；最早的：{earliest}")}</p>
            {copy_button("zj-copy-group", "复制催办消息", reminder, true)}
            <div class="zj-scroll"><table class="zj-table zj-chase-table">
                <thead><tr><th>"团员"</th><th>"所在团支部"</th><th>"等待环节"</th><th>"已等"</th><th>"到期后"</th></tr></thead>
                <tbody>
                    {g.applications.into_iter().take(ROWS_SHOWN).map(|w| {
                        let member = w.member.clone();
                        view! {
                            <tr data-application=w.application.clone()>
                                <td><button type="button" class="zj-link-button zj-chase-member"
                                    on:click=move |_| sim.member.set(Some(member.clone()))>{w.member_name.clone()}</button></td>
                                <td data-label="所在团支部：">{w.branch_name.clone()}</td>
                                <td data-label="等待环节：">{w.step_label}</td>
                                <td data-label="已等：">{format!("{} 天（自 {}）", w.days, chinese(w.since))}</td>
                                <td data-label="到期后：">{w.then.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            {(more > 0).then(|| view! { <p class="zj-muted">{format!("还有 {more} 个申请没有列出（导出可见全部）。")}</p> })}
        </section>
    }
}

/// Members listed with their own reminder button per branch, at most.
const MEMBERS_SHOWN: usize = 60;

fn branch_view(sim: Sim, b: BranchNotStarted) -> impl IntoView {
    let reminder = chase::branch_reminder(&b);
    let n = b.members.len();
    let more = n.saturating_sub(MEMBERS_SHOWN);
    let branch_name = b.branch_name.clone();
    view! {
        <section class="zj-chase-branch" data-org=b.branch.clone()>
            <h4>{format!("{}（{n} 人）", b.branch_name)}</h4>
            {copy_button("zj-copy-branch", "复制给团支部的消息", reminder, true)}
            <ul class="zj-chase-members">
                {b.members.iter().take(MEMBERS_SHOWN).map(|m| {
                    let open = m.member.clone();
                    let text = chase::member_reminder(&branch_name, m);
                    view! {
                        <li data-member=m.member.clone()>
                            <button type="button" class="zj-link-button zj-chase-member"
                                on:click=move |_| sim.member.set(Some(open.clone()))>{m.name.clone()}</button>
                            {copy_button("zj-copy-member", "复制给本人的提醒", text, false)}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p class="zj-muted">{format!("还有 {more} 人没有列出（导出可见全部）。")}</p> })}
        </section>
    }
}
