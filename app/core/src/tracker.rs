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
pub const VERSION: u64 = 1;

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
        }
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
            Some(VERSION) => {}
            Some(v) if v > VERSION => {
                return Err(format!(
                    "保存的申请记录版本为 {v}，比本页面支持的 {VERSION} 新"
                ))
            }
            _ => return Err("保存的申请记录缺少有效的版本号".into()),
        }
        // A clone of one small record: deserializing from `&Value` instead would link a second
        // copy of serde's value deserializer into the tracker's bundle (measured +2.5 KB brotli).
        serde_json::from_value(value.clone()).map_err(|e| {
            let message = crate::input::serde_message(&e.to_string());
            match culprit(&value) {
                Some(field) => format!("保存的申请记录有误：{field}：{message}"),
                None => format!("保存的申请记录有误：{message}"),
            }
        })
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
            format!("{what}（{}）有问题：{}", e.date, e.message)
        })?;
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
        Ok(TrackerReport {
            state: state.code(),
            label: state.label(),
            steps: process
                .steps
                .iter()
                .map(|s| StepView {
                    step: *s,
                    label: s.label(),
                    passed_on: self.passed.iter().find(|r| r.step == *s).map(|r| r.date),
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
            timeline: self.timeline(&events, &state),
        })
    }

    fn timeline(&self, events: &[Event], state: &State) -> Vec<TimelineEntry> {
        let mut out: Vec<TimelineEntry> = events
            .iter()
            .map(|e| TimelineEntry {
                date: e.date,
                text: match (e.kind, e.step) {
                    (EventKind::Submit, _) => format!("{}发起申请", self.initiator.label()),
                    (EventKind::Approve, Some(s)) => format!("{}：通过", s.label()),
                    (EventKind::Assign, _) => "已分配到具体团支部".into(),
                    (EventKind::Reject, _) => "申请被退回".into(),
                    (EventKind::Withdraw, _) => "申请已撤回".into(),
                    (kind, _) => kind.label().into(),
                },
                automatic: false,
            })
            .collect();
        match state {
            State::AutoReturned { on, step } => out.push(TimelineEntry {
                date: *on,
                text: format!("“{}”超时未审核，系统自动退回", step.label()),
                automatic: true,
            }),
            State::Completed { on }
                if !events
                    .iter()
                    .any(|e| e.date == *on && e.kind != EventKind::Submit) =>
            {
                out.push(TimelineEntry {
                    date: *on,
                    text: "超过期限未审核，视为通过，转接完成".into(),
                    automatic: true,
                })
            }
            _ => {}
        }
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

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub step: Step,
    pub label: &'static str,
    pub passed_on: Option<NaiveDate>,
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
            TrackedApplication::from_json(&text.replace("\"version\":1", "\"version\":7"))
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
