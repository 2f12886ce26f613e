//! Findings as readers see them. A message names other pages by their
//! source path, for the terminal; on the site those pages appear by title,
//! linked. A hint's `code` is set as code. Everything else is escaped.

use super::views::SiteData;
use crate::diagnostics::{Diagnostic, Kind, Severity, Subject};
use pulldown_cmark_escape::escape_html;
use serde::Serialize;

/// One finding, ready for a template: `message` and `hint` are HTML.
#[derive(Serialize)]
pub struct FindingView<'a> {
    pub kind: Kind,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
    pub line: usize,
    /// `file:line`, for contributors.
    pub location: String,
    /// The page the finding is about, if it is about one.
    pub page: Option<PageRef<'a>>,
}

/// A page's title and address.
#[derive(Serialize)]
pub struct PageRef<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

impl<'a> FindingView<'a> {
    pub fn new(data: &SiteData<'a>, finding: &Diagnostic) -> FindingView<'a> {
        let page = match finding.subject {
            Subject::Page(p) => Some(PageRef {
                title: &data.library.page(p).title,
                url: data.href(p),
            }),
            Subject::File | Subject::Level(_) => None,
        };
        FindingView {
            kind: finding.kind,
            severity: finding.severity,
            message: message_html(data, finding),
            hint: finding.hint.as_deref().map(hint_html),
            line: finding.line,
            location: finding.location(),
            page,
        }
    }
}

/// The message, escaped, with each related page's path replaced by a link
/// to it under its title.
fn message_html(data: &SiteData<'_>, finding: &Diagnostic) -> String {
    let mut html = escaped(&finding.message);
    for id in &finding.related {
        let page = data.library.page(*id);
        let link = format!(
            "<a href=\"{}\">{}</a>",
            escaped(data.href(*id)),
            escaped(&page.title)
        );
        html = html.replace(&escaped(&page.display_path()), &link);
    }
    html
}

/// The hint, escaped, with text between backticks set as code.
fn hint_html(hint: &str) -> String {
    let mut html = String::with_capacity(hint.len() + 16);
    for (i, part) in hint.split('`').enumerate() {
        // Odd parts lie between backticks; an unpaired one stays as text.
        let closed = i % 2 == 1 && i < hint.split('`').count() - 1;
        match (i % 2 == 1, closed) {
            (true, true) => html.push_str(&format!("<code>{}</code>", escaped(part))),
            (true, false) => html.push_str(&format!("`{}", escaped(part))),
            _ => html.push_str(&escaped(part)),
        }
    }
    html
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_set_code_as_code_and_escape_the_rest() {
        assert_eq!(
            hint_html("set `status: done` or <b>`x`</b>"),
            "set <code>status: done</code> or &lt;b&gt;<code>x</code>&lt;/b&gt;"
        );
        assert_eq!(hint_html("a `lone tick"), "a `lone tick");
    }
}
