//! Integration tests: output. A failed build never touches the previous
//! output; Strata refuses output folders that would overwrite sources or
//! someone else's files, and replaces only folders it created.

use crate::common::*;
use std::collections::BTreeSet;

/// The names directly inside the site root.
fn top_level(site: &TestSite) -> BTreeSet<String> {
    std::fs::read_dir(site.root())
        .expect("read site root")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Asserts two snapshots are equal, naming the first difference.
fn assert_same_tree(
    before: &std::collections::BTreeMap<String, Option<Vec<u8>>>,
    after: &std::collections::BTreeMap<String, Option<Vec<u8>>>,
) {
    let added: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let removed: Vec<_> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    assert!(
        added.is_empty() && removed.is_empty(),
        "added {added:?}, removed {removed:?}"
    );
    for (path, bytes) in before {
        assert!(bytes == &after[path], "{path} changed");
    }
}

/// The `basic` fixture inside a `site/` folder of the temporary folder, so
/// that the folder above the site root belongs to the test too.
fn nested_basic() -> TestSite {
    let site = TestSite::new();
    for (relative, bytes) in snapshot(&fixtures().join("basic")) {
        if let Some(bytes) = bytes {
            site.write(&format!("site/{relative}"), bytes);
        }
    }
    site
}

#[test]
fn failed_build_leaves_previous_output_intact() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let before = snapshot(&site.path("public"));
    assert!(before.contains_key("roadmap/alpha/index.html"));
    site.write(
        "content/roadmap/alpha.md",
        "---\ntitle: Alpha\nweight: high\n---\nBroken.\n",
    );
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr.contains("content/roadmap/alpha.md:3:9"),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &snapshot(&site.path("public")));
    assert_eq!(
        top_level(&site),
        names(&["content", "public", "static", "strata.yaml"]),
        "staging folder left behind"
    );
}

#[test]
fn failed_render_leaves_previous_output_intact() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let before = snapshot(&site.path("public"));
    // Parses fine, fails only while pages render: after staging has begun.
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}{{ page.no_such_field.deeper }}{% endblock content %}\n");
    let run = site.build(&[]).expect_code(1);
    assert!(run.stderr.contains("no_such_field"), "{}", run.stderr);
    assert_same_tree(&before, &snapshot(&site.path("public")));
    assert_eq!(
        top_level(&site),
        names(&["content", "public", "static", "strata.yaml", "templates"]),
        "staging folder left behind"
    );
}

/// Runs a build in `cwd` (relative to the temporary folder) that must be
/// refused with exit 2 and a message holding `why`, and must not delete or
/// write anything anywhere in the temporary folder.
pub fn assert_refused(site: &TestSite, cwd: &str, output: &str, why: &str) {
    let before = snapshot(site.root());
    let run = site
        .run_in(cwd, &["build", "--today", "2026-11-21", "--output", output])
        .expect_code(2);
    assert!(
        run.stderr.contains("refusing to write the site into"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(why),
        "{why:?} missing from {}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_same_tree(&before, &snapshot(site.root()));
}

#[test]
fn refuses_the_site_root() {
    let site = TestSite::fixture("basic");
    assert_refused(&site, ".", ".", "it is the site root");
}

#[test]
fn refuses_the_content_folder() {
    let site = TestSite::fixture("basic");
    assert_refused(&site, ".", "content", "inside the source folder");
    assert_refused(&site, ".", "content", "content");
}

#[test]
fn refuses_the_templates_folder() {
    let site = TestSite::fixture("basic");
    std::fs::create_dir(site.path("templates")).expect("create templates/");
    assert_refused(&site, ".", "templates", "inside the source folder");
    assert_refused(&site, ".", "templates", "templates");
}

#[test]
fn refuses_the_static_folder() {
    let site = TestSite::fixture("basic");
    assert_refused(&site, ".", "static", "inside the source folder");
    assert_refused(&site, ".", "static", "static");
}

#[test]
fn refuses_an_ancestor_of_the_site_root() {
    let site = nested_basic();
    site.run_in("site", &["build", "--today", "2026-11-21"])
        .ok();
    assert_refused(&site, "site", "..", "it contains the site's sources");
}

#[test]
fn refuses_a_non_empty_folder_strata_did_not_create() {
    let site = TestSite::fixture("basic").file("public/notes.txt", "Someone else's notes.\n");
    assert_refused(
        &site,
        ".",
        "public",
        "non-empty folder that Strata did not create",
    );
    let run = site.build(&[]).expect_code(2);
    assert!(
        run.stderr
            .contains("non-empty folder that Strata did not create"),
        "{}",
        run.stderr
    );
    assert_eq!(site.output("notes.txt"), "Someone else's notes.\n");
}

#[test]
fn refuses_an_output_that_is_a_file() {
    let site = TestSite::fixture("basic").file("out.txt", "not a folder\n");
    assert_refused(&site, ".", "out.txt", "it is a file");
}

#[test]
fn replaces_a_folder_strata_created() {
    let site = TestSite::fixture("basic")
        .file("out/.strata-output", "made by strata\n")
        .file("out/stale.html", "<p>old</p>\n")
        .file("out/gone/index.html", "<p>old</p>\n");
    site.build(&["--output", "out"]).ok();
    let files = snapshot(&site.path("out"));
    assert!(!files.contains_key("stale.html"), "stale file kept");
    assert!(!files.contains_key("gone"), "stale folder kept");
    assert!(files.contains_key(".strata-output"), "marker missing");
    assert!(files.contains_key("roadmap/q3/launch/index.html"));
    assert!(!site.path("public").exists());
    assert_eq!(
        top_level(&site),
        names(&["content", "out", "static", "strata.yaml"])
    );
}

#[test]
fn accepts_an_empty_existing_folder() {
    let site = TestSite::fixture("basic");
    std::fs::create_dir(site.path("out")).expect("create out/");
    site.build(&["--output", "out"]).ok();
    let files = snapshot(&site.path("out"));
    assert!(files.contains_key("index.html"));
    assert!(files.contains_key(".strata-output"), "marker missing");
    assert_eq!(
        top_level(&site),
        names(&["content", "out", "static", "strata.yaml"])
    );
}
