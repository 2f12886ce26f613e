//! The plan taken elsewhere: `plan.json` checked against its published
//! schema, `plan.ics` read by an iCalendar parser, each level's
//! `plans.csv` read by a CSV reader, and the printable leadership pack.

use crate::common::*;
use serde_json::Value;

/// The timeline fixture with a plan whose text needs quoting and escaping.
fn site() -> TestSite {
    TestSite::fixture("timeline").file(
        "content/releases/tricky.md",
        "---\n\
         title: 'Launch \"Q1\", part; one'\n\
         level: release\n\
         parent: running\n\
         depends_on: [rel]\n\
         start: 2026-11-02\n\
         end: 2026-11-13\n\
         status: planned\n\
         team: Platform\n\
         owner: '=HYPERLINK(\"x\")'\n\
         goal: \"Two lines,\\nsecond\"\n\
         last_reviewed: 2026-10-01\n\
         review_every: 30d\n\
         ---\n\
         Text.\n",
    )
}

fn plan_json(site: &TestSite) -> Value {
    serde_json::from_str(&site.output("plan.json")).expect("plan.json is JSON")
}

fn plan<'a>(json: &'a Value, path: &str) -> &'a Value {
    json["plans"]
        .as_array()
        .expect("plans is a list")
        .iter()
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("{path} in plan.json"))
}

#[test]
fn plan_json_follows_its_published_schema() {
    let site = site();
    site.build(&[]).ok();
    let printed = site.run(&["schema", "--plan"]).ok().stdout;
    assert_eq!(
        printed,
        site.output("plan.schema.json"),
        "the site ships the schema the command prints"
    );
    let schema: Value = serde_json::from_str(&printed).expect("the schema is JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .expect("a valid 2020-12 schema");
    let json = plan_json(&site);
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(json["version"], 1);
    assert_eq!(json["today"], "2026-11-21");
    // The schema is strict: another version, a missing or an unknown field fail.
    let mut other = json.clone();
    other["version"] = 2.into();
    other["plans"][0].as_object_mut().unwrap().remove("level");
    other["plans"][1]["colour"] = "red".into();
    assert_eq!(validator.iter_errors(&other).count(), 3);
}

#[test]
fn plan_json_holds_every_plan_with_its_place_in_the_graph() {
    let site = site();
    site.build(&[]).ok();
    let json = plan_json(&site);
    let levels: Vec<(&str, u64)> = json["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["key"].as_str().unwrap(), l["plans"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            ("vision", 1),
            ("roadmap", 8),
            ("release", 3),
            ("iteration", 1),
            ("daily", 1)
        ]
    );
    assert_eq!(json["plans"].as_array().unwrap().len(), 14);

    let tricky = plan(&json, "releases/tricky.md");
    assert_eq!(tricky["title"], "Launch \"Q1\", part; one");
    assert_eq!(tricky["level"], "release");
    assert_eq!(tricky["parent"], "roadmap/running.md", "parent by path");
    assert_eq!(tricky["depends_on"], serde_json::json!(["releases/rel.md"]));
    assert_eq!(
        tricky["span"],
        serde_json::json!({"start": "2026-11-02", "end": "2026-11-13"})
    );
    assert_eq!(tricky["url"], "/releases/tricky/");
    assert_eq!(tricky["review_every"], "30 days");

    let running = plan(&json, "roadmap/running.md");
    assert_eq!(running["id"], "running");
    assert_eq!(running["period"], "2026-Q4");
    assert_eq!(running["span"]["end"], "2026-12-31");
    assert_eq!(running["health"], "on-track");
    assert_eq!(running["owner"], "Ana");
    assert_eq!(running["themes"], serde_json::json!(["speed"]));
    assert_eq!(running["serves"], serde_json::json!(["lead-time"]));

    let vision = plan(&json, "vision.md");
    let outcomes: Vec<(&str, &Value)> = vision["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["id"].as_str().unwrap(), &o["progress"]))
        .collect();
    assert_eq!(
        outcomes,
        [
            (
                "lead-time",
                &serde_json::json!({"percent": 63, "downward": true})
            ),
            (
                "adoption",
                &serde_json::json!({"percent": 25, "downward": false})
            ),
            ("nps", &Value::Null),
        ]
    );
    assert_eq!(vision["outcomes"][0]["baseline"], 9);

    // The findings readers see on the page, with their stable kind names.
    let overdue = plan(&json, "roadmap/overdue.md");
    let kinds: Vec<&str> = overdue["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["past-end"]);
    assert_eq!(overdue["findings"][0]["severity"], "warning");
    assert_eq!(
        plan(&json, "roadmap/running.md")["findings"],
        serde_json::json!([])
    );
}

/// The events of `plan.ics`, each as its properties by name (value as
/// written, escapes kept).
fn events(site: &TestSite) -> Vec<std::collections::BTreeMap<String, String>> {
    let text = site.output("plan.ics");
    let mut calendars = ical::IcalParser::new(text.as_bytes());
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("plan.ics parses");
    assert!(calendars.next().is_none(), "only one calendar");
    let names: Vec<&str> = calendar
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    for required in ["VERSION", "PRODID"] {
        assert!(names.contains(&required), "{required} in {names:?}");
    }
    calendar
        .events
        .into_iter()
        .map(|e| {
            e.properties
                .into_iter()
                .map(|p| (p.name, p.value.unwrap_or_default()))
                .collect()
        })
        .collect()
}

fn event<'a>(
    events: &'a [std::collections::BTreeMap<String, String>],
    uid: &str,
) -> &'a std::collections::BTreeMap<String, String> {
    events
        .iter()
        .find(|e| e["UID"] == uid)
        .unwrap_or_else(|| panic!("event {uid}"))
}

#[test]
fn plan_ics_has_periods_milestones_and_review_dates() {
    let site = site();
    site.build(&["--base-url", "https://intranet.example/plans/"])
        .ok();
    let events = events(&site);
    for e in &events {
        for required in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
            assert!(e.contains_key(required), "{required} in {e:?}");
        }
        assert_eq!(e["DTSTAMP"], "20261121T000000Z", "stamped with --today");
    }
    // A period is an all-day event up to the day after its end.
    let period = event(&events, "period/roadmap/running.md@intranet.example/plans");
    assert_eq!(period["DTSTART"], "20261001");
    assert_eq!(period["DTEND"], "20270101");
    assert_eq!(period["SUMMARY"], "Running item");
    assert_eq!(
        period["URL"],
        "https://intranet.example/plans/roadmap/running/"
    );
    // A single date is a milestone.
    let milestone = event(
        &events,
        "milestone/releases/launch.md@intranet.example/plans",
    );
    assert_eq!(milestone["DTSTART"], "20261215");
    assert_eq!(milestone["DTEND"], "20261216");
    assert_eq!(milestone["SUMMARY"], "Milestone: Launch day");
    // Review due: last reviewed plus the plan's, or else its level's, interval.
    let review = event(&events, "review/releases/tricky.md@intranet.example/plans");
    assert_eq!(review["DTSTART"], "20261031");
    assert_eq!(
        review["SUMMARY"],
        "Review due: Launch \"Q1\"\\, part\\; one"
    );
    let level_interval = event(&events, "review/releases/rel.md@intranet.example/plans");
    assert_eq!(
        level_interval["DTSTART"], "20261224",
        "12 weeks after 2026-10-01"
    );
    // Daily notes and undated plans are not events; every UID is unique.
    let uids: std::collections::BTreeSet<&str> = events.iter().map(|e| e["UID"].as_str()).collect();
    assert_eq!(uids.len(), events.len());
    assert!(
        !uids
            .iter()
            .any(|u| u.contains("day.md") || u.contains("undated"))
    );
}

#[test]
fn exports_are_the_same_from_the_same_content() {
    let site = site();
    site.build(&[]).ok();
    let first = ["plan.json", "plan.ics", "levels/release/plans.csv"].map(|f| site.output(f));
    site.build(&[]).ok();
    let second = ["plan.json", "plan.ics", "levels/release/plans.csv"].map(|f| site.output(f));
    assert_eq!(first, second);
}

#[test]
fn each_level_has_a_csv_for_spreadsheets_linked_from_its_index() {
    let site = site();
    site.build(&[]).ok();
    let text = site.output("levels/release/plans.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header[..6],
        ["path", "title", "url", "parent", "status", "health"]
    );
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    let paths: Vec<&str> = rows.iter().map(|r| &r[column("path")]).collect();
    assert_eq!(
        paths,
        [
            "releases/rel.md",
            "releases/tricky.md",
            "releases/launch.md"
        ],
        "the level index's order"
    );
    let tricky = &rows[1];
    assert_eq!(&tricky[column("title")], "Launch \"Q1\", part; one");
    assert_eq!(&tricky[column("goal")], "Two lines,\nsecond");
    assert_eq!(
        &tricky[column("owner")],
        "'=HYPERLINK(\"x\")",
        "a formula shows as text"
    );
    assert_eq!(&tricky[column("start")], "2026-11-02");
    assert_eq!(&tricky[column("depends_on")], "releases/rel.md");
    let overdue_csv = site.output("levels/roadmap/plans.csv");
    let mut roadmap = csv::Reader::from_reader(overdue_csv.as_bytes());
    let overdue = roadmap
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "roadmap/overdue.md")
        .expect("the overdue item");
    assert_eq!((&overdue[16], &overdue[17]), ("1", "warning"));

    let index = site.html("levels/release/index.html");
    assert_eq!(
        attrs(&index, "a[type='text/csv']", "href"),
        ["/levels/release/plans.csv"]
    );
}

#[test]
fn leadership_pack_shows_outcomes_horizons_and_health() {
    let site = site();
    site.build(&[]).ok();
    let pack = site.html("pack/index.html");
    assert_eq!(
        texts(&pack, ".outcome-table tbody td:first-child"),
        ["Shorter lead time", "Wider adoption", "Happier users"],
        "the vision's outcomes"
    );
    assert_eq!(
        texts(&pack, ".outcome-table .progress-percent"),
        ["63% ↓", "25%", "no progress figure"]
    );
    assert_eq!(
        texts(&pack, ".horizon h3"),
        ["Now 3", "Next 1", "Later 2"],
        "the roadmap's now, next and later, as on the timeline"
    );
    let timeline = site.html("timeline/index.html");
    assert_eq!(
        attrs(&pack, ".horizon-card > a", "href"),
        attrs(&timeline, ".horizon-card > a", "href")
    );
    let health = site.html("health/index.html");
    assert_eq!(
        texts(&pack, ".scores tbody tr"),
        texts(&health, ".scores tbody tr"),
        "each level's health, as on the health page"
    );
    assert_eq!(
        texts(&pack, ".weakest h3"),
        ["Weakest level: Product vision"]
    );
    // Reached from the health page, with the exports.
    assert_eq!(
        attrs(&health, ".exports a", "href")[..4],
        ["/pack/", "/plan.json", "/plan.schema.json", "/plan.ics"]
    );
}

#[test]
fn exports_live_under_a_sub_path_and_stay_out_of_the_sitemap() {
    let site = site();
    site.build(&["--base-url", "https://intranet.example/plans/"])
        .ok();
    let health = site.html("health/index.html");
    for href in attrs(&health, ".exports a", "href") {
        let path = href
            .strip_prefix("/plans/")
            .unwrap_or_else(|| panic!("{href} under the base path"));
        let file = if path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        assert!(site.exists(&file), "{href} is built");
    }
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://intranet.example/plans/pack/</loc>"));
    for file in ["plan.json", "plan.ics", "plans.csv", "plan.schema.json"] {
        assert!(!sitemap.contains(file), "{file} is not a page");
    }
    assert_eq!(
        plan(&plan_json(&site), "vision.md")["url"],
        "https://intranet.example/plans/vision/"
    );
}

#[test]
fn a_content_page_or_static_file_cannot_take_an_export_address() {
    let site = site()
        .file("content/pack.md", "---\ntitle: Pack\n---\nMine.\n")
        .file("static/plan.json", "{}");
    let run = site.build(&[]).expect_code(1);
    assert!(
        run.stderr.contains("content/pack.md")
            && run.stderr.contains("the page Strata generates at /pack/"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the page Strata generates at /plan.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_preview_serves_the_exports_with_their_types() {
    let site = site();
    let served = crate::serve::Served::start(&site, &[]);
    let json = served.get("/plan.json");
    assert_eq!(json.status, 200);
    assert_eq!(json.header("content-type"), Some("application/json"));
    let plan: Value = serde_json::from_str(&json.body).expect("plan.json is JSON");
    assert_eq!(plan["plans"].as_array().map(Vec::len), Some(14));
    let ics = served.get("/plan.ics");
    assert_eq!(
        ics.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\n"));
    let csv = served.get("/levels/roadmap/plans.csv");
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(served.get("/pack/").status, 200);
}
