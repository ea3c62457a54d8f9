//! The members tab: a filtered, paged roster (fast at 50,000 rows: only one page is in the
//! DOM) and the form that adds a member. The selected member's panel is `member_panel.rs`
//! (starting a transfer: `initiate.rs`); the 团总支's batch move is `batch_move.rs`.

use leptos::prelude::*;
use zhuanjie_core::codes::Situation;
use zhuanjie_core::commands::Command;
use zhuanjie_core::status::{self, Class, Side, Status};
use zhuanjie_core::workspace::{mask_id_number, Member, OrgKind, Workspace};

use super::feedback::FeedbackAt;
use super::state::{Place, Sim};

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
                            <td><button type="button" class="zj-link-button zj-member-open"
                                on:click=move |_| sim.member.set(Some(id.clone()))>{m.name.clone()}</button></td>
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
                    <button type="button" class="zj-secondary" id="zj-page-prev" disabled=p == 0
                        on:click=move |_| page.update(|x| *x = x.saturating_sub(1))>"上一页"</button>
                    <button type="button" class="zj-secondary" id="zj-page-next" disabled={p + 1 >= pages}
                        on:click=move |_| page.update(|x| *x += 1)>"下一页"</button>
                </div>
            }
        })
    };
    view! {
        <section id="zj-members-tab">
            <h2>"团员"</h2>
            <div class="zj-filters">
                <input type="search" id="zj-member-search" placeholder="姓名、学号或身份证号" aria-label="搜索团员"
                    on:input=set(|f, v| f.text = v)/>
                <select id="zj-filter-branch" aria-label="团支部" on:change=set(|f, v| f.branch = v)>
                    <option value="">"全部团支部"</option>
                    {move || branches().into_iter().map(|(id, name)| view! {
                        <option value=id>{name}</option>
                    }).collect_view()}
                </select>
                <select id="zj-filter-plan" aria-label="去向" on:change=set(|f, v| f.plan = v)>
                    <option value="">"全部去向"</option>
                    {Situation::ALL.iter().map(|s| view! {
                        <option value=s.code()>{s.label()}</option>
                    }).collect_view()}
                </select>
                <select id="zj-filter-state" aria-label="状态" on:change=set(|f, v| f.state = v)>
                    <option value="">"全部状态"</option>
                    {Status::ALL.into_iter().map(|c| view! {
                        <option value=c.code()>{c.label()}</option>
                    }).collect_view()}
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

/// The form that adds a member. Every value goes to the engine as typed (the ID number in
/// the import's stored form): the command's record checks, the same the roster import and
/// the workspace check make, are what refuse, and their message is shown under the form.
#[component]
fn AddMember() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let name = RwSignal::new(String::new());
    let student_no = RwSignal::new(String::new());
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
                    sim.tell(
                        Place::AddMember,
                        false,
                        format!("出生日期「{t}」不是有效的日期（应为 年-月-日）"),
                    );
                    return;
                }
            },
        };
        // The 学号 is the member's id, as the roster import makes it; left empty, the
        // member gets a free id of its own (the engine refuses a 学号 already in use).
        let typed_no = student_no.get_untracked().trim().to_string();
        let id = if typed_no.is_empty() {
            sim.ws.with_untracked(|ws| {
                (ws.members.len() + 1..)
                    .map(|n| format!("M-NEW-{n}"))
                    .find(|c| !ws.members.iter().any(|m| &m.id == c))
                    .unwrap_or_default()
            })
        } else {
            typed_no
        };
        // The stored form the import gives a typed number (spaces, full-width digits, a
        // leading ' and a lowercase x), so both reach the same check with the same text.
        let idn = zhuanjie_roster::values::normalize_id_number(&id_number.get_untracked());
        let member = Member {
            id: id.clone(),
            name: name.get_untracked().trim().to_string(),
            id_number: (!idn.is_empty()).then_some(idn),
            org: branch.get_untracked(),
            birth_date,
            holds_league_post: false,
            party_member: false,
            plan: Situation::ALL
                .into_iter()
                .find(|s| s.code() == plan.get_untracked()),
            mark: None,
        };
        if sim.run_in(Place::AddMember, Command::AddMember { member }) {
            name.set(String::new());
            student_no.set(String::new());
            id_number.set(String::new());
            sim.member.set(Some(id));
        }
    };
    view! {
        <details class="zj-add-member">
            <summary>"新增团员"</summary>
            <div class="zj-row">
                <label>"姓名"<input type="text" id="zj-new-name"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label>"学号"<input type="text" id="zj-new-no" placeholder="不填则自动编号"
                    prop:value=move || student_no.get()
                    on:input=move |ev| student_no.set(event_target_value(&ev))/></label>
                <label>"团支部"<select id="zj-new-branch" on:change=move |ev| branch.set(event_target_value(&ev))>
                    <option value="">"选择……"</option>
                    // The options are made again as the workspace changes: the chosen one stays chosen.
                    {move || sim.ws.with(|ws| ws.orgs.iter().filter(|o| o.kind == OrgKind::Branch)
                        .map(|o| view! {
                            <option value=o.id.clone() selected=o.id == branch.get_untracked()>{o.name.clone()}</option>
                        }).collect_view())}
                </select></label>
                <label>"身份证号"<input type="text" id="zj-new-idn"
                    prop:value=move || id_number.get()
                    on:input=move |ev| id_number.set(event_target_value(&ev))/></label>
                <label>"出生日期"<input type="date" id="zj-new-birth"
                    on:input=move |ev| birth.set(event_target_value(&ev))/></label>
                <label>"去向"<select id="zj-new-plan" on:change=move |ev| plan.set(event_target_value(&ev))>
                    <option value="">"未填"</option>
                    {Situation::ALL.iter().map(|s| view! {
                        <option value=s.code()>{s.label()}</option>
                    }).collect_view()}
                </select></label>
                <button type="button" id="zj-new-add" on:click=add>"新增"</button>
            </div>
            <FeedbackAt place=Place::AddMember/>
        </details>
    }
}
