//! Which 团支部 a file is: 智慧团建 exports one workbook per branch, and the branch is in
//! the title row above the header (`软件2201团支部团员名单`) or in the file name the admin
//! saved it under. [`guess_branch`] reads both; the preview shows the guess, where it came
//! from, and lets the admin change it.

use serde::Serialize;
use zhuanjie_core::workspace::OrgKind;
use zhuanjie_core::Workspace;

use crate::mapping::Field;
use crate::table::Table;
use crate::Mapping;

/// Where a file's branch was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BranchFrom {
    /// The title row above the header.
    Title,
    /// The file's name.
    FileName,
}

impl BranchFrom {
    pub fn label(self) -> &'static str {
        match self {
            BranchFrom::Title => "取自标题行",
            BranchFrom::FileName => "取自文件名",
        }
    }
}

/// A file's branch as read, and from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchGuess {
    pub name: String,
    pub from: BranchFrom,
}

/// Words that frame a branch's name in titles and file names and are not part of it.
const FRAME_WORDS: [&str; 12] = [
    "团员花名册",
    "团员名单",
    "团员信息表",
    "团员信息",
    "花名册",
    "名单",
    "信息表",
    "导出",
    "毕业团员",
    "毕业生",
    "团员",
    "副本",
];

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || "\u{3000}/\\|_-—–·.,，、:：;；()（）[]【】{}「」『』《》<>\"'“”‘’#".contains(c)
}

/// The runs of a text between separators.
fn runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_separator).filter(|r| !r.is_empty())
}

/// The first run naming a 团支部, cut after `团支部` (`计算机学院软件2201团支部团员信息` →
/// `计算机学院软件2201团支部`).
fn named_branch(text: &str) -> Option<String> {
    runs(text).find_map(|run| {
        let end = run.find("团支部")? + "团支部".len();
        Some(run[..end].to_string())
    })
}

/// A file name without its extension, a copy's `(1)` and the framing words.
fn file_stem(file: &str) -> String {
    let stem = match file.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.len() <= 5 => stem,
        _ => file,
    };
    let mut stem = stem.trim().to_string();
    // `名单(1)` / `名单 (2)` / `名单（3）`: the browser's copies.
    loop {
        let trimmed = stem.trim_end();
        let Some(open) = trimmed.rfind(['(', '（']) else {
            break;
        };
        let inner = trimmed[open..]
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）']);
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
            stem = trimmed[..open].to_string();
        } else {
            break;
        }
    }
    stem
}

/// The longest run of the stem left once the framing words are out (`2026届软件2201班_团员名单`
/// → `2026届软件2201班`), if any is left that is not a number alone.
fn stem_branch(stem: &str) -> Option<String> {
    let mut cleaned = stem.to_string();
    for w in FRAME_WORDS {
        cleaned = cleaned.replace(w, " ");
    }
    // A year or a cohort alone (`2026`, `2026届`, `22级`) names no branch.
    runs(&cleaned)
        .filter(|r| {
            !r.chars()
                .all(|c| c.is_ascii_digit() || "届级年".contains(c))
        })
        .max_by_key(|r| r.chars().count())
        .map(str::to_string)
}

/// A branch name without its `团支部` (`2022级2班团支部` and `2022级2班` are one branch).
fn core_name(name: &str) -> &str {
    let name = name.trim();
    name.strip_suffix("团支部").unwrap_or(name)
}

/// The workspace branch a guessed name means: one of that name, else the one whose name
/// the guess ends with (`计算机学院软件2201团支部` is the workspace's `软件2201团支部`, and
/// `2022级2班团支部` its `2022级2班`), the longest such name when several do.
fn existing_branch(ws: &Workspace, guess: &str) -> Option<String> {
    let guess_core = core_name(guess);
    let mut best: Option<&str> = None;
    for o in ws.orgs.iter().filter(|o| o.kind == OrgKind::Branch) {
        let name = o.name.trim();
        if name == guess.trim() {
            return Some(name.to_string());
        }
        let core = core_name(name);
        if !core.is_empty()
            && guess_core.ends_with(core)
            && best.is_none_or(|b| name.chars().count() > b.chars().count())
        {
            best = Some(name);
        }
    }
    best.map(str::to_string)
}

/// The branch a file's rows belong to when it has no branch column: a `…团支部` in the title,
/// else in the file name, else (for one of `many` files picked together, each a branch's
/// export) what the file name says once the framing words are out. An existing branch the
/// guess ends with is taken as meant. `None` when the file has a branch column (each row
/// says its own) or nothing is left to guess from.
pub fn guess_branch(
    ws: &Workspace,
    table: &Table,
    mapping: &Mapping,
    many: bool,
) -> Option<BranchGuess> {
    if mapping.column_of(Field::Branch).is_some() {
        return None;
    }
    let stem = file_stem(&table.file);
    let (name, from) = table
        .title
        .as_deref()
        .and_then(named_branch)
        .map(|n| (n, BranchFrom::Title))
        .or_else(|| named_branch(&stem).map(|n| (n, BranchFrom::FileName)))
        .or_else(|| {
            many.then(|| stem_branch(&stem))
                .flatten()
                .map(|n| (n, BranchFrom::FileName))
        })?;
    let name = existing_branch(ws, &name).unwrap_or(name);
    Some(BranchGuess { name, from })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_titles_and_file_names() {
        assert_eq!(
            named_branch("计算机学院软件2201团支部团员信息 / 导出时间 2026-06-01").as_deref(),
            Some("计算机学院软件2201团支部")
        );
        assert_eq!(
            named_branch("团员名单（软件2201团支部）").as_deref(),
            Some("软件2201团支部")
        );
        assert_eq!(file_stem("软件2201团支部(1).xlsx"), "软件2201团支部");
        assert_eq!(file_stem("名单 （2）.csv"), "名单 ");
        assert_eq!(
            stem_branch("2026届软件2201班_团员名单").as_deref(),
            Some("2026届软件2201班")
        );
        assert_eq!(stem_branch("团员名单"), None);
        assert_eq!(stem_branch("2026"), None);
        assert_eq!(stem_branch("2026届毕业生花名册"), None);
    }
}
