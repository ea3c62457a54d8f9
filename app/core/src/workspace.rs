//! The admin simulator's workspace: the export/import JSON format (`format` + `version`,
//! migrated forward), its validation, and the derived views (states) the CLI and UI show.
//! State is never stored: applications carry only their dated events.

use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::fmt;

use crate::calendar::{Calendar, Edition};
use crate::codes::{Destination, EmployerSystem, Reason, Situation, Step};
use crate::process::{self, Due, Event, EventKind, Initiator, Process, ProcessShape, State};

pub const FORMAT: &str = "zhuanjie-workspace";
/// The version this build writes. Older versions are migrated forward on import.
pub const VERSION: u64 = 2;
pub use crate::policy::BATCH_MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 团委
    Committee,
    /// 团工委
    WorkingCommittee,
    /// 团总支
    GeneralBranch,
    /// 团支部: the only kind that holds members.
    Branch,
}

impl OrgKind {
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Committee => "团委",
            OrgKind::WorkingCommittee => "团工委",
            OrgKind::GeneralBranch => "团总支",
            OrgKind::Branch => "团支部",
        }
    }
}

/// What a special org is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgPurpose {
    /// 流动团员团支部 (its name must contain “流动团员”, S004 FAQ 2.1).
    Floating,
    /// 出国（境）学习研究团员团支部
    Overseas,
    /// 学社衔接临时团支部
    Temporary,
    /// 延迟毕业团组织
    Delayed,
    /// 特殊单位专属库
    SpecialLibrary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    #[serde(default)]
    pub parent: Option<String>,
    /// `YYYY-MM`: the branch is a 毕业生团组织 graduating that month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graduation_month: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<EmployerSystem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<OrgPurpose>,
}

impl Org {
    /// An org with no graduation month, system or purpose.
    pub fn new(id: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> Org {
        Org {
            id: id.into(),
            name: name.into(),
            kind,
            parent: parent.map(Into::into),
            graduation_month: None,
            system: None,
            purpose: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// 延迟毕业团员
    Delayed,
    /// 教师
    Teacher,
}

/// An admin's mark on a member (S004 1.1–1.3). Both marks take the member out of 学社衔接.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub kind: MarkKind,
    #[serde(deserialize_with = "crate::date_serde::date")]
    pub date: NaiveDate,
    /// Delayed only: the new graduation month, later than the branch's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graduation_month: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// Stored as given; shown masked ([`mask_id_number`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// The member's own branch.
    pub org: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date_serde::optional_date"
    )]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub holds_league_post: bool,
    #[serde(default)]
    pub party_member: bool,
    /// The declared plan, for members who have not applied yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Situation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub id: String,
    pub member: String,
    /// `None` for moves that select no reason (batch moves).
    #[serde(default)]
    pub reason: Option<Reason>,
    pub destination: Destination,
    pub from_org: String,
    /// The destination org when it is in this workspace's tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_org: Option<String>,
    /// The destination typed by hand (北京/广东/福建) or outside this workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_org_name: Option<String>,
    /// Whether a destination outside the tree is a 团支部 (inside the tree the org says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_org_is_branch: Option<bool>,
    pub initiator: Initiator,
    #[serde(default)]
    pub special_province: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    pub events: Vec<Event>,
}

/// A 团总支's batch move of up to 30 members inside its own subtree, with no approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub id: String,
    pub org: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    pub format: String,
    pub version: u64,
    pub edition: Edition,
    /// The simulated clock.
    pub clock: NaiveDate,
    /// An institution's own calendar; the edition's standard one when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
    pub orgs: Vec<Org>,
    pub members: Vec<Member>,
    #[serde(default)]
    pub applications: Vec<Application>,
    #[serde(default)]
    pub batches: Vec<Batch>,
}

/// One problem found on import, with the place it is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// A path into the document, with the record's id where it helps:
    /// `members[3]（M-0004）.org`.
    pub place: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}：{}", self.place, self.message)
        }
    }
}

/// Every problem of one import (at most [`ImportErrors::LIMIT`] are kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportErrors(pub Vec<ImportError>);

impl ImportErrors {
    pub const LIMIT: usize = 50;
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "工作区文件有 {} 处问题，未导入：", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "- {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

fn one(place: impl Into<String>, message: impl Into<String>) -> ImportErrors {
    ImportErrors(vec![ImportError {
        place: place.into(),
        message: message.into(),
    }])
}

/// Upgrades a document of an older version, one version at a time.
fn migrate(mut doc: Json, from: u64) -> Result<Json, ImportErrors> {
    let mut version = from;
    while version < VERSION {
        doc = match version {
            1 => migrate_v1_to_v2(doc)?,
            other => return Err(one("version", format!("没有从版本 {other} 升级的方法"))),
        };
        version += 1;
    }
    if let Some(map) = doc.as_object_mut() {
        map.insert("version".into(), Json::from(VERSION));
    }
    Ok(doc)
}

/// Version 1 called the clock `today`, a member's branch `branch`, and an event's date `at`.
fn migrate_v1_to_v2(mut doc: Json) -> Result<Json, ImportErrors> {
    fn rename(obj: &mut Json, from: &str, to: &str) {
        if let Some(map) = obj.as_object_mut() {
            if let Some(v) = map.remove(from) {
                map.entry(to.to_string()).or_insert(v);
            }
        }
    }
    rename(&mut doc, "today", "clock");
    if let Some(members) = doc.get_mut("members").and_then(Json::as_array_mut) {
        for m in members {
            rename(m, "branch", "org");
        }
    }
    if let Some(apps) = doc.get_mut("applications").and_then(Json::as_array_mut) {
        for app in apps {
            if let Some(events) = app.get_mut("events").and_then(Json::as_array_mut) {
                for e in events {
                    rename(e, "at", "date");
                }
            }
        }
    }
    Ok(doc)
}

impl Workspace {
    pub fn empty(edition: Edition, clock: NaiveDate) -> Workspace {
        Workspace {
            format: FORMAT.into(),
            version: VERSION,
            edition,
            clock,
            calendar: None,
            orgs: Vec::new(),
            members: Vec::new(),
            applications: Vec::new(),
            batches: Vec::new(),
        }
    }

    /// Reads, migrates and validates a workspace (a leading BOM is fine). Nothing partial is
    /// ever returned: the caller keeps what it had when this fails. serde's errors come out
    /// in Chinese with the path and, from text, the line and column.
    pub fn from_json(text: &str) -> Result<Workspace, ImportErrors> {
        let text = crate::input::json_body(text).map_err(|e| one("", e))?;
        // Read the header first: a current-version document is then deserialized straight
        // from the text (a JSON tree of a province-sized roster costs ten times its size);
        // only older versions go through the tree to be migrated.
        #[derive(Deserialize)]
        struct Header {
            format: Option<Json>,
            version: Option<Json>,
        }
        // Cheapest first: a current-version document parses straight into the structures
        // in one pass, with no header scan and no path tracking. Anything else (an older
        // version, or an error to report with its place) takes the way below.
        if let Ok(ws) = serde_json::from_str::<Workspace>(text) {
            if ws.format == FORMAT && ws.version == VERSION {
                ws.validate()?;
                return Ok(ws);
            }
        }
        let header: Result<Header, _> = serde_json::from_str(text);
        if let Ok(Header {
            format: Some(Json::String(format)),
            version: Some(version),
        }) = &header
        {
            if format == FORMAT && version.as_u64() == Some(VERSION) {
                let mut de = serde_json::Deserializer::from_str(text);
                let ws: Workspace = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                    let problem = crate::input::json_problem(text, e.inner());
                    let path = e.path().to_string();
                    let place = match (path.as_str(), problem.position()) {
                        (".", Some(at)) => at,
                        (_, Some(at)) => format!("{path}（{at}）"),
                        (".", None) => String::new(),
                        (_, None) => path,
                    };
                    one(place, problem.message)
                })?;
                ws.validate()?;
                return Ok(ws);
            }
        }
        let doc: Json = serde_json::from_str(text).map_err(|e| {
            let problem = crate::input::json_problem(text, &e);
            one(problem.position().unwrap_or_default(), problem.message)
        })?;
        Workspace::from_json_value(doc)
    }

    pub fn from_json_value(doc: Json) -> Result<Workspace, ImportErrors> {
        let Some(map) = doc.as_object() else {
            return Err(one("", "工作区应当是一个 JSON 对象"));
        };
        match map.get("format") {
            Some(Json::String(f)) if f == FORMAT => {}
            Some(other) => {
                return Err(one(
                    "format",
                    format!(
                        "「{}」不是 zhuanjie 工作区文件（应为 \"{FORMAT}\"）",
                        other
                            .as_str()
                            .map_or_else(|| other.to_string(), str::to_string)
                    ),
                ))
            }
            None => {
                return Err(one(
                    "format",
                    format!("缺少 format 字段，这不是 zhuanjie 工作区文件（应为 \"{FORMAT}\"）"),
                ))
            }
        }
        let version = match map.get("version") {
            Some(v) => v.as_u64().filter(|v| *v >= 1).ok_or_else(|| {
                let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                one("version", format!("「{v}」不是有效的版本号（应为正整数）"))
            })?,
            None => return Err(one("version", "缺少 version 字段")),
        };
        if version > VERSION {
            return Err(one(
                "version",
                format!("文件版本为 {version}，比本程序支持的版本 {VERSION} 新：请用更新的版本打开，本程序不会猜测它的含义"),
            ));
        }
        let doc = migrate(doc, version)?;
        let ws: Workspace = serde_path_to_error::deserialize(doc).map_err(|e| {
            let place = e.path().to_string();
            let place = if place == "." { String::new() } else { place };
            one(place, crate::input::serde_message(&e.inner().to_string()))
        })?;
        ws.validate()?;
        Ok(ws)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn calendar(&self) -> Calendar {
        self.calendar
            .clone()
            .unwrap_or_else(|| self.edition.calendar())
    }

    pub fn index(&self) -> Index {
        Index::build(self)
    }

    /// Checks every rule the format promises; returns every problem found.
    pub fn validate(&self) -> Result<(), ImportErrors> {
        let mut errors = Vec::new();
        let mut push = |place: String, message: String| {
            if errors.len() < ImportErrors::LIMIT {
                // Reading markers are for links; the message is read as text.
                let message = crate::readings::strip(&message);
                errors.push(ImportError { place, message });
            }
        };
        if let Some(cal) = &self.calendar {
            if let Err(m) = cal.validate() {
                push("calendar".into(), m);
            }
        }

        // The id maps hold every record, blank ids too (the last of a repeated id wins), as
        // `lookup` does, so an application's steps come out as `process_in` gives them; the
        // checks see a blank id as absent. Places are formatted only for a problem.

        // Orgs: ids, parents, kinds, cycles.
        let mut org_at: HashMap<&str, usize> =
            HashMap::with_capacity_and_hasher(self.orgs.len(), Default::default());
        for (i, org) in self.orgs.iter().enumerate() {
            let place = || format!("orgs[{i}]（{}）", org.id);
            let repeated = org_at.insert(&org.id, i).is_some();
            if repeated && !org.id.trim().is_empty() {
                push(place(), format!("组织 id「{}」重复", org.id));
            }
            // The org's own checks, as the commands make them (parents below, once every
            // id is known).
            for problem in crate::checks::org_problems(org, None) {
                let at = match problem {
                    crate::checks::Problem::OrgIdEmpty => format!("orgs[{i}].id"),
                    _ => format!("{}.{}", place(), problem.field()),
                };
                push(at, problem.to_string());
            }
        }
        let org_index = |id: &str| match id.trim().is_empty() {
            true => None,
            false => org_at.get(id).copied(),
        };
        for (i, org) in self.orgs.iter().enumerate() {
            if let Some(parent) = &org.parent {
                match org_index(parent) {
                    None => push(
                        format!("orgs[{i}]（{}）.parent", org.id),
                        format!("上级组织「{parent}」不存在"),
                    ),
                    Some(p) if self.orgs[p].kind == OrgKind::Branch => push(
                        format!("orgs[{i}]（{}）.parent", org.id),
                        format!("上级「{parent}」是团支部，团支部下面不能再有组织"),
                    ),
                    Some(_) => {}
                }
            }
        }
        // A cycle: walking up from any org must reach a root within orgs.len() steps.
        let mut reported_cycle = false;
        for (i, org) in self.orgs.iter().enumerate() {
            let mut at = org.parent.as_deref();
            let mut steps = 0;
            while let Some(p) = at {
                steps += 1;
                if steps > self.orgs.len() {
                    if !reported_cycle {
                        push(
                            format!("orgs[{i}]（{}）.parent", org.id),
                            "组织树有环：沿上级一直向上走回到了自己".into(),
                        );
                        reported_cycle = true;
                    }
                    break;
                }
                at = org_index(p).and_then(|j| self.orgs[j].parent.as_deref());
            }
        }
        if !self.orgs.is_empty() && self.orgs.iter().all(|o| o.parent.is_some()) && !reported_cycle
        {
            push("orgs".into(), "组织树没有根（每个组织都有上级）".into());
        }
        let org = |id: &str| org_index(id).map(|i| &self.orgs[i]);

        // Members.
        let mut member_at: HashMap<&str, usize> =
            HashMap::with_capacity_and_hasher(self.members.len(), Default::default());
        // Members come branch by branch: the last branch looked up saves most look-ups.
        let mut last_home: Option<(&str, Option<&Org>)> = None;
        for (i, m) in self.members.iter().enumerate() {
            let place = || format!("members[{i}]（{}）", m.id);
            let repeated = member_at.insert(&m.id, i).is_some();
            if repeated && !m.id.trim().is_empty() {
                push(place(), format!("团员 id「{}」重复", m.id));
            }
            let home = match last_home {
                Some((id, home)) if id == m.org => home,
                _ => last_home.insert((&m.org, org(&m.org))).1,
            };
            // The member's own checks, the same the commands and the roster import make.
            for problem in crate::checks::member_problems(m, home, self.clock, true) {
                let at = match problem {
                    crate::checks::Problem::MemberIdEmpty => format!("members[{i}].id"),
                    _ => format!("{}.{}", place(), problem.field()),
                };
                push(at, problem.to_string());
            }
        }

        // Batches.
        let mut batch_at: HashMap<&str, usize> = HashMap::default();
        for (i, b) in self.batches.iter().enumerate() {
            let place = format!("batches[{i}]（{}）", b.id);
            if batch_at.insert(&b.id, i).is_some() {
                push(place.clone(), format!("批量转接 id「{}」重复", b.id));
            }
            match org(&b.org) {
                None => push(format!("{place}.org"), format!("组织「{}」不存在", b.org)),
                Some(o) if o.kind != OrgKind::GeneralBranch => push(
                    format!("{place}.org"),
                    format!(
                        "本模拟器只给团总支建模批量转接（S003 Q11 描述的是团总支的菜单），「{}」是{}",
                        b.org,
                        o.kind.label()
                    ),
                ),
                Some(_) => {}
            }
        }
        let is_under = |id: &str, ancestor: &str| -> bool {
            let mut at = Some(id);
            let mut steps = 0;
            while let Some(cur) = at {
                if cur == ancestor {
                    return true;
                }
                steps += 1;
                if steps > self.orgs.len() {
                    return false;
                }
                at = org(cur).and_then(|o| o.parent.as_deref());
            }
            false
        };

        // Applications.
        let calendar = self.calendar();
        let mut app_ids: HashSet<&str> =
            HashSet::with_capacity_and_hasher(self.applications.len(), Default::default());
        let mut batch_sizes: HashMap<&str, usize> = HashMap::default();
        // The application before each one of the same member (by member index, or by id for
        // a member not in the roster), for the one-open-application check below.
        let mut last_of_member: Vec<Option<usize>> = vec![None; self.members.len()];
        let mut last_of_unknown: HashMap<&str, Option<usize>> = HashMap::default();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut last_from: Option<(&str, bool)> = None;
        let mut processes = Processes::default();
        for (i, app) in self.applications.iter().enumerate() {
            let place = || format!("applications[{i}]（{}）", app.id);
            if app.id.trim().is_empty() {
                push(format!("applications[{i}].id"), "申请 id 不能为空".into());
            } else if !app_ids.insert(&app.id) {
                push(place(), format!("申请 id「{}」重复", app.id));
            }
            let member_index = member_at.get(app.member.as_str()).copied();
            let last = match member_index {
                Some(j) => &mut last_of_member[j],
                None => last_of_unknown.entry(&app.member).or_default(),
            };
            if let Some(previous) = last.replace(i) {
                pairs.push((previous, i));
            }
            // As `lookup` finds them (for the steps), and as the checks see them.
            let member_record = member_index.map(|j| &self.members[j]);
            let member = member_record.filter(|_| !app.member.trim().is_empty());
            // Marked members (延迟毕业团员, 教师) transfer normally (S004 1.2): nothing to check.
            if member.is_none() {
                push(
                    format!("{}.member", place()),
                    format!("团员「{}」不存在", app.member),
                );
            }
            let from_exists = match last_from {
                Some((id, exists)) if id == app.from_org => exists,
                _ => {
                    last_from
                        .insert((&app.from_org, org(&app.from_org).is_some()))
                        .1
                }
            };
            if !from_exists {
                push(
                    format!("{}.from_org", place()),
                    format!("转出组织「{}」不存在", app.from_org),
                );
            }
            let to_org_record = app
                .to_org
                .as_deref()
                .map(|id| org_at.get(id).map(|&j| &self.orgs[j]));
            if let Some(to) = &app.to_org {
                if to.trim().is_empty() || to_org_record.flatten().is_none() {
                    push(
                        format!("{}.to_org", place()),
                        format!("转入组织「{to}」不存在"),
                    );
                }
            }
            let needs_target = !matches!(app.destination, Destination::SpecialUnitLibrary);
            if needs_target
                && app.to_org.is_none()
                && app
                    .to_org_name
                    .as_deref()
                    .is_none_or(|n| n.trim().is_empty())
            {
                push(
                    format!("{}.to_org", place()),
                    "需要转入组织：填写 to_org（本工作区的组织 id）或 to_org_name（手工填写的名称）".into(),
                );
            }
            if app.special_province && app.to_org.is_some() {
                push(
                    format!("{}.to_org", place()),
                    "转往北京/广东/福建须选“是”并手工填写对方组织的名称和地址（S004 1.4.5）：填写 to_org_name，不选本工作区的组织".into(),
                );
            }
            if let Some(reason) = app.reason {
                if reason.label(self.edition).is_none() {
                    push(
                        format!("{}.reason", place()),
                        format!("{} 版没有接转原因 {}", self.edition.code(), reason.code()),
                    );
                }
            }
            match (&app.batch, app.initiator) {
                (Some(b), Initiator::Batch) => match batch_at.get(b.as_str()) {
                    None => push(
                        format!("{}.batch", place()),
                        format!("批量转接「{b}」不存在"),
                    ),
                    Some(&bi) => {
                        *batch_sizes.entry(b).or_default() += 1;
                        let batch = &self.batches[bi];
                        for (field, id) in [
                            ("from_org", Some(&app.from_org)),
                            ("to_org", app.to_org.as_ref()),
                        ] {
                            match id {
                                Some(id) if !is_under(id, &batch.org) => push(
                                    format!("{}.{field}", place()),
                                    format!(
                                        "「{id}」不在发起批量转接的团总支「{}」之下",
                                        batch.org
                                    ),
                                ),
                                None => push(
                                    format!("{}.{field}", place()),
                                    "按本指南的理解[readings#zongzhi-batch]，批量转接在团总支下属的团支部之间进行：需要 to_org".into(),
                                ),
                                _ => {}
                            }
                        }
                        if app.events.first().is_some_and(|e| e.date != batch.date) {
                            push(
                                format!("{}.events[0].date", place()),
                                format!("批量转接中每个申请的发起日期应为 {}", batch.date),
                            );
                        }
                    }
                },
                (None, Initiator::Batch) => push(
                    format!("{}.batch", place()),
                    "发起人为 batch 的申请必须属于一个批量转接（batch）".into(),
                ),
                (Some(_), _) => push(
                    format!("{}.initiator", place()),
                    "属于批量转接的申请，发起人应为 batch".into(),
                ),
                (None, _) => {}
            }
            match app.events.first() {
                None => push(
                    format!("{}.events", place()),
                    "没有任何事件：申请至少要有发起（submit）事件".into(),
                ),
                Some(e) if e.kind != EventKind::Submit => push(
                    format!("{}.events[0]", place()),
                    "第一个事件必须是发起（submit）".into(),
                ),
                _ => {}
            }
            for (k, e) in app.events.iter().enumerate() {
                if e.date > self.clock {
                    push(
                        format!("{}.events[{k}].date", place()),
                        format!("事件日期 {} 晚于模拟时钟 {}", e.date, self.clock),
                    );
                }
                if e.kind == EventKind::Assign {
                    if let (Some(branch), Some(to)) = (&e.branch, &app.to_org) {
                        match org(branch) {
                            None => push(
                                format!("{}.events[{k}].branch", place()),
                                format!("分配的团支部「{branch}」不存在"),
                            ),
                            Some(o) if o.kind != OrgKind::Branch || !is_under(branch, to) => push(
                                format!("{}.events[{k}].branch", place()),
                                format!("「{branch}」不是「{to}」下属的团支部"),
                            ),
                            Some(_) => {}
                        }
                    }
                }
            }
            let process = processes.get(shape_of(self.edition, app, to_org_record, member_record));
            if let Err(e) = process::state_at(process, &app.events, self.clock, &calendar) {
                push(format!("{}.events[{}]", place(), e.event), e.message);
            }
        }
        for (b, n) in batch_sizes {
            if n > BATCH_MAX {
                let i = batch_at[b];
                push(
                    format!("batches[{i}]（{b}）"),
                    format!("一次批量转接最多 {BATCH_MAX} 人，这里有 {n} 人"),
                );
            }
        }

        // One open application per member at a time: each application against the member's
        // one before it, in document order.
        for (p, n) in pairs {
            let (prev, next) = (&self.applications[p], &self.applications[n]);
            let member = &next.member;
            let (Some(start), Some(_)) = (next.events.first(), prev.events.first()) else {
                continue;
            };
            if start.date < prev.events[0].date {
                push(
                    format!("applications（{}）", next.id),
                    format!("团员「{member}」的申请应按发起日期先后排列"),
                );
                continue;
            }
            let prev_process = processes.get(shape_of(
                self.edition,
                prev,
                prev.to_org
                    .as_deref()
                    .map(|id| org_at.get(id).map(|&j| &self.orgs[j])),
                member_at.get(member.as_str()).map(|&j| &self.members[j]),
            ));
            let prev_state = process::state_at(prev_process, &prev.events, start.date, &calendar);
            if let Ok(state) = prev_state {
                if !state.is_terminal() {
                    push(
                        format!("applications（{}）", next.id),
                        format!(
                            "团员「{member}」在申请「{}」尚未结束时又发起了新申请",
                            prev.id
                        ),
                    );
                }
            }
        }

        if errors.is_empty() {
            Ok(())
        } else {
            Err(ImportErrors(errors))
        }
    }

    pub fn org(&self, id: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    /// Hash lookups by id, built once for whole-workspace work.
    pub fn lookup(&self) -> Lookup<'_> {
        Lookup {
            orgs: self.orgs.iter().map(|o| (o.id.as_str(), o)).collect(),
            members: self.members.iter().map(|m| (m.id.as_str(), m)).collect(),
        }
    }

    /// The steps one application must pass, from what the workspace knows of it. Builds
    /// no index: for one application at a time (use [`Workspace::process_in`] in loops).
    pub fn process_of(&self, app: &Application) -> Process {
        let org = self
            .orgs
            .iter()
            .find(|o| app.to_org.as_deref() == Some(o.id.as_str()));
        let member = self.member(&app.member);
        process_shape(self.edition, app, app.to_org.as_ref().map(|_| org), member)
    }

    pub fn process_in(&self, app: &Application, lookup: &Lookup<'_>) -> Process {
        let org = app.to_org.as_deref().map(|id| lookup.orgs.get(id).copied());
        // The member counts only for an under-16 leaving the school domain: no look-up (a
        // random probe into a roster-sized map) for moves that stay in it.
        let member = match !crate::policy::leaves_school_domain(app.destination) {
            true => None,
            false => lookup.members.get(app.member.as_str()).copied(),
        };
        process_shape(self.edition, app, org, member)
    }

    /// For each member (in `members` order), the index of their latest transfer submitted by
    /// `at` (applications are validated to be in order). A 团总支's batch move between its own
    /// branches (S003 Q11) is not the graduate's transfer out: it neither completes nor
    /// replaces it (this project's reading). Metrics and the simulator's roster share this.
    pub fn latest_transfers(&self, at: NaiveDate) -> Vec<Option<usize>> {
        let mut member_pos =
            HashMap::with_capacity_and_hasher(self.members.len(), Default::default());
        for (i, m) in self.members.iter().enumerate() {
            member_pos.insert(m.id.as_str(), i);
        }
        let mut latest = vec![None; self.members.len()];
        for (i, app) in self.applications.iter().enumerate() {
            if app.initiator == Initiator::Batch || app.events.first().is_none_or(|e| e.date > at) {
                continue;
            }
            if let Some(&m) = member_pos.get(app.member.as_str()) {
                latest[m] = Some(i);
            }
        }
        latest
    }

    /// Every application's state at `date`.
    pub fn states_at(&self, date: NaiveDate) -> Vec<AppState> {
        let calendar = self.calendar();
        let lookup = self.lookup();
        self.applications
            .iter()
            .map(|app| AppState::of(self.process_in(app, &lookup), app, date, &calendar))
            .collect()
    }
}

/// One application's state, as the CLI prints it.
#[derive(Debug, Clone, Serialize)]
pub struct AppState {
    pub application: String,
    pub member: String,
    pub state: &'static str,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_on: Option<NaiveDate>,
    /// What happens if nobody acts, and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Due>,
    /// 2019: the day admins get a reminder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reminder_on: Option<NaiveDate>,
    pub steps: Vec<Step>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl AppState {
    pub fn of(
        process: Process,
        app: &Application,
        date: NaiveDate,
        calendar: &Calendar,
    ) -> AppState {
        let (state, error) = match process::state_at(&process, &app.events, date, calendar) {
            Ok(s) => (s, None),
            Err(e) => (State::NotSubmitted, Some(e.to_string())),
        };
        let (step, since) = match &state {
            State::Pending { step, since, .. } => (Some(*step), Some(*since)),
            State::Rejected { step, .. } | State::AutoReturned { step, .. } => (Some(*step), None),
            _ => (None, None),
        };
        let ended_on = match &state {
            State::Completed { on }
            | State::Withdrawn { on }
            | State::Rejected { on, .. }
            | State::AutoReturned { on, .. }
            | State::Lapsed { on } => Some(*on),
            _ => None,
        };
        AppState {
            application: app.id.clone(),
            member: app.member.clone(),
            state: state.code(),
            label: state.label(),
            step,
            since,
            ended_on,
            next: process::next_due(&state, calendar),
            reminder_on: since
                .and_then(|s| calendar.reminder_due(s))
                .filter(|r| *r > date),
            steps: process.steps,
            error,
        }
    }
}

/// Orgs and members by id.
pub struct Lookup<'a> {
    pub orgs: HashMap<&'a str, &'a Org>,
    pub members: HashMap<&'a str, &'a Member>,
}

/// `to_org`: `None` when the application names no tree org, `Some(None)` when it names one
/// that does not exist (validation reports that).
pub fn process_shape(
    edition: Edition,
    app: &Application,
    to_org: Option<Option<&Org>>,
    member: Option<&Member>,
) -> Process {
    Process::new(shape_of(edition, app, to_org, member))
}

/// What decides an application's steps (see [`process_shape`]).
pub(crate) fn shape_of(
    edition: Edition,
    app: &Application,
    to_org: Option<Option<&Org>>,
    member: Option<&Member>,
) -> ProcessShape {
    let destination_is_branch = match to_org {
        Some(org) => org.is_none_or(|o| o.kind == OrgKind::Branch),
        None => app.to_org_is_branch.unwrap_or(true),
    };
    let needs_leadership = member
        .and_then(|m| m.birth_date)
        .zip(app.events.first())
        .is_some_and(|(birth, submit)| {
            crate::policy::needs_leadership(
                edition,
                i64::from(age_on(birth, submit.date)),
                app.destination,
            )
        });
    ProcessShape {
        edition,
        initiator: app.initiator,
        special_unit: app.destination == Destination::SpecialUnitLibrary,
        special_province: app.special_province,
        destination_is_branch,
        under_16_leaving_school: needs_leadership,
    }
}

/// Each distinct process built once: a workspace has a handful of shapes, and a whole-
/// workspace pass need not build (and allocate) one per application.
#[derive(Default)]
pub struct Processes(HashMap<ProcessShape, Process>);

impl Processes {
    pub fn get(&mut self, shape: ProcessShape) -> &Process {
        self.0.entry(shape).or_insert_with(|| Process::new(shape))
    }
}

/// Lookups built once for whole-workspace computations (metrics over a million members).
pub struct Index {
    pub org_at: HashMap<String, usize>,
    /// Euler-tour interval of each org: `b` is under `a` iff `enter[a] <= enter[b] < exit[a]`.
    enter: Vec<u32>,
    exit: Vec<u32>,
}

impl Index {
    pub fn build(ws: &Workspace) -> Index {
        let org_at: HashMap<String, usize> = ws
            .orgs
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        let n = ws.orgs.len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, o) in ws.orgs.iter().enumerate() {
            match o.parent.as_ref().and_then(|p| org_at.get(p)) {
                Some(&p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        let (mut enter, mut exit) = (vec![0u32; n], vec![0u32; n]);
        let mut clock = 0u32;
        // Iterative DFS: a province-sized tree must not overflow the stack.
        let mut stack: Vec<(usize, bool)> = roots.into_iter().rev().map(|r| (r, false)).collect();
        while let Some((node, done)) = stack.pop() {
            if done {
                exit[node] = clock;
                continue;
            }
            enter[node] = clock;
            clock += 1;
            stack.push((node, true));
            for &c in children[node].iter().rev() {
                stack.push((c, false));
            }
        }
        Index {
            org_at,
            enter,
            exit,
        }
    }

    pub fn is_under(&self, org: usize, ancestor: usize) -> bool {
        self.enter[ancestor] <= self.enter[org] && self.enter[org] < self.exit[ancestor]
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.org_at.get(id).copied()
    }
}

/// Age in whole years on a date.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

pub fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (y, m) = text.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (year, month) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&month).then_some((year, month))
}

/// The GB 11643 check character of an ID number's first 17 digits (`None` unless they are
/// exactly 17 ASCII digits).
pub fn id_check_char(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let digits: Vec<u32> = first17
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if digits.len() != 17 {
        return None;
    }
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    Some(char::from(CHECK[(sum % 11) as usize]))
}

/// The 17 digits with their check character appended (synthetic data must pass the same
/// check a real roster does).
pub fn with_check_digit(first17: &str) -> String {
    format!("{first17}{}", id_check_char(first17).unwrap_or('0'))
}

/// Masks an ID number as the real system shows it: `5301112000****6153`.
pub fn mask_id_number(id: &str) -> String {
    if id.is_ascii() && id.len() >= 8 {
        // The usual case, by bytes: a report masks every missing member's number.
        let n = id.len();
        let keep_head = 10.min(n - 4);
        let mut out = String::with_capacity(n);
        out.push_str(&id[..keep_head]);
        out.extend(std::iter::repeat_n('*', n - keep_head - 4));
        out.push_str(&id[n - 4..]);
        return out;
    }
    mask_by_chars(id)
}

/// Masking by characters, as for any text: the definition the byte-wise fast path of
/// [`mask_id_number`] must agree with (the tests compare the two).
fn mask_by_chars(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let keep_head = 10.min(chars.len() - 4);
    let head: String = chars[..keep_head].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - keep_head - 4))
}

#[cfg(test)]
mod tests {
    use super::{mask_by_chars as by_chars, mask_id_number};

    #[test]
    fn masking_by_bytes_equals_masking_by_characters() {
        for id in [
            "",
            "1234567",
            "12345678",
            "123456789012",
            "53011120001234615X",
            "530111200012346153123",
            "５３０１１１２０００１２３４６１５３",
            "53011120001234615３",
        ] {
            assert_eq!(mask_id_number(id), by_chars(id), "{id}");
        }
        assert_eq!(mask_id_number("530111200012346153"), "5301112000****6153");
    }
}
