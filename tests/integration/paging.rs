//! Long lists are paged: sections (`paginate_by`), level indexes, the
//! health pages; the terminal sums long lists of warnings up.

use crate::common::{TestSite, attrs, texts};
use std::collections::{BTreeSet, HashMap};

/// A section of 23 pages and 4 sub-folders, 10 to a page.
fn long_section() -> TestSite {
    let site = TestSite::new()
        .file("strata.yaml", "title: Paged\n")
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/notes/_index.md",
            "---\ntitle: Notes\npaginate_by: 10\n---\nAll our notes.\n",
        );
    for n in 0..23 {
        site.write(
            &format!("content/notes/n{n:02}.md"),
            format!("---\ntitle: Note {n:02}\n---\nText.\n"),
        );
    }
    for n in 0..4 {
        site.write(
            &format!("content/notes/folder{n}/_index.md"),
            format!("---\ntitle: Folder {n}\n---\n"),
        );
    }
    site
}

#[test]
fn pages_of_a_long_section_link_to_each_other_and_list_every_item_once() {
    let site = long_section();
    site.build(&[]).ok();
    let files = [
        ("/notes/", "notes/index.html"),
        ("/notes/page/2/", "notes/page/2/index.html"),
        ("/notes/page/3/", "notes/page/3/index.html"),
    ];
    assert!(!site.exists("notes/page/4/index.html"));
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, (url, file)) in files.iter().enumerate() {
        let html = site.html(file);
        assert_eq!(texts(&html, "h1"), ["Notes"], "{url}");
        let items = attrs(&html, ".cards .card h3 a", "href");
        assert!(items.len() <= 10, "{url} lists {}", items.len());
        for item in items {
            *seen.entry(item).or_default() += 1;
        }
        // Every page links to every other page of the list.
        let linked: BTreeSet<String> = attrs(&html, ".list-pager a", "href").into_iter().collect();
        let others: BTreeSet<String> = files.iter().map(|(u, _)| u.to_string()).collect();
        assert_eq!(linked, others, "{url}");
        assert_eq!(
            texts(&html, ".list-pager [aria-current]"),
            [(i + 1).to_string()]
        );
        let prev = i.checked_sub(1).map(|p| files[p].0.to_string());
        let next = files.get(i + 1).map(|(u, _)| u.to_string());
        assert_eq!(
            attrs(&html, ".list-pager a[rel=prev]", "href").pop(),
            prev,
            "{url}"
        );
        assert_eq!(
            attrs(&html, ".list-pager a[rel=next]", "href").pop(),
            next,
            "{url}"
        );
        assert_eq!(attrs(&html, "link[rel=prev]", "href").pop(), prev, "{url}");
        assert_eq!(attrs(&html, "link[rel=next]", "href").pop(), next, "{url}");
    }
    let mut expected: Vec<String> = (0..23).map(|n| format!("/notes/n{n:02}/")).collect();
    expected.extend((0..4).map(|n| format!("/notes/folder{n}/")));
    let mut listed: Vec<String> = seen.keys().cloned().collect();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
    assert!(
        seen.values().all(|n| *n == 1),
        "listed more than once: {seen:?}"
    );
    // The sitemap lists the further pages too.
    let sitemap = scraper::Html::parse_document(&site.output("sitemap.xml"));
    let locs = texts(&sitemap, "loc");
    for path in ["/notes/", "/notes/page/2/", "/notes/page/3/", "/notes/n22/"] {
        assert!(locs.iter().any(|l| l.ends_with(path)), "{path} in {locs:?}");
    }
}

#[test]
fn the_site_default_pages_sections_and_a_page_may_not_sit_where_a_list_page_goes() {
    let site = long_section();
    site.write("content/notes/_index.md", "---\ntitle: Notes\n---\n");
    site.write("strata.yaml", "title: Paged\npaginate_by: 20\n");
    site.build(&[]).ok();
    assert!(site.exists("notes/page/2/index.html"));
    assert!(!site.exists("notes/page/3/index.html"));
    site.write("content/notes/page/2.md", "---\ntitle: In the way\n---\n");
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr.contains("content/notes/page/2.md:1:1: error")
            && run.stderr.contains("paginate_by"),
        "{}",
        run.stderr
    );
    site.write("strata.yaml", "title: Paged\npaginate_by: 0\n");
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr
            .contains("strata.yaml:2:1: error: paginate_by is 0"),
        "{}",
        run.stderr
    );
}

#[test]
fn health_lists_the_first_findings_of_a_kind_and_pages_through_the_rest() {
    let site = TestSite::fixture("health-clean");
    site.write("strata.yaml", "title: Many\npaginate_by: 20\n");
    for n in 0..45 {
        site.write(
            &format!("content/goals/g{n:02}.md"),
            format!("---\ntitle: Goal {n:02}\nlevel: iteration\n---\n"),
        );
    }
    let run = site.build(&[]).ok();
    let health = site.html("health/index.html");
    let group = "#kind-missing-goal";
    assert_eq!(texts(&health, &format!("{group} .count")), ["45"]);
    assert_eq!(texts(&health, &format!("{group} .finding")).len(), 10);
    assert_eq!(
        attrs(&health, &format!("{group} .more a"), "href"),
        ["/health/kind/missing-goal/"]
    );
    let mut listed = Vec::new();
    for file in [
        "health/kind/missing-goal/index.html",
        "health/kind/missing-goal/page/2/index.html",
        "health/kind/missing-goal/page/3/index.html",
    ] {
        listed.extend(texts(&site.html(file), ".finding a"));
    }
    listed.sort();
    let expected: Vec<String> = (0..45).map(|n| format!("Goal {n:02}")).collect();
    assert_eq!(listed, expected);
    // The terminal shows three of them and counts the rest.
    let shown = run.stderr.matches("has no goal").count();
    assert_eq!(shown, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("… 42 more `missing-goal` warnings"),
        "{}",
        run.stderr
    );
    let verbose = site.build(&["--verbose"]).ok();
    assert_eq!(verbose.stderr.matches("has no goal").count(), 45);
}

#[test]
fn an_owner_page_lists_the_first_plans_their_work_serves_and_counts_the_rest() {
    let site = TestSite::fixture("health-clean");
    site.write("strata.yaml", "title: Owners\npaginate_by: 2\n");
    for n in 0..3 {
        site.write(
            &format!("content/x/a{n}.md"),
            format!("---\ntitle: Aim {n}\nlevel: roadmap\n---\n"),
        );
        site.write(
            &format!("content/x/s{n}.md"),
            format!("---\ntitle: Step {n}\nlevel: release\nparent: x/a{n}.md\nowner: kim\n---\n"),
        );
    }
    site.build(&[]).ok();
    let page = site.html("owner/kim/index.html");
    let items = texts(&page, "#serves li");
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[2], "and 1 more");
}

#[test]
fn the_dependency_table_pages_through_every_edge_once_with_the_map_on_the_first_page() {
    let site = TestSite::fixture("lower-levels");
    site.write(
        "strata.yaml",
        "title: Lower levels fixture\npaginate_by: 3\n",
    );
    site.run(&["build", "--today", "2026-09-16"]).ok();
    let first = site.html("dependencies/index.html");
    let second = site.html("dependencies/page/2/index.html");
    let row = |page: &scraper::Html| texts(page, ".dependencies tbody tr td:first-child");
    let mut listed = row(&first);
    assert_eq!(listed.len(), 3);
    listed.extend(row(&second));
    listed.sort();
    assert_eq!(
        listed,
        [
            "Alpha sprint 2",
            "Beta sprint 1",
            "Platform upgrade",
            "Public API"
        ]
    );
    // The map draws every edge, on the first page only.
    assert_eq!(attrs(&first, ".map-edge", "d").len(), 4);
    assert!(texts(&second, ".dependency-map").is_empty());
    assert_eq!(
        attrs(&first, "link[rel=next]", "href"),
        ["/dependencies/page/2/"]
    );
    assert_eq!(attrs(&second, "link[rel=prev]", "href"), ["/dependencies/"]);
    let notice = texts(&second, ".notice");
    assert!(
        notice[0].starts_with("4 dependencies between 5 plans; 3 late"),
        "{notice:?}"
    );
}

#[test]
fn a_plan_lists_the_first_of_what_serves_it_and_of_what_links_to_it() {
    let site = TestSite::fixture("health-clean");
    site.write("strata.yaml", "title: Long lists\npaginate_by: 2\n");
    site.write(
        "content/x/aim.md",
        "---\ntitle: Aim\nlevel: roadmap\n---\nThe aim.\n",
    );
    for n in 0..3 {
        site.write(
            &format!("content/x/s{n}.md"),
            format!("---\ntitle: Step {n}\nlevel: release\nparent: x/aim.md\n---\nSee [the aim](aim.md).\n"),
        );
    }
    site.build(&[]).ok();
    let page = site.html("x/aim/index.html");
    assert_eq!(
        texts(&page, ".children li > a:first-child"),
        ["Step 0", "Step 1", "release / planning increment index"]
    );
    assert_eq!(
        texts(&page, ".children li:last-child"),
        ["and 1 more in the release / planning increment index"]
    );
    assert_eq!(
        attrs(&page, ".children li:last-child a", "href"),
        ["/levels/release/"]
    );
    assert_eq!(
        texts(&page, ".backlinks li"),
        ["Step 0", "Step 1", "and 1 more"]
    );
}
