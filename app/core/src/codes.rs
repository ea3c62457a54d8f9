//! The public codes of product.md (reasons, destinations, approval steps, situations) with
//! the Chinese labels pages need. Codes are stable: the CLI's JSON and stored data use them.

use crate::calendar::Edition;
use crate::leadership_below_age;
use serde::{Deserialize, Serialize};

/// The graduate's situation, the checker's first branching question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    FurtherStudy,
    Employed,
    Military,
    Classified,
    Unemployed,
    AbroadStudy,
    AbroadWork,
    AbroadPrivate,
    Delayed,
}

impl Situation {
    pub const ALL: [Situation; 9] = [
        Situation::FurtherStudy,
        Situation::Employed,
        Situation::Military,
        Situation::Classified,
        Situation::Unemployed,
        Situation::AbroadStudy,
        Situation::AbroadWork,
        Situation::AbroadPrivate,
        Situation::Delayed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Situation::FurtherStudy => "further_study",
            Situation::Employed => "employed",
            Situation::Military => "military",
            Situation::Classified => "classified",
            Situation::Unemployed => "unemployed",
            Situation::AbroadStudy => "abroad_study",
            Situation::AbroadWork => "abroad_work",
            Situation::AbroadPrivate => "abroad_private",
            Situation::Delayed => "delayed",
        }
    }

    pub fn from_code(code: &str) -> Option<Situation> {
        Situation::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Situation::FurtherStudy => "升学（读研、读博、专升本等）",
            Situation::Employed => "已就业或自主创业",
            Situation::Military => "参军入伍",
            Situation::Classified => "到涉密单位工作",
            Situation::Unemployed => "暂未升学也未就业",
            Situation::AbroadStudy => "出国（境）留学",
            Situation::AbroadWork => "被单位派往国（境）外工作",
            Situation::AbroadPrivate => "因私出国（境），不是去留学",
            Situation::Delayed => "延迟毕业",
        }
    }

    /// Whether this situation is further study (the SX side of the metrics).
    pub fn is_study(self) -> bool {
        matches!(self, Situation::FurtherStudy)
    }
}

/// The transfer reason (转接原因) the member selects in the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    FurtherStudy,
    EmployedWithOrg,
    EmployedWithoutOrg,
    AbroadStudy,
    Unemployed,
    SpecialUnit,
    /// 2019 only: 出国（因公出国/境）.
    AbroadOfficial,
    /// 2019 only: 出国（因私出国/境）.
    AbroadPrivate,
}

impl Reason {
    pub const ALL: [Reason; 8] = [
        Reason::FurtherStudy,
        Reason::EmployedWithOrg,
        Reason::EmployedWithoutOrg,
        Reason::AbroadStudy,
        Reason::Unemployed,
        Reason::SpecialUnit,
        Reason::AbroadOfficial,
        Reason::AbroadPrivate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::FurtherStudy => "further_study",
            Reason::EmployedWithOrg => "employed_with_org",
            Reason::EmployedWithoutOrg => "employed_without_org",
            Reason::AbroadStudy => "abroad_study",
            Reason::Unemployed => "unemployed",
            Reason::SpecialUnit => "special_unit",
            Reason::AbroadOfficial => "abroad_official",
            Reason::AbroadPrivate => "abroad_private",
        }
    }

    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The system's own wording of the reason in an edition; `None` when the edition's
    /// system has no such option.
    pub fn label(self, edition: Edition) -> Option<&'static str> {
        match (self, edition) {
            (Reason::FurtherStudy, _) => Some("升学"),
            (Reason::EmployedWithOrg, _) => Some("已落实工作单位（工作单位有团组织）"),
            (Reason::EmployedWithoutOrg, _) => Some("已落实工作单位（工作单位无团组织）"),
            (Reason::AbroadStudy, Edition::E2021) => Some("出国（境）学习生活"),
            (Reason::AbroadStudy, Edition::E2019) => Some("出国（境）学习研究"),
            (Reason::Unemployed, Edition::E2021) => Some("未升学或未落实就业去向"),
            (Reason::Unemployed, Edition::E2019) => Some("未就业"),
            (Reason::SpecialUnit, _) => Some("转往特殊单位团组织"),
            (Reason::AbroadOfficial, Edition::E2019) => Some("出国（因公出国/境）"),
            (Reason::AbroadPrivate, Edition::E2019) => Some("出国（因私出国/境）"),
            (Reason::AbroadOfficial | Reason::AbroadPrivate, Edition::E2021) => None,
        }
    }

    pub fn is_study(self) -> bool {
        matches!(self, Reason::FurtherStudy)
    }
}

/// Where the relationship goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    AdmittingSchoolOrg,
    EmployerOrg,
    ResidenceTownshipOrg,
    HukouTownshipOrg,
    EmployerTownshipOrg,
    CountyFloatingBranch,
    SchoolFloatingBranch,
    SchoolOverseasBranch,
    SpecialUnitLibrary,
    SendingUnitOrg,
    UserUnitOrg,
    DispatchAgencyOrg,
    DelayedGraduationOrg,
    None,
}

impl Destination {
    pub const ALL: [Destination; 14] = [
        Destination::AdmittingSchoolOrg,
        Destination::EmployerOrg,
        Destination::ResidenceTownshipOrg,
        Destination::HukouTownshipOrg,
        Destination::EmployerTownshipOrg,
        Destination::CountyFloatingBranch,
        Destination::SchoolFloatingBranch,
        Destination::SchoolOverseasBranch,
        Destination::SpecialUnitLibrary,
        Destination::SendingUnitOrg,
        Destination::UserUnitOrg,
        Destination::DispatchAgencyOrg,
        Destination::DelayedGraduationOrg,
        Destination::None,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Destination::AdmittingSchoolOrg => "admitting_school_org",
            Destination::EmployerOrg => "employer_org",
            Destination::ResidenceTownshipOrg => "residence_township_org",
            Destination::HukouTownshipOrg => "hukou_township_org",
            Destination::EmployerTownshipOrg => "employer_township_org",
            Destination::CountyFloatingBranch => "county_floating_branch",
            Destination::SchoolFloatingBranch => "school_floating_branch",
            Destination::SchoolOverseasBranch => "school_overseas_branch",
            Destination::SpecialUnitLibrary => "special_unit_library",
            Destination::SendingUnitOrg => "sending_unit_org",
            Destination::UserUnitOrg => "user_unit_org",
            Destination::DispatchAgencyOrg => "dispatch_agency_org",
            Destination::DelayedGraduationOrg => "delayed_graduation_org",
            Destination::None => "none",
        }
    }

    pub fn from_code(code: &str) -> Option<Destination> {
        Destination::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The destination in the edition's own words: 2019 sends the township cases to the
    /// 学社衔接临时团支部 (S002 指引1/4/7, S003 Q6/Q16), 2021 to the 乡镇、街道团组织
    /// (S004 2.2, 2.4).
    pub fn label(self, edition: Edition) -> &'static str {
        let e2019 = edition == Edition::E2019;
        match self {
            Destination::AdmittingSchoolOrg => "录取学校的新生团组织",
            Destination::EmployerOrg => "工作单位的团组织",
            Destination::ResidenceTownshipOrg if e2019 => {
                "本人或父母居住地的乡镇（街道）学社衔接临时团支部"
            }
            Destination::ResidenceTownshipOrg => "居住地的乡镇（街道）团组织",
            Destination::HukouTownshipOrg if e2019 => "户籍所在地的乡镇（街道）学社衔接临时团支部",
            Destination::HukouTownshipOrg => "户籍地的乡镇（街道）团组织",
            Destination::EmployerTownshipOrg if e2019 => {
                "工作单位所在地乡镇（街道）的学社衔接临时团支部"
            }
            Destination::EmployerTownshipOrg => "工作单位所在地的乡镇（街道）团组织",
            Destination::CountyFloatingBranch if e2019 => "县级团组织建立的学社衔接临时团支部",
            Destination::CountyFloatingBranch => "县级团委建立的流动团员团支部",
            Destination::SchoolFloatingBranch => "本校的流动团员团支部",
            Destination::SchoolOverseasBranch => "本校的出国（境）学习研究团员团支部",
            Destination::SpecialUnitLibrary => "特殊单位专属库（无需选择组织）",
            Destination::SendingUnitOrg => "派出单位的团组织",
            Destination::UserUnitOrg => "用工单位的团组织",
            Destination::DispatchAgencyOrg => "劳务派遣机构的团组织",
            Destination::DelayedGraduationOrg => "延迟毕业团组织或重读班级的团支部",
            Destination::None => "无需转接",
        }
    }

    /// Destinations that are inside the school's own domain (for the under-16 rule).
    pub fn is_school_domain(self) -> bool {
        matches!(
            self,
            Destination::AdmittingSchoolOrg
                | Destination::SchoolFloatingBranch
                | Destination::SchoolOverseasBranch
                | Destination::DelayedGraduationOrg
        )
    }
}

/// One approval step of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    OutOrg,
    InOrg,
    Leadership,
    AssignBranch,
    Provincial,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::OutOrg,
        Step::InOrg,
        Step::Leadership,
        Step::AssignBranch,
        Step::Provincial,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::OutOrg => "out_org",
            Step::InOrg => "in_org",
            Step::Leadership => "leadership",
            Step::AssignBranch => "assign_branch",
            Step::Provincial => "provincial",
        }
    }

    pub fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::OutOrg => "转出方审批（原团支部及其上级）",
            Step::InOrg => "转入方审批（接收团组织或其直属上级）",
            Step::Leadership => concat!(
                "上级团的领导机关审批（未满 ",
                leadership_below_age!(),
                " 周岁转往校外）"
            ),
            Step::AssignBranch => "接收的团委/团总支分配到具体团支部",
            Step::Provincial => "省级团委审批（转往特殊单位）",
        }
    }

    /// The state an application is in while this step is pending.
    pub fn pending_state(self) -> &'static str {
        match self {
            Step::OutOrg => "out_approval",
            Step::InOrg => "in_approval",
            Step::Leadership => "leadership_approval",
            Step::AssignBranch => "assign_branch",
            Step::Provincial => "provincial_approval",
        }
    }

    /// The receiving side's approval: once it is given the member can no longer withdraw.
    pub fn is_receiving_side(self) -> bool {
        matches!(self, Step::InOrg | Step::Provincial)
    }
}

/// A 系统团委: the destination is chosen in the system's own tree, never by province.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmployerSystem {
    Railway,
    CivilAviation,
    Finance,
    CentralEnterprise,
    CentralOrgans,
}

impl EmployerSystem {
    pub const ALL: [EmployerSystem; 5] = [
        EmployerSystem::Railway,
        EmployerSystem::CivilAviation,
        EmployerSystem::Finance,
        EmployerSystem::CentralEnterprise,
        EmployerSystem::CentralOrgans,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EmployerSystem::Railway => "railway",
            EmployerSystem::CivilAviation => "civil_aviation",
            EmployerSystem::Finance => "finance",
            EmployerSystem::CentralEnterprise => "central_enterprise",
            EmployerSystem::CentralOrgans => "central_organs",
        }
    }

    pub fn from_code(code: &str) -> Option<EmployerSystem> {
        EmployerSystem::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn committee(self) -> &'static str {
        match self {
            EmployerSystem::Railway => "全国铁道团委",
            EmployerSystem::CivilAviation => "全国民航团委",
            EmployerSystem::Finance => "中央金融团委",
            EmployerSystem::CentralEnterprise => "中央企业团委",
            EmployerSystem::CentralOrgans => "中央和国家机关团委",
        }
    }
}
