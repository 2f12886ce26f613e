//! Integration tests: links written as source paths resolve to URLs, and
//! every broken link or anchor is reported at its file:line:col.

use crate::common::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

fn links_site() -> TestSite {
    let site = TestSite::fixture("links");
    site.build(&[]).ok();
    site
}

fn hrefs_by_text(html: &scraper::Html) -> HashMap<String, String> {
    let selector = scraper::Selector::parse(".content a").expect("selector");
    html.select(&selector)
        .filter_map(|a| {
            Some((
                a.text().collect::<String>(),
                a.value().attr("href")?.to_string(),
            ))
        })
        .collect()
}

#[test]
fn every_link_form_is_rewritten_to_the_target_url() {
    let site = links_site();
    let home = site.html("index.html");
    let hrefs = hrefs_by_text(&home);
    for (text, href) in [
        ("guide", "/guide/"),
        ("releases index", "/releases/"),
        ("r4 goal", "/releases/r4/#goal"),
        ("releases folder", "/releases/"),
        ("wiki export", "/wiki-page/"),
        ("release level", "/levels/release/"),
        ("diagram page", "/diagram/"),
        ("notes with spaces", "/team-notes/my-plan-v2/"),
        ("notes unencoded", "/team-notes/my-plan-v2/"),
        ("überblick", "/%C3%BCberblick/"),
        ("same page", "/#intro"),
        ("external", "https://example.org/x"),
        ("alias", "/old/r4/"),
    ] {
        assert_eq!(
            hrefs.get(text).map(String::as_str),
            Some(href),
            "link '{text}'"
        );
    }
    assert_eq!(attrs(&home, ".content img", "src"), ["/logo.svg"]);
    assert_eq!(
        attrs(&site.html("diagram/index.html"), ".content img", "src"),
        ["/diagram/diagram.svg"]
    );
    assert!(site.exists("diagram/diagram.svg"));
    assert!(site.exists("team-notes/my-plan-v2/index.html"));
    assert!(site.exists("überblick/index.html"));
    assert_every_internal_link_resolves(&site.path("public"), "/");
}

#[test]
fn links_respect_a_base_path() {
    let site = TestSite::fixture("links");
    site.build(&["--base-url", "https://intranet.example/plans/"])
        .ok();
    let hrefs = hrefs_by_text(&site.html("index.html"));
    assert_eq!(hrefs["r4 goal"], "/plans/releases/r4/#goal");
    assert_eq!(hrefs["release level"], "/plans/levels/release/");
    assert_every_internal_link_resolves(&site.path("public"), "/plans/");
}

#[test]
fn backlinks_list_the_pages_that_link_here() {
    let site = links_site();
    let r4 = site.html("releases/r4/index.html");
    let mut backlinks = texts(&r4, ".backlinks li a");
    backlinks.sort();
    assert_eq!(backlinks, ["Guide", "Home"]);
}

#[test]
fn aliases_redirect_to_the_moved_page() {
    let site = links_site();
    let alias = site.html("old/r4/index.html");
    assert_eq!(
        attrs(&alias, "link[rel=canonical]", "href"),
        ["/releases/r4/"]
    );
    let refresh = attrs(&alias, "meta[http-equiv=refresh]", "content");
    assert_eq!(refresh, ["0; url=/releases/r4/"]);
}

#[test]
fn every_broken_link_is_reported_at_its_line_and_column_in_one_run() {
    let site = TestSite::fixture("broken-links");
    let run = site.build(&[]).expect_code(1);
    let expected = [
        "content/_index.md:6:8: error: broken link 'nope.md' (no page or file at content/nope.md",
        "content/_index.md:7:8: error: broken link 'nowhere/'",
        "content/_index.md:8:8: error: broken link 'sub/page.md#nope' (no heading #nope in content/sub/page.md",
        "content/_index.md:9:8: error: broken link '#real-headin' (no heading #real-headin in content/_index.md; did you mean #real-heading?)",
        "content/_index.md:10:9: error: missing image 'img/missing.png' (no page or file at content/img/missing.png)",
        "content/_index.md:11:9: error: broken link 'Gone.html'",
        "content/_index.md:12:9: error: broken link '../../outside.md' ('../../outside.md' climbs above content/)",
        "content/_index.md:13:9: error: broken link '/levels/sprint/' (nothing is built at /levels/sprint/)",
        "content/_index.md:14:9: error: broken link 'sub/pgae.md' (no page or file at content/sub/pgae.md; did you mean sub/page.md?)",
        "content/_index.md:15:9: error: broken link '/missing.css'",
        "content/_index.md:17:18: error: broken link 'sub/_index.md#x'",
        "content/sub/page.md:6:1: error: broken link '../_index.md#unreal'",
    ];
    for line in expected {
        assert!(
            run.stderr.contains(line),
            "missing {line:?} in\n{}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr.matches("broken link").count() + run.stderr.matches("missing image").count(),
        expected.len(),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Build failed: 12 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_warn_downgrades_broken_links_to_warnings() {
    let site =
        TestSite::fixture("broken-links").file("strata.yaml", "title: Broken links\nlinks: warn\n");
    let run = site.build(&["--verbose"]).ok();
    assert_eq!(
        run.stderr.matches("warning: broken link").count()
            + run.stderr.matches("warning: missing image").count(),
        12,
        "{}",
        run.stderr
    );
}

#[test]
fn bundled_site_and_examples_have_no_broken_internal_links() {
    let bundled = TestSite::bundled();
    bundled.build(&[]).ok();
    assert_every_internal_link_resolves(&bundled.path("public"), "/");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for entry in std::fs::read_dir(examples).expect("examples folder") {
        let path = entry.expect("entry").path();
        if !path.join("content").is_dir() {
            continue; // not a site, e.g. the CI workflow
        }
        let site = TestSite::copy_of(&path);
        site.build(&[]).ok();
        assert_every_internal_link_resolves(&site.path("public"), "/");
    }
}

/// Walks every produced HTML file and checks that each internal `href` and
/// `src` names a produced file, and each `#fragment` an id on that page.
pub fn assert_every_internal_link_resolves(public: &Path, base_path: &str) {
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut pages: Vec<(String, scraper::Html)> = Vec::new();
    let id_selector = scraper::Selector::parse("[id]").expect("selector");
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(public)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".html") {
            let html = scraper::Html::parse_document(
                &std::fs::read_to_string(entry.path()).expect("read"),
            );
            ids.insert(
                rel.clone(),
                html.select(&id_selector)
                    .filter_map(|e| e.value().attr("id").map(String::from))
                    .collect(),
            );
            pages.push((rel, html));
        }
    }
    assert!(!pages.is_empty());
    let mut broken = Vec::new();
    for (file, html) in &pages {
        let links = attrs(html, "a[href]", "href")
            .into_iter()
            .chain(attrs(html, "[src]", "src"))
            .chain(attrs(html, "link[href]", "href"));
        for link in links {
            if link.contains("://") || link.starts_with("mailto:") || link.contains("__strata") {
                continue;
            }
            let (path, fragment) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() {
                file.clone()
            } else if let Some(rest) = path.strip_prefix(base_path) {
                let decoded = percent_decode(rest);
                if decoded.is_empty() || decoded.ends_with('/') {
                    format!("{decoded}index.html")
                } else {
                    decoded
                }
            } else {
                broken.push(format!("{file}: {link} is outside the base path"));
                continue;
            };
            if !public.join(&target).exists() {
                broken.push(format!("{file}: {link} -> missing {target}"));
            } else if let Some(f) = fragment.filter(|f| !f.is_empty())
                && !ids
                    .get(&target)
                    .is_some_and(|set| set.contains(&percent_decode(f)))
            {
                broken.push(format!("{file}: {link} -> no #{f} in {target}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken internal links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}
