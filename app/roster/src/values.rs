//! Cell values as admins type them: dates in many forms, ID numbers (GB 11643 check digit),
//! 政治面貌, 毕业去向 and yes/no. Each parser returns the value or a Chinese reason.

use chrono::{Datelike, NaiveDate};
use zhuanjie_core::codes::Situation;

/// An Excel serial day number (1900 date system) as a date; `None` outside 1900–2200.
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=110_000.0).contains(&serial) {
        return None;
    }
    // Excel counts 1900-02-29, which never was: from serial 61 on, day 0 is 1899-12-30.
    let days = serial.floor() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, if days >= 61 { 30 } else { 31 })?;
    base.checked_add_signed(chrono::Duration::days(days))
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1900..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `2004-05-19`, `2004/5/19`, `2004.5.19`, `2004年5月19日`, `20040519`, `2004-05-19 00:00:00`,
/// a month (`2004-05`, `2004/5`, `2004.05`, `2004年5月`, `200405`: the 1st), or an Excel
/// serial number (`38126`).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let half = half_width(text);
    let t = half.trim();
    let bad = || format!("「{t}」不是日期（可写 2004-05-19、2004/5/19、2004年5月19日 或 200405）");
    if t.is_empty() {
        return Err("日期为空".into());
    }
    // A time of day after the date is dropped.
    let t0 = t.split([' ', 'T']).next().unwrap_or(t);
    let normalized: String = t0.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let normalized = normalized.trim_end_matches('-');
    let parts: Vec<&str> = normalized.split('-').collect();
    let date = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(y, m, d),
        [y, m] if y.len() == 4 && !m.is_empty() => ymd(y, m, "1"),
        [digits] if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            ymd(&digits[..4], &digits[4..6], &digits[6..])
        }
        [digits] if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            ymd(&digits[..4], &digits[4..], "1")
        }
        // A serial number as Excel stores an unformatted date (`38126`, `38126.5`).
        _ => t0
            .parse::<f64>()
            .ok()
            .filter(|f| (1000.0..100_000.0).contains(f))
            .and_then(serial_date),
    };
    date.ok_or_else(bad)
}

/// A graduation month `YYYY-MM` from any date form [`parse_date`] reads.
pub fn parse_month(text: &str) -> Result<String, String> {
    parse_date(text).map(|d| format!("{:04}-{:02}", d.year(), d.month()))
}

/// The GB 11643 check character of the first 17 digits (the engine's).
pub use zhuanjie_core::workspace::id_check_char as check_char;

/// An ID number as typed (spaces, a leading `'`, a lowercase `x`) in its stored form.
/// Excel's error values (a formula that did not work out): a cell holding one is no
/// data, whatever its column.
pub fn excel_error(text: &str) -> Option<&'static str> {
    const ERRORS: [&str; 9] = [
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#GETTING_DATA",
        "#SPILL!",
    ];
    let t = text.trim();
    ERRORS.into_iter().find(|e| e.eq_ignore_ascii_case(t))
}

pub fn normalize_id_number(text: &str) -> String {
    half_width(text)
        .trim()
        .trim_start_matches('\'')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Full-width digits, letters and punctuation (`２００４／５／１９`, `Ｘ`) as ASCII.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Validates a normalized 18-character ID number with the engine's one check
/// ([`zhuanjie_core::checks::id_number_problem`]: digits, a real birth date, the GB 11643
/// check character), so a number the import accepts a command accepts too, and the reverse.
/// Messages show the number masked, like every report.
pub fn validate_id_number(id: &str) -> Result<(), String> {
    use zhuanjie_core::checks::Problem;
    match zhuanjie_core::checks::id_number_problem(id) {
        None => Ok(()),
        // Excel keeps 15 significant digits of a number: an ID typed into a number cell
        // loses its last digits. (Scientific notation carries the same hint in its own
        // message, for the add-member form too.)
        Some(p @ Problem::IdNumberCheckDigit { .. }) if !id.ends_with(['X', 'x']) => {
            Err(format!("{p}{}", zhuanjie_core::checks::EXCEL_DIGITS_HINT))
        }
        Some(p) => Err(p.to_string()),
    }
}

pub use zhuanjie_core::checks::birth_from_id;

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '，' => ',',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Common words for each plan, beside the engine's own labels and codes.
const PLAN_WORDS: &[(&str, Situation)] = &[
    ("升学", Situation::FurtherStudy),
    ("考研", Situation::FurtherStudy),
    ("读研", Situation::FurtherStudy),
    ("读博", Situation::FurtherStudy),
    ("保研", Situation::FurtherStudy),
    ("专升本", Situation::FurtherStudy),
    ("继续深造", Situation::FurtherStudy),
    ("国内升学", Situation::FurtherStudy),
    ("就业", Situation::Employed),
    ("已就业", Situation::Employed),
    ("签约", Situation::Employed),
    ("已签约", Situation::Employed),
    ("创业", Situation::Employed),
    ("自主创业", Situation::Employed),
    ("灵活就业", Situation::Employed),
    ("参军", Situation::Military),
    ("入伍", Situation::Military),
    ("参军入伍", Situation::Military),
    ("涉密单位", Situation::Classified),
    ("未就业", Situation::Unemployed),
    ("待就业", Situation::Unemployed),
    ("暂未就业", Situation::Unemployed),
    ("求职中", Situation::Unemployed),
    ("出国留学", Situation::AbroadStudy),
    ("出境留学", Situation::AbroadStudy),
    ("留学", Situation::AbroadStudy),
    ("出国工作", Situation::AbroadWork),
    ("境外工作", Situation::AbroadWork),
    ("因私出国", Situation::AbroadPrivate),
    ("因私出境", Situation::AbroadPrivate),
    ("延迟毕业", Situation::Delayed),
    ("延期毕业", Situation::Delayed),
];

/// A 毕业去向 cell: `None` when blank; an unknown word is an error, never a guess.
pub fn parse_plan(text: &str) -> Result<Option<Situation>, String> {
    let t = squash(text);
    if t.is_empty() {
        return Ok(None);
    }
    // The short words first: they are what sheets mostly hold, and need no squashing.
    let found = PLAN_WORDS
        .iter()
        .find(|(w, _)| *w == t)
        .map(|(_, s)| *s)
        .or_else(|| {
            Situation::ALL
                .into_iter()
                .find(|s| s.code() == t || squash(s.label()) == t)
        });
    found.map(Some).ok_or_else(|| {
        format!(
            "不认识的毕业去向「{}」，可写：升学、就业、参军、涉密单位、未就业、出国留学、出国工作、因私出国、延迟毕业",
            text.trim()
        )
    })
}

/// A 政治面貌 / 是否党员 cell: whether the member is a (probationary) Party member.
/// `None` when blank.
pub fn parse_party(text: &str) -> Result<Option<bool>, String> {
    let t = squash(text);
    match t.as_str() {
        "" => Ok(None),
        "中共党员" | "党员" | "中共预备党员" | "预备党员" | "是" | "y" | "yes" | "1" => {
            Ok(Some(true))
        }
        "共青团员" | "团员" | "群众" | "否" | "n" | "no" | "0" => Ok(Some(false)),
        _ => Err(format!(
            "不认识的政治面貌「{}」，可写：中共党员、预备党员、共青团员",
            text.trim()
        )),
    }
}

/// A 是否担任团内职务 cell: yes/no words, or the post's name (which means yes).
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match squash(text).as_str() {
        "" => None,
        "否" | "无" | "没有" | "不是" | "n" | "no" | "0" | "false" | "/" | "-" => Some(false),
        _ => Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_form() {
        for text in [
            "2004-05-19",
            "2004/5/19",
            "2004.5.19",
            "2004年5月19日",
            "20040519",
            "2004-05-19 00:00:00",
            "38126",
        ] {
            assert_eq!(parse_date(text), Ok(d(2004, 5, 19)), "{text}");
        }
        for text in ["200405", "2004.05", "2004-05", "2004年5月", "2004/5"] {
            assert_eq!(parse_date(text), Ok(d(2004, 5, 1)), "{text}");
        }
        for text in ["2004-13-01", "明年", "2004-02-30", "12", "1800-01-01"] {
            assert!(parse_date(text).is_err(), "{text}");
        }
        assert_eq!(parse_month("2026/6/30"), Ok("2026-06".into()));
        assert_eq!(parse_date("２００４／５／１９"), Ok(d(2004, 5, 19)));
    }

    #[test]
    fn check_digits() {
        // 9·7 + 9·9 + 1·5 + 1·4 + 2·2 + 4·3 + 1·9 + 1·5 + 4·2 = 191 ≡ 4 (mod 11) → '8'.
        assert_eq!(check_char("99010120040101004"), Some('8'));
        assert!(validate_id_number("990101200401010048").is_ok());
        assert_eq!(
            normalize_id_number("９９０１０１２００４０１０１００４８"),
            "990101200401010048"
        );
        assert!(validate_id_number("990101200401010044")
            .unwrap_err()
            .contains("校验位"));
        assert!(validate_id_number("99010120040101004")
            .unwrap_err()
            .contains("18 位"));
        assert!(validate_id_number("990101200413010044")
            .unwrap_err()
            .contains("出生日期"));
        assert_eq!(
            normalize_id_number(" '99010120040101123x "),
            "99010120040101123X"
        );
        // Never a panic on odd text of the right length.
        for odd in [
            "身份证号码是一二三四五六七八九十甲乙丙",
            "99010120040101004é",
        ] {
            assert!(
                validate_id_number(&normalize_id_number(odd)).is_err(),
                "{odd}"
            );
            assert!(parse_date(odd).is_err());
        }
    }

    #[test]
    fn words() {
        assert_eq!(parse_plan("考研"), Ok(Some(Situation::FurtherStudy)));
        assert_eq!(
            parse_plan("已就业或自主创业"),
            Ok(Some(Situation::Employed))
        );
        assert_eq!(
            parse_plan("出国（境）留学"),
            Ok(Some(Situation::AbroadStudy))
        );
        assert_eq!(parse_plan("military"), Ok(Some(Situation::Military)));
        assert_eq!(parse_plan(""), Ok(None));
        assert!(parse_plan("环游世界").is_err());
        assert_eq!(parse_party("中共预备党员"), Ok(Some(true)));
        assert_eq!(parse_party("共青团员"), Ok(Some(false)));
        assert!(parse_party("民主党派").is_err());
        assert_eq!(parse_yes_no("团支书"), Some(true));
        assert_eq!(parse_yes_no("否"), Some(false));
    }
}
