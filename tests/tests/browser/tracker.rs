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
            .replace("\"version\":2", "\"version\":9"),
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

/// A graduate's own way through the tracker on a phone: the state stays in view while the
/// form is edited, waiting reads "待审批", the school's deadline counts, a return by the
/// system says what to do and is started again with the history kept (also after a reload),
/// a pair the checker forbids is flagged, 2019's pass-by-default has its day, and the
/// record can be cleared.
#[tokio::test(flavor = "current_thread")]
async fn a_returned_application_is_started_again_and_the_history_stays() {
    let b = Browser::start().await;
    b.phone().await;
    fresh_tracker(&b).await;
    // The form starts with the submission date.
    let first = b
        .eval(
            "return document.querySelector('.zj-tracker-form input, .zj-tracker-form select').id;",
        )
        .await;
    assert_eq!(first, Value::from("zj-t-submitted"));
    b.set("#zj-t-submitted", "2026-09-20").await;
    b.set("#zj-view-date", "2026-10-01").await;
    b.wait_for("document.querySelector('.zj-state[data-state=out_approval]')")
        .await;
    let statuses = b
        .eval("return [...document.querySelectorAll('.zj-step-status')].map(e => e.textContent);")
        .await;
    assert_eq!(statuses, serde_json::json!(["待审批", "还没轮到"]));
    assert!(
        !b.app_text().await.contains("未通过"),
        "等待中的环节不写“未通过”"
    );
    // Editing far down the form on a phone: the state is still on screen.
    b.eval(
        "document.querySelector('#zj-t-initiator').scrollIntoView({block: 'center'}); return 1;",
    )
    .await;
    let live = b
        .eval(
            "const e = document.querySelector('#zj-live-state'); const r = e.getBoundingClientRect(); \
             return [e.textContent, r.top >= 0 && r.bottom <= innerHeight];",
        )
        .await;
    assert!(live[0].as_str().unwrap_or("").contains("等待"), "{live}");
    assert_eq!(live[1], Value::Bool(true), "状态一直在屏幕上：{live}");
    // The school's own deadline, earlier than the system's.
    b.set("#zj-t-school-deadline", "2026-10-05").await;
    b.wait_for("document.querySelector('#zj-school')").await;
    let school = b.text("#zj-school").await;
    assert!(
        school.contains("2026年10月5日") && school.contains("按学校的日期"),
        "{school}"
    );
    b.set("#zj-t-school-deadline", "").await;

    // Returned by the system: what to do, the FAQ's word, the links, and starting again.
    b.set("#zj-view-date", "2026-10-12").await;
    b.wait_for("document.querySelector('#zj-after-end')").await;
    let after = b.text("#zj-after-end").await;
    assert!(
        after.contains("系统终止") && after.contains("重新发起"),
        "{after}"
    );
    let links = b
        .eval("return [...document.querySelectorAll('#zj-after-end a')].map(a => a.getAttribute('href'));")
        .await;
    assert!(
        links.to_string().contains("faq/auto-returned.html"),
        "{links}"
    );
    b.eval("document.querySelector('#zj-after-end').scrollIntoView(); return 1;")
        .await;
    b.screenshot("tracker-returned-phone").await;
    b.set("#zj-t-restart-date", "2026-10-12").await;
    b.click("#zj-t-restart").await;
    b.wait_for("document.querySelector('.zj-state[data-state=out_approval]')")
        .await;
    let timeline = b.text(".zj-timeline").await;
    assert!(
        timeline.contains("第 1 次申请：发起") && timeline.contains("第 2 次申请"),
        "{timeline}"
    );
    assert_eq!(
        b.eval("return document.querySelector('#zj-t-submitted').value;")
            .await,
        Value::from("2026-10-12")
    );
    // Reload: both attempts are still there.
    b.open("tracker.html").await;
    b.wait_for("document.querySelector('.zj-timeline')").await;
    assert!(b.text(".zj-timeline").await.contains("第 1 次申请"));

    // A pair the checker forbids: 升学 to the residence's township.
    b.set("#zj-t-reason", "further_study").await;
    b.set("#zj-t-destination", "residence_township_org").await;
    b.wait_for("document.querySelector('#zj-t-combination')")
        .await;
    assert!(b.text("#zj-t-combination").await.contains("录取学校"));
    b.set("#zj-t-reason", "").await;

    // Clearing asks first, then leaves an empty form and nothing saved.
    b.click("#zj-t-clear").await;
    b.wait_for("document.querySelector('#zj-t-clear-yes')")
        .await;
    assert!(b.text(".zj-confirm").await.contains("不能恢复"));
    b.click("#zj-t-clear-yes").await;
    b.wait_for("document.querySelector('#zj-t-submitted').value === ''")
        .await;
    assert_eq!(
        b.eval(&format!("return localStorage.getItem('{KEY}');"))
            .await,
        Value::Null
    );
    assert!(b.text("#zj-report").await.contains("已清除"));
    assert_eq!(
        b.eval("return document.querySelectorAll('#zj-tracker-error').length;")
            .await,
        Value::from(0),
        "清除后是新的开始，不是错误"
    );
    // 2019: a step nobody reviewed passes by default, with its day.
    b.set("#zj-t-edition", "2019").await;
    b.set("#zj-t-destination", "admitting_school_org").await;
    b.set("#zj-t-submitted", "2026-07-01").await;
    b.set("#zj-view-date", "2026-09-01").await;
    b.wait_for("[...document.querySelectorAll('.zj-step-status')].some(e => e.textContent.includes('视为通过'))")
        .await;
    assert!(b.text(".zj-timeline").await.contains("视为通过"));
    b.eval("document.querySelector('.zj-chain').scrollIntoView(); return 1;")
        .await;
    b.screenshot("tracker-2019-phone").await;
    assert!(b.fits_width().await);
    b.assert_no_program_text("跟踪页").await;

    b.close().await;
}
