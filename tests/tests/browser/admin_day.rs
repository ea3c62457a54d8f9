//! The admin's day in the simulator, as issue 16 found it lost: timers that act with names
//! and a one-click restart, the upcoming list of the selected org with who must act, the
//! member in a dialog where the admin is looking, each result beside its button, forms that
//! ask before they do harm, one status everywhere, the child table's sums explained, and a
//! tool page with the whole width. Each expectation is the engine's, read from the page's
//! own export; each check runs on a PC (1366 px) and where it differs on a phone (390 px).

use chrono::NaiveDate;
use e2e::Browser;
use serde_json::Value;
use zhuanjie_core::codes::Destination;
use zhuanjie_core::commands;
use zhuanjie_core::process::{self, State};
use zhuanjie_core::season;
use zhuanjie_core::Workspace;

use super::simulator::{fresh, newest_state, open_member, reject, saved_since, saves, workspace};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn chinese(date: NaiveDate) -> String {
    zhuanjie_core::dates::chinese_date(date)
}

/// The vertical gap in px between two elements' boxes (0 when they overlap).
async fn gap_between(b: &Browser, one: &str, other: &str) -> f64 {
    b.eval(&format!(
        "const a = document.querySelector({}).getBoundingClientRect(); \
         const c = document.querySelector({}).getBoundingClientRect(); \
         return Math.max(0, c.top - a.bottom, a.top - c.bottom);",
        Value::from(one),
        Value::from(other)
    ))
    .await
    .as_f64()
    .unwrap_or(f64::MAX)
}

/// The applications of the upcoming table's rows, in order.
async fn upcoming_rows(b: &Browser) -> Value {
    b.eval("return [...document.querySelectorAll('#zj-upcoming-table tbody tr')].map(r => r.getAttribute('data-application'));")
        .await
}

/// The member dialog is open, inside the viewport, and holds the focus on the name.
async fn dialog_in_view(b: &Browser, member: &str) {
    b.wait_for(&format!(
        "document.querySelector('#zj-member-dialog').open && \
         document.querySelector('#zj-member-panel[data-member=\"{member}\"]') && \
         document.activeElement && document.activeElement.id === 'zj-member-name'"
    ))
    .await;
    let inside = b
        .eval(
            "const r = document.querySelector('#zj-member-dialog').getBoundingClientRect(); \
             return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1 && r.width > 300;",
        )
        .await;
    assert_eq!(inside, Value::Bool(true), "the member's dialog is in view");
}

async fn close_dialog(b: &Browser) {
    b.click("#zj-member-close").await;
    b.wait_for("!document.querySelector('#zj-member-dialog').open")
        .await;
}

#[tokio::test(flavor = "current_thread")]
async fn timers_are_named_and_a_return_restarts_in_one_click() {
    let b = Browser::start().await;
    for phone in [false, true] {
        if phone {
            b.phone().await;
        } else {
            b.desktop().await;
        }
        fresh(&b).await;
        let before = workspace(&b).await;
        b.click("#zj-plus-week").await;
        b.wait_for(
            "document.querySelector('#zj-clock').getAttribute('data-date') === '2026-10-22'",
        )
        .await;
        // The engine's list of what the timers did in that week, and the page's.
        let moved = season::clock_move(&before, d(2026, 10, 15), d(2026, 10, 22));
        assert!(
            moved.auto_returned > 0,
            "the sample's week returns applications"
        );
        let line = b.text("#zj-clock-move").await;
        assert!(
            line.contains(&moved.what_happened().unwrap()),
            "{line} ≠ {:?}",
            moved.what_happened()
        );
        let listed = b
            .eval("return [...document.querySelectorAll('#zj-fired li')].map(l => l.getAttribute('data-application'));")
            .await;
        let engine: Vec<Value> = moved
            .fired
            .iter()
            .map(|f| Value::from(f.application.clone()))
            .collect();
        assert_eq!(listed, Value::Array(engine), "who the timers acted on");
        b.assert_no_program_text("时钟拨过之后").await;
        b.screenshot(if phone {
            "admin-fired-phone"
        } else {
            "admin-fired-desktop"
        })
        .await;

        // A name opens the member where the admin is looking, with the return dated in the
        // timeline; one click starts the same transfer again.
        let first = &moved.fired[0];
        b.click(&format!(
            "#zj-fired li[data-application='{}'] .zj-fired-member",
            first.application
        ))
        .await;
        dialog_in_view(&b, &first.member).await;
        let timeline = b
            .text(&format!(
                "#zj-member-panel .zj-application[data-application='{}'] .zj-timeline",
                first.application
            ))
            .await;
        assert!(
            timeline.contains(&format!("{} 系统自动退回", chinese(first.on))),
            "{timeline}"
        );
        b.screenshot(if phone {
            "admin-returned-member-phone"
        } else {
            "admin-returned-member-desktop"
        })
        .await;
        let old = before
            .applications
            .iter()
            .find(|a| a.id == first.application)
            .unwrap()
            .clone();
        let saved = saves(&b).await;
        b.click("#zj-member-panel [data-action='reinitiate']").await;
        b.wait_for("document.querySelector('#zj-feedback-member').textContent.includes('按原去向重新发起')")
            .await;
        assert!(
            gap_between(&b, "#zj-feedback-member", "#zj-member-name").await < 120.0,
            "the result shows at the top of the member's panel"
        );
        assert_eq!(newest_state(&b).await, "out_approval");

        // Reload at once: the new application is there, the same destination.
        saved_since(&b, saved).await;
        b.open("simulator.html").await;
        b.wait_for("document.querySelector('#zj-sx')").await;
        let after = workspace(&b).await;
        let new = after.applications.last().unwrap();
        assert_eq!(new.member, old.member);
        assert_eq!(
            (
                new.destination,
                &new.to_org,
                &new.to_org_name,
                new.reason,
                new.initiator
            ),
            (
                old.destination,
                &old.to_org,
                &old.to_org_name,
                old.reason,
                old.initiator
            )
        );
        assert_eq!(new.events.len(), 1);
        assert_eq!(new.events[0].date, d(2026, 10, 22));
        open_member(&b, &old.member).await;
        dialog_in_view(&b, &old.member).await;
        assert_eq!(newest_state(&b).await, "out_approval");
        // Esc closes it, as a dialog does.
        b.press_escape().await;
        b.wait_for("!document.querySelector('#zj-member-dialog').open")
            .await;
    }
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn upcoming_follows_the_org_says_who_and_acts_from_the_row() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    b.click("#zj-tab-upcoming").await;
    b.wait_for("document.querySelector('#zj-upcoming-table')")
        .await;
    let ws = workspace(&b).await;
    let ids = |list: &[season::Upcoming]| {
        Value::Array(
            list.iter()
                .take(300)
                .map(|u| Value::from(u.application.clone()))
                .collect(),
        )
    };
    let all = season::upcoming_in(&ws, Some("U"), ws.clock);
    assert_eq!(upcoming_rows(&b).await, ids(&all), "the school's timers");
    // Each row: the date, the days left, who must act.
    for u in all.iter().take(5) {
        let row = b
            .text(&format!(
                "#zj-upcoming-table tr[data-application='{}']",
                u.application
            ))
            .await;
        let left = (u.on - ws.clock).num_days();
        let days = if left == 0 {
            "今天到期".to_string()
        } else {
            format!("还有 {left} 天")
        };
        assert!(
            row.contains(&chinese(u.on)) && row.contains(&days) && row.contains(&u.waiting_on),
            "{row}: {u:?}"
        );
    }
    // A branch: only the applications leaving or entering it.
    let branch = "U-C000-T0-B0";
    b.click(&format!(".zj-tree-row[data-org='{branch}'] .zj-org"))
        .await;
    let mine = season::upcoming_in(&ws, Some(branch), ws.clock);
    assert!(mine.len() < all.len() && !mine.is_empty());
    b.wait_for(&format!(
        "document.querySelectorAll('#zj-upcoming-table tbody tr').length === {}",
        mine.len()
    ))
    .await;
    assert_eq!(upcoming_rows(&b).await, ids(&mine), "the branch's timers");
    assert!(b
        .text("#zj-upcoming-count")
        .await
        .contains(&ws.org(branch).unwrap().name));

    // Approve from the row: the step passes, and the result is said above the table.
    let first = mine[0].application.clone();
    b.click(&format!(
        "#zj-upcoming-table tr[data-application='{first}'] .zj-upcoming-approve"
    ))
    .await;
    b.wait_for("document.querySelector('#zj-feedback-upcoming').textContent.includes('已完成')")
        .await;
    let after = workspace(&b).await;
    let app = after.applications.iter().find(|a| a.id == first).unwrap();
    let state = process::state_at(
        &after.process_of(app),
        &app.events,
        after.clock,
        &after.calendar(),
    )
    .unwrap();
    assert!(
        !matches!(state, State::Pending { step, .. } if step == mine[0].step),
        "the step passed: {state:?}"
    );
    b.assert_no_program_text("即将发生").await;
    b.screenshot("admin-upcoming-desktop").await;
    b.phone().await;
    assert!(b.fits_width().await, "the upcoming tab fits a phone");
    b.eval("document.querySelector('#zj-upcoming').scrollIntoView(); return 1;")
        .await;
    b.screenshot("admin-upcoming-phone").await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn results_beside_their_buttons_and_forms_that_ask() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    let ws = workspace(&b).await;

    // The batch move: each member's status, the ineligible marked before the run (the
    // engine's reason), 全选 picks only the eligible, the result under the button.
    b.click(".zj-tree-row[data-org='U-C000-T0'] .zj-org").await;
    b.wait_for("document.querySelector('#zj-batch')").await;
    b.eval("document.querySelector('#zj-batch').open = true; return 1;")
        .await;
    b.set("#zj-batch-from", "U-C000-T0-B0").await;
    b.set("#zj-batch-to", "U-C000-T0-B1").await;
    b.wait_for("document.querySelector('#zj-batch-all')").await;
    let general = "U-C000-T0";
    let in_branch: Vec<_> = ws
        .members
        .iter()
        .filter(|m| m.org == "U-C000-T0-B0")
        .collect();
    let blocked: Vec<Value> = in_branch
        .iter()
        .filter(|m| commands::batch_member_refusal(&ws, general, m, Some("U-C000-T0-B1")).is_some())
        .map(|m| Value::from(m.id.clone()))
        .collect();
    assert!(
        !blocked.is_empty(),
        "the branch has members with open applications"
    );
    let marked = b
        .eval("return [...document.querySelectorAll('.zj-batch-members li.zj-ineligible')].map(l => l.getAttribute('data-member'));")
        .await;
    assert_eq!(marked, Value::Array(blocked.clone()));
    let reason = b
        .text(&format!(".zj-batch-members li[data-member={}]", blocked[0]))
        .await;
    assert!(reason.contains("不能批量转接"), "{reason}");
    b.click("#zj-batch-all").await;
    let eligible = in_branch.len() - blocked.len();
    b.wait_for(&format!(
        "document.querySelector('#zj-batch-run').textContent.includes('批量转接 {eligible} 人')"
    ))
    .await;
    b.click("#zj-batch-run").await;
    b.wait_for("document.querySelector('#zj-feedback-batch').textContent.includes('已完成')")
        .await;
    assert!(gap_between(&b, "#zj-batch-run", "#zj-feedback-batch").await < 40.0);
    b.eval("document.querySelector('#zj-batch').scrollIntoView(); return 1;")
        .await;
    b.screenshot("admin-batch-desktop").await;

    // The org editor opens on demand; deleting an org that holds members is refused right
    // under the button.
    b.click(".zj-tree-row[data-org='U-C000-T0-B1'] .zj-org")
        .await;
    b.wait_for("document.querySelector('#zj-org-editor[data-org=\"U-C000-T0-B1\"]')")
        .await;
    assert_eq!(
        b.eval("return document.querySelector('#zj-org-edit').open;")
            .await,
        Value::Bool(false),
        "the editor is closed until asked for"
    );
    b.click("#zj-org-edit > summary").await;
    b.click("#zj-org-delete").await;
    b.wait_for("document.querySelector('#zj-feedback-org').textContent.includes('未执行')")
        .await;
    assert!(gap_between(&b, "#zj-org-delete", "#zj-feedback-org").await < 40.0);
    assert_eq!(
        b.eval("return document.querySelector('#zj-org-edit').open;")
            .await,
        Value::Bool(true),
        "the editor stays open after the action"
    );

    // 退回: a reason first, beside the button; then a second click; 不退回 leaves it.
    let pending = ws
        .applications
        .iter()
        .find(|a| {
            let s = process::state_at(&ws.process_of(a), &a.events, ws.clock, &ws.calendar());
            matches!(s, Ok(State::Pending { .. }))
                && ws
                    .member(&a.member)
                    .is_some_and(|m| commands::lapse_refusal(&ws, m).is_some())
        })
        .unwrap()
        .clone();
    open_member(&b, &pending.member).await;
    dialog_in_view(&b, &pending.member).await;
    assert_eq!(
        b.eval(
            "return document.querySelectorAll('#zj-member-panel [data-action=\"lapse\"]').length;"
        )
        .await,
        Value::from(0),
        "记为超龄离团 only where it applies"
    );
    b.click("#zj-member-panel [data-action='reject']").await;
    b.wait_for("document.querySelector('#zj-feedback-member').textContent.includes('退回原因')")
        .await;
    b.set("#zj-member-panel .zj-reject-reason", "not_reported")
        .await;
    b.click("#zj-member-panel [data-action='reject']").await;
    b.wait_for("document.querySelector('#zj-member-panel [data-action=\"reject-confirm\"]')")
        .await;
    b.click("#zj-member-panel [data-action='reject-cancel']")
        .await;
    b.wait_for("document.querySelector('#zj-member-panel [data-action=\"reject\"]')")
        .await;
    assert_ne!(newest_state(&b).await, "rejected", "不退回 rejects nothing");
    reject(&b, "not_reported").await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') === 'rejected'")
        .await;
    assert!(b
        .text("#zj-member-panel .zj-timeline")
        .await
        .contains(zhuanjie_core::process::RejectReason::NotReported.label()));
    close_dialog(&b).await;

    // One status: a member whose transfer completed out of the school is not offered a
    // new transfer, and says why.
    let done = ws
        .applications
        .iter()
        .find(|a| {
            let s = process::state_at(&ws.process_of(a), &a.events, ws.clock, &ws.calendar());
            matches!(s, Ok(State::Completed { .. }))
                && a.destination != Destination::SchoolFloatingBranch
                && a.initiator != zhuanjie_core::process::Initiator::Batch
        })
        .unwrap();
    open_member(&b, &done.member).await;
    b.wait_for("document.querySelector('#zj-no-initiate')")
        .await;
    assert!(b.text("#zj-no-initiate").await.contains("已经完成"));
    assert_eq!(
        b.eval(
            "return document.querySelectorAll('#zj-member-panel .zj-initiate-question').length;"
        )
        .await,
        Value::from(0)
    );
    let heading = b
        .text(&format!(
            "#zj-member-panel .zj-application[data-application='{}'] h3",
            done.id
        ))
        .await;
    assert!(
        heading.contains("已完成") && !heading.contains("APP"),
        "{heading}"
    );
    close_dialog(&b).await;
    // A 团总支's batch move is not the member's transfer: said as a batch move, and a
    // transfer can still start.
    let batched = ws
        .applications
        .iter()
        .find(|a| {
            a.initiator == zhuanjie_core::process::Initiator::Batch
                && commands::can_start(&ws, &a.member).is_ok()
        })
        .unwrap();
    open_member(&b, &batched.member).await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-initiate-question')")
        .await;
    let heading = b.text("#zj-member-panel .zj-application h3").await;
    assert!(
        heading.contains("团总支批量转接") && !heading.contains("已完成"),
        "{heading}"
    );
    assert_eq!(
        b.eval("return document.querySelectorAll('#zj-no-initiate').length;")
            .await,
        Value::from(0)
    );
    close_dialog(&b).await;

    // The missing list opens the member in view, wherever the list was scrolled to.
    b.click(".zj-tree-row[data-org='U'] .zj-org").await;
    b.click("#zj-tab-metrics").await;
    b.wait_for("document.querySelector('#zj-missing tbody tr')")
        .await;
    b.eval("const rows = document.querySelectorAll('#zj-missing tbody tr'); rows[rows.length - 1].scrollIntoView(); return 1;")
        .await;
    let last = b
        .eval("const rows = document.querySelectorAll('#zj-missing tbody tr'); return rows[rows.length - 1].getAttribute('data-member');")
        .await;
    let last = last.as_str().unwrap().to_string();
    b.click(&format!("#zj-missing tr[data-member='{last}'] button"))
        .await;
    dialog_in_view(&b, &last).await;
    b.screenshot("admin-member-dialog-desktop").await;
    close_dialog(&b).await;

    // The child table's sum differs from the school's, and says why, with the engine's numbers.
    let ws = workspace(&b).await;
    let index = ws.index();
    let snapshot = zhuanjie_core::metrics::Snapshot::new(&ws, &index, ws.clock);
    let (children, gap) =
        season::child_rates_and_gap_in(&ws, &index, &snapshot, Some("U")).unwrap();
    let whole = zhuanjie_core::metrics::compute(&ws, Some("U"), ws.clock).unwrap();
    let sum: usize = children.iter().map(|c| c.missing).sum();
    assert_ne!(sum, whole.missing_total, "the sample shows the gap");
    let note = b.text("#zj-children-gap").await;
    assert!(
        note.contains(&format!(
            "加起来是 {sum} 人，本级是 {} 人",
            whole.missing_total
        )) && (gap.counted_twice == 0
            || note.contains(&format!(
                "{} 名未完成的团员正在本级的两个下级组织之间转接",
                gap.counted_twice
            )))
            && (gap.direct == 0
                || note.contains(&format!("{} 名未完成的团员直属本级", gap.direct))),
        "{note}: {gap:?}"
    );

    // The clock's milestones: the days passed are disabled and say so.
    let passed = b
        .eval("return [...document.querySelectorAll('.zj-milestone')].map(m => [m.getAttribute('data-date'), m.disabled, m.textContent]);")
        .await;
    for m in passed.as_array().unwrap() {
        let date: NaiveDate = m[0].as_str().unwrap().parse().unwrap();
        let past = date <= ws.clock;
        assert_eq!(m[1].as_bool(), Some(past), "{m}");
        assert_eq!(m[2].as_str().unwrap().contains("已过"), past, "{m}");
    }

    // On a phone: the refusal under its button, the member over the whole screen.
    b.phone().await;
    b.click(".zj-tree-row[data-org='U-C000-T0-B1'] .zj-org")
        .await;
    b.wait_for("document.querySelector('#zj-org-editor[data-org=\"U-C000-T0-B1\"]')")
        .await;
    b.eval("document.querySelector('#zj-org-edit').open = true; return 1;")
        .await;
    b.click("#zj-org-delete").await;
    b.wait_for("document.querySelector('#zj-feedback-org').textContent.includes('未执行')")
        .await;
    assert!(gap_between(&b, "#zj-org-delete", "#zj-feedback-org").await < 40.0);
    b.eval("document.querySelector('#zj-feedback-org').scrollIntoView(); return 1;")
        .await;
    assert!(b.fits_width().await, "the org editor fits a phone");
    b.screenshot("admin-org-refused-phone").await;
    open_member(&b, &pending.member).await;
    dialog_in_view(&b, &pending.member).await;
    let width = b
        .eval("return document.querySelector('#zj-member-dialog').getBoundingClientRect().width;")
        .await;
    assert!(width.as_f64().unwrap() >= 389.0, "the whole width: {width}");
    b.screenshot("admin-member-dialog-phone").await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_tool_has_the_width_and_the_phone_sees_the_rates_first() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    let layout = b
        .eval(
            "const app = document.querySelector('#app').getBoundingClientRect(); \
             const nav = document.querySelector('.site-nav').getBoundingClientRect(); \
             return [app.width, nav.top >= app.bottom];",
        )
        .await;
    assert!(
        layout[0].as_f64().unwrap() > 1200.0,
        "the tool's width at 1366 px: {layout}"
    );
    assert_eq!(
        layout[1],
        Value::Bool(true),
        "the site's contents are below the tool"
    );
    // The active tab stands out from the others.
    let colours = b
        .eval("return [...document.querySelectorAll('.zj-tab')].map(t => [t.getAttribute('aria-selected'), getComputedStyle(t).backgroundColor]);")
        .await;
    let colours = colours.as_array().unwrap();
    let active: Vec<_> = colours.iter().filter(|c| c[0] == "true").collect();
    assert_eq!(active.len(), 1);
    assert!(colours
        .iter()
        .filter(|c| c[0] != "true")
        .all(|c| c[1] != active[0][1]));
    b.screenshot("admin-layout-desktop").await;

    // The 2019 clock has its milestones too: the next reminder and the next auto-approval.
    b.set("#zj-start", "sample-2019").await;
    b.click("#zj-replace-confirm").await;
    b.wait_for("document.querySelector('#zj-edition').textContent.includes('2019')")
        .await;
    let ws = workspace(&b).await;
    let expected: Vec<Value> = season::milestones(&ws)
        .into_iter()
        .map(|(date, _)| Value::from(date.format("%Y-%m-%d").to_string()))
        .collect();
    assert_eq!(expected.len(), 2);
    let shown = b
        .eval("return [...document.querySelectorAll('.zj-milestone')].map(m => m.getAttribute('data-date'));")
        .await;
    assert_eq!(shown, Value::Array(expected));

    b.phone().await;
    let order = b
        .eval(
            "return document.querySelector('.zj-sim-main').getBoundingClientRect().top < \
             document.querySelector('.zj-sim-side').getBoundingClientRect().top;",
        )
        .await;
    assert_eq!(order, Value::Bool(true), "on a phone the rates come first");
    assert!(b.fits_width().await);
    b.screenshot("admin-layout-phone").await;
    b.close().await;
}

/// How many snapshots the page has stored.
async fn snapshots_written(b: &Browser) -> u64 {
    b.attr("#zj-save-status", "data-snapshots")
        .await
        .parse()
        .unwrap_or(0)
}

/// The part keys in the page's storage, sorted.
async fn part_keys(b: &Browser) -> Vec<String> {
    let v = b
        .eval(&format!(
            "return Object.keys(localStorage).filter(k => k.startsWith({})).sort();",
            Value::from(zhuanjie_core::autosave::PART_PREFIX)
        ))
        .await;
    e2e::strings(&v)
}

#[tokio::test(flavor = "current_thread")]
async fn a_large_snapshot_is_stored_in_parts_and_reads_back() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    // A part a crash left long ago, that no snapshot names: removed on the next load.
    let stale = zhuanjie_core::autosave::part_key("tab-1-1000", 1);
    b.eval(&format!(
        "localStorage.setItem({}, 'x'); return 1;",
        Value::from(stale.clone())
    ))
    .await;
    // 15,000 members: a snapshot of well over one part.
    let big = zhuanjie_core::synth::school(15_000, zhuanjie_core::Edition::E2021, 3);
    let members = big.members.len();
    let before = snapshots_written(&b).await;
    super::simulator::import_text(&b, "big.json", &big.to_json()).await;
    b.click("#zj-replace-confirm").await;
    b.wait_for_secs(
        &format!("Number(document.querySelector('#zj-save-status').getAttribute('data-snapshots')) > {before}"),
        120,
    )
    .await;
    // The leftover stays until a load looks: another tab could be writing it.
    let keys: Vec<String> = part_keys(&b)
        .await
        .into_iter()
        .filter(|k| *k != stale)
        .collect();
    let head = b
        .eval(&format!(
            "return localStorage.getItem({});",
            Value::from(zhuanjie_core::autosave::KEY)
        ))
        .await;
    let head = head.as_str().unwrap().to_string();
    assert_eq!(
        keys,
        zhuanjie_core::autosave::part_keys(&head),
        "exactly the head's parts are stored"
    );
    assert!(!keys.is_empty(), "{keys:?}");

    // Reload: the workspace is whole; the stale part is gone, the snapshot's parts stay.
    b.open("simulator.html").await;
    b.wait_for_secs("document.querySelector('#zj-sx')", 120)
        .await;
    assert!(b
        .text("#zj-edition")
        .await
        .contains(&format!("{members} 名团员")));
    let after_load = part_keys(&b).await;
    assert!(
        !after_load.contains(&stale),
        "the crash's leftover is removed"
    );
    assert_eq!(after_load, keys);

    // An action, then the compaction after the pause: a new snapshot in new parts, and
    // the old snapshot's parts removed.
    let before = snapshots_written(&b).await;
    b.click("#zj-plus-day").await;
    b.wait_for_secs(
        &format!("Number(document.querySelector('#zj-save-status').getAttribute('data-snapshots')) > {before}"),
        120,
    )
    .await;
    let newer = part_keys(&b).await;
    let head = b
        .eval(&format!(
            "return localStorage.getItem({});",
            Value::from(zhuanjie_core::autosave::KEY)
        ))
        .await;
    assert_eq!(
        newer,
        zhuanjie_core::autosave::part_keys(head.as_str().unwrap())
    );
    assert!(
        newer.iter().all(|k| !keys.contains(k)),
        "the old parts are gone"
    );
    b.open("simulator.html").await;
    b.wait_for_secs("document.querySelector('#zj-sx')", 120)
        .await;
    assert_eq!(b.attr("#zj-clock", "data-date").await, "2026-10-16");
    b.close().await;
}

/// Issue 19 in the simulator: the spreadsheet bombs and a deep org tree get a Chinese
/// message (or a normal preview) instead of a trapped bundle or a frozen page.
#[tokio::test(flavor = "current_thread")]
async fn bomb_files_and_a_deep_tree_are_said_not_fatal() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    // One cell at XFD1048576: read cell by cell, a normal preview.
    let kept = std::fs::read(
        e2e::repo_root().join("xtask/fuzz/regressions/roster_table/xlsx-cell-at-XFD1048576"),
    )
    .unwrap();
    super::simulator::pick_file(&b, "名单.xlsx", &kept[1..]).await;
    b.wait_for_secs("document.querySelector('#zj-roster-preview') || document.querySelector('#zj-roster-error')", 60)
        .await;
    let shown = b.text("#zj-roster-preview").await + &b.text("#zj-roster-error").await;
    assert!(
        !shown.contains("unreachable") && !shown.contains("表格组件出错"),
        "{shown}"
    );
    assert!(
        b.eval("return !!document.querySelector('#zj-roster-preview');")
            .await
            == Value::Bool(true),
        "{shown}"
    );
    b.click("#zj-roster-cancel").await;
    // A stray cell 200,000 columns right of 2,000 rows: named, nothing imported.
    let mut text = String::from("学号,姓名,所在团支部\r\n");
    for i in 0..2000 {
        text.push_str(&format!("S-{i},测试{i},第1学院2022级1班团支部"));
        if i == 1234 {
            text.push_str(&",".repeat(200_000));
            text.push('x');
        }
        text.push_str("\r\n");
    }
    super::simulator::pick_file(&b, "名单.csv", text.as_bytes()).await;
    b.wait_for_secs("document.querySelector('#zj-roster-error')", 60)
        .await;
    let error = b.text("#zj-roster-error").await;
    assert!(
        error.contains("第 1236 行") && error.contains("误输入"),
        "{error}"
    );
    // A chain of 20,000 orgs as a workspace file: refused at once, naming the depth.
    let mut ws = Workspace::empty(zhuanjie_core::Edition::E2021, d(2026, 10, 15));
    for i in 0..20_000 {
        let parent = (i > 0).then(|| format!("C{}", i - 1));
        ws.orgs.push(zhuanjie_core::workspace::Org::new(
            &format!("C{i}"),
            &format!("第{i}级团委"),
            zhuanjie_core::workspace::OrgKind::Committee,
            parent.as_deref(),
        ));
    }
    super::simulator::import_text(&b, "deep.json", &ws.to_json()).await;
    b.wait_for_secs("document.querySelector('#zj-import-errors')", 60)
        .await;
    let error = b.text("#zj-import-errors").await;
    assert!(error.contains("20000 层"), "{error}");
    assert!(
        b.text("#zj-edition").await.contains("67 名团员"),
        "the workspace is kept"
    );
    b.assert_no_program_text("炸弹文件之后").await;
    b.close().await;
}

/// Issue 19: storage too full to set an unreadable saved value aside. The notice says the
/// old content stays, so no automatic save may overwrite it until the admin lets it go.
#[tokio::test(flavor = "current_thread")]
async fn an_unreadable_value_that_cannot_be_set_aside_is_kept_until_let_go() {
    let b = Browser::start().await;
    b.desktop().await;
    let key = zhuanjie_core::autosave::KEY;
    // Planted from a guide page: a broken value of 2 M characters and 3 M of other data,
    // so the copy `….corrupt` does not fit.
    b.open("index.html").await;
    b.eval(&format!(
        "localStorage.clear(); localStorage.setItem('{key}', '{{broken' + 'x'.repeat(2000000)); \
         localStorage.setItem('filler', 'y'.repeat(3000000)); return 1;"
    ))
    .await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    b.wait_for("[...document.querySelectorAll('.zj-notice')].some(n => n.textContent.includes('不会自动保存覆盖它'))")
        .await;
    let notice = b.eval("return [...document.querySelectorAll('.zj-notice')].map(n => n.textContent).join(' | ');").await;
    assert!(
        notice.as_str().unwrap().contains("本页显示示例学校"),
        "{notice}"
    );
    // An action and the pause after it (its journal line, then the snapshot's attempt):
    // the old content is still there.
    let before = saves(&b).await;
    b.click("#zj-plus-day").await;
    b.wait_for_secs(
        &format!(
            "Number(document.querySelector('#zj-save-status').getAttribute('data-saves')) > {}",
            before + 1
        ),
        30,
    )
    .await;
    assert!(b
        .eval("return [...document.querySelectorAll('.zj-notice')].some(n => n.textContent.includes('没有自动保存'));")
        .await
        .as_bool()
        .unwrap_or(false));
    let kept = b
        .eval(&format!(
            "return localStorage.getItem('{key}').startsWith('{{broken');"
        ))
        .await;
    assert_eq!(
        kept,
        Value::Bool(true),
        "not overwritten while the notice says it stays"
    );
    b.screenshot("admin-held-desktop").await;
    // Let it go: the next action saves.
    b.eval("localStorage.removeItem('filler'); return 1;").await;
    b.click("#zj-release-held").await;
    b.click("#zj-plus-day").await;
    b.wait_for_secs(
        &format!(
            "Number(document.querySelector('#zj-save-status').getAttribute('data-snapshots')) > 0 \
             && localStorage.getItem('{key}').includes('zhuanjie-autosave')"
        ),
        30,
    )
    .await;
    b.close().await;
}

/// Issue 19: a name Excel cannot hold (U+FFFE; over 32,767 characters) does not break the
/// .xlsx export: the workbook is written cleaned, and the result under the export buttons
/// names each member and what was done (the roster crate's own list), on a phone too.
#[tokio::test(flavor = "current_thread")]
async fn an_export_says_whose_text_excel_could_not_hold() {
    let b = Browser::start().await;
    b.phone().await;
    fresh(&b).await;
    let mut ws = workspace(&b).await;
    ws.members[0].name = "坏\u{FFFE}名".into();
    ws.members[1].name = "长".repeat(40_000);
    super::simulator::import_text(&b, "bad-names.json", &ws.to_json()).await;
    b.wait_for_secs("document.querySelector('#zj-replace')", 30)
        .await;
    b.click("#zj-replace-confirm").await;
    b.wait_for("document.querySelector('#zj-toolbar-status').textContent.includes('已换成')")
        .await;
    let ws = workspace(&b).await;
    let expected =
        zhuanjie_roster::xlsx_changes(&[zhuanjie_roster::roster_sheet(&ws, ws.clock, false)]);
    assert_eq!(expected.len(), 2, "{expected:?}");
    b.click("#zj-tab-metrics").await;
    b.catch_downloads().await;
    b.click("#zj-export-roster-xlsx").await;
    let (name, bytes) = b.caught_download().await;
    assert!(name.ends_with(".xlsx"), "{name}");
    let table = zhuanjie_roster::read_table(&name, &bytes, None, None).expect("the workbook opens");
    let names = table.headers.iter().position(|h| h == "姓名").unwrap();
    assert!(table.rows.iter().any(|(_, r)| r[names] == "坏\u{FFFD}名"));
    b.wait_for("document.querySelector('#zj-feedback-export').textContent.includes('注意')")
        .await;
    let said = b.text("#zj-feedback-export").await;
    for change in &expected {
        assert!(said.contains(change.as_str()), "{said}\n{change}");
    }
    assert!(said.contains("已生成并下载"), "{said}");
    let gap = gap_between(&b, "#zj-export-roster-xlsx", "#zj-feedback-export").await;
    assert!(
        gap < 120.0,
        "the result is under the export buttons: {gap} px"
    );
    b.eval("document.querySelector('#zj-feedback-export').scrollIntoView({block: 'center'}); return 1;")
        .await;
    b.screenshot("admin-export-mended-phone").await;
    b.assert_no_program_text("导出清理之后").await;
    b.close().await;
}

/// The chase list (催办清单): for the selected org, the groups by acting org as the engine
/// makes them, a reminder copied with one click (said beside the button), the never-started
/// by branch, a filter, the CSV export, and a phone.
#[tokio::test(flavor = "current_thread")]
async fn the_chase_list_says_who_must_act_and_copies_a_reminder() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    let region = b.attr("#zj-region-name", "data-region").await;
    b.click("#zj-tab-chase").await;
    b.wait_for("document.querySelector('#zj-chase-count')")
        .await;
    let ws = workspace(&b).await;
    let list = zhuanjie_core::chase::chase_list(&ws, Some(&region), ws.clock).unwrap();
    let shown = b
        .eval("return [...document.querySelectorAll('.zj-chase-group')].map(g => g.getAttribute('data-org'));")
        .await;
    let expected: Vec<String> = list
        .groups
        .iter()
        .take(60)
        .map(|g| g.actor.org.clone().unwrap_or_else(|| g.actor.name.clone()))
        .collect();
    assert_eq!(
        shown,
        serde_json::json!(expected),
        "the groups, soonest first"
    );
    let count = b.text("#zj-chase-count").await;
    assert!(
        count.contains(&format!("{} 个申请", list.waiting.len()))
            && count.contains(&format!("{} 人还没有发起", list.not_started_total)),
        "{count}"
    );
    // Copy the first group's reminder: the clipboard gets the engine's text, and the
    // button says so beside itself.
    b.eval(
        "window.__zjCopied = []; \
         Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: t => { window.__zjCopied.push(t); return Promise.resolve(); } } }); \
         return 1;",
    )
    .await;
    b.click(".zj-chase-group .zj-copy-group").await;
    b.wait_for("document.querySelector('.zj-chase-group .zj-copy-status')")
        .await;
    let copied = b.eval("return window.__zjCopied[0];").await;
    assert_eq!(
        copied,
        Value::from(zhuanjie_core::chase::group_reminder(&list.groups[0]))
    );
    assert!(
        gap_between(
            &b,
            ".zj-chase-group .zj-copy-group",
            ".zj-chase-group .zj-copy-status"
        )
        .await
            < 40.0,
        "the result is beside the button"
    );
    // The never-started, by branch, each with its reminder.
    if let Some(first) = list.not_started.first() {
        let text = b
            .text(&format!(".zj-chase-branch[data-org='{}']", first.branch))
            .await;
        assert!(text.contains(&first.members[0].name), "{text}");
        // Each graduate's own reminder, copied from beside their name.
        let m = &first.members[0];
        let li = format!(
            ".zj-chase-branch[data-org='{}'] li[data-member='{}']",
            first.branch, m.member
        );
        b.click(&format!("{li} .zj-copy-member")).await;
        b.wait_for(&format!("document.querySelector(\"{li} .zj-copy-status\")"))
            .await;
        let copied = b
            .eval("return window.__zjCopied[window.__zjCopied.length - 1];")
            .await;
        assert_eq!(
            copied,
            Value::from(zhuanjie_core::chase::member_reminder(&first.branch_name, m))
        );
    }
    // Sorted by who waited longest: the first row of the first group is the longest wait.
    b.set("#zj-chase-sort", "longest").await;
    let longest = list.waiting.iter().map(|w| w.days).max().unwrap();
    b.wait_for(&format!(
        "(() => {{ const r = document.querySelector('.zj-chase-group tbody tr'); return r && r.children[3].textContent.startsWith('{longest} 天'); }})()"
    ))
    .await;
    // By the most applications: the groups' sizes go down.
    b.set("#zj-chase-sort", "most").await;
    let sizes = b
        .eval("return [...document.querySelectorAll('.zj-chase-group')].map(g => g.querySelectorAll('tbody tr').length);")
        .await;
    let sizes: Vec<u64> = sizes
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    b.set("#zj-chase-sort", "due").await;
    // A filter by an org's name keeps only what matches.
    let name = list.groups[0].actor.name.clone();
    b.set("#zj-chase-filter", &name).await;
    b.wait_for("document.querySelectorAll('.zj-chase-group').length >= 1")
        .await;
    let names = b
        .eval(
            "return [...document.querySelectorAll('.zj-chase-group h4')].map(h => h.textContent);",
        )
        .await;
    assert!(names.to_string().contains(&name), "{names}");
    b.set("#zj-chase-filter", "").await;
    // The export: a CSV of both lists.
    b.catch_downloads().await;
    b.click("#zj-chase-csv").await;
    let (file, bytes) = b.caught_download().await;
    assert!(
        file.starts_with("催办清单-") && file.ends_with(".csv"),
        "{file}"
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("应办理的组织") && text.contains("未发起"));
    b.assert_no_program_text("催办清单").await;
    b.screenshot("admin-chase-desktop").await;
    b.phone().await;
    assert!(b.fits_width().await, "the chase tab fits a phone");
    b.eval("document.querySelector('.zj-chase-group').scrollIntoView(); return 1;")
        .await;
    b.screenshot("admin-chase-phone").await;
    b.eval("document.querySelector('.zj-chase-branch').scrollIntoView(); return 1;")
        .await;
    // On the phone too: a graduate's reminder copies, said beside its button.
    let copies = b
        .eval("return window.__zjCopied.length;")
        .await
        .as_u64()
        .unwrap();
    b.click(".zj-chase-branch li .zj-copy-member").await;
    b.wait_for(&format!("window.__zjCopied.length > {copies}"))
        .await;
    b.wait_for("document.querySelector('.zj-chase-branch li .zj-copy-status')")
        .await;
    assert!(
        gap_between(
            &b,
            ".zj-chase-branch li .zj-copy-member",
            ".zj-chase-branch li .zj-copy-status"
        )
        .await
            < 40.0,
        "the result is beside the button on a phone"
    );
    b.screenshot("admin-chase-branch-phone").await;
    b.close().await;
}

/// The bulletin (通报): the engine's figures for the selected org, a change since a date, a
/// bad target said beside the form, one A4 page when printed (only the bulletin prints),
/// and the HTML download.
#[tokio::test(flavor = "current_thread")]
async fn the_bulletin_prints_on_one_a4_page() {
    let b = Browser::start().await;
    b.desktop().await;
    fresh(&b).await;
    let region = b.attr("#zj-region-name", "data-region").await;
    b.click("#zj-tab-bulletin").await;
    b.wait_for("document.querySelector('.zj-bulletin')").await;
    let ws = workspace(&b).await;
    let since = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    b.set("#zj-bulletin-since", "2026-09-30").await;
    b.set("#zj-bulletin-target", "90").await;
    b.set("#zj-bulletin-lowest", "3").await;
    b.wait_for("document.querySelector('.zj-bulletin-meta').textContent.includes('对比')")
        .await;
    let expected = zhuanjie_core::bulletin::bulletin(
        &ws,
        &zhuanjie_core::bulletin::Request {
            region: Some(&region),
            at: ws.clock,
            since: Some(since),
            target: Some(0.9),
            lowest: 3,
            rank_by: zhuanjie_core::metrics::Side::Xs,
        },
    )
    .unwrap();
    let summary = b.text(".zj-bulletin-summary").await;
    assert_eq!(summary, zhuanjie_core::bulletin::summary(&expected));
    let ranked = b
        .eval("return [...document.querySelectorAll('.zj-bulletin-table')[1].querySelectorAll('tbody tr')].map(r => r.children[1].textContent);")
        .await;
    let names: Vec<String> = expected.units.iter().map(|u| u.name.clone()).collect();
    assert_eq!(ranked, serde_json::json!(names));
    // A bad target is named, beside the form.
    b.set("#zj-bulletin-target", "150").await;
    b.wait_for("document.querySelector('#zj-bulletin-error')")
        .await;
    assert!(b.text("#zj-bulletin-error").await.contains("150"));
    b.set("#zj-bulletin-target", "90").await;
    b.wait_for("document.querySelector('.zj-bulletin')").await;
    b.screenshot("admin-bulletin-desktop").await;
    // Printed: only the bulletin, on one A4 page. (The browser's print dialog is stood in
    // for; the page's own preparation runs, and DevTools prints what it prepared.)
    b.eval("window.print = () => { window.__zjPrinted = true; }; return 1;")
        .await;
    b.click("#zj-bulletin-print").await;
    b.wait_for("window.__zjPrinted && document.querySelector('#zj-print-bulletin .zj-bulletin')")
        .await;
    assert!(b.emulate_media("print").await);
    let shown = b
        .eval("const r = s => document.querySelector(s).getClientRects().length > 0; return [r('.site-header'), r('main'), r('#zj-print-bulletin')];")
        .await;
    assert_eq!(
        shown,
        serde_json::json!([false, false, true]),
        "only the bulletin is printed"
    );
    let pages = b.a4_pages().await.expect("Page.printToPDF");
    assert_eq!(pages, 1, "the bulletin prints on one A4 page");
    b.emulate_media("").await;
    // After printing, the page is as it was.
    b.eval("window.dispatchEvent(new Event('afterprint')); return 1;")
        .await;
    b.wait_for("!document.querySelector('#zj-print-bulletin') && !document.documentElement.classList.contains('zj-printing-bulletin')")
        .await;
    // The HTML download is the same page, standalone.
    b.catch_downloads().await;
    b.click("#zj-bulletin-html").await;
    let (file, bytes) = b.caught_download().await;
    assert!(
        file.starts_with("进度通报-") && file.ends_with(".html"),
        "{file}"
    );
    let html = String::from_utf8_lossy(&bytes);
    assert!(html.contains("size: A4") && html.contains(&summary));
    b.assert_no_program_text("通报").await;
    b.phone().await;
    assert!(b.fits_width().await, "the bulletin tab fits a phone");
    b.eval("document.querySelector('.zj-bulletin-frame').scrollIntoView(); return 1;")
        .await;
    b.screenshot("admin-bulletin-phone").await;
    b.close().await;
}

/// After the season, under the metrics: the graduating branch whose members have all
/// transferred (to delete in 智慧团建, S004 4.4 ③) and the members kept in the school's
/// 流动团员团支部 with the limit's dates, both as the engine's `after_season` lists them;
/// a kept member's name opens them. At 1366 px and 390 px.
#[tokio::test(flavor = "current_thread")]
async fn after_the_season_the_dashboard_lists_what_to_delete_and_who_to_move_on() {
    use zhuanjie_core::after_season::after_season;
    use zhuanjie_core::status::{statuses_at, Status};
    let at = d(2027, 1, 15);
    let mut ws = zhuanjie_core::synth::school(600, zhuanjie_core::Edition::E2021, 5);
    // One graduating branch left with only its transferred members.
    let statuses = statuses_at(&ws, at);
    let moved = |s: Status| matches!(s, Status::Completed | Status::RetainedAtSchool);
    let branch = ws
        .members
        .iter()
        .zip(&statuses)
        .find(|(m, s)| {
            moved(s.status) && ws.org(&m.org).is_some_and(|o| o.graduation_month.is_some())
        })
        .map(|(m, _)| m.org.clone())
        .unwrap();
    let gone: Vec<String> = ws
        .members
        .iter()
        .zip(&statuses)
        .filter(|(m, s)| m.org == branch && !moved(s.status))
        .map(|(m, _)| m.id.clone())
        .collect();
    ws.members.retain(|m| !gone.contains(&m.id));
    ws.applications.retain(|a| !gone.contains(&a.member));
    ws.clock = at;
    let lists = after_season(&ws, None, at).unwrap();
    assert!(lists.emptied.iter().any(|o| o.org == branch));
    assert!(!lists.kept.is_empty());

    let b = Browser::start().await;
    for phone in [false, true] {
        if phone {
            b.phone().await;
        } else {
            b.desktop().await;
        }
        fresh(&b).await;
        super::simulator::import_text(&b, "after.json", &ws.to_json()).await;
        b.click("#zj-replace-confirm").await;
        b.wait_for(&format!(
            "document.querySelector('#zj-clock').getAttribute('data-date') === '{at}'"
        ))
        .await;
        b.click("#zj-tab-metrics").await;
        b.wait_for("document.querySelector('#zj-after-season')")
            .await;
        let rows = |table: &str| {
            format!("return [...document.querySelectorAll('#{table} tbody tr')].map(r => r.getAttribute('{}'));",
                if table == "zj-emptied" { "data-org" } else { "data-member" })
        };
        let emptied = b.eval(&rows("zj-emptied")).await;
        let expected: Vec<Value> = lists
            .emptied
            .iter()
            .map(|o| Value::from(o.org.clone()))
            .collect();
        assert_eq!(
            emptied,
            Value::Array(expected),
            "the engine's list, in its order"
        );
        let kept = b.eval(&rows("zj-kept")).await;
        let expected: Vec<Value> = lists
            .kept
            .iter()
            .take(200)
            .map(|k| Value::from(k.member.clone()))
            .collect();
        assert_eq!(kept, Value::Array(expected));
        let first = &lists.kept[0];
        let row = b
            .text(&format!("#zj-kept tr[data-member='{}']", first.member))
            .await;
        assert!(
            row.contains(&first.note) && row.contains(&chinese(first.since)),
            "{row}"
        );
        let section = b.text("#zj-after-season").await;
        assert!(section.contains("S004 4.4 ③"), "{section}");
        b.eval("document.querySelector('#zj-after-season').scrollIntoView(); return 1;")
            .await;
        if phone {
            assert!(b.fits_width().await, "the lists fit a phone");
        }
        b.assert_no_program_text("转接之后要做的事").await;
        b.screenshot(if phone {
            "after-season-phone"
        } else {
            "after-season-desktop"
        })
        .await;
        // A kept member's name opens them.
        b.click(&format!(
            "#zj-kept tr[data-member='{}'] .zj-kept-member",
            first.member
        ))
        .await;
        b.wait_for("document.querySelector('#zj-member-panel')")
            .await;
        assert!(b.text("#zj-member-panel").await.contains(&first.name));
        b.press_escape().await;
    }
    b.close().await;
}
