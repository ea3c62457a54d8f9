//! The checks a member or an org record must pass, stated once and returned as typed
//! [`Problem`]s with a Chinese message. `Workspace::validate` adds the JSON path, the
//! commands refuse with the problem as their kind, and the roster import adds the row and
//! the column: a record one of them accepts, the others accept too.

use chrono::NaiveDate;
use std::fmt;

use crate::policy::{FLOATING_KEYWORD, PLAUSIBLE_AGE};
use crate::workspace::{age_on, mask_id_number, parse_month, Mark, MarkKind, Member, Org, OrgKind};

/// One thing wrong with a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    OrgIdEmpty,
    OrgNameEmpty,
    /// A 流动团员团支部 whose name lacks the keyword (S004 FAQ 2.1).
    FloatingName {
        name: String,
    },
    GraduationMonth {
        month: String,
    },
    /// Only a 团支部 carries a graduation month (S004 1.1).
    GraduationMonthNotBranch {
        kind: OrgKind,
    },
    ParentMissing {
        parent: String,
    },
    ParentIsBranch {
        parent: String,
    },
    MemberIdEmpty,
    MemberNameEmpty,
    HomeMissing {
        org: String,
    },
    HomeNotBranch {
        org: String,
        kind: OrgKind,
    },
    IdNumberLength {
        chars: usize,
    },
    /// A number Excel showed in scientific notation (`1.10105E+17`): its digits are gone.
    IdNumberExcelNotation {
        text: String,
    },
    IdNumberCharacters {
        shown: String,
    },
    IdNumberBirth {
        shown: String,
    },
    IdNumberCheckDigit {
        shown: String,
        expected: char,
        found: String,
    },
    BirthImplausible {
        birth: NaiveDate,
        clock: NaiveDate,
        age: i32,
    },
    MarkAfterClock {
        date: NaiveDate,
        clock: NaiveDate,
    },
    DelayedNoReason,
    DelayedNoMonth,
    DelayedMonth {
        month: String,
    },
    /// The branch has no graduation month: not a 毕业生团组织.
    DelayedBranchNotGraduating {
        org: String,
    },
    /// The new month must be later than the branch's (S004 1.2.3).
    DelayedMonthNotLater {
        month: String,
        branch_month: String,
    },
}

impl Problem {
    /// The record's field it concerns (a JSON key; the roster import maps it to a column).
    pub fn field(&self) -> &'static str {
        match self {
            Problem::OrgIdEmpty | Problem::MemberIdEmpty => "id",
            Problem::OrgNameEmpty | Problem::FloatingName { .. } | Problem::MemberNameEmpty => {
                "name"
            }
            Problem::GraduationMonth { .. } | Problem::GraduationMonthNotBranch { .. } => {
                "graduation_month"
            }
            Problem::ParentMissing { .. } | Problem::ParentIsBranch { .. } => "parent",
            Problem::HomeMissing { .. } | Problem::HomeNotBranch { .. } => "org",
            Problem::IdNumberLength { .. }
            | Problem::IdNumberExcelNotation { .. }
            | Problem::IdNumberCharacters { .. }
            | Problem::IdNumberBirth { .. }
            | Problem::IdNumberCheckDigit { .. } => "id_number",
            Problem::BirthImplausible { .. } => "birth_date",
            Problem::MarkAfterClock { .. } => "mark.date",
            Problem::DelayedNoReason => "mark.reason",
            Problem::DelayedNoMonth
            | Problem::DelayedMonth { .. }
            | Problem::DelayedBranchNotGraduating { .. }
            | Problem::DelayedMonthNotLater { .. } => "mark.graduation_month",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::OrgIdEmpty => write!(f, "组织 id 不能为空"),
            Problem::OrgNameEmpty => write!(f, "组织名称不能为空"),
            Problem::FloatingName { name } => write!(
                f,
                "流动团员团支部的名称必须含有“{FLOATING_KEYWORD}”（S004 FAQ 2.1），「{name}」没有"
            ),
            Problem::GraduationMonth { month } => {
                write!(f, "毕业年月「{month}」不是有效的年月（应为 YYYY-MM）")
            }
            Problem::GraduationMonthNotBranch { kind } => write!(
                f,
                "只有团支部可以设置毕业年月（S004 1.1），这里是{}",
                kind.label()
            ),
            Problem::ParentMissing { parent } => write!(f, "上级组织「{parent}」不存在"),
            Problem::ParentIsBranch { parent } => {
                write!(f, "上级「{parent}」是团支部，团支部下面不能再有组织")
            }
            Problem::MemberIdEmpty => write!(f, "团员 id 不能为空"),
            Problem::MemberNameEmpty => write!(f, "姓名不能为空"),
            Problem::HomeMissing { org } => write!(f, "所在组织「{org}」不存在"),
            Problem::HomeNotBranch { org, kind } => {
                write!(f, "「{org}」是{}，团员只能属于团支部", kind.label())
            }
            Problem::IdNumberLength { chars } => {
                let hint = if *chars == 15 {
                    "（15 位的旧号码请换成 18 位）"
                } else {
                    ""
                };
                write!(f, "身份证号应为 18 位，这里是 {chars} 位{hint}")
            }
            Problem::IdNumberExcelNotation { text } => write!(
                f,
                "身份证号「{text}」是 Excel 的科学计数法写法，不是完整的号码{EXCEL_DIGITS_HINT}"
            ),
            Problem::IdNumberCharacters { shown } => {
                write!(f, "身份证号「{shown}」应为前 17 位数字、最后一位数字或 X")
            }
            Problem::IdNumberBirth { shown } => {
                write!(f, "身份证号「{shown}」第 7–14 位不是有效的出生日期")
            }
            Problem::IdNumberCheckDigit {
                shown,
                expected,
                found,
            } => write!(
                f,
                "身份证号「{shown}」校验位不对：按 GB 11643 最后一位应为 {expected}，这里是 {found}"
            ),
            Problem::BirthImplausible { birth, clock, age } => write!(
                f,
                "出生日期 {birth} 不合理：按模拟时钟 {clock} 为 {age} 岁（应在 {} 到 {} 岁之间）",
                PLAUSIBLE_AGE.start(),
                PLAUSIBLE_AGE.end()
            ),
            Problem::MarkAfterClock { date, clock } => {
                write!(f, "标记日期 {date} 晚于模拟时钟 {clock}")
            }
            Problem::DelayedNoReason => write!(f, "标记延迟毕业必须写明原因"),
            Problem::DelayedNoMonth => write!(f, "标记延迟毕业必须填写新的毕业年月"),
            Problem::DelayedMonth { month } => {
                write!(f, "新的毕业年月「{month}」不是有效的年月（应为 YYYY-MM）")
            }
            Problem::DelayedBranchNotGraduating { org } => write!(
                f,
                "「{org}」没有设置毕业年月，不是毕业生团组织，无需标记延迟毕业"
            ),
            Problem::DelayedMonthNotLater {
                month,
                branch_month,
            } => write!(
                f,
                "新的毕业年月 {month} 必须晚于团支部的毕业年月 {branch_month}（S004 1.2）"
            ),
        }
    }
}

/// What to do when Excel has stored an ID number as a number: it keeps 15 significant
/// digits, so the last ones are lost (a wrong check character) or the cell shows scientific
/// notation. Said after either problem, by the import and by the add-member form alike.
pub const EXCEL_DIGITS_HINT: &str =
    "（若该列在 Excel 中是数字格式，后几位可能已丢失，请把该列设为文本后重新填写）";

/// Whether `text` is a number in scientific notation as Excel shows a long number
/// (`1.10105E+17`, `1.10105e17`, `110105E+12`): digits, at most one decimal point, `E`,
/// an optional `+` and the exponent's digits. An ID number never looks like this.
pub fn is_excel_notation(text: &str) -> bool {
    let t = text.trim();
    let Some((mantissa, exponent)) = t.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty()
        && digits(whole)
        && digits(fraction)
        && !exponent.is_empty()
        && digits(exponent)
}

/// The ID number's problem, if any: 18 characters, 17 digits and a digit or X, a real
/// birth date in digits 7–14, and the GB 11643 check character. Messages show it masked.
pub fn id_number_problem(id: &str) -> Option<Problem> {
    if is_excel_notation(id) {
        // Not personal data any more (the digits are gone), and the admin needs to find it.
        return Some(Problem::IdNumberExcelNotation {
            text: id.trim().to_string(),
        });
    }
    let chars = id.chars().count();
    if chars != 18 {
        return Some(Problem::IdNumberLength { chars });
    }
    let shown = mask_id_number(id);
    if !id.is_ascii() {
        return Some(Problem::IdNumberCharacters { shown });
    }
    let (head, last) = id.split_at(17);
    let last_ok = last == "X" || last == "x" || last.as_bytes()[0].is_ascii_digit();
    if !head.bytes().all(|b| b.is_ascii_digit()) || !last_ok {
        return Some(Problem::IdNumberCharacters { shown });
    }
    if birth_from_id(id).is_none() {
        return Some(Problem::IdNumberBirth { shown });
    }
    match crate::workspace::id_check_char(head) {
        Some(c) if last.eq_ignore_ascii_case(&c.to_string()) => None,
        Some(expected) => Some(Problem::IdNumberCheckDigit {
            shown,
            expected,
            found: last.to_string(),
        }),
        None => Some(Problem::IdNumberCharacters { shown }),
    }
}

/// The birth date in digits 7–14 of an 18-digit ID number.
pub fn birth_from_id(id: &str) -> Option<NaiveDate> {
    let digits = id.get(6..14)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

/// Whether a birth date is plausible at the clock ([`PLAUSIBLE_AGE`]).
pub fn birth_problem(birth: NaiveDate, clock: NaiveDate) -> Option<Problem> {
    let age = age_on(birth, clock);
    (!PLAUSIBLE_AGE.contains(&age)).then_some(Problem::BirthImplausible { birth, clock, age })
}

/// An org's own problems. `parent`: `None` for a root, `Some(None)` when the named parent
/// does not exist.
pub fn org_problems(org: &Org, parent: Option<Option<&Org>>) -> Vec<Problem> {
    let mut out = Vec::new();
    if org.id.trim().is_empty() {
        out.push(Problem::OrgIdEmpty);
    }
    if org.name.trim().is_empty() {
        out.push(Problem::OrgNameEmpty);
    }
    if let Some(p) = floating_name_problem(org.purpose, &org.name) {
        out.push(p);
    }
    if let Some(month) = &org.graduation_month {
        if org.kind != OrgKind::Branch {
            out.push(Problem::GraduationMonthNotBranch { kind: org.kind });
        } else if parse_month(month).is_none() {
            out.push(Problem::GraduationMonth {
                month: month.clone(),
            });
        }
    }
    if let (Some(parent), Some(named)) = (parent, &org.parent) {
        match parent {
            None => out.push(Problem::ParentMissing {
                parent: named.clone(),
            }),
            Some(p) if p.kind == OrgKind::Branch => out.push(Problem::ParentIsBranch {
                parent: named.clone(),
            }),
            Some(_) => {}
        }
    }
    out
}

/// A floating branch must say so in its name (S004 FAQ 2.1).
pub fn floating_name_problem(
    purpose: Option<crate::workspace::OrgPurpose>,
    name: &str,
) -> Option<Problem> {
    (purpose == Some(crate::workspace::OrgPurpose::Floating) && !name.contains(FLOATING_KEYWORD))
        .then(|| Problem::FloatingName {
            name: name.to_string(),
        })
}

/// A member's own problems at the clock. `home`: the member's branch (`None`: not found);
/// `check_birth`: whether to hold the birth date to the plausible window (an edit that
/// keeps the birth date does not re-judge it as the clock moves).
pub fn member_problems(
    m: &Member,
    home: Option<&Org>,
    clock: NaiveDate,
    check_birth: bool,
) -> Vec<Problem> {
    let mut out = Vec::new();
    if m.id.trim().is_empty() {
        out.push(Problem::MemberIdEmpty);
    }
    if m.name.trim().is_empty() {
        out.push(Problem::MemberNameEmpty);
    }
    match home {
        None => out.push(Problem::HomeMissing { org: m.org.clone() }),
        Some(o) if o.kind != OrgKind::Branch => out.push(Problem::HomeNotBranch {
            org: m.org.clone(),
            kind: o.kind,
        }),
        Some(_) => {}
    }
    if let Some(p) = m.id_number.as_deref().and_then(id_number_problem) {
        out.push(p);
    }
    if let (Some(b), true) = (m.birth_date, check_birth) {
        out.extend(birth_problem(b, clock));
    }
    if let Some(mark) = &m.mark {
        out.extend(mark_problems(mark, home, clock));
    }
    out
}

/// A mark's problems: not after the clock; a delayed mark gives a reason and a graduation
/// month later than the branch's (S004 1.2.3).
pub fn mark_problems(mark: &Mark, home: Option<&Org>, clock: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    if mark.date > clock {
        out.push(Problem::MarkAfterClock {
            date: mark.date,
            clock,
        });
    }
    if mark.kind != MarkKind::Delayed {
        return out;
    }
    if mark.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        out.push(Problem::DelayedNoReason);
    }
    match mark.graduation_month.as_deref() {
        None => out.push(Problem::DelayedNoMonth),
        Some(month) if parse_month(month).is_none() => out.push(Problem::DelayedMonth {
            month: month.to_string(),
        }),
        Some(month) => match home.map(|o| (o, o.graduation_month.as_deref())) {
            Some((o, None)) => out.push(Problem::DelayedBranchNotGraduating {
                org: format!("{}（{}）", o.name, o.id),
            }),
            Some((_, Some(bm))) if month <= bm => out.push(Problem::DelayedMonthNotLater {
                month: month.to_string(),
                branch_month: bm.to_string(),
            }),
            _ => {}
        },
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::with_check_digit;

    #[test]
    fn id_numbers_are_checked_fully() {
        let good = with_check_digit("53011120000101615");
        assert_eq!(id_number_problem(&good), None);
        let mut bad = good.clone();
        bad.pop();
        bad.push(if good.ends_with('0') { '1' } else { '0' });
        assert!(matches!(
            id_number_problem(&bad),
            Some(Problem::IdNumberCheckDigit { .. })
        ));
        assert!(matches!(
            id_number_problem("123"),
            Some(Problem::IdNumberLength { chars: 3 })
        ));
        assert!(matches!(
            id_number_problem(&with_check_digit("53011120001334615")),
            Some(Problem::IdNumberBirth { .. })
        ));
    }

    #[test]
    fn excel_notation_is_told_apart_and_explained() {
        for text in [
            "1.10105E+17",
            "1.10105e17",
            "110105E+12",
            " 5.30111E+17 ",
            "1E+17",
        ] {
            assert!(is_excel_notation(text), "{text}");
            let problem = id_number_problem(text).expect("a problem");
            assert!(
                matches!(problem, Problem::IdNumberExcelNotation { .. }),
                "{text}"
            );
            assert_eq!(problem.field(), "id_number");
            let message = problem.to_string();
            assert!(
                message.contains(text.trim()) && message.ends_with(EXCEL_DIGITS_HINT),
                "{message}"
            );
        }
        for text in [
            "530111200012346153",
            "53011120001234615X",
            "E+17",
            "1.10105E",
            "1.1.0105E+17",
            "1.10105E-17",
            "ABCDE12",
            "",
        ] {
            assert!(!is_excel_notation(text), "{text}");
        }
    }
}
