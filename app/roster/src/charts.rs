//! Charts as SVG text, shared by the simulator's metrics tab and the bulletin (通报) the CLI
//! writes: the child orgs' SX and XS as bars, and the completion curve over the season with
//! the calendar's milestones marked and the legend under the plot.

use zhuanjie_core::season::{ChildRow, CurvePoint};

/// Text for SVG or HTML.
pub fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Horizontal bars: each child org's SX and XS.
pub fn bar_chart(rows: &[ChildRow]) -> String {
    let row_h = 34.0;
    let label_w = 170.0;
    let width = 640.0;
    let plot_w = width - label_w - 60.0;
    let height = rows.len() as f64 * row_h + 30.0;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"下级组织的 SX 与 XS\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, r) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let name: String = r.name.chars().take(11).collect();
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"13\" fill=\"#1f2328\">{}</text>",
            y + 18.0,
            xml(&name)
        ));
        for (k, (rate, color)) in [(&r.sx, "#0b57a4"), (&r.xs, "#b3261e")]
            .into_iter()
            .enumerate()
        {
            let by = y + k as f64 * 14.0 + 2.0;
            let value = rate.rate.unwrap_or(0.0);
            svg.push_str(&format!(
                "<rect x=\"{label_w}\" y=\"{by}\" width=\"{:.1}\" height=\"11\" fill=\"{color}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"13\" fill=\"#5c6570\">{}</text>",
                plot_w * value,
                label_w + plot_w * value + 4.0,
                by + 10.0,
                xml(&rate.percent())
            ));
        }
    }
    let legend_y = height - 8.0;
    svg.push_str(&format!(
        "<rect x=\"{label_w}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#0b57a4\"/><text x=\"{}\" y=\"{legend_y}\" font-size=\"14\" fill=\"#1f2328\">SX</text><rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#b3261e\"/><text x=\"{}\" y=\"{legend_y}\" font-size=\"14\" fill=\"#1f2328\">XS</text></svg>",
        legend_y - 9.0,
        label_w + 14.0,
        label_w + 50.0,
        legend_y - 9.0,
        label_w + 64.0,
    ));
    svg
}

/// SX and XS per day, 0–100 %, with each milestone inside the range as a dashed line and
/// its date, and the legend (SX, XS, 时间节点) under the plot, outside it.
pub fn curve_chart(points: &[CurvePoint], milestones: &[(chrono::NaiveDate, String)]) -> String {
    let (width, height, left, bottom, top) = (640.0, 262.0, 44.0, 50.0, 10.0);
    let plot_w = width - left - 10.0;
    let plot_h = height - bottom - top;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"SX 与 XS 的完成曲线\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for pct in [0, 25, 50, 75, 100] {
        let y = top + plot_h * (1.0 - f64::from(pct) / 100.0);
        svg.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#d9dde3\"/><text x=\"0\" y=\"{:.1}\" font-size=\"13\" fill=\"#5c6570\">{pct}%</text>",
            width - 10.0,
            y + 4.0
        ));
    }
    let n = points.len();
    let axis_y = top + plot_h + 16.0;
    if n > 0 {
        let x = |i: usize| left + plot_w * (i as f64) / ((n.max(2) - 1) as f64);
        let first = points[0].date;
        let last = points[n - 1].date;
        // Milestones: a dashed line at the day, its date above the plot's bottom.
        for (day, label) in milestones.iter().filter(|(d, _)| *d >= first && *d <= last) {
            let i = (*day - first).num_days() as usize;
            let mx = x(i.min(n - 1));
            // The date at the top of the plot, beside the line (the axis's own labels keep
            // the bottom), turned to the line's left near the right edge.
            let (tx, anchor) = if mx > width - 80.0 {
                (mx - 3.0, "end")
            } else {
                (mx + 3.0, "start")
            };
            svg.push_str(&format!(
                "<line x1=\"{mx:.1}\" y1=\"{top}\" x2=\"{mx:.1}\" y2=\"{:.1}\" stroke=\"#8a939d\" stroke-dasharray=\"4 3\"><title>{}</title></line><text x=\"{tx:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#5c6570\" text-anchor=\"{anchor}\">{}</text>",
                top + plot_h,
                xml(&format!("{}：{}", month_day(*day), label)),
                top + 13.0,
                month_day(*day)
            ));
        }
        for (color, pick) in [
            (
                "#0b57a4",
                (|p: &CurvePoint| p.sx.rate) as fn(&CurvePoint) -> Option<f64>,
            ),
            ("#b3261e", |p: &CurvePoint| p.xs.rate),
        ] {
            let path: Vec<String> = points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let v = pick(p).unwrap_or(0.0);
                    format!("{:.1},{:.1}", x(i), top + plot_h * (1.0 - v))
                })
                .collect();
            svg.push_str(&format!(
                "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
                path.join(" ")
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{left}\" y=\"{axis_y}\" font-size=\"13\" fill=\"#5c6570\">{}</text><text x=\"{}\" y=\"{axis_y}\" font-size=\"13\" fill=\"#5c6570\" text-anchor=\"end\">{}</text>",
            month_day(first),
            width - 10.0,
            month_day(last)
        ));
    }
    // The legend, under the plot.
    let ly = height - 8.0;
    svg.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\" stroke=\"#0b57a4\" stroke-width=\"3\"/><text x=\"{2}\" y=\"{ly}\" font-size=\"13\" fill=\"#1f2328\">SX 升学衔接率</text>\
         <line x1=\"{3}\" y1=\"{0:.1}\" x2=\"{4}\" y2=\"{0:.1}\" stroke=\"#b3261e\" stroke-width=\"3\"/><text x=\"{5}\" y=\"{ly}\" font-size=\"13\" fill=\"#1f2328\">XS 学社衔接率</text>\
         <line x1=\"{6}\" y1=\"{0:.1}\" x2=\"{7}\" y2=\"{0:.1}\" stroke=\"#8a939d\" stroke-dasharray=\"4 3\"/><text x=\"{8}\" y=\"{ly}\" font-size=\"13\" fill=\"#1f2328\">时间节点</text>",
        ly - 4.0,
        left + 20.0,
        left + 26.0,
        left + 140.0,
        left + 160.0,
        left + 166.0,
        left + 280.0,
        left + 300.0,
        left + 306.0,
    ));
    svg.push_str("</svg>");
    svg
}

/// `7月1日`: the chart's axis is within one season.
fn month_day(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}月{}日", d.month(), d.day())
}
