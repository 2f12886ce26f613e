//! Burnups rebuilt from status changes in git: a sprint without daily
//! figures whose work goes done on known days (commits dated with
//! GIT_AUTHOR_DATE and GIT_COMMITTER_DATE), a sprint with daily figures
//! beside it, the release over both, and the same site outside git.

use crate::common::*;
use crate::history::{commit, git};
use crate::lower_levels::{column, points, rows};

const TODAY: &str = "2026-09-22";

fn work(status: &str, points: &str) -> String {
    format!("---\ntitle: Work\nstatus: {status}\n{points}---\n")
}

/// A release with two sprints: s1's work only changes status in commits,
/// s2 has a daily note with figures.
fn files() -> TestSite {
    TestSite::new()
        .file(
            "content/r1/_index.md",
            "---\ntitle: Release 1\nlevel: release\nstatus: active\ngoal: Beta\nstart: 2026-09-07\nend: 2026-10-02\n---\n",
        )
        .file(
            "content/r1/s1/_index.md",
            "---\ntitle: Sprint 1\nlevel: iteration\nstatus: done\ngoal: Form\nstart: 2026-09-07\nend: 2026-09-18\ncascade:\n  level: daily\n---\n",
        )
        .file(
            "content/r1/s2/_index.md",
            "---\ntitle: Sprint 2\nlevel: iteration\nstatus: active\ngoal: Launch\nstart: 2026-09-21\nend: 2026-10-02\ncascade:\n  level: daily\n---\n",
        )
        .file(
            "content/r1/s2/2026-09-21.md",
            "---\ntitle: Stand-up\ndate: 2026-09-21\nremaining: 12\ndone: 0\nscope: 12\n---\n",
        )
        .file("content/r1/s1/a.md", &work("planned", "points: 3\n"))
        .file("content/r1/s1/b.md", &work("planned", "points: 5\n"))
        .file("content/r1/s2/d.md", &work("active", ""))
}

/// [`files`] in git: in s1, a is done on Wednesday 9 September, c (2
/// points) joins on the 10th, b is done on the 15th and c dropped on the
/// 17th; in s2, d is done on the 22nd.
fn site_in_git() -> TestSite {
    let site = files();
    git(&site, "2026-09-04", "Ada", &["init", "-q"]);
    commit(&site, "2026-09-04", "Ada", "Plan release 1");
    let steps = [
        ("2026-09-09", "r1/s1/a.md", work("done", "points: 3\n")),
        ("2026-09-10", "r1/s1/c.md", work("active", "points: 2\n")),
        ("2026-09-15", "r1/s1/b.md", work("done", "points: 5\n")),
        ("2026-09-17", "r1/s1/c.md", work("dropped", "points: 2\n")),
        ("2026-09-22", "r1/s2/d.md", work("done", "")),
    ];
    for (date, file, text) in steps {
        site.write(&format!("content/{file}"), text);
        commit(&site, date, "Grace", &format!("Update {file}"));
    }
    site
}

/// The indexes of the steps where a line's height changes.
fn steps_of(line: &[(f64, f64)]) -> Vec<usize> {
    (1..line.len())
        .filter(|i| line[*i].1 != line[i - 1].1)
        .collect()
}

#[test]
fn a_sprint_without_daily_figures_burns_up_on_the_days_work_went_done() {
    let site = site_in_git();
    site.run(&["build", "--today", TODAY]).ok();
    let page = site.html("r1/s1/index.html");
    let days = rows(&page, ".burndown-days");
    assert_eq!(
        column(&days, 0),
        [
            "2026-09-07",
            "2026-09-08",
            "2026-09-09",
            "2026-09-10",
            "2026-09-11",
            "2026-09-14",
            "2026-09-15",
            "2026-09-16",
            "2026-09-17",
            "2026-09-18"
        ]
    );
    assert_eq!(
        column(&days, 1),
        ["8", "8", "5", "7", "7", "7", "2", "2", "0", "0"],
        "remaining = scope - done"
    );
    assert_eq!(column(&days, 2)[0], "8", "ideal from the first scope");
    assert_eq!(
        column(&days, 3),
        ["0", "0", "3", "3", "3", "3", "8", "8", "8", "8"],
        "done"
    );
    assert_eq!(
        column(&days, 4),
        ["8", "8", "8", "10", "10", "10", "10", "10", "8", "8"],
        "scope grows when work joins and shrinks when it is dropped"
    );
    let done = points(&page, ".burndown .line-chart", "done");
    assert_eq!(done.len(), 10);
    assert_eq!(steps_of(&done), [2, 6], "done steps up on the 9th and 15th");
    assert!(done[2].1 < done[1].1 && done[6].1 < done[5].1, "upwards");
    let scope = points(&page, ".burndown .line-chart", "scope");
    assert_eq!(steps_of(&scope), [3, 8]);
    let dots: Vec<f64> = attrs(&page, ".burndown .series-done circle", "cx")
        .iter()
        .map(|x| x.parse().expect("number"))
        .collect();
    let changed: Vec<f64> = [2, 3, 6, 8].iter().map(|i| done[*i].0).collect();
    assert_eq!(dots, changed, "a dot on each day a commit changed the work");
    assert_eq!(
        texts(&page, ".burndown .figures-source"),
        [
            "Figures from status changes in git: the plans serving this sprint, counted in points, each done from the day a commit marked it done."
        ]
    );
    assert_eq!(
        texts(&page, ".burndown-days caption"),
        ["Figures per day, from status changes in git (in points)"]
    );
    assert_eq!(
        texts(&page, ".burndown .chart-source"),
        [
            "Figures from status changes in git",
            "Figures from status changes in git"
        ],
        "on both charts"
    );
}

#[test]
fn work_without_points_is_counted() {
    let site = site_in_git();
    site.write("content/r1/s1/b.md", work("done", ""));
    commit(&site, "2026-09-21", "Grace", "Forget the points");
    site.run(&["build", "--today", TODAY]).ok();
    let page = site.html("r1/s1/index.html");
    let days = rows(&page, ".burndown-days");
    assert_eq!(
        column(&days, 3),
        ["0", "0", "1", "1", "1", "1", "2", "2", "2", "2"]
    );
    assert_eq!(
        column(&days, 4),
        ["2", "2", "2", "3", "3", "3", "3", "3", "2", "2"]
    );
    assert_eq!(
        texts(&page, ".burndown-days caption"),
        ["Figures per day, from status changes in git (in work items)"]
    );
}

#[test]
fn daily_figures_win_and_the_release_says_where_each_sprints_come_from() {
    let site = site_in_git();
    site.run(&["build", "--today", TODAY]).ok();
    let sprint = site.html("r1/s2/index.html");
    let days = rows(&sprint, ".burndown-days");
    assert_eq!(&column(&days, 1)[..3], ["12", "12", "–"], "from the note");
    assert_eq!(&column(&days, 3)[..3], ["0", "0", "–"]);
    assert_eq!(
        texts(&sprint, ".burndown .figures-source"),
        ["Figures from daily notes."]
    );
    let release = site.html("r1/index.html");
    assert_eq!(
        rows(&release, ".release-sprints"),
        [
            ["Sprint 1", "8", "8", "met", "from status changes in git"],
            ["Sprint 2", "–", "0", "not ended", "from daily notes"],
        ]
    );
    assert_eq!(
        texts(&release, ".release-progress .chart-source"),
        ["Figures from daily notes and status changes in git"]
    );
    let done = points(&release, ".release-progress .line-chart", "done");
    assert_eq!(done.len(), 2);
}

#[test]
fn outside_git_nothing_is_rebuilt() {
    let site = files();
    site.write("content/r1/s1/a.md", work("done", "points: 3\n"));
    site.run(&["build", "--today", TODAY]).ok();
    let page = site.html("r1/s1/index.html");
    assert!(texts(&page, ".burndown").is_empty());
    let release = site.html("r1/index.html");
    assert_eq!(
        rows(&release, ".release-sprints"),
        [
            ["Sprint 1", "–", "–", "met"],
            ["Sprint 2", "–", "0", "not ended"],
        ]
    );
    assert_eq!(
        texts(&release, ".release-progress .chart-source"),
        ["Figures from daily notes"]
    );
}

#[test]
fn points_below_zero_are_a_finding_at_their_line() {
    let site = files().file("content/r1/s1/b.md", &work("planned", "points: -5\n"));
    let out = site
        .run(&["check", "--today", TODAY, "--format", "json"])
        .ok();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let found: Vec<(&str, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == "burndown-data")
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(found, [("content/r1/s1/b.md", 4)]);
}
