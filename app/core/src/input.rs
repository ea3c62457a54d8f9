//! Text from outside, said in Chinese when it cannot be read: the bytes of a file turned into
//! text ([`file_text`]: a UTF-8 BOM dropped, UTF-16 with a BOM decoded, an empty file, a
//! spreadsheet or a GBK/ANSI file explained with what to do), a leading BOM accepted in text
//! ([`strip_bom`], [`json_body`]), and serde's English errors as Chinese messages with the
//! line and column ([`json_problem`], [`serde_message`]). Pure: the callers do the reading.
//! No dependency beyond std and serde_json: the checker's wasm bundle carries this module.

use std::fmt;

/// The name [`file_text`] is given for standard input; shown as “标准输入”.
pub const STDIN: &str = "-";

/// Why the bytes of a file are not text this program can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file's name as the user gave or picked it (`-` for standard input).
    pub file: String,
    pub message: String,
}

impl FileError {
    /// `文件「名单.json」` or `标准输入`.
    pub fn what(&self) -> String {
        file_label(&self.file)
    }
}

/// How a file is named in messages: `文件「名单.json」`, or `标准输入`.
pub fn file_label(file: &str) -> String {
    if file == STDIN || file.is_empty() {
        "标准输入".into()
    } else {
        format!("文件「{file}」")
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.what(), self.message)
    }
}

impl std::error::Error for FileError {}

const SAVE_AS_UTF8: &str = "请用记事本打开它，选“文件 → 另存为”，把“编码”选为 UTF-8，保存后再试";

/// The text of a JSON file (a workspace, answers) from its bytes. A UTF-8 BOM (Windows
/// Notepad writes one) is dropped; UTF-16 with a BOM (Notepad's “Unicode”) is decoded. An
/// empty or blank file, a spreadsheet, a file with NUL bytes and one that is not UTF-8
/// (GBK/ANSI, as Notepad and Excel save on Chinese Windows) each get a Chinese message
/// naming the file and, where it helps, the line and what to do. Nothing is guessed: GBK is
/// explained, not decoded.
pub fn file_text(file: &str, bytes: Vec<u8>) -> Result<String, FileError> {
    let fail = |message: String| FileError {
        file: file.to_string(),
        message,
    };
    if bytes.is_empty() {
        return Err(fail(
            "是空的（0 字节），没有任何内容：请确认选对了文件，或重新导出一次".into(),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(fail(
            "是 ZIP 压缩包（例如 Excel 的 .xlsx 文件），不是 JSON 文本文件：请选择 .json 文件"
                .into(),
        ));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(fail(
            "是 Office 二进制文件（例如 Excel 的 .xls 文件），不是 JSON 文本文件：请选择 .json 文件"
                .into(),
        ));
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes).map_err(fail)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes).map_err(fail)?
    } else {
        let mut bytes = bytes;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let bytes = e.as_bytes();
                let at = e.utf8_error().valid_up_to();
                let line = 1 + bytes[..at].iter().filter(|b| **b == b'\n').count();
                return Err(fail(format!(
                    "不是 UTF-8 编码的文本（第 {line} 行起有无法识别的字节）：它可能是 Windows 记事本或 Excel 按 ANSI / GBK 编码保存的。{SAVE_AS_UTF8}"
                )));
            }
        }
    };
    if let Some(at) = text.find('\0') {
        let line = 1 + text[..at].matches('\n').count();
        return Err(fail(format!(
            "第 {line} 行含有空字符（NUL），不是普通的文本：可能是不带 BOM 的 UTF-16 文件，或根本不是文本文件。{SAVE_AS_UTF8}"
        )));
    }
    if text.trim().is_empty() {
        return Err(fail(
            "是空的：只有空格或空行，没有 JSON 内容。请确认选对了文件，或重新导出一次".into(),
        ));
    }
    Ok(text)
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err(format!(
            "是 UTF-16 编码的（有 BOM），但长度不是偶数字节，文件可能不完整。{SAVE_AS_UTF8}"
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => {
                let line = 1 + text.matches('\n').count();
                return Err(format!(
                    "是 UTF-16 编码的（有 BOM），但第 {line} 行有损坏的字符。{SAVE_AS_UTF8}"
                ));
            }
        }
    }
    Ok(text)
}

/// `text` without a leading byte-order mark (U+FEFF), which a file saved by Windows
/// Notepad starts with and JSON does not allow.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The JSON to parse: `text` without a BOM, or “内容是空的” when nothing but blanks is left
/// (serde would say “EOF while parsing a value at line 1 column 0”).
pub fn json_body(text: &str) -> Result<&str, &'static str> {
    let body = strip_bom(text);
    if body.trim().is_empty() {
        Err("内容是空的（没有任何 JSON）")
    } else {
        Ok(body)
    }
}

/// A serde_json error in Chinese, with the place when the text had one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonProblem {
    /// 1-based; 0 when the error has no position (read from a `serde_json::Value`).
    pub line: usize,
    /// 1-based, in characters (what an editor shows), not bytes.
    pub column: usize,
    pub message: String,
}

impl JsonProblem {
    /// `第 3 行第 5 列`, when known.
    pub fn position(&self) -> Option<String> {
        (self.line > 0).then(|| format!("第 {} 行第 {} 列", self.line, self.column))
    }
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position() {
            Some(p) => write!(f, "{p}：{}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// serde_json's `e`, raised while reading `text`, in Chinese: the syntax errors explained
/// (with the usual cause: a missing comma, Chinese quotes, a cut-off file) and the data
/// errors through [`serde_message`]. The column is counted in characters of `text`.
pub fn json_problem(text: &str, e: &serde_json::Error) -> JsonProblem {
    let raw = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let gist = raw.strip_suffix(&suffix).unwrap_or(&raw);
    let message = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            syntax_message(gist)
        }
        serde_json::error::Category::Data => serde_message(gist),
        serde_json::error::Category::Io => "读取时出错".into(),
    };
    let (line, column) = char_position(text, e.line(), e.column());
    JsonProblem {
        line,
        column,
        message,
    }
}

/// The first key that appears twice in one object of the JSON `text`: its path (`orgs[3]`)
/// and where, as a [`JsonProblem`]. serde_json keeps the last of two equal keys without a
/// word, so every reader that goes through a JSON tree asks this first. `None` when every
/// object's keys differ, or when the text is no JSON (its parse says so).
pub fn repeated_key(text: &str) -> Option<(String, JsonProblem)> {
    use serde::de::{self, Deserialize, MapAccess, SeqAccess, Visitor};
    struct Check;
    struct Each;
    const MARK: &str = "在同一个对象里出现了不止一次";
    impl<'de> Deserialize<'de> for Check {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Check, D::Error> {
            d.deserialize_any(Each)
        }
    }
    impl<'de> Visitor<'de> for Each {
        type Value = Check;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_str<E>(self, _: &str) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_unit<E>(self) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Check, A::Error> {
            while seq.next_element::<Check>()?.is_some() {}
            Ok(Check)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Check, A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !seen.insert(key.clone()) {
                    return Err(de::Error::custom(format!(
                        "键「{key}」{MARK}（只能写一次）"
                    )));
                }
                map.next_value::<Check>()?;
            }
            Ok(Check)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Check>(&mut de) {
        Err(e) if e.inner().to_string().contains(MARK) => {
            // Only the message and the place (no syntax advice: the checker's bundle
            // carries this too).
            let raw = e.inner().to_string();
            let suffix = format!(
                " at line {} column {}",
                e.inner().line(),
                e.inner().column()
            );
            let (line, column) = char_position(text, e.inner().line(), e.inner().column());
            let problem = JsonProblem {
                line,
                column,
                message: raw.strip_suffix(&suffix).unwrap_or(&raw).to_string(),
            };
            let path = e.path().to_string();
            // The path names the object, not the repeated key.
            let path = path
                .rsplit_once('.')
                .map_or(String::new(), |(p, _)| p.to_string());
            Some((path.trim_start_matches('.').to_string(), problem))
        }
        _ => None,
    }
}

/// A syntax error in a value this program wrote itself (localStorage): where it is and that
/// the value is damaged, without [`json_problem`]'s advice on hand-edited JSON (which the
/// checker's size-budgeted bundle does not carry).
pub fn stored_json_problem(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Data => {
            let raw = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            serde_message(raw.strip_suffix(&suffix).unwrap_or(&raw))
        }
        _ => format!(
            "第 {} 行第 {} 列：不是有效的 JSON（内容已损坏或不完整）",
            e.line(),
            e.column()
        ),
    }
}

/// serde_json counts columns in bytes; an editor counts characters. Column 0 (a problem
/// with the line break itself, or the end of the text right after one) is the end of the
/// line before, where the editor's cursor would be.
fn char_position(text: &str, line: usize, byte_column: usize) -> (usize, usize) {
    let line_text = |n: usize| text.split('\n').nth(n.saturating_sub(1));
    if line == 0 {
        return (0, 0);
    }
    if byte_column == 0 && line > 1 {
        if let Some(before) = line_text(line - 1) {
            return (line - 1, before.trim_end_matches('\r').chars().count() + 1);
        }
    }
    let Some(this) = line_text(line) else {
        return (line, byte_column);
    };
    let column = this
        .char_indices()
        .take_while(|(i, _)| *i < byte_column)
        .count();
    (line, column)
}

fn syntax_message(gist: &str) -> String {
    let message = match gist {
        "EOF while parsing a list" => {
            "列表 […] 还没有结束内容就完了：可能缺少 ]，或文件只保存了一部分"
        }
        "EOF while parsing an object" => {
            "对象 {…} 还没有结束内容就完了：可能缺少 }，或文件只保存了一部分"
        }
        "EOF while parsing a string" => "文本还没有结束内容就完了：可能缺少右边的英文双引号 \"",
        "EOF while parsing a value" => "这里应当还有一个取值，内容却结束了：文件可能不完整",
        "expected `:`" => "这里应当是英文冒号 :（键与取值之间）",
        "expected `,` or `]`" => {
            "这里应当是英文逗号 , 或 ]：可能漏了逗号，或用了中文逗号“，”"
        }
        "expected `,` or `}`" => {
            "这里应当是英文逗号 , 或 }：可能漏了逗号，或用了中文逗号“，”，或多了内容"
        }
        "expected ident" => {
            "不认识的词：JSON 中只有 true、false、null 不加引号，文本要用英文双引号 \"…\" 括起来"
        }
        "expected value" => {
            "这里应当是一个取值：文本要用英文双引号 \"…\" 括起来（不能用中文引号“”或单引号），数字、true、false、null 不加引号"
        }
        "expected `\"`" => "这里应当是英文双引号 \"：键名要用英文双引号括起来",
        "invalid escape" => {
            "反斜杠 \\ 后面的字符不对：文本中的反斜杠要写成 \\\\"
        }
        "invalid number" => "不是有效的数字",
        "number out of range" => "数字太大，超出了范围",
        "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => "无效的 \\u 转义字符",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "文本中有控制字符（例如直接换行或制表符）：文本中的换行要写成 \\n"
        }
        "key must be a string" => "键必须是用英文双引号括起来的文本",
        "trailing comma" => "最后一项后面多了一个逗号",
        "trailing characters" => "JSON 已经结束，后面却还有内容",
        "recursion limit exceeded" => "嵌套的层数太多",
        _ => "JSON 格式有误",
    };
    format!("不是有效的 JSON：{message}")
}

/// A serde data error (`missing field`, `unknown variant`, `invalid type`, chrono's date
/// errors …), without its position, in Chinese. A message that is already Chinese (the
/// engine's own) is kept.
pub fn serde_message(message: &str) -> String {
    let names = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let first = |s: &str| names(s).into_iter().next().unwrap_or_default();
    // serde's English first (a value it names may be Chinese: `unknown variant `团委``).
    if let Some(rest) = message.strip_prefix("missing field ") {
        format!("缺少字段 {}", first(rest))
    } else if let Some(rest) = message.strip_prefix("duplicate field ") {
        format!("字段 {} 出现了不止一次", first(rest))
    } else if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, allowed) = rest.split_once(", ").unwrap_or((rest, ""));
        let allowed = names(allowed);
        if allowed.is_empty() {
            format!("未知字段 {}（可能拼写有误）", first(field))
        } else {
            format!(
                "未知字段 {}（可能拼写有误；可用的字段：{}）",
                first(field),
                allowed.join("、")
            )
        }
    } else if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, allowed) = rest.split_once(", ").unwrap_or((rest, ""));
        format!(
            "不认识的取值 {}，可用的取值：{}",
            first(value),
            names(allowed).join("、")
        )
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, wanted) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        format!(
            "类型不对：这里是{}，应为{}",
            unexpected(found),
            expected(wanted)
        )
    } else if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, wanted) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        format!(
            "取值不对：这里是{}，应为{}",
            unexpected(found),
            expected(wanted)
        )
    } else if let Some(rest) = message.strip_prefix("invalid length ") {
        let (n, wanted) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!("项数不对：这里有 {n} 项，应为{}", expected(wanted))
    } else if message == "input is out of range"
        || message == "no possible date and time matching input"
    {
        "日期不存在（应为 YYYY-MM-DD，例如 2026-07-01）".into()
    } else if message.starts_with("input ")
        || message == "premature end of input"
        || message == "trailing input"
    {
        "不是有效的日期（应为 YYYY-MM-DD，例如 2026-07-01）".into()
    } else if has_cjk(message) {
        // The engine's own message.
        message.to_string()
    } else {
        format!("内容有误（{message}）")
    }
}

/// serde's `Unexpected`, as found in the data.
fn unexpected(found: &str) -> String {
    let value = |s: &str| s.trim_matches('`').to_string();
    if let Some(v) = found.strip_prefix("boolean ") {
        format!("布尔值 {}", value(v))
    } else if let Some(v) = found.strip_prefix("integer ") {
        format!("整数 {}", value(v))
    } else if let Some(v) = found.strip_prefix("floating point ") {
        format!("小数 {}", value(v))
    } else if let Some(v) = found.strip_prefix("string ") {
        format!("文本 {v}")
    } else if let Some(v) = found.strip_prefix("character ") {
        format!("字符 {}", value(v))
    } else {
        match found {
            "unit value" | "null" => "null".into(),
            "sequence" => "列表 […]".into(),
            "map" => "对象 {…}".into(),
            "Option value" => "可省略的取值".into(),
            _ if has_cjk(found) => found.into(),
            _ => "另一种类型".into(),
        }
    }
}

/// serde's `Expected`, as a visitor describes it.
fn expected(wanted: &str) -> String {
    let wanted = wanted.trim();
    match wanted {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "不小于 0 的整数".into(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "整数".into(),
        "f32" | "f64" => "数字".into(),
        "a string" | "string" | "a borrowed string" => "文本（用英文双引号括起来）".into(),
        "a boolean" | "bool" => "true 或 false".into(),
        "a sequence" => "列表 […]".into(),
        "a map" => "对象 {…}".into(),
        "string or map" | "variant identifier" => "可用的取值之一（文本）".into(),
        "a formatted date string" => "日期文本（YYYY-MM-DD）".into(),
        "a character" | "char" => "一个字符".into(),
        "option" => "一个取值或 null".into(),
        "unit" => "null".into(),
        "field identifier" => "字段名".into(),
        _ if wanted.starts_with("struct ")
            || wanted.starts_with("internally tagged enum")
            || wanted.starts_with("adjacently tagged enum") =>
        {
            "对象 {…}".into()
        }
        _ if wanted.starts_with("enum ") => "可用的取值之一（文本）".into(),
        _ if wanted.starts_with("a tuple of size ") || wanted.starts_with("tuple of ") => {
            let n: String = wanted.chars().filter(char::is_ascii_digit).collect();
            format!("有 {n} 项的列表 […]")
        }
        _ if has_cjk(wanted) => wanted.into(),
        _ => "规定的格式".into(),
    }
}

/// Whether `text` contains a CJK ideograph (U+4E00–U+9FFF), that is, is Chinese.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_become_text_or_are_explained() {
        assert_eq!(
            file_text("a.json", b"\xEF\xBB\xBF{}".to_vec()).unwrap(),
            "{}"
        );
        assert_eq!(file_text("a.json", b"{}".to_vec()).unwrap(), "{}");
        // Notepad's “Unicode” (UTF-16 LE) and “Unicode big endian”.
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"名\":1}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(file_text("a.json", le).unwrap(), "{\"名\":1}");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("{}".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(file_text("a.json", be).unwrap(), "{}");
        let e = file_text("a.json", Vec::new()).unwrap_err().to_string();
        assert!(e.contains("文件「a.json」是空的"), "{e}");
        let e = file_text("-", b" \r\n".to_vec()).unwrap_err().to_string();
        assert!(e.starts_with("标准输入是空的"), "{e}");
        // “中文” in GBK, on line 2.
        let e = file_text("b.json", b"{\n\"\xd6\xd0\xce\xc4\": 1}".to_vec())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("b.json")
                && e.contains("UTF-8")
                && e.contains("GBK")
                && e.contains("第 2 行"),
            "{e}"
        );
        let e = file_text("c.json", b"{\0\"\0".to_vec())
            .unwrap_err()
            .to_string();
        assert!(e.contains("UTF-16"), "{e}");
        let e = file_text("d.json", b"PK\x03\x04rest".to_vec())
            .unwrap_err()
            .to_string();
        assert!(e.contains(".xlsx"), "{e}");
        let e = file_text("d.json", vec![0xFF, 0xFE, 0x7B])
            .unwrap_err()
            .to_string();
        assert!(e.contains("UTF-16"), "{e}");
    }

    #[test]
    fn serde_errors_come_out_chinese_with_character_columns() {
        let text = "{\n  \"名字\": 1 \"x\"\n}";
        let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let p = json_problem(text, &e);
        assert_eq!(
            (p.line, p.column),
            (2, 11),
            "the quote after 1, in characters"
        );
        assert!(
            p.to_string()
                .starts_with("第 2 行第 11 列：不是有效的 JSON"),
            "{p}"
        );
        assert!(serde_message("invalid type: string \"x\", expected u32").contains("文本 \"x\""));
        assert_eq!(
            serde_message("unknown variant `pilot`, expected `a` or `b`"),
            "不认识的取值 pilot，可用的取值：a、b"
        );
        assert_eq!(json_body("\u{feff} \n"), Err("内容是空的（没有任何 JSON）"));
        assert_eq!(json_body("\u{feff}{}"), Ok("{}"));
    }
}
