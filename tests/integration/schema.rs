//! Integration tests: the JSON Schema `strata schema` prints accepts the
//! frontmatter of every fixture, example and bundled page that Strata
//! accepts, and rejects the mistakes Strata rejects.

use crate::common::*;
use std::path::{Path, PathBuf};

/// Pages whose frontmatter Strata refuses (a wrong key, type or level);
/// pages whose YAML does not parse at all are no matter for a schema.
const REFUSED: &[&str] = &[
    "invalid-config-and-content/content/q4.md",
    "invalid-many-errors/content/roadmap/q4.md",
    "invalid-many-errors/content/sprints/sprint-1.md",
    "invalid-many-errors/content/sprints/sprint-2.md",
    "invalid-unknown-key/content/plan.md",
    "invalid-unknown-level/content/plans/sprint.md",
    "invalid-wrong-type/content/roadmap/q3.md",
    "planning-invalid/content/a/bad-level.md",
];

/// The schema for the site at `root` (the default levels when its
/// strata.yaml is broken).
fn validator(root: &Path) -> jsonschema::Validator {
    let mut run = TestSite::new().run(&["schema", "--root", &root.to_string_lossy()]);
    if run.code == 1 {
        run = TestSite::new().run(&["schema"]);
    }
    let schema: serde_json::Value = serde_json::from_str(&run.ok().stdout).expect("schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("a valid draft-7 schema")
}

/// The frontmatter of a markdown file as JSON, if it has readable YAML
/// (the schema describes YAML frontmatter; TOML's is left out).
fn frontmatter(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let split = strata::content::frontmatter::split(&text).ok()?;
    if split.format != strata::content::frontmatter::Format::Yaml {
        return None;
    }
    let yaml = split.yaml.filter(|y| !y.trim().is_empty())?;
    serde_yaml_ng::from_str(yaml).ok()
}

fn sites() -> Vec<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sites: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .chain(std::fs::read_dir(repo.join("examples")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("content").is_dir())
        .collect();
    sites.push(repo.to_path_buf());
    sites.sort();
    sites
}

#[test]
fn schema_accepts_every_page_strata_accepts() {
    let mut refused = Vec::new();
    let mut checked = 0;
    for site in sites() {
        let validator = validator(&site);
        for entry in walkdir::WalkDir::new(site.join("content")) {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Some(fm) = frontmatter(&path) else {
                continue;
            };
            checked += 1;
            let errors: Vec<String> = validator.iter_errors(&fm).map(|e| e.to_string()).collect();
            let name = path
                .strip_prefix(fixtures())
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if REFUSED.contains(&name.as_str()) {
                assert!(!errors.is_empty(), "{name} should be refused");
                refused.push(name);
            } else if FOREIGN_SITES.iter().any(|s| name.starts_with(s)) {
                // Other generators' keys: flagged, as check warns of them.
                let unknown_key =
                    |e: &String| e.starts_with("Additional properties are not allowed");
                assert!(errors.iter().all(unknown_key), "{name}: {errors:?}");
            } else {
                assert!(errors.is_empty(), "{name}: {errors:?}");
            }
        }
    }
    assert_eq!(refused.len(), REFUSED.len(), "{refused:?}");
    assert!(checked > 100, "{checked} pages checked");
}

/// Fixtures written by other generators, whose keys Strata keeps with an
/// `unknown-key` warning.
const FOREIGN_SITES: &[&str] = &["export-links/"];

/// (file name, frontmatter) of mistakes, each a build error too.
const MISTAKES: &[(&str, &str)] = &[
    ("typo-key", "parnet: vision.md"),
    ("status", "status: finished"),
    ("health", "health: green"),
    ("date", "start: 2026/01/01"),
    ("level", "level: sprintt"),
    ("capacity", "capacity: {available: 4, comitted: 3}"),
    ("period", "period: 2026-Q5"),
    ("interval", "review_every: fortnight"),
    ("weight", "weight: high"),
    ("nested-cascade", "cascade: {cascade: {level: daily}}"),
    ("outcome", "outcomes: [{id: a}]"),
    ("draft", "draft: maybe"),
];

#[test]
fn schema_refuses_the_mistakes_strata_refuses() {
    let mut site = TestSite::new();
    for (name, yaml) in MISTAKES {
        site = site.file(
            &format!("content/{name}.md"),
            &format!("---\n{yaml}\n---\n"),
        );
    }
    let validator = validator(site.root());
    for (name, _) in MISTAKES {
        let fm = frontmatter(&site.path(&format!("content/{name}.md"))).expect("readable YAML");
        assert!(!validator.is_valid(&fm), "{name} passes the schema");
    }
    let run = site.run(&["check", "--format", "json"]).expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut files: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .filter_map(|f| f["file"].as_str())
        .collect();
    files.dedup();
    assert_eq!(
        files.len(),
        MISTAKES.len(),
        "each mistake is an error: {files:?}"
    );
}

#[test]
fn schema_accepts_every_form_strata_accepts() {
    let site = TestSite::new();
    let validator = validator(site.root());
    for yaml in [
        "period: 2026",
        "period: 2026-h2",
        "review_every: 90",
        "review_every: 1 week",
        "outcomes: [served, {id: a, title: A, baseline: 1, target: '40%'}]",
        "cascade: {level: daily, owner: Ann}",
        "extra: {anything: [1, 2]}",
        "level: iteration\nstatus: done\nhealth: at-risk\ncapacity: {available: 4.5, committed: 3}",
    ] {
        let fm: serde_json::Value = serde_yaml_ng::from_str(yaml).unwrap();
        let errors: Vec<String> = validator.iter_errors(&fm).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{yaml}: {errors:?}");
    }
}
