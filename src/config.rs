//! `strata.yaml`: the site's title, address, theme and planning levels.
//!
//! Unknown keys are errors, so a typo never passes silently. With no
//! `levels:` the five default levels of the planning model apply.

use crate::content::frontmatter::{MAX_TEXT_CHARS, MAX_TITLE_CHARS};
use crate::dates::Interval;
use crate::diagnostics::{Diagnostic, Kind};
use crate::markdown::RawHtml;
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const CONFIG_FILE: &str = "strata.yaml";

/// A larger `strata.yaml` is refused: a site's settings fit in a few KiB.
pub const MAX_CONFIG_BYTES: usize = 256 * 1024;

/// At most this many levels: the bar that names them is on every page.
pub const MAX_LEVELS: usize = 20;

/// Items per page of a long list unless `paginate_by` says otherwise.
pub const DEFAULT_PAGINATE_BY: usize = 100;

/// One planning level as configured, in order from the top.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub cadence: String,
    #[serde(default)]
    pub review_every: Option<Interval>,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(default)]
    pub who: String,
    /// Items at this level must state a `goal` (sprints, releases).
    #[serde(default)]
    pub goal_required: bool,
    /// What it means for the organisation when this level is weak.
    #[serde(default)]
    pub advice: String,
    /// Where strata.yaml defines it; 0 for the default levels.
    #[serde(skip)]
    pub line: usize,
}

/// A strategic theme that plans name in `themes:`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ThemeDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// What a broken internal link does to the build.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    #[default]
    Error,
    Warn,
}

/// What a frontmatter key Strata does not know does to the build.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FrontmatterPolicy {
    /// An error.
    Strict,
    /// A warning (`unknown-key`); the value reaches templates as `page.extra`.
    #[default]
    Warn,
    /// No finding; the value still reaches templates.
    Ignore,
}

/// `markdown:` in `strata.yaml`.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// `safe` (the default) or `trusted`: see the README.
    #[serde(default)]
    pub raw_html: RawHtml,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    theme: Option<String>,
    links: Option<LinkPolicy>,
    edit_url: Option<String>,
    repo_url: Option<String>,
    levels: Option<Vec<LevelDef>>,
    health: Option<BTreeMap<String, String>>,
    markdown: Option<MarkdownConfig>,
    frontmatter: Option<FrontmatterPolicy>,
    themes: Option<Vec<ThemeDef>>,
    work_weekends: Option<bool>,
    paginate_by: Option<usize>,
    search: Option<bool>,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// As configured, always ending in `/`.
    pub base_url: String,
    pub theme: Option<String>,
    pub links: LinkPolicy,
    /// Prefix for "edit this page" links; the page's content path is appended.
    pub edit_url: Option<String>,
    /// The repository's web address; commits link to `{repo_url}/commit/{id}`.
    pub repo_url: Option<String>,
    pub levels: Vec<LevelDef>,
    /// Severity overrides by finding kind, as written (read by
    /// [`Overrides::read`](crate::findings::Overrides::read)).
    pub health: BTreeMap<String, String>,
    pub markdown: MarkdownConfig,
    pub frontmatter: FrontmatterPolicy,
    /// The declared strategic themes; once declared, plans may name no other.
    pub themes: Option<Vec<ThemeDef>>,
    /// Whether burndown charts count Saturdays and Sundays as working days.
    pub work_weekends: bool,
    /// The most items one page of a long list shows (sections, level
    /// indexes, the health pages); sections may set their own.
    pub paginate_by: usize,
    /// Whether the build writes a search index and the theme shows a
    /// search box; unset, sites up to [`SEARCH_PAGES`] pages have one.
    pub search: Option<bool>,
}

/// The most pages a site has search for unless `search: true`: every
/// reader who searches loads the records of all pages, 11.5 MB (0.8 MB
/// gzipped) at 20,000 pages.
pub const SEARCH_PAGES: usize = 20_000;

impl Config {
    /// Whether a site of `pages` pages gets a search index.
    pub fn search(&self, pages: usize) -> bool {
        self.search.unwrap_or(pages <= SEARCH_PAGES)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Plans".to_string(),
            description: String::new(),
            base_url: "/".to_string(),
            theme: None,
            links: LinkPolicy::Error,
            edit_url: None,
            repo_url: None,
            levels: default_levels(),
            health: BTreeMap::new(),
            markdown: MarkdownConfig::default(),
            frontmatter: FrontmatterPolicy::default(),
            themes: None,
            work_weekends: false,
            paginate_by: DEFAULT_PAGINATE_BY,
            search: None,
        }
    }
}

impl Config {
    /// Reads `strata.yaml` from `root`; a missing file means all defaults.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(&Config::read(root).map_err(|d| vec![d])?)
    }

    /// The text of `strata.yaml` in `root`; empty when there is none.
    pub fn read(root: &Path) -> Result<String, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        if size > MAX_CONFIG_BYTES as u64 {
            return Err(Diagnostic::error(
                Kind::Config,
                CONFIG_FILE,
                format!(
                    "the file is {} KiB; the limit is {} KiB",
                    size >> 10,
                    MAX_CONFIG_BYTES >> 10
                ),
            )
            .hint("a site's settings fit in a few KiB: keep long text in content/ pages"));
        }
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(err) => Err(Diagnostic::error(
                Kind::Config,
                CONFIG_FILE,
                format!("cannot read: {err}"),
            )),
        }
    }

    /// Parses and validates the text of `strata.yaml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = if text.trim().is_empty() {
            yaml::from_str("{}").expect("an empty map is a valid config")
        } else {
            yaml::from_str(text).map_err(|e| {
                let hint = yaml::did_you_mean(&e.message).unwrap_or_else(|| {
                    "see the README's configuration section for the valid keys".to_string()
                });
                vec![
                    Diagnostic::error(Kind::Config, CONFIG_FILE, e.message)
                        .at(e.line, e.column)
                        .hint(hint),
                ]
            })?
        };
        let defaults = Config::default();
        let configured = raw.levels.is_some();
        let mut levels = raw.levels.unwrap_or(defaults.levels);
        if configured {
            // Levels appear in order; a key defined twice has two lines.
            let mut after = 0;
            for level in &mut levels {
                level.line = key_line(text, &level.key, after);
                after = level.line.max(after);
            }
        }
        let config = Config {
            title: raw.title.unwrap_or(defaults.title),
            description: raw.description.unwrap_or_default(),
            base_url: normalise_base_url(raw.base_url.as_deref().unwrap_or("/")),
            theme: raw.theme.filter(|t| t != "default"),
            links: raw.links.unwrap_or_default(),
            edit_url: raw.edit_url,
            repo_url: raw
                .repo_url
                .map(|url| url.trim_end_matches('/').to_string()),
            levels,
            health: raw.health.unwrap_or_default(),
            markdown: raw.markdown.unwrap_or_default(),
            frontmatter: raw.frontmatter.unwrap_or_default(),
            themes: raw.themes,
            work_weekends: raw.work_weekends.unwrap_or_default(),
            paginate_by: raw.paginate_by.unwrap_or(DEFAULT_PAGINATE_BY),
            search: raw.search,
        };
        let mut problems = config.validate_levels();
        problems.extend(config.validate_theme(text));
        problems.extend(config.validate_urls(text, raw.base_url.as_deref()));
        problems.extend(config.validate_lengths(text));
        if config.paginate_by == 0 {
            problems.push(
                at_key(text, "paginate_by", "paginate_by is 0".to_string())
                    .hint("give the most items one page of a list shows, e.g. `paginate_by: 100`"),
            );
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    fn validate_levels(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if self.levels.len() > MAX_LEVELS {
            problems.push(
                Diagnostic::error(
                    Kind::Config,
                    CONFIG_FILE,
                    format!(
                        "{} levels are defined; the limit is {MAX_LEVELS}",
                        self.levels.len()
                    ),
                )
                .at(self.levels[MAX_LEVELS].line, 0)
                .hint("plan with fewer levels: each one is named in the bar on every page"),
            );
        }
        if self.levels.is_empty() {
            problems.push(
                Diagnostic::error(Kind::Config, CONFIG_FILE, "`levels:` is empty")
                    .hint("list at least one level, or remove `levels:` to use the five defaults"),
            );
        }
        for (i, level) in self.levels.iter().enumerate() {
            let valid = !level.key.is_empty()
                && level
                    .key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                problems.push(
                    Diagnostic::error(
                        Kind::Config,
                        CONFIG_FILE,
                        format!("level key '{}' is not valid", level.key),
                    )
                    .at(level.line, 0)
                    .hint(
                        "use letters, digits, '-' or '_': the key becomes the URL /levels/<key>/",
                    ),
                );
            }
            if self.levels[..i].iter().any(|l| l.key == level.key) {
                problems.push(
                    Diagnostic::error(
                        Kind::Config,
                        CONFIG_FILE,
                        format!("level '{}' is defined twice", level.key),
                    )
                    .at(level.line, 0),
                );
            }
        }
        problems
    }

    /// `theme:` names a folder directly inside `themes/`.
    fn validate_theme(&self, text: &str) -> Option<Diagnostic> {
        let name = self.theme.as_deref()?;
        let plain = !name.is_empty()
            && !name.starts_with('.')
            && !name.contains(['/', '\\', ':'])
            && !name.chars().any(char::is_control);
        (!plain).then(|| {
            at_key(
                text,
                "theme",
                format!("theme '{}' is not a folder name", shortened(name)),
            )
            .hint("name a folder inside themes/, e.g. `theme: northwind` for themes/northwind/")
        })
    }

    /// `edit_url` and a `base_url` with a scheme must be `http(s)`: they
    /// become links on every page.
    fn validate_urls(&self, text: &str, base_url: Option<&str>) -> Vec<Diagnostic> {
        let web = |url: &str| {
            let lower = url.trim().to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        };
        let mut problems = Vec::new();
        if let Some(url) = self.edit_url.as_deref().filter(|u| !web(u)) {
            problems.push(
                at_key(text, "edit_url", format!("edit_url '{}' is not an http(s) address", shortened(url)))
                    .hint("write an https:// address, e.g. https://github.com/org/plans/edit/main/content/"),
            );
        }
        if let Some(url) = self.repo_url.as_deref().filter(|u| !web(u)) {
            problems.push(
                at_key(
                    text,
                    "repo_url",
                    format!("repo_url '{}' is not an http(s) address", shortened(url)),
                )
                .hint("write the repository's https:// address, e.g. https://github.com/org/plans"),
            );
        }
        if let Some(url) = base_url.filter(|u| u.contains("://") && !web(u)) {
            problems.push(
                at_key(
                    text,
                    "base_url",
                    format!("base_url '{}' is not an http(s) address", shortened(url)),
                )
                .hint("write an https:// address or a path prefix such as /plans/"),
            );
        }
        problems
    }

    /// Text that appears on every page (titles, level names) is bounded,
    /// so that one value cannot multiply the size of the site.
    fn validate_lengths<'a>(&'a self, text: &str) -> Vec<Diagnostic> {
        let top = |key, value: &'a str, limit| (key, value, limit, None);
        let mut fields = vec![
            top("title", self.title.as_str(), MAX_TITLE_CHARS),
            top("description", self.description.as_str(), MAX_TEXT_CHARS),
        ];
        for level in &self.levels {
            let at = |key, value: &'a str, limit| (key, value, limit, Some(level.line));
            fields.extend([
                at("key", level.key.as_str(), MAX_TITLE_CHARS),
                at("name", level.name.as_str(), MAX_TITLE_CHARS),
                at("cadence", level.cadence.as_str(), MAX_TITLE_CHARS),
                at("who", level.who.as_str(), MAX_TEXT_CHARS),
                at("purpose", level.purpose.as_str(), MAX_TEXT_CHARS),
                at("advice", level.advice.as_str(), MAX_TEXT_CHARS),
            ]);
            fields.extend(level.tools.iter().map(|t| at("tools", t, MAX_TITLE_CHARS)));
        }
        fields
            .into_iter()
            .filter(|(_, value, limit, _)| value.chars().count() > *limit)
            .map(|(key, value, limit, level_line)| {
                let message = format!(
                    "`{key}:` is {} characters long; the limit is {limit}",
                    value.chars().count()
                );
                match level_line {
                    Some(line) => Diagnostic::error(Kind::Config, CONFIG_FILE, message).at(line, 0),
                    None => at_key(text, key, message),
                }
                .hint("shorten it; longer text belongs in a content page")
            })
            .collect()
    }

    /// The path part of `base_url`, e.g. `/plans/` for `https://intranet.example/plans/`.
    pub fn base_path(&self) -> &str {
        let without_scheme = match self.base_url.find("://") {
            Some(i) => &self.base_url[i + 3..],
            None => return &self.base_url,
        };
        match without_scheme.find('/') {
            Some(i) => &without_scheme[i..],
            None => "/",
        }
    }

    /// Absolute URL for a site path (for sitemaps and canonical links).
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    pub fn level_index(&self, key: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.key == key)
    }

    pub fn level_keys(&self) -> String {
        self.levels
            .iter()
            .map(|l| l.key.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A config error at the top-level line that sets `key`.
fn at_key(text: &str, key: &str, message: String) -> Diagnostic {
    let (line, column) = yaml::key_positions(text, key)
        .find(|(_, column)| *column == 1)
        .unwrap_or((0, 0));
    Diagnostic::error(Kind::Config, CONFIG_FILE, message).at(line, column)
}

/// At most 60 characters of a configured value, for messages.
fn shortened(value: &str) -> String {
    value.chars().take(60).filter(|c| !c.is_control()).collect()
}

/// `base_url` as used everywhere: trimmed, with a scheme or a leading `/`,
/// ending in `/`.
pub fn normalise_base_url(url: &str) -> String {
    let url = url.trim();
    let url = if url.contains("://") || url.starts_with('/') {
        url.to_string()
    } else {
        format!("/{url}")
    };
    if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    }
}

/// The five levels of the planning model.
pub fn default_levels() -> Vec<LevelDef> {
    yaml::from_str(include_str!("default_levels.yaml")).expect("the built-in levels are valid YAML")
}

/// The line of `key: <key>` in `text` (1-based) after line `after`, or 0.
/// YAML parsing keeps no positions for values, so the level's line is
/// found in the text.
fn key_line(text: &str, key: &str, after: usize) -> usize {
    let names_key = |line: &str| {
        line.split("key:").skip(1).any(|after| {
            let value = after.trim_start().trim_start_matches(['"', '\'']);
            value.strip_prefix(key).is_some_and(|rest| {
                !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
        })
    };
    text.lines()
        .skip(after)
        .position(names_key)
        .map_or(0, |i| i + after + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_five_levels() {
        let config = Config::parse("title: X\n").unwrap();
        let keys: Vec<_> = config.levels.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(keys, ["vision", "roadmap", "release", "iteration", "daily"]);
        assert_eq!(config.base_path(), "/");
    }

    #[test]
    fn unknown_key_names_the_key_and_line() {
        let err = Config::parse("title: X\ntitel: Y\n").unwrap_err();
        assert_eq!(err[0].line, 2);
        assert!(err[0].message.contains("titel"), "{}", err[0].message);
    }

    #[test]
    fn a_key_given_twice_is_at_its_second_line() {
        let err = Config::parse("title: X\nlinks: warn\ntitle: Y\n").unwrap_err();
        assert_eq!((err[0].line, err[0].column), (3, 1), "{}", err[0].message);
    }

    #[test]
    fn unknown_key_gets_a_did_you_mean() {
        let err = Config::parse("title: X\nedit_ulr: https://e.org/\n").unwrap_err();
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `edit_url`?"));
    }

    #[test]
    fn links_on_every_page_must_be_web_addresses() {
        let err = Config::parse("title: X\nedit_url: javascript:alert(1)//\n").unwrap_err();
        assert_eq!((err[0].line, err[0].column), (2, 1));
        assert!(err[0].message.contains("http(s)"), "{}", err[0].message);
        let err = Config::parse("base_url: javascript://x/%0aalert(1)\n").unwrap_err();
        assert!(err[0].message.contains("base_url"), "{}", err[0].message);
        for fine in [
            "base_url: /plans/",
            "base_url: HTTPS://e.org/",
            "edit_url: http://e.org/edit/",
        ] {
            assert!(Config::parse(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn theme_is_a_folder_in_themes() {
        for bad in ["../../etc", "/tmp/x", "a/b", ".hidden", "C:x"] {
            let err = Config::parse(&format!("title: X\ntheme: \"{bad}\"\n")).unwrap_err();
            assert_eq!(err[0].line, 2, "{bad}");
            assert!(err[0].message.contains("not a folder name"), "{bad}");
        }
        assert!(Config::parse("theme: northwind\n").is_ok());
    }

    #[test]
    fn text_on_every_page_is_bounded() {
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        let err = Config::parse(&format!("description: d\ntitle: {long}\n")).unwrap_err();
        assert_eq!(err[0].line, 2);
        let levels = format!("levels:\n  - key: a\n    name: {long}\n");
        assert_eq!(Config::parse(&levels).unwrap_err()[0].line, 2);
        let many: String = (0..=MAX_LEVELS)
            .map(|i| format!("  - {{key: l{i}, name: L}}\n"))
            .collect();
        let err = Config::parse(&format!("levels:\n{many}")).unwrap_err();
        assert!(err[0].message.contains("limit is 20"), "{}", err[0].message);
    }

    #[test]
    fn raw_html_policy() {
        assert_eq!(
            Config::parse("title: X").unwrap().markdown.raw_html,
            RawHtml::Safe
        );
        let trusted = Config::parse("markdown: {raw_html: trusted}").unwrap();
        assert_eq!(trusted.markdown.raw_html, RawHtml::Trusted);
        assert!(Config::parse("markdown: {raw_html: yes}").is_err());
    }

    #[test]
    fn base_path_from_url() {
        let config = Config::parse("base_url: https://intranet.example/plans").unwrap();
        assert_eq!(config.base_url, "https://intranet.example/plans/");
        assert_eq!(config.base_path(), "/plans/");
        assert_eq!(config.permalink("/a/"), "https://intranet.example/plans/a/");
    }

    #[test]
    fn custom_levels_and_duplicates() {
        let config = Config::parse(
            "levels:\n  - {key: roadmap, name: Roadmap}\n  - {key: sprint, name: Sprint}\n",
        )
        .unwrap();
        assert_eq!(config.level_index("sprint"), Some(1));
        assert_eq!((config.levels[0].line, config.levels[1].line), (2, 3));
        let similar =
            "levels:\n  - key: pre-release\n    name: P\n  - key: \"release\"\n    name: R\n";
        let config = Config::parse(similar).unwrap();
        assert_eq!((config.levels[0].line, config.levels[1].line), (2, 4));
        assert_eq!(Config::parse("title: X\n").unwrap().levels[0].line, 0);
        let err =
            Config::parse("levels:\n  - {key: a, name: A}\n  - {key: a, name: B}\n").unwrap_err();
        assert!(err[0].message.contains("twice"));
        assert_eq!(err[0].line, 3, "the second definition");
    }
}
