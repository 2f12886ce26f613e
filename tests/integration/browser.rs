//! Integration test: live reload in a real, headless Chromium.
//!
//! Without Chromium the test is marked ignored (the build script sees the
//! browser), so the summary says it did not run; with `CI` set, a missing
//! browser is a failure, so CI cannot silently stop testing live reload.

use crate::common::*;
use crate::serve::Served;
use crate::webdriver::{Browser, Driver};

fn long_page(marker: &str) -> String {
    let filler: String = (1..=80)
        .map(|i| format!("Paragraph {i} of filler so the page can scroll.\n\n"))
        .collect();
    format!("---\ntitle: Plan\n---\n{marker}\n\n{filler}")
}

#[test]
#[cfg_attr(
    not(chromium),
    ignore = "needs chromium and chromium-driver (.ci/run installs them)"
)]
fn live_reload_in_a_real_browser() {
    let site = TestSite::new().file("content/plan.md", &long_page("Original marker."));
    let served = Served::start(&site, &[]);
    let driver = Driver::start();
    let browser = Browser::open(&driver);
    browser.go(&format!("{}plan/", served.url));
    browser.wait_for(
        "the page",
        "return document.readyState === 'complete' && document.body.innerText.includes('Original marker.');",
        &|| served.log(),
    );
    browser.wait_for(
        "the page to scroll",
        "window.scrollTo({ top: 600, behavior: 'instant' }); return window.scrollY > 500;",
        &|| served.log(),
    );

    // An edit reloads the page by itself and keeps the scroll position.
    site.write("content/plan.md", long_page("Edited marker."));
    let y = browser.wait_for(
        "the edited text",
        "return document.readyState === 'complete' \
         && document.body.innerText.includes('Edited marker.') \
         && String(window.scrollY);",
        &|| served.log(),
    );
    let y: f64 = y.as_str().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    assert!((y - 600.0).abs() < 60.0, "scroll position not kept: {y}");

    // A broken edit shows the overlay over the last good page...
    site.write(
        "content/plan.md",
        "---\ntitle: Plan\nweight: high\n---\nBroken marker.\n",
    );
    let overlay = browser.wait_for(
        "the error overlay",
        "var o = document.getElementById('strata-error-overlay'); return o && o.innerText;",
        &|| served.log(),
    );
    let overlay = overlay.as_str().unwrap_or_default();
    assert!(overlay.contains("content/plan.md:3:9"), "{overlay}");
    let text = browser.run("return document.body.innerText;");
    assert!(text.as_str().unwrap_or_default().contains("Edited marker."));

    // ...and fixing it removes the overlay.
    site.write("content/plan.md", long_page("Fixed marker."));
    browser.wait_for(
        "the fixed page without overlay",
        "return document.readyState === 'complete' \
         && document.body.innerText.includes('Fixed marker.') \
         && !document.getElementById('strata-error-overlay');",
        &|| served.log(),
    );
}
