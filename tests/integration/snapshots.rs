//! Snapshot tests of what readers see: the `<main>` of each kind of page
//! of the planning fixture, and `strata check`'s text and JSON, with the
//! date fixed. A change to any of them shows up as a reviewed diff
//! (`cargo insta review`, or compare the `.snap.new` file insta writes).

use crate::common::*;

/// The `<main>` element of a built page, one tag per line where the
/// markup breaks lines, so diffs stay readable.
fn main_of(site: &TestSite, page: &str) -> String {
    let html = site.html(page);
    let main = scraper::Selector::parse("main").expect("valid selector");
    html.select(&main)
        .next()
        .unwrap_or_else(|| panic!("{page} has a <main>"))
        .html()
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn pages_readers_see() {
    let site = TestSite::fixture("planning");
    site.build(&[]).ok();
    for (name, page) in [
        ("daily", "releases/r2/sprint-2/2026-09-17/index.html"),
        ("sprint", "releases/r2/sprint-2/index.html"),
        ("release", "releases/r2/index.html"),
        ("level_index", "levels/iteration/index.html"),
        ("alignment", "alignment/index.html"),
        ("health", "health/index.html"),
    ] {
        insta::assert_snapshot!(name, main_of(&site, page));
    }
}

#[test]
fn upper_level_pages_readers_see() {
    let site = TestSite::fixture("timeline");
    site.build(&[]).ok();
    insta::assert_snapshot!("timeline", main_of(&site, "timeline/index.html"));
    insta::assert_snapshot!("outcomes", main_of(&site, "outcomes/index.html"));
    insta::assert_snapshot!("home", main_of(&site, "index.html"));
    insta::assert_snapshot!("themes", main_of(&site, "theme/index.html"));
    insta::assert_snapshot!("theme", main_of(&site, "theme/speed/index.html"));
    insta::assert_snapshot!("team", main_of(&site, "team/platform/index.html"));
}

#[test]
fn lower_level_tools() {
    let site = TestSite::fixture("lower-levels");
    site.run(&["build", "--today", "2026-09-16"]).ok();
    for (name, page) in [
        ("burndown_sprint", "releases/r1/alpha-1/index.html"),
        ("release_board", "releases/r1/index.html"),
        ("dependency_map", "dependencies/index.html"),
        ("blockers", "blockers/index.html"),
    ] {
        insta::assert_snapshot!(name, main_of(&site, page));
    }
}

#[test]
fn check_reports() {
    let site = TestSite::fixture("health-planted");
    let text = site.run(&["check", "--today", "2026-11-21"]).ok();
    insta::assert_snapshot!("check_text", text.stdout);
    let json = site
        .run(&["check", "--today", "2026-11-21", "--format", "json"])
        .ok();
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).expect("check prints JSON");
    insta::assert_json_snapshot!("check_json", parsed);
}

#[test]
fn history_readers_see() {
    let site = crate::history::slipped_site();
    site.build(&[]).ok();
    let page = site.html("plans/q4/index.html");
    let history = scraper::Selector::parse(".history").expect("valid selector");
    let section = page
        .select(&history)
        .next()
        .expect("the page shows its history");
    insta::assert_snapshot!("page_history", section.html());
    insta::assert_snapshot!("changes", main_of(&site, "changes/index.html"));
}
