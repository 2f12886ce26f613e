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
        ["Reach 1", "Speed 2", "No theme 6"]
    );
    // A table beside each chart lists the same plans.
    assert_eq!(texts(&html, "#by-team table tbody tr").len(), 9);
}

#[test]
fn long_lanes_and_horizons_show_the_first_plans_and_count_the_rest() {
    let site = TestSite::fixture("timeline");
    let config = std::fs::read_to_string(site.path("strata.yaml")).expect("config");
    site.write("strata.yaml", format!("{config}paginate_by: 2\n"));
    let html = timeline(&site);
    assert_eq!(
        texts(&html, "#by-team .lane-title"),
        ["Growth 3", "Platform 6"],
        "the counts are of every plan"
    );
    assert_eq!(texts(&html, "#by-team a.bar").len(), 4, "two a lane");
    assert_eq!(
        texts(&html, "#by-team .lane-more"),
        [
            "and 1 more on Growth's page",
            "and 4 more on Platform's page"
        ]
    );
    assert_eq!(
        attrs(&html, "#by-team .lane-more a", "href"),
        ["/team/growth/", "/team/platform/"]
    );
    assert_eq!(texts(&html, "#by-team table tbody tr").len(), 4);
    // The lane of plans without a theme has no page to send readers to.
    assert_eq!(
        texts(&html, "#by-theme .lane:last-of-type .lane-more"),
        ["and 4 more"]
    );
    assert_eq!(
        texts(&html, ".horizon-now .horizon-card > a"),
        ["Overdue item", "Running item"]
    );
    assert_eq!(
        texts(&html, ".horizon-now .horizon-more"),
        ["and 1 more in the roadmap index"]
    );
    assert_eq!(
        attrs(&html, ".horizon-now .horizon-more a", "href"),
        ["/levels/roadmap/"]
    );
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

/// For each element matching `css` that holds a flag: its link's text and
/// the flag's label, as "Title: 1 finding, worst: warning".
fn flagged(html: &scraper::Html, css: &str) -> Vec<String> {
    let select = |s: &str| scraper::Selector::parse(s).expect("valid selector");
    let (entries, link, flag) = (select(css), select("a"), select(".flag"));
    html.select(&entries)
        .filter_map(|entry| {
            let label = entry.select(&flag).next()?.value().attr("aria-label")?;
            let title: String = entry.select(&link).next()?.text().collect();
            Some(format!("{title}: {label}"))
        })
        .collect()
}

/// Flagged entries of the alignment map and a level index, and the flagged
/// bars of the timeline.
fn flags(fixture: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let site = TestSite::fixture(fixture);
    site.build(&[]).ok();
    let alignment = site.html("alignment/index.html");
    let level = site.html("levels/iteration/index.html");
    let timeline = site.html("timeline/index.html");
    (
        flagged(&alignment, ".tree summary, .tree .leaf"),
        flagged(&level, ".items tbody tr"),
        attrs(&timeline, "#by-team a.bar.flagged", "href"),
    )
}

#[test]
fn planted_findings_are_flagged_wherever_their_plan_is_listed() {
    let (alignment, level, timeline) = flags("health-planted");
    let sprint = "Sprint without goal: 1 finding, worst: warning".to_string();
    assert!(alignment.contains(&sprint), "{alignment:?}");
    assert!(level.contains(&sprint), "{level:?}");
    assert!(timeline.contains(&"/nogoal/".to_string()), "{timeline:?}");
    assert!(timeline.contains(&"/late/".to_string()), "{timeline:?}");
    // The healthy sprint is listed without a flag.
    assert!(
        !alignment.iter().any(|t| t.starts_with("Sprint:")),
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

/// The clean fixture with one more page, and the symptoms its health page
/// and home page name (by id), with the evidence texts of the health page.
fn symptoms_with(extra: &[(&str, &str)]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut site = TestSite::fixture("health-clean");
    for (path, text) in extra {
        site = site.file(path, text);
    }
    site.build(&[]).ok();
    let health = site.html("health/index.html");
    let home = site.html("index.html");
    (
        attrs(&health, ".symptom", "id"),
        attrs(&home, ".health-summary .symptom", "id"),
        texts(&health, ".symptom .evidence li"),
    )
}

#[test]
fn a_clean_site_shows_no_symptom() {
    let (health, home, _) = symptoms_with(&[]);
    assert!(health.is_empty() && home.is_empty(), "{health:?} {home:?}");
}

#[test]
fn sprints_serving_no_release_hide_progress() {
    let (health, home, evidence) = symptoms_with(&[(
        "content/s2.md",
        "---\ntitle: Side sprint\nlevel: iteration\nparent: r\ngoal: G\n---\n",
    )]);
    assert_eq!(health, ["symptom-progress-invisible"]);
    assert_eq!(home, health);
    assert_eq!(evidence, ["Sprints that serve no release (1): Side sprint"]);
}

#[test]
fn a_broken_chain_keeps_the_vision_unknown() {
    let (health, _, evidence) = symptoms_with(&[
        (
            "content/r2.md",
            "---\ntitle: Orphan item\nlevel: roadmap\nid: r2\n---\n",
        ),
        (
            "content/rel2.md",
            "---\ntitle: Orphan release\nlevel: release\nid: rel2\nparent: r2\ngoal: G\n---\n",
        ),
        (
            "content/s2.md",
            "---\ntitle: Orphan sprint\nlevel: iteration\nparent: rel2\ngoal: G\n---\n",
        ),
    ]);
    assert_eq!(health, ["symptom-vision-unknown"]);
    assert_eq!(
        evidence,
        ["Sprints whose thread does not reach the top (1): Orphan sprint"]
    );
}

#[test]
fn releases_without_goals_ship_the_wrong_things() {
    let (health, _, evidence) = symptoms_with(&[(
        "content/rel2.md",
        "---\ntitle: Aimless release\nlevel: release\nparent: r\n---\n",
    )]);
    assert_eq!(health, ["symptom-wrong-things-ship"]);
    assert_eq!(
        evidence,
        ["Releases without a goal or outcomes (1): Aimless release"]
    );
}

#[test]
fn daily_notes_serving_no_sprint_make_standups_pointless() {
    let (health, _, evidence) = symptoms_with(&[(
        "content/d2.md",
        "---\ntitle: Loose note\nlevel: daily\ndate: 2026-11-19\n---\n",
    )]);
    assert_eq!(health, ["symptom-pointless-standups"]);
    assert_eq!(
        evidence,
        ["Daily notes that serve no sprint (1): Loose note"]
    );
}

#[test]
fn the_home_page_summarises_health() {
    let site = TestSite::fixture("health-planted");
    site.build(&[]).ok();
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, ".health-summary .weakest a"),
        ["Daily"],
        "the weakest level, linked"
    );
    assert_eq!(
        texts(&home, ".summary-levels li"),
        [
            "1 Product vision : 2",
            "2 Roadmap : 1",
            "3 Release / planning increment : 4",
            "4 Iteration (sprint) : 5",
            "5 Daily : 1"
        ]
    );
    assert_eq!(texts(&home, ".urgent li").len(), 3);
    assert_eq!(
        attrs(&home, ".health-summary > p:last-child a", "href"),
        ["/health/"]
    );
    let clean = TestSite::fixture("health-clean");
    clean.build(&[]).ok();
    let home = clean.html("index.html");
    assert_eq!(
        texts(&home, ".health-summary > p:first-of-type"),
        ["No findings: every level is planned, aligned and up to date."]
    );
}

#[test]
fn outcomes_show_progress_in_either_direction_and_what_serves_them() {
    let site = TestSite::fixture("timeline");
    let run = site.build(&[]).ok();
    // The outcome nothing serves is a finding on the page defining it.
    assert!(
        run.stderr
            .contains("no plan serves the outcome 'Happier users'"),
        "{}",
        run.stderr
    );
    let vision = site.html("vision/index.html");
    assert_eq!(
        texts(&vision, ".outcomes td.progress"),
        [
            "9 → 4 → 1 days 63% of the way from 9 to 1, aiming down 63% ↓",
            "20 → 35 → 80 % 25% of the way from 20 to 80 25%",
            "10 → ? → 40 no progress figure",
        ]
    );
    assert_eq!(
        attrs(&vision, ".outcomes .outcome-bar .done", "width"),
        ["63", "25"]
    );
    // The golden thread shows the outcome served with its progress.
    let sprint = site.html("releases/sprint/index.html");
    let thread = texts(&sprint, ".thread-step .serves");
    assert_eq!(
        thread[1..],
        [
            "Outcomes: Shorter lead time 9 → 4 → 1 days 63% of the way from 9 to 1, aiming down 63% ↓",
            "Outcomes: Wider adoption 20 → 35 → 80 % 25% of the way from 20 to 80 25%",
        ],
        "the roadmap item and the release, each with the outcome it serves"
    );
    let page = site.html("outcomes/index.html");
    assert_eq!(
        attrs(&page, ".outcome-table tbody tr", "id"),
        ["outcome-lead-time", "outcome-adoption", "outcome-nps"]
    );
    assert_eq!(
        texts(&page, ".outcome-table tbody tr td:nth-child(4)"),
        [
            "1 plan (1 Roadmap): Running item active on track",
            "1 plan (1 Release / planning increment): Winter release active",
            "! Nothing serves this outcome ( unserved-outcome ).",
        ]
    );
    assert_eq!(attrs(&page, "tr.unserved", "id"), ["outcome-nps"]);
}

#[test]
fn declared_themes_have_pages_and_coverage() {
    let site = TestSite::fixture("timeline");
    let run = site.build(&[]).ok();
    assert!(
        run.stderr
            .contains("no active plan serves the theme 'Trust'"),
        "{}",
        run.stderr
    );
    let index = site.html("theme/index.html");
    assert_eq!(
        attrs(&index, ".coverage tbody tr[id]", "id"),
        ["theme-speed", "theme-reach", "theme-trust"]
    );
    assert_eq!(
        attrs(&index, "tr.idle", "id"),
        ["theme-reach", "theme-trust"]
    );
    assert_eq!(
        texts(&index, "#theme-speed td:nth-child(3)"),
        ["40% of active work 40%"],
        "2 of the 5 active plans"
    );
    let speed = site.html("theme/speed/index.html");
    assert_eq!(texts(&speed, "h1"), ["Speed"]);
    assert_eq!(
        texts(&speed, ".level-group h2"),
        ["Roadmap 1", "Release / planning increment 1"]
    );
    assert_eq!(
        attrs(&speed, ".level-group a", "href"),
        ["/roadmap/running/", "/releases/rel/"]
    );
    // The timeline's theme lanes use the declared names.
    let timeline = site.html("timeline/index.html");
    assert_eq!(
        texts(&timeline, "#by-theme .lane-title"),
        ["Reach 1", "Speed 2", "No theme 6"]
    );
}

#[test]
fn undeclared_themes_still_build_and_declared_ones_are_checked() {
    let site = TestSite::fixture("timeline");
    site.write("strata.yaml", "title: No themes declared\n");
    site.build(&[]).ok();
    let index = site.html("theme/index.html");
    assert_eq!(
        texts(&index, ".coverage tbody tr[id] td:first-child a"),
        ["reach", "speed"],
        "a theme per id used, named after it"
    );
    assert!(site.exists("theme/reach/index.html"));
    // Once declared, a misspelt id is an error naming the closest.
    site.write(
        "strata.yaml",
        "themes:\n  - id: speed\n    name: Speed\n  - id: reach\n    name: Reach\n",
    );
    site.write(
        "content/roadmap/upcoming.md",
        "---\ntitle: Upcoming item\nlevel: roadmap\nparent: v\nthemes: [raech]\n---\n",
    );
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr
            .contains("content/roadmap/upcoming.md:5:1: error: unknown theme 'raech'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean 'reach'?"),
        "{}",
        run.stderr
    );
}

#[test]
fn team_and_owner_pages_list_what_they_own() {
    let site = TestSite::fixture("timeline");
    site.build(&[]).ok();
    let team = site.html("team/platform/index.html");
    assert_eq!(texts(&team, "h1"), ["Platform"]);
    assert_eq!(
        attrs(&team, "#current a", "href"),
        ["/releases/sprint/"],
        "the sprint running today"
    );
    assert_eq!(
        texts(&team, ".level-group h2"),
        [
            "Roadmap 4",
            "Release / planning increment 2",
            "Iteration (sprint) 1"
        ]
    );
    assert_eq!(
        texts(&team, "#outcomes li")
            .iter()
            .map(|t| t.split(':').next().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["Shorter lead time", "Wider adoption", "Happier users"]
    );
    assert_eq!(
        texts(&team, "#reviews li"),
        ["2026-12-24 : Winter release"],
        "last reviewed 2026-10-01, every 12 weeks"
    );
    let owner = site.html("owner/ana/index.html");
    assert_eq!(
        attrs(&owner, ".level-group a", "href"),
        ["/roadmap/running/"]
    );
    assert_eq!(
        attrs(&owner, "#serves a", "href"),
        ["/vision/"],
        "what her roadmap item serves"
    );
    let index = site.html("team/index.html");
    assert_eq!(
        texts(&index, "section:first-of-type li"),
        ["Growth 3", "Platform 7"]
    );
}

#[test]
fn a_content_page_at_a_team_address_wins() {
    let site = TestSite::fixture("timeline")
        .file(
            "content/team/_index.md",
            "---\ntitle: Our teams\n---\nWho we are.\n",
        )
        .file(
            "content/team/platform.md",
            "---\ntitle: The platform team\n---\nHello.\n",
        );
    site.build(&[]).ok();
    assert_eq!(
        texts(&site.html("team/platform/index.html"), "h1"),
        ["The platform team"]
    );
    assert_eq!(texts(&site.html("team/index.html"), "h1"), ["Our teams"]);
    // The pages without content of their own are still generated.
    assert_eq!(
        texts(&site.html("team/growth/index.html"), "h1"),
        ["Growth"]
    );
}

#[test]
fn a_long_level_index_is_split_into_pages_of_months() {
    let site = TestSite::fixture("health-clean");
    site.write("strata.yaml", "title: Paged\npaginate_by: 200\n");
    for day in 0..450 {
        site.write(
            &format!("content/days/d{day:03}.md"),
            format!(
                "---\ntitle: Note {day:03}\nlevel: daily\nparent: s.md\ndate: 2026-{:02}-{:02}\n---\n",
                day / 28 % 12 + 1,
                day % 28 + 1
            ),
        );
    }
    site.build(&[]).ok();
    let rows = |page: &str| texts(&site.html(page), ".items tbody tr").len();
    assert_eq!(rows("levels/daily/index.html"), 200);
    assert_eq!(rows("levels/daily/page/2/index.html"), 200);
    assert_eq!(
        rows("levels/daily/page/3/index.html"),
        51,
        "450 notes and one more"
    );
    assert!(!site.exists("levels/daily/page/4/index.html"));
    let last = site.html("levels/daily/page/3/index.html");
    assert_eq!(
        attrs(&last, ".list-pager a", "href"),
        [
            "/levels/daily/page/2/",
            "/levels/daily/",
            "/levels/daily/page/2/",
            "/levels/daily/page/3/"
        ]
    );
    assert_eq!(texts(&last, ".list-pager [aria-current]"), ["3"]);
    assert_eq!(texts(&last, ".list-pager p"), ["Showing 401–451 of 451."]);
    assert_eq!(
        attrs(&last, "link[rel=prev]", "href"),
        ["/levels/daily/page/2/"]
    );
    // A paged level is grouped by month, and its years link to where they start.
    let first = site.html("levels/daily/index.html");
    assert_eq!(
        texts(&first, ".level-group h3")[..2],
        ["2026-01", "2026-02"]
    );
    assert_eq!(attrs(&first, ".level-years a", "href")[0], "/levels/daily/");
    // A short level has one page and no pager.
    assert!(texts(&site.html("levels/iteration/index.html"), ".list-pager").is_empty());
}
