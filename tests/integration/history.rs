//! The plan's history from git: temporary repositories with scripted
//! commits (dates fixed by GIT_AUTHOR_DATE and GIT_COMMITTER_DATE), built
//! with `--today`, and what pages, the "what changed" pages, the Atom feed
//! and the health page make of them.

use crate::common::*;
use std::process::Command;

/// The date `TestSite::build` passes as `--today`.
const TODAY: &str = "2026-11-21";

/// Runs git in the site's folder as `author`, on `date`.
fn git(site: &TestSite, date: &str, author: &str, args: &[&str]) {
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
fn commit(site: &TestSite, date: &str, author: &str, subject: &str) {
    git(site, date, author, &["add", "-A"]);
    git(site, date, author, &["commit", "-q", "-m", subject]);
}

fn plan(level: &str, status: &str, end: &str, extra: &str) -> String {
    format!(
        "---\ntitle: Self-serve advice\nlevel: {level}\nstatus: {status}\nend: {end}\n{extra}---\nBody.\n"
    )
}

/// A roadmap item planned, started, slipped and moved to another folder.
fn slipped_site() -> TestSite {
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
    );
}
