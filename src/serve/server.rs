//! What `strata serve` answers: routes a request to the in-memory build or
//! to the preview's own endpoints.
//!
//! Invariants: a request never reaches the filesystem (a path is only ever
//! a key into [`Snapshot::files`](super::reload::Snapshot)); paths with
//! `..`, encoded separators, backslashes or NUL are refused before the
//! lookup; the `Host` header must name this server (DNS rebinding); no CORS
//! header is sent. Connections, their limits and timeouts are [`http`]'s.

use super::http::{self, Answer, Limits, Reply, RequestHead, fixed_header as header, reply};
use super::reload::{Live, State, StreamSlot, live_js, stream_events};
use crate::output::{Files, Kept};
use percent_encoding::percent_decode_str;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// Open live-reload event streams at most (one per open browser tab).
pub const MAX_STREAMS: usize = 32;
const MAX_URL_BYTES: usize = 4096;

/// Where the preview's own endpoints live.
const INTERNAL: &str = "/__strata/";

/// The running server; stops accepting when dropped.
pub struct Server {
    _listener: http::Listener,
}

struct Context {
    live: Arc<Live>,
    addr: SocketAddr,
    live_js: String,
    streams: Arc<AtomicUsize>,
}

impl Server {
    /// Serves `live` on `listener` until dropped.
    pub fn start(listener: TcpListener, live: Arc<Live>, limits: Limits) -> io::Result<Server> {
        let context = Context {
            live,
            addr: listener.local_addr()?,
            live_js: live_js(),
            streams: Arc::new(AtomicUsize::new(0)),
        };
        let listener = http::Listener::start(listener, limits, move |request| {
            // A bug in one answer must not take the server down.
            catch_unwind(AssertUnwindSafe(|| handle(&context, request))).unwrap_or_else(|_| {
                eprintln!("error: internal error while answering a request (see above)");
                Answer::Reply(plain(500, "internal error"))
            })
        })?;
        Ok(Server {
            _listener: listener,
        })
    }
}

fn handle(context: &Context, request: &RequestHead) -> Answer {
    if request.target.len() > MAX_URL_BYTES {
        return Answer::Reply(plain(414, "URI too long"));
    }
    if !request
        .header("Host")
        .is_some_and(|h| host_allowed(h, context.addr))
    {
        return Answer::Reply(plain(
            403,
            "forbidden: the Host header does not name this preview server",
        ));
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let reply = plain(405, "method not allowed").with_header(header("Allow", "GET, HEAD"));
        return Answer::Reply(reply);
    }
    let route = match route(&request.target) {
        Ok(route) => route,
        Err(Reject) => return Answer::Reply(plain(400, "bad request path")),
    };
    let state = context.live.current();
    Answer::Reply(match route {
        Route::LiveJs => file_response(200, "live.js", context.live_js.as_bytes()),
        Route::Status => file_response(
            200,
            "status.json",
            context.live.status_json(&state).into_bytes(),
        ),
        Route::Events => return open_stream(context, request),
        Route::Site(path) => site_response(&context.live, &state, &path),
    })
}

fn open_stream(context: &Context, request: &RequestHead) -> Answer {
    if request.method != "GET" {
        return Answer::Reply(plain(405, "method not allowed"));
    }
    let Some(slot) = StreamSlot::take(&context.streams, MAX_STREAMS) else {
        return Answer::Reply(plain(503, "too many live-reload connections"));
    };
    let live = Arc::clone(&context.live);
    Answer::Stream(Box::new(move |out| {
        let _slot = slot;
        // Ends when the browser goes away.
        let _ = stream_events(&live, out);
    }))
}

fn site_response(live: &Live, state: &State, path: &SitePath) -> Reply {
    if state.site.build == 0 {
        return file_response(503, "index.html", live.placeholder_html(state));
    }
    let decorate = |name: &str, kept: &Kept| -> Arc<[u8]> {
        let bytes = kept.bytes();
        if content_type(name).starts_with("text/html") {
            live.decorate_html(&bytes, state).into()
        } else {
            bytes
        }
    };
    match find(&state.site.files, path) {
        Found::File(name, bytes) => file_response(200, name, decorate(name, bytes)),
        Found::Redirect(location) => {
            plain(301, "moved permanently").with_header(header("Location", &location))
        }
        Found::NotFound => match state.site.files.get("404.html") {
            Some(page) => file_response(404, "404.html", decorate("404.html", page)),
            None => plain(404, "not found"),
        },
    }
}

fn with_common_headers(response: Reply, content_type: &str) -> Reply {
    response
        .with_header(header("Content-Type", content_type))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        // Always send Content-Length: the bodies are in memory anyway.
        .with_chunked_threshold(usize::MAX)
}

fn file_response(status: u16, name: &str, body: impl Into<Arc<[u8]>>) -> Reply {
    with_common_headers(reply(status, body), content_type(name))
}

fn plain(status: u16, text: &str) -> Reply {
    let body = format!("{status} {text}\n").into_bytes();
    with_common_headers(reply(status, body), "text/plain; charset=utf-8")
}

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    LiveJs,
    Events,
    Status,
    Site(SitePath),
}

/// A request path refused before any lookup.
#[derive(Debug, PartialEq, Eq)]
pub struct Reject;

/// A validated path into the built site.
#[derive(Debug, PartialEq, Eq)]
pub struct SitePath {
    /// Decoded, without the leading `/`: `a/b/`, `strata.css`, ``.
    decoded: String,
    /// As requested (still encoded), for redirects: `/a/b`.
    raw: String,
    /// `?x=1`, or empty.
    query: String,
}

/// Validates a request target. Only origin-form (`/path?query`) is
/// accepted; `..` and `.` segments, empty segments, backslashes, NUL and
/// other control characters, and encoded `/` or `\` are refused, raw or
/// percent-encoded. Decoding happens once, so `%252e` stays `%2e`.
pub fn route(url: &str) -> Result<Route, Reject> {
    let (raw, query) = match url.find(['?', '#']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let query = query.split('#').next().unwrap_or_default();
    let plain_ascii = |text: &str| text.bytes().all(|b| b.is_ascii_graphic());
    if !raw.starts_with('/') || !plain_ascii(raw) || !plain_ascii(query) || raw.contains('\\') {
        return Err(Reject);
    }
    let decoded = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| Reject)?
        .into_owned();
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Err(Reject);
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err(Reject);
    }
    let inner = &decoded[1..];
    let segments: Vec<&str> = inner.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == "." || *segment == ".." {
            return Err(Reject);
        }
    }
    if let Some(name) = raw.strip_prefix(INTERNAL) {
        match name {
            "live.js" => return Ok(Route::LiveJs),
            "events" => return Ok(Route::Events),
            "status" => return Ok(Route::Status),
            _ => {}
        }
    }
    Ok(Route::Site(SitePath {
        decoded: inner.to_string(),
        raw: raw.to_string(),
        query: query.to_string(),
    }))
}

/// The answer to a site path.
#[derive(Debug, PartialEq, Eq)]
pub enum Found<'a> {
    /// The file's key and bytes.
    File(&'a str, &'a Kept),
    /// `/dir` → `/dir/`.
    Redirect(String),
    NotFound,
}

/// Looks `path` up in the built files: `/` and `/dir/` mean `index.html`;
/// `/dir` redirects to `/dir/` when that is a page.
pub fn find<'a>(files: &'a Files, path: &SitePath) -> Found<'a> {
    let key = if path.decoded.is_empty() || path.decoded.ends_with('/') {
        format!("{}index.html", path.decoded)
    } else {
        path.decoded.clone()
    };
    if let Some((name, bytes)) = files.get_key_value(&key) {
        return Found::File(name, bytes);
    }
    if !path.decoded.is_empty()
        && !path.decoded.ends_with('/')
        && files.contains_key(&format!("{}/index.html", path.decoded))
    {
        return Found::Redirect(format!("{}/{}", path.raw, path.query));
    }
    Found::NotFound
}

/// Whether a `Host` header names this server: `localhost` or a loopback
/// address, or the bound address, with the bound port. Other names are
/// refused, which defeats DNS rebinding; when bound to all interfaces, any
/// IP address is accepted (an address cannot be rebound).
pub fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return false;
        };
        match after {
            "" => (inside, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (inside, Some(port)),
                None => return false,
            },
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host.as_str(), None),
        }
    };
    let port_matches = match port {
        Some(port) => port.parse::<u16>().ok() == Some(bound.port()),
        None => bound.port() == 80,
    };
    if !port_matches {
        return false;
    }
    if name == "localhost" {
        return true;
    }
    let Ok(ip) = name.parse::<IpAddr>() else {
        return false;
    };
    ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified()
}

/// `Content-Type` by file extension.
pub fn content_type(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// Binds `ip:port`. When an explicit port is taken, tries the next few and
/// returns which one was taken instead of the one asked for.
pub fn bind(ip: IpAddr, port: u16) -> io::Result<(TcpListener, Option<u16>)> {
    match TcpListener::bind((ip, port)) {
        Ok(listener) => Ok((listener, None)),
        Err(err) if err.kind() == io::ErrorKind::AddrInUse && port != 0 => {
            for next in (port.saturating_add(1)..=port.saturating_add(10)).filter(|p| *p != port) {
                if let Ok(listener) = TcpListener::bind((ip, next)) {
                    return Ok((listener, Some(port)));
                }
            }
            Err(err)
        }
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str) -> SitePath {
        match route(path) {
            Ok(Route::Site(p)) => p,
            other => panic!("{path}: {other:?}"),
        }
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for url in [
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/..%2F..%2Fetc/passwd",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "/%00",
            "/a%00.html",
            "/a\0",
            "http://evil/",
            "*",
            "",
            "etc/passwd",
            "//evil.example/",
            "/a//b",
            "/./a",
            "/a/.",
            "/%ff",
            "/caf\u{e9}",
        ] {
            assert_eq!(route(url), Err(Reject), "{url:?}");
        }
    }

    #[test]
    fn double_encoding_is_decoded_once() {
        assert_eq!(site("/%252e%252e/etc/passwd").decoded, "%2e%2e/etc/passwd");
    }

    #[test]
    fn internal_endpoints() {
        assert_eq!(route("/__strata/live.js"), Ok(Route::LiveJs));
        assert_eq!(route("/__strata/events?x"), Ok(Route::Events));
        assert_eq!(route("/__strata/status"), Ok(Route::Status));
        assert!(matches!(route("/__strata/other"), Ok(Route::Site(_))));
    }

    #[test]
    fn lookup_index_redirect_and_not_found() {
        let files: Files = [
            ("index.html", "home"),
            ("a/index.html", "a"),
            ("a/my diagram.png", "png"),
            ("strata.css", "css"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Kept::new(v.as_bytes())))
        .collect();
        let get = |url: &str| find(&files, &site(url));
        let bytes = |found: Found| match found {
            Found::File(_, kept) => kept.bytes().to_vec(),
            other => panic!("{other:?}"),
        };
        assert!(matches!(get("/"), Found::File("index.html", _)));
        assert_eq!(bytes(get("/")), b"home");
        assert!(matches!(get("/a/"), Found::File("a/index.html", _)));
        assert!(matches!(
            get("/a/index.html"),
            Found::File("a/index.html", _)
        ));
        assert_eq!(bytes(get("/a/my%20diagram.png")), b"png");
        assert_eq!(get("/a"), Found::Redirect("/a/".into()));
        assert_eq!(get("/a?q=1"), Found::Redirect("/a/?q=1".into()));
        assert_eq!(get("/b"), Found::NotFound);
        assert_eq!(get("/b/"), Found::NotFound);
        assert_eq!(get("/%252e%252e/etc/passwd"), Found::NotFound);
    }

    #[test]
    fn host_header_must_name_this_server() {
        let local: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        for ok in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LOCALHOST:4000",
            "[::1]:4000",
        ] {
            assert!(host_allowed(ok, local), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:4000",
            "127.0.0.1",
            "127.0.0.1:4001",
            "localhost.evil.example:4000",
            "127.0.0.1.nip.io:4000",
            "10.0.0.1:4000",
            "[::1",
            "::1:4000",
            "",
        ] {
            assert!(!host_allowed(bad, local), "{bad}");
        }
        let lan: SocketAddr = "192.168.1.5:80".parse().unwrap();
        assert!(host_allowed("192.168.1.5", lan));
        assert!(!host_allowed("10.0.0.1", lan));
        let any: SocketAddr = "0.0.0.0:4000".parse().unwrap();
        assert!(host_allowed("10.0.0.1:4000", any));
        assert!(!host_allowed("plans.example:4000", any));
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("strata.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("live.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("d.SVG"), "image/svg+xml");
        assert_eq!(content_type("plan.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn a_taken_port_moves_to_the_next() {
        let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let (listener, moved) = bind("127.0.0.1".parse().unwrap(), port).expect("a next port");
        assert_eq!(moved, Some(port));
        assert_ne!(listener.local_addr().unwrap().port(), port);
    }
}
