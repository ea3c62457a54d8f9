//! The org tree, collapsible and searchable; a click makes the org the metrics region.

use leptos::prelude::*;

use super::state::Sim;

/// The org tree, collapsible and searchable; a click makes the org the metrics region.
#[component]
pub fn OrgTree() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let query = RwSignal::new(String::new());
    let collapsed = RwSignal::new(std::collections::HashSet::<String>::new());
    let tree = move || {
        let q = query.get();
        let region = sim.region.get();
        let closed = collapsed.get();
        sim.orgs.with(|orgs| {
            let mut rows = Vec::new();
            if q.trim().is_empty() {
                let mut children: std::collections::HashMap<Option<&str>, Vec<usize>> =
                    std::collections::HashMap::new();
                for (i, o) in orgs.iter().enumerate() {
                    children.entry(o.parent.as_deref()).or_default().push(i);
                }
                let mut stack: Vec<(usize, usize)> = children
                    .get(&None)
                    .map(|r| r.iter().rev().map(|&i| (i, 0)).collect())
                    .unwrap_or_default();
                while let Some((i, depth)) = stack.pop() {
                    let org = &orgs[i];
                    let kids = children.get(&Some(org.id.as_str()));
                    let open = !closed.contains(&org.id);
                    rows.push((i, depth, kids.is_some_and(|k| !k.is_empty()), open));
                    if open {
                        if let Some(kids) = kids {
                            stack.extend(kids.iter().rev().map(|&k| (k, depth + 1)));
                        }
                    }
                }
            } else {
                let q = q.trim();
                rows.extend(
                    orgs
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.name.contains(q) || o.id.contains(q))
                        .map(|(i, _)| (i, 0, false, true)),
                );
            }
            rows.into_iter()
                .map(|(i, depth, has_kids, open)| {
                    let org = &orgs[i];
                    let id = org.id.clone();
                    let id_toggle = id.clone();
                    let selected = region.as_deref() == Some(org.id.as_str());
                    let month = org
                        .graduation_month
                        .as_ref()
                        .map(|m| format!(" · {m} 毕业"))
                        .unwrap_or_default();
                    view! {
                        <li class="zj-tree-row" data-depth=depth.to_string() data-org=org.id.clone()>
                            <span class="zj-indent">{"　".repeat(depth)}</span>
                            {has_kids.then(|| view! {
                                <button type="button" class="zj-toggle" aria-expanded=open.to_string()
                                    aria-label=if open { "收起" } else { "展开" }
                                    on:click=move |_| collapsed.update(|c| if !c.remove(&id_toggle) { c.insert(id_toggle.clone()); })>
                                    {if open { "▾" } else { "▸" }}
                                </button>
                            })}
                            <button type="button" class="zj-org" class:zj-selected=selected
                                aria-pressed=selected.to_string()
                                on:click=move |_| sim.region.set(Some(id.clone()))>
                                {org.name.clone()}
                                <span class="zj-muted">{format!(" {}{}", org.kind.label(), month)}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="zj-tree" aria-label="组织树">
            <h2>"组织"</h2>
            <input type="search" id="zj-org-search" placeholder="搜索组织名称" aria-label="搜索组织名称"
                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            <ul class="zj-tree-list">{tree}</ul>
        </section>
    }
}
