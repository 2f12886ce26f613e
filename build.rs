//! Marks the browser tests ignored, visibly in the test summary, where
//! Chromium and chromedriver are not installed, and the accessibility
//! test where axe-core is not (`.ci/run` installs both).

use std::path::Path;

const BROWSER: [&str; 2] = ["/usr/bin/chromium", "/usr/bin/chromedriver"];
/// Installed by `npm ci` from package.json.
const AXE: &str = "node_modules/axe-core/axe.min.js";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(chromium)");
    println!("cargo::rustc-check-cfg=cfg(axe)");
    // The folder, not the files: an installed package keeps the files'
    // old modification times, but adding them changes the folder's.
    println!("cargo::rerun-if-changed=/usr/bin");
    println!("cargo::rerun-if-changed=node_modules");
    if BROWSER.iter().all(|p| Path::new(p).exists()) {
        println!("cargo::rustc-cfg=chromium");
    }
    if Path::new(AXE).exists() {
        println!("cargo::rustc-cfg=axe");
    }
}
