//! Writing the built site without ever losing the previous one.
//!
//! Files go into a staging folder beside the output; only a complete build
//! is swapped in ([`Staging`]). A marker file says "Strata made this
//! folder": Strata replaces only folders carrying it, and refuses outputs
//! that would overwrite the site's sources ([`guard()`]).

mod guard;
mod staging;

pub use guard::guard;
pub use staging::Staging;

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A built site in memory: output path (`a/index.html`) to contents.
/// Shared bytes, so a new snapshot with a few changed files costs little.
pub type Files = HashMap<String, Arc<[u8]>>;

/// Present in every output folder Strata created.
pub const MARKER: &str = ".strata-output";

/// Where rendered files go: a staging folder, or memory for `serve`.
pub trait Sink: Sync {
    /// `path` is relative to the output root, `/`-separated.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Writes what `fill` produces. The staging folder streams it to the
    /// file, so an export of megabytes (`plan.json`) is never held whole;
    /// by default it is gathered first.
    fn write_from(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(path, &bytes)
    }
}

/// Files kept in memory, by site path relative to the root (`a/index.html`).
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<Files>,
}

/// Refuses any path that could leave the output folder.
fn contained(path: &str) -> io::Result<&str> {
    if crate::urls::is_contained(path) {
        Ok(path)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("'{path}' is not a path inside the output"),
        ))
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let path = contained(path)?;
        self.files
            .lock()
            .map_err(|_| io::Error::other("a render thread panicked"))?
            .insert(path.to_string(), Arc::from(bytes));
        Ok(())
    }
}

impl MemorySink {
    pub fn into_files(self) -> Files {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Why an output folder was refused.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site into {path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `path` made absolute against the working directory, without touching
/// the disk: `..` stays as written, to be resolved by the filesystem.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
