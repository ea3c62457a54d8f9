//! The root component and the client-side "route": the host page says which page it is
//! with `<div id="app" data-page="checker|tracker|admin">` (`simulator` is the same as
//! `admin`); without the attribute the page's file name decides (`tracker.html`,
//! `simulator.html` / `admin.html`, anything else is the checker). The root renders the
//! matching page component: the checker (`checker.rs`), the tracker (`tracker.rs`); the
//! admin simulator is a separate bundle (`src/sim/`).

use leptos::prelude::*;

/// Which app page the host HTML asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Checker,
    Tracker,
    Admin,
}

impl Page {
    /// From the `data-page` attribute, else from the page's URL path; the checker when
    /// neither says.
    pub fn detect(attr: Option<&str>, path: &str) -> Page {
        let file = path.rsplit('/').next().unwrap_or("");
        let name = attr
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| file.strip_suffix(".html").unwrap_or(file));
        match name {
            "tracker" => Page::Tracker,
            "admin" | "simulator" => Page::Admin,
            _ => Page::Checker,
        }
    }
}

/// The root component: dispatches on the page kind.
#[component]
pub fn App(page: Page) -> impl IntoView {
    view! {
        <div class="zj-app" data-app-page=move || format!("{page:?}").to_lowercase()>
            {match page {
                Page::Checker => view! { <CheckerPage/> }.into_any(),
                Page::Tracker => view! { <TrackerPage/> }.into_any(),
                Page::Admin => view! { <AdminPage/> }.into_any(),
            }}
        </div>
    }
}

use crate::checker::CheckerPage;
use crate::tracker::TrackerPage;

/// The simulator has its own bundle (`src/sim/`, loaded by `simulator.html` only); this
/// bundle just points there if it is ever mounted on an admin page.
#[component]
fn AdminPage() -> impl IntoView {
    view! {
        <p class="zj-notice">"管理员模拟器使用单独的程序，请打开 "<a href="simulator.html">"simulator.html"</a>"。"</p>
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn the_attribute_wins_then_the_file_name() {
        assert_eq!(
            Page::detect(Some("tracker"), "/x/checker.html"),
            Page::Tracker
        );
        assert_eq!(Page::detect(Some(" admin "), "/"), Page::Admin);
        assert_eq!(Page::detect(None, "/site/simulator.html"), Page::Admin);
        assert_eq!(Page::detect(Some(""), "/site/tracker.html"), Page::Tracker);
        assert_eq!(Page::detect(None, "/site/checker.html"), Page::Checker);
        assert_eq!(
            Page::detect(Some("unknown"), "/tracker.html"),
            Page::Checker
        );
    }
}
