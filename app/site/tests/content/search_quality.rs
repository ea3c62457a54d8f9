//! Search in students' words: each query of `tests/search-queries.toml` puts its page first
//! on the real site (`content/`), through the Rust twin of the page's search. The browser
//! test runs the same table through the page's `search.js`.

use super::root;
use zhuanjie_site::search::{search, suggestions, Index};

#[derive(serde::Deserialize)]
struct Table {
    queries: Vec<(String, String)>,
}

fn site_index() -> Index {
    let (files, _) =
        zhuanjie_site::generate(&root().join("content"), None).expect("content builds");
    let script = files
        .iter()
        .find(|f| f.path == "search-index.js")
        .expect("search index");
    Index::from_script(std::str::from_utf8(&script.bytes).unwrap()).expect("index reads back")
}

fn page(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

#[test]
fn student_queries_put_the_right_page_first() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search-queries.toml"),
    )
    .unwrap();
    let table: Table = toml::from_str(&text).unwrap();
    assert!(
        table.queries.len() >= 30,
        "the table needs at least 30 queries"
    );
    let index = site_index();
    let mut wrong = Vec::new();
    for (q, want) in &table.queries {
        let hits = search(&index, q);
        let first = hits.first().map(|h| page(&h.url)).unwrap_or("（没有结果）");
        if first != want {
            let top: Vec<&str> = hits.iter().take(3).map(|h| page(&h.url)).collect();
            wrong.push(format!("{q}: 第一位是 {first}，应为 {want}；前三 {top:?}"));
        }
    }
    println!(
        "{} / {} 个查询的第一位正确",
        table.queries.len() - wrong.len(),
        table.queries.len()
    );
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn nonsense_finds_nothing_and_gets_suggestions_that_find_something() {
    let index = site_index();
    assert!(search(&index, "量子纠缠zzq").is_empty());
    // A query with no page but words near the table's: the suggestions each find pages.
    let q = "研究生院";
    let hits = search(&index, q);
    let s = suggestions(&index, q);
    for w in &s {
        assert!(!search(&index, w).is_empty(), "{w}");
    }
    assert!(
        !hits.is_empty() || !s.is_empty(),
        "{q}: 既没有结果也没有建议"
    );
}
