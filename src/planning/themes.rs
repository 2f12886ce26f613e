//! Strategic themes: the few investment areas the vision names, which
//! plans at every level say they serve with `themes:`.
//!
//! A site may use themes without declaring them (each id becomes a theme
//! named after itself). Once strata.yaml declares `themes:`, an id it does
//! not declare is an error, and a declared theme without active work is a
//! finding: the strategy names it and nothing moves it.

use crate::config::{CONFIG_FILE, Config};
use crate::content::frontmatter::Status;
use crate::content::{Library, PageId};
use crate::diagnostics::{Diagnostic, Kind, Subject, closest};
use std::collections::BTreeMap;

/// A theme with the plans that serve it, in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub id: String,
    pub name: String,
    pub description: String,
    pub plans: Vec<PageId>,
    /// How many of those plans are active.
    pub active: usize,
}

/// Every theme: the declared ones in their order, else the ids plans use,
/// sorted. Only plans (pages with a level) count.
pub fn themes(library: &Library, config: &Config) -> Vec<Theme> {
    let mut used: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for id in library
        .page_ids()
        .filter(|id| library.page(*id).fm.level.is_some())
    {
        for theme in library.page(id).fm.themes.iter().flatten() {
            used.entry(theme.trim()).or_default().push(id);
        }
    }
    let active = |plans: &[PageId]| {
        plans
            .iter()
            .filter(|id| library.page(**id).fm.status == Some(Status::Active))
            .count()
    };
    let theme = |id: &str, name: &str, description: &str| {
        let plans = used.get(id).cloned().unwrap_or_default();
        Theme {
            id: id.to_string(),
            name: name.to_string(),
            description: description.to_string(),
            active: active(&plans),
            plans,
        }
    };
    match &config.themes {
        Some(declared) => declared
            .iter()
            .map(|t| theme(&t.id, &t.name, &t.description))
            .collect(),
        None => used.keys().map(|id| theme(id, id, "")).collect(),
    }
}

/// With declared themes: an error for each id a page names that is not
/// declared, and an `idle-theme` finding for each theme without active work.
pub fn check(library: &Library, config: &Config) -> Vec<Diagnostic> {
    let Some(declared) = &config.themes else {
        return Vec::new();
    };
    let ids: Vec<&str> = declared.iter().map(|t| t.id.as_str()).collect();
    let mut found = Vec::new();
    for id in library.page_ids() {
        let page = library.page(id);
        for theme in page.fm.themes.iter().flatten() {
            if ids.contains(&theme.trim()) {
                continue;
            }
            let hint = match closest(theme, ids.iter().copied()) {
                Some(near) => format!("did you mean '{near}'? (declared: {})", ids.join(", ")),
                None => format!(
                    "declare it under `themes:` in {CONFIG_FILE}, or use one of: {}",
                    ids.join(", ")
                ),
            };
            found.push(
                Diagnostic::error(
                    Kind::UnknownTheme,
                    page.display_path(),
                    format!("unknown theme '{theme}'"),
                )
                .at(page.line_of("themes"), 1)
                .about(Subject::Page(id))
                .hint(hint),
            );
        }
    }
    for theme in themes(library, config) {
        if theme.active == 0 {
            found.push(
                Diagnostic::new(
                    Kind::IdleTheme,
                    CONFIG_FILE,
                    format!("no active plan serves the theme '{}'", theme.name),
                )
                .hint(format!(
                    "add `themes: [{}]` to the active plans that serve it, or drop the theme",
                    theme.id
                )),
            );
        }
    }
    found
}
