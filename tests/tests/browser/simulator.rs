//! The admin simulator (simulator.html) in headless Chromium, used as an admin would: start
//! from the sample, mark a delayed graduate, initiate / approve / reject / withdraw /
//! assign / batch-move, move the clock past a deadline and see the auto-return, read SX / XS
//! and the missing list for a branch and for the school, undo, reload, export → clear →
//! import, a broken import that keeps the workspace, another tab's change, full storage.

use e2e::Browser;
use serde_json::Value;

const KEY: &str = "zhuanjie.simulator.v1";

async fn fresh(b: &Browser) {
    // Clear from a page without the app, so no pending autosave writes after the clear.
    b.open("index.html").await;
    b.eval("localStorage.clear(); return 1;").await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
}

async fn open_member(b: &Browser, id: &str) {
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
async fn newest_state(b: &Browser) -> String {
    b.attr("#zj-member-panel .zj-application", "data-state")
        .await
}

async fn act(b: &Browser, action: &str) {
    b.click(&format!(
        "#zj-member-panel .zj-application [data-action='{action}']"
    ))
    .await;
}

/// Waits until the autosave has run after the last change.
async fn saved(b: &Browser) {
    b.eval("window.__zjSaved = document.querySelector('#zj-save-status').getAttribute('data-save-ms'); return 1;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    b.wait_for(&format!(
        "localStorage.getItem('{KEY}') && document.querySelector('#zj-save-status').getAttribute('data-stored-chars') !== '0'"
    ))
    .await;
}

/// The workspace JSON the export button offers (the download is intercepted).
async fn exported(b: &Browser) -> String {
    b.eval(
        "window.__zjDownloads = []; window.__zjBlobs = {}; \
         URL.createObjectURL = function (blob) { const u = 'blob:zj-' + Object.keys(window.__zjBlobs).length; window.__zjBlobs[u] = blob; return u; }; \
         URL.revokeObjectURL = function () {}; \
         HTMLAnchorElement.prototype.click = function () { window.__zjDownloads.push([this.download, this.href]); }; \
         return 1;",
    )
    .await;
    b.click("#zj-export").await;
    b.wait_for("window.__zjDownloads.length > 0").await;
    let v = b
        .eval(
            "const [name, href] = window.__zjDownloads[0]; \
             return window.__zjBlobs[href].text().then(t => [name, t]);",
        )
        .await;
    let name = v[0].as_str().unwrap_or_default().to_string();
    assert!(
        name.starts_with("zhuanjie-workspace-") && name.ends_with(".json"),
        "{name}"
    );
    v[1].as_str().unwrap_or_default().to_string()
}

async fn import_text(b: &Browser, name: &str, content: &str) {
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
    let sample = zhuanjie_core::Workspace::from_json(include_str!(
        "../../../content/data/sample-workspace-2021.json"
    ))
    .expect("sample");
    let region = b.attr("#zj-region-name", "data-region").await;
    let m = zhuanjie_core::metrics::compute(&sample, Some(&region), sample.clock).expect("metrics");
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
            "{card}: {shown} ≠ {counts}"
        );
    }
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
    b.wait_for("document.querySelector('#zj-refusal').textContent.length > 0")
        .await;
    assert!(b.text("#zj-refusal").await.contains("延迟"));

    // A new graduate, marked delayed: out of both rates.
    b.click("#zj-tab-members").await;
    let excluded_before = b.text("#zj-excluded").await;
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
    let _ = excluded_before;

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

    // Reject (a reason is required; the default is 信息填写有误), withdraw, assign.
    open_member(&b, "M0000019").await;
    assert_eq!(newest_state(&b).await, "out_approval");
    act(&b, "reject").await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'rejected'").await;
    open_member(&b, "M0000018").await;
    act(&b, "withdraw").await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'withdrawn'").await;
    open_member(&b, "M0000036").await;
    assert_eq!(newest_state(&b).await, "assign_branch");
    act(&b, "assign").await;
    b.wait_for("document.querySelector('#zj-refusal').textContent.length > 0")
        .await;
    b.set("#zj-member-panel .zj-assign-branch", "A-NEW").await;
    act(&b, "assign").await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'completed'").await;

    b.screenshot("simulator-member-desktop").await;

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
    b.wait_for("document.querySelector('#zj-refusal').textContent.length > 0")
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
    b.set("#zj-batch-to", "U-C000-T0-B1").await;
    b.click("#zj-batch-run").await;
    b.click("#zj-tab-log").await;
    b.wait_for("document.querySelector('#zj-log').textContent.includes('批量')")
        .await;

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

    // Metrics for a branch and for the school, and the missing list.
    b.click("#zj-tab-metrics").await;
    b.click(".zj-tree-row[data-org='U-C000-T0-B1'] .zj-org")
        .await;
    b.wait_for(
        "document.querySelector('#zj-region-name').getAttribute('data-region') === 'U-C000-T0-B1'",
    )
    .await;
    assert!(b.text("#zj-xs").await.contains('%'));
    assert!(
        b.eval("return document.querySelectorAll('#zj-missing tbody tr').length;")
            .await
            .as_u64()
            .unwrap_or(0)
            > 0
    );
    b.click(".zj-tree-row[data-org='U'] .zj-org").await;
    b.wait_for("document.querySelector('#zj-region-name').getAttribute('data-region') === 'U'")
        .await;
    assert!(
        b.eval("return document.querySelectorAll('#zj-children tbody tr').length;")
            .await
            .as_u64()
            .unwrap_or(0)
            > 1
    );
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
    b.click("#zj-undo").await;
    b.wait_for("document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-15'")
        .await;

    // Reload: everything is still there.
    saved(&b).await;
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

    // Export, clear (a blank workspace), import: equal.
    b.set("#zj-start", "blank-2021").await;
    b.wait_for("document.querySelector('#zj-edition').textContent.includes('0 名团员')")
        .await;
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
    open_member(&b, "M0000019").await;
    b.eval("document.querySelector('#zj-member-panel').scrollIntoView(); return 1;")
        .await;
    assert!(b.fits_width().await, "the member panel fits a phone");
    b.screenshot("simulator-member-phone").await;
    saved(&b).await;

    // Another tab saves: this tab stops saving and asks.
    b.eval(&format!(
        "const raw = localStorage.getItem('{KEY}'); \
         const other = raw.replace(/\"tab\":\"[^\"]*\"/, '\"tab\":\"another-tab\"'); \
         localStorage.setItem('{KEY}', other); \
         window.dispatchEvent(new StorageEvent('storage', {{ key: '{KEY}', newValue: other }})); return 1;"
    ))
    .await;
    b.wait_for("document.querySelector('#zj-conflict')").await;
    b.click("#zj-plus-day").await;
    b.wait_for("document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-16'")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
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
fn id_number(serial: u32) -> String {
    let first17 = format!("99010120040101{serial:03}");
    let check = zhuanjie_roster::values::check_char(&first17).expect("17 digits");
    format!("{first17}{check}")
}

/// The same number with a check digit that does not match.
fn wrong_check_digit(id: &str) -> String {
    let last = id.chars().last().unwrap();
    let other = if last == '1' { '2' } else { '1' };
    format!("{}{other}", &id[..17])
}

async fn pick_file(b: &Browser, name: &str, bytes: &[u8]) {
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
    b.eval(
        "window.__zjDownloads = []; window.__zjBlobs = {}; \
         URL.createObjectURL = function (blob) { const u = 'blob:zj-' + Object.keys(window.__zjBlobs).length; window.__zjBlobs[u] = blob; return u; }; \
         URL.revokeObjectURL = function () {}; \
         HTMLAnchorElement.prototype.click = function () { window.__zjDownloads.push([this.download, this.href]); }; return 1;",
    )
    .await;
    b.click("#zj-export-missing-xlsx").await;
    b.wait_for("window.__zjDownloads.length > 0").await;
    // The .xlsx came from the spreadsheet bundle; its status line is empty again.
    b.wait_for("document.querySelector('#zj-export-status').textContent === ''")
        .await;
    b.eval("document.querySelector('.zj-exports').scrollIntoView(); return 1;")
        .await;
    b.screenshot("simulator-exports-desktop").await;
    let v = b
        .eval(
            "const [name, href] = window.__zjDownloads[0]; \
             return window.__zjBlobs[href].arrayBuffer().then(a => [name, Array.from(new Uint8Array(a))]);",
        )
        .await;
    let name = v[0].as_str().unwrap_or_default().to_string();
    let bytes: Vec<u8> = v[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as u8)
        .collect();
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
