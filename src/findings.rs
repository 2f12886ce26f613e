//! The one list of finding kinds, and the site's severity overrides.
//!
//! Every problem Strata reports has a [`Kind`]: its stable name (used by
//! `strata check --format json` and by `health:` in strata.yaml), its
//! default severity, whether a site may change that severity, and its
//! place in reports (the order of the list below). Adding a kind is one
//! line here. Overrides are applied once, to every finding of a build, by
//! [`Overrides::apply`].

use crate::config::{CONFIG_FILE, Config, LinkPolicy};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident = $name:literal, $severity:ident, $overridable:literal, $audience:ident;)*) => {
        /// What a finding is about. Declaration order is report order:
        /// problems that stop a build first, then the planning health kinds.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($(#[$doc])* $kind,)*
        }

        impl Kind {
            /// Every kind, in report order.
            pub const ALL: &[Kind] = &[$(Kind::$kind,)*];

            /// The stable name, e.g. `broken-link`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$kind => $name,)*
                }
            }

            /// The severity unless strata.yaml says otherwise.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Kind::$kind => Severity::$severity,)*
                }
            }

            /// Whether `health:` in strata.yaml may change the severity.
            pub fn overridable(self) -> bool {
                match self {
                    $(Kind::$kind => $overridable,)*
                }
            }

            /// Who hears of it: readers (a finding about the plan, shown on
            /// its page and on /health/) or contributors (a problem with
            /// the content, told by the terminal, `strata check` and the
            /// preview's overlay).
            pub fn audience(self) -> Audience {
                match self {
                    $(Kind::$kind => Audience::$audience,)*
                }
            }
        }
    };
}

kinds! {
    /// strata.yaml cannot be read or is invalid.
    Config = "config", Error, false, Contributors;
    /// A content file or folder cannot be read.
    Content = "content", Error, false, Contributors;
    /// Frontmatter that does not parse, or a key one typo from a known one.
    Frontmatter = "frontmatter", Error, false, Contributors;
    /// A template that does not parse or fails to render.
    Template = "template", Error, false, Contributors;
    /// The output cannot be written.
    Output = "output", Error, false, Contributors;
    /// Two sources would write the same output file.
    OutputClash = "output-clash", Error, false, Contributors;
    /// An `aliases:` entry that is not a path on the site.
    Alias = "alias", Error, false, Contributors;
    /// Two pages share an `id:`.
    DuplicateId = "duplicate-id", Error, false, Contributors;
    /// Two pages share a URL.
    DuplicateUrl = "duplicate-url", Error, false, Contributors;
    /// A `level:` that strata.yaml does not define.
    UnknownLevel = "unknown-level", Error, false, Contributors;
    /// A `themes:` entry that strata.yaml does not declare.
    UnknownTheme = "unknown-theme", Error, false, Contributors;
    /// A `parent:`, `contributes_to:` or `depends_on:` that names nothing.
    UnknownReference = "unknown-reference", Error, false, Contributors;
    /// Pages whose parents lead back to themselves.
    ParentCycle = "parent-cycle", Error, false, Contributors;
    /// A page beyond a size limit no real page meets (headings, links, output).
    PageLimit = "page-limit", Error, false, Contributors;
    /// A bug in Strata itself.
    Internal = "internal", Error, false, Contributors;
    /// An internal link or anchor that leads nowhere.
    BrokenLink = "broken-link", Error, true, Contributors;
    /// An image whose file is not on the site.
    MissingImage = "missing-image", Error, true, Contributors;
    /// A frontmatter key Strata does not know (kept for templates).
    UnknownKey = "unknown-key", Warning, true, Contributors;
    /// A link whose scheme could run script, left out of the page.
    UnsafeLink = "unsafe-link", Warning, true, Contributors;
    /// A level of strata.yaml without plans.
    MissingLevel = "missing-level", Warning, true, Readers;
    /// A plan below the top level without a parent.
    Unaligned = "unaligned", Warning, true, Readers;
    /// A parent at the same level or below.
    ParentNotAbove = "parent-not-above", Warning, true, Readers;
    /// A parent more than one level up.
    SkipsLevel = "skips-level", Warning, true, Readers;
    /// A top-level plan that no work at the lowest levels serves.
    NoDelivery = "no-delivery", Warning, true, Readers;
    /// A plan not reviewed within its interval.
    Stale = "stale", Warning, true, Readers;
    /// A plan past its end date that is not done or dropped.
    PastEnd = "past-end", Warning, true, Readers;
    /// A plan at a level that needs a goal, without one.
    MissingGoal = "missing-goal", Warning, true, Readers;
    /// A plan dated outside its parent's period.
    OutsideParentPeriod = "outside-parent-period", Warning, true, Readers;
    /// A plan declared healthier than the work serving it.
    HealthMismatch = "health-mismatch", Warning, true, Readers;
    /// A sprint committed beyond its capacity.
    OverCapacity = "over-capacity", Warning, true, Readers;
    /// Plans that depend on each other in a circle.
    DependencyCycle = "dependency-cycle", Warning, true, Readers;
    /// A dependency that ends after the plan needing it starts.
    DependencyLate = "dependency-late", Warning, true, Readers;
    /// A defined outcome that no plan names in its `outcomes:`.
    UnservedOutcome = "unserved-outcome", Warning, true, Readers;
    /// A declared strategic theme that no active plan serves.
    IdleTheme = "idle-theme", Warning, true, Readers;
    /// A daily page's burndown figures that cannot be charted.
    BurndownData = "burndown-data", Warning, true, Readers;
    /// A level whose plans are mostly done after their first committed end.
    Unpredictable = "unpredictable", Warning, true, Readers;
}

/// Who a kind of finding is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Findings about the plan itself: readers, leadership included, see them.
    Readers,
    /// Problems with the content: contributors fix them.
    Contributors,
}

impl Kind {
    /// A finding about the plan, shown to the site's readers.
    pub fn is_planning(self) -> bool {
        self.audience() == Audience::Readers
    }

    /// The kind with this stable name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The kinds a site may override, by name, for hints.
    fn overridable_names() -> Vec<&'static str> {
        Kind::ALL
            .iter()
            .filter(|k| k.overridable())
            .map(|k| k.name())
            .collect()
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// What strata.yaml may set a kind to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Error,
    Warning,
    /// Neither reported nor shown on pages.
    Off,
}

impl Setting {
    const NAMES: [(&'static str, Setting); 3] = [
        ("error", Setting::Error),
        ("warning", Setting::Warning),
        ("off", Setting::Off),
    ];
}

/// The severity each overridden kind has on this site.
#[derive(Debug, Clone, Default)]
pub struct Overrides(BTreeMap<Kind, Setting>);

impl Overrides {
    /// Reads `links:` and `health:` of strata.yaml (whose text is
    /// `config_text`, for line numbers). An unknown kind or setting is an
    /// error at its line, with the closest name as a hint.
    pub fn read(config: &Config, config_text: &str) -> (Overrides, Vec<Diagnostic>) {
        let mut settings = BTreeMap::new();
        if config.links == LinkPolicy::Warn {
            settings.insert(Kind::BrokenLink, Setting::Warning);
            settings.insert(Kind::MissingImage, Setting::Warning);
        }
        let mut problems = Vec::new();
        for (name, value) in &config.health {
            let line = crate::yaml::key_positions(config_text, name)
                .next()
                .map_or(0, |(line, _)| line);
            let problem = |message: String, choices: &[&str], given: &str| {
                let hint = match crate::diagnostics::closest(given, choices.iter().copied()) {
                    Some(near) => {
                        format!("did you mean '{near}'? (one of: {})", choices.join(", "))
                    }
                    None => format!("use one of: {}", choices.join(", ")),
                };
                Diagnostic::error(Kind::Config, CONFIG_FILE, message)
                    .at(line, 0)
                    .hint(hint)
            };
            let Some(kind) = Kind::from_name(name).filter(|k| k.overridable()) else {
                let message = match Kind::from_name(name) {
                    Some(_) => format!("finding kind '{name}' cannot be overridden"),
                    None => format!("unknown finding kind '{name}'"),
                };
                problems.push(problem(message, &Kind::overridable_names(), name));
                continue;
            };
            match Setting::NAMES.iter().find(|(n, _)| n == value) {
                Some((_, setting)) => {
                    settings.insert(kind, *setting);
                }
                None => {
                    let names = Setting::NAMES.map(|(n, _)| n);
                    problems.push(problem(
                        format!("unknown severity '{value}' for {name}"),
                        &names,
                        value,
                    ));
                }
            }
        }
        (Overrides(settings), problems)
    }

    /// Sets each finding's severity from the site's settings, and drops the
    /// findings of kinds that are off.
    pub fn apply(&self, findings: &mut Diagnostics) {
        findings
            .0
            .retain_mut(|finding| match self.0.get(&finding.kind) {
                Some(Setting::Off) => false,
                Some(Setting::Error) => {
                    finding.severity = Severity::Error;
                    true
                }
                Some(Setting::Warning) => {
                    finding.severity = Severity::Warning;
                    true
                }
                None => true,
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(*kind));
        }
        let mut names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Kind::ALL.len());
    }

    #[test]
    fn errors_that_stop_a_build_cannot_be_overridden() {
        for kind in Kind::ALL {
            if !kind.overridable() {
                assert_eq!(kind.default_severity(), Severity::Error, "{kind:?}");
            }
        }
    }

    fn read(text: &str) -> (Overrides, Vec<Diagnostic>) {
        Overrides::read(&Config::parse(text).unwrap(), text)
    }

    #[test]
    fn unknown_kinds_and_settings_are_errors_at_their_line() {
        let (_, problems) =
            read("health:\n  stale: error\n  stael: error\n  unaligned: of\n  config: off\n");
        let found: Vec<(usize, &str, Option<&str>)> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str(), p.hint.as_deref()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, 5);
        assert_eq!(found[0].1, "finding kind 'config' cannot be overridden");
        assert_eq!(found[1].0, 3);
        assert_eq!(found[1].1, "unknown finding kind 'stael'");
        assert!(found[1].2.unwrap().starts_with("did you mean 'stale'?"));
        assert_eq!(found[2].0, 4);
        assert_eq!(found[2].1, "unknown severity 'of' for unaligned");
        assert!(found[2].2.unwrap().starts_with("did you mean 'off'?"));
    }

    #[test]
    fn overrides_change_severity_or_drop() {
        let (overrides, problems) =
            read("links: warn\nhealth:\n  unaligned: error\n  stale: off\n");
        assert!(problems.is_empty());
        let finding = |kind| Diagnostic::new(kind, "content/a.md", "x");
        let mut findings = Diagnostics(vec![
            finding(Kind::Unaligned),
            finding(Kind::Stale),
            finding(Kind::BrokenLink),
            finding(Kind::PastEnd),
        ]);
        overrides.apply(&mut findings);
        let left: Vec<(Kind, Severity)> = findings.iter().map(|f| (f.kind, f.severity)).collect();
        assert_eq!(
            left,
            [
                (Kind::Unaligned, Severity::Error),
                (Kind::BrokenLink, Severity::Warning),
                (Kind::PastEnd, Severity::Warning),
            ]
        );
    }
}
