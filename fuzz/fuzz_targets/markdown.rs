//! Any text as a page body, rendered with link resolution: never panics,
//! every link position is inside the body, and with the default (safe)
//! policy no link keeps a `javascript:` destination.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strata::links;
use strata::markdown::{self, RenderOptions};
use strata::urls;

fuzz_target!(|body: &str| {
    let lines = body.lines().count().max(1) + 1;
    let rendered = markdown::render(body, 1, RenderOptions::default(), &mut |link| {
        assert!(link.line >= 1 && link.line <= lines, "{link:?}");
        assert!(!link.dest.trim().to_ascii_lowercase().starts_with("javascript:"));
        let joined = urls::join_relative("plans/q3", &urls::decode(&link.dest))?;
        links::candidates(&joined, link.dest.ends_with('/')).into_iter().next()
    });
    assert!(rendered.html.len() <= markdown::MAX_HTML_BYTES);
    for problem in &rendered.problems {
        assert!(problem.line >= 1 && problem.line <= lines, "{problem:?}");
    }
});
