//! Integration tests: the golden thread, level navigation, level indexes,
//! the alignment map and the rules of the planning hierarchy.

use crate::common::*;
use std::collections::HashMap;

fn planning_site() -> TestSite {
    let site = TestSite::fixture("planning");
    site.build(&[]).ok();
    site
}

/// Every `href` in `css` resolves to a produced file.
fn assert_links_resolve(site: &TestSite, html: &scraper::Html, css: &str) {
    for href in attrs(html, css, "href") {
        let path = href.split('#').next().unwrap_or_default();
        let file = if path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        assert!(
            site.exists(file.trim_start_matches('/')),
            "{href} does not resolve"
        );
    }
}

#[test]
fn daily_page_thread_lists_iteration_release_roadmap_vision_in_order() {
    let site = planning_site();
    let page = site.html("releases/r2/sprint-2/2026-09-17/index.html");
    assert_eq!(
        texts(&page, ".thread .thread-step > a"),
        ["North star", "Q3 self-serve", "R2", "Sprint 2"]
    );
    assert_eq!(
        attrs(&page, ".thread .thread-step > a", "href"),
        [
            "/vision/north-star/",
            "/roadmap/q3-item/",
            "/releases/r2/",
            "/releases/r2/sprint-2/"
        ]
    );
    assert_links_resolve(&site, &page, ".thread a");
    let badges = texts(&page, ".thread .badge");
    assert_eq!(badges.len(), 5, "{badges:?}");
    assert_eq!(badges[0], "Product vision");
    assert!(
        texts(&page, ".thread").join(" ").contains("Faster advice"),
        "the thread names the outcome served"
    );
    assert_eq!(texts(&page, ".page-header .badge"), ["5 · Daily"]);
}

#[test]
fn release_page_lists_children_with_rollup_and_flags_health_mismatch() {
    let site = planning_site();
    let page = site.html("releases/r2/index.html");
    assert_eq!(texts(&page, ".children h3"), ["Iteration (sprint)"]);
    assert_eq!(texts(&page, ".children li > a"), ["Sprint 2", "Sprint 3"]);
    assert_eq!(
        texts(&page, ".children .rollup"),
        ["0 of 2 done, 1 at risk"]
    );
    assert_eq!(texts(&page, ".children .health"), ["at risk"]);
    assert_eq!(
        texts(&page, ".notice-warning").len(),
        1,
        "health mismatch: says on-track, a child is at risk"
    );
    let r1 = site.html("releases/r1/index.html");
    assert_eq!(texts(&r1, ".children .rollup"), ["1 of 1 done"]);
    assert!(texts(&r1, ".notice-warning").is_empty());
}

#[test]
fn level_prev_next_crosses_parents() {
    let site = planning_site();
    let sprint1 = site.html("releases/r1/sprint-1/index.html");
    assert_eq!(
        attrs(&sprint1, ".level-pager .level-next", "href"),
        ["/releases/r2/sprint-2/"]
    );
    assert!(attrs(&sprint1, ".level-pager .level-prev", "href").is_empty());
    let sprint2 = site.html("releases/r2/sprint-2/index.html");
    assert_eq!(
        attrs(&sprint2, ".level-pager .level-prev", "href"),
        ["/releases/r1/sprint-1/"]
    );
    assert_eq!(
        attrs(&sprint2, ".level-pager .level-next", "href"),
        ["/releases/r2/sprint-3/"]
    );
}

#[test]
fn level_navigation_on_every_page_marks_the_current_level() {
    let site = planning_site();
    for (file, current) in [
        ("index.html", None),
        (
            "releases/r2/index.html",
            Some("Release / planning increment"),
        ),
        ("levels/daily/index.html", Some("Daily")),
    ] {
        let page = site.html(file);
        let names = texts(&page, ".level-nav li a");
        assert_eq!(names.len(), 5, "{file}: {names:?}");
        assert!(
            names[0].ends_with("Product vision") && names[4].ends_with("Daily"),
            "{names:?}"
        );
        let marked: Vec<String> = texts(&page, ".level-nav a[aria-current]");
        assert_eq!(
            marked
                .iter()
                .map(|m| m.trim_start_matches(char::is_numeric).trim().to_string())
                .collect::<Vec<_>>(),
            current.into_iter().map(String::from).collect::<Vec<_>>(),
            "{file}"
        );
        assert_links_resolve(&site, &page, ".level-nav a");
    }
}

#[test]
fn level_index_groups_pages_by_parent() {
    let site = planning_site();
    let page = site.html("levels/iteration/index.html");
    assert_eq!(
        texts(&page, ".level-group h3"),
        ["Serving R1", "Serving R2", "No parent"]
    );
    assert_eq!(
        texts(&page, ".level-group tbody td:first-child a"),
        ["Sprint 1", "Sprint 2", "Sprint 3", "Stray work"]
    );
    assert!(
        texts(&page, ".meta").join(" ").contains("Every 1–4 weeks"),
        "cadence from config"
    );
}

#[test]
fn alignment_map_has_every_leveled_page_once_and_lists_unaligned() {
    let site = planning_site();
    let page = site.html("alignment/index.html");
    let tree = attrs(&page, ".tree a", "href");
    let unaligned = attrs(&page, ".unaligned a", "href");
    assert_eq!(unaligned, ["/misc/stray/"]);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for href in tree.iter().chain(&unaligned) {
        *seen.entry(href.clone()).or_default() += 1;
    }
    let leveled = [
        "/vision/north-star/",
        "/roadmap/q3-item/",
        "/releases/r1/",
        "/releases/r1/sprint-1/",
        "/releases/r2/",
        "/releases/r2/sprint-2/",
        "/releases/r2/sprint-2/2026-09-17/",
        "/releases/r2/sprint-3/",
        "/misc/stray/",
    ];
    for href in leveled {
        assert_eq!(seen.get(href), Some(&1), "{href} once in {seen:?}");
    }
    assert_eq!(seen.len(), leveled.len(), "only leveled pages: {seen:?}");
    assert!(
        !texts(&page, ".tree details summary").is_empty(),
        "collapsible with <details>"
    );
}

#[test]
fn three_custom_levels_drive_badges_navigation_and_indexes() {
    let site = TestSite::copy_of(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/three-levels"),
    );
    site.build(&[]).ok();
    let home = site.html("index.html");
    let names = texts(&home, ".level-nav li a");
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(site.exists("levels/sprint/index.html"));
    assert!(!site.exists("levels/vision/index.html"));
    let index = site.html("levels/sprint/index.html");
    assert!(
        !texts(&index, ".level-group tbody a").is_empty(),
        "sprints listed"
    );
}

#[test]
fn hierarchy_rules_are_reported_with_file_and_line() {
    let site = TestSite::fixture("planning-invalid");
    let run = site.build(&[]).expect_code(1);
    let err = &run.stderr;
    for expected in [
        "content/a/z-dup.md:5:1: error: id 'top' is already used by content/a/vision.md:4",
        "content/a/typo.md:4:1: error: parent 'a/visoin.md' matches no page or id",
        "did you mean 'a/vision.md'",
        "content/a/loop-1.md:4:1: error: parents form a cycle: a/loop-1.md -> a/loop-2.md -> a/loop-1.md",
        "content/a/upside-down.md:4:1: warning: parent content/a/z-dup.md is at level 'roadmap', not above this page's level 'vision'",
        "content/a/lonely.md:3:1: warning: unaligned: this Iteration (sprint) page has no parent",
        "content/a/bad-level.md:4:1: error: unknown level 'sprint'",
        "use one of the levels in strata.yaml: vision, roadmap, release, iteration, daily",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert!(err.contains("Build failed: 4 errors"), "{err}");
}

#[test]
fn a_relative_parent_in_a_cascade_is_relative_to_the_section_file() {
    let site = TestSite::new()
        .file(
            "content/road/item.md",
            "---\ntitle: Item\nlevel: vision\n---\n",
        )
        .file(
            "content/road/sprints/_index.md",
            "---\ntitle: Sprints\ncascade:\n  level: roadmap\n  parent: ../item.md\n---\n",
        )
        .file("content/road/sprints/deeper/s1.md", "---\ntitle: S1\n---\n");
    site.build(&[]).ok();
    let page = site.html("road/sprints/deeper/s1/index.html");
    assert_eq!(texts(&page, ".thread .thread-step > a"), ["Item"]);
}
