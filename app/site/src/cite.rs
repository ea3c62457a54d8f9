//! Citations of the source documents in the content's text (`S004 2.1`, `S003 Q16`,
//! `S000 特别注意①`, `S004 2.1–2.6`), read by the engine's grammar
//! (`zhuanjie_core::sources::scan`) against the clause table of `content/data/`. The
//! generator shows each as a small mark naming the document in words, linked to the 资料来源
//! page, and reports a citation of a clause its seed does not have.

use std::collections::BTreeMap;

/// `seed-clauses.toml` under `content/data/`.
pub const CLAUSES_FILE: &str = "seed-clauses.toml";

#[derive(serde::Deserialize)]
struct Seed {
    labels: Vec<String>,
}

/// The clause labels per seed id.
#[derive(Debug, Clone, Default)]
pub struct ClauseTable {
    pub seeds: BTreeMap<String, Vec<String>>,
}

impl ClauseTable {
    pub fn parse(text: &str) -> Result<ClauseTable, String> {
        let seeds: BTreeMap<String, Seed> =
            toml::from_str(text).map_err(|e| format!("TOML 格式错误：{}", e.message().trim()))?;
        Ok(ClauseTable {
            seeds: seeds.into_iter().map(|(k, v)| (k, v.labels)).collect(),
        })
    }
}

pub use zhuanjie_core::sources::Citation;

/// Every citation in `text`, in order, read against the clause table when there is one.
pub fn scan(text: &str, table: Option<&ClauseTable>) -> Vec<Citation> {
    zhuanjie_core::sources::scan(text, table.map(|t| &t.seeds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_citations_by_shape_without_a_table() {
        let t = "先问（S004 2.1，S003 Q16）再说；见 S004 2.1–2.6 与 S002。";
        let found = scan(t, None);
        let parts: Vec<(&str, &str)> = found
            .iter()
            .map(|c| (c.id.as_str(), c.clause.as_str()))
            .collect();
        assert_eq!(
            parts,
            [
                ("S004", "2.1"),
                ("S003", "Q16"),
                ("S004", "2.1–2.6"),
                ("S002", "")
            ]
        );
        assert_eq!(&t[found[0].start..found[0].end], "S004 2.1");
    }

    #[test]
    fn the_table_reads_chinese_labels() {
        let table = ClauseTable::parse(
            "[S000]\nlabels = [\"特别注意\", \"特别注意①\", \"第一步\"]\n[S004]\nlabels = [\"2.1\", \"4.4\"]\n",
        )
        .expect("table");
        let t = "按（S000 特别注意①）和 S004 4.4 ② 办，S004 9.9 不存在。";
        let found = scan(t, Some(&table));
        assert_eq!(found[0].clause, "特别注意①");
        assert_eq!(found[1].clause, "4.4 ②");
        assert!(found[2].problem.is_some());
    }
}
