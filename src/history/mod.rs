//! The plan's history from git: every version of each plan's frontmatter
//! over the commits that touched its file, renames followed.
//!
//! Read once per build from one pass over the log ([`read`]) and kept for
//! as long as HEAD stays the same: the preview rebuilds on every edit, and
//! an edit that is not committed is not history. From it come each page's
//! change list ([`changes`]), slips and each level's predictability
//! ([`slip`]), the weekly "what changed" page and feed, and the timelines
//! sprints without daily figures rebuild their burnups from ([`work`]).

pub mod changes;
pub mod slip;
pub mod work;

use crate::content::frontmatter::{self, FrontMatter, Health, Status};
use crate::dates::Date;
use crate::git::{self, Action, Commit, CommitDates, Unavailable};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// The frontmatter values whose changes are history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanValues {
    pub status: Option<Status>,
    pub health: Option<Health>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub period: Option<String>,
    pub goal: Option<String>,
    pub parent: Option<String>,
    /// `(available, committed)`.
    pub capacity: Option<(f64, f64)>,
    /// Each outcome's id and current value, as written.
    pub outcomes: Vec<(String, String)>,
}

impl PlanValues {
    pub fn of(fm: &FrontMatter) -> PlanValues {
        let outcomes = fm
            .outcomes
            .iter()
            .flatten()
            .filter_map(|entry| match entry {
                frontmatter::OutcomeEntry::Defined(o) => Some((
                    o.id.clone(),
                    o.current
                        .as_ref()
                        .map(crate::yaml::text)
                        .unwrap_or_default(),
                )),
                frontmatter::OutcomeEntry::Ref(_) => None,
            })
            .collect();
        PlanValues {
            status: fm.status,
            health: fm.health,
            start: fm.start,
            end: fm.end,
            period: fm.period.as_ref().map(|(text, _)| text.to_string()),
            goal: fm.goal.as_deref().map(String::from),
            parent: fm.parent.as_deref().map(String::from),
            capacity: fm.capacity.as_deref().map(|c| (c.available, c.committed)),
            outcomes,
        }
    }

    /// The committed end: `end`, else the end of `period`.
    pub fn planned_end(&self) -> Option<Date> {
        self.end.or_else(|| {
            self.period
                .as_deref()
                .and_then(crate::dates::Period::parse)
                .map(|p| p.end)
        })
    }
}

/// One commit's version of a file.
#[derive(Debug, Clone)]
pub struct Version {
    /// Index into [`History::commits`].
    pub commit: usize,
    /// The path it had before, when this commit renamed it.
    pub renamed_from: Option<String>,
    /// Its frontmatter values; `None` when the file never changed its
    /// text (its only values are the page's own) or could not be read.
    pub values: Option<PlanValues>,
}

/// The versions of one file, oldest first.
#[derive(Debug, Clone, Default)]
pub struct FileHistory {
    pub versions: Vec<Version>,
    /// Every commit left its text as it was first committed (a rename at
    /// most): its versions were not read, the page as loaded stands in.
    pub unchanged: bool,
}

impl FileHistory {
    /// The values of version `i`, the page's `current` values standing in
    /// for a file whose text never changed.
    pub fn values<'a>(&'a self, i: usize, current: &'a PlanValues) -> Option<&'a PlanValues> {
        match &self.versions[i].values {
            Some(values) => Some(values),
            None if self.unchanged => Some(current),
            None => None,
        }
    }
}

/// The history of every markdown file under `content/` that still exists.
#[derive(Debug, Default)]
pub struct History {
    /// Why there is none, when there is none.
    pub unavailable: Option<Unavailable>,
    /// Newest first, as git lists them.
    pub commits: Vec<Commit>,
    /// By content path (`roadmap/q3.md`).
    pub files: HashMap<String, FileHistory>,
    /// The last commit date of every file.
    pub commit_dates: CommitDates,
}

impl History {
    pub fn file(&self, source: &str) -> Option<&FileHistory> {
        self.files.get(source)
    }
}

/// The history of the site at `root`, read again only when HEAD moved.
pub fn read(root: &Path) -> Arc<History> {
    type Last = Option<(PathBuf, String, Arc<History>)>;
    static LAST: Mutex<Last> = Mutex::new(None);
    let head = match git::head(root) {
        Ok(head) => head,
        Err(why) => {
            return Arc::new(History {
                unavailable: Some(why),
                ..History::default()
            });
        }
    };
    let remembered = LAST.lock().unwrap_or_else(PoisonError::into_inner).clone();
    if let Some((last_root, last_head, history)) = remembered
        && last_root == root
        && last_head == head
    {
        return history;
    }
    let history = Arc::new(match git::read_log(root) {
        Ok(log) => build(root, log),
        Err(why) => History {
            unavailable: Some(why),
            ..History::default()
        },
    });
    *LAST.lock().unwrap_or_else(PoisonError::into_inner) =
        Some((root.to_path_buf(), head, Arc::clone(&history)));
    history
}

/// Files and their versions from the log, and the frontmatter of every
/// version of a file whose text changed more than once.
fn build(root: &Path, log: git::Log) -> History {
    let mut files = follow(&log);
    let wanted: Vec<&str> = files
        .values()
        .filter(|(_, blobs)| !unchanged(blobs))
        .flat_map(|(_, blobs)| blobs.iter().map(String::as_str))
        .collect();
    let texts = git::read_blobs(root, &wanted);
    let values: HashMap<&str, PlanValues> = texts
        .par_iter()
        .filter_map(|(id, text)| Some((id.as_str(), values_of(text)?)))
        .collect();
    let mut history = History {
        commits: log.commits,
        ..History::default()
    };
    for (path, (versions, blobs)) in files.drain() {
        let unchanged = unchanged(&blobs);
        let versions: Vec<Version> = versions
            .into_iter()
            .zip(&blobs)
            .map(|(mut version, blob)| {
                version.values = values.get(blob.as_str()).cloned();
                version
            })
            .rev()
            .collect();
        if let Some(last) = versions.last() {
            history
                .commit_dates
                .insert(path.clone(), history.commits[last.commit].date);
        }
        history.files.insert(
            path,
            FileHistory {
                versions,
                unchanged,
            },
        );
    }
    history
}

/// Whether every version of a file has the same text.
fn unchanged(blobs: &[String]) -> bool {
    blobs.iter().all(|b| b == &blobs[0])
}

/// Versions (newest first) and their blobs, by the path each file has now.
type Followed = HashMap<String, (Vec<Version>, Vec<String>)>;

/// Walks the log from newest to oldest, following each file that still
/// exists back through its renames.
fn follow(log: &git::Log) -> Followed {
    // What an older path is called now; `None`: that file is gone.
    let mut now: HashMap<String, Option<String>> = HashMap::new();
    let mut files = Followed::new();
    for change in &log.changes {
        let current = match now.get(&change.path) {
            Some(Some(path)) => path.clone(),
            Some(None) => continue,
            None => change.path.clone(),
        };
        match &change.action {
            Action::Deleted => {
                now.insert(change.path.clone(), None);
                continue;
            }
            // Older commits at this path were another file.
            Action::Added => {
                now.insert(change.path.clone(), None);
            }
            Action::Renamed(from) => {
                now.insert(change.path.clone(), None);
                now.insert(from.clone(), Some(current.clone()));
            }
            Action::Modified => {}
        }
        let Some(blob) = &change.blob else { continue };
        let (versions, blobs) = files.entry(current).or_default();
        versions.push(Version {
            commit: change.commit,
            renamed_from: match &change.action {
                Action::Renamed(from) => Some(from.clone()),
                _ => None,
            },
            values: None,
        });
        blobs.push(blob.clone());
    }
    files
}

/// The plan values of one version of a file; `None` if its frontmatter
/// does not parse (then it was an error in its day, not history).
fn values_of(text: &str) -> Option<PlanValues> {
    let split = frontmatter::split(text).ok()?;
    frontmatter::parse(&split)
        .ok()
        .map(|fm| PlanValues::of(&fm))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::{FileChange, Log};
    use std::process::Command;

    fn change(commit: usize, path: &str, action: Action, blob: &str) -> FileChange {
        FileChange {
            commit,
            path: path.into(),
            action,
            blob: (!blob.is_empty()).then(|| blob.into()),
        }
    }

    #[test]
    fn follows_renames_and_forgets_deleted_files() {
        // Newest first, as git lists them.
        let log = Log {
            changes: vec![
                change(0, "b.md", Action::Renamed("a.md".into()), "b2"),
                change(1, "a.md", Action::Modified, "b1"),
                change(2, "gone.md", Action::Deleted, ""),
                change(3, "a.md", Action::Added, "b0"),
                change(3, "gone.md", Action::Added, "g0"),
                // An older file at the same path, deleted before a.md was added.
                change(4, "a.md", Action::Added, "old"),
            ],
            ..Log::default()
        };
        let files = follow(&log);
        assert_eq!(files.keys().collect::<Vec<_>>(), ["b.md"]);
        let (versions, blobs) = &files["b.md"];
        assert_eq!(blobs, &["b2", "b1", "b0"]);
        assert_eq!(versions[0].renamed_from.as_deref(), Some("a.md"));
        assert_eq!(
            versions.iter().map(|v| v.commit).collect::<Vec<_>>(),
            [0, 1, 3]
        );
    }

    #[test]
    fn read_again_only_when_head_moves() {
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
        std::fs::write(root.join("content/a.md"), "---\nstatus: planned\n---\n").unwrap();
        assert!(read(root).unavailable.is_some(), "not a repository yet");
        git(&["init", "-q"]);
        git(&["add", "."]);
        git(&["commit", "-q", "-m", "a"]);
        let first = read(root);
        assert_eq!(first.files.len(), 1);
        assert!(Arc::ptr_eq(&first, &read(root)), "remembered");
        std::fs::write(root.join("content/a.md"), "---\nstatus: active\n---\n").unwrap();
        assert!(
            Arc::ptr_eq(&first, &read(root)),
            "an edit not committed is no history"
        );
        git(&["commit", "-q", "-am", "b"]);
        let history = read(root);
        let versions = &history.files["a.md"].versions;
        assert_eq!(versions.len(), 2, "a new HEAD is read again");
        assert_eq!(
            versions[1].values.as_ref().unwrap().status,
            Some(Status::Active)
        );
        assert_eq!(history.commit_dates["a.md"].to_string(), "2025-03-01");
    }
}
