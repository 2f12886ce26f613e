//! Integration tests: building sites end to end.

use crate::common::*;

#[test]
fn bundled_site_builds_with_summary_line() {
    let site = TestSite::bundled();
    let run = site.build(&[]).ok();
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);
    assert!(run.stdout.contains("-> "), "{}", run.stdout);
    assert!(site.exists("index.html"));
    assert!(site.exists("sitemap.xml"));
    assert!(site.exists("404.html"));
}
