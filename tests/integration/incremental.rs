//! Integration tests: the incremental rebuild of `serve` gives exactly the
//! output of a full build, and full builds are reproducible.

use crate::common::*;
use strata::output::{Files, MemorySink};
use strata::site::{self, BuildOptions, Embeds, Update};

/// A planning site of a few hundred pages: one vision, three roadmap items,
/// six releases, thirty sprints (folders) and their daily pages.
fn generated_site() -> TestSite {
    let site = TestSite::new().file("strata.yaml", "title: Generated\n");
    site.write(
        "content/vision/_index.md",
        "---\ntitle: Vision\ncascade: {level: vision}\n---\n",
    );
    site.write(
        "content/vision/north.md",
        "---\ntitle: North\nid: north\noutcomes: [{id: o1, title: Outcome one}]\n---\n# North\n\nThe north star.\n\n## Why\n\nBecause.\n",
    );
    for r in 0..3 {
        site.write(
            &format!("content/roadmap/item-{r}.md"),
            format!("---\ntitle: Item {r}\nlevel: roadmap\nparent: north\nperiod: 2026-Q{}\nstatus: active\n---\nRoadmap item {r} summary.\n\nSee the [vision](../vision/north.md#why).\n", r + 2),
        );
        for rel in 0..2 {
            let dir = format!("content/releases/r{r}-{rel}");
            site.write(
                &format!("{dir}/_index.md"),
                format!("---\ntitle: Release {r}.{rel}\nlevel: release\nparent: roadmap/item-{r}.md\ngoal: Ship {r}.{rel}\nstatus: active\n---\nRelease {r}.{rel} summary.\n"),
            );
            for s in 0..5 {
                site.write(
                    &format!("{dir}/sprint-{s}/_index.md"),
                    format!("---\ntitle: Sprint {r}.{rel}.{s}\nlevel: iteration\ngoal: Goal {s}\nstart: 2026-0{}-0{}\ncascade: {{level: daily}}\n---\nSprint summary {r}.{rel}.{s}.\n\nBack to the [release](../_index.md).\n", 4 + r, 1 + s),
                );
                for d in 0..8u32 {
                    site.write(
                        &format!("{dir}/sprint-{s}/day-{d}.md"),
                        format!("---\ntitle: Day {d} of sprint {r}.{rel}.{s}\ndate: 2026-0{}-1{d}\nremaining: {}\n---\nStand-up {d}.\n\n## Blockers\n\nNone. See [yesterday](day-{}.md).\n", 4 + r, 40 - d, d.saturating_sub(1)),
                    );
                }
            }
        }
    }
    site
}

fn options(site: &TestSite) -> BuildOptions {
    BuildOptions {
        root: site.root().to_path_buf(),
        today: strata::dates::parse_date("2026-11-21"),
        ..BuildOptions::default()
    }
}

/// A full build as the preview keeps it: the site, its files, its embeds.
type Preview = (strata::site::Site, Files, Embeds);

fn full_build(site: &TestSite) -> Preview {
    let mut loaded = site::load(&options(site)).expect("the generated site loads");
    let sink = MemorySink::default();
    let embeds = loaded
        .render_for_preview(&sink)
        .expect("the generated site renders");
    (loaded, sink.into_files(), embeds)
}

/// Edits `file` with `edit`, applies the incremental update, and checks
/// the result against a fresh full build, byte for byte.
fn assert_incremental_matches_full(
    site: &TestSite,
    live: &mut Preview,
    file: &str,
    edit: impl Fn(&str) -> String,
) -> usize {
    let path = site.path(&format!("content/{file}"));
    let text = std::fs::read_to_string(&path).expect("read page");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit of {file} changes nothing");
    std::fs::write(&path, edited).expect("write page");
    let sink = MemorySink::default();
    let pages = match live.0.update_page(file, &sink, &mut live.2) {
        Update::Pages(pages) => pages.len(),
        Update::Full => panic!("a body edit of {file} should not need a full rebuild"),
    };
    live.1.extend(sink.into_files());
    let (_, fresh, _) = full_build(site);
    assert_eq!(live.1.len(), fresh.len(), "same files");
    for (name, bytes) in &fresh {
        assert!(
            live.1.get(name) == Some(bytes),
            "{name} differs from a full build after editing {file}"
        );
    }
    pages
}

#[test]
fn incremental_rebuild_is_byte_identical_to_a_full_build() {
    let site = generated_site();
    // With a search index, a new summary asks for a full rebuild (below).
    site.write("strata.yaml", "title: Generated\nsearch: false\n");
    let titled = "releases/r2-1/sprint-4/day-6.md";
    let text = std::fs::read_to_string(site.path(&format!("content/{titled}"))).expect("read");
    site.write(
        &format!("content/{titled}"),
        text.replace("---\nStand-up", "---\n# Day 6 of sprint 2.1.4\n\nStand-up"),
    );
    let mut live = full_build(&site);
    assert!(live.1.len() > 250, "a few hundred pages: {}", live.1.len());
    let day = "releases/r1-0/sprint-2/day-3.md";
    let only_itself = assert_incremental_matches_full(&site, &mut live, day, |t| {
        t.replace("None.", "The printer is out of toner.")
    });
    assert_eq!(
        only_itself, 1,
        "an edit below the summary re-renders only the page"
    );
    let with_summary = assert_incremental_matches_full(&site, &mut live, day, |t| {
        t.replace("Stand-up 3.", "Stand-up 3, rewritten.")
    });
    assert!(
        with_summary > 1,
        "a new summary re-renders the pages that show it"
    );
    assert_incremental_matches_full(&site, &mut live, day, |t| {
        t.replace(
            "See [yesterday](day-2.md).",
            "See [the first day](day-0.md).",
        )
    });
    assert_incremental_matches_full(&site, &mut live, "releases/r1-0/_index.md", |t| {
        t.replace("Release 1.0 summary.", "Release 1.0, new summary.")
    });
    assert_incremental_matches_full(&site, &mut live, "vision/north.md", |t| {
        t.replace("Because.", "Because we must.")
    });
    // The `# heading` that says the title is left out wherever it moves,
    // and a second one shifts the headings down.
    assert_incremental_matches_full(&site, &mut live, "vision/north.md", |t| {
        t.replace("# North", "Where we head.\n\n# North")
    });
    assert_incremental_matches_full(&site, &mut live, titled, |t| {
        format!("{t}\n# Notes\n\nFew.\n")
    });
}

#[test]
fn frontmatter_edits_and_broken_links_ask_for_a_full_rebuild() {
    let site = generated_site();
    let (mut loaded, _, mut embeds) = full_build(&site);
    // Writes `file` as `edit` makes it from its text at the start, and
    // checks that the update asks for a full rebuild, for the reason `why`.
    let mut asks_for_full = |file: &str, edit: &dyn Fn(&str) -> String, why: &str| {
        let path = site.path(&format!("content/{file}"));
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, edit(&text)).expect("write");
        let update = loaded.update_page(file, &MemorySink::default(), &mut embeds);
        assert!(matches!(update, Update::Full), "{file}: {why}");
        std::fs::write(&path, text).expect("restore");
    };
    let day = "releases/r0-0/sprint-0/day-1.md";
    asks_for_full(
        day,
        &|t| t.replace("remaining: 39", "remaining: 30"),
        "the frontmatter changed",
    );
    asks_for_full(day, &|t| t.replace("day-0.md", "day-99.md"), "a link broke");
    asks_for_full(
        day,
        &|t| t.replace("None.", "None.\n\n- [x] Ticked"),
        "task counts show on other pages",
    );
    asks_for_full(
        day,
        &|t| t.replace("Stand-up 1.", "Stand-up 1, rewritten."),
        "the search index holds every page's summary",
    );
    asks_for_full(
        "vision/north.md",
        &|t| t.replace("## Why", "## Reasons"),
        "the roadmap items link to its heading #why",
    );
    assert!(matches!(
        loaded.update_page("no/such/page.md", &MemorySink::default(), &mut embeds),
        Update::Full
    ));
}

#[test]
fn full_builds_are_byte_identical_whether_previewed_or_not() {
    let site = generated_site();
    let (_, first, _) = full_build(&site);
    let (_, second, _) = full_build(&site);
    assert!(first == second);
    let mut built = site::load(&options(&site)).expect("the generated site loads");
    let sink = MemorySink::default();
    built.render(&sink).expect("the generated site renders");
    assert!(
        sink.into_files() == first,
        "the preview renders what a build writes"
    );
}
