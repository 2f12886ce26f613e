//! A headless Chromium driven through chromedriver's WebDriver HTTP API
//! (raw JSON over `TcpStream`), for the tests a person would do in a
//! browser. The build script sets `cfg(chromium)` when both are installed.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Waits for the browser to show a change; generous for slow machines.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// A chromedriver process, killed on drop.
pub struct Driver {
    child: Child,
    addr: SocketAddr,
}

impl Driver {
    pub fn start() -> Driver {
        // chromedriver cannot pick its own port: take a free one, and take
        // another when something else bound it first and chromedriver quit.
        for _ in 0..5 {
            if let Some(driver) = Driver::start_on(free_port()) {
                return driver;
            }
        }
        panic!("chromedriver did not start on any of five free ports");
    }

    /// A chromedriver answering on `port`, or `None` if it quit first.
    fn start_on(port: u16) -> Option<Driver> {
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let mut driver = Driver {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        let started = Instant::now();
        loop {
            let status = driver.call("GET", "/status", None);
            if status.is_some_and(|s| s["value"]["ready"].is_boolean()) {
                return Some(driver);
            }
            if driver.child.try_wait().ok().flatten().is_some() {
                return None;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One WebDriver call; `None` when chromedriver cannot be reached.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Option<Value> {
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

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session, closed on drop (before the driver is killed).
pub struct Browser<'a> {
    driver: &'a Driver,
    session: String,
    _profile: tempfile::TempDir,
}

impl<'a> Browser<'a> {
    pub fn open(driver: &'a Driver) -> Browser<'a> {
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

    pub fn go(&self, url: &str) {
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
    pub fn run(&self, script: &str) -> Value {
        self.execute("sync", script)
    }

    /// Runs `script` (a function body) that calls its last argument with
    /// the result, and returns that result.
    pub fn run_async(&self, script: &str) -> Value {
        self.execute("async", script)
    }

    fn execute(&self, mode: &str, script: &str) -> Value {
        let path = format!("/session/{}/execute/{mode}", self.session);
        let body = json!({ "script": script, "args": [] });
        self.driver
            .call("POST", &path, Some(&body))
            .map(|r| r["value"].clone())
            .unwrap_or(Value::Null)
    }

    /// Types `text` into the element matching `css`, key by key, as a
    /// person would (the element gets focus first).
    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.element(css);
        let path = format!("/session/{}/element/{element}/value", self.session);
        let reply = self
            .driver
            .call("POST", &path, Some(&json!({ "text": text })));
        assert!(
            reply.as_ref().is_some_and(|r| r["value"].is_null()),
            "type into {css}: {reply:?}"
        );
    }

    /// Presses each key of `keys` (WebDriver key codes such as `\u{E00C}`,
    /// Escape, included) wherever the focus is.
    pub fn press(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|key| {
                let key = key.to_string();
                [
                    json!({ "type": "keyDown", "value": key }),
                    json!({ "type": "keyUp", "value": key }),
                ]
            })
            .collect();
        let path = format!("/session/{}/actions", self.session);
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        let reply = self.driver.call("POST", &path, Some(&body));
        assert!(
            reply.as_ref().is_some_and(|r| r["value"].is_null()),
            "press {keys:?}: {reply:?}"
        );
    }

    /// Clicks the element matching `css` where a pointer would.
    pub fn click(&self, css: &str) {
        let element = self.element(css);
        let path = format!("/session/{}/element/{element}/click", self.session);
        let reply = self.driver.call("POST", &path, Some(&json!({})));
        assert!(
            reply.as_ref().is_some_and(|r| r["value"].is_null()),
            "click {css}: {reply:?}"
        );
    }

    /// The WebDriver id of the first element matching `css`.
    fn element(&self, css: &str) -> String {
        let path = format!("/session/{}/element", self.session);
        let body = json!({ "using": "css selector", "value": css });
        let reply = self.driver.call("POST", &path, Some(&body));
        reply
            .as_ref()
            .and_then(|r| r["value"].as_object())
            .and_then(|v| v.values().next())
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no element {css}: {reply:?}"))
    }

    /// Polls `script` until it returns something truthy; `context` says
    /// what was going on if it never does.
    pub fn wait_for(&self, what: &str, script: &str, context: &dyn Fn() -> String) -> Value {
        let started = Instant::now();
        loop {
            let value = self.run(script);
            let truthy = !(value.is_null() || value == false || value == "");
            if truthy && value.get("error").is_none() {
                return value;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "timed out waiting for {what} in the browser (last: {value})\n{}",
                context()
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
