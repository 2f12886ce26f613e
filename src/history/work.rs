//! A plan's [`Timeline`] from its versions: since when it has served its
//! current parent and how its status changed, commit by commit. From it a
//! sprint without daily figures gets its burnup rebuilt
//! ([`crate::planning::rebuilt`]), without planning reading git.

use super::{FileHistory, History, PlanValues};
use crate::content::Page;
use crate::planning::rebuilt::Timeline;
use crate::urls::parent_dir;

/// The timeline of `page`, when git knows its file.
pub fn timeline(history: &History, page: &Page) -> Option<Timeline> {
    let file = history.file(&page.source)?;
    let current = PlanValues::of(&page.fm);
    let date = |i: usize| history.commits[file.versions[i].commit].date;
    let mut statuses = Vec::new();
    for i in 0..file.versions.len() {
        let Some(values) = file.values(i, &current) else {
            continue;
        };
        if statuses.last().map(|(_, status)| status) != Some(&values.status) {
            statuses.push((date(i), values.status));
        }
    }
    let attached = date(attached_since(file, &current, &page.source)?);
    Some(Timeline { attached, statuses })
}

/// The first version of the latest run in which the file served the
/// parent it serves now: the same `parent:` and, without one (its folder
/// is its parent), no move from another folder. Versions whose
/// frontmatter could not be read neither break nor start a run.
fn attached_since(file: &FileHistory, current: &PlanValues, source: &str) -> Option<usize> {
    let mut path = source.to_string();
    let mut since = None;
    for (i, version) in file.versions.iter().enumerate().rev() {
        match file.values(i, current) {
            Some(values) if values.parent != current.parent => break,
            Some(_) => since = Some(i),
            None => {}
        }
        if let Some(from) = &version.renamed_from {
            if current.parent.is_none() && parent_dir(from) != parent_dir(&path) {
                break;
            }
            path.clone_from(from);
        }
    }
    since
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Version;

    fn version(renamed_from: Option<&str>, parent: Option<&str>) -> Version {
        Version {
            commit: 0,
            renamed_from: renamed_from.map(str::to_string),
            values: Some(PlanValues {
                parent: parent.map(str::to_string),
                ..PlanValues::default()
            }),
        }
    }

    fn file(versions: Vec<Version>) -> FileHistory {
        FileHistory {
            versions,
            unchanged: false,
        }
    }

    #[test]
    fn attached_since_the_parent_was_last_set() {
        let now = PlanValues {
            parent: Some("s2".into()),
            ..PlanValues::default()
        };
        let moved = file(vec![
            version(None, Some("s1")),
            version(None, Some("s2")),
            version(None, Some("s2")),
        ]);
        assert_eq!(attached_since(&moved, &now, "w.md"), Some(1));
        let elsewhere = file(vec![version(None, Some("s1"))]);
        assert_eq!(attached_since(&elsewhere, &now, "w.md"), None);
    }

    #[test]
    fn a_folder_parent_counts_from_the_move_into_the_folder() {
        let now = PlanValues::default();
        let moved = file(vec![
            version(None, None),
            version(Some("s1/w.md"), None),
            version(Some("s2/old.md"), None),
            version(None, None),
        ]);
        assert_eq!(attached_since(&moved, &now, "s2/w.md"), Some(1));
    }
}
