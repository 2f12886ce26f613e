//! Any text cut into a small site (config, home page, a section and two
//! pages that may link to each other), loaded and checked as a build
//! would: never panics, and every problem names a file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strata::site::{self, BuildOptions};

const FILES: [&str; 5] = [
    "strata.yaml",
    "content/_index.md",
    "content/plans/_index.md",
    "content/plans/q3.md",
    "content/plans/sprint-1.md",
];

fuzz_target!(|text: &str| {
    let dir = tempfile::tempdir().expect("temp dir");
    // Parts are separated by NUL: the fuzzer finds the separator quickly.
    for (file, part) in FILES.iter().zip(text.split('\0')) {
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create dirs");
        std::fs::write(path, part).expect("write file");
    }
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    if let Err(diagnostics) = site::load(&options) {
        for d in diagnostics.iter() {
            assert!(!d.file.as_os_str().is_empty(), "{d:?}");
        }
    }
});
