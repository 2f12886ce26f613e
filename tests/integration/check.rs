//! Integration tests: `strata check` and the health page find exactly the
//! planted planning problems, and nothing on a clean twin.

use crate::common::*;

const TODAY: &str = "2026-11-21";

/// (kind, file, line) of every finding planted in `health-planted`.
const PLANTED: &[(&str, &str, u64)] = &[
    ("missing-level", "strata.yaml", 0),
    ("stale", "content/v.md", 8),
    ("unaligned", "content/u.md", 3),
    ("parent-not-above", "content/rel-b.md", 4),
    ("skips-level", "content/skip.md", 4),
    ("no-delivery", "content/v2.md", 3),
    ("past-end", "content/late.md", 6),
    ("missing-goal", "content/nogoal.md", 3),
    ("outside-parent-period", "content/outside.md", 5),
    ("health-mismatch", "content/mismatch.md", 6),
    ("over-capacity", "content/full.md", 6),
    ("dependency-cycle", "content/dep-a.md", 6),
    ("dependency-late", "content/waits.md", 8),
];

fn check_json(site: &TestSite, extra: &[&str]) -> (Run, serde_json::Value) {
    let mut args = vec!["check", "--today", TODAY, "--format", "json"];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    (run, json)
}

#[test]
fn check_reports_exactly_the_planted_findings() {
    let site = TestSite::fixture("health-planted");
    let (run, json) = check_json(&site, &[]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    let mut found: Vec<(String, String, u64)> = json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            for field in ["kind", "severity", "file", "line", "message", "hint"] {
                assert!(f.get(field).is_some(), "{field} in {f}");
            }
            (
                f["kind"].as_str().unwrap_or_default().to_string(),
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut expected: Vec<(String, String, u64)> = PLANTED
        .iter()
        .map(|(k, f, l)| (k.to_string(), f.to_string(), *l))
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(json["warnings"], PLANTED.len());
    assert_eq!(json["errors"], 0);
}

#[test]
fn clean_twin_has_no_findings() {
    let site = TestSite::fixture("health-clean");
    let (run, json) = check_json(&site, &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0), "{json}");
}

#[test]
fn exit_codes_for_warnings_strict_and_errors() {
    let planted = TestSite::fixture("health-planted");
    planted.run(&["check", "--today", TODAY]).ok();
    let strict = planted
        .run(&["check", "--today", TODAY, "--strict"])
        .expect_code(1);
    assert!(strict.stdout.contains("13 warnings"), "{}", strict.stdout);
    let broken = TestSite::fixture("health-clean")
        .file("content/x.md", "---\ntitle: X\n---\n[gone](nowhere.md)\n");
    broken.run(&["check", "--today", TODAY]).expect_code(1);
}

#[test]
fn text_output_groups_findings_by_kind_with_location_and_hint() {
    let site = TestSite::fixture("health-planted");
    let run = site.run(&["check", "--today", TODAY]).ok();
    let out = &run.stdout;
    assert!(out.contains("stale (1)"), "{out}");
    assert!(
        out.contains("content/v.md:8:1: warning: review overdue since 2025-07-01"),
        "{out}"
    );
    assert!(
        out.contains("help: review the plan, then set `last_reviewed:`"),
        "{out}"
    );
    assert!(
        out.find("missing-level").unwrap_or(usize::MAX) < out.find("dependency-late").unwrap_or(0),
        "grouped in a stable order"
    );
}

#[test]
fn health_page_lists_every_finding_with_a_working_link() {
    let site = TestSite::fixture("health-planted");
    site.build(&[]).ok();
    let page = site.html("health/index.html");
    let kinds = texts(&page, ".finding-group h3 code");
    for (kind, _, _) in PLANTED {
        assert!(kinds.contains(&kind.to_string()), "{kind} in {kinds:?}");
    }
    assert_eq!(texts(&page, ".finding").len(), PLANTED.len());
    for href in attrs(&page, ".finding a", "href") {
        assert!(
            site.exists(&format!("{}index.html", href.trim_start_matches('/'))),
            "{href}"
        );
    }
    assert_eq!(
        attrs(&page, ".finding > a", "href").len(),
        PLANTED.len() - 1,
        "all but the missing level link to a page"
    );
    // Other pages a message names appear by title, linked, not by path.
    let messages = texts(&page, ".finding .message");
    assert!(
        messages.iter().all(|m| !m.contains("content/")),
        "{messages:?}"
    );
    let skipped = texts(&page, "#kind-skips-level .message a");
    assert_eq!(skipped, ["Roadmap item"], "the parent, by its title");
    assert!(
        texts(&page, ".weakest h2").join(" ").contains("Daily"),
        "the empty level is the weakest"
    );
    let vision = site.html("v/index.html");
    assert!(
        texts(&vision, ".notice-findings")
            .join(" ")
            .contains("review overdue since 2025-07-01")
    );
}

#[test]
fn staleness_falls_back_to_the_last_git_commit() {
    let plan = |title: &str, id: &str| {
        format!(
            "---\ntitle: {title}\nlevel: vision\nid: {id}\nstatus: active\nstart: 2026-01-01\nend: 2027-12-31\n---\n"
        )
    };
    // git quotes names like this one unless told not to.
    let site = TestSite::fixture("health-clean")
        .file("content/v.md", &plan("Vision", "v"))
        .file("content/misión.md", &plan("Misión", "m"));
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(site.root())
            .env("GIT_AUTHOR_DATE", "2025-03-01T12:00:00")
            .env("GIT_COMMITTER_DATE", "2025-03-01T12:00:00")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "plans"]);
    let (_, json) = check_json(&site, &[]);
    let stale: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|f| f["kind"] == "stale")
        .collect();
    assert_eq!(stale.len(), 2, "{json}");
    assert_eq!(stale[0]["file"], "content/misión.md");
    assert_eq!(stale[1]["file"], "content/v.md");
    for finding in stale {
        assert!(
            finding["message"]
                .as_str()
                .unwrap_or_default()
                .contains("last changed in git 2025-03-01"),
            "{finding}"
        );
    }
}

/// `health:` in strata.yaml setting every planted kind to `setting`.
fn with_every_kind(setting: &str) -> TestSite {
    let overrides: String = PLANTED
        .iter()
        .map(|(kind, _, _)| format!("  {kind}: {setting}\n"))
        .collect();
    let site = TestSite::fixture("health-planted");
    site.write(
        "strata.yaml",
        format!("title: Health planted\nhealth:\n{overrides}"),
    );
    site
}

#[test]
fn every_health_kind_can_be_made_an_error() {
    let site = with_every_kind("error");
    let (run, json) = check_json(&site, &[]);
    assert_eq!(run.code, 1, "errors fail the check without --strict");
    let mut kinds: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    kinds.sort_unstable();
    let mut expected: Vec<(&str, &str)> = PLANTED.iter().map(|(k, _, _)| (*k, "error")).collect();
    expected.sort_unstable();
    assert_eq!(kinds, expected);
    let text = site.run(&["check", "--today", TODAY]).expect_code(1);
    assert!(
        text.stdout.contains("13 errors, 0 warnings"),
        "{}",
        text.stdout
    );
    site.build(&[]).expect_code(1);
}

#[test]
fn kinds_switched_off_are_neither_reported_nor_shown() {
    let site = with_every_kind("off");
    let (run, json) = check_json(&site, &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0), "{json}");
    site.build(&[]).ok();
    let health = site.html("health/index.html");
    assert!(texts(&health, ".finding").is_empty());
    for (_, file, _) in PLANTED.iter().filter(|(_, f, _)| f.starts_with("content/")) {
        let page = file.trim_start_matches("content/").trim_end_matches(".md");
        let html = site.html(&format!("{page}/index.html"));
        assert!(texts(&html, ".notice-findings").is_empty(), "{file}");
    }
}

#[test]
fn broken_links_follow_links_warn_and_can_be_switched_off() {
    let broken = |config: &str| {
        TestSite::fixture("health-clean")
            .file("strata.yaml", config)
            .file("content/x.md", "---\ntitle: X\n---\n[gone](nowhere.md)\n")
    };
    let warned = broken("title: T\nlinks: warn\n");
    let (run, json) = check_json(&warned, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(json["findings"][0]["kind"], "broken-link");
    assert_eq!(json["findings"][0]["severity"], "warning");
    let off = broken("title: T\nhealth:\n  broken-link: off\n");
    let (run, json) = check_json(&off, &["--strict"]);
    assert_eq!(run.code, 0);
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0), "{json}");
}

#[test]
fn unknown_kinds_and_severities_are_errors_with_a_suggestion() {
    let site = TestSite::fixture("health-clean").file(
        "strata.yaml",
        "title: T\nhealth:\n  stael: off\n  missing-goal: of\n",
    );
    let run = site.run(&["check", "--today", TODAY]).expect_code(1);
    assert!(
        run.stdout
            .contains("strata.yaml:3: error: unknown finding kind 'stael'"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean 'stale'?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("strata.yaml:4: error: unknown severity 'of' for missing-goal"),
        "{}",
        run.stdout
    );
}
