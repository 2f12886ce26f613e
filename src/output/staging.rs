//! The staging folder a build writes into, and the swap that puts it in
//! place of the output.
//!
//! A build stages into `.<output>.staging-<pid>` beside the output. Its
//! marker file is locked for as long as the build runs, so a staging
//! folder, or an old output (`.<output>.old-<pid>`), whose marker nobody
//! holds is a leftover of a build that was killed: the next build removes
//! it. Folders without the marker are never touched, whatever their name.
//! The swap exchanges the two folders in one rename where the system can
//! (`renameat2` with `RENAME_EXCHANGE`), so the output never goes missing;
//! elsewhere it falls back to two renames.

use super::{MARKER, OutputError, Sink, absolute, contained, io_error};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const MARKER_TEXT: &[u8] =
    b"This folder was created by strata build and is replaced on every build.\n";

/// A folder beside the output that receives the new build.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    /// The staging folder's marker, locked while this build runs.
    claim: File,
}

impl Staging {
    /// Removes what killed builds of `output` left behind, then makes a
    /// staging folder for this one.
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        let output = absolute(output);
        let name = output
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        fs::create_dir(&dir).map_err(io_error(&dir))?;
        let claim = claim(&dir).map_err(io_error(&dir))?;
        Ok(Staging { dir, output, claim })
    }

    /// Swaps the staging folder in place of the output, then removes the
    /// previous output.
    pub fn commit(self) -> Result<(), OutputError> {
        let output = &self.output;
        let replaced = if fs::symlink_metadata(output).is_err() {
            fs::rename(&self.dir, output).map_err(io_error(output))?;
            None
        } else if exchange(&self.dir, output).map_err(io_error(output))? {
            Some(self.dir.clone())
        } else {
            Some(swap_in_two_steps(&self.dir, output)?)
        };
        drop(self.claim);
        if let Some(previous) = replaced {
            // The previous output may also be the empty folder a user made.
            if !remove_build_folder(&previous).map_err(io_error(&previous))? {
                let _ = fs::remove_dir(&previous);
            }
        }
        Ok(())
    }

    /// Removes the staging folder after a failed build.
    pub fn abandon(self) {
        drop(self.claim);
        let _ = remove_build_folder(&self.dir);
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let file = self.dir.join(contained(path)?);
        match fs::write(&file, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = file.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&file, bytes)
            }
            other => other,
        }
    }

    fn write_from(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let file = self.dir.join(contained(path)?);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut out = io::BufWriter::new(File::create(&file)?);
        fill(&mut out)?;
        out.flush()
    }
}

/// Writes `dir`'s marker and locks it. The marker is written under another
/// name and renamed once locked, so no one sees it unlocked.
fn claim(dir: &Path) -> io::Result<File> {
    let unready = dir.join(format!("{MARKER}.new"));
    let mut marker = File::create(&unready)?;
    // A file just made is nobody else's: the lock is free.
    try_lock(&marker)?;
    marker.write_all(MARKER_TEXT)?;
    fs::rename(&unready, dir.join(MARKER))?;
    Ok(marker)
}

/// Removes leftovers of earlier builds of the output `name` in `parent`.
/// Best effort: a leftover that cannot be removed now is tried again by
/// the next build, and never fails this one.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| is_leftover(n, name))
        {
            let _ = remove_build_folder(&entry.path());
        }
    }
}

/// Whether `file` is named as a staging folder or old output of `output`.
fn is_leftover(file: &str, output: &str) -> bool {
    let Some(rest) = file
        .strip_prefix('.')
        .and_then(|f| f.strip_prefix(output))
        .and_then(|f| f.strip_prefix('.'))
    else {
        return false;
    };
    ["staging-", "old-"].iter().any(|kind| {
        rest.strip_prefix(kind)
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Removes `dir` if it is a folder Strata made that no running build holds;
/// false when it was left alone. The marker goes last, so a removal cut
/// short is still recognised next time.
fn remove_build_folder(dir: &Path) -> io::Result<bool> {
    let marker = dir.join(MARKER);
    let is_ours = fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file());
    if !is_ours {
        return Ok(false);
    }
    let held = File::open(&marker)?;
    if !try_lock(&held)? {
        return Ok(false);
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    fs::remove_file(&marker)?;
    fs::remove_dir(dir)?;
    Ok(true)
}

/// Locks `file` until it is closed; false when another build holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

/// Without locks, leftovers are told by name and marker alone: two builds
/// of one output at once may remove each other's staging folder.
#[cfg(not(unix))]
fn try_lock(_file: &File) -> io::Result<bool> {
    Ok(true)
}

/// Swaps two folders in one step; `Ok(false)` where the filesystem cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Moves the output aside, then the staging folder in; the output is
/// missing for a moment. Returns where the previous output went.
fn swap_in_two_steps(staging: &Path, output: &Path) -> Result<PathBuf, OutputError> {
    let name = output.file_name().unwrap_or_default().to_string_lossy();
    let old = output.with_file_name(format!(".{name}.old-{}", std::process::id()));
    fs::rename(output, &old).map_err(io_error(output))?;
    if let Err(source) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(OutputError::Io {
            path: output.to_path_buf(),
            source,
        });
    }
    Ok(old)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn build(output: &Path, page: &[u8]) {
        let staging = Staging::new(output).unwrap();
        staging.write("a/index.html", page).unwrap();
        staging.commit().unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn staging_swaps_in_and_keeps_marker() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, b"hi");
        build(&out, b"again");
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"again");
        assert!(out.join(MARKER).exists());
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[test]
    fn leftovers_are_told_by_name_and_marker() {
        assert!(is_leftover(".public.staging-123", "public"));
        assert!(is_leftover(".public.old-7", "public"));
        assert!(!is_leftover(".public.staging-", "public"));
        assert!(!is_leftover(".public.staging-12x", "public"));
        assert!(!is_leftover(".other.old-7", "public"));
        assert!(!is_leftover("public.old-7", "public"));
    }

    #[test]
    fn a_running_build_keeps_its_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let running = Staging::new(&out).unwrap();
        // Another build of the same output, as if by another process.
        assert!(!remove_build_folder(&running.dir).unwrap());
        remove_leftovers(tmp.path(), "public");
        assert!(running.dir.join(MARKER).exists());
        running.abandon();
        assert!(names(tmp.path()).is_empty());
    }

    #[test]
    fn the_output_never_goes_missing_during_a_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let probe = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&probe.0).unwrap();
        fs::create_dir(&probe.1).unwrap();
        if !exchange(&probe.0, &probe.1).unwrap() {
            return; // this filesystem swaps in two steps
        }
        let out = tmp.path().join("public");
        build(&out, b"0");
        let done = Arc::new(AtomicBool::new(false));
        let watcher = {
            let (done, page) = (Arc::clone(&done), out.join("a/index.html"));
            std::thread::spawn(move || {
                let mut looks = 0;
                while !done.load(Ordering::Acquire) {
                    assert!(page.exists(), "the output went missing");
                    looks += 1;
                }
                looks
            })
        };
        for n in 1..50 {
            build(&out, n.to_string().as_bytes());
        }
        done.store(true, Ordering::Release);
        assert!(watcher.join().unwrap() > 0);
    }
}
