//! From a read [`Table`] and its [`Mapping`] to an [`ImportPlan`]: which members are new,
//! changed or unchanged, which branches must be created, which rows are bad and why, and
//! the commands that applying the good rows means. Nothing is applied here: the caller
//! shows the plan, and on confirmation applies [`ImportPlan::command`] (one
//! `Command::Batch`, so the whole import is one undoable step).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use zhuanjie_core::commands::Command;
use zhuanjie_core::workspace::{mask_id_number, Member, Org, OrgKind};
use zhuanjie_core::Workspace;

use crate::mapping::{Field, Mapping};
use crate::table::Table;
use crate::values;

/// A row that is left out, with the column at fault and why. One row may have several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadRow {
    /// The sheet row number, as Excel shows it.
    pub row: usize,
    /// The column's header as written in the sheet (empty when the whole row is at fault).
    pub column: String,
    pub reason: String,
}

impl BadRow {
    /// `文件「a.xlsx」工作表「Sheet1」第 5 行「身份证号」列：…`
    pub fn message(&self, table: &Table) -> String {
        if self.column.is_empty() {
            format!("{}第 {} 行：{}", table.place(), self.row, self.reason)
        } else {
            format!(
                "{}第 {} 行「{}」列：{}",
                table.place(),
                self.row,
                self.column,
                self.reason
            )
        }
    }
}

/// A 团支部 named in the sheet and not in the workspace, to be created under the chosen
/// parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewBranch {
    pub id: String,
    pub name: String,
    pub parent: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graduation_month: Option<String>,
    /// The first row that names it.
    pub row: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
/// The plan serializes as the report the CLI prints and the UI shows (without its commands).
pub struct ImportPlan {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The text encoding a CSV was read in (none for Excel files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub new_branches: Vec<NewBranch>,
    pub unmapped_headers: Vec<String>,
    /// Required fields no column holds (nothing is imported then).
    pub missing_columns: Vec<String>,
    /// Problems that stop the whole import (a parent org that cannot hold branches).
    pub problems: Vec<String>,
    pub bad_rows: Vec<BadRow>,
    /// AddOrg for each new branch, then AddMember / EditMember in row order.
    #[serde(skip)]
    pub commands: Vec<Command>,
}

impl ImportPlan {
    /// Whether applying changes nothing.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// The whole import as one command (one undoable step).
    pub fn command(&self) -> Command {
        let place = match &self.sheet {
            Some(s) => format!("{}（{s}）", self.file),
            None => self.file.clone(),
        };
        Command::Batch {
            label: format!("导入花名册 {place}"),
            commands: self.commands.clone(),
        }
    }
}

/// The smallest `{prefix}{n}` (n counting up from `*next`) not in `used`.
fn fresh(prefix: &str, next: &mut u64, used: &HashSet<String>) -> String {
    loop {
        let id = format!("{prefix}{next}");
        *next += 1;
        if !used.contains(&id) {
            return id;
        }
    }
}

/// `5、9、12`, or `5、9、12、20、31 等 8 行` past five.
fn rows_list(rows: &[usize], except: usize) -> String {
    let others: Vec<String> = rows
        .iter()
        .filter(|r| **r != except)
        .map(|r| r.to_string())
        .collect();
    if others.len() > 5 {
        format!("{} 等 {} 行", others[..5].join("、"), others.len())
    } else {
        others.join("、")
    }
}

/// Plans the import of `table` into `ws`. Members are matched by ID number, else by 学号
/// (a member's id); a new member's id is its 学号, or `R-n`. Branches are matched by name
/// (or id); unknown ones are created under `parent_for_new_branches` as 团支部, or make
/// the row bad when no parent is chosen.
pub fn plan_import(
    ws: &Workspace,
    table: &Table,
    mapping: &Mapping,
    parent_for_new_branches: Option<&str>,
) -> ImportPlan {
    let mut plan = ImportPlan {
        file: table.file.clone(),
        sheet: table.sheet.clone(),
        encoding: table.encoding_used.map(|e| e.label()),
        rows: table.rows.len(),
        added: 0,
        updated: 0,
        unchanged: 0,
        new_branches: Vec::new(),
        unmapped_headers: mapping.unmapped(),
        missing_columns: Vec::new(),
        problems: Vec::new(),
        bad_rows: Vec::new(),
        commands: Vec::new(),
    };
    let col = |f: Field| mapping.column_of(f).filter(|&i| i < table.headers.len());
    let head = |f: Field| col(f).map_or_else(|| f.label().to_string(), |i| mapping.header(i));
    if col(Field::Name).is_none() {
        plan.missing_columns.push(Field::Name.label().into());
        return plan;
    }
    if let Some(p) = parent_for_new_branches {
        match ws.org(p) {
            None => plan
                .problems
                .push(format!("选作新团支部上级的组织「{p}」在工作区中不存在")),
            Some(o) if o.kind == OrgKind::Branch => plan.problems.push(format!(
                "选作新团支部上级的「{}（{p}）」是团支部，团支部下面不能再有组织",
                o.name
            )),
            Some(_) => {}
        }
        if !plan.problems.is_empty() {
            return plan;
        }
    }

    // Lookups, built once.
    let by_id_number: HashMap<String, usize> = ws
        .members
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((values::normalize_id_number(m.id_number.as_ref()?), i)))
        .collect();
    let by_id: HashMap<&str, usize> = ws
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let mut orgs_by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, o) in ws.orgs.iter().enumerate() {
        orgs_by_name.entry(o.name.trim()).or_default().push(i);
    }
    let org_by_id: HashMap<&str, usize> = ws
        .orgs
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let with_application: HashSet<&str> =
        ws.applications.iter().map(|a| a.member.as_str()).collect();
    let mut used_member_ids: HashSet<String> = ws.members.iter().map(|m| m.id.clone()).collect();
    let used_org_ids: HashSet<String> = ws.orgs.iter().map(|o| o.id.clone()).collect();

    let cell = |cells: &'_ [String], f: Field| -> String {
        col(f)
            .and_then(|i| cells.get(i))
            .map_or_else(String::new, |s| s.trim().to_string())
    };

    // Duplicates within the file: every row of a duplicated ID number or 学号 is bad.
    let mut id_rows: HashMap<String, Vec<usize>> = HashMap::new();
    let mut no_rows: HashMap<String, Vec<usize>> = HashMap::new();
    for (row, cells) in &table.rows {
        let idn = values::normalize_id_number(&cell(cells, Field::IdNumber));
        if !idn.is_empty() {
            id_rows.entry(idn).or_default().push(*row);
        }
        let no = cell(cells, Field::StudentNo);
        if !no.is_empty() {
            no_rows.entry(no).or_default().push(*row);
        }
    }

    let mut new_branch_at: HashMap<String, usize> = HashMap::new();
    let mut next_branch = 1u64;
    let mut next_member = 1u64;
    let mut matched: HashMap<usize, usize> = HashMap::new();
    let mut member_commands = Vec::new();

    for (row, cells) in &table.rows {
        let row = *row;
        let mut errors: Vec<(String, String)> = Vec::new();
        let mut err = |f: Field, reason: String| errors.push((head(f), reason));

        let name = cell(cells, Field::Name);
        if name.is_empty() {
            err(Field::Name, "姓名为空".into());
        }
        let idn = values::normalize_id_number(&cell(cells, Field::IdNumber));
        let mut idn_ok = false;
        if !idn.is_empty() {
            match values::validate_id_number(&idn) {
                Err(reason) => err(Field::IdNumber, reason),
                Ok(()) => idn_ok = true,
            }
            if let Some(rows) = id_rows.get(&idn).filter(|r| r.len() > 1) {
                err(
                    Field::IdNumber,
                    format!(
                        "身份证号{}在表中重复（第 {} 行也有）",
                        if idn.chars().count() == 18 {
                            format!("「{}」", mask_id_number(&idn))
                        } else {
                            String::new()
                        },
                        rows_list(rows, row)
                    ),
                );
            }
        }
        let no = cell(cells, Field::StudentNo);
        if let Some(rows) = no_rows.get(&no).filter(|r| r.len() > 1) {
            err(
                Field::StudentNo,
                format!(
                    "学号「{no}」在表中重复（第 {} 行也有）",
                    rows_list(rows, row)
                ),
            );
        }
        let birth_text = cell(cells, Field::BirthDate);
        let birth: Option<NaiveDate> = if !birth_text.is_empty() {
            match values::parse_date(&birth_text) {
                Ok(d) => Some(d),
                Err(reason) => {
                    err(Field::BirthDate, format!("出生日期{reason}"));
                    None
                }
            }
        } else if idn_ok && col(Field::BirthDate).is_none() {
            values::birth_from_id(&idn)
        } else {
            None
        };
        let plan_value = match values::parse_plan(&cell(cells, Field::Plan)) {
            Ok(p) => p,
            Err(reason) => {
                err(Field::Plan, reason);
                None
            }
        };
        let party = match values::parse_party(&cell(cells, Field::Political)) {
            Ok(p) => p,
            Err(reason) => {
                err(Field::Political, reason);
                None
            }
        };
        let post = values::parse_yes_no(&cell(cells, Field::LeaguePost));
        let month_text = cell(cells, Field::GraduationMonth);
        let month = if month_text.is_empty() {
            None
        } else {
            match values::parse_month(&month_text) {
                Ok(m) => Some(m),
                Err(reason) => {
                    err(Field::GraduationMonth, format!("毕业时间{reason}"));
                    None
                }
            }
        };

        // Who this row is.
        let mut existing = None;
        if idn_ok {
            existing = by_id_number.get(&idn).copied();
        }
        if existing.is_none() && !no.is_empty() {
            if let Some(&i) = by_id.get(no.as_str()) {
                let m = &ws.members[i];
                match m.id_number.as_deref().map(values::normalize_id_number) {
                    Some(theirs) if idn_ok && theirs != idn => err(
                        Field::IdNumber,
                        format!(
                            "学号「{no}」在工作区中是{}（身份证号 {}），与表中的身份证号不同",
                            m.name,
                            mask_id_number(&theirs)
                        ),
                    ),
                    _ => existing = Some(i),
                }
            }
        }
        if let Some(i) = existing {
            if let Some(first) = matched.get(&i) {
                err(
                    Field::Name,
                    format!(
                        "与第 {first} 行是工作区中的同一名团员（{}，{}）",
                        ws.members[i].name, ws.members[i].id
                    ),
                );
            }
        }

        // Where they belong.
        let branch_text = cell(cells, Field::Branch);
        let mut org: Option<String> = None;
        let mut create_branch = false;
        if branch_text.is_empty() {
            match existing {
                Some(i) => org = Some(ws.members[i].org.clone()),
                None if col(Field::Branch).is_none() => err(
                    Field::Branch,
                    "表中没有「所在团支部」列，无法新增团员".into(),
                ),
                None => err(Field::Branch, "所在团支部为空".into()),
            }
        } else {
            let candidates: Vec<usize> = match org_by_id.get(branch_text.as_str()) {
                Some(&i) => vec![i],
                None => orgs_by_name
                    .get(branch_text.as_str())
                    .cloned()
                    .unwrap_or_default(),
            };
            match candidates.as_slice() {
                [i] if ws.orgs[*i].kind == OrgKind::Branch => org = Some(ws.orgs[*i].id.clone()),
                [i] => err(
                    Field::Branch,
                    format!(
                        "「{}」是{}，团员只能属于团支部",
                        branch_text,
                        ws.orgs[*i].kind.label()
                    ),
                ),
                [] => match (new_branch_at.get(&branch_text), parent_for_new_branches) {
                    (Some(&b), _) => org = Some(plan.new_branches[b].id.clone()),
                    (None, Some(_)) => create_branch = true,
                    (None, None) => err(
                        Field::Branch,
                        format!(
                            "工作区中没有名为「{branch_text}」的团支部；请先建好，或选择新团支部的上级组织"
                        ),
                    ),
                },
                many => err(
                    Field::Branch,
                    format!(
                        "工作区中有 {} 个名为「{branch_text}」的组织，无法确定是哪一个；请改写为组织编号（{}）",
                        many.len(),
                        many.iter()
                            .map(|i| ws.orgs[*i].id.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                ),
            }
        }
        if let (Some(i), Some(o)) = (existing, &org) {
            let m = &ws.members[i];
            if *o != m.org && with_application.contains(m.id.as_str()) {
                err(
                    Field::Branch,
                    format!(
                        "{}（{}）已有转接申请，所在团支部只能通过转接改变，不能由导入修改",
                        m.name, m.id
                    ),
                );
            }
        }
        if let Some(b) = birth {
            let changed = existing.is_none_or(|i| ws.members[i].birth_date != Some(b));
            // The engine's plausible-age window, as the commands and the workspace check hold it.
            if let Some(problem) = changed
                .then(|| zhuanjie_core::checks::birth_problem(b, ws.clock))
                .flatten()
            {
                err(
                    if birth_text.is_empty() {
                        Field::IdNumber
                    } else {
                        Field::BirthDate
                    },
                    problem.to_string(),
                );
            }
        }

        if !errors.is_empty() {
            plan.bad_rows
                .extend(errors.into_iter().map(|(column, reason)| BadRow {
                    row,
                    column,
                    reason,
                }));
            continue;
        }

        // A good row from here on.
        if create_branch {
            if let Some(parent) = parent_for_new_branches {
                let id = fresh("BR-", &mut next_branch, &used_org_ids);
                new_branch_at.insert(branch_text.clone(), plan.new_branches.len());
                plan.new_branches.push(NewBranch {
                    id: id.clone(),
                    name: branch_text.clone(),
                    parent: parent.to_string(),
                    graduation_month: None,
                    row,
                });
                org = Some(id);
            }
        }
        if let (Some(m), Some(&b)) = (&month, new_branch_at.get(&branch_text)) {
            plan.new_branches[b]
                .graduation_month
                .get_or_insert(m.clone());
        }
        let Some(org) = org else { continue };

        match existing {
            Some(i) => {
                matched.insert(i, row);
                let before = &ws.members[i];
                let mut m = before.clone();
                m.name = name;
                if idn_ok {
                    m.id_number = Some(idn);
                }
                m.org = org;
                if birth.is_some() {
                    m.birth_date = birth;
                }
                if plan_value.is_some() {
                    m.plan = plan_value;
                }
                if let Some(p) = party {
                    m.party_member = p;
                }
                if let Some(p) = post {
                    m.holds_league_post = p;
                }
                if m == *before {
                    plan.unchanged += 1;
                } else {
                    plan.updated += 1;
                    member_commands.push(Command::EditMember { member: m });
                }
            }
            None => {
                let id = if no.is_empty() {
                    fresh("R-", &mut next_member, &used_member_ids)
                } else {
                    no
                };
                used_member_ids.insert(id.clone());
                plan.added += 1;
                member_commands.push(Command::AddMember {
                    member: Member {
                        id,
                        name,
                        id_number: idn_ok.then_some(idn),
                        org,
                        birth_date: birth,
                        holds_league_post: post.unwrap_or(false),
                        party_member: party.unwrap_or(false),
                        plan: plan_value,
                        mark: None,
                    },
                });
            }
        }
    }

    plan.commands = plan
        .new_branches
        .iter()
        .map(|b| Command::AddOrg {
            org: Org {
                graduation_month: b.graduation_month.clone(),
                ..Org::new(&b.id, &b.name, OrgKind::Branch, Some(&b.parent))
            },
        })
        .chain(member_commands)
        .collect();
    plan
}
