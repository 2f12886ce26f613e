//! Resolving the links contributors write, and checking them all.
//!
//! Contributors link to source files (`../releases/r4.md#goal`) because such
//! links work on GitHub and in editors. While a page renders, [`Resolver`]
//! maps each destination to a [`Target`] and its href; after every page has
//! rendered, [`check`] verifies targets and anchors over the whole site and
//! reports each broken link at its `file:line:col`.

use crate::content::{Library, Page, PageId};
use crate::diagnostics::{Diagnostic, Kind, Subject};
use crate::markdown::{RawHtml, Rendered};
use crate::urls::{self, relative_to};
use std::collections::HashSet;

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another scheme (`https:`, `mailto:`) or a protocol-relative URL.
    External,
    /// A page of this site, by its source file.
    Page {
        page: PageId,
        fragment: Option<Box<str>>,
    },
    /// `#fragment` on the same page.
    SamePage(Box<str>),
    /// A file copied from `content/` or `static/`, by site path.
    File(Box<str>),
    /// A site-absolute path (`/levels/release/`), checked against the output.
    SitePath {
        path: Box<str>,
        fragment: Option<Box<str>>,
    },
    /// A relative path that matches nothing; the message says what was tried.
    Missing(Box<str>),
}

/// A link found in a page, with what it resolved to. Every page's are
/// held at once until they are checked, so each is kept small.
#[derive(Debug, Clone)]
pub struct FoundLink {
    pub from: PageId,
    /// 1-based file line and column (a file is at most 8 MiB).
    pub line: u32,
    pub column: u32,
    pub dest: Box<str>,
    pub target: Target,
    /// An image (`![alt](diagram.png)`) rather than a link.
    pub image: bool,
}

/// A link from one page to another page of the site: all that a site
/// keeps of its found links once they are checked (for backlinks, and to
/// know which pages point at a heading of an edited page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrossLink {
    pub from: PageId,
    pub to: PageId,
    /// Whether it points at a heading (`#fragment`).
    pub to_heading: bool,
}

impl CrossLink {
    /// The links of `found` from one page to another.
    pub fn among(found: &[FoundLink]) -> Vec<CrossLink> {
        let cross = found.iter().filter_map(|link| match &link.target {
            Target::Page { page, fragment } if *page != link.from => Some(CrossLink {
                from: link.from,
                to: *page,
                to_heading: fragment.is_some(),
            }),
            _ => None,
        });
        cross.collect()
    }
}

/// Resolves destinations relative to the page they appear on.
pub struct Resolver<'a> {
    pub library: &'a Library,
    pub base_path: &'a str,
    /// Site paths of every copied file (colocated assets and `static/`).
    pub files: &'a HashSet<String>,
    /// Whether bodies are published as written (see [`RawHtml`]).
    pub raw_html: RawHtml,
}

fn has_scheme(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

impl Resolver<'_> {
    pub fn resolve(&self, from: &Page, dest: &str) -> Target {
        let dest = dest.trim();
        if dest.is_empty() || has_scheme(dest) {
            return Target::External;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(urls::decode(f).into())),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            return fragment.map_or(Target::External, Target::SamePage);
        }
        let decoded = urls::decode(path);
        if decoded.starts_with('/') {
            let site_path = decoded
                .strip_prefix(self.base_path)
                .map(|p| format!("/{p}"))
                .unwrap_or(decoded);
            return match self.library.by_url(&site_path) {
                Some(page) => Target::Page { page, fragment },
                None if self.files.contains(&site_path) => Target::File(site_path.into()),
                None => Target::SitePath {
                    path: site_path.into(),
                    fragment,
                },
            };
        }
        let base_dir = urls::parent_dir(&from.source);
        let Some(joined) = urls::join_relative(base_dir, &decoded) else {
            return Target::Missing(format!("'{decoded}' climbs above content/").into());
        };
        let library = self.library;
        for candidate in candidates(&joined, decoded.ends_with('/')) {
            let page = library
                .by_source(&candidate)
                .or_else(|| library.by_source(library.by_decoded_source(&candidate)?));
            if let Some(page) = page {
                return Target::Page { page, fragment };
            }
        }
        let file = urls::asset_path(&joined);
        if self.files.contains(&file) {
            return Target::File(file.into());
        }
        if let Some(source) = library.by_decoded_source(&joined) {
            let file = urls::asset_path(source);
            if self.files.contains(&file) {
                return Target::File(file.into());
            }
        }
        Target::Missing(format!("no page or file at content/{joined}").into())
    }

    /// The href for a resolved target; `None` keeps the original text.
    /// Same-page anchors get the page's URL too, so they still work where
    /// the page's summary is shown on another page. A query string in
    /// `dest` (`diagram.png?width=680`) is kept.
    pub fn href(&self, from: &Page, dest: &str, target: &Target) -> Option<String> {
        let path = dest.split('#').next().unwrap_or(dest);
        let href = self.target_href(from, target)?;
        Some(match path.split_once('?') {
            Some((_, query)) if !query.is_empty() => match href.split_once('#') {
                Some((url, fragment)) => format!("{url}?{query}#{fragment}"),
                None => format!("{href}?{query}"),
            },
            _ => href,
        })
    }

    fn target_href(&self, from: &Page, target: &Target) -> Option<String> {
        match target {
            Target::Page { page, fragment } => {
                let url = urls::href(self.base_path, &self.library.page(*page).url);
                Some(match fragment {
                    Some(f) => format!("{url}#{f}"),
                    None => url,
                })
            }
            Target::File(path) => Some(urls::href(self.base_path, path)),
            Target::SitePath { path, fragment } => {
                let url = urls::href(self.base_path, path);
                Some(
                    fragment
                        .as_ref()
                        .map_or(url.clone(), |f| format!("{url}#{f}")),
                )
            }
            Target::SamePage(f) => Some(format!("{}#{f}", urls::href(self.base_path, &from.url))),
            Target::External | Target::Missing(_) => None,
        }
    }
}

/// Source files a relative link may mean: the file itself, `Name.md` for
/// `Name.html` (wiki exports), and a folder's `_index.md` or `index.md`.
pub fn candidates(joined: &str, is_dir: bool) -> Vec<String> {
    let trimmed = joined.trim_end_matches('/');
    let mut list = Vec::with_capacity(4);
    if !is_dir {
        if joined.ends_with(".md") {
            list.push(joined.to_string());
        }
        if let Some(stem) = joined.strip_suffix(".html") {
            list.push(format!("{stem}.md"));
        }
        if joined
            .rsplit('/')
            .next()
            .is_some_and(|name| !name.contains('.'))
        {
            list.push(format!("{trimmed}.md"));
        }
    }
    let dir = trimmed
        .strip_suffix("/_index.md")
        .or(trimmed.strip_suffix("/index.md"))
        .unwrap_or(trimmed);
    let dir = dir.strip_suffix(".md").unwrap_or(dir);
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    list.push(format!("{prefix}_index.md"));
    list.push(format!("{prefix}index.md"));
    list
}

/// Everything [`check`] needs to know about the built site.
pub struct SiteIndex<'a> {
    pub library: &'a Library,
    /// Rendered bodies (for their heading ids), indexed by `PageId`.
    pub rendered: &'a [Rendered],
    /// Site paths of every generated page (level indexes, alignment map...).
    pub generated: &'a HashSet<String>,
    pub files: &'a HashSet<String>,
}

/// Checks every found link; returns one diagnostic per broken one.
pub fn check(site: &SiteIndex<'_>, links: &[FoundLink]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for link in links {
        let from = site.library.page(link.from);
        let problem = match &link.target {
            Target::External | Target::File(_) => None,
            Target::Missing(reason) => {
                Some(format!("{reason}{}", suggestion(site.library, from, link)))
            }
            Target::Page {
                page,
                fragment: Some(f),
            } => missing_anchor(site, *page, f),
            Target::Page { fragment: None, .. } => None,
            Target::SamePage(f) => missing_anchor(site, link.from, f),
            Target::SitePath { path, .. } => {
                let known = site.generated.contains(&**path)
                    || site.files.contains(&**path)
                    || site
                        .generated
                        .contains(&format!("{}/", path.trim_end_matches('/')));
                (!known).then(|| format!("nothing is built at {path}"))
            }
        };
        if let Some(reason) = problem {
            problems.push(
                broken(from, link, reason)
                    .at(link.line as usize, link.column as usize)
                    .about(Subject::Page(link.from)),
            );
        }
    }
    problems
}

/// The finding for a link or image that leads nowhere.
fn broken(from: &Page, link: &FoundLink, reason: String) -> Diagnostic {
    if !link.image {
        return Diagnostic::new(
            Kind::BrokenLink,
            from.display_path(),
            format!("broken link '{}' ({reason})", link.dest),
        )
        .hint("link to the source file relative to this one, e.g. ../roadmap/_index.md#heading");
    }
    let expected = match link.target {
        Target::SitePath { .. } => "in static/ or content/ at that site path".to_string(),
        _ => {
            let base_dir = urls::parent_dir(&from.source);
            let path = urls::decode(lookup_path(&link.dest));
            match urls::join_relative(base_dir, &path) {
                Some(joined) => format!("at content/{joined}"),
                None => "inside content/".to_string(),
            }
        }
    };
    Diagnostic::new(
        Kind::MissingImage,
        from.display_path(),
        format!("missing image '{}' ({reason})", link.dest),
    )
    .hint(format!(
        "the image file was expected {expected} (paths are relative to this page's file); add the file there or correct the path"
    ))
}

/// The path part of a destination: without `#fragment` and `?query`.
fn lookup_path(dest: &str) -> &str {
    let path = dest.split('#').next().unwrap_or(dest);
    path.split('?').next().unwrap_or(path)
}

fn missing_anchor(site: &SiteIndex<'_>, page: PageId, fragment: &str) -> Option<String> {
    let rendered = &site.rendered[page.0 as usize];
    // `#` and `#top` lead to the top of the page in every browser.
    if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") || rendered.has_anchor(fragment)
    {
        return None;
    }
    let target = site.library.page(page);
    let closest = rendered
        .toc
        .iter()
        .map(|h| &h.id)
        .min_by_key(|a| strsim::levenshtein(a, fragment))
        .filter(|a| strsim::levenshtein(a, fragment) <= 3);
    Some(match closest {
        Some(a) => format!(
            "no heading #{fragment} in {}; did you mean #{a}?",
            target.display_path()
        ),
        None => format!("no heading #{fragment} in {}", target.display_path()),
    })
}

/// `; did you mean ...?` with the closest existing source path (a page
/// for a link, a file for an image), written as a link that works and
/// never the destination given.
fn suggestion(library: &Library, from: &Page, link: &FoundLink) -> String {
    let path = lookup_path(&link.dest);
    let base_dir = urls::parent_dir(&from.source);
    let Some(wanted) = urls::join_relative(base_dir, &urls::decode(path)) else {
        return String::new();
    };
    let known: Box<dyn Iterator<Item = &str>> = if link.image {
        Box::new(library.assets.iter().map(|a| a.source.as_str()))
    } else {
        Box::new(library.sources())
    };
    let best = known
        .map(|s| (strsim::levenshtein(s, &wanted), s))
        .min()
        .filter(|(distance, _)| *distance <= wanted.len() / 3 + 2);
    match best {
        Some((_, source)) => {
            // `%` stays as it is: a name holding `%2C` is found from `%2C`.
            let written = urls::encode_path(&relative_to(base_dir, source)).replace("%25", "%");
            let same = written == path || urls::decode_fully(&written) == urls::decode_fully(path);
            if same {
                String::new()
            } else {
                format!("; did you mean {written}?")
            }
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_external() {
        for dest in ["https://x.org", "mailto:a@b", "//cdn", "tel:123"] {
            assert!(has_scheme(dest), "{dest}");
        }
        for dest in ["../a.md", "a.md#x:y", "/levels/"] {
            assert!(!has_scheme(dest), "{dest}");
        }
    }

    #[test]
    fn candidate_sources() {
        assert_eq!(
            candidates("a/b.html", false),
            ["a/b.md", "a/b.html/_index.md", "a/b.html/index.md"]
        );
        assert_eq!(candidates("a/b", true), ["a/b/_index.md", "a/b/index.md"]);
        assert_eq!(candidates("", true), ["_index.md", "index.md"]);
    }
}
