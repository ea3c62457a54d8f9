//! From a read [`Table`] and its [`Mapping`] to an [`ImportPlan`]: which members are new,
//! changed or unchanged, which branches must be created, which rows are bad and why, and
//! the commands that applying the good rows means. Nothing is applied here: the caller
//! shows the plan, and on confirmation applies [`ImportPlan::command`] (one
//! `Command::Batch`, so the whole import is one undoable step).
//!
//! [`plan_import`] goes in named steps: the columns and the chosen parent first (either
//! can stop the whole import), the look-ups and the file's own duplicates once, then each
//! row — read its cells ([`Planner::read`]), find who it is ([`Planner::who`]) and where
//! they belong ([`Planner::branch`]), what the commands would refuse
//! ([`Planner::conflicts`]) — and either a bad row or a command ([`Planner::accept`]).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use zhuanjie_core::checks::is_excel_notation;
use zhuanjie_core::codes::Situation;
use zhuanjie_core::commands::Command;
use zhuanjie_core::workspace::{
    is_masked_id_number, mask_agrees, mask_id_number, Member, Org, OrgKind,
};
use zhuanjie_core::Workspace;

use crate::mapping::{Field, Mapping};
use crate::table::Table;
use crate::values;

fn is_first(file: &usize) -> bool {
    *file == 0
}

/// A row that is left out, with the column at fault and why. One row may have several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadRow {
    /// Which of the plan's [`ImportPlan::files`] (left out of the JSON for the first).
    #[serde(skip_serializing_if = "is_first")]
    pub file: usize,
    /// The sheet row number, as Excel shows it.
    pub row: usize,
    /// The column's header as written in the sheet (empty when the whole row is at fault).
    pub column: String,
    pub reason: String,
}

impl BadRow {
    /// `文件「a.xlsx」工作表「Sheet1」第 5 行「身份证号」列：…`
    pub fn message(&self, plan: &ImportPlan) -> String {
        let place = plan.place(self.file);
        if self.column.is_empty() {
            format!("{place}第 {} 行：{}", self.row, self.reason)
        } else {
            format!(
                "{place}第 {} 行「{}」列：{}",
                self.row, self.column, self.reason
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
    /// The first row that names it, in file [`NewBranch::file`] of the plan.
    pub row: usize,
    #[serde(skip_serializing_if = "is_first")]
    pub file: usize,
}

/// How many of the first data rows the plan shows as read ([`ImportPlan::sample_rows`]).
pub const SAMPLE_ROWS: usize = 3;
/// How many updated members the plan details ([`ImportPlan::updates`]).
pub const UPDATE_DETAILS: usize = 20;

/// One field of a row as the import reads it (a value that does not read says so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadValue {
    pub field: Field,
    /// The field's Chinese name.
    pub label: &'static str,
    pub value: String,
}

/// One of the first data rows as the import reads it, so the admin sees before confirming
/// that each column means what they think.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleRow {
    #[serde(skip_serializing_if = "is_first")]
    pub file: usize,
    /// The sheet row number, as Excel shows it.
    pub row: usize,
    /// What becomes of the row: 新增 / 更新 / 不变 / 有问题，不导入.
    pub outcome: &'static str,
    /// Each mapped field, in [`Field::ALL`] order (and the birth date an ID number gives).
    pub values: Vec<ReadValue>,
}

/// One field an update changes, in the words the preview shows (ID numbers masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: Field,
    pub label: &'static str,
    pub before: String,
    pub after: String,
}

/// What a row changes about a member of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberUpdate {
    #[serde(skip_serializing_if = "is_first")]
    pub file: usize,
    pub row: usize,
    /// The member's id (their 学号).
    pub member: String,
    pub name: String,
    pub changes: Vec<Change>,
}

/// One file of an import, as the plan read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Its data rows (blank rows and a totals footer not counted).
    pub rows: usize,
    /// The 团支部 its rows go to, when the file has no branch column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Totals rows under its data, left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub footer_rows: Vec<usize>,
    /// The org its rows go to through `branch`, as the plan resolved it: a workspace
    /// branch, or one the plan creates (`branch_new`). `None` while no row got there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch_org: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub branch_new: bool,
}

impl FileSummary {
    /// `文件「a.xlsx」工作表「Sheet1」` or `文件「a.csv」`, as [`Table::place`].
    pub fn place(&self) -> String {
        crate::table::place(&self.file, self.sheet.as_deref())
    }
}

/// One picked file of an import: its table, how its columns map, and the 团支部 its rows
/// belong to when it has no branch column (as 智慧团建 exports one workbook per branch: the
/// branch is in the title or the file name, see [`crate::guess_branch`]).
#[derive(Debug, Clone, Copy)]
pub struct RosterFile<'a> {
    pub table: &'a Table,
    pub mapping: &'a Mapping,
    pub branch: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
/// The plan serializes as the report the CLI prints and the UI shows (without its commands).
/// `file`, `sheet` and `encoding` are the first file's; `files` lists them all.
pub struct ImportPlan {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The text encoding a CSV was read in (none for Excel files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// Data rows read in all files (blank rows not counted).
    pub rows: usize,
    /// Every file, in the order picked.
    pub files: Vec<FileSummary>,
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
    /// The first [`SAMPLE_ROWS`] data rows as read, good or bad.
    pub sample_rows: Vec<SampleRow>,
    /// What the first [`UPDATE_DETAILS`] updated members' rows change (`updated` counts
    /// them all).
    pub updates: Vec<MemberUpdate>,
    /// AddOrg for each new branch, then AddMember / EditMember in row order.
    #[serde(skip)]
    pub commands: Vec<Command>,
}

impl ImportPlan {
    /// Whether applying changes nothing.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// `文件「a.xlsx」…` of file `file` (for messages).
    pub fn place(&self, file: usize) -> String {
        self.files
            .get(file)
            .map_or_else(String::new, FileSummary::place)
    }

    /// The whole import as one command (one undoable step).
    pub fn command(&self) -> Command {
        let place = match (&self.sheet, self.files.len()) {
            (_, n) if n > 1 => format!("{} 等 {n} 个文件", self.file),
            (Some(s), _) => format!("{}（{s}）", self.file),
            (None, _) => self.file.clone(),
        };
        Command::Batch {
            label: format!("导入花名册 {place}"),
            commands: self.commands.clone(),
        }
    }
}

/// What the preview shows for a blank value.
const BLANK: &str = "（空）";

/// 政治面貌 as the roster export writes it (the record holds only whether a Party member).
fn party_text(party: bool) -> &'static str {
    if party {
        "中共党员"
    } else {
        "共青团员"
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "是"
    } else {
        "否"
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

/// Where else a repeated value is: `第 5、9 行也有`, `第 5、9、12、20、31 行等 8 行也有`, and
/// rows of other files by their name (`「b.xlsx」第 3 行也有`).
fn also_in(rows: &[(usize, usize)], except: (usize, usize), files: &[RosterFile<'_>]) -> String {
    // The first five only, and the count from the length (`rows` holds `except` once): a
    // value repeated on every one of 50,000 rows costs each row six steps, not 50,000.
    let total = rows.len().saturating_sub(1);
    let others: Vec<(usize, usize)> = rows
        .iter()
        .copied()
        .filter(|r| *r != except)
        .take(5)
        .collect();
    let mut parts: Vec<String> = Vec::new();
    let mut shown = 0;
    let mut at = 0;
    while at < others.len() && shown < 5 {
        let file = others[at].0;
        let mut numbers = Vec::new();
        while at < others.len() && others[at].0 == file && shown < 5 {
            numbers.push(others[at].1.to_string());
            at += 1;
            shown += 1;
        }
        let which = if file == except.0 {
            String::new()
        } else {
            format!("「{}」", files[file].table.file)
        };
        parts.push(format!("{which}第 {} 行", numbers.join("、")));
    }
    let more = if total > shown {
        format!("等 {total} 行")
    } else {
        String::new()
    };
    format!("{}{more}也有", parts.join("，"))
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
    plan_import_files(
        ws,
        &[RosterFile {
            table,
            mapping,
            branch: None,
        }],
        parent_for_new_branches,
    )
}

/// Plans the import of many files at once as [`plan_import`] does one: one plan, one
/// command. A file without a branch column puts its rows in its [`RosterFile::branch`];
/// a member or 学号 two files name is an error on the second row, as within one file.
pub fn plan_import_files(
    ws: &Workspace,
    files: &[RosterFile<'_>],
    parent_for_new_branches: Option<&str>,
) -> ImportPlan {
    let first = files.first();
    let mut plan = ImportPlan {
        file: first.map_or_else(String::new, |f| f.table.file.clone()),
        sheet: first.and_then(|f| f.table.sheet.clone()),
        encoding: first.and_then(|f| f.table.encoding_used.map(|e| e.label())),
        rows: files.iter().map(|f| f.table.rows.len()).sum(),
        files: files
            .iter()
            .map(|f| FileSummary {
                file: f.table.file.clone(),
                sheet: f.table.sheet.clone(),
                rows: f.table.rows.len(),
                branch: f
                    .branch
                    .map(str::trim)
                    .filter(|b| !b.is_empty() && f.mapping.column_of(Field::Branch).is_none())
                    .map(str::to_string),
                footer_rows: f.table.footer_rows.clone(),
                branch_org: None,
                branch_new: false,
            })
            .collect(),
        added: 0,
        updated: 0,
        unchanged: 0,
        new_branches: Vec::new(),
        unmapped_headers: unmapped(files),
        missing_columns: Vec::new(),
        problems: Vec::new(),
        bad_rows: Vec::new(),
        sample_rows: Vec::new(),
        updates: Vec::new(),
        commands: Vec::new(),
    };
    for f in files {
        let columns = Columns::of(f);
        if columns.col(Field::Name).is_none() {
            plan.missing_columns.push(if files.len() > 1 {
                format!("{}（{}）", Field::Name.label(), f.table.place())
            } else {
                Field::Name.label().into()
            });
        }
    }
    if !plan.missing_columns.is_empty() {
        return plan;
    }
    if let Some(problem) = parent_problem(ws, parent_for_new_branches) {
        plan.problems.push(problem);
        return plan;
    }
    let mut planner = Planner {
        ws,
        parent: parent_for_new_branches,
        known: Known::of(ws),
        repeated: Repeated::of(files),
        files,
        file: 0,
        plan,
        new_branch_at: HashMap::new(),
        next_branch: 1,
        next_member: 1,
        matched: HashMap::new(),
        member_commands: Vec::new(),
    };
    for (i, f) in files.iter().enumerate() {
        planner.file = i;
        for (row, cells) in &f.table.rows {
            planner.row(*row, cells);
        }
    }
    planner.finish()
}

/// Headers no field reads, of every file (each once; a set, since a sheet may have
/// thousands of blank-headed columns).
fn unmapped(files: &[RosterFile<'_>]) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for f in files {
        for h in f.mapping.unmapped() {
            if seen.insert(h.clone()) {
                out.push(h);
            }
        }
    }
    out
}

/// Where new branches go when the admin has not said: the school. A root that holds
/// branches itself, or has no 团委 below it, is the school (a workspace started blank, a
/// school's own with its 团总支s); a root above 团委s and no branch (a province, a system)
/// is not, and the school is the 团委 below it whose subtree holds the most members (the
/// first on a tie). `None` for a workspace without orgs. A school whose root holds only
/// college 团委s reads as a province here: the preview lets the admin choose.
pub fn default_parent(ws: &Workspace) -> Option<String> {
    let root = ws.root_id()?;
    let children: Vec<&Org> = ws
        .orgs
        .iter()
        .filter(|o| o.parent.as_deref() == Some(root))
        .collect();
    if children.iter().any(|o| o.kind == OrgKind::Branch) {
        return Some(root.to_string());
    }
    let parent_of: HashMap<&str, &str> = ws
        .orgs
        .iter()
        .filter_map(|o| Some((o.id.as_str(), o.parent.as_deref()?)))
        .collect();
    // Each member counted at the root's child above their branch (a bounded walk: a
    // workspace that has not been validated may hold a cycle).
    let mut held: HashMap<&str, usize> = HashMap::new();
    for m in &ws.members {
        let mut at = m.org.as_str();
        for _ in 0..=ws.orgs.len() {
            match parent_of.get(at) {
                Some(&p) if p == root => {
                    *held.entry(at).or_default() += 1;
                    break;
                }
                Some(&p) => at = p,
                None => break,
            }
        }
    }
    let mut best: Option<(&Org, usize)> = None;
    for o in children
        .into_iter()
        .filter(|o| o.kind == OrgKind::Committee)
    {
        let n = held.get(o.id.as_str()).copied().unwrap_or(0);
        if best.is_none_or(|(_, most)| n > most) {
            best = Some((o, n));
        }
    }
    Some(best.map_or(root, |(o, _)| o.id.as_str()).to_string())
}

/// Why the org chosen as the parent of new branches cannot be one.
fn parent_problem(ws: &Workspace, parent: Option<&str>) -> Option<String> {
    let p = parent?;
    match ws.org(p) {
        None => Some(format!("选作新团支部上级的组织「{p}」在工作区中不存在")),
        Some(o) if o.kind == OrgKind::Branch => Some(format!(
            "选作新团支部上级的「{}（{p}）」是团支部，团支部下面不能再有组织",
            o.name
        )),
        Some(_) => None,
    }
}

/// The mapped columns of a file's table.
#[derive(Clone, Copy)]
struct Columns<'a> {
    table: &'a Table,
    mapping: &'a Mapping,
}

impl<'a> Columns<'a> {
    fn of(f: &RosterFile<'a>) -> Columns<'a> {
        Columns {
            table: f.table,
            mapping: f.mapping,
        }
    }

    fn col(&self, f: Field) -> Option<usize> {
        self.mapping
            .column_of(f)
            .filter(|&i| i < self.table.headers.len())
    }

    /// The header a bad row names: the sheet's, or the field's label when no column holds it.
    fn head(&self, f: Field) -> String {
        self.col(f)
            .map_or_else(|| f.label().to_string(), |i| self.mapping.header(i))
    }

    fn cell(&self, cells: &[String], f: Field) -> String {
        self.col(f)
            .and_then(|i| cells.get(i))
            .map_or_else(String::new, |s| s.trim().to_string())
    }
}

/// The workspace's records by what a row names them by, built once.
struct Known<'a> {
    by_id_number: HashMap<String, usize>,
    by_id: HashMap<&'a str, usize>,
    orgs_by_name: HashMap<&'a str, Vec<usize>>,
    org_by_id: HashMap<&'a str, usize>,
    with_application: HashSet<&'a str>,
    used_member_ids: HashSet<String>,
    used_org_ids: HashSet<String>,
}

impl<'a> Known<'a> {
    fn of(ws: &'a Workspace) -> Known<'a> {
        let mut orgs_by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in ws.orgs.iter().enumerate() {
            orgs_by_name.entry(o.name.trim()).or_default().push(i);
        }
        Known {
            by_id_number: ws
                .members
                .iter()
                .enumerate()
                .filter_map(|(i, m)| Some((values::normalize_id_number(m.id_number.as_ref()?), i)))
                .collect(),
            by_id: ws
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.as_str(), i))
                .collect(),
            orgs_by_name,
            org_by_id: ws
                .orgs
                .iter()
                .enumerate()
                .map(|(i, o)| (o.id.as_str(), i))
                .collect(),
            with_application: ws.applications.iter().map(|a| a.member.as_str()).collect(),
            used_member_ids: ws.members.iter().map(|m| m.id.clone()).collect(),
            used_org_ids: ws.orgs.iter().map(|o| o.id.clone()).collect(),
        }
    }
}

/// A row of one of the files: `(file, sheet row)`.
type RowAt = (usize, usize);

/// Duplicates within the files: every row of a duplicated ID number or 学号 is bad.
struct Repeated {
    id_rows: HashMap<String, Vec<RowAt>>,
    no_rows: HashMap<String, Vec<RowAt>>,
}

impl Repeated {
    fn of(files: &[RosterFile<'_>]) -> Repeated {
        let mut id_rows: HashMap<String, Vec<RowAt>> = HashMap::new();
        let mut no_rows: HashMap<String, Vec<RowAt>> = HashMap::new();
        for (file, f) in files.iter().enumerate() {
            let columns = Columns::of(f);
            for (row, cells) in &f.table.rows {
                let idn = values::normalize_id_number(&columns.cell(cells, Field::IdNumber));
                // A masked number or Excel's scientific notation stands for many numbers:
                // two rows showing the same one may well be two people.
                if !idn.is_empty() && !is_masked_id_number(&idn) && !is_excel_notation(&idn) {
                    id_rows.entry(idn).or_default().push((file, *row));
                }
                let no = columns.cell(cells, Field::StudentNo);
                if !no.is_empty() {
                    no_rows.entry(no).or_default().push((file, *row));
                }
            }
        }
        Repeated { id_rows, no_rows }
    }
}

/// One row's cells, read (a value that does not read is `None`, with its error).
struct RowValues {
    name: String,
    idn: String,
    /// The ID number is well-formed.
    idn_ok: bool,
    /// The ID number is masked as this tool's exports show it (`5301112000****6153`): it
    /// can confirm a member found by 学号, never replace or create a number.
    idn_masked: bool,
    no: String,
    birth_text: String,
    birth: Option<NaiveDate>,
    plan: Option<Situation>,
    party: Option<bool>,
    post: Option<bool>,
    month: Option<String>,
    /// The branch cell as written.
    branch: String,
}

/// Where a row's member belongs.
struct Placement {
    org: Option<String>,
    /// The row names a branch to create under the chosen parent.
    create_branch: bool,
}

/// The plan being built, row by row.
struct Planner<'a> {
    ws: &'a Workspace,
    parent: Option<&'a str>,
    files: &'a [RosterFile<'a>],
    /// The file whose rows are being planned.
    file: usize,
    known: Known<'a>,
    repeated: Repeated,
    plan: ImportPlan,
    new_branch_at: HashMap<String, usize>,
    next_branch: u64,
    next_member: u64,
    /// Workspace member → the first row that matched them.
    matched: HashMap<usize, RowAt>,
    member_commands: Vec<Command>,
}

/// A row's errors: `(column header, reason)`, in the order found.
type Errors = Vec<(String, String)>;

impl<'a> Planner<'a> {
    fn columns(&self) -> Columns<'a> {
        Columns::of(&self.files[self.file])
    }

    /// `第 5 行`, or `「b.xlsx」第 5 行` for a row of another file than the one being planned.
    fn row_name(&self, (file, row): RowAt) -> String {
        if file == self.file {
            format!("第 {row} 行")
        } else {
            format!("「{}」第 {row} 行", self.files[file].table.file)
        }
    }

    /// `表` for one file, `所选文件` for many.
    fn within(&self) -> &'static str {
        if self.files.len() > 1 {
            "所选文件"
        } else {
            "表"
        }
    }

    fn err(&self, errors: &mut Errors, f: Field, reason: String) {
        errors.push((self.columns().head(f), reason));
    }

    /// One row: a bad row with every error found, or the commands it means. The first
    /// rows are also kept as read, for the preview.
    fn row(&mut self, row: usize, cells: &[String]) {
        let mut errors = Errors::new();
        let values = self.read(row, cells, &mut errors);
        let existing = self.who(&values, &mut errors);
        let placement = self.branch(&values, existing, &mut errors);
        self.conflicts(&values, existing, &placement, &mut errors);
        let sample = (self.plan.sample_rows.len() < SAMPLE_ROWS)
            .then(|| self.as_read(cells, &values, &placement));
        let outcome = if errors.is_empty() {
            self.accept(row, values, existing, placement)
        } else {
            let file = self.file;
            self.plan
                .bad_rows
                .extend(errors.into_iter().map(|(column, reason)| BadRow {
                    file,
                    row,
                    column,
                    reason,
                }));
            "有问题，不导入"
        };
        if let Some(values) = sample {
            self.plan.sample_rows.push(SampleRow {
                file: self.file,
                row,
                outcome,
                values,
            });
        }
    }

    /// The row's mapped fields as read: the value the import takes, or the text that does
    /// not read and why. ID numbers masked, branches by name.
    fn as_read(&self, cells: &[String], v: &RowValues, placement: &Placement) -> Vec<ReadValue> {
        let cell = |f: Field| self.columns().cell(cells, f);
        let unread = |f: Field| format!("「{}」（无法识别）", cell(f));
        let or_blank = |text: String| {
            if text.is_empty() {
                BLANK.to_string()
            } else {
                text
            }
        };
        // A file's own branch (no branch column) shows as the rows' branch.
        let file_branch = self.files[self.file]
            .branch
            .is_some_and(|b| !b.trim().is_empty());
        let mapped =
            |f: Field| self.columns().col(f).is_some() || f == Field::Branch && file_branch;
        let mut out = Vec::new();
        for f in Field::ALL {
            // A birth date an ID number gives shows even when no column holds one.
            if !(mapped(f) || f == Field::BirthDate && v.birth.is_some()) {
                continue;
            }
            let value = match f {
                Field::Name => or_blank(v.name.clone()),
                Field::IdNumber if v.idn.is_empty() => BLANK.to_string(),
                Field::IdNumber if v.idn_ok => mask_id_number(&v.idn),
                Field::IdNumber if v.idn_masked => format!("{}（已打码，按学号核对）", v.idn),
                Field::IdNumber if is_excel_notation(&v.idn) => format!("{}（无法识别）", v.idn),
                Field::IdNumber => format!("{}（无法识别）", mask_id_number(&v.idn)),
                Field::StudentNo => or_blank(v.no.clone()),
                Field::Branch => match (&placement.org, placement.create_branch) {
                    (Some(org), _) if v.branch.is_empty() => {
                        format!("{}（沿用）", self.org_name(org))
                    }
                    (Some(org), _) => self.org_name(org),
                    (None, true) => format!("{}（新建）", v.branch),
                    (None, false) if v.branch.is_empty() => BLANK.to_string(),
                    (None, false) => format!("「{}」（无法确定）", v.branch),
                },
                Field::BirthDate => match v.birth {
                    Some(d) if v.birth_text.is_empty() => format!("{d}（取自身份证号）"),
                    Some(d) => d.to_string(),
                    None if v.birth_text.is_empty() => BLANK.to_string(),
                    None => unread(f),
                },
                Field::Political => match v.party {
                    Some(p) => party_text(p).to_string(),
                    None if cell(f).is_empty() => BLANK.to_string(),
                    None => unread(f),
                },
                Field::Plan => match v.plan {
                    Some(p) => p.label().to_string(),
                    None if cell(f).is_empty() => BLANK.to_string(),
                    None => unread(f),
                },
                Field::LeaguePost => v.post.map_or(BLANK, yes_no).to_string(),
                Field::GraduationMonth => match &v.month {
                    Some(m) => m.clone(),
                    None if cell(f).is_empty() => BLANK.to_string(),
                    None => unread(f),
                },
            };
            out.push(ReadValue {
                field: f,
                label: f.label(),
                value,
            });
        }
        out
    }

    /// An org's name for the preview: the workspace's, or a branch the plan creates.
    fn org_name(&self, id: &str) -> String {
        match self.known.org_by_id.get(id) {
            Some(&i) => self.ws.orgs[i].name.clone(),
            None => self
                .plan
                .new_branches
                .iter()
                .find(|b| b.id == id)
                .map_or_else(|| id.to_string(), |b| b.name.clone()),
        }
    }

    /// What an edit changes, field by field, in the preview's words.
    fn changes(&self, before: &Member, after: &Member) -> Vec<Change> {
        let id_text = |m: &Member| m.id_number.as_deref().map_or(BLANK.into(), mask_id_number);
        let date = |d: Option<NaiveDate>| d.map_or(BLANK.into(), |d| d.to_string());
        let plan = |p: Option<Situation>| p.map_or(BLANK, |p| p.label()).to_string();
        let pairs = [
            (Field::Name, before.name.clone(), after.name.clone()),
            (Field::IdNumber, id_text(before), id_text(after)),
            (
                Field::Branch,
                self.org_name(&before.org),
                self.org_name(&after.org),
            ),
            (
                Field::BirthDate,
                date(before.birth_date),
                date(after.birth_date),
            ),
            (
                Field::Political,
                party_text(before.party_member).into(),
                party_text(after.party_member).into(),
            ),
            (Field::Plan, plan(before.plan), plan(after.plan)),
            (
                Field::LeaguePost,
                yes_no(before.holds_league_post).into(),
                yes_no(after.holds_league_post).into(),
            ),
        ];
        pairs
            .into_iter()
            .filter(|(_, b, a)| b != a)
            .map(|(field, before, after)| Change {
                field,
                label: field.label(),
                before,
                after,
            })
            .collect()
    }

    /// The row's 团支部: its branch column, or for a file without one the file's branch.
    fn branch_cell(&self, cells: &[String]) -> String {
        let columns = self.columns();
        match (columns.col(Field::Branch), self.files[self.file].branch) {
            (None, Some(b)) => b.trim().to_string(),
            _ => columns.cell(cells, Field::Branch),
        }
    }

    /// Reads the row's cells, noting every value that does not read.
    fn read(&self, row: usize, cells: &[String], errors: &mut Errors) -> RowValues {
        let cell = |f: Field| self.columns().cell(cells, f);
        for f in Field::ALL {
            if let Some(e) = values::excel_error(&cell(f)) {
                self.err(
                    errors,
                    f,
                    format!("是 Excel 的错误值「{e}」（公式没有算出结果），不是数据；请在 Excel 中改正这一格后再导入"),
                );
            }
        }
        let name = cell(Field::Name);
        if name.is_empty() {
            self.err(errors, Field::Name, "姓名为空".into());
        }
        let idn = values::normalize_id_number(&cell(Field::IdNumber));
        let mut idn_ok = false;
        let idn_masked = is_masked_id_number(&idn);
        if !idn.is_empty() && !idn_masked {
            match values::validate_id_number(&idn) {
                Err(reason) => self.err(errors, Field::IdNumber, reason),
                Ok(()) => idn_ok = true,
            }
            if let Some(rows) = self.repeated.id_rows.get(&idn).filter(|r| r.len() > 1) {
                self.err(
                    errors,
                    Field::IdNumber,
                    format!(
                        "身份证号{}在{}中重复（{}）",
                        if idn.chars().count() == 18 {
                            format!("「{}」", mask_id_number(&idn))
                        } else {
                            String::new()
                        },
                        self.within(),
                        also_in(rows, (self.file, row), self.files)
                    ),
                );
            }
        }
        let no = cell(Field::StudentNo);
        if let Some(rows) = self.repeated.no_rows.get(&no).filter(|r| r.len() > 1) {
            self.err(
                errors,
                Field::StudentNo,
                format!(
                    "学号「{no}」在{}中重复（{}）",
                    self.within(),
                    also_in(rows, (self.file, row), self.files)
                ),
            );
        }
        let birth_text = cell(Field::BirthDate);
        let birth: Option<NaiveDate> = if !birth_text.is_empty() {
            match values::parse_date(&birth_text) {
                Ok(d) => Some(d),
                Err(reason) => {
                    self.err(errors, Field::BirthDate, format!("出生日期{reason}"));
                    None
                }
            }
        } else if idn_ok && self.columns().col(Field::BirthDate).is_none() {
            values::birth_from_id(&idn)
        } else {
            None
        };
        let plan = match values::parse_plan(&cell(Field::Plan)) {
            Ok(p) => p,
            Err(reason) => {
                self.err(errors, Field::Plan, reason);
                None
            }
        };
        let party = match values::parse_party(&cell(Field::Political)) {
            Ok(p) => p,
            Err(reason) => {
                self.err(errors, Field::Political, reason);
                None
            }
        };
        let post = values::parse_yes_no(&cell(Field::LeaguePost));
        let month_text = cell(Field::GraduationMonth);
        let month = if month_text.is_empty() {
            None
        } else {
            match values::parse_month(&month_text) {
                Ok(m) => Some(m),
                Err(reason) => {
                    self.err(errors, Field::GraduationMonth, format!("毕业时间{reason}"));
                    None
                }
            }
        };
        RowValues {
            name,
            idn,
            idn_ok,
            idn_masked,
            no,
            birth_text,
            birth,
            plan,
            party,
            post,
            month,
            branch: self.branch_cell(cells),
        }
    }

    /// Who this row is: the workspace member with its ID number, else with its 学号 (unless
    /// the ID numbers differ), or with its 学号 when the number is masked; a member two rows
    /// name is an error on the second.
    fn who(&self, v: &RowValues, errors: &mut Errors) -> Option<usize> {
        let ws = self.ws;
        let existing = if v.idn_masked {
            self.by_masked_number(v, errors)
        } else {
            self.by_number(v, errors)
        };
        if let Some(i) = existing {
            if let Some(&first) = self.matched.get(&i) {
                self.err(
                    errors,
                    Field::Name,
                    format!(
                        "与{}是工作区中的同一名团员（{}，{}）",
                        self.row_name(first),
                        ws.members[i].name,
                        ws.members[i].id
                    ),
                );
            }
        }
        existing
    }

    /// A masked number (this tool's export without personal data) names no one by itself:
    /// the member is the one with the row's 学号, and the mask must be what their stored
    /// number shows. Their full number is kept. Found but not agreeing, they are still
    /// returned, so the row's other checks are about them.
    fn by_masked_number(&self, v: &RowValues, errors: &mut Errors) -> Option<usize> {
        let ws = self.ws;
        let shown = &v.idn;
        let found = self.known.by_id.get(v.no.as_str()).copied();
        let Some(i) = found.filter(|_| !v.no.is_empty()) else {
            let why = if self.columns().col(Field::StudentNo).is_none() {
                "表中没有「学号」列".to_string()
            } else if v.no.is_empty() {
                "这一行的学号为空".to_string()
            } else {
                format!("工作区中没有学号为「{}」的团员", v.no)
            };
            self.err(
                errors,
                Field::IdNumber,
                format!(
                    "身份证号「{shown}」是打码的号码，{why}，无法对应到已有团员；打码的号码不能用来新增团员。导入新团员请用勾选“包含完整身份证号”（导出个人信息）后导出的名单，或填写完整的身份证号"
                ),
            );
            return None;
        };
        let m = &ws.members[i];
        match m.id_number.as_deref().map(values::normalize_id_number) {
            Some(full) if mask_agrees(shown, &full) => {}
            Some(full) => self.err(
                errors,
                Field::IdNumber,
                format!(
                    "身份证号「{shown}」是打码的号码，与工作区中学号「{}」的{}的身份证号（{}）打码后不一致；请核对学号，或填写完整的身份证号",
                    v.no,
                    m.name,
                    mask_id_number(&full)
                ),
            ),
            None => self.err(
                errors,
                Field::IdNumber,
                format!(
                    "身份证号「{shown}」是打码的号码，而工作区中学号「{}」的{}没有身份证号，打码的号码无法补录；请填写完整的身份证号",
                    v.no, m.name
                ),
            ),
        }
        Some(i)
    }

    /// The member with the row's ID number, else with its 学号 (unless the ID numbers
    /// differ).
    fn by_number(&self, v: &RowValues, errors: &mut Errors) -> Option<usize> {
        let ws = self.ws;
        let mut existing = None;
        if v.idn_ok {
            existing = self.known.by_id_number.get(&v.idn).copied();
        }
        if existing.is_none() && !v.no.is_empty() {
            if let Some(&i) = self.known.by_id.get(v.no.as_str()) {
                let m = &ws.members[i];
                match m.id_number.as_deref().map(values::normalize_id_number) {
                    Some(theirs) if v.idn_ok && theirs != v.idn => self.err(
                        errors,
                        Field::IdNumber,
                        format!(
                            "学号「{}」在工作区中是{}（身份证号 {}），与表中的身份证号不同",
                            v.no,
                            m.name,
                            mask_id_number(&theirs)
                        ),
                    ),
                    _ => existing = Some(i),
                }
            }
        }
        existing
    }

    /// Where they belong: a member's own branch when the cell is blank, else the one branch
    /// of that id or name, a new branch an earlier row named, or one to create.
    fn branch(&self, v: &RowValues, existing: Option<usize>, errors: &mut Errors) -> Placement {
        let ws = self.ws;
        let branch_text = &v.branch;
        let mut org: Option<String> = None;
        let mut create_branch = false;
        if branch_text.is_empty() {
            match existing {
                Some(i) => org = Some(ws.members[i].org.clone()),
                None if self.columns().col(Field::Branch).is_none() => self.err(
                    errors,
                    Field::Branch,
                    if self.files.len() > 1 {
                        "表中没有「所在团支部」列，也没有写明这个文件的团支部，无法新增团员；请在预览中填写这个文件的团支部".into()
                    } else {
                        "表中没有「所在团支部」列，无法新增团员".into()
                    },
                ),
                None => self.err(errors, Field::Branch, "所在团支部为空".into()),
            }
        } else {
            let candidates: Vec<usize> = match self.known.org_by_id.get(branch_text.as_str()) {
                Some(&i) => vec![i],
                None => self
                    .known
                    .orgs_by_name
                    .get(branch_text.as_str())
                    .cloned()
                    .unwrap_or_default(),
            };
            match candidates.as_slice() {
                [i] if ws.orgs[*i].kind == OrgKind::Branch => org = Some(ws.orgs[*i].id.clone()),
                [i] => self.err(
                    errors,
                    Field::Branch,
                    format!(
                        "「{}」是{}，团员只能属于团支部",
                        branch_text,
                        ws.orgs[*i].kind.label()
                    ),
                ),
                [] => match (self.new_branch_at.get(branch_text), self.parent) {
                    (Some(&b), _) => org = Some(self.plan.new_branches[b].id.clone()),
                    (None, Some(_)) => create_branch = true,
                    (None, None) => self.err(
                        errors,
                        Field::Branch,
                        format!(
                            "工作区中没有名为「{branch_text}」的团支部；请先建好，或选择新团支部的上级组织"
                        ),
                    ),
                },
                many => self.err(
                    errors,
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
        Placement { org, create_branch }
    }

    /// What the commands would refuse: moving a member with an application, a birth date
    /// outside the plausible-age window.
    fn conflicts(
        &self,
        v: &RowValues,
        existing: Option<usize>,
        placement: &Placement,
        errors: &mut Errors,
    ) {
        let ws = self.ws;
        if let (Some(i), Some(o)) = (existing, &placement.org) {
            let m = &ws.members[i];
            if *o != m.org && self.known.with_application.contains(m.id.as_str()) {
                self.err(
                    errors,
                    Field::Branch,
                    format!(
                        "{}（{}）已有转接申请，所在团支部只能通过转接改变，不能由导入修改",
                        m.name, m.id
                    ),
                );
            }
        }
        if let Some(b) = v.birth {
            let changed = existing.is_none_or(|i| ws.members[i].birth_date != Some(b));
            // The engine's plausible-age window, as the commands and the workspace check hold it.
            if let Some(problem) = changed
                .then(|| zhuanjie_core::checks::birth_problem(b, ws.clock))
                .flatten()
            {
                self.err(
                    errors,
                    if v.birth_text.is_empty() {
                        Field::IdNumber
                    } else {
                        Field::BirthDate
                    },
                    problem.to_string(),
                );
            }
        }
    }

    /// A good row: the branch it creates, then an edit, an unchanged member or a new one.
    /// Returns what became of the row, in the preview's words.
    fn accept(
        &mut self,
        row: usize,
        v: RowValues,
        existing: Option<usize>,
        placement: Placement,
    ) -> &'static str {
        let Placement {
            mut org,
            create_branch,
        } = placement;
        let branch_text = &v.branch;
        if create_branch {
            if let Some(parent) = self.parent {
                let id = fresh("BR-", &mut self.next_branch, &self.known.used_org_ids);
                self.new_branch_at
                    .insert(branch_text.clone(), self.plan.new_branches.len());
                self.plan.new_branches.push(NewBranch {
                    id: id.clone(),
                    name: branch_text.clone(),
                    parent: parent.to_string(),
                    graduation_month: None,
                    row,
                    file: self.file,
                });
                org = Some(id);
            }
        }
        if let (Some(m), Some(&b)) = (&v.month, self.new_branch_at.get(branch_text)) {
            self.plan.new_branches[b]
                .graduation_month
                .get_or_insert(m.clone());
        }
        // `branch` has made the row bad unless it found or creates one.
        let Some(org) = org else {
            return "有问题，不导入";
        };
        // A file's own branch (no branch column): what it resolved to, for the preview.
        if self.columns().col(Field::Branch).is_none() && !branch_text.is_empty() {
            let summary = &mut self.plan.files[self.file];
            summary.branch_new = self.new_branch_at.contains_key(branch_text);
            summary.branch_org = Some(org.clone());
        }
        match existing {
            Some(i) => {
                self.matched.insert(i, (self.file, row));
                let before = &self.ws.members[i];
                let mut m = before.clone();
                m.name = v.name;
                if v.idn_ok {
                    m.id_number = Some(v.idn);
                }
                m.org = org;
                if v.birth.is_some() {
                    m.birth_date = v.birth;
                }
                if v.plan.is_some() {
                    m.plan = v.plan;
                }
                if let Some(p) = v.party {
                    m.party_member = p;
                }
                if let Some(p) = v.post {
                    m.holds_league_post = p;
                }
                if m == *before {
                    self.plan.unchanged += 1;
                    "不变"
                } else {
                    self.plan.updated += 1;
                    if self.plan.updates.len() < UPDATE_DETAILS {
                        let changes = self.changes(before, &m);
                        self.plan.updates.push(MemberUpdate {
                            file: self.file,
                            row,
                            member: m.id.clone(),
                            name: m.name.clone(),
                            changes,
                        });
                    }
                    self.member_commands.push(Command::EditMember { member: m });
                    "更新"
                }
            }
            None => {
                let id = if v.no.is_empty() {
                    fresh("R-", &mut self.next_member, &self.known.used_member_ids)
                } else {
                    v.no
                };
                self.known.used_member_ids.insert(id.clone());
                self.plan.added += 1;
                self.member_commands.push(Command::AddMember {
                    member: Member {
                        id,
                        name: v.name,
                        id_number: v.idn_ok.then_some(v.idn),
                        org,
                        birth_date: v.birth,
                        holds_league_post: v.post.unwrap_or(false),
                        party_member: v.party.unwrap_or(false),
                        plan: v.plan,
                        mark: None,
                    },
                });
                "新增"
            }
        }
    }

    /// AddOrg for each new branch, then the member commands in row order.
    fn finish(self) -> ImportPlan {
        let mut plan = self.plan;
        plan.commands = plan
            .new_branches
            .iter()
            .map(|b| Command::AddOrg {
                org: Org {
                    graduation_month: b.graduation_month.clone(),
                    ..Org::new(&b.id, &b.name, OrgKind::Branch, Some(&b.parent))
                },
            })
            .chain(self.member_commands)
            .collect();
        plan
    }
}
