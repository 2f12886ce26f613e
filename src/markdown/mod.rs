//! Markdown to HTML in one pass over pulldown-cmark events.
//!
//! Returns the HTML with heading anchors, the table of contents, the summary
//! (first paragraph) and every link with its file position, so that link
//! checking can run later over the whole site. No regex over HTML.
//!
//! Every step is linear in the body, and limits that no real page meets
//! (headings, links, raw HTML tags, output size) bound a hostile one; what
//! a body may publish is decided in `safe_html`.

mod safe_html;
pub mod title;

pub use safe_html::RawHtml;
pub use title::HeadingPlan;

use crate::diagnostics::{Diagnostic, Kind, Subject};
use crate::ids::PageId;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

/// Headings one page may have: a real page has dozens, a table of
/// contents with more is unreadable, and each one costs an anchor and a
/// table-of-contents entry.
pub const MAX_HEADINGS: usize = 10_000;
const _: () = assert!(
    MAX_HEADINGS <= u16::MAX as usize,
    "a heading's index is a u16"
);
/// Links and images one page may have; each is resolved and checked.
pub const MAX_LINKS: usize = 100_000;
/// Raw HTML tags one page may hold. The HTML parser behind the sanitiser
/// slows down with the depth of nesting; a page of hand-written HTML has
/// hundreds of tags.
pub const MAX_HTML_TAGS: usize = 10_000;
/// HTML one page body may render to (a real page renders to well under 1 MiB).
pub const MAX_HTML_BYTES: usize = 16 << 20;

/// One heading, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: Box<str>,
    pub title: Box<str>,
}

/// A link or image destination as written in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    /// 1-based file line and column of the link.
    pub line: usize,
    pub column: usize,
    pub image: bool,
}

/// Something in a body the contributor must hear about, at a file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: Kind,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: &'static str,
}

/// The result of rendering one page body. A site keeps one per page
/// (without its HTML) for as long as it is previewed, so what it holds is
/// kept tight: boxed strings and slices, no spare capacity.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub summary: Box<str>,
    pub toc: Box<[Heading]>,
    /// The id of a first `# heading` that became the page title.
    pub title_anchor: Option<Box<str>>,
    /// Task-list items (`- [ ]`, `- [x]`): the page's backlog.
    pub tasks: Tasks,
    /// Indexes into `toc`, in the order of their ids: anchor checks search
    /// them rather than keeping every id twice.
    anchors: Box<[u16]>,
    pub problems: Vec<Problem>,
}

/// How many task-list items a page has, and how many are ticked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tasks {
    pub done: usize,
    pub total: usize,
}

impl Rendered {
    /// Whether `#id` targets a heading of this page.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.title_anchor.as_deref() == Some(id)
            || (self.anchors)
                .binary_search_by(|&i| (*self.toc[usize::from(i)].id).cmp(id))
                .is_ok()
    }

    /// The problems found while rendering page `id`, as diagnostics about
    /// its `file`.
    pub fn diagnostics(&self, id: PageId, file: &str) -> impl Iterator<Item = Diagnostic> {
        self.problems.iter().map(move |p| {
            Diagnostic::new(p.kind, file, p.message.clone())
                .at(p.line, p.column)
                .about(Subject::Page(id))
                .hint(p.hint)
        })
    }
}

/// The summary (first paragraph) shown on other pages; a longer one is
/// shown as its text, shortened, so that one page cannot swell every list
/// that shows it.
pub const MAX_SUMMARY_BYTES: usize = 8 * 1024;

/// How to render one body.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Which `# heading` is left out as the page's title, and whether the
    /// rest show one level down, as [`title::plan`] decided.
    pub headings: HeadingPlan,
    pub raw_html: RawHtml,
}

fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The anchor id GitHub gives a heading: lower case, punctuation dropped,
/// spaces to `-`. Using the same rule keeps `#anchors` working on GitHub.
pub fn heading_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Maps byte offsets of the body to file lines and columns. Offsets are
/// asked for in increasing order, so each column is counted on from the
/// previous one: a line of many links costs its length once, not once per link.
struct Positions<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    first_line: usize,
    /// The last answer: line index, byte offset and column.
    cursor: (usize, usize, usize),
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Positions {
            text,
            line_starts,
            first_line,
            cursor: (0, 0, 1),
        }
    }

    fn at(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let index = self.line_starts.partition_point(|start| *start <= offset) - 1;
        let (line, from, column) = self.cursor;
        let (from, column) = if line == index && from <= offset {
            (from, column)
        } else {
            (self.line_starts[index], 1)
        };
        let column = column + self.text[from..offset].chars().count();
        self.cursor = (index, offset, column);
        (self.first_line + index, column)
    }
}

/// Heading ids, unique within the page: `goal`, `goal-1`, `goal-2`... The
/// next suffix is kept per base, so a thousand equal headings take a
/// thousand steps, not half a million.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    fn unique(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Renders `body`. `body_line` is the file line where it starts.
/// `rewrite` sees every link and returns the href to use instead, if any.
pub fn render(
    body: &str,
    body_line: usize,
    options: RenderOptions,
    rewrite: &mut dyn FnMut(&LinkRef) -> Option<String>,
) -> Rendered {
    let mut renderer = Renderer {
        events: Box::new(Parser::new_ext(body, markdown_options()).into_offset_iter()),
        positions: Positions::new(body, body_line),
        options,
        rewrite,
        pending: VecDeque::new(),
        depth: 0,
        summary: Summary::Waiting,
        toc: Vec::new(),
        title_anchor: None,
        tasks: Tasks::default(),
        problems: Vec::new(),
        ids: HeadingIds::default(),
        links: 0,
        headings: 0,
        html_tags: 0,
        dropped: Vec::new(),
        raw_html: false,
        over_limit: false,
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html, renderer.by_ref());
    renderer.finish(html)
}

/// A task-list item's box as a symbol with its state in words: a
/// disabled checkbox would be a form field without a label.
fn task_marker(done: bool) -> &'static str {
    if done {
        "<span class=\"task task-done\" aria-hidden=\"true\">☑</span><span class=\"visually-hidden\">Done: </span>"
    } else {
        "<span class=\"task\" aria-hidden=\"true\">☐</span><span class=\"visually-hidden\">To do: </span>"
    }
}

/// The first top-level paragraph, collected as it passes.
enum Summary<'a> {
    Waiting,
    Collecting(Vec<Event<'a>>),
    Done(Vec<Event<'a>>),
}

/// The state of one body's rendering: an iterator over the events to
/// write, made from the parser's as they come, so that no page is held
/// as a whole list of events.
struct Renderer<'a, 'r> {
    events: Box<dyn Iterator<Item = (Event<'a>, Range<usize>)> + 'a>,
    positions: Positions<'a>,
    options: RenderOptions,
    rewrite: &'r mut dyn FnMut(&LinkRef) -> Option<String>,
    /// Events made and not yet written.
    pending: VecDeque<Event<'a>>,
    /// How many blocks and inlines are open.
    depth: usize,
    summary: Summary<'a>,
    toc: Vec<Heading>,
    title_anchor: Option<String>,
    tasks: Tasks,
    problems: Vec<Problem>,
    ids: HeadingIds,
    links: usize,
    headings: usize,
    /// `<` in raw HTML: the sanitiser's work grows with their nesting.
    html_tags: usize,
    /// For each open link or image: whether it was left out.
    dropped: Vec<bool>,
    /// Whether a page limit was passed: the page is refused.
    over_limit: bool,
    /// Whether the body holds raw HTML (which then needs sanitising).
    raw_html: bool,
}

impl<'a> Iterator for Renderer<'a, '_> {
    type Item = Event<'a>;

    /// The next event to write. Stops at the first page limit: the page is
    /// refused, so the rest need not be done.
    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            if self.over_limit {
                return None;
            }
            let (event, range) = self.events.next()?;
            self.step(event, range);
        }
    }
}

impl<'a> Renderer<'a, '_> {
    /// Turns one parser event (a whole heading, from its start) into the
    /// events to write.
    fn step(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Event::Start(Tag::Heading { level, .. }) = &event {
            let is_title = *level == HeadingLevel::H1
                && (self.options.headings.omitted).is_some_and(|at| range.contains(&at));
            let mut heading = vec![(event, range.clone())];
            for (inner, inner_range) in self.events.by_ref() {
                let end = matches!(inner, Event::End(TagEnd::Heading(_)));
                heading.push((inner, inner_range));
                if end {
                    break;
                }
            }
            self.heading(&heading, &range, is_title);
            return;
        }
        let first_paragraph = matches!(event, Event::Start(Tag::Paragraph)) && self.depth == 0;
        let paragraph_ends = matches!(event, Event::End(TagEnd::Paragraph)) && self.depth == 1;
        if first_paragraph && matches!(self.summary, Summary::Waiting) {
            self.summary = Summary::Collecting(Vec::new());
        }
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        self.push(&event, &range);
        if paragraph_ends {
            if let Summary::Collecting(events) = &mut self.summary {
                self.summary = Summary::Done(std::mem::take(events));
            }
        }
    }

    /// Queues an event to write, and keeps it for the summary while the
    /// first paragraph passes.
    fn emit(&mut self, event: Event<'a>) {
        if let Summary::Collecting(events) = &mut self.summary {
            events.push(event.clone());
        }
        self.pending.push_back(event);
    }

    /// One heading, `events` from its start to its end: an id, an anchor
    /// link and a table-of-contents entry; or, as the page title, only a
    /// target for `#title` links.
    fn heading(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        range: &Range<usize>,
        is_title: bool,
    ) {
        let (first, inner) = match events {
            [first, inner @ .., last] if matches!(last.0, Event::End(_)) => (first, inner),
            _ => {
                for (event, range) in events {
                    self.push(event, range);
                }
                return;
            }
        };
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &first.0
        else {
            return;
        };
        self.headings += 1;
        if self.headings > MAX_HEADINGS {
            self.limit_exceeded(
                range,
                format!("the page has more than {MAX_HEADINGS} headings"),
            );
            return;
        }
        let text = plain_text(inner);
        let base = id
            .as_deref()
            .map(explicit_id)
            .unwrap_or_else(|| heading_id(&text));
        let id = self.ids.unique(base);
        if is_title {
            self.emit(Event::Html(CowStr::from(format!(
                "<span id=\"{id}\"></span>\n"
            ))));
            self.title_anchor = Some(id);
            return;
        }
        // The page's header holds its one `<h1>`: a body's `# heading` that
        // is not the title shows one level down, and the rest with it.
        let level = match (level, self.options.headings.shifted) {
            (HeadingLevel::H1, _) => HeadingLevel::H2,
            (level, true) => one_down(*level),
            (level, false) => *level,
        };
        // Only `id` and `class` by default: `{onclick=...}` would run script.
        let attrs = match self.options.raw_html {
            RawHtml::Trusted => attrs.clone(),
            RawHtml::Safe => Vec::new(),
        };
        self.emit(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id.clone())),
            classes: classes.clone(),
            attrs,
        }));
        for (event, range) in inner {
            self.push(event, range);
        }
        self.emit(Event::Html(CowStr::from(format!(
            "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
        ))));
        self.emit(Event::End(TagEnd::Heading(level)));
        self.toc.push(Heading {
            level: level as u8,
            id: id.into(),
            title: text.into(),
        });
    }

    /// Pushes one event, resolving links and leaving out unsafe ones.
    fn push(&mut self, event: &Event<'a>, range: &Range<usize>) {
        match event {
            Event::TaskListMarker(done) => {
                self.tasks.total += 1;
                self.tasks.done += usize::from(*done);
                self.emit(Event::InlineHtml(CowStr::Borrowed(task_marker(*done))));
                return;
            }
            Event::Html(html) | Event::InlineHtml(html) if safe_html::is_placeholder(html) => {
                self.emit(Event::Text(html.clone()));
                return;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.raw_html = true;
                let before = self.html_tags;
                self.html_tags += html.matches('<').count();
                if before <= MAX_HTML_TAGS && self.html_tags > MAX_HTML_TAGS {
                    self.limit_exceeded(
                        range,
                        format!("the page has more than {MAX_HTML_TAGS} raw HTML tags"),
                    );
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let image = matches!(event, Event::Start(Tag::Image { .. }));
                let allowed = safe_html::link_allowed(dest_url, self.options.raw_html);
                self.dropped.push(!allowed);
                self.links += 1;
                if self.links > MAX_LINKS {
                    self.limit_exceeded(range, format!("the page has more than {MAX_LINKS} links"));
                    return;
                }
                let (line, column) = self.positions.at(range.start);
                if !allowed {
                    self.problems.push(unsafe_link(dest_url, line, column));
                    return;
                }
                let link = LinkRef {
                    dest: dest_url.to_string(),
                    line,
                    column,
                    image,
                };
                let new_dest = (self.rewrite)(&link);
                self.emit(with_dest(event.clone(), new_dest));
                return;
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let dropped = self.dropped.pop() == Some(true);
                if !dropped {
                    self.emit(event.clone());
                }
                return;
            }
            _ => {}
        }
        self.emit(event.clone());
    }

    /// Reports a page limit at the construct that went past it.
    fn limit_exceeded(&mut self, range: &Range<usize>, message: String) {
        self.over_limit = true;
        let (line, column) = self.positions.at(range.start);
        self.problems.push(Problem {
            kind: Kind::PageLimit,
            line,
            column,
            message,
            hint: "split it into several pages",
        });
    }

    fn finish(mut self, mut html: String) -> Rendered {
        let mut summary = String::new();
        if let Summary::Done(paragraph) = &self.summary {
            html::push_html(&mut summary, paragraph.iter().cloned());
            if summary.len() > MAX_SUMMARY_BYTES {
                summary = shortened(paragraph);
            }
        }
        if self.over_limit {
            // The page is refused: nothing half-rendered or unsanitised is kept.
            html.clear();
            summary.clear();
        } else if self.raw_html && self.options.raw_html == RawHtml::Safe {
            html = safe_html::sanitise(&html);
            summary = safe_html::sanitise(&summary);
        }
        if html.len() > MAX_HTML_BYTES {
            self.problems.push(Problem {
                kind: Kind::PageLimit,
                line: self.positions.first_line,
                column: 0,
                message: format!(
                    "the page renders to {} MiB of HTML; the limit is {} MiB",
                    html.len() >> 20,
                    MAX_HTML_BYTES >> 20
                ),
                hint: "split it into several pages",
            });
            html = String::new();
        }
        // Kept until the page is written: no room to spare.
        html.shrink_to_fit();
        self.problems.shrink_to_fit();
        Rendered {
            html,
            summary: summary.into(),
            title_anchor: self.title_anchor.map(String::into_boxed_str),
            tasks: self.tasks,
            anchors: by_id(&self.toc),
            toc: self.toc.into(),
            problems: self.problems,
        }
    }
}

/// Indexes into `toc` in the order of their ids, for binary search.
fn by_id(toc: &[Heading]) -> Box<[u16]> {
    let mut order: Vec<u16> = (0..toc.len() as u16).collect();
    order.sort_unstable_by(|&a, &b| toc[usize::from(a)].id.cmp(&toc[usize::from(b)].id));
    order.into()
}

fn one_down(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// A paragraph as escaped plain text of at most 1,000 characters.
fn shortened(paragraph: &[Event]) -> String {
    let mut text = String::new();
    for event in paragraph {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
            if text.len() > 4 * 1000 {
                break;
            }
        }
    }
    let mut short: String = text.chars().take(1000).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    let mut html = String::from("<p>");
    let _ = pulldown_cmark_escape::escape_html(&mut html, &short);
    html.push_str("</p>");
    html
}

/// The warning for a link left out because its scheme could run script.
fn unsafe_link(dest: &str, line: usize, column: usize) -> Problem {
    let shown: String = dest.chars().take(40).collect();
    Problem {
        kind: Kind::UnsafeLink,
        line,
        column,
        message: format!("the link to '{shown}' was left out: its scheme could run script"),
        hint: "link to a page or an https: address; `markdown: {raw_html: trusted}` in strata.yaml publishes such links as written",
    }
}

/// A link or image start with its destination replaced, if there is a new one.
fn with_dest<'a>(event: Event<'a>, new_dest: Option<String>) -> Event<'a> {
    let Some(new_dest) = new_dest else {
        return event;
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            title,
            id,
            ..
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: new_dest.into(),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            title,
            id,
            ..
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: new_dest.into(),
            title,
            id,
        }),
        other => other,
    }
}

/// An explicit `{#id}`, kept to characters that are safe in an `id` and in
/// the `href` of the anchor link.
fn explicit_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        .collect()
}

/// The text of one line of inline markdown, without its markup:
/// `The *new* plan` → `The new plan`.
pub fn inline_text(markdown: &str) -> String {
    let events: Vec<_> = Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .collect();
    plain_text(&events)
}

fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(body: &str) -> Rendered {
        render(body, 1, RenderOptions::default(), &mut |_| None)
    }

    /// `body` rendered for a page whose frontmatter sets `title` (or not).
    fn titled(body: &str, title: Option<&str>) -> Rendered {
        let options = RenderOptions {
            headings: title::plan(&title::scan(body), title),
            ..RenderOptions::default()
        };
        render(body, 1, options, &mut |_| None)
    }

    #[test]
    fn headings_get_github_ids_anchors_and_toc() {
        let r = plain(
            "## Sprint goal\n\n## Sprint goal\n\n### What's next? {#next}\n\n## Bad {#x\"onmouseover=alert(1)}\n",
        );
        assert!(
            r.html.contains("href=\"#xonmouseoveralert1\""),
            "{}",
            r.html
        );
        let ids: Vec<_> = r.toc.iter().map(|h| &*h.id).collect();
        assert_eq!(
            ids,
            ["sprint-goal", "sprint-goal-1", "next", "xonmouseoveralert1"]
        );
        assert!(r.html.contains(
            "<h2 id=\"sprint-goal\">Sprint goal<a class=\"anchor\" href=\"#sprint-goal\""
        ));
        for id in ids {
            assert!(r.has_anchor(id), "{id}");
        }
        assert!(!r.has_anchor("sprint-goal-2"));
        assert!(!r.has_anchor(""));
    }

    const TRUSTED: RenderOptions = RenderOptions {
        headings: HeadingPlan {
            omitted: None,
            shifted: false,
        },
        raw_html: RawHtml::Trusted,
    };

    #[test]
    fn bodies_cannot_script_the_site_by_default() {
        let body = "Intro [x](javascript:alert(1)) and ![i](data:text/html,x).\n\n\
                    ## T {onclick=\"alert(1)\" .note}\n\n<img src=x onerror=alert(1)>\n";
        let r = plain(body);
        for bad in ["javascript:", "data:", "onclick", "onerror"] {
            assert!(!r.html.contains(bad), "{bad} in {}", r.html);
            assert!(!r.summary.contains(bad), "{bad} in {}", r.summary);
        }
        assert!(r.html.contains("class=\"note\""), "{}", r.html);
        assert!(r.summary.contains("Intro x and i"), "{}", r.summary);
        let kinds: Vec<_> = r
            .problems
            .iter()
            .map(|p| (p.kind, p.line, p.column))
            .collect();
        assert_eq!(kinds, [(Kind::UnsafeLink, 1, 7), (Kind::UnsafeLink, 1, 36)]);
        let kept = render(body, 1, TRUSTED, &mut |_| None);
        for written in ["javascript:alert(1)", "onclick", "onerror"] {
            assert!(kept.html.contains(written), "{written} in {}", kept.html);
        }
        assert!(kept.problems.is_empty());
    }

    #[test]
    fn limits_are_errors_at_the_construct_past_them() {
        let r = plain(&"## Same\n\n".repeat(MAX_HEADINGS + 2));
        let problems: Vec<_> = r.problems.iter().map(|p| (p.kind, p.line)).collect();
        assert_eq!(problems, [(Kind::PageLimit, 2 * MAX_HEADINGS + 1)]);
        let r = plain(&"<b>".repeat(MAX_HTML_TAGS + 1));
        assert_eq!(r.problems[0].kind, Kind::PageLimit);
        assert!(r.html.is_empty(), "nothing unsanitised is kept");
    }

    #[test]
    fn long_first_paragraphs_give_a_short_summary() {
        let r = plain(&"word ".repeat(MAX_SUMMARY_BYTES));
        assert!(r.summary.len() < 4 * 1024, "{}", r.summary.len());
        assert!(r.summary.ends_with("…</p>"));
    }

    #[test]
    fn many_links_on_one_line_get_their_columns() {
        let mut columns = Vec::new();
        plain_links(&"[é](a.md) ".repeat(1000), &mut columns);
        assert_eq!(columns.len(), 1000);
        assert!(columns.iter().enumerate().all(|(i, c)| *c == 1 + 10 * i));
    }

    fn plain_links(body: &str, columns: &mut Vec<usize>) {
        render(body, 1, RenderOptions::default(), &mut |l| {
            columns.push(l.column);
            None
        });
    }

    #[test]
    fn counts_task_list_items_outside_code() {
        let r = plain("- [x] one\n- [ ] two\n  - [X] nested\n\n```\n- [ ] code\n```\n\n- plain\n");
        assert_eq!(r.tasks, Tasks { done: 2, total: 3 });
    }

    #[test]
    fn summary_is_first_paragraph() {
        let r = plain("# Title\n\nFirst *para*.\n\nSecond.\n");
        assert_eq!(&*r.summary, "<p>First <em>para</em>.</p>\n");
        let quoted = plain("> ## Note\n>\n> quoted\n\nReal intro.\n");
        assert_eq!(&*quoted.summary, "<p>Real intro.</p>\n", "not from a quote");
    }

    #[test]
    fn drops_first_h1_when_it_is_the_title() {
        let r = titled("# Title\n\nText\n", None);
        assert!(!r.html.contains("<h1"));
        assert_eq!(r.title_anchor.as_deref(), Some("title"));
        assert!(r.has_anchor("title"));
        let quoted = titled("> # Quoted\n\n# Plan\n", None);
        assert!(
            quoted.html.contains("<h2 id=\"quoted\">Quoted"),
            "{}",
            quoted.html
        );
        assert!(!quoted.html.contains("Plan</h"), "{}", quoted.html);
    }

    #[test]
    fn the_title_heading_is_the_one_the_scan_found() {
        let setext = titled("Intro\n\nPlan\n====\n\nText\n", None);
        assert!(!setext.html.contains("Plan</h"), "{}", setext.html);
        let two_lines = titled("Our\nplan\n===\n", None);
        assert!(!two_lines.html.contains("<h"), "{}", two_lines.html);
        let indented = titled("   # Plan\n\nText\n", None);
        assert!(!indented.html.contains("<h"), "{}", indented.html);
        let fenced = titled("```\n# not\n```\n\n# Plan\n", None);
        assert!(fenced.html.contains("# not"), "{}", fenced.html);
        assert!(!fenced.html.contains("Plan</h"), "{}", fenced.html);
        let blank_lines = titled("\n\n\n# Plan\n\n## Part\n", None);
        assert!(
            !blank_lines.html.contains("Plan</h"),
            "{}",
            blank_lines.html
        );
        assert!(
            blank_lines.html.contains("<h2 id=\"part\">"),
            "kept as written"
        );
        let html = titled("<h1>Raw</h1>\n\n# Plan\n", None);
        assert!(html.html.contains("<h1>Raw</h1>"), "{}", html.html);
        assert!(!html.html.contains("Plan</h"), "{}", html.html);
    }

    #[test]
    fn a_body_heading_that_is_not_the_title_shows_one_level_down() {
        let r = titled("# Overview\n\n## Detail\n\n# Later\n", Some("Sprint 10"));
        assert!(!r.html.contains("<h1"), "{}", r.html);
        assert!(
            r.html.contains("<h2 id=\"overview\">Overview"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"detail\">Detail"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"later\">Later"), "{}", r.html);
        let levels: Vec<u8> = r.toc.iter().map(|h| h.level).collect();
        assert_eq!(levels, [2, 3, 2]);
        let same = titled("# Overview\n\n## Detail\n", Some("overview"));
        assert!(!same.html.contains("Overview</h"), "{}", same.html);
        assert!(same.html.contains("<h2 id=\"detail\">"), "{}", same.html);
        // Without a kept `# heading`, headings stay as written.
        let r = plain("## Detail\n");
        assert!(r.html.contains("<h2 id=\"detail\">"), "{}", r.html);
    }

    #[test]
    fn extensions_are_on() {
        let r =
            plain("| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: note\n");
        assert!(r.html.contains("<table>"));
        assert!(
            r.html
                .contains("<span class=\"visually-hidden\">Done: </span>done")
        );
        assert!(!r.html.contains("<input"), "no unlabelled form fields");
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("“quoted”"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn links_report_file_positions_and_are_rewritten() {
        let mut seen = Vec::new();
        let r = render(
            "Intro\n\nSee [r4](../r4.md) and ![d](d.png).\n",
            5,
            RenderOptions::default(),
            &mut |l| {
                seen.push(l.clone());
                Some(format!("/x/{}", l.dest))
            },
        );
        assert_eq!(seen[0].line, 7);
        assert_eq!(seen[0].column, 5);
        assert!(seen[1].image);
        assert!(r.html.contains("href=\"/x/../r4.md\""));
    }
}
