//! Any text as a page file: splitting and parsing the frontmatter never
//! panics, and every error points at a line of the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strata::content::frontmatter::{self, FileError};

fuzz_target!(|text: &str| {
    // YAML also breaks lines at a lone CR and at NEL, as some editors do.
    let lines = text.matches(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']).count() + 2;
    let in_file = |e: &FileError| assert!(e.line <= lines, "{e:?} past line {lines}");
    match frontmatter::split(text) {
        Ok(split) => {
            if let Err(e) = frontmatter::parse(&split) {
                in_file(&e);
            }
            if let Err(e) = frontmatter::body_h1s(&split) {
                in_file(&e);
            }
        }
        Err(e) => in_file(&e),
    }
});
