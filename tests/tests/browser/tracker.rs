//! The personal tracker (tracker.html) in headless Chromium: the 9/20 → 10/10 auto-return,
//! an approval moving it on, persistence, a bad edit that keeps the saved record, and a
//! corrupted stored value.

use chrono::NaiveDate;
use e2e::Browser;
use serde_json::Value;
use zhuanjie_core::calendar::Edition;
use zhuanjie_core::codes::{Destination, Step};
use zhuanjie_core::tracker::{StepRecord, TrackedApplication};

const KEY: &str = "zhuanjie.tracker.v1";

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("date")
}

async fn fresh_tracker(b: &Browser) {
    // Cleared from a guide page, so no tracker is running while its storage changes.
    b.open("index.html").await;
    b.eval("localStorage.clear(); return 1;").await;
    b.open("tracker.html").await;
    b.wait_for("document.querySelector('#zj-t-submitted')")
        .await;
}

#[tokio::test(flavor = "current_thread")]
async fn auto_return_date_next_step_persistence_and_bad_edits() {
    let b = Browser::start().await;
    fresh_tracker(&b).await;
    // A first visit is guided, not scolded: no red error before anything was typed.
    assert!(b.text("#zj-tracker-guidance").await.contains("提交日期"));
    assert_eq!(
        b.eval("return document.querySelectorAll('#zj-tracker-error, .zj-tracker [role=alert]').length;")
            .await,
        Value::from(0)
    );
    // Once the visitor edits, what is still wrong is an error.
    b.set("#zj-t-step-out_org", "2026-09-22").await;
    b.wait_for("document.querySelector('#zj-tracker-error')")
        .await;
    assert!(b.text("#zj-tracker-error").await.contains("提交日期"));
    b.set("#zj-t-step-out_org", "").await;

    b.set("#zj-t-submitted", "2026-09-20").await;
    b.set("#zj-view-date", "2026-10-01").await;
    b.wait_for("document.querySelector('#zj-next')").await;
    let next = b.text("#zj-next").await;
    assert!(
        next.contains("2026年10月10日") && next.contains("自动退回"),
        "{next}"
    );
    // The engine says the same.
    let mut app = TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(9, 20));
    let expected = app.report(d(10, 1)).expect("report");
    // The engine's sentence, then a link to the reading it rests on (ten-day-clock).
    assert_eq!(
        Some(
            next.trim_end_matches("（看本指南的理解）")
                .trim_end()
                .to_string()
        ),
        expected.next
    );
    assert_eq!(expected.next_readings, ["ten-day-clock"]);
    let href = b.attr("#zj-next a.zj-reading", "href").await;
    assert_eq!(href, "readings.html#ten-day-clock");
    assert!(b.text("#zj-contact").await.contains("原团支部"));
    assert!(b.text(".zj-state").await.contains(&expected.label));
    // Past the due date it has been returned.
    b.set("#zj-view-date", "2026-10-10").await;
    b.wait_for("document.querySelector('.zj-state[data-state=auto_returned]')")
        .await;

    // The out-org approval moves it on to the in-org step with its own due date.
    b.set("#zj-view-date", "2026-10-01").await;
    b.set("#zj-t-step-out_org", "2026-09-22").await;
    b.wait_for("document.querySelector('.zj-state[data-state=in_approval]')")
        .await;
    app.passed.push(StepRecord {
        step: Step::OutOrg,
        date: d(9, 22),
    });
    let expected = app.report(d(10, 1)).expect("report");
    assert_eq!(
        Some(engine_sentence(&b.text("#zj-next").await)),
        expected.next
    );
    assert!(b.text("#zj-contact").await.contains("接收团组织"));
    let stored = b
        .eval(&format!("return localStorage.getItem('{KEY}');"))
        .await;
    let stored = TrackedApplication::from_json(stored.as_str().expect("saved")).expect("valid");
    assert_eq!(stored, app);

    // A bad edit (an approval before the submission) is explained and not saved.
    b.set("#zj-t-step-out_org", "2026-09-10").await;
    b.wait_for("document.querySelector('#zj-tracker-error')")
        .await;
    let error = b.text("#zj-tracker-error").await;
    assert!(error.contains("第 1 个审批日期"), "{error}");
    let still = b
        .eval(&format!("return localStorage.getItem('{KEY}');"))
        .await;
    assert_eq!(still.as_str(), Some(app.to_json().as_str()));
    // Filling out of order is named too.
    b.set("#zj-t-step-out_org", "").await;
    b.set("#zj-t-step-in_org", "2026-09-25").await;
    b.wait_for("document.querySelector('#zj-tracker-error') && document.querySelector('#zj-tracker-error').textContent.includes('按顺序')")
        .await;
    b.set("#zj-t-step-in_org", "").await;
    b.set("#zj-t-step-out_org", "2026-09-22").await;
    b.wait_for("document.querySelector('.zj-state[data-state=in_approval]')")
        .await;

    // Reload: the record is back.
    b.open("tracker.html").await;
    b.wait_for("document.querySelector('#zj-t-step-out_org')")
        .await;
    let v = b
        .eval("return [document.querySelector('#zj-t-submitted').value, document.querySelector('#zj-t-step-out_org').value];")
        .await;
    assert_eq!(v, serde_json::json!(["2026-09-20", "2026-09-22"]));
    assert!(b.fits_width().await);
    b.screenshot("tracker-desktop").await;
    b.phone().await;
    assert!(b.fits_width().await, "追踪页在手机宽度下横向滚动");
    b.screenshot("tracker-phone").await;
    b.eval("document.querySelector('.zj-tracker-form').scrollIntoView(); return 1;")
        .await;
    b.screenshot("tracker-form-phone").await;
    b.assert_same_origin().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_corrupted_or_newer_record_is_kept_aside_and_the_page_works() {
    let b = Browser::start().await;
    for bad in [
        "{\"format\":\"zhuanjie-tracker\",\"version\":1,".to_string(),
        TrackedApplication::new(Edition::E2021, Destination::EmployerOrg, d(9, 1))
            .to_json()
            .replace("\"version\":1", "\"version\":9"),
    ] {
        b.open("index.html").await;
        b.eval(&format!(
            "localStorage.clear(); localStorage.setItem('{KEY}', {}); return 1;",
            Value::from(bad.as_str())
        ))
        .await;
        b.open("tracker.html").await;
        b.wait_for("document.querySelector('.zj-notice')").await;
        assert!(b.text(".zj-notice").await.contains(".corrupt"));
        let aside = b
            .eval(&format!("return localStorage.getItem('{KEY}.corrupt');"))
            .await;
        assert_eq!(aside.as_str(), Some(bad.as_str()));
        b.set("#zj-t-submitted", "2026-09-20").await;
        b.set("#zj-view-date", "2026-10-01").await;
        b.wait_for("document.querySelector('#zj-next')").await;
        assert!(b
            .eval(&format!("return localStorage.getItem('{KEY}');"))
            .await
            .as_str()
            .is_some_and(|s| TrackedApplication::from_json(s).is_ok()));
    }
    // A full storage is reported; the report still shows.
    b.eval(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }; return 1;",
    )
    .await;
    b.set("#zj-t-submitted", "2026-09-21").await;
    b.wait_for(
        "[...document.querySelectorAll('.zj-notice')].some(n => n.textContent.includes('已满'))",
    )
    .await;
    assert!(b.eval("return !!document.querySelector('#zj-next');").await == Value::Bool(true));
    // Another tab writing the record: reported, nothing breaks.
    b.eval(&format!(
        "window.dispatchEvent(new StorageEvent('storage', {{ key: '{KEY}' }})); return 1;"
    ))
    .await;
    b.wait_for("[...document.querySelectorAll('.zj-notice')].some(n => n.textContent.includes('另一个标签页'))")
        .await;
    assert!(b.eval("return !!document.querySelector('#zj-next');").await == Value::Bool(true));
    b.close().await;
}

/// The engine's sentence of `#zj-next`, without the link to the reading it rests on.
fn engine_sentence(shown: &str) -> String {
    shown
        .trim_end_matches("（看本指南的理解）")
        .trim_end()
        .to_string()
}
