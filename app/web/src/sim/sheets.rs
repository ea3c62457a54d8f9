//! The spreadsheet bundle (`zhuanjie-sheets`, `src/sheets_main.rs`), loaded on demand.
//!
//! Reading .xlsx / .xls / GBK CSV and writing .xlsx take calamine, rust_xlsxwriter and
//! encoding_rs's tables, which would be a large part of the simulator's first download. So
//! they live in a bundle of their own that no page names: the first call here injects its
//! script (next to the simulator's own, so it works over HTTP and from `file://`), awaits the
//! promise its loader publishes, and keeps it for later calls. If loading fails (offline and
//! not cached), the caller gets a Chinese message and the next call tries again.

use std::cell::RefCell;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use zhuanjie_roster::{Sheet, Table};

/// The global the bundle's loader sets to a promise of its exports (xtask's
/// `Bundle::on_demand_global` for `zhuanjie-sheets`).
const EXPORTS_GLOBAL: &str = "__zhuanjieBundle_zhuanjie_sheets";
const SCRIPT: &str = "zhuanjie-sheets.js";
/// The simulator's own script, beside which the bundle's script is found.
const OWN_SCRIPT: &str = "zhuanjie-sim.js";
const SCRIPT_ID: &str = "zj-sheets-script";

thread_local! {
    /// The bundle's exports once loaded, or the load in flight (so two calls made at once
    /// inject the script once).
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Whether the bundle is already loaded or loading (the page says "载入表格组件" otherwise).
pub fn started() -> bool {
    LOADING.with(|l| l.borrow().is_some())
}

/// Starts loading the bundle, e.g. as the admin opens the file dialog, so that it arrives
/// while they pick. A failure is reported by the call that needs the bundle.
pub fn prefetch() {
    let _ = pending();
}

/// The load in flight or done, started if need be.
fn pending() -> Promise {
    LOADING.with(|l| {
        l.borrow_mut()
            .get_or_insert_with(|| {
                let load = inject();
                // Handled: a prefetch nobody awaits must not log an unhandled rejection.
                let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
                let _ = load.catch(&ignore);
                // Once per load of the bundle; the handler must outlive this call.
                ignore.forget();
                load
            })
            .clone()
    })
}

fn script_url() -> String {
    let own = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("script[src*='{OWN_SCRIPT}']"))
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlScriptElement>().ok())
        .map(|s| s.src());
    own.and_then(|base| web_sys::Url::new_with_base(SCRIPT, &base).ok())
        .map(|u| u.href())
        .unwrap_or_else(|| format!("app/{SCRIPT}"))
}

/// Injects the bundle's script; resolves with the loader's promise of the exports.
fn inject() -> Promise {
    Promise::new(&mut |resolve: Function, reject: Function| {
        let url = script_url();
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("页面没有 document"));
            return;
        };
        let Ok(element) = document.create_element("script") else {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("无法创建 script 元素"));
            return;
        };
        let script: web_sys::HtmlScriptElement = element.unchecked_into();
        script.set_id(SCRIPT_ID);
        script.set_src(&url);
        let reject_on_error = reject.clone();
        let reject_on_load = reject.clone();
        let failed_url = url.clone();
        let on_load = Closure::once_into_js(move || {
            // The script has run; its loader set the global (a promise the caller adopts).
            let exports = Reflect::get(&js_sys::global(), &JsValue::from_str(EXPORTS_GLOBAL))
                .unwrap_or(JsValue::UNDEFINED);
            if exports.is_undefined() {
                let _ = reject_on_load.call1(
                    &JsValue::NULL,
                    &JsValue::from_str(&format!("{url} 的内容不完整")),
                );
            } else {
                let _ = resolve.call1(&JsValue::NULL, &exports);
            }
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject_on_error.call1(
                &JsValue::NULL,
                &JsValue::from_str(&format!("无法读取 {failed_url}")),
            );
        });
        script.set_onload(Some(on_load.unchecked_ref()));
        script.set_onerror(Some(on_error.unchecked_ref()));
        let appended = document
            .head()
            .map(|h| h.append_child(&script).is_ok())
            .unwrap_or(false);
        if !appended {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("无法插入 script 元素"));
        }
    })
}

/// Drops a failed or broken bundle so that the next call loads it afresh.
fn forget() {
    LOADING.with(|l| l.borrow_mut().take());
    let global: js_sys::Object = js_sys::global();
    let _ = Reflect::delete_property(&global, &JsValue::from_str(EXPORTS_GLOBAL));
    if let Some(old) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SCRIPT_ID))
    {
        old.remove();
    }
}

fn describe(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "未知错误".into())
}

async fn exports() -> Result<JsValue, String> {
    match JsFuture::from(pending()).await {
        Ok(exports) => Ok(exports),
        Err(e) => {
            forget();
            Err(format!(
                "表格组件（读写 Excel 和 CSV 的部分）没能载入：{}。请检查网络后重试；离线时请先在联网时打开过一次本页。",
                describe(&e)
            ))
        }
    }
}

/// Calls the bundle's `name` with `args`. A string thrown back is the engine's own Chinese
/// message; anything else means the bundle broke (a trap), so it is dropped and reloaded
/// next time.
async fn call(name: &str, args: &Array) -> Result<JsValue, String> {
    let exports = exports().await?;
    let function: Function = Reflect::get(&exports, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| format!("表格组件缺少 {name}，请刷新页面"))?;
    function
        .apply(&JsValue::NULL, args)
        .map_err(|e| match e.as_string() {
            Some(message) => message,
            None => {
                forget();
                format!("表格组件出错（{}），请重试", describe(&e))
            }
        })
}

/// `zhuanjie_roster::read_table`, in the bundle. `encoding` is the name the admin chose
/// (`utf-8` / `gbk`), empty for detection; `sheet` empty for the first sheet.
pub async fn read_table(
    file_name: &str,
    bytes: &[u8],
    sheet: &str,
    encoding: &str,
) -> Result<Table, String> {
    let optional = |s: &str| {
        if s.trim().is_empty() {
            JsValue::UNDEFINED
        } else {
            JsValue::from_str(s)
        }
    };
    let args = Array::of4(
        &JsValue::from_str(file_name),
        &Uint8Array::from(bytes),
        &optional(sheet),
        &optional(encoding),
    );
    let json = call("read_table", &args)
        .await?
        .as_string()
        .ok_or("表格组件没有返回读取结果")?;
    serde_json::from_str(&json).map_err(|e| format!("表格组件返回的结果无法解读：{e}"))
}

/// `zhuanjie_roster::export::xlsx`, in the bundle: the sheets as one .xlsx workbook.
pub async fn write_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let json = serde_json::to_string(sheets).map_err(|e| format!("无法整理要导出的表格：{e}"))?;
    let bytes = call("write_xlsx", &Array::of1(&JsValue::from_str(&json))).await?;
    bytes
        .dyn_into::<Uint8Array>()
        .map(|a| a.to_vec())
        .map_err(|_| "表格组件没有返回 Excel 文件".into())
}
