//! Content people already have builds as it is: a GitHub-style tree of
//! `README.md` files with folders of images and styles, file names as
//! titles, and pages that sort by number and date.

use crate::common::*;

fn built() -> TestSite {
    let site = TestSite::fixture("github-readmes");
    site.build(&[]).ok();
    site
}

#[test]
fn readme_and_index_files_are_folder_pages() {
    let site = built();
    assert_eq!(texts(&site.html("index.html"), "main h1"), ["How we plan"]);
    assert_eq!(texts(&site.html("teams/index.html"), "main h1"), ["Teams"]);
    assert_eq!(
        texts(&site.html("standups/index.html"), "main h1"),
        ["Stand-ups"]
    );
    // Links to README.md, to the folder and to index.md all land on it.
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, ".content a", "href"),
        ["/roadmap/", "/teams/", "/sprints/", "/standups/"]
    );
    // A folder whose only markdown is index.md stays one page with its image.
    assert!(site.exists("diagram/index.html"));
    assert!(site.exists("diagram/diagram.png"));
}

#[test]
fn folders_without_markdown_are_copied_not_sections() {
    let site = built();
    for file in ["images/logo.png", "styles/site.css"] {
        assert!(site.exists(file), "{file} is copied");
    }
    for folder in ["images", "styles"] {
        assert!(
            !site.exists(&format!("{folder}/index.html")),
            "{folder}/ is no section"
        );
    }
    let sitemap = site.output("sitemap.xml");
    assert!(
        !sitemap.contains("/images/") && !sitemap.contains("/styles/"),
        "{sitemap}"
    );
}

#[test]
fn the_menu_lists_level_sections_first_then_the_rest_in_order() {
    let site = built();
    let menu = texts(&site.html("index.html"), "nav.menu li a");
    // Diagram is a page (a bundle), not a section.
    assert_eq!(menu[..4], ["Roadmap", "Sprints", "Stand-ups", "Teams"]);
}

#[test]
fn numbers_sort_as_numbers_and_dated_pages_by_date() {
    let site = built();
    let sprints = texts(
        &site.html("sprints/index.html"),
        ".section-pages .cards h3 a, .section-pages .cards h2 a",
    );
    assert_eq!(sprints, ["Sprint 8", "Sprint 9", "Sprint 10", "Sprint 11"]);
    let next = attrs(
        &site.html("sprints/sprint-9/index.html"),
        "a[rel=next]",
        "href",
    );
    assert_eq!(next, ["/sprints/sprint-10/"]);
    let standups = texts(
        &site.html("standups/index.html"),
        ".section-pages .cards h3 a, .section-pages .cards h2 a",
    );
    assert_eq!(standups, ["Stand-up 9 November", "Stand-up 18 November"]);
}

#[test]
fn a_site_without_plans_shows_no_planning_navigation() {
    let site = TestSite::new().file("content/notes.md", "# Notes\n\nPlain documentation.\n");
    site.build(&[]).ok();
    for page in ["index.html", "notes/index.html"] {
        let html = site.html(page);
        assert!(
            texts(&html, "nav.level-nav").is_empty(),
            "{page}: no level bar"
        );
        let links = attrs(&html, "a", "href");
        for planning in ["/alignment/", "/health/", "/levels/"] {
            assert!(
                !links.iter().any(|l| l == planning),
                "{page} links {planning}"
            );
        }
    }
    let health = site.html("health/index.html");
    assert!(texts(&health, "table.scores").is_empty());
    assert!(texts(&health, ".notice")[0].starts_with("No plans yet"));
    let planning_in_sitemap = |site: &TestSite| {
        texts(&site.html("sitemap.xml"), "loc")
            .into_iter()
            .filter(|u| ["/levels/", "/alignment/", "/timeline/"].contains(&u.as_str()))
            .count()
    };
    assert_eq!(planning_in_sitemap(&site), 0, "planning views left out");
    // One leveled page brings the planning pages back.
    site.write("content/plan.md", "---\ntitle: Plan\nlevel: vision\n---\n");
    site.build(&[]).ok();
    assert!(!texts(&site.html("index.html"), "nav.level-nav").is_empty());
    assert_eq!(planning_in_sitemap(&site), 3);
}

#[test]
fn broken_links_are_told_to_contributors_not_printed_for_readers() {
    let site = TestSite::new()
        .file("strata.yaml", "title: T\nlinks: warn\n")
        .file(
            "content/x.md",
            "---\ntitle: X\n---\n[gone](nowhere.md) ![chart](chart.png)\n",
        );
    let run = site.build(&[]).ok();
    assert!(
        run.stderr
            .contains("content/x.md:4:1: warning: broken link"),
        "{}",
        run.stderr
    );
    let page = site.html("x/index.html");
    assert!(
        texts(&page, ".notice-findings").is_empty(),
        "no warnings on the page"
    );
    let health = site.html("health/index.html");
    assert_eq!(
        texts(&health, ".content-problems a"),
        ["2 problems with the content"]
    );
    let list = site.html("health/content/index.html");
    assert_eq!(texts(&list, ".finding").len(), 2);
    assert!(texts(&health, ".finding").is_empty());
}

#[test]
fn a_page_shows_its_title_once() {
    let site = TestSite::new()
        .file(
            "content/same.md",
            "---\ntitle: Roles, teams & charters\n---\n# Roles, Teams and Charters\n\nText.\n\n## Who\n",
        )
        .file(
            "content/other.md",
            "---\ntitle: Sprint 10\n---\n# Goals\n\n## Stories\n\n# Risks\n",
        )
        .file("content/untitled.md", "# From the heading\n\n## Part\n");
    site.build(&[]).ok();
    let same = site.html("same/index.html");
    assert_eq!(texts(&same, "h1"), ["Roles, teams & charters"]);
    assert_eq!(
        texts(&same, ".content h2"),
        ["Who #"],
        "the repeated heading is dropped"
    );
    let other = site.html("other/index.html");
    assert_eq!(texts(&other, "h1"), ["Sprint 10"]);
    assert_eq!(
        texts(&other, ".content h2"),
        ["Goals #", "Risks #"],
        "one level down"
    );
    assert_eq!(
        texts(&other, ".content h3"),
        ["Stories #"],
        "and the rest with it"
    );
    let untitled = site.html("untitled/index.html");
    assert_eq!(texts(&untitled, "h1"), ["From the heading"]);
    assert_eq!(texts(&untitled, ".content h2"), ["Part #"]);
}

#[test]
fn an_mdbook_summary_orders_pages_and_is_no_page() {
    let site = TestSite::new()
        .file(
            "content/SUMMARY.md",
            "# Summary\n\n[Introduction](README.md)\n\n- [Guides](guides/README.md)\n  - [Zebra](./guides/zebra.md)\n  - [Apple](guides/apple.md)\n- [Reference](reference/README.md)\n",
        )
        .file("content/README.md", "# Handbook\n")
        .file("content/aardvark/README.md", "# Aardvark\n")
        .file("content/aardvark/note.md", "# Note\n")
        .file("content/guides/README.md", "# Guides\n")
        .file("content/guides/apple.md", "# Apple\n")
        .file("content/guides/mango.md", "# Mango\n")
        .file("content/guides/zebra.md", "# Zebra\n")
        .file("content/reference/README.md", "# Reference\n")
        .file("content/reference/keys.md", "# Keys\n");
    site.build(&[]).ok();
    let guides = site.html("guides/index.html");
    assert_eq!(
        texts(&guides, ".section-pages .cards h3"),
        ["Zebra", "Apple", "Mango"],
        "listed pages in the summary's order, then the rest"
    );
    let menu = texts(&site.html("index.html"), "nav.menu a");
    assert_eq!(menu[..3], ["Guides", "Reference", "Aardvark"]);
    assert!(!site.exists("SUMMARY/index.html") && !site.exists("summary/index.html"));
    // The site's own reference section wins over the generated reference.
    let reference = site.html("reference/index.html");
    assert_eq!(texts(&reference, ".section-pages .cards h3"), ["Keys"]);
}

/// Trees written for other tools, as organisations have them.
const FOREIGN_TREES: &[&str] = &[
    "github-readmes",
    "export-links",
    "confluence-astro",
    "hugo-toml",
    "jekyll-docusaurus",
];

/// The generated pages a sitemap lists, by their addresses' start.
const GENERATED: &[&str] = &[
    "/levels/",
    "/alignment/",
    "/health/",
    "/timeline/",
    "/outcomes/",
    "/blockers/",
    "/dependencies/",
    "/reference/",
    "/changes/",
    "/pack/",
    "/theme/",
    "/team/",
    "/owner/",
];

/// Folders of `content/` (relative, `/`-separated) and whether markdown
/// lies anywhere below each; and the markdown files that are pages.
fn tree(content: &std::path::Path) -> (Vec<(String, bool)>, usize) {
    let relative = |p: &std::path::Path| {
        p.strip_prefix(content)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/")
    };
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    let markdown: Vec<String> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| relative(p))
        .collect();
    let folders = files
        .iter()
        .filter(|p| p.is_dir() && *p != content)
        .map(|p| {
            let dir = relative(p);
            let has_markdown = markdown.iter().any(|m| m.starts_with(&format!("{dir}/")));
            (dir, has_markdown)
        })
        .collect();
    let drafts = files
        .iter()
        .filter(|p| {
            std::fs::read_to_string(p).is_ok_and(|t| {
                t.lines()
                    .any(|l| matches!(l.trim(), "draft: true" | "draft = true"))
            })
        })
        .count();
    (folders, markdown.len() - drafts)
}

#[test]
fn foreign_trees_build_as_they_are() {
    for name in FOREIGN_TREES {
        let site = TestSite::fixture(name);
        site.build(&[]).ok();
        let (folders, pages) = tree(&site.path("content"));
        // Every markdown file is exactly one page in the sitemap, beside a
        // page for each folder of pages without an index file.
        let sitemap = site.html("sitemap.xml");
        let content_urls: Vec<String> = texts(&sitemap, "loc")
            .into_iter()
            .filter(|u| !GENERATED.iter().any(|g| u.starts_with(g)))
            .collect();
        let without_index = folders
            .iter()
            .filter(|(dir, md)| {
                *md && !["_index.md", "index.md", "README.md", "readme.md"]
                    .iter()
                    .any(|i| site.path(&format!("content/{dir}/{i}")).exists())
            })
            .count();
        assert_eq!(
            content_urls.len(),
            pages + without_index,
            "{name}: {content_urls:?}"
        );
        // Folders of images and styles are copied, not sections.
        for (dir, has_markdown) in &folders {
            if !has_markdown {
                let url = format!("/{}/", dir.to_lowercase());
                assert!(!content_urls.contains(&url), "{name}: {dir} is a section");
                assert!(!site.exists(&format!("{dir}/index.html")), "{name}: {dir}");
            }
        }
        // Readers see no link or image warnings; contributors find them
        // on /health/content/.
        for entry in walkdir::WalkDir::new(site.path("public")) {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "html")
                || path.ends_with("health/content/index.html")
            {
                continue;
            }
            // The health page counts them, with a link to the list.
            let html = scraper::Html::parse_document(&std::fs::read_to_string(&path).unwrap());
            let mut text = texts(&html, "main").join(" ");
            for count in texts(&html, ".content-problems") {
                text = text.replace(&count, "");
            }
            for warning in ["broken link", "missing image", "unknown frontmatter key"] {
                assert!(
                    !text.contains(warning),
                    "{name}: {} shows {warning}",
                    path.display()
                );
            }
        }
        // The menu lists real sections only.
        let menu = attrs(&site.html("index.html"), "nav.menu a", "href");
        for href in menu.iter().filter(|h| !GENERATED.contains(&h.as_str())) {
            let dir = href.trim_matches('/');
            assert!(
                folders
                    .iter()
                    .any(|(d, md)| *md && d.to_lowercase().replace(' ', "-") == dir),
                "{name}: menu entry {href} is no folder of pages"
            );
        }
    }
}

#[test]
fn a_confluence_export_keeps_its_text_order_and_links() {
    let site = TestSite::fixture("confluence-astro");
    site.build(&[]).ok();
    let charter = site.html("team-charter_1004/index.html");
    assert_eq!(texts(&charter, "h1"), ["Team Charter"]);
    let paragraphs = texts(&charter, ".content p");
    assert_eq!(paragraphs[0], "Dear <First name>,", "template text is kept");
    assert_eq!(texts(&charter, ".content td")[1], "<Name>");
    let standups = texts(
        &site.html("ceremonies/index.html"),
        ".section-pages .cards h3",
    );
    assert_eq!(
        standups,
        [
            "Stand-up 9 November",
            "Stand-up 10 November",
            "Stand-up 18 November"
        ]
    );
    let home = attrs(&site.html("index.html"), ".content a", "href");
    assert_eq!(
        home[..3],
        ["/planning_1001/", "/roadmap_1002/", "/sprint-cadence_1003/"]
    );
}

#[test]
fn jekyll_and_docusaurus_keys_are_understood() {
    let site = TestSite::fixture("jekyll-docusaurus");
    site.build(&[]).ok();
    let guides = site.html("docs/guides/index.html");
    assert_eq!(
        texts(&guides, ".section-pages .cards h3"),
        ["Review guide", "Planning guide"],
        "sidebar_position orders"
    );
    assert!(
        site.exists("old-about/index.html"),
        "redirect_from redirects"
    );
    assert!(
        site.exists("docs/_category_.json"),
        "folder metadata is copied"
    );
    let docs = site.html("docs/index.html");
    assert!(texts(&docs, ".section-pages .cards h3").contains(&"Intro".to_string()));
}
