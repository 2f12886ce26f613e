//! Integration tests: the search index and the search box.
//!
//! The build writes Pagefind's index and UI to `pagefind/`; every content
//! page is in it with its level, status, team, owner and period as
//! filters; `search: false`
//! leaves all of it out; the preview serves the index from memory. In a real
//! browser, a site built for a sub-path and served as static files is
//! searched by typing, filtered by level, and a result followed; `/` and
//! Escape work from the keyboard.

use crate::common::*;
use crate::serve::Served;
use crate::webdriver::{Browser, Driver};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Read;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

/// What the index holds of each page (Pagefind's fragments: gzip, a
/// signature, then JSON), by URL.
fn fragments(site: &TestSite) -> BTreeMap<String, Value> {
    let dir = site.path("public/pagefind/fragment");
    std::fs::read_dir(&dir)
        .expect("the index has fragments")
        .map(|entry| {
            let bytes = std::fs::read(entry.expect("a fragment").path()).expect("read");
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .expect("a gzip fragment");
            let json: Value = serde_json::from_str(
                text.strip_prefix("pagefind_dcd")
                    .expect("Pagefind's signature"),
            )
            .expect("JSON");
            (json["url"].as_str().expect("a URL").to_string(), json)
        })
        .collect()
}

#[test]
fn build_writes_the_index_and_files_each_page_under_its_filters() {
    let site = TestSite::fixture("search");
    site.build(&["--base-url", "https://plans.example.org/sub/"])
        .ok();

    let entry: Value =
        serde_json::from_str(&site.output("pagefind/pagefind-entry.json")).expect("entry is JSON");
    assert_eq!(entry["languages"]["en"]["page_count"], 7, "{entry}");
    for file in [
        "pagefind.js",
        "pagefind-ui.js",
        "pagefind-ui.css",
        "wasm.en.pagefind",
    ] {
        assert!(
            site.exists(&format!("pagefind/{file}")),
            "{file} is written"
        );
    }
    // Every content page, by its path on the site; generated pages are not.
    let pages = fragments(&site);
    assert_eq!(
        pages.keys().collect::<Vec<_>>(),
        [
            "/",
            "/roadmap/",
            "/roadmap/mirror-upgrade/",
            "/sprints/",
            "/sprints/grinding/",
            "/vision/",
            "/vision/see-further/",
        ]
    );
    let upgrade = &pages["/roadmap/mirror-upgrade/"];
    assert_eq!(
        upgrade["filters"],
        json!({
            "level": ["Roadmap"],
            "status": ["active"],
            "team": ["Optics"],
            "owner": ["Ada"],
            "period": ["2026-Q3"],
        })
    );
    assert_eq!(
        upgrade["meta"],
        json!({ "title": "Mirror upgrade", "level": "Roadmap", "status": "active" })
    );
    assert!(
        upgrade["content"]
            .as_str()
            .is_some_and(|c| c.contains("larger mirror")),
        "the summary is searchable: {upgrade}"
    );

    let page = site.html("roadmap/mirror-upgrade/index.html");
    assert_eq!(
        attrs(&page, "script[src]", "src"),
        ["/sub/pagefind/pagefind-ui.js", "/sub/search.js"]
    );
    // Without JavaScript there is no box to use: the container is empty.
    assert_eq!(texts(&page, "header #search"), [""]);
    assert_eq!(attrs(&page, "header #search", "data-base"), ["/sub/"]);
}

#[test]
fn search_false_leaves_out_the_index_and_the_box() {
    let site = TestSite::fixture("search");
    site.write("strata.yaml", "title: Search fixture\nsearch: false\n");
    site.build(&[]).ok();

    assert!(!site.exists("pagefind"));
    let page = site.html("roadmap/mirror-upgrade/index.html");
    assert!(texts(&page, "#search").is_empty());
    assert!(attrs(&page, "script[src]", "src").is_empty());
}

#[test]
fn the_preview_serves_the_index_from_memory() {
    let site = TestSite::fixture("search");
    let served = Served::start(&site, &[]);
    let entry = served.get("/pagefind/pagefind-entry.json");
    assert_eq!(entry.status, 200);
    let entry: Value = serde_json::from_str(&entry.body).expect("entry is JSON");
    assert_eq!(entry["languages"]["en"]["page_count"], 7);
    let script = served.get("/pagefind/pagefind.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
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
fn search_by_keyboard_filter_by_level_and_follow_a_result() {
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
    browser.type_into("#search input", "telescope");
    let tags = browser.wait_for(
        "two results for the whole word",
        "const r = document.querySelectorAll('#search .pagefind-ui__result');
         const m = document.querySelector('#search .pagefind-ui__message');
         return r.length === 2 && m && m.innerText.endsWith('for telescope')
             && !document.querySelector('#search .pagefind-ui__loading')
             && [...r].map(e => e.innerText).join('\\n');",
        &context,
    );
    let tags = tags.as_str().unwrap_or_default();
    for shown in ["Roadmap", "active", "Iteration (sprint)", "planned"] {
        assert!(tags.contains(shown), "results show {shown}: {tags}");
    }

    #[cfg(axe)]
    {
        let found = crate::a11y::axe(&browser, "the search results");
        assert!(found.is_empty(), "{}", found.join("\n"));
    }

    browser.click("#search label[for='level-Iteration (sprint)']");
    browser.wait_for(
        "the results of one level",
        "const r = document.querySelectorAll('#search .pagefind-ui__result-link');
         return r.length === 1 && r[0].innerText === 'Grinding sprint';",
        &context,
    );
    browser.click("#search .pagefind-ui__result-link");
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
    browser.press("mirror");
    browser.wait_for(
        "results for the whole word",
        "const m = document.querySelector('#search .pagefind-ui__message');
         return m && m.innerText.endsWith('for mirror')
             && document.querySelectorAll('#search .pagefind-ui__result').length > 0;",
        &context,
    );
    browser.press("\u{E00C}");
    browser.wait_for(
        "an empty box without results",
        "const input = document.querySelector('#search input');
         return input.value === '' && document.activeElement === input
             && document.querySelectorAll('#search .pagefind-ui__result').length === 0;",
        &context,
    );
}
