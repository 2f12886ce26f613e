//! Problems found in a site's input, collected rather than thrown.
//!
//! Every stage pushes [`Diagnostic`]s into one list so that a run reports
//! all broken files together, then sets the exit code at the end.

pub use crate::findings::Kind;
use crate::ids::PageId;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors fail the build, warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What a finding is about, so that pages and level views can list their
/// own findings without reading paths or messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Subject {
    /// The file named in the finding, and nothing more specific.
    #[default]
    File,
    /// A content page.
    Page(PageId),
    /// A level of strata.yaml, by its position from the top.
    Level(usize),
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    #[serde(skip)]
    pub subject: Subject,
    /// Other pages the message names by their `content/…` path; readers
    /// see their titles, linked, instead.
    #[serde(skip)]
    pub related: Vec<PageId>,
    /// Path as shown to the user, relative to the site root.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A finding with its kind's default severity.
    pub fn new(kind: Kind, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: kind.default_severity(),
            kind,
            subject: Subject::File,
            related: Vec::new(),
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(kind: Kind, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            ..Diagnostic::new(kind, file, message)
        }
    }

    pub fn warning(kind: Kind, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::new(kind, file, message)
        }
    }

    /// Says what the finding is about.
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = subject;
        self
    }

    /// Names another page that the message mentions by its path.
    pub fn related(mut self, pages: impl IntoIterator<Item = PageId>) -> Self {
        self.related.extend(pages);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, leaving out the parts that are unknown.
    pub fn location(&self) -> String {
        let file = display_path(&self.file);
        match (self.line, self.column) {
            (0, _) => file,
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {label}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

/// Forward slashes on every platform, so messages and tests agree; control
/// and text-direction characters escaped (`\n`, `\u{202e}`), so that a file
/// name cannot forge lines or reorder what the terminal shows.
pub fn display_path(path: &Path) -> String {
    let mut shown = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '\\' if cfg!(windows) => shown.push('/'),
            c if c.is_control()
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                shown.extend(c.escape_default());
            }
            c => shown.push(c),
        }
    }
    shown
}

/// The findings of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }

    /// Sorts by file, then position, so output is reproducible.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// The one-line count that ends a report, e.g. `2 errors, 1 warning`.
    pub fn summary(&self) -> String {
        format!(
            "{}, {}",
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning")
        )
    }
}

/// Warnings of one kind the terminal shows before it only counts them.
pub const WARNINGS_SHOWN: usize = 3;

impl Diagnostics {
    /// What the terminal shows: every error and, unless `verbose`, the
    /// first [`WARNINGS_SHOWN`] warnings of each kind, then how many of
    /// each kind were left out. A large plan can have thousands of
    /// warnings; `strata check` lists them all.
    pub fn terminal_report(&self, verbose: bool) -> String {
        let mut shown: BTreeMap<Kind, usize> = BTreeMap::new();
        let mut hidden: BTreeMap<Kind, usize> = BTreeMap::new();
        let mut text = String::new();
        for d in self.iter() {
            let count = shown.entry(d.kind).or_default();
            if verbose || d.is_error() || *count < WARNINGS_SHOWN {
                *count += 1;
                text.push_str(&format!("{d}\n"));
            } else {
                *hidden.entry(d.kind).or_default() += 1;
            }
        }
        for (kind, n) in &hidden {
            let s = if *n == 1 { "" } else { "s" };
            text.push_str(&format!("… {n} more `{}` warning{s}\n", kind.name()));
        }
        if !hidden.is_empty() {
            text.push_str("(`strata check` or `--verbose` lists every warning)\n");
        }
        text
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// An error and its causes, joined by `separator`.
pub fn error_chain(err: &dyn std::error::Error, separator: &str) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(separator);
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Between an error and its causes, one per line.
pub const CAUSED_BY: &str = "\n  caused by: ";

/// The choice closest to `given` in spelling, if any is close enough to
/// be what was meant.
pub fn closest<'a>(given: &str, choices: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    choices
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(given, c), c))
        .filter(|(distance, c)| *distance <= (c.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `1 warning`, `2 warnings`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_leaves_out_unknown_parts() {
        let d = Diagnostic::error(Kind::Content, "content/a.md", "bad");
        assert_eq!(d.location(), "content/a.md");
        assert_eq!(d.clone().at(3, 0).location(), "content/a.md:3");
        assert_eq!(d.at(3, 7).location(), "content/a.md:3:7");
    }

    #[test]
    fn file_names_cannot_forge_lines() {
        let d = Diagnostic::error(
            Kind::Content,
            "content/a\ncontent/b.md:1: error: fake\u{202e}.md",
            "bad",
        );
        assert_eq!(
            d.at(2, 0).to_string(),
            "content/a\\ncontent/b.md:1: error: fake\\u{202e}.md:2: error: bad"
        );
    }

    #[test]
    fn display_includes_hint() {
        let d = Diagnostic::error(Kind::Content, "a.md", "bad")
            .at(1, 2)
            .hint("fix it");
        assert_eq!(d.to_string(), "a.md:1:2: error: bad\n  help: fix it");
    }

    #[test]
    fn closest_needs_a_near_miss() {
        let choices = ["stale", "past-end", "unaligned"];
        assert_eq!(closest("stael", choices), Some("stale"));
        assert_eq!(closest("unalinged", choices), Some("unaligned"));
        assert_eq!(closest("colour", choices), None);
    }
}
