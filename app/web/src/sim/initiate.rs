//! Starting a transfer: the member's situation goes through the checker's questions, the
//! engine's outcome gives the reason and destinations, the admin picks the org.

use leptos::prelude::*;
use zhuanjie_core::answers::{Answers, Key, Value};
use zhuanjie_core::codes::Destination;
use zhuanjie_core::commands;
use zhuanjie_core::flow::{self, Input, Question};
use zhuanjie_core::process::Initiator;
use zhuanjie_core::rules::{self, Outcome};

use super::state::{Place, Sim};

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

/// What the admin chose so far; signals, kept while the form re-renders.
#[derive(Clone, Copy)]
struct Choices {
    id: StoredValue<String>,
    answers: RwSignal<Option<Answers>>,
    initiator: RwSignal<Initiator>,
    destination: RwSignal<Option<Destination>>,
    to_org: RwSignal<String>,
    to_name: RwSignal<String>,
}

/// Starting a transfer: the member's situation goes through the checker's questions, the
/// engine's outcome gives the reason and destinations, the admin picks the org.
#[component]
pub fn Initiate(id: String) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let id = StoredValue::new(id);
    let c = Choices {
        id,
        answers: RwSignal::new(
            sim.ws
                .with_untracked(|ws| commands::member_answers(ws, &id.get_value())),
        ),
        initiator: RwSignal::new(Initiator::Member),
        destination: RwSignal::new(None::<Destination>),
        to_org: RwSignal::new(String::new()),
        to_name: RwSignal::new(String::new()),
    };
    let Choices {
        answers, initiator, ..
    } = c;
    move || {
        let Some(current) = answers.get() else {
            return ().into_any();
        };
        let next = flow::next_question(&current);
        let question = next.map(|q| question(answers, q));
        let outcome = next.is_none().then(|| rules::evaluate(&current));
        let outcome_view = outcome.map(|o| match o {
            Err(e) => view! { <p class="zj-error">{e.to_string()}</p> }.into_any(),
            Ok(o) if !commands::outcome_starts_transfer(&o) => view! {
                <p id="zj-initiate-outcome">
                    {o.title}"：无需发起转接。"{o.warnings.first().map(|w| w.text.clone())}
                </p>
            }
            .into_any(),
            Ok(o) => transfer_form(sim, c, &current, o).into_any(),
        });
        let known = flow::path(&current)
            .iter()
            .map(|(q, v)| format!("{}：{}", key_label(q.key), q.choice_label(*v)))
            .collect::<Vec<_>>()
            .join("；");
        view! {
            <details class="zj-initiate" open=true>
                <summary>"发起转接"</summary>
                <label class="zj-field">"发起人"
                    <select id="zj-initiator" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        initiator.set(match v.as_str() {
                            "out_org" => Initiator::OutOrg,
                            "in_org" => Initiator::InOrg,
                            _ => Initiator::Member,
                        });
                    }>
                        {[Initiator::Member, Initiator::OutOrg, Initiator::InOrg].into_iter().map(|i| view! {
                            <option value=i.code() selected=initiator.get_untracked() == i>{i.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <p class="zj-muted">{format!("已知：{known}")}
                    " "
                    <button type="button" class="zj-link-button" on:click=move |_| {
                        answers.set(sim.ws.with_untracked(|ws| commands::member_answers(ws, &id.get_value())))
                    }>"重新回答"</button>
                </p>
                {question}
                {outcome_view}
            </details>
        }
        .into_any()
    }
}

/// The next question, as a select of its choices (or ages).
fn question(answers: RwSignal<Option<Answers>>, q: &'static Question) -> impl IntoView {
    let key = q.key;
    let choices: Vec<(String, String)> = match q.input {
        Input::Choices(list) => list
            .iter()
            .map(|c| (c.value.code(), c.label.to_string()))
            .collect(),
        Input::Age { min, max } => (min..=max)
            .map(|a| (a.to_string(), format!("{a} 周岁")))
            .collect(),
    };
    let pick = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        let Some(q) = flow::question(key) else { return };
        let value = match q.input {
            Input::Choices(list) => list
                .iter()
                .find(|c| c.value.code() == code)
                .map(|c| c.value),
            Input::Age { .. } => code.parse().ok().map(Value::Age),
        };
        if let Some(v) = value {
            answers.update(|a| {
                if let Some(a) = a {
                    let _ = a.set(key, v);
                }
            });
        }
    };
    view! {
        <label class="zj-field">{q.prompt}
            <select class="zj-initiate-question" data-key=key.code() on:change=pick>
                <option value="">"请选择……"</option>
                {choices.into_iter().map(|(v, l)| view! {
                    <option value=v>{l}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The engine's outcome of the answers: the destination (or an alternative), the org to
/// transfer to, and the button that makes the command.
fn transfer_form(sim: Sim, c: Choices, current: &Answers, o: Outcome) -> impl IntoView {
    let Choices {
        id,
        initiator,
        destination,
        to_org,
        to_name,
        ..
    } = c;
    let mut options = vec![o.destination];
    options.extend(o.alternatives.iter().copied());
    let o_destination = o.destination;
    let answered = StoredValue::new(current.clone());
    if destination
        .get_untracked()
        .is_none_or(|d| !options.contains(&d))
    {
        destination.set(Some(o.destination));
    }
    // Which inputs the transfer takes is the engine's (the same it keeps on submit).
    let inputs = Memo::new(move |_| {
        let d = destination.get().unwrap_or(o_destination);
        answered.with_value(|a| commands::target_inputs(a, d))
    });
    let edition = o.edition;
    let outcome = StoredValue::new(o.clone());
    let orgs = sim.ws.with(|ws| {
        ws.orgs
            .iter()
            .map(|x| (x.id.clone(), format!("{}（{}）", x.name, x.kind.label())))
            .collect::<Vec<_>>()
    });
    // The engine turns the outcome and the admin's choice into the command.
    let submit = move |_| {
        let Some(dest) = destination.get_untracked() else {
            return;
        };
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
                sim.run_in(Place::Member, command);
            }
            Err(e) => sim.tell(Place::Member, false, e.message),
        }
    };
    view! {
        <div id="zj-initiate-outcome" class="zj-box">
            <p class="zj-big">{o.title}</p>
            <p>{format!("转接原因：{}", o.reason_label.unwrap_or("无需选择"))}</p>
            <label class="zj-field">"去向"
                <select id="zj-initiate-destination" on:change=move |ev| {
                    let code = event_target_value(&ev);
                    destination.set(Destination::ALL.into_iter().find(|d| d.code() == code));
                }>
                    {options.iter().map(|d| view! {
                        <option value=d.code() selected=Some(*d) == destination.get_untracked()>{d.label(edition)}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || inputs.get().tree_org.then(|| { let orgs = orgs.clone(); view! {
                <label class="zj-field">"转入组织（本工作区的组织）"
                    <select id="zj-initiate-org" on:change=move |ev| to_org.set(event_target_value(&ev))>
                        <option value="">"不在本工作区（在下面填写名称）"</option>
                        {orgs.into_iter().map(|(oid, oname)| view! {
                            <option value=oid>{oname}</option>
                        }).collect_view()}
                    </select>
                </label>
            }})}
            {move || inputs.get().typed_name.map(|label| view! {
                <label class="zj-field">{label}
                    <input type="text" id="zj-initiate-name"
                        on:input=move |ev| to_name.set(event_target_value(&ev))/>
                </label>
            })}
            <button type="button" id="zj-initiate-submit" on:click=submit>"发起转接"</button>
        </div>
    }
}
