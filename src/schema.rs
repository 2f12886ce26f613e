//! The frontmatter keys, each with its type and meaning, in one table:
//! `strata schema` turns it into a JSON Schema for editors, the site's
//! reference page lists it. A test compares the table with the keys
//! [`FrontMatter`](crate::content::frontmatter::FrontMatter) accepts, so a
//! new key cannot be left out.

use crate::config::Config;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    Text,
    Integer,
    Number,
    Boolean,
    Date,
    TextList,
    Level,
    Reference,
    ReferenceList,
    Status,
    Horizon,
    Health,
    Period,
    Interval,
    Outcomes,
    Themes,
    Capacity,
    Blockers,
    Objectives,
    Cascade,
    Map,
}

impl ValueKind {
    /// How the reference page describes the value.
    pub fn describe(self) -> &'static str {
        match self {
            ValueKind::Text => "text",
            ValueKind::Integer => "whole number",
            ValueKind::Number => "number",
            ValueKind::Boolean => "true or false",
            ValueKind::Date => "date, YYYY-MM-DD",
            ValueKind::TextList => "list of text",
            ValueKind::Level => "a level key",
            ValueKind::Reference => "a page reference",
            ValueKind::ReferenceList => "list of page references",
            ValueKind::Status => "a status",
            ValueKind::Horizon => "now, next or later",
            ValueKind::Health => "on-track, at-risk or off-track",
            ValueKind::Period => "2026, 2026-H2, 2026-Q3 or 2026-09",
            ValueKind::Interval => "90d, 12w, 6m or 1y",
            ValueKind::Outcomes => "list of outcomes or outcome ids",
            ValueKind::Themes => "list of theme ids",
            ValueKind::Capacity => "{available, committed}",
            ValueKind::Blockers => "list of text or {plan, text}",
            ValueKind::Objectives => "list of {title, committed, value_planned, value_actual}",
            ValueKind::Cascade => "map of keys",
            ValueKind::Map => "map",
        }
    }
}

/// One frontmatter key.
#[derive(Debug, Serialize)]
pub struct Key {
    pub name: &'static str,
    /// Other names for it, as other generators write them.
    pub also: &'static [&'static str],
    pub kind: ValueKind,
    pub meaning: &'static str,
}

const fn key(name: &'static str, kind: ValueKind, meaning: &'static str) -> Key {
    key_also(name, &[], kind, meaning)
}

const fn key_also(
    name: &'static str,
    also: &'static [&'static str],
    kind: ValueKind,
    meaning: &'static str,
) -> Key {
    Key {
        name,
        also,
        kind,
        meaning,
    }
}

/// Every key a page's frontmatter may set, in the order of the README.
pub const KEYS: &[Key] = &[
    key(
        "title",
        ValueKind::Text,
        "The page's title; without it, the first `# heading`, else the file name.",
    ),
    key_also(
        "linkTitle",
        &["linktitle", "sidebar_label"],
        ValueKind::Text,
        "A shorter title for menus and lists.",
    ),
    key(
        "description",
        ValueKind::Text,
        "A one-line summary, shown in listings.",
    ),
    key(
        "summary",
        ValueKind::Text,
        "Another name for `description`.",
    ),
    key_also(
        "weight",
        &["nav_order", "sidebar_position"],
        ValueKind::Integer,
        "Sort order within the section; lower comes first.",
    ),
    key(
        "draft",
        ValueKind::Boolean,
        "Leave the page out unless the build is run with `--drafts`.",
    ),
    key("date", ValueKind::Date, "The day of a daily page."),
    key_also(
        "lastmod",
        &["last_update", "updated"],
        ValueKind::Date,
        "When the page last changed, as its author says.",
    ),
    key(
        "slug",
        ValueKind::Text,
        "The page's own URL segment, instead of one made from its file name.",
    ),
    key("tags", ValueKind::TextList, "Free-form tags."),
    key("categories", ValueKind::TextList, "Read as more `tags`."),
    key_also(
        "aliases",
        &["redirect_from"],
        ValueKind::TextList,
        "Old URLs that redirect to this page.",
    ),
    key(
        "template",
        ValueKind::Text,
        "Render the page with another template.",
    ),
    key(
        "paginate_by",
        ValueKind::Integer,
        "On a section: how many pages and sub-sections one page of its list shows.",
    ),
    key(
        "level",
        ValueKind::Level,
        "The planning level; usually set for a whole folder through `cascade`.",
    ),
    key(
        "parent",
        ValueKind::Reference,
        "The one plan this page serves: a path below content/, a path relative to this file, or an `id`.",
    ),
    key(
        "contributes_to",
        ValueKind::ReferenceList,
        "Further plans this page helps.",
    ),
    key(
        "id",
        ValueKind::Text,
        "A short name other pages can use as a reference.",
    ),
    key("status", ValueKind::Status, "Where the plan stands."),
    key(
        "health",
        ValueKind::Health,
        "How the plan is going, as its owner sees it.",
    ),
    key(
        "owner",
        ValueKind::Text,
        "The person accountable for the plan.",
    ),
    key("team", ValueKind::Text, "The team doing the work."),
    key("start", ValueKind::Date, "The plan's first day."),
    key("end", ValueKind::Date, "The plan's last day."),
    key(
        "period",
        ValueKind::Period,
        "A coarser span instead of `start` and `end`.",
    ),
    key(
        "goal",
        ValueKind::Text,
        "A sprint goal or release objective.",
    ),
    key(
        "outcomes",
        ValueKind::Outcomes,
        "On upper levels, outcomes `{id, title, metric, baseline, target, current}`; below, the ids of the outcomes served.",
    ),
    key("themes", ValueKind::Themes, "Strategic theme ids."),
    key(
        "horizon",
        ValueKind::Horizon,
        "Now, next or later on the roadmap, instead of leaving it to the dates.",
    ),
    key(
        "depends_on",
        ValueKind::ReferenceList,
        "Plans that must be done first.",
    ),
    key(
        "capacity",
        ValueKind::Capacity,
        "An iteration's available and committed capacity, in the team's unit.",
    ),
    key(
        "remaining",
        ValueKind::Number,
        "On a daily page, the work left in the sprint; feeds the burndown.",
    ),
    key(
        "done",
        ValueKind::Number,
        "On a daily page, the work done so far in the sprint; feeds the burnup.",
    ),
    key(
        "scope",
        ValueKind::Number,
        "On a daily page, the sprint's whole scope that day; feeds the burnup.",
    ),
    key(
        "points",
        ValueKind::Number,
        "On a plan serving a sprint, the size of the work; a burnup rebuilt from status changes adds it up.",
    ),
    key(
        "blockers",
        ValueKind::Blockers,
        "On a daily page, what blocks the work: text, or `{plan, text}` naming the plan that blocks it.",
    ),
    key(
        "objectives",
        ValueKind::Objectives,
        "On a release, its objectives: `{title, committed, value_planned, value_actual}`.",
    ),
    key(
        "review_every",
        ValueKind::Interval,
        "How often the plan is reviewed; defaults to its level's interval.",
    ),
    key(
        "last_reviewed",
        ValueKind::Date,
        "The day the plan was last reviewed.",
    ),
    key(
        "cascade",
        ValueKind::Cascade,
        "On `_index.md`: values for every page below that does not set them.",
    ),
    key(
        "extra",
        ValueKind::Map,
        "Free data for custom templates; Strata does not read it.",
    ),
];

/// The values `status:` accepts.
pub const STATUSES: &[&str] = &["draft", "proposed", "planned", "active", "done", "dropped"];

/// The values `health:` accepts.
pub const HEALTHS: &[&str] = &["on-track", "at-risk", "off-track"];

/// The site's own words that frontmatter values are checked against.
/// Themes are free text until a site declares them.
pub struct Vocabulary<'a> {
    pub levels: Vec<&'a str>,
    pub themes: Vec<&'a str>,
    /// Keys Strata does not know are flagged, as `strata check` flags them,
    /// unless the site says `frontmatter: ignore`.
    pub flag_unknown: bool,
}

impl<'a> Vocabulary<'a> {
    pub fn of(config: &'a Config) -> Self {
        Vocabulary {
            levels: config.levels.iter().map(|l| l.key.as_str()).collect(),
            themes: config
                .themes
                .iter()
                .flatten()
                .map(|t| t.id.as_str())
                .collect(),
            flag_unknown: config.frontmatter != crate::config::FrontmatterPolicy::Ignore,
        }
    }
}

/// What the reference page (`/reference/`) shows: every key, and the
/// values this site accepts for the ones it constrains.
#[derive(Serialize)]
pub struct ReferencePage<'a> {
    pub keys: Vec<KeyView>,
    pub levels: Vec<LevelKey<'a>>,
    pub statuses: &'static [&'static str],
    pub healths: &'static [&'static str],
}

#[derive(Serialize)]
pub struct KeyView {
    pub name: &'static str,
    pub also: &'static [&'static str],
    pub kind: ValueKind,
    pub value: &'static str,
    pub meaning: &'static str,
}

#[derive(Serialize)]
pub struct LevelKey<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub cadence: &'a str,
    pub review_every: Option<String>,
}

pub fn reference(config: &Config) -> ReferencePage<'_> {
    ReferencePage {
        keys: KEYS
            .iter()
            .map(|k| KeyView {
                name: k.name,
                also: k.also,
                kind: k.kind,
                value: k.kind.describe(),
                meaning: k.meaning,
            })
            .collect(),
        levels: config
            .levels
            .iter()
            .map(|l| LevelKey {
                key: &l.key,
                name: &l.name,
                cadence: &l.cadence,
                review_every: l.review_every.map(|r| r.to_string()),
            })
            .collect(),
        statuses: STATUSES,
        healths: HEALTHS,
    }
}

/// The JSON Schema (draft 7, which editors' YAML language servers
/// support) of a page's frontmatter on this site.
pub fn json_schema(config: &Config) -> String {
    let vocabulary = Vocabulary::of(config);
    let mut schema = object(&vocabulary, true);
    schema["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    schema["title"] = json!(format!("Frontmatter of a page on {}", config.title));
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

fn object(vocabulary: &Vocabulary, with_cascade: bool) -> Value {
    let properties: Map<String, Value> = KEYS
        .iter()
        .filter(|k| with_cascade || k.kind != ValueKind::Cascade)
        .flat_map(|k| {
            let mut value = value_schema(k.kind, vocabulary);
            value["description"] = json!(k.meaning);
            let also = k.also.iter().map(move |name| {
                let mut other = value_schema(k.kind, vocabulary);
                other["description"] = json!(format!("Another name for `{}`.", k.name));
                (name.to_string(), other)
            });
            std::iter::once((k.name.to_string(), value)).chain(also)
        })
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": !vocabulary.flag_unknown,
    })
}

fn enumeration(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

fn text_list() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

fn value_schema(kind: ValueKind, vocabulary: &Vocabulary) -> Value {
    match kind {
        ValueKind::Text | ValueKind::Reference => json!({ "type": "string" }),
        ValueKind::Integer => json!({ "type": "integer" }),
        ValueKind::Number => json!({ "type": "number" }),
        ValueKind::Boolean => json!({ "type": "boolean" }),
        ValueKind::Date => json!({ "type": "string", "pattern": r"^\s*\d{4}-\d{2}-\d{2}\s*$" }),
        ValueKind::TextList | ValueKind::ReferenceList => text_list(),
        ValueKind::Level => enumeration(&vocabulary.levels),
        ValueKind::Status => enumeration(STATUSES),
        ValueKind::Horizon => enumeration(&["now", "next", "later"]),
        ValueKind::Health => enumeration(HEALTHS),
        ValueKind::Themes if vocabulary.themes.is_empty() => text_list(),
        ValueKind::Themes => json!({ "type": "array", "items": enumeration(&vocabulary.themes) }),
        ValueKind::Period => json!({
            "anyOf": [
                { "type": "integer", "minimum": 1000, "maximum": 9999 },
                { "type": "string", "pattern": r"^\s*\d{4}(-([HhQq][1-4]|0?[1-9]|1[0-2]))?\s*$" },
            ]
        }),
        ValueKind::Interval => json!({
            "anyOf": [
                { "type": "integer", "minimum": 1 },
                { "type": "string", "pattern": r"^\s*0*[1-9]\d*\s*(d|days?|w|weeks?|m|months?|y|years?)\s*$" },
            ]
        }),
        ValueKind::Outcomes => json!({
            "type": "array",
            "items": { "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "id": { "type": "string" },
                        "title": { "type": "string" },
                        "metric": { "type": "string" },
                        "baseline": {},
                        "target": {},
                        "current": {},
                    },
                    "required": ["id", "title"],
                    "additionalProperties": false,
                },
            ]}
        }),
        ValueKind::Blockers => json!({
            "type": "array",
            "items": { "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": { "plan": { "type": "string" }, "text": { "type": "string" } },
                    "required": ["plan"],
                    "additionalProperties": false,
                },
            ]},
        }),
        ValueKind::Objectives => json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "title": { "type": "string" },
                    "committed": { "type": "boolean" },
                    "value_planned": { "type": "number" },
                    "value_actual": { "type": "number" },
                },
                "required": ["title"],
                "additionalProperties": false,
            },
        }),
        ValueKind::Capacity => json!({
            "type": "object",
            "properties": {
                "available": { "type": "number" },
                "committed": { "type": "number" },
            },
            "required": ["available", "committed"],
            "additionalProperties": false,
        }),
        ValueKind::Cascade => object(vocabulary, false),
        ValueKind::Map => json!({ "type": "object" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::{Health, Status};

    /// The names serde lists after "expected one of" for an unknown name.
    fn expected_names(message: &str) -> Vec<String> {
        let list = message.split("expected one of").nth(1).unwrap_or_default();
        list.split(',')
            .map(|s| s.trim().trim_matches('`').to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    #[test]
    fn the_table_lists_every_frontmatter_key() {
        let mut accepted = crate::content::keys::known_keys().to_vec();
        let mut listed: Vec<&str> = KEYS
            .iter()
            .flat_map(|k| std::iter::once(k.name).chain(k.also.iter().copied()))
            .collect();
        accepted.sort_unstable();
        listed.sort_unstable();
        assert_eq!(listed, accepted);
    }

    #[test]
    fn statuses_and_healths_match_the_enums() {
        let err = crate::yaml::from_str::<Status>("nope").unwrap_err();
        assert_eq!(expected_names(&err.message), STATUSES);
        let err = crate::yaml::from_str::<Health>("nope").unwrap_err();
        assert_eq!(expected_names(&err.message), HEALTHS);
    }

    #[test]
    fn levels_are_an_enum_and_cascade_has_no_cascade() {
        let config =
            Config::parse("levels:\n  - {key: roadmap, name: R}\n  - {key: sprint, name: S}\n")
                .unwrap();
        let schema: Value = serde_json::from_str(&json_schema(&config)).unwrap();
        assert_eq!(
            schema["properties"]["level"]["enum"],
            json!(["roadmap", "sprint"])
        );
        let cascade = &schema["properties"]["cascade"]["properties"];
        assert!(cascade.get("level").is_some() && cascade.get("cascade").is_none());
    }
}
