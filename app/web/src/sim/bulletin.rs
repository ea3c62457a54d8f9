//! The bulletin tab (通报): the selected org's progress report at the simulated date, as the
//! engine computes it (`bulletin::bulletin`) and the roster crate lays it out — the same
//! page `cargo xtask report` writes. Print it on A4 (only the bulletin prints), or download
//! it as HTML or Excel. Its style is `assets/bulletin.css`, which the simulator page links
//! (the pages' CSP allows no inline style).

use chrono::NaiveDate;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zhuanjie_core::bulletin::{self, Request};
use zhuanjie_core::metrics::Side;
use zhuanjie_roster::bulletin::{bulletin_body, bulletin_html, bulletin_sheets};

use super::exports::{deliver, Export};
use super::feedback::FeedbackAt;
use super::state::{Place, Sim};
use crate::util::iso;

#[component]
pub fn BulletinTab() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let since = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let lowest = RwSignal::new("5".to_string());
    let rank = RwSignal::new("xs".to_string());
    let writing = RwSignal::new(None::<&'static str>);
    // The request as typed, or what is wrong with it (named).
    let request = move || -> Result<(Option<NaiveDate>, Option<f64>, usize, Side), String> {
        let since = match since.get().trim() {
            "" => None,
            t => Some(
                t.parse::<NaiveDate>()
                    .map_err(|_| format!("对比日期「{t}」不是有效的日期"))?,
            ),
        };
        let target = match target.get().trim() {
            "" => None,
            t => match t.trim_end_matches('%').parse::<f64>() {
                Ok(p) if (1.0..=100.0).contains(&p) => Some(p / 100.0),
                _ => return Err(format!("目标「{t}」应是 1 到 100 之间的百分数，例如 90")),
            },
        };
        let lowest = lowest
            .get()
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or("点名的单位数应是 1 到 100 之间的整数")?;
        let side = if rank.get() == "sx" {
            Side::Sx
        } else {
            Side::Xs
        };
        Ok((since, target, lowest, side))
    };
    let made = move || -> Result<bulletin::Bulletin, String> {
        let (since, target, lowest, rank_by) = request()?;
        let region = sim.region.get();
        sim.ws.with(|ws| {
            bulletin::bulletin(
                ws,
                &Request {
                    region: region.as_deref(),
                    at: ws.clock,
                    since,
                    target,
                    lowest,
                    rank_by,
                },
            )
            .map_err(|e| e.to_string())
        })
    };
    let export = move |xlsx: bool| {
        let result = made().map(|b| {
            let name = format!("进度通报-{}-{}", b.region_name, iso(b.at));
            if xlsx {
                Export::Xlsx(format!("{name}.xlsx"), bulletin_sheets(&b))
            } else {
                Export::Html(format!("{name}.html"), bulletin_html(&b))
            }
        });
        deliver(sim, Place::Bulletin, writing, result);
    };
    // Only the bulletin prints: a copy goes straight under <body> and everything else is set
    // aside while printing (style.css: html.zj-printing-bulletin); the copy leaves after.
    let print = move |_| {
        let Ok(b) = made() else {
            return;
        };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let (Some(root), Some(body)) = (doc.document_element(), doc.body()) else {
            return;
        };
        if let Some(old) = doc.get_element_by_id("zj-print-bulletin") {
            old.remove();
        }
        let Ok(copy) = doc.create_element("div") else {
            return;
        };
        copy.set_id("zj-print-bulletin");
        copy.set_inner_html(&bulletin_body(&b));
        let _ = body.append_child(&copy);
        let _ = root.class_list().add_1("zj-printing-bulletin");
        let done = wasm_bindgen::closure::Closure::once_into_js(move || {
            copy.remove();
            let _ = root.class_list().remove_1("zj-printing-bulletin");
        });
        if let Some(w) = web_sys::window() {
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
                "afterprint",
                done.unchecked_ref(),
                &options,
            );
        }
        crate::util::print();
    };
    view! {
        <section id="zj-bulletin-tab">
            <h2>"进度通报"</h2>
            <p class="zj-muted">"所选组织在模拟日期的 SX、XS、各单位排名和未发起最多的单位；给出对比日期时，还有这段时间新完成的人数。可以打印成一页 A4，或下载后发给各单位。"</p>
            <div class="zj-row zj-bulletin-form">
                <label class="zj-inline">"对比日期（可不填）"
                    <input type="date" id="zj-bulletin-since" prop:value=move || since.get()
                        on:input=move |ev| since.set(event_target_value(&ev))/>
                </label>
                <label class="zj-inline">"目标（%，可不填）"
                    <input type="number" id="zj-bulletin-target" min="1" max="100" inputmode="decimal"
                        prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev))/>
                </label>
                <label class="zj-inline">"点名最低的"
                    <input type="number" id="zj-bulletin-lowest" min="1" max="100" inputmode="numeric"
                        prop:value=move || lowest.get() on:input=move |ev| lowest.set(event_target_value(&ev))/>
                    "个单位"
                </label>
                <label class="zj-inline">"排名依据"
                    <select id="zj-bulletin-rank" on:change=move |ev| rank.set(event_target_value(&ev))>
                        <option value="xs" selected=true>"XS 学社衔接率"</option>
                        <option value="sx">"SX 升学衔接率"</option>
                    </select>
                </label>
            </div>
            <div class="zj-row zj-exports">
                <button type="button" id="zj-bulletin-print" on:click=print>"打印通报（A4）"</button>
                <button type="button" class="zj-secondary" id="zj-bulletin-html" on:click=move |_| export(false)>"下载 HTML"</button>
                <button type="button" class="zj-secondary" id="zj-bulletin-xlsx" on:click=move |_| export(true)>"下载 Excel"</button>
            </div>
            <p class="zj-muted zj-status" id="zj-bulletin-status" role="status">{move || writing.get().unwrap_or_default()}</p>
            <FeedbackAt place=Place::Bulletin/>
            {move || match made() {
                Ok(b) => view! { <div class="zj-bulletin-frame" data-at=b.at.to_string() inner_html=bulletin_body(&b)></div> }.into_any(),
                Err(e) => view! { <p class="zj-error" role="alert" id="zj-bulletin-error">{e}</p> }.into_any(),
            }}
        </section>
    }
}
