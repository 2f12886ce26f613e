//! Integration tests: `strata serve`, over real HTTP on port 0.
//!
//! Each test starts the real binary in a [`TestSite`], reads the URL it
//! prints, talks raw HTTP over `TcpStream`, and kills the server when the
//! [`Served`] guard drops. Waits poll against a deadline; nothing sleeps a
//! fixed time except the check that a temp file causes *no* rebuild.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// Generous: only a broken server takes this long.
const DEADLINE: Duration = Duration::from_secs(10);

/// A running `strata serve`, killed on drop.
pub struct Served {
    child: Child,
    pub url: String,
    pub addr: SocketAddr,
    log: Arc<Mutex<String>>,
}

impl Served {
    /// `strata serve --port 0 --today 2026-11-21 <args>` in `site`.
    pub fn start(site: &TestSite, args: &[&str]) -> Served {
        Served::start_with_env(site, args, &[])
    }

    pub fn start_with_env(site: &TestSite, args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut all = vec!["serve", "--port", "0", "--today", "2026-11-21"];
        all.extend_from_slice(args);
        Served::spawn(site, &all, env)
    }

    /// `strata <args>`, exactly.
    pub fn spawn(site: &TestSite, args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut command = Command::new(BIN);
        command.args(args).envs(env.iter().copied());
        Served::run(site, command)
    }

    /// `command`, which starts `strata serve`, run in `site`.
    pub fn run(site: &TestSite, mut command: Command) -> Served {
        let mut child = command
            .current_dir(site.root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start strata serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (url_tx, url_rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        drain(stdout, Arc::clone(&log), Some(url_tx));
        drain(stderr, Arc::clone(&log), None);
        let mut served = Served {
            child,
            url: String::new(),
            addr: "127.0.0.1:1".parse().expect("an address"),
            log,
        };
        match url_rx.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => served.url = url,
            Err(_) => panic!("strata serve printed no URL\n{}", served.log()),
        }
        let authority = served
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/');
        served.addr = authority.parse().expect("URL holds ip:port");
        served
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The `Host` header a browser would send.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// `GET path` with a valid `Host`.
    pub fn get(&self, path: &str) -> Reply {
        let host = self.host();
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    }

    /// Sends `request` as is and reads the whole answer.
    pub fn raw(&self, request: &str) -> Reply {
        http(self.addr, request.as_bytes())
    }

    /// `/__strata/status`, parsed.
    pub fn status(&self) -> serde_json::Value {
        let reply = self.get("/__strata/status");
        assert_eq!(reply.status, 200, "{}", reply.body);
        serde_json::from_str(&reply.body).expect("status is JSON")
    }

    /// Polls `check` until it returns `Some`, or panics after the deadline.
    pub fn eventually<T>(&self, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        self.within(DEADLINE, what, &mut check)
    }

    pub fn within<T>(
        &self,
        deadline: Duration,
        what: &str,
        check: &mut dyn FnMut() -> Option<T>,
    ) -> T {
        let started = Instant::now();
        loop {
            if let Some(value) = check() {
                return value;
            }
            assert!(
                started.elapsed() < deadline,
                "timed out after {deadline:?} waiting for {what}\n--- server output\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the server has printed `text` (stdout and stderr are
    /// read by threads of their own: a line printed is not yet a line read).
    pub fn wait_for_log(&self, text: &str) -> String {
        self.eventually(&format!("the server to print {text:?}"), || {
            let log = self.log();
            log.contains(text).then_some(log)
        })
    }

    /// Waits until `path` answers 200 with a body containing `text`.
    pub fn wait_for_text(&self, path: &str, text: &str) -> Reply {
        self.eventually(&format!("{path} to show {text:?}"), || {
            let reply = self.get(path);
            (reply.status == 200 && reply.body.contains(text)).then_some(reply)
        })
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies a pipe into `log`; the first `http://` URL goes to `url`.
fn drain(
    pipe: impl Read + Send + 'static,
    log: Arc<Mutex<String>>,
    url: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        let mut url = url;
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if let Ok(mut log) = log.lock() {
                log.push_str(&line);
                log.push('\n');
            }
            if let Some(start) = line.find("http://")
                && let Some(tx) = url.take()
            {
                let found = line[start..].split_whitespace().next().unwrap_or_default();
                let _ = tx.send(found.to_string());
            }
        }
    });
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Lower-cased names.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Everything received, for "no byte from outside the build" checks.
    pub raw: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One request over a fresh connection, read until the server closes it.
pub fn http(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect_timeout(&addr, DEADLINE).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    stream.write_all(request).expect("send request");
    let mut raw = Vec::new();
    // A reset after the answer is fine; the answer is what counts.
    let _ = stream.read_to_end(&mut raw);
    parse_reply(raw)
}

fn parse_reply(raw: Vec<u8>) -> Reply {
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    Reply {
        status,
        headers,
        body,
        raw,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// An open `/__strata/events` stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn open(served: &Served) -> Events {
        let mut stream = TcpStream::connect(served.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let host = served.host();
        write!(
            stream,
            "GET /__strata/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let status_line = events.line(Instant::now() + DEADLINE).expect("status line");
        assert!(status_line.contains(" 200 "), "{status_line}");
        events
    }

    fn line(&mut self, until: Instant) -> Option<String> {
        let mut line = String::new();
        loop {
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) if line.ends_with('\n') => return Some(line),
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return None,
            }
            if Instant::now() > until {
                return None;
            }
        }
    }

    /// The next `data:` payload, parsed, or `None` at the deadline.
    pub fn next(&mut self, timeout: Duration) -> Option<serde_json::Value> {
        let until = Instant::now() + timeout;
        while let Some(line) = self.line(until) {
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data.trim()).ok();
            }
        }
        None
    }

    /// Reads events until one satisfies `wanted`.
    pub fn until(
        &mut self,
        what: &str,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let until = Instant::now() + DEADLINE;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.next(left) {
                Some(event) if wanted(&event) => return event,
                Some(_) => {}
                None => panic!("no event with {what} within {DEADLINE:?}"),
            }
        }
    }
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

/// A small site: a home page and `/notes/`.
fn notes_site() -> TestSite {
    TestSite::new().file("content/notes.md", &page("Notes", "Original text."))
}

/// Replaces a file the way editors with "atomic save" do: write a temp
/// file beside it, then rename it over the original.
fn atomic_write(site: &TestSite, relative: &str, temp_name: &str, contents: &str) {
    let target = site.path(relative);
    let temp = target.with_file_name(temp_name);
    std::fs::write(&temp, contents).expect("write temp file");
    std::fs::rename(&temp, &target).expect("rename over the original");
}

#[test]
fn serves_the_bundled_site_from_memory() {
    let site = TestSite::bundled();
    let served = Served::start(&site, &[]);
    assert!(
        served.url.starts_with("http://127.0.0.1:"),
        "{}",
        served.url
    );
    assert!(served.log().contains(&format!(" at {}", served.url)));

    let home = served.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert_eq!(home.header("access-control-allow-origin"), None);
    assert!(
        home.body
            .contains("<script src=\"/__strata/live.js\"></script>")
    );
    assert!(
        home.body
            .contains("<meta name=\"strata-build\" content=\"1\"")
    );
    assert!(!home.body.contains("strata-error-overlay"));

    let css = served.get("/strata.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let js = served.get("/__strata/live.js");
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type")
            .is_some_and(|t| t.starts_with("text/javascript"))
    );
    assert!(js.body.contains("EventSource"));

    let redirect = served.get("/example");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/example/"));
    assert_eq!(served.get("/example/").status, 200);

    let missing = served.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);

    let head = served.raw(&format!(
        "HEAD / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        served.host()
    ));
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = served.raw(&format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        served.host()
    ));
    assert_eq!(post.status, 405);

    assert!(!site.path("public").exists(), "serve wrote to public/");
}

#[test]
fn an_edit_is_served_and_signalled() {
    let site = notes_site();
    let served = Served::start(&site, &[]);
    assert!(served.get("/notes/").body.contains("Original text."));
    let mut events = Events::open(&served);
    let first = events.next(DEADLINE).expect("an initial event");
    assert_eq!(first["build"], 1);
    assert_eq!(first["ok"], true);

    site.write("content/notes.md", page("Notes", "Edited text."));
    served.wait_for_text("/notes/", "Edited text.");
    let event = events.until("build 2", |e| e["build"] == 2);
    assert_eq!(event["ok"], true);
    let page = served.get("/notes/");
    assert!(
        page.body
            .contains("<meta name=\"strata-build\" content=\"2\"")
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_build_and_shows_the_overlay() {
    let site = notes_site();
    let served = Served::start(&site, &[]);
    let mut events = Events::open(&served);
    events.until("the first build", |e| e["build"] == 1);

    site.write(
        "content/notes.md",
        "---\ntitle: Notes\nweight: high\n---\nBroken text.\n",
    );
    let event = events.until("a failure", |e| e["ok"] == false);
    assert_eq!(
        event["build"], 1,
        "a failed rebuild must not count as a build"
    );
    let errors = event["errors"].as_array().expect("errors list");
    assert!(
        errors
            .iter()
            .any(|e| e["location"] == "content/notes.md:3:9" && e["severity"] == "error"),
        "{errors:?}"
    );

    let page = served.get("/notes/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Original text."),
        "the last good page is gone"
    );
    assert!(!page.body.contains("Broken text."));
    assert!(page.body.contains("id=\"strata-error-overlay\""));
    assert!(
        page.body.contains("content/notes.md:3:9: error: weight"),
        "{}",
        page.body
    );
    let status = served.status();
    assert_eq!(status["ok"], false);
    served.wait_for_log("content/notes.md:3:9: error: weight");

    site.write("content/notes.md", page_text("Fixed text."));
    let fixed = served.wait_for_text("/notes/", "Fixed text.");
    assert!(!fixed.body.contains("strata-error-overlay"));
    let status = served.status();
    assert_eq!(status["ok"], true);
    assert_eq!(status["build"], 2);
    assert_eq!(status["errors"].as_array().map(Vec::len), Some(0));
}

fn page_text(body: &str) -> String {
    page("Notes", body)
}

#[test]
fn a_failing_first_build_still_serves_the_errors() {
    let site = TestSite::new().file("content/notes.md", "---\ntitle: [unclosed\n---\nText.\n");
    let served = Served::start(&site, &[]);
    let home = served.get("/");
    assert_eq!(home.status, 503);
    assert!(home.body.contains("id=\"strata-error-overlay\""));
    assert!(home.body.contains("content/notes.md:2"), "{}", home.body);
    assert!(home.body.contains("/__strata/live.js"));
    assert_eq!(served.status()["build"], 0);

    site.write("content/notes.md", page_text("Now it builds."));
    served.wait_for_text("/notes/", "Now it builds.");
    assert_eq!(served.status()["build"], 1);
}

#[test]
fn a_deleted_folder_can_be_recreated() {
    let site = TestSite::new()
        .file("content/team/_index.md", &page("Team", "Team intro."))
        .file("content/team/plan.md", &page("Plan", "First plan."));
    let served = Served::start(&site, &[]);
    served.wait_for_text("/team/plan/", "First plan.");

    std::fs::remove_dir_all(site.path("content/team")).expect("delete folder");
    served.eventually("the deleted page to be gone", || {
        (served.get("/team/plan/").status == 404).then_some(())
    });

    site.write("content/team/_index.md", page("Team", "Team again."));
    site.write("content/team/plan.md", page("Plan", "Second plan."));
    served.wait_for_text("/team/plan/", "Second plan.");
    // The recreated folder is watched: a later edit inside it shows too.
    site.write("content/team/plan.md", page("Plan", "Third plan."));
    served.wait_for_text("/team/plan/", "Third plan.");
}

#[test]
fn folders_created_after_start_are_watched() {
    let site = notes_site();
    let served = Served::start(&site, &[]);
    site.write("content/later/deep/_index.md", page("Deep", "Deep intro."));
    site.write("content/later/deep/idea.md", page("Idea", "An idea."));
    served.wait_for_text("/later/deep/idea/", "An idea.");
    site.write("content/later/deep/idea.md", page("Idea", "A better idea."));
    served.wait_for_text("/later/deep/idea/", "A better idea.");
}

#[test]
fn the_content_folder_itself_can_be_replaced() {
    let site = notes_site();
    let served = Served::start(&site, &[]);
    std::fs::rename(site.path("content"), site.path("old-content")).expect("move away");
    served.eventually("the failure", || {
        (served.status()["ok"] == false).then_some(())
    });
    std::fs::rename(site.path("old-content"), site.path("content")).expect("move back");
    served.eventually("a good build", || {
        (served.status()["ok"] == true).then_some(())
    });
    site.write("content/notes.md", page_text("After the move."));
    served.wait_for_text("/notes/", "After the move.");
}

#[test]
fn atomic_saves_are_picked_up() {
    let site = notes_site().file("strata.yaml", "title: First title\n");
    let served = Served::start(&site, &[]);
    atomic_write(
        &site,
        "content/notes.md",
        ".notes.md.tmp",
        &page_text("Saved atomically."),
    );
    served.wait_for_text("/notes/", "Saved atomically.");
    atomic_write(
        &site,
        "content/notes.md",
        "notes.md___jb_tmp___",
        &page_text("Saved by JetBrains."),
    );
    served.wait_for_text("/notes/", "Saved by JetBrains.");
    atomic_write(
        &site,
        "strata.yaml",
        ".strata.yaml.swp",
        "title: Second title\n",
    );
    served.wait_for_text("/", "Second title");
}

#[test]
fn editor_temp_files_trigger_no_rebuild() {
    let site = notes_site();
    let served = Served::start(&site, &[]);
    let before = served.status();
    for name in [
        ".notes.md.swp",
        "notes.md~",
        "#notes.md#",
        ".#notes.md",
        "4913",
        "notes.md___jb_old___",
        "notes.md.kate-swp",
    ] {
        site.write(&format!("content/{name}"), "scratch");
    }
    // Events arrive in order: once the edit's "Changed" line is printed,
    // any temp file that was not ignored has shown up in a "Changed" line
    // of its own before it or beside it.
    site.write("content/notes.md", page_text("Still watching."));
    served.wait_for_text("/notes/", "Still watching.");
    let log = served.wait_for_log("): content/notes.md\n");
    let changes: Vec<&str> = log.lines().filter(|l| l.starts_with("Changed (")).collect();
    for line in changes {
        assert!(line.ends_with("): content/notes.md"), "{log}");
    }
    assert!(served.status()["rebuilds"].as_u64() > before["rebuilds"].as_u64());
}

#[test]
fn traversal_payloads_never_leave_the_build() {
    let site = notes_site().file("secret.txt", "TOP-SECRET");
    let served = Served::start(&site, &[]);
    let host = served.host();
    // Refused before any lookup: 400. Looked up and not built: 404.
    let paths = [
        ("/../../etc/passwd", 400),
        ("/%2e%2e/%2e%2e/etc/passwd", 400),
        ("/%252e%252e/%252e%252e/etc/passwd", 404),
        ("/..%2f..%2fetc/passwd", 400),
        ("/..\\..\\etc\\passwd", 400),
        ("/%00", 400),
        ("/%2e%2e/secret.txt", 400),
        ("/../secret.txt", 400),
        ("/content/notes.md", 404),
        ("/strata.yaml", 404),
        ("/secret.txt", 404),
        ("//etc/passwd", 400),
        ("/notes/%2e%2e/%2e%2e/secret.txt", 400),
    ];
    for (path, status) in paths {
        let reply = served.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(reply.status, status, "{path}");
        let raw = String::from_utf8_lossy(&reply.raw);
        assert!(!raw.contains("root:"), "{path} leaked /etc/passwd");
        assert!(!raw.contains("TOP-SECRET"), "{path} leaked a file");
    }
    for (request, status) in [
        (
            format!("GET http://evil/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            400,
        ),
        (
            "GET http://evil/ HTTP/1.1\r\nHost: evil\r\nConnection: close\r\n\r\n".to_string(),
            403,
        ),
        (
            format!("GET /etc/passwd HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            404,
        ),
    ] {
        let reply = served.raw(&request);
        assert_eq!(reply.status, status, "{request:?}");
        assert!(!String::from_utf8_lossy(&reply.raw).contains("root:"));
    }
}

#[test]
fn foreign_host_headers_are_forbidden() {
    let site = notes_site();
    let served = Served::start(&site, &[]);
    let port = served.addr.port();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
    ] {
        let reply = served.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(reply.status, 403, "Host: {host}");
        assert!(!reply.body.contains("Welcome"), "Host: {host}");
    }
    let no_host = served.raw("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(no_host.status, 403);
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let reply = served.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(reply.status, 200, "Host: {host}");
    }
}

#[test]
fn event_streams_are_capped_and_do_not_starve_pages() {
    let site = notes_site();
    let served = Served::start(&site, &[]);
    let streams: Vec<Events> = (0..32).map(|_| Events::open(&served)).collect();
    let page = served.get("/notes/");
    assert_eq!(
        page.status, 200,
        "pages must be served while 32 streams are open"
    );
    let refused = served.get("/__strata/events");
    assert_eq!(refused.status, 503);
    drop(streams);
    // A closed stream is noticed at its next keep-alive write.
    served.within(
        Duration::from_secs(30),
        "a stream slot to be freed",
        &mut || {
            let mut stream = TcpStream::connect(served.addr).ok()?;
            stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
            write!(
                stream,
                "GET /__strata/events HTTP/1.1\r\nHost: {}\r\n\r\n",
                served.host()
            )
            .ok()?;
            let mut line = String::new();
            BufReader::new(stream).read_line(&mut line).ok()?;
            line.contains(" 200 ").then_some(())
        },
    );
}

#[test]
fn oversized_request_heads_are_refused_before_they_end() {
    let site = notes_site();
    let served = Served::start(&site, &[]);
    let mut stream = TcpStream::connect(served.addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    // 64 KiB of one header that never ends: the answer must not wait for it.
    let head = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Padding: {}",
        served.host(),
        "a".repeat(64 * 1024)
    );
    let _ = stream.write_all(head.as_bytes());
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let answer = String::from_utf8_lossy(&raw);
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    assert_eq!(served.get("/notes/").status, 200);
}

#[test]
fn silent_connections_are_closed_and_cannot_crowd_out_readers() {
    let site = notes_site();
    // 400 open files leave room for 144 connections.
    let mut command = Command::new("sh");
    command.args(["-c", "ulimit -n 400 && exec \"$0\" \"$@\"", BIN]);
    command.args(["serve", "--port", "0", "--today", "2026-11-21"]);
    let served = Served::run(&site, command);
    served.eventually("the lowered connection cap", || {
        served
            .log()
            .contains("at most 144 connections")
            .then_some(())
    });
    // Far more silent clients than the server keeps connections.
    let silent: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(served.addr).expect("connect"))
        .collect();
    let page = served.get("/notes/");
    assert_eq!(
        page.status, 200,
        "a reader is served among 300 silent clients"
    );
    // The first ones were closed to make room, long before they would
    // have timed out; an unbounded server would still hold them.
    let mut first = &silent[0];
    first
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut raw = Vec::new();
    let closed = first.read_to_end(&mut raw);
    assert!(closed.is_ok() && raw.is_empty(), "{closed:?} {raw:?}");
    let status = std::fs::read_to_string(format!("/proc/{}/status", served.child.id()));
    if let Some(threads) = status.ok().as_deref().and_then(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
    }) {
        assert!(threads < 200, "{threads} threads for 300 connections");
    }
    // The last one cannot have been closed to make room; it times out.
    let mut last = silent.into_iter().last().expect("one");
    last.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut raw = Vec::new();
    let closed = last.read_to_end(&mut raw);
    assert!(closed.is_ok() && raw.is_empty(), "{closed:?} {raw:?}");
}

#[test]
fn a_sub_path_base_url_is_served_from_the_root() {
    let site = notes_site().file("strata.yaml", "base_url: https://intranet.example/plans/\n");
    let served = Served::start(&site, &[]);
    let home = served.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("href=\"/strata.css\""), "{}", home.body);
    assert!(
        !home.body.contains("/plans/"),
        "links point at the published site"
    );
    assert_eq!(served.get("/notes/").status, 200);
}

#[test]
fn polling_watcher_picks_up_edits() {
    let site = notes_site();
    let served = Served::start_with_env(&site, &[], &[("STRATA_WATCHER", "poll")]);
    served.eventually("the polling notice", || {
        served.log().contains("(polling)").then_some(())
    });
    site.write("content/notes.md", page_text("Seen by polling."));
    served.wait_for_text("/notes/", "Seen by polling.");
    std::fs::remove_file(site.path("content/notes.md")).expect("delete");
    served.eventually("the deleted page to be gone", || {
        (served.get("/notes/").status == 404).then_some(())
    });
}

#[test]
fn a_taken_port_moves_to_a_free_one_and_says_so() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let site = notes_site();
    let served = Served::spawn(&site, &["serve", "--port", &port], &[]);
    assert_ne!(served.addr.port().to_string(), port);
    served.eventually("the note about the port", || {
        served
            .log()
            .contains(&format!("port {port} is in use"))
            .then_some(())
    });
    assert_eq!(served.get("/notes/").status, 200);
}

#[test]
fn the_root_flag_selects_the_site() {
    let site = notes_site();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let root = site.root().to_str().expect("UTF-8 path").to_string();
    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0", "--root", &root])
        .current_dir(elsewhere.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout);
    while !line.contains("http://") {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.starts_with("Serving Plans at http://127.0.0.1:"),
        "{line}"
    );
    assert!(!Path::new(&elsewhere.path().join("public")).exists());
}

#[test]
fn a_site_base_template_without_the_script_still_reloads() {
    let base = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
        <title>{% block title %}{% endblock title %}</title>\n\
        <meta name=\"description\" content=\"{% block description %}{% endblock description %}\">\n\
        {% block head %}{% endblock head %}\n</head>\n<body>\n\
        {% block content %}{% endblock content %}\n</body>\n</html>\n";
    let site = notes_site().file("templates/base.html", base);
    site.build(&[]).ok();
    let built = scraper::Html::parse_document(&site.output("notes/index.html"));
    assert!(
        attrs(&built, "script", "src").is_empty(),
        "a build has no reload script"
    );

    let served = Served::start(&site, &[]);
    let mut events = Events::open(&served);
    events.until("the first build", |e| e["build"] == 1);
    let page = scraper::Html::parse_document(&served.get("/notes/").body);
    assert_eq!(attrs(&page, "body script", "src"), ["/__strata/live.js"]);
    site.write("content/notes.md", page_text("Edited text."));
    let event = events.until("the reload event of build 2", |e| e["build"] == 2);
    assert_eq!(event["ok"], true);
    served.wait_for_text("/notes/", "Edited text.");
}
