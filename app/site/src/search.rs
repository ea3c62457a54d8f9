//! The Chinese full-text search: the index shipped as `search-index.js` (a classic script that
//! assigns `window.ZJ_SEARCH_INDEX`, so it loads from `file://` where fetch cannot), and a Rust
//! twin of the algorithm in `assets/search.js` so tests can prove which page a query puts
//! first (`tests/search-queries.toml` is run through both).
//!
//! Why substring search: Chinese has no spaces, so word-based engines (mdBook's elasticlunr,
//! Pagefind) miss a query that spans their guessed word boundaries. Texts are tiny (a few
//! hundred KB), so a linear scan over normalised text is fast enough on a phone.
//!
//! Normalisation: full-width ASCII → half-width, A–Z → a–z, whitespace dropped, so "10天"
//! finds "10 天".
//!
//! Queries are read as people type them (`content/data/search-words.toml`, shipped in the
//! index): a query splits at whitespace and punctuation; inside a piece, a student's word
//! from the synonym table becomes a term that also matches the site's words for it (考研 →
//! 升学), and filler words (怎么办, 了, 吗 …) split the piece and are dropped. A term that no
//! page holds exactly may still hit where at least half of its character pairs occur in one
//! field (a partial hit, worth less). A page is a result when the terms it hits make up at
//! more than half of the query's characters (all of it for a one-term query).
//!
//! Ranking, integer arithmetic so both twins agree exactly: per term, a title hit 100, a
//! heading hit 30 (+10 for each further heading, up to three), a summary hit 20, body hits
//! one each up to 20; a hit through a synonym counts 4/5 of one in the words typed, a
//! partial hit 2/5. Each term is weighted by how few pages hold
//! it (`1 + 8N / (N + 4·df)`), the sum is scaled by the share of the query hit, a title that
//! holds the whole query gets +200, and an admin page keeps 3/5 of its score, so a
//! graduate's page comes first for the same hit.

use serde::{Deserialize, Serialize};

/// The synonym table's file under `content/data/`.
pub const WORDS_FILE: &str = "search-words.toml";

/// One row of the synonym table: students' words and the site's words for the same thing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Synonym {
    pub words: Vec<String>,
    pub terms: Vec<String>,
}

/// `search-words.toml`: filler words and synonyms.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Words {
    #[serde(default)]
    pub fillers: Vec<String>,
    #[serde(default)]
    pub synonyms: Vec<Synonym>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWords {
    format: Option<String>,
    version: Option<u32>,
    #[serde(default)]
    fillers: Vec<String>,
    #[serde(default)]
    synonyms: Vec<Synonym>,
}

const WORDS_FORMAT: &str = "zhuanjie-search-words";

impl Words {
    /// Reads the TOML table; an error carries the 1-based line and a Chinese message.
    pub fn parse(text: &str) -> Result<Words, (usize, String)> {
        let raw: RawWords = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| super::content::line_of(text, s.start))
                .unwrap_or(1);
            (line, format!("TOML 格式错误：{}", e.message().trim()))
        })?;
        if raw.format.as_deref() != Some(WORDS_FORMAT) {
            return Err((1, format!("须写明 format = \"{WORDS_FORMAT}\"")));
        }
        match raw.version {
            Some(1) => {}
            Some(v) => return Err((1, format!("不认识的版本 {v}（这一版只读 version = 1）"))),
            None => return Err((1, "须写明 version = 1".into())),
        }
        for (i, s) in raw.synonyms.iter().enumerate() {
            if s.words.iter().all(|w| w.trim().is_empty())
                || s.terms.iter().all(|t| t.trim().is_empty())
            {
                let line = nth_table_line(text, i);
                return Err((line, "这一组 [[synonyms]] 须有非空的 words 和 terms".into()));
            }
        }
        Ok(Words {
            fillers: raw
                .fillers
                .into_iter()
                .filter(|f| !f.trim().is_empty())
                .collect(),
            synonyms: raw.synonyms,
        })
    }
}

/// The line of the `i`-th `[[synonyms]]` header, for messages.
fn nth_table_line(text: &str, i: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[synonyms]]")
        .nth(i)
        .map(|(n, _)| n + 1)
        .unwrap_or(1)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Doc {
    /// dist-relative URL of the page.
    pub u: String,
    /// Title.
    pub t: String,
    /// Kind label shown with the result (指南 / 问答 / 页面 / 工具, 管理员 for admin pages).
    pub k: String,
    /// Summary.
    pub s: String,
    /// Sections: [anchor id, heading, text].
    pub x: Vec<(String, String, String)>,
    /// 1 for an admin page (ranked after a graduate's page for the same hit).
    #[serde(default)]
    pub a: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Index {
    pub v: u32,
    pub docs: Vec<Doc>,
    #[serde(default)]
    pub w: Words,
}

impl Index {
    pub fn to_script(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{\"v\":2,\"docs\":[]}".into());
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

fn norm(s: &str) -> Vec<char> {
    compact(s).0
}

/// Characters that end a piece of the query (after normalisation).
const BREAKS: &str = ",.!?;:'\"()<>/[]{}，。！？、；：“”‘’《》【】…—·~";

/// One query term: what was typed and what it also matches (itself first).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub text: Vec<char>,
    pub alts: Vec<Vec<char>>,
}

/// The longest entry of `list` that `chars[at..]` starts with.
fn longest_at<'a>(chars: &[char], at: usize, list: &'a [Vec<char>]) -> Option<&'a Vec<char>> {
    list.iter()
        .filter(|w| !w.is_empty() && chars[at..].starts_with(w))
        .max_by_key(|w| w.len())
}

/// The query's terms, at most 10.
pub fn terms(words: &Words, query: &str) -> Vec<Term> {
    let syn_words: Vec<(Vec<char>, usize)> = words
        .synonyms
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.words.iter().map(move |w| (norm(w), i)))
        .collect();
    let syn_list: Vec<Vec<char>> = syn_words.iter().map(|(w, _)| w.clone()).collect();
    let fillers: Vec<Vec<char>> = words.fillers.iter().map(|f| norm(f)).collect();
    let mut out: Vec<Term> = Vec::new();
    // Terms keep the order typed; a repeated one is kept once.
    let push = |out: &mut Vec<Term>, t: Term| {
        if !t.text.is_empty() && !out.iter().any(|o| o.text == t.text) {
            out.push(t);
        }
    };
    let plain = |text: Vec<char>| Term {
        alts: vec![text.clone()],
        text,
    };
    let spaced: String = query
        .chars()
        .map(|c| {
            let n = norm_char(c).unwrap_or(' ');
            if BREAKS.contains(n) {
                ' '
            } else {
                c
            }
        })
        .collect();
    for piece in spaced.split_whitespace() {
        let chars = norm(piece);
        let mut pending: Vec<char> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if let Some(w) = longest_at(&chars, i, &syn_list) {
                push(&mut out, plain(std::mem::take(&mut pending)));
                let row = syn_words
                    .iter()
                    .find(|(x, _)| x == w)
                    .map(|(_, r)| *r)
                    .unwrap_or(0);
                let mut alts = vec![w.clone()];
                for t in &words.synonyms[row].terms {
                    let t = norm(t);
                    if !t.is_empty() && !alts.contains(&t) {
                        alts.push(t);
                    }
                }
                push(
                    &mut out,
                    Term {
                        text: w.clone(),
                        alts,
                    },
                );
                i += w.len();
            } else if let Some(f) = longest_at(&chars, i, &fillers) {
                push(&mut out, plain(std::mem::take(&mut pending)));
                i += f.len();
            } else {
                pending.push(chars[i]);
                i += 1;
            }
        }
        push(&mut out, plain(pending));
    }
    // A lone character left between fillers ("转", "办") matches nearly every page: drop it
    // when the query has a longer term.
    if out.iter().any(|t| t.text.len() > 1) {
        out.retain(|t| t.text.len() > 1);
    }
    out.truncate(10);
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

fn contains(hay: &[char], needle: &[char]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The distinct character pairs of a term (for partial hits).
fn pairs(t: &[char]) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = Vec::new();
    for w in t.windows(2) {
        if !out.iter().any(|o| o == w) {
            out.push(w.to_vec());
        }
    }
    out
}

/// Occurrences of the term in one field: the best alternative's count.
fn exact_count(field: &[char], t: &Term) -> usize {
    t.alts
        .iter()
        .map(|a| find_all(field, a).len())
        .max()
        .unwrap_or(0)
}

/// Whether at least half of the term's character pairs occur in the field.
fn partial_in(field: &[char], ps: &[Vec<char>]) -> bool {
    if ps.is_empty() {
        return false;
    }
    let n = ps.iter().filter(|p| contains(field, p)).count();
    n > 0 && n * 2 >= ps.len()
}

struct Prepared {
    title: Vec<char>,
    summary: Vec<char>,
    heads: Vec<Vec<char>>,
    bodies: Vec<Vec<char>>,
}

fn prepare(doc: &Doc) -> Prepared {
    Prepared {
        title: norm(&doc.t),
        summary: norm(&doc.s),
        heads: doc.x.iter().map(|s| norm(&s.1)).collect(),
        bodies: doc.x.iter().map(|s| norm(&s.2)).collect(),
    }
}

/// How one term hits one page: its score before weighting (0: no hit), whether the hit is
/// only partial, and its hits per section (for choosing the snippet).
struct TermHit {
    score: u64,
    partial: bool,
    sections: Vec<u64>,
}

fn term_hit(p: &Prepared, t: &Term) -> TermHit {
    let score_with = |count: &dyn Fn(&[char]) -> usize| {
        let mut s = 0u64;
        if count(&p.title) > 0 {
            s += 100;
        }
        let heads = p.heads.iter().filter(|h| count(h) > 0).count() as u64;
        if heads > 0 {
            s += 30 + 10 * (heads.min(3) - 1);
        }
        if count(&p.summary) > 0 {
            s += 20;
        }
        let body: u64 = p.bodies.iter().map(|b| count(b) as u64).sum();
        s += body.min(20);
        let sections = p
            .heads
            .iter()
            .zip(&p.bodies)
            .map(|(h, b)| 3 * count(h) as u64 + count(b) as u64)
            .collect();
        (s, sections)
    };
    // What was typed counts fully; a synonym of it a little less, so a page in the
    // student's own words comes first.
    let (typed, _) = score_with(&|f: &[char]| find_all(f, &t.text).len());
    let (meant, sections) = score_with(&|f: &[char]| exact_count(f, t));
    let score = typed.max(meant * 4 / 5);
    if score > 0 || t.text.len() < 3 {
        return TermHit {
            score,
            partial: false,
            sections,
        };
    }
    let ps = pairs(&t.text);
    let (score, sections) = score_with(&|f: &[char]| usize::from(partial_in(f, &ps)));
    TermHit {
        score: score * 2 / 5,
        partial: true,
        sections,
    }
}

fn escape(s: &str) -> String {
    super::layout::esc(s)
}

/// The snippet: about 80 characters of `text` around its first match, matches marked.
fn snippet(text: &str, needles: &[Vec<char>]) -> String {
    let orig: Vec<char> = text.chars().collect();
    let (c, map) = compact(text);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for t in needles {
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
    let terms = terms(&index.w, query);
    if terms.is_empty() {
        return Vec::new();
    }
    let prepared: Vec<Prepared> = index.docs.iter().map(prepare).collect();
    let table: Vec<Vec<TermHit>> = prepared
        .iter()
        .map(|p| terms.iter().map(|t| term_hit(p, t)).collect())
        .collect();
    let n = index.docs.len() as u64;
    let weights: Vec<u64> = (0..terms.len())
        .map(|k| {
            let df = table.iter().filter(|row| row[k].score > 0).count() as u64;
            1 + 8 * n / (n + 4 * df).max(1)
        })
        .collect();
    let total: u64 = terms.iter().map(|t| t.text.len() as u64).sum();
    let phrase: Vec<char> = terms.iter().flat_map(|t| t.text.clone()).collect();
    let mut hits: Vec<(u64, usize, Hit)> = Vec::new();
    for (di, (doc, row)) in index.docs.iter().zip(&table).enumerate() {
        let p = &prepared[di];
        let hit_len: u64 = terms
            .iter()
            .zip(row)
            .filter(|(_, h)| h.score > 0)
            .map(|(t, _)| t.text.len() as u64)
            .sum();
        if hit_len == 0 || (terms.len() > 1 && hit_len * 2 <= total) {
            continue;
        }
        let mut score: u64 = row.iter().zip(&weights).map(|(h, w)| h.score * w).sum();
        if terms.len() > 1 && contains(&p.title, &phrase) {
            score += 200;
        }
        score = score * hit_len / total;
        if doc.a == 1 {
            score = score * 3 / 5;
        }
        let mut best: Option<(usize, u64)> = None;
        for i in 0..doc.x.len() {
            let s: u64 = row.iter().map(|h| h.sections[i]).sum();
            if s > 0 && best.is_none_or(|(_, m)| s > m) {
                best = Some((i, s));
            }
        }
        let needles = needles(&terms, row);
        let (url, text) = match best {
            Some((i, _)) => {
                let id = &doc.x[i].0;
                let url = if id.is_empty() {
                    doc.u.clone()
                } else {
                    format!("{}#{id}", doc.u)
                };
                let text = if p.bodies[i].is_empty()
                    || !needles.iter().any(|nd| contains(&p.bodies[i], nd))
                {
                    format!("{}：{}", doc.x[i].1, doc.x[i].2)
                } else {
                    doc.x[i].2.clone()
                };
                (url, text)
            }
            None => (doc.u.clone(), doc.s.clone()),
        };
        hits.push((
            score,
            di,
            Hit {
                url,
                title: doc.t.clone(),
                score,
                snippet: snippet(&text, &needles),
            },
        ));
    }
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    hits.into_iter().map(|h| h.2).collect()
}

/// What to mark: every alternative of a term that hit exactly, the pairs of a partial one.
fn needles(terms: &[Term], row: &[TermHit]) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = Vec::new();
    for (t, h) in terms.iter().zip(row) {
        if h.score == 0 {
            continue;
        }
        let list = if h.partial {
            pairs(&t.text)
        } else {
            t.alts.clone()
        };
        for x in list {
            if !out.contains(&x) {
                out.push(x);
            }
        }
    }
    out
}

/// For a query with no result: up to five words of the synonym table (students' words and
/// the site's) that share the most character pairs with it, each of which finds pages.
pub fn suggestions(index: &Index, query: &str) -> Vec<String> {
    let q = norm(query);
    let qp = pairs(&q);
    let mut seen: Vec<String> = Vec::new();
    let mut scored: Vec<(usize, usize, String)> = Vec::new();
    for s in &index.w.synonyms {
        for w in s.terms.iter().chain(&s.words) {
            if seen.contains(w) {
                continue;
            }
            seen.push(w.clone());
            let wn = norm(w);
            let shared_pairs = pairs(&wn).iter().filter(|p| qp.contains(p)).count();
            let shared_chars = wn
                .iter()
                .enumerate()
                .filter(|(i, c)| q.contains(c) && !wn[..*i].contains(c))
                .count();
            let score = 3 * shared_pairs + shared_chars;
            if score >= 2 {
                scored.push((score, scored.len(), w.clone()));
            }
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .map(|s| s.2)
        .filter(|w| !search(index, w).is_empty())
        .take(5)
        .collect()
}

/// Site words of the synonym table that no page holds (the generator reports them).
pub fn missing_terms(index: &Index) -> Vec<String> {
    let texts: Vec<Vec<char>> = index
        .docs
        .iter()
        .flat_map(|d| {
            let mut v = vec![norm(&d.t), norm(&d.s)];
            for x in &d.x {
                v.push(norm(&x.1));
                v.push(norm(&x.2));
            }
            v
        })
        .collect();
    let mut out = Vec::new();
    for s in &index.w.synonyms {
        for t in &s.terms {
            let n = norm(t);
            if !texts.iter().any(|x| contains(x, &n)) && !out.contains(t) {
                out.push(t.clone());
            }
        }
    }
    out
}
