//! Integration tests: `strata init` makes a site that builds without a
//! finding and with the golden thread complete; `strata new` writes each
//! level's page where it belongs, linked into the thread, and never
//! overwrites a file.

use crate::common::*;
use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-11-21";

/// Runs `strata <args>` in `dir`.
fn strata(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run strata");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn parse(site: &Path, page: &str) -> scraper::Html {
    let path = site.join("public").join(page).join("index.html");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    scraper::Html::parse_document(&text)
}

/// (kind, file) of every finding `strata check` reports.
fn findings(site: &Path) -> Vec<(String, String)> {
    let run = strata(site, &["check", "--today", TODAY, "--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"));
    let mut found: Vec<(String, String)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("kind"), text("file"))
        })
        .collect();
    found.sort();
    found
}

/// The golden thread shown on a page: (level name, href) of each step
/// from the top down.
fn thread(html: &scraper::Html) -> Vec<(String, String)> {
    let step = scraper::Selector::parse("nav.thread li.thread-step:not(.thread-here)").unwrap();
    let badge = scraper::Selector::parse(".badge").unwrap();
    let link = scraper::Selector::parse("a").unwrap();
    html.select(&step)
        .map(|li| {
            let level = li
                .select(&badge)
                .next()
                .map(|b| b.text().collect())
                .unwrap_or_default();
            let href = li
                .select(&link)
                .next()
                .and_then(|a| a.value().attr("href"))
                .unwrap_or_default()
                .to_string();
            (level, href)
        })
        .collect()
}

fn level_names(site: &Path) -> Vec<String> {
    texts(&parse(site, "levels"), "ol.level-cards li strong")
}

/// Every level has exactly one plan; the daily (or lowest) plan's thread
/// runs through every level above it to the top.
fn assert_complete_site(site: &Path, lowest_page: &str) {
    let names = level_names(site);
    for card in texts(&parse(site, "levels"), "ol.level-cards li .cadence") {
        assert!(card.ends_with("1 item"), "{card}");
    }
    let steps = thread(&parse(site, lowest_page));
    let shown: Vec<&str> = steps.iter().map(|(level, _)| level.as_str()).collect();
    assert_eq!(shown, names[..names.len() - 1], "{steps:?}");
    for (_, href) in &steps {
        let page = href.trim_matches('/');
        assert!(
            site.join("public").join(page).join("index.html").is_file(),
            "{href}"
        );
    }
}

#[test]
fn init_builds_a_five_level_site_without_findings() {
    let dir = tempfile::tempdir().unwrap();
    let run = strata(dir.path(), &["init", "plans"]).ok();
    assert!(run.stdout.contains("plans"), "{}", run.stdout);
    let site = dir.path().join("plans");
    // Built as of the real today, as a newcomer would.
    let build = strata(&site, &["build"]).ok();
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    assert!(build.stdout.contains("Built 6 pages"), "{}", build.stdout);
    assert_eq!(
        level_names(&site),
        ["Product vision", "Roadmap", "Release", "Sprint", "Daily"]
    );
    assert_complete_site(&site, "daily/first-stand-up");
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("/public/")
    );
    let strict = strata(&site, &["check", "--strict", "--format", "json"]).ok();
    assert!(
        strict.stdout.contains("\"findings\": []"),
        "{}",
        strict.stdout
    );
}

#[test]
fn init_builds_a_three_level_site_without_findings() {
    let dir = tempfile::tempdir().unwrap();
    strata(
        dir.path(),
        &["init", "plans", "--levels", "three", "--today", TODAY],
    )
    .ok();
    let site = dir.path().join("plans");
    let build = strata(&site, &["build", "--today", TODAY]).ok();
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    assert_eq!(level_names(&site), ["Roadmap", "Release", "Sprint"]);
    assert_complete_site(&site, "sprints/sprint-1");
    assert_eq!(findings(&site), []);
}

#[test]
fn init_refuses_a_non_empty_folder_and_force_keeps_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("plans");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("notes.txt"), "mine").unwrap();
    std::fs::write(site.join("content/_index.md"), "---\ntitle: Mine\n---\n").unwrap();
    let before = snapshot(&site);
    let refused = strata(dir.path(), &["init", "plans"]).expect_code(2);
    assert!(refused.stderr.contains("not empty"), "{}", refused.stderr);
    assert_eq!(snapshot(&site), before, "a refused init changes nothing");

    let forced = strata(dir.path(), &["init", "plans", "--force"]).ok();
    assert!(
        forced.stderr.contains("kept content/_index.md"),
        "{}",
        forced.stderr
    );
    let after = snapshot(&site);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{path} is unchanged");
    }
    assert!(after.contains_key("strata.yaml") && after.contains_key("content/how-we-plan.md"));
}

/// Runs `strata new` and returns the path it printed.
fn new_page(site: &Path, args: &[&str]) -> String {
    let mut all = vec!["new", "--today", TODAY];
    all.extend_from_slice(args);
    let run = strata(site, &all).ok();
    let path = run.stdout.trim().to_string();
    assert!(site.join(&path).is_file(), "{path}");
    path
}

/// The built page's folder for a content path: `content/a/b.md` → `a/b`.
fn page_of(path: &str) -> String {
    path.trim_start_matches("content/")
        .trim_end_matches(".md")
        .trim_end_matches("/_index")
        .to_string()
}

fn parent_line(site: &Path, path: &str) -> String {
    let text = std::fs::read_to_string(site.join(path)).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("parent: "))
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}

#[test]
fn new_pages_at_every_level_join_the_thread() {
    let dir = tempfile::tempdir().unwrap();
    strata(dir.path(), &["init", "plans", "--today", TODAY]).ok();
    let site = dir.path().join("plans");
    // Without --parent, bottom up: each serves the current plan above it.
    let daily = new_page(&site, &["daily", "Stand-up, 22 November"]);
    let sprint = new_page(&site, &["iteration", "Sprint 2"]);
    let release = new_page(&site, &["release", "Release 2"]);
    let roadmap = new_page(&site, &["roadmap", "Next bet"]);
    let vision = new_page(&site, &["vision", "Vision 2030"]);
    assert_eq!(daily, "content/daily/stand-up-22-november.md");
    assert_eq!(sprint, "content/sprints/sprint-2.md");
    assert_eq!(release, "content/releases/release-2.md");
    assert_eq!(roadmap, "content/roadmap/next-bet.md");
    assert_eq!(vision, "content/vision/vision-2030.md");
    assert_eq!(parent_line(&site, &daily), "sprints/sprint-1.md");
    assert_eq!(parent_line(&site, &sprint), "releases/release-1.md");
    assert_eq!(
        parent_line(&site, &release),
        "roadmap/online-self-service.md"
    );
    assert_eq!(parent_line(&site, &roadmap), "vision/our-vision.md");
    let text = std::fs::read_to_string(site.join(&sprint)).unwrap();
    assert!(
        text.contains("start: 2026-12-05\nend: 2026-12-18\n"),
        "after sprint 1:\n{text}"
    );
    assert!(
        text.contains("capacity: {available: 20, committed: 0}"),
        "{text}"
    );
    // With --parent: by id, and by file path as a shell completes it.
    let sprint3 = new_page(&site, &["iteration", "Sprint 3", "--parent", "release-1"]);
    let notes = new_page(
        &site,
        &["daily", "Notes", "--parent", "content/sprints/sprint-1.md"],
    );
    assert_eq!(parent_line(&site, &sprint3), "releases/release-1.md");
    assert_eq!(parent_line(&site, &notes), "sprints/sprint-1.md");
    let elsewhere = new_page(&site, &["daily", "Notes", "--dir", "content/team-a"]);
    assert_eq!(elsewhere, "content/team-a/notes.md");

    strata(&site, &["build", "--today", TODAY]).ok();
    for (page, depth) in [
        (&daily, 4),
        (&sprint, 3),
        (&release, 2),
        (&roadmap, 1),
        (&notes, 4),
        (&sprint3, 3),
    ] {
        let steps = thread(&parse(&site, &page_of(page)));
        assert_eq!(steps.len(), depth, "{page}: {steps:?}");
        assert_eq!(steps[0].0, "Product vision", "{page} reaches the top");
    }
    // The goals are left for the author, and the new vision has no plans
    // yet, so nothing serves its outcome either.
    let expected = [
        ("missing-goal", release.as_str()),
        ("missing-goal", sprint.as_str()),
        ("missing-goal", sprint3.as_str()),
        ("no-delivery", vision.as_str()),
        ("outside-parent-period", release.as_str()),
        ("unserved-outcome", vision.as_str()),
    ];
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, f)| (k.to_string(), f.to_string()))
        .collect();
    expected.sort();
    assert_eq!(findings(&site), expected);
}

#[test]
fn new_follows_a_nested_layout() {
    let site = TestSite::bundled();
    let sprint = new_page(site.root(), &["iteration", "Sprint 16"]);
    assert_eq!(
        sprint,
        "content/example/releases/r2-rights-checker/sprint-16/_index.md"
    );
    assert_eq!(
        parent_line(site.root(), &sprint),
        "example/releases/r2-rights-checker/_index.md"
    );
    let daily = new_page(site.root(), &["daily", "Stand-up, 21 November"]);
    assert_eq!(
        daily,
        "content/example/releases/r2-rights-checker/sprint-15/stand-up-21-november.md"
    );
    let text = std::fs::read_to_string(site.path(&daily)).unwrap();
    assert!(text.contains(&format!("date: {TODAY}\n")), "{text}");
}

#[test]
fn new_uses_the_sites_archetype() {
    let dir = tempfile::tempdir().unwrap();
    strata(dir.path(), &["init", "plans", "--today", TODAY]).ok();
    let site = dir.path().join("plans");
    std::fs::create_dir_all(site.join("archetypes")).unwrap();
    std::fs::write(
        site.join("archetypes/iteration.md"),
        "---\ntitle: {{ title | yaml }}\nlevel: {{ level }}\nparent: {{ parent | yaml }}\nstart: {{ start }}\nend: {{ end }}\ngoal: Our own archetype\n---\n\nTeam template.\n",
    )
    .unwrap();
    let path = new_page(&site, &["iteration", "Sprint: \"two\""]);
    let text = std::fs::read_to_string(site.join(&path)).unwrap();
    assert!(text.contains("title: \"Sprint: \\\"two\\\"\"\n"), "{text}");
    assert!(text.ends_with("Team template.\n"), "{text}");
    strata(&site, &["build", "--today", TODAY]).ok();
    assert_eq!(findings(&site), []);
}

#[test]
fn new_refuses_unknown_names_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    strata(dir.path(), &["init", "plans", "--today", TODAY]).ok();
    let site = dir.path().join("plans");
    let before = snapshot(&site);
    let level = strata(&site, &["new", "itteration", "Sprint 2"]).expect_code(2);
    assert!(
        level.stderr.contains("did you mean 'iteration'?"),
        "{}",
        level.stderr
    );
    let parent = strata(
        &site,
        &[
            "new",
            "iteration",
            "Sprint 2",
            "--parent",
            "releases/relase-1.md",
        ],
    )
    .expect_code(2);
    assert!(
        parent
            .stderr
            .contains("did you mean 'releases/release-1.md'?"),
        "{}",
        parent.stderr
    );
    for dir in ["../elsewhere", "/tmp"] {
        let outside = strata(&site, &["new", "daily", "Notes", "--dir", dir]).expect_code(2);
        assert!(
            outside.stderr.contains("is not below content/"),
            "{}",
            outside.stderr
        );
    }
    let existing = strata(&site, &["new", "iteration", "Sprint 1"]).expect_code(2);
    assert!(
        existing
            .stderr
            .contains("content/sprints/sprint-1.md already exists"),
        "{}",
        existing.stderr
    );
    assert_eq!(snapshot(&site), before, "nothing written, nothing changed");
}

#[test]
fn serve_shows_a_new_site() {
    let site = TestSite::new();
    site.run(&["init", "fresh"]).ok();
    let served =
        crate::serve::Served::spawn(&site, &["serve", "--root", "fresh", "--port", "0"], &[]);
    let home = served.get("/");
    assert_eq!(home.status, 200);
    let html = scraper::Html::parse_document(&home.body);
    assert_eq!(texts(&html, "h1"), ["Our plans"]);
    let reference = served.get("/reference/");
    assert_eq!(reference.status, 200);
    let html = scraper::Html::parse_document(&reference.body);
    let keys = texts(&html, "table.reference-keys th[scope=row]");
    assert!(
        keys.contains(&"parent".to_string()) && keys.len() == strata::schema::KEYS.len(),
        "{keys:?}"
    );
    let levels = texts(&html, "table.reference-levels th[scope=row]");
    assert_eq!(
        levels,
        ["vision", "roadmap", "release", "iteration", "daily"]
    );
}
