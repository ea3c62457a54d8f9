//! Which column holds what: [`auto_map`] reads the Chinese headers admins use; the
//! resulting [`Mapping`] is plain data the UI can show, let the admin change, and remember.

use serde::{Deserialize, Serialize};

/// A field of a roster row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    IdNumber,
    StudentNo,
    Branch,
    BirthDate,
    Political,
    Plan,
    LeaguePost,
    GraduationMonth,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Name,
        Field::IdNumber,
        Field::StudentNo,
        Field::Branch,
        Field::BirthDate,
        Field::Political,
        Field::Plan,
        Field::LeaguePost,
        Field::GraduationMonth,
    ];

    /// The usual header, for messages and templates.
    pub fn label(self) -> &'static str {
        self.headers()[0]
    }

    /// Every header recognised for this field (compared after [`normalize_header`]).
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Name => &["姓名", "名字", "团员姓名"],
            Field::IdNumber => &["身份证号", "身份证号码", "证件号码", "证件号", "身份证"],
            // 团员编号: the header of this tool's own roster export, so it reads back.
            // 发展团员编号: 智慧团建's number for a member, as unique as a 学号.
            Field::StudentNo => &["学号", "团员编号", "发展团员编号"],
            Field::Branch => &["所在团支部", "团支部", "班级", "所在组织", "所在支部"],
            Field::BirthDate => &["出生日期", "出生年月", "出生年月日", "生日"],
            Field::Political => &["政治面貌", "是否党员"],
            Field::Plan => &["毕业去向", "去向"],
            Field::LeaguePost => &["是否担任团内职务", "团内职务"],
            Field::GraduationMonth => &["毕业时间", "毕业年月"],
        }
    }

    pub fn from_header(header: &str) -> Option<Field> {
        let h = normalize_header(header);
        if h.is_empty() {
            return None;
        }
        Field::ALL
            .into_iter()
            .find(|f| f.headers().iter().any(|known| normalize_header(known) == h))
    }
}

/// Headers the national and provincial exports carry that a transfer does not need, with
/// why they are not imported (the preview says so instead of calling them unknown).
const NOT_NEEDED: [(&[&str], &str); 4] = [
    (
        &["入团年月", "入团时间", "入团日期"],
        "转接不看入团时间，不导入",
    ),
    (
        &[
            "手机号码",
            "手机号",
            "联系电话",
            "联系方式",
            "电子邮箱",
            "邮箱",
        ],
        "本工具不保存联系方式，不导入",
    ),
    (
        &["性别", "民族", "籍贯", "学历", "出生地", "家庭住址"],
        "转接用不到这一项，不导入",
    ),
    (&["序号"], "只是行的序号，不导入"),
];

/// Why a known header of the exports is not imported, or `None` for a header this tool
/// imports or does not know.
pub fn not_needed(header: &str) -> Option<&'static str> {
    let h = normalize_header(header);
    NOT_NEEDED
        .iter()
        .find(|(headers, _)| headers.iter().any(|k| normalize_header(k) == h))
        .map(|(_, why)| *why)
}

/// Trims, drops every kind of space (full-width too) and a `*` required marker, drops a
/// bracketed note (`身份证号（必填）`), and lowercases ASCII.
pub fn normalize_header(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            c if depth > 0 => {
                let _ = c;
            }
            c if c.is_whitespace() || c == '\u{3000}' || c == '*' || c == '\u{feff}' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// One column of the sheet and the field it holds, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    pub header: String,
    pub field: Option<Field>,
}

/// One entry per column of the table, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<ColumnMap>,
}

impl Mapping {
    /// The column that holds `field` (the first one, should an edited mapping name two).
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| c.field == Some(field))
    }

    /// Maps column `column` to `field` (taking the field from any other column).
    pub fn set(&mut self, column: usize, field: Option<Field>) {
        if let Some(f) = field {
            for c in &mut self.columns {
                if c.field == Some(f) {
                    c.field = None;
                }
            }
        }
        if let Some(c) = self.columns.get_mut(column) {
            c.field = field;
        }
    }

    /// Headers of columns that hold no field and are not known as [`not_needed`] (blank
    /// headers as `第 N 列`).
    pub fn unmapped(&self) -> Vec<String> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.field.is_none() && not_needed(&c.header).is_none())
            .map(|(i, c)| {
                if c.header.trim().is_empty() {
                    format!("第 {} 列（无表头）", i + 1)
                } else {
                    c.header.clone()
                }
            })
            .collect()
    }

    /// The header of column `i` as the admin wrote it, for messages.
    pub fn header(&self, i: usize) -> String {
        match self.columns.get(i) {
            Some(c) if !c.header.trim().is_empty() => c.header.trim().to_string(),
            _ => format!("第 {} 列", i + 1),
        }
    }
}

/// Maps each header to the field it names; a field named by two columns goes to the first
/// (the second is left unmapped and listed as such).
pub fn auto_map(headers: &[String]) -> Mapping {
    let mut mapping = Mapping::default();
    for h in headers {
        let field = Field::from_header(h).filter(|f| mapping.column_of(*f).is_none());
        mapping.columns.push(ColumnMap {
            header: h.clone(),
            field,
        });
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_normalized() {
        assert_eq!(Field::from_header(" 姓\u{3000}名 "), Some(Field::Name));
        assert_eq!(
            Field::from_header("*身份证号（必填）"),
            Some(Field::IdNumber)
        );
        assert_eq!(Field::from_header("备注"), None);
        assert_eq!(Field::from_header(""), None);
    }
}
