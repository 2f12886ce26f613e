//! Integration tests: the search documents and the search box.
//!
//! The build writes one record per content page to `search/documents.js`,
//! with its level, status, team, owner and period; `search: false` leaves
//! it and the box out; the preview serves it from memory. In a real
//! browser, a site built for a sub-path and served as static files is
//! searched by typing, filtered by level, and a result followed; `/` and
//! Escape work from the keyboard.

use crate::common::*;
use crate::serve::Served;
use crate::webdriver::{Browser, Driver};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

/// The records of `documents.js`: the script assigns one JSON array.
fn records(script: &str) -> Vec<Value> {
    let json = script
        .strip_prefix("window.strataSearch = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("an assignment of JSON: {script}"));
    serde_json::from_str(json).expect("a JSON array of records")
}

fn urls(records: &[Value]) -> Vec<&str> {
    records
        .iter()
        .map(|r| r["url"].as_str().expect("a URL"))
        .collect()
}

#[test]
fn build_writes_each_content_page_once_with_its_filters() {
    let site = TestSite::fixture("search");
    site.build(&["--base-url", "https://plans.example.org/sub/"])
        .ok();

    let records = records(&site.output("search/documents.js"));
    // Every content page once, in site order, by its path without the
    // base path; generated pages are not searched.
    assert_eq!(
        urls(&records),
        [
            "/",
            "/roadmap/",
            "/sprints/",
            "/vision/",
            "/roadmap/mirror-upgrade/",
            "/sprints/grinding/",
            "/vision/see-further/",
        ]
    );
    assert_eq!(
        records[4],
        json!({
            "url": "/roadmap/mirror-upgrade/",
            "title": "Mirror upgrade",
            "level": "Roadmap",
            "rank": 2,
            "status": "active",
            "team": "Optics",
            "owner": "Ada",
            "period": "2026-Q3",
            "summary": "The telescope gets a larger mirror, doubling the light it gathers.",
        })
    );
    assert_eq!(records[5]["headings"], json!(["Test the curve"]));
    assert_eq!(records[5]["level"], "Iteration (sprint)");
    assert_eq!(
        records[1],
        json!({ "url": "/roadmap/", "title": "Roadmap" })
    );

    let page = site.html("roadmap/mirror-upgrade/index.html");
    assert_eq!(attrs(&page, "script[src]", "src"), ["/sub/search.js"]);
    // Without JavaScript there is no box to use: the container is empty.
    assert_eq!(texts(&page, "header #search"), [""]);
    assert_eq!(attrs(&page, "header #search", "data-base"), ["/sub/"]);
    // The search library ships with the theme, its licence with it.
    assert!(
        site.output("minisearch.js")
            .starts_with("/*! MiniSearch 7.2.0")
    );
}

#[test]
fn a_paged_section_is_one_record() {
    let site = TestSite::fixture("search");
    site.write(
        "content/sprints/_index.md",
        "---\ntitle: Sprints\npaginate_by: 1\ncascade:\n  level: iteration\n---\n",
    );
    site.write(
        "content/sprints/polishing.md",
        "---\ntitle: Polishing sprint\nparent: roadmap/mirror-upgrade.md\n---\nPolish it.\n",
    );
    site.build(&[]).ok();
    assert!(
        site.exists("sprints/page/2/index.html"),
        "the section is paged"
    );

    let records = records(&site.output("search/documents.js"));
    let urls = urls(&records);
    assert_eq!(urls.iter().filter(|u| **u == "/sprints/").count(), 1);
    assert!(urls.contains(&"/sprints/polishing/"), "{urls:?}");
}

#[test]
fn search_false_leaves_out_the_documents_and_the_box() {
    let site = TestSite::fixture("search");
    site.write("strata.yaml", "title: Search fixture\nsearch: false\n");
    site.build(&[]).ok();

    assert!(!site.exists("search"));
    let page = site.html("roadmap/mirror-upgrade/index.html");
    assert!(texts(&page, "#search").is_empty());
    assert!(attrs(&page, "script[src]", "src").is_empty());
}

#[test]
fn the_preview_serves_the_documents_from_memory() {
    let site = TestSite::fixture("search");
    let served = Served::start(&site, &[]);
    let script = served.get("/search/documents.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(records(&script.body).len(), 7);
    assert_eq!(served.get("/minisearch.js").status, 200);
    assert!(!site.path("public").exists(), "nothing is written to disk");
}

/// A built site served as plain files under `/sub/`, as a static host
/// would; stops serving when dropped.
struct Hosted {
    server: Arc<tiny_http::Server>,
    url: String,
}

impl Hosted {
    /// Binds first, so the site can be built for the address it is served at.
    fn bind() -> (TcpListener, String) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("bound").port();
        (listener, format!("http://127.0.0.1:{port}/sub/"))
    }

    fn serve(listener: TcpListener, url: String, public: PathBuf) -> Hosted {
        let server = Arc::new(tiny_http::Server::from_listener(listener, None).expect("server"));
        let serving = Arc::clone(&server);
        std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let path = request.url().split('?').next().unwrap_or_default();
                let file = path.strip_prefix("/sub/").map(|p| match p {
                    "" => "index.html".to_string(),
                    p if p.ends_with('/') => format!("{p}index.html"),
                    p => p.to_string(),
                });
                let bytes = file
                    .filter(|f| !f.contains(".."))
                    .and_then(|f| std::fs::read(public.join(&f)).ok().map(|b| (f, b)));
                let _ = match bytes {
                    Some((file, bytes)) => {
                        let kind = strata::serve::server::content_type(&file);
                        let header = tiny_http::Header::from_bytes("Content-Type", kind)
                            .expect("a valid header");
                        request.respond(tiny_http::Response::from_data(bytes).with_header(header))
                    }
                    None => request.respond(tiny_http::Response::empty(404)),
                };
            }
        });
        Hosted { server, url }
    }
}

impl Drop for Hosted {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

#[test]
#[cfg_attr(
    not(chromium),
    ignore = "needs chromium and chromium-driver (.ci/run installs them)"
)]
fn search_by_keyboard_filter_by_level_owner_and_follow_a_result() {
    let site = TestSite::fixture("search");
    let (listener, url) = Hosted::bind();
    site.build(&["--base-url", &url]).ok();
    let hosted = Hosted::serve(listener, url, site.path("public"));
    let driver = Driver::start();
    let browser = Browser::open(&driver);
    let context = || String::from("the site is served as static files");

    browser.go(&hosted.url);
    browser.wait_for(
        "the search box",
        "return !!document.querySelector('#search input');",
        &context,
    );
    // The documents load on the first use of the box, not with the page.
    assert_eq!(
        browser.run("return window.strataSearch === undefined;"),
        true
    );
    browser.type_into("#search input", "telescop");
    let shown = browser.wait_for(
        "two results for the word's beginning",
        "const r = document.querySelectorAll('#search .search-results li');
         const s = document.querySelector('#search [role=status]');
         return r.length === 2 && s.innerText === '2 results for “telescop”'
             && [...r].map(e => e.textContent).join('\\n');",
        &context,
    );
    let shown = shown.as_str().unwrap_or_default();
    for tag in ["Roadmap", "active", "Iteration (sprint)", "planned"] {
        assert!(shown.contains(tag), "results show {tag}: {shown}");
    }

    #[cfg(axe)]
    {
        let found = crate::a11y::axe(&browser, "the search results");
        assert!(found.is_empty(), "{}", found.join("\n"));
    }

    // The level filter offers the levels present, top level first.
    let levels = browser
        .run("return [...document.querySelectorAll('#search-level option')].map(o => o.value);");
    assert_eq!(
        levels,
        json!(["", "Product vision", "Roadmap", "Iteration (sprint)"])
    );
    // Team, owner and year filters offer the values the pages hold.
    let options = |field: &str| {
        browser.run(&format!(
            "return [...document.querySelectorAll('#search-{field} option')].map(o => o.value);"
        ))
    };
    assert_eq!(options("team"), json!(["", "Optics"]));
    assert_eq!(options("owner"), json!(["", "Ada", "Grace", "Lin"]));
    assert_eq!(options("year"), json!(["", "2026"]));
    browser.click("#search-owner option[value='Ada']");
    browser.wait_for(
        "the results of one owner",
        "const r = document.querySelectorAll('#search .search-results a');
         const s = document.querySelector('#search [role=status]');
         return r.length === 1 && r[0].innerText === 'Mirror upgrade'
             && s.innerText === '1 result for “telescop” (filtered)';",
        &context,
    );
    browser.click("#search-owner option[value='']");
    browser.click("#search-level option[value='Iteration (sprint)']");
    browser.wait_for(
        "the results of one level",
        "const r = document.querySelectorAll('#search .search-results a');
         return r.length === 1 && r[0].innerText === 'Grinding sprint';",
        &context,
    );
    browser.click("#search .search-results a");
    browser.wait_for(
        "the result's page",
        "return location.pathname === '/sub/sprints/grinding/'
             && document.readyState === 'complete'
             && document.querySelector('h1').innerText === 'Grinding sprint';",
        &context,
    );

    // On the new page, `/` goes to the box and Escape clears it.
    browser.wait_for(
        "the search box",
        "return !!document.querySelector('#search input');",
        &context,
    );
    browser.press("/");
    browser.wait_for(
        "the focus in the search box",
        "return document.activeElement === document.querySelector('#search input');",
        &context,
    );
    // Light typos are forgiven.
    browser.press("mirrer");
    browser.wait_for(
        "results despite the typo",
        "const s = document.querySelector('#search [role=status]');
         return s.innerText.endsWith('for “mirrer”')
             && document.querySelectorAll('#search .search-results li').length === 2;",
        &context,
    );
    browser.press("\u{E00C}");
    browser.wait_for(
        "an empty box without results",
        "const input = document.querySelector('#search input');
         return input.value === '' && document.activeElement === input
             && document.querySelector('#search-panel').hidden
             && document.querySelectorAll('#search .search-results li').length === 0;",
        &context,
    );
}
