//! Which folders `strata build` may replace.
//!
//! Paths are compared as the filesystem sees them: symbolic links and `..`
//! are resolved first, for the output and for every source folder, so an
//! output reached through a link into `content/` is still inside
//! `content/`. An output that does not exist yet is judged by the real
//! path of its nearest existing ancestor, the part below it taken as
//! written.

use super::{MARKER, OutputError, absolute, io_error};
use std::path::{Component, Path, PathBuf};

/// The folders a site is built from, besides its root.
const SOURCES: [&str; 4] = ["content", "templates", "static", "themes"];

/// Checks, before anything is written, that `output` may be (re)placed,
/// and returns the folder it really is: the build goes there.
pub fn guard(root: &Path, output: &Path) -> Result<PathBuf, OutputError> {
    let target = real_path(output);
    let refuse = |reason: String| {
        let through = if target == lexical(&absolute(output)) {
            String::new()
        } else {
            format!(" (it resolves to {})", target.display())
        };
        Err(OutputError::Refused {
            path: output.to_path_buf(),
            reason: format!("{reason}{through}"),
        })
    };
    let site = real_path(root);
    if target == site {
        return refuse("it is the site root; choose a folder such as public/".into());
    }
    for source in SOURCES.map(|name| real_path(&root.join(name))) {
        if target.starts_with(&source) {
            let shown = source.display();
            return refuse(format!("it is inside the source folder {shown}"));
        }
        if source.starts_with(&target) {
            let shown = source.display();
            return refuse(format!("it contains the site's sources ({shown})"));
        }
    }
    if site.starts_with(&target) {
        let shown = site.display();
        return refuse(format!("it contains the site's sources ({shown})"));
    }
    if std::fs::symlink_metadata(output).is_ok() && !target.exists() {
        return refuse("it is a symbolic link to nothing; remove it or fix it".into());
    }
    if target.exists() {
        if !target.is_dir() {
            return refuse("it is a file, not a folder".into());
        }
        let empty = std::fs::read_dir(&target)
            .map_err(io_error(&target))?
            .next()
            .is_none();
        if !empty && !target.join(MARKER).is_file() {
            return refuse(
                "it is a non-empty folder that Strata did not create; empty it or choose another --output"
                    .into(),
            );
        }
    }
    Ok(target)
}

/// Where `path` really is: its nearest existing ancestor with links and
/// `..` resolved by the filesystem, then the rest, which does not exist
/// and so holds no link, with `..` folded.
fn real_path(path: &Path) -> PathBuf {
    let path = absolute(path);
    for existing in path.ancestors() {
        if let Ok(real) = existing.canonicalize() {
            let rest = path.strip_prefix(existing).unwrap_or(Path::new(""));
            return lexical(&real.join(rest));
        }
    }
    lexical(&path)
}

/// `path` with `.` and `..` folded as text.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("content")).unwrap();
        tmp
    }

    fn reason(root: &Path, output: &Path) -> String {
        match guard(root, output) {
            Err(OutputError::Refused { reason, .. }) => reason,
            other => panic!("{} was not refused: {other:?}", output.display()),
        }
    }

    #[test]
    fn refuses_sources_and_root() {
        let tmp = site();
        let root = tmp.path();
        assert!(reason(root, root).contains("site root"));
        assert!(reason(root, &root.join("content")).contains("inside the source folder"));
        assert!(reason(root, &root.join("static/x")).contains("inside the source folder"));
        assert!(reason(root, root.parent().unwrap()).contains("contains the site's sources"));
        assert!(guard(root, &root.join("public")).is_ok());
        std::fs::create_dir(root.join("foreign")).unwrap();
        std::fs::write(root.join("foreign/a.txt"), "x").unwrap();
        assert!(reason(root, &root.join("foreign")).contains("did not create"));
    }

    #[test]
    fn dot_dot_is_resolved_before_comparing() {
        let tmp = site();
        let root = tmp.path();
        let sneaky = root.join("public/../content/public");
        assert!(reason(root, &sneaky).contains("inside the source folder"));
        let sneaky = root.join("not-yet/../content");
        assert!(reason(root, &sneaky).contains("inside the source folder"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_resolved_before_comparing() {
        use std::os::unix::fs::symlink;
        let tmp = site();
        let root = tmp.path();
        symlink(root.join("content"), root.join("out")).unwrap();
        let refused = reason(root, &root.join("out/public"));
        assert!(refused.contains("inside the source folder"), "{refused}");
        assert!(refused.contains("resolves to"), "{refused}");
        assert!(reason(root, &root.join("out")).contains("inside the source folder"));
        // Through a link, `..` climbs from where the link points.
        std::fs::create_dir(root.join("content/sub")).unwrap();
        symlink(root.join("content/sub"), root.join("deep")).unwrap();
        assert!(reason(root, &root.join("deep/../public")).contains("inside the source folder"));
        // A link to a site's own root, and an output that is a broken link.
        symlink(root, root.join("self")).unwrap();
        assert!(reason(root, &root.join("self")).contains("site root"));
        symlink(root.join("missing"), root.join("dangling")).unwrap();
        assert!(reason(root, &root.join("dangling")).contains("to nothing"));
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_source_folder_is_protected_where_it_really_is() {
        use std::os::unix::fs::symlink;
        let elsewhere = tempfile::tempdir().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        symlink(elsewhere.path(), root.join("content")).unwrap();
        let inside = elsewhere.path().join("public");
        assert!(reason(root, &inside).contains("inside the source folder"));
        assert!(reason(root, elsewhere.path().parent().unwrap()).contains("contains the site's"));
        assert!(guard(root, &root.join("public")).is_ok());
    }
}
