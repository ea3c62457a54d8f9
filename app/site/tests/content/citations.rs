//! Every source clause cited on the site (`content/`) and in the engine's tables exists in
//! the seed it names. The clauses each seed really has are listed beside the content, in
//! `content/data/seed-clauses.toml`; a citation is a seed id alone, or a seed id, a space and
//! one of its labels (optionally followed by a circled number, a range `–`/`—` to another
//! label, or further labels after `、`).

use std::path::{Path, PathBuf};

use zhuanjie_core::rules;

use super::root;
use zhuanjie_site::cite::{self, ClauseTable};

fn clause_table() -> ClauseTable {
    let text = std::fs::read_to_string(root().join("content/data/seed-clauses.toml")).unwrap();
    ClauseTable::parse(&text).unwrap()
}

/// Every bad citation in `text`, as `line: citation: problem` (the grammar is the site's
/// own, `zhuanjie_site::cite`, which also renders the citations for readers).
fn check_text(text: &str, table: &ClauseTable) -> Vec<String> {
    cite::scan(text, Some(table))
        .into_iter()
        .filter_map(|c| {
            let problem = c.problem?;
            let line = text[..c.start].matches('\n').count() + 1;
            let context: String = text[c.start..].chars().take(16).collect();
            Some(format!("{line}: {context}: {problem}"))
        })
        .collect()
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

#[test]
fn the_checker_finds_bad_citations() {
    let table = clause_table();
    assert!(check_text("见 S004 2.4 和 S003 Q6、Q16。", &table).is_empty());
    assert!(check_text("（S004 1.1–1.3，S004 4.4 ②，S000 （二）①）", &table).is_empty());
    assert!(check_text("S002 的幻灯片", &table).is_empty());
    assert_eq!(check_text("见 S004 2.7。", &table).len(), 1);
    assert_eq!(check_text("见 S003 Q18。", &table).len(), 1);
    assert_eq!(check_text("见 S003 Q6、Q19。", &table).len(), 1);
    assert_eq!(check_text("见 S009。", &table).len(), 1);
    assert_eq!(check_text("见 S001 第九种方式。", &table).len(), 1);
}

#[test]
fn every_cited_clause_exists_in_its_seed() {
    let table = clause_table();
    let mut files = Vec::new();
    files_under(&root().join("content"), "md", &mut files);
    files_under(&root().join("app/core/src"), "rs", &mut files);
    assert!(files.len() > 40, "found only {} files", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for p in check_text(&text, &table) {
            problems.push(format!("{}:{p}", file.display()));
        }
    }
    // The engine's tables, citation by citation (each must be exactly a seed or seed + label).
    let table_sources = rules::OUTCOMES
        .iter()
        .flat_map(|o| o.sources.iter())
        .chain(rules::MODIFIERS.iter().flat_map(|m| m.sources.iter()));
    for clause in table_sources {
        let (id, label) = clause.split_once(' ').unwrap_or((clause, ""));
        match table.seeds.get(id) {
            None => problems.push(format!("rules table: {clause}: no such seed")),
            Some(labels) if !label.is_empty() && !labels.iter().any(|l| l == label) => {
                problems.push(format!("rules table: {clause}: no such clause"))
            }
            Some(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "citations of clauses the seeds do not have:\n{}",
        problems.join("\n")
    );
}
