//! Reading the site's git repository: the one place that runs `git`.
//!
//! A build reads the log once, in one pass over every commit that touched
//! `content/` ([`read_log`]), and then the file versions it needs in one
//! `git cat-file --batch` ([`read_blobs`]). Everything here is optional: a
//! site outside git, a shallow clone or a machine without git gets
//! [`Unavailable`] and builds as before.

use crate::dates::Date;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Dates of the last git commit per content path, when the site is in git.
pub type CommitDates = HashMap<String, Date>;

/// Why the history cannot be read; said once per build, never an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unavailable(pub &'static str);

/// One commit that touched `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    pub date: Date,
    pub author: String,
    pub subject: String,
}

/// One markdown file changed by a commit, as `git log --raw` tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Index into [`Log::commits`].
    pub commit: usize,
    /// Path under `content/` after the commit.
    pub path: String,
    pub action: Action,
    /// The file's blob after the commit (absent when deleted).
    pub blob: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Added,
    Modified,
    Deleted,
    /// Renamed from this path under `content/`.
    Renamed(String),
}

/// The log of `content/`, newest commit first.
#[derive(Debug, Default)]
pub struct Log {
    pub head: String,
    pub commits: Vec<Commit>,
    pub changes: Vec<FileChange>,
}

/// The current HEAD, if the site is in a full (not shallow) git clone.
pub fn head(root: &Path) -> Result<String, Unavailable> {
    let out = git(root, &["rev-parse", "--is-shallow-repository", "HEAD"]).ok_or(Unavailable(
        "the site is not in a git repository with commits, or git is not installed",
    ))?;
    let mut lines = out.lines();
    if lines.next() == Some("true") {
        return Err(Unavailable(
            "the site is in a shallow clone (fetch the full history with `git fetch --unshallow`)",
        ));
    }
    lines
        .next()
        .map(str::to_string)
        .ok_or(Unavailable("git did not name the current commit"))
}

/// Every commit that touched a markdown file under `content/`, with the
/// files it changed, renames detected.
pub fn read_log(root: &Path) -> Result<Log, Unavailable> {
    let head = head(root)?;
    let args = [
        // Names as they are, not quoted and escaped.
        "-c",
        "core.quotePath=false",
        "log",
        "--format=%x1e%H%x1f%cs%x1f%an%x1f%s",
        "--raw",
        "-M",
        "--no-abbrev",
        // Paths from the site's root, when it is a folder of the repository.
        "--relative",
        "--",
        "content",
    ];
    let text = git(root, &args).ok_or(Unavailable("git log failed"))?;
    let mut log = parse_log(&text);
    log.head = head;
    Ok(log)
}

/// Parses `git log` output in the format [`read_log`] asks for.
fn parse_log(text: &str) -> Log {
    let mut log = Log::default();
    for line in text.lines() {
        if let Some(header) = line.strip_prefix('\x1e') {
            let mut fields = header.split('\x1f');
            let (Some(id), Some(date), Some(author), subject) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Some(date) = crate::dates::parse_date(date) else {
                continue;
            };
            log.commits.push(Commit {
                id: id.into(),
                date,
                author: author.into(),
                subject: subject.unwrap_or_default().into(),
            });
        } else if let Some(change) = line.strip_prefix(':')
            && let Some(commit) = log.commits.len().checked_sub(1)
            && let Some(change) = parse_raw(commit, change)
        {
            log.changes.push(change);
        }
    }
    log
}

/// One `--raw` line without its leading colon:
/// `100644 100644 OLD NEW M\tcontent/a.md` or `... R090\tcontent/a.md\tcontent/b.md`.
fn parse_raw(commit: usize, line: &str) -> Option<FileChange> {
    let (meta, paths) = line.split_once('\t')?;
    let fields: Vec<&str> = meta.split(' ').collect();
    let [_, _, _, new, status] = fields[..] else {
        return None;
    };
    let mut paths = paths.split('\t').map(|p| p.strip_prefix("content/"));
    let first = paths.next()??;
    let (path, action) = match status.chars().next()? {
        'A' => (first, Action::Added),
        'D' => (first, Action::Deleted),
        'R' => (paths.next()??, Action::Renamed(first.into())),
        _ => (first, Action::Modified),
    };
    if !path.ends_with(".md") {
        return None;
    }
    let blob = (action != Action::Deleted && new.bytes().any(|b| b != b'0')).then(|| new.into());
    Some(FileChange {
        commit,
        path: path.into(),
        action,
        blob,
    })
}

/// The text of each blob, by id, from one `git cat-file --batch`.
/// Blobs that cannot be read are left out.
pub fn read_blobs(root: &Path, ids: &[&str]) -> HashMap<String, String> {
    let mut blobs = HashMap::with_capacity(ids.len());
    if ids.is_empty() {
        return blobs;
    }
    let Ok(mut child) = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return blobs;
    };
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return blobs;
    };
    let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
    // Write from another thread: git answers while it reads, and a full
    // pipe on both sides would wait forever.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(stdout);
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 0) {
        let mut fields = header.split_whitespace();
        let (Some(id), Some("blob"), Some(size)) = (fields.next(), fields.next(), fields.next())
        else {
            header.clear();
            continue;
        };
        let id = id.to_string();
        let Ok(size) = size.parse::<usize>() else {
            break;
        };
        let mut bytes = vec![0; size + 1];
        if reader.read_exact(&mut bytes).is_err() {
            break;
        }
        bytes.pop();
        blobs.insert(id, String::from_utf8_lossy(&bytes).into_owned());
        header.clear();
    }
    let _ = writer.join();
    let _ = child.wait();
    blobs
}

/// What `git ARGS` prints in `root`, if it succeeds.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_lines() {
        let z = "0".repeat(40);
        let b = "b".repeat(40);
        let change = |line: &str| parse_raw(3, line);
        assert_eq!(
            change(&format!("100644 100644 {z} {b} M\tcontent/a.md")),
            Some(FileChange {
                commit: 3,
                path: "a.md".into(),
                action: Action::Modified,
                blob: Some(b.clone())
            })
        );
        let renamed = change(&format!(
            "100644 100644 {b} {b} R093\tcontent/a.md\tcontent/x/b.md"
        ))
        .unwrap();
        assert_eq!(
            (renamed.path.as_str(), renamed.action),
            ("x/b.md", Action::Renamed("a.md".into()))
        );
        let deleted = change(&format!("100644 000000 {b} {z} D\tcontent/a.md")).unwrap();
        assert_eq!((deleted.action, deleted.blob), (Action::Deleted, None));
        assert_eq!(
            change(&format!("100644 100644 {z} {b} M\tcontent/a.png")),
            None
        );
        assert_eq!(change("garbage"), None);
    }

    #[test]
    fn log_text() {
        let b = "b".repeat(40);
        let text = format!(
            "\x1eabc\x1f2026-11-18\x1fAda\x1fMove the end\n\n:100644 100644 {b} {b} M\tcontent/a.md\n\x1edef\x1f2026-11-01\x1fGrace\x1f\n"
        );
        let log = parse_log(&text);
        assert_eq!(log.commits.len(), 2);
        assert_eq!(log.commits[0].subject, "Move the end");
        assert_eq!(log.commits[1].author, "Grace");
        assert_eq!(log.changes.len(), 1);
        assert_eq!(log.changes[0].commit, 0);
    }
}
