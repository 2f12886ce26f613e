//! From content paths to site URLs, and from site URLs to hrefs.
//!
//! A content path is relative to `content/` with `/` separators
//! (`roadmap/2026-q3/_index.md`). A site path is the page's URL below the
//! base path, always starting and ending with `/` (`/roadmap/2026-q3/`).
//! File and folder names may hold spaces, commas, percent escapes and
//! non-ASCII letters: [`slug`] turns each into a stable URL segment.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// Characters escaped when a site path goes into an `href`.
const HREF: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'?')
    .add(b'{')
    .add(b'}')
    .add(b'%');

/// One URL segment for a file or folder name: decoded, lower-cased,
/// white space and URL-reserved punctuation folded into `-`.
pub fn slug(name: &str) -> String {
    let decoded = percent_decode_str(name).decode_utf8_lossy();
    let mut out = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        let keep = c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~');
        if keep {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches(|c| c == '-' || c == '.');
    if trimmed.is_empty() {
        "-".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The site path of a markdown file, or `None` if it is not one. A page's
/// `slug:` replaces the segment its file name would give.
pub fn page_path(content_path: &str, slug_override: Option<&str>) -> Option<String> {
    let stem_path = content_path.strip_suffix(".md")?;
    let (dir, stem) = match stem_path.rsplit_once('/') {
        Some((dir, stem)) => (Some(dir), stem),
        None => (None, stem_path),
    };
    let mut segments: Vec<String> = dir
        .into_iter()
        .flat_map(|d| d.split('/'))
        .map(slug)
        .collect();
    if stem != "_index" && stem != "index" {
        segments.push(slug(slug_override.unwrap_or(stem)));
    }
    Some(join(&segments))
}

/// The site path of a folder below `content/` (`""` is the root).
pub fn dir_path(content_dir: &str) -> String {
    let segments: Vec<String> = content_dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(slug)
        .collect();
    join(&segments)
}

/// The output location of a colocated or static file: folders slugged,
/// the file name kept (so `diagram.png` stays `diagram.png`).
pub fn asset_path(content_path: &str) -> String {
    match content_path.rsplit_once('/') {
        Some((dir, file)) => format!("{}{file}", dir_path(dir)),
        None => format!("/{content_path}"),
    }
}

fn join(segments: &[String]) -> String {
    if segments.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

/// An `href` for a site path below the base path (`/plans/`), escaped.
pub fn href(base_path: &str, site_path: &str) -> String {
    let encoded = utf8_percent_encode(site_path.trim_start_matches('/'), HREF);
    format!("{base_path}{encoded}")
}

/// A content path escaped for use in a URL (`My Plan.md` → `My%20Plan.md`).
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, HREF).to_string()
}

/// The site path an `aliases:` entry redirects from: `old/plan` →
/// `/old/plan/`, `old.html` → `/old.html`. `None` for an alias that is
/// empty or climbs with `..`, so no alias can write outside the output.
pub fn alias_path(alias: &str) -> Option<String> {
    let decoded = decode(alias.trim());
    let parts: Vec<&str> = decoded.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| *p == "." || *p == ".." || p.contains('\\'))
    {
        return None;
    }
    let joined = parts.join("/");
    Some(if joined.ends_with(".html") {
        format!("/{joined}")
    } else {
        format!("/{joined}/")
    })
}

/// True when `path` (relative to the output root) stays inside it.
pub fn is_contained(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The relative file in the output for a site path (`/a/b/` → `a/b/index.html`).
pub fn output_file(site_path: &str) -> String {
    let trimmed = site_path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// Joins a relative reference onto a content folder, resolving `.` and `..`.
/// Returns `None` when the reference climbs above `content/`.
pub fn join_relative(base_dir: &str, reference: &str) -> Option<String> {
    let mut parts: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        base_dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for part in reference.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a content path (`a/b.md` → `a`, `b.md` → ``).
pub fn parent_dir(content_path: &str) -> &str {
    content_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Percent-decodes a link target so `my%20plan.md` finds `my plan.md`.
pub fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Decoded until no escape is left: wiki exports name files with literal
/// escapes (`Roles%2C Teams.md`) and link them encoded once more, or not.
pub fn decode_fully(text: &str) -> String {
    let mut text = text.to_string();
    for _ in 0..3 {
        let decoded = decode(&text);
        if decoded == text {
            break;
        }
        text = decoded;
    }
    text
}

/// A content path written relative to a folder, as a contributor would link it.
pub fn relative_to(base_dir: &str, source: &str) -> String {
    let base: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    let target: Vec<&str> = source.split('/').collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; base.len() - common];
    parts.extend(&target[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to("a/b", "a/c.md"), "../c.md");
        assert_eq!(relative_to("", "a/c.md"), "a/c.md");
        assert_eq!(relative_to("a", "a/c.md"), "c.md");
    }

    #[test]
    fn page_paths() {
        assert_eq!(page_path("_index.md", None).unwrap(), "/");
        assert_eq!(page_path("roadmap/_index.md", None).unwrap(), "/roadmap/");
        assert_eq!(
            page_path("roadmap/2026-q3/self-serve.md", None).unwrap(),
            "/roadmap/2026-q3/self-serve/"
        );
        assert_eq!(page_path("notes/x/index.md", None).unwrap(), "/notes/x/");
        assert_eq!(page_path("a.txt", None), None);
        assert_eq!(
            page_path("notes/Q3 Plan.md", Some("Plan for Q3")).unwrap(),
            "/notes/plan-for-q3/"
        );
    }

    #[test]
    fn odd_names_make_stable_segments() {
        assert_eq!(slug("Q3 Plan, final"), "q3-plan-final");
        assert_eq!(slug("my%20plan"), "my-plan");
        assert_eq!(slug("Überblick"), "überblick");
        assert_eq!(slug("?!"), "-");
    }

    #[test]
    fn hrefs_escape_non_ascii_and_keep_base() {
        assert_eq!(href("/plans/", "/überblick/"), "/plans/%C3%BCberblick/");
        assert_eq!(href("/", "/"), "/");
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/a/b/"), "a/b/index.html");
        assert_eq!(output_file("/sitemap.xml"), "sitemap.xml");
    }

    #[test]
    fn aliases_cannot_climb() {
        assert_eq!(alias_path("old/r4").unwrap(), "/old/r4/");
        assert_eq!(alias_path("/old.html").unwrap(), "/old.html");
        assert_eq!(alias_path("x/../../etc"), None);
        assert_eq!(alias_path(""), None);
        assert_eq!(alias_path("%2e%2e/x"), None);
        assert!(is_contained("a/index.html"));
        assert!(!is_contained("../a.html") && !is_contained("/etc/x") && !is_contained("a//b"));
    }

    #[test]
    fn relative_joins() {
        assert_eq!(join_relative("a/b", "../c.md").unwrap(), "a/c.md");
        assert_eq!(
            join_relative("a", "./x/_index.md").unwrap(),
            "a/x/_index.md"
        );
        assert_eq!(join_relative("", "../x.md"), None);
        assert_eq!(asset_path("My Notes/diagram.png"), "/my-notes/diagram.png");
    }
}
