//! The question flow, as one table. Which question comes next is the first row whose
//! condition holds and that is not answered yet; an answer whose question no longer
//! applies (because an earlier answer changed) is dropped. The CLI, the web app, the tests
//! and the generated flow diagram all read [`QUESTIONS`].

use crate::answers::{Answers, Key, Value, MAX_AGE, MIN_AGE};
use crate::calendar::Edition;
use crate::codes::{EmployerSystem, Situation};
use crate::policy::{LAPSE_AGE, LEADERSHIP_BELOW_AGE};
use crate::{lapse_age, leadership_below_age};

/// A condition over the answers, written as data so pages and diagrams can show it.
#[derive(Debug, Clone, Copy)]
pub enum Cond {
    Always,
    /// The key is answered with this value.
    Is(Key, Value),
    /// The key is answered (with anything).
    Answered(Key),
    AgeAtLeast(u32),
    AgeBelow(u32),
    Not(&'static Cond),
    All(&'static [Cond]),
    Any(&'static [Cond]),
}

impl Cond {
    pub fn holds(&self, answers: &Answers) -> bool {
        match self {
            Cond::Always => true,
            Cond::Is(key, value) => answers.get(*key) == Some(*value),
            Cond::Answered(key) => answers.get(*key).is_some(),
            Cond::AgeAtLeast(n) => answers.age().is_some_and(|a| a >= *n),
            Cond::AgeBelow(n) => answers.age().is_some_and(|a| a < *n),
            Cond::Not(inner) => !inner.holds(answers),
            Cond::All(all) => all.iter().all(|c| c.holds(answers)),
            Cond::Any(any) => any.iter().any(|c| c.holds(answers)),
        }
    }

    /// A short Chinese rendering, for the diagram and the rules page.
    pub fn describe(&self) -> String {
        match self {
            Cond::Always => "总是".into(),
            Cond::Is(key, value) => format!("{}={}", key.code(), value.code()),
            Cond::Answered(key) => format!("已回答 {}", key.code()),
            Cond::AgeAtLeast(n) => format!("age≥{n}"),
            Cond::AgeBelow(n) => format!("age<{n}"),
            Cond::Not(inner) => format!("非({})", inner.describe()),
            Cond::All(all) => all
                .iter()
                .map(Cond::describe)
                .collect::<Vec<_>>()
                .join(" 且 "),
            Cond::Any(any) => format!(
                "({})",
                any.iter()
                    .map(Cond::describe)
                    .collect::<Vec<_>>()
                    .join(" 或 ")
            ),
        }
    }
}

/// A text that may differ by edition: a help line or an explanation that names an
/// edition's own destination or period must never be shown to the other edition.
#[derive(Debug, Clone, Copy)]
pub enum Text {
    Same(&'static str),
    ByEdition {
        e2021: &'static str,
        e2019: &'static str,
    },
}

impl Text {
    pub fn get(self, edition: Edition) -> &'static str {
        match (self, edition) {
            (Text::Same(text), _) => text,
            (Text::ByEdition { e2021, .. }, Edition::E2021) => e2021,
            (Text::ByEdition { e2019, .. }, Edition::E2019) => e2019,
        }
    }
}

/// One choice of a question, with the short explanation the page shows under it.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    pub value: Value,
    pub label: &'static str,
    pub explain: Text,
}

impl Choice {
    pub fn explain(&self, edition: Edition) -> &'static str {
        self.explain.get(edition)
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Input {
    Choices(&'static [Choice]),
    /// A whole number of years.
    Age {
        min: u32,
        max: u32,
    },
}

/// One row of the flow table.
#[derive(Debug, Clone, Copy)]
pub struct Question {
    pub key: Key,
    pub prompt: &'static str,
    pub help: Text,
    pub input: Input,
    /// The question is asked only when this holds on the answers so far.
    pub asked_when: Cond,
    /// The guide page (slug, relative to the site root) that explains the question.
    pub guide: &'static str,
    /// For a question a graduate may not be able to answer yet: how to find out, and what
    /// to do meanwhile (the checker's "还不知道？"). `None` where everyone knows the answer.
    pub unsure: Option<Text>,
}

/// A yes/no question's two choices, each with what it leads to (a [`Text`]). A macro, not a
/// function, so the array is a literal the static table can borrow.
macro_rules! yes_no {
    ($yes:expr, $no:expr $(,)?) => {
        &[
            Choice {
                value: Value::Bool(true),
                label: "是",
                explain: $yes,
            },
            Choice {
                value: Value::Bool(false),
                label: "否",
                explain: $no,
            },
        ]
    };
}

const fn same(text: &'static str) -> Text {
    Text::Same(text)
}

const NOT_LAPSED: Cond = Cond::Any(&[
    Cond::AgeBelow(LAPSE_AGE),
    Cond::Is(Key::HoldsLeaguePost, Value::Bool(true)),
]);
const EMPLOYED: Cond = Cond::Is(Key::Situation, Value::Situation(Situation::Employed));
const STUDY_ELSEWHERE: Cond = Cond::All(&[
    Cond::Is(Key::Situation, Value::Situation(Situation::FurtherStudy)),
    Cond::Is(Key::SameSchool, Value::Bool(false)),
]);
const EMPLOYED_OUTSIDE_SYSTEMS: Cond = Cond::All(&[
    EMPLOYED,
    Cond::Any(&[
        Cond::Is(Key::Dispatched, Value::Bool(true)),
        Cond::Is(Key::EmployerHasOrg, Value::Bool(false)),
        Cond::Is(Key::EmployerSystem, Value::System(None)),
    ]),
]);
const IN_SYSTEM_TREE: Cond = Cond::All(&[
    Cond::Answered(Key::EmployerSystem),
    Cond::Not(&Cond::Is(Key::EmployerSystem, Value::System(None))),
]);

const SITUATION_CHOICES: [Choice; 9] = [
    Choice {
        value: Value::Situation(Situation::FurtherStudy),
        label: "升学",
        explain: same("考上了研究生、博士，或专升本、升入高中/中职/高校，包括在本校继续读。"),
    },
    Choice {
        value: Value::Situation(Situation::Employed),
        label: "已就业或自主创业",
        explain: same("签了工作单位，或自己创业；劳务派遣也选这一项。"),
    },
    Choice {
        value: Value::Situation(Situation::Military),
        label: "参军入伍",
        explain: same("毕业后入伍。组织关系转入特殊单位专属库，由省级团委审批。"),
    },
    Choice {
        value: Value::Situation(Situation::Classified),
        label: "到涉密单位工作",
        explain: same("单位属于保密机构，与参军入伍一样走“转往特殊单位团组织”。"),
    },
    Choice {
        value: Value::Situation(Situation::Unemployed),
        label: "暂未升学也未就业",
        explain: same("离校时还没有落实去向，包括准备再考、再找工作。"),
    },
    Choice {
        value: Value::Situation(Situation::AbroadStudy),
        label: "出国（境）留学",
        explain: same("到国（境）外读书或做研究。"),
    },
    Choice {
        value: Value::Situation(Situation::AbroadWork),
        label: "被单位派往国（境）外工作",
        explain: same("因公出国（境）：由国内单位派出。"),
    },
    Choice {
        value: Value::Situation(Situation::AbroadPrivate),
        label: "因私出国（境），不是去留学",
        explain: same("自己出国（境）工作、定居或陪读等，不是去读书。"),
    },
    Choice {
        value: Value::Situation(Situation::Delayed),
        label: "延迟毕业",
        explain: same("今年不毕业（延期、留级）。由管理员标记为延迟毕业团员；仍可正常转接，只是不纳入学社衔接。"),
    },
];

const SYSTEM_CHOICES: [Choice; 6] = [
    Choice {
        value: Value::System(Some(EmployerSystem::Railway)),
        label: "铁路：单位团组织隶属全国铁道团委（如某铁路局）",
        explain: same("在“全国铁道团委”下找组织，而不是按省份找。"),
    },
    Choice {
        value: Value::System(Some(EmployerSystem::CivilAviation)),
        label: "民航：单位团组织隶属全国民航团委",
        explain: same("在“全国民航团委”下找组织。"),
    },
    Choice {
        value: Value::System(Some(EmployerSystem::Finance)),
        label: "金融：单位团组织隶属中央金融团委（不确定就问单位）",
        explain: same("在“中央金融团委”下找组织。"),
    },
    Choice {
        value: Value::System(Some(EmployerSystem::CentralEnterprise)),
        label: "中央企业：单位团组织隶属中央企业团委（不确定就问单位）",
        explain: same("在“中央企业团委”下找组织。"),
    },
    Choice {
        value: Value::System(Some(EmployerSystem::CentralOrgans)),
        label: "中央和国家机关：单位团组织隶属中央和国家机关团委",
        explain: same("在“中央和国家机关团委”下找组织。"),
    },
    Choice {
        value: Value::System(None),
        label: "都不是",
        explain: same("地方单位：按单位所在省、市、县查找团组织。"),
    },
];

/// The flow table. Order matters: a question's condition only refers to keys asked above it.
pub static QUESTIONS: &[Question] = &[
    Question {
        key: Key::Age,
        prompt: "你现在多少周岁？",
        help: same(concat!(
            "年满 ",
            lapse_age!(),
            " 周岁且没有担任团内职务的，不再保留团籍，不需要转接；未满 ",
            leadership_below_age!(),
            " 周岁转往校外的，需要多一道审批。"
        )),
        input: Input::Age { min: MIN_AGE, max: MAX_AGE },
        asked_when: Cond::Always,
        guide: "special-cases.html#age28",
        unsure: None,
    },
    Question {
        key: Key::HoldsLeaguePost,
        prompt: "你现在是否担任团内职务（如团支书、团委委员）？",
        help: same(concat!(
            "年满 ",
            lapse_age!(),
            " 周岁的团员，担任团内职务的可以保留团籍，其余的不再保留。"
        )),
        input: Input::Choices(yes_no!(
            same("保留团籍，照常转接。"),
            same("不再保留团籍，无需转接，请告知学校团委。"),
        )),
        asked_when: Cond::AgeAtLeast(LAPSE_AGE),
        guide: "special-cases.html#age28",
        unsure: Some(same("问你所在团支部的团支书或学院团委，确认后再回答；确认之前先不要发起转接。")),
    },
    Question {
        key: Key::Situation,
        prompt: "毕业后你的去向是？",
        help: same("按真实情况选择；去向决定了“转接原因”和应当转入的组织。"),
        input: Input::Choices(&SITUATION_CHOICES),
        asked_when: NOT_LAPSED,
        guide: "destinations.html",
        unsure: Some(Text::ByEdition {
            e2021: "去向还没定下来（在等录取、还没签约）的，按离校时的实际情况选“暂未升学也未就业”：组织关系可以先在原学校保留 6 个月，最长不超过 1 年，落实去向后再转出（S004 2.4 ②）。已经被录取、只是还没入学的，选“升学”。",
            e2019: "去向还没定下来（在等录取、还没签约）的，按离校时的实际情况选“暂未升学也未就业”：组织关系可以先在原学校保留，一般不超过 6 个月，落实去向后再转出（S002 指引5）。已经被录取、只是还没入学的，选“升学”。",
        }),
    },
    Question {
        key: Key::SameSchool,
        prompt: "你是在本校继续读书吗？",
        help: same("本校升学要转入本校为新生建立的团支部。"),
        input: Input::Choices(yes_no!(
            same("转入本校新生所在的团组织。"),
            same("转入录取学校为新生建立的团组织。"),
        )),
        asked_when: Cond::Is(Key::Situation, Value::Situation(Situation::FurtherStudy)),
        guide: "destinations.html",
        unsure: None,
    },
    Question {
        key: Key::Dispatched,
        prompt: "你是劳务派遣人员吗？",
        help: same("劳务派遣：和派遣公司签合同，在另一家“用工单位”上班。"),
        input: Input::Choices(yes_no!(
            same("优先转入用工单位的团组织。"),
            same("按工作单位有没有团组织转接。"),
        )),
        asked_when: EMPLOYED,
        guide: "destinations.html",
        unsure: Some(same("看劳动合同是和谁签的：合同签在劳务派遣公司、人却在另一家单位上班的，就是劳务派遣。拿不准就问单位的人事。")),
    },
    Question {
        key: Key::UserUnitHasOrg,
        prompt: "用工单位（你实际上班的单位）有团组织吗？",
        help: same("可以问单位的人事或团委；不确定时可以在智慧团建里搜索单位名称。"),
        input: Input::Choices(yes_no!(
            same("转入用工单位的团组织。"),
            Text::ByEdition {
                e2021: "转入劳务派遣机构的团组织，或用工单位所在地的乡镇（街道）团组织。",
                e2019: "转入劳务派遣机构的团组织，或用工单位所在地乡镇（街道）的学社衔接临时团支部。",
            },
        )),
        asked_when: Cond::All(&[EMPLOYED, Cond::Is(Key::Dispatched, Value::Bool(true))]),
        guide: "destinations.html",
        unsure: Some(same("问用工单位的人事或团组织：有团组织的，请对方给出团支部在系统里的准确全称（S001 第二种方式）。问清楚确实没有，再选“否”。")),
    },
    Question {
        key: Key::EmployerHasOrg,
        prompt: "你的工作单位有团组织吗？",
        help: same("可以问单位的人事或团委；不确定时可以在智慧团建里搜索单位名称。"),
        input: Input::Choices(yes_no!(
            same("转入单位的团组织。"),
            Text::ByEdition {
                e2021: "转入经常居住地或工作单位所在地的乡镇（街道）团组织，两者任选。",
                e2019: "转入工作单位所在地乡镇（街道）的学社衔接临时团支部。",
            },
        )),
        asked_when: Cond::All(&[EMPLOYED, Cond::Is(Key::Dispatched, Value::Bool(false))]),
        guide: "destinations.html",
        unsure: Some(same("问单位的人事或团组织：有团组织的，请对方给出团支部在系统里的准确全称（S001 第二种方式）。问清楚确实没有，再选“否”。")),
    },
    Question {
        key: Key::EmployerSystem,
        prompt: "你的单位属于下面哪个系统？",
        help: same("这些系统有自己的团委（系统团委）：要在系统团委的组织树里找，不按单位所在的省份找。"),
        input: Input::Choices(&SYSTEM_CHOICES),
        asked_when: Cond::All(&[
            EMPLOYED,
            Cond::Is(Key::Dispatched, Value::Bool(false)),
            Cond::Is(Key::EmployerHasOrg, Value::Bool(true)),
        ]),
        guide: "special-cases.html",
        unsure: Some(same("问单位的人事或团组织：单位的团组织隶属哪个团委。系统团委下面的组织要按系统去找，按单位所在省份是找不到的（S004 FAQ 2.6）。")),
    },
    Question {
        key: Key::RetainAtSchool,
        prompt: "你是否申请把组织关系暂时留在学校？",
        help: Text::ByEdition {
            e2021: "可以在原学校的流动团员团支部保留 6 个月，最长不超过 1 年；在统计里算作“未完成转接”。",
            e2019: "普通高校和中职学校的毕业生可以在原学校保留，一般不超过 6 个月；学校在 7 月 31 日后把暂留的人编入“毕业学生流动团员团支部”。",
        },
        input: Input::Choices(yes_no!(
            same("暂留本校流动团员团支部，之后仍要转出。"),
            Text::ByEdition {
                e2021: "转到居住地或户籍地的乡镇（街道）团组织。",
                e2019: "转到户籍所在地、生源地或本人、父母居住地的乡镇（街道）学社衔接临时团支部。",
            },
        )),
        asked_when: Cond::Is(Key::Situation, Value::Situation(Situation::Unemployed)),
        guide: "destinations.html",
        unsure: Some(Text::ByEdition {
            e2021: "还没想好的：暂留学校只是缓一缓，落实去向后还要再转一次；转到居住地（优先）或户籍地的乡镇（街道）团组织，就业后可以再转到单位（S004 2.4）。",
            e2019: "还没想好的：暂留学校只是缓一缓，一般不超过 6 个月，之后还要再转一次；也可以现在转到户籍所在地、生源地或本人、父母居住地的乡镇（街道）学社衔接临时团支部（S002 指引5）。",
        }),
    },
    Question {
        key: Key::SpecialProvince,
        prompt: "要转入的组织在北京、广东或福建吗？",
        help: same("选“是”后要手工填写对方组织的名称、地址等信息，并到该省的微信公众号进行团员报到。"),
        input: Input::Choices(yes_no!(
            same("在系统里选“是”，手工填写组织名称和地址，并到该省的微信公众号报到。"),
            same("在系统里选“否”，从组织树中选择组织。"),
        )),
        asked_when: Cond::Any(&[
            STUDY_ELSEWHERE,
            EMPLOYED_OUTSIDE_SYSTEMS,
            Cond::All(&[
                Cond::Is(Key::Situation, Value::Situation(Situation::Unemployed)),
                Cond::Is(Key::RetainAtSchool, Value::Bool(false)),
            ]),
            Cond::Is(Key::Situation, Value::Situation(Situation::AbroadWork)),
            Cond::Is(Key::Situation, Value::Situation(Situation::AbroadPrivate)),
        ]),
        guide: "special-cases.html",
        unsure: Some(same("看对方组织在哪个省：在北京、广东或福建才选“是”。还没定下转入哪个组织的，先向对方要到组织的全称和地址，再来回答。")),
    },
    Question {
        key: Key::DestinationIsBranch,
        prompt: "要转入的组织名称是以“团支部”结尾的吗？",
        help: same("如果对方给你的是某某团委、团工委或团总支，审批后还要由它分配到具体团支部。"),
        input: Input::Choices(yes_no!(
            same("审批通过即完成。"),
            same("审批通过后，还要联系对方管理员分配到具体团支部，分配前转接不算完成。"),
        )),
        asked_when: Cond::Any(&[
            Cond::Is(Key::SpecialProvince, Value::Bool(false)),
            Cond::Is(Key::SameSchool, Value::Bool(true)),
            IN_SYSTEM_TREE,
        ]),
        guide: "approvals.html#chain",
        unsure: Some(same("还没拿到对方组织的全称，先向对方要。升学的：录取学校在新生入学后 1 个月内才建新生团组织，建好之前系统里查不到，等建好再办（S004 2.1）。转到乡镇（街道）的：可以打当地县（市、区）团委的转接电话问（S000 特别注意②），本站“联系电话”页有山西各县的。系统里找不到对方组织时，先核对名称和省份；系统团委下的组织要按系统找（S004 FAQ 2.6）。")),
    },
    Question {
        key: Key::PartyMember,
        prompt: "你是中共党员（含预备党员）吗？",
        help: same(concat!(
            "未满 ",
            lapse_age!(),
            " 周岁的党员同时保留团籍，也要转接团组织关系。"
        )),
        input: Input::Choices(yes_no!(
            same("照常转接，去向一般与党组织关系一致。"),
            same("照常转接。"),
        )),
        asked_when: Cond::All(&[
            Cond::AgeBelow(LAPSE_AGE),
            Cond::Answered(Key::Situation),
            Cond::Not(&Cond::Is(Key::Situation, Value::Situation(Situation::Delayed))),
        ]),
        guide: "special-cases.html",
        unsure: None,
    },
];

pub fn question(key: Key) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.key == key)
}

impl Question {
    /// The help line in the edition's words.
    pub fn help(&self, edition: Edition) -> &'static str {
        self.help.get(edition)
    }

    /// The choices of this question (the age question has none).
    pub fn choices(&self) -> &'static [Choice] {
        match self.input {
            Input::Choices(choices) => choices,
            Input::Age { .. } => &[],
        }
    }

    pub fn choice_label(&self, value: Value) -> String {
        self.choices()
            .iter()
            .find(|c| c.value == value)
            .map(|c| c.label.to_string())
            .unwrap_or_else(|| match value {
                Value::Age(a) => format!("{a} 周岁"),
                other => other.code(),
            })
    }
}

/// Only the answers whose questions apply, given the answers before them. Changing an early
/// answer keeps every later answer that still applies and drops the rest.
pub fn relevant(answers: &Answers) -> Answers {
    let mut kept = Answers::new(answers.edition);
    for q in QUESTIONS {
        if let Some(value) = answers.get(q.key) {
            if q.asked_when.holds(&kept) {
                // The value was checked when it was set; setting it again cannot fail.
                let _ = kept.set(q.key, value);
            }
        }
    }
    kept
}

/// The next question to ask, or `None` when the answers are complete.
pub fn next_question(answers: &Answers) -> Option<&'static Question> {
    let answers = relevant(answers);
    QUESTIONS
        .iter()
        .find(|q| answers.get(q.key).is_none() && q.asked_when.holds(&answers))
}

/// The number a question has on the path ("第 N 题"): one more than the answered questions
/// that come before it in the table. Counting by table order, not by the path's length, keeps
/// the number right when an earlier change opens a new question between answered ones.
pub fn question_number(answers: &Answers, key: Key) -> usize {
    let answers = relevant(answers);
    QUESTIONS
        .iter()
        .take_while(|q| q.key != key)
        .filter(|q| answers.get(q.key).is_some())
        .count()
        + 1
}

/// The questions answered on the current path, in order, with their answers.
pub fn path(answers: &Answers) -> Vec<(&'static Question, Value)> {
    let answers = relevant(answers);
    QUESTIONS
        .iter()
        .filter_map(|q| answers.get(q.key).map(|v| (q, v)))
        .collect()
}

/// The values worth trying for a question when enumerating every path: every choice, and
/// for age the boundaries the rules care about.
pub fn representative_values(q: &Question) -> Vec<Value> {
    match q.input {
        Input::Choices(choices) => choices.iter().map(|c| c.value).collect(),
        Input::Age { min, max } => [
            min,
            LEADERSHIP_BELOW_AGE - 1,
            LEADERSHIP_BELOW_AGE,
            22,
            LAPSE_AGE - 1,
            LAPSE_AGE,
            max,
        ]
        .into_iter()
        .filter(|a| (min..=max).contains(a))
        .map(Value::Age)
        .collect(),
    }
}

/// Every complete answer set the flow can produce for an edition (ages by their
/// representative values). Used by the exhaustive tests and the diagram.
pub fn all_complete_paths(edition: Edition) -> Vec<Answers> {
    let mut done = Vec::new();
    let mut stack = vec![Answers::new(edition)];
    while let Some(answers) = stack.pop() {
        match next_question(&answers) {
            None => done.push(answers),
            Some(q) => {
                for value in representative_values(q) {
                    let mut next = answers.clone();
                    if next.set(q.key, value).is_ok() {
                        stack.push(next);
                    }
                }
            }
        }
    }
    done
}
