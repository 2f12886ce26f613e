//! Splitting a markdown file into YAML frontmatter and body, and parsing the
//! frontmatter into typed fields.
//!
//! Errors carry the real line in the file, not the line inside the YAML.

use crate::dates::{Date, Interval, Period, parse_date};
use crate::yaml;
use serde::{Deserialize, Deserializer, Serialize};

/// Frontmatter larger than this is refused (it is a plan, not a database).
pub const MAX_FRONTMATTER_BYTES: usize = 64 * 1024;

/// Where a planning item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Proposed,
    Planned,
    Active,
    Done,
    Dropped,
}

impl Status {
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Dropped)
    }
}

/// How a planning item is going, as its owner declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    OnTrack,
    AtRisk,
    OffTrack,
}

/// Team capacity for an iteration, in whatever unit the team uses.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    pub available: f64,
    pub committed: f64,
}

/// A release objective (a PI objective): committed or stretch, with the
/// business value planned and, once known, delivered.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub title: String,
    #[serde(default = "yes")]
    pub committed: bool,
    #[serde(default)]
    pub value_planned: Option<f64>,
    #[serde(default)]
    pub value_actual: Option<f64>,
}

fn yes() -> bool {
    true
}

/// An entry of a daily page's `blockers:`: what blocks the work, as text,
/// or the plan that blocks it (`{plan: ref, text: ...}`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Blocker {
    Text(String),
    Plan {
        plan: String,
        #[serde(default)]
        text: Option<String>,
    },
}

/// A measurable outcome defined on a vision or roadmap page.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub metric: Option<String>,
    #[serde(default)]
    pub baseline: Option<yaml::Value>,
    #[serde(default)]
    pub target: Option<yaml::Value>,
    #[serde(default)]
    pub current: Option<yaml::Value>,
}

/// An entry of `outcomes:`: a definition on upper levels, an id below.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OutcomeEntry {
    Ref(String),
    Defined(Box<Outcome>),
}

/// Every field a page may set. All optional so that `cascade:` can fill
/// what a page leaves out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub summary: Option<String>,
    pub weight: Option<i64>,
    pub draft: Option<bool>,
    #[serde(default, deserialize_with = "de_date")]
    pub date: Option<Date>,
    pub tags: Option<Vec<String>>,
    pub aliases: Option<Vec<String>>,
    pub template: Option<String>,
    pub level: Option<String>,
    pub parent: Option<String>,
    pub contributes_to: Option<Vec<String>>,
    pub id: Option<String>,
    pub status: Option<Status>,
    pub health: Option<Health>,
    pub owner: Option<String>,
    pub team: Option<String>,
    #[serde(default, deserialize_with = "de_date")]
    pub start: Option<Date>,
    #[serde(default, deserialize_with = "de_date")]
    pub end: Option<Date>,
    #[serde(default, deserialize_with = "de_period")]
    pub period: Option<(String, Period)>,
    pub goal: Option<String>,
    pub outcomes: Option<Vec<OutcomeEntry>>,
    pub themes: Option<Vec<String>>,
    pub depends_on: Option<Vec<String>>,
    pub capacity: Option<Capacity>,
    pub remaining: Option<f64>,
    /// Work done so far, on a daily page (burnup).
    pub done: Option<f64>,
    /// The sprint's total scope that day, on a daily page (burnup).
    pub scope: Option<f64>,
    pub blockers: Option<Vec<Blocker>>,
    pub objectives: Option<Vec<Objective>>,
    pub review_every: Option<Interval>,
    #[serde(default, deserialize_with = "de_date")]
    pub last_reviewed: Option<Date>,
    pub cascade: Option<Box<FrontMatter>>,
    pub extra: Option<yaml::Mapping>,
}

macro_rules! inherit_fields {
    ($to:ident, $from:ident, $($field:ident),*) => {
        $( if $to.$field.is_none() { $to.$field = $from.$field.clone(); } )*
    };
}

impl FrontMatter {
    /// The one-line summary: `description`, or `summary` as its other name.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref().or(self.summary.as_deref())
    }

    /// Fills the fields this page leaves unset from a `cascade:` block.
    /// Identity fields (title, id, aliases, ...) never cascade.
    pub fn inherit(&mut self, from: &FrontMatter) {
        inherit_fields!(
            self,
            from,
            weight,
            draft,
            date,
            tags,
            template,
            level,
            parent,
            contributes_to,
            status,
            health,
            owner,
            team,
            start,
            end,
            period,
            goal,
            outcomes,
            themes,
            depends_on,
            capacity,
            review_every,
            last_reviewed,
            extra
        );
    }

    /// The page's span: `start`/`end` if both are set, else `period`.
    pub fn span(&self) -> Option<Period> {
        match (self.start, self.end, &self.period) {
            (Some(start), Some(end), _) => Some(Period { start, end }),
            (_, _, Some((_, period))) => Some(*period),
            (Some(start), None, None) => Some(Period { start, end: start }),
            (None, Some(end), None) => Some(Period { start: end, end }),
            (None, None, None) => self.date.map(|d| Period { start: d, end: d }),
        }
    }
}

fn de_date<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Date>, D::Error> {
    let text = String::deserialize(de)?;
    parse_date(&text).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!("'{text}' is not a date: write YYYY-MM-DD"))
    })
}

fn de_period<'de, D: Deserializer<'de>>(de: D) -> Result<Option<(String, Period)>, D::Error> {
    let text = match yaml::Value::deserialize(de)? {
        yaml::Value::String(s) => s,
        yaml::Value::Number(n) => n.to_string(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "'{other:?}' is not a period"
            )));
        }
    };
    Period::parse(&text)
        .map(|p| Some((text.clone(), p)))
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{text}' is not a period: write 2026, 2026-H2, 2026-Q3 or 2026-09"
            ))
        })
}

/// A file cut into its frontmatter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text, without the `---` lines.
    pub yaml: Option<&'a str>,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// A problem at a 1-based line and column of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: &'static str,
}

/// Cuts `---`-fenced YAML off the top of a file.
pub fn split(text: &str) -> Result<Split<'_>, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() == "+++" {
        return Err(FileError {
            line: 1,
            column: 1,
            message: "TOML frontmatter (+++) is not supported".into(),
            hint: "convert it to YAML between --- lines",
        });
    }
    if first_line.trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            yaml_line: 0,
            body: text,
            body_line: 1,
        });
    }
    let yaml_start = first_line.len()
        + if text[first_line.len()..].starts_with("\r\n") {
            2
        } else {
            1
        };
    let mut offset = yaml_start.min(text.len());
    for (line, raw) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let trimmed = raw.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &text[yaml_start..offset];
            let body_start = offset + raw.len();
            return Ok(Split {
                yaml: Some(yaml),
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(FileError {
        line: 1,
        column: 1,
        message: "the frontmatter that starts here is never closed".into(),
        hint: "add a line containing only --- after the last frontmatter field",
    })
}

/// Parses the YAML of a split file into [`FrontMatter`], with file positions.
pub fn parse(split: &Split<'_>) -> Result<FrontMatter, FileError> {
    let Some(yaml) = split.yaml else {
        return Ok(FrontMatter::default());
    };
    if yaml.len() > MAX_FRONTMATTER_BYTES {
        return Err(FileError {
            line: split.yaml_line,
            column: 1,
            message: format!(
                "the frontmatter is {} KiB; the limit is 64 KiB",
                yaml.len() / 1024
            ),
            hint: "move long text into the body of the page",
        });
    }
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let fm: FrontMatter = yaml::from_str(yaml).map_err(|e| FileError {
        line: split.yaml_line + e.line - 1,
        column: e.column,
        message: e.message.clone(),
        hint: hint_for(&e.message),
    })?;
    if fm.cascade.as_ref().is_some_and(|c| c.cascade.is_some()) {
        return Err(FileError {
            line: key_line(split, "cascade").unwrap_or(split.yaml_line),
            column: 1,
            message: "`cascade:` cannot contain another `cascade:`".into(),
            hint: "put the inner cascade on the _index.md of the sub-folder",
        });
    }
    Ok(fm)
}

fn hint_for(message: &str) -> &'static str {
    // Nested errors start with their path: `capacity: unknown field ...`.
    if message.contains("untagged enum Blocker") {
        "write a blocker as text, or as {plan: <content path or id>, text: ...}"
    } else if message.contains("unknown field") {
        "check the spelling; custom data goes under `extra:`"
    } else if message.contains("unknown variant") {
        "use one of the values listed"
    } else if message.contains("invalid type") {
        "check the value's type (numbers unquoted, lists in [ ] or on '- ' lines)"
    } else {
        "check the YAML syntax near this line (indentation, quotes, a ':' after each key)"
    }
}

/// The file line of a top-level frontmatter key, for later diagnostics.
pub fn key_line(split: &Split<'_>, key: &str) -> Option<usize> {
    let yaml = split.yaml?;
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| split.yaml_line + i)
}

/// The text of the first `# heading` outside code blocks, used as a title
/// when the frontmatter has none.
pub fn first_h1(body: &str) -> Option<String> {
    let mut fenced = false;
    let mut previous = "";
    for line in body.lines() {
        let trimmed = line.trim_start();
        // Four spaces of indentation make a code block, not a heading.
        let code = line.len() - trimmed.len() >= 4;
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced && !code {
            if let Some(title) = trimmed.strip_prefix("# ") {
                let title = without_attributes(title.trim().trim_end_matches('#').trim());
                return Some(crate::markdown::inline_text(title));
            }
            // A setext heading: text underlined with `===`.
            let underline = trimmed.trim_end();
            if !underline.is_empty()
                && underline.chars().all(|c| c == '=')
                && !previous.trim().is_empty()
            {
                return Some(crate::markdown::inline_text(without_attributes(
                    previous.trim(),
                )));
            }
        }
        previous = if fenced { "" } else { line };
    }
    None
}

/// `Intro {#intro}` → `Intro`.
fn without_attributes(title: &str) -> &str {
    match title.rfind(" {") {
        Some(at) if title.ends_with('}') => title[..at].trim_end(),
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_frontmatter_and_counts_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        let s = split("No frontmatter").unwrap();
        assert_eq!(s.yaml, None);
    }

    #[test]
    fn unclosed_and_toml_are_errors() {
        assert!(
            split("---\ntitle: A\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(
            split("+++\ntitle = 'A'\n+++\n")
                .unwrap_err()
                .message
                .contains("TOML")
        );
    }

    #[test]
    fn error_line_is_the_file_line() {
        let text = "---\ntitle: A\nweight: high\n---\n";
        let err = parse(&split(text).unwrap()).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("invalid type"));
        let typo = "---\ncapacity: {available: 4, comitted: 3}\n---\n";
        let err = parse(&split(typo).unwrap()).unwrap_err();
        assert!(err.hint.contains("spelling"), "{err:?}");
    }

    #[test]
    fn typed_fields() {
        let text = "---\nlevel: iteration\nstatus: active\nhealth: at-risk\nstart: 2026-09-01\nperiod: 2026-Q3\ncapacity: {available: 40, committed: 36}\noutcomes: [faster-advice]\n---\n";
        let fm = parse(&split(text).unwrap()).unwrap();
        assert_eq!(fm.status, Some(Status::Active));
        assert_eq!(fm.health, Some(Health::AtRisk));
        assert_eq!(fm.period.as_ref().unwrap().0, "2026-Q3");
        assert_eq!(
            fm.outcomes.unwrap()[0],
            OutcomeEntry::Ref("faster-advice".into())
        );
        let err = parse(&split("---\nstart: soon\n---\n").unwrap()).unwrap_err();
        assert!(err.message.contains("YYYY-MM-DD"), "{}", err.message);
    }

    #[test]
    fn cascade_fills_only_missing_fields() {
        let mut page = FrontMatter {
            level: Some("daily".into()),
            ..Default::default()
        };
        let cascade = FrontMatter {
            level: Some("iteration".into()),
            owner: Some("ann".into()),
            title: Some("x".into()),
            ..Default::default()
        };
        page.inherit(&cascade);
        assert_eq!(page.level.as_deref(), Some("daily"));
        assert_eq!(page.owner.as_deref(), Some("ann"));
        assert_eq!(page.title, None);
    }

    #[test]
    fn finds_first_h1_outside_code() {
        let h1 = |body: &str| first_h1(body);
        assert_eq!(h1("```\n# not\n```\n# Yes #\n").as_deref(), Some("Yes"));
        assert_eq!(h1("    # code\n\n# Real\n").as_deref(), Some("Real"));
        assert_eq!(h1("# The *new* plan\n").as_deref(), Some("The new plan"));
        assert_eq!(h1("## no"), None);
        assert_eq!(
            h1("Setext title\n===\n\n# Second\n").as_deref(),
            Some("Setext title")
        );
        assert_eq!(h1("# Intro {#intro}\n").as_deref(), Some("Intro"));
    }
}
