//! Integration tests: building sites end to end.

use crate::common::*;
use std::path::Path;

#[test]
fn bundled_site_builds_with_summary_line() {
    let site = TestSite::bundled();
    let run = site.build(&[]).ok();
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);
    assert!(run.stdout.contains("-> "), "{}", run.stdout);
    assert!(site.exists("index.html"));
    assert!(site.exists("sitemap.xml"));
    assert!(site.exists("404.html"));
}

/// `(label, value)` of every row of a page's plan-details panel.
fn meta(html: &scraper::Html) -> Vec<(String, String)> {
    let row = scraper::Selector::parse("section.meta dl > div").expect("valid selector");
    let dt = scraper::Selector::parse("dt").expect("valid selector");
    let dd = scraper::Selector::parse("dd").expect("valid selector");
    let text = |e: scraper::ElementRef| {
        e.text()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    html.select(&row)
        .map(|r| {
            let label = r.select(&dt).next().map(text).unwrap_or_default();
            let value = r.select(&dd).next().map(text).unwrap_or_default();
            (label, value)
        })
        .collect()
}

fn meta_value(html: &scraper::Html, label: &str) -> Option<String> {
    meta(html)
        .into_iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v)
}

/// Parses `Built N pages, M sections in X ms -> PATH` into its parts.
fn summary_line(stdout: &str) -> (usize, usize, u128, String) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| panic!("no summary line in {stdout:?}"));
    let rest = line.strip_prefix("Built ").expect("starts with Built");
    let (pages, rest) = rest
        .split_once(" pages, ")
        .unwrap_or_else(|| panic!("pages in {line:?}"));
    let (sections, rest) = rest
        .split_once(" sections in ")
        .unwrap_or_else(|| panic!("sections in {line:?}"));
    let (ms, path) = rest
        .split_once(" ms -> ")
        .unwrap_or_else(|| panic!("ms in {line:?}"));
    (
        pages
            .parse()
            .unwrap_or_else(|_| panic!("page count in {line:?}")),
        sections
            .parse()
            .unwrap_or_else(|_| panic!("section count in {line:?}")),
        ms.parse()
            .unwrap_or_else(|_| panic!("milliseconds in {line:?}")),
        path.to_string(),
    )
}

/// Every `.html` file below `dir`, as `/`-separated relative paths.
fn html_files(dir: &Path) -> Vec<String> {
    snapshot(dir)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

/// The output file a site-absolute href (already stripped of the base path)
/// points at: `roadmap/` → `roadmap/index.html`.
fn output_file_of(path: &str) -> String {
    let path = path.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

fn is_external(value: &str) -> bool {
    value.starts_with("http://")
        || value.starts_with("https://")
        || value.starts_with("mailto:")
        || value.starts_with("//")
}

/// Checks that every `href` and `src` of every produced HTML file lives
/// below `/plans/` (or is external or a fragment) and reaches a produced
/// file, and that the sitemap lists full URLs.
fn assert_everything_below_plans(site: &TestSite) {
    let public = site.path("public");
    let files = html_files(&public);
    assert!(files.len() > 10, "too few HTML files: {files:?}");
    let mut checked = 0;
    for file in &files {
        let html = site.html(file);
        let values = attrs(&html, "[href]", "href")
            .into_iter()
            .chain(attrs(&html, "[src]", "src"));
        for value in values {
            checked += 1;
            if value.starts_with('#') {
                continue;
            }
            if is_external(&value) {
                if value.contains("intranet.example") {
                    assert!(
                        value.starts_with("https://intranet.example/plans/"),
                        "{file}: {value}"
                    );
                }
                continue;
            }
            let below = value
                .strip_prefix("/plans/")
                .unwrap_or_else(|| panic!("{file}: {value:?} does not start with /plans/"));
            let target = output_file_of(below);
            assert!(
                public.join(&target).is_file(),
                "{file}: {value:?} points at {target}, which was not produced"
            );
        }
    }
    assert!(checked > 100, "only {checked} links checked");

    let sitemap = scraper::Html::parse_document(&site.output("sitemap.xml"));
    let locs = texts(&sitemap, "loc");
    assert!(
        locs.contains(&"https://intranet.example/plans/".to_string()),
        "{locs:?}"
    );
    assert!(
        locs.contains(&"https://intranet.example/plans/roadmap/q3/launch/".to_string()),
        "{locs:?}"
    );
    for loc in &locs {
        assert!(
            loc.starts_with("https://intranet.example/plans/"),
            "sitemap entry {loc}"
        );
    }
}

#[test]
fn section_index_lists_pages_by_weight_then_title_with_summary_and_read_more() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let html = site.html("roadmap/index.html");
    assert_eq!(
        texts(&html, "section.section-pages li.card h3"),
        ["Bravo", "Charlie", "Alpha"]
    );
    let links = attrs(&html, "section.section-pages li.card h3 a", "href");
    assert_eq!(
        links,
        ["/roadmap/bravo/", "/roadmap/charlie/", "/roadmap/alpha/"]
    );
    assert_eq!(
        texts(&html, "section.section-pages li.card .summary"),
        [
            "Bravo opens with this paragraph, its summary.",
            "Charlie sets its summary in the frontmatter.",
            "Alpha comes last because its weight is highest.",
        ]
    );
    assert_eq!(
        texts(&html, "section.section-pages li.card a.read-more"),
        ["Read more"; 3]
    );
    assert_eq!(
        attrs(&html, "section.section-pages li.card a.read-more", "href"),
        links
    );
    assert_eq!(
        texts(&html, "section.subsections li.card h3"),
        ["Q2 2026", "Q3 2026"]
    );
    // `summary:` is another name for `description:`, on the page too.
    let charlie = site.html("roadmap/charlie/index.html");
    assert_eq!(
        texts(&charlie, "header p.lead"),
        ["Charlie sets its summary in the frontmatter."]
    );
    assert_eq!(
        attrs(&html, "section.subsections li.card h3 a", "href"),
        ["/roadmap/q2/", "/roadmap/q3/"]
    );
    assert_eq!(
        texts(&html, "section.subsections li.card .summary"),
        ["The second quarter.", "The third quarter."]
    );
    assert_eq!(
        attrs(&html, "section.subsections li.card a.read-more", "href"),
        ["/roadmap/q2/", "/roadmap/q3/"]
    );
}

#[test]
fn nested_page_has_breadcrumbs_of_its_sections() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let html = site.html("roadmap/q3/launch/index.html");
    assert_eq!(
        texts(&html, "nav.breadcrumbs li"),
        ["Home", "Roadmap", "Q3 2026", "Launch"]
    );
    assert_eq!(
        attrs(&html, "nav.breadcrumbs a", "href"),
        ["/", "/roadmap/", "/roadmap/q3/"]
    );
    assert_eq!(
        texts(&html, "nav.breadcrumbs li[aria-current=page]"),
        ["Launch"]
    );
}

#[test]
fn colocated_asset_is_copied_beside_its_page() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let source = std::fs::read(site.path("content/roadmap/q3/architecture/diagram.png"))
        .expect("fixture image");
    let copied = std::fs::read(site.path("public/roadmap/q3/architecture/diagram.png"))
        .expect("copied image");
    assert_eq!(copied, source);
    let html = site.html("roadmap/q3/architecture/index.html");
    let srcs = attrs(&html, ".content img", "src");
    assert_eq!(srcs, ["/roadmap/q3/architecture/diagram.png"]);
    let target = output_file_of(srcs[0].strip_prefix('/').expect("site-absolute"));
    assert_eq!(
        std::fs::read(site.path("public").join(target)).expect("img src resolves"),
        source
    );
    assert_eq!(attrs(&html, ".content img", "alt"), ["Component diagram"]);
}

#[test]
fn static_folder_is_copied_and_linkable() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    assert_eq!(
        std::fs::read(site.path("public/files/handbook.txt")).expect("copied"),
        std::fs::read(site.path("static/files/handbook.txt")).expect("fixture")
    );
    let html = site.html("roadmap/q3/launch/index.html");
    let selector = scraper::Selector::parse(".content a").expect("valid selector");
    let handbook: Vec<_> = html
        .select(&selector)
        .filter(|a| a.text().collect::<String>() == "handbook")
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(handbook, ["/files/handbook.txt"]);
}

#[test]
fn base_url_from_command_line_prefixes_every_link() {
    let site = TestSite::fixture("basic");
    site.build(&["--base-url", "https://intranet.example/plans/"])
        .ok();
    assert_everything_below_plans(&site);
}

#[test]
fn base_url_from_config_prefixes_every_link() {
    let site = TestSite::fixture("basic").file(
        "strata.yaml",
        "title: Basic plans\nbase_url: https://intranet.example/plans/\n",
    );
    site.build(&[]).ok();
    assert_everything_below_plans(&site);
}

#[test]
fn cascade_applies_to_pages_below_and_own_values_win() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    for (page, owner) in [
        ("sprints/sprint-1/index.html", "ann"),
        ("sprints/sprint-2/index.html", "bob"),
        ("sprints/deep/sprint-3/index.html", "ann"),
        ("sprints/loose/sprint-4/index.html", "ann"),
    ] {
        let html = site.html(page);
        assert_eq!(
            texts(&html, ".page-header a.badge"),
            ["4 · Iteration (sprint)"],
            "{page}"
        );
        assert_eq!(
            meta_value(&html, "Level").as_deref(),
            Some("Iteration (sprint) · Every 1–4 weeks"),
            "{page}"
        );
        assert_eq!(meta_value(&html, "Owner").as_deref(), Some(owner), "{page}");
    }
    let level = site.html("levels/iteration/index.html");
    let items = texts(&level, "table.items td a");
    for title in ["Sprint 1", "Sprint 2", "Sprint 3", "Sprint 4"] {
        assert!(
            items.contains(&title.to_string()),
            "{title} missing from the iteration level: {items:?}"
        );
    }
    // Pages outside the cascading folder are untouched.
    let html = site.html("roadmap/alpha/index.html");
    assert!(texts(&html, ".page-header a.badge").is_empty());
    assert_eq!(meta_value(&html, "Owner"), None);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("basic");
    let run = site.build(&[]).ok();
    assert_eq!(summary_line(&run.stdout).0, 11);
    for draft in [
        "roadmap/secret/index.html",
        "ideas/index.html",
        "ideas/big-idea/index.html",
    ] {
        assert!(!site.exists(draft), "{draft} was built");
    }
    let roadmap = site.html("roadmap/index.html");
    assert!(!texts(&roadmap, "li.card h3").contains(&"Secret plan".to_string()));
    let sitemap = scraper::Html::parse_document(&site.output("sitemap.xml"));
    assert!(
        texts(&sitemap, "loc")
            .iter()
            .all(|l| !l.contains("secret") && !l.contains("ideas"))
    );
    assert!(!texts(&site.html("index.html"), "nav.menu a").contains(&"Ideas".to_string()));

    let run = site.build(&["--drafts"]).ok();
    let (pages, sections, _, _) = summary_line(&run.stdout);
    assert_eq!((pages, sections), (13, 8));
    for draft in [
        "roadmap/secret/index.html",
        "ideas/index.html",
        "ideas/big-idea/index.html",
    ] {
        assert!(site.exists(draft), "{draft} was not built with --drafts");
    }
    let roadmap = site.html("roadmap/index.html");
    assert_eq!(
        texts(&roadmap, "section.section-pages li.card h3"),
        ["Secret plan", "Bravo", "Charlie", "Alpha"]
    );
    assert!(texts(&site.html("index.html"), "nav.menu a").contains(&"Ideas".to_string()));
}

#[test]
fn title_falls_back_to_first_heading_then_file_name() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let html = site.html("roadmap/q3/from-heading/index.html");
    assert_eq!(
        texts(&html, "h1"),
        ["Heading makes the title"],
        "the heading becomes the title once"
    );
    assert_eq!(
        texts(&html, "title"),
        ["Heading makes the title · Basic plans"]
    );
    assert_eq!(texts(&html, ".content p"), ["The page has no frontmatter."]);
    let html = site.html("roadmap/q3/launch-checklist/index.html");
    assert_eq!(texts(&html, "h1"), ["Launch checklist"]);
    let q3 = site.html("roadmap/q3/index.html");
    let cards = texts(&q3, "section.section-pages li.card h3");
    assert!(
        cards.contains(&"Heading makes the title".to_string()),
        "{cards:?}"
    );
    assert!(cards.contains(&"Launch checklist".to_string()), "{cards:?}");
}

#[test]
fn pages_get_pretty_urls() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    for file in [
        "index.html",
        "roadmap/index.html",
        "roadmap/q3/index.html",
        "roadmap/q3/launch/index.html",
        "roadmap/q3/architecture/index.html",
        "sprints/deep/sprint-3/index.html",
    ] {
        assert!(site.exists(file), "{file} missing");
    }
    for file in [
        "roadmap/q3.html",
        "roadmap/q3/launch.html",
        "roadmap/q3/_index.html",
        "roadmap/q3/launch.md",
    ] {
        assert!(!site.exists(file), "{file} should not exist");
    }
    let q3 = site.html("roadmap/q3/index.html");
    let links = attrs(&q3, "section.section-pages li.card h3 a", "href");
    assert!(
        links.contains(&"/roadmap/q3/launch/".to_string()),
        "{links:?}"
    );
}

#[test]
fn summary_line_counts_pages_and_sections() {
    let site = TestSite::fixture("basic");
    let run = site.build(&[]).ok();
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    let (pages, sections, ms, path) = summary_line(&run.stdout);
    assert_eq!((pages, sections), (11, 7));
    assert!(ms < 60_000, "{ms} ms");
    assert!(path.ends_with("public"), "{path}");
}

#[test]
fn summary_line_names_output_folder_as_given() {
    let site = TestSite::fixture("basic");
    let run = site.build(&[]).ok();
    assert_eq!(summary_line(&run.stdout).3, "public");
    let run = site.build(&["--output", "out"]).ok();
    assert_eq!(summary_line(&run.stdout).3, "out");
}

#[test]
fn not_found_page_and_sitemap_are_produced() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let not_found = site.html("404.html");
    assert_eq!(texts(&not_found, "h1"), ["Page not found"]);
    let sitemap = scraper::Html::parse_document(&site.output("sitemap.xml"));
    let locs = texts(&sitemap, "urlset > url > loc");
    for page in [
        "/",
        "/roadmap/",
        "/roadmap/q3/launch/",
        "/sprints/deep/sprint-3/",
        "/levels/iteration/",
    ] {
        assert!(
            locs.contains(&page.to_string()),
            "{page} missing from {locs:?}"
        );
    }
    let unique: std::collections::BTreeSet<_> = locs.iter().collect();
    assert_eq!(
        unique.len(),
        locs.len(),
        "duplicate sitemap entries: {locs:?}"
    );
}

#[test]
fn two_builds_give_byte_identical_output() {
    for site in [TestSite::fixture("basic"), TestSite::bundled()] {
        site.build(&[]).ok();
        let first = snapshot(&site.path("public"));
        assert!(first.len() > 20, "{:?}", first.keys());
        site.build(&[]).ok();
        let second = snapshot(&site.path("public"));
        assert_eq!(
            first.keys().collect::<Vec<_>>(),
            second.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &first {
            assert!(bytes == &second[path], "{path} differs between two builds");
        }
    }
}

#[test]
fn headings_get_ids_anchor_links_and_a_table_of_contents() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let html = site.html("roadmap/q3/launch/index.html");
    let ids = attrs(&html, ".content h2, .content h3", "id");
    assert_eq!(ids, ["sprint-goal", "risks-and-issues", "next-steps"]);
    let fragments: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
    assert_eq!(
        attrs(
            &html,
            ".content h2 > a.anchor, .content h3 > a.anchor",
            "href"
        ),
        fragments
    );
    assert_eq!(
        texts(&html, "nav.toc li a"),
        ["Sprint goal", "Risks and issues", "Next steps"]
    );
    assert_eq!(attrs(&html, "nav.toc li a", "href"), fragments);
    // An in-page link reaches its heading.
    let selector = scraper::Selector::parse(".content a").expect("valid selector");
    let risks: Vec<&str> = html
        .select(&selector)
        .filter(|a| a.text().collect::<String>() == "the risks")
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(risks.len(), 1);
    let (path, fragment) = risks[0].split_once('#').expect("a fragment link");
    assert!(
        path.is_empty() || path == "/roadmap/q3/launch/",
        "{}",
        risks[0]
    );
    assert!(ids.contains(&fragment.to_string()), "{}", risks[0]);
}

#[test]
fn markdown_extensions_render() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let html = site.html("roadmap/q3/launch/index.html");
    assert_eq!(texts(&html, ".content table thead th"), ["Risk", "Owner"]);
    assert_eq!(
        texts(&html, ".content table tbody td"),
        ["Late vendor", "Ann", "No room", "Bob"]
    );
    assert_eq!(texts(&html, ".content del"), ["Old plan"]);
    assert_eq!(
        texts(&html, ".content li:has(> .task)"),
        ["☑ Done: Book the room", "☐ To do: Send the invite"],
        "task boxes are symbols, their state said in words"
    );
    assert!(texts(&html, ".content input").is_empty());
    let reference = attrs(&html, ".content sup.footnote-reference a", "href");
    assert_eq!(reference.len(), 1);
    let id = reference[0]
        .strip_prefix('#')
        .expect("footnote link is a fragment");
    let definition = texts(
        &html,
        &format!(".content .footnote-definition[id=\"{id}\"] p"),
    );
    assert_eq!(definition, ["Agreed at the Monday review."]);
}

#[test]
fn a_cascaded_draft_leaves_out_whole_sub_sections() {
    let site = TestSite::fixture("basic")
        .file(
            "content/wip/_index.md",
            "---\ntitle: Work in progress\ncascade: {draft: true}\n---\n",
        )
        .file("content/wip/sub/_index.md", "---\ntitle: Sub\n---\n")
        .file("content/wip/sub/a.md", "---\ntitle: A\n---\nText.\n");
    site.build(&[]).ok();
    // The cascade is for what lies below; the section itself stays.
    assert!(site.exists("wip/index.html"));
    for draft in ["wip/sub/index.html", "wip/sub/a/index.html"] {
        assert!(!site.exists(draft), "{draft} was built");
    }
    site.build(&["--drafts"]).ok();
    assert!(site.exists("wip/sub/index.html"));
}
