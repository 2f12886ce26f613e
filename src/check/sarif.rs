//! `strata check --format sarif`: the findings as a SARIF 2.1.0 log, the
//! format code-scanning tools (GitHub code scanning, GitLab, Azure DevOps)
//! read to show findings beside the lines they concern.

use super::repo_path;
use crate::diagnostics::{Diagnostic, Diagnostics, Kind, Severity};
use serde_json::{Value, json};
use std::path::Path;

/// One run of `strata` with a rule per finding kind and a result per finding.
pub fn log(diags: &Diagnostics, root: &Path) -> String {
    let mut kinds: Vec<Kind> = diags.iter().map(|d| d.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let rules: Vec<Value> = kinds
        .iter()
        .map(|kind| json!({ "id": kind.name(), "name": kind.name() }))
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let index = kinds.binary_search(&d.kind).unwrap_or_default();
            result(d, index, root)
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "strata",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn result(d: &Diagnostic, rule_index: usize, root: &Path) -> Value {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let text = match &d.hint {
        Some(hint) => format!("{}\nhelp: {hint}", d.message),
        None => d.message.clone(),
    };
    let mut location = json!({
        "artifactLocation": {
            "uri": crate::urls::encode_path(&repo_path(root, &d.file)),
            "uriBaseId": "%SRCROOT%",
        }
    });
    if d.line > 0 {
        let mut region = json!({ "startLine": d.line });
        if d.column > 0 {
            region["startColumn"] = json!(d.column);
        }
        location["region"] = region;
    }
    json!({
        "ruleId": d.kind,
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": text },
        "locations": [{ "physicalLocation": location }],
    })
}
