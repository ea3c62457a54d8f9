//! Reading `YYYY-MM-DD` dates fast: a province-sized workspace holds millions of them, and
//! chrono's general parser costs more than the rest of the date's deserialization. Only the
//! plain form is taken on the fast path; anything else (and any error) goes to chrono's own
//! `FromStr` with chrono's message, so what is accepted and what is said stays chrono's.
//! For `#[serde(deserialize_with = …)]` on `NaiveDate` and `Option<NaiveDate>` fields.

use chrono::NaiveDate;
use serde::de::{self, Deserializer};
use std::fmt;

/// `YYYY-MM-DD` with four, two and two ASCII digits, when it names a real day.
fn plain(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// chrono's visitor, with the fast path in front.
struct DateVisitor;

impl de::Visitor<'_> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a formatted date string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<NaiveDate, E> {
        match plain(value) {
            Some(date) => Ok(date),
            None => value.parse().map_err(E::custom),
        }
    }
}

pub(crate) fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    deserializer.deserialize_str(DateVisitor)
}

/// As serde reads an `Option<NaiveDate>`: `null` is `None`.
pub(crate) fn optional_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    struct OptionVisitor;

    impl<'de> de::Visitor<'de> for OptionVisitor {
        type Value = Option<NaiveDate>;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("option")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            date(d).map(Some)
        }
    }

    deserializer.deserialize_option(OptionVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn the_fast_path_agrees_with_chrono() {
        let mut texts: Vec<String> = Vec::new();
        let mut day = NaiveDate::from_ymd_opt(1999, 1, 1).unwrap();
        while day.year() < 2031 {
            texts.push(day.to_string());
            day = day.succ_opt().unwrap();
        }
        for bad in [
            "2026-02-29",
            "2024-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-1-01",
            "2026-01-1",
            "26-01-01",
            "2026/01/01",
            "2026-01-01 ",
            " 2026-01-01",
            "+2026-01-01",
            "2026-01-01T",
            "20260-1-01",
            "２０２６-01-01",
            "0000-01-01",
            "9999-12-31",
            "",
            "abcd-ef-gh",
            "2026-0a-01",
        ] {
            texts.push(bad.to_string());
        }
        for text in &texts {
            let chrono: Result<NaiveDate, _> = text.parse();
            match plain(text) {
                Some(date) => assert_eq!(chrono.ok(), Some(date), "{text}"),
                None => assert!(
                    text.len() != 10 || chrono.is_err() || !text.is_ascii(),
                    "{text}: chrono reads it, the fast path should too"
                ),
            }
        }
    }

    #[test]
    fn errors_and_options_read_as_chrono_and_serde_do() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Fast {
            #[serde(deserialize_with = "date")]
            d: NaiveDate,
            #[serde(default, deserialize_with = "optional_date")]
            o: Option<NaiveDate>,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Chrono {
            d: NaiveDate,
            #[serde(default)]
            o: Option<NaiveDate>,
        }
        for text in [
            r#"{"d": "2026-10-15"}"#,
            r#"{"d": "2026-10-15", "o": null}"#,
            r#"{"d": "2026-10-15", "o": "2001-02-03"}"#,
            r#"{"d": "2026-02-30"}"#,
            r#"{"d": "2026-10"}"#,
            r#"{"d": 20261015}"#,
            r#"{"d": null}"#,
            r#"{"d": "2026-10-15", "o": 5}"#,
            r#"{"d": "2026-10-15", "o": "nope"}"#,
            r#"{"d": "2026-10-15", "o": "2026-1-5"}"#,
        ] {
            let fast = serde_json::from_str::<Fast>(text).map_err(|e| e.to_string());
            let chrono = serde_json::from_str::<Chrono>(text).map_err(|e| e.to_string());
            match (fast, chrono) {
                (Ok(f), Ok(c)) => assert_eq!((f.d, f.o), (c.d, c.o), "{text}"),
                (Err(f), Err(c)) => assert_eq!(f, c, "{text}"),
                (f, c) => panic!("{text}: {f:?} vs {c:?}"),
            }
        }
    }
}
