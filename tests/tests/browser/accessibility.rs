//! Accessibility: axe-core (npm, `tools/node_modules/axe-core`) finds no violation on any kind
//! of page, at phone and at desktop width: the guide's pages (home, a guide, a destination, the
//! calendar, the flow diagram, the destinations table, an FAQ and the FAQ index, search with
//! results and without, print, the phone table, the 管理员专区, 资料来源, the offline page, 404), the checker (a question, an outcome, a bad link), the tracker
//! (empty and filled) and the admin simulator (each tab and a member's panel). Against the built
//! `dist/` (`cargo xtask build`).

use e2e::Browser;

/// A page and, for app pages, what to wait for before checking.
struct Case {
    path: &'static str,
    /// What must be on the page beyond what `Browser::open` waits for (the app mounted).
    ready: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        path: "index.html",
        ready: None,
    },
    Case {
        path: "steps.html",
        ready: None,
    },
    Case {
        path: "dest-work.html",
        ready: None,
    },
    Case {
        path: "calendar.html",
        ready: None,
    },
    Case {
        path: "flow.html",
        ready: None,
    },
    Case {
        path: "faq/index.html",
        ready: None,
    },
    Case {
        path: "faq/auto-returned.html",
        ready: None,
    },
    Case {
        path: "search.html?q=%E8%BD%AC%E5%87%BA",
        ready: Some("document.querySelectorAll('#search-results li').length > 0"),
    },
    Case {
        path: "print.html",
        ready: None,
    },
    Case {
        path: "phones.html",
        ready: None,
    },
    Case {
        path: "for-admins.html",
        ready: None,
    },
    Case {
        path: "sources.html",
        ready: None,
    },
    Case {
        path: "destinations.html",
        ready: None,
    },
    Case {
        path: "search.html?q=%E9%87%8F%E5%AD%90%E7%BA%A0%E7%BC%A0zzq",
        ready: Some("!document.getElementById('search-empty').hidden"),
    },
    Case {
        path: "offline.html",
        ready: None,
    },
    Case {
        path: "404.html",
        ready: None,
    },
    Case {
        path: "checker.html",
        ready: None,
    },
    Case {
        path: "checker.html#edition=2021&age=22&situation=military&party_member=no",
        ready: Some("document.querySelector('.zj-outcome-title') !== null"),
    },
    Case {
        path: "checker.html#edition=2021&age=abc",
        ready: Some("document.querySelector('#app h2') !== null"),
    },
    Case {
        path: "tracker.html",
        ready: None,
    },
    Case {
        path: "simulator.html",
        ready: Some("document.querySelector('#zj-sx') !== null"),
    },
];

#[tokio::test(flavor = "current_thread")]
async fn every_page_kind_has_no_axe_violation_on_phone_and_desktop() {
    let b = Browser::start().await;
    let mut failures = Vec::new();
    for (width, label) in [(false, "桌面"), (true, "手机")] {
        if width {
            b.phone().await;
        } else {
            b.desktop().await;
        }
        for case in CASES {
            b.open("about:blank").await;
            b.open(case.path).await;
            if let Some(ready) = case.ready {
                b.wait_for_secs(ready, 30).await;
            }
            let violations = b.axe_violations().await;
            eprintln!("{label} {}：{} 处违规", case.path, violations.len());
            for v in violations {
                failures.push(format!("{label} {}：{v}", case.path));
            }
        }
        // The simulator's other tabs and a member's panel (the page is still the simulator).
        for (what, click, ready) in [
            (
                "团员与申请",
                "#zj-tab-members",
                "document.querySelector('.zj-member-open') !== null",
            ),
            (
                "团员面板",
                ".zj-member-open",
                "document.querySelector('#zj-member-panel') !== null",
            ),
            ("即将发生", "#zj-tab-upcoming", "true"),
            ("操作记录", "#zj-tab-log", "true"),
        ] {
            b.click(click).await;
            b.wait_for_secs(ready, 30).await;
            let violations = b.axe_violations().await;
            eprintln!("{label} 模拟器·{what}：{} 处违规", violations.len());
            for v in violations {
                failures.push(format!("{label} 模拟器·{what}：{v}"));
            }
        }
    }
    b.close().await;
    assert!(
        failures.is_empty(),
        "axe-core 发现无障碍问题：\n{}",
        failures.join("\n")
    );
}
