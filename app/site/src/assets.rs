//! The site's runtime assets (`app/site/assets/`), embedded at compile time: the pages'
//! stylesheet and scripts, the service-worker template, and the app loader that the app
//! build (`xtask/src/app_build.rs`) appends to each wasm bundle's glue.

/// `dist/assets/style.css`.
pub const STYLE_CSS: &str = include_str!("../assets/style.css");
/// `dist/assets/site.js`: the phone table's filter and small page helpers.
pub const SITE_JS: &str = include_str!("../assets/site.js");
/// `dist/assets/search.js`: the search page (same algorithm as [`crate::search::search`]).
pub const SEARCH_JS: &str = include_str!("../assets/search.js");
/// The service worker; [`crate::finalize_offline`] fills in the precache list and cache name.
pub const SW_TEMPLATE: &str = include_str!("../assets/sw.js");

/// The loader appended to each app bundle's glue. `__WASM__`, `__EMBEDDED__` and
/// `__GLOBAL__` are the bundle's wasm file, its base64 script and that script's global;
/// `__START__` is one of the two endings below.
///
/// Over HTTP(S) the wasm is fetched at once (while the rest of the page is still parsed) and
/// compiled as it streams in (wasm-bindgen's init calls `WebAssembly.instantiateStreaming`
/// for a `Response`; the servers send `application/wasm`, and the service worker keeps the
/// headers). Under `file://`, where fetch cannot read files, and as a fallback when the
/// fetch fails, a `<script>` for the base64 copy is injected and decoded instead.
pub const APP_LOADER: &str = include_str!("../assets/app-loader.js");

/// The end of [`APP_LOADER`] for a bundle a page names: mount the app once the DOM is
/// there, then hide the page's `.app-fallback` notes.
pub const APP_LOADER_PAGE_START: &str = include_str!("../assets/app-loader-page.js");

/// The end of [`APP_LOADER`] for a bundle loaded on demand: compile at once and publish a
/// promise of the exports (`wasm_bindgen`'s object) under the global `__EXPORTS__`. The
/// bundle that injected the script reports a rejection itself, in its own words.
pub const APP_LOADER_ON_DEMAND_START: &str = include_str!("../assets/app-loader-on-demand.js");

/// `dist/assets/bulletin.css`: the bulletin's style, owned by the roster crate that lays the
/// bulletin out (the CLI inlines the same file into its standalone page); the simulator page
/// links it, as the pages' CSP allows no inline style.
pub const BULLETIN_CSS: &str = include_str!("../../roster/assets/bulletin.css");
