//! Watching the site's sources and turning file events into rebuilds.
//!
//! [`classify`] is the single, pure decision of what a changed path means;
//! everything it returns `None` for (editor swap and temp files, hidden
//! files, the output folder, anything outside the source folders) never
//! causes a rebuild.
//!
//! What is watched: the site root *non-recursively* (that catches
//! `strata.yaml`, including editors' atomic saves that replace it, and the
//! source folders appearing or disappearing) plus each source folder
//! (`content/`, `templates/`, `static/`, `themes/`) recursively, so folders
//! created later inside them are picked up. Watching the whole root
//! recursively would also watch `target/`, `.git/` and `public/` when the
//! site lives in a code repository (this one does), costing thousands of
//! inotify watches and a flood of irrelevant events. A source folder that is
//! deleted and created again is watched again ([`Sources::rewatch`]).
//!
//! Native watching (inotify, FSEvents, ...) can fail, e.g. when the inotify
//! watch limit is reached; then the watcher says so and falls back to
//! polling. `STRATA_WATCHER=poll` forces polling (network drives, some
//! container bind mounts deliver no native events).

use crate::config::CONFIG_FILE;
use crate::content::load::is_ignored;
use crate::diagnostics::error_chain;
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{Event, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Quiet time after the last relevant event before rebuilding: editors
/// write a file in several steps (temp file, rename, chmod).
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// A burst of events never delays a rebuild longer than this.
const MAX_DELAY: Duration = Duration::from_secs(1);

/// How often the fallback watcher scans the sources.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The folders below the site root whose contents are sources.
pub const SOURCE_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

/// What a changed path is, for the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Markdown or an asset under `content/`.
    Content,
    /// A template of the site or of a theme.
    Template,
    /// A file copied as is: `static/` or a theme's `static/`.
    Static,
    /// `strata.yaml`.
    Config,
}

impl Change {
    pub fn describe(self) -> &'static str {
        match self {
            Change::Content => "content",
            Change::Template => "templates",
            Change::Static => "static files",
            Change::Config => "configuration",
        }
    }
}

/// What a change to `path` (relative to the site root) means, or `None`
/// when it is not a source of the site.
pub fn classify(path: &Path) -> Option<Change> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => parts.push(name.to_str()?),
            Component::CurDir => {}
            // Absolute or climbing paths are not below the root.
            _ => return None,
        }
    }
    let (first, rest) = parts.split_first()?;
    if parts.iter().any(|name| is_editor_file(name)) {
        return None;
    }
    match (*first, rest) {
        (name, []) if name == CONFIG_FILE => Some(Change::Config),
        ("content", _) => Some(Change::Content),
        ("templates", _) => Some(Change::Template),
        ("static", _) => Some(Change::Static),
        // themes/<name>/static/... is copied; everything else is templates.
        ("themes", [_, "static", ..]) => Some(Change::Static),
        ("themes", _) => Some(Change::Template),
        _ => None,
    }
}

/// Hidden files and the temp, swap and backup files editors write beside
/// the real one: vim `.x.swp`/`.swo`/`4913`, emacs `#x#`/`.#x`/`x~`,
/// JetBrains `x___jb_tmp___`, kate `x.kate-swp`.
fn is_editor_file(name: &str) -> bool {
    is_ignored(name)
        || name.ends_with(".kate-swp")
        || name.ends_with(".swo")
        || name.ends_with(".swn")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// A batch of changes, debounced.
#[derive(Debug, Default)]
pub struct Batch {
    pub changes: BTreeSet<Change>,
    /// Relative paths of the relevant changes, for the terminal.
    pub paths: BTreeSet<PathBuf>,
    /// Source folders (or the root) whose watch may need renewing.
    pub top_level: BTreeSet<PathBuf>,
}

impl Batch {
    fn add(&mut self, root: &Path, event: &Event) -> bool {
        if !changes_files(&event.kind) {
            return false;
        }
        let mut relevant = false;
        for path in &event.paths {
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            if let Some(change) = classify(relative) {
                relevant = true;
                self.changes.insert(change);
                self.paths.insert(relative.to_path_buf());
                let mut components = relative.components();
                if let (Some(first), None) = (components.next(), components.next())
                    && SOURCE_DIRS.iter().any(|d| first.as_os_str() == *d)
                {
                    self.top_level.insert(path.clone());
                }
            }
        }
        relevant
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// `content/a.md, strata.yaml and 3 more`.
    pub fn summary(&self) -> String {
        const SHOWN: usize = 3;
        let mut names: Vec<String> = self
            .paths
            .iter()
            .take(SHOWN)
            .map(|p| crate::diagnostics::display_path(p))
            .collect();
        if self.paths.len() > SHOWN {
            names.push(format!("{} more", self.paths.len() - SHOWN));
        }
        names.join(", ")
    }
}

/// Whether an event kind can change what a build produces. Reading a file
/// (as the build itself does) is an access event, and must not trigger
/// another build.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Any
        | EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Other => true,
    }
}

/// What the watcher reports: a change, or trouble watching.
pub type Signal = notify::Result<Event>;

/// The watcher and the set of source folders it currently watches.
pub struct Sources {
    root: PathBuf,
    watcher: Box<dyn Watcher + Send>,
    /// `true` when polling rather than native events.
    pub polling: bool,
}

impl Sources {
    /// Starts watching `root`; events go to `tx`. Falls back to polling
    /// when native watching fails, and says why on stderr.
    pub fn start(root: &Path, tx: &Sender<Signal>) -> notify::Result<Sources> {
        // Events carry paths as watched; an absolute, canonical root makes
        // them comparable with it whatever `--root` was given.
        let canonical = root.canonicalize().map_err(notify::Error::io)?;
        let root = canonical.as_path();
        let forced = std::env::var("STRATA_WATCHER").is_ok_and(|v| v == "poll");
        if !forced {
            match RecommendedWatcher::new(forward(tx), notify::Config::default())
                .and_then(|watcher| Sources::watching(root, watcher, false))
            {
                Ok(sources) => return Ok(sources),
                Err(err) => warn_fallback(&err),
            }
        }
        // notify's poller compares modification times in whole seconds, so
        // an edit within the second of the last scan would go unseen
        // without comparing contents too.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        Sources::watching(root, PollWatcher::new(forward(tx), config)?, true)
    }

    fn watching(
        root: &Path,
        watcher: impl Watcher + Send + 'static,
        polling: bool,
    ) -> notify::Result<Sources> {
        let mut sources = Sources {
            root: root.to_path_buf(),
            watcher: Box::new(watcher),
            polling,
        };
        sources.watch_all()?;
        Ok(sources)
    }

    fn watch_all(&mut self) -> notify::Result<()> {
        self.watcher
            .watch(&self.root, RecursiveMode::NonRecursive)?;
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() {
                self.watcher.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// Renews the watch on source folders that were created, deleted or
    /// replaced: a watch follows the old folder, not the name.
    pub fn rewatch(&mut self, folders: &BTreeSet<PathBuf>) {
        for path in folders {
            // Removing a watch on a folder that is gone may fail; that is fine.
            let _ = self.watcher.unwatch(path);
            if path.is_dir()
                && let Err(err) = self.watcher.watch(path, RecursiveMode::Recursive)
            {
                eprintln!(
                    "warning: cannot watch {}: {}",
                    path.display(),
                    error_chain(&err, ": ")
                );
            }
        }
    }

    /// Blocks until a debounced batch of relevant changes is ready.
    /// Returns `None` when every sender is gone.
    pub fn next_batch(&self, rx: &Receiver<Signal>) -> Option<Batch> {
        let mut batch = Batch::default();
        let mut first = None;
        let mut last = Instant::now();
        loop {
            let signal = match first {
                None => rx.recv().ok()?,
                Some(started) => {
                    let now = Instant::now();
                    let quiet_until = (last + DEBOUNCE).min(started + MAX_DELAY);
                    if now >= quiet_until {
                        return Some(batch);
                    }
                    match rx.recv_timeout(quiet_until - now) {
                        Ok(signal) => signal,
                        Err(RecvTimeoutError::Timeout) => return Some(batch),
                        Err(RecvTimeoutError::Disconnected) => return None,
                    }
                }
            };
            match signal {
                Ok(event) => {
                    if batch.add(&self.root, &event) {
                        last = Instant::now();
                        first.get_or_insert(last);
                    }
                }
                Err(err) => report_watch_error(&err),
            }
        }
    }
}

fn forward(tx: &Sender<Signal>) -> impl Fn(Signal) + Send + 'static {
    let tx = tx.clone();
    // The receiver is gone only when serving ends.
    move |event| drop(tx.send(event))
}

fn warn_fallback(err: &notify::Error) {
    let hint = if matches!(err.kind, notify::ErrorKind::MaxFilesWatch) {
        " (raise fs.inotify.max_user_watches to use native events)"
    } else {
        ""
    };
    eprintln!(
        "warning: cannot watch files natively: {}{hint}; polling for changes every {} ms instead",
        error_chain(err, ": "),
        POLL_INTERVAL.as_millis()
    );
}

fn report_watch_error(err: &notify::Error) {
    let paths: Vec<String> = err.paths.iter().map(|p| p.display().to_string()).collect();
    let place = if paths.is_empty() {
        String::new()
    } else {
        format!(" ({})", paths.join(", "))
    };
    eprintln!("warning: file watching: {}{place}", error_chain(err, ": "));
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode};

    fn change(path: &str) -> Option<Change> {
        classify(Path::new(path))
    }

    #[test]
    fn sources_by_folder() {
        assert_eq!(change("content/a.md"), Some(Change::Content));
        assert_eq!(change("content/x/diagram.png"), Some(Change::Content));
        assert_eq!(change("content"), Some(Change::Content));
        assert_eq!(change("templates/page.html"), Some(Change::Template));
        assert_eq!(change("static/site.css"), Some(Change::Static));
        assert_eq!(
            change("themes/t/templates/base.html"),
            Some(Change::Template)
        );
        assert_eq!(change("themes/t/static/a.css"), Some(Change::Static));
        assert_eq!(change("themes"), Some(Change::Template));
        assert_eq!(change("strata.yaml"), Some(Change::Config));
        assert_eq!(change("./content/a.md"), Some(Change::Content));
    }

    #[test]
    fn output_and_other_folders_are_ignored() {
        assert_eq!(change("public/index.html"), None);
        assert_eq!(change("public"), None);
        assert_eq!(change("target/debug/strata"), None);
        assert_eq!(change(".git/index"), None);
        assert_eq!(change("README.md"), None);
        assert_eq!(change("content/strata.yaml"), Some(Change::Content));
        assert_eq!(change("sub/strata.yaml"), None);
        assert_eq!(change(""), None);
        assert_eq!(change("/etc/passwd"), None);
        assert_eq!(change("../content/a.md"), None);
    }

    #[test]
    fn editor_temp_and_swap_files_are_ignored() {
        for name in [
            "content/.a.md.swp",
            "content/.a.md.swx",
            "content/a.md.swp",
            "content/.a.md.swo",
            "content/a.md~",
            "content/#a.md#",
            "content/.#a.md",
            "content/4913",
            "content/a.md___jb_tmp___",
            "content/a.md___jb_old___",
            "content/a.md.kate-swp",
            "content/.hidden/a.md",
            "content/.DS_Store",
            "templates/.page.html.swp",
            ".strata.yaml.swp",
            "strata.yaml~",
            ".#strata.yaml",
        ] {
            assert_eq!(change(name), None, "{name}");
        }
    }

    #[test]
    fn batch_collects_relevant_paths_and_top_level_folders() {
        let root = Path::new("/site");
        let mut batch = Batch::default();
        let event = |paths: &[&str]| Event {
            paths: paths.iter().map(PathBuf::from).collect(),
            ..Event::default()
        };
        let read = Event {
            kind: EventKind::Access(AccessKind::Close(AccessMode::Read)),
            ..event(&["/site/content/a.md"])
        };
        assert!(!batch.add(root, &read));
        assert!(!batch.add(root, &event(&["/site/content/.a.md.swp"])));
        assert!(!batch.add(root, &event(&["/elsewhere/content/a.md"])));
        assert!(batch.is_empty());
        assert!(batch.add(
            root,
            &event(&["/site/content/a.md.tmp", "/site/content/a.md"])
        ));
        assert!(batch.add(root, &event(&["/site/content"])));
        assert!(batch.add(root, &event(&["/site/strata.yaml"])));
        assert_eq!(
            batch.changes.iter().copied().collect::<Vec<_>>(),
            [Change::Content, Change::Config]
        );
        assert_eq!(
            batch.top_level.iter().collect::<Vec<_>>(),
            [Path::new("/site/content")]
        );
        assert_eq!(batch.summary(), "content, content/a.md, strata.yaml");
    }
}
