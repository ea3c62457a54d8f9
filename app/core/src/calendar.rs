//! Editions and their calendars. Timers are data: the state machine reads a [`Calendar`]
//! and never hard-codes a date or a number of days.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::codes::Step;

/// Which set of rules applies. `2021` (S004, the 3.0 guideline) is the default; `2019`
/// follows the older university handbooks (S001–S003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Edition {
    #[default]
    #[serde(rename = "2021")]
    E2021,
    #[serde(rename = "2019")]
    E2019,
}

impl Edition {
    pub const ALL: [Edition; 2] = [Edition::E2021, Edition::E2019];

    pub fn code(self) -> &'static str {
        match self {
            Edition::E2021 => "2021",
            Edition::E2019 => "2019",
        }
    }

    pub fn from_code(code: &str) -> Option<Edition> {
        Edition::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Edition::E2021 => "2021 版（团中央 3.0 指引）",
            Edition::E2019 => "2019 版（2019—2020 年的学校材料）",
        }
    }

    /// The edition's standard calendar.
    pub fn calendar(self) -> Calendar {
        match self {
            Edition::E2021 => Calendar::standard_2021(),
            Edition::E2019 => Calendar::standard_2019(),
        }
    }
}

/// A month and day without a year (`"09-30"`): calendars repeat every season.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    pub const fn new(month: u32, day: u32) -> MonthDay {
        MonthDay { month, day }
    }

    /// This month-day in `year`. Feb 29 in a common year falls back to Feb 28.
    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, 28))
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn parse(text: &str) -> Option<MonthDay> {
        let (m, d) = text.split_once('-')?;
        let (month, day) = (m.parse().ok()?, d.parse().ok()?);
        // 2024 is a leap year, so every real month-day exists in it.
        NaiveDate::from_ymd_opt(2024, month, day)?;
        Some(MonthDay { month, day })
    }

    pub fn chinese(self) -> String {
        format!("{}月{}日", self.month, self.day)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl Serialize for MonthDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<MonthDay, D::Error> {
        let text = String::deserialize(d)?;
        MonthDay::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("「{text}」不是有效的月-日（应为 MM-DD）"))
        })
    }
}

/// What happens to a step nobody reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Timer {
    /// 2021: from `counting_from` on, an approval step left unreviewed for `after_days` days
    /// ends the whole application as auto-returned (S004 3.3, 1.5). S004 1.5 names the
    /// approval stages (团委/团工委/团总支/团支部审批同意阶段) only, so the steps in `exempt`
    /// (by default 分配团支部) never return by themselves: this project's reading, stated on
    /// the readings page (`assign-branch-timer`). The count starts at `counting_from` in the
    /// year the step became pending, or on the day it did when that is later (the reading
    /// `ten-day-clock`): a step pending from January is counted from that year's date.
    AutoReturn {
        after_days: u32,
        counting_from: MonthDay,
        #[serde(default = "assignment_exempt")]
        exempt: Vec<Step>,
    },
    /// 2019: every step must be reviewed within `after_days`; admins see a prompt after
    /// `reminder_after_days`; at `after_days` the step counts as approved, except the steps
    /// in `never_for`, which never complete by themselves (S002, S003 Q17, S001 备注1).
    AutoApprove {
        after_days: u32,
        reminder_after_days: u32,
        never_for: Vec<Step>,
    },
}

/// 2021's timer leaves branch assignment alone unless a calendar says otherwise.
fn assignment_exempt() -> Vec<Step> {
    vec![Step::AssignBranch]
}

/// One season's calendar. Institutions shift it (S000's spring cohort), so a workspace may
/// carry its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub name: String,
    /// Until this day the system forces nothing (2021: Aug 31).
    #[serde(default)]
    pub no_forced_until: Option<MonthDay>,
    /// Every org must review within this window (2021: Sep 1–30).
    #[serde(default)]
    pub review_from: Option<MonthDay>,
    #[serde(default)]
    pub review_until: Option<MonthDay>,
    /// All transfers should be complete by this day (2021: Oct 31).
    #[serde(default)]
    pub target: Option<MonthDay>,
    pub timer: Timer,
}

impl Calendar {
    pub fn standard_2021() -> Calendar {
        Calendar {
            name: "2021 版标准日历".into(),
            no_forced_until: Some(MonthDay::new(8, 31)),
            review_from: Some(MonthDay::new(9, 1)),
            review_until: Some(MonthDay::new(9, 30)),
            target: Some(MonthDay::new(10, 31)),
            timer: Timer::AutoReturn {
                after_days: 10,
                counting_from: MonthDay::new(9, 30),
                exempt: assignment_exempt(),
            },
        }
    }

    pub fn standard_2019() -> Calendar {
        Calendar {
            name: "2019 版标准日历".into(),
            no_forced_until: None,
            review_from: None,
            review_until: None,
            target: None,
            timer: Timer::AutoApprove {
                after_days: 15,
                reminder_after_days: 10,
                never_for: vec![Step::AssignBranch],
            },
        }
    }

    /// S000's spring cohort, as written there: before Mar 31 nothing is forced (第一阶段),
    /// review Mar 31–Apr 4 (第二阶段), ten-day auto-return (第三阶段 “4月10日前…若10天内未审核”,
    /// so Apr 10 for anything pending on Mar 31), online transfers done before Apr 30. S004
    /// counts the ten days after its review period ends (3.2/3.3); S000 dates the return by
    /// Apr 10, which only a count from Mar 31 gives, so the example follows S000's own dates.
    /// It serves tests and fuzzing; a school enters its real calendar in the workspace.
    pub fn spring_example() -> Calendar {
        Calendar {
            name: "春季毕业批次（S000 （3））".into(),
            no_forced_until: Some(MonthDay::new(3, 31)),
            review_from: Some(MonthDay::new(3, 31)),
            review_until: Some(MonthDay::new(4, 4)),
            target: Some(MonthDay::new(4, 30)),
            timer: Timer::AutoReturn {
                after_days: 10,
                counting_from: MonthDay::new(3, 31),
                exempt: assignment_exempt(),
            },
        }
    }

    /// The milestones to show a member, in date order.
    pub fn milestones(&self) -> Vec<Milestone> {
        let mut out = Vec::new();
        if let Some(d) = self.no_forced_until {
            out.push(Milestone {
                key: "no_forced_until",
                month_day: d,
                label: format!(
                    "{} 前：系统暂不作强制处理，接收方根据实际情况审核",
                    d.chinese()
                ),
            });
        }
        if let (Some(from), Some(until)) = (self.review_from, self.review_until) {
            out.push(Milestone {
                key: "review_window",
                month_day: from,
                label: format!(
                    "{}—{}：各级团组织须对收到的转接申请完成审核",
                    from.chinese(),
                    until.chinese()
                ),
            });
        }
        if let Timer::AutoReturn {
            after_days,
            counting_from,
            ..
        } = &self.timer
        {
            out.push(Milestone {
                key: "auto_return_from",
                month_day: *counting_from,
                label: format!(
                    "{} 之后：申请停在审批阶段超过 {} 天未审批，系统自动退回，需要重新发起",
                    counting_from.chinese(),
                    after_days
                ),
            });
        }
        if let Some(d) = self.target {
            out.push(Milestone {
                key: "target",
                month_day: d,
                label: format!("{} 前：基本完成各类组织关系转接", d.chinese()),
            });
        }
        out
    }

    /// A one-line description of the timer, for pages.
    pub fn timer_summary(&self) -> String {
        match &self.timer {
            Timer::AutoReturn {
                after_days,
                counting_from,
                ..
            } => format!(
                "{} 之后，申请停在审批阶段超过 {} 天未审批即自动退回（整个申请结束，需要重新发起）",
                counting_from.chinese(),
                after_days
            ),
            Timer::AutoApprove {
                after_days,
                reminder_after_days,
                ..
            } => format!(
                "每个审批环节须在 {after_days} 天内审核；{reminder_after_days} 天未审核时管理员会收到提示；{after_days} 天仍未审核视为通过，但“分配团支部”不会自动完成"
            ),
        }
    }

    /// When a step that became pending on `since` fires its timer (first day the timer's
    /// effect holds), and what it does. A timer that would fall after the last date there
    /// is (year 262143) never fires.
    pub fn timer_due(&self, step: Step, since: NaiveDate) -> Option<(NaiveDate, TimerEffect)> {
        match &self.timer {
            Timer::AutoReturn {
                after_days,
                counting_from,
                exempt,
            } => {
                if exempt.contains(&step) {
                    return None;
                }
                let start = since.max(counting_from.in_year(since.year()));
                start
                    .checked_add_days(chrono::Days::new(u64::from(*after_days)))
                    .map(|due| (due, TimerEffect::AutoReturn))
            }
            Timer::AutoApprove {
                after_days,
                never_for,
                ..
            } => {
                if never_for.contains(&step) {
                    None
                } else {
                    since
                        .checked_add_days(chrono::Days::new(u64::from(*after_days)))
                        .map(|due| (due, TimerEffect::AutoApprove))
                }
            }
        }
    }

    /// The day an admin sees a reminder for a pending step, when the edition has one.
    pub fn reminder_due(&self, since: NaiveDate) -> Option<NaiveDate> {
        match &self.timer {
            Timer::AutoApprove {
                reminder_after_days,
                ..
            } => since.checked_add_days(chrono::Days::new(u64::from(*reminder_after_days))),
            Timer::AutoReturn { .. } => None,
        }
    }

    /// Checks a calendar read from a workspace; the message names the field.
    pub fn validate(&self) -> Result<(), String> {
        match &self.timer {
            Timer::AutoReturn { after_days, .. } if !(1..=366).contains(after_days) => {
                Err(format!("timer.after_days 为 {after_days}，应在 1 到 366 之间"))
            }
            Timer::AutoApprove {
                after_days,
                reminder_after_days,
                ..
            } if !(1..=366).contains(after_days) || reminder_after_days > after_days => Err(format!(
                "timer.after_days 为 {after_days}、reminder_after_days 为 {reminder_after_days}：天数应在 1 到 366 之间，且提醒不晚于自动通过"
            )),
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerEffect {
    AutoReturn,
    AutoApprove,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub key: &'static str,
    pub month_day: MonthDay,
    pub label: String,
}
