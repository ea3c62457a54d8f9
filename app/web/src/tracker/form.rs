//! The tracker's form: what the application is (edition, reason, destination, who
//! started it, the flags that shape its process) and its dates (submitted, each step
//! passed in order, an early end). Read into a record by `Form::to_record`.

use leptos::prelude::*;
use zhuanjie_core::calendar::Edition;
use zhuanjie_core::codes::{Destination, Reason};
use zhuanjie_core::process::Initiator;
use zhuanjie_core::rules;
use zhuanjie_core::sources::readable;
use zhuanjie_core::tracker::Ending;

use super::Form;

#[component]
pub fn TrackerForm(
    form: RwSignal<Form>,
    live: Signal<String>,
    on_clear: Callback<()>,
) -> impl IntoView {
    let edition = move || form.with(|f| f.edition);
    let combination = move || {
        form.with(|f| {
            f.reason
                .and_then(|r| rules::combination_problem(f.edition, r, f.destination))
        })
    };
    let confirming = RwSignal::new(false);
    view! {
        <form class="zj-tracker-form" on:submit=|ev| ev.prevent_default()>
            <h2>"我的申请"</h2>
            <p class="zj-muted">"只保存在本浏览器中，不会发送到任何地方。"</p>
            // The state stays in view while the form is edited.
            <p class="zj-live-state" id="zj-live-state">
                <a href="#zj-report">{move || live.get()}</a>
            </p>
            <fieldset>
                <legend>"日期"</legend>
                {date(form, "zj-t-submitted", "提交日期（在系统中发起申请的那一天）", |f| f.submitted.clone(), |f, v| f.submitted = v)}
                <p class="zj-muted">"各环节通过的日期，按顺序填写；还没通过的留空。"</p>
                {move || {
                    let steps = form.with(Form::steps);
                    if steps.is_empty() {
                        return view! { <p>"这种申请不需要审批。"</p> }.into_any();
                    }
                    steps
                        .into_iter()
                        .map(|step| {
                            let id = format!("zj-t-step-{}", step.code());
                            view! {
                                <div class="zj-field">
                                    <label for=id.clone()>{format!("「{}」通过日期", step.label())}</label>
                                    <input type="date" id=id data-step=step.code()
                                        prop:value=move || form.with(|f| f.step_date(step))
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            form.update(|f| {
                                                f.steps.retain(|(s, _)| *s != step);
                                                f.steps.push((step, v));
                                            })
                                        }/>
                                </div>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
                {select(
                    "zj-t-ending",
                    "结束方式（如果申请提前结束）",
                    Signal::derive(|| vec![
                        (String::new(), "没有".to_string()),
                        ("withdrawn".to_string(), "已撤回".to_string()),
                        ("rejected".to_string(), "被退回".to_string()),
                    ]),
                    Signal::derive(move || form.with(|f| match f.ending {
                        None => String::new(),
                        Some(Ending::Withdrawn) => "withdrawn".into(),
                        Some(Ending::Rejected) => "rejected".into(),
                    })),
                    Box::new(move |v| form.update(|f| f.ending = match v {
                        "withdrawn" => Some(Ending::Withdrawn),
                        "rejected" => Some(Ending::Rejected),
                        _ => None,
                    })),
                )}
                {move || form.with(|f| f.ending.is_some()).then(|| {
                    date(form, "zj-t-ended", "结束日期", |f| f.ended_on.clone(), |f, v| f.ended_on = v)
                })}
                {date(form, "zj-t-school-deadline", "学校要求的完成日期（学校通知里有就填，可不填）", |f| f.school_deadline.clone(), |f, v| f.school_deadline = v)}
            </fieldset>
            <fieldset>
                <legend>"申请的内容"</legend>
                {select(
                    "zj-t-reason",
                    "转接原因",
                    Signal::derive(move || {
                        let e = edition();
                        std::iter::once((String::new(), "无（不选择原因）".to_string()))
                            .chain(Reason::ALL.iter().filter_map(|r| r.label(e).map(|l| (r.code().to_string(), l.to_string()))))
                            .collect()
                    }),
                    Signal::derive(move || form.with(|f| f.reason.map(|r| r.code().to_string()).unwrap_or_default())),
                    Box::new(move |v| form.update(|f| f.reason = Reason::from_code(v))),
                )}
                {select(
                    "zj-t-destination",
                    "转入的组织",
                    Signal::derive(move || { let e = edition(); Destination::ALL.iter().map(|d| (d.code().to_string(), readable(d.label(e)))).collect() }),
                    Signal::derive(move || form.with(|f| f.destination.code().to_string())),
                    Box::new(move |v| if let Some(d) = Destination::from_code(v) { form.update(|f| f.destination = d) }),
                )}
                {move || combination().map(|c| view! { <p class="zj-error" id="zj-t-combination">{readable(&c)}</p> })}
                {select(
                    "zj-t-initiator",
                    "谁发起的申请",
                    Signal::derive(|| Initiator::ALL.iter().map(|i| (i.code().to_string(), i.label().to_string())).collect()),
                    Signal::derive(move || form.with(|f| f.initiator.code().to_string())),
                    Box::new(move |v| if let Some(i) = Initiator::ALL.into_iter().find(|i| i.code() == v) { form.update(|f| f.initiator = i) }),
                )}
                {check(form, "zj-t-province", "转入的组织在北京、广东或福建", |f| f.special_province, |f, v| f.special_province = v)}
                {check(form, "zj-t-branch", "转入的组织是团支部（不是团委、团工委或团总支）", |f| f.destination_is_branch, |f, v| f.destination_is_branch = v)}
                {check(form, "zj-t-under16", concat!("我未满 ", zhuanjie_core::leadership_below_age!(), " 周岁"), |f| f.under_16, |f, v| f.under_16 = v)}
                {select(
                    "zj-t-edition",
                    "规则版本（学校仍按 2019 年旧手册办理时才改）",
                    Signal::derive(|| Edition::ALL.iter().map(|e| (e.code().to_string(), e.label().to_string())).collect()),
                    Signal::derive(move || edition().code().to_string()),
                    Box::new(move |v| if let Some(e) = Edition::from_code(v) { form.update(|f| f.edition = e) }),
                )}
            </fieldset>
            <div class="zj-clear">
                {move || if confirming.get() {
                    view! {
                        <p class="zj-confirm" role="alert">"确定要清除吗？本浏览器里保存的这条申请记录会被删除，不能恢复。"</p>
                        <div class="zj-actions">
                            <button type="button" class="zj-button" id="zj-t-clear-yes"
                                on:click=move |_| { confirming.set(false); on_clear.run(()); }>"确定清除"</button>
                            <button type="button" class="zj-button zj-secondary" on:click=move |_| confirming.set(false)>"取消"</button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="zj-button zj-secondary" id="zj-t-clear"
                            on:click=move |_| confirming.set(true)>"清除我的记录"</button>
                    }.into_any()
                }}
            </div>
        </form>
    }
}

/// A labelled `<select>` of `(code, text)` options; `set` gets the picked code.
fn select(
    id: &'static str,
    label: &'static str,
    options: Signal<Vec<(String, String)>>,
    current: Signal<String>,
    set: Box<dyn Fn(&str)>,
) -> impl IntoView {
    view! {
        <div class="zj-field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| set(&event_target_value(&ev))>
                {move || {
                    let cur = current.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(code, text)| {
                            let selected = code == cur;
                            view! { <option value=code selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// A checkbox bound to one flag of the form.
fn check(
    form: RwSignal<Form>,
    id: &'static str,
    label: &'static str,
    get: fn(&Form) -> bool,
    put: fn(&mut Form, bool),
) -> impl IntoView {
    view! {
        <div class="zj-check">
            <input type="checkbox" id=id prop:checked=move || form.with(get)
                on:change=move |ev| form.update(|f| put(f, event_target_checked(&ev)))/>
            <label for=id>{label}</label>
        </div>
    }
}

/// A date input bound to one date field of the form (as typed).
fn date(
    form: RwSignal<Form>,
    id: &'static str,
    label: &'static str,
    get: fn(&Form) -> String,
    put: fn(&mut Form, String),
) -> impl IntoView {
    view! {
        <div class="zj-field">
            <label for=id>{label}</label>
            <input type="date" id=id prop:value=move || form.with(get)
                on:input=move |ev| form.update(|f| put(f, event_target_value(&ev)))/>
        </div>
    }
}
