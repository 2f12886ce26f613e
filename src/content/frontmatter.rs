//! Splitting a markdown file into frontmatter (YAML between `---` lines,
//! or TOML between `+++` lines) and body, and parsing the frontmatter into
//! typed fields.
//!
//! Errors carry the real line in the file, not the line inside the YAML.
//! Keys Strata does not know are kept (see [`FrontMatter::unknown`]) and
//! judged later, by the site's `frontmatter:` setting.

use super::key_lines::KeyLines;
use crate::dates::{Date, Interval, Period, parse_date};
use crate::yaml;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Frontmatter larger than this is refused (it is a plan, not a database).
pub const MAX_FRONTMATTER_BYTES: usize = 64 * 1024;

/// Titles and names may be this long. They are shown on other pages
/// (menus, breadcrumbs, the golden thread), so they are bounded.
pub const MAX_TITLE_CHARS: usize = 300;
/// Descriptions, summaries and goals may be this long.
pub const MAX_TEXT_CHARS: usize = 2000;

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
    /// As written in frontmatter: `active`, `done` ...
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Proposed => "proposed",
            Status::Planned => "planned",
            Status::Active => "active",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

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

/// Where a roadmap item sits on Now / Next / Later, when its owner says
/// so rather than leaving it to its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Horizon {
    Now,
    Next,
    Later,
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
        plan: Box<str>,
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
/// what a page leaves out. Other generators' names for the same things
/// are aliases (`nav_order` is `weight`, `redirect_from` is `aliases`).
/// Every page keeps its frontmatter for as long as the site is previewed,
/// and nothing changes it after loading: text and lists are boxed (no
/// spare room), and what few pages set (`capacity`, `extra`) is boxed whole.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FrontMatter {
    pub title: Option<Box<str>>,
    /// A shorter title for menus and lists (Hugo's `linkTitle`).
    #[serde(rename = "linkTitle", alias = "linktitle", alias = "sidebar_label")]
    pub link_title: Option<Box<str>>,
    pub description: Option<Box<str>>,
    pub summary: Option<Box<str>>,
    #[serde(alias = "sidebar_position", alias = "nav_order")]
    pub weight: Option<i64>,
    pub draft: Option<bool>,
    #[serde(default, deserialize_with = "de_date")]
    pub date: Option<Date>,
    /// When the page last changed, as its author says.
    #[serde(
        default,
        alias = "last_update",
        alias = "updated",
        deserialize_with = "de_date"
    )]
    pub lastmod: Option<Date>,
    /// The page's own URL segment, instead of one made from its file name.
    pub slug: Option<Box<str>>,
    pub tags: Option<Box<[Box<str>]>>,
    /// Read as more `tags`.
    pub categories: Option<Box<[Box<str>]>>,
    #[serde(alias = "redirect_from")]
    pub aliases: Option<Box<[Box<str>]>>,
    pub template: Option<Box<str>>,
    /// On a section: the most pages and sub-sections one page of its list
    /// shows (the site's `paginate_by` otherwise).
    pub paginate_by: Option<usize>,
    pub level: Option<Box<str>>,
    pub parent: Option<Box<str>>,
    pub contributes_to: Option<Box<[Box<str>]>>,
    pub id: Option<Box<str>>,
    pub status: Option<Status>,
    pub health: Option<Health>,
    pub owner: Option<Box<str>>,
    pub team: Option<Box<str>>,
    #[serde(default, deserialize_with = "de_date")]
    pub start: Option<Date>,
    #[serde(default, deserialize_with = "de_date")]
    pub end: Option<Date>,
    #[serde(default, deserialize_with = "de_period")]
    pub period: Option<(Box<str>, Period)>,
    pub goal: Option<Box<str>>,
    pub outcomes: Option<Box<[OutcomeEntry]>>,
    pub themes: Option<Box<[Box<str>]>>,
    pub horizon: Option<Horizon>,
    pub depends_on: Option<Box<[Box<str>]>>,
    pub capacity: Option<Box<Capacity>>,
    pub remaining: Option<f64>,
    /// Work done so far, on a daily page (burnup).
    pub done: Option<f64>,
    /// The sprint's total scope that day, on a daily page (burnup).
    pub scope: Option<f64>,
    /// The size of a piece of work a sprint takes on, in the team's unit:
    /// what a burnup rebuilt from status changes adds up.
    pub points: Option<f64>,
    pub blockers: Option<Box<[Blocker]>>,
    pub objectives: Option<Box<[Objective]>>,
    pub review_every: Option<Interval>,
    #[serde(default, deserialize_with = "de_date")]
    pub last_reviewed: Option<Date>,
    pub cascade: Option<Box<FrontMatter>>,
    /// Custom data for templates; unknown top-level keys are added here.
    pub extra: Option<Box<yaml::Mapping>>,
    /// Keys Strata does not know, where the page sets them.
    #[serde(skip)]
    pub unknown: Box<[UnknownKey]>,
}

/// A frontmatter key no field has, as a dotted path (`cascade.colour`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

/// Which syntax a page's frontmatter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines (Hugo, Zola).
    Toml,
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

/// Dates and periods are read by visitors, so that a bad value is reported
/// by the YAML parser at its own line and column.
#[derive(Clone, Copy)]
struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date written YYYY-MM-DD")
    }

    /// A date, or a date and time (`2026-09-14T10:00:00Z`) of which the
    /// date is kept.
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
        let day = match text.as_bytes().get(10) {
            Some(b'T' | b't' | b' ') => &text[..10],
            _ => text,
        };
        parse_date(day)
            .ok_or_else(|| E::custom(format!("'{text}' is not a date: write YYYY-MM-DD")))
    }

    /// TOML hands a date over as a map of one entry; Docusaurus writes
    /// `last_update: {date: ..., author: ...}`.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let mut date = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "date" || key.starts_with("$__toml") {
                date = Some(self.visit_str(&map.next_value::<String>()?)?);
            } else {
                // Read, not ignored: the author is not an unknown key.
                map.next_value::<yaml::Value>()?;
            }
        }
        date.ok_or_else(|| de::Error::custom("a date written YYYY-MM-DD is missing"))
    }
}

fn de_date<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Date>, D::Error> {
    de.deserialize_any(DateVisitor).map(Some)
}

struct PeriodVisitor;

impl Visitor<'_> for PeriodVisitor {
    type Value = (Box<str>, Period);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a period: 2026, 2026-H2, 2026-Q3 or 2026-09")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Period::parse(text)
            .map(|p| (text.into(), p))
            .ok_or_else(|| {
                E::custom(format!(
                    "'{text}' is not a period: write 2026, 2026-H2, 2026-Q3 or 2026-09"
                ))
            })
    }

    fn visit_u64<E: de::Error>(self, year: u64) -> Result<Self::Value, E> {
        self.visit_str(&year.to_string())
    }

    fn visit_i64<E: de::Error>(self, year: i64) -> Result<Self::Value, E> {
        self.visit_str(&year.to_string())
    }
}

fn de_period<'de, D: Deserializer<'de>>(de: D) -> Result<Option<(Box<str>, Period)>, D::Error> {
    de.deserialize_any(PeriodVisitor).map(Some)
}

/// A file cut into its frontmatter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The frontmatter text, without the `---` (or `+++`) lines.
    pub yaml: Option<&'a str>,
    pub format: Format,
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

/// Cuts `---`-fenced YAML or `+++`-fenced TOML off the top of a file.
pub fn split(text: &str) -> Result<Split<'_>, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let (format, fence) = match first_line.trim_end() {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ => {
            return Ok(Split {
                yaml: None,
                format: Format::Yaml,
                yaml_line: 0,
                body: text,
                body_line: 1,
            });
        }
    };
    let yaml_start = first_line.len()
        + if text[first_line.len()..].starts_with("\r\n") {
            2
        } else {
            1
        };
    let mut offset = yaml_start.min(text.len());
    for (line, raw) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let trimmed = raw.trim_end();
        if trimmed == fence || (format == Format::Yaml && trimmed == "...") {
            let yaml = &text[yaml_start..offset];
            let body_start = offset + raw.len();
            return Ok(Split {
                yaml: Some(yaml),
                format,
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
        hint: match format {
            Format::Yaml => "add a line containing only --- after the last frontmatter field",
            Format::Toml => "add a line containing only +++ after the last frontmatter field",
        },
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
    let parsed = match split.format {
        Format::Yaml => yaml::from_str_with_unknown(yaml),
        Format::Toml => crate::toml::from_str_with_unknown(yaml),
    };
    let (mut fm, unknown): (FrontMatter, _) = parsed.map_err(|e| FileError {
        line: split.yaml_line + e.line - 1,
        column: e.column,
        hint: hint_for(&e.message, split.format),
        message: e.message,
    })?;
    if !unknown.is_empty() {
        keep_unknown(split, &mut fm, unknown);
    }
    if let Some(categories) = fm.categories.take() {
        let tags = fm.tags.take().unwrap_or_default();
        fm.tags = Some(tags.into_iter().chain(categories).collect());
    }
    if fm.cascade.as_ref().is_some_and(|c| c.cascade.is_some()) {
        return Err(FileError {
            line: key_position(split, "cascade", true).map_or(split.yaml_line, |(line, _)| line),
            column: 1,
            message: "`cascade:` cannot contain another `cascade:`".into(),
            hint: "put the inner cascade on the _index.md of the sub-folder",
        });
    }
    check_lengths(split, &fm)?;
    Ok(fm)
}

/// Records where each unknown key is set, and adds the top-level ones to
/// `extra` (beside, never over, keys written under `extra:`).
fn keep_unknown(split: &Split<'_>, fm: &mut FrontMatter, paths: Vec<String>) {
    // `cascade.?.colour`: the `?` stands for the `Option` around `cascade`.
    let paths: Vec<String> = paths.into_iter().map(|p| p.replace(".?", "")).collect();
    let text = split.yaml.unwrap_or_default();
    let top: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| !p.contains('.'))
        .collect();
    let values = match split.format {
        Format::Yaml => yaml::from_str::<yaml::Mapping>(text)
            .map(|all| {
                top.iter()
                    .filter_map(|k| Some(((*k).into(), all.get(*k)?.clone())))
                    .collect()
            })
            .unwrap_or_default(),
        Format::Toml => crate::toml::values(text, &top),
    };
    let extra = fm.extra.get_or_insert_default();
    for (key, value) in values {
        extra.entry(key).or_insert(value);
    }
    fm.unknown = paths
        .into_iter()
        .map(|path| {
            let key = path.rsplit('.').next().unwrap_or(&path);
            let first = path.split('.').next().unwrap_or(&path);
            let (line, column) = key_position(split, key, first == key)
                .or_else(|| key_position(split, first, true))
                .unwrap_or((split.yaml_line, 1));
            UnknownKey { line, column, path }
        })
        .collect();
}

/// The file line and column where `key` is set in the frontmatter; `top`
/// keeps to column 1.
fn key_position(split: &Split<'_>, key: &str, top: bool) -> Option<(usize, usize)> {
    let text = split.yaml?;
    let top_level = |(_, column): &(usize, usize)| !top || *column == 1;
    let (line, column) = match split.format {
        Format::Yaml => yaml::key_positions(text, key).find(top_level),
        Format::Toml => crate::toml::key_positions(text, key).find(top_level),
    }?;
    Some((split.yaml_line + line - 1, column))
}

/// Text that other pages show is bounded, so that one page cannot swell
/// the whole site (a title is in menus, breadcrumbs and golden threads).
fn check_lengths(split: &Split<'_>, fm: &FrontMatter) -> Result<(), FileError> {
    let mut fields = vec![
        ("title", fm.title.as_deref(), MAX_TITLE_CHARS),
        ("description", fm.description.as_deref(), MAX_TEXT_CHARS),
        ("summary", fm.summary.as_deref(), MAX_TEXT_CHARS),
        ("goal", fm.goal.as_deref(), MAX_TEXT_CHARS),
        ("owner", fm.owner.as_deref(), MAX_TITLE_CHARS),
        ("team", fm.team.as_deref(), MAX_TITLE_CHARS),
        ("id", fm.id.as_deref(), MAX_TITLE_CHARS),
        ("level", fm.level.as_deref(), MAX_TITLE_CHARS),
        ("parent", fm.parent.as_deref(), MAX_TEXT_CHARS),
    ];
    for outcome in fm.outcomes.iter().flatten() {
        match outcome {
            OutcomeEntry::Ref(id) => fields.push(("outcomes", Some(id), MAX_TITLE_CHARS)),
            OutcomeEntry::Defined(o) => fields.extend([
                ("id", Some(o.id.as_str()), MAX_TITLE_CHARS),
                ("title", Some(o.title.as_str()), MAX_TITLE_CHARS),
                ("metric", o.metric.as_deref(), MAX_TITLE_CHARS),
            ]),
        }
    }
    let too_long = fields.into_iter().find_map(|(key, value, limit)| {
        let length = value?.chars().count();
        (length > limit).then_some((key, length, limit))
    });
    if let Some((key, length, limit)) = too_long {
        let (line, column) = key_position(split, key, false).unwrap_or((split.yaml_line, 1));
        return Err(FileError {
            line,
            column,
            message: format!("`{key}:` is {length} characters long; the limit is {limit}"),
            hint: "shorten it: longer text belongs in the body of the page",
        });
    }
    match &fm.cascade {
        Some(cascade) => check_lengths(split, cascade),
        None => Ok(()),
    }
}

fn hint_for(message: &str, format: Format) -> &'static str {
    // Nested errors start with their path: `capacity: unknown field ...`.
    if message.contains("not a date") || message.contains("expected a date") {
        "write the date as YYYY-MM-DD, e.g. 2026-09-14"
    } else if message.contains("untagged enum Blocker") {
        "write a blocker as text, or as {plan: <content path or id>, text: ...}"
    } else if message.contains("unknown field") {
        "check the spelling; custom data goes under `extra:`"
    } else if message.contains("unknown variant") {
        "use one of the values listed"
    } else if message.contains("invalid type") {
        "check the value's type (numbers unquoted, lists in [ ] or on '- ' lines)"
    } else if format == Format::Toml {
        "check the TOML syntax near this line (key = value, text in quotes, [table] headers)"
    } else {
        "check the YAML syntax near this line (indentation, quotes, a ':' after each key)"
    }
}

/// The file line of each top-level frontmatter key, for later diagnostics.
pub fn key_lines<'a>(split: &Split<'a>) -> KeyLines {
    let text = split.yaml.unwrap_or_default();
    let in_file = |(key, line): (&'a str, usize)| (key, split.yaml_line + line - 1);
    match split.format {
        Format::Yaml => KeyLines::new(yaml::top_level_keys(text).map(in_file)),
        Format::Toml => KeyLines::new(crate::toml::top_level_keys(text).map(in_file)),
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
    fn unclosed_is_an_error() {
        assert!(
            split("---\ntitle: A\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(
            split("+++\ntitle = 'A'\n")
                .unwrap_err()
                .hint
                .contains("+++")
        );
    }

    #[test]
    fn toml_frontmatter_parses_with_dates_and_extra() {
        let text = "+++\ntitle = 'A'\ndate = 2026-09-14T10:00:00Z\nweight = 3\ncolour = 'red'\n\n[extra]\nicon = 'x'\n+++\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(
            (s.format, s.body, s.body_line),
            (Format::Toml, "Body\n", 10)
        );
        let fm = parse(&s).unwrap();
        assert_eq!(fm.date.unwrap().to_string(), "2026-09-14");
        let extra = fm.extra.unwrap();
        assert_eq!(extra.get("icon"), Some(&yaml::Value::from("x")));
        assert_eq!(extra.get("colour"), Some(&yaml::Value::from("red")));
        assert_eq!((fm.unknown[0].line, fm.unknown[0].column), (5, 1));
        let err = parse(&split("+++\ntitle = 'A'\nweight = 'high'\n+++\n").unwrap()).unwrap_err();
        assert_eq!((err.line, err.column), (3, 10), "{err:?}");
        let err = parse(&split("+++\ntitle = A\n+++\n").unwrap()).unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        assert!(err.hint.contains("TOML"), "{err:?}");
        let long = format!("+++\nowner = 'a'\ntitle = '{}'\n+++\n", "x".repeat(301));
        assert_eq!(parse(&split(&long).unwrap()).unwrap_err().line, 3);
    }

    #[test]
    fn other_generators_names_are_understood() {
        let text = "---\nlinkTitle: Short\nnav_order: 4\nlast_update: {date: 2026-01-02, author: A}\nredirect_from: [/old/]\ntags: [a]\ncategories: [b]\ndate: 2026-03-04 10:00:00\nlayout: x\ncascade:\n  colour: red\n---\n";
        let fm = parse(&split(text).unwrap()).unwrap();
        assert_eq!(fm.link_title.as_deref(), Some("Short"));
        assert_eq!(fm.weight, Some(4));
        assert_eq!(fm.lastmod.unwrap().to_string(), "2026-01-02");
        assert_eq!(fm.aliases.unwrap(), ["/old/".into()].into());
        assert_eq!(fm.tags.unwrap(), ["a".into(), "b".into()].into());
        assert_eq!(fm.date.unwrap().to_string(), "2026-03-04");
        let unknown: Vec<_> = fm
            .unknown
            .iter()
            .map(|u| (u.path.as_str(), u.line))
            .collect();
        assert_eq!(unknown, [("layout", 9), ("cascade.colour", 11)]);
        assert!(fm.extra.unwrap().contains_key("layout"));
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
    fn value_errors_are_at_their_own_line_and_column() {
        let cases = [
            ("title: A\ndate: 2026-13-45\n", 4, 7),
            ("title: A\nstart: soon\n", 4, 8),
            ("title: A\n\nend: '2026/01/01'\n", 5, 6),
            ("title: A\nlast_reviewed: 12\n", 4, 16),
            ("title: A\nperiod: 2026-Q7\n", 4, 9),
            ("title: A\nreview_every: fortnight\n", 4, 15),
            ("title: A\nreview_every: 0\n", 4, 15),
            ("title: A\nowner: b\ntitle: C\n", 5, 1),
            ("title: A\nextra: {a: 1, b: 2}\nextra: {}\n", 5, 1),
            ("title: A\nstatus: actve\n", 4, 9),
            ("title: A\ncapacity: {available: x, committed: 1}\n", 4, 23),
        ];
        for (yaml, line, column) in cases {
            let text = format!("---\n\n{yaml}---\n");
            let err = parse(&split(&text).unwrap()).unwrap_err();
            assert_eq!((err.line, err.column), (line, column), "{yaml:?}: {err:?}");
        }
        let err = parse(&split("---\ndate: 2026-02-30\n---\n").unwrap()).unwrap_err();
        assert!(err.hint.contains("YYYY-MM-DD"), "{err:?}");
    }

    #[test]
    fn long_titles_are_refused_at_their_line() {
        let text = format!(
            "---\nowner: a\ntitle: {}\n---\n",
            "x".repeat(MAX_TITLE_CHARS + 1)
        );
        let err = parse(&split(&text).unwrap()).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("limit is 300"), "{}", err.message);
        let nested = format!(
            "---\ncascade:\n  goal: {}\n---\n",
            "x".repeat(MAX_TEXT_CHARS + 1)
        );
        assert_eq!(parse(&split(&nested).unwrap()).unwrap_err().line, 3);
    }

    #[test]
    fn typed_fields() {
        let text = "---\nlevel: iteration\nstatus: active\nhealth: at-risk\nstart: 2026-09-01\nperiod: 2026-Q3\ncapacity: {available: 40, committed: 36}\noutcomes: [faster-advice]\n---\n";
        let fm = parse(&split(text).unwrap()).unwrap();
        assert_eq!(fm.status, Some(Status::Active));
        assert_eq!(fm.health, Some(Health::AtRisk));
        assert_eq!(&*fm.period.as_ref().unwrap().0, "2026-Q3");
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
}
