//! The static file server on 127.0.0.1 (std::net, one thread per connection): `cargo xtask
//! serve` ([`serve`]) and the browser tests (`tests/src/lib.rs`, through [`spawn`]) both use
//! it, so the tests see exactly the headers a local reader gets. The one MIME table of the
//! repository is [`mime`]. Enough for trying the site, the service worker and the app
//! locally; not for production.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

use crate::url::percent_decode;

/// The `Content-Type` of a file, by extension (`.wasm` must be `application/wasm` for the
/// streaming compile).
pub fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `root`; None for anything escaping it.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for comp in Path::new(decoded.trim_start_matches('/')).components() {
        match comp {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn respond(stream: &mut TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Drain headers; bodies are not expected for GET/HEAD.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return write_response(stream, "405 Method Not Allowed", "text/plain", b"405", true);
    }
    let file = resolve(root, target).filter(|p| p.is_file());
    let (status, path) = match file {
        Some(p) => ("200 OK", p),
        None => ("404 Not Found", root.join("404.html")),
    };
    let mut body = Vec::new();
    if let Ok(mut f) = std::fs::File::open(&path) {
        f.read_to_end(&mut body)?;
    }
    write_response(stream, status, mime(&path), &body, method == "GET")
}

fn write_response(
    stream: &mut TcpStream,
    status: &str,
    mime: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Serves `root` on the first free port from `port` on (up to 20 further), until killed.
pub fn serve(root: &Path, port: u16) -> Result<(), String> {
    let listener = (port..port.saturating_add(20))
        .find_map(|p| TcpListener::bind(("127.0.0.1", p)).ok())
        .ok_or_else(|| format!("无法在 127.0.0.1 的 {port} 及其后 20 个端口上监听"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "站点已在 http://127.0.0.1:{}/ 上提供服务（Ctrl+C 停止）",
        addr.port()
    );
    accept(listener, root);
    Ok(())
}

/// Serves `root` from a background thread on a port the system picks, and returns the port
/// (the browser tests start one server per test).
pub fn spawn(root: &Path) -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let root = root.to_path_buf();
    std::thread::spawn(move || accept(listener, &root));
    Ok(port)
}

fn accept(listener: TcpListener, root: &Path) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let root = root.to_path_buf();
        std::thread::spawn(move || {
            let _ = respond(&mut stream, &root);
        });
    }
}
