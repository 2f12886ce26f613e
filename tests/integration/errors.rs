//! Integration tests: errors. One `invalid-*` fixture per error message;
//! each names the file and the real `line:column`, and the build exits 1
//! without writing any output.

use crate::common::*;

/// The `error:` lines of a run's report.
fn error_lines(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect()
}

/// Builds the fixture and checks that it fails with exactly one error, at
/// `location` (`file:line:column`), whose message holds every one of `words`.
fn single_error(fixture: &str, location: &str, words: &[&str]) -> TestSite {
    let site = TestSite::fixture(fixture);
    let run = site.build(&[]).expect_code(1);
    assert_reported(&run, location, words);
    assert_eq!(error_lines(&run).len(), 1, "{}", run.stderr);
    assert_last_line_counts(&run, 1);
    assert!(
        !site.path("public").exists(),
        "a failed first build wrote output"
    );
    site
}

fn assert_reported(run: &Run, location: &str, words: &[&str]) {
    let prefix = format!("{location}: error: ");
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no error at {location}\n--- stderr\n{}", run.stderr));
    for word in words {
        assert!(line.contains(word), "{word:?} missing from {line:?}");
    }
}

/// The report ends with `Build failed: N errors`.
fn assert_last_line_counts(run: &Run, errors: usize) {
    let last = run.stderr.lines().last().unwrap_or_default();
    let expected = format!(
        "Build failed: {errors} error{}",
        if errors == 1 { "" } else { "s" }
    );
    let rest = last
        .strip_prefix(&expected)
        .unwrap_or_else(|| panic!("last line {last:?} does not start with {expected:?}"));
    assert!(
        !rest.starts_with(|c: char| c.is_ascii_alphanumeric()),
        "{last:?}"
    );
}

#[test]
fn malformed_yaml_names_file_line_and_column() {
    single_error(
        "invalid-malformed-yaml",
        "content/plan.md:4:7",
        &["mapping values are not allowed"],
    );
}

#[test]
fn wrong_type_names_the_field_and_its_line() {
    single_error(
        "invalid-wrong-type",
        "content/roadmap/q3.md:5:9",
        &["weight", "invalid type", "high"],
    );
}

#[test]
fn unknown_level_names_the_level_and_the_valid_ones() {
    let site = TestSite::fixture("invalid-unknown-level");
    let run = site.build(&[]).expect_code(1);
    assert_reported(
        &run,
        "content/plans/sprint.md:5:1",
        &["unknown level", "sprintly"],
    );
    assert!(
        run.stderr
            .contains("vision, roadmap, release, iteration, daily"),
        "{}",
        run.stderr
    );
    assert_eq!(error_lines(&run).len(), 1, "{}", run.stderr);
    assert_last_line_counts(&run, 1);
    assert!(!site.path("public").exists());
}

#[test]
fn file_that_is_not_utf8_names_the_first_bad_byte() {
    let site = TestSite::fixture("invalid-not-utf8");
    site.write(
        "content/notes.md",
        b"---\ntitle: Notes\n---\nCaf\xff au lait\n",
    );
    let run = site.build(&[]).expect_code(1);
    assert_reported(&run, "content/notes.md:4:4", &["not valid UTF-8"]);
    assert_eq!(error_lines(&run).len(), 1, "{}", run.stderr);
    assert_last_line_counts(&run, 1);
    assert!(!site.path("public").exists());
}

#[test]
fn empty_file_is_an_error() {
    let site = TestSite::fixture("invalid-empty-file");
    let run = site.build(&[]).expect_code(1);
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].starts_with("content/empty.md"), "{}", errors[0]);
    assert!(errors[0].contains("the file is empty"), "{}", errors[0]);
    assert_last_line_counts(&run, 1);
    assert!(!site.path("public").exists());
}

#[test]
fn empty_file_error_has_line_and_column() {
    single_error(
        "invalid-empty-file",
        "content/empty.md:1:1",
        &["the file is empty"],
    );
}

#[test]
fn page_and_section_with_the_same_url_are_refused() {
    single_error(
        "invalid-duplicate-url-section",
        "content/a.md:1:1",
        &["content/a/_index.md", "/a/"],
    );
}

#[test]
fn names_that_slug_to_the_same_url_are_refused() {
    single_error(
        "invalid-duplicate-url-slug",
        "content/my-plan.md:1:1",
        &["content/My Plan.md", "/my-plan/"],
    );
}

#[test]
fn unknown_frontmatter_key_is_named() {
    single_error(
        "invalid-unknown-key",
        "content/plan.md:4:1",
        &["unknown frontmatter key", "`ownr`"],
    );
}

#[test]
fn unknown_config_key_names_the_key_and_the_file() {
    single_error(
        "invalid-config-key",
        "strata.yaml:3:1",
        &["unknown field", "`theme_color`"],
    );
}

#[test]
fn unclosed_frontmatter_points_at_its_start() {
    single_error(
        "invalid-unclosed-frontmatter",
        "content/plan.md:1:1",
        &["never closed"],
    );
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let site = TestSite::fixture("invalid-many-errors");
    let run = site.build(&[]).expect_code(1);
    let expected: [(&str, &[&str]); 6] = [
        (
            "content/roadmap/q3.md:4:7",
            &["mapping values are not allowed"],
        ),
        ("content/roadmap/q4.md:3:9", &["weight", "invalid type"]),
        (
            "content/sprints/sprint-1.md:3:1",
            &["unknown level", "sprintly"],
        ),
        (
            "content/sprints/sprint-2.md:3:1",
            &["unknown frontmatter key", "`ownr`"],
        ),
        ("content/sprints/sprint-3.md:1:1", &["never closed"]),
        ("content/sprints/sprint-4.md:1:1", &["the file is empty"]),
    ];
    for (location, words) in expected {
        assert_reported(&run, location, words);
    }
    assert_eq!(error_lines(&run).len(), 6, "{}", run.stderr);
    assert!(!run.stderr.contains("roadmap/fine.md"), "{}", run.stderr);
    assert_last_line_counts(&run, 6);
    assert!(!site.path("public").exists());
}

#[test]
fn config_error_does_not_hide_content_errors() {
    let site = TestSite::fixture("invalid-config-and-content");
    let run = site.build(&[]).expect_code(1);
    assert_reported(&run, "strata.yaml:3:1", &["`theme_color`"]);
    assert_reported(&run, "content/q4.md:3:9", &["weight", "invalid type"]);
    assert_last_line_counts(&run, 2);
}

#[test]
fn unknown_argument_is_a_usage_error() {
    let site = TestSite::new();
    let run = site.run(&["build", "--nonsense"]).expect_code(2);
    assert!(run.stderr.contains("--nonsense"), "{}", run.stderr);
    assert!(!site.path("public").exists());
}

#[test]
fn bad_argument_value_is_a_usage_error() {
    let site = TestSite::new();
    let run = site.run(&["build", "--today", "tomorrow"]).expect_code(2);
    assert!(run.stderr.contains("tomorrow"), "{}", run.stderr);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
    assert!(!site.path("public").exists());
}
