//! Integration tests: `strata check --format github` prints one correctly
//! escaped workflow command per finding, and `--format sarif` a log that
//! validates against the SARIF 2.1.0 schema.

use crate::common::*;

const TODAY: &str = "2026-11-21";

/// The findings of `check --format json`, for comparison.
fn json_findings(site: &TestSite, root: &str) -> Vec<serde_json::Value> {
    let run = site.run(&[
        "check", "--root", root, "--today", TODAY, "--format", "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["findings"].as_array().unwrap().clone()
}

/// Undoes the runner's escaping (`%25` last, so `%250A` stays `%0A`).
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// One parsed `::name k=v,k=v::data` line.
struct Command {
    name: String,
    properties: Vec<(String, String)>,
    data: String,
}

fn parse_command(line: &str) -> Command {
    let rest = line
        .strip_prefix("::")
        .unwrap_or_else(|| panic!("not a command: {line}"));
    let (head, data) = rest
        .split_once("::")
        .unwrap_or_else(|| panic!("no data: {line}"));
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    // Escaped values hold no raw ',' or ':'.
    assert!(!data.contains(['\n', '\r']), "{line}");
    let properties = properties
        .split(',')
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .unwrap_or_else(|| panic!("property {p} in {line}"));
            (k.to_string(), unescape(v))
        })
        .collect();
    Command {
        name: name.to_string(),
        properties,
        data: unescape(data),
    }
}

fn assert_commands_match(stdout: &str, findings: &[serde_json::Value], prefix: &str) {
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), findings.len(), "{stdout}");
    for (line, finding) in lines.iter().zip(findings) {
        let command = parse_command(line);
        assert_eq!(
            command.name,
            finding["severity"].as_str().unwrap(),
            "{line}"
        );
        let property = |key: &str| {
            command
                .properties
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        let file = format!("{prefix}{}", finding["file"].as_str().unwrap());
        assert_eq!(property("file"), Some(file), "{line}");
        assert_eq!(
            property("title").as_deref(),
            finding["kind"].as_str(),
            "{line}"
        );
        let position = |key: &str| match finding[key].as_u64() {
            Some(0) | None => None,
            Some(n) => Some(n.to_string()),
        };
        assert_eq!(property("line"), position("line"), "{line}");
        assert_eq!(property("col"), position("column"), "{line}");
        let mut message = finding["message"].as_str().unwrap().to_string();
        if let Some(hint) = finding["hint"].as_str() {
            message = format!("{message}\nhelp: {hint}");
        }
        assert_eq!(command.data, message, "{line}");
    }
}

#[test]
fn github_format_prints_one_command_per_finding() {
    let site = TestSite::fixture("health-planted");
    let run = site
        .run(&["check", "--today", TODAY, "--format", "github"])
        .ok();
    assert_commands_match(&run.stdout, &json_findings(&site, "."), "");
    let config = run
        .stdout
        .lines()
        .find(|l| l.contains("strata.yaml"))
        .unwrap();
    assert!(
        config.starts_with("::warning file=strata.yaml,title=missing-level::"),
        "{config}"
    );
}

#[test]
fn github_format_escapes_data_and_properties() {
    let site = TestSite::new().file(
        "content/site/content/Notes, v2: draft.md",
        "---\ntitle: Notes\n---\n\nSee [the 100% plan](missing%.md).\n",
    );
    // Run from outside the site: paths are given as seen from there.
    let site_root = "content/site";
    std::fs::rename(
        site.path("content/_index.md"),
        site.path("content/site/content/_index.md"),
    )
    .unwrap();
    let run = site
        .run(&[
            "check", "--root", site_root, "--today", TODAY, "--format", "github",
        ])
        .expect_code(1);
    let findings = json_findings(&site, site_root);
    assert_commands_match(&run.stdout, &findings, "content/site/");
    assert!(
        run.stdout
            .starts_with("::error file=content/site/content/Notes%2C v2%3A draft.md,line=5,col="),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("%25") && run.stdout.contains("%0Ahelp: "),
        "{}",
        run.stdout
    );
}

/// Replaces every `pattern` equal to `from`; returns how many.
fn replace_pattern(value: &mut serde_json::Value, from: &str, to: &str) -> usize {
    match value {
        serde_json::Value::Object(map) => map
            .iter_mut()
            .map(|(key, v)| {
                if key == "pattern" && v == from {
                    *v = serde_json::json!(to);
                    1
                } else {
                    replace_pattern(v, from, to)
                }
            })
            .sum(),
        serde_json::Value::Array(items) => {
            items.iter_mut().map(|v| replace_pattern(v, from, to)).sum()
        }
        _ => 0,
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sarif/sarif-schema-2.1.0.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // The official schema's `language` patterns have a stray `]`, which
    // the draft-7 meta-schema (ECMA-262 regexes) refuses. Only those are
    // replaced, by the RFC 5646 form the SARIF text describes; the logs
    // tested here have no `language`.
    let replaced = replace_pattern(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert_eq!(replaced, 2, "the known flaw of the official schema");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(site: &TestSite, code: i32) -> serde_json::Value {
    let run = site
        .run(&["check", "--today", TODAY, "--format", "sarif"])
        .expect_code(code);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let findings = json_findings(site, ".");
    assert_eq!(results.len(), findings.len());
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for (result, finding) in results.iter().zip(&findings) {
        assert_eq!(result["ruleId"], finding["kind"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], finding["kind"]);
        assert_eq!(result["level"], finding["severity"]);
        let location = &result["locations"][0]["physicalLocation"];
        let line = finding["line"].as_u64().unwrap();
        assert_eq!(
            location["region"]["startLine"].as_u64(),
            (line > 0).then_some(line)
        );
    }
    log
}

#[test]
fn sarif_log_validates_against_the_sarif_schema() {
    let mut log = assert_valid_sarif(&TestSite::fixture("health-planted"), 0);
    assert_eq!(log["version"], "2.1.0");
    // The validator is strict: a line 0 is refused.
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!sarif_validator().is_valid(&log));
    assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "strata");
    let broken = TestSite::fixture("links").file(
        "content/Team Notes/broken, ü.md",
        "---\ntitle: B\n---\n\n[gone](nowhere.md)\n",
    );
    let log = assert_valid_sarif(&broken, 1);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "content/Team%20Notes/broken,%20%C3%BC.md");
}

#[test]
fn sample_workflow_checks_pull_requests_with_these_formats() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci/github-actions.yml");
    let workflow: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).expect("valid YAML");
    assert!(workflow["on"].get("pull_request").is_some());
    let runs: Vec<&str> = workflow["jobs"]
        .as_mapping()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_sequence().unwrap())
        .filter_map(|step| step["run"].as_str())
        .filter(|run| run.starts_with("strata check"))
        .collect();
    assert_eq!(runs.len(), 2, "{runs:?}");
    let site = TestSite::fixture("health-clean");
    for run in runs {
        let command = run.split(" >").next().unwrap().replace("\"$SITE\"", ".");
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let mut with_today = args.clone();
        with_today.extend(["--today", TODAY]);
        site.run(&with_today).ok();
    }
}
