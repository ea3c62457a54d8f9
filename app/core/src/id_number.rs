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
}
