//! The destination checker: one question a screen, from `flow::QUESTIONS`, and the outcome
//! page from `rules::evaluate`. The answers live in the URL hash (exactly
//! `Answers::to_query()`, plus `&change=KEY` while changing an answer), so every answer is a
//! history entry, back/forward work, and a link can be shared — also from `file://`. The
//! last answers are kept in localStorage (`zhuanjie.checker.v1`, `saved::checker_to_json`).
//! Nothing here decides anything about the domain.

use leptos::prelude::*;
use zhuanjie_core::answers::{AnswerError, Answers, Key, Value};
use zhuanjie_core::calendar::Edition;
use zhuanjie_core::flow::{self, Input, Question};
use zhuanjie_core::rules::{self, Outcome};
use zhuanjie_core::saved;
use zhuanjie_core::sources::readable;

use crate::store::{self, Notices};
use crate::util;

mod outcome;
use outcome::OutcomeView;

pub const STORAGE_KEY: &str = "zhuanjie.checker.v1";

/// The answers and the question being changed, read from a hash.
fn parse_route(hash: &str) -> Result<(Answers, Option<Key>), AnswerError> {
    let mut change = None;
    let mut rest = Vec::new();
    for pair in hash.split('&') {
        match pair.strip_prefix("change=") {
            Some(code) => {
                change = Some(Key::from_code(code).ok_or_else(|| AnswerError {
                    key: "change".into(),
                    message: format!("「{code}」不是可以更改的问题"),
                })?)
            }
            None => rest.push(pair),
        }
    }
    Ok((Answers::from_query(&rest.join("&"))?, change))
}

/// What the page shows for a hash.
enum Screen {
    Error(AnswerError),
    Ask {
        answers: Answers,
        question: &'static Question,
        current: Option<Value>,
    },
    Done {
        answers: Answers,
        outcome: Box<Outcome>,
    },
}

fn screen(hash: &str) -> Screen {
    let (raw, change) = match parse_route(hash) {
        Ok(r) => r,
        Err(e) => return Screen::Error(e),
    };
    let answers = flow::relevant(&raw);
    if let Some(q) = change.and_then(flow::question) {
        if q.asked_when.holds(&answers) {
            return Screen::Ask {
                current: answers.get(q.key),
                answers,
                question: q,
            };
        }
    }
    match flow::next_question(&answers) {
        Some(q) => Screen::Ask {
            answers,
            question: q,
            current: None,
        },
        None => match rules::evaluate(&answers) {
            Ok(outcome) => Screen::Done {
                answers,
                outcome: Box::new(outcome),
            },
            Err(e) => Screen::Error(e),
        },
    }
}

/// A hash that is an in-page anchor (`#main`, `#site-nav`), not answers.
fn is_anchor(hash: &str) -> bool {
    !hash.is_empty()
        && !hash.contains('=')
        && web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(hash))
            .is_some()
}

/// Goes to the answers in `query`: a new history entry, and the page's top.
fn go(route: RwSignal<String>, query: String) {
    util::set_hash(&query);
    route.set(query);
    after_screen_change();
}

/// Once the new screen is drawn: bring it into view and move keyboard focus to its heading,
/// so keyboard and screen-reader users land on the new question (or the outcome) instead of
/// staying on the button of a screen that is gone.
fn after_screen_change() {
    request_animation_frame(|| {
        util::scroll_to_app();
        util::focus_first("#app [data-screen-heading]");
    });
}

#[component]
pub fn CheckerPage() -> impl IntoView {
    let notices = Notices::new();
    let info = RwSignal::new(None::<String>);
    let initial = util::current_hash();
    let initial = if initial.is_empty() || is_anchor(&initial) {
        restore(notices, info)
    } else {
        initial
    };
    let route = RwSignal::new(initial.clone());
    // The "restored" note belongs to the first screen only.
    Effect::new(move |prev: Option<String>| {
        let now = route.get();
        if prev.is_some_and(|p| p != now) {
            info.set(None);
        }
        now
    });
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = util::current_hash();
        if !is_anchor(&hash) && route.get_untracked() != hash {
            route.set(hash);
            after_screen_change();
        }
    });

    // Keep the last good answers; a bad hash never overwrites them.
    let last_saved = StoredValue::new(String::new());
    Effect::new(move |_| {
        let hash = route.get();
        let Ok((raw, _)) = parse_route(&hash) else {
            return;
        };
        let answers = flow::relevant(&raw);
        let text = saved::checker_to_json(&answers);
        if last_saved.get_value() == text {
            return;
        }
        if answers.is_empty() {
            store::remove(STORAGE_KEY);
            last_saved.set_value(text);
        } else if notices.write(STORAGE_KEY, &text) {
            last_saved.set_value(text);
        }
    });

    // Another tab saved its answers: the last writer wins, and this tab says so. The
    // storage event fires only in the other tabs, never in the one that wrote.
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(STORAGE_KEY) {
            notices.push("另一个标签页也在用检查器，并保存了它的回答。本页仍显示这里的回答；本浏览器只保存一份回答，以最后作答的标签页为准。".into());
        }
    });

    view! {
        <div class="zj-checker">
            {notices.view()}
            {move || info.get().map(|text| view! { <p class="zj-info" role="status">{text}</p> })}
            {move || render(route, notices, screen(&route.get()))}
        </div>
    }
}

/// The saved answers as a hash (and the URL updated to it), or the empty start.
fn restore(notices: Notices, info: RwSignal<Option<String>>) -> String {
    match store::read(STORAGE_KEY) {
        Ok(Some(raw)) => match saved::checker_from_json(&raw) {
            Ok(answers) => {
                let query = answers.to_query();
                util::replace_hash(&query);
                info.set(Some(
                    "已恢复你上次在本浏览器中的回答。可以继续，或点“重新开始”。".into(),
                ));
                query
            }
            Err(why) => {
                notices.push(store::set_aside(STORAGE_KEY, &raw, &why, "本页从空白开始"));
                String::new()
            }
        },
        Ok(None) => String::new(),
        Err(e) => {
            notices.push(format!("{e}。本页仍可使用，但回答不会保存在本浏览器中。"));
            String::new()
        }
    }
}

fn start_over(route: RwSignal<String>, notices: Notices, edition: Edition) {
    store::remove(STORAGE_KEY);
    notices.clear();
    go(route, Answers::new(edition).to_query());
}

fn render(route: RwSignal<String>, notices: Notices, screen: Screen) -> AnyView {
    match screen {
        Screen::Error(e) => view! {
            <section class="zj-panel zj-error-panel" data-screen="error">
                <h2 tabindex="-1" data-screen-heading>"链接中的回答有问题"</h2>
                <p class="zj-error" role="alert">{e.to_string()}</p>
                <p>"可能是链接被截断或手工改动过。你之前保存的回答没有被改动。"</p>
                <div class="zj-actions">
                    <button type="button" class="zj-button" on:click=move |_| start_over(route, notices, Edition::default())>
                        "重新开始"
                    </button>
                </div>
            </section>
        }
        .into_any(),
        Screen::Ask {
            answers,
            question,
            current,
        } => view! {
            <Toolbar route notices answers=answers.clone()/>
            <QuestionForm route answers=answers.clone() question current/>
            <PreviousAnswers answers=answers.clone()/>
            <EditionSwitch route answers/>
        }
        .into_any(),
        Screen::Done { answers, outcome } => view! {
            <Toolbar route notices answers=answers.clone()/>
            <OutcomeView notices answers=answers.clone() outcome=*outcome/>
            <PreviousAnswers answers=answers.clone()/>
            <EditionSwitch route answers/>
        }
        .into_any(),
    }
}

/// The start-over button, once there is something to start over.
#[component]
fn Toolbar(route: RwSignal<String>, notices: Notices, answers: Answers) -> impl IntoView {
    let edition = answers.edition;
    (!answers.is_empty()).then(|| {
        view! {
            <div class="zj-toolbar zj-no-print">
                <button type="button" class="zj-button zj-secondary zj-restart" on:click=move |_| start_over(route, notices, edition)>
                    "重新开始"
                </button>
            </div>
        }
    })
}

/// The old rules, out of the way below the questions: a small switch to the 2019 handbook
/// (for schools that still follow it) with one line on when to use it.
#[component]
fn EditionSwitch(route: RwSignal<String>, answers: Answers) -> impl IntoView {
    let edition = answers.edition;
    let other = match edition {
        Edition::E2021 => Edition::E2019,
        Edition::E2019 => Edition::E2021,
    };
    let (label, when) = match edition {
        Edition::E2021 => (
            "按旧手册（2019）",
            "只有学校的通知仍按 2019 年的旧手册办理时才需要。",
        ),
        Edition::E2019 => (
            "改回现行的 2021 版",
            "现在按 2019 年的旧手册回答；学校没有要求时，请用现行的 2021 版。",
        ),
    };
    let answers = StoredValue::new(answers);
    let switch = move |_| {
        let mut a = answers.get_value();
        a.edition = other;
        go(route, a.to_query());
    };
    view! {
        <p class="zj-edition zj-no-print">
            <button type="button" class="zj-edition-switch" data-edition=other.code() on:click=switch>{label}</button>
            <span class="zj-edition-when">{when}</span>
        </p>
    }
}

/// One question: radios in a fieldset (or the age box), its help, its guide link, 继续.
#[component]
fn QuestionForm(
    route: RwSignal<String>,
    answers: Answers,
    question: &'static Question,
    current: Option<Value>,
) -> impl IntoView {
    let number = flow::question_number(&answers, question.key);
    let key = question.key.code();
    // Help lines and explanations are the edition's own (an edition's destination or period
    // is never shown to the other).
    let edition = answers.edition;
    let chosen = RwSignal::new(current.map(Value::code).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let answers = StoredValue::new(answers);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let raw = chosen.get_untracked().trim().to_string();
        if raw.is_empty() {
            error.set(Some(match question.input {
                Input::Age { .. } => "请填写你的周岁年龄（整数）。".into(),
                Input::Choices(_) => "请选择一项。".into(),
            }));
            return;
        }
        // The engine reads and checks the value (its message names the key).
        let value = Answers::from_query(&format!("{key}={raw}"))
            .map(|one| one.get(question.key))
            .map_err(|e| e.message);
        match value {
            Ok(Some(v)) => {
                let mut next = answers.get_value();
                match next.set(question.key, v) {
                    Ok(()) => go(route, flow::relevant(&next).to_query()),
                    Err(e) => error.set(Some(e.message)),
                }
            }
            Ok(None) => error.set(Some("请选择一项。".into())),
            Err(message) => error.set(Some(message)),
        }
    };
    let input = match question.input {
        Input::Choices(choices) => choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let id = format!("zj-{key}-{i}");
                let code = c.value.code();
                let checked = chosen.get_untracked() == code;
                let on_change = {
                    let code = code.clone();
                    move |_| {
                        chosen.set(code.clone());
                        error.set(None);
                    }
                };
                view! {
                    <div class="zj-choice">
                        <input type="radio" id=id.clone() name=key value=code prop:checked=checked on:change=on_change/>
                        <label for=id>
                            <span class="zj-choice-label">{c.label}</span>
                            <span class="zj-choice-explain">{c.explain(edition)}</span>
                        </label>
                    </div>
                }
            })
            .collect_view()
            .into_any(),
        Input::Age { min, max } => view! {
            <div class="zj-age">
                <label for="zj-age-input" class="zj-age-label">"周岁"</label>
                <input type="number" id="zj-age-input" name=key inputmode="numeric" min=min max=max step="1"
                    prop:value=chosen.get_untracked()
                    on:input=move |ev| { chosen.set(event_target_value(&ev)); error.set(None); }/>
            </div>
        }
        .into_any(),
    };
    view! {
        <form class="zj-question" data-screen="question" data-key=key on:submit=submit novalidate>
            <fieldset>
                <legend>
                    <h2 id="zj-question-heading" class="zj-question-heading" tabindex="-1" data-screen-heading>
                        <span class="zj-step">{format!("第 {number} 题")}</span>
                        <span class="zj-prompt">{question.prompt}</span>
                    </h2>
                </legend>
                <p class="zj-help">
                    {question.help(edition)} " "
                    <a href=question.guide class="zj-guide">"看指南里的解释"</a>
                </p>
                {question.unsure.map(|text| view! {
                    <details class="zj-unsure">
                        <summary>"还不知道？"</summary>
                        <p>{readable(text.get(edition))}</p>
                    </details>
                })}
                {move || error.get().map(|e| view! { <p class="zj-error" role="alert">{e}</p> })}
                {input}
            </fieldset>
            // Sticky at the bottom of the screen while the form's end is below it, so a long
            // list of choices never hides the button.
            <div class="zj-continue-bar">
                <button type="submit" class="zj-button zj-continue">"继续"</button>
            </div>
        </form>
    }
}

/// The answers so far, each with a link that changes it.
#[component]
fn PreviousAnswers(answers: Answers) -> impl IntoView {
    let path = flow::path(&answers);
    if path.is_empty() {
        return ().into_any();
    }
    let query = answers.to_query();
    view! {
        <section class="zj-previous zj-no-print" aria-labelledby="zj-previous-h">
            <h2 id="zj-previous-h">"你的回答"</h2>
            <dl class="zj-answers">
                {path
                    .into_iter()
                    .map(|(q, v)| {
                        let href = format!("#{query}&change={}", q.key.code());
                        view! {
                            <div class="zj-answer" data-key=q.key.code()>
                                <dt>{q.prompt}</dt>
                                <dd>
                                    <span>{q.choice_label(v)}</span>
                                    <a href=href class="zj-change">"更改"<span class="zj-sr">{format!("：{}", q.prompt)}</span></a>
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_read_answers_and_the_question_to_change() {
        let (a, change) = parse_route("edition=2019&age=22&change=age").unwrap();
        assert_eq!(a.edition, Edition::E2019);
        assert_eq!(change, Some(Key::Age));
        assert_eq!(parse_route("change=nope").unwrap_err().key, "change");
        assert_eq!(parse_route("age=abc").unwrap_err().key, "age");
        assert!(parse_route("").unwrap().0.is_empty());
    }
}
