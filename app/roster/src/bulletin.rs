//! The bulletin (通报) as files: one HTML body the simulator shows and prints and the CLI
//! wraps into a standalone page a committee can mail (its own A4 print stylesheet), and the
//! same figures as a workbook. The figures and the text are the engine's
//! (`zhuanjie_core::bulletin`); this module only lays them out.

use zhuanjie_core::bulletin::{self, Bulletin, UnitRow};
use zhuanjie_core::dates::chinese_date;
use zhuanjie_core::metrics::{Rate, Side};

use crate::charts::{curve_chart, xml};
use crate::export::{Cell, Sheet};

fn rate_cell(r: &Rate) -> String {
    format!("{}（{}/{}）", r.percent(), r.completed, r.denominator())
}

fn gain(n: Option<i64>) -> String {
    n.map(|n| format!("{n:+}")).unwrap_or_default()
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Sx => "SX",
        Side::Xs => "XS",
    }
}

/// The bulletin's content as an HTML fragment (`<article class="zj-bulletin">`).
pub fn bulletin_body(b: &Bulletin) -> String {
    let mut h = String::new();
    let since = b.change.as_ref().map(|c| chinese_date(c.since));
    h.push_str("<article class=\"zj-bulletin\">");
    h.push_str(&format!(
        "<h1>{}团组织关系转接进度通报</h1><p class=\"zj-bulletin-meta\">数据截至 {}{}</p>",
        xml(&b.region_name),
        chinese_date(b.at),
        since
            .as_ref()
            .map(|s| format!("，与 {s} 对比"))
            .unwrap_or_default()
    ));
    h.push_str(&format!(
        "<p class=\"zj-bulletin-summary\">{}</p>",
        xml(&bulletin::summary(b))
    ));
    // The two rates.
    h.push_str("<table class=\"zj-bulletin-table\"><thead><tr><th>指标</th><th>完成率（已完成/应转）</th><th>本区域</th><th>转入</th>");
    if b.target.is_some() {
        h.push_str("<th>目标</th>");
    }
    if let Some(s) = &since {
        h.push_str(&format!("<th>较 {s}</th>"));
    }
    h.push_str("</tr></thead><tbody>");
    for (name, r, change) in [
        (
            "升学衔接率 SX",
            &b.sx,
            b.change.as_ref().map(|c| (c.sx_completed, c.sx_points)),
        ),
        (
            "学社衔接率 XS",
            &b.xs,
            b.change.as_ref().map(|c| (c.xs_completed, c.xs_points)),
        ),
    ] {
        h.push_str(&format!(
            "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{}</td>",
            rate_cell(r),
            r.own,
            r.incoming
        ));
        if let Some(t) = b.target {
            h.push_str(&format!("<td>{:.1}%</td>", t * 100.0));
        }
        if let Some((n, p)) = change {
            let p = p.map(|p| format!("，{p:+.1} 个百分点")).unwrap_or_default();
            h.push_str(&format!("<td>新完成 {n} 人{p}</td>"));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    // The units, lowest first.
    let side = side_name(b.rank_by);
    h.push_str(&format!(
        "<h2>各单位（按 {side} 从低到高）</h2><table class=\"zj-bulletin-table\"><thead><tr><th>名次</th><th>单位</th><th>SX</th><th>XS</th><th>未完成</th><th>未发起</th>"
    ));
    if let Some(s) = &since {
        h.push_str(&format!("<th>较 {s} 新完成（SX / XS）</th>"));
    }
    h.push_str("</tr></thead><tbody>");
    let lowest = b.lowest.len();
    for (i, u) in b.units.iter().enumerate() {
        let mark = if i < lowest {
            " class=\"zj-lowest\""
        } else {
            ""
        };
        h.push_str(&format!(
            "<tr{mark}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            i + 1,
            xml(&u.name),
            rate_cell(&u.sx),
            rate_cell(&u.xs),
            u.missing,
            u.not_started
        ));
        if since.is_some() {
            h.push_str(&format!(
                "<td>{} / {}</td>",
                gain(u.sx_completed_since),
                gain(u.xs_completed_since)
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    if !b.most_not_started.is_empty() {
        h.push_str("<h2>未发起人数最多的单位</h2><table class=\"zj-bulletin-table\"><thead><tr><th>单位</th><th>未发起</th><th>未完成</th></tr></thead><tbody>");
        for u in &b.most_not_started {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                xml(&u.name),
                u.not_started,
                u.missing
            ));
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("<h2>完成曲线</h2><figure class=\"zj-bulletin-curve\">");
    h.push_str(&curve_chart(&b.curve, &b.milestones));
    if !b.milestones.is_empty() {
        h.push_str("<figcaption><ul>");
        for (d, label) in &b.milestones {
            h.push_str(&format!("<li>{}：{}</li>", chinese_date(*d), xml(label)));
        }
        h.push_str("</ul></figcaption>");
    }
    h.push_str("</figure><p class=\"zj-bulletin-foot\">SX、XS 的口径：毕业生按转接原因分为升学与其他去向两类，保留在本校流动团员团支部的算作未完成，从未发起的计入 XS（团中央指引 5.2）。本通报由工作区数据按日期推算生成。</p></article>");
    h
}

/// The print and screen style of the bulletin, A4 portrait (a named page, so a page that
/// links it prints only the bulletin on A4). The site serves this file to the simulator.
pub const BULLETIN_CSS: &str = include_str!("../assets/bulletin.css");

/// A standalone HTML page of the bulletin, to mail or print.
pub fn bulletin_html(b: &Bulletin) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}团组织关系转接进度通报（{}）</title><style>{BULLETIN_CSS}</style></head><body>{}</body></html>\n",
        xml(&b.region_name),
        chinese_date(b.at),
        bulletin_body(b)
    )
}

fn unit_row(i: usize, u: &UnitRow) -> Vec<Cell> {
    let rate = |r: &Rate| {
        r.rate.map_or(Cell::Text(String::new()), |x| {
            Cell::Number((x * 1000.0).round() / 10.0)
        })
    };
    vec![
        Cell::Number((i + 1) as f64),
        u.org.as_str().into(),
        u.name.as_str().into(),
        rate(&u.sx),
        u.sx.completed.into(),
        u.sx.denominator().into(),
        rate(&u.xs),
        u.xs.completed.into(),
        u.xs.denominator().into(),
        u.missing.into(),
        u.not_started.into(),
        gain(u.sx_completed_since).into(),
        gain(u.xs_completed_since).into(),
    ]
}

/// The bulletin as a workbook: 概况 (the summary and the two rates) and 各单位 (the ranking).
pub fn bulletin_sheets(b: &Bulletin) -> Vec<Sheet> {
    let texts = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut overview = vec![
        vec![Cell::from("区域"), b.region_name.as_str().into()],
        vec![Cell::from("数据截至"), b.at.to_string().into()],
        vec![Cell::from("通报"), bulletin::summary(b).into()],
    ];
    for (name, r) in [("升学衔接率 SX", &b.sx), ("学社衔接率 XS", &b.xs)] {
        overview.push(vec![
            Cell::from(name),
            r.percent().into(),
            r.completed.into(),
            r.denominator().into(),
        ]);
    }
    if let Some(c) = &b.change {
        overview.push(vec![
            Cell::from("对比日期"),
            c.since.to_string().into(),
            format!("SX 新完成 {}", c.sx_completed).into(),
            format!("XS 新完成 {}", c.xs_completed).into(),
        ]);
    }
    vec![
        Sheet {
            name: "概况".into(),
            headers: texts(&["项目", "内容", "已完成", "应转"]),
            rows: overview,
        },
        Sheet {
            name: "各单位".into(),
            headers: texts(&[
                "名次",
                "组织编号",
                "单位",
                "SX（%）",
                "SX 已完成",
                "SX 应转",
                "XS（%）",
                "XS 已完成",
                "XS 应转",
                "未完成",
                "未发起",
                "SX 新完成",
                "XS 新完成",
            ]),
            rows: b
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| unit_row(i, u))
                .collect(),
        },
    ]
}
