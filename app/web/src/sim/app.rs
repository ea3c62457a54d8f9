//! The admin simulator page: a 学社衔接 season of one school in the browser. The layout is a
//! toolbar (start, import / export, undo / redo), the clock, the org tree with the selected
//! org's editor, and four tabs: metrics, members, upcoming timers, and the session's log.
//! Every click becomes an engine command (`state.rs`); the views only read the workspace.

use chrono::{Datelike, Days, NaiveDate};
use leptos::prelude::*;
use zhuanjie_core::codes::EmployerSystem;
use zhuanjie_core::commands::Command;
use zhuanjie_core::workspace::{OrgKind, OrgPurpose};
use zhuanjie_core::Edition;

use super::files;
use super::members::MembersTab;
use super::metrics_view::MetricsTab;
use super::state::{blank, sample, Sim, Tab};
use zhuanjie_core::autosave as save;

pub fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub fn chinese(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[component]
pub fn Simulator() -> impl IntoView {
    let sim = Sim::new();
    provide_context(sim);

    // Autosave after every change (debounced), and notice another tab's writes.
    Effect::new(move |previous: Option<()>| {
        sim.ws.track();
        if previous.is_some() || sim.first_visit.get_untracked() {
            sim.schedule_save();
        }
    });
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(save::KEY) {
            sim.storage_changed(ev.new_value());
        }
    });

    view! {
        <div class="zj-app zj-sim" data-app-page="admin">
            {sim.notices.view()}
            <ConflictBanner/>
            {move || sim.first_visit.get().then(|| view! {
                <p class="zj-intro" id="zj-sim-intro">
                    "这是一所示例学校的转接季。点左侧组织查看它的衔接率；在“团员”中选一名团员，代表团员、转出方或转入方办理转接；用“时钟”推进日期，看系统超时退回或视为通过。所有操作都可以撤销，并自动保存在本浏览器中，不会发送到任何地方。"
                    <button type="button" class="zj-link-button" on:click=move |_| sim.first_visit.set(false)>"知道了"</button>
                </p>
            })}
            <Toolbar/>
            <Clock/>
            <div class="zj-refusal" role="alert" id="zj-refusal">
                {move || sim.refusal.get().map(|m| view! { <p class="zj-error-panel">"未执行："{m}</p> })}
            </div>
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
                        Tab::Log => view! { <LogTab/> }.into_any(),
                    }}
                </section>
            </div>
            <p class="zj-muted zj-save-status" id="zj-save-status"
                data-stored-chars=move || sim.save_status.get().stored_chars.to_string()
                data-json-bytes=move || sim.save_status.get().json_bytes.to_string()
                data-save-ms=move || format!("{:.1}", sim.save_status.get().millis)
                data-saves=move || sim.save_status.get().count.to_string()>
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
                    <button type="button" id="zj-take-other" on:click=move |_| sim.take_other_tab()>"载入另一个标签页的版本"</button>
                    " "
                    <button type="button" class="zj-secondary" id="zj-keep-ours" on:click=move |_| sim.keep_ours()>"保留本页的版本并覆盖"</button>
                </div>
            }
        })
    }
}

#[component]
fn Toolbar() -> impl IntoView {
    let sim = expect_context::<Sim>();
    // The file that was not imported, and why.
    let import_errors = RwSignal::new(None::<(String, Vec<String>)>);
    let start = move |ev: leptos::ev::Event| {
        let choice = event_target_value(&ev);
        let clock = sim.ws.with_untracked(|ws| ws.clock);
        let (ws, label) = match choice.as_str() {
            "sample-2021" => (sample(Edition::E2021), "载入示例工作区（2021 版）"),
            "sample-2019" => (sample(Edition::E2019), "载入示例工作区（2019 版）"),
            "blank-2021" => (blank(Edition::E2021, clock), "新建空白工作区（2021 版）"),
            "blank-2019" => (blank(Edition::E2019, clock), "新建空白工作区（2019 版）"),
            _ => return,
        };
        sim.replace(ws, label.into());
        // Back to "选择……", so the same choice can be made again.
        event_target::<web_sys::HtmlSelectElement>(&ev).set_value("");
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let name = file.name();
        input.set_value("");
        leptos::task::spawn_local(async move {
            match files::read_text(&file).await {
                Err(e) => import_errors.set(Some((name, vec![e]))),
                Ok(text) => match files::import_workspace(&text) {
                    Ok(ws) => {
                        import_errors.set(None);
                        sim.replace(ws, format!("导入工作区文件「{name}」"));
                    }
                    Err(errors) => import_errors.set(Some((name, errors))),
                },
            }
        });
    };
    let export = move |_| {
        let (text, clock) = sim.ws.with_untracked(|ws| (ws.to_json(), ws.clock));
        let name = format!(
            "zhuanjie-workspace-{}-exported-{}.json",
            iso(clock),
            iso(crate::util::today())
        );
        if let Err(e) = files::download(&name, "application/json", &text) {
            sim.notices.push(e);
        }
    };
    view! {
        <div class="zj-sim-toolbar">
            <label class="zj-inline">"开始："
                <select id="zj-start" on:change=start>
                    <option value="" selected>"选择……"</option>
                    <option value="sample-2021">"示例学校（2021 版）"</option>
                    <option value="sample-2019">"示例学校（2019 版）"</option>
                    <option value="blank-2021">"空白工作区（2021 版）"</option>
                    <option value="blank-2019">"空白工作区（2019 版）"</option>
                </select>
            </label>
            <label class="zj-file-button">"导入 JSON…"
                <input type="file" id="zj-import" accept=".json,application/json" on:change=on_file/>
            </label>
            <button type="button" id="zj-export" on:click=export>"导出 JSON"</button>
            <button type="button" class="zj-secondary" id="zj-undo"
                disabled=move || sim.undo_count() == 0 on:click=move |_| sim.undo()>
                {move || format!("撤销（{}）", sim.undo_count())}
            </button>
            <button type="button" class="zj-secondary" id="zj-redo"
                disabled=move || sim.redo_count() == 0 on:click=move |_| sim.redo()>
                {move || format!("重做（{}）", sim.redo_count())}
            </button>
            <span class="zj-muted" id="zj-edition">
                {move || sim.ws.with(|ws| format!("{} · {} 个组织 · {} 名团员 · {} 个申请",
                    ws.edition.label(), ws.orgs.len(), ws.members.len(), ws.applications.len()))}
            </span>
        </div>
        <div class="zj-roster"><super::roster_import::RosterImport/></div>
        {move || {
            import_errors.get().map(|(name, errors)| view! {
                <div class="zj-error-panel" role="alert" id="zj-import-errors">
                    <h2>{format!("文件「{name}」没有导入，当前工作区保持不变")}</h2>
                    <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                    <button type="button" class="zj-secondary" on:click=move |_| import_errors.set(None)>"关闭"</button>
                </div>
            })
        }}
    }
}

#[component]
fn Clock() -> impl IntoView {
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
                    "时钟从 {} 拨到 {}：期间系统自动退回 {} 个申请，自动视为通过 {} 个审批环节。",
                    chinese(from), chinese(to), moved.auto_returned, moved.auto_approved))}
            </p>
        </div>
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
            {tab(Tab::Log, "zj-tab-log", "操作记录")}
        </div>
    }
}

/// The org tree, collapsible and searchable; a click makes the org the metrics region.
#[component]
fn OrgTree() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let query = RwSignal::new(String::new());
    let collapsed = RwSignal::new(std::collections::HashSet::<String>::new());
    let tree = move || {
        let q = query.get();
        let region = sim.region.get();
        let closed = collapsed.get();
        sim.orgs.with(|orgs| {
            let mut rows = Vec::new();
            if q.trim().is_empty() {
                let mut children: std::collections::HashMap<Option<&str>, Vec<usize>> =
                    std::collections::HashMap::new();
                for (i, o) in orgs.iter().enumerate() {
                    children.entry(o.parent.as_deref()).or_default().push(i);
                }
                let mut stack: Vec<(usize, usize)> = children
                    .get(&None)
                    .map(|r| r.iter().rev().map(|&i| (i, 0)).collect())
                    .unwrap_or_default();
                while let Some((i, depth)) = stack.pop() {
                    let org = &orgs[i];
                    let kids = children.get(&Some(org.id.as_str()));
                    let open = !closed.contains(&org.id);
                    rows.push((i, depth, kids.is_some_and(|k| !k.is_empty()), open));
                    if open {
                        if let Some(kids) = kids {
                            stack.extend(kids.iter().rev().map(|&k| (k, depth + 1)));
                        }
                    }
                }
            } else {
                let q = q.trim();
                rows.extend(
                    orgs
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.name.contains(q) || o.id.contains(q))
                        .map(|(i, _)| (i, 0, false, true)),
                );
            }
            rows.into_iter()
                .map(|(i, depth, has_kids, open)| {
                    let org = &orgs[i];
                    let id = org.id.clone();
                    let id_toggle = id.clone();
                    let selected = region.as_deref() == Some(org.id.as_str());
                    let month = org
                        .graduation_month
                        .as_ref()
                        .map(|m| format!(" · {m} 毕业"))
                        .unwrap_or_default();
                    view! {
                        <li class="zj-tree-row" data-depth=depth.to_string() data-org=org.id.clone()>
                            <span class="zj-indent">{"　".repeat(depth)}</span>
                            {has_kids.then(|| view! {
                                <button type="button" class="zj-toggle" aria-expanded=open.to_string()
                                    aria-label=if open { "收起" } else { "展开" }
                                    on:click=move |_| collapsed.update(|c| if !c.remove(&id_toggle) { c.insert(id_toggle.clone()); })>
                                    {if open { "▾" } else { "▸" }}
                                </button>
                            })}
                            <button type="button" class="zj-org" class:zj-selected=selected
                                aria-pressed=selected.to_string()
                                on:click=move |_| sim.region.set(Some(id.clone()))>
                                {org.name.clone()}
                                <span class="zj-muted">{format!(" {}{}", org.kind.label(), month)}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="zj-tree" aria-label="组织树">
            <h2>"组织"</h2>
            <input type="search" id="zj-org-search" placeholder="搜索组织名称" aria-label="搜索组织名称"
                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            <ul class="zj-tree-list">{tree}</ul>
        </section>
    }
}

fn kind_code(k: OrgKind) -> &'static str {
    match k {
        OrgKind::Committee => "committee",
        OrgKind::WorkingCommittee => "working_committee",
        OrgKind::GeneralBranch => "general_branch",
        OrgKind::Branch => "branch",
    }
}

fn kind_from(code: &str) -> OrgKind {
    match code {
        "committee" => OrgKind::Committee,
        "working_committee" => OrgKind::WorkingCommittee,
        "general_branch" => OrgKind::GeneralBranch,
        _ => OrgKind::Branch,
    }
}

const KINDS: [OrgKind; 4] = [
    OrgKind::Committee,
    OrgKind::WorkingCommittee,
    OrgKind::GeneralBranch,
    OrgKind::Branch,
];

const PURPOSES: [(Option<OrgPurpose>, &str, &str); 6] = [
    (None, "", "普通组织"),
    (Some(OrgPurpose::Floating), "floating", "流动团员团支部"),
    (
        Some(OrgPurpose::Overseas),
        "overseas",
        "出国（境）学习研究团员团支部",
    ),
    (
        Some(OrgPurpose::Temporary),
        "temporary",
        "学社衔接临时团支部",
    ),
    (Some(OrgPurpose::Delayed), "delayed", "延迟毕业团组织"),
    (
        Some(OrgPurpose::SpecialLibrary),
        "special_library",
        "特殊单位专属库",
    ),
];

/// The selected org: rename, kind and purpose, graduation month, add a child, move, delete,
/// and a 团总支's batch move.
#[component]
fn OrgEditor() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let selected = move || {
        let id = sim.region.get()?;
        sim.ws
            .with(|ws| ws.orgs.iter().find(|o| o.id == id).cloned())
    };
    let name = RwSignal::new(String::new());
    let month = RwSignal::new(String::new());
    let child_name = RwSignal::new(String::new());
    let child_kind = RwSignal::new("branch".to_string());
    let new_parent = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(org) = selected() {
            name.set(org.name.clone());
            month.set(org.graduation_month.clone().unwrap_or_default());
        }
    });
    move || {
        let org = selected()?;
        let id = StoredValue::new(org.id.clone());
        let kind = org.kind;
        let purpose = org.purpose;
        let system = org.system;
        let parents = sim.orgs.with(|orgs| {
            orgs.iter()
                .filter(|o| o.kind != OrgKind::Branch && o.id != org.id)
                .map(|o| (o.id.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        });
        let rename = move |_| {
            sim.run(Command::RenameOrg {
                id: id.get_value(),
                name: name.get_untracked(),
            });
        };
        let set_kind = move |ev: leptos::ev::Event| {
            sim.run(Command::EditOrg {
                id: id.get_value(),
                kind: kind_from(&event_target_value(&ev)),
                purpose,
                system,
            });
        };
        let set_purpose = move |ev: leptos::ev::Event| {
            let code = event_target_value(&ev);
            let purpose = PURPOSES.iter().find(|p| p.1 == code).and_then(|p| p.0);
            sim.run(Command::EditOrg {
                id: id.get_value(),
                kind,
                purpose,
                system,
            });
        };
        let set_system = move |ev: leptos::ev::Event| {
            let code = event_target_value(&ev);
            sim.run(Command::EditOrg {
                id: id.get_value(),
                kind,
                purpose,
                system: EmployerSystem::ALL.into_iter().find(|s| s.code() == code),
            });
        };
        let set_month = move |_| {
            let m = month.get_untracked();
            sim.run(Command::SetGraduationMonth {
                org: id.get_value(),
                month: (!m.trim().is_empty()).then(|| m.trim().to_string()),
            });
        };
        let clear_month = move |_| {
            sim.run(Command::SetGraduationMonth {
                org: id.get_value(),
                month: None,
            });
        };
        let add_child = move |_| {
            let parent = id.get_value();
            let new_id = sim.ws.with_untracked(|ws| {
                (1..)
                    .map(|n| format!("{parent}-N{n}"))
                    .find(|c| !ws.orgs.iter().any(|o| &o.id == c))
                    .unwrap_or_default()
            });
            let kind = kind_from(&child_kind.get_untracked());
            if sim.run(Command::AddOrg {
                org: zhuanjie_core::workspace::Org::new(
                    &new_id,
                    &child_name.get_untracked(),
                    kind,
                    Some(&parent),
                ),
            }) {
                child_name.set(String::new());
                sim.region.set(Some(new_id));
            }
        };
        let move_org = move |_| {
            let parent = new_parent.get_untracked();
            if parent.is_empty() {
                sim.refusal.set(Some("请先选择新的上级组织".into()));
                return;
            }
            sim.run(Command::MoveOrg {
                id: id.get_value(),
                parent,
            });
        };
        let delete = move |_| {
            sim.run(Command::DeleteOrg { id: id.get_value() });
        };
        Some(view! {
            <section class="zj-org-editor" aria-label="组织详情" id="zj-org-editor" data-org=org.id.clone()>
                <h2>{org.name.clone()}</h2>
                <p class="zj-muted">{format!("id：{} · {}", org.id, org.kind.label())}</p>
                <div class="zj-row">
                    <label class="zj-grow">"名称"<input type="text" id="zj-org-name" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/></label>
                    <button type="button" class="zj-secondary" id="zj-org-rename" on:click=rename>"改名"</button>
                </div>
                <div class="zj-row">
                    <label>"类别"<select id="zj-org-kind" on:change=set_kind>
                        {KINDS.iter().map(|k| view! { <option value=kind_code(*k) selected=*k == kind>{k.label()}</option> }).collect_view()}
                    </select></label>
                    <label>"用途"<select id="zj-org-purpose" on:change=set_purpose>
                        {PURPOSES.iter().map(|p| view! { <option value=p.1 selected=p.0 == purpose>{p.2}</option> }).collect_view()}
                    </select></label>
                    <label>"所属系统"<select id="zj-org-system" on:change=set_system>
                        <option value="" selected=system.is_none()>"按地域（非系统团委）"</option>
                        {EmployerSystem::ALL.iter().map(|s| view! { <option value=s.code() selected=Some(*s) == system>{s.committee()}</option> }).collect_view()}
                    </select></label>
                </div>
                {(kind == OrgKind::Branch).then(|| view! {
                    <div class="zj-row">
                        <label>"团员毕业时间"<input type="month" id="zj-org-month" prop:value=move || month.get()
                            on:input=move |ev| month.set(event_target_value(&ev))/></label>
                        <button type="button" class="zj-secondary" id="zj-org-set-month" on:click=set_month>"标记毕业时间"</button>
                        <button type="button" class="zj-secondary" on:click=clear_month>"清除"</button>
                    </div>
                })}
                {(kind != OrgKind::Branch).then(|| view! {
                    <div class="zj-row">
                        <label class="zj-grow">"新增下级组织"<input type="text" id="zj-child-name" placeholder="名称"
                            prop:value=move || child_name.get() on:input=move |ev| child_name.set(event_target_value(&ev))/></label>
                        <select id="zj-child-kind" aria-label="下级组织类别" on:change=move |ev| child_kind.set(event_target_value(&ev))>
                            {KINDS.iter().map(|k| view! { <option value=kind_code(*k) selected=*k == OrgKind::Branch>{k.label()}</option> }).collect_view()}
                        </select>
                        <button type="button" class="zj-secondary" id="zj-child-add" on:click=add_child>"新增"</button>
                    </div>
                })}
                <div class="zj-row">
                    <label class="zj-grow">"移动到"<select id="zj-org-parent" on:change=move |ev| new_parent.set(event_target_value(&ev))>
                        <option value="">"选择新的上级……"</option>
                        {parents.into_iter().map(|(pid, pname)| view! { <option value=pid>{pname}</option> }).collect_view()}
                    </select></label>
                    <button type="button" class="zj-secondary" id="zj-org-move" on:click=move_org>"移动"</button>
                    <button type="button" class="zj-danger" id="zj-org-delete" on:click=delete>"删除"</button>
                </div>
                {(kind == OrgKind::GeneralBranch).then(|| view! { <super::members::BatchMove org=org.id.clone()/> })}
            </section>
        })
    }
}

#[component]
fn UpcomingTab() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let rows = move || {
        sim.ws.with(|ws| {
            let list = zhuanjie_core::season::upcoming(ws, ws.clock);
            let total = list.len();
            let shown: Vec<_> = list.into_iter().take(300).collect();
            (total, shown)
        })
    };
    view! {
        <section id="zj-upcoming">
            <h2>"即将发生（无人处理时）"</h2>
            {move || {
                let (total, shown) = rows();
                if total == 0 {
                    return view! { <p>"现在没有等待审批的申请。"</p> }.into_any();
                }
                view! {
                    <p class="zj-muted">{format!("共 {total} 个等待中的环节，按日期先后排列{}。", if total > shown.len() { "（只列出前 300 个）" } else { "" })}</p>
                    <div class="zj-scroll"><table class="zj-table">
                        <thead><tr><th>"日期"</th><th>"会发生什么"</th><th>"环节"</th><th>"团员"</th><th>"申请"</th></tr></thead>
                        <tbody>
                            {shown.into_iter().map(|u| {
                                let effect = match u.effect {
                                    zhuanjie_core::calendar::TimerEffect::AutoReturn => "系统自动退回整个申请",
                                    zhuanjie_core::calendar::TimerEffect::AutoApprove => "该环节视为审批通过",
                                };
                                let reminder = u.reminder_on.map(|r| format!("（{} 提醒管理员）", chinese(r))).unwrap_or_default();
                                let member = u.member.clone();
                                view! {
                                    <tr>
                                        <td>{chinese(u.on)}</td>
                                        <td>{effect}{reminder}</td>
                                        <td>{u.step.label()}</td>
                                        <td><button type="button" class="zj-link-button" on:click=move |_| {
                                            sim.member.set(Some(member.clone()));
                                            sim.tab.set(Tab::Members);
                                        }>{u.member_name.clone()}</button></td>
                                        <td>{u.application.clone()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn LogTab() -> impl IntoView {
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
