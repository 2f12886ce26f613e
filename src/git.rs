//! Reading the site's git repository: the one place that runs `git`.
//!
//! Everything here is optional: a site outside git, or a machine without
//! it, gets empty answers and builds as before.

use crate::dates::Date;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, PoisonError};

/// Dates of the last git commit per content path, when the site is in git.
pub type CommitDates = HashMap<String, Date>;

/// Last commit date of every file under `content/`, from one `git log`.
/// Empty when the site is not in a git repository or git is missing.
///
/// The answer is kept for as long as the repository's HEAD stays the same:
/// the preview rebuilds on every edit, commits come rarely, and a long
/// history takes a while to read.
pub fn commit_dates(root: &Path) -> Arc<CommitDates> {
    type Last = Option<(PathBuf, String, Arc<CommitDates>)>;
    static LAST: Mutex<Last> = Mutex::new(None);
    let Some(head) = git(root, &["rev-parse", "HEAD"]) else {
        return Arc::default();
    };
    let remembered = LAST.lock().unwrap_or_else(PoisonError::into_inner).clone();
    if let Some((last_root, last_head, dates)) = remembered
        && last_root == root
        && last_head == head
    {
        return dates;
    }
    let dates = Arc::new(read_commit_dates(root));
    *LAST.lock().unwrap_or_else(PoisonError::into_inner) =
        Some((root.to_path_buf(), head, Arc::clone(&dates)));
    dates
}

fn read_commit_dates(root: &Path) -> CommitDates {
    let args = [
        // Names as they are, not quoted and escaped.
        "-c",
        "core.quotePath=false",
        "log",
        "--format=%x00%cs",
        "--name-only",
        "--relative",
        "--",
        "content",
    ];
    let mut dates = CommitDates::new();
    let Some(log) = git(root, &args) else {
        return dates;
    };
    let mut current: Option<Date> = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = crate::dates::parse_date(date);
        } else if let (Some(date), Some(path)) = (current, line.strip_prefix("content/")) {
            dates.entry(path.to_string()).or_insert(date);
        }
    }
    dates
}

/// What `git ARGS` prints in `root`, if it succeeds.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_dates_follow_new_commits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let git = |args: &[&str]| {
            let ok = Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
                .args(args)
                .current_dir(root)
                .env("GIT_COMMITTER_DATE", "2025-03-01T12:00:00")
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "git {args:?}");
        };
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        assert!(commit_dates(root).is_empty(), "not a repository yet");
        git(&["init", "-q"]);
        git(&["add", "."]);
        git(&["commit", "-q", "-m", "a"]);
        let first = commit_dates(root);
        assert_eq!(first.len(), 1);
        assert!(Arc::ptr_eq(&first, &commit_dates(root)), "remembered");
        std::fs::write(root.join("content/b.md"), "b").unwrap();
        git(&["add", "."]);
        git(&["commit", "-q", "-m", "b"]);
        let dates = commit_dates(root);
        assert_eq!(dates.len(), 2, "a new HEAD is read again");
        assert_eq!(dates["b.md"].to_string(), "2025-03-01");
    }
}
