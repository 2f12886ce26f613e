//! What a page body may put into the published HTML.
//!
//! Page bodies are written by many contributors and read by everyone with
//! access to the site, so by default (as in Hugo) nothing in a body can run
//! script: raw HTML goes through the `ammonia` sanitiser, heading attributes
//! are limited to `id` and `class`, and links whose scheme could run code
//! (`javascript:`, `data:`...) are left out. `markdown: {raw_html: trusted}`
//! in `strata.yaml` keeps bodies as written.

use serde::Deserialize;
use std::collections::HashSet;
use std::sync::LazyLock;

/// How raw HTML and link schemes in page bodies are published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Sanitised: no script, event handler, `javascript:` URL or frame.
    #[default]
    Safe,
    /// Published as written: for sites whose every contributor is trusted.
    Trusted,
}

/// The sanitiser for pages that contain raw HTML. It keeps everything the
/// markdown renderer itself produces (heading ids, anchor links, footnotes,
/// task-list checkboxes, table alignment).
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_generic_attributes(["id", "class", "aria-label", "aria-hidden", "style"])
        .filter_style_properties(HashSet::from(["text-align"]))
        // Our own links must stay as rendered; nothing opens a new window.
        .link_rel(None);
    builder
});

/// Every element name of HTML, SVG's and MathML's outer ones included.
#[rustfmt::skip]
const ELEMENTS: &[&str] = &[
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
    "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
    "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt",
    "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "frame",
    "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i",
    "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark",
    "math", "menu", "meta", "meter", "nav", "noscript", "object", "ol", "optgroup", "option",
    "output", "p", "param", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp",
    "script", "search", "section", "select", "slot", "small", "source", "span", "strike",
    "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody", "td", "template",
    "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var",
    "video", "wbr",
];

/// Whether raw HTML is a lone tag of no element — `<First name>`, `<Team>`
/// in a wiki export's template text — which a reader should see as written
/// rather than lose. Custom elements (`<my-widget>`) have a hyphen and are
/// HTML.
pub fn is_placeholder(html: &str) -> bool {
    let Some(inner) = html
        .trim()
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
    else {
        return false;
    };
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    !name.is_empty()
        && !name.contains('-')
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !inner.contains(['<', '>'])
        && !ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
}

/// The URL schemes the sanitiser lets through, for markdown links too.
static SCHEMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| SANITISER.clone_url_schemes());

/// The HTML with everything that could run script removed.
pub fn sanitise(html: &str) -> String {
    SANITISER.clean(html).to_string()
}

/// Whether a link destination may be published under `policy`: relative
/// links and the schemes the sanitiser allows (`https:`, `mailto:`...).
pub fn link_allowed(dest: &str, policy: RawHtml) -> bool {
    policy == RawHtml::Trusted || scheme(dest).is_none_or(|s| SCHEMES.contains(s.as_str()))
}

/// The lower-case scheme of a URL (`JavaScript:x` → `javascript`), ignoring
/// the whitespace and control characters browsers ignore.
fn scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|c| !matches!(c, '/' | '?' | '#'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    Some(scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let dirty = "<script>alert(1)</script><img src=x onerror=alert(1)><iframe src=//e></iframe>\
                     <svg onload=alert(1)></svg><a href=\"javascript:alert(1)\">x</a>";
        let clean = sanitise(dirty);
        for bad in ["<script", "onerror", "<iframe", "onload", "javascript:"] {
            assert!(!clean.contains(bad), "{bad} in {clean}");
        }
    }

    #[test]
    fn rendered_markup_is_kept() {
        let ours = "<h2 id=\"a\" class=\"c\">A<a class=\"anchor\" href=\"#a\" aria-label=\"Link\">#</a></h2>\n\
                    <td style=\"text-align: center\">x</td><input disabled=\"\" type=\"checkbox\"/>";
        let clean = sanitise(&format!("<table><tr>{ours}</tr></table>"));
        for kept in [
            "id=\"a\"",
            "class=\"anchor\"",
            "href=\"#a\"",
            "text-align",
            "checkbox",
        ] {
            assert!(clean.contains(kept), "{kept} missing from {clean}");
        }
    }

    #[test]
    fn link_schemes() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!link_allowed(bad, RawHtml::Safe), "{bad}");
            assert!(link_allowed(bad, RawHtml::Trusted), "{bad}");
        }
        for good in [
            "https://e.org",
            "mailto:a@b",
            "../a.md",
            "#x",
            "/levels/",
            "a.md#x:y",
        ] {
            assert!(link_allowed(good, RawHtml::Safe), "{good}");
        }
    }

    #[test]
    fn placeholders_are_tags_of_no_element() {
        for text in ["<First name>", "<Team Name>", "</Owner>", "<T>"] {
            assert!(is_placeholder(text), "{text}");
        }
        for html in [
            "<b>",
            "</em>",
            "<br/>",
            "<img src=x>",
            "<my-widget>",
            "<!-- c -->",
            "<svg>",
        ] {
            assert!(!is_placeholder(html), "{html}");
        }
    }
}
