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

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A built site in memory: output path (`a/index.html`) to contents.
/// Shared, so a new snapshot with a few changed files costs little.
pub type Files = HashMap<String, Kept>;

/// Deflate's preset dictionary: one ordinary page of the site. Pages share
/// their head, navigation and footer, so against it a page deflates about
/// tenfold rather than fourfold (bench/README.md).
pub type Dictionary = Arc<[u8]>;

/// How hard to deflate. With a dictionary, level 4 keeps 100,000 pages in
/// 30 % less memory than level 1 for a fifth more CPU; level 6 saves
/// little more and costs more again (bench/README.md).
const LEVEL: u32 = 4;

/// A file as the preview keeps it: deflated when that makes it smaller,
/// and inflated when it is served.
#[derive(Clone, Debug)]
pub struct Kept {
    bytes: Arc<[u8]>,
    coding: Coding,
}

#[derive(Clone, Debug)]
enum Coding {
    Stored,
    Deflated(Option<Dictionary>),
}

impl Kept {
    pub fn new(bytes: &[u8]) -> Kept {
        Kept::against(bytes, None)
    }

    /// Keeps `bytes`, deflated against `dictionary` when there is one.
    fn against(bytes: &[u8], dictionary: Option<&Dictionary>) -> Kept {
        match deflate(bytes, dictionary.map(|d| &d[..])) {
            Some(smaller) => Kept {
                bytes: smaller.into(),
                coding: Coding::Deflated(dictionary.cloned()),
            },
            None => Kept {
                bytes: Arc::from(bytes),
                coding: Coding::Stored,
            },
        }
    }

    /// The file's contents.
    pub fn bytes(&self) -> Arc<[u8]> {
        match &self.coding {
            Coding::Stored => Arc::clone(&self.bytes),
            // Inflating what this process deflated cannot fail.
            Coding::Deflated(dictionary) => inflate(&self.bytes, dictionary.as_deref())
                .expect("kept bytes inflate")
                .into(),
        }
    }
}

/// Two kept files are equal when their contents are, however deflated.
impl PartialEq for Kept {
    fn eq(&self, other: &Kept) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for Kept {}

/// `bytes` deflated (raw, no header), or `None` when that is no smaller.
fn deflate(bytes: &[u8], dictionary: Option<&[u8]>) -> Option<Vec<u8>> {
    let mut stream = Compress::new(Compression::new(LEVEL), false);
    if let Some(dictionary) = dictionary {
        stream.set_dictionary(dictionary).ok()?;
    }
    let mut out = Vec::with_capacity(bytes.len() / 8 + 64);
    loop {
        let read = usize::try_from(stream.total_in()).ok()?;
        let status = stream
            .compress_vec(&bytes[read..], &mut out, FlushCompress::Finish)
            .ok()?;
        if status == Status::StreamEnd {
            return (out.len() < bytes.len()).then_some(out);
        }
        if out.len() >= bytes.len() {
            return None;
        }
        out.reserve(out.capacity());
    }
}

/// What [`deflate`] made, inflated again with the same dictionary.
fn inflate(bytes: &[u8], dictionary: Option<&[u8]>) -> io::Result<Vec<u8>> {
    let mut stream = Decompress::new(false);
    if let Some(dictionary) = dictionary {
        stream
            .set_dictionary(dictionary)
            .map_err(io::Error::other)?;
    }
    let mut out = Vec::with_capacity(bytes.len() * 8);
    loop {
        let read = usize::try_from(stream.total_in()).map_err(io::Error::other)?;
        let written = out.len();
        let status = stream
            .decompress_vec(&bytes[read..], &mut out, FlushDecompress::Finish)
            .map_err(io::Error::other)?;
        if status == Status::StreamEnd {
            return Ok(out);
        }
        let stuck = out.len() == written && usize::try_from(stream.total_in()) == Ok(read);
        if stuck && out.len() < out.capacity() {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "truncated"));
        }
        out.reserve(out.capacity());
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
    /// The first ordinary page written, which later files deflate against.
    dictionary: OnceLock<Dictionary>,
}

/// A page below the home page and of at most this size is taken as the
/// dictionary: list pages, larger, have less in common with the rest.
const DICTIONARY_BYTES: usize = 32 * 1024;

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
        let ordinary = path.ends_with("/index.html") && bytes.len() <= DICTIONARY_BYTES;
        let dictionary = match self.dictionary.get() {
            None if ordinary => Some(self.dictionary.get_or_init(|| Arc::from(bytes))),
            dictionary => dictionary,
        };
        // Deflated before the lock is taken, so threads deflate side by side.
        let kept = Kept::against(bytes, dictionary);
        self.files
            .lock()
            .map_err(|_| io::Error::other("a render thread panicked"))?
            .insert(path.to_string(), kept);
        Ok(())
    }
}

impl MemorySink {
    /// A sink whose files deflate against an earlier build's dictionary, so
    /// the pages of an incremental update are kept as small.
    pub fn continuing(dictionary: Option<Dictionary>) -> MemorySink {
        let sink = MemorySink::default();
        if let Some(dictionary) = dictionary {
            let _ = sink.dictionary.set(dictionary);
        }
        sink
    }

    pub fn dictionary(&self) -> Option<Dictionary> {
        self.dictionary.get().cloned()
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A page as the theme writes them: shared chrome around its own text.
    fn page(text: &str) -> String {
        let nav: String = (0..200)
            .map(|i| format!("<li><a href=\"/level-{i}/\">Level {i}</a></li>\n"))
            .collect();
        format!(
            "<!doctype html><html><head><title>{text}</title></head><body><nav><ul>{nav}</ul></nav><main><h1>{text}</h1><p>{text}</p></main></body></html>"
        )
    }

    fn kept_size(files: &Files, path: &str) -> usize {
        files[path].bytes.len()
    }

    #[test]
    fn kept_files_come_back_as_written() {
        for bytes in [page("Sprint 4").into_bytes(), b"tiny".to_vec(), Vec::new()] {
            assert_eq!(&Kept::new(&bytes).bytes()[..], &bytes[..]);
        }
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        let kept = Kept::new(&noise);
        assert!(matches!(kept.coding, Coding::Stored), "no smaller deflated");
        assert_eq!(&kept.bytes()[..], &noise[..]);
    }

    #[test]
    fn pages_deflate_against_the_first_ordinary_page() {
        let sink = MemorySink::default();
        sink.write("index.html", page("Home").as_bytes()).unwrap();
        assert!(sink.dictionary().is_none(), "the home page is not taken");
        sink.write("a/index.html", page("Sprint 1").as_bytes())
            .unwrap();
        sink.write("b/index.html", page("Sprint 2").as_bytes())
            .unwrap();
        assert_eq!(
            sink.dictionary().as_deref(),
            Some(page("Sprint 1").as_bytes())
        );
        let files = sink.into_files();
        assert_eq!(
            &files["b/index.html"].bytes()[..],
            page("Sprint 2").as_bytes()
        );
        assert!(
            kept_size(&files, "b/index.html") * 4 < kept_size(&files, "index.html"),
            "{} against {}",
            kept_size(&files, "b/index.html"),
            kept_size(&files, "index.html")
        );
    }

    #[test]
    fn a_continuing_sink_keeps_the_earlier_dictionary() {
        let first = MemorySink::default();
        first
            .write("a/index.html", page("Sprint 1").as_bytes())
            .unwrap();
        let update = MemorySink::continuing(first.dictionary());
        update
            .write("b/index.html", page("Sprint 2").as_bytes())
            .unwrap();
        assert_eq!(update.dictionary(), first.dictionary());
        let files = update.into_files();
        assert_eq!(
            &files["b/index.html"].bytes()[..],
            page("Sprint 2").as_bytes()
        );
        assert_eq!(
            files["b/index.html"],
            Kept::new(page("Sprint 2").as_bytes()),
            "equal by contents"
        );
    }
}
