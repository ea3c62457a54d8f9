//! localStorage that fails safely. Every read and write goes through here: a storage that is
//! disabled or full gives a Chinese message (shown as a notice; the page keeps working), and
//! a stored value the engine cannot read is copied aside under `KEY.corrupt` (or
//! `KEY.corrupt-<time>` when that is taken), removed, and reported. Nothing leaves the page.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The checker's outcome handed to the tracker page (written by the checker's “开始跟踪”,
/// read once and removed by the tracker; the two pages are separate bundles).
pub const TRACKER_PREFILL_KEY: &str = "zhuanjie.tracker.prefill.v1";

fn storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("没有浏览器窗口")?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err("浏览器没有提供本地存储（localStorage）".into()),
        Err(e) => Err(format!("浏览器不允许使用本地存储（{}）", js_error_name(&e))),
    }
}

/// Why the browser refused, in Chinese; the browser's own error name stays in brackets for
/// whoever has to look it up.
fn js_error_name(e: &JsValue) -> String {
    let name = js_sys::Reflect::get(e, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string());
    match name.as_deref() {
        Some("SecurityError") => {
            "浏览器的隐私或安全设置禁止本站使用本地存储，例如禁用了网站数据（SecurityError）".into()
        }
        Some("InvalidStateError") => "浏览器的存储暂时不可用（InvalidStateError）".into(),
        Some("QuotaExceededError") | Some("NS_ERROR_DOM_QUOTA_REACHED") => {
            "本地存储已满（QuotaExceededError）".into()
        }
        Some(other) => format!("浏览器报告的错误：{other}"),
        None => "原因不明".into(),
    }
}

/// The stored text under `key`, if any.
pub fn read(key: &str) -> Result<Option<String>, String> {
    storage()?.get_item(key).map_err(|e| {
        format!(
            "无法读取本地存储中的「{key}」（{}）",
            js_error_name(e.as_ref())
        )
    })
}

thread_local! {
    /// Keys holding content that could not be read nor set aside: no write replaces it
    /// until the user lets it go (`release_held`).
    static HELD: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether some unreadable content is being kept in place.
pub fn holding() -> bool {
    HELD.with(|h| !h.borrow().is_empty())
}

/// Lets the kept content go: the page's next save replaces it.
pub fn release_held() {
    HELD.with(|h| h.borrow_mut().clear());
}

/// Stores `value` under `key`; the error says why and that the page still works.
pub fn write(key: &str, value: &str) -> Result<(), String> {
    if HELD.with(|h| h.borrow().iter().any(|k| k == key)) {
        return Err(format!(
            "没有自动保存：「{key}」里还留着无法读取的旧内容，本页不覆盖它。"
        ));
    }
    let s = storage().map_err(|e| format!("无法保存：{e}。本页仍可使用，但关闭后不会保留。"))?;
    s.set_item(key, value).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            format!("无法保存「{key}」：浏览器的本地存储已满。本页仍可使用，但关闭后不会保留；可以清理本站以外的网站数据后再试。")
        } else {
            format!(
                "无法保存「{key}」：浏览器拒绝写入本地存储（{}）。本页仍可使用，但关闭后不会保留。",
                js_error_name(&e)
            )
        }
    })
}

/// The stored keys that start with `prefix`.
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Ok(s) = storage() else {
        return Vec::new();
    };
    let n = s.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

pub fn remove(key: &str) {
    if let Ok(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Keeps an unreadable stored value aside and removes it from `key`. Returns the notice to
/// show, naming what was wrong, where the old value went and what the page shows instead
/// (`instead`, e.g. "本页从空白开始").
pub fn set_aside(key: &str, raw: &str, why: &str, instead: &str) -> String {
    let mut aside = format!("{key}.corrupt");
    if matches!(read(&aside), Ok(Some(_))) {
        aside = format!("{key}.corrupt-{}", js_sys::Date::now() as u64);
    }
    match write(&aside, raw) {
        Ok(()) => {
            remove(key);
            format!("保存的数据无法读取：{why}。原来的内容已原样另存为「{aside}」（在浏览器的本地存储中），{instead}。")
        }
        Err(e) => {
            HELD.with(|h| h.borrow_mut().push(key.to_string()));
            format!(
                "保存的数据无法读取：{why}。也无法另存一份（{e}），{instead}；原来的内容留在「{key}」中，本页不会自动保存覆盖它。需要它时请先清理浏览器的存储空间后刷新；不需要时点“放弃旧内容”。"
            )
        }
    }
}

/// The page's notices: storage problems and other things the user must know.
#[derive(Clone, Copy)]
pub struct Notices(pub RwSignal<Vec<String>>);

impl Notices {
    pub fn new() -> Notices {
        Notices(RwSignal::new(Vec::new()))
    }

    pub fn push(&self, text: String) {
        self.0.update(|n| {
            if !n.contains(&text) {
                n.push(text)
            }
        });
    }

    pub fn clear(&self) {
        self.0.set(Vec::new());
    }

    /// Writes, and turns a failure into a notice.
    pub fn write(&self, key: &str, value: &str) -> bool {
        match write(key, value) {
            Ok(()) => true,
            Err(e) => {
                self.push(e);
                false
            }
        }
    }

    pub fn view(self) -> impl IntoView {
        move || {
            let notices = self.0.get();
            let held = holding().then(|| {
                view! {
                    <p class="zj-notice">
                        <button type="button" class="zj-secondary" id="zj-release-held"
                            on:click=move |_| {
                                release_held();
                                self.push("已放弃无法读取的旧内容：之后的操作会照常自动保存。".into());
                            }>"放弃旧内容"</button>
                    </p>
                }
            });
            view! {
                {notices
                    .into_iter()
                    .map(|text| view! { <p class="zj-notice" role="alert">{text}</p> })
                    .collect_view()}
                {held}
            }
        }
    }
}
