//! Files in and out of the page, with nothing sent anywhere: reading a picked file, the
//! workspace import (all-or-nothing, every problem as the engine reports it) and downloads
//! made from a Blob (the exported workspace, CSV with a BOM so Excel reads the Chinese).

use wasm_bindgen::{JsCast, JsValue};
use zhuanjie_core::Workspace;

/// The text of a picked file. A file that is not UTF-8 gets a message saying what to do.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("无法读取文件「{}」", file.name()))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    decode_text(&file.name(), &bytes)
}

/// UTF-8 (with or without the BOM Windows Notepad writes); anything else is explained.
pub fn decode_text(name: &str, bytes: &[u8]) -> Result<String, String> {
    if bytes.is_empty() {
        return Err(format!("文件「{name}」是空的"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        format!("文件「{name}」不是 UTF-8 编码的文本（可能是 GBK 等编码，或不是 JSON 文件）：请选择从本模拟器导出的工作区 JSON 文件")
    })
}

/// The engine's import: a validated workspace, or every problem (path + Chinese message).
pub fn import_workspace(text: &str) -> Result<Workspace, Vec<String>> {
    Workspace::from_json(text).map_err(|e| e.0.iter().map(|p| p.to_string()).collect())
}

/// Offers `text` as a download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("无法生成下载文件（{what}）");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("URL"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("document"))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("a"))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// One CSV field, quoted when it must be.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// CSV text with a UTF-8 BOM (so Excel opens the Chinese correctly) and CRLF line ends.
pub fn csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(
        &header
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in rows {
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_bom_and_quotes_what_it_must() {
        let text = csv(&["姓名", "备注"], vec![vec!["甲".into(), "a,\"b\"".into()]]);
        assert!(text.starts_with('\u{FEFF}'));
        assert!(text.contains("甲,\"a,\"\"b\"\"\"\r\n"));
    }

    #[test]
    fn text_files_are_read_or_explained() {
        assert_eq!(decode_text("a.json", b"\xEF\xBB\xBF{}").unwrap(), "{}");
        assert!(decode_text("a.json", b"").unwrap_err().contains("空"));
        assert!(decode_text("a.json", &[0xd6, 0xd0, 0xce, 0xc4])
            .unwrap_err()
            .contains("GBK"));
    }
}
