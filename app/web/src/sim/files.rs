//! Files in and out of the page, with nothing sent anywhere: reading a picked file, the
//! workspace import (all-or-nothing, every problem as the engine reports it) and downloads
//! made from a Blob (the exported workspace; CSV and .xlsx reports come from zhuanjie-roster).

use wasm_bindgen::{JsCast, JsValue};
use zhuanjie_core::{input, Workspace};

/// The text of a picked file: the engine's [`input::file_text`] (UTF-8 with or without the
/// BOM Windows Notepad writes, UTF-16 with a BOM; an empty, GBK or spreadsheet file gets a
/// Chinese message naming it and saying what to do).
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("无法读取文件「{}」", file.name()))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    input::file_text(&file.name(), bytes).map_err(|e| e.to_string())
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
    fn an_import_names_every_problem() {
        let text = import_workspace("").unwrap_err().join("\n");
        assert!(text.contains("空"), "{text}");
        let text = import_workspace("{\"format\": “x”}")
            .unwrap_err()
            .join("\n");
        assert!(
            text.contains("第 1 行第 12 列") && text.contains("中文引号"),
            "{text}"
        );
    }
}
