//! Integration tests: what a newcomer sees on the command line — usage
//! errors for a missing site folder, counts in good English, and no
//! mention of previous output when there was none.

use crate::common::*;

#[test]
fn a_missing_root_is_a_usage_error() {
    let site = TestSite::new();
    for command in ["build", "check", "serve", "new", "schema"] {
        let mut args = vec![command, "--root", "no-such-site"];
        if command == "new" {
            args.extend(["daily", "Today"]);
        }
        let run = site.run(&args).expect_code(2);
        assert!(
            run.stderr.contains("'no-such-site' is not a folder"),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn counts_are_singular_for_one() {
    let site = TestSite::new().file("content/only.md", "---\ntitle: Only\n---\nText.\n");
    let run = site.build(&[]).ok();
    assert!(
        run.stdout.starts_with("Built 1 page, 1 section in "),
        "{}",
        run.stdout
    );
}

#[test]
fn previous_output_is_mentioned_only_when_there_is_one() {
    let site = TestSite::new().file("content/bad.md", "---\nweight: high\n---\n");
    let first = site.build(&[]).expect_code(1);
    assert!(
        first
            .stderr
            .contains("Build failed: 1 error, 0 warnings.\n"),
        "{}",
        first.stderr
    );
    assert!(
        !first.stderr.contains("previous output"),
        "{}",
        first.stderr
    );
    site.write("content/bad.md", "---\nweight: 1\n---\n");
    site.build(&[]).ok();
    site.write("content/bad.md", "---\nweight: high\n---\n");
    let again = site.build(&[]).expect_code(1);
    assert!(
        again
            .stderr
            .contains("The previous output was left as it was."),
        "{}",
        again.stderr
    );
}

#[test]
fn version_is_printed() {
    let run = TestSite::new().run(&["--version"]).ok();
    assert_eq!(
        run.stdout.trim(),
        format!("strata {}", env!("CARGO_PKG_VERSION"))
    );
}
