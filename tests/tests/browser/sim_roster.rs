//! The simulator's roster round trip and the add-member form (issue 16), at the desktop and
//! the phone widths the other simulator tests use: the roster exported with masked ID
//! numbers imports back with no bad row and every member unchanged, the preview shows the
//! first rows as the engine's plan reads them and what an update changes, new branches
//! default under the school; a member added by hand is refused by the engine's own record
//! checks, said under the form.

use e2e::Browser;
use serde_json::Value;
use zhuanjie_core::checks::{id_number_problem, EXCEL_DIGITS_HINT};
use zhuanjie_core::codes::Situation;
use zhuanjie_core::Workspace;
use zhuanjie_roster::export::{csv, Cell, Sheet};
use zhuanjie_roster::{auto_map, default_parent, plan_import, read_table, ImportPlan};

use crate::simulator::{
    fresh, id_number, pick_file, saved_since, saves, workspace, wrong_check_digit,
};

/// The two widths, by name (for the screenshots).
async fn at_width(b: &Browser, phone: bool) -> &'static str {
    if phone {
        b.phone().await;
        "phone"
    } else {
        b.desktop().await;
        "desktop"
    }
}

/// The roster the metrics tab's "团员名单 CSV" button offers: its file name and its bytes
/// exactly as downloaded (the download is intercepted).
async fn exported_roster(b: &Browser) -> (String, Vec<u8>) {
    b.click("#zj-tab-metrics").await;
    b.wait_for("document.querySelector('#zj-export-roster')")
        .await;
    b.catch_downloads().await;
    b.click("#zj-export-roster").await;
    b.caught_download().await
}

/// The engine's plan for `bytes` into `ws`, as the page makes it for a first import (the
/// automatic mapping, new branches under the default parent).
fn engine_plan(ws: &Workspace, name: &str, bytes: &[u8]) -> ImportPlan {
    let table = read_table(name, bytes, None, None).expect("the export reads back");
    plan_import(
        ws,
        &table,
        &auto_map(&table.headers),
        default_parent(ws).as_deref(),
    )
}

fn field_code(f: zhuanjie_roster::Field) -> String {
    serde_json::to_value(f)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The preview's "前 N 行" table shows each sample row of the plan, field by field.
async fn sample_is_the_plans(b: &Browser, plan: &ImportPlan) {
    assert_eq!(plan.sample_rows.len(), 3);
    let shown = b
        .eval("return document.querySelectorAll('#zj-roster-sample tbody tr').length;")
        .await;
    assert_eq!(shown, Value::from(3), "three rows as read");
    for r in &plan.sample_rows {
        let row = format!("#zj-roster-sample tr[data-row='{}']", r.row);
        assert_eq!(b.attr(&row, "data-outcome").await, r.outcome, "{row}");
        for v in &r.values {
            let cell = format!("{row} td[data-field='{}']", field_code(v.field));
            assert_eq!(b.text(&cell).await, v.value, "{cell}");
        }
    }
    let head = b.text("#zj-roster-sample thead").await;
    for label in [
        "姓名",
        "身份证号",
        "学号",
        "所在团支部",
        "出生日期",
        "毕业去向",
    ] {
        assert!(head.contains(label), "{head}");
    }
}

async fn summary_counts(b: &Browser) -> [String; 4] {
    let mut out: [String; 4] = Default::default();
    for (slot, name) in
        out.iter_mut()
            .zip(["data-added", "data-updated", "data-unchanged", "data-bad"])
    {
        *slot = b.attr("#zj-roster-summary", name).await;
    }
    out
}

/// Export the sample's roster (ID numbers masked), import it back: nothing to do, every
/// member unchanged. Then the same file with one member's 毕业去向 changed: one update,
/// shown as old → new, applied as one step; the member count and every full ID number stay.
#[tokio::test(flavor = "current_thread")]
async fn the_exported_roster_imports_back() {
    let b = Browser::start().await;
    for phone in [false, true] {
        let width = at_width(&b, phone).await;
        fresh(&b).await;
        let edition = b.text("#zj-edition").await;
        assert!(edition.contains("67 名团员"), "{edition}");
        let ws = workspace(&b).await;
        let members = ws.members.len();

        let (name, bytes) = exported_roster(&b).await;
        assert!(
            name.starts_with("团员名单-") && name.ends_with(".csv"),
            "{name}"
        );
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        assert!(text.contains("****"), "ID numbers are masked by default");
        let full = ws.members[0].id_number.clone().expect("a full number");
        assert!(!text.contains(&full), "no full number in the export");

        pick_file(&b, &name, &bytes).await;
        b.wait_for("document.querySelector('#zj-roster-summary')")
            .await;
        assert_eq!(
            summary_counts(&b).await,
            [0, 0, members, 0].map(|n| n.to_string()),
            "{}",
            b.text("#zj-roster-preview").await
        );
        assert!(
            b.eval("return !document.querySelector('#zj-roster-bad');")
                .await
                == Value::Bool(true),
            "no bad rows listed"
        );
        // New branches would go under the school, not the province above it.
        assert_eq!(
            b.eval("return document.querySelector('#zj-roster-parent').value;")
                .await,
            Value::from("U")
        );
        let plan = engine_plan(&ws, &name, &bytes);
        assert_eq!(plan.unchanged, members);
        sample_is_the_plans(&b, &plan).await;
        let first_id = b
            .text("#zj-roster-sample tr[data-row='2'] td[data-field='id_number']")
            .await;
        assert!(
            first_id.starts_with(&zhuanjie_core::workspace::mask_id_number(&full)),
            "{first_id}"
        );
        assert_eq!(
            b.attr("#zj-roster-confirm", "disabled").await,
            "",
            "nothing to import: the button is disabled"
        );
        b.eval("document.querySelector('#zj-roster-preview').scrollIntoView(); return 1;")
            .await;
        if phone {
            assert!(b.fits_width().await, "the preview fits a phone");
        }
        b.screenshot(&format!("sim-roster-reimport-{width}")).await;
        b.click("#zj-roster-cancel").await;
        b.wait_for("!document.querySelector('#zj-roster-preview')")
            .await;

        // The same file, the first member's 毕业去向 changed (written back as the export
        // writes CSV).
        let table = read_table(&name, &bytes, None, None).unwrap();
        let plan_col = table
            .headers
            .iter()
            .position(|h| h == "毕业去向")
            .expect("a 毕业去向 column");
        let was = ws.members[0].plan;
        let now = if was == Some(Situation::Military) {
            Situation::Employed
        } else {
            Situation::Military
        };
        let sheet = Sheet {
            name: "花名册".into(),
            headers: table.headers.clone(),
            rows: table
                .rows
                .iter()
                .enumerate()
                .map(|(i, (_, cells))| {
                    cells
                        .iter()
                        .enumerate()
                        .map(|(c, text)| {
                            Cell::Text(if i == 0 && c == plan_col {
                                now.label().to_string()
                            } else {
                                text.clone()
                            })
                        })
                        .collect()
                })
                .collect(),
        };
        let edited = csv(&sheet).into_bytes();
        let plan = engine_plan(&ws, &name, &edited);
        assert_eq!((plan.added, plan.updated, plan.bad_rows.len()), (0, 1, 0));
        pick_file(&b, &name, &edited).await;
        b.wait_for(
            "document.querySelector('#zj-roster-summary') \
             && document.querySelector('#zj-roster-summary').getAttribute('data-updated') === '1'",
        )
        .await;
        assert_eq!(
            summary_counts(&b).await,
            [0, 1, members - 1, 0].map(|n| n.to_string())
        );
        let change = b.text("#zj-roster-changes li[data-row='2']").await;
        let expected = format!(
            "毕业去向：{} → {}",
            was.map_or("（空）", |p| p.label()),
            now.label()
        );
        assert!(
            change.contains(&expected) && change.contains(&ws.members[0].name),
            "{change} ≠ {expected}"
        );
        sample_is_the_plans(&b, &plan).await;
        let before_save = saves(&b).await;
        b.click("#zj-roster-confirm").await;
        b.wait_for("!document.querySelector('#zj-roster-preview')")
            .await;
        saved_since(&b, before_save).await;
        assert_eq!(
            b.text("#zj-edition").await,
            edition,
            "the member count stays"
        );
        let after = workspace(&b).await;
        let mut expected_members = ws.members.clone();
        expected_members[0].plan = Some(now);
        assert_eq!(
            after.members, expected_members,
            "one plan changed; every full ID number kept"
        );
    }
    b.close().await;
}

/// The add-member form: a wrong check digit and Excel's scientific notation are refused by
/// the engine's own check, said right under the form; a good number adds the member under
/// the 学号 typed; the same 学号 again is refused there too.
#[tokio::test(flavor = "current_thread")]
async fn a_member_added_by_hand_is_checked_as_an_imported_one() {
    let b = Browser::start().await;
    for (phone, no) in [(false, "20269001"), (true, "20269002")] {
        let width = at_width(&b, phone).await;
        fresh(&b).await;
        b.click("#zj-tab-members").await;
        b.click("details.zj-add-member summary").await;
        b.wait_for("document.querySelector('details.zj-add-member').open")
            .await;
        // The status line is part of the form, right under the 新增 button.
        assert_eq!(
            b.eval(
                "const s = document.querySelector('#zj-feedback-add-member'); \
                 return !!s && document.querySelector('#zj-new-add').closest('details').contains(s) \
                   && s.getAttribute('aria-live') === 'polite';"
            )
            .await,
            Value::Bool(true)
        );
        let name = "测试手工";
        b.set("#zj-new-name", name).await;
        b.set("#zj-new-no", no).await;
        b.set("#zj-new-branch", "U-C000-T0-B0").await;

        let wrong = wrong_check_digit(&id_number(905));
        b.set("#zj-new-idn", &wrong).await;
        b.click("#zj-new-add").await;
        b.wait_for("document.querySelector('#zj-feedback-add-member [role=alert]') !== null")
            .await;
        let said = b.text("#zj-feedback-add-member").await;
        let problem = id_number_problem(&wrong).expect("a wrong check digit");
        assert!(
            said.contains(&format!("团员「{name}」：{problem}")),
            "{said}"
        );

        for notation in ["1.10105E+17", "9.90101e17"] {
            b.set("#zj-new-idn", notation).await;
            b.click("#zj-new-add").await;
            b.wait_for(&format!(
                "document.querySelector('#zj-feedback-add-member').textContent.includes({})",
                Value::from(notation.to_uppercase())
            ))
            .await;
            let said = b.text("#zj-feedback-add-member").await;
            assert!(
                said.contains("科学计数法") && said.contains(EXCEL_DIGITS_HINT),
                "{said}"
            );
        }
        b.eval("document.querySelector('#zj-feedback-add-member').scrollIntoView(); return 1;")
            .await;
        if phone {
            assert!(b.fits_width().await, "the form fits a phone");
        }
        b.screenshot(&format!("sim-add-member-refused-{width}"))
            .await;
        assert!(b.text("#zj-edition").await.contains("67 名团员"));

        // A good number: added under the 学号 typed, with the full number stored.
        let good = id_number(906);
        b.set("#zj-new-idn", &good).await;
        b.click("#zj-new-add").await;
        b.wait_for("document.querySelector('#zj-edition').textContent.includes('68 名团员')")
            .await;
        assert!(b
            .text("#zj-feedback-add-member .zj-ok")
            .await
            .contains(name));
        let ws = workspace(&b).await;
        let added = ws.member(no).expect("the 学号 is the member's id");
        assert_eq!(added.id_number.as_deref(), Some(good.as_str()));
        assert_eq!(added.org, "U-C000-T0-B0");

        // The same 学号 again.
        b.set("#zj-new-name", "测试重复").await;
        b.set("#zj-new-no", no).await;
        b.set("#zj-new-idn", &id_number(907)).await;
        b.click("#zj-new-add").await;
        b.wait_for("document.querySelector('#zj-feedback-add-member [role=alert]') !== null")
            .await;
        let said = b.text("#zj-feedback-add-member").await;
        assert!(said.contains(&format!("学号「{no}」已被")), "{said}");
        assert!(b.text("#zj-edition").await.contains("68 名团员"));
    }
    b.close().await;
}

/// A branch export as 智慧团建 gives it: an optional title row, the national headers, the
/// rows `(name, serial, 发展团员编号)`, and optionally a totals footer.
fn branch_export(title: Option<&str>, rows: &[(&str, u32, &str)], footer: bool) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut r = 0u32;
    if let Some(t) = title {
        sheet.write_string(r, 0, t).unwrap();
        r += 1;
    }
    let header = [
        "序号",
        "姓名",
        "身份证号码",
        "发展团员编号",
        "政治面貌",
        "入团年月",
        "手机号码",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(r, c as u16, *h).unwrap();
    }
    for (n, (name, serial, no)) in rows.iter().enumerate() {
        r += 1;
        let cells = [
            (n + 1).to_string(),
            name.to_string(),
            id_number(*serial),
            no.to_string(),
            "共青团员".to_string(),
            "2020-05".to_string(),
            String::new(),
        ];
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(r, c as u16, v).unwrap();
        }
    }
    if footer {
        sheet.write_string(r + 1, 0, "合计").unwrap();
        sheet
            .write_string(r + 1, 1, format!("{} 人", rows.len()))
            .unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// Three branch exports picked at once, as 智慧团建 gives them (one workbook per 团支部):
/// the first named by its file name (a branch the workspace has), the second by its title
/// row (a new branch, with a 合计 footer), the third by neither, so the admin types its
/// branch in the preview. One preview, one confirm, kept across a reload right after,
/// and one undo takes all three back.
#[tokio::test(flavor = "current_thread")]
async fn three_branch_files_picked_at_once_are_one_step() {
    let b = Browser::start().await;
    for phone in [false, true] {
        let width = at_width(&b, phone).await;
        fresh(&b).await;
        let members = workspace(&b).await.members.len();
        let first = branch_export(
            None,
            &[("测试戊", 961, "T9001"), ("测试己", 962, "T9002")],
            false,
        );
        let second = branch_export(
            Some("测试新建团支部团员信息"),
            &[("测试庚", 963, "T9003"), ("测试辛", 964, "T9004")],
            true,
        );
        let third = branch_export(None, &[("测试壬", 965, "T9005")], false);
        super::simulator::pick_files(
            &b,
            &[
                ("第1学院2022级1班团支部.xlsx", &first),
                ("团员信息导出(1).xlsx", &second),
                ("名单.xlsx", &third),
            ],
        )
        .await;
        b.wait_for("document.querySelector('#zj-roster-files') && document.querySelectorAll('#zj-roster-files tbody tr').length === 3")
            .await;
        let row = |i: usize| format!("#zj-roster-files tr[data-file='{i}']");
        assert!(b.text(&row(0)).await.contains("取自文件名（已有）"));
        let second_row = b.text(&row(1)).await;
        assert!(
            second_row.contains("取自标题行（将新建）")
                && second_row.contains("第 5 行是合计行，不导入"),
            "{second_row}"
        );
        assert!(b.text(&row(2)).await.contains("请填写这个文件的团支部"));
        assert_eq!(
            summary_counts(&b).await,
            ["4", "0", "0", "1"].map(String::from),
            "{}",
            b.text("#zj-roster-preview").await
        );
        let bad = b.text("#zj-roster-bad").await;
        assert!(
            bad.contains("文件「名单.xlsx」") && bad.contains("请在预览中填写这个文件的团支部"),
            "{bad}"
        );
        // The national headers: known, and the ones a transfer does not need say so.
        let columns = b.text("#zj-roster-columns").await;
        assert!(columns.contains("转接不看入团时间"), "{columns}");
        assert_eq!(
            b.eval("return document.querySelectorAll('#zj-roster-columns tr.zj-unmapped').length;")
                .await,
            Value::from(0)
        );

        // The admin names the third file's branch: every row imports.
        b.set(
            ".zj-roster-file-branch[data-file='2']",
            "第1学院2022级2班团支部",
        )
        .await;
        b.wait_for(
            "document.querySelector('#zj-roster-summary').getAttribute('data-added') === '5'",
        )
        .await;
        assert_eq!(b.attr("#zj-roster-summary", "data-bad").await, "0");
        assert!(b.text(&row(2)).await.contains("已修改（已有）"));
        b.eval("document.querySelector('#zj-roster-files').scrollIntoView(); return 1;")
            .await;
        if phone {
            assert!(b.fits_width().await, "the preview fits a phone");
        }
        b.assert_no_program_text("三个文件的导入预览").await;
        b.screenshot(&format!("sim-roster-three-files-{width}"))
            .await;

        let before = saves(&b).await;
        b.click("#zj-roster-confirm").await;
        b.wait_for(&format!(
            "document.querySelector('#zj-edition').textContent.includes('{} 名团员')",
            members + 5
        ))
        .await;
        saved_since(&b, before).await;
        // A reload right after: the import is kept.
        b.open("simulator.html").await;
        b.wait_for("document.querySelector('#zj-sx')").await;
        let ws = workspace(&b).await;
        assert_eq!(ws.members.len(), members + 5);
        let branch_name = |id: &str| {
            let m = ws.members.iter().find(|m| m.id == id).expect(id);
            ws.org(&m.org).map(|o| o.name.clone()).unwrap_or_default()
        };
        assert_eq!(branch_name("T9001"), "第1学院2022级1班团支部");
        assert_eq!(branch_name("T9003"), "测试新建团支部");
        assert_eq!(branch_name("T9005"), "第1学院2022级2班团支部");
        // One undo takes the three files back, the new branch too.
        let before = saves(&b).await;
        b.click("#zj-undo").await;
        saved_since(&b, before).await;
        let ws = workspace(&b).await;
        assert_eq!(ws.members.len(), members);
        assert!(!ws.orgs.iter().any(|o| o.name == "测试新建团支部"));

        // A file that is no spreadsheet among them: named, and the others still previewed.
        super::simulator::pick_files(
            &b,
            &[
                ("第1学院2022级1班团支部.xlsx", &first),
                ("坏文件.xlsx", b"PK\x03\x04 not a workbook"),
            ],
        )
        .await;
        b.wait_for("document.querySelector('#zj-roster-error') && document.querySelector('#zj-roster-preview')")
            .await;
        let error = b.text("#zj-roster-error").await;
        assert!(
            error.contains("坏文件.xlsx") && error.contains("其余文件见下面的预览"),
            "{error}"
        );
        assert_eq!(b.attr("#zj-roster-summary", "data-added").await, "2");
        b.click("#zj-roster-cancel").await;
        b.wait_for("!document.querySelector('#zj-roster-preview') && !document.querySelector('#zj-roster-error')")
            .await;
    }
    b.close().await;
}
