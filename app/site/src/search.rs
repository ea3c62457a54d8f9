//! The Chinese full-text search: the index shipped as `search-index.js` (a classic script that
//! assigns `window.ZJ_SEARCH_INDEX`, so it loads from `file://` where fetch cannot), and a Rust
//! twin of the algorithm in `assets/search.js` so tests can prove queries hit.
//!
//! Why substring search: Chinese has no spaces, so word-based engines (mdBook's elasticlunr,
//! Pagefind) miss a query that spans their guessed word boundaries. Texts are tiny (a few
//! hundred KB), so a linear scan over normalised text is fast enough on a phone.
//!
//! Normalisation (same in JS): full-width ASCII → half-width, A–Z → a–z, and whitespace is
//! dropped, so "10天" finds "10 天". The query is split on whitespace into terms; a page hits
//! when every term occurs in its title, headings, summary or body. Score: title hits ×100,
//! heading hits ×20, body hits (at most 30 per term), plus a bonus when the terms occur
//! together as one phrase.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Doc {
    /// dist-relative URL of the page.
    pub u: String,
    /// Title.
    pub t: String,
    /// Kind label shown with the result (指南 / 问答 / 页面).
    pub k: String,
    /// Summary.
    pub s: String,
    /// Sections: [anchor id, heading, text].
    pub x: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Index {
    pub v: u32,
    pub docs: Vec<Doc>,
}

impl Index {
    pub fn to_script(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{\"v\":1,\"docs\":[]}".into());
        format!("window.ZJ_SEARCH_INDEX={json};\n")
    }

    /// Reads back what [`Index::to_script`] wrote.
    pub fn from_script(script: &str) -> Option<Index> {
        let json = script
            .trim()
            .strip_prefix("window.ZJ_SEARCH_INDEX=")?
            .strip_suffix(';')?;
        serde_json::from_str(json).ok()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub score: u64,
    /// HTML: escaped text with matches in `<mark>`.
    pub snippet: String,
}

fn norm_char(c: char) -> Option<char> {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_whitespace() {
        None
    } else {
        Some(c.to_ascii_lowercase())
    }
}

/// Normalised text without whitespace plus, per kept char, its char index in the original.
fn compact(s: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::new();
    let mut map = Vec::new();
    for (i, c) in s.chars().enumerate() {
        if let Some(n) = norm_char(c) {
            chars.push(n);
            map.push(i);
        }
    }
    (chars, map)
}

pub fn terms(query: &str) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = Vec::new();
    let spaced: String = query
        .chars()
        .map(|c| if c as u32 == 0x3000 { ' ' } else { c })
        .collect();
    for word in spaced.split_whitespace() {
        let (t, _) = compact(word);
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
        if out.len() == 10 {
            break;
        }
    }
    out
}

fn find_all(hay: &[char], needle: &[char]) -> Vec<usize> {
    let mut found = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return found;
    }
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == *needle {
            found.push(i);
            i += needle.len();
        } else {
            i += 1;
        }
    }
    found
}

fn escape(s: &str) -> String {
    super::layout::esc(s)
}

/// The snippet: about 80 characters of `text` around its first match, matches marked.
fn snippet(text: &str, terms: &[Vec<char>]) -> String {
    let orig: Vec<char> = text.chars().collect();
    let (c, map) = compact(text);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for t in terms {
        for p in find_all(&c, t) {
            ranges.push((map[p], map[p + t.len() - 1] + 1));
        }
    }
    ranges.sort();
    let first = ranges.first().map(|r| r.0).unwrap_or(0);
    let start = first.saturating_sub(20);
    let end = (start + 80).min(orig.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    for (a, b) in ranges {
        if b <= pos || a >= end {
            continue;
        }
        let a = a.max(pos);
        let b = b.min(end);
        out.push_str(&escape(&orig[pos..a].iter().collect::<String>()));
        out.push_str("<mark>");
        out.push_str(&escape(&orig[a..b].iter().collect::<String>()));
        out.push_str("</mark>");
        pos = b;
    }
    out.push_str(&escape(&orig[pos..end].iter().collect::<String>()));
    if end < orig.len() {
        out.push('…');
    }
    out
}

/// Same algorithm as `assets/search.js`.
pub fn search(index: &Index, query: &str) -> Vec<Hit> {
    let terms = terms(query);
    if terms.is_empty() {
        return Vec::new();
    }
    let phrase: Vec<char> = terms.concat();
    let mut hits: Vec<(u64, usize, Hit)> = Vec::new();
    for (di, doc) in index.docs.iter().enumerate() {
        let title = compact(&doc.t).0;
        let summary = compact(&doc.s).0;
        let heads: Vec<Vec<char>> = doc.x.iter().map(|s| compact(&s.1).0).collect();
        let bodies: Vec<Vec<char>> = doc.x.iter().map(|s| compact(&s.2).0).collect();
        let mut score = 0u64;
        let mut all = true;
        let mut best: Option<(usize, usize)> = None; // (section, body hits)
        let mut sec_hits = vec![0usize; doc.x.len()];
        for t in &terms {
            let th = find_all(&title, t).len() as u64;
            let hh: u64 = heads.iter().map(|h| find_all(h, t).len() as u64).sum();
            let sh = find_all(&summary, t).len() as u64;
            let mut bh = 0u64;
            for (i, b) in bodies.iter().enumerate() {
                let n = find_all(b, t).len();
                sec_hits[i] += n;
                bh += n as u64;
            }
            if th + hh + sh + bh == 0 {
                all = false;
                break;
            }
            score += th * 100 + hh * 20 + (sh + bh).min(30);
        }
        if !all {
            continue;
        }
        if terms.len() > 1 {
            if !find_all(&title, &phrase).is_empty() {
                score += 200;
            } else if heads
                .iter()
                .chain(bodies.iter())
                .chain(std::iter::once(&summary))
                .any(|h| !find_all(h, &phrase).is_empty())
            {
                score += 30;
            }
        }
        for (i, n) in sec_hits.iter().enumerate() {
            if *n > 0 && best.is_none_or(|(_, m)| *n > m) {
                best = Some((i, *n));
            }
        }
        // No body hit: fall back to the first section whose heading matched, shown as
        // "heading：text", so the snippet still marks the query.
        let head_hit = heads
            .iter()
            .position(|h| terms.iter().any(|t| !find_all(h, t).is_empty()));
        let section_url = |i: usize| {
            let id = &doc.x[i].0;
            if id.is_empty() {
                doc.u.clone()
            } else {
                format!("{}#{id}", doc.u)
            }
        };
        let (url, text) = match (best, head_hit) {
            (Some((i, _)), _) => (section_url(i), doc.x[i].2.clone()),
            (None, Some(i)) => (section_url(i), format!("{}：{}", doc.x[i].1, doc.x[i].2)),
            (None, None) => (doc.u.clone(), doc.s.clone()),
        };
        hits.push((
            score,
            di,
            Hit {
                url,
                title: doc.t.clone(),
                score,
                snippet: snippet(&text, &terms),
            },
        ));
    }
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    hits.into_iter().map(|h| h.2).collect()
}
