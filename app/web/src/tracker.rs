//! The personal tracker: the member enters their own application and sees the engine's
//! report (`tracker::TrackedApplication::report`) at a date they choose (today by default).
//! Only a record the engine accepts is saved (`zhuanjie.tracker.v1`); a bad edit shows the
//! engine's message beside the form and leaves the saved record alone.

use chrono::NaiveDate;
use leptos::prelude::*;
use zhuanjie_core::calendar::Edition;
use zhuanjie_core::codes::{Destination, Reason, Step};
use zhuanjie_core::process::Initiator;
use zhuanjie_core::sources::readable;
use zhuanjie_core::tracker::{Ending, PastAttempt, StepRecord, TrackedApplication, TrackerReport};

use crate::store::{self, Notices};
use crate::util::{self, chinese, iso};

mod form;
use form::TrackerForm;

pub const STORAGE_KEY: &str = "zhuanjie.tracker.v1";

/// The form as typed: plain strings, read into a record only when complete.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    edition: Edition,
    reason: Option<Reason>,
    destination: Destination,
    initiator: Initiator,
    special_province: bool,
    destination_is_branch: bool,
    under_16: bool,
    submitted: String,
    steps: Vec<(Step, String)>,
    ending: Option<Ending>,
    ended_on: String,
    /// The school's own deadline, as typed.
    school_deadline: String,
    /// Attempts started again ("我已重新发起"), carried as they are.
    earlier: Vec<PastAttempt>,
}

impl Default for Form {
    fn default() -> Form {
        Form {
            edition: Edition::default(),
            reason: None,
            destination: Destination::EmployerOrg,
            initiator: Initiator::Member,
            special_province: false,
            destination_is_branch: true,
            under_16: false,
            submitted: String::new(),
            steps: Vec::new(),
            ending: None,
            ended_on: String::new(),
            school_deadline: String::new(),
            earlier: Vec::new(),
        }
    }
}

fn parse_date(what: &str, text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<NaiveDate>()
        .map(Some)
        .map_err(|_| format!("{what}「{text}」不是有效的日期（应为 年-月-日，例如 2026-09-20）"))
}

impl Form {
    fn from_record(app: &TrackedApplication) -> Form {
        Form {
            edition: app.edition,
            reason: app.reason,
            destination: app.destination,
            initiator: app.initiator,
            special_province: app.special_province,
            destination_is_branch: app.destination_is_branch,
            under_16: app.under_16,
            submitted: iso(app.submitted),
            steps: app.passed.iter().map(|r| (r.step, iso(r.date))).collect(),
            ending: app.ended.map(|(e, _)| e),
            ended_on: app.ended.map(|(_, d)| iso(d)).unwrap_or_default(),
            school_deadline: app.school_deadline.map(iso).unwrap_or_default(),
            earlier: app.earlier.clone(),
        }
    }

    /// The steps this application must pass (the engine's process for its shape).
    fn steps(&self) -> Vec<Step> {
        let mut app = TrackedApplication::new(self.edition, self.destination, NaiveDate::MIN);
        app.initiator = self.initiator;
        app.special_province = self.special_province;
        app.destination_is_branch = self.destination_is_branch;
        app.under_16 = self.under_16;
        app.process().steps
    }

    fn step_date(&self, step: Step) -> String {
        self.steps
            .iter()
            .find(|(s, _)| *s == step)
            .map(|(_, d)| d.clone())
            .unwrap_or_default()
    }

    /// The record, or what is missing or wrong, naming the field.
    fn to_record(&self) -> Result<TrackedApplication, String> {
        let submitted = parse_date("提交日期", &self.submitted)?
            .ok_or("请填写提交日期：你（或管理员）在系统中发起申请的那一天。")?;
        let mut app = TrackedApplication::new(self.edition, self.destination, submitted);
        app.reason = self.reason;
        app.initiator = self.initiator;
        app.special_province = self.special_province;
        app.destination_is_branch = self.destination_is_branch;
        app.under_16 = self.under_16;
        app.earlier = self.earlier.clone();
        app.school_deadline = parse_date("学校要求的完成日期", &self.school_deadline)?;
        let mut gap: Option<Step> = None;
        for step in app.process().steps {
            let label = format!("「{}」通过日期", step.label());
            match parse_date(&label, &self.step_date(step))? {
                Some(date) => {
                    if let Some(missing) = gap {
                        return Err(format!(
                            "请按顺序填写审批日期：「{}」还没有填写，不能先填「{}」。",
                            missing.label(),
                            step.label()
                        ));
                    }
                    app.passed.push(StepRecord { step, date });
                }
                None => {
                    gap.get_or_insert(step);
                }
            }
        }
        if let Some(ending) = self.ending {
            let date = parse_date("结束日期", &self.ended_on)?
                .ok_or("请填写撤回或被退回的日期，或把“结束方式”改回“没有”。")?;
            app.ended = Some((ending, date));
        }
        // Every event must be possible: check against the latest date in the record.
        let latest = app
            .passed
            .iter()
            .map(|r| r.date)
            .chain(app.ended.map(|(_, d)| d))
            .fold(app.submitted, NaiveDate::max);
        app.report(latest)?;
        Ok(app)
    }
}

#[component]
pub fn TrackerPage() -> impl IntoView {
    let notices = Notices::new();
    let form = RwSignal::new(load(notices));
    let today = util::today();
    let view_date = RwSignal::new(iso(today));

    let record = Memo::new(move |_| form.with(Form::to_record));
    // Whether the visitor has changed the form since the page loaded (the first run of the
    // effect is the load itself).
    let edited = RwSignal::new(false);
    let cleared = RwSignal::new(false);
    // Set by "清除我的记录": the empty form it puts back is a fresh start, not an edit.
    let just_cleared = StoredValue::new(false);
    Effect::new(move |prev: Option<()>| {
        form.track();
        if prev.is_some() && !just_cleared.get_value() {
            edited.set(true);
            cleared.set(false);
        }
        just_cleared.set_value(false);
    });
    let last_saved = StoredValue::new(String::new());
    Effect::new(move |_| {
        if let Ok(app) = record.get() {
            let text = app.to_json();
            if last_saved.get_value() != text && notices.write(STORAGE_KEY, &text) {
                last_saved.set_value(text);
            }
        }
    });
    // Another tab saved a record: last writer wins, and this tab says so.
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(STORAGE_KEY) {
            notices.push("另一个标签页修改了保存的申请记录。本页继续显示你在这里填写的内容；刷新本页可看到另一个标签页保存的内容（以最后保存的为准）。".into());
        }
    });
    let report = move || -> Result<(NaiveDate, TrackerReport), String> {
        let app = record.get()?;
        let at = parse_date("查看日期", &view_date.get())?.unwrap_or(today);
        app.report(at).map(|r| (at, r))
    };

    // The state in one line, kept at the top of the form while it is edited (the full
    // report is above it, out of view on a phone).
    let live = move || match report() {
        Ok((at, r)) => format!("{}：{}", chinese(at), r.label),
        Err(_) if !edited.get() => "先填写提交日期".into(),
        Err(_) => "填写有误，见上方的说明".into(),
    };
    let clear = move || {
        store::remove(STORAGE_KEY);
        last_saved.set_value(String::new());
        just_cleared.set_value(true);
        form.set(Form::default());
        view_date.set(iso(today));
        edited.set(false);
        cleared.set(true);
    };

    view! {
        <div class="zj-tracker" data-screen="tracker">
            {notices.view()}
            <section class="zj-report" id="zj-report" aria-live="polite">
                <h2>"现在的状态"</h2>
                {move || cleared.get().then(|| view! { <p class="zj-info" role="status">"已清除本浏览器里保存的申请记录。"</p> })}
                {move || match report() {
                    Ok((at, r)) => report_view(at, r, form, today).into_any(),
                    // Until the visitor edits something, what is missing is guidance, not an
                    // error: a first visit starts with an empty form.
                    Err(e) if !edited.get() => view! { <p class="zj-info" id="zj-tracker-guidance">{e}</p> }.into_any(),
                    Err(e) => view! { <p class="zj-error" role="alert" id="zj-tracker-error">{e}</p> }.into_any(),
                }}
                <label class="zj-inline zj-as-of">"看另一天的状态（默认今天）"
                    <input type="date" id="zj-view-date" prop:value=move || view_date.get()
                        on:input=move |ev| view_date.set(event_target_value(&ev))/>
                </label>
            </section>
            <TrackerForm form live=Signal::derive(live) on_clear=Callback::new(move |_| clear())/>
        </div>
    }
}

/// The prefill from the checker, else the saved record, else an empty form.
fn load(notices: Notices) -> Form {
    if let Ok(Some(raw)) = store::read(store::TRACKER_PREFILL_KEY) {
        store::remove(store::TRACKER_PREFILL_KEY);
        match TrackedApplication::from_json(&raw) {
            Ok(app) => {
                notices.push("已按检查器的结果预填。提交日期先设为今天，请改成你实际提交的日期，再填写各环节通过的日期。".into());
                return Form::from_record(&app);
            }
            Err(why) => notices.push(format!("检查器交来的预填无法读取（{why}），已忽略。")),
        }
    }
    match store::read(STORAGE_KEY) {
        Ok(Some(raw)) => match TrackedApplication::from_json(&raw) {
            Ok(app) => Form::from_record(&app),
            Err(why) => {
                notices.push(store::set_aside(STORAGE_KEY, &raw, &why, "本页从空白开始"));
                Form::default()
            }
        },
        Ok(None) => Form::default(),
        Err(e) => {
            notices.push(format!("{e}。本页仍可使用，但记录不会保存在本浏览器中。"));
            Form::default()
        }
    }
}

fn report_view(
    at: NaiveDate,
    r: TrackerReport,
    form: RwSignal<Form>,
    today: NaiveDate,
) -> impl IntoView {
    view! {
        <p class="zj-state" data-state=r.state>
            <span class="zj-state-date">{format!("{}：", chinese(at))}</span>
            <strong>{r.label.clone()}</strong>
        </p>
        {r.after_end.clone().map(|after| view! {
            <div class="zj-after-end" id="zj-after-end">
                <h3>"接下来怎么办"</h3>
                <ol>{after.steps.iter().map(|s| view! { <li>{readable(s)}</li> }).collect_view()}</ol>
                <p class="zj-links">
                    {after.links.iter().map(|(label, href)| view! {
                        <a href=*href>{*label}</a>" "
                    }).collect_view()}
                </p>
                <Restart form today/>
            </div>
        })}
        {r.next.clone().map(|next| view! {
            <p class="zj-next" id="zj-next">{next}
                {r.next_readings.iter().map(|id| view! {
                    " "<a class="zj-reading" href=format!("readings.html#{id}")>"（看本指南的理解）"</a>
                }).collect_view()}
            </p>
        })}
        {r.due.as_ref().map(|d| view! { <p class="zj-due">{format!("关键日期：{}（{}）", chinese(d.on), d.step.label())}</p> })}
        {r.school.clone().map(|s| view! { <p class="zj-due zj-school" id="zj-school">{s}</p> })}
        {r.reminder_on.map(|d| view! { <p class="zj-due">{format!("{} 管理员会收到审核提示。", chinese(d))}</p> })}
        <p class="zj-contact" id="zj-contact"><strong>"联系谁："</strong>{readable(&r.contact)}</p>
        <h3>"审批环节"</h3>
        <ol class="zj-chain">
            {r.steps.iter().map(|s| view! {
                <li data-step=s.step.code()>{s.label}" — "
                    <span class="zj-step-status" class:zj-waiting=s.waiting>{s.status.clone()}</span>
                </li>
            }).collect_view()}
        </ol>
        {r.steps.is_empty().then(|| view! { <p>"这种申请不需要审批。"</p> })}
        <h3>"时间线"</h3>
        <ul class="zj-timeline">
            {r.timeline.iter().map(|t| view! {
                <li class:zj-auto=t.automatic>
                    <span class="zj-date">{chinese(t.date)}</span>" "{t.text.clone()}
                    {t.automatic.then(|| view! { <span class="zj-tag">"系统自动"</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// "我已重新发起": the ended attempt joins the history and a new one starts on the day given
/// (today unless changed). The engine says when that cannot be.
#[component]
fn Restart(form: RwSignal<Form>, today: NaiveDate) -> impl IntoView {
    let day = RwSignal::new(iso(today));
    let error = RwSignal::new(None::<String>);
    let restart = move |_| {
        let result = form.with_untracked(Form::to_record).and_then(|mut app| {
            let on = parse_date("重新发起的日期", &day.get_untracked())?
                .ok_or("请填写重新发起的日期。")?;
            app.restart(on)?;
            Ok(app)
        });
        match result {
            Ok(app) => {
                error.set(None);
                form.set(Form::from_record(&app));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <div class="zj-restart-again">
            <label class="zj-inline">"重新发起的日期"
                <input type="date" id="zj-t-restart-date" prop:value=move || day.get()
                    on:input=move |ev| day.set(event_target_value(&ev))/>
            </label>
            <button type="button" class="zj-button" id="zj-t-restart" on:click=restart>"我已重新发起"</button>
            {move || error.get().map(|e| view! { <p class="zj-error" role="alert">{e}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_into_a_record_in_order() {
        let mut f = Form {
            submitted: "2026-09-20".into(),
            ..Form::default()
        };
        assert!(f.to_record().unwrap().passed.is_empty());
        f.steps.push((Step::InOrg, "2026-09-25".into()));
        assert!(f.to_record().unwrap_err().contains("按顺序"));
        f.steps.push((Step::OutOrg, "2026-09-19".into()));
        assert!(f.to_record().unwrap_err().contains("审批日期"));
        f.submitted = "x".into();
        assert!(f.to_record().unwrap_err().contains("提交日期"));
        let day = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let app = TrackedApplication::new(Edition::E2019, Destination::EmployerOrg, day);
        assert_eq!(Form::from_record(&app).to_record().unwrap(), app);
    }
}
