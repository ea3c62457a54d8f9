//! [`Workspace::validate`]: every rule the format promises, each problem named by its JSON
//! path (and the record's id where it helps). One function per part of the document, run
//! in document order — the calendar, orgs, members, batches, applications, and one open
//! application per member — so the problems come out in the order they are found, the
//! first [`ImportErrors::LIMIT`] kept.
//!
//! The id maps hold every record, blank ids too (the last of a repeated id wins), as
//! `lookup` does, so an application's steps come out as `process_in` gives them; the
//! checks see a blank id as absent. Places are formatted only for a problem.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{shape_of, Application, ImportError, ImportErrors, Org, OrgKind, Processes, Workspace};
use crate::calendar::Calendar;
use crate::checks::{self, Problem};
use crate::codes::Destination;
use crate::policy::BATCH_MAX;
use crate::process::{self, EventKind, Initiator};

impl Workspace {
    /// Checks every rule the format promises; returns every problem found.
    pub fn validate(&self) -> Result<(), ImportErrors> {
        let mut out = Problems::default();
        if let Some(cal) = &self.calendar {
            if let Err(m) = cal.validate() {
                out.push("calendar".into(), m);
            }
        }
        let orgs = orgs(self, &mut out);
        let member_at = members(self, &orgs, &mut out);
        let batch_at = batches(self, &orgs, &mut out);
        let maps = Maps {
            orgs,
            member_at,
            batch_at,
        };
        let calendar = self.calendar();
        let mut processes = Processes::default();
        let pairs = applications(self, &maps, &calendar, &mut processes, &mut out);
        one_open_application(self, &maps, &pairs, &calendar, &mut processes, &mut out);
        out.finish()
    }
}

/// The problems found so far (at most [`ImportErrors::LIMIT`]).
#[derive(Default)]
struct Problems(Vec<ImportError>);

impl Problems {
    fn push(&mut self, place: String, message: String) {
        if self.0.len() < ImportErrors::LIMIT {
            // Reading markers are for links; the message is read as text.
            let message = crate::readings::strip(&message);
            self.0.push(ImportError { place, message });
        }
    }

    fn finish(self) -> Result<(), ImportErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ImportErrors(self.0))
        }
    }
}

/// Orgs by id, and the tree walks the checks make.
struct Orgs<'a> {
    ws: &'a Workspace,
    at: HashMap<&'a str, usize>,
}

impl<'a> Orgs<'a> {
    /// The org's position; a blank id names nothing.
    fn index(&self, id: &str) -> Option<usize> {
        match id.trim().is_empty() {
            true => None,
            false => self.at.get(id).copied(),
        }
    }

    fn get(&self, id: &str) -> Option<&'a Org> {
        self.index(id).map(|i| &self.ws.orgs[i])
    }

    /// The org with this id, blank ids too (as `lookup` finds it, for an application's steps).
    fn record(&self, id: &str) -> Option<&'a Org> {
        self.at.get(id).map(|&j| &self.ws.orgs[j])
    }

    /// Whether `id` is `ancestor` or below it (bounded walk: never loops on a bad tree).
    fn is_under(&self, id: &str, ancestor: &str) -> bool {
        let mut at = Some(id);
        let mut steps = 0;
        while let Some(cur) = at {
            if cur == ancestor {
                return true;
            }
            steps += 1;
            // A valid tree is at most MAX_ORG_DEPTH deep; a deeper one is reported anyway.
            if steps > self.ws.orgs.len().min(crate::policy::MAX_ORG_DEPTH + 1) {
                return false;
            }
            at = self.get(cur).and_then(|o| o.parent.as_deref());
        }
        false
    }
}

/// Every id map the application checks read.
struct Maps<'a> {
    orgs: Orgs<'a>,
    member_at: HashMap<&'a str, usize>,
    batch_at: HashMap<&'a str, usize>,
}

/// Orgs: ids, their own checks, parents, cycles, a root.
fn orgs<'a>(ws: &'a Workspace, out: &mut Problems) -> Orgs<'a> {
    let mut at: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(ws.orgs.len(), Default::default());
    for (i, org) in ws.orgs.iter().enumerate() {
        let place = || format!("orgs[{i}]（{}）", org.id);
        let repeated = at.insert(&org.id, i).is_some();
        if repeated && !org.id.trim().is_empty() {
            out.push(place(), format!("组织 id「{}」重复", org.id));
        }
        // The org's own checks, as the commands make them (parents below, once every
        // id is known).
        for problem in checks::org_problems(org, None) {
            let at = match problem {
                Problem::OrgIdEmpty => format!("orgs[{i}].id"),
                _ => format!("{}.{}", place(), problem.field()),
            };
            out.push(at, problem.to_string());
        }
    }
    let orgs = Orgs { ws, at };
    for (i, org) in ws.orgs.iter().enumerate() {
        if let Some(parent) = &org.parent {
            match orgs.index(parent) {
                None => out.push(
                    format!("orgs[{i}]（{}）.parent", org.id),
                    format!("上级组织「{parent}」不存在"),
                ),
                Some(p) if ws.orgs[p].kind == OrgKind::Branch => out.push(
                    format!("orgs[{i}]（{}）.parent", org.id),
                    format!("上级「{parent}」是团支部，团支部下面不能再有组织"),
                ),
                Some(_) => {}
            }
        }
    }
    // Each org's level and any cycle, in one pass: every org is walked up once, its chain
    // then known (a chain of 50,000 orgs took 82 s when each org walked to the root).
    let n = ws.orgs.len();
    let mut level = vec![0usize; n];
    // 0: not seen; 1: on the chain being walked; 2: level known.
    let mut seen = vec![0u8; n];
    let mut reported_cycle = false;
    let mut chain = Vec::new();
    for start in 0..n {
        if seen[start] == 2 {
            continue;
        }
        chain.clear();
        let mut at = Some(start);
        let mut cycle = false;
        while let Some(i) = at {
            match seen[i] {
                2 => break,
                1 => {
                    cycle = true;
                    break;
                }
                _ => {}
            }
            seen[i] = 1;
            chain.push(i);
            at = ws.orgs[i].parent.as_deref().and_then(|p| orgs.index(p));
        }
        if cycle && !reported_cycle {
            let i = at.unwrap_or(start);
            out.push(
                format!("orgs[{i}]（{}）.parent", ws.orgs[i].id),
                "组织树有环：沿上级一直向上走回到了自己".into(),
            );
            reported_cycle = true;
        }
        let mut d = match at {
            Some(i) if !cycle => level[i],
            _ => 0,
        };
        for &i in chain.iter().rev() {
            d += 1;
            level[i] = d;
            seen[i] = 2;
        }
    }
    if let Some((deepest, &depth)) = level.iter().enumerate().max_by_key(|(_, d)| **d) {
        if depth > crate::policy::MAX_ORG_DEPTH && !reported_cycle {
            out.push(
                format!("orgs[{deepest}]（{}）", ws.orgs[deepest].id),
                format!(
                    "组织树有 {depth} 层，超过了 {} 层的上限（实际的团组织一般不超过十几层），请检查各组织的上级",
                    crate::policy::MAX_ORG_DEPTH
                ),
            );
        }
    }
    if !ws.orgs.is_empty() && ws.orgs.iter().all(|o| o.parent.is_some()) && !reported_cycle {
        out.push("orgs".into(), "组织树没有根（每个组织都有上级）".into());
    }
    orgs
}

/// Members: ids and each member's own checks (the same the commands and the roster import
/// make), against the member's branch.
fn members<'a>(ws: &'a Workspace, orgs: &Orgs<'a>, out: &mut Problems) -> HashMap<&'a str, usize> {
    let mut member_at: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(ws.members.len(), Default::default());
    // Members come branch by branch: the last branch looked up saves most look-ups.
    let mut last_home: Option<(&str, Option<&Org>)> = None;
    for (i, m) in ws.members.iter().enumerate() {
        let place = || format!("members[{i}]（{}）", m.id);
        let repeated = member_at.insert(&m.id, i).is_some();
        if repeated && !m.id.trim().is_empty() {
            out.push(place(), format!("团员 id「{}」重复", m.id));
        }
        let home = match last_home {
            Some((id, home)) if id == m.org => home,
            _ => last_home.insert((&m.org, orgs.get(&m.org))).1,
        };
        for problem in checks::member_problems(m, home, ws.clock, true) {
            let at = match problem {
                Problem::MemberIdEmpty => format!("members[{i}].id"),
                _ => format!("{}.{}", place(), problem.field()),
            };
            out.push(at, problem.to_string());
        }
    }
    member_at
}

/// Batches: ids, and that a 团总支 made each one.
fn batches<'a>(ws: &'a Workspace, orgs: &Orgs<'a>, out: &mut Problems) -> HashMap<&'a str, usize> {
    let mut batch_at: HashMap<&str, usize> = HashMap::default();
    for (i, b) in ws.batches.iter().enumerate() {
        let place = format!("batches[{i}]（{}）", b.id);
        if batch_at.insert(&b.id, i).is_some() {
            out.push(place.clone(), format!("批量转接 id「{}」重复", b.id));
        }
        match orgs.get(&b.org) {
            None => out.push(format!("{place}.org"), format!("组织「{}」不存在", b.org)),
            Some(o) if o.kind != OrgKind::GeneralBranch => out.push(
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
    batch_at
}

/// `applications[i]（id）`
fn app_place(i: usize, app: &Application) -> String {
    format!("applications[{i}]（{}）", app.id)
}

/// Applications: ids, the records they name, their target, batch and events, and that the
/// state machine accepts their events; then the size of each batch. Returns each
/// application paired with the same member's one before it (by position), for
/// [`one_open_application`].
fn applications(
    ws: &Workspace,
    maps: &Maps<'_>,
    calendar: &Calendar,
    processes: &mut Processes,
    out: &mut Problems,
) -> Vec<(usize, usize)> {
    let mut app_ids: HashSet<&str> =
        HashSet::with_capacity_and_hasher(ws.applications.len(), Default::default());
    let mut batch_sizes: HashMap<&str, usize> = HashMap::default();
    // The application before each one of the same member (by member index, or by id for
    // a member not in the roster), for the one-open-application check.
    let mut last_of_member: Vec<Option<usize>> = vec![None; ws.members.len()];
    let mut last_of_unknown: HashMap<&str, Option<usize>> = HashMap::default();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut last_from: Option<(&str, bool)> = None;
    for (i, app) in ws.applications.iter().enumerate() {
        if app.id.trim().is_empty() {
            out.push(format!("applications[{i}].id"), "申请 id 不能为空".into());
        } else if !app_ids.insert(&app.id) {
            out.push(app_place(i, app), format!("申请 id「{}」重复", app.id));
        }
        let member_index = maps.member_at.get(app.member.as_str()).copied();
        let last = match member_index {
            Some(j) => &mut last_of_member[j],
            None => last_of_unknown.entry(&app.member).or_default(),
        };
        if let Some(previous) = last.replace(i) {
            pairs.push((previous, i));
        }
        // As `lookup` finds them (for the steps), and as the checks see them.
        let member_record = member_index.map(|j| &ws.members[j]);
        let member = member_record.filter(|_| !app.member.trim().is_empty());
        // Marked members (延迟毕业团员, 教师) transfer normally (S004 1.2): nothing to check.
        if member.is_none() {
            out.push(
                format!("{}.member", app_place(i, app)),
                format!("团员「{}」不存在", app.member),
            );
        }
        let from_exists = match last_from {
            Some((id, exists)) if id == app.from_org => exists,
            _ => {
                last_from
                    .insert((&app.from_org, maps.orgs.get(&app.from_org).is_some()))
                    .1
            }
        };
        if !from_exists {
            out.push(
                format!("{}.from_org", app_place(i, app)),
                format!("转出组织「{}」不存在", app.from_org),
            );
        }
        let to_org_record = app.to_org.as_deref().map(|id| maps.orgs.record(id));
        application_target(ws, i, app, to_org_record, out);
        application_batch(ws, maps, i, app, &mut batch_sizes, out);
        application_events(ws, &maps.orgs, i, app, out);
        let process = processes.get(shape_of(ws.edition, app, to_org_record, member_record));
        if let Err(e) = process::state_at(process, &app.events, ws.clock, calendar) {
            out.push(
                format!("{}.events[{}]", app_place(i, app), e.event),
                e.message,
            );
        }
    }
    for (b, n) in batch_sizes {
        if n > BATCH_MAX {
            let i = maps.batch_at[b];
            out.push(
                format!("batches[{i}]（{b}）"),
                format!("一次批量转接最多 {BATCH_MAX} 人，这里有 {n} 人"),
            );
        }
    }
    pairs
}

/// Where an application goes: a tree org that exists or a name typed by hand, never a tree
/// org for 北京/广东/福建; a reason of the workspace's edition.
fn application_target(
    ws: &Workspace,
    i: usize,
    app: &Application,
    to_org_record: Option<Option<&Org>>,
    out: &mut Problems,
) {
    if let Some(to) = &app.to_org {
        if to.trim().is_empty() || to_org_record.flatten().is_none() {
            out.push(
                format!("{}.to_org", app_place(i, app)),
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
        out.push(
            format!("{}.to_org", app_place(i, app)),
            "需要转入组织：填写 to_org（本工作区的组织 id）或 to_org_name（手工填写的名称）".into(),
        );
    }
    if app.special_province && app.to_org.is_some() {
        out.push(
            format!("{}.to_org", app_place(i, app)),
            "转往北京/广东/福建须选“是”并手工填写对方组织的名称和地址（S004 1.4.5）：填写 to_org_name，不选本工作区的组织".into(),
        );
    }
    if let Some(reason) = app.reason {
        if reason.label(ws.edition).is_none() {
            out.push(
                format!("{}.reason", app_place(i, app)),
                format!("{} 版没有转接原因 {}", ws.edition.code(), reason.code()),
            );
        }
    }
}

/// A batch application belongs to a batch that exists, stays inside its 团总支's subtree
/// and was submitted on the batch's date; only batch applications belong to one. Counts
/// the batch's size.
fn application_batch<'a>(
    ws: &Workspace,
    maps: &Maps<'_>,
    i: usize,
    app: &'a Application,
    batch_sizes: &mut HashMap<&'a str, usize>,
    out: &mut Problems,
) {
    match (&app.batch, app.initiator) {
        (Some(b), Initiator::Batch) => match maps.batch_at.get(b.as_str()) {
            None => out.push(
                format!("{}.batch", app_place(i, app)),
                format!("批量转接「{b}」不存在"),
            ),
            Some(&bi) => {
                *batch_sizes.entry(b).or_default() += 1;
                let batch = &ws.batches[bi];
                for (field, id) in [
                    ("from_org", Some(&app.from_org)),
                    ("to_org", app.to_org.as_ref()),
                ] {
                    match id {
                        Some(id) if !maps.orgs.is_under(id, &batch.org) => out.push(
                            format!("{}.{field}", app_place(i, app)),
                            format!("「{id}」不在发起批量转接的团总支「{}」之下", batch.org),
                        ),
                        None => out.push(
                            format!("{}.{field}", app_place(i, app)),
                            "按本指南的理解[readings#zongzhi-batch]，批量转接在团总支下属的团支部之间进行：需要 to_org".into(),
                        ),
                        _ => {}
                    }
                }
                if app.events.first().is_some_and(|e| e.date != batch.date) {
                    out.push(
                        format!("{}.events[0].date", app_place(i, app)),
                        format!("批量转接中每个申请的发起日期应为 {}", batch.date),
                    );
                }
            }
        },
        (None, Initiator::Batch) => out.push(
            format!("{}.batch", app_place(i, app)),
            "发起人为 batch 的申请必须属于一个批量转接（batch）".into(),
        ),
        (Some(_), _) => out.push(
            format!("{}.initiator", app_place(i, app)),
            "属于批量转接的申请，发起人应为 batch".into(),
        ),
        (None, _) => {}
    }
}

/// An application's events: a submission first, none after the clock, branches assigned
/// under the destination org.
fn application_events(
    ws: &Workspace,
    orgs: &Orgs<'_>,
    i: usize,
    app: &Application,
    out: &mut Problems,
) {
    match app.events.first() {
        None => out.push(
            format!("{}.events", app_place(i, app)),
            "没有任何事件：申请至少要有发起（submit）事件".into(),
        ),
        Some(e) if e.kind != EventKind::Submit => out.push(
            format!("{}.events[0]", app_place(i, app)),
            "第一个事件必须是发起（submit）".into(),
        ),
        _ => {}
    }
    for (k, e) in app.events.iter().enumerate() {
        if e.date > ws.clock {
            out.push(
                format!("{}.events[{k}].date", app_place(i, app)),
                format!("事件日期 {} 晚于模拟时钟 {}", e.date, ws.clock),
            );
        }
        if e.kind == EventKind::Assign {
            if let (Some(branch), Some(to)) = (&e.branch, &app.to_org) {
                match orgs.get(branch) {
                    None => out.push(
                        format!("{}.events[{k}].branch", app_place(i, app)),
                        format!("分配的团支部「{branch}」不存在"),
                    ),
                    Some(o) if o.kind != OrgKind::Branch || !orgs.is_under(branch, to) => out.push(
                        format!("{}.events[{k}].branch", app_place(i, app)),
                        format!("「{branch}」不是「{to}」下属的团支部"),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}

/// One open application per member at a time: each application against the member's one
/// before it, in document order.
fn one_open_application(
    ws: &Workspace,
    maps: &Maps<'_>,
    pairs: &[(usize, usize)],
    calendar: &Calendar,
    processes: &mut Processes,
    out: &mut Problems,
) {
    for &(p, n) in pairs {
        let (prev, next) = (&ws.applications[p], &ws.applications[n]);
        let member = &next.member;
        let (Some(start), Some(_)) = (next.events.first(), prev.events.first()) else {
            continue;
        };
        if start.date < prev.events[0].date {
            out.push(
                format!("applications（{}）", next.id),
                format!("团员「{member}」的申请应按发起日期先后排列"),
            );
            continue;
        }
        let prev_process = processes.get(shape_of(
            ws.edition,
            prev,
            prev.to_org.as_deref().map(|id| maps.orgs.record(id)),
            maps.member_at.get(member.as_str()).map(|&j| &ws.members[j]),
        ));
        let prev_state = process::state_at(prev_process, &prev.events, start.date, calendar);
        if let Ok(state) = prev_state {
            if !state.is_terminal() {
                out.push(
                    format!("applications（{}）", next.id),
                    format!(
                        "团员「{member}」在申请「{}」尚未结束时又发起了新申请",
                        prev.id
                    ),
                );
            }
        }
    }
}
