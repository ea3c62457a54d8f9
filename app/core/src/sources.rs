//! The five source documents every rule cites (`S000`…`S004`, by the seed files' prefixes),
//! named for a reader: who wrote it, when, which edition. The engine and the tests keep the
//! codes; everything a reader sees (the guide's citation marks and 依据 lists, the 资料来源
//! page, the checker's sources) names the document through this table.

use std::collections::BTreeMap;

/// One source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    /// `S000`…`S004`: the code the rules and the content cite.
    pub id: &'static str,
    /// A few characters for a citation mark (“团中央指引 2.1”).
    pub short: &'static str,
    /// The document's own title, in 《》.
    pub title: &'static str,
    /// Who issued it, as far as the document itself says.
    pub issuer: &'static str,
    /// When, as far as the document itself says.
    pub date: &'static str,
    /// What kind of document it is and how far it reaches.
    pub about: &'static str,
}

/// The documents, the authority first.
pub const DOCUMENTS: [Document; 5] = [
    Document {
        id: "S004",
        short: "团中央指引",
        title: "《“智慧团建”系统毕业生团员组织关系转接工作指引》（3.0 版）",
        issuer: "共青团中央基层建设部",
        date: "2021 年 6 月",
        about: "全国通用的正式规定，本指南以它为准；附有系统操作说明和常见问题。资料之间有出入时，以这份为准。",
    },
    Document {
        id: "S003",
        short: "转接问答",
        title: "《智慧团建团关系转接办理转出问题及解决方法》",
        issuer: "未署名",
        date: "未写日期（文中截图的文件名是 2019 年 9 月）",
        about: "一份 17 问的问答汇编；其中的审批时限（15 天不审核就默认通过）是 2019 版系统的规则，2021 版已经改了。",
    },
    Document {
        id: "S002",
        short: "学院培训课件",
        title: "《2020 届毕业团籍转接培训》",
        issuer: "一所高校的软件与大数据学院",
        date: "2019 年 11 月 6 日",
        about: "一个学院给本院毕业生的培训课件，讲 2019 版系统的操作和规则，其中的安排只适用于该学院。",
    },
    Document {
        id: "S001",
        short: "上理工流程图",
        title: "《2020 年上海理工大学毕业生团员办理团组织关系转出操作流程图》",
        issuer: "上海理工大学",
        date: "2020 年",
        about: "一所学校的转出操作流程，讲 2019 版系统的八种转出方式，其中的安排只适用于该校。",
    },
    Document {
        id: "S000",
        short: "高校手册",
        title: "《毕业生智慧团建转出操作手册》",
        issuer: "一所高校（写给本校“硕 2023 届”毕业生）",
        date: "2023 年",
        about: "一所学校给本校毕业研究生的手册（转接安排在 3、4 月），讲 2021 版系统的操作、本校分阶段的时间安排和常见问题；其中的日期和组织名称只适用于该校。",
    },
];

/// The document a citation code names (`S004`, or a citation such as `S004 2.1`).
pub fn document(citation: &str) -> Option<&'static Document> {
    let id = citation.split_whitespace().next()?;
    DOCUMENTS.iter().find(|d| d.id == id)
}

/// A citation as a reader sees it: `S004 2.1` → `团中央指引 2.1`; `S003 Q16` → `转接问答
/// Q16`. An unknown code stays as written.
pub fn citation_label(citation: &str) -> String {
    let citation = citation.trim();
    match document(citation) {
        Some(d) => {
            let clause = citation[d.id.len()..].trim();
            if clause.is_empty() {
                d.short.to_string()
            } else {
                format!("{} {clause}", d.short)
            }
        }
        None => citation.to_string(),
    }
}

/// The document named in full for a title attribute or a list: issuer, title, date.
pub fn document_line(d: &Document) -> String {
    format!("{}{}，{}", d.issuer, d.title, d.date)
}

// Citations inside a text. The grammar: a seed id (`S00` and a digit) not next to a letter
// or digit, then optionally a space and a clause label, then optionally a circled number, a
// range (`–`, `—`) to another label, or further labels after `、`. The labels each seed
// really has are listed in `content/data/seed-clauses.toml` (the site passes them in); without
// that table a label is read by its shape (numbers, `Q` numbers, `FAQ` numbers), which is
// enough for the engine's own texts.

/// One citation found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// `S004`.
    pub id: String,
    /// The clause part as written (`2.1–2.6`), empty for the whole document.
    pub clause: String,
    /// What is wrong with it, if anything (an unknown seed, a clause the seed lacks).
    pub problem: Option<String>,
}

/// The longest label of `labels` that `text` starts with and that is not merely the start
/// of a longer number (`2` must not match `2.7`).
fn match_label<'a>(text: &str, labels: &'a [String]) -> Option<&'a str> {
    labels
        .iter()
        .filter(|l| text.starts_with(l.as_str()))
        .filter(|l| {
            let rest = &text[l.len()..];
            let ends_number = l.chars().last().is_some_and(|c| c.is_ascii_digit());
            !(ends_number
                && rest
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == '.'))
        })
        .max_by_key(|l| l.len())
        .map(String::as_str)
}

/// A label by its shape, for a text read without the clause table: `2.1`, `Q16`, `FAQ 2.1`.
fn shape_label(text: &str) -> Option<&str> {
    let prefix = if text.starts_with("FAQ ") {
        4
    } else if text.starts_with('Q') {
        1
    } else {
        0
    };
    let digits = text[prefix..]
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    // A sentence's full stop after the number is not part of it.
    let n = text[prefix..prefix + digits].trim_end_matches('.').len();
    (n > 0).then(|| &text[..prefix + n])
}

/// Does the text after `SEED ` look like a clause reference (and not like prose)?
fn looks_like_clause(text: &str) -> bool {
    let first = text.chars().next();
    first.is_some_and(|c| c.is_ascii_digit() || c == 'Q' || c == '（')
        || [
            "FAQ",
            "第",
            "注",
            "指引",
            "备注",
            "常见问题",
            "特别注意",
            "附",
            "操作说明",
            "note",
        ]
        .iter()
        .any(|p| text.starts_with(p))
}

/// Every citation in `text`, in order.
pub fn scan(text: &str, table: Option<&BTreeMap<String, Vec<String>>>) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find("S00") {
        let start = at + found;
        at = start + 3;
        let rest = &text[start..];
        let Some(id) = rest.get(..4) else { continue };
        if !id.as_bytes()[3].is_ascii_digit() {
            continue;
        }
        // Part of a longer code (`S0041`, `AS004`) is not a citation.
        if rest[4..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            || text[..start]
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        let labels = table.map(|t| t.get(id));
        let mut cite = Citation {
            start,
            end: start + 4,
            id: id.to_string(),
            clause: String::new(),
            problem: match labels {
                Some(None) => Some(format!("没有资料 {id}")),
                _ => None,
            },
        };
        if let Some(after) = rest[4..].strip_prefix(' ') {
            // With the table, a label the seed has is a clause even when it reads like a word
            // (`S002 系统简介`); otherwise only what looks like a clause is read as one.
            let known_label =
                matches!(labels, Some(Some(list)) if match_label(after, list).is_some());
            if known_label || looks_like_clause(after) {
                let mut cursor = after;
                loop {
                    let label = match labels {
                        Some(Some(list)) => match_label(cursor, list),
                        Some(None) => None,
                        None => shape_label(cursor),
                    };
                    let Some(label) = label else {
                        if cite.problem.is_none() {
                            cite.problem = Some(format!(
                                "{id} 没有条目「{}」",
                                cursor.chars().take(8).collect::<String>()
                            ));
                        }
                        break;
                    };
                    cursor = &cursor[label.len()..];
                    // A circled number, also after a space (`S004 4.4 ②`).
                    const CIRCLED: [char; 6] = ['①', '②', '③', '④', '⑤', '⑥'];
                    if let Some(r) = cursor.strip_prefix(' ') {
                        if r.starts_with(CIRCLED) {
                            cursor = r;
                        }
                    }
                    cursor = cursor.trim_start_matches(CIRCLED);
                    let consumed = after.len() - cursor.len();
                    cite.end = start + 5 + consumed;
                    // A range or a list of more clauses of the same seed.
                    let next = ['–', '—', '、']
                        .iter()
                        .find_map(|sep| cursor.strip_prefix(*sep));
                    match next {
                        Some(more)
                            if more
                                .chars()
                                .next()
                                .is_some_and(|c| c.is_ascii_digit() || c == 'Q') =>
                        {
                            cursor = more;
                        }
                        _ => break,
                    }
                }
                if cite.end > start + 5 {
                    cite.clause = text[start + 5..cite.end].trim().to_string();
                }
            }
        }
        at = cite.end.max(at);
        out.push(cite);
    }
    out
}

/// A text for a reader: every citation in it named by its document (`（S004 2.1）` →
/// `（团中央指引 2.1）`). The checker and the generated pages show engine texts through it.
pub fn readable(text: &str) -> String {
    let cites = scan(text, None);
    if cites.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut pos = 0;
    for c in &cites {
        out.push_str(&text[pos..c.start]);
        out.push_str(&citation_label(&text[c.start..c.end]));
        pos = c.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_texts_read_with_documents_named() {
        assert_eq!(
            readable("不得转到户籍地（S004 2.1）；见 S003 Q6、Q16 和 S002。"),
            "不得转到户籍地（团中央指引 2.1）；见 转接问答 Q6、Q16 和 学院培训课件。"
        );
        assert_eq!(readable("没有出处"), "没有出处");
    }

    #[test]
    fn citations_read_as_documents() {
        assert_eq!(citation_label("S004 2.1"), "团中央指引 2.1");
        assert_eq!(citation_label("S003 Q16"), "转接问答 Q16");
        assert_eq!(citation_label("S000"), "高校手册");
        assert_eq!(citation_label("X9 1"), "X9 1");
        // Titles keep their quotes paired.
        for d in &DOCUMENTS {
            assert_eq!(
                d.title.matches('“').count(),
                d.title.matches('”').count(),
                "{}",
                d.id
            );
            assert!(d.title.starts_with('《'));
        }
    }
}
