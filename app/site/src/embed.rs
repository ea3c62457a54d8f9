//! Engine tables embedded in guide pages, so a page can never disagree with the checker.
//!
//! A paragraph that is exactly one directive is replaced by a block built from the engine:
//!
//! - `{{outcome ID}}`, `{{outcome ID 2021}}`, `{{outcome ID 2019}}`: the outcome row `ID` of
//!   `zhuanjie_core::rules::OUTCOMES` as [`rules::base_outcome`] states it (no cross-cutting
//!   modifiers): title with the edition, 转接原因, 转入组织 and its alternatives, 不能这样做,
//!   审批顺序, 要填写, 注意 (with links to the readings page), 依据, and a link to the
//!   checker. Without an edition: the row's own edition, or 2021 for a row of both editions
//!   (badged “两版相同” when the 2019 block would read the same).
//! - `{{edition-differences}}`: how the two editions differ, all read from the engine: the
//!   rules with a row for each edition (title, reason, destination), the reason labels that
//!   differ, the timer, and withdrawing an application to 北京/广东/福建.
//!
//! An unknown id, a row of the other edition or a malformed directive is a build error at
//! the directive's `file:line`. The block's text goes into the search index with the rest of
//! its section.

use super::layout::esc;
use zhuanjie_core::calendar::Edition;
use zhuanjie_core::codes::Reason;
use zhuanjie_core::rules::{self, Effect, Outcome, OutcomeDef, Withdrawal};

/// A directive as written in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    Outcome {
        id: String,
        edition: Option<Edition>,
    },
    EditionDifferences,
}

/// Whether a text looks like a directive (used to refuse one that is not alone in its
/// paragraph, which would otherwise show up as literal braces).
pub fn mentions_directive(text: &str) -> bool {
    text.contains("{{outcome") || text.contains("{{edition-differences")
}

/// A paragraph's source text → its directive. `None`: not a directive (no `{{…}}` around
/// it); `Err`: written like one but wrong, with the message to show.
pub fn parse(text: &str) -> Option<Result<Directive, String>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    let words: Vec<&str> = inner.split_whitespace().collect();
    Some(match words.as_slice() {
        ["outcome", id] => Ok(Directive::Outcome {
            id: id.to_string(),
            edition: None,
        }),
        ["outcome", id, edition] => match Edition::from_code(edition) {
            Some(e) => Ok(Directive::Outcome {
                id: id.to_string(),
                edition: Some(e),
            }),
            None => Err(format!(
                "指令 {{{{{inner}}}}} 的版本「{edition}」无效：只能写 2021 或 2019"
            )),
        },
        ["outcome"] => Err("指令 {{outcome}} 缺少结果 id，应写作 {{outcome ID}}".into()),
        ["edition-differences"] => Ok(Directive::EditionDifferences),
        _ => Err(format!(
            "无法识别的指令 {{{{{inner}}}}}：可用 {{{{outcome ID}}}}、{{{{outcome ID 2021}}}}、{{{{outcome ID 2019}}}}、{{{{edition-differences}}}}"
        )),
    })
}

/// The HTML that replaces a directive, and its plain text for the search index.
#[derive(Debug, Default)]
pub struct Block {
    pub html: String,
    pub text: String,
}

impl Block {
    fn html(&mut self, s: &str) {
        self.html.push_str(s);
    }
    /// Escaped into the HTML and kept for search; citations name their documents in words.
    fn text(&mut self, s: &str) {
        let s = zhuanjie_core::sources::readable(s);
        self.html.push_str(&esc(&s));
        self.text.push_str(&s);
        self.text.push(' ');
    }
}

/// Where a block is put: its heading level (one below the section it sits in), its id, and
/// how it writes a link to a site page (`readings.html#x`, `checker.html`: relative to the
/// page, or into the print page, and checked like any other link).
pub struct Place<'a> {
    pub level: u8,
    pub id: &'a str,
    pub link: &'a mut dyn FnMut(&str) -> String,
}

/// The edition a directive shows: the one it names, else the row's own, else 2021.
pub fn edition_of(def: &OutcomeDef, named: Option<Edition>) -> Edition {
    named.or(def.edition).unwrap_or(Edition::E2021)
}

/// The id a block gets on the page (before the page makes it unique).
pub fn block_id(d: &Directive) -> String {
    match d {
        Directive::Outcome {
            id,
            edition: Some(e),
        } => format!("outcome-{id}-{}", e.code()),
        Directive::Outcome { id, .. } => format!("outcome-{id}"),
        Directive::EditionDifferences => "edition-differences".into(),
    }
}

pub fn expand(d: &Directive, place: Place) -> Result<Block, String> {
    match d {
        Directive::Outcome { id, edition } => {
            let def = rules::outcome_by_id(id).ok_or_else(|| {
                format!(
                    "没有 id 为「{id}」的结果（{{{{outcome {id}}}}}）；可用的 id 见 app/core/src/rules.rs 的 OUTCOMES：{}",
                    rules::OUTCOMES
                        .iter()
                        .map(|o| o.id)
                        .collect::<Vec<_>>()
                        .join("、")
                )
            })?;
            let shown = edition_of(def, *edition);
            let outcome = rules::base_outcome(def, shown).ok_or_else(|| {
                format!(
                    "结果「{id}」只属于 {} 版，不能按 {} 版嵌入（去掉版本，或换用另一版的 id）",
                    def.edition.map(Edition::code).unwrap_or("两"),
                    shown.code()
                )
            })?;
            let badge = match (edition, def.edition) {
                (None, None) => {
                    let other = rules::base_outcome(def, Edition::E2019);
                    let same = other.is_some_and(|o| {
                        let mut keep = |t: &str| t.to_string();
                        let mut a = |t: &str| t.to_string();
                        outcome_block(&o, "", 2, "", &mut keep).text
                            == outcome_block(&outcome, "", 2, "", &mut a).text
                    });
                    if same {
                        "2021 版、2019 版相同".to_string()
                    } else {
                        format!("{} 版", shown.code())
                    }
                }
                _ => format!("{} 版", shown.code()),
            };
            Ok(outcome_block(
                &outcome,
                &badge,
                place.level,
                place.id,
                place.link,
            ))
        }
        Directive::EditionDifferences => Ok(edition_differences(place)),
    }
}

/// A warning's text with its reading links: the words 本指南的理解 link the first reading;
/// any other reading gets a “（见说明）” link after the text.
fn warning_html(
    b: &mut Block,
    text: &str,
    readings: &[&str],
    link: &mut dyn FnMut(&str) -> String,
) {
    const PHRASE: &str = "本指南的理解";
    let mut rest: &[&str] = readings;
    match (text.find(PHRASE), readings.first()) {
        (Some(at), Some(first)) => {
            b.text(&text[..at]);
            b.html(&format!(
                "<a href=\"{}\">",
                esc(&link(&format!("readings.html#{first}")))
            ));
            b.text(PHRASE);
            b.html("</a>");
            b.text(&text[at + PHRASE.len()..]);
            rest = &readings[1..];
        }
        _ => b.text(text),
    }
    for r in rest {
        b.html(&format!(
            "<a href=\"{}\">（见说明）</a>",
            esc(&link(&format!("readings.html#{r}")))
        ));
    }
}

fn fact(b: &mut Block, class: &str, label: &str) {
    b.html(&format!("<div class=\"{class}\"><dt>"));
    b.text(label);
    b.html("</dt><dd>");
}

fn list(b: &mut Block, tag: &str, items: &[String]) {
    b.html(&format!("<{tag}>"));
    for item in items {
        b.html("<li>");
        b.text(item);
        b.html("</li>");
    }
    b.html(&format!("</{tag}>"));
}

fn outcome_block(
    o: &Outcome,
    badge: &str,
    level: u8,
    id: &str,
    link: &mut dyn FnMut(&str) -> String,
) -> Block {
    let mut b = Block::default();
    let id_attr = if id.is_empty() {
        String::new()
    } else {
        format!(" id=\"{}\"", esc(id))
    };
    b.html(&format!(
        "<section class=\"outcome\"{id_attr} data-outcome=\"{}\" data-edition=\"{}\">",
        esc(o.outcome),
        o.edition.code()
    ));
    b.html(&format!("<h{level} class=\"outcome-title\">"));
    b.html("<span class=\"outcome-badge\">");
    b.text(badge);
    b.html("</span> ");
    b.text(o.title);
    b.html(&format!("</h{level}><dl class=\"outcome-facts\">"));

    fact(&mut b, "outcome-reason", "转接原因");
    match o.reason_label {
        Some(label) => {
            b.html("<strong>");
            b.text(label);
            b.html("</strong>");
        }
        None => b.text("不用选（不需要发起转接申请）"),
    }
    b.html("</dd></div>");

    fact(&mut b, "outcome-destination", "转入组织");
    b.html("<strong>");
    b.text(o.destination_label);
    b.html("</strong>");
    if !o.alternative_labels.is_empty() {
        b.html("<p class=\"outcome-also\">");
        b.text("也可以：");
        b.text(&o.alternative_labels.join("；"));
        b.html("</p>");
    }
    b.html("</dd></div>");

    if !o.forbidden.is_empty() {
        fact(&mut b, "outcome-forbidden", "不能这样做");
        b.html("<ul>");
        for f in &o.forbidden {
            b.html("<li><strong>");
            b.text(f.what);
            b.html("</strong>：");
            b.text(f.why);
            b.html("</li>");
        }
        b.html("</ul></dd></div>");
    }

    fact(&mut b, "outcome-approvals", "审批顺序");
    if o.approval_details.is_empty() {
        b.text("不需要审批");
    } else {
        let steps: Vec<String> = o
            .approval_details
            .iter()
            .map(|s| s.label.to_string())
            .collect();
        list(&mut b, "ol", &steps);
        // The engine's one sentence on withdrawing, where there is something to withdraw.
        if o.withdrawal != Withdrawal::NothingToWithdraw {
            b.html("<p class=\"outcome-withdrawal\">");
            b.text(o.withdrawal_label);
            b.html("</p>");
        }
    }
    b.html("</dd></div>");

    fact(&mut b, "outcome-fields", "要填写");
    if o.fields.is_empty() {
        b.text("不用填写");
    } else {
        b.html("<ul>");
        for f in &o.fields {
            b.html("<li><strong>");
            b.text(f.name);
            b.html("</strong>：");
            b.text(f.hint);
            b.html("</li>");
        }
        b.html("</ul>");
    }
    b.html("</dd></div>");

    if !o.warnings.is_empty() {
        fact(&mut b, "outcome-warnings", "注意");
        b.html("<ul>");
        for w in &o.warnings {
            b.html("<li>");
            warning_html(&mut b, &w.text, &w.readings, link);
            b.html("</li>");
        }
        b.html("</ul></dd></div>");
    }

    // Offline duties matter most for special units (the online and the offline transfer).
    if !o.offline_duties.is_empty() {
        fact(&mut b, "outcome-offline", "线下还要办");
        let duties: Vec<String> = o.offline_duties.iter().map(|d| d.to_string()).collect();
        list(&mut b, "ul", &duties);
        b.html("</dd></div>");
    }

    fact(&mut b, "outcome-sources", "依据");
    let clauses: Vec<&str> = o.sources.iter().map(|s| s.clause).collect();
    b.text(&clauses.join("、"));
    b.html("</dd></div></dl>");

    b.html(&format!(
        "<p class=\"outcome-checker\"><a href=\"{}\">",
        esc(&link("checker.html"))
    ));
    b.text(concat!(
        "用目的地检查器按你的情况核对（会加上三省、党员、未满 ",
        zhuanjie_core::leadership_below_age!(),
        " 周岁等情况）"
    ));
    b.html("</a></p></section>");
    b
}

/// One cell per edition, or one cell across both when they read the same.
fn pair_cells(b: &mut Block, a: &str, c: &str) {
    if a == c {
        b.html("<td colspan=\"2\">");
        b.text(a);
        b.html(" <span class=\"edition-same\">");
        b.text("（两版相同）");
        b.html("</span></td>");
    } else {
        for v in [a, c] {
            b.html("<td>");
            b.text(v);
            b.html("</td>");
        }
    }
}

fn head_row(b: &mut Block, first: &str) {
    b.html("<thead><tr><th scope=\"col\">");
    b.text(first);
    b.html("</th>");
    for e in Edition::ALL {
        b.html("<th scope=\"col\">");
        b.text(&format!("{} 版", e.code()));
        b.html("</th>");
    }
    b.html("</tr></thead>");
}

/// Rows of the two editions paired by rule id (in table order).
pub fn edition_pairs() -> Vec<(&'static OutcomeDef, &'static OutcomeDef)> {
    let of = |rule: &str, e: Edition| -> Vec<&'static OutcomeDef> {
        rules::OUTCOMES
            .iter()
            .filter(|o| o.rule == rule && o.edition == Some(e))
            .collect()
    };
    let mut rules_seen: Vec<&str> = Vec::new();
    let mut pairs = Vec::new();
    for o in rules::OUTCOMES {
        if o.edition.is_none() || rules_seen.contains(&o.rule) {
            continue;
        }
        rules_seen.push(o.rule);
        pairs.extend(
            of(o.rule, Edition::E2021)
                .into_iter()
                .zip(of(o.rule, Edition::E2019)),
        );
    }
    pairs
}

/// How an application to 北京/广东/福建 can be withdrawn in an edition, and the readings the
/// edition's R-3PROV rows rest on.
fn three_province_withdrawal(edition: Edition) -> (&'static str, Vec<&'static str>) {
    let rows = || {
        rules::MODIFIERS
            .iter()
            .filter(move |m| m.rule == "R-3PROV" && m.edition.is_none_or(|e| e == edition))
    };
    let label = if rules::special_province_blocks_withdrawal(edition) {
        Withdrawal::Locked.label()
    } else if rows().any(|m| {
        m.effects
            .iter()
            .any(|e| matches!(e, Effect::WithdrawalUncertain))
    }) {
        Withdrawal::Uncertain.label()
    } else {
        Withdrawal::UntilReceivingApproval.label()
    };
    let readings = rows()
        .flat_map(|m| m.effects.iter())
        .filter_map(|e| match e {
            Effect::Warn(text) => Some(zhuanjie_core::readings::split(text).1),
            _ => None,
        })
        .flatten()
        .collect();
    (label, readings)
}

fn edition_differences(place: Place) -> Block {
    let link = place.link;
    let mut b = Block::default();
    b.html(&format!(
        "<div class=\"edition-diff\" id=\"{}\">",
        esc(place.id)
    ));

    b.html("<div class=\"table-wrap\"><table><caption>");
    b.text("同一种情况，两版给出的结果");
    b.html("</caption>");
    head_row(&mut b, "项目");
    b.html("<tbody>");
    for (new, old) in edition_pairs() {
        let (Some(n), Some(o)) = (
            rules::base_outcome(new, Edition::E2021),
            rules::base_outcome(old, Edition::E2019),
        ) else {
            continue;
        };
        let situation = n.title.split('：').next().unwrap_or(n.title);
        // The rule id is for tools (a data attribute), never shown to a reader.
        b.html(&format!(
            "<tr class=\"edition-rule\" data-rule=\"{}\"><th scope=\"colgroup\" colspan=\"3\">",
            esc(new.rule)
        ));
        b.text(situation);
        b.html("</th></tr>");
        let reason = |x: &Outcome| x.reason_label.unwrap_or("不用选").to_string();
        let dest = |x: &Outcome| {
            if x.alternative_labels.is_empty() {
                x.destination_label.to_string()
            } else {
                format!(
                    "{}；也可以：{}",
                    x.destination_label,
                    x.alternative_labels.join("；")
                )
            }
        };
        for (label, a, c) in [
            ("结果", n.title.to_string(), o.title.to_string()),
            ("转接原因", reason(&n), reason(&o)),
            ("转入组织", dest(&n), dest(&o)),
        ] {
            b.html("<tr><th scope=\"row\">");
            b.text(label);
            b.html("</th>");
            pair_cells(&mut b, &a, &c);
            b.html("</tr>");
        }
    }
    b.html("</tbody></table></div>");

    b.html("<div class=\"table-wrap\"><table><caption>");
    b.text("名称不同的转接原因");
    b.html("</caption><thead><tr>");
    for e in Edition::ALL {
        b.html("<th scope=\"col\">");
        b.text(&format!("{} 版", e.code()));
        b.html("</th>");
    }
    b.html("</tr></thead><tbody>");
    for r in Reason::ALL {
        let (a, c) = (r.label(Edition::E2021), r.label(Edition::E2019));
        if a == c {
            continue;
        }
        b.html("<tr>");
        for v in [a, c] {
            b.html("<td>");
            b.text(v.unwrap_or("（系统里没有这一项）"));
            b.html("</td>");
        }
        b.html("</tr>");
    }
    b.html("</tbody></table></div>");

    b.html("<div class=\"table-wrap\"><table><caption>");
    b.text("时限与撤回");
    b.html("</caption>");
    head_row(&mut b, "项目");
    b.html("<tbody><tr><th scope=\"row\">");
    b.text("审批时限");
    b.html("</th>");
    let timers: Vec<String> = Edition::ALL
        .iter()
        .map(|e| e.calendar().timer_summary())
        .collect();
    pair_cells(&mut b, &timers[0], &timers[1]);
    b.html("</tr><tr><th scope=\"row\">");
    b.text("转往北京、广东、福建的申请能否撤回");
    b.html("</th>");
    for e in Edition::ALL {
        let (label, readings) = three_province_withdrawal(e);
        b.html("<td>");
        b.text(label);
        for r in readings {
            b.html(&format!(
                "<a href=\"{}\">（见说明）</a>",
                esc(&link(&format!("readings.html#{r}")))
            ));
        }
        b.html("</td>");
    }
    b.html("</tr></tbody></table></div></div>");
    b
}
