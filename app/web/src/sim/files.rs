//! Files in and out of the page, with nothing sent anywhere: reading a picked file, the
//! workspace import (all-or-nothing, every problem as the engine reports it) and downloads
//! made from a Blob (the exported workspace; CSV and .xlsx reports come from zhuanjie-roster).

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
    offer(name, &blob)
}

/// Offers `bytes` (an .xlsx) as a download named `name`.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "无法生成下载文件（Blob）".to_string())?;
    offer(name, &blob)
}

fn offer(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let fail = |what: &str| format!("无法生成下载文件（{what}）");
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| fail("URL"))?;
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

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_read_or_explained() {
        assert_eq!(decode_text("a.json", b"\xEF\xBB\xBF{}").unwrap(), "{}");
        assert!(decode_text("a.json", b"").unwrap_err().contains("空"));
        assert!(decode_text("a.json", &[0xd6, 0xd0, 0xce, 0xc4])
            .unwrap_err()
            .contains("GBK"));
    }
}
