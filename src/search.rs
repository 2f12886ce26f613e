//! The search documents: one small record of every content page, written
//! as one script (`search/documents.js`) that the theme's search box loads
//! and indexes with MiniSearch in the browser.
//!
//! A record holds what a reader searches and filters by: the page's title,
//! level, status, team, owner and period, its summary as plain text and its
//! headings, never the whole body. One script rather than a word index of
//! many files keeps the build's extra work to a few bytes per page (the
//! Pagefind index it replaces tripled the build time, bench/README.md), and
//! a script rather than a JSON file loads with a `<script>` tag, so search
//! also works from `file://`.

use crate::diagnostics::{Diagnostic, Kind};
use crate::output::Sink;
use crate::render::page_view::PageView;
use serde::Serialize;
use std::sync::{LazyLock, Mutex};

/// Where the documents go, under the output root.
pub const DOCUMENTS: &str = "search/documents.js";

/// What the script assigns the records to.
const GLOBAL: &str = "window.strataSearch";

/// What the index knows of a page; fields a page lacks are left out.
#[derive(Serialize)]
struct Record {
    /// The page's path on the site without the base path (the search box
    /// adds it to the results' links).
    url: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<String>,
    /// The level's place from the top, for the filter's order and the
    /// badge's colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    summary: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    headings: Vec<String>,
}

/// Collects the records of the pages rendered, from any render thread.
pub struct Indexer {
    /// Each record with its page's place in the site's page order.
    records: Mutex<Vec<(usize, Record)>>,
}

impl Indexer {
    pub fn start() -> Result<Indexer, Diagnostic> {
        Ok(Indexer {
            records: Mutex::new(Vec::new()),
        })
    }

    /// Adds a rendered page; `order` is its place among the site's pages,
    /// `path` its path on the site without the base path. A page listed on
    /// several pages (a paged section) is added once per page and kept once.
    pub fn add(&self, order: usize, path: &str, page: &PageView<'_>) {
        let record = record(path, page);
        self.lock().push((order, record));
    }

    /// Writes the records, in the site's page order whatever order the
    /// render threads finished in, so two builds write the same file.
    pub fn finish(self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let mut records = self.records.into_inner().unwrap_or_else(|e| e.into_inner());
        records.sort_by_key(|(order, _)| *order);
        records.dedup_by_key(|(order, _)| *order);
        let records: Vec<&Record> = records.iter().map(|(_, record)| record).collect();
        sink.write_from(DOCUMENTS, &mut |out| {
            write!(out, "{GLOBAL} = ")?;
            serde_json::to_writer(&mut *out, &records)?;
            writeln!(out, ";")
        })
        .map_err(|e| {
            Diagnostic::error(Kind::Output, DOCUMENTS, format!("cannot write: {e}"))
                .hint("build with `search: false` in strata.yaml to leave search out")
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(usize, Record)>> {
        // A render thread that panicked holding the lock left whole records.
        self.records.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn record(path: &str, page: &PageView<'_>) -> Record {
    let meta = &page.meta;
    Record {
        url: path.to_string(),
        title: page.title.to_string(),
        level: page.level.as_ref().map(|l| l.name.to_string()),
        rank: page.level.as_ref().map(|l| l.number),
        status: meta.status.map(|s| s.name()),
        team: meta.team.map(str::to_string),
        owner: meta.owner.map(str::to_string),
        period: meta.period.clone().or_else(|| meta.date.clone()),
        summary: plain_text(page.summary),
        headings: page.toc.iter().map(|h| h.title.to_string()).collect(),
    }
}

/// Removes every tag (and the contents of `script` and `style`).
static TEXT_ONLY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(ammonia::Builder::empty);

/// The text of an HTML fragment (a summary), its spaces collapsed.
fn plain_text(html: &str) -> String {
    let text = TEXT_ONLY.clean(html).to_string();
    // The sanitiser writes text as HTML does, with these four escaped.
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_become_plain_text() {
        assert_eq!(
            plain_text(
                "<p>Grind <em>the</em>\n<a href=\"/m/\">mirror</a> &amp; test &lt;it&gt;.</p>\n"
            ),
            "Grind the mirror & test <it>."
        );
        assert_eq!(plain_text("<p>a&amp;lt;b</p>"), "a&lt;b", "decoded once");
        assert_eq!(plain_text("<p>x<script>alert(1)</script> y</p>"), "x y");
    }
}
