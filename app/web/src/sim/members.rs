//! The members tab: a filtered, paged roster (fast at 50,000 rows: only one page is in the
//! DOM), the selected member's panel (edit, marks, applications with their timelines and
//! the actions the engine allows now, starting a transfer with the checker's outcome), and
//! the 团总支's batch move.

use std::ops::Not;

use leptos::prelude::*;
use zhuanjie_core::answers::{Key, Value};
use zhuanjie_core::codes::{Destination, Situation};
use zhuanjie_core::commands::{self, Command};
use zhuanjie_core::flow::{self, Input};
use zhuanjie_core::process::{self, EventKind, Initiator, RejectReason};
use zhuanjie_core::rules;
use zhuanjie_core::workspace::{mask_id_number, Member, OrgKind, Workspace};

use super::app::chinese;
use super::state::Sim;
use zhuanjie_core::status::{self, Class, Side, Status};

const PAGE: usize = 50;

/// One roster row: the member and the engine's one status of them at the clock (the
/// same the metrics and the exports read).
#[derive(Clone)]
struct Row {
    index: usize,
    state: Status,
    side: Side,
    class: Class,
}

fn roster(ws: &Workspace) -> Vec<Row> {
    status::statuses_at(ws, ws.clock)
        .into_iter()
        .enumerate()
        .map(|(index, s)| Row {
            index,
            state: s.status,
            side: s.side,
            class: s.class,
        })
        .collect()
}

#[derive(Clone, Default, PartialEq)]
struct Filter {
    text: String,
    branch: String,
    plan: String,
    state: String,
    side: String,
    not_started: bool,
}

impl Filter {
    fn keeps(&self, m: &Member, row: &Row) -> bool {
        let text = self.text.trim();
        (text.is_empty()
            || m.name.contains(text)
            || m.id.contains(text)
            || m.id_number.as_deref().is_some_and(|n| n.contains(text)))
            && (self.branch.is_empty() || m.org == self.branch)
            && (self.plan.is_empty() || m.plan.map(|p| p.code()) == Some(self.plan.as_str()))
            && (self.state.is_empty() || row.state.code() == self.state)
            && (self.side.is_empty() || (self.side == "sx") == (row.side == Side::Sx))
            && (!self.not_started || row.state == Status::NotStarted)
    }
}

#[component]
pub fn MembersTab() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let filter = RwSignal::new(Filter::default());
    let page = RwSignal::new(0usize);
    let rows = Memo::new(move |_| {
        let f = filter.get();
        sim.ws.with(|ws| {
            roster(ws)
                .into_iter()
                .filter(|r| f.keeps(&ws.members[r.index], r))
                .map(|r| (r.index, r.state, r.side, r.class))
                .collect::<Vec<_>>()
        })
    });
    let branches = move || {
        sim.ws.with(|ws| {
            ws.orgs
                .iter()
                .filter(|o| o.kind == OrgKind::Branch)
                .map(|o| (o.id.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let set = move |f: fn(&mut Filter, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filter.update(|x| f(x, v));
            page.set(0);
        }
    };
    let table = move || {
        let all = rows.get();
        let total = all.len();
        let pages = total.div_ceil(PAGE).max(1);
        let p = page.get().min(pages - 1);
        let selected = sim.member.get();
        sim.ws.with(|ws| {
            let names: std::collections::HashMap<&str, &str> =
                ws.orgs.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
            let body = all
                .iter()
                .skip(p * PAGE)
                .take(PAGE)
                .map(|&(i, state, side, class)| {
                    let m = &ws.members[i];
                    let id = m.id.clone();
                    let is_selected = selected.as_deref() == Some(m.id.as_str());
                    let mark = m.mark.as_ref().map(|k| match k.kind {
                        zhuanjie_core::workspace::MarkKind::Delayed => "延迟毕业",
                        zhuanjie_core::workspace::MarkKind::Teacher => "教师",
                    });
                    view! {
                        <tr data-member=m.id.clone() data-state=state.code() class:zj-selected=is_selected>
                            <td><button type="button" class="zj-link-button zj-member-open" on:click=move |_| sim.member.set(Some(id.clone()))>{m.name.clone()}</button></td>
                            <td>{m.id_number.as_deref().map(mask_id_number).unwrap_or_default()}</td>
                            <td>{names.get(m.org.as_str()).copied().unwrap_or(m.org.as_str()).to_string()}</td>
                            <td>{m.plan.map(|s| s.label()).unwrap_or("未填")}</td>
                            <td>{match class {
                                Class::Counted => if side == Side::Sx { "SX" } else { "XS" },
                                other => other.label(),
                            }}</td>
                            <td>{match mark {
                                Some(mark) => format!("{mark} · {}", state.label()),
                                None => state.label().to_string(),
                            }}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p class="zj-muted" id="zj-member-count">{format!("共 {total} 人，第 {} / {pages} 页", p + 1)}</p>
                <div class="zj-scroll"><table class="zj-table" id="zj-members">
                    <thead><tr><th>"姓名"</th><th>"身份证号"</th><th>"团支部"</th><th>"去向"</th><th>"类别"</th><th>"状态"</th></tr></thead>
                    <tbody>{body}</tbody>
                </table></div>
                <div class="zj-pager">
                    <button type="button" class="zj-secondary" id="zj-page-prev" disabled=p == 0 on:click=move |_| page.update(|x| *x = x.saturating_sub(1))>"上一页"</button>
                    <button type="button" class="zj-secondary" id="zj-page-next" disabled={p + 1 >= pages} on:click=move |_| page.update(|x| *x += 1)>"下一页"</button>
                </div>
            }
        })
    };
    view! {
        <section id="zj-members-tab">
            {move || sim.member.get().map(|id| view! { <MemberPanel id/> })}
            <h2>"团员"</h2>
            <div class="zj-filters">
                <input type="search" id="zj-member-search" placeholder="姓名、学号或身份证号" aria-label="搜索团员"
                    on:input=set(|f, v| f.text = v)/>
                <select id="zj-filter-branch" aria-label="团支部" on:change=set(|f, v| f.branch = v)>
                    <option value="">"全部团支部"</option>
                    {move || branches().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
                <select id="zj-filter-plan" aria-label="去向" on:change=set(|f, v| f.plan = v)>
                    <option value="">"全部去向"</option>
                    {Situation::ALL.iter().map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                </select>
                <select id="zj-filter-state" aria-label="状态" on:change=set(|f, v| f.state = v)>
                    <option value="">"全部状态"</option>
                    {Status::ALL.into_iter().map(|c| view! { <option value=c.code()>{c.label()}</option> }).collect_view()}
                </select>
                <select id="zj-filter-side" aria-label="类别" on:change=set(|f, v| f.side = v)>
                    <option value="">"SX 与 XS"</option>
                    <option value="sx">"升学（SX）"</option>
                    <option value="xs">"社会（XS）"</option>
                </select>
                <label class="zj-inline"><input type="checkbox" id="zj-filter-not-started"
                    on:change=move |ev| { let c = event_target_checked(&ev); filter.update(|f| f.not_started = c); page.set(0); }/>"只看未发起"</label>
            </div>
            {table}
            <AddMember/>
        </section>
    }
}

#[component]
fn AddMember() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let name = RwSignal::new(String::new());
    let branch = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let birth = RwSignal::new(String::new());
    let plan = RwSignal::new(String::new());
    let add = move |_| {
        let birth_text = birth.get_untracked();
        let birth_date = match birth_text.trim() {
            "" => None,
            t => match t.parse() {
                Ok(d) => Some(d),
                Err(_) => {
                    sim.refusal.set(Some(format!(
                        "出生日期「{t}」不是有效的日期（应为 年-月-日）"
                    )));
                    return;
                }
            },
        };
        let id = sim.ws.with_untracked(|ws| {
            (ws.members.len() + 1..)
                .map(|n| format!("M-NEW-{n}"))
                .find(|c| !ws.members.iter().any(|m| &m.id == c))
                .unwrap_or_default()
        });
        let idn = id_number.get_untracked();
        let member = Member {
            id: id.clone(),
            name: name.get_untracked().trim().to_string(),
            id_number: (!idn.trim().is_empty()).then(|| idn.trim().to_string()),
            org: branch.get_untracked(),
            birth_date,
            holds_league_post: false,
            party_member: false,
            plan: Situation::ALL
                .into_iter()
                .find(|s| s.code() == plan.get_untracked()),
            mark: None,
        };
        if sim.run(Command::AddMember { member }) {
            name.set(String::new());
            id_number.set(String::new());
            sim.member.set(Some(id));
        }
    };
    view! {
        <details class="zj-add-member">
            <summary>"新增团员"</summary>
            <div class="zj-row">
                <label>"姓名"<input type="text" id="zj-new-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label>"团支部"<select id="zj-new-branch" on:change=move |ev| branch.set(event_target_value(&ev))>
                    <option value="">"选择……"</option>
                    {move || sim.ws.with(|ws| ws.orgs.iter().filter(|o| o.kind == OrgKind::Branch)
                        .map(|o| view! { <option value=o.id.clone()>{o.name.clone()}</option> }).collect_view())}
                </select></label>
                <label>"身份证号"<input type="text" id="zj-new-idn" prop:value=move || id_number.get() on:input=move |ev| id_number.set(event_target_value(&ev))/></label>
                <label>"出生日期"<input type="date" id="zj-new-birth" on:input=move |ev| birth.set(event_target_value(&ev))/></label>
                <label>"去向"<select id="zj-new-plan" on:change=move |ev| plan.set(event_target_value(&ev))>
                    <option value="">"未填"</option>
                    {Situation::ALL.iter().map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                </select></label>
                <button type="button" id="zj-new-add" on:click=add>"新增"</button>
            </div>
        </details>
    }
}

#[component]
fn MemberPanel(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let id = StoredValue::new(id);
    let member = move || {
        sim.ws
            .with(|ws| ws.members.iter().find(|m| m.id == id.get_value()).cloned())
    };
    view! {
        <section class="zj-member-panel" id="zj-member-panel" data-member=id.get_value()>
            {move || member().map(|m| {
                let branch = sim.ws.with(|ws| ws.orgs.iter().find(|o| o.id == m.org).map(|o| o.name.clone()).unwrap_or_else(|| m.org.clone()));
                let mark = m.mark.as_ref().map(|k| match k.kind {
                    zhuanjie_core::workspace::MarkKind::Delayed => format!("延迟毕业团员（新的毕业时间 {}，原因：{}）",
                        k.graduation_month.clone().unwrap_or_default(), k.reason.clone().unwrap_or_default()),
                    zhuanjie_core::workspace::MarkKind::Teacher => "教师".to_string(),
                });
                view! {
                    <div class="zj-row zj-between">
                        <h2 id="zj-member-name">{m.name.clone()}</h2>
                        <button type="button" class="zj-secondary" on:click=move |_| sim.member.set(None)>"关闭"</button>
                    </div>
                    <p class="zj-muted">{format!("{} · {} · {} · {}{}{}",
                        m.id,
                        m.id_number.as_deref().map(mask_id_number).unwrap_or_else(|| "无身份证号".into()),
                        branch,
                        m.plan.map(|s| s.label()).unwrap_or("去向未填"),
                        if m.party_member { " · 党员" } else { "" },
                        m.birth_date.map(|b| format!(" · 生于 {}", chinese(b))).unwrap_or_default())}</p>
                    {mark.map(|t| view! { <p id="zj-member-mark"><strong>"标记："</strong>{t}</p> })}
                }
            })}
            <EditMember id=id.get_value()/>
            <Marks id=id.get_value()/>
            <Applications id=id.get_value()/>
            {move || has_open_application(sim, &id.get_value()).not().then(|| view! { <Initiate id=id.get_value()/> })}
        </section>
    }
}

/// Whether one of the member's applications is still running at the clock (the engine's
/// rule: a new one can only start after it ends).
fn has_open_application(sim: Sim, member: &str) -> bool {
    sim.ws
        .with(|ws| commands::open_application(ws, member).is_some())
}

/// A short Chinese name for an answer key, for the "已知" line.
fn key_label(key: Key) -> &'static str {
    match key {
        Key::Age => "年龄",
        Key::HoldsLeaguePost => "团内职务",
        Key::Situation => "去向",
        Key::SameSchool => "本校升学",
        Key::Dispatched => "劳务派遣",
        Key::UserUnitHasOrg => "用工单位有团组织",
        Key::EmployerHasOrg => "单位有团组织",
        Key::EmployerSystem => "系统",
        Key::RetainAtSchool => "暂留学校",
        Key::SpecialProvince => "北京/广东/福建",
        Key::DestinationIsBranch => "转入的是团支部",
        Key::PartyMember => "党员",
    }
}

#[component]
fn EditMember(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let Some(m) = sim
        .ws
        .with_untracked(|ws| ws.members.iter().find(|m| m.id == id).cloned())
    else {
        return ().into_any();
    };
    let name = RwSignal::new(m.name.clone());
    let plan = RwSignal::new(m.plan.map(|p| p.code().to_string()).unwrap_or_default());
    let party = RwSignal::new(m.party_member);
    let post = RwSignal::new(m.holds_league_post);
    let base = StoredValue::new(m.clone());
    let save = move |_| {
        let mut member = base.get_value();
        if let Some(current) = sim
            .ws
            .with_untracked(|ws| ws.members.iter().find(|x| x.id == member.id).cloned())
        {
            member = current;
        }
        member.name = name.get_untracked().trim().to_string();
        member.plan = Situation::ALL
            .into_iter()
            .find(|s| s.code() == plan.get_untracked());
        member.party_member = party.get_untracked();
        member.holds_league_post = post.get_untracked();
        sim.run(Command::EditMember { member });
    };
    view! {
        <details class="zj-edit-member">
            <summary>"修改信息"</summary>
            <div class="zj-row">
                <label>"姓名"<input type="text" id="zj-edit-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label>"去向"<select id="zj-edit-plan" on:change=move |ev| plan.set(event_target_value(&ev))>
                    <option value="" selected=m.plan.is_none()>"未填"</option>
                    {Situation::ALL.iter().map(|s| view! { <option value=s.code() selected=m.plan == Some(*s)>{s.label()}</option> }).collect_view()}
                </select></label>
                <label class="zj-inline"><input type="checkbox" prop:checked=move || party.get() on:change=move |ev| party.set(event_target_checked(&ev))/>"中共党员（含预备）"</label>
                <label class="zj-inline"><input type="checkbox" prop:checked=move || post.get() on:change=move |ev| post.set(event_target_checked(&ev))/>"担任团内职务"</label>
                <button type="button" class="zj-secondary" id="zj-edit-save" on:click=save>"保存修改"</button>
            </div>
        </details>
    }
    .into_any()
}

#[component]
fn Marks(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let id = StoredValue::new(id);
    let month = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    move || {
        let has_mark = sim.ws.with(|ws| {
            ws.members
                .iter()
                .find(|m| m.id == id.get_value())
                .is_some_and(|m| m.mark.is_some())
        });
        if has_mark {
            view! {
                <div class="zj-row">
                    <button type="button" class="zj-secondary" id="zj-revoke-mark" on:click=move |_| { sim.run(Command::RevokeMark { member: id.get_value() }); }>"撤销标记"</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <details class="zj-marks">
                    <summary>"标记延迟毕业团员或教师"</summary>
                    <div class="zj-row">
                        <label>"新的毕业时间"<input type="month" id="zj-delay-month" on:input=move |ev| month.set(event_target_value(&ev))/></label>
                        <label class="zj-grow">"延迟毕业原因"<input type="text" id="zj-delay-reason" on:input=move |ev| reason.set(event_target_value(&ev))/></label>
                        <button type="button" class="zj-secondary" id="zj-mark-delayed" on:click=move |_| {
                            sim.run(Command::MarkDelayed { member: id.get_value(), graduation_month: month.get_untracked(), reason: reason.get_untracked() });
                        }>"标记延迟毕业"</button>
                        <button type="button" class="zj-secondary" id="zj-mark-teacher" on:click=move |_| { sim.run(Command::MarkTeacher { member: id.get_value() }); }>"标记为教师"</button>
                    </div>
                </details>
            }
            .into_any()
        }
    }
}

/// The member's applications: timeline, state at the clock, and the actions allowed now.
#[component]
fn Applications(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let id = StoredValue::new(id);
    let reject_reason = RwSignal::new("wrong_data".to_string());
    let assign_branch = RwSignal::new(String::new());
    move || {
        sim.ws.with(|ws| {
            let apps: Vec<usize> = ws
                .applications
                .iter()
                .enumerate()
                .filter(|(_, a)| a.member == id.get_value())
                .map(|(i, _)| i)
                .collect();
            if apps.is_empty() {
                return view! { <p class="zj-muted" id="zj-no-apps">"还没有转接申请。"</p> }.into_any();
            }
            let calendar = ws.calendar();
            let names: std::collections::HashMap<&str, &str> =
                ws.orgs.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
            apps.into_iter().rev().map(|i| {
                let app = &ws.applications[i];
                let process = ws.process_of(app);
                let state = process::state_at(&process, &app.events, ws.clock, &calendar);
                let (code, label) = match &state {
                    Ok(s) => (s.code(), s.label()),
                    Err(e) => ("error", e.to_string()),
                };
                let actions = state.as_ref().map(|s| process::possible_actions(&process, s)).unwrap_or_default();
                let to = app.to_org.as_deref().map(|t| names.get(t).copied().unwrap_or(t).to_string())
                    .or_else(|| app.to_org_name.clone()).unwrap_or_else(|| "（无需选择）".into());
                let branches: Vec<(String, String)> = match &app.to_org {
                    Some(to) => {
                        let index = ws.index();
                        let top = index.position(to);
                        ws.orgs.iter().enumerate()
                            .filter(|(j, o)| o.kind == OrgKind::Branch && top.is_some_and(|t| index.is_under(*j, t)))
                            .map(|(_, o)| (o.id.clone(), o.name.clone())).collect()
                    }
                    None => Vec::new(),
                };
                let app_id = StoredValue::new(app.id.clone());
                let buttons = actions.into_iter().map(|(kind, by, _step)| {
                    let act = move |reason: Option<RejectReason>, branch: Option<String>| {
                        sim.run(Command::Act { application: app_id.get_value(), kind, by, reason, note: None, branch });
                    };
                    match kind {
                        EventKind::Approve => view! {
                            <button type="button" class="zj-act" data-action="approve" on:click=move |_| act(None, None)>{format!("审批通过（{}）", by.label())}</button>
                        }.into_any(),
                        EventKind::Reject => view! {
                            <span class="zj-inline">
                                <select aria-label="退回原因" class="zj-reject-reason" on:change=move |ev| reject_reason.set(event_target_value(&ev))>
                                    {[RejectReason::WrongData, RejectReason::NotReported, RejectReason::NotEligible].into_iter().map(|r| {
                                        let code = serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                                        view! { <option value=code>{r.label()}</option> }
                                    }).collect_view()}
                                </select>
                                <button type="button" class="zj-secondary zj-act" data-action="reject" on:click=move |_| {
                                    let r = serde_json::from_value(serde_json::Value::String(reject_reason.get_untracked())).ok();
                                    act(r, None)
                                }>{format!("退回（{}）", by.label())}</button>
                            </span>
                        }.into_any(),
                        EventKind::Withdraw => view! {
                            <button type="button" class="zj-secondary zj-act" data-action="withdraw" on:click=move |_| act(None, None)>{format!("撤回（{}）", by.label())}</button>
                        }.into_any(),
                        EventKind::Assign => {
                            let options = branches.clone();
                            view! {
                                <span class="zj-inline">
                                    <select aria-label="分配到团支部" class="zj-assign-branch" on:change=move |ev| assign_branch.set(event_target_value(&ev))>
                                        <option value="">"选择团支部……"</option>
                                        {options.into_iter().map(|(bid, bname)| view! { <option value=bid>{bname}</option> }).collect_view()}
                                    </select>
                                    <button type="button" class="zj-act" data-action="assign" on:click=move |_| {
                                        let b = assign_branch.get_untracked();
                                        act(None, (!b.is_empty()).then_some(b))
                                    }>"分配团支部"</button>
                                </span>
                            }.into_any()
                        }
                        EventKind::Lapse => view! {
                            <button type="button" class="zj-secondary zj-act" data-action="lapse" on:click=move |_| act(None, None)>"记为超龄离团"</button>
                        }.into_any(),
                        EventKind::Submit => ().into_any(),
                    }
                }).collect_view();
                view! {
                    <article class="zj-application" data-application=app.id.clone() data-state=code>
                        <h3>{format!("申请 {}：{}", app.id, label)}</h3>
                        <p class="zj-muted">{format!("{} · 去向：{} · 转入：{} · 发起：{}{}",
                            app.reason.and_then(|r| r.label(ws.edition)).unwrap_or("无需选择原因"),
                            app.destination.label(ws.edition), to, app.initiator.label(),
                            if app.special_province { " · 北京/广东/福建" } else { "" })}</p>
                        <p class="zj-muted">{format!("环节：{}", process.steps.iter().map(|s| s.label()).collect::<Vec<_>>().join(" → "))}</p>
                        <ol class="zj-timeline">
                            {app.events.iter().map(|e| view! {
                                <li><span class="zj-date">{chinese(e.date)}</span>" "{e.kind.label()}"（"{e.by.label()}"）"
                                    {e.reason.map(|r| format!("：{}", r.label()))}
                                    {e.branch.as_deref().map(|b| format!("：{}", names.get(b).copied().unwrap_or(b)))}</li>
                            }).collect_view()}
                        </ol>
                        <div class="zj-actions">{buttons}</div>
                    </article>
                }.into_any()
            }).collect_view().into_any()
        })
    }
}

/// Starting a transfer: the member's situation goes through the checker's questions, the
/// engine's outcome gives the reason and destinations, the admin picks the org.
#[component]
fn Initiate(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let id = StoredValue::new(id);
    let answers = RwSignal::new(
        sim.ws
            .with_untracked(|ws| commands::member_answers(ws, &id.get_value())),
    );
    let initiator = RwSignal::new(Initiator::Member);
    let destination = RwSignal::new(None::<Destination>);
    let to_org = RwSignal::new(String::new());
    let to_name = RwSignal::new(String::new());
    move || {
        let Some(current) = answers.get() else {
            return ().into_any();
        };
        let next = flow::next_question(&current);
        let question = next.map(|q| {
            let key = q.key;
            let choices: Vec<(String, String)> = match q.input {
                Input::Choices(list) => list.iter().map(|c| (c.value.code(), c.label.to_string())).collect(),
                Input::Age { min, max } => (min..=max).map(|a| (a.to_string(), format!("{a} 周岁"))).collect(),
            };
            let pick = move |ev: leptos::ev::Event| {
                let code = event_target_value(&ev);
                let Some(q) = flow::question(key) else { return };
                let value = match q.input {
                    Input::Choices(list) => list.iter().find(|c| c.value.code() == code).map(|c| c.value),
                    Input::Age { .. } => code.parse().ok().map(Value::Age),
                };
                if let Some(v) = value {
                    answers.update(|a| if let Some(a) = a { let _ = a.set(key, v); });
                }
            };
            view! {
                <label class="zj-field">{q.prompt}
                    <select class="zj-initiate-question" data-key=key.code() on:change=pick>
                        <option value="">"请选择……"</option>
                        {choices.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                    </select>
                </label>
            }
        });
        let outcome = next.is_none().then(|| rules::evaluate(&current));
        let outcome_view = outcome.map(|o| match o {
            Err(e) => view! { <p class="zj-error">{e.to_string()}</p> }.into_any(),
            Ok(o) if !commands::outcome_starts_transfer(&o) => view! {
                <p id="zj-initiate-outcome">{o.title}"：无需发起转接。"{o.warnings.first().map(|w| w.text.clone())}</p>
            }.into_any(),
            Ok(o) => {
                let mut options = vec![o.destination];
                options.extend(o.alternatives.iter().copied());
                if destination.get_untracked().is_none_or(|d| !options.contains(&d)) {
                    destination.set(Some(o.destination));
                }
                let special = current.flag(Key::SpecialProvince) == Some(true);
                let special_unit = o.destination == Destination::SpecialUnitLibrary;
                let edition = o.edition;
                let outcome = StoredValue::new(o.clone());
                let answered = StoredValue::new(current.clone());
                let orgs = sim.ws.with(|ws| ws.orgs.iter().map(|x| (x.id.clone(), format!("{}（{}）", x.name, x.kind.label()))).collect::<Vec<_>>());
                // The engine turns the outcome and the admin's choice into the command.
                let submit = move |_| {
                    let Some(dest) = destination.get_untracked() else { return };
                    let choice = commands::InitiateChoice {
                        initiator: initiator.get_untracked(),
                        destination: dest,
                        to_org: Some(to_org.get_untracked()),
                        to_org_name: Some(to_name.get_untracked()),
                    };
                    let made = outcome.with_value(|o| {
                        answered.with_value(|a| commands::initiate_from_outcome(&id.get_value(), a, o, choice))
                    });
                    match made {
                        Ok(command) => {
                            sim.run(command);
                        }
                        Err(e) => sim.refusal.set(Some(e.message)),
                    }
                };
                view! {
                    <div id="zj-initiate-outcome" class="zj-box">
                        <p class="zj-big">{o.title}</p>
                        <p>{format!("接转原因：{}", o.reason_label.unwrap_or("无需选择"))}</p>
                        <label class="zj-field">"去向"
                            <select id="zj-initiate-destination" on:change=move |ev| {
                                let code = event_target_value(&ev);
                                destination.set(Destination::ALL.into_iter().find(|d| d.code() == code));
                            }>
                                {options.iter().map(|d| view! { <option value=d.code() selected=Some(*d) == destination.get_untracked()>{d.label(edition)}</option> }).collect_view()}
                            </select>
                        </label>
                        {(!special && !special_unit).then(|| view! {
                            <label class="zj-field">"转入组织（本工作区的组织）"
                                <select id="zj-initiate-org" on:change=move |ev| to_org.set(event_target_value(&ev))>
                                    <option value="">"不在本工作区（在下面填写名称）"</option>
                                    {orgs.into_iter().map(|(oid, oname)| view! { <option value=oid>{oname}</option> }).collect_view()}
                                </select>
                            </label>
                        })}
                        {(!special_unit).then(|| view! {
                            <label class="zj-field">{if special { "转入组织名称和地址（北京/广东/福建，手工填写）" } else { "或手工填写组织名称" }}
                                <input type="text" id="zj-initiate-name" on:input=move |ev| to_name.set(event_target_value(&ev))/>
                            </label>
                        })}
                        <button type="button" id="zj-initiate-submit" on:click=submit>"发起转接"</button>
                    </div>
                }.into_any()
            }
        });
        view! {
            <details class="zj-initiate" open=true>
                <summary>"发起转接"</summary>
                <label class="zj-field">"发起人"
                    <select id="zj-initiator" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        initiator.set(match v.as_str() { "out_org" => Initiator::OutOrg, "in_org" => Initiator::InOrg, _ => Initiator::Member });
                    }>
                        {[Initiator::Member, Initiator::OutOrg, Initiator::InOrg].into_iter().map(|i| view! {
                            <option value=i.code() selected=initiator.get_untracked() == i>{i.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <p class="zj-muted">{format!("已知：{}", flow::path(&current).iter().map(|(q, v)| format!("{}：{}", key_label(q.key), q.choice_label(*v))).collect::<Vec<_>>().join("；"))}
                    " "<button type="button" class="zj-link-button" on:click=move |_| answers.set(sim.ws.with_untracked(|ws| commands::member_answers(ws, &id.get_value())))>"重新回答"</button></p>
                {question}
                {outcome_view}
            </details>
        }.into_any()
    }
}

/// A 团总支 moves up to 30 members between branches of its own subtree (S003 Q11).
#[component]
pub fn BatchMove(org: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let org = StoredValue::new(org);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<String>::new());
    let branches = move || {
        sim.ws.with(|ws| {
            let index = ws.index();
            let top = index.position(&org.get_value());
            ws.orgs
                .iter()
                .enumerate()
                .filter(|(j, o)| {
                    o.kind == OrgKind::Branch && top.is_some_and(|t| index.is_under(*j, t))
                })
                .map(|(_, o)| (o.id.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let run = move |_| {
        if sim.run(Command::BatchMove {
            org: org.get_value(),
            members: picked.get_untracked(),
            to_org: to.get_untracked(),
        }) {
            picked.set(Vec::new());
        }
    };
    view! {
        <details class="zj-batch" id="zj-batch">
            <summary>{concat!("批量转接（团总支，最多 ", zhuanjie_core::batch_max!(), " 人，无需审批）")}</summary>
            <div class="zj-row">
                <label>"从"<select id="zj-batch-from" on:change=move |ev| { from.set(event_target_value(&ev)); picked.set(Vec::new()); }>
                    <option value="">"选择团支部……"</option>
                    {move || branches().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select></label>
                <label>"到"<select id="zj-batch-to" on:change=move |ev| to.set(event_target_value(&ev))>
                    <option value="">"选择团支部……"</option>
                    {move || branches().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select></label>
            </div>
            <ul class="zj-batch-members">
                {move || {
                    let branch = from.get();
                    sim.ws.with(|ws| ws.members.iter().filter(|m| !branch.is_empty() && m.org == branch).map(|m| {
                        let mid = m.id.clone();
                        let checked = picked.with(|p| p.contains(&m.id));
                        view! {
                            <li><label class="zj-inline"><input type="checkbox" class="zj-batch-pick" data-member=m.id.clone() prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let mid = mid.clone();
                                    picked.update(|p| if on { if !p.contains(&mid) { p.push(mid) } } else { p.retain(|x| *x != mid) });
                                }/>{m.name.clone()}</label></li>
                        }
                    }).collect_view())
                }}
            </ul>
            <button type="button" id="zj-batch-run" on:click=run>{move || format!("批量转接 {} 人", picked.with(Vec::len))}</button>
        </details>
    }
}
