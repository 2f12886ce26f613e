//! Integration tests: the tools of the sprint and release levels — the
//! burndown and burnup, task-list backlogs, release predictability, the
//! program board, the dependency map and today's blockers — read back
//! from the built pages' tables and SVG.

use crate::common::*;

const TODAY: &str = "2026-09-16";

fn lower_site() -> TestSite {
    let site = TestSite::fixture("lower-levels");
    site.run(&["build", "--today", TODAY]).ok();
    site
}

/// The cells of each body row of the first table matching `table`.
pub fn rows(html: &scraper::Html, table: &str) -> Vec<Vec<String>> {
    let row = scraper::Selector::parse(&format!("{table} tbody tr")).expect("valid selector");
    let cell = scraper::Selector::parse("th, td").expect("valid selector");
    html.select(&row)
        .map(|r| {
            r.select(&cell)
                .map(|c| spoken(c).trim().to_string())
                .collect()
        })
        .collect()
}

/// An element's text as a screen reader gives it: an image's label (a
/// findings flag) instead of its inner text.
fn spoken(element: scraper::ElementRef) -> String {
    let mut text = String::new();
    for child in element.children() {
        if let Some(inner) = scraper::ElementRef::wrap(child) {
            match inner.value().attr("aria-label") {
                Some(label) if inner.value().attr("role") == Some("img") => {
                    text.push_str(&format!(" ({label})"));
                }
                _ => text.push_str(&spoken(inner)),
            }
        } else if let Some(t) = child.value().as_text() {
            text.push_str(t);
        }
    }
    text
}

pub fn column(rows: &[Vec<String>], i: usize) -> Vec<&str> {
    rows.iter().map(|r| r[i].as_str()).collect()
}

/// The points of the SVG polyline of series `class` in the chart `chart`.
pub fn points(html: &scraper::Html, chart: &str, class: &str) -> Vec<(f64, f64)> {
    let css = format!("{chart} .series-{class} polyline");
    let all = attrs(html, &css, "points");
    let list = all.first().unwrap_or_else(|| panic!("no {css}"));
    list.split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect()
}

#[test]
fn burndown_carries_figures_over_gaps_skips_weekends_and_draws_the_ideal_line() {
    let site = lower_site();
    let page = site.html("releases/r1/alpha-1/index.html");
    let days = rows(&page, ".burndown-days");
    assert_eq!(
        column(&days, 0),
        [
            "2026-09-01",
            "2026-09-02",
            "2026-09-03",
            "2026-09-04",
            "2026-09-07",
            "2026-09-08",
            "2026-09-09",
            "2026-09-10",
            "2026-09-11",
            "2026-09-14"
        ],
        "working days only"
    );
    // The Saturday note (12) counts from Monday; -2 on the 10th is left out.
    assert_eq!(
        column(&days, 1),
        ["20", "20", "14", "14", "12", "12", "8", "8", "8", "0"]
    );
    assert_eq!(
        column(&days, 2),
        [
            "20", "17.8", "15.6", "13.3", "11.1", "8.9", "6.7", "4.4", "2.2", "0"
        ],
        "from capacity.committed to zero on the last day"
    );
    assert_eq!(
        column(&days, 3),
        ["0", "0", "6", "6", "9", "9", "14", "14", "14", "22"]
    );
    assert_eq!(
        column(&days, 4),
        ["20", "20", "20", "20", "21", "21", "22", "22", "22", "22"]
    );
    let remaining = points(&page, ".burndown .line-chart", "remaining");
    assert_eq!(remaining.len(), 10);
    let ideal = points(&page, ".burndown .line-chart", "ideal");
    assert_eq!(ideal.first().map(|p| p.1), remaining.first().map(|p| p.1));
    assert!(ideal.windows(2).all(|w| w[1].1 > w[0].1), "ideal falls");
    assert_eq!(ideal.last().map(|p| p.1), remaining.last().map(|p| p.1));
    assert!(texts(&page, ".burndown .marker").is_empty(), "sprint over");
    assert_eq!(texts(&page, "#burnup-title"), ["Burnup"]);
}

#[test]
fn burndown_marks_today_and_stops_there() {
    let site = lower_site();
    let page = site.html("releases/r1/beta-1/index.html");
    let days = rows(&page, ".burndown-days");
    assert_eq!(days.len(), 10);
    assert_eq!(&column(&days, 1)[..3], ["30", "27", "–"]);
    assert_eq!(
        attrs(
            &page,
            ".burndown-days tr[aria-current=date] time",
            "datetime"
        ),
        [TODAY]
    );
    let remaining = points(&page, ".burndown .line-chart", "remaining");
    assert_eq!(remaining.len(), 2);
    let marker: Vec<f64> = attrs(&page, ".burndown .marker line", "x1")
        .iter()
        .map(|x| x.parse().expect("number"))
        .collect();
    assert_eq!(marker, [remaining[1].0]);
    assert!(texts(&page, "#burnup-title").is_empty(), "no done or scope");
}

#[test]
fn weekends_count_when_the_site_says_so() {
    let site = TestSite::fixture("lower-levels").file(
        "strata.yaml",
        "title: Lower levels fixture\nwork_weekends: true\n",
    );
    site.run(&["build", "--today", TODAY]).ok();
    let page = site.html("releases/r1/alpha-1/index.html");
    let days = rows(&page, ".burndown-days");
    assert_eq!(days.len(), 14);
    assert_eq!(days[4][..2], ["2026-09-05", "12"]);
}

#[test]
fn figures_that_cannot_be_charted_are_findings_at_their_line() {
    let site = TestSite::fixture("lower-levels");
    let out = site
        .run(&["check", "--today", TODAY, "--format", "json"])
        .ok();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    let at = |kind: &str| -> Vec<(String, u64)> {
        findings
            .iter()
            .filter(|f| f["kind"] == kind)
            .map(|f| {
                (
                    f["file"].as_str().unwrap_or_default().to_string(),
                    f["line"].as_u64().unwrap_or_default(),
                )
            })
            .collect()
    };
    assert_eq!(
        at("burndown-data"),
        [("content/releases/r1/alpha-1/2026-09-10.md".to_string(), 4)]
    );
    assert!(
        at("outside-parent-period")
            .contains(&("content/releases/r1/alpha-1/2026-09-20.md".to_string(), 3)),
        "{:?}",
        at("outside-parent-period")
    );
}

#[test]
fn task_lists_are_the_backlog_in_details_level_index_board_and_roll_up() {
    let site = lower_site();
    let sprint = site.html("releases/r1/alpha-2/index.html");
    assert!(texts(&sprint, ".meta dd").contains(&"1 of 3 tasks done".to_string()));
    let level = site.html("levels/iteration/index.html");
    let table = rows(&level, ".items");
    let tasks: Vec<(&str, &str)> = table
        .iter()
        .map(|r| (r[0].as_str(), r[4].as_str()))
        .collect();
    assert!(tasks.contains(&("Alpha sprint 2", "1 of 3")), "{tasks:?}");
    assert!(tasks.contains(&("Beta sprint 0", "")), "{tasks:?}");
    let release = site.html("releases/r1/index.html");
    assert_eq!(
        texts(&release, ".children .rollup"),
        ["1 of 4 done; 4 of 7 tasks done"]
    );
    let board_tasks = texts(&release, ".board .tasks");
    assert!(board_tasks.contains(&"1 of 3 tasks done".to_string()));
}

#[test]
fn release_shows_burnup_predictability_and_objectives() {
    let site = lower_site();
    let page = site.html("releases/r1/index.html");
    assert_eq!(
        rows(&page, ".release-sprints"),
        [
            ["Alpha sprint 1", "20", "22", "met"],
            ["Beta sprint 0", "10", "–", "missed"],
            ["Alpha sprint 2", "18", "0", "not ended"],
            ["Beta sprint 1", "30", "3", "not ended"],
        ]
    );
    let predictability = texts(&page, ".release-progress .predictability strong");
    assert_eq!(predictability, ["Predictability: 50%"]);
    // Committed, added up per iteration over both teams: 30, then 78.
    let committed = points(&page, ".release-progress .line-chart", "scope");
    let done = points(&page, ".release-progress .line-chart", "done");
    assert_eq!((committed.len(), done.len()), (2, 2));
    assert!(committed[1].1 < committed[0].1, "the line climbs");
    assert_eq!(
        rows(&page, ".objectives-table"),
        [
            ["Beta form live", "committed", "8", "6"],
            ["Faster replies", "committed", "5", "5"],
            ["Welsh translation", "stretch", "3", "–"],
        ]
    );
    assert_eq!(
        texts(&page, ".objectives .predictability strong"),
        ["Business value achieved: 85%"]
    );
}

#[test]
fn program_board_places_sprints_by_team_and_iteration_and_flags_late_needs() {
    let site = lower_site();
    let page = site.html("releases/r1/index.html");
    assert_eq!(
        texts(&page, ".board thead th"),
        ["Team", "2026-09-01 – 2026-09-14", "2026-09-15 – 2026-09-28"]
    );
    let cells: Vec<Vec<String>> = rows(&page, ".board")
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| c.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
                .collect()
        })
        .collect();
    assert_eq!(
        cells,
        [
            ["Alpha", "Alpha sprint 1", "Alpha sprint 2"],
            ["Beta", "Beta sprint 0", "Beta sprint 1"],
        ]
    );
    let late = attrs(&page, ".board .needs.late a", "href");
    assert_eq!(late.len(), 1);
    let target = late[0].trim_start_matches('#');
    let provider = texts(&page, &format!("#{target} > a"));
    assert_eq!(provider, ["Beta sprint 1"]);
    let on_time = texts(&page, ".board .needs:not(.late)");
    assert_eq!(on_time, ["Needs Beta sprint 0 , ends 2026-09-14"]);
    assert_eq!(
        texts(&page, ".program-board .notice strong"),
        ["1 late dependency:"]
    );
}

#[test]
fn dependency_map_draws_every_edge_and_flags_late_ones_and_cycles() {
    let site = lower_site();
    let page = site.html("dependencies/index.html");
    let table = rows(&page, ".dependencies");
    assert_eq!(
        table,
        [
            [
                "Alpha sprint 2",
                "Beta sprint 1",
                "2026-09-15",
                "2026-09-28",
                "late"
            ],
            [
                "Public API",
                "Platform upgrade",
                "2026-10-01",
                "2026-12-31",
                "late cycle"
            ],
            [
                "Platform upgrade",
                "Public API",
                "2026-10-01",
                "2026-12-31",
                "late cycle"
            ],
            [
                "Beta sprint 1",
                "Beta sprint 0",
                "2026-09-15",
                "2026-09-14",
                "on time"
            ],
        ]
    );
    assert_eq!(texts(&page, ".dependency-map .map-node").len(), 5);
    assert_eq!(attrs(&page, ".map-edge.late", "d").len(), 3);
    assert_eq!(attrs(&page, ".map-edge.cycle", "d").len(), 2);
    for (x, w) in
        attrs(&page, ".map-node rect", "x")
            .iter()
            .zip(attrs(&page, ".map-node rect", "width"))
    {
        assert!(x.parse::<f64>().is_ok() && w.parse::<f64>().unwrap_or(0.0) > 20.0);
    }
    assert_eq!(
        rows(&page, ".blocked"),
        [[
            "Beta sprint 1",
            "Beta sprint 0 active (1 finding, worst: warning)",
            "Reply templates are not finished",
            "2026-09-16"
        ]]
    );
    let sprint = site.html("releases/r1/beta-1/index.html");
    assert_eq!(
        texts(&sprint, ".relations .dependency-list li"),
        [
            "Beta sprint 0 — needed by 2026-09-15, provider ends 2026-09-14",
            "Alpha sprint 2 — needed by 2026-09-15, provider ends 2026-09-28 late"
        ]
    );
    assert_eq!(
        texts(&sprint, ".relations .dependency-list li.late a"),
        ["Alpha sprint 2"]
    );
}

#[test]
fn blockers_page_lists_the_latest_standup_of_each_running_sprint() {
    let site = lower_site();
    let page = site.html("blockers/index.html");
    assert_eq!(
        rows(&page, ".blockers"),
        [
            [
                "Waiting for the test environment",
                "",
                "Beta sprint 1",
                "Beta",
                "2026-09-16"
            ],
            [
                "Reply templates are not finished",
                "Beta sprint 0 active (1 finding, worst: warning)",
                "Beta sprint 1",
                "Beta",
                "2026-09-16"
            ],
        ]
    );
    assert_eq!(
        attrs(&page, ".blockers td:last-child a", "href"),
        [
            "/releases/r1/beta-1/2026-09-16/",
            "/releases/r1/beta-1/2026-09-16/"
        ]
    );
    // A day later, with no newer note, the same stand-up still counts.
    let later = TestSite::fixture("lower-levels");
    later.run(&["build", "--today", "2026-09-17"]).ok();
    assert_eq!(
        rows(&later.html("blockers/index.html"), ".blockers").len(),
        2
    );
}

#[test]
fn a_misspelt_blocker_or_an_unknown_blocking_plan_is_an_error_at_its_line() {
    let site = TestSite::new()
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2026-09-16\nblockers:\n  - {plann: b}\n---\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\ndate: 2026-09-16\nblockers:\n  - {plan: nowhere}\n---\n",
        );
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr.contains("content/a.md:5:3: error: blockers:")
            && run
                .stderr
                .contains("{plan: <content path or id>, text: ...}"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/b.md:4:1: error: blockers 'nowhere' matches no page or id"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_notes_on_one_day_are_a_finding_and_the_later_one_counts() {
    let site = TestSite::fixture("lower-levels").file(
        "content/releases/r1/alpha-1/2026-09-03-again.md",
        "---\ntitle: Stand-up 3 September (again)\ndate: 2026-09-03\nremaining: 13\n---\nCorrected.\n",
    );
    let out = site
        .run(&["check", "--today", TODAY, "--format", "json"])
        .ok();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let same_day: Vec<(&str, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["kind"] == "burndown-data"
                && f["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("also gives"))
        })
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        same_day,
        [("content/releases/r1/alpha-1/2026-09-03-again.md", 3)]
    );
    site.run(&["build", "--today", TODAY]).ok();
    let days = rows(
        &site.html("releases/r1/alpha-1/index.html"),
        ".burndown-days",
    );
    assert_eq!(&column(&days, 1)[..4], ["20", "20", "13", "13"]);
}
