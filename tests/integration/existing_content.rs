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
