//! The live site: the last good build, the last failure, and how browsers
//! hear about both.
//!
//! A rebuild never touches the served files in place: a successful one
//! swaps in a whole new [`Snapshot`] under the lock, a failed one keeps the
//! snapshot and records its diagnostics. Browsers learn of either through
//! Server-Sent Events (`/__strata/events`) or `/__strata/status`; HTML
//! responses carry the build number they came from (a `<meta>` tag), the
//! reload script and, while the last rebuild is failing, the error overlay,
//! so it shows even without JavaScript. All three are added here, as pages
//! are served: the build itself does not know it is being previewed, and a
//! site's own templates need nothing for live reload.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Files;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The id of the overlay element, in HTML and in `live.js`.
pub const OVERLAY_ID: &str = "strata-error-overlay";

/// The overlay's look, shared by the server-side overlay and `live.js`.
const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;\
    max-height:50vh;overflow:auto;box-sizing:border-box;margin:0;padding:1em 1.25em;\
    background:#2b0b0b;color:#fff;border-top:4px solid #e5484d;\
    font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
    white-space:pre-wrap;text-align:left;box-shadow:0 -4px 16px rgba(0,0,0,.4)";

/// How a served page loads the reload script: from the server's root,
/// whatever the site's `base_url` (the preview serves at `/`).
const LIVE_SCRIPT: &str = "<script src=\"/__strata/live.js\"></script>\n";

/// The reload script, with the overlay style filled in.
pub fn live_js() -> String {
    let style = serde_json::to_string(OVERLAY_STYLE).expect("a string serializes");
    include_str!("live.js")
        .replace("\"__OVERLAY_STYLE__\"", &style)
        .replace("\"__OVERLAY_ID__\"", &format!("{OVERLAY_ID:?}"))
}

/// Every file of one successful build, by path below the site root
/// (`index.html`, `a/b/index.html`, `strata.css`).
#[derive(Debug, Default)]
pub struct Snapshot {
    /// 1 for the first successful build; 0 while none has succeeded.
    pub build: u64,
    pub files: Files,
}

/// What requests and event streams see: one consistent view.
#[derive(Debug, Clone)]
pub struct State {
    pub site: Arc<Snapshot>,
    /// The diagnostics of the last rebuild, when it failed.
    pub failure: Option<Arc<Diagnostics>>,
    /// Counts every rebuild, good or bad; event streams wait on it.
    pub rebuilds: u64,
}

/// The shared live site.
pub struct Live {
    state: Mutex<State>,
    changed: Condvar,
    /// Tells this server run from a previous one, so open pages reload
    /// after a restart even though build numbers start again at 1.
    server_id: String,
}

impl Default for Live {
    fn default() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Live {
            state: Mutex::new(State {
                site: Arc::new(Snapshot::default()),
                failure: None,
                rebuilds: 0,
            }),
            changed: Condvar::new(),
            server_id: format!("{:x}-{:x}", std::process::id(), nanos),
        }
    }
}

impl Live {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is replaced whole, so a panic elsewhere cannot leave it
        // half-updated.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn current(&self) -> State {
        self.lock().clone()
    }

    /// Swaps in a new build; returns its number.
    pub fn succeed(&self, files: Files) -> u64 {
        let mut state = self.lock();
        let build = state.site.build + 1;
        state.site = Arc::new(Snapshot { build, files });
        state.failure = None;
        state.rebuilds += 1;
        self.changed.notify_all();
        build
    }

    /// Swaps in the current build with `changed` files replaced: the result
    /// of an incremental update.
    pub fn update(&self, changed: Files) -> u64 {
        let mut files = self.lock().site.files.clone();
        files.extend(changed);
        self.succeed(files)
    }

    /// Records a failed rebuild; the last good build stays served.
    pub fn fail(&self, diagnostics: Diagnostics) {
        let mut state = self.lock();
        state.failure = Some(Arc::new(diagnostics));
        state.rebuilds += 1;
        self.changed.notify_all();
    }

    /// Waits until a rebuild after `seen` happened, or `timeout` passed.
    pub fn wait_after(&self, seen: u64, timeout: Duration) -> Option<State> {
        let guard = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.rebuilds == seen)
            .unwrap_or_else(PoisonError::into_inner);
        (state.rebuilds != seen).then(|| state.clone())
    }

    /// `/__strata/status` and each event: JSON.
    pub fn status_json(&self, state: &State) -> String {
        let diagnostics: Vec<serde_json::Value> = state
            .failure
            .iter()
            .flat_map(|d| errors_first(d))
            .map(|d| {
                serde_json::json!({
                    "severity": d.severity,
                    "kind": d.kind,
                    "file": crate::diagnostics::display_path(&d.file),
                    "line": d.line,
                    "column": d.column,
                    "location": d.location(),
                    "message": d.message,
                    "hint": d.hint,
                    "text": d.to_string(),
                })
            })
            .collect();
        serde_json::json!({
            "server": self.server_id,
            "build": state.site.build,
            "rebuilds": state.rebuilds,
            "ok": state.failure.is_none(),
            "summary": state.failure.as_deref().map(failure_summary),
            "errors": diagnostics,
        })
        .to_string()
    }

    /// An HTML page as served: stamped with its build, with the reload
    /// script, and carrying the overlay while the last rebuild is failing.
    pub fn decorate_html(&self, html: &[u8], state: &State) -> Vec<u8> {
        let meta = format!(
            "<meta name=\"strata-build\" content=\"{}\" data-server=\"{}\">\n",
            state.site.build, self.server_id
        );
        let mut out = Vec::with_capacity(html.len() + 512);
        let head_end = find_ignore_case(html, b"</head>");
        let body_end = rfind_ignore_case(html, b"</body>").filter(|b| head_end <= Some(*b));
        let (before, rest) = match head_end {
            Some(i) => html.split_at(i),
            None => (&html[..0], html),
        };
        out.extend_from_slice(before);
        out.extend_from_slice(meta.as_bytes());
        let mut overlay = state
            .failure
            .as_deref()
            .map(overlay_html)
            .unwrap_or_default();
        overlay.push_str(LIVE_SCRIPT);
        match body_end {
            Some(i) => {
                let (body, end) = rest.split_at(i - before.len());
                out.extend_from_slice(body);
                out.extend_from_slice(overlay.as_bytes());
                out.extend_from_slice(end);
            }
            None => {
                out.extend_from_slice(rest);
                out.extend_from_slice(overlay.as_bytes());
            }
        }
        out
    }

    /// The page shown before any build has succeeded.
    pub fn placeholder_html(&self, state: &State) -> Vec<u8> {
        let page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
            <title>Strata: building</title>\n</head>\n<body>\n\
            <p>The site has not built successfully yet.</p>\n</body>\n</html>\n";
        self.decorate_html(page.as_bytes(), state)
    }
}

/// `Build failed: 1 error, 0 warnings. ...`
fn failure_summary(diagnostics: &Diagnostics) -> String {
    format!(
        "Build failed: {}. Showing the last good build; fix the problem and save, \
         and this page reloads by itself.",
        diagnostics.summary()
    )
}

/// Errors, then warnings, each in file order.
fn errors_first(diagnostics: &Diagnostics) -> impl Iterator<Item = &Diagnostic> {
    let errors = diagnostics.iter().filter(|d| d.is_error());
    errors.chain(diagnostics.iter().filter(|d| !d.is_error()))
}

/// The overlay listing every diagnostic, as HTML.
pub fn overlay_html(diagnostics: &Diagnostics) -> String {
    let mut items = String::new();
    for d in errors_first(diagnostics) {
        items.push_str("<li style=\"margin:.5em 0\">");
        items.push_str(&escape_html(&d.to_string()));
        items.push_str("</li>");
    }
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"{OVERLAY_STYLE}\">\
         <strong>{}</strong><ul style=\"margin:.5em 0 0;padding-left:1.25em\">{items}</ul></div>",
        escape_html(&failure_summary(diagnostics))
    )
}

/// `text` escaped for HTML text and double-quoted attributes.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// How often an idle event stream sends a comment, so a closed browser tab
/// is noticed and its slot freed.
const HEARTBEAT: Duration = Duration::from_secs(4);

/// Streams status events until the browser goes away. The first event is
/// the current status, so a page that connects late still learns of a
/// build it missed.
pub fn stream_events(live: &Live, mut out: impl Write) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\n\
          Content-Type: text/event-stream; charset=utf-8\r\n\
          Cache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\n\
          Connection: close\r\n\r\n\
          retry: 1000\n\n",
    )?;
    let mut state = live.current();
    loop {
        let event = format!(
            "id: {}\ndata: {}\n\n",
            state.rebuilds,
            live.status_json(&state)
        );
        out.write_all(event.as_bytes())?;
        out.flush()?;
        loop {
            match live.wait_after(state.rebuilds, HEARTBEAT) {
                Some(next) => {
                    state = next;
                    break;
                }
                None => {
                    out.write_all(b": keep-alive\n\n")?;
                    out.flush()?;
                }
            }
        }
    }
}

/// Holds one of the capped event-stream slots; frees it when dropped.
pub struct StreamSlot(Arc<AtomicUsize>);

impl StreamSlot {
    pub fn take(streams: &Arc<AtomicUsize>, cap: usize) -> Option<StreamSlot> {
        streams
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < cap).then_some(n + 1)
            })
            .ok()
            .map(|_| StreamSlot(Arc::clone(streams)))
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Kind;
    use crate::output::Kept;

    fn failing() -> Diagnostics {
        Diagnostics(vec![
            Diagnostic::warning(Kind::Stale, "content/b.md", "just a warning"),
            Diagnostic::error(
                Kind::Frontmatter,
                "content/a.md",
                "weight must be <a number>",
            )
            .at(3, 9)
            .hint("write a number"),
        ])
    }

    #[test]
    fn failure_keeps_the_last_good_build() {
        let live = Live::default();
        assert_eq!(live.current().site.build, 0);
        let files = Files::from([("index.html".to_string(), Kept::new(b"one"))]);
        assert_eq!(live.succeed(files), 1);
        live.fail(failing());
        let state = live.current();
        assert_eq!(state.site.build, 1);
        assert_eq!(state.rebuilds, 2);
        assert_eq!(&state.site.files["index.html"].bytes()[..], b"one");
        assert!(state.failure.is_some());
        assert_eq!(live.succeed(Files::new()), 2);
        assert!(live.current().failure.is_none());
    }

    #[test]
    fn overlay_escapes_and_lists_errors_first() {
        let html = overlay_html(&failing());
        assert!(html.starts_with("<div id=\"strata-error-overlay\""));
        assert!(html.contains("content/a.md:3:9: error: weight must be &lt;a number&gt;"));
        assert!(html.contains("help: write a number"));
        assert!(html.find("content/a.md").unwrap() < html.find("content/b.md").unwrap());
        assert!(!html.contains("<a number>"));
    }

    #[test]
    fn html_is_stamped_and_gets_the_overlay_only_while_failing() {
        let live = Live::default();
        live.succeed(Files::new());
        let page = b"<html><HEAD><title>t</title></HEAD><body><p>hi</p></BODY></html>";
        let good = String::from_utf8(live.decorate_html(page, &live.current())).unwrap();
        assert!(good.contains("<meta name=\"strata-build\" content=\"1\""));
        assert!(good.find("strata-build").unwrap() < good.find("</HEAD>").unwrap());
        assert!(!good.contains(OVERLAY_ID));
        assert_eq!(good.matches(LIVE_SCRIPT).count(), 1);
        assert!(good.find(LIVE_SCRIPT).unwrap() < good.find("</BODY>").unwrap());
        live.fail(failing());
        let bad = String::from_utf8(live.decorate_html(page, &live.current())).unwrap();
        let overlay = bad.find(OVERLAY_ID).unwrap();
        assert!(bad.find("<p>hi</p>").unwrap() < overlay);
        assert!(overlay < bad.find("</BODY>").unwrap());
        let fragment = String::from_utf8(live.decorate_html(b"<p>x", &live.current())).unwrap();
        assert!(fragment.starts_with("<meta") && fragment.contains(OVERLAY_ID));
    }

    #[test]
    fn status_reports_every_diagnostic() {
        let live = Live::default();
        live.fail(failing());
        let status: serde_json::Value =
            serde_json::from_str(&live.status_json(&live.current())).unwrap();
        assert_eq!(status["build"], 0);
        assert_eq!(status["ok"], false);
        assert_eq!(status["errors"].as_array().unwrap().len(), 2);
        assert_eq!(status["errors"][0]["location"], "content/a.md:3:9");
    }

    #[test]
    fn waiting_sees_a_rebuild_or_times_out() {
        let live = Live::default();
        assert!(live.wait_after(0, Duration::from_millis(10)).is_none());
        live.succeed(Files::new());
        assert_eq!(
            live.wait_after(0, Duration::from_secs(5)).unwrap().rebuilds,
            1
        );
    }

    #[test]
    fn stream_slots_are_capped_and_freed() {
        let streams = Arc::new(AtomicUsize::new(0));
        let a = StreamSlot::take(&streams, 2).unwrap();
        let _b = StreamSlot::take(&streams, 2).unwrap();
        assert!(StreamSlot::take(&streams, 2).is_none());
        drop(a);
        assert!(StreamSlot::take(&streams, 2).is_some());
    }

    #[test]
    fn live_js_has_the_style_filled_in() {
        let js = live_js();
        assert!(!js.contains("__OVERLAY_STYLE__"));
        assert!(js.contains("position:fixed"));
        assert!(js.contains("\"strata-error-overlay\""));
    }
}
