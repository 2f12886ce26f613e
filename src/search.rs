//! The search index: every content page goes to Pagefind, whose index and
//! search UI are then written beside the site (`pagefind/`).
//!
//! Each page is handed over as a small document of its own ([`record`]):
//! title and summary, with its level, status, team, owner and period as
//! filters, level and status shown with each result. Pagefind reads it
//! faster than the whole page with its navigation, and the index does not
//! depend on the theme. Its indexing API is async, so it runs on one
//! thread with a small runtime of its own while the render threads hand it
//! records through a bounded channel: pages are indexed while others are
//! still rendering, and only records (never whole pages) wait their turn.

use crate::diagnostics::{Diagnostic, Kind};
use crate::output::Sink;
use crate::render::page_view::PageView;
use pagefind::api::PagefindIndex;
use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Where the index and its UI go, under the output root.
pub const FOLDER: &str = "pagefind";

/// Rendered pages waiting for the indexer; render threads wait beyond this.
const QUEUE: usize = 64;

/// A page's place in the site's page order, its path on the site and its
/// [`record`].
struct Page {
    order: usize,
    path: String,
    record: String,
}

type Files = Vec<pagefind::api::SyntheticFile>;

/// Indexes pages on its own thread as they are handed over.
pub struct Indexer {
    pages: SyncSender<Page>,
    worker: JoinHandle<Result<Files, String>>,
}

impl Indexer {
    pub fn start() -> Result<Indexer, Diagnostic> {
        let (pages, queue) = sync_channel(QUEUE);
        let worker = std::thread::Builder::new()
            .name("search index".into())
            .spawn(move || index(queue))
            .map_err(|e| failure(&e))?;
        Ok(Indexer { pages, worker })
    }

    /// Queues a rendered page; `order` is its place among the site's
    /// pages, `path` its path on the site without the base path (the
    /// search box adds it to the results' links).
    pub fn add(&self, order: usize, path: &str, page: &PageView<'_>) {
        let page = Page {
            order,
            path: path.to_string(),
            record: record(page),
        };
        // A send fails only once the worker has stopped on an error, which
        // `finish` reports.
        let _ = self.pages.send(page);
    }

    /// Builds the index and writes its files into `sink`, under [`FOLDER`].
    pub fn finish(self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        drop(self.pages);
        let files = self
            .worker
            .join()
            .map_err(|_| failure(&"the indexing thread panicked"))?
            .map_err(|e| failure(&e))?;
        for file in files {
            let path = format!("{FOLDER}/{}", file.filename.to_string_lossy());
            sink.write(&path, &file.contents).map_err(|e| {
                Diagnostic::error(Kind::Output, path.as_str(), format!("cannot write: {e}"))
            })?;
        }
        Ok(())
    }
}

/// Adds every queued page in the site's page order, whatever order the
/// render threads finish them in (Pagefind numbers pages as they come, so
/// this keeps two builds' indexes identical), then builds the index in
/// memory.
fn index(queue: Receiver<Page>) -> Result<Files, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut index = PagefindIndex::new(None).map_err(|e| e.to_string())?;
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for page in queue {
            waiting.insert(page.order, page);
            while let Some(page) = waiting.remove(&next) {
                add(&mut index, page).await?;
                next += 1;
            }
        }
        // Pages that failed to render leave gaps: the rest, in order.
        for page in waiting.into_values() {
            add(&mut index, page).await?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    })
}

async fn add(index: &mut PagefindIndex, page: Page) -> Result<(), String> {
    index
        .add_html_file(None, Some(page.path.clone()), page.record)
        .await
        .map(drop)
        .map_err(|e| format!("{}: {e}", page.path))
}

/// What the index knows of a page, as the HTML Pagefind reads: the text
/// under `data-pagefind-body`, filters and result tags taken from the
/// `data-value` of empty elements (so any value is safe to write).
fn record(page: &PageView<'_>) -> String {
    let meta = &page.meta;
    let fields = [
        ("level", page.level.as_ref().map(|l| l.name), true),
        ("status", meta.status.map(|s| s.name()), true),
        ("team", meta.team, false),
        ("owner", meta.owner, false),
        (
            "period",
            meta.period.as_deref().or(meta.date.as_deref()),
            false,
        ),
    ];
    let mut html = String::with_capacity(page.summary.len() + 512);
    html.push_str("<html lang=\"en\"><body data-pagefind-body><h1 data-pagefind-meta=\"title\">");
    escape(&mut html, page.title);
    html.push_str("</h1>");
    for (name, value, shown) in fields {
        let Some(value) = value else { continue };
        html.push_str(&format!("<b data-pagefind-filter=\"{name}[data-value]\""));
        if shown {
            html.push_str(&format!(" data-pagefind-meta=\"{name}[data-value]\""));
        }
        html.push_str(" data-value=\"");
        escape(&mut html, value);
        html.push_str("\"></b>");
    }
    // The summary (the description, else the first paragraph), not the
    // whole body: full text made the 10,000-page build several times
    // slower and its memory peak 1.2 GiB (bench/README.md).
    html.push_str(page.summary);
    html.push_str("</body></html>");
    html
}

fn escape(html: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(html, text);
}

fn failure(cause: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        Kind::Output,
        FOLDER,
        format!("cannot build the search index: {cause}"),
    )
    .hint("build with `search: false` in strata.yaml to leave the index out, and report this")
}
