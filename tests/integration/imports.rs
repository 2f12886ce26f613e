//! Integration tests: content written for other generators builds as it
//! is. Unknown frontmatter keys, TOML frontmatter, other generators' key
//! names, and the links of wiki exports (encoded file names, `#` links,
//! images with query strings).

use crate::common::*;

/// The report lines (`file:line:col: severity: message`) that hold `text`.
fn lines_with<'a>(run: &'a Run, text: &str) -> Vec<&'a str> {
    run.stderr.lines().filter(|l| l.contains(text)).collect()
}

fn page_with(frontmatter: &str) -> TestSite {
    TestSite::new().file(
        "content/plan.md",
        &format!("---\n{frontmatter}---\nBody.\n"),
    )
}

#[test]
fn a_near_miss_key_is_an_error_that_names_the_known_key() {
    let run = page_with("title: Plan\nstaus: active\nparnet: _index.md\n")
        .build(&[])
        .expect_code(1);
    for (location, key, known) in [("3:1", "staus", "status"), ("4:1", "parnet", "parent")] {
        let line = format!("content/plan.md:{location}: error: unknown frontmatter key `{key}`");
        assert!(run.stderr.contains(&line), "{line}\n{}", run.stderr);
        let hint = format!("did you mean `{known}`?");
        assert!(run.stderr.contains(&hint), "{hint}\n{}", run.stderr);
    }
}

#[test]
fn an_unknown_key_warns_builds_and_reaches_templates() {
    let site = page_with(
        "title: Plan\nlayout: ../layouts/MainLayout.astro\ntemplate: custom.html\nextra:\n  icon: star\n",
    )
    .file(
        "templates/custom.html",
        "<p id=\"layout\">{{ page.extra.layout }}</p><p id=\"icon\">{{ page.extra.icon }}</p>",
    );
    let run = site.build(&[]).ok();
    let warnings = lines_with(&run, "unknown frontmatter key `layout`");
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("content/plan.md:3:1: warning: "),
        "{}",
        warnings[0]
    );
    let page = site.html("plan/index.html");
    assert_eq!(texts(&page, "#layout"), ["../layouts/MainLayout.astro"]);
    assert_eq!(texts(&page, "#icon"), ["star"]);
    let json = site.run(&["check", "--format", "json"]);
    assert!(json.stdout.contains("\"unknown-key\""), "{}", json.stdout);
}

#[test]
fn frontmatter_strict_makes_unknown_keys_errors_and_ignore_silences_them() {
    let unknown = "title: Plan\nlayout: docs\nstaus: active\n";
    let strict = page_with(unknown).file("strata.yaml", "frontmatter: strict\n");
    let run = strict.build(&[]).expect_code(1);
    assert_eq!(
        lines_with(&run, ": error: unknown frontmatter key").len(),
        2,
        "{}",
        run.stderr
    );
    let ignore = page_with(unknown).file("strata.yaml", "frontmatter: ignore\n");
    let run = ignore.build(&[]).ok();
    assert!(
        !run.stderr.contains("unknown frontmatter key"),
        "{}",
        run.stderr
    );
    let overridden = page_with("title: Plan\nlayout: docs\n")
        .file("strata.yaml", "health:\n  unknown-key: off\n");
    let run = overridden.build(&[]).ok();
    assert!(
        !run.stderr.contains("unknown frontmatter key"),
        "{}",
        run.stderr
    );
}

#[test]
fn toml_frontmatter_builds_with_hugo_keys() {
    let site = TestSite::fixture("hugo-toml");
    let run = site.build(&[]).ok();
    assert_eq!(
        lines_with(&run, "warning: unknown frontmatter key `layout`"),
        ["content/docs/install.md:13:1: warning: unknown frontmatter key `layout`"],
    );
    // `slug` names the URL segment; `aliases` redirect; `draft` leaves out.
    let install = site.html("docs/getting-started/index.html");
    assert_eq!(texts(&install, "#layout"), ["docs"]);
    assert_eq!(texts(&install, "#icon"), ["wrench"]);
    assert_eq!(texts(&install, "#date"), ["2026-03-01"]);
    assert_eq!(texts(&install, "#lastmod"), ["2026-03-05"]);
    assert_eq!(texts(&install, "#tags"), ["ops,guides"]);
    assert_eq!(texts(&install, "#description"), ["How to install."]);
    assert!(site.exists("old/install/index.html"));
    assert!(!site.exists("docs/install/index.html"));
    assert!(!site.exists("docs/draft/index.html"));
    // `linkTitle` is the title in lists; `weight` orders them.
    let docs = site.html("docs/index.html");
    let listed: Vec<String> = texts(&docs, "main a")
        .into_iter()
        .filter(|t| t == "Usage" || t.starts_with("Install"))
        .collect();
    assert_eq!(listed, ["Usage", "Install"]);
}

#[test]
fn a_toml_error_is_reported_at_its_file_line() {
    let site = TestSite::fixture("hugo-toml")
        .file(
            "content/docs/bad.md",
            "+++\ntitle = \"Bad\"\nweight = \"high\"\n+++\nBody.\n",
        )
        .file("content/docs/open.md", "+++\ntitle = \"Open\"\nBody.\n");
    let run = site.build(&[]).expect_code(1);
    let bad = lines_with(&run, "content/docs/bad.md:3:10: error: ");
    assert_eq!(bad.len(), 1, "{}", run.stderr);
    assert!(bad[0].contains("invalid type"), "{}", bad[0]);
    let open = lines_with(&run, "content/docs/open.md:1:1: error: ");
    assert!(open[0].contains("never closed"), "{}", run.stderr);
    assert!(run.stderr.contains("only +++"), "{}", run.stderr);
}

#[test]
fn plan_findings_on_a_toml_page_are_at_their_key_line() {
    let site = TestSite::fixture("hugo-toml").file(
        "content/docs/plan.md",
        "+++\ntitle = \"Plan\"\nweight = 9\nlevel = \"sprnt\"\nparent = \"nowhere.md\"\n\n[extra]\nicon = \"x\"\n+++\nBody.\n",
    );
    let run = site.build(&[]).expect_code(1);
    let level = lines_with(
        &run,
        "content/docs/plan.md:4:1: error: unknown level 'sprnt'",
    );
    assert_eq!(level.len(), 1, "{}", run.stderr);
    let parent = lines_with(&run, "content/docs/plan.md:5:1: error: parent 'nowhere.md'");
    assert_eq!(parent.len(), 1, "{}", run.stderr);
}

#[test]
fn other_generators_yaml_keys_are_understood() {
    let site = TestSite::new()
        .file(
            "content/docs/b.md",
            "---\ntitle: Bravo\nsidebar_position: 1\nlast_update:\n  date: 2026-01-02\n  author: Ann\nredirect_from: [/old-b/]\n---\nB.\n",
        )
        .file(
            "content/docs/a.md",
            "---\ntitle: Alpha page with a long title\nlinkTitle: Alpha\nnav_order: 2\nslug: first\ndate: 2026-02-03T10:00:00+01:00\ncategories: [guides]\n---\nA.\n",
        );
    let run = site.build(&[]).ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let docs = site.html("docs/index.html");
    let listed: Vec<String> = texts(&docs, "main a")
        .into_iter()
        .filter(|t| t == "Bravo" || t.starts_with("Alpha"))
        .collect();
    assert_eq!(listed, ["Bravo", "Alpha"]);
    assert!(site.exists("docs/first/index.html"));
    assert!(site.exists("old-b/index.html"));
    let a = site.output("docs/first/index.html");
    assert!(a.contains("guides"), "categories are shown as tags");
    assert!(a.contains("2026-02-03"), "the date of a date-time is kept");
    // Outside git, `last_update` says when the page last changed, on the
    // page and in the sitemap.
    let b = site.html("docs/b/index.html");
    assert_eq!(attrs(&b, "p.last-updated time", "datetime"), ["2026-01-02"]);
    assert!(texts(&site.html("docs/first/index.html"), "p.last-updated").is_empty());
    assert_eq!(
        sitemap_lastmods(&site),
        [("/docs/b/".to_string(), "2026-01-02".to_string())]
    );
}

#[test]
fn exported_links_resolve_encoded_names_and_keep_queries() {
    let site = TestSite::fixture("export-links");
    let run = site.build(&[]).ok();
    assert!(!run.stderr.contains("broken"), "{}", run.stderr);
    let home = site.html("index.html");
    let hrefs = attrs(&home, ".content li a", "href");
    assert_eq!(
        hrefs,
        [
            "/roles-responsibilities_123456/",
            "/roles-responsibilities_123456/",
            "/roles-responsibilities_123456/",
            "/team-s-charter_777/",
            "/team-s-charter_777/",
            "/glossary_424242/?version=2",
            "/#",
            "/#top",
        ]
    );
    assert_eq!(
        attrs(&home, ".content img", "src"),
        ["/attachments/123456/diagram.png?width=680"]
    );
    assert!(site.exists("attachments/123456/diagram.png"));
}

#[test]
fn a_missing_image_says_where_the_file_was_expected() {
    let site = TestSite::fixture("export-links").file(
        "content/notes/page.md",
        "---\ntitle: Notes\n---\n![chart](images/chart.png?width=300)\n\n[gone](Gone%2C%20Page.md)\n",
    );
    let run = site.build(&[]).expect_code(1);
    let image = lines_with(
        &run,
        "content/notes/page.md:4:1: error: missing image 'images/chart.png?width=300'",
    );
    assert_eq!(image.len(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("expected at content/notes/images/chart.png"),
        "{}",
        run.stderr
    );
    assert!(!image[0].contains("broken link"), "{}", image[0]);
    let link = lines_with(
        &run,
        "content/notes/page.md:6:1: error: broken link 'Gone%2C%20Page.md'",
    );
    assert_eq!(link.len(), 1, "{}", run.stderr);
    assert!(!link[0].contains("did you mean Gone"), "{}", link[0]);
    let warned = site
        .file(
            "strata.yaml",
            "title: Framework\nhealth:\n  missing-image: warning\n",
        )
        .build(&[]);
    assert_eq!(
        lines_with(&warned, "warning: missing image").len(),
        1,
        "{}",
        warned.stderr
    );
}

#[test]
fn a_near_name_is_suggested_as_a_link_that_works() {
    let site = TestSite::fixture("export-links").file(
        "content/notes/page.md",
        "---\ntitle: Notes\n---\n[roles](../Roles%2C%20Responsibilitie_123456.md)\n",
    );
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr
            .contains("did you mean ../Roles%2C%20Responsibilities_123456.md?"),
        "{}",
        run.stderr
    );
}
