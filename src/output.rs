//! Writing the built site without ever losing the previous one.
//!
//! Files go into a staging folder beside the output; only a complete build
//! is swapped in. A marker file says "Strata made this folder": Strata
//! replaces only folders carrying it, and refuses outputs that would
//! overwrite the site's sources.

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

/// Checks, before anything is written, that `output` may be (re)placed.
pub fn guard(root: &Path, output: &Path) -> Result<(), OutputError> {
    let refuse = |reason: &str| {
        Err(OutputError::Refused {
            path: output.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    let root = absolute(root);
    let out = absolute(output);
    let protected = ["content", "templates", "static", "themes"].map(|d| root.join(d));
    if out == root {
        return refuse("it is the site root; choose a folder such as public/");
    }
    for dir in &protected {
        if out == *dir || out.starts_with(dir) {
            return refuse(&format!("it is inside the source folder {}", dir.display()));
        }
    }
    if root.starts_with(&out) {
        return refuse("it contains the site's sources");
    }
    if out.exists() {
        if !out.is_dir() {
            return refuse("it is a file, not a folder");
        }
        let empty = std::fs::read_dir(&out)
            .map_err(io_error(&out))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).exists() {
            return refuse(
                "it is a non-empty folder that Strata did not create; empty it or choose another --output",
            );
        }
    }
    Ok(())
}

/// Lexically absolute, `.` and `..` folded, without touching the disk.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A folder beside the output that receives the new build.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        let output = absolute(output);
        let name = output
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
        std::fs::create_dir(&dir).map_err(io_error(&dir))?;
        std::fs::write(
            dir.join(MARKER),
            b"This folder was created by strata build and is replaced on every build.\n",
        )
        .map_err(io_error(&dir))?;
        Ok(Staging { dir, output })
    }

    /// Swaps the staging folder in place of the output.
    pub fn commit(self) -> Result<(), OutputError> {
        let old = self
            .dir
            .with_extension(format!("old-{}", std::process::id()));
        if self.output.exists() {
            std::fs::rename(&self.output, &old).map_err(io_error(&self.output))?;
        }
        if let Err(source) = std::fs::rename(&self.dir, &self.output) {
            let _ = std::fs::rename(&old, &self.output);
            let _ = std::fs::remove_dir_all(&self.dir);
            return Err(OutputError::Io {
                path: self.output.clone(),
                source,
            });
        }
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io_error(&old))?;
        }
        Ok(())
    }

    /// Removes the staging folder after a failed build.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let file = self.dir.join(contained(path)?);
        match std::fs::write(&file, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = file.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&file, bytes)
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_sources_and_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        assert!(guard(root, root).is_err());
        assert!(guard(root, &root.join("content")).is_err());
        assert!(guard(root, &root.join("static/x")).is_err());
        assert!(guard(root, root.parent().unwrap()).is_err());
        assert!(guard(root, &root.join("public")).is_ok());
        std::fs::create_dir(root.join("foreign")).unwrap();
        std::fs::write(root.join("foreign/a.txt"), "x").unwrap();
        assert!(guard(root, &root.join("foreign")).is_err());
    }

    #[test]
    fn staging_swaps_in_and_keeps_marker() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.write("a/index.html", b"hi").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"hi");
        assert!(out.join(MARKER).exists());
        assert!(guard(tmp.path(), &out).is_ok());
    }
}
