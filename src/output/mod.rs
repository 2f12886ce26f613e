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
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A built site in memory: output path (`a/index.html`) to contents.
/// Shared, so a new snapshot with a few changed files costs little.
pub type Files = HashMap<String, Kept>;

/// A file as the preview keeps it: deflated when that makes it smaller.
/// HTML shrinks tenfold, so a 100,000-page site's 1.5 GB of pages is held
/// in under 200 MB (bench/README.md); a page is inflated when it is served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    bytes: Arc<[u8]>,
    deflated: bool,
}

impl Kept {
    pub fn new(bytes: &[u8]) -> Kept {
        let mut encoder = flate2::write::DeflateEncoder::new(
            Vec::with_capacity(bytes.len() / 4),
            flate2::Compression::fast(),
        );
        let deflated = encoder.write_all(bytes).and_then(|()| encoder.finish());
        match deflated {
            Ok(smaller) if smaller.len() < bytes.len() => Kept {
                bytes: smaller.into(),
                deflated: true,
            },
            _ => Kept {
                bytes: Arc::from(bytes),
                deflated: false,
            },
        }
    }

    /// The file's contents.
    pub fn bytes(&self) -> Arc<[u8]> {
        if !self.deflated {
            return Arc::clone(&self.bytes);
        }
        let mut out = Vec::with_capacity(self.bytes.len() * 8);
        // Inflating what this process deflated cannot fail.
        flate2::read::DeflateDecoder::new(&self.bytes[..])
            .read_to_end(&mut out)
            .expect("kept bytes inflate");
        out.into()
    }
}

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
        // Deflated before the lock is taken, so threads deflate side by side.
        let kept = Kept::new(bytes);
        self.files
            .lock()
            .map_err(|_| io::Error::other("a render thread panicked"))?
            .insert(path.to_string(), kept);
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
