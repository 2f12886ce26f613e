//! Integration tests: input written by an attacker or a careless
//! contributor. Bodies cannot script the site, rendering time grows
//! linearly, limits are clear errors at file:line, and file names cannot
//! forge diagnostics.

use crate::common::*;
use std::time::{Duration, Instant};
use strata::markdown::{self, RenderOptions};

/// Every element of every HTML file in the output, checked for script:
/// no `<script>` but the theme's own, no `<iframe>`, `<object>` or
/// `<embed>`, no `on*` attribute, no `javascript:`/`data:` URL.
fn assert_no_script(site: &TestSite) {
    let public = site.path("public");
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.expect("walk output");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read output");
        let html = scraper::Html::parse_document(&text);
        let file = entry.path().display();
        for element in html
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            let name = element.value().name();
            let theme_script = name == "script"
                && element.text().next().is_none()
                && element
                    .value()
                    .attr("src")
                    .is_some_and(|src| THEME_SCRIPTS.contains(&src));
            assert!(
                theme_script || !matches!(name, "script" | "iframe" | "object" | "embed" | "frame"),
                "<{name}> in {file}"
            );
            for (attr, value) in element.value().attrs() {
                assert!(!attr.starts_with("on"), "{attr} on <{name}> in {file}");
                let url: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !url.starts_with("javascript:") && !url.starts_with("data:"),
                    "{attr}={value} on <{name}> in {file}"
                );
            }
        }
    }
}

const PAYLOADS: &str = "\
The [first](javascript:alert(1)) paragraph, <span onmouseover=alert(2)>hover</span>.

<script>alert(3)</script>

<img src=x onerror=alert(4)>

<iframe src=\"https://evil.example/\"></iframe>

<svg onload=alert(5)><circle r=1 /></svg>

<a href=\"JaVaScRiPt:alert(6)\">x</a> <a href=\"data:text/html,<script>alert(7)</script>\">y</a>

## Title {onclick=\"alert(8)\" .kept}

![pic](data:image/svg+xml,<svg/onload=alert(9)>) and <javascript:alert(10)>

<details open ontoggle=alert(11)><summary>s</summary></details>
";

#[test]
fn page_bodies_cannot_script_the_site() {
    let site = TestSite::new()
        .file("content/plans/_index.md", "---\ntitle: Plans\n---\n")
        .file(
            "content/plans/p.md",
            &format!("---\ntitle: P\n---\n{PAYLOADS}"),
        );
    let run = site.build(&[]).ok();
    assert_no_script(&site);
    let page = site.html("plans/p/index.html");
    assert_eq!(
        attrs(&page, "h2.kept", "id"),
        ["title"],
        "id and class stay"
    );
    assert!(texts(&page, "details summary").contains(&"s".to_string()));
    let section = site.html("plans/index.html");
    assert!(
        texts(&section, "body")
            .join(" ")
            .contains("The first paragraph"),
        "the summary keeps the link text"
    );
    assert!(
        run.stderr.contains(
            "content/plans/p.md:4:5: warning: the link to 'javascript:alert(1)' was left out"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn trusted_raw_html_is_published_as_written() {
    let site = TestSite::new()
        .file("strata.yaml", "title: T\nmarkdown:\n  raw_html: trusted\n")
        .file("content/p.md", "---\ntitle: P\n---\n<div class=\"widget\" onclick=\"go()\">w</div>\n\n[run](javascript:go())\n");
    site.build(&[]).ok();
    let page = site.html("p/index.html");
    assert_eq!(attrs(&page, "div.widget", "onclick"), ["go()"]);
    assert_eq!(
        attrs(&page, "main a[href^='javascript']", "href"),
        ["javascript:go()"]
    );
}

#[test]
fn config_links_must_be_web_addresses() {
    let site = TestSite::new().file(
        "strata.yaml",
        "title: T\nedit_url: \"javascript:alert(1)//\"\nbase_url: \"javascript://x/%0aalert(1)\"\n",
    );
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr.contains("strata.yaml:2:1: error: edit_url"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("strata.yaml:3:1: error: base_url"),
        "{}",
        run.stderr
    );
}

#[test]
fn frontmatter_errors_are_reported_at_their_own_line() {
    let cases = [
        ("date", "date: 2026-02-30", 4, 7),
        ("start", "start: next week", 4, 8),
        ("end", "end: 2026/09/30", 4, 6),
        ("reviewed", "last_reviewed: yesterday", 4, 16),
        ("period", "period: 2026-Q5", 4, 9),
        ("interval", "review_every: often", 4, 15),
        ("duplicate", "owner: ann\ntitle: Again", 5, 1),
    ];
    let mut site = TestSite::new();
    for (name, yaml, _, _) in cases {
        site = site.file(
            &format!("content/{name}.md"),
            &format!("---\ntitle: T\n\n{yaml}\n---\nBody\n"),
        );
    }
    let run = site.build(&[]).expect_code(1);
    for (name, _, line, column) in cases {
        let location = format!("content/{name}.md:{line}:{column}: error:");
        assert!(
            run.stderr.contains(&location),
            "{location} in\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("help: write the date as YYYY-MM-DD"),
        "{}",
        run.stderr
    );
}

#[test]
fn text_shown_on_every_page_is_bounded() {
    let long = "T".repeat(60 * 1024);
    let site = TestSite::new()
        .file(
            "content/big/_index.md",
            &format!("---\nweight: 1\ntitle: {long}\n---\n"),
        )
        .file(
            "content/h1.md",
            &format!("---\nowner: a\n---\n\n# {long}\n"),
        );
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/big/_index.md:3:1: error: `title:` is 61440 characters long; the limit is 300"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/h1.md:5:1: error: this heading is the page's title"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_oversized_config_is_refused() {
    let site = TestSite::new().file(
        "strata.yaml",
        &format!("title: T\ndescription: \"{}\"\n", "x".repeat(300 * 1024)),
    );
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr
            .contains("strata.yaml: error: the file is 300 KiB; the limit is 256 KiB"),
        "{}",
        run.stderr
    );
}

#[test]
fn themes_live_in_themes() {
    let site = TestSite::new().file("strata.yaml", "title: T\ntheme: ../../outside\n");
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr
            .contains("strata.yaml:2:1: error: theme '../../outside' is not a folder name"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_cannot_forge_diagnostics() {
    let site = TestSite::new().file(
        "content/a\ncontent/forged.md:1:1: error: fake.md",
        "---\ntitle: A\n---\n[broken](missing.md)\n",
    );
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr
            .contains("content/a\\ncontent/forged.md:1:1: error: fake.md:4:1: error: broken link"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr
            .lines()
            .any(|l| l.starts_with("content/forged.md")),
        "{}",
        run.stderr
    );
}

/// The pathological pages that once took minutes: now built in seconds or
/// refused with an error at the construct past the limit.
#[test]
fn pathological_pages_are_refused_quickly() {
    let site = TestSite::new()
        .file("content/headings.md", &"# a\n".repeat(1_100_000))
        .file("content/links.md", &"[a](https://e.org/) ".repeat(400_000))
        .file("content/html.md", &"<div>".repeat(100_000));
    let run = site.build(&[]).expect_code(1);
    for expected in [
        "content/headings.md:10001:1: error: the page has more than 10000 headings",
        "content/links.md:1:2000001: error: the page has more than 100000 links",
        "content/html.md:1:1: error: the page has more than 10000 raw HTML tags",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected} in\n{}",
            &run.stderr[..2000.min(run.stderr.len())]
        );
    }
}

/// Pages just inside the limits that once took seconds to minutes (equal
/// headings, one line of links) build.
#[test]
fn large_pages_inside_the_limits_build() {
    let site = TestSite::new()
        .file("content/headings.md", &"## Same\n\n".repeat(9_000))
        .file("content/links.md", &"[a](https://e.org/) ".repeat(80_000));
    site.build(&[]).ok();
    let page = site.html("headings/index.html");
    assert_eq!(
        attrs(&page, "h2", "id").last().map(String::as_str),
        Some("same-8999")
    );
}

fn render_time(body: &str) -> Duration {
    let started = Instant::now();
    let rendered = markdown::render(body, 1, RenderOptions::default(), &mut |_| {
        Some("/a/".to_string())
    });
    std::hint::black_box(rendered);
    started.elapsed()
}

/// Rendering eight times the input takes about eight times as long: a
/// quadratic step would take sixty-four. The two sizes take turns, and the
/// fastest of seven runs of each counts, so that a busy moment on a shared
/// machine slows neither alone; the bound is generous because the larger
/// input also outgrows the caches that a loaded machine shares.
fn assert_linear(name: &str, make: impl Fn(usize) -> String, n: usize) {
    let (small_body, large_body) = (make(n), make(8 * n));
    let (mut small, mut large) = (Duration::MAX, Duration::MAX);
    for _ in 0..7 {
        small = small.min(render_time(&small_body));
        large = large.min(render_time(&large_body));
    }
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(
        ratio < 48.0,
        "{name}: {small:?} for n={n}, {large:?} for 8n (x{ratio:.1})"
    );
}

/// Sizes stay inside the page limits, where rendering stops early.
#[test]
fn rendering_time_grows_linearly() {
    assert_linear("equal headings", |n| "## Same\n\n".repeat(n), 1_000);
    assert_linear("links on one line", |n| "[a](b.md) ".repeat(n), 10_000);
    assert_linear("nested quotes", |n| format!("{}x\n", "> ".repeat(n)), 4_000);
    assert_linear(
        "nested lists",
        |n| {
            (0..n)
                .map(|i| format!("{}- a\n", "  ".repeat(i % 200)))
                .collect()
        },
        2_000,
    );
    assert_linear(
        "long table",
        |n| format!("| a | b |\n|---|:-:|\n{}", "| x | y |\n".repeat(n)),
        10_000,
    );
    assert_linear("inline html", |n| "x <span>y</span> ".repeat(n), 500);
    assert_linear("open brackets", |n| "[".repeat(n), 20_000);
    assert_linear("emphasis", |n| "*a _b ".repeat(n), 20_000);
}
