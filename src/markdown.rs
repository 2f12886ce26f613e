//! Markdown to HTML in one pass over pulldown-cmark events.
//!
//! Returns the HTML with heading anchors, the table of contents, the summary
//! (first paragraph) and every link with its file position, so that link
//! checking can run later over the whole site. No regex over HTML.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use std::collections::HashSet;

/// One heading, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
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

/// The result of rendering one page body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub summary: String,
    pub toc: Vec<Heading>,
    /// The id of a first `# heading` that became the page title.
    pub title_anchor: Option<String>,
    /// Task-list items (`- [ ]`, `- [x]`): the page's backlog.
    pub tasks: Tasks,
}

/// How many task-list items a page has, and how many are ticked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tasks {
    pub done: usize,
    pub total: usize,
}

impl Rendered {
    /// Whether `#id` targets a heading of this page (ids include explicit `{#id}`s).
    pub fn has_anchor(&self, id: &str) -> bool {
        self.title_anchor.as_deref() == Some(id) || self.toc.iter().any(|h| h.id == id)
    }
}

fn options() -> Options {
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

/// Maps byte offsets of the body to file lines and columns.
struct Positions {
    line_starts: Vec<usize>,
    first_line: usize,
}

impl Positions {
    fn new(text: &str, first_line: usize) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Positions {
            line_starts,
            first_line,
        }
    }

    fn at(&self, text: &str, offset: usize) -> (usize, usize) {
        let index = self.line_starts.partition_point(|start| *start <= offset) - 1;
        let start = self.line_starts[index];
        let column = text[start..offset.min(text.len())].chars().count() + 1;
        (self.first_line + index, column)
    }
}

/// Renders `body`. `body_line` is the file line where it starts; with
/// `drop_first_h1` the first `# heading` is left out (it became the title).
/// `rewrite` sees every link and returns the href to use instead, if any.
pub fn render(
    body: &str,
    body_line: usize,
    drop_first_h1: bool,
    rewrite: &mut dyn FnMut(&LinkRef) -> Option<String>,
) -> Rendered {
    let positions = Positions::new(body, body_line);
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len() + 8);
    let mut rendered = Rendered::default();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut dropped_h1 = !drop_first_h1;
    let mut summary_range: Option<(usize, usize)> = None;
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = (i..events.len())
                    .find(|j| matches!(events[*j].0, Event::End(TagEnd::Heading(_))))
                    .unwrap_or(i);
                let text = plain_text(&events[i + 1..end]);
                let explicit = id.as_deref().map(explicit_id);
                // Only a top-level heading can be the title (not one in a quote).
                if !dropped_h1 && depth == 0 && *level == HeadingLevel::H1 {
                    // The heading became the page title; keep its id as a
                    // target, so `#title` links still land here.
                    dropped_h1 = true;
                    let id =
                        unique_id(explicit.unwrap_or_else(|| heading_id(&text)), &mut used_ids);
                    out.push(Event::Html(CowStr::from(format!(
                        "<span id=\"{id}\"></span>\n"
                    ))));
                    rendered.title_anchor = Some(id);
                    i = end + 1;
                    continue;
                }
                let id = unique_id(explicit.unwrap_or_else(|| heading_id(&text)), &mut used_ids);
                rendered.toc.push(Heading {
                    level: *level as u8,
                    id: id.clone(),
                    title: text,
                });
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id.clone())),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                for (inner, inner_range) in &events[i + 1..end] {
                    out.push(rewrite_link(inner, inner_range, body, &positions, rewrite));
                }
                out.push(Event::Html(CowStr::from(format!(
                    "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
                ))));
                out.push(events[end].0.clone());
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Paragraph) if depth == 0 && summary_range.is_none() => {
                summary_range = Some((out.len(), 0));
            }
            Event::End(TagEnd::Paragraph) if depth == 1 => {
                if let Some((start, 0)) = summary_range {
                    summary_range = Some((start, out.len() + 1));
                }
            }
            Event::TaskListMarker(ticked) => {
                rendered.tasks.total += 1;
                rendered.tasks.done += usize::from(*ticked);
                // A labelled checkbox: the item's text follows it.
                out.push(Event::Html(CowStr::from(if *ticked {
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done:\"/>\n"
                } else {
                    "<input disabled=\"\" type=\"checkbox\" aria-label=\"To do:\"/>\n"
                })));
                i += 1;
                continue;
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push(rewrite_link(event, range, body, &positions, rewrite));
        i += 1;
    }
    if let Some((start, end)) = summary_range.filter(|(_, end)| *end > 0) {
        html::push_html(&mut rendered.summary, out[start..end].iter().cloned());
    }
    rendered.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut rendered.html, out.into_iter());
    // Kept until the page is written: no room to spare.
    rendered.html.shrink_to_fit();
    rendered
}

fn rewrite_link<'a>(
    event: &Event<'a>,
    range: &std::ops::Range<usize>,
    body: &str,
    positions: &Positions,
    rewrite: &mut dyn FnMut(&LinkRef) -> Option<String>,
) -> Event<'a> {
    let (dest, image) = match event {
        Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
        Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
        _ => return event.clone(),
    };
    let (line, column) = positions.at(body, range.start);
    let link = LinkRef {
        dest: dest.to_string(),
        line,
        column,
        image,
    };
    let Some(new_dest) = rewrite(&link) else {
        return event.clone();
    };
    match event.clone() {
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
    let events: Vec<_> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    plain_text(&events)
}

fn plain_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(body: &str) -> Rendered {
        render(body, 1, false, &mut |_| None)
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
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["sprint-goal", "sprint-goal-1", "next", "xonmouseoveralert1"]
        );
        assert!(r.html.contains(
            "<h2 id=\"sprint-goal\">Sprint goal<a class=\"anchor\" href=\"#sprint-goal\""
        ));
        assert!(r.has_anchor("next"));
    }

    #[test]
    fn counts_task_list_items_outside_code() {
        let r = plain("- [x] one\n- [ ] two\n  - [X] nested\n\n```\n- [ ] code\n```\n\n- plain\n");
        assert_eq!(r.tasks, Tasks { done: 2, total: 3 });
    }

    #[test]
    fn summary_is_first_paragraph() {
        let r = plain("# Title\n\nFirst *para*.\n\nSecond.\n");
        assert_eq!(r.summary, "<p>First <em>para</em>.</p>\n");
        let quoted = plain("> ## Note\n>\n> quoted\n\nReal intro.\n");
        assert_eq!(quoted.summary, "<p>Real intro.</p>\n", "not from a quote");
    }

    #[test]
    fn drops_first_h1_when_it_is_the_title() {
        let r = render("# Title\n\nText\n", 1, true, &mut |_| None);
        assert!(!r.html.contains("<h1"));
        let quoted = render("> # Quoted\n\n# Plan\n", 1, true, &mut |_| None);
        assert!(
            quoted.html.contains("<h1 id=\"quoted\">Quoted"),
            "{}",
            quoted.html
        );
        assert!(!quoted.html.contains("Plan</h1>"), "{}", quoted.html);
    }

    #[test]
    fn extensions_are_on() {
        let r =
            plain("| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: note\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("checkbox"));
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
            false,
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
