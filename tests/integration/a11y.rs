//! Accessibility of what readers see: axe-core, run in headless Chromium on
//! the key pages of the bundled site and of the planning fixture, finds no
//! critical or serious violation of WCAG 2.1 A and AA.

use crate::common::*;
use crate::serve::Served;
use crate::webdriver::{Browser, Driver};
use serde_json::Value;

const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/node_modules/axe-core/axe.min.js"
);

/// Runs axe on `path` of the served site; the serious and critical
/// violations, one line each.
fn violations(browser: &Browser, served: &Served, path: &str) -> Vec<String> {
    browser.go(&format!("{}{}", served.url, path.trim_start_matches('/')));
    browser.wait_for(
        &format!("{path} to load"),
        "return document.readyState === 'complete';",
        &|| served.log(),
    );
    axe(browser, path)
}

/// Runs axe on the page the browser shows now, named `path` in the
/// violations, one line each.
pub fn axe(browser: &Browser, path: &str) -> Vec<String> {
    let axe = std::fs::read_to_string(AXE).expect("axe-core is installed (npm ci)");
    browser.run(&format!("{axe}\nreturn true;"));
    let result = browser.run_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
            .then(r => done(r.violations), e => done({ error: String(e) }));",
    );
    let list = result
        .as_array()
        .unwrap_or_else(|| panic!("axe ran on {path}: {result}"));
    list.iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("critical" | "serious")))
        .map(|v| {
            let targets: Vec<&Value> = v["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| &n["target"])
                .collect();
            format!(
                "{path}: {} ({}) {}: {targets:?}",
                v["id"], v["impact"], v["help"]
            )
        })
        .collect()
}

fn check(site: &TestSite, pages: &[&str]) -> Vec<String> {
    let served = Served::start(site, &[]);
    let driver = Driver::start();
    let browser = Browser::open(&driver);
    pages
        .iter()
        .flat_map(|page| violations(&browser, &served, page))
        .collect()
}

#[test]
#[cfg_attr(
    not(all(chromium, axe)),
    ignore = "needs chromium, chromium-driver and axe-core (.ci/run installs them)"
)]
fn key_pages_have_no_serious_accessibility_violations() {
    let mut found = check(
        &TestSite::bundled(),
        &[
            "/",
            "/example/",
            "/example/releases/r1-self-serve/sprint-13/",
            "/levels/iteration/",
            "/alignment/",
            "/health/",
            "/health/content/",
            "/timeline/",
            "/outcomes/",
            "/pack/",
            "/theme/",
            "/team/",
            "/dependencies/",
            "/blockers/",
            "/reference/",
        ],
    );
    found.extend(check(
        &TestSite::fixture("planning"),
        &[
            "/releases/r2/sprint-2/",
            "/releases/r2/sprint-2/2026-09-17/",
            "/levels/daily/",
            "/alignment/",
            "/health/",
        ],
    ));
    found.extend(check(
        &TestSite::fixture("lower-levels"),
        &[
            "/releases/r1/alpha-1/",
            "/releases/r1/",
            "/dependencies/",
            "/blockers/",
        ],
    ));
    found.extend(check(
        &crate::history::slipped_site(),
        &["/plans/q4/", "/changes/", "/changes/roadmap/", "/health/"],
    ));
    found.extend(check(
        &paged_planning_site(),
        &[
            "/page/2/",
            "/levels/iteration/page/2/",
            "/health/kind/missing-goal/",
            "/alignment/unaligned/page/2/",
        ],
    ));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The planning fixture with two items to a page and a dozen sprints
/// without a parent or a goal: every kind of paged list.
fn paged_planning_site() -> TestSite {
    let site = TestSite::fixture("planning");
    site.write("strata.yaml", "title: Planning fixture\npaginate_by: 2\n");
    for n in 0..12 {
        site.write(
            &format!("content/loose/s{n:02}.md"),
            format!("---\ntitle: Loose sprint {n:02}\nlevel: iteration\n---\n"),
        );
    }
    site
}

/// CI must run the accessibility check: there, a missing axe-core is a
/// failure rather than a test marked ignored.
#[test]
#[cfg(not(axe))]
fn ci_has_axe() {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {AXE} is missing: run `npm ci` (.ci/run does)"
    );
}
