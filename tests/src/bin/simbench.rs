//! The admin simulator with a generated 50,000-member workspace, in headless Chromium
//! against the built dist/ (`cargo xtask build` first): import to the first rendered
//! metrics, one clock step with the metrics re-rendered and with the members table
//! re-rendered, the chase list and the bulletin opened and re-rendered after a clock step,
//! one approve action, what saving costs (the journal line each action writes,
//! the longest block any save caused: a journal write or a slice of the snapshot's
//! compaction), a reload to interactive, and the journal's size after 1,000 actions; each
//! unthrottled and with the CPU throttled 4× (a cheap phone). Times are
//! taken in the page (`performance.now()` from the click to the next frame after the DOM
//! shows the result). Prints figures; never asserts a timing. `cargo xtask bench` runs it.

use e2e::{copy_dir, Browser};
use serde_json::Value;

const MEMBERS: usize = 50_000;
const RUNS: usize = 5;

/// Runs `action` (JS) in the page and returns the milliseconds until `done` (a JS
/// expression) holds and the next frame is painted. The page records the time itself; the
/// driver only polls for it, so long work does not hit WebDriver's script timeout.
async fn timed(b: &Browser, action: &str, done: &str) -> f64 {
    b.eval(&format!(
        "window.__zjDone = undefined; const t0 = performance.now(); {action}; \
         const check = () => {{ if ({done}) {{ requestAnimationFrame(() => {{ window.__zjDone = performance.now() - t0; }}); }} \
           else {{ setTimeout(check, 0); }} }}; setTimeout(check, 0); return 1;"
    ))
    .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    loop {
        let v = b
            .eval("return window.__zjDone === undefined ? null : window.__zjDone;")
            .await;
        if let Some(ms) = v.as_f64() {
            return ms;
        }
        if std::time::Instant::now() > deadline {
            let state = b
                .eval("const e = document.querySelector('#zj-import-errors') || document.querySelector('#zj-refusal') || document.querySelector('#app'); return e ? e.textContent.slice(0, 400) : '';")
                .await;
            panic!("超时：{done}\n页面：{state}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Waits until the journal line that follows the last action is written, so the next
/// measured step is not slowed by it; returns how long that write blocked the page.
async fn settle(b: &Browser, saves_before: u64) -> f64 {
    b.wait_for_secs(
        &format!("Number(document.querySelector('#zj-save-status').getAttribute('data-saves')) > {saves_before}"),
        120,
    )
    .await;
    b.attr("#zj-save-status", "data-save-ms")
        .await
        .parse()
        .unwrap_or(f64::NAN)
}

/// Waits until the snapshot is compacted (the journal is empty again).
async fn compacted(b: &Browser) {
    b.wait_for_secs(
        "document.querySelector('#zj-save-status').getAttribute('data-journal-entries') === '0'",
        300,
    )
    .await;
}

async fn attr_f64(b: &Browser, name: &str) -> f64 {
    b.attr("#zj-save-status", name)
        .await
        .parse()
        .unwrap_or(f64::NAN)
}

async fn saves(b: &Browser) -> u64 {
    b.attr("#zj-save-status", "data-saves")
        .await
        .parse()
        .unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// 1,000 actions in a row on the sample school (a day on, then undo and redo, and so on),
/// with no pause, so nothing is compacted: the journal's size then.
async fn journal_after_actions(b: &Browser) -> (f64, f64) {
    b.open("index.html").await;
    b.eval("localStorage.clear(); return 1;").await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    let before = saves(b).await;
    b.eval(
        "const q = s => document.querySelector(s); \
         const tick = () => new Promise(r => setTimeout(r, 0)); \
         return (async () => { for (let i = 0; i < 1000; i++) { \
           if (i % 3 === 0) q('#zj-plus-day').click(); else if (i % 3 === 1) q('#zj-undo').click(); else q('#zj-redo').click(); \
           await tick(); \
         } return 1; })();",
    )
    .await;
    b.wait_for_secs(
        &format!(
            "Number(document.querySelector('#zj-save-status').getAttribute('data-saves')) >= {}",
            before + 1000
        ),
        120,
    )
    .await;
    let chars = attr_f64(b, "data-journal-chars").await;
    let entries = attr_f64(b, "data-journal-entries").await;
    (chars, entries)
}

async fn run(b: &Browser, label: &str, members: usize) {
    b.open("index.html").await;
    b.eval("localStorage.clear(); return 1;").await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    let text: Value = b
        .eval("return fetch('big.json').then(r => r.text()).then(t => { window.__big = t; return t.length; });")
        .await;
    let json_bytes = text.as_u64().unwrap_or(0);
    // Start from a blank workspace, so the import replaces nothing and does not ask.
    b.set("#zj-start", "blank-2021").await;
    b.click("#zj-replace-confirm").await;
    b.wait_for("document.querySelector('#zj-edition').textContent.includes(' 0 名团员')")
        .await;
    let saved_before = saves(b).await;
    let import = timed(
        b,
        "const dt = new DataTransfer(); dt.items.add(new File([window.__big], 'big.json')); \
         const i = document.querySelector('#zj-import'); i.files = dt.files; \
         i.dispatchEvent(new Event('change', { bubbles: true }))",
        &format!("document.querySelector('#zj-edition').textContent.includes(' {members} 名团员') && document.querySelector('#zj-sx')"),
    )
    .await;
    settle(b, saved_before).await;
    // One approve: a member waiting for the out side.
    b.eval("document.querySelector('#zj-tab-members').click(); return 1;")
        .await;
    b.wait_for("document.querySelector('#zj-filter-state')")
        .await;
    b.set("#zj-filter-state", "out_approval").await;
    b.wait_for("document.querySelector('#zj-members tbody tr .zj-member-open')")
        .await;
    b.eval("document.querySelector('#zj-members tbody tr .zj-member-open').click(); return 1;")
        .await;
    b.wait_for("document.querySelector('#zj-member-panel .zj-application [data-action=approve]')")
        .await;
    let saved_before = saves(b).await;
    let approve = timed(
        b,
        "document.querySelector('#zj-member-panel .zj-application [data-action=approve]').click()",
        "document.querySelector('#zj-member-panel .zj-application').getAttribute('data-state') !== 'out_approval'",
    )
    .await;
    settle(b, saved_before).await;
    b.eval("document.querySelector('#zj-tab-metrics').click(); return 1;")
        .await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    // Clock steps with the metrics tab showing.
    let mut metrics_steps = Vec::new();
    let mut save_times = Vec::new();
    for _ in 0..RUNS {
        let saved_before = saves(b).await;
        let before = b.attr("#zj-clock", "data-date").await;
        metrics_steps.push(
            timed(
                b,
                "document.querySelector('#zj-plus-day').click()",
                &format!("document.querySelector('#zj-clock').getAttribute('data-date') !== '{before}' && document.querySelector('#zj-sx')"),
            )
            .await,
        );
        save_times.push(settle(b, saved_before).await);
    }
    // The same with the members table showing (all members: clear the state filter).
    b.eval("document.querySelector('#zj-tab-members').click(); return 1;")
        .await;
    b.wait_for("document.querySelector('#zj-filter-state')")
        .await;
    b.set("#zj-filter-state", "").await;
    b.wait_for("document.querySelector('#zj-members tbody tr')")
        .await;
    let mut table_steps = Vec::new();
    for _ in 0..RUNS {
        let saved_before = saves(b).await;
        let before = b.attr("#zj-clock", "data-date").await;
        table_steps.push(
            timed(
                b,
                "document.querySelector('#zj-plus-day').click()",
                &format!("document.querySelector('#zj-clock').getAttribute('data-date') !== '{before}' && document.querySelector('#zj-members tbody tr')"),
            )
            .await,
        );
        settle(b, saved_before).await;
    }
    // The chase list and the bulletin: opening the tab, then a clock step with it showing
    // (both recomputed from the whole workspace).
    let mut tab_steps = Vec::new();
    for (tab, shows) in [
        ("#zj-tab-chase", "#zj-chase-count"),
        ("#zj-tab-bulletin", ".zj-bulletin-frame"),
    ] {
        let at = b.attr("#zj-clock", "data-date").await;
        let open = timed(
            b,
            &format!("document.querySelector('{tab}').click()"),
            &format!("document.querySelector(\"{shows}[data-at='{at}']\")"),
        )
        .await;
        let mut steps = Vec::new();
        for _ in 0..RUNS {
            let saved_before = saves(b).await;
            let next = b
                .eval("const d = new Date(document.querySelector('#zj-clock').getAttribute('data-date') + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1); return d.toISOString().slice(0, 10);")
                .await;
            let next = next.as_str().unwrap_or_default().to_string();
            steps.push(
                timed(
                    b,
                    "document.querySelector('#zj-plus-day').click()",
                    &format!("document.querySelector(\"{shows}[data-at='{next}']\")"),
                )
                .await,
            );
            settle(b, saved_before).await;
        }
        tab_steps.push((open, median(steps)));
    }
    // The snapshot's compaction after the pause, in slices.
    compacted(b).await;
    let stored = attr_f64(b, "data-stored-chars").await;
    let saved_json = attr_f64(b, "data-json-bytes").await;
    let longest = attr_f64(b, "data-longest-ms").await;
    // The last write after the pause is the snapshot's storage write (its last step).
    let snapshot_write = attr_f64(b, "data-save-ms").await;
    let journal_line = median(save_times);
    // Reload: the autosave is read back (inflated and validated by the engine).
    b.open("about:blank").await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    let ready: f64 = b
        .attr("#app", "data-ready-at")
        .await
        .parse()
        .unwrap_or(f64::NAN);
    let kept = b
        .eval(&format!("return document.querySelector('#zj-edition').textContent.includes(' {members} 名团员');"))
        .await;
    println!("模拟器 · {members} 名团员 · {label}：");
    println!(
        "  导入 {:.1} MB 的工作区 JSON 到指标显示：{import:.0} 毫秒",
        json_bytes as f64 / 1_048_576.0
    );
    println!(
        "  时钟 +1 天（指标页重算并重绘）：中位数 {:.0} 毫秒（{RUNS} 次）",
        median(metrics_steps)
    );
    println!(
        "  时钟 +1 天（团员表重绘）：中位数 {:.0} 毫秒（{RUNS} 次）",
        median(table_steps)
    );
    println!("  一次审批通过：{approve:.0} 毫秒");
    for ((open, step), name) in tab_steps.iter().zip(["催办清单", "通报"]) {
        println!(
            "  {name}：打开 {open:.0} 毫秒；时钟 +1 天后重算并重绘：中位数 {step:.0} 毫秒（{RUNS} 次）"
        );
    }
    println!(
        "  保存：每个操作写一行日志，中位数 {journal_line:.1} 毫秒；快照 {:.2} M 字符（JSON {:.1} MB 压缩后），停顿后分片写入",
        stored / 1_000_000.0,
        saved_json / 1_048_576.0
    );
    println!("  保存造成的最长一次页面阻塞（日志写入或快照的一个分片，含导入后的快照）：{longest:.1} 毫秒；其中快照最后一步（写入本地存储）{snapshot_write:.1} 毫秒");
    println!(
        "  刷新后可交互（读回自动保存）：{ready:.0} 毫秒；工作区{}",
        if kept == Value::Bool(true) {
            "完整保留"
        } else {
            "没有保留！"
        }
    );
}

/// A synthetic roster of `n` rows: valid ID numbers, existing branch names of the sample.
fn roster_rows(n: usize) -> Vec<[String; 5]> {
    let branches = ["第1学院2022级1班团支部", "第1学院2022级2班团支部"];
    let plans = ["升学", "已就业", "未就业", "参军入伍"];
    (0..n)
        .map(|i| {
            // A real birth date (2004-01-01 plus i / 1000 days) and a serial, so all differ.
            let birth = chrono::NaiveDate::from_ymd_opt(2004, 1, 1).expect("date")
                + chrono::Days::new((i / 1000) as u64);
            let first17 = format!("990101{}{:03}", birth.format("%Y%m%d"), i % 1000);
            let first17 = first17.as_str();
            let check = zhuanjie_roster::values::check_char(first17).unwrap_or('0');
            [
                format!("测试{i}"),
                format!("{first17}{check}"),
                branches[i % 2].to_string(),
                plans[i % 4].to_string(),
                "2026-06".to_string(),
            ]
        })
        .collect()
}

const ROSTER_HEADERS: [&str; 5] = ["姓名", "身份证号", "所在团支部", "毕业去向", "毕业时间"];

/// Picking a 50,000-row file in the simulator: the time until the preview shows its counts.
async fn roster(b: &Browser, file: &str) -> (f64, String) {
    b.open("index.html").await;
    b.eval("localStorage.clear(); return 1;").await;
    b.open("simulator.html").await;
    b.wait_for("document.querySelector('#zj-sx')").await;
    b.eval(&format!(
        "return fetch('{file}').then(r => r.arrayBuffer()).then(a => {{ window.__roster = a; return a.byteLength; }});"
    ))
    .await;
    let ms = timed(
        b,
        &format!(
            "const dt = new DataTransfer(); dt.items.add(new File([window.__roster], '{file}')); \
             const i = document.querySelector('#zj-roster-file'); i.files = dt.files; \
             i.dispatchEvent(new Event('change', {{ bubbles: true }}))"
        ),
        "document.querySelector('#zj-roster-summary') || document.querySelector('#zj-roster-error')",
    )
    .await;
    let summary = b
        .eval("const e = document.querySelector('#zj-roster-summary') || document.querySelector('#zj-roster-error'); return e.textContent;")
        .await;
    (ms, summary.as_str().unwrap_or_default().to_string())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let root = std::env::temp_dir().join(format!("zj-simbench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&e2e::dist_dir(), &root);
    let ws = zhuanjie_core::synth::school(MEMBERS, zhuanjie_core::Edition::E2021, 7);
    std::fs::write(root.join("big.json"), ws.to_json()).expect("write big.json");
    let members = ws.members.len();
    // 50,000-row rosters as admins have them: .xlsx and a GBK CSV.
    let rows = roster_rows(50_000);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ROSTER_HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, v).expect("cell");
        }
    }
    std::fs::write(
        root.join("roster.xlsx"),
        book.save_to_buffer().expect("xlsx"),
    )
    .expect("write");
    let mut csv = ROSTER_HEADERS.join(",") + "\r\n";
    for row in &rows {
        csv.push_str(&row.join(","));
        csv.push_str("\r\n");
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    std::fs::write(root.join("roster.csv"), &gbk).expect("write");

    let b = Browser::start_with(&root).await;
    for (file, label) in [("roster.xlsx", ".xlsx"), ("roster.csv", "GBK CSV")] {
        let (ms, summary) = roster(&b, file).await;
        println!(
            "名单 · 50000 行 {label}：选中文件到显示预览 {ms:.0} 毫秒（{}）",
            summary.trim()
        );
    }
    run(&b, "不限速", members).await;
    let (chars, entries) = journal_after_actions(&b).await;
    println!(
        "操作日志 · 示例学校连续 1000 个操作（+1 天、撤销、重做交替，中间不停顿）：{entries:.0} 条，{:.1} 万字符（每条约 {:.0} 字符）",
        chars / 10_000.0,
        chars / entries.max(1.0)
    );
    if b.throttle_cpu(4.0).await {
        run(&b, "CPU 限速 4×", members).await;
        b.throttle_cpu(1.0).await;
    } else {
        println!("（浏览器不支持 CPU 限速，跳过 4× 的测量）");
    }
    b.close().await;
    let _ = std::fs::remove_dir_all(&root);
}
