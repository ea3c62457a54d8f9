//! The destination checker (checker.html) in headless Chromium, used the way a member uses
//! it: clicking through the questions, changing an answer, the back button, reloading,
//! sharing the URL, a corrupted or full localStorage, the remark counter, printing, a phone
//! screen and `file://`.

use e2e::Browser;
use serde_json::Value;

const KEY: &str = "zhuanjie.checker.v1";

/// Answers by question key: `("situation", "参军入伍")`.
type Path = &'static [(&'static str, &'static str)];

const MILITARY: &[(&str, &str)] = &[
    ("age", "22"),
    ("situation", "参军入伍"),
    ("party_member", "否"),
];
const EMPLOYED_BEIJING: &[(&str, &str)] = &[
    ("age", "23"),
    ("situation", "已就业或自主创业"),
    ("dispatched", "否"),
    ("employer_has_org", "否"),
    ("special_province", "是"),
    ("party_member", "否"),
];

async fn fresh_checker(b: &Browser) {
    // Cleared from a guide page, so no checker is running while its storage changes.
    b.open("index.html").await;
    b.eval("localStorage.clear(); return 1;").await;
    b.open("checker.html#edition=2021").await;
}

async fn outcome_field(b: &Browser, field: &str) -> String {
    b.eval(&format!(
        "const e = document.querySelector('[data-field=\"{field}\"]'); return e ? e.textContent : '';"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test(flavor = "current_thread")]
async fn six_paths_by_clicking_reach_their_outcomes() {
    let b = Browser::start().await;
    // (answers, reason shown, destination shown, other text on the page)
    let paths: &[(Path, &str, &str, &str)] = &[
        (MILITARY, "转往特殊单位团组织", "特殊单位专属库", "省级团委"),
        (
            EMPLOYED_BEIJING,
            "已落实工作单位（工作单位无团组织）",
            "乡镇（街道）团组织",
            // 2021 states no withdrawal rule for the three provinces (only S002, 2019, does).
            "如果系统显示不可撤回",
        ),
        (
            &[("age", "28"), ("holds_league_post", "否")],
            "不用选择",
            "无需转接",
            "不再保留团籍",
        ),
        (
            &[
                ("age", "22"),
                ("situation", "出国（境）留学"),
                ("party_member", "否"),
            ],
            "出国（境）学习生活",
            "出国（境）学习研究团员团支部",
            "书面申请",
        ),
        (
            &[
                ("age", "15"),
                ("situation", "升学"),
                ("same_school", "否"),
                ("special_province", "否"),
                ("destination_is_branch", "是"),
                ("party_member", "否"),
            ],
            "升学",
            "录取学校的新生团组织",
            "不得把已升学的团员转到居住地",
        ),
        (
            &[
                ("age", "24"),
                ("situation", "已就业或自主创业"),
                ("dispatched", "否"),
                ("employer_has_org", "是"),
                (
                    "employer_system",
                    "铁路：单位团组织隶属全国铁道团委（如某铁路局）",
                ),
                ("destination_is_branch", "否"),
                ("party_member", "是"),
            ],
            "已落实工作单位（工作单位有团组织）",
            "工作单位的团组织",
            "全国铁道团委",
        ),
        (
            &[
                ("age", "22"),
                ("situation", "暂未升学也未就业"),
                ("retain_at_school", "是"),
                ("party_member", "否"),
            ],
            // Keeping it at school is a real transfer with the reason that matches reality.
            "未升学或未落实就业去向",
            "本校的流动团员团支部",
            "保留 6 个月，最长不超过 1 年",
        ),
    ];
    for (answers, reason, destination, text) in paths {
        fresh_checker(&b).await;
        b.walk(answers).await;
        assert_eq!(b.screen().await, "outcome", "{answers:?}");
        let got_reason = outcome_field(&b, "reason").await;
        assert!(
            got_reason.contains(reason),
            "{answers:?}: 原因为 {got_reason}"
        );
        let got_dest = outcome_field(&b, "destination").await;
        assert!(
            got_dest.contains(destination),
            "{answers:?}: 去向为 {got_dest}"
        );
        let page = b.app_text().await;
        assert!(page.contains(text), "{answers:?}: 页面没有「{text}」");
        // Every source clause links to a guide page of this site.
        let links = b
            .eval("return [...document.querySelectorAll('.zj-sources a')].map(a => a.getAttribute('href'));")
            .await;
        let links: Vec<String> = serde_json::from_value(links).expect("links");
        assert!(!links.is_empty(), "{answers:?}: 没有依据");
        assert!(
            links
                .iter()
                .all(|l| l.contains(".html") && !l.contains("://")),
            "{links:?}"
        );
        // The hash is exactly the engine's query.
        let hash = b.eval("return location.hash;").await;
        let hash = hash.as_str().unwrap_or_default();
        for (key, _) in answers.iter() {
            assert!(hash.contains(&format!("{key}=")), "{hash} 缺少 {key}");
        }
    }
    // 升学: what to do now and when; 28 岁: nothing to submit, so no dates or timers.
    fresh_checker(&b).await;
    b.walk(&[
        ("age", "22"),
        ("situation", "升学"),
        ("same_school", "否"),
        ("special_province", "否"),
        ("destination_is_branch", "是"),
        ("party_member", "否"),
    ])
    .await;
    let now = b.text(".zj-now").await;
    assert!(
        now.contains("现在不用发起") && now.contains("1 个月"),
        "{now}"
    );
    fresh_checker(&b).await;
    b.walk(&[("age", "28"), ("holds_league_post", "否")]).await;
    assert!(b.text(".zj-now").await.contains("学院团委"));
    let timers = b
        .eval("return document.querySelectorAll('.zj-timer, .zj-dates').length;")
        .await;
    assert_eq!(timers, Value::from(0), "无需转接的结果不显示转接期限");

    // The 2019 edition switch changes the system's wording.
    fresh_checker(&b).await;
    b.walk(&[
        ("age", "22"),
        ("situation", "出国（境）留学"),
        ("party_member", "否"),
    ])
    .await;
    // The old rules are a small switch out of the way, with when to use them.
    assert!(b.text(".zj-edition").await.contains("2019 年的旧手册"));
    b.click(".zj-edition-switch[data-edition='2019']").await;
    b.wait_for("location.hash.includes('edition=2019')").await;
    b.wait_for("document.querySelector(\".zj-edition-switch[data-edition='2021']\")")
        .await;
    assert!(b
        .text(".zj-edition-switch")
        .await
        .contains("改回现行的 2021 版"));
    assert!(outcome_field(&b, "reason")
        .await
        .contains("出国（境）学习研究"));
    // Following a guide link stays on the site; nothing left the origin.
    b.assert_same_origin().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn changing_an_early_answer_keeps_what_still_applies_and_back_works() {
    let b = Browser::start().await;
    fresh_checker(&b).await;
    b.answer("23").await;
    assert_eq!(b.question_key().await.as_deref(), Some("situation"));
    b.answer("已就业或自主创业").await;
    assert_eq!(b.question_key().await.as_deref(), Some("dispatched"));
    // The browser's back button returns to the previous question.
    b.client.back().await.expect("back");
    b.wait_for("document.querySelector('form.zj-question[data-key=situation]')")
        .await;
    b.client.forward().await.expect("forward");
    b.wait_for("document.querySelector('form.zj-question[data-key=dispatched]')")
        .await;
    b.walk(EMPLOYED_BEIJING).await;
    assert_eq!(b.screen().await, "outcome");

    // Change the situation: the question shows with the current answer selected.
    b.client
        .find(fantoccini::Locator::Css(
            ".zj-answer[data-key=situation] .zj-change",
        ))
        .await
        .expect("更改 link")
        .click()
        .await
        .expect("click 更改");
    b.wait_for("document.querySelector('form.zj-question[data-key=situation]')")
        .await;
    let checked = b
        .eval("return document.querySelector('input[name=situation]:checked').value;")
        .await;
    assert_eq!(checked, Value::from("employed"));
    b.answer("升学").await;
    // Age and party membership still apply; the employment answers do not.
    let hash = b.eval("return location.hash;").await;
    let hash = hash.as_str().unwrap_or_default().to_string();
    assert!(hash.contains("age=23"), "{hash}");
    assert!(hash.contains("party_member=no"), "{hash}");
    assert!(hash.contains("situation=further_study"), "{hash}");
    assert!(!hash.contains("dispatched"), "{hash}");
    assert!(!hash.contains("employer_has_org"), "{hash}");
    assert!(!hash.contains("change="), "{hash}");
    assert_eq!(b.question_key().await.as_deref(), Some("same_school"));
    let kept = b
        .eval("return [...document.querySelectorAll('.zj-answer')].map(e => e.dataset.key);")
        .await;
    assert_eq!(
        kept,
        serde_json::json!(["age", "situation", "party_member"])
    );
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn answers_persist_and_a_shared_url_opens_in_a_fresh_profile() {
    let b = Browser::start().await;
    fresh_checker(&b).await;
    // After an answer, keyboard focus is on the new question's heading, not the old button.
    b.answer("22").await;
    b.wait_for("document.activeElement && document.activeElement.id === 'zj-question-heading'")
        .await;
    let focused = b.eval("return document.activeElement.textContent;").await;
    assert!(
        focused.as_str().unwrap_or_default().contains("第 2 题"),
        "{focused}"
    );
    b.open("checker.html#edition=2021").await;
    b.wait_for("document.querySelector('form.zj-question[data-key=age]')")
        .await;
    b.walk(MILITARY).await;
    // …and on the outcome's title once the last answer is given.
    b.wait_for(
        "document.activeElement && document.activeElement.classList.contains('zj-outcome-title')",
    )
    .await;
    // Another tab saving its answers is said, and this tab keeps its screen.
    b.eval(&format!(
        "window.dispatchEvent(new StorageEvent('storage', {{ key: '{KEY}' }})); return 1;"
    ))
    .await;
    b.wait_for("[...document.querySelectorAll('.zj-notice')].some(n => n.textContent.includes('另一个标签页'))")
        .await;
    assert!(
        b.eval("return !!document.querySelector('[data-screen=outcome]');")
            .await
            == Value::Bool(true)
    );
    let shared = b.eval("return location.href;").await;
    let shared = shared.as_str().unwrap_or_default().to_string();
    let stored = b
        .eval(&format!("return localStorage.getItem('{KEY}');"))
        .await;
    let stored: Value = serde_json::from_str(stored.as_str().expect("stored")).expect("json");
    assert_eq!(stored["format"], "zhuanjie-checker");
    assert_eq!(stored["version"], 1);
    assert_eq!(
        stored["query"],
        "edition=2021&age=22&situation=military&party_member=no"
    );
    // Reload with no hash: the last answers come back, into the URL too.
    b.open("checker.html").await;
    b.wait_for("document.querySelector('[data-screen=outcome]')")
        .await;
    assert!(b
        .eval("return location.hash;")
        .await
        .as_str()
        .unwrap_or_default()
        .contains("situation=military"));
    assert!(b.app_text().await.contains("已恢复"));
    // Start over clears them.
    b.client
        .find(fantoccini::Locator::Css(".zj-restart"))
        .await
        .expect("restart")
        .click()
        .await
        .expect("click");
    b.wait_for("document.querySelector('form.zj-question[data-key=age]')")
        .await;
    assert_eq!(
        b.eval(&format!("return localStorage.getItem('{KEY}');"))
            .await,
        Value::Null
    );
    b.close().await;

    // A fresh profile (no storage) opening the shared link sees the same outcome.
    let fresh = Browser::start().await;
    fresh.open(&shared).await;
    fresh
        .wait_for("document.querySelector('[data-screen=outcome]')")
        .await;
    assert!(outcome_field(&fresh, "destination")
        .await
        .contains("特殊单位专属库"));
    fresh.assert_same_origin().await;
    fresh.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn bad_input_and_bad_storage_never_break_the_page() {
    let b = Browser::start().await;
    // A hash the engine refuses: its Chinese error naming the key, and a way out.
    b.open("checker.html#edition=2021&age=200").await;
    b.wait_for("document.querySelector('[data-screen=error]')")
        .await;
    let text = b.app_text().await;
    assert!(text.contains("age") && text.contains("200"), "{text}");
    b.open("checker.html#edition=2021&situation=pilot").await;
    b.wait_for("document.querySelector('[data-screen=error]') && document.querySelector('#app').innerText.includes('situation')")
        .await;
    b.client
        .find(fantoccini::Locator::Css("[data-screen=error] button"))
        .await
        .expect("start over")
        .click()
        .await
        .expect("click");
    b.wait_for("document.querySelector('form.zj-question[data-key=age]')")
        .await;
    // An impossible age typed in the form: the engine's range message, no navigation.
    let before = b.eval("return location.hash;").await;
    b.eval(
        "const i = document.querySelector('#zj-age-input'); i.value = '7'; \
         i.dispatchEvent(new Event('input')); document.querySelector('.zj-continue').click(); return 1;",
    )
    .await;
    b.wait_for("document.querySelector('.zj-question .zj-error')")
        .await;
    assert!(b.app_text().await.contains("14 到 60"));
    assert_eq!(b.eval("return location.hash;").await, before);

    // A corrupted stored value is kept aside and reported; the page still works.
    for bad in [
        "{not json".to_string(),
        r#"{"format":"zhuanjie-checker","version":0,"query":"age=22"}"#.to_string(),
        r#"{"format":"zhuanjie-checker","version":1,"query":"age=abc"}"#.to_string(),
    ] {
        b.open("index.html").await;
        b.eval(&format!(
            "localStorage.clear(); localStorage.setItem('{KEY}', {}); return 1;",
            Value::from(bad.as_str())
        ))
        .await;
        b.open("checker.html").await;
        b.wait_for("document.querySelector('.zj-notice')").await;
        let notice = b
            .eval("return document.querySelector('.zj-notice').textContent;")
            .await;
        assert!(
            notice.as_str().unwrap_or_default().contains(".corrupt"),
            "{notice}"
        );
        let aside = b
            .eval(&format!("return localStorage.getItem('{KEY}.corrupt');"))
            .await;
        assert_eq!(aside, Value::from(bad.as_str()));
        assert_eq!(b.question_key().await.as_deref(), Some("age"));
        b.answer("22").await;
        assert_eq!(b.question_key().await.as_deref(), Some("situation"));
    }

    // A full storage: a notice, and the flow goes on.
    b.eval(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }; return 1;",
    )
    .await;
    b.answer("参军入伍").await;
    b.wait_for("document.querySelector('.zj-notice') && [...document.querySelectorAll('.zj-notice')].some(n => n.textContent.includes('已满'))")
        .await;
    assert_eq!(b.question_key().await.as_deref(), Some("party_member"));
    b.answer("否").await;
    assert_eq!(b.screen().await, "outcome");
    b.assert_same_origin().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn remark_counter_copy_print_and_the_tracker_link() {
    let b = Browser::start().await;
    fresh_checker(&b).await;
    b.walk(EMPLOYED_BEIJING).await;
    let count = || async {
        b.eval("return document.querySelector('#zj-remark-count').textContent;")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let draft_len = b
        .eval("return [...document.querySelector('#zj-remark-text').value].length;")
        .await
        .as_u64()
        .expect("draft");
    assert!(draft_len > 0 && draft_len <= 100);
    assert!(count().await.starts_with(&format!("{draft_len} / 100")));
    // The draft's blanks are counted, and copying with blanks left warns.
    assert!(count().await.contains("还有 4 处 ××"), "{}", count().await);
    b.eval(
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: t => Promise.resolve() } }); return 1;",
    )
    .await;
    b.click(".zj-copy").await;
    b.wait_for("document.querySelector('.zj-copy-status')")
        .await;
    assert!(b.text(".zj-copy-status").await.contains("还有 4 处 ××"));
    // Four fields fill the blanks.
    for (id, value) in [
        ("#zj-remark-name", "测试同学"),
        ("#zj-remark-school", "某某大学"),
        ("#zj-remark-cohort", "2026"),
        ("#zj-remark-phone", "13800000000"),
    ] {
        b.client
            .find(fantoccini::Locator::Css(id))
            .await
            .expect("remark field")
            .send_keys(value)
            .await
            .expect("type");
    }
    let filled = b
        .eval("return document.querySelector('#zj-remark-text').value;")
        .await;
    let filled = filled.as_str().unwrap_or_default().to_string();
    for part in ["测试同学", "某某大学", "2026届", "13800000000"] {
        assert!(filled.contains(part), "{part}：{filled}");
    }
    assert!(
        !filled.contains('×') && !count().await.contains("××"),
        "{filled}"
    );
    let draft_len = filled.chars().count() as u64;
    assert!(draft_len <= 100, "{filled}");
    // Typing updates the count live; past 100 it turns into an error.
    let area = b
        .client
        .find(fantoccini::Locator::Css("#zj-remark-text"))
        .await
        .expect("textarea");
    area.send_keys("补充说明").await.expect("type");
    assert!(count()
        .await
        .starts_with(&format!("{} / 100", draft_len + 4)));
    area.send_keys(&"长".repeat(100)).await.expect("type");
    b.wait_for("document.querySelector('#zj-remark-count.zj-over')")
        .await;
    assert!(count().await.contains("超出"));
    // Copy says whether it worked, and copies the edited text. The clipboard is a stand-in
    // that records what it was given, then one that refuses (as a browser may).
    b.eval(
        "window.__zjCopied = []; \
         Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: t => { window.__zjCopied.push(t); return Promise.resolve(); } } }); \
         return 1;",
    )
    .await;
    b.click(".zj-copy").await;
    b.wait_for("document.querySelector('.zj-copy-status')")
        .await;
    let status = b.text(".zj-copy-status").await;
    assert!(status.contains("已复制"), "{status}");
    let copied = b
        .eval("return [window.__zjCopied, document.querySelector('#zj-remark-text').value];")
        .await;
    assert_eq!(
        copied[0],
        Value::Array(vec![copied[1].clone()]),
        "the edited remark is what is copied"
    );
    b.eval(
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: t => Promise.reject(new DOMException('denied', 'NotAllowedError')) } }); \
         return 1;",
    )
    .await;
    // The clipboard refuses: selecting the text and the browser's copy command is the
    // fallback; when that fails too, the page says so and how to copy by hand.
    b.eval("window.__zjExec = []; const real = document.execCommand.bind(document); document.execCommand = c => { window.__zjExec.push(c); return real(c); }; return 1;")
        .await;
    b.click(".zj-copy").await;
    b.wait_for("window.__zjExec.includes('copy')").await;
    let status = b.text(".zj-copy-status").await;
    assert!(status.contains("已复制"), "the fallback copied: {status}");
    b.eval("document.execCommand = () => false; return 1;")
        .await;
    b.click(".zj-copy").await;
    b.wait_for("document.querySelector('.zj-copy-status').textContent.includes('复制失败')")
        .await;

    // Print: the site nav, the toolbar and the buttons are hidden.
    assert!(
        b.emulate_media("print").await,
        "chromedriver emulates print media (Emulation.setEmulatedMedia)"
    );
    {
        let hidden = b
            .eval(
                "const d = s => { const e = document.querySelector(s); return e ? getComputedStyle(e).display : 'none'; };\
                 return [d('.site-nav'), d('.site-header'), d('.zj-toolbar'), d('.zj-print'), d('.zj-previous'), d('.zj-outcome')];",
            )
            .await;
        assert_eq!(
            hidden,
            serde_json::json!(["none", "none", "none", "none", "none", "block"])
        );
        // The paper carries the answers that led here, the day, and how to reopen it.
        let context = b
            .eval(
                "const e = document.querySelector('.zj-printed-context'); \
                 return e && getComputedStyle(e).display !== 'none' ? e.innerText : '';",
            )
            .await;
        let context = context.as_str().unwrap_or_default();
        for part in [
            "你的回答",
            "毕业后你的去向是？",
            "已就业或自主创业",
            "生成于",
            "年",
            "checker.html#",
        ] {
            assert!(context.contains(part), "打印页缺少「{part}」：{context}");
        }
        b.emulate_media("").await;
    }

    // The outcome seeds the tracker.
    b.client
        .find(fantoccini::Locator::Css(".zj-track"))
        .await
        .expect("track button")
        .click()
        .await
        .expect("click track");
    b.wait_for(
        "location.pathname.endsWith('tracker.html') && document.querySelector('#zj-t-destination')",
    )
    .await;
    let v = b
        .eval(
            "return [document.querySelector('#zj-t-destination').value, document.querySelector('#zj-t-reason').value, \
             document.querySelector('#zj-t-province').checked, localStorage.getItem('zhuanjie.tracker.prefill.v1')];",
        )
        .await;
    assert_eq!(
        v,
        serde_json::json!(["residence_township_org", "employed_without_org", true, null])
    );
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn phone_desktop_and_file_url() {
    let b = Browser::start().await;
    for (name, size) in [("phone", e2e::PHONE), ("desktop", e2e::DESKTOP)] {
        b.viewport(size.0, size.1).await;
        fresh_checker(&b).await;
        b.answer("22").await;
        assert!(b.fits_width().await, "问题页在 {name} 宽度下横向滚动");
        // The nine-choice question: 继续 is on screen without scrolling, wherever the
        // reader is in the list.
        let visible = b
            .eval(
                "const r = document.querySelector('.zj-continue').getBoundingClientRect(); \
                 return r.top >= 0 && r.bottom <= innerHeight;",
            )
            .await;
        assert_eq!(visible, Value::Bool(true), "{name}：继续按钮在屏幕内");
        // "还不知道？" opens what to do.
        b.click(".zj-unsure summary").await;
        assert!(b.text(".zj-unsure p").await.contains("暂未升学也未就业"));
        b.screenshot(&format!("checker-question-{name}")).await;
        b.walk(EMPLOYED_BEIJING).await;
        assert!(b.fits_width().await, "结果页在 {name} 宽度下横向滚动");
        b.screenshot(&format!("checker-outcome-{name}")).await;
    }
    // The smallest phones: the toolbar with the edition switch does not overflow.
    b.viewport(320, 640).await;
    fresh_checker(&b).await;
    assert!(b.fits_width().await, "320 px 宽时检查器横向滚动");
    b.screenshot("checker-start-320").await;
    b.close().await;

    // Straight from the disk: file://…/dist/checker.html#answers shows the outcome.
    let b = Browser::start().await;
    let file = e2e::dist_dir().join("checker.html");
    let url = format!(
        "file://{}#edition=2021&age=22&situation=military&party_member=no",
        file.display()
    );
    b.open(&url).await;
    b.wait_for("document.querySelector('[data-screen=outcome]')")
        .await;
    assert!(outcome_field(&b, "reason")
        .await
        .contains("转往特殊单位团组织"));
    // Answering from file:// works too (hash navigation, back).
    b.open(&format!("file://{}#edition=2021", file.display()))
        .await;
    b.walk(MILITARY).await;
    assert_eq!(b.screen().await, "outcome");
    b.client.back().await.expect("back");
    b.wait_for("document.querySelector('form.zj-question[data-key=party_member]')")
        .await;
    b.assert_same_origin().await;
    // The tracker, its own bundle, loads from the disk as well (the base64 copy of its wasm).
    b.open(&format!(
        "file://{}",
        e2e::dist_dir().join("tracker.html").display()
    ))
    .await;
    b.wait_for("document.querySelector('#zj-t-submitted')")
        .await;
    b.close().await;
}
