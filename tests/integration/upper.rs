//! The tools of the upper levels: the roadmap timeline with Now / Next /
//! Later, and the findings' flags on every list of plans.

use crate::common::*;

fn timeline(site: &TestSite) -> scraper::Html {
    site.build(&[]).ok();
    site.html("timeline/index.html")
}

#[test]
fn timeline_draws_lanes_of_bars_linking_to_their_plans() {
    let site = TestSite::fixture("timeline");
    let html = timeline(&site);
    assert_eq!(
        texts(&html, "#by-team .lane-title"),
        ["Growth 3", "Platform 6"],
        "lanes by team, each with its count"
    );
    assert_eq!(
        attrs(&html, "#by-team .lane:nth-of-type(2) a.bar", "href"),
        [
            "/roadmap/overdue/",
            "/roadmap/finished/",
            "/roadmap/running/",
            "/releases/rel/",
            "/releases/sprint/",
            "/releases/launch/",
        ],
        "the Platform lane's plans by start date, higher levels first"
    );
    // Bars are rectangles, a single date a diamond.
    assert_eq!(
        attrs(&html, "#by-team a.bar.milestone", "href"),
        ["/releases/launch/"]
    );
    assert_eq!(texts(&html, "#by-team a.milestone rect").len(), 0);
    assert_eq!(texts(&html, "#by-team a.milestone path").len(), 1);
    // Each bar says what it is in words, not just in colour.
    let titles = texts(&html, "#by-team a.bar > title");
    assert!(
        titles.contains(
            &"Overdue item (Roadmap), 2026-Q2, active, off track, 1 finding, worst: warning"
                .to_string()
        ),
        "{titles:?}"
    );
    // Undated plans are not on the axis; the old one is folded away.
    assert!(!attrs(&html, "a.bar", "href").contains(&"/roadmap/undated/".to_string()));
    assert!(!attrs(&html, "a.bar", "href").contains(&"/roadmap/ancient/".to_string()));
    assert_eq!(
        texts(&html, ".folded li"),
        ["Roadmap : 1 ended before 2026-04-01"]
    );
    // Themes are lanes too; plans without one share a lane.
    assert_eq!(
        texts(&html, "#by-theme .lane-title"),
        ["reach 1", "speed 1", "No theme 7"]
    );
    // A table beside each chart lists the same plans.
    assert_eq!(texts(&html, "#by-team table tbody tr").len(), 9);
}

#[test]
fn the_today_line_falls_between_the_quarters_around_today() {
    let site = TestSite::fixture("timeline");
    let html = timeline(&site);
    let ticks = texts(&html, "#by-team .timeline-axis text");
    assert_eq!(
        ticks,
        [
            "2026 Q2", "2026 Q3", "2026 Q4", "2027 Q1", "2027 Q2", "2027 Q3"
        ]
    );
    let x = |css: &str, attr: &str| -> Vec<f64> {
        attrs(&html, css, attr)
            .iter()
            .map(|v| v.parse().expect("a number"))
            .collect()
    };
    let grid = x("#by-team .lane:nth-of-type(1) .grid", "x1");
    let today = x("#by-team .today", "x1");
    assert_eq!(today.len(), 2, "one today line per lane");
    assert!(
        grid[2] < today[0] && today[0] < grid[3],
        "{grid:?} {today:?}"
    );
    // Moving today moves the line, and the window follows.
    site.run(&["build", "--today", "2027-05-15"]).ok();
    let later = site.html("timeline/index.html");
    let moved: Vec<String> = attrs(&later, "#by-team .today", "x1");
    assert_ne!(moved[0], attrs(&html, "#by-team .today", "x1")[0]);
}

#[test]
fn now_next_later_places_roadmap_items_around_today() {
    let site = TestSite::fixture("timeline");
    let html = timeline(&site);
    let column = |h: &str| texts(&html, &format!(".horizon-{h} .horizon-card > a"));
    assert_eq!(
        column("now"),
        ["Overdue item", "Running item", "Pulled-in item"],
        "running and overdue items, and one told `horizon: now`"
    );
    assert_eq!(column("next"), ["Upcoming item"]);
    assert_eq!(column("later"), ["Distant item", "Undated item"]);
    // Done work is on none of them.
    assert!(
        texts(&html, ".horizon-card > a")
            .iter()
            .all(|t| t != "Finished item")
    );
    // A card shows its outcomes, status, health and owner.
    let running = texts(&html, ".horizon-now .horizon-card:nth-child(2)");
    assert_eq!(
        running,
        ["Running item active on track 2026-Q4 Owner: Ana Shorter lead time"]
    );
    // After the items have ended, the open ones are overdue: still now.
    site.run(&["build", "--today", "2028-01-10"]).ok();
    let later = site.html("timeline/index.html");
    assert_eq!(
        texts(&later, ".horizon-now .horizon-card > a"),
        [
            "Overdue item",
            "Running item",
            "Upcoming item",
            "Distant item",
            "Pulled-in item"
        ]
    );
}

#[test]
fn timeline_links_under_a_sub_path() {
    let site = TestSite::fixture("timeline");
    site.build(&["--base-url", "https://example.org/plans/"])
        .ok();
    let html = site.html("timeline/index.html");
    let hrefs = attrs(&html, "a.bar", "href");
    assert!(!hrefs.is_empty());
    assert!(hrefs.iter().all(|h| h.starts_with("/plans/")), "{hrefs:?}");
    assert!(
        attrs(&html, ".horizon-card > a", "href")
            .iter()
            .all(|h| h.starts_with("/plans/"))
    );
}

/// Flagged entries of the alignment map (node texts), a level index (row
/// texts) and the timeline (bar links).
fn flags(fixture: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let site = TestSite::fixture(fixture);
    site.build(&[]).ok();
    let alignment = site.html("alignment/index.html");
    let level = site.html("levels/iteration/index.html");
    let timeline = site.html("timeline/index.html");
    let flagged = |texts: Vec<String>| -> Vec<String> {
        texts.into_iter().filter(|t| t.contains("worst:")).collect()
    };
    (
        flagged(texts(&alignment, ".tree summary, .tree .leaf")),
        flagged(texts(&level, ".items tbody tr")),
        attrs(&timeline, "#by-team a.bar.flagged", "href"),
    )
}

#[test]
fn planted_findings_are_flagged_wherever_their_plan_is_listed() {
    let (alignment, level, timeline) = flags("health-planted");
    let sprint = "Sprint without goal";
    let on = |list: &[String]| {
        list.iter()
            .any(|t| t.contains(sprint) && t.contains("1 finding, worst: warning"))
    };
    assert!(on(&alignment), "{alignment:?}");
    assert!(on(&level), "{level:?}");
    assert!(timeline.contains(&"/nogoal/".to_string()), "{timeline:?}");
    assert!(timeline.contains(&"/late/".to_string()), "{timeline:?}");
    // The healthy sprint is listed without a flag.
    assert!(
        !alignment
            .iter()
            .any(|t| t.starts_with("Iteration (sprint) Sprint active")),
        "{alignment:?}"
    );
}

#[test]
fn a_clean_site_has_no_flags() {
    let (alignment, level, timeline) = flags("health-clean");
    assert_eq!(
        (alignment.len(), level.len(), timeline.len()),
        (0, 0, 0),
        "{alignment:?} {level:?} {timeline:?}"
    );
}
