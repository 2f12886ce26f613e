//! Marks the browser tests ignored, visibly in the test summary, where
//! Chromium and chromedriver are not installed (`.ci/run` installs them).

use std::path::Path;

const BROWSER: [&str; 2] = ["/usr/bin/chromium", "/usr/bin/chromedriver"];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(chromium)");
    // The folder, not the files: an installed package keeps the files'
    // old modification times, but adding them changes the folder's.
    println!("cargo::rerun-if-changed=/usr/bin");
    if BROWSER.iter().all(|p| Path::new(p).exists()) {
        println!("cargo::rustc-cfg=chromium");
    }
}
