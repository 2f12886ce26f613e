//! A chainable test site: copy a fixture (or start empty), add files,
//! run the real binary, then read and parse what it produced.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_strata");

/// The scripts the default theme loads on every page (the search box), as
/// linked on a site at `/`.
pub const THEME_SCRIPTS: [&str; 1] = ["/search.js"];

/// The folder holding the fixture sites.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temporary folder, removed when dropped.
pub struct TestSite {
    dir: tempfile::TempDir,
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the output unless the run exited with `code`.
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn ok(self) -> Self {
        self.expect_code(0)
    }
}

impl TestSite {
    /// An empty site with a minimal home page.
    pub fn new() -> Self {
        TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        }
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(&fixtures().join(name), site.root());
        site
    }

    /// A copy of any folder (an example site).
    pub fn copy_of(path: &Path) -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(path, site.root());
        site
    }

    /// The repository's own bundled site: `content/` and `strata.yaml`.
    pub fn bundled() -> Self {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(&repo.join("content"), &site.path("content"));
        std::fs::copy(repo.join("strata.yaml"), site.path("strata.yaml")).expect("copy config");
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// Writes a file (creating folders); chainable.
    pub fn file(self, relative: &str, contents: &str) -> Self {
        self.write(relative, contents);
        self
    }

    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("file has a parent")).expect("create dirs");
        std::fs::write(path, contents).expect("write file");
    }

    /// Runs `strata <args>` with the site as working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in("", args)
    }

    /// `strata build --today 2026-11-21 <args>`.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build", "--today", "2026-11-21"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// A produced file under `public/`.
    pub fn output(&self, relative: &str) -> String {
        let path = self.path("public").join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.path("public").join(relative).exists()
    }

    /// A produced HTML file, parsed.
    pub fn html(&self, relative: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.output(relative))
    }
}

/// Texts of all elements matching `css`, whitespace folded.
pub fn texts(html: &scraper::Html, css: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(css).expect("valid selector");
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Values of attribute `attr` on all elements matching `css`.
pub fn attrs(html: &scraper::Html, css: &str, attr: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(css).expect("valid selector");
    html.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

impl TestSite {
    /// Runs `strata <args>` with `relative` (a folder inside the site's
    /// temporary folder) as working directory.
    pub fn run_in(&self, relative: &str, args: &[&str]) -> Run {
        let dir = if relative.is_empty() {
            self.root().to_path_buf()
        } else {
            self.path(relative)
        };
        let out = Command::new(BIN)
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run strata");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Every file and folder below `dir` (hidden ones included), by
/// `/`-separated relative path: a file maps to its bytes, a folder to `None`.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Option<Vec<u8>>> {
    let mut files = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.expect("walk folder");
        let relative = entry
            .path()
            .strip_prefix(dir)
            .expect("inside folder")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = entry
            .file_type()
            .is_file()
            .then(|| std::fs::read(entry.path()).expect("read file"));
        files.insert(relative, bytes);
    }
    files
}

/// The sitemap's entries that say when their page last changed: address
/// and date.
pub fn sitemap_lastmods(site: &TestSite) -> Vec<(String, String)> {
    let sitemap = scraper::Html::parse_document(&site.output("sitemap.xml"));
    let select = |tag: &str| scraper::Selector::parse(tag).expect("valid selector");
    sitemap
        .select(&select("url"))
        .filter_map(|url| {
            let text = |tag: &str| url.select(&select(tag)).next().map(|e| e.text().collect());
            Some((text("loc")?, text("lastmod")?))
        })
        .collect()
}
