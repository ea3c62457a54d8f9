//! The destination rules, outcome-centric: each outcome of domain.md §2 is defined once in
//! [`OUTCOMES`], with its conditions, rule id and source clauses; cross-cutting rules (the
//! three provinces, committees, under-16, party members, the forbidden channel, system
//! committees) are [`MODIFIERS`] that add to whichever outcome applies. [`evaluate`] is the
//! only reader, and everything (CLI, UI, pages) goes through it.

use serde::Serialize;

use crate::answers::{AnswerError, Answers, Key, Value};
use crate::calendar::{Edition, Milestone};
use crate::codes::{Destination, Reason, Situation, Step};
use crate::flow::{self, Cond};
use crate::policy::{self, LAPSE_AGE, LEADERSHIP_BELOW_AGE};
use crate::{lapse_age, leadership_below_age};

/// A form field to fill in the system (S004 1.4.6).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub hint: &'static str,
}

/// Something the member must not do, and why.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Forbidden {
    /// The destination it concerns, if it is one.
    pub destination: Option<Destination>,
    pub what: &'static str,
    pub why: &'static str,
}

/// One outcome of the checker.
#[derive(Debug, Clone, Copy)]
pub struct OutcomeDef {
    /// Unique among outcomes; several may share a rule id (one per edition, say).
    pub id: &'static str,
    pub rule: &'static str,
    /// `None`: both editions.
    pub edition: Option<Edition>,
    pub when: Cond,
    pub title: &'static str,
    /// What to do now, and when, where the outcome is not "apply now" (升学: wait for the
    /// new school's org; 28 岁: tell the college; 延迟毕业: be marked first).
    pub now: Option<&'static str>,
    pub reason: Option<Reason>,
    pub destination: Destination,
    pub alternatives: &'static [Destination],
    pub approvals: &'static [Step],
    pub fields: &'static [Field],
    pub forbidden: &'static [Forbidden],
    pub warnings: &'static [&'static str],
    /// The remark (备注) draft, ≤ 100 characters (S002's form: 最多100个字), following
    /// S000's pattern.
    pub remark: &'static str,
    pub sources: &'static [&'static str],
    /// The guide page (and anchor) that explains it, relative to the site root.
    pub guide: &'static str,
}

/// What a cross-cutting rule does to an outcome.
#[derive(Debug, Clone, Copy)]
pub enum Effect {
    Warn(&'static str),
    Forbid(Forbidden),
    /// Adds an approval step (kept in the canonical step order).
    AddStep(Step),
    NotWithdrawable,
    /// The sources do not say whether it can be withdrawn (2021, 北京/广东/福建).
    WithdrawalUncertain,
    /// Sets a field: replaces the outcome's field of the same name, or adds it.
    SetField(Field),
    /// Names the system committee whose tree the destination is in.
    SystemTree,
}

/// Which outcomes a cross-cutting rule can touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every outcome, even one with nothing to submit.
    Everyone,
    /// Outcomes where the member submits an application (a reason is selected).
    Transfers,
    /// Transfers whose destination lies outside the school's own domain (and is not the
    /// special-unit library): [`policy::leaves_school_domain`].
    TransfersLeavingSchool,
}

#[derive(Debug, Clone, Copy)]
pub struct ModifierDef {
    pub rule: &'static str,
    pub edition: Option<Edition>,
    pub when: Cond,
    pub scope: Scope,
    pub effects: &'static [Effect],
    pub sources: &'static [&'static str],
    pub guide: &'static str,
}

const fn sit(s: Situation) -> Cond {
    Cond::Is(Key::Situation, Value::Situation(s))
}
const fn yes(key: Key) -> Cond {
    Cond::Is(key, Value::Bool(true))
}
const fn no(key: Key) -> Cond {
    Cond::Is(key, Value::Bool(false))
}

/// [`policy::lapsed`] as a condition over the answers.
const LAPSED: Cond = Cond::All(&[Cond::AgeAtLeast(LAPSE_AGE), no(Key::HoldsLeaguePost)]);

const F_DEST_ORG: Field = Field {
    name: "申请转入团组织",
    hint: "从组织树中选择，名称要与对方提供的全称一致",
};
const FIELDS_STUDY: &[Field] = &[
    Field {
        name: "毕业去向",
        hint: "普通高中、中等职业院校、普通高校、高等职业院校等",
    },
    Field {
        name: "学校名称",
        hint: "录取学校的全称",
    },
    Field {
        name: "学校地址",
        hint: "录取学校所在地的详细地址",
    },
    F_DEST_ORG,
];
const FIELDS_WORK: &[Field] = &[
    Field {
        name: "工作单位名称",
        hint: "填写工作单位的全称",
    },
    Field {
        name: "工作单位地址",
        hint: "工作单位所在地的详细地址",
    },
    F_DEST_ORG,
];
const FIELDS_ADDRESS: &[Field] = &[
    Field {
        name: "户籍地址或居住地址",
        hint: "与所选乡镇（街道）团组织对应",
    },
    F_DEST_ORG,
];
const FIELDS_RETAIN: &[Field] = &[
    Field {
        name: "户籍地址或居住地址",
        hint: "如实填写；暂留学校不改变你的实际去向",
    },
    Field {
        name: "申请转入团组织",
        hint: "选择本校团委建立的流动团员团支部（名称含“流动团员”）",
    },
];
const FIELDS_OVERSEAS: &[Field] = &[Field {
    name: "申请转入团组织",
    hint: "选择本校的出国（境）学习研究团员团支部",
}];

const FORBID_RESIDENCE_FOR_STUDY: &[Forbidden] = &[
    Forbidden {
        destination: Some(Destination::ResidenceTownshipOrg),
        what: "转到居住地的乡镇（街道）团组织",
        why:
            "升学的团员转入录取学校的新生团组织；原就读学校团组织不得把已升学的团员转到居住地或户籍地的团组织（S004 2.1）。",
    },
    Forbidden {
        destination: Some(Destination::HukouTownshipOrg),
        what: "转到户籍地的乡镇（街道）团组织",
        why: "原就读学校团组织同样不得把已升学的团员转到户籍地的团组织（S004 2.1）。",
    },
];

const OUT_IN: &[Step] = &[Step::OutOrg, Step::InOrg];

/// Every outcome, most specific first; the first whose condition holds (for the edition)
/// applies.
pub static OUTCOMES: &[OutcomeDef] = &[
    OutcomeDef {
        id: "age_28",
        rule: "R-AGE-28",
        edition: None,
        when: LAPSED,
        title: concat!("年满 ", lapse_age!(), " 周岁：不再保留团籍，无需转接"),
        now: Some("现在只需要告诉学院团委你已年满 28 周岁、没有担任团内职务，由团委在系统里处理；不用自己发起转接（S001 备注4）。"),
        reason: None,
        destination: Destination::None,
        alternatives: &[],
        approvals: &[],
        fields: &[],
        forbidden: &[],
        warnings: &[
            concat!(
                "年满 ",
                lapse_age!(),
                " 周岁且没有担任团内职务的团员不再保留团籍，不需要办理组织关系转接。"
            ),
            "请告诉学院团委，由团委汇总名单、在系统里处理（S001 备注4）；不需要自己发起转接。",
        ],
        remark: "",
        sources: &["S003 Q8", "S003 Q15", "S001 备注4"],
        guide: "special-cases.html#age28",
    },
    OutcomeDef {
        id: "delayed",
        rule: "R-DELAYED",
        edition: None,
        when: sit(Situation::Delayed),
        title: "延迟毕业：由管理员标记，不纳入本次学社衔接",
        now: Some("现在先请团支部或学院团委把你标记为“延迟毕业团员”；标记之前不要自己发起转接，发起后就不能再被标记了（S000 常见问题2）。"),
        reason: None,
        destination: Destination::DelayedGraduationOrg,
        alternatives: &[],
        approvals: &[],
        fields: &[],
        forbidden: &[Forbidden {
            destination: None,
            what: "在被标记之前自己发起转接",
            why: "已经发起转接的团员无法再被标记为“延迟毕业团员”（S000 常见问题2），请先请管理员标记。",
        }],
        warnings: &[
            "请联系团支部或学院团委，由管理员把你标记为“延迟毕业团员”，并填写新的毕业时间和原因。",
            "被标记后仍可以正常办理组织关系转接，只是不纳入“学社衔接”（S004 1.2）；原就读学校团组织要建立“延迟毕业团组织”集中管理（S004 2.6）。",
            "有的学院让延迟毕业的同学转入重读班级的团支部或学院的流动团员团支部（S000 （二）⑥）。",
        ],
        remark: "",
        sources: &["S004 2.6", "S004 1.2", "S000 （二）⑥", "S000 常见问题2"],
        guide: "dest-delayed.html",
    },
    OutcomeDef {
        id: "military",
        rule: "R-MILITARY",
        edition: None,
        when: sit(Situation::Military),
        title: "参军入伍：转往特殊单位团组织",
        now: None,
        reason: Some(Reason::SpecialUnit),
        destination: Destination::SpecialUnitLibrary,
        alternatives: &[],
        approvals: &[Step::Provincial],
        fields: &[],
        forbidden: &[Forbidden {
            destination: None,
            what: "自己挑选部队或地方的团组织",
            why: "选“转往特殊单位团组织”时无需选择转入组织，提交后由省级团委审批，通过后进入特殊单位专属库集中管理（S004 2.3、1.4.6）。",
        }],
        warnings: &[
            "转接原因选“转往特殊单位团组织”，不需要选择转入组织。",
            "还要按有关规定办理线下组织关系转接（S002 指引3、S004 4.4 ②）。",
        ],
        remark: "您好！我是××学校××届毕业生××，毕业后参军入伍，申请转往特殊单位团组织，联系电话：×××××××××××。",
        sources: &["S004 2.3", "S004 1.4.6", "S002 指引3", "S000 （二）③"],
        guide: "dest-special.html#military",
    },
    OutcomeDef {
        id: "classified",
        rule: "R-CLASSIFIED",
        edition: None,
        when: sit(Situation::Classified),
        title: "到涉密单位工作：转往特殊单位团组织",
        now: None,
        reason: Some(Reason::SpecialUnit),
        destination: Destination::SpecialUnitLibrary,
        alternatives: &[],
        approvals: &[Step::Provincial],
        fields: &[],
        forbidden: &[Forbidden {
            destination: None,
            what: "自己挑选转入的团组织",
            why: "到涉密单位工作参照参军入伍办理：选“转往特殊单位团组织”时不用选择转入组织，提交后由省级团委审批，通过后进入特殊单位专属库（S004 2.3、1.4.6，S001 第七种方式）。",
        }],
        warnings: &[
            "转接原因选“转往特殊单位团组织”，不需要选择转入组织。",
            "还要按有关规定办理线下组织关系转接（S002 指引3、S004 4.4 ②）。",
        ],
        remark: "您好！我是××学校××届毕业生××，毕业后到特殊单位工作，申请转往特殊单位团组织，联系电话：×××××××××××。",
        sources: &["S004 2.3", "S004 1.4.6", "S001 第七种方式", "S002 指引3"],
        guide: "dest-special.html#classified",
    },
    OutcomeDef {
        id: "study_same_school",
        rule: "R-STUDY-SAME",
        edition: None,
        when: Cond::All(&[sit(Situation::FurtherStudy), yes(Key::SameSchool)]),
        title: "本校升学：转入本校新生所在的团组织",
        now: Some("等本校为新生建好团支部（新生入学后 1 个月内，S004 2.1），向学院团委要到它的全称，再发起转接。"),
        reason: Some(Reason::FurtherStudy),
        destination: Destination::AdmittingSchoolOrg,
        alternatives: &[],
        approvals: OUT_IN,
        fields: FIELDS_STUDY,
        forbidden: FORBID_RESIDENCE_FOR_STUDY,
        warnings: &[
            "向学院团委确认新生团支部的准确全称（例如某某级博士团支部），再发起转接。",
        ],
        remark: "您好！我是本校××届毕业生××，已被本校录取继续攻读，需转入贵团支部，联系电话：×××××××××××。",
        sources: &["S000 （二）②", "S004 2.1"],
        guide: "dest-study.html#same-school",
    },
    OutcomeDef {
        id: "study",
        rule: "R-STUDY",
        edition: None,
        when: sit(Situation::FurtherStudy),
        title: "升学：转入录取学校的新生团组织",
        now: Some("现在不用发起：等录取学校建好新生团组织（新生入学后 1 个月内），入学后再申请转入它，或由新学校直接办理转入；在此之前组织关系留在原学校（S004 2.1、S002 指引2）。"),
        reason: Some(Reason::FurtherStudy),
        destination: Destination::AdmittingSchoolOrg,
        alternatives: &[],
        approvals: OUT_IN,
        fields: FIELDS_STUDY,
        forbidden: FORBID_RESIDENCE_FOR_STUDY,
        warnings: &[
            "录取学校在新生入学后 1 个月内建立新生团组织；建好之前组织关系先留在原学校，不要为了“先转出去”而转到居住地。",
            "新学校的团组织也可以直接“办理转入”，这时不需要你自己发起。",
        ],
        remark: "您好！我是××学校××届毕业生××，已被贵校录取，因升学需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S004 2.1", "S003 Q16"],
        guide: "dest-study.html",
    },
    OutcomeDef {
        id: "dispatch_user_unit",
        rule: "R-DISPATCH",
        edition: None,
        when: Cond::All(&[sit(Situation::Employed), yes(Key::Dispatched), yes(Key::UserUnitHasOrg)]),
        title: "劳务派遣：转入用工单位的团组织",
        now: None,
        reason: Some(Reason::EmployedWithOrg),
        destination: Destination::UserUnitOrg,
        alternatives: &[],
        approvals: OUT_IN,
        fields: FIELDS_WORK,
        forbidden: &[],
        warnings: &[
            "工作单位名称填写实际上班的用工单位。",
            "资料没有写劳务派遣选哪一项转接原因（S003 Q13）；选“已落实工作单位（工作单位有团组织）”是本指南的理解[readings#dispatch-reason]。",
        ],
        remark: "您好！我是××学校××届毕业生××，现派遣到贵单位工作，需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S003 Q13"],
        guide: "dest-work.html#dispatch",
    },
    OutcomeDef {
        id: "dispatch_agency_2021",
        rule: "R-DISPATCH",
        edition: Some(Edition::E2021),
        when: Cond::All(&[sit(Situation::Employed), yes(Key::Dispatched), no(Key::UserUnitHasOrg)]),
        title: "劳务派遣且用工单位没有团组织：转入派遣单位的团组织，或用工单位所在地的乡镇（街道）团组织",
        now: None,
        reason: Some(Reason::EmployedWithOrg),
        destination: Destination::DispatchAgencyOrg,
        alternatives: &[Destination::EmployerTownshipOrg],
        approvals: OUT_IN,
        fields: FIELDS_WORK,
        forbidden: &[],
        warnings: &[
            "两种去向任选其一：劳务派遣单位的团组织，或用工单位所在地的乡镇（街道）团组织（S003 Q13；单位没有团组织时转乡镇、街道团组织，S004 2.2）。",
            "选派遣单位的团组织时，转接原因选“已落实工作单位（工作单位有团组织）”；选乡镇（街道）团组织时，选“已落实工作单位（工作单位无团组织）”：这是本指南的理解[readings#dispatch-reason]。",
        ],
        remark: "您好！我是××学校××届毕业生××，以劳务派遣方式就业，需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S003 Q13", "S004 2.2"],
        guide: "dest-work.html#dispatch",
    },
    OutcomeDef {
        id: "dispatch_agency_2019",
        rule: "R-DISPATCH",
        edition: Some(Edition::E2019),
        when: Cond::All(&[sit(Situation::Employed), yes(Key::Dispatched), no(Key::UserUnitHasOrg)]),
        title: "劳务派遣且用工单位没有团组织：转入派遣单位的团组织，或用工单位所在地的学社衔接临时团支部",
        now: None,
        reason: Some(Reason::EmployedWithOrg),
        destination: Destination::DispatchAgencyOrg,
        alternatives: &[Destination::EmployerTownshipOrg],
        approvals: OUT_IN,
        fields: FIELDS_WORK,
        forbidden: &[],
        warnings: &[
            "两种去向任选其一：劳务派遣单位的团组织，或用工单位所在地乡镇（街道）的“学社衔接临时团支部”（S003 Q13）。",
            "选派遣单位的团组织时，转接原因选“已落实工作单位（工作单位有团组织）”；选临时团支部时，选“已落实工作单位（工作单位无团组织）”：这是本指南的理解[readings#dispatch-reason]。",
        ],
        remark: "您好！我是××学校××届毕业生××，以劳务派遣方式就业，需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S003 Q13"],
        guide: "dest-work.html#dispatch",
    },
    OutcomeDef {
        id: "work_with_org",
        rule: "R-WORK-ORG",
        edition: None,
        when: Cond::All(&[sit(Situation::Employed), yes(Key::EmployerHasOrg)]),
        title: "已就业，单位有团组织：转入单位的团组织",
        now: None,
        reason: Some(Reason::EmployedWithOrg),
        destination: Destination::EmployerOrg,
        alternatives: &[],
        approvals: OUT_IN,
        fields: FIELDS_WORK,
        forbidden: &[],
        warnings: &["请单位团组织提供准确的团支部全称，再在组织树中选择。"],
        remark: "您好！我是××学校××届毕业生××，已到贵单位工作，需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S004 2.2", "S001 第二种方式"],
        guide: "dest-work.html#with-org",
    },
    OutcomeDef {
        id: "work_without_org_2021",
        rule: "R-WORK-NOORG",
        edition: Some(Edition::E2021),
        when: Cond::All(&[sit(Situation::Employed), no(Key::EmployerHasOrg)]),
        title: "已就业，单位没有团组织：转入经常居住地或工作单位所在地的乡镇（街道）团组织",
        now: None,
        reason: Some(Reason::EmployedWithoutOrg),
        destination: Destination::ResidenceTownshipOrg,
        alternatives: &[Destination::EmployerTownshipOrg, Destination::CountyFloatingBranch],
        approvals: OUT_IN,
        fields: FIELDS_WORK,
        forbidden: &[],
        warnings: &[
            "经常居住地和工作单位所在地的乡镇（街道）团组织，两者任选其一（S004 2.2）。",
            "乡镇（街道）团组织确有接收困难的，可以转入县级团委建立的“流动团员团支部”；县级团委应在 6 个月、最长不超过 1 年内按你的实际去向再转出（S004 2.2）。",
        ],
        remark: "您好！我是××学校××届毕业生××，单位暂无团组织，我在本地居住工作，需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S004 2.2"],
        guide: "dest-work.html#without-org-2021",
    },
    OutcomeDef {
        id: "work_without_org_2019",
        rule: "R-WORK-NOORG",
        edition: Some(Edition::E2019),
        when: Cond::All(&[sit(Situation::Employed), no(Key::EmployerHasOrg)]),
        title: "已就业，单位没有团组织：转入单位所在地的学社衔接临时团支部",
        now: None,
        reason: Some(Reason::EmployedWithoutOrg),
        destination: Destination::EmployerTownshipOrg,
        alternatives: &[Destination::CountyFloatingBranch],
        approvals: OUT_IN,
        fields: FIELDS_WORK,
        forbidden: &[],
        warnings: &[
            "2019 版要求转到工作单位所在地乡镇（街道）的“学社衔接临时团支部”（S003 Q6、Q16）。",
            "乡镇（街道）团组织接收确有困难的，从 9 月起由县级团组织直接建立“学社衔接临时团支部”接收（S002 指引1）。",
            "有的学校手册另有写法：一所学校允许转到户籍地或本人、父母居住地的临时团支部（S001 第一种方式），一所学院允许单位和单位所在地都没有团支部时转户籍地团支部（S000 （二）①）；但已就业的团员不能以“未就业”的名义转回户籍地（S003 Q6），拿不准时先问学校团委。",
        ],
        remark: "您好！我是××学校××届毕业生××，工作单位暂无团组织，需转入单位所在地临时团支部，联系电话：×××××××××××。",
        sources: &["S002 指引1", "S003 Q6", "S003 Q16"],
        guide: "dest-work.html#without-org-2019",
    },
    OutcomeDef {
        id: "unemployed_retain_2021",
        rule: "R-UNEMP-RETAIN",
        edition: Some(Edition::E2021),
        when: Cond::All(&[sit(Situation::Unemployed), yes(Key::RetainAtSchool)]),
        title: "暂未升学或就业，申请暂留学校：转入本校流动团员团支部",
        now: None,
        reason: Some(Reason::Unemployed),
        destination: Destination::SchoolFloatingBranch,
        alternatives: &[Destination::ResidenceTownshipOrg, Destination::HukouTownshipOrg],
        approvals: OUT_IN,
        fields: FIELDS_RETAIN,
        forbidden: &[],
        warnings: &[
            "组织关系可以在原学校保留 6 个月，最长不超过 1 年，由学校建立的“流动团员团支部”集中管理；符合条件的要及时转出（S004 2.4）。",
            "转入流动团员团支部也按一次普通的转接申请办理、照常审批，这是本指南的理解[readings#floating-is-transfer]。",
            "暂留学校的人在统计里算作“未完成转接”（S004 5.2）。",
            "资料没有写暂留学校选哪一项转接原因；选“未升学或未落实就业去向”是本指南的理解[readings#retain-reason]。有的学院要求转出理由与实际情况一致、并向团委报备（S000 特别注意①），本人发起不了时由学院团委“办理转入”（S000 常见问题4）。",
        ],
        remark: "您好！我是××学校××届毕业生××，暂未落实去向，申请暂留本校流动团员团支部，联系电话：×××××××××××。",
        sources: &["S004 2.4", "S004 5.2", "S004 FAQ 2.1", "S000 特别注意①", "S000 常见问题4"],
        guide: "dest-unemployed.html#retain",
    },
    OutcomeDef {
        id: "unemployed_retain_2019",
        rule: "R-UNEMP-RETAIN",
        edition: Some(Edition::E2019),
        when: Cond::All(&[sit(Situation::Unemployed), yes(Key::RetainAtSchool)]),
        title: "暂未就业，申请暂留学校：转入本校流动团员团支部",
        now: None,
        reason: Some(Reason::Unemployed),
        destination: Destination::SchoolFloatingBranch,
        alternatives: &[Destination::ResidenceTownshipOrg, Destination::HukouTownshipOrg],
        approvals: OUT_IN,
        fields: FIELDS_RETAIN,
        forbidden: &[],
        warnings: &[
            "普通高校和中职学校的毕业生可以在原学校保留组织关系，一般不超过 6 个月；学校在 7 月 31 日后把暂留的人编入“毕业学生流动团员团支部”集中管理，符合条件的要及时转出（S002 指引5）。",
            "转入流动团员团支部也按一次普通的转接申请办理、照常审批，这是本指南的理解[readings#floating-is-transfer]。",
            "资料没有写暂留学校选哪一项转接原因；选“未就业”是本指南的理解[readings#retain-reason]。有的学院要求转出理由与实际情况一致、并向团委报备（S000 特别注意①），本人发起不了时由学院团委“办理转入”（S000 常见问题4）。",
        ],
        remark: "您好！我是××学校××届毕业生××，暂未落实去向，申请暂留本校流动团员团支部，联系电话：×××××××××××。",
        sources: &["S002 指引5", "S000 特别注意①", "S000 常见问题4"],
        guide: "dest-unemployed.html#retain",
    },
    OutcomeDef {
        id: "unemployed_2021",
        rule: "R-UNEMP",
        edition: Some(Edition::E2021),
        when: Cond::All(&[sit(Situation::Unemployed), no(Key::RetainAtSchool)]),
        title: "暂未升学或就业：转入居住地（或户籍地）的乡镇（街道）团组织",
        now: None,
        reason: Some(Reason::Unemployed),
        destination: Destination::ResidenceTownshipOrg,
        alternatives: &[Destination::HukouTownshipOrg, Destination::CountyFloatingBranch],
        approvals: OUT_IN,
        fields: FIELDS_ADDRESS,
        forbidden: &[],
        warnings: &[
            "优先选居住地，也可以选户籍地的乡镇（街道）团组织（S004 2.4）。",
            "S004 2.2 在“乡镇、街道团组织确有接收困难的，可由县级团委建立的流动团员团支部接收”后注了“下同”；本指南的理解是暂无去向的毕业生同样适用[readings#xiatong]，能否这样接收请问当地县级团委。",
            "接收的乡镇（街道）团组织应当主动联系你、关注你的就业动向（S004 2.4、4.2）；落实工作后，再把组织关系转到工作单位的团组织。",
        ],
        remark: "您好！我是××学校××届毕业生××，暂未落实就业去向，现居住在贵辖区，需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S004 2.4", "S004 2.2", "S004 4.2"],
        guide: "dest-unemployed.html",
    },
    OutcomeDef {
        id: "unemployed_2019",
        rule: "R-UNEMP",
        edition: Some(Edition::E2019),
        when: Cond::All(&[sit(Situation::Unemployed), no(Key::RetainAtSchool)]),
        title: "暂未就业：转入户籍所在地、生源地或本人、父母居住地乡镇（街道）的学社衔接临时团支部",
        now: None,
        reason: Some(Reason::Unemployed),
        destination: Destination::ResidenceTownshipOrg,
        alternatives: &[Destination::HukouTownshipOrg],
        approvals: OUT_IN,
        fields: FIELDS_ADDRESS,
        forbidden: &[],
        warnings: &[
            "2019 版：户籍所在地、生源地或本人、父母居住地的乡镇（街道）“学社衔接临时团支部”，几处任选其一（S002 指引4）。",
            "条件允许时，也可以直接转到户籍地或本人、父母居住地所属村、社区一级的团组织（S002 指引4、S003 Q16）。",
            "落实工作后，再把组织关系转到工作单位的团组织。",
        ],
        remark: "您好！我是××学校××届毕业生××，暂未落实就业去向，现居住在贵辖区，需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S002 指引4", "S003 Q16"],
        guide: "dest-unemployed.html",
    },
    OutcomeDef {
        id: "abroad_study_2021",
        rule: "R-ABROAD-STUDY",
        edition: Some(Edition::E2021),
        when: sit(Situation::AbroadStudy),
        title: "出国（境）留学：留在本校的出国（境）学习研究团员团支部",
        now: None,
        reason: Some(Reason::AbroadStudy),
        destination: Destination::SchoolOverseasBranch,
        alternatives: &[],
        approvals: OUT_IN,
        fields: FIELDS_OVERSEAS,
        forbidden: &[],
        warnings: &[
            "组织关系由出国（境）前所在的学校保留，在系统里编入“出国（境）学习研究团员团支部”集中管理（S004 2.5）。",
            "2021 版没有写要交书面申请；学校有要求的（有的学校登记时要确切的户籍所在地、居住地和父母联系方式，S001 第四种方式），按学校团委的要求办。",
            "回国后尽快把组织关系转到新的学校、单位或居住地。",
        ],
        remark: "您好！我是××学校××届毕业生××，将出国（境）留学，申请转入本校出国（境）学习研究团员团支部，联系电话：×××××××××××。",
        sources: &["S004 2.5", "S004 1.4.6", "S001 第四种方式"],
        guide: "dest-abroad.html#study",
    },
    OutcomeDef {
        id: "abroad_study_2019",
        rule: "R-ABROAD-STUDY",
        edition: Some(Edition::E2019),
        when: sit(Situation::AbroadStudy),
        title: "出国（境）留学：留在本校的出国（境）学习研究团员团支部",
        now: None,
        reason: Some(Reason::AbroadStudy),
        destination: Destination::SchoolOverseasBranch,
        alternatives: &[],
        approvals: OUT_IN,
        fields: FIELDS_OVERSEAS,
        forbidden: &[],
        warnings: &[
            "出国前要向学校团组织提交保留组织关系的书面申请，写明境外学习研究的地点、期限和境内联系人及联系方式，由学校团委审批后登记备案（S002 指引6、S003 Q16）。",
            "有的学校登记保留时还要你提供确切的户籍所在地（乡镇、街道）、居住地和父母联系方式（S001 第四种方式）。",
            "回国后尽快把组织关系转到新的学校、单位或居住地。",
        ],
        remark: "您好！我是××学校××届毕业生××，将出国（境）留学，申请转入本校出国（境）学习研究团员团支部，联系电话：×××××××××××。",
        sources: &["S002 指引6", "S003 Q16", "S001 第四种方式"],
        guide: "dest-abroad.html#study",
    },
    OutcomeDef {
        id: "abroad_work_2021",
        rule: "R-ABROAD-WORK",
        edition: Some(Edition::E2021),
        when: sit(Situation::AbroadWork),
        title: "被单位派往国（境）外工作：出国前转入派出单位的团组织",
        now: None,
        reason: Some(Reason::EmployedWithOrg),
        destination: Destination::SendingUnitOrg,
        alternatives: &[],
        approvals: OUT_IN,
        fields: FIELDS_WORK,
        forbidden: &[],
        warnings: &[
            "出国（境）之前办完；工作单位填写派出你的国内单位。",
            "2021 版系统没有“因公出国”这一原因（S004 1.4.6）。2019 年的培训材料说参照已落实工作单位、转到派出单位的团组织（S002 指引7），所以这里选“已落实工作单位（工作单位有团组织）”：这是本指南的理解[readings#abroad-work-2021]，提交前请向学校团委确认。",
        ],
        remark: "您好！我是××学校××届毕业生××，已入职贵单位并将被派出境工作，需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S002 指引7", "S003 Q16"],
        guide: "dest-abroad.html#official",
    },
    OutcomeDef {
        id: "abroad_work_2019",
        rule: "R-ABROAD-WORK",
        edition: Some(Edition::E2019),
        when: sit(Situation::AbroadWork),
        title: "因公出国（境）工作：出国前转入派出单位的团组织",
        now: None,
        reason: Some(Reason::AbroadOfficial),
        destination: Destination::SendingUnitOrg,
        alternatives: &[],
        approvals: OUT_IN,
        fields: FIELDS_WORK,
        forbidden: &[],
        warnings: &["出国（境）之前办完；2019 版系统的转接原因是“出国（因公出国/境）”。"],
        remark: "您好！我是××学校××届毕业生××，将由贵单位派出境工作，需转入贵团组织，联系电话：×××××××××××。",
        sources: &["S002 指引7", "S002 学社衔接转接业务", "S003 Q16"],
        guide: "dest-abroad.html#official",
    },
    OutcomeDef {
        id: "abroad_private_2021",
        rule: "R-ABROAD-PRIVATE",
        edition: Some(Edition::E2021),
        when: sit(Situation::AbroadPrivate),
        title: "因私出国（境）：出国前转入户籍地或居住地的乡镇（街道）团组织",
        now: None,
        reason: Some(Reason::Unemployed),
        destination: Destination::HukouTownshipOrg,
        alternatives: &[Destination::ResidenceTownshipOrg],
        approvals: OUT_IN,
        fields: FIELDS_ADDRESS,
        forbidden: &[],
        warnings: &[
            "资料没有给出确定答案：2021 版系统没有“因私出国”这一原因，这里的“未升学或未落实就业去向”是本指南的理解[readings#private-abroad-2021]；而 2021 版指引严禁简单按“未就业”转往居住地或户籍地（S004 4.1）。提交前请先向学校团委确认应选的原因。",
            "2019 年的材料把因私出国（境）的转到户籍所在地或本人、父母居住地的乡镇（街道）（S002 指引7、S003 Q16）；2021 版对应的是乡镇、街道团组织（S004 2.4）。",
        ],
        remark: "您好！我是××学校××届毕业生××，将因私出国（境），需转入户籍地团组织，联系电话：×××××××××××。",
        sources: &["S002 指引7", "S003 Q16", "S004 4.1", "S004 2.4"],
        guide: "dest-abroad.html#private",
    },
    OutcomeDef {
        id: "abroad_private_2019",
        rule: "R-ABROAD-PRIVATE",
        edition: Some(Edition::E2019),
        when: sit(Situation::AbroadPrivate),
        title: "因私出国（境）：出国前转入户籍地或居住地的学社衔接临时团支部",
        now: None,
        reason: Some(Reason::AbroadPrivate),
        destination: Destination::HukouTownshipOrg,
        alternatives: &[Destination::ResidenceTownshipOrg],
        approvals: OUT_IN,
        fields: FIELDS_ADDRESS,
        forbidden: &[],
        warnings: &["可以选户籍所在地，或本人、父母居住地的乡镇（街道）学社衔接临时团支部（S002 指引7）。"],
        remark: "您好！我是××学校××届毕业生××，将因私出国（境），需转入户籍地团组织，联系电话：×××××××××××。",
        sources: &["S002 指引7", "S003 Q16"],
        guide: "dest-abroad.html#private",
    },
];

/// Cross-cutting rules, applied in this order to the outcome that matched.
pub static MODIFIERS: &[ModifierDef] = &[
    ModifierDef {
        rule: "R-WORK-FORBID",
        edition: Some(Edition::E2021),
        when: sit(Situation::Employed),
        scope: Scope::Transfers,
        effects: &[Effect::Forbid(Forbidden {
            destination: Some(Destination::HukouTownshipOrg),
            what: "以“未升学或未落实就业去向”（未就业）的名义转回户籍地",
            why: "已经落实工作的团员要按实际就业去向转接，不能借用“未就业”的渠道转回户籍地（S003 Q6）；简单按“未就业”转往户籍地属于弄虚作假（S004 4.1）。",
        })],
        sources: &["S003 Q6", "S004 4.1"],
        guide: "dest-work.html#forbidden",
    },
    ModifierDef {
        rule: "R-WORK-FORBID",
        edition: Some(Edition::E2019),
        when: sit(Situation::Employed),
        scope: Scope::Transfers,
        effects: &[Effect::Forbid(Forbidden {
            destination: Some(Destination::HukouTownshipOrg),
            what: "选“未就业”渠道转回户籍地",
            why: "已经找到工作的团员不能在系统里选“未就业”渠道把组织关系转往户籍地团组织，要按工作单位转接（S003 Q6）。",
        })],
        sources: &["S003 Q6"],
        guide: "dest-work.html#forbidden",
    },
    ModifierDef {
        rule: "R-SYSTEM",
        edition: None,
        when: Cond::All(&[
            sit(Situation::Employed),
            Cond::Answered(Key::EmployerSystem),
            Cond::Not(&Cond::Is(Key::EmployerSystem, Value::System(None))),
        ]),
        scope: Scope::Transfers,
        effects: &[
            Effect::SystemTree,
            Effect::Forbid(Forbidden {
                destination: None,
                what: "按单位所在的省份去找团组织",
                why: "要根据实际组织架构，在系统团委的组织树里找：比如某铁路局要在全国铁道团委下面找，而不是在所在省的团委下面找（S004 1.4.5）。",
            }),
        ],
        sources: &["S004 1.4.5"],
        guide: "special-cases.html#system",
    },
    ModifierDef {
        rule: "R-3PROV",
        edition: None,
        when: yes(Key::SpecialProvince),
        scope: Scope::Transfers,
        effects: &[
            Effect::SetField(Field {
                name: F_DEST_ORG.name,
                hint: "“是否转入北京/广东/福建”选“是”后，手工填写对方团组织的名称、地址等信息（不在组织树里选）",
            }),
            Effect::Warn("还要到该省的微信公众号进行团员报到（S003 Q5）。"),
        ],
        sources: &["S003 Q5", "S004 1.4.5", "S000 第三步①"],
        guide: "special-cases.html#three-provinces",
    },
    ModifierDef {
        rule: "R-3PROV",
        edition: Some(Edition::E2019),
        when: yes(Key::SpecialProvince),
        scope: Scope::Transfers,
        effects: &[
            Effect::NotWithdrawable,
            Effect::Warn("按 2019 版规则，转入北京、广东、福建的申请不能撤回（S002 撤销），提交前务必核对组织名称和地址。"),
        ],
        sources: &["S002 撤销"],
        guide: "special-cases.html#three-provinces",
    },
    ModifierDef {
        rule: "R-3PROV",
        edition: Some(Edition::E2021),
        when: yes(Key::SpecialProvince),
        scope: Scope::Transfers,
        effects: &[
            Effect::WithdrawalUncertain,
            Effect::Warn("三地的系统操作办法见“智慧团建”系统首页（S004 5）。"),
            Effect::Warn(
                "2021 版资料没有说三地的申请能否撤回，本指南的理解是可能撤不了[readings#three-provinces-withdraw]；提交前务必核对名称和地址。如果系统显示不可撤回，尽快联系工作人员退回申请（S003 Q3）。",
            ),
        ],
        sources: &["S003 Q3", "S004 5"],
        guide: "special-cases.html#three-provinces",
    },
    ModifierDef {
        rule: "R-COMMITTEE",
        edition: None,
        when: no(Key::DestinationIsBranch),
        scope: Scope::Transfers,
        effects: &[
            Effect::AddStep(Step::AssignBranch),
            Effect::Warn("转入的是团委、团工委或团总支：审批通过后要联系对方管理员分配到具体团支部，分配之前转接没有完成。"),
        ],
        sources: &["S004 1.5", "S000 注③", "S003 Q10"],
        guide: "approvals.html#chain",
    },
    ModifierDef {
        rule: "R-AGE-16",
        edition: Some(Edition::E2021),
        when: Cond::AgeBelow(LEADERSHIP_BELOW_AGE),
        scope: Scope::TransfersLeavingSchool,
        effects: &[
            Effect::AddStep(Step::Leadership),
            Effect::SetField(Field {
                name: "情况说明",
                hint: concat!(
                    "未满 ",
                    leadership_below_age!(),
                    " 周岁转往学校以外的组织，发起时必须填写情况说明"
                ),
            }),
            Effect::Warn(concat!(
                "你未满 ",
                leadership_below_age!(),
                " 周岁，转往学校以外的团组织时，提交后还要由你所在团组织的上级团的领导机关审批，通过后申请才生效。"
            )),
        ],
        sources: &["S004 FAQ 2.2"],
        guide: "special-cases.html#under16",
    },
    ModifierDef {
        rule: "R-PARTY",
        edition: None,
        when: yes(Key::PartyMember),
        scope: Scope::Everyone,
        effects: &[Effect::Warn(concat!(
            "未满 ",
            lapse_age!(),
            " 周岁的党员同时保留团籍，仍要办理团组织关系转接；转入的团组织一般与党组织关系的去向保持一致。"
        ))],
        sources: &["S003 Q8", "S003 Q9"],
        guide: "special-cases.html#party",
    },
];

/// Offline duties (S001, S003 Q12, S004 4.4).
pub const OFFLINE_DUTIES: &[&str] = &[
    "按规定及时办理线下组织关系转接（如纸质《团员证》）和团员档案转递，防止档案遗失（S004 4.4 ②、S001 二）。",
    "线下组织关系转接的去向应与线上一致，可以同步办理；团员档案的去向与团组织关系不必完全一致（S003 Q12、Q7）。",
    "线下手续不能代替线上转接（S003 Q12）；转出但尚未被接收期间，原团组织仍对你负有管理责任（S004 4.4 ①）。",
];
/// Special units: the online application to the provincial committee and the offline
/// transfer, both (S002 指引3, S004 2.3, 4.4 ②). S003 Q12 (2019) names these members as the
/// exception to “offline never replaces online”, while S002 (the same year) still has them
/// apply online: the 2019 text says both, so nobody reads one line against the next.
const OFFLINE_DUTIES_SPECIAL_2021: &[&str] = &[
    "线上选择“转往特殊单位团组织”，由省级团委审批（S004 2.3）。",
    "同时按相关规定办理线下组织关系转接和团员档案转递（S004 4.4 ②）。",
];
const OFFLINE_DUTIES_SPECIAL_2019: &[&str] = &[
    "线上选择“转往特殊单位团组织”，由省级团委审核（S002 指引3）。",
    "同时按有关规定办理线下团组织关系转接手续（S002 指引3）。2019 年的问答把参军入伍等转入涉密团组织的情况列为“线下不能代替线上”的例外（S003 Q12），但同年的培训材料仍要求在线上发起申请，所以两样都办。",
];

/// A source clause together with the rule that cites it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceRef {
    pub rule: &'static str,
    pub clause: &'static str,
    /// The guide page that explains the rule.
    pub guide: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApprovalStep {
    pub step: Step,
    pub label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub rule: &'static str,
    /// The text as shown (reading markers taken out).
    pub text: String,
    /// The entries of the guide's readings page the text rests on
    /// ([`crate::readings`]): a page links each one where it shows the text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<&'static str>,
}

impl Warning {
    fn new(rule: &'static str, text: &'static str) -> Warning {
        let (clean, readings) = crate::readings::split(text);
        Warning {
            rule,
            text: clean,
            readings,
        }
    }
}

/// Whether the member can take the application back before the receiving side approves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Withdrawal {
    /// Until the receiving side approves (S004 1.4.4, 3.1; S003 Q3).
    UntilReceivingApproval,
    /// The edition's rules forbid it (2019, 北京/广东/福建: S002 撤销).
    Locked,
    /// The sources do not say (2021, 北京/广东/福建): it may not be possible.
    Uncertain,
    /// Nothing is submitted.
    NothingToWithdraw,
}

impl Withdrawal {
    /// The one sentence every view shows.
    pub fn label(self) -> &'static str {
        match self {
            Withdrawal::UntilReceivingApproval => "接收方审核之前可以撤回申请。",
            Withdrawal::Locked => "按 2019 版规则，提交后不能撤回。",
            Withdrawal::Uncertain => "资料没有说能否撤回：提交前核对清楚；页面显示不可撤回时，请工作人员退回申请（S003 Q3）。",
            Withdrawal::NothingToWithdraw => "不需要提交申请。",
        }
    }
}

/// The checker's answer. Field names and codes are the public interface of product.md.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub edition: Edition,
    pub outcome: &'static str,
    pub title: &'static str,
    /// What to do now, and when, where that is not simply "apply now" ([`OutcomeDef::now`]).
    pub now: Option<&'static str>,
    pub reason: Option<Reason>,
    pub reason_label: Option<&'static str>,
    pub destination: Destination,
    pub destination_label: &'static str,
    pub alternatives: Vec<Destination>,
    pub alternative_labels: Vec<&'static str>,
    pub forbidden: Vec<Forbidden>,
    pub approvals: Vec<Step>,
    pub approval_details: Vec<ApprovalStep>,
    /// `false` only where the rules forbid it; see `withdrawal` for the whole answer.
    pub withdrawable: bool,
    pub withdrawal: Withdrawal,
    pub withdrawal_label: &'static str,
    pub fields: Vec<Field>,
    pub remark_draft: String,
    pub dates: Vec<Milestone>,
    pub timer: String,
    pub warnings: Vec<Warning>,
    pub offline_duties: Vec<&'static str>,
    pub rules: Vec<&'static str>,
    pub sources: Vec<SourceRef>,
}

/// The longest remark the system accepts (S002: 最多100个字).
pub const REMARK_MAX_CHARS: usize = policy::REMARK_MAX_CHARS;

/// The placeholder character of the remark drafts: every run of it is a blank to fill.
pub const REMARK_BLANK: char = '×';

/// What a graduate types to fill a remark draft's blanks; an empty field leaves its blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemarkInfo {
    pub name: String,
    pub school: String,
    /// The cohort's year, as 2026 (the draft says "2026届").
    pub cohort: String,
    pub phone: String,
}

/// The draft with the blanks the info fills: the phone (the long run), "××学校", "××届" and
/// the name after "毕业生". Only those patterns are touched, so an edited draft keeps its
/// wording and a blank the info does not fill stays visible.
pub fn fill_remark(draft: &str, info: &RemarkInfo) -> String {
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (name, school, cohort, phone) = (
        clean(&info.name),
        clean(&info.school),
        clean(&info.cohort),
        clean(&info.phone),
    );
    let mut out = draft.to_string();
    if !phone.is_empty() {
        out = replace_long_run(&out, 5, &phone);
    }
    if !school.is_empty() {
        out = out.replace("××学校", &school);
    }
    if !cohort.is_empty() {
        let cohort = cohort.trim_end_matches('届');
        out = out.replace("××届", &format!("{cohort}届"));
    }
    if !name.is_empty() {
        out = out.replace("毕业生××", &format!("毕业生{name}"));
    }
    out
}

/// Replaces the first run of at least `min` blanks (the phone number's) with `with`.
fn replace_long_run(text: &str, min: usize, with: &str) -> String {
    let run = REMARK_BLANK.to_string().repeat(min);
    let Some(start) = text.find(&run) else {
        return text.to_string();
    };
    let len: usize = text[start..]
        .chars()
        .take_while(|c| *c == REMARK_BLANK)
        .map(char::len_utf8)
        .sum();
    format!("{}{}{}", &text[..start], with, &text[start + len..])
}

/// How many blanks (runs of ×) a remark still has: copying warns while any remain.
pub fn remark_unfilled(text: &str) -> usize {
    let mut runs = 0;
    let mut in_run = false;
    for c in text.chars() {
        let blank = c == REMARK_BLANK;
        if blank && !in_run {
            runs += 1;
        }
        in_run = blank;
    }
    runs
}

pub fn outcome_def(answers: &Answers) -> Option<&'static OutcomeDef> {
    OUTCOMES
        .iter()
        .filter(|o| o.edition.is_none_or(|e| e == answers.edition))
        .find(|o| o.when.holds(answers))
}

/// The outcome row with this id.
pub fn outcome_by_id(id: &str) -> Option<&'static OutcomeDef> {
    OUTCOMES.iter().find(|o| o.id == id)
}

/// Evaluates complete answers. A missing answer the path needs is an error naming its key;
/// answers the path does not need are ignored.
pub fn evaluate(answers: &Answers) -> Result<Outcome, AnswerError> {
    let answers = flow::relevant(answers);
    if let Some(q) = flow::next_question(&answers) {
        return Err(AnswerError {
            key: q.key.code().into(),
            message: format!("这条路径需要回答「{}」", q.prompt),
        });
    }
    let def = outcome_def(&answers).ok_or_else(|| AnswerError {
        key: crate::answers::WHOLE.into(),
        message: "这组答案没有对应的规则，请检查各项答案".into(),
    })?;
    Ok(build(def, answers.edition, Some(&answers)))
}

/// The outcome as its row states it, before any cross-cutting rule (no answers beyond the
/// edition): what a guide page embeds, so a page and the checker read one table. `None`
/// for a row of the other edition.
pub fn base_outcome(def: &'static OutcomeDef, edition: Edition) -> Option<Outcome> {
    def.edition
        .is_none_or(|e| e == edition)
        .then(|| build(def, edition, None))
}

fn build(def: &'static OutcomeDef, edition: Edition, answers: Option<&Answers>) -> Outcome {
    let calendar = edition.calendar();
    let mut approvals: Vec<Step> = def.approvals.to_vec();
    let transfers = def.reason.is_some();
    let mut withdrawal = if transfers {
        Withdrawal::UntilReceivingApproval
    } else {
        Withdrawal::NothingToWithdraw
    };
    let mut fields = def.fields.to_vec();
    let mut forbidden = def.forbidden.to_vec();
    let mut warnings: Vec<Warning> = def
        .warnings
        .iter()
        .map(|w| Warning::new(def.rule, w))
        .collect();
    let mut rules = vec![def.rule];
    let mut sources: Vec<SourceRef> = def
        .sources
        .iter()
        .map(|c| SourceRef {
            rule: def.rule,
            clause: c,
            guide: def.guide,
        })
        .collect();

    for m in MODIFIERS {
        let Some(answers) = answers else {
            break;
        };
        let in_scope = match m.scope {
            Scope::Everyone => true,
            Scope::Transfers => transfers,
            Scope::TransfersLeavingSchool => {
                transfers && policy::leaves_school_domain(def.destination)
            }
        };
        if !in_scope || !m.edition.is_none_or(|e| e == edition) || !m.when.holds(answers) {
            continue;
        }
        if !rules.contains(&m.rule) {
            rules.push(m.rule);
        }
        sources.extend(m.sources.iter().map(|c| SourceRef {
            rule: m.rule,
            clause: c,
            guide: m.guide,
        }));
        for effect in m.effects {
            match effect {
                Effect::Warn(text) => warnings.push(Warning::new(m.rule, text)),
                Effect::Forbid(f) => forbidden.push(*f),
                Effect::AddStep(step) => {
                    if !approvals.contains(step) {
                        approvals.push(*step);
                        approvals.sort();
                    }
                }
                Effect::NotWithdrawable => withdrawal = Withdrawal::Locked,
                Effect::WithdrawalUncertain => {
                    if withdrawal == Withdrawal::UntilReceivingApproval {
                        withdrawal = Withdrawal::Uncertain;
                    }
                }
                Effect::SetField(field) => match fields.iter_mut().find(|f| f.name == field.name) {
                    Some(existing) => *existing = *field,
                    None => fields.push(*field),
                },
                Effect::SystemTree => {
                    if let Some(system) = answers.employer_system() {
                        warnings.push(Warning {
                            rule: m.rule,
                            text: format!(
                                "在组织树中选择“{}”下面的单位团组织，不要按单位所在省份查找。",
                                system.committee()
                            ),
                            readings: Vec::new(),
                        });
                    }
                }
            }
        }
    }

    let offline_duties = match (def.destination, edition) {
        (Destination::SpecialUnitLibrary, Edition::E2021) => OFFLINE_DUTIES_SPECIAL_2021.to_vec(),
        (Destination::SpecialUnitLibrary, Edition::E2019) => OFFLINE_DUTIES_SPECIAL_2019.to_vec(),
        _ if transfers => OFFLINE_DUTIES.to_vec(),
        _ => Vec::new(),
    };

    Outcome {
        edition,
        outcome: def.id,
        title: def.title,
        now: def.now,
        reason: def.reason,
        reason_label: def.reason.and_then(|r| r.label(edition)),
        destination: def.destination,
        destination_label: def.destination.label(edition),
        alternatives: def.alternatives.to_vec(),
        alternative_labels: def.alternatives.iter().map(|d| d.label(edition)).collect(),
        forbidden,
        approval_details: approvals
            .iter()
            .map(|s| ApprovalStep {
                step: *s,
                label: s.label(),
            })
            .collect(),
        approvals,
        withdrawable: withdrawal != Withdrawal::Locked && transfers,
        withdrawal,
        withdrawal_label: withdrawal.label(),
        fields,
        remark_draft: def.remark.to_string(),
        dates: if transfers {
            calendar.milestones()
        } else {
            Vec::new()
        },
        // An outcome with nothing to submit has no timer to watch.
        timer: if transfers {
            calendar.timer_summary()
        } else {
            String::new()
        },
        warnings,
        offline_duties,
        rules,
        sources,
    }
}

/// Whether the edition's rules forbid withdrawing an application to 北京/广东/福建. Read
/// from [`MODIFIERS`] so the checker's `withdrawable` and the state machine agree: only the
/// 2019 slides say so (S002 撤销); 2021 is silent (S003 Q3 only says it may show as not
/// withdrawable).
pub fn special_province_blocks_withdrawal(edition: Edition) -> bool {
    MODIFIERS.iter().any(|m| {
        m.rule == "R-3PROV"
            && m.edition.is_none_or(|e| e == edition)
            && m.effects
                .iter()
                .any(|e| matches!(e, Effect::NotWithdrawable))
    })
}

/// Every rule id of domain.md §2 that the tables implement.
pub fn rule_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = OUTCOMES
        .iter()
        .map(|o| o.rule)
        .chain(MODIFIERS.iter().map(|m| m.rule))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Whether a reason and a destination go together as the outcome table has them: the tracker
/// flags a destination an outcome of that reason forbids, and one no outcome of that reason
/// leads to. `None`: the pair is one the checker can give.
pub fn combination_problem(
    edition: Edition,
    reason: Reason,
    destination: Destination,
) -> Option<String> {
    let Some(reason_label) = reason.label(edition) else {
        return Some(format!(
            "{}没有这个转接原因：请在上面重新选择。",
            edition.label()
        ));
    };
    let rows: Vec<&OutcomeDef> = OUTCOMES
        .iter()
        .filter(|o| o.edition.is_none_or(|e| e == edition) && o.reason == Some(reason))
        .collect();
    if let Some(f) = rows
        .iter()
        .flat_map(|o| o.forbidden.iter())
        .find(|f| f.destination == Some(destination))
    {
        return Some(format!("转接原因“{reason_label}”不能{}：{}", f.what, f.why));
    }
    let mut allowed: Vec<Destination> = Vec::new();
    for d in rows
        .iter()
        .flat_map(|o| std::iter::once(o.destination).chain(o.alternatives.iter().copied()))
    {
        if !allowed.contains(&d) {
            allowed.push(d);
        }
    }
    if rows.is_empty() || allowed.contains(&destination) {
        return None;
    }
    let names: Vec<&str> = allowed.iter().map(|d| d.label(edition)).collect();
    Some(format!(
        "按检查器的规则，转接原因“{reason_label}”不会转入“{}”；这个原因对应的是：{}。请核对你在系统里的选择。",
        destination.label(edition),
        names.join("；")
    ))
}
