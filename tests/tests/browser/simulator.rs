//! The admin simulator (simulator.html) in headless Chromium, used as an admin would: start
//! from the sample, mark a delayed graduate, initiate / approve / reject / withdraw /
//! assign / batch-move, move the clock past a deadline and see the auto-return, read SX / XS
//! and the missing list for a branch and for the school, undo, reload, export → clear →
//! import, a broken import that keeps the workspace, another tab's change, full storage.

use e2e::Browser;
use serde_json::Value;
use zhuanjie_core::{metrics, season, status, Workspace};

const KEY: &str = "zhuanjie.simulator.v1";

pub(crate) async fn fresh(b: &Browser) {
    // Clear from a page without the app, so no pending autosave writes after the clear.
    b.open("index.html").await;
    b.eval("localStorage.clear(); return 1;").await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
}

pub(crate) async fn open_member(b: &Browser, id: &str) {
    b.click("#zj-tab-members").await;
    b.set("#zj-member-search", id).await;
    b.click(&format!("tr[data-member='{id}'] .zj-member-open"))
        .await;
    b.wait_for(&format!(
        "document.querySelector('#zj-member-panel[data-member=\"{id}\"]')"
    ))
    .await;
}

/// The newest application of the open member: its state code.
pub(crate) async fn newest_state(b: &Browser) -> String {
    b.attr("#zj-member-panel .zj-application", "data-state")
        .await
}

/// 退回 the open member's newest application: the reason beside the button, 退回, then the
/// confirmation.
pub(crate) async fn reject(b: &Browser, reason: &str) {
    b.set("#zj-member-panel .zj-reject-reason", reason).await;
    act(b, "reject").await;
    act(b, "reject-confirm").await;
}

pub(crate) async fn act(b: &Browser, action: &str) {
    b.click(&format!(
        "#zj-member-panel .zj-application [data-action='{action}']"
    ))
    .await;
}

/// How many saves the page has made so far (the save status's counter).
pub(crate) async fn saves(b: &Browser) -> u64 {
    b.attr("#zj-save-status", "data-saves")
        .await
        .parse()
        .unwrap_or(0)
}

/// Waits for the save that follows an action: the counter read before it (`before`) has
/// moved on and the stored value is there. Never a fixed time.
pub(crate) async fn saved_since(b: &Browser, before: u64) {
    b.wait_for(&format!(
        "Number(document.querySelector('#zj-save-status').getAttribute('data-saves')) > {before} \
         && localStorage.getItem('{KEY}') !== null"
    ))
    .await;
}

/// The workspace the page holds now, read back through its own export.
pub(crate) async fn workspace(b: &Browser) -> Workspace {
    Workspace::from_json(&exported(b).await).expect("the export reads back")
}

/// The region's SX / XS cards and the excluded line show the engine's figures for the
/// workspace the page holds, at its clock.
pub(crate) async fn rates_are_the_engines(b: &Browser) -> metrics::Metrics {
    let ws = workspace(b).await;
    let region = b.attr("#zj-region-name", "data-region").await;
    let m = metrics::compute(&ws, Some(&region), ws.clock).expect("metrics");
    for (card, rate, letters) in [
        ("#zj-sx", &m.sx, ["A", "B", "C"]),
        ("#zj-xs", &m.xs, ["D", "E", "F"]),
    ] {
        let shown = b.text(card).await;
        let counts = format!(
            "{}（已完成）{} ÷（{}（本区域）{} + {}（转入）{}）",
            letters[0], rate.completed, letters[1], rate.own, letters[2], rate.incoming
        );
        assert!(
            shown.contains(&counts) && shown.contains(&rate.percent()),
            "{region} {card}: {shown} ≠ {counts} {}",
            rate.percent()
        );
    }
    let excluded = b.text("#zj-excluded").await;
    let expected = format!(
        "延迟毕业 {} 人、教师 {} 人、超龄 {} 人",
        m.excluded.delayed, m.excluded.teacher, m.excluded.lapsed
    );
    assert!(
        excluded.contains(&expected),
        "{region}: {excluded} ≠ {expected}"
    );
    m
}

/// The branch a member is in, in the workspace the page holds.
pub(crate) async fn branch_of(b: &Browser, member: &str) -> String {
    let ws = workspace(b).await;
    ws.members
        .iter()
        .find(|m| m.id == member)
        .map(|m| m.org.clone())
        .unwrap_or_else(|| panic!("no member {member}"))
}

/// The workspace JSON the export button offers (the download is intercepted).
pub(crate) async fn exported(b: &Browser) -> String {
    b.catch_downloads().await;
    b.click("#zj-export").await;
    let (name, bytes) = b.caught_download().await;
    assert!(
        name.starts_with("zhuanjie-workspace-") && name.ends_with(".json"),
        "{name}"
    );
    String::from_utf8(bytes).expect("the export is UTF-8")
}

pub(crate) async fn import_text(b: &Browser, name: &str, content: &str) {
    b.eval(&format!(
        "const dt = new DataTransfer(); dt.items.add(new File([{}], {}, {{ type: 'application/json' }})); \
         const i = document.querySelector('#zj-import'); i.files = dt.files; \
         i.dispatchEvent(new Event('change', {{ bubbles: true }})); return 1;",
        Value::from(content),
        Value::from(name)
    ))
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_season_by_clicking() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    assert!(b.text("#zj-sim-intro").await.contains("示例学校"));
    assert_eq!(b.attr("#zj-clock", "data-date").await, "2026-10-15");
    let school_sx = b.attr("#zj-sx", "data-rate").await;
    assert!(!school_sx.is_empty(), "the school has an SX");

    // The official figures are the engine's: never-started graduates in XS whatever their
    // plan (S004 5.2), and the plan only as a labelled forecast beside them.
    let m = rates_are_the_engines(&b).await;
    assert!(
        m.forecast.planned_study_not_started > 0,
        "the sample has planned-study graduates who have not started"
    );
    let forecast = b.text("#zj-forecast").await;
    assert!(
        forecast.contains("按预计去向")
            && forecast.contains("不是官方口径")
            && forecast.contains(&m.forecast.sx.percent()),
        "{forecast}"
    );
    // The official rates and the labelled forecast, as the admin reads them on a PC and a phone.
    b.eval("document.querySelector('#zj-sx').scrollIntoView(); return 1;")
        .await;
    b.screenshot("simulator-metrics-desktop").await;
    b.phone().await;
    b.eval("document.querySelector('#zj-sx').scrollIntoView(); return 1;")
        .await;
    assert!(b.fits_width().await, "the metrics fit a phone");
    b.screenshot("simulator-metrics-phone").await;
    b.desktop().await;

    // A member who already started cannot be marked delayed (S000).
    open_member(&b, "M0000046").await;
    b.set("#zj-delay-month", "2027-06").await;
    b.set("#zj-delay-reason", "休学一年").await;
    b.click("#zj-mark-delayed").await;
    // The refusal shows in the member's panel, where the button is.
    b.wait_for("document.querySelector('#zj-feedback-member').textContent.length > 0")
        .await;
    assert!(b.text("#zj-feedback-member").await.contains("延迟"));

    // A new graduate, marked delayed: out of both rates, and counted among the excluded.
    b.click("#zj-tab-metrics").await;
    let before = rates_are_the_engines(&b).await;
    b.click("#zj-tab-members").await;
    b.set("#zj-new-name", "测试新生").await;
    b.set("#zj-new-branch", "U-C000-T0-B0").await;
    b.set("#zj-new-plan", "employed").await;
    b.click("#zj-new-add").await;
    b.wait_for("document.querySelector('#zj-member-name') && document.querySelector('#zj-member-name').textContent === '测试新生'").await;
    b.set("#zj-delay-month", "2027-06").await;
    b.set("#zj-delay-reason", "休学一年").await;
    b.click("#zj-mark-delayed").await;
    b.wait_for("document.querySelector('#zj-member-mark')")
        .await;
    assert!(b.text("#zj-member-mark").await.contains("延迟毕业"));
    b.click("#zj-tab-metrics").await;
    b.wait_for("document.querySelector('#zj-excluded')").await;
    let after = rates_are_the_engines(&b).await;
    assert_eq!(
        after.excluded.delayed,
        before.excluded.delayed + 1,
        "the new delayed graduate is excluded"
    );
    assert_eq!(
        (after.sx.denominator(), after.xs.denominator()),
        (before.sx.denominator(), before.xs.denominator()),
        "and in neither denominator"
    );

    // Initiate as the member, then both sides approve.
    open_member(&b, "M0000046").await;
    let answers = [
        ("holds_league_post", "no"),
        ("dispatched", "no"),
        ("employer_has_org", "yes"),
        ("employer_system", "none"),
        ("special_province", "no"),
        ("destination_is_branch", "yes"),
        ("party_member", "no"),
    ];
    for _ in 0..10 {
        let key = b.attr(".zj-initiate-question", "data-key").await;
        if key.is_empty() {
            break;
        }
        let value = answers
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("unexpected question {key}"));
        b.set(".zj-initiate-question", value).await;
        b.wait_for(&format!(
            "!document.querySelector('.zj-initiate-question[data-key=\"{key}\"]')"
        ))
        .await;
    }
    b.wait_for("document.querySelector('#zj-initiate-org')")
        .await;
    b.set("#zj-initiate-org", "E-B1").await;
    b.click("#zj-initiate-submit").await;
    b.wait_for(
        "document.querySelector('#zj-member-panel .zj-application[data-state=out_approval]')",
    )
    .await;
    act(&b, "approve").await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'in_approval'").await;
    act(&b, "approve").await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'completed'").await;

    // Reject (a reason chosen beside 退回, then a second click), withdraw, assign.
    open_member(&b, "M0000019").await;
    assert_eq!(newest_state(&b).await, "out_approval");
    reject(&b, "wrong_data").await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'rejected'").await;
    open_member(&b, "M0000018").await;
    act(&b, "withdraw").await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'withdrawn'").await;
    open_member(&b, "M0000036").await;
    assert_eq!(newest_state(&b).await, "assign_branch");
    act(&b, "assign").await;
    b.wait_for("document.querySelector('#zj-feedback-member').textContent.includes('未执行')")
        .await;
    b.set("#zj-member-panel .zj-assign-branch", "A-NEW").await;
    act(&b, "assign").await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'completed'").await;

    b.screenshot("simulator-member-desktop").await;
    b.assert_no_program_text("团员详情").await;

    // Org editing: add a branch, mark its graduation month, rename, delete; an org that
    // still holds members cannot be deleted.
    b.click(".zj-tree-row[data-org='U-C000-T0'] .zj-org").await;
    b.wait_for("document.querySelector('#zj-org-editor[data-org=\"U-C000-T0\"]')")
        .await;
    b.set("#zj-child-name", "测试新班团支部").await;
    b.click("#zj-child-add").await;
    b.wait_for("document.querySelector('#zj-org-editor[data-org=\"U-C000-T0-N1\"]')")
        .await;
    b.set("#zj-org-month", "2026-06").await;
    b.click("#zj-org-set-month").await;
    b.wait_for("document.querySelector(\".zj-tree-row[data-org='U-C000-T0-N1']\").textContent.includes('2026-06')").await;
    b.set("#zj-org-name", "测试改名团支部").await;
    b.click("#zj-org-rename").await;
    b.wait_for("document.querySelector(\".zj-tree-row[data-org='U-C000-T0-N1']\").textContent.includes('测试改名')").await;
    b.click("#zj-org-delete").await;
    b.wait_for("!document.querySelector(\".zj-tree-row[data-org='U-C000-T0-N1']\")")
        .await;
    b.click(".zj-tree-row[data-org='U-C000-T0-B0'] .zj-org")
        .await;
    b.wait_for("document.querySelector('#zj-org-editor[data-org=\"U-C000-T0-B0\"]')")
        .await;
    b.click("#zj-org-delete").await;
    b.wait_for("document.querySelector('#zj-feedback-org').textContent.includes('未执行')")
        .await;
    assert!(b
        .eval("return !!document.querySelector(\".zj-tree-row[data-org='U-C000-T0-B0']\");")
        .await
        .as_bool()
        .unwrap_or(false));

    // A 团总支's batch move.
    b.click(".zj-tree-row[data-org='U-C000-T0'] .zj-org").await;
    b.wait_for("document.querySelector('#zj-batch')").await;
    b.set("#zj-batch-from", "U-C000-T0-B0").await;
    b.click(".zj-batch-pick[data-member='M0000009']").await;
    b.click(".zj-batch-pick[data-member='M0000010']").await;
    let untouched = branch_of(&b, "M0000011").await;
    assert_eq!(untouched, "U-C000-T0-B0");
    b.set("#zj-batch-to", "U-C000-T0-B1").await;
    b.click("#zj-batch-run").await;
    b.wait_for(
        "document.querySelector('#zj-undo') && !document.querySelector('#zj-undo').disabled",
    )
    .await;
    for (member, branch) in [
        ("M0000009", "U-C000-T0-B1"),
        ("M0000010", "U-C000-T0-B1"),
        ("M0000011", "U-C000-T0-B0"),
    ] {
        assert_eq!(
            branch_of(&b, member).await,
            branch,
            "{member} after the batch move"
        );
    }

    // Past the deadline: pending applications submitted on 10/9 are auto-returned on 10/19.
    b.click("#zj-plus-week").await;
    b.wait_for("document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-22'")
        .await;
    let moved = b.text("#zj-clock-move").await;
    assert!(
        moved.contains("自动退回") && !moved.contains("自动退回 0 个"),
        "{moved}"
    );
    b.click("#zj-tab-upcoming").await;
    b.wait_for("document.querySelector('#zj-upcoming')").await;
    b.assert_no_program_text("即将发生").await;
    b.click("#zj-tab-log").await;
    b.wait_for("document.querySelector('#zj-log li')").await;
    b.assert_no_program_text("操作记录").await;

    // Metrics for a branch and for the school, and the missing list.
    b.click("#zj-tab-metrics").await;
    b.click(".zj-tree-row[data-org='U-C000-T0-B1'] .zj-org")
        .await;
    b.wait_for(
        "document.querySelector('#zj-region-name').getAttribute('data-region') === 'U-C000-T0-B1'",
    )
    .await;
    let branch = rates_are_the_engines(&b).await;
    let listed = b
        .eval("return [...document.querySelectorAll('#zj-missing tbody tr')].map(r => r.getAttribute('data-member'));")
        .await;
    let engine: Vec<Value> = branch
        .missing
        .iter()
        .map(|x| Value::from(x.member.clone()))
        .collect();
    assert!(!engine.is_empty(), "the branch has someone missing");
    assert_eq!(
        listed,
        Value::Array(engine),
        "the missing list is the engine's"
    );
    b.click(".zj-tree-row[data-org='U'] .zj-org").await;
    b.wait_for("document.querySelector('#zj-region-name').getAttribute('data-region') === 'U'")
        .await;
    let school = rates_are_the_engines(&b).await;
    assert_ne!(
        (school.sx.denominator(), school.xs.denominator()),
        (branch.sx.denominator(), branch.xs.denominator()),
        "the region switch changed the figures"
    );
    children_sort_as_labelled(&b).await;
    b.assert_no_program_text("衔接率").await;
    assert!(b
        .eval("return document.querySelector('#zj-curve svg polyline') !== null && document.querySelector('#zj-bar-chart svg rect') !== null;")
        .await
        .as_bool()
        .unwrap_or(false));

    // Undo the clock move; redo and undo again.
    b.click("#zj-undo").await;
    b.wait_for("document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-15'")
        .await;
    b.click("#zj-redo").await;
    b.wait_for("document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-22'")
        .await;
    let before_undo = saves(&b).await;
    b.click("#zj-undo").await;
    b.wait_for("document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-15'")
        .await;

    // Reload: everything is still there.
    saved_since(&b, before_undo).await;
    let counts = b.text("#zj-edition").await;
    let before_reload = exported(&b).await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    assert_eq!(b.text("#zj-edition").await, counts);
    assert_eq!(b.attr("#zj-clock", "data-date").await, "2026-10-15");
    assert_eq!(
        exported(&b).await,
        before_reload,
        "reload keeps the workspace"
    );

    // Replacing asks first, says what would be replaced and offers the export; cancel
    // keeps everything. The answer is said beside the toolbar.
    let members_now = workspace(&b).await.members.len();
    b.set("#zj-start", "sample-2019").await;
    b.wait_for("document.querySelector('#zj-replace')").await;
    let ask = b.text("#zj-replace").await;
    assert!(
        ask.contains(&format!("{members_now} 名团员")) && ask.contains("导出"),
        "{ask}"
    );
    assert_eq!(
        b.eval("return document.activeElement && document.activeElement.id;")
            .await,
        Value::from("zj-replace-cancel"),
        "the question has the focus"
    );
    b.screenshot("simulator-replace-asks").await;
    b.click("#zj-replace-cancel").await;
    b.wait_for("!document.querySelector('#zj-replace')").await;
    assert!(b.text("#zj-toolbar-status").await.contains("保持不变"));
    assert_eq!(b.text("#zj-edition").await, counts);
    // Export, clear (a blank workspace, after the export the question offers), import: equal.
    b.set("#zj-start", "blank-2021").await;
    b.wait_for("document.querySelector('#zj-replace')").await;
    b.eval(
        "window.__zjDownloads = []; HTMLAnchorElement.prototype.click = function () { window.__zjDownloads.push([this.download, this.href]); }; return 1;",
    )
    .await;
    b.click("#zj-replace-export").await;
    b.wait_for("window.__zjDownloads.length === 1").await;
    let said = b.text("#zj-toolbar-status").await;
    assert!(
        said.contains("已导出") && said.contains("身份证号"),
        "{said}"
    );
    let near = b
        .eval("const a = document.querySelector('#zj-toolbar-status').getBoundingClientRect(), q = document.querySelector('#zj-replace').getBoundingClientRect(); return Math.abs(a.top - q.top);")
        .await;
    assert!(
        near.as_f64().unwrap_or(1e9) < 200.0,
        "the result is beside the action: {near}"
    );
    b.click("#zj-replace-confirm").await;
    b.wait_for("document.querySelector('#zj-edition').textContent.includes('0 名团员')")
        .await;
    assert!(b
        .text("#zj-toolbar-status")
        .await
        .contains("已换成空白工作区"));
    import_text(&b, "exported.json", &before_reload).await;
    b.wait_for(&format!(
        "document.querySelector('#zj-edition').textContent === {}",
        Value::from(counts.clone())
    ))
    .await;
    assert_eq!(
        exported(&b).await,
        before_reload,
        "export → import is lossless"
    );

    // A broken file: every problem listed, the workspace kept.
    let broken = before_reload.replacen("\"U-C000-T0-B0\"", "\"NO-SUCH-ORG\"", 1);
    import_text(&b, "broken.json", &broken).await;
    b.wait_for("document.querySelector('#zj-import-errors')")
        .await;
    assert!(b.text("#zj-import-errors").await.contains("不存在"));
    assert_eq!(b.text("#zj-edition").await, counts);
    import_text(
        &b,
        "newer.json",
        r#"{"format":"zhuanjie-workspace","version":99}"#,
    )
    .await;
    b.wait_for("document.querySelector('#zj-import-errors').textContent.includes('新')")
        .await;
    assert_eq!(b.text("#zj-edition").await, counts);
    // An empty file says so and names itself; the workspace is kept.
    import_text(&b, "空的.json", "").await;
    b.wait_for("document.querySelector('#zj-import-errors').textContent.includes('空的.json')")
        .await;
    let text = b.text("#zj-import-errors").await;
    assert!(
        text.contains("是空的") && text.contains("保持不变"),
        "{text}"
    );
    assert_eq!(b.text("#zj-edition").await, counts);
    // A file Windows Notepad saved (UTF-8 with a BOM) imports like any other.
    b.set("#zj-start", "blank-2021").await;
    b.click("#zj-replace-confirm").await;
    b.wait_for("document.querySelector('#zj-edition').textContent.includes('0 名团员')")
        .await;
    import_text(&b, "notepad.json", &format!("\u{feff}{before_reload}")).await;
    b.wait_for(&format!(
        "document.querySelector('#zj-edition').textContent === {}",
        Value::from(counts.clone())
    ))
    .await;
    assert!(
        b.eval("return !document.querySelector('#zj-import-errors');")
            .await
            == Value::Bool(true)
    );

    b.screenshot("simulator-desktop").await;
    b.assert_same_origin().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn another_tab_full_storage_and_phone() {
    let b = Browser::start().await;
    b.phone().await;
    fresh(&b).await;
    assert!(b.fits_width().await, "the simulator fits a phone");
    b.screenshot("simulator-phone").await;
    // The replace question on a phone: it fits, has the focus, and 取消 keeps everything.
    let before = b.text("#zj-edition").await;
    b.set("#zj-start", "blank-2021").await;
    b.wait_for("document.activeElement && document.activeElement.id === 'zj-replace-cancel'")
        .await;
    assert!(b.fits_width().await, "the replace question fits a phone");
    b.screenshot("simulator-replace-phone").await;
    b.click("#zj-replace-cancel").await;
    b.wait_for("!document.querySelector('#zj-replace')").await;
    assert_eq!(b.text("#zj-edition").await, before);
    open_member(&b, "M0000019").await;
    b.eval("document.querySelector('#zj-member-panel').scrollIntoView(); return 1;")
        .await;
    assert!(b.fits_width().await, "the member panel fits a phone");
    b.screenshot("simulator-member-phone").await;
    saved_since(&b, 0).await;

    // Another tab saves: this tab stops saving and asks.
    b.eval(&format!(
        "const raw = localStorage.getItem('{KEY}'); \
         const other = raw.replace(/\"tab\":\"[^\"]*\"/, '\"tab\":\"another-tab\"'); \
         localStorage.setItem('{KEY}', other); \
         window.dispatchEvent(new StorageEvent('storage', {{ key: '{KEY}', newValue: other }})); return 1;"
    ))
    .await;
    b.wait_for("document.querySelector('#zj-conflict')").await;
    let held = b.attr("#zj-save-status", "data-held").await;
    assert_eq!(held, "0");
    b.click("#zj-plus-day").await;
    b.wait_for("document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-16'")
        .await;
    // The save that follows the click is held back, not written.
    b.wait_for("document.querySelector('#zj-save-status').getAttribute('data-held') === '1'")
        .await;
    let stored = b
        .eval(&format!("return localStorage.getItem('{KEY}');"))
        .await;
    assert!(
        stored.as_str().unwrap_or_default().contains("another-tab"),
        "the other tab's save is not overwritten while the admin decides"
    );
    b.click("#zj-take-other").await;
    b.wait_for("document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-15' && !document.querySelector('#zj-conflict')").await;

    // Full storage: a notice that offers the export; the page keeps working.
    b.eval(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }; return 1;",
    )
    .await;
    b.click("#zj-plus-day").await;
    b.wait_for("[...document.querySelectorAll('.zj-notice')].some(n => n.textContent.includes('已满') && n.textContent.includes('导出'))").await;
    assert_eq!(b.attr("#zj-clock", "data-date").await, "2026-10-16");

    // An unreadable saved value is kept aside and reported. (Written from a guide page of
    // the same origin, so no simulator page is open while it is planted.)
    b.open("index.html").await;
    b.eval(&format!(
        "localStorage.clear(); Storage.prototype.setItem.call(localStorage, '{KEY}', '{{broken'); return 1;"
    ))
    .await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    b.wait_for("[...document.querySelectorAll('.zj-notice')].some(n => n.textContent.includes('.corrupt'))").await;
    let aside = b
        .eval(&format!("return localStorage.getItem('{KEY}.corrupt');"))
        .await;
    assert_eq!(aside, Value::from("{broken"));
    b.assert_same_origin().await;
    b.close().await;
}

/// From a folder on an admin's laptop: file://…/dist/simulator.html runs, acts and saves.
#[tokio::test(flavor = "current_thread")]
async fn works_from_file_url() {
    let b = Browser::start().await;
    let file = e2e::dist_dir().join("simulator.html");
    b.open(&format!("file://{}", file.display())).await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    b.click("#zj-plus-day").await;
    b.wait_for("document.querySelector('#zj-clock').getAttribute('data-date') !== '2026-10-15'")
        .await;
    b.wait_for(
        "document.querySelector('#zj-save-status').getAttribute('data-stored-chars') !== '0'",
    )
    .await;
    // A roster is read from file:// too: the spreadsheet bundle, which the page loads on
    // demand, comes from its base64 copy there (fetch cannot read files).
    let csv = format!(
        "姓名,身份证号,所在团支部\r\n测试戊,{},第1学院2022级1班团支部\r\n",
        id_number(905)
    );
    pick_file(&b, "名单.csv", csv.as_bytes()).await;
    b.wait_for("document.querySelector('#zj-roster-summary') && document.querySelector('#zj-roster-summary').getAttribute('data-added') === '1'").await;
    b.assert_same_origin().await;
    b.close().await;
}

/// An ID number with a valid check digit (synthetic: region code 99).
pub(crate) fn id_number(serial: u32) -> String {
    let first17 = format!("99010120040101{serial:03}");
    let check = zhuanjie_roster::values::check_char(&first17).expect("17 digits");
    format!("{first17}{check}")
}

/// The same number with a check digit that does not match.
pub(crate) fn wrong_check_digit(id: &str) -> String {
    let last = id.chars().last().unwrap();
    let other = if last == '1' { '2' } else { '1' };
    format!("{}{other}", &id[..17])
}

pub(crate) async fn pick_file(b: &Browser, name: &str, bytes: &[u8]) {
    let list: Vec<Value> = bytes.iter().map(|x| Value::from(*x)).collect();
    b.eval(&format!(
        "const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array({})], {})); \
         const i = document.querySelector('#zj-roster-file'); i.files = dt.files; \
         i.dispatchEvent(new Event('change', {{ bubbles: true }})); return 1;",
        Value::Array(list),
        Value::from(name)
    ))
    .await;
}

/// The spreadsheet an admin has: a GBK CSV with an unknown header mapped by hand (and
/// remembered), a preview with a bad row, confirm, undo; an .xlsx with other header words
/// and an Excel date; the missing list exported as .xlsx and read back.
#[tokio::test(flavor = "current_thread")]
async fn rosters_in_and_reports_out() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    let before = b.text("#zj-edition").await;
    assert!(before.contains("67 名团员"), "{before}");

    // GBK, tab-separated, a quoted field, an unknown header ("团员名字"), a bad ID number,
    // a branch that does not exist yet.
    let csv = format!(
        "团员名字\t身份证号\t所在团支部\t毕业去向\r\n\
         测试甲\t{}\t第1学院2022级1班团支部\t升学\r\n\
         \"测试乙\"\t{}\t测试新班团支部\t已就业\r\n\
         测试丙\t{}\t第1学院2022级1班团支部\t升学\r\n\t\t\t\r\n",
        id_number(901),
        id_number(902),
        wrong_check_digit(&id_number(904))
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    b.click(".zj-tree-row[data-org='U-C000-T0'] .zj-org").await;
    pick_file(&b, "名单.csv", &gbk).await;
    b.wait_for("document.querySelector('#zj-roster-preview')")
        .await;
    assert!(b.text("#zj-roster-preview").await.contains("缺少必需的列"));
    assert_eq!(
        b.attr("#zj-roster-confirm", "disabled").await,
        "",
        "attribute present: nothing to import before 姓名 is mapped"
    );
    b.set("tr[data-header='团员名字'] .zj-roster-field", "name")
        .await;
    b.wait_for("document.querySelector('#zj-roster-summary').getAttribute('data-added') === '2'")
        .await;
    assert_eq!(b.attr("#zj-roster-summary", "data-bad").await, "1");
    assert!(b.text("#zj-roster-bad").await.contains("第 4 行"));
    assert!(b
        .text("#zj-roster-preview")
        .await
        .contains("测试新班团支部"));
    // The preview on a phone.
    b.phone().await;
    b.eval("document.querySelector('#zj-roster-preview').scrollIntoView(); return 1;")
        .await;
    assert!(b.fits_width().await, "the import preview fits a phone");
    b.screenshot("simulator-roster-phone").await;
    b.desktop().await;
    b.click("#zj-roster-confirm").await;
    b.wait_for("!document.querySelector('#zj-roster-preview')")
        .await;
    assert!(
        b.text("#zj-edition").await.contains("69 名团员"),
        "{}",
        b.text("#zj-edition").await
    );
    b.click("#zj-undo").await;
    b.wait_for(&format!(
        "document.querySelector('#zj-edition').textContent === {}",
        Value::from(before.clone())
    ))
    .await;

    // The mapping is remembered: the same file needs no manual step now.
    pick_file(&b, "名单.csv", &gbk).await;
    b.wait_for("document.querySelector('#zj-roster-summary') && document.querySelector('#zj-roster-summary').getAttribute('data-added') === '2'").await;
    b.click("#zj-roster-cancel").await;
    b.wait_for("!document.querySelector('#zj-roster-preview')")
        .await;

    // An .xlsx with other header words and a birth date as an Excel date.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, h) in ["姓名", "身份证号码", "班级", "出生年月", "去向"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "测试丁").unwrap();
    sheet.write_string(1, 1, id_number(903)).unwrap();
    sheet.write_string(1, 2, "第1学院2022级2班团支部").unwrap();
    sheet.write_number(1, 3, 38_000.0).unwrap();
    sheet.write_string(1, 4, "未就业").unwrap();
    let xlsx = book.save_to_buffer().unwrap();
    pick_file(&b, "名单.xlsx", &xlsx).await;
    b.wait_for("document.querySelector('#zj-roster-summary') && document.querySelector('#zj-roster-summary').getAttribute('data-added') === '1'").await;
    b.click("#zj-roster-confirm").await;
    b.wait_for("document.querySelector('#zj-edition').textContent.includes('68 名团员')")
        .await;

    // The new member is in the existing branch, with the birth date from the Excel date.
    b.click("#zj-tab-members").await;
    b.set("#zj-member-search", "测试丁").await;
    b.click("#zj-members tbody tr .zj-member-open").await;
    b.wait_for("document.querySelector('#zj-member-panel')")
        .await;
    let panel = b.text("#zj-member-panel").await;
    assert!(
        panel.contains("第1学院2022级2班团支部") && panel.contains("2004年1月14日"),
        "{panel}"
    );
    // Reports out: the missing list as .xlsx, ID numbers masked, read back.
    b.click("#zj-tab-metrics").await;
    b.catch_downloads().await;
    b.click("#zj-export-missing-xlsx").await;
    let (name, bytes) = b.caught_download().await;
    // The .xlsx came from the spreadsheet bundle; its status line is empty again.
    b.wait_for("document.querySelector('#zj-export-status').textContent === ''")
        .await;
    b.eval("document.querySelector('.zj-exports').scrollIntoView(); return 1;")
        .await;
    b.screenshot("simulator-exports-desktop").await;
    assert!(name.ends_with(".xlsx"), "{name}");
    let table =
        zhuanjie_roster::read_table(&name, &bytes, None, None).expect("the export reads back");
    assert!(
        table.headers.iter().any(|h| h == "姓名"),
        "{:?}",
        table.headers
    );
    assert!(!table.rows.is_empty());
    let flat: String = table.rows.iter().flat_map(|(_, r)| r.clone()).collect();
    assert!(flat.contains("****"), "ID numbers are masked by default");
    b.screenshot("simulator-roster-desktop").await;
    b.assert_same_origin().await;
    b.close().await;
}

/// The spreadsheet bundle is loaded on demand. When it cannot be fetched (offline before
/// it was ever cached), picking a roster says so in Chinese and changes nothing; once it can
/// be fetched again, the next pick simply works.
#[tokio::test(flavor = "current_thread")]
async fn an_unreachable_spreadsheet_bundle_is_reported_and_retried() {
    let root = std::env::temp_dir().join(format!("zhuanjie-no-sheets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    e2e::copy_dir(&e2e::dist_dir(), &root);
    let aside = root.join("sheets-aside");
    std::fs::create_dir_all(&aside).expect("mkdir");
    let names = [
        "zhuanjie-sheets.js",
        "zhuanjie-sheets_bg.wasm",
        "zhuanjie-sheets_bg.wasm.js",
    ];
    for name in names {
        std::fs::rename(root.join("app").join(name), aside.join(name)).expect("move aside");
    }
    let b = Browser::start_with(&root).await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    let before = b.text("#zj-edition").await;
    let csv = format!(
        "姓名,身份证号,所在团支部\r\n测试己,{},第1学院2022级1班团支部\r\n",
        id_number(906)
    );
    pick_file(&b, "名单.csv", csv.as_bytes()).await;
    b.wait_for("document.querySelector('#zj-roster-error')")
        .await;
    let error = b.text("#zj-roster-error").await;
    assert!(
        error.contains("表格组件") && error.contains("没能载入") && error.contains("没有改动"),
        "{error}"
    );
    assert_eq!(b.text("#zj-edition").await, before);
    b.eval("document.querySelector('#zj-roster-error').scrollIntoView(); return 1;")
        .await;
    b.screenshot("simulator-sheets-unreachable").await;
    let button = b
        .eval("return document.querySelector('#zj-roster-file').parentElement.textContent;")
        .await;
    assert!(
        button.as_str().unwrap_or_default().contains("导入名单"),
        "the file button is ready again: {button}"
    );

    for name in names {
        std::fs::rename(aside.join(name), root.join("app").join(name)).expect("move back");
    }
    pick_file(&b, "名单.csv", csv.as_bytes()).await;
    b.wait_for("document.querySelector('#zj-roster-summary') && document.querySelector('#zj-roster-summary').getAttribute('data-added') === '1'").await;
    assert!(
        b.eval("return !document.querySelector('#zj-roster-error');")
            .await
            == Value::Bool(true)
    );
    b.close().await;
    let _ = std::fs::remove_dir_all(&root);
}

/// The child-org table of the shown region holds the engine's rows, and each column sorts
/// the way its header says (rates up, the number missing down), marked for screen readers.
async fn children_sort_as_labelled(b: &Browser) {
    let ws = workspace(b).await;
    let region = b.attr("#zj-region-name", "data-region").await;
    let rows = season::child_rates(&ws, &ws.index(), Some(&region), ws.clock).expect("rows");
    assert!(rows.len() > 1, "{region} has several child orgs");
    let by_org: std::collections::HashMap<&str, &season::ChildRow> =
        rows.iter().map(|r| (r.org.as_str(), r)).collect();
    // None ("no data") sorts after every rate.
    let rate = |r: &metrics::Rate| r.rate.unwrap_or(f64::INFINITY);
    for (sort, direction) in [
        ("name", "ascending"),
        ("missing", "descending"),
        ("xs", "ascending"),
        ("sx", "ascending"),
    ] {
        b.click(&format!("#zj-children .zj-sort[data-sort='{sort}']"))
            .await;
        b.wait_for(&format!(
            "document.querySelector(\"#zj-children .zj-sort[data-sort='{sort}']\").closest('th').getAttribute('aria-sort') === '{direction}'"
        ))
        .await;
        let marked = b
            .eval("return [...document.querySelectorAll('#zj-children th')].filter(t => t.getAttribute('aria-sort') !== 'none').length;")
            .await;
        assert_eq!(marked, Value::from(1), "one column is marked sorted");
        let shown = b
            .eval("return [...document.querySelectorAll('#zj-children tbody tr')].map(r => [r.getAttribute('data-org'), r.cells[1].textContent, r.cells[2].textContent, r.cells[3].textContent]);")
            .await;
        let shown = shown.as_array().expect("rows");
        assert_eq!(shown.len(), rows.len(), "every child org is listed");
        let listed: Vec<&season::ChildRow> = shown
            .iter()
            .map(|r| {
                let org = r[0].as_str().unwrap_or_default();
                let row = by_org
                    .get(org)
                    .unwrap_or_else(|| panic!("{org} is not a child"));
                let cell = |k: usize| r[k].as_str().unwrap_or_default().to_string();
                for (k, rate) in [(1, &row.sx), (2, &row.xs)] {
                    let text = format!(
                        "{}（{}/{}）",
                        rate.percent(),
                        rate.completed,
                        rate.denominator()
                    );
                    assert_eq!(cell(k), text, "{org}");
                }
                assert_eq!(cell(3), row.missing.to_string(), "{org}");
                *row
            })
            .collect();
        let ordered = listed.windows(2).all(|w| match sort {
            "name" => w[0].name <= w[1].name,
            "missing" => w[0].missing >= w[1].missing,
            "xs" => rate(&w[0].xs) <= rate(&w[1].xs),
            _ => rate(&w[0].sx) <= rate(&w[1].sx),
        });
        assert!(
            ordered,
            "sorted by {sort}: {:?}",
            listed.iter().map(|r| &r.org).collect::<Vec<_>>()
        );
    }
}

/// The members tab as an admin with the whole sample in front of them: every member on
/// some page (page 2 reached with 下一页), each filter keeping exactly the engine's members.
#[tokio::test(flavor = "current_thread")]
async fn members_pages_and_filters() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    let ws = workspace(&b).await;
    let statuses = status::statuses_at(&ws, ws.clock);
    assert!(ws.members.len() > 50, "the sample fills more than a page");
    b.click("#zj-tab-members").await;
    b.wait_for("document.querySelector('#zj-members')").await;
    let all: Vec<String> = ws.members.iter().map(|m| m.id.clone()).collect();
    let pages = all.len().div_ceil(50);
    assert_eq!(
        b.text("#zj-member-count").await,
        format!("共 {} 人，第 1 / {pages} 页", all.len())
    );
    assert_eq!(b.text("#zj-page-next").await, "下一页");
    assert_eq!(b.attr("#zj-page-prev", "disabled").await, "");
    assert_eq!(member_rows(&b).await, all[..50]);
    b.click("#zj-page-next").await;
    b.wait_for(&format!(
        "document.querySelector('#zj-member-count').textContent.includes('第 2 / {pages} 页')"
    ))
    .await;
    let second = member_rows(&b).await;
    assert_eq!(
        second,
        all[50..all.len().min(100)],
        "page 2 holds the next members"
    );
    // A member from page 2 opens like any other.
    let last = ws.members.last().expect("a member");
    b.click(&format!("tr[data-member='{}'] .zj-member-open", last.id))
        .await;
    b.wait_for(&format!(
        "document.querySelector('#zj-member-name') && document.querySelector('#zj-member-name').textContent === {}",
        Value::from(last.name.clone())
    ))
    .await;
    b.screenshot("simulator-members-page2").await;
    b.assert_no_program_text("团员第 2 页").await;
    if pages == 2 {
        assert!(
            b.eval("return document.querySelector('#zj-page-next').disabled;")
                .await
                .as_bool()
                .unwrap_or(false),
            "no page after the last"
        );
    }
    b.click("#zj-page-prev").await;
    b.wait_for(&format!(
        "document.querySelector('#zj-member-count').textContent.includes('第 1 / {pages} 页')"
    ))
    .await;

    // Each filter keeps the engine's members and no other (a page holds at most 50).
    let expect = |keep: &dyn Fn(usize) -> bool| -> Vec<String> {
        (0..ws.members.len())
            .filter(|&i| keep(i))
            .map(|i| ws.members[i].id.clone())
            .collect()
    };
    let branch = ws.members[0].org.clone();
    let plan = ws.members.iter().find_map(|m| m.plan).expect("a plan");
    let state = statuses[0].status;
    let cases: Vec<(&str, &str, Vec<String>)> = vec![
        (
            "#zj-filter-branch",
            branch.as_str(),
            expect(&|i| ws.members[i].org == branch),
        ),
        (
            "#zj-filter-plan",
            plan.code(),
            expect(&|i| ws.members[i].plan == Some(plan)),
        ),
        (
            "#zj-filter-state",
            state.code(),
            expect(&|i| statuses[i].status == state),
        ),
        (
            "#zj-filter-side",
            "sx",
            expect(&|i| statuses[i].side == status::Side::Sx),
        ),
    ];
    for (select, value, expected) in cases {
        assert!(
            !expected.is_empty() && expected.len() < ws.members.len(),
            "{select}={value} narrows the list"
        );
        b.set(select, value).await;
        b.wait_for(&format!(
            "document.querySelector('#zj-member-count').textContent.startsWith('共 {} 人')",
            expected.len()
        ))
        .await;
        assert_eq!(
            member_rows(&b).await,
            expected[..expected.len().min(50)],
            "{select}={value}"
        );
        b.set(select, "").await;
        b.wait_for(&format!(
            "document.querySelector('#zj-member-count').textContent.startsWith('共 {} 人')",
            ws.members.len()
        ))
        .await;
    }
    let not_started = expect(&|i| statuses[i].status == status::Status::NotStarted);
    assert!(!not_started.is_empty());
    b.click("#zj-filter-not-started").await;
    b.wait_for(&format!(
        "document.querySelector('#zj-member-count').textContent.startsWith('共 {} 人')",
        not_started.len()
    ))
    .await;
    assert_eq!(
        member_rows(&b).await,
        not_started[..not_started.len().min(50)]
    );
    b.click("#zj-filter-not-started").await;
    // The search finds by name.
    let someone = &ws.members[57];
    b.set("#zj-member-search", &someone.name).await;
    b.wait_for("document.querySelectorAll('#zj-members tbody tr').length >= 1")
        .await;
    assert!(member_rows(&b).await.contains(&someone.id));
    b.close().await;
}

/// The member ids of the table's rows, in order.
async fn member_rows(b: &Browser) -> Vec<String> {
    let v = b
        .eval("return [...document.querySelectorAll('#zj-members tbody tr')].map(r => r.getAttribute('data-member'));")
        .await;
    e2e::strings(&v)
}

/// What the admin did is there after a reload at once, on a PC and on a phone: the clock
/// moved, an approval, undo after the reload, redo, the log with times and simulated dates,
/// and the same after the snapshot is compacted. No waiting between the click and the reload.
#[tokio::test(flavor = "current_thread")]
async fn nothing_is_lost_by_a_reload() {
    let b = Browser::start().await;
    for (phone, member) in [(false, "M0000019"), (true, "M0000046")] {
        if phone {
            b.phone().await;
        } else {
            b.desktop().await;
        }
        fresh(&b).await;
        // +1 天, then the page is reloaded at once.
        b.click("#zj-plus-day").await;
        b.wait_for(
            "document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-16'",
        )
        .await;
        b.open("simulator.html").await;
        b.wait_for("document.querySelector('#zj-sx')").await;
        assert_eq!(b.attr("#zj-clock", "data-date").await, "2026-10-16");
        // An approval (or for the phone, a refusal-free mark), then at once a reload.
        open_member(&b, member).await;
        let before = newest_state(&b).await;
        if before == "out_approval" {
            act(&b, "approve").await;
            b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'in_approval'").await;
        } else {
            b.click("#zj-plus-week").await;
            b.wait_for(
                "document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-23'",
            )
            .await;
        }
        b.open("simulator.html").await;
        b.wait_for("document.querySelector('#zj-sx')").await;
        if before == "out_approval" {
            open_member(&b, member).await;
            assert_eq!(
                newest_state(&b).await,
                "in_approval",
                "the approval survived"
            );
        } else {
            assert_eq!(b.attr("#zj-clock", "data-date").await, "2026-10-23");
        }
        // Undo reaches back across the reload, twice, and redo once.
        assert_eq!(b.text("#zj-undo").await, "撤销（2）");
        b.click("#zj-undo").await;
        b.wait_for("document.querySelector('#zj-undo').textContent === '撤销（1）'")
            .await;
        b.open("simulator.html").await;
        b.wait_for("document.querySelector('#zj-sx')").await;
        assert_eq!(b.text("#zj-redo").await, "重做（1）", "redo survives too");
        if before == "out_approval" {
            open_member(&b, member).await;
            assert_eq!(newest_state(&b).await, "out_approval", "the undo survived");
        } else {
            assert_eq!(b.attr("#zj-clock", "data-date").await, "2026-10-16");
        }
        b.click("#zj-redo").await;
        b.wait_for("document.querySelector('#zj-undo').textContent === '撤销（2）'")
            .await;
        // The log, with when and at which simulated date, after a reload.
        b.open("simulator.html").await;
        b.wait_for("document.querySelector('#zj-sx')").await;
        b.click("#zj-tab-log").await;
        b.wait_for("document.querySelectorAll('#zj-log li').length >= 4")
            .await;
        let log = b.text("#zj-log").await;
        assert!(
            log.contains("撤销：")
                && log.contains("重做：")
                && log.contains("模拟日期 2026年10月16日"),
            "{log}"
        );
        b.assert_no_program_text("重新打开后的操作记录").await;
        b.eval("document.querySelector('#zj-log').scrollIntoView(); return 1;")
            .await;
        b.screenshot(if phone {
            "simulator-log-phone"
        } else {
            "simulator-log-desktop"
        })
        .await;
        // After a pause the snapshot is compacted and the journal starts again; a reload
        // then reads the snapshot alone, with the same history.
        b.wait_for("document.querySelector('#zj-save-status').getAttribute('data-journal-entries') === '0'")
            .await;
        let undo = b.text("#zj-undo").await;
        let ws = workspace(&b).await;
        b.open("simulator.html").await;
        b.wait_for("document.querySelector('#zj-sx')").await;
        assert_eq!(b.text("#zj-undo").await, undo);
        assert_eq!(
            workspace(&b).await,
            ws,
            "the snapshot holds what the journal held"
        );
    }
    b.close().await;
}

/// Picks several files at once in the roster import, as a multi-select file dialog does.
pub(crate) async fn pick_files(b: &Browser, files: &[(&str, &[u8])]) {
    let list: Vec<Value> = files
        .iter()
        .map(|(name, bytes)| {
            serde_json::json!({
                "name": name,
                "bytes": bytes.iter().map(|x| Value::from(*x)).collect::<Vec<_>>(),
            })
        })
        .collect();
    b.eval(&format!(
        "const dt = new DataTransfer(); \
         for (const f of {}) dt.items.add(new File([new Uint8Array(f.bytes)], f.name)); \
         const i = document.querySelector('#zj-roster-file'); i.files = dt.files; \
         i.dispatchEvent(new Event('change', {{ bubbles: true }})); return 1;",
        Value::Array(list)
    ))
    .await;
}
