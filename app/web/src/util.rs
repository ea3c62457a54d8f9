//! Small browser helpers: the URL hash, today's date and the two ways dates are written,
//! navigation, printing and the clipboard. None of them panics: a missing window or a
//! refusing browser is a no-op or an error value.

use chrono::{Datelike, NaiveDate};
use wasm_bindgen::{JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Decodes `%XX` escapes (browsers escape non-ASCII in `location.hash`).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The hash without `#`, decoded.
pub fn current_hash() -> String {
    let raw = window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    percent_decode(raw.trim_start_matches('#'))
}

/// A new history entry with this hash (works on `file://` too).
pub fn set_hash(hash: &str) {
    if let Some(w) = window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Replaces the current history entry's hash without adding an entry.
pub fn replace_hash(hash: &str) {
    if let Some(w) = window() {
        let loc = w.location();
        let base = loc.href().unwrap_or_default();
        let base = base.split('#').next().unwrap_or("").to_string();
        let _ = loc.replace(&format!("{base}#{hash}"));
    }
}

/// Brings the app's top into view (a new screen starts at its top).
pub fn scroll_to_app() {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    {
        let top = el.get_bounding_client_rect().top();
        if top < 0.0 {
            el.scroll_into_view();
        }
    }
}

/// Moves keyboard focus to the first element matching `selector` (which should carry
/// `tabindex="-1"` if it is not focusable by itself).
pub fn focus_first(selector: &str) {
    let target = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = target {
        let _ = el.focus();
    }
}

/// A date as `2026-09-20` (what `<input type="date">` holds).
pub fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A date as `2026年9月20日`.
pub fn chinese(d: NaiveDate) -> String {
    zhuanjie_core::dates::chinese_date(d)
}

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

pub fn navigate(href: &str) {
    if let Some(w) = window() {
        let _ = w.location().set_href(href);
    }
}

pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// Copies `text`: the async clipboard API when the browser has it, else selecting the
/// textarea and `document.execCommand("copy")`. True when one of them worked.
pub async fn copy_text(text: &str, area: Option<&web_sys::HtmlTextAreaElement>) -> bool {
    if let Some(w) = window() {
        let nav = w.navigator();
        let clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
            .unwrap_or(JsValue::UNDEFINED);
        if !clipboard.is_undefined() && !clipboard.is_null() {
            let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
            let promise = clipboard.write_text(text);
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                return true;
            }
        }
        if let (Some(area), Some(doc)) = (area, w.document()) {
            area.select();
            if let Ok(doc) = doc.dyn_into::<web_sys::HtmlDocument>() {
                return doc.exec_command("copy").unwrap_or(false);
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_escapes_and_keeps_broken_ones() {
        assert_eq!(super::percent_decode("a=%E4%B8%AD&b=1"), "a=中&b=1");
        assert_eq!(super::percent_decode("x=%zz%4"), "x=%zz%4");
    }
}
