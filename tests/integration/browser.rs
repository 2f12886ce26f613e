//! Integration test: live reload in a real, headless Chromium, driven
//! through chromedriver's WebDriver HTTP API (raw JSON over `TcpStream`).
//!
//! Without Chromium the test is marked ignored (the build script sees the
//! browser), so the summary says it did not run; with `CI` set, a missing
//! browser is a failure, so CI cannot silently stop testing live reload.

use crate::common::*;
use crate::serve::Served;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Waits for the browser to show a change; generous for slow machines.
const DEADLINE: Duration = Duration::from_secs(10);

/// CI must run the browser tests: there, a missing browser is a failure
/// rather than a test marked ignored.
#[test]
#[cfg(not(chromium))]
fn ci_has_a_browser() {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {CHROMIUM} or {CHROMEDRIVER} is missing: install the Debian packages \
         chromium and chromium-driver (.ci/run does)"
    );
}

/// A chromedriver process, killed on drop.
struct Driver {
    child: Child,
    addr: SocketAddr,
}

impl Driver {
    fn start() -> Driver {
        // chromedriver cannot pick its own port; take a free one.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        let started = Instant::now();
        while driver.call("GET", "/status", None).is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    /// One WebDriver call; `None` when chromedriver cannot be reached.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Option<Value> {
        let mut stream = TcpStream::connect(self.addr).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .ok()?;
        let body = body.map(Value::to_string).unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .ok()?;
        let mut reader = BufReader::new(stream);
        let mut length = None;
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let mut bytes = Vec::new();
        match length {
            Some(n) => {
                bytes.resize(n, 0);
                reader.read_exact(&mut bytes).ok()?;
            }
            None => {
                reader.read_to_end(&mut bytes).ok()?;
            }
        }
        serde_json::from_slice(&bytes).ok()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session, closed on drop (before the driver is killed).
struct Browser<'a> {
    driver: &'a Driver,
    session: String,
    _profile: tempfile::TempDir,
}

impl<'a> Browser<'a> {
    fn open(driver: &'a Driver) -> Browser<'a> {
        let profile = tempfile::tempdir().expect("profile dir");
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1024,768".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
            }}
        });
        let reply = driver
            .call("POST", "/session", Some(&capabilities))
            .expect("chromedriver answers");
        let session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {reply}"))
            .to_string();
        Browser {
            driver,
            session,
            _profile: profile,
        }
    }

    fn go(&self, url: &str) {
        let path = format!("/session/{}/url", self.session);
        let reply = self
            .driver
            .call("POST", &path, Some(&json!({ "url": url })));
        assert!(
            reply.as_ref().is_some_and(|r| r["value"].is_null()),
            "navigate: {reply:?}"
        );
    }

    /// Runs `script` (a function body) in the page; its return value.
    fn run(&self, script: &str) -> Value {
        let path = format!("/session/{}/execute/sync", self.session);
        let body = json!({ "script": script, "args": [] });
        self.driver
            .call("POST", &path, Some(&body))
            .map(|r| r["value"].clone())
            .unwrap_or(Value::Null)
    }

    /// Polls `script` until it returns something truthy.
    fn wait_for(&self, what: &str, script: &str, served: &Served) -> Value {
        let started = Instant::now();
        loop {
            let value = self.run(script);
            let truthy = !(value.is_null() || value == false || value == "");
            if truthy && value.get("error").is_none() {
                return value;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "timed out waiting for {what} in the browser (last: {value})\n\
                 --- server output\n{}",
                served.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser<'_> {
    fn drop(&mut self) {
        let _ = self
            .driver
            .call("DELETE", &format!("/session/{}", self.session), None);
    }
}

fn long_page(marker: &str) -> String {
    let filler: String = (1..=80)
        .map(|i| format!("Paragraph {i} of filler so the page can scroll.\n\n"))
        .collect();
    format!("---\ntitle: Plan\n---\n{marker}\n\n{filler}")
}

#[test]
#[cfg_attr(
    not(chromium),
    ignore = "needs chromium and chromium-driver (.ci/run installs them)"
)]
fn live_reload_in_a_real_browser() {
    let site = TestSite::new().file("content/plan.md", &long_page("Original marker."));
    let served = Served::start(&site, &[]);
    let driver = Driver::start();
    let browser = Browser::open(&driver);
    browser.go(&format!("{}plan/", served.url));
    browser.wait_for(
        "the page",
        "return document.readyState === 'complete' && document.body.innerText.includes('Original marker.');",
        &served,
    );
    browser.wait_for(
        "the page to scroll",
        "window.scrollTo({ top: 600, behavior: 'instant' }); return window.scrollY > 500;",
        &served,
    );

    // An edit reloads the page by itself and keeps the scroll position.
    site.write("content/plan.md", long_page("Edited marker."));
    let y = browser.wait_for(
        "the edited text",
        "return document.readyState === 'complete' \
         && document.body.innerText.includes('Edited marker.') \
         && String(window.scrollY);",
        &served,
    );
    let y: f64 = y.as_str().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    assert!((y - 600.0).abs() < 60.0, "scroll position not kept: {y}");

    // A broken edit shows the overlay over the last good page...
    site.write(
        "content/plan.md",
        "---\ntitle: Plan\nweight: high\n---\nBroken marker.\n",
    );
    let overlay = browser.wait_for(
        "the error overlay",
        "var o = document.getElementById('strata-error-overlay'); return o && o.innerText;",
        &served,
    );
    let overlay = overlay.as_str().unwrap_or_default();
    assert!(overlay.contains("content/plan.md:3:9"), "{overlay}");
    let text = browser.run("return document.body.innerText;");
    assert!(text.as_str().unwrap_or_default().contains("Edited marker."));

    // ...and fixing it removes the overlay.
    site.write("content/plan.md", long_page("Fixed marker."));
    browser.wait_for(
        "the fixed page without overlay",
        "return document.readyState === 'complete' \
         && document.body.innerText.includes('Fixed marker.') \
         && !document.getElementById('strata-error-overlay');",
        &served,
    );
}
