//! `%XX` escapes in URL paths and fragments: the one percent-decoder of the native crates
//! (the static server's request paths, the generator's link targets and anchors).

/// Decodes `%XX` escapes; None if an escape is malformed or the bytes are not UTF-8 (the
/// server answers 404 to such a request path).
pub fn percent_decode(s: &str) -> Option<String> {
    String::from_utf8(decode(s, true)?).ok()
}

/// Decodes `%XX` escapes as an author's link would be read: a malformed escape stays as
/// written and bytes that are not UTF-8 become U+FFFD.
pub fn percent_decode_lossy(s: &str) -> String {
    let bytes = decode(s, false).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The bytes `s` stands for; None, if `strict`, at the first malformed escape.
fn decode(s: &str, strict: bool) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            match s
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                Some(v) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                None if strict => return None,
                None => {}
            }
        }
        out.push(b[i]);
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_strictly_and_leniently() {
        assert_eq!(
            percent_decode("/%E4%B8%AD.html").as_deref(),
            Some("/中.html")
        );
        assert_eq!(percent_decode("/%2e%2e/x").as_deref(), Some("/../x"));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%4"), None);
        assert_eq!(percent_decode("/%FF"), None);
        assert_eq!(percent_decode_lossy("a%20b%zz%4"), "a b%zz%4");
        assert_eq!(percent_decode_lossy("%E4%B8%AD%FF"), "中\u{fffd}");
    }
}
