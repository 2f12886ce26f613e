//! The plan's history from git: temporary repositories with scripted
//! commits (dates fixed by GIT_AUTHOR_DATE and GIT_COMMITTER_DATE), built
//! with `--today 2026-11-21` ([`TestSite::build`]), and what pages, the "what changed" pages, the Atom feed
//! and the health page make of them.

use crate::common::*;
use std::process::Command;

/// Runs git in the site's folder as `author`, on `date`.
pub fn git(site: &TestSite, date: &str, author: &str, args: &[&str]) {
    let stamp = format!("{date}T12:00:00+00:00");
    let ok = Command::new("git")
        .args([
            "-c",
            &format!("user.name={author}"),
            "-c",
            "user.email=plans@example.org",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(site.root())
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "git {args:?}");
}

/// The commit id of HEAD.
fn head(site: &TestSite) -> String {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(site.root())
        .output()
        .expect("git rev-parse");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_string()
}

/// Commits every change in the site.
pub fn commit(site: &TestSite, date: &str, author: &str, subject: &str) {
    git(site, date, author, &["add", "-A"]);
    git(site, date, author, &["commit", "-q", "-m", subject]);
}

fn plan(level: &str, status: &str, end: &str, extra: &str) -> String {
    format!(
        "---\ntitle: Self-serve advice\nlevel: {level}\nstatus: {status}\nend: {end}\n{extra}---\nBody.\n"
    )
}

/// A roadmap item planned, started, slipped and moved to another folder.
pub fn slipped_site() -> TestSite {
    let site = TestSite::new()
        .file(
            "strata.yaml",
            "title: Plans\nrepo_url: https://example.org/org/plans/\n",
        )
        .file(
            "content/roadmap/q4.md",
            &plan("roadmap", "planned", "2026-11-20", "goal: Fewer calls\n"),
        );
    git(&site, "2026-11-02", "Ada", &["init", "-q"]);
    commit(&site, "2026-11-02", "Ada", "Plan self-serve advice");
    site.write(
        "content/roadmap/q4.md",
        plan("roadmap", "active", "2026-11-20", "goal: Fewer calls\n"),
    );
    commit(&site, "2026-11-09", "Grace", "Start self-serve advice");
    site.write(
        "content/roadmap/q4.md",
        plan("roadmap", "active", "2026-12-04", "goal: Half the calls\n"),
    );
    commit(
        &site,
        "2026-11-18",
        "Ada",
        "Move the end of self-serve advice",
    );
    std::fs::create_dir_all(site.path("content/plans")).unwrap();
    git(
        &site,
        "2026-11-19",
        "Grace",
        &["mv", "content/roadmap/q4.md", "content/plans/q4.md"],
    );
    commit(&site, "2026-11-19", "Grace", "Keep plans together");
    site
}

#[test]
fn change_list_of_a_page_follows_its_rename() {
    let site = slipped_site();
    let run = site.build(&[]).ok();
    assert!(!run.stderr.contains("history"), "{}", run.stderr);
    let html = site.html("plans/q4/index.html");
    assert_eq!(
        texts(&html, ".revisions li"),
        [
            "2026-11-19 : moved from roadmap/q4.md ( Keep plans together , Grace)",
            "2026-11-18 : end moved 2026-11-20 → 2026-12-04 (+14 days); goal rewritten ( Move the end of self-serve advice , Ada)",
            "2026-11-09 : status planned → active ( Start self-serve advice , Grace)",
            "2026-11-02 : added ( Plan self-serve advice , Ada)",
        ]
    );
    let head = head(&site);
    assert_eq!(
        texts(&html, ".last-updated"),
        [format!(
            "Last updated 2026-11-19 by Grace in {} .",
            &head[..7]
        )]
    );
    assert_eq!(
        attrs(&html, ".last-updated a", "href"),
        [format!("https://example.org/org/plans/commit/{head}")]
    );
    assert_eq!(
        texts(&html, ".slip"),
        ["Slipped 14 days since first committed to end on 2026-11-20."]
    ); // The sitemap dates the page by its last commit.
    assert_eq!(
        sitemap_lastmods(&site),
        [
            ("/".to_string(), "2026-11-02".to_string()),
            ("/plans/q4/".to_string(), "2026-11-19".to_string())
        ]
    );
}

/// Four sprints, each done a week after the end it was planned with, and
/// one roadmap item done on time.
fn late_sprints_site() -> TestSite {
    let site = TestSite::new().file(
        "content/roadmap/q4.md",
        &plan("roadmap", "planned", "2026-11-30", ""),
    );
    // Name, end, done.
    let sprints = [
        ("s1", "2026-10-05", "2026-10-12"),
        ("s2", "2026-10-12", "2026-10-19"),
        ("s3", "2026-10-19", "2026-10-26"),
        ("s4", "2026-10-26", "2026-11-02"),
    ];
    for (s, end, _) in sprints {
        site.write(
            &format!("content/sprints/{s}.md"),
            plan("iteration", "active", end, "goal: Ship\n"),
        );
    }
    git(&site, "2026-09-28", "Ada", &["init", "-q"]);
    commit(&site, "2026-09-28", "Ada", "Plan the quarter");
    for (s, end, done) in sprints {
        site.write(
            &format!("content/sprints/{s}.md"),
            plan("iteration", "done", end, "goal: Ship\n"),
        );
        commit(&site, done, "Grace", &format!("Close {s}"));
    }
    site.write(
        "content/roadmap/q4.md",
        plan("roadmap", "done", "2026-11-30", ""),
    );
    commit(&site, "2026-11-16", "Ada", "Close the roadmap item");
    site
}

#[test]
fn predictability_per_level_and_the_unpredictable_finding() {
    let site = late_sprints_site();
    let run = site.build(&[]).ok();
    assert!(
        run.stderr
            .contains("the Iteration (sprint) level keeps slipping: 0 of 4 finished plans"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("Roadmap level keeps slipping"),
        "{}",
        run.stderr
    );
    let health = site.html("health/index.html");
    let rows = texts(&health, ".predictability tbody tr");
    assert!(
        rows.contains(&"Roadmap 1 1 of 1 (100%) 0 days – – – 100% of 1".to_string()),
        "{rows:?}"
    );
    assert!(
        rows.contains(&"Iteration (sprint) 4 0 of 4 (0%) 0 days – – – 0% of 4".to_string()),
        "{rows:?}"
    );
    assert!(
        texts(&health, ".finding-group, section")
            .iter()
            .any(|t| t.contains("keeps slipping")),
        "the finding is on /health/"
    );
    let level = site.html("levels/iteration/index.html");
    assert_eq!(
        texts(&level, ".predictability tbody tr"),
        ["Iteration (sprint) 4 0 of 4 (0%) 0 days – – – 0% of 4"]
    );
    site.write("strata.yaml", "health:\n  unpredictable: off\n");
    let quiet = site.build(&[]).ok();
    assert!(!quiet.stderr.contains("keeps slipping"), "{}", quiet.stderr);
}

#[test]
fn slip_in_days_counts_from_the_first_committed_end() {
    let site = TestSite::new().file(
        "content/r.md",
        &plan("release", "proposed", "2026-10-01", ""),
    );
    git(&site, "2026-09-01", "Ada", &["init", "-q"]);
    commit(&site, "2026-09-01", "Ada", "Propose");
    // Moves before it was committed to do not count as slips.
    site.write(
        "content/r.md",
        plan("release", "proposed", "2026-10-15", ""),
    );
    commit(&site, "2026-09-02", "Ada", "Re-propose");
    site.write("content/r.md", plan("release", "planned", "2026-10-15", ""));
    commit(&site, "2026-09-03", "Ada", "Commit");
    site.write("content/r.md", plan("release", "active", "2026-11-05", ""));
    commit(&site, "2026-09-20", "Ada", "Slip");
    site.write("content/r.md", plan("release", "active", "2026-10-29", ""));
    commit(&site, "2026-09-27", "Ada", "Pull in");
    site.build(&[]).ok();
    let html = site.html("r/index.html");
    assert_eq!(
        texts(&html, ".slip"),
        ["Slipped 14 days since first committed to end on 2026-10-15."]
    );
}

#[test]
fn weekly_changes_page_and_atom_feed() {
    let site = slipped_site();
    site.build(&[]).ok();
    let html = site.html("changes/index.html");
    assert_eq!(
        texts(&html, ".week h2"),
        [
            "Week of 2026-11-16",
            "Week of 2026-11-09",
            "Week of 2026-11-02"
        ]
    );
    assert_eq!(
        texts(&html, ".week-counts")[0],
        "0 added · 0 done · 0 dropped · 1 slipped (14 days) · 0 pulled in · 0 re-parented · 0 outcome values changed"
    );
    assert_eq!(
        texts(&html, ".week:first-of-type .change-list li"),
        [
            "2026-11-19 Roadmap Self-serve advice : moved from roadmap/q4.md (Grace)",
            "2026-11-18 Roadmap Self-serve advice : end moved 2026-11-20 → 2026-12-04 (+14 days); goal rewritten (Ada)",
        ]
    );
    site.run(&["build", "--today", "2026-11-10"]).ok();
    assert_eq!(
        texts(&site.html("changes/index.html"), ".week h2"),
        ["Week of 2026-11-09", "Week of 2026-11-02"],
        "commits after --today are left out"
    );
    site.build(&[]).ok();
    let roadmap = site.html("changes/roadmap/index.html");
    assert_eq!(texts(&roadmap, ".week").len(), 3);
    let iteration = site.html("changes/iteration/index.html");
    assert!(texts(&iteration, ".week").is_empty());
    assert_eq!(
        texts(&iteration, ".notice"),
        ["No changes to plans in the last weeks."]
    );

    let feed = atom_syndication::Feed::read_from(site.output("changes/atom.xml").as_bytes())
        .expect("the feed is valid Atom");
    assert_eq!(feed.updated().to_rfc3339(), "2026-11-19T00:00:00+00:00");
    let entries: Vec<(&str, &str)> = feed
        .entries()
        .iter()
        .map(|e| {
            (
                e.title().as_str(),
                e.updated().date_naive().to_string().leak() as &str,
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("Self-serve advice: moved from roadmap/q4.md", "2026-11-19"),
            (
                "Self-serve advice: end moved 2026-11-20 → 2026-12-04 (+14 days); goal rewritten",
                "2026-11-18"
            ),
            ("Self-serve advice: status planned → active", "2026-11-09"),
            ("Self-serve advice: added", "2026-11-02"),
        ]
    );
    assert_eq!(
        feed.id(),
        "urn:strata:changes",
        "absolute without a full base_url"
    );
    let ids: std::collections::HashSet<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), 4, "entry ids are unique");
    assert!(
        ids.iter().all(|id| id.starts_with("urn:strata:change:")),
        "{ids:?}"
    );
    assert_eq!(feed.entries()[0].links()[0].href(), "/plans/q4/");
}

#[test]
fn quiet_without_git() {
    let site = TestSite::new().file("content/r.md", &plan("release", "active", "2026-10-01", ""));
    let run = site.build(&[]).ok();
    assert_eq!(
        run.stderr.matches("no history").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );
    assert!(texts(&site.html("r/index.html"), ".history").is_empty());
    assert!(texts(&site.html("health/index.html"), ".predictability").is_empty());
    let changes = site.html("changes/index.html");
    assert!(
        texts(&changes, ".notice")[0]
            .starts_with("No history: the site is not in a git repository")
    );
}

#[test]
fn quiet_in_a_shallow_clone() {
    let origin = slipped_site();
    let clone = TestSite::new();
    std::fs::remove_dir_all(clone.root()).unwrap();
    let url = format!("file://{}", origin.root().display());
    let ok = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(clone.root())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "git clone --depth 1");
    let run = clone.build(&[]).ok();
    assert_eq!(
        run.stderr.matches("no history").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("shallow clone"), "{}", run.stderr);
    assert!(texts(&clone.html("plans/q4/index.html"), ".revisions li").is_empty());
}

#[test]
fn changes_per_team() {
    let site = TestSite::new()
        .file(
            "content/a.md",
            &plan("release", "planned", "2026-12-01", "team: Platform\n"),
        )
        .file(
            "content/b.md",
            &plan("release", "planned", "2026-12-01", "team: Web\n"),
        );
    git(&site, "2026-11-16", "Ada", &["init", "-q"]);
    commit(&site, "2026-11-16", "Ada", "Plan");
    site.write(
        "content/a.md",
        plan("release", "active", "2026-12-01", "team: Platform\n"),
    );
    site.write(
        "content/b.md",
        plan("release", "dropped", "2026-12-01", "team: Web\n"),
    );
    commit(&site, "2026-11-17", "Ada", "Go");
    site.build(&[]).ok();
    let platform = site.html("changes/team/platform/index.html");
    assert_eq!(
        texts(&platform, ".change-list li"),
        [
            "2026-11-17 Release / planning increment Self-serve advice : status planned → active (Ada)",
            "2026-11-16 Release / planning increment Self-serve advice : added (Ada)",
        ]
    );
    assert_eq!(texts(&platform, "h1"), ["What changed: team Platform"]);
    let all = site.html("changes/index.html");
    assert_eq!(
        attrs(&all, "nav[aria-label='Changes by team'] a", "href"),
        ["/changes/team/platform/", "/changes/team/web/"]
    );
    assert_eq!(
        texts(&all, ".week-counts"),
        [
            "2 added · 0 done · 1 dropped · 0 slipped · 0 pulled in · 0 re-parented · 0 outcome values changed"
        ]
    );
}

#[test]
fn repo_url_must_be_a_web_address() {
    let site = TestSite::new().file(
        "strata.yaml",
        "title: Plans\nrepo_url: ftp://example.org/plans\n",
    );
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr.contains(
            "strata.yaml:2:1: error: repo_url 'ftp://example.org/plans' is not an http(s) address"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_in_a_folder_of_the_repository() {
    let site = TestSite::new().file(
        "docs/content/r.md",
        &plan("release", "planned", "2026-11-20", ""),
    );
    git(&site, "2026-11-02", "Ada", &["init", "-q"]);
    commit(&site, "2026-11-02", "Ada", "Plan");
    site.write(
        "docs/content/r.md",
        plan("release", "active", "2026-11-20", ""),
    );
    commit(&site, "2026-11-03", "Ada", "Start");
    let run = site
        .run(&["build", "--root", "docs", "--today", "2026-11-21"])
        .ok();
    assert!(!run.stderr.contains("no history"), "{}", run.stderr);
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(site.path("docs/public/r/index.html")).unwrap(),
    );
    assert_eq!(
        texts(&html, ".revisions li"),
        [
            "2026-11-03 : status planned → active (Start, Ada)",
            "2026-11-02 : added (Plan, Ada)"
        ]
    );
}
