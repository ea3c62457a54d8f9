//! The thresholds and shared conditions of the rules, each stated once. The flow, the
//! outcome tables, the state machine, the commands, the workspace checks, the metrics and
//! the roster import read them from here; a text that names a threshold is built from the
//! same macro (`concat!`), so a correction reaches every page and message at once.

use chrono::NaiveDate;

use crate::calendar::Edition;
use crate::codes::Destination;
use crate::workspace::{age_on, MarkKind, Member};

/// The age (whole years) from which a member without a league post keeps no membership
/// (S003 Q8, S003 Q15, S001 备注4). A macro so texts can spell it with `concat!`.
#[macro_export]
macro_rules! lapse_age {
    () => {
        28
    };
}

/// Below this age a transfer out of the school domain also needs the leading body's
/// approval and a written explanation (S004 FAQ 2.2).
#[macro_export]
macro_rules! leadership_below_age {
    () => {
        16
    };
}

/// The most members one 团总支 batch transfer may hold (S003 Q11).
#[macro_export]
macro_rules! batch_max {
    () => {
        30
    };
}

/// The most levels an org tree may have (a root is level 1). Real trees (province, city,
/// county, school, college, 团总支, 团支部) have under fifteen; a deeper one is a mistake or an
/// attack, and every walk up or down the tree stays short because of this bound.
#[macro_export]
macro_rules! max_org_depth {
    () => {
        50
    };
}

pub const MAX_ORG_DEPTH: usize = max_org_depth!();
pub const LAPSE_AGE: u32 = lapse_age!();
pub const LEADERSHIP_BELOW_AGE: u32 = leadership_below_age!();
pub const BATCH_MAX: usize = batch_max!();

/// The ages a member record may plausibly have at the simulated clock. One window for the
/// roster import, the commands and the workspace check, so a record one accepts the others
/// accept too.
pub const PLAUSIBLE_AGE: std::ops::RangeInclusive<i32> = 10..=100;

/// The longest remark the system accepts (S000 “最多100个字”).
pub const REMARK_MAX_CHARS: usize = 100;

/// The word a floating-members branch's name must contain (S004 FAQ 2.1).
pub const FLOATING_KEYWORD: &str = "流动团员";

/// Membership lapses: at least [`LAPSE_AGE`] and holding no league post.
pub fn lapsed(age: i64, holds_league_post: bool) -> bool {
    age >= i64::from(LAPSE_AGE) && !holds_league_post
}

/// Whether a member's membership has lapsed by `on` (unknown birth date: no).
pub fn member_lapsed_on(member: &Member, on: NaiveDate) -> bool {
    member
        .birth_date
        .is_some_and(|b| lapsed(i64::from(age_on(b, on)), member.holds_league_post))
}

/// A transfer that needs the leading body's approval (S004 FAQ 2.2, the 2021 instructions;
/// no 2019 source states it): an under-16 member whose destination lies outside the school
/// domain. Special units go to the provincial committee alone (S004 2.3), so the checker and
/// the state machine both leave them out.
pub fn needs_leadership(edition: Edition, age: i64, destination: Destination) -> bool {
    leadership_rule_applies(edition)
        && age < i64::from(LEADERSHIP_BELOW_AGE)
        && leaves_school_domain(destination)
}

/// Whether the edition's sources state the under-16 leadership approval (S004 FAQ 2.2).
pub fn leadership_rule_applies(edition: Edition) -> bool {
    edition == Edition::E2021
}

/// A destination outside the school domain that an under-16 needs the leading body for.
pub fn leaves_school_domain(destination: Destination) -> bool {
    !destination.is_school_domain() && destination != Destination::SpecialUnitLibrary
}

/// Marked members (延迟毕业团员, 教师) may transfer normally but are outside 学社衔接
/// (S004 1.2): the metrics leave them out; nothing refuses them a transfer.
pub fn outside_xueshe(member: &Member) -> bool {
    member.mark.is_some()
}

/// Whether the mark is 延迟毕业团员.
pub fn is_delayed(member: &Member) -> bool {
    member
        .mark
        .as_ref()
        .is_some_and(|m| m.kind == MarkKind::Delayed)
}

/// How long a member may stay in a 流动团员团支部 before the org must move them on, as the
/// edition's sources state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct KeepLimit {
    /// The usual limit, in months from the day they were taken in.
    pub usual_months: u32,
    /// The longest it may be, when the source gives one.
    pub max_months: Option<u32>,
    pub clause: &'static str,
}

/// The limit of a floating branch of `destination`'s kind in `edition` (`None`: the
/// edition's sources state none, e.g. a county's floating branch in 2019, which S002 does
/// not describe).
pub fn keep_limit(edition: Edition, destination: Destination) -> Option<KeepLimit> {
    match (edition, destination) {
        (Edition::E2021, Destination::SchoolFloatingBranch) => Some(KeepLimit {
            usual_months: 6,
            max_months: Some(12),
            clause: "S004 2.4 ②",
        }),
        (Edition::E2021, Destination::CountyFloatingBranch) => Some(KeepLimit {
            usual_months: 6,
            max_months: Some(12),
            clause: "S004 2.2",
        }),
        (Edition::E2019, Destination::SchoolFloatingBranch) => Some(KeepLimit {
            usual_months: 6,
            max_months: None,
            clause: "S002 指引5",
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_and_their_texts_agree() {
        assert_eq!(concat!("年满 ", lapse_age!(), " 周岁"), "年满 28 周岁");
        assert!(lapsed(28, false) && !lapsed(28, true) && !lapsed(27, false));
        let e = Edition::E2021;
        assert!(needs_leadership(e, 15, Destination::EmployerOrg));
        assert!(!needs_leadership(e, 15, Destination::AdmittingSchoolOrg));
        assert!(!needs_leadership(e, 15, Destination::SpecialUnitLibrary));
        assert!(!needs_leadership(e, 16, Destination::EmployerOrg));
        assert!(!needs_leadership(
            Edition::E2019,
            15,
            Destination::EmployerOrg
        ));
    }
}
