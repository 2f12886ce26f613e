//! Integration tests: hostile or careless input never escapes into HTML,
//! never writes outside the output, and never crashes the build.

use crate::common::*;

#[test]
fn frontmatter_text_is_escaped_everywhere_it_is_shown() {
    let site = TestSite::new()
        .file(
            "content/x.md",
            "---\ntitle: \"<script>alert(1)</script>\"\ndescription: \"<img src=x onerror=alert(2)>\"\nowner: \"<b>bold</b>\"\n---\n# A {#x\"onmouseover=alert(3)}\n",
        );
    site.build(&[]).ok();
    for file in ["index.html", "x/index.html"] {
        let html = site.html(file);
        assert!(
            attrs(&html, "script", "src")
                .iter()
                .all(|s| s.ends_with("live.js") || THEME_SCRIPTS.contains(&s.as_str())),
            "{file}"
        );
        assert!(
            texts(&html, "script").iter().all(|t| !t.contains("alert")),
            "no injected script in {file}"
        );
        assert!(
            attrs(&html, "img", "onerror").is_empty(),
            "no injected attribute in {file}"
        );
        assert!(
            attrs(&html, "[onmouseover]", "onmouseover").is_empty(),
            "no injected handler in {file}"
        );
    }
    let page = site.html("x/index.html");
    assert_eq!(
        texts(&page, ".page-header h1"),
        ["<script>alert(1)</script>"],
        "shown as text"
    );
    let home = site.html("index.html");
    assert!(
        texts(&home, ".card .summary")
            .join(" ")
            .contains("<img src=x onerror=alert(2)>"),
        "the description is shown as text"
    );
}

#[test]
fn aliases_cannot_leave_the_output_or_replace_pages() {
    let site = TestSite::new()
        .file(
            "content/a.md",
            "---\ntitle: A\naliases: [\"x/../../../escaped\", \"b\", \"\"]\n---\n",
        )
        .file("content/b.md", "---\ntitle: B\n---\n");
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr.contains(
            "content/a.md:3:1: error: alias 'x/../../../escaped' is not a path on this site"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("alias 'b' and this page (/b/) would both write b/index.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("alias '' is not a path"),
        "{}",
        run.stderr
    );
    assert!(
        !site.path("escaped").exists()
            && !site
                .root()
                .parent()
                .expect("parent")
                .join("escaped")
                .exists()
    );
}

#[test]
fn static_files_and_assets_cannot_replace_rendered_pages() {
    let site = TestSite::new()
        .file("static/index.html", "<p>not the home page</p>")
        .file("static/search/documents.js", "window.mine = 1;")
        .file("content/r/_index.md", "---\ntitle: R\n---\n")
        .file("content/r/index.html", "<p>stray export</p>")
        .file("content/sitemap.xml.md", "---\ntitle: Sitemap page\n---\n");
    let run = site.build(&[]).expect_code(1);
    for expected in [
        "static/index.html:1:1: error: static file /index.html and this page (/) would both write index.html",
        "content/r/index.html:1:1: error: content/r/index.html and this page (/r/) would both write r/index.html",
        "static/search/documents.js:1:1: error: static file /search/documents.js and the search documents Strata writes would both write search/documents.js",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_draft_home_page_does_not_crash_the_build() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\ndraft: true\n---\n")
        .file("content/a.md", "---\ntitle: A\n---\n");
    site.build(&[]).ok();
    assert!(site.exists("a/index.html"));
}

#[test]
fn draft_bundles_publish_none_of_their_files() {
    let site = TestSite::new()
        .file(
            "content/secret/plan/index.md",
            "---\ntitle: Secret\ndraft: true\n---\n",
        )
        .file("content/secret/plan/board.png", "png")
        .file(
            "content/hidden/_index.md",
            "---\ntitle: Hidden\ndraft: true\n---\n",
        )
        .file("content/hidden/notes.txt", "notes");
    site.build(&[]).ok();
    assert!(!site.exists("secret/plan/board.png"));
    assert!(!site.exists("hidden/notes.txt"));
    site.build(&["--drafts"]).ok();
    assert!(site.exists("secret/plan/board.png"));
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let site = TestSite::new().file("outside.txt", "private");
    std::os::unix::fs::symlink(site.path("outside.txt"), site.path("content/leak.txt"))
        .expect("symlink");
    let run = site.build(&[]).ok();
    assert!(
        run.stderr
            .contains("content/leak.txt: warning: symbolic links are not followed"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("leak.txt"));
}

#[test]
fn titles_come_from_setext_and_attributed_headings() {
    let site = TestSite::new()
        .file("content/s.md", "Setext title\n============\n\n# Second\n")
        .file("content/a.md", "# Intro {#intro}\n\nSee [intro](#intro).\n");
    let run = site.build(&[]);
    assert_eq!(
        texts(&site.html("s/index.html"), ".page-header h1"),
        ["Setext title"],
        "{}",
        run.stderr
    );
    assert_eq!(
        texts(&site.html("s/index.html"), ".content h2"),
        ["Second #"],
        "a second `# heading` shows under the title"
    );
    assert_eq!(
        texts(&site.html("a/index.html"), ".page-header h1"),
        ["Intro"]
    );
}
