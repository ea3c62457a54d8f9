//! The question-flow diagram, generated from the engine's own tables (`flow::QUESTIONS`,
//! `rules::OUTCOMES`) so it can never disagree with the checker.
//!
//! Every complete path of an edition is put in a trie of (question, answer) steps ending in
//! the outcome it reaches. A question all of whose answers lead to the same outcome decides
//! nothing there and is dropped (that removes the 北京/广东/福建, 团支部 and party questions,
//! which only add warnings or steps); equal subtrees are merged, giving a small DAG that is
//! laid out in columns and written as a standalone SVG.

use std::collections::HashMap;
use std::fmt::Write;

use zhuanjie_core::answers::Value;
use zhuanjie_core::flow::{self, Question};
use zhuanjie_core::{rules, Edition};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Node {
    Ask {
        question: usize,
        /// (answer values, child) grouped by child.
        edges: Vec<(Vec<Value>, usize)>,
    },
    Outcome(&'static str),
}

#[derive(Default)]
struct Dag {
    nodes: Vec<Node>,
    interned: HashMap<Node, usize>,
}

impl Dag {
    fn intern(&mut self, node: Node) -> usize {
        if let Some(&id) = self.interned.get(&node) {
            return id;
        }
        self.nodes.push(node.clone());
        self.interned.insert(node, self.nodes.len() - 1);
        self.nodes.len() - 1
    }
}

/// A trie of raw paths before simplification.
enum Trie {
    Ask(usize, Vec<(Value, Trie)>),
    Leaf(&'static str),
}

fn insert(trie: &mut Trie, steps: &[(usize, Value)], outcome: &'static str) {
    match steps.split_first() {
        None => *trie = Trie::Leaf(outcome),
        Some(((q, v), rest)) => {
            if let Trie::Leaf(_) = trie {
                *trie = Trie::Ask(*q, Vec::new());
            }
            if let Trie::Ask(_, children) = trie {
                let child = match children.iter().position(|(value, _)| value == v) {
                    Some(i) => &mut children[i].1,
                    None => {
                        children.push((*v, Trie::Leaf("")));
                        let last = children.len() - 1;
                        &mut children[last].1
                    }
                };
                insert(child, rest, outcome);
            }
        }
    }
}

fn simplify(trie: &Trie, dag: &mut Dag) -> usize {
    match trie {
        Trie::Leaf(id) => dag.intern(Node::Outcome(id)),
        Trie::Ask(question, children) => {
            let mut edges: Vec<(Vec<Value>, usize)> = Vec::new();
            for (value, child) in children {
                let target = simplify(child, dag);
                match edges.iter_mut().find(|(_, t)| *t == target) {
                    Some((values, _)) => values.push(*value),
                    None => edges.push((vec![*value], target)),
                }
            }
            if edges.len() == 1 {
                return edges[0].1;
            }
            // Draw the branches in the order the question lists its choices.
            let choices = flow::representative_values(&flow::QUESTIONS[*question]);
            let rank = |v: &Value| choices.iter().position(|c| c == v).unwrap_or(usize::MAX);
            for (values, _) in edges.iter_mut() {
                values.sort_by_key(rank);
            }
            edges.sort_by_key(|(values, _)| values.first().map(rank));
            dag.intern(Node::Ask {
                question: *question,
                edges,
            })
        }
    }
}

fn build(edition: Edition) -> (Dag, usize) {
    let mut trie = Trie::Leaf("");
    for answers in flow::all_complete_paths(edition) {
        let Ok(outcome) = rules::evaluate(&answers) else {
            continue;
        };
        let steps: Vec<(usize, Value)> = flow::path(&answers)
            .into_iter()
            .filter_map(|(q, v)| {
                flow::QUESTIONS
                    .iter()
                    .position(|x| x.key == q.key)
                    .map(|i| (i, v))
            })
            .collect();
        insert(&mut trie, &steps, outcome.outcome);
    }
    let mut dag = Dag::default();
    let root = simplify(&trie, &mut dag);
    (dag, root)
}

fn edge_label(question: &Question, values: &[Value]) -> String {
    let ages: Vec<u32> = values
        .iter()
        .filter_map(|v| match v {
            Value::Age(a) => Some(*a),
            _ => None,
        })
        .collect();
    // Ages are tried at their boundaries (14, 15, 16, 22, 27, 28, 60), so a group's
    // smallest and largest value bound the range it stands for.
    if let (Some(lo), Some(hi)) = (ages.iter().min(), ages.iter().max()) {
        return format!("{lo}–{hi} 周岁");
    }
    values
        .iter()
        .map(|v| question.choice_label(*v))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Splits text into lines of at most `width` characters (CJK text has no spaces to break at).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(width)
        .map(|c| c.iter().collect::<String>())
        .collect()
}

const COL: f64 = 380.0;
const BOX_W: f64 = 236.0;
const LINE_H: f64 = 17.0;
const GAP: f64 = 18.0;
const CHARS: usize = 14;

/// The lines of a node's box and its class (`q` question, `o` outcome).
fn label(dag: &Dag, n: usize) -> (Vec<String>, &'static str) {
    match &dag.nodes[n] {
        Node::Ask { question, .. } => (wrap(flow::QUESTIONS[*question].prompt, CHARS), "q"),
        Node::Outcome(id) => {
            let def = rules::OUTCOMES.iter().find(|o| o.id == *id);
            let mut lines = wrap(def.map_or(*id, |d| d.title), CHARS);
            lines.push(def.map_or(String::new(), |d| d.rule.to_string()));
            (lines, "o")
        }
    }
}

/// Where the boxes go: nodes in drawing order, each with (x, top, height), and the size.
struct Layout {
    order: Vec<usize>,
    pos: HashMap<usize, (f64, f64, f64)>,
    width: f64,
    height: f64,
}

/// Lays the DAG out in columns by depth.
fn layout(dag: &Dag, root: usize) -> Layout {
    // Column = longest distance from the root; order in a column = first visit (DFS).
    let mut depth = vec![0usize; dag.nodes.len()];
    let mut order: Vec<usize> = Vec::new();
    let mut seen = vec![false; dag.nodes.len()];
    fn visit(
        n: usize,
        d: usize,
        dag: &Dag,
        depth: &mut [usize],
        seen: &mut [bool],
        order: &mut Vec<usize>,
    ) {
        depth[n] = depth[n].max(d);
        if !seen[n] {
            seen[n] = true;
            order.push(n);
        }
        if let Node::Ask { edges, .. } = &dag.nodes[n] {
            for (_, child) in edges {
                visit(*child, d + 1, dag, depth, seen, order);
            }
        }
    }
    visit(root, 0, dag, &mut depth, &mut seen, &mut order);
    // A tidy tree: outcomes take rows one after another in visiting order (which follows
    // the choices' order); every question sits at the mean height of its children. Each
    // subtree owns a band of rows, so nothing overlaps and edges do not cross boxes.
    let height_of = |n: usize| label(dag, n).0.len() as f64 * LINE_H + 16.0;
    fn place(
        n: usize,
        dag: &Dag,
        height_of: &dyn Fn(usize) -> f64,
        cursor: &mut f64,
        centre: &mut HashMap<usize, f64>,
    ) -> f64 {
        if let Some(c) = centre.get(&n) {
            return *c;
        }
        let c = match &dag.nodes[n] {
            Node::Outcome(_) => {
                let h = height_of(n);
                let c = *cursor + h / 2.0;
                *cursor += h + GAP;
                c
            }
            Node::Ask { edges, .. } => {
                let children: Vec<f64> = edges
                    .iter()
                    .map(|(_, child)| place(*child, dag, height_of, cursor, centre))
                    .collect();
                children.iter().sum::<f64>() / children.len().max(1) as f64
            }
        };
        centre.insert(n, c);
        c
    }
    let mut centre: HashMap<usize, f64> = HashMap::new();
    let mut cursor = 20.0;
    place(root, dag, &height_of, &mut cursor, &mut centre);
    let last = order.iter().map(|n| depth[*n]).max().unwrap_or(0);
    let mut pos: HashMap<usize, (f64, f64, f64)> = HashMap::new();
    let mut bottom = 0.0f64;
    for &n in &order {
        let h = height_of(n);
        let top = centre.get(&n).copied().unwrap_or(0.0) - h / 2.0;
        bottom = bottom.max(top + h);
        pos.insert(n, (20.0 + depth[n] as f64 * COL, top, h));
    }
    Layout {
        order,
        pos,
        width: 40.0 + last as f64 * COL + BOX_W,
        height: bottom + 20.0,
    }
}

/// The diagram of one edition as a standalone SVG document.
pub fn flow_svg(edition: Edition) -> String {
    let (dag, root) = build(edition);
    let l = layout(&dag, root);
    let (width, height) = (l.width, l.height);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-labelledby="t">
<title id="t">目的地检查器问题流程（{}），由引擎的问题表生成</title>
<style>
text {{ font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 13px; fill: #1b1f24; }}
.q rect {{ fill: #eef4fb; stroke: #2f6db5; }}
.o rect {{ fill: #eef8ef; stroke: #2e7d32; }}
.edge {{ fill: none; stroke: #8a94a0; stroke-width: 1.2; }}
.lbl {{ font-size: 11px; fill: #4a5563; }}
.rule {{ font-size: 11px; fill: #2e7d32; font-weight: bold; }}
</style>
"##,
        edition.label()
    );
    draw_edges(&mut svg, &dag, &l);
    for &n in &l.order {
        let (x, y, h) = l.pos[&n];
        let (lines, class) = label(&dag, n);
        let _ = writeln!(
            svg,
            r#"<g class="{class}"><rect x="{x:.1}" y="{y:.1}" width="{BOX_W}" height="{h:.1}" rx="8"/>"#
        );
        for (i, line) in lines.iter().enumerate() {
            let is_rule = class == "o" && i == lines.len() - 1;
            let _ = writeln!(
                svg,
                r#"<text{} x="{:.1}" y="{:.1}">{}</text>"#,
                if is_rule { r#" class="rule""# } else { "" },
                x + 10.0,
                y + 20.0 + i as f64 * LINE_H,
                esc(line)
            );
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</svg>\n");
    svg
}

/// Each question's edges to its children, labelled with the answers they stand for.
fn draw_edges(svg: &mut String, dag: &Dag, l: &Layout) {
    for &n in &l.order {
        if let Node::Ask { question, edges } = &dag.nodes[n] {
            let (x, y, h) = l.pos[&n];
            for (values, child) in edges {
                let (cx, cy, ch) = l.pos[child];
                let (x1, y1) = (x + BOX_W, y + h / 2.0);
                let (x2, y2) = (cx, cy + ch / 2.0);
                let mid = (x1 + x2) / 2.0;
                let _ = writeln!(
                    svg,
                    r#"<path class="edge" d="M{x1:.1},{y1:.1} C{mid:.1},{y1:.1} {mid:.1},{y2:.1} {x2:.1},{y2:.1}"/>"#
                );
                let text = edge_label(&flow::QUESTIONS[*question], values);
                let short: String = text.chars().take(18).collect();
                let short = if short.chars().count() < text.chars().count() {
                    format!("{short}…")
                } else {
                    short
                };
                // Labels sit at the arrow's end, where edges have already fanned out.
                let _ = writeln!(
                    svg,
                    r#"<text class="lbl" text-anchor="end" x="{:.1}" y="{:.1}"><title>{}</title>{}</text>"#,
                    x2 - 6.0,
                    y2 - 5.0,
                    esc(&text),
                    esc(&short)
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_and_only_deciding_questions_appear() {
        for edition in Edition::ALL {
            let svg = flow_svg(edition);
            let (dag, _) = build(edition);
            for def in rules::OUTCOMES
                .iter()
                .filter(|o| o.edition.is_none_or(|e| e == edition))
            {
                assert!(
                    dag.nodes.contains(&Node::Outcome(def.id)),
                    "{} missing from the {} diagram",
                    def.id,
                    edition.code()
                );
                assert!(svg.contains(def.rule));
            }
            // The situation question decides; the party-member question never does.
            assert!(
                svg.contains(&esc(flow::question(zhuanjie_core::answers::Key::Situation)
                    .unwrap()
                    .prompt))
            );
            assert!(!svg.contains(
                flow::question(zhuanjie_core::answers::Key::PartyMember)
                    .unwrap()
                    .prompt
            ));
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        }
    }
}
