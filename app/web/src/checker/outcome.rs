//! The checker's outcome page, rendered from `rules::evaluate`: the reason to choose and the
//! org to transfer to, what not to do, the fields to fill, the remark to copy, the approval
//! chain, dates, warnings, offline duties and sources; print, or hand the outcome to the
//! tracker (through localStorage, `store::TRACKER_PREFILL_KEY`).

use leptos::prelude::*;
use zhuanjie_core::answers::Answers;
use zhuanjie_core::flow;
use zhuanjie_core::rules::{self, Outcome, RemarkInfo, REMARK_MAX_CHARS};
use zhuanjie_core::saved;
// Engine texts cite their sources by code; a graduate reads the documents' names.
use zhuanjie_core::sources::readable;

use crate::store::{self, Notices};
use crate::util;

#[component]
pub fn OutcomeView(notices: Notices, answers: Answers, outcome: Outcome) -> impl IntoView {
    let tracker_record = saved::tracker_from_outcome(&answers, &outcome, util::today());
    let can_track = tracker_record.is_some();
    let track = move |_| {
        if let Some(app) = &tracker_record {
            if notices.write(store::TRACKER_PREFILL_KEY, &app.to_json()) {
                util::navigate("tracker.html");
            }
        }
    };
    let has_remark = !outcome.remark_draft.is_empty();
    let remark_section = has_remark.then(|| view! { <Remark draft=outcome.remark_draft.clone()/> });
    view! {
        <article class="zj-outcome" data-screen="outcome" data-outcome=outcome.outcome>
            <h2 class="zj-outcome-title" tabindex="-1" data-screen-heading>{outcome.title}</h2>
            <p class="zj-edition-note">{format!("按{}的规则。", outcome.edition.label())}</p>
            {outcome.now.map(|now| view! { <p class="zj-now"><strong>"现在做什么："</strong>{readable(now)}</p> })}
            {what_to_choose(&outcome)}
            {remark_section}
            {what_follows(&outcome)}
            {printed_context(&answers)}
            <div class="zj-actions zj-no-print">
                <button type="button" class="zj-button zj-print" on:click=move |_| util::print()>"打印结果"</button>
                {can_track.then(|| view! {
                    <button type="button" class="zj-button zj-secondary zj-track" on:click=track>
                        "用这个结果跟踪我的申请"
                    </button>
                })}
            </div>
        </article>
    }
}

/// On paper only: the answers that led here, the day, and the address that reopens it.
fn printed_context(answers: &Answers) -> impl IntoView {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    view! {
        <section class="zj-print-only zj-printed-context">
            <h3>"你的回答"</h3>
            <dl class="zj-answers">
                {flow::path(answers).into_iter().map(|(q, v)| view! {
                    <div><dt>{q.prompt}</dt><dd>{q.choice_label(v)}</dd></div>
                }).collect_view()}
            </dl>
            <p>{format!("生成于 {}。", util::chinese(util::today()))}</p>
            <p>"重新打开这个结果：" <span class="zj-url">{href}</span></p>
        </section>
    }
}

/// The reason and the org to choose in the system, what not to do and the fields to fill.
fn what_to_choose(outcome: &Outcome) -> impl IntoView {
    let reason = match outcome.reason_label {
        Some(label) => view! { <p class="zj-big" data-field="reason">{label}</p> }.into_any(),
        None => view! {
            <p class="zj-big" data-field="reason">"不用选择：这种情况下你不需要在系统中选择转接原因，按下面的说明办理。"</p>
        }
        .into_any(),
    };
    view! {
        <section class="zj-box">
            <h3>"在系统中选择的转接原因"</h3>
            {reason}
            <h3>"转入的组织"</h3>
            <p class="zj-big" data-field="destination">{readable(outcome.destination_label)}</p>
            {(!outcome.alternative_labels.is_empty()).then(|| view! {
                <p>"也可以转入："</p>
                <ul class="zj-alternatives">
                    {outcome.alternative_labels.iter().map(|a| view! { <li>{readable(a)}</li> }).collect_view()}
                </ul>
            })}
        </section>

        {(!outcome.forbidden.is_empty()).then(|| view! {
            <section class="zj-forbidden">
                <h3>"不要这样做"</h3>
                <ul>
                    {outcome.forbidden.iter().map(|f| view! {
                        <li><strong>{readable(f.what)}</strong>"：" {readable(f.why)}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}

        {(!outcome.fields.is_empty()).then(|| view! {
            <section>
                <h3>"要填写的信息"</h3>
                <dl class="zj-fields">
                    {outcome.fields.iter().map(|f| view! {
                        <div><dt>{f.name}</dt><dd>{readable(f.hint)}</dd></div>
                    }).collect_view()}
                </dl>
            </section>
        })}
    }
}

/// The remark draft: four fields fill its blanks, the text stays editable, its length is
/// counted against the system's limit, and copying warns while a blank (××) is left.
#[component]
fn Remark(draft: String) -> impl IntoView {
    // The text the fields fill: the draft, or what the reader typed over it.
    let base = RwSignal::new(draft);
    let info = RwSignal::new(RemarkInfo::default());
    let remark = Memo::new(move |_| base.with(|b| info.with(|i| rules::fill_remark(b, i))));
    let count = Memo::new(move |_| remark.with(|r| r.chars().count()));
    let over = Memo::new(move |_| count.get() > REMARK_MAX_CHARS);
    let unfilled = Memo::new(move |_| remark.with(|r| rules::remark_unfilled(r)));
    let copy_status = RwSignal::new(None::<(bool, String)>);
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let copy = move |_| {
        let text = remark.get_untracked();
        let left = unfilled.get_untracked();
        let area = textarea.get_untracked();
        leptos::task::spawn_local(async move {
            let done = util::copy_text(&text, area.as_ref()).await;
            copy_status.set(Some(match (done, left) {
                (true, 0) => (true, "已复制，可以粘贴到系统的“备注”栏。".into()),
                (true, n) => (
                    false,
                    format!("已复制，但还有 {n} 处 ×× 没有换成你的信息：粘贴后请改好再提交。"),
                ),
                (false, _) => (
                    false,
                    "复制失败：浏览器不允许访问剪贴板。请长按或拖选上面的文字手动复制。".into(),
                ),
            }));
        });
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      hint: &'static str,
                      set: fn(&mut RemarkInfo, String)| {
        view! {
            <div class="zj-remark-field">
                <label for=id>{label}</label>
                <input type="text" id=id placeholder=hint
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        info.update(|i| set(i, value));
                        copy_status.set(None);
                    }/>
            </div>
        }
    };
    view! {
        <section class="zj-remark">
            <h3>"备注（填好后复制）"</h3>
            <p class="zj-remark-how zj-no-print">"填上你的信息，下面的备注会自动换上；也可以直接改文字。"</p>
            <div class="zj-remark-fields zj-no-print">
                {field("zj-remark-name", "姓名", "如：张三", |i, v| i.name = v)}
                {field("zj-remark-school", "学校", "毕业学校的全称", |i, v| i.school = v)}
                {field("zj-remark-cohort", "届别", "如：2026", |i, v| i.cohort = v)}
                {field("zj-remark-phone", "手机号码", "11 位手机号", |i, v| i.phone = v)}
            </div>
            <label for="zj-remark-text" class="zj-remark-label">"备注"</label>
            <textarea id="zj-remark-text" rows="4" node_ref=textarea
                prop:value=move || remark.get()
                on:input=move |ev| { base.set(event_target_value(&ev)); copy_status.set(None); }
                aria-describedby="zj-remark-count"></textarea>
            <p class="zj-print-only zj-remark-print">{move || remark.get()}</p>
            <p id="zj-remark-count" class="zj-count" class:zj-over=over aria-live="polite">
                {move || {
                    let n = count.get();
                    let mut text = if n > REMARK_MAX_CHARS {
                        format!("{n} / {REMARK_MAX_CHARS} 字：超出 {} 字，系统不接受，请删减", n - REMARK_MAX_CHARS)
                    } else {
                        format!("{n} / {REMARK_MAX_CHARS} 字")
                    };
                    match unfilled.get() {
                        0 => text.push('。'),
                        left => text.push_str(&format!("；还有 {left} 处 ×× 要换成你的信息。")),
                    }
                    text
                }}
            </p>
            <div class="zj-actions zj-no-print">
                <button type="button" class="zj-button zj-copy" on:click=copy>"复制备注"</button>
                {move || copy_status.get().map(|(ok, text)| view! {
                    <span class="zj-copy-status" class:zj-error=!ok role="status">{text}</span>
                })}
            </div>
        </section>
    }
}

/// What follows the submission: the approval chain, the dates, warnings, the duties
/// offline, and the sources.
fn what_follows(outcome: &Outcome) -> impl IntoView {
    view! {
        {(!outcome.approval_details.is_empty()).then(|| view! {
            <section>
                <h3>"审批流程"</h3>
                <ol class="zj-chain">
                    {outcome.approval_details.iter().map(|s| view! { <li>{readable(s.label)}</li> }).collect_view()}
                </ol>
                <p class="zj-withdrawal">{readable(outcome.withdrawal_label)}</p>
            </section>
        })}

        // No dates to show (nothing to submit): no section.
        {(!outcome.dates.is_empty() || !outcome.timer.is_empty()).then(|| view! {
            <section>
                <h3>"日期"</h3>
                {(!outcome.dates.is_empty()).then(|| view! {
                    <ul class="zj-dates">
                        {outcome.dates.iter().map(|d| view! { <li>{readable(&d.label)}</li> }).collect_view()}
                    </ul>
                })}
                <p class="zj-timer">{readable(&outcome.timer)}</p>
            </section>
        })}

        {(!outcome.warnings.is_empty()).then(|| view! {
            <section class="zj-warnings">
                <h3>"注意"</h3>
                <ul>
                    {outcome.warnings.iter().map(|w| view! {
                        <li>{readable(&w.text)}
                            {w.readings.iter().map(|id| view! {
                                " "<a class="zj-reading" href=format!("readings.html#{id}")>"（看本指南的理解）"</a>
                            }).collect_view()}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}

        {(!outcome.offline_duties.is_empty()).then(|| view! {
            <section>
                <h3>"线下还要办的事"</h3>
                <ul>
                    {outcome.offline_duties.iter().map(|d| view! { <li>{readable(d)}</li> }).collect_view()}
                </ul>
            </section>
        })}

        <section class="zj-sources">
            <h3>"依据"</h3>
            <ul>
                // The document in words (the rule id stays a data attribute, for tests and
                // tools; a graduate does not read it).
                {outcome.sources.iter().map(|s| {
                    let title = zhuanjie_core::sources::document(s.clause)
                        .map(zhuanjie_core::sources::document_line)
                        .unwrap_or_default();
                    view! {
                        <li data-rule=s.rule><a href=s.guide title=title>
                            {zhuanjie_core::sources::citation_label(s.clause)}
                        </a></li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
