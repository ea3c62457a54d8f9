//! ID numbers (GB 11643): the check character, and the masked form every report shows.

/// The GB 11643 check character of an ID number's first 17 digits (`None` unless they are
/// exactly 17 ASCII digits).
pub fn id_check_char(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let digits: Vec<u32> = first17
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if digits.len() != 17 {
        return None;
    }
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    Some(char::from(CHECK[(sum % 11) as usize]))
}

/// The 17 digits with their check character appended (synthetic data must pass the same
/// check a real roster does).
pub fn with_check_digit(first17: &str) -> String {
    format!("{first17}{}", id_check_char(first17).unwrap_or('0'))
}

/// Masks an ID number as the real system shows it: `5301112000****6153`.
pub fn mask_id_number(id: &str) -> String {
    if id.is_ascii() && id.len() >= 8 {
        // The usual case, by bytes: a report masks every missing member's number.
        let n = id.len();
        let keep_head = 10.min(n - 4);
        let mut out = String::with_capacity(n);
        out.push_str(&id[..keep_head]);
        out.extend(std::iter::repeat_n('*', n - keep_head - 4));
        out.push_str(&id[n - 4..]);
        return out;
    }
    mask_by_chars(id)
}

/// Whether `text` is an ID number as [`mask_id_number`] shows it (`5301112000****6153`):
/// 18 characters, the masked run of `*` in the middle, digits (and a last `X`) around it.
/// A roster this tool exported without personal data holds these; they identify no one on
/// their own, but can be checked against the number a workspace holds.
pub fn is_masked_id_number(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 18 || !text.is_ascii() {
        return false;
    }
    let visible = |c: &u8| c.is_ascii_digit();
    b[..10].iter().all(visible)
        && b[10..14].iter().all(|c| *c == b'*')
        && b[14..17].iter().all(visible)
        && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x')
}

/// Whether the masked form `masked` is what [`mask_id_number`] shows of `full` (the last
/// character compared without case, as the check character `x` / `X` is).
pub fn mask_agrees(masked: &str, full: &str) -> bool {
    mask_id_number(full).eq_ignore_ascii_case(masked)
}

/// Masking by characters, as for any text: the definition the byte-wise fast path of
/// [`mask_id_number`] must agree with (the tests compare the two).
fn mask_by_chars(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let keep_head = 10.min(chars.len() - 4);
    let head: String = chars[..keep_head].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - keep_head - 4))
}

#[cfg(test)]
mod tests {
    use super::{mask_by_chars as by_chars, mask_id_number};

    #[test]
    fn masking_by_bytes_equals_masking_by_characters() {
        for id in [
            "",
            "1234567",
            "12345678",
            "123456789012",
            "53011120001234615X",
            "530111200012346153123",
            "５３０１１１２０００１２３４６１５３",
            "53011120001234615３",
        ] {
            assert_eq!(mask_id_number(id), by_chars(id), "{id}");
        }
        assert_eq!(mask_id_number("530111200012346153"), "5301112000****6153");
    }

    #[test]
    fn masked_numbers_are_told_apart_and_checked() {
        use super::{is_masked_id_number, mask_agrees};
        assert!(is_masked_id_number("5301112000****6153"));
        assert!(is_masked_id_number("5301112000****615X"));
        assert!(is_masked_id_number(&mask_id_number("53011120001234615x")));
        for not in [
            "530111200012346153",
            "530111********6153",
            "5301112000****61",
            "5301112000***16153",
            "５３０１１１２０００****6153",
            "",
        ] {
            assert!(!is_masked_id_number(not), "{not}");
        }
        assert!(mask_agrees("5301112000****6153", "530111200012346153"));
        assert!(mask_agrees("5301112000****615x", "53011120001234615X"));
        assert!(!mask_agrees("5301112000****6154", "530111200012346153"));
    }
}
