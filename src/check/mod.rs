//! `strata check`: everything a build verifies, without writing output,
//! reported grouped by finding kind for people, or as JSON, GitHub
//! workflow commands or SARIF for CI tools.

pub mod github;
pub mod sarif;

use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::output::Sink;
use crate::site::{self, BuildOptions};
use std::collections::BTreeMap;

/// Discards what it is given: `check` renders only to find template errors.
struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
}

/// Loads, checks and renders the site; returns every finding.
pub fn run(options: &BuildOptions) -> Diagnostics {
    match site::load(options) {
        Ok(mut site) => match site.render(&Discard) {
            Ok(_) => site.diagnostics,
            Err(mut errors) => {
                errors.extend(site.diagnostics);
                errors.sort();
                errors
            }
        },
        Err(diags) => diags,
    }
}

/// A finding's file as seen from the working directory (where CI tools
/// resolve it): the site root joined to the site-relative path.
fn repo_path(root: &std::path::Path, file: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    site::shown_path(&cwd, &root.join(file))
}

/// Human-readable report: one block per kind, then a summary line.
pub fn text(diags: &Diagnostics) -> String {
    // Kinds sort in report order.
    let mut groups: BTreeMap<Kind, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags.iter() {
        groups.entry(d.kind).or_default().push(d);
    }
    let mut out = String::new();
    for (kind, list) in groups {
        out.push_str(&format!("{} ({})\n", kind.name(), list.len()));
        for d in list {
            out.push_str(&format!("  {}\n", d.to_string().replace('\n', "\n  ")));
        }
        out.push('\n');
    }
    out.push_str(&diags.summary());
    out
}

/// One JSON document with stable field names for CI tools.
pub fn json(diags: &Diagnostics) -> String {
    let findings: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "kind": d.kind,
                "severity": d.severity,
                "file": crate::diagnostics::display_path(&d.file),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    let doc = serde_json::json!({ "findings": findings, "errors": diags.errors(), "warnings": diags.warnings() });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
