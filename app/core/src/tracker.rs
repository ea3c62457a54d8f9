//! The personal tracker: a member describes their own application (what they chose, who
//! started it, and the dates they know) and the engine says where it stands, what happens
//! next and when, and whom to contact. The UI only collects the input and shows the report.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Edition, TimerEffect};
use crate::codes::{Destination, Reason, Step};
use crate::process::{
    self, reviewer, Actor, Event, EventKind, Initiator, Process, ProcessShape, RejectReason, State,
};

pub const FORMAT: &str = "zhuanjie-tracker";
/// 2 added the earlier attempts and the school's own deadline; a version-1 record reads as
/// one with neither (both fields default), so it migrates by being read.
pub const VERSION: u64 = 2;

/// What happened to one step, as the member knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub step: Step,
    pub date: NaiveDate,
}

/// How the application ended early, if it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    Withdrawn,
    Rejected,
}

/// How an earlier attempt ended: it had to be started again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptEnd {
    Withdrawn,
    Rejected,
    AutoReturned,
}

impl AttemptEnd {
    pub fn label(self) -> &'static str {
        match self {
            AttemptEnd::Withdrawn => "已撤回",
            AttemptEnd::Rejected => "被退回",
            AttemptEnd::AutoReturned => "超时未审核，被系统自动退回（“系统终止”）",
        }
    }
}

/// An attempt that ended without a transfer, kept when the member starts again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastAttempt {
    pub submitted: NaiveDate,
    pub ended_on: NaiveDate,
    pub how: AttemptEnd,
}

/// The member's own application, as stored in localStorage (with `format` + `version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedApplication {
    pub format: String,
    pub version: u64,
    pub edition: Edition,
    #[serde(default)]
    pub reason: Option<Reason>,
    pub destination: Destination,
    pub initiator: Initiator,
    #[serde(default)]
    pub special_province: bool,
    /// Whether the destination org is a 团支部 (else a branch must be assigned).
    #[serde(default = "yes")]
    pub destination_is_branch: bool,
    #[serde(default)]
    pub under_16: bool,
    pub submitted: NaiveDate,
    /// Approvals in order (the step each date passed).
    #[serde(default)]
    pub passed: Vec<StepRecord>,
    #[serde(default)]
    pub ended: Option<(Ending, NaiveDate)>,
    /// Earlier attempts that ended and were started again, oldest first.
    #[serde(default)]
    pub earlier: Vec<PastAttempt>,
    /// The school's own deadline, where its notice sets one (schools shift the calendar:
    /// S000's spring cohort has its own phases).
    #[serde(default)]
    pub school_deadline: Option<NaiveDate>,
}

fn yes() -> bool {
    true
}

/// The field of a stored record that serde refused: each field in turn, put into a record
/// known to be good. (serde_path_to_error would say it too, at a size the checker's bundle
/// does not afford.)
fn culprit(stored: &serde_json::Value) -> Option<String> {
    let good = TrackedApplication::new(
        Edition::E2021,
        Destination::EmployerOrg,
        NaiveDate::default(),
    );
    let good: serde_json::Value = serde_json::from_str(&good.to_json()).ok()?;
    stored.as_object()?.iter().find_map(|(key, value)| {
        let mut record = good.clone();
        record.as_object_mut()?.insert(key.clone(), value.clone());
        serde_json::from_value::<TrackedApplication>(record)
            .is_err()
            .then(|| key.clone())
    })
}

impl TrackedApplication {
    pub fn new(edition: Edition, destination: Destination, submitted: NaiveDate) -> Self {
        TrackedApplication {
            format: FORMAT.into(),
            version: VERSION,
            edition,
            reason: None,
            destination,
            initiator: Initiator::Member,
            special_province: false,
            destination_is_branch: true,
            under_16: false,
            submitted,
            passed: Vec::new(),
            ended: None,
            earlier: Vec::new(),
            school_deadline: None,
        }
    }

    /// "我已重新发起": the attempt that ended (withdrawn, rejected or returned by the system)
    /// joins the history, and a new one starts on `on`. An attempt still open or completed
    /// cannot be started again, and a new one cannot start before the old one ended.
    pub fn restart(&mut self, on: NaiveDate) -> Result<(), String> {
        let state = process::state_at(
            &self.process(),
            &self.events(),
            on,
            &self.edition.calendar(),
        )
        .map_err(|e| e.message)?;
        let (how, ended_on) = match state {
            State::Withdrawn { on } => (AttemptEnd::Withdrawn, on),
            State::Rejected { on, .. } => (AttemptEnd::Rejected, on),
            State::AutoReturned { on, .. } => (AttemptEnd::AutoReturned, on),
            State::Completed { .. } => return Err("这次申请已经完成，不需要重新发起。".into()),
            _ => {
                return Err(format!(
                    "到 {} 这次申请还没有结束（没有撤回、被退回或被系统退回），不能记为重新发起。",
                    crate::dates::chinese_date(on)
                ))
            }
        };
        self.earlier.push(PastAttempt {
            submitted: self.submitted,
            ended_on,
            how,
        });
        self.submitted = on;
        self.passed.clear();
        self.ended = None;
        Ok(())
    }

    /// Reads a stored value. Anything unreadable, of another format or of a newer version is
    /// an error (the caller keeps the raw value aside and says so).
    pub fn from_json(text: &str) -> Result<Self, String> {
        let text = crate::input::json_body(text).map_err(|e| format!("保存的申请记录{e}"))?;
        if let Some((_, problem)) = crate::input::repeated_key(text) {
            return Err(format!("保存的申请记录{problem}"));
        }
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("保存的申请记录{}", crate::input::stored_json_problem(&e)))?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            _ => return Err(format!("保存的数据不是申请记录（format 应为 {FORMAT}）")),
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            // Version 1 lacks only fields that default; it is brought forward on save.
            Some(1) | Some(VERSION) => {}
            Some(v) if v > VERSION => {
                return Err(format!(
                    "保存的申请记录版本为 {v}，比本页面支持的 {VERSION} 新"
                ))
            }
            _ => return Err("保存的申请记录缺少有效的版本号".into()),
        }
        // A clone of one small record: deserializing from `&Value` instead would link a second
        // copy of serde's value deserializer into the tracker's bundle (measured +2.5 KB brotli).
        let mut app: TrackedApplication = serde_json::from_value(value.clone()).map_err(|e| {
            let message = crate::input::serde_message(&e.to_string());
            match culprit(&value) {
                Some(field) => format!("保存的申请记录有误：{field}：{message}"),
                None => format!("保存的申请记录有误：{message}"),
            }
        })?;
        app.version = VERSION;
        Ok(app)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn process(&self) -> Process {
        Process::new(ProcessShape {
            edition: self.edition,
            initiator: self.initiator,
            special_unit: self.destination == Destination::SpecialUnitLibrary,
            special_province: self.special_province,
            destination_is_branch: self.destination_is_branch,
            under_16_leaving_school: self.under_16
                && crate::policy::leadership_rule_applies(self.edition)
                && crate::policy::leaves_school_domain(self.destination),
        })
    }

    /// The dated events this record stands for.
    pub fn events(&self) -> Vec<Event> {
        let mut events = vec![Event::new(
            self.submitted,
            EventKind::Submit,
            self.initiator.actor(),
        )];
        for record in &self.passed {
            let mut e = if record.step == Step::AssignBranch {
                let mut e = Event::new(record.date, EventKind::Assign, Actor::InOrg);
                e.branch = Some("（已分配）".into());
                e
            } else {
                Event::new(record.date, EventKind::Approve, reviewer(record.step))
            };
            e.step = Some(record.step);
            events.push(e);
        }
        if let Some((ending, date)) = self.ended {
            let step = self.process().steps.get(self.passed.len()).copied();
            let mut e = match ending {
                Ending::Withdrawn => Event::new(date, EventKind::Withdraw, self.initiator.actor()),
                Ending::Rejected => {
                    let mut e = Event::new(
                        date,
                        EventKind::Reject,
                        step.map(reviewer).unwrap_or(Actor::OutOrg),
                    );
                    e.reason = Some(RejectReason::WrongData);
                    e
                }
            };
            e.step = step;
            events.push(e);
        }
        events
    }

    /// Where the application stands on `today`.
    pub fn report(&self, today: NaiveDate) -> Result<TrackerReport, String> {
        let calendar = self.edition.calendar();
        self.report_with(today, &calendar)
    }

    pub fn report_with(
        &self,
        today: NaiveDate,
        calendar: &Calendar,
    ) -> Result<TrackerReport, String> {
        let process = self.process();
        let events = self.events();
        let state = process::state_at(&process, &events, today, calendar).map_err(|e| {
            let what = if e.event == 0 {
                "提交日期".to_string()
            } else if e.event <= self.passed.len() {
                format!("第 {} 个审批日期", e.event)
            } else {
                "结束日期".to_string()
            };
            format!(
                "{what}（{}）有问题：{}",
                crate::dates::chinese_date(e.date),
                e.message
            )
        })?;
        let fired = process::timers_fired(&process, &events, today, calendar).unwrap_or_default();
        // A step the 2019 timer passed (视为通过) has its date, as one a person approved.
        let passed_on = |step: Step| -> Option<(NaiveDate, bool)> {
            self.passed
                .iter()
                .find(|r| r.step == step)
                .map(|r| (r.date, false))
                .or_else(|| {
                    fired
                        .iter()
                        .find(|f| f.step == step && f.effect == TimerEffect::AutoApprove)
                        .map(|f| (f.on, true))
                })
        };
        let due = process::next_due(&state, calendar);
        let next = match (&state, &due) {
            (State::Pending { step, .. }, Some(d)) => Some(match d.effect {
                // When the ten days start is not written down (readings: ten-day-clock).
                TimerEffect::AutoReturn => format!(
                    "按本指南的理解{}，如果“{}”一直没人审核，申请大约会在 {} 被系统自动退回，需要重新发起；不要等到那一天，尽早催审。",
                    crate::readings::marker("ten-day-clock"),
                    step.label(),
                    crate::dates::chinese_date(d.on)
                ),
                TimerEffect::AutoApprove => format!(
                    "如果“{}”一直未审核，{} 起视为审核通过。",
                    step.label(),
                    crate::dates::chinese_date(d.on)
                ),
            }),
            (
                State::Pending {
                    step: Step::AssignBranch,
                    ..
                },
                None,
            ) => Some(match calendar.timer {
                crate::calendar::Timer::AutoReturn { .. } => format!(
                    "资料只说审批阶段超时会被退回，没有说分配团支部；本指南的理解{}是它不会自动退回，也不会自动完成：不分配，转接就一直没有完成。",
                    crate::readings::marker("assign-branch-timer")
                ),
                crate::calendar::Timer::AutoApprove { .. } => {
                    "分配团支部不会自动完成：不分配，转接就一直没有完成（S002 注）。".into()
                }
            }),
            _ => None,
        };
        let (next, next_readings) = match next {
            Some(text) => {
                let (clean, ids) = crate::readings::split(&text);
                let ids: Vec<String> = ids.into_iter().map(str::to_string).collect();
                (Some(clean), ids)
            }
            None => (None, Vec::new()),
        };
        let reminder = match &state {
            State::Pending { since, .. } => calendar.reminder_due(*since).filter(|r| *r > today),
            _ => None,
        };
        let school = self.school_note(&state, due.as_ref(), today);
        Ok(TrackerReport {
            state: state.code(),
            label: state.label(),
            steps: process
                .steps
                .iter()
                .map(|s| {
                    let passed = passed_on(*s);
                    StepView {
                        step: *s,
                        label: s.label(),
                        passed_on: passed.map(|(d, _)| d),
                        by_default: passed.is_some_and(|(_, auto)| auto),
                        status: step_status(*s, passed, &state),
                        waiting: passed.is_none()
                            && matches!(state, State::Pending { step, .. } if step == *s),
                    }
                })
                .collect(),
            pending_since: match &state {
                State::Pending { since, .. } => Some(*since),
                _ => None,
            },
            due,
            next,
            next_readings,
            reminder_on: reminder,
            contact: contact_advice(&state, self),
            school,
            combination: self
                .reason
                .and_then(|r| crate::rules::combination_problem(self.edition, r, self.destination)),
            after_end: after_end(&state),
            timeline: self.timeline(&events, &state, &fired),
        })
    }

    /// The school's deadline against the state and the system's own timer.
    fn school_note(
        &self,
        state: &State,
        due: Option<&process::Due>,
        today: NaiveDate,
    ) -> Option<String> {
        let deadline = self.school_deadline?;
        let day = crate::dates::chinese_date(deadline);
        if state.is_completed() {
            return None;
        }
        if today > deadline {
            return Some(format!(
                "已经过了学校要求的完成日期（{day}）：尽快联系学院团委说明情况。"
            ));
        }
        let left = (deadline - today).num_days();
        let mut text = format!("学校要求在 {day} 前完成转接，还有 {left} 天。");
        if due.is_some_and(|d| d.on > deadline) {
            text.push_str("这比系统的期限更早：按学校的日期办。");
        }
        Some(text)
    }

    fn timeline(
        &self,
        events: &[Event],
        state: &State,
        fired: &[process::Due],
    ) -> Vec<TimelineEntry> {
        let attempts = self.earlier.len();
        let mut out: Vec<TimelineEntry> = Vec::new();
        for (n, past) in self.earlier.iter().enumerate() {
            out.push(TimelineEntry {
                date: past.submitted,
                text: format!("第 {} 次申请：发起", n + 1),
                automatic: false,
            });
            out.push(TimelineEntry {
                date: past.ended_on,
                text: format!("第 {} 次申请：{}", n + 1, past.how.label()),
                automatic: past.how == AttemptEnd::AutoReturned,
            });
        }
        let this = if attempts > 0 {
            format!("第 {} 次申请：", attempts + 1)
        } else {
            String::new()
        };
        out.extend(events.iter().map(|e| TimelineEntry {
            date: e.date,
            text: match (e.kind, e.step) {
                (EventKind::Submit, _) => format!("{this}{}发起申请", self.initiator.label()),
                (EventKind::Approve, Some(s)) => format!("{}：通过", s.label()),
                (EventKind::Assign, _) => "已分配到具体团支部".into(),
                (EventKind::Reject, _) => "申请被退回".into(),
                (EventKind::Withdraw, _) => "申请已撤回".into(),
                (kind, _) => kind.label().into(),
            },
            automatic: false,
        }));
        // What the timers did, each on its day (the 2019 rules pass a step by default).
        for due in fired {
            let text = match due.effect {
                TimerEffect::AutoReturn => format!(
                    "“{}”超时未审核，系统自动退回（“系统终止”）",
                    due.step.label()
                ),
                TimerEffect::AutoApprove => match state {
                    State::Completed { on } if *on == due.on => {
                        format!("“{}”超过期限未审核，视为通过，转接完成", due.step.label())
                    }
                    _ => format!("“{}”超过期限未审核，视为通过", due.step.label()),
                },
            };
            out.push(TimelineEntry {
                date: due.on,
                text,
                automatic: true,
            });
        }
        out.sort_by_key(|t| t.date);
        out
    }
}

fn contact_advice(state: &State, app: &TrackedApplication) -> String {
    let report = if app.special_province {
        "另外，别忘了到该省的微信公众号进行团员报到。"
    } else {
        ""
    };
    let main = match state {
        State::NotSubmitted => "还没到提交日期。".to_string(),
        State::Pending { step, .. } => match step {
            Step::OutOrg => "联系原团支部书记（或学院团委）尽快在系统中审批：转出方是原团支部及其上级，依次审核。".into(),
            Step::InOrg => "联系接收团组织的管理员（对方团支部或其直属上级）审批，把申请时间和你的姓名告诉对方。".into(),
            Step::Leadership => "联系你所在团组织的上级团的领导机关（县级以上团委）审批；情况说明已在发起时填写。".into(),
            Step::AssignBranch => "联系接收的团委/团工委/团总支管理员，请他们把你分配到具体团支部。".into(),
            Step::Provincial => "由省级团委审核；如长时间没有进展，联系学校团委询问。".into(),
        },
        // The statistics are 2021's (S004 5.2); 2019 only says it is kept for a while (S002 指引5).
        State::Completed { .. }
            if app.destination == Destination::SchoolFloatingBranch
                && app.edition == Edition::E2021 =>
        {
            "已转入本校的流动团员团支部。这在统计上仍算“未完成转接”：落实去向、符合转出条件后，要及时转出。".into()
        }
        State::Completed { .. } if app.destination == Destination::SchoolFloatingBranch => {
            "已转入本校的流动团员团支部，这只是暂时保留（一般不超过 6 个月）：落实去向、符合转出条件后，要及时转出（S002 指引5）。".into()
        }
        State::Completed { .. } => "线上转接已完成。记得办理《团员证》和档案的线下转递，并与新组织的团支部取得联系。".into(),
        State::Withdrawn { .. } => "申请已撤回。核对信息后重新发起。".into(),
        State::Rejected { .. } => "申请被退回。按退回原因改正后重新发起，必要时先联系对方确认信息，或找学院团委帮忙解决。".into(),
        State::AutoReturned { .. } => "申请已被系统退回。重新发起，并在提交后立即联系各环节的管理员审批。".into(),
        State::Lapsed { .. } => "已超龄，不再保留团籍，请告知学校团委。".into(),
    };
    format!("{main}{report}")
}

/// A step's status in words: passed (by a person or by default) with its day, waiting for
/// approval ("待审批", never "未通过", which reads as refused), not reached yet, or not
/// reached because the attempt ended.
fn step_status(step: Step, passed: Option<(NaiveDate, bool)>, state: &State) -> String {
    match (passed, state) {
        (Some((on, false)), _) => format!("{} 通过", crate::dates::chinese_date(on)),
        (Some((on, true)), _) => format!(
            "{} 视为通过（超过期限未审核）",
            crate::dates::chinese_date(on)
        ),
        (None, State::Pending { step: waiting, .. }) if *waiting == step => "待审批".into(),
        (None, State::Pending { .. } | State::NotSubmitted) => "还没轮到".into(),
        (None, State::Rejected { step: at, .. } | State::AutoReturned { step: at, .. })
            if *at == step =>
        {
            "在这一环结束".into()
        }
        (None, _) => "没有办理（申请已结束）".into(),
    }
}

/// After an attempt ended without a transfer: what to do, and where the guide explains it.
/// The guide links (relative to the site root) are checked against the built site.
pub const AFTER_END_LINKS: &[(&str, &str)] = &[
    ("常见问题：显示“系统终止”怎么办", "faq/auto-returned.html"),
    ("常见问题：信息填错了怎么办", "faq/wrong-info.html"),
    ("审批指南：被退回以后", "approvals.html#rejected"),
    ("审批指南：被系统自动终止", "approvals.html#auto-returned"),
    ("审批指南：撤销", "approvals.html#withdraw"),
];

#[derive(Debug, Clone, Serialize)]
pub struct AfterEnd {
    /// What to do, step by step.
    pub steps: Vec<&'static str>,
    /// (label, guide link) from [`AFTER_END_LINKS`].
    pub links: Vec<(&'static str, &'static str)>,
}

fn after_end(state: &State) -> Option<AfterEnd> {
    let links = |hrefs: &[&str]| -> Vec<(&'static str, &'static str)> {
        AFTER_END_LINKS
            .iter()
            .copied()
            .filter(|(_, h)| hrefs.contains(h))
            .collect()
    };
    let (steps, links) = match state {
        State::AutoReturned { .. } => (
            vec![
                "申请在一个审批环节停留太久，被系统自动退回了（常见问题里叫“系统终止”）。",
                "核对转接原因和转入的组织，在系统里重新发起一次。",
                "提交后马上联系各环节的管理员审批，不要等（S003 Q2）。",
                "重新发起后，点下面的“我已重新发起”，这里会保留第一次的记录。",
            ],
            links(&["faq/auto-returned.html", "approvals.html#auto-returned"]),
        ),
        State::Rejected { .. } => (
            vec![
                "申请被退回了：先在系统的转接记录里看退回原因。",
                "按原因改正（常见的是转入组织或信息填错），必要时先联系对方确认，或请学院团委帮忙。",
                "改好后重新发起，再点下面的“我已重新发起”。",
            ],
            links(&["approvals.html#rejected", "faq/wrong-info.html"]),
        ),
        State::Withdrawn { .. } => (
            vec![
                "申请已撤回：核对好转接原因和转入的组织。",
                "在系统里重新发起，再点下面的“我已重新发起”。",
            ],
            links(&["approvals.html#withdraw"]),
        ),
        _ => return None,
    };
    Some(AfterEnd { steps, links })
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub step: Step,
    pub label: &'static str,
    pub passed_on: Option<NaiveDate>,
    /// Passed by the 2019 timer, not by a person.
    pub by_default: bool,
    /// The status in words ([`step_status`]).
    pub status: String,
    /// The step the application waits at now.
    pub waiting: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub date: NaiveDate,
    pub text: String,
    /// Done by the system's timer, not by a person.
    pub automatic: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrackerReport {
    pub state: &'static str,
    pub label: String,
    pub steps: Vec<StepView>,
    pub pending_since: Option<NaiveDate>,
    pub due: Option<process::Due>,
    /// What happens next if nobody acts, in words.
    pub next: Option<String>,
    /// The readings-page entries `next` rests on (ids, for a link).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub next_readings: Vec<String>,
    pub reminder_on: Option<NaiveDate>,
    pub contact: String,
    /// The school's own deadline against the state, where the record has one.
    pub school: Option<String>,
    /// What to do after a withdrawal, a rejection or a return by the system.
    pub after_end: Option<AfterEnd>,
    /// The reason and the destination do not go together ([`crate::rules::combination_problem`]).
    pub combination: Option<String>,
    pub timeline: Vec<TimelineEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn submitted_on_9_20_is_auto_returned_on_10_10_unless_reviewed() {
        let app = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(9, 20));
        let r = app.report(d(9, 25)).unwrap();
        assert_eq!(r.state, "out_approval");
        assert_eq!(r.due.as_ref().unwrap().on, d(10, 10));
        assert!(r.next.unwrap().contains("2026年10月10日"));
        assert!(r.contact.contains("原团支部"));
        let r = app.report(d(10, 10)).unwrap();
        assert_eq!(r.state, "auto_returned");
        assert!(r.timeline.last().unwrap().automatic);
    }

    #[test]
    fn approvals_move_it_on_and_2019_auto_approves_except_assignment() {
        let mut app =
            TrackedApplication::new(Edition::E2019, Destination::AdmittingSchoolOrg, d(7, 1));
        app.destination_is_branch = false;
        app.passed.push(StepRecord {
            step: Step::OutOrg,
            date: d(7, 3),
        });
        let r = app.report(d(7, 10)).unwrap();
        assert_eq!(r.state, "in_approval");
        assert_eq!(r.reminder_on, Some(d(7, 13)));
        let r = app.report(d(9, 1)).unwrap();
        assert_eq!(r.state, "assign_branch");
        assert!(r.next.unwrap().contains("不会自动完成"));
        // The in side passed by default: its step and the timeline say so, with the day.
        let in_org = r.steps.iter().find(|s| s.step == Step::InOrg).unwrap();
        assert!(
            in_org.by_default && in_org.status.contains("视为通过"),
            "{}",
            in_org.status
        );
        let auto = r.timeline.iter().find(|t| t.automatic).unwrap();
        assert_eq!(Some(auto.date), in_org.passed_on);
        assert!(auto.text.contains("视为通过"));
        let assign = r
            .steps
            .iter()
            .find(|s| s.step == Step::AssignBranch)
            .unwrap();
        assert_eq!(assign.status, "待审批");
    }

    #[test]
    fn statuses_never_say_refused_for_waiting() {
        let app = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(9, 20));
        let r = app.report(d(9, 25)).unwrap();
        let statuses: Vec<&str> = r.steps.iter().map(|s| s.status.as_str()).collect();
        assert_eq!(statuses, ["待审批", "还没轮到"]);
        assert!(statuses.iter().all(|s| !s.contains("未通过")));
    }

    #[test]
    fn starting_again_keeps_the_history() {
        let mut app = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(9, 20));
        assert!(app.restart(d(9, 25)).unwrap_err().contains("还没有结束"));
        let r = app.report(d(10, 12)).unwrap();
        assert_eq!(r.state, "auto_returned");
        let after = r.after_end.unwrap();
        assert!(after
            .links
            .iter()
            .any(|(_, h)| *h == "faq/auto-returned.html"));
        assert!(after.steps.iter().any(|s| s.contains("系统终止")));
        app.restart(d(10, 12)).unwrap();
        assert_eq!(app.earlier.len(), 1);
        assert_eq!(app.earlier[0].how, AttemptEnd::AutoReturned);
        assert_eq!(app.earlier[0].ended_on, d(10, 10));
        let r = app.report(d(10, 13)).unwrap();
        assert_eq!(r.state, "out_approval");
        assert!(r.after_end.is_none());
        let texts: Vec<&str> = r.timeline.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts[0], "第 1 次申请：发起");
        assert!(texts[1].contains("自动退回"), "{texts:?}");
        assert!(texts[2].starts_with("第 2 次申请："), "{texts:?}");
        // The record keeps it through storage, and a version-1 record still reads.
        let back = TrackedApplication::from_json(&app.to_json()).unwrap();
        assert_eq!(back, app);
        let v1 = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(7, 1))
            .to_json()
            .replace("\"version\":2", "\"version\":1");
        assert_eq!(TrackedApplication::from_json(&v1).unwrap().version, VERSION);
    }

    #[test]
    fn a_pair_the_checker_forbids_is_flagged() {
        let mut app =
            TrackedApplication::new(Edition::E2021, Destination::ResidenceTownshipOrg, d(7, 1));
        app.reason = Some(Reason::FurtherStudy);
        let r = app.report(d(7, 2)).unwrap();
        assert!(r.combination.unwrap().contains("S004 2.1"));
        app.destination = Destination::AdmittingSchoolOrg;
        assert!(app.report(d(7, 2)).unwrap().combination.is_none());
        app.reason = Some(Reason::SpecialUnit);
        let odd = app.report(d(7, 2)).unwrap().combination.unwrap();
        assert!(odd.contains("不会转入"), "{odd}");
    }

    #[test]
    fn the_schools_deadline_comes_before_the_systems() {
        let mut app = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(9, 25));
        app.school_deadline = Some(d(10, 1));
        let r = app.report(d(9, 26)).unwrap();
        let note = r.school.unwrap();
        assert!(
            note.contains("2026年10月1日") && note.contains("还有 5 天"),
            "{note}"
        );
        assert!(note.contains("按学校的日期"), "{note}");
        let late = app.report(d(10, 2)).unwrap().school.unwrap();
        assert!(late.contains("已经过了"), "{late}");
        app.school_deadline = None;
        assert!(app.report(d(9, 26)).unwrap().school.is_none());
    }

    #[test]
    fn impossible_records_are_explained_and_storage_is_versioned() {
        let mut app = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(7, 1));
        app.passed.push(StepRecord {
            step: Step::InOrg,
            date: d(7, 3),
        });
        assert!(app.report(d(8, 1)).unwrap_err().contains("第 1 个审批日期"));
        app.passed.clear();
        app.special_province = true;
        app.ended = Some((Ending::Withdrawn, d(7, 2)));
        // Only the 2019 rules forbid withdrawing a three-province application (S002).
        assert!(app.report(d(8, 1)).is_ok());
        app.edition = Edition::E2019;
        assert!(app.report(d(8, 1)).unwrap_err().contains("不能撤回"));
        let text =
            TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(7, 1)).to_json();
        assert!(TrackedApplication::from_json(&text).is_ok());
        assert!(TrackedApplication::from_json("{")
            .unwrap_err()
            .contains("JSON"));
        assert!(
            TrackedApplication::from_json(&text.replace("\"version\":2", "\"version\":7"))
                .unwrap_err()
                .contains("新")
        );
    }
}

#[cfg(test)]
mod review_tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// The out side, then the in side, passed on these days.
    fn both_sides(out: NaiveDate, into: NaiveDate) -> Vec<StepRecord> {
        [(Step::OutOrg, out), (Step::InOrg, into)]
            .map(|(step, date)| StepRecord { step, date })
            .into()
    }

    /// B3: the leading body is the member's own organisation's (S004 FAQ 2.2); B4: kept at
    /// school is not “done” (S004 5.2); B29: the ten-day date is a labelled reading.
    #[test]
    fn texts_say_what_the_sources_say() {
        let mut app = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(7, 1));
        app.under_16 = true;
        app.passed = both_sides(d(7, 2), d(7, 3));
        let r = app.report(d(7, 10)).unwrap();
        assert_eq!(r.state, "leadership_approval");
        assert!(r.contact.contains("你所在团组织的上级"), "{}", r.contact);
        assert!(!r.contact.contains("接收地"), "{}", r.contact);

        let mut kept =
            TrackedApplication::new(Edition::E2021, Destination::SchoolFloatingBranch, d(7, 1));
        kept.passed = both_sides(d(7, 2), d(7, 3));
        let r = kept.report(d(7, 10)).unwrap();
        assert_eq!(r.state, "completed");
        assert!(r.contact.contains("未完成"), "{}", r.contact);
        assert!(!r.contact.contains("线上转接已完成"), "{}", r.contact);

        let pending = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(9, 20));
        let r = pending.report(d(9, 25)).unwrap();
        let next = r.next.unwrap();
        assert!(
            next.contains("本指南的理解") && next.contains("大约"),
            "{next}"
        );
        assert!(!next.contains("[readings#"), "{next}");
        assert_eq!(r.next_readings, ["ten-day-clock"]);
    }

    /// B10: in 2021 only approval stages auto-return; branch assignment waits (a reading).
    #[test]
    fn assignment_is_not_auto_returned_in_2021() {
        let mut app = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(9, 1));
        app.destination_is_branch = false;
        app.passed = both_sides(d(9, 2), d(9, 3));
        let r = app.report(d(12, 1)).unwrap();
        assert_eq!(r.state, "assign_branch");
        assert!(r.due.is_none());
        assert_eq!(r.next_readings, ["assign-branch-timer"]);
    }
}
