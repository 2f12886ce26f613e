//! `strata.yaml`: the site's title, address, theme and planning levels.
//!
//! Unknown keys are errors, so a typo never passes silently. With no
//! `levels:` the five default levels of the planning model apply.

use crate::dates::Interval;
use crate::diagnostics::{Diagnostic, Kind};
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const CONFIG_FILE: &str = "strata.yaml";

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

/// What a broken internal link does to the build.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    #[default]
    Error,
    Warn,
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
    levels: Option<Vec<LevelDef>>,
    health: Option<BTreeMap<String, String>>,
    work_weekends: Option<bool>,
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
    pub levels: Vec<LevelDef>,
    /// Severity overrides by finding kind, as written (read by
    /// [`Overrides::read`](crate::findings::Overrides::read)).
    pub health: BTreeMap<String, String>,
    /// Whether burndown charts count Saturdays and Sundays as working days.
    pub work_weekends: bool,
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
            levels: default_levels(),
            health: BTreeMap::new(),
            work_weekends: false,
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
        match std::fs::read_to_string(root.join(CONFIG_FILE)) {
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
                vec![
                    Diagnostic::error(Kind::Config, CONFIG_FILE, e.message)
                        .at(e.line, e.column)
                        .hint("see the README's configuration section for the valid keys"),
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
            levels,
            health: raw.health.unwrap_or_default(),
            work_weekends: raw.work_weekends.unwrap_or_default(),
        };
        let problems = config.validate_levels();
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    fn validate_levels(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
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
