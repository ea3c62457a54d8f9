//! Under the metrics: what the sources ask of admins once graduates have moved, as the
//! engine's `after_season_in` lists it for the selected region at the clock (from the
//! metrics tab's own snapshot): the graduating
//! orgs whose members have all transferred (to delete in 智慧团建, S004 4.4 ③), and the
//! members kept in a 流动团员团支部 with how long and until when (S004 2.4 ②, 2.2; S002
//! 指引5). Nothing shows while both lists are empty.

use leptos::prelude::*;
use zhuanjie_core::after_season::{AfterSeason, KeepStanding};
use zhuanjie_core::policy::FLOATING_KEYWORD;

use super::state::Sim;
use crate::util::chinese;

/// Rows in the DOM at once.
const SHOWN: usize = 200;

/// The two lists (nothing while both are empty); the metrics tab computes them from its own
/// snapshot of the workspace.
pub fn render(sim: Sim, l: AfterSeason) -> Option<impl IntoView> {
    if l.emptied.is_empty() && l.kept.is_empty() {
        return None;
    }
    let emptied_total = l.emptied.len();
    let kept_total = l.kept.len();
    let emptied: Vec<_> = l.emptied.into_iter().take(SHOWN).collect();
    let kept: Vec<_> = l.kept.into_iter().take(SHOWN).collect();
    let more = |total: usize| {
        (total > SHOWN).then(
            || view! { <p class="zj-muted">{format!("共 {total} 项，只列出前 {SHOWN} 项。")}</p> },
        )
    };
    Some(view! {
        <section class="zj-box zj-after-season" id="zj-after-season" aria-label="转接之后要做的事">
            <h2>"转接之后要做的事"</h2>
            {(emptied_total > 0).then(|| view! {
                <h3>{format!("可以删除的毕业生团组织（{emptied_total} 个）")}</h3>
                <p class="zj-muted">"这些毕业生团组织的团员已全部转出，应及时在智慧团建系统中删除该团组织（S004 4.4 ③）。模拟器里仍保留它们，统计才能算到这些团员。"</p>
                <div class="zj-scroll"><table class="zj-table" id="zj-emptied">
                    <thead><tr><th>"团组织"</th><th>"毕业时间"</th><th>"已转出"</th><th>"最后一人转出"</th></tr></thead>
                    <tbody>
                        {emptied.into_iter().map(|o| view! {
                            <tr data-org=o.org.clone()>
                                <td>{o.name}</td>
                                <td data-label="毕业时间：">{o.graduation_month}</td>
                                <td data-label="已转出：">{format!("{} 人", o.transferred)}</td>
                                <td data-label="最后一人转出：">{o.last_on.map(chinese).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
                {more(emptied_total)}
            })}
            {(kept_total > 0).then(|| view! {
                <h3>{format!("暂留在流动团员团支部的团员（{kept_total} 人）")}</h3>
                <p class="zj-muted">"保留有期限，落实去向、符合条件的要及时转出；按到期先后排列。"</p>
                <div class="zj-scroll"><table class="zj-table" id="zj-kept">
                    <thead><tr><th>"团员"</th><th>"保留在"</th><th>"保留自"</th><th>"期限"</th></tr></thead>
                    <tbody>
                        {kept.into_iter().map(|k| {
                            let open = k.member.clone();
                            let late = matches!(k.standing, KeepStanding::PastUsual | KeepStanding::PastLimit);
                            view! {
                                <tr data-member=k.member.clone() class:zj-late=late>
                                    <td><button type="button" class="zj-link-button zj-kept-member"
                                        on:click=move |_| sim.member.set(Some(open.clone()))>{k.name}</button>
                                        <br/><span class="zj-muted">{k.branch_name}</span></td>
                                    <td data-label="保留在：">{k.floating_name.clone()}{(!k.floating_name.contains(FLOATING_KEYWORD)).then(|| view! {
                                        <br/><span class="zj-muted">{k.kind.label()}</span>
                                    })}</td>
                                    <td data-label="保留自：">{chinese(k.since)}<span class="zj-muted">{format!("（已 {} 天）", k.days)}</span></td>
                                    <td>{k.note}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
                {more(kept_total)}
            })}
        </section>
    })
}
