//! The application state machine (domain.md §3). An application's state is a pure fold of
//! its dated events under a calendar: [`state_at`]. Nothing about state is stored; timers
//! are read from the [`Calendar`] and fire between events as the clock passes them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::calendar::{Calendar, Edition, TimerEffect};
use crate::codes::Step;

/// Who started the application (S004 1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Initiator {
    /// The member (recommended).
    Member,
    /// The out-org admin (办理转出): the out-side approval is skipped.
    OutOrg,
    /// The in-org admin (办理转入; S004 1.4.3 shows 升学 on its form, S000 常见问题4 uses it
    /// for the floating branch): the in-side approval is skipped.
    InOrg,
    /// A 团总支 moving up to 30 members between branches of its own subtree: no approval.
    Batch,
}

impl Initiator {
    pub const ALL: [Initiator; 4] = [
        Initiator::Member,
        Initiator::OutOrg,
        Initiator::InOrg,
        Initiator::Batch,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Initiator::Member => "member",
            Initiator::OutOrg => "out_org",
            Initiator::InOrg => "in_org",
            Initiator::Batch => "batch",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Initiator::Member => "团员本人",
            Initiator::OutOrg => "转出组织管理员（办理转出）",
            Initiator::InOrg => "转入组织管理员（办理转入）",
            Initiator::Batch => "团总支批量转接",
        }
    }

    /// The actor who submits and may withdraw.
    pub fn actor(self) -> Actor {
        match self {
            Initiator::Member => Actor::Member,
            Initiator::OutOrg | Initiator::Batch => Actor::OutOrg,
            Initiator::InOrg => Actor::InOrg,
        }
    }
}

/// Who did something. Each side's branch and its direct upper org act as one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Member,
    OutOrg,
    InOrg,
    Provincial,
    Leadership,
    /// Admin actions outside one application (a lapse recorded by the school committee).
    School,
}

impl Actor {
    /// Every actor, for generators (property tests, fuzzing).
    pub const ALL: [Actor; 6] = [
        Actor::Member,
        Actor::OutOrg,
        Actor::InOrg,
        Actor::Provincial,
        Actor::Leadership,
        Actor::School,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Actor::Member => "团员本人",
            Actor::OutOrg => "转出方",
            Actor::InOrg => "转入方",
            Actor::Provincial => "省级团委",
            Actor::Leadership => "上级团的领导机关",
            Actor::School => "学校团委",
        }
    }
}

/// The actor who reviews a step.
pub fn reviewer(step: Step) -> Actor {
    match step {
        Step::OutOrg => Actor::OutOrg,
        Step::InOrg | Step::AssignBranch => Actor::InOrg,
        Step::Leadership => Actor::Leadership,
        Step::Provincial => Actor::Provincial,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Submit,
    Approve,
    Reject,
    Withdraw,
    /// The receiving committee assigns a branch (completes [`Step::AssignBranch`]).
    Assign,
    /// The member turned 28 (without a league post): membership lapses.
    Lapse,
}

impl EventKind {
    /// Every event kind, for generators (property tests, fuzzing).
    pub const ALL: [EventKind; 6] = [
        EventKind::Submit,
        EventKind::Approve,
        EventKind::Reject,
        EventKind::Withdraw,
        EventKind::Assign,
        EventKind::Lapse,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EventKind::Submit => "发起",
            EventKind::Approve => "审批通过",
            EventKind::Reject => "退回",
            EventKind::Withdraw => "撤回",
            EventKind::Assign => "分配团支部",
            EventKind::Lapse => "超龄离团",
        }
    }
}

/// Why an application was rejected (S004 1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    WrongData,
    NotReported,
    NotEligible,
}

impl RejectReason {
    pub const ALL: [RejectReason; 3] = [
        RejectReason::WrongData,
        RejectReason::NotReported,
        RejectReason::NotEligible,
    ];

    /// The code in files and forms (serde's name).
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::WrongData => "wrong_data",
            RejectReason::NotReported => "not_reported",
            RejectReason::NotEligible => "not_eligible",
        }
    }

    pub fn from_code(code: &str) -> Option<RejectReason> {
        RejectReason::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            RejectReason::WrongData => "信息填写有误",
            RejectReason::NotReported => "未按要求报到",
            RejectReason::NotEligible => "不符合转接条件",
        }
    }
}

/// One dated event of an application's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    #[serde(deserialize_with = "crate::date_serde::date")]
    pub date: NaiveDate,
    #[serde(rename = "type")]
    pub kind: EventKind,
    pub by: Actor,
    /// The step an approval or rejection concerns (defaults to the pending one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RejectReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The branch assigned, for [`EventKind::Assign`] (an org id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
}

impl Event {
    pub fn new(date: NaiveDate, kind: EventKind, by: Actor) -> Event {
        Event {
            date,
            kind,
            by,
            step: None,
            reason: None,
            note: None,
            branch: None,
        }
    }
}

/// The timeless shape of one application: which steps it must pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    pub steps: Vec<Step>,
    pub initiator: Initiator,
    /// The edition forbids withdrawing this application: a 北京/广东/福建 destination under
    /// the 2019 rules (S002 撤销 “不包括三省”). 2021 states no such rule; see
    /// [`crate::rules::special_province_blocks_withdrawal`].
    pub withdrawal_locked: bool,
}

/// What decides the steps of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProcessShape {
    pub edition: Edition,
    pub initiator: Initiator,
    pub special_unit: bool,
    pub special_province: bool,
    pub destination_is_branch: bool,
    pub under_16_leaving_school: bool,
}

impl Process {
    /// The steps, in order (domain.md §3): out side (skipped when the out-org initiated),
    /// in side (skipped when the in-org initiated), leadership for under-16s leaving the
    /// school domain, then branch assignment when the destination is not a branch. Special
    /// units go to the provincial committee alone; batch moves need no approval.
    pub fn new(shape: ProcessShape) -> Process {
        let mut steps = Vec::with_capacity(4);
        if shape.initiator == Initiator::Batch {
            // no approval (S003 Q11)
        } else if shape.special_unit {
            steps.push(Step::Provincial);
        } else {
            if shape.initiator != Initiator::OutOrg {
                steps.push(Step::OutOrg);
            }
            if shape.initiator != Initiator::InOrg {
                steps.push(Step::InOrg);
            }
            if shape.under_16_leaving_school {
                steps.push(Step::Leadership);
            }
            if !shape.destination_is_branch && !shape.special_province {
                steps.push(Step::AssignBranch);
            }
        }
        Process {
            steps,
            initiator: shape.initiator,
            withdrawal_locked: shape.special_province
                && crate::rules::special_province_blocks_withdrawal(shape.edition),
        }
    }
}

/// An application's state at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    NotSubmitted,
    /// Waiting for `steps[index]` since `since`.
    Pending {
        index: usize,
        step: Step,
        since: NaiveDate,
    },
    Completed {
        on: NaiveDate,
    },
    Withdrawn {
        on: NaiveDate,
    },
    Rejected {
        on: NaiveDate,
        step: Step,
        reason: RejectReason,
    },
    AutoReturned {
        on: NaiveDate,
        step: Step,
    },
    Lapsed {
        on: NaiveDate,
    },
}

impl State {
    /// The public state code (`out_approval`, `completed`, …).
    pub fn code(&self) -> &'static str {
        match self {
            State::NotSubmitted => "not_submitted",
            State::Pending { step, .. } => step.pending_state(),
            State::Completed { .. } => "completed",
            State::Withdrawn { .. } => "withdrawn",
            State::Rejected { .. } => "rejected",
            State::AutoReturned { .. } => "auto_returned",
            State::Lapsed { .. } => "lapsed",
        }
    }

    pub fn label(&self) -> String {
        match self {
            State::NotSubmitted => "尚未发起".into(),
            State::Pending { step, .. } => ["等待：", step.label()].concat(),
            State::Completed { .. } => "已完成".into(),
            State::Withdrawn { .. } => "已撤回".into(),
            State::Rejected { reason, .. } => ["被退回（", reason.label(), "）"].concat(),
            State::AutoReturned { .. } => "系统自动退回（超时未审核）".into(),
            State::Lapsed { .. } => "超龄，不再保留团籍".into(),
        }
    }

    pub fn is_terminal(&self) -> bool {
        !matches!(self, State::NotSubmitted | State::Pending { .. })
    }

    pub fn is_completed(&self) -> bool {
        matches!(self, State::Completed { .. })
    }
}

/// An event that cannot happen in the state it meets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionError {
    /// Index of the offending event in the history.
    pub event: usize,
    pub date: NaiveDate,
    pub message: String,
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "第 {} 个事件（{}）：{}",
            self.event + 1,
            self.date,
            self.message
        )
    }
}

/// What will happen next if nobody acts, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub on: NaiveDate,
    pub effect: TimerEffect,
    pub step: Step,
}

/// The state of an application at `date`: its events up to that date, folded, with the
/// calendar's timers firing in between. An impossible event is an error naming it.
pub fn state_at(
    process: &Process,
    events: &[Event],
    date: NaiveDate,
    calendar: &Calendar,
) -> Result<State, TransitionError> {
    fold(process, events, date, calendar, &mut |_| {})
}

/// Every timer that fired while the application reached its state at `date`, in order
/// (the simulator counts what moving the clock did; the fold is the same as [`state_at`]).
pub fn timers_fired(
    process: &Process,
    events: &[Event],
    date: NaiveDate,
    calendar: &Calendar,
) -> Result<Vec<Due>, TransitionError> {
    let mut fired = Vec::new();
    fold(process, events, date, calendar, &mut |due| fired.push(due))?;
    Ok(fired)
}

fn fold(
    process: &Process,
    events: &[Event],
    date: NaiveDate,
    calendar: &Calendar,
    on_fire: &mut dyn FnMut(Due),
) -> Result<State, TransitionError> {
    let mut state = State::NotSubmitted;
    let mut previous: Option<NaiveDate> = None;
    for (index, event) in events.iter().enumerate() {
        if previous.is_some_and(|p| event.date < p) {
            return Err(TransitionError {
                event: index,
                date: event.date,
                message: "日期早于上一个事件，事件必须按日期先后排列".into(),
            });
        }
        previous = Some(event.date);
        if event.date > date {
            break;
        }
        state = run_timers(process, state, event.date, calendar, on_fire);
        state = apply(process, &state, event).map_err(|message| TransitionError {
            event: index,
            date: event.date,
            message,
        })?;
    }
    Ok(run_timers(process, state, date, calendar, on_fire))
}

/// The timer that will fire next for a pending state, if any.
pub fn next_due(state: &State, calendar: &Calendar) -> Option<Due> {
    match state {
        State::Pending { step, since, .. } => {
            calendar.timer_due(*step, *since).map(|(on, effect)| Due {
                on,
                effect,
                step: *step,
            })
        }
        _ => None,
    }
}

fn run_timers(
    process: &Process,
    mut state: State,
    until: NaiveDate,
    calendar: &Calendar,
    on_fire: &mut dyn FnMut(Due),
) -> State {
    while let State::Pending { index, step, since } = state {
        let Some((due, effect)) = calendar.timer_due(step, since) else {
            break;
        };
        if due > until {
            break;
        }
        on_fire(Due {
            on: due,
            effect,
            step,
        });
        state = match effect {
            TimerEffect::AutoReturn => State::AutoReturned { on: due, step },
            TimerEffect::AutoApprove => after_step(process, index, due),
        };
    }
    state
}

/// The state once `steps[index]` is passed on `on`.
fn after_step(process: &Process, index: usize, on: NaiveDate) -> State {
    match process.steps.get(index + 1) {
        Some(next) => State::Pending {
            index: index + 1,
            step: *next,
            since: on,
        },
        None => State::Completed { on },
    }
}

fn apply(process: &Process, state: &State, event: &Event) -> Result<State, String> {
    if state.is_terminal() {
        return Err(format!(
            "申请已经结束（{}），不能再{}",
            state.label(),
            event.kind.label()
        ));
    }
    let on = event.date;
    match (event.kind, state) {
        (EventKind::Submit, State::NotSubmitted) => {
            let expected = process.initiator.actor();
            if event.by != expected {
                return Err(format!(
                    "发起人应为{}，这里是{}",
                    expected.label(),
                    event.by.label()
                ));
            }
            Ok(match process.steps.first() {
                Some(step) => State::Pending {
                    index: 0,
                    step: *step,
                    since: on,
                },
                None => State::Completed { on },
            })
        }
        (EventKind::Submit, _) => Err("申请已经发起过，不能重复发起".into()),
        (_, State::NotSubmitted) => Err(format!("申请尚未发起，不能{}", event.kind.label())),
        (EventKind::Lapse, _) => Ok(State::Lapsed { on }),
        (kind, State::Pending { index, step, .. }) => {
            let (index, step) = (*index, *step);
            match kind {
                EventKind::Approve | EventKind::Reject => {
                    if let Some(named) = event.step {
                        if named != step {
                            return Err(format!(
                                "当前等待的是“{}”，不是“{}”",
                                step.label(),
                                named.label()
                            ));
                        }
                    }
                    if step == Step::AssignBranch {
                        return Err(
                            "“分配团支部”环节只能分配团支部（assign 事件），不能审批或退回".into(),
                        );
                    }
                    if event.by != reviewer(step) {
                        return Err(format!(
                            "“{}”应由{}处理，这里是{}",
                            step.label(),
                            reviewer(step).label(),
                            event.by.label()
                        ));
                    }
                    if kind == EventKind::Approve {
                        Ok(after_step(process, index, on))
                    } else {
                        let reason = event.reason.ok_or(
                            "退回必须写明原因（wrong_data、not_reported 或 not_eligible）",
                        )?;
                        Ok(State::Rejected { on, step, reason })
                    }
                }
                EventKind::Withdraw => {
                    if process.withdrawal_locked {
                        return Err("按 2019 版规则，转往北京/广东/福建的申请不能撤回".into());
                    }
                    if event.by != process.initiator.actor() {
                        return Err(format!(
                            "只有发起人（{}）可以撤回",
                            process.initiator.actor().label()
                        ));
                    }
                    if process.steps[..index].iter().any(|s| s.is_receiving_side()) {
                        return Err("接收方已经审批通过，不能再撤回".into());
                    }
                    Ok(State::Withdrawn { on })
                }
                EventKind::Assign => {
                    if step != Step::AssignBranch {
                        return Err(format!("当前等待的是“{}”，还不能分配团支部", step.label()));
                    }
                    if event.by != Actor::InOrg {
                        return Err("分配团支部应由转入方处理".into());
                    }
                    if event.branch.as_deref().is_none_or(|b| b.trim().is_empty()) {
                        return Err("分配团支部必须写明团支部（branch）".into());
                    }
                    Ok(after_step(process, index, on))
                }
                EventKind::Submit | EventKind::Lapse => unreachable_transition(),
            }
        }
        (_, _) => unreachable_transition(),
    }
}

/// Every (event, state) pair is matched above; this keeps the compiler honest without a
/// panic on user input.
fn unreachable_transition() -> Result<State, String> {
    Err("内部错误：未处理的状态转换".into())
}

/// The actions that can happen now (for the simulator's buttons): each is an event kind,
/// the actor who may perform it, and the step it concerns.
pub fn possible_actions(process: &Process, state: &State) -> Vec<(EventKind, Actor, Option<Step>)> {
    let mut out = Vec::new();
    match state {
        State::NotSubmitted => out.push((EventKind::Submit, process.initiator.actor(), None)),
        State::Pending { index, step, .. } => {
            if *step == Step::AssignBranch {
                out.push((EventKind::Assign, Actor::InOrg, Some(*step)));
            } else {
                out.push((EventKind::Approve, reviewer(*step), Some(*step)));
                out.push((EventKind::Reject, reviewer(*step), Some(*step)));
            }
            let receiving_passed = process.steps[..*index]
                .iter()
                .any(|s| s.is_receiving_side());
            if !process.withdrawal_locked && !receiving_passed {
                out.push((EventKind::Withdraw, process.initiator.actor(), None));
            }
            out.push((EventKind::Lapse, Actor::School, None));
        }
        _ => {}
    }
    out
}
