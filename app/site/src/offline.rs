//! Offline support: the service worker with its precache list, the web app manifest and the
//! icons (PNG written by hand: 1-bit palette, stored deflate, so no image crate is needed).

use std::fs;
use std::path::Path;

use crate::assets::SW_TEMPLATE;

fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        let ft = e.file_type()?;
        if ft.is_dir() {
            walk(&e.path(), &format!("{rel}/"), out)?;
        } else if ft.is_file() {
            out.push(rel);
        }
    }
    Ok(())
}

/// Every file of `dist` relative to it, sorted, `/`-separated.
pub fn list_files(dist: &Path) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    walk(dist, "", &mut files).map_err(|e| format!("无法列出 {} 的文件：{e}", dist.display()))?;
    files.sort();
    Ok(files)
}

/// The app's wasm as base64 (`app/*.wasm.js`) is loaded only under `file://`, where no
/// service worker runs; over HTTP the pages fetch the `.wasm` itself. Precaching these
/// would add their size (about 4/3 of the wasm) to every first visit for nothing.
fn is_file_url_only(path: &str) -> bool {
    path.starts_with("app/") && path.ends_with(".wasm.js")
}

/// Whether a graduate's first visit should download `path` ahead of use. Left out, and
/// cached by the service worker on first use instead: the admin simulator's page and every
/// app bundle that no graduate's page loads (the simulator's, the spreadsheet bundle it loads
/// on demand), and data files no page links (the sample workspaces are for the CLI and the
/// simulator's users). A graduate never opens them, and they are most of the site's bytes.
fn precached(path: &str, student_bundles: &[String], linked_data: &[String]) -> bool {
    if path == crate::pages::ADMIN_APP_PAGE {
        return false;
    }
    if let Some(file) = path.strip_prefix("app/") {
        if file == crate::APP_MANIFEST || !file.contains('.') {
            return true;
        }
        // `zhuanjie-checker.js`, `zhuanjie-checker_bg.wasm`: the bundle's stem.
        let stem = file
            .split_once("_bg.")
            .map(|(s, _)| s)
            .unwrap_or_else(|| file.split('.').next().unwrap_or(file));
        return student_bundles.iter().any(|b| b == stem);
    }
    if path.starts_with("data/") {
        return linked_data.iter().any(|d| d == path);
    }
    true
}

/// The stems of the app bundles a graduate's page loads (from `app/app-manifest.json`).
fn student_bundles(dist: &Path) -> Vec<String> {
    let dir = dist.join("app");
    let Ok(entries) = crate::pages::parse_app_manifest(&dir) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|e| match e {
            crate::pages::AppEntry::Script { src, pages, .. } => {
                let for_student = match pages {
                    None => true,
                    Some(list) => list.iter().any(|p| p != crate::pages::ADMIN_APP_PAGE),
                };
                let file = src.strip_prefix("app/")?;
                for_student.then(|| file.trim_end_matches(".js").to_string())
            }
            crate::pages::AppEntry::Style { .. } => None,
        })
        .collect()
}

/// The `data/` files some page links.
fn linked_data(dist: &Path, files: &[String]) -> Vec<String> {
    let pages: Vec<String> = files
        .iter()
        .filter(|f| f.ends_with(".html"))
        .filter_map(|f| fs::read_to_string(dist.join(f)).ok())
        .collect();
    files
        .iter()
        .filter(|f| f.starts_with("data/"))
        .filter(|f| pages.iter().any(|p| p.contains(f.as_str())))
        .cloned()
        .collect()
}

/// (Re)writes `dist/sw.js`: the cache name carries a hash of every file's path and content;
/// the precache list is what a graduate needs offline (every page but the simulator, the
/// search, the checker's and the tracker's bundles, assets; see [`precached`]), and the
/// worker caches anything else on first use. It also knows every page of the site, so an
/// address that is not one of them says "page not found" offline, not "not cached yet".
pub fn finalize_offline(dist: &Path) -> Result<(), String> {
    let files: Vec<String> = list_files(dist)?
        .into_iter()
        .filter(|f| f != "sw.js" && !is_file_url_only(f))
        .collect();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in &files {
        let bytes = fs::read(dist.join(f)).map_err(|e| format!("无法读取 {f}：{e}"))?;
        feed(f.as_bytes());
        feed(&[0]);
        feed(&(bytes.len() as u64).to_le_bytes());
        feed(&bytes);
    }
    let bundles = student_bundles(dist);
    let data = linked_data(dist, &files);
    let mut urls = vec!["./".to_string()];
    urls.extend(
        files
            .iter()
            .filter(|f| precached(f, &bundles, &data))
            .map(|f| url_path(f)),
    );
    let pages: Vec<String> = files
        .iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| url_path(f))
        .collect();
    let list = serde_json::to_string(&urls).map_err(|e| e.to_string())?;
    let pages = serde_json::to_string(&pages).map_err(|e| e.to_string())?;
    let sw = SW_TEMPLATE
        .replace("__HASH__", &format!("{hash:016x}"))
        .replace("__FILES__", &list)
        .replace("__PAGES__", &pages);
    fs::write(dist.join("sw.js"), sw).map_err(|e| format!("无法写入 sw.js：{e}"))
}

/// Percent-encodes what a URL path cannot hold raw (keeps `/` and non-ASCII readable bytes
/// encoded so `cache.addAll` fetches exactly the file).
fn url_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn manifest(title: &str, short: &str, description: &str) -> String {
    let v = serde_json::json!({
        "name": title,
        "short_name": short,
        "description": description,
        "lang": "zh-CN",
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#b3261e",
        "icons": [
            {"src": "assets/icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "assets/icon-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": "assets/icon.svg", "sizes": "any", "type": "image/svg+xml"}
        ]
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

pub const ICON_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">\
<rect width=\"100\" height=\"100\" rx=\"18\" fill=\"#b3261e\"/>\
<path d=\"M30 28 L52 50 L30 72 M52 28 L74 50 L52 72\" fill=\"none\" stroke=\"#fff\" \
stroke-width=\"9\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>\n";

/// White double chevron (the same as the SVG) on the accent colour.
fn icon_pixel(x: u32, y: u32, size: u32) -> bool {
    let u = x as f64 / size as f64 * 100.0;
    let v = y as f64 / size as f64 * 100.0;
    let dy = (v - 50.0).abs();
    if dy > 26.5 {
        return false;
    }
    [30.0, 52.0].iter().any(|x0| {
        // Distance from the chevron's arms: the line u = x0 + (22 - dy).
        let d = (u - (x0 + 22.0 - dy)).abs() / std::f64::consts::SQRT_2;
        d < 4.5
    })
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut c = kind.to_vec();
    c.extend_from_slice(data);
    out.extend_from_slice(&c);
    out.extend_from_slice(&crc32(&c).to_be_bytes());
}

pub fn icon_png(size: u32) -> Vec<u8> {
    let row = size.div_ceil(8) as usize;
    let mut raw = Vec::with_capacity((row + 1) * size as usize);
    for y in 0..size {
        raw.push(0);
        let mut bytes = vec![0u8; row];
        for x in 0..size {
            if icon_pixel(x, y, size) {
                bytes[(x / 8) as usize] |= 0x80 >> (x % 8);
            }
        }
        raw.extend_from_slice(&bytes);
    }
    // zlib stream of stored blocks.
    let mut z = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, c) in chunks.iter().enumerate() {
        z.push(u8::from(i + 1 == chunks.len()));
        let len = c.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(c);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in &raw {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&size.to_be_bytes());
    ihdr.extend_from_slice(&size.to_be_bytes());
    ihdr.extend_from_slice(&[1, 3, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"PLTE", &[0xb3, 0x26, 0x1e, 0xff, 0xff, 0xff]);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}
