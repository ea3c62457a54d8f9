//! Where an engine text states this guide's own reading of the sources ("本指南的理解"), it
//! names the entry of `content/guides/readings.md` that explains it, with a marker
//! `[readings#ID]` inside the text. The marker is data, not display: [`split`] takes it out
//! and returns the ids, so the checker, the tracker, the simulator and the generated pages
//! can each link the entry their own way. A test holds both directions: every text that says
//! 本指南的理解 has a marker naming an entry that exists, and every entry is linked.

/// How a marker opens; it closes with `]`.
pub const MARKER_OPEN: &str = "[readings#";

/// The page (relative to the site root) that lists the readings.
pub const PAGE: &str = "readings.html";

/// The text without its markers, and the entry ids they named, in order.
pub fn split(text: &str) -> (String, Vec<&str>) {
    let mut clean = String::with_capacity(text.len());
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(MARKER_OPEN) {
        let after = &rest[start + MARKER_OPEN.len()..];
        let Some(end) = after.find(']') else {
            break;
        };
        clean.push_str(&rest[..start]);
        ids.push(&after[..end]);
        rest = &after[end + 1..];
    }
    clean.push_str(rest);
    (clean, ids)
}

/// The text with its markers taken out.
pub fn strip(text: &str) -> String {
    split(text).0
}

/// A marker for an entry, for texts built at run time.
pub fn marker(id: &str) -> String {
    format!("{MARKER_OPEN}{id}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_taken_out_and_named() {
        let (text, ids) = split("甲（本指南的理解[readings#ten-day-clock]）乙[readings#x]");
        assert_eq!(text, "甲（本指南的理解）乙");
        assert_eq!(ids, ["ten-day-clock", "x"]);
        assert_eq!(split("没有标记").1.len(), 0);
        assert_eq!(split("坏的[readings#没有结尾").0, "坏的[readings#没有结尾");
        assert_eq!(strip(&format!("a{}b", marker("y"))), "ab");
    }
}
