//! Business outcomes: where each is defined, how far it has moved from its
//! baseline toward its target, and which plans serve it.
//!
//! An outcome is defined in `outcomes:` of a vision or roadmap page and
//! served by any page that names its id in its own `outcomes:`. One that
//! nothing serves is an `unserved-outcome` finding: the strategy says it
//! matters, and no work moves it.

use super::Planning;
use crate::content::frontmatter::{Outcome, OutcomeEntry};
use crate::content::{Library, PageId};
use crate::diagnostics::{Diagnostic, Kind, Subject};
use crate::yaml::Value;
use serde::Serialize;
use std::collections::HashMap;

/// One defined outcome and the plans that serve it.
#[derive(Debug, Clone)]
pub struct Defined<'a> {
    pub page: PageId,
    pub outcome: &'a Outcome,
    pub served_by: Vec<PageId>,
}

/// How far an outcome has moved, direction-aware: with a target below the
/// baseline, progress is downward.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// Share of the way from baseline to target, in whole percent from
    /// 0 to 100 (clamped).
    pub percent: u32,
    /// The target is below the baseline.
    pub downward: bool,
}

/// A number from a YAML value: `9`, `4.5`, or a string holding one
/// (`"12"`, `"35%"`).
fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok(),
        _ => None,
    }
}

/// Progress from baseline to target at the current value; none while any
/// of the three is missing or not a number, or baseline equals target.
pub fn progress(outcome: &Outcome) -> Option<Progress> {
    let baseline = number(outcome.baseline.as_ref())?;
    let target = number(outcome.target.as_ref())?;
    let current = number(outcome.current.as_ref())?;
    let span = target - baseline;
    if span == 0.0 || !span.is_finite() {
        return None;
    }
    let share = ((current - baseline) / span).clamp(0.0, 1.0);
    Some(Progress {
        percent: (share * 100.0).round() as u32,
        downward: target < baseline,
    })
}

/// Every defined outcome, in page order, with the pages that name it.
pub fn outcomes<'a>(library: &'a Library) -> Vec<Defined<'a>> {
    let mut defined = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for id in library.page_ids() {
        for entry in library.page(id).fm.outcomes.iter().flatten() {
            if let OutcomeEntry::Defined(o) = entry {
                by_id.entry(o.id.as_str()).or_insert(defined.len());
                defined.push(Defined {
                    page: id,
                    outcome: o,
                    served_by: Vec::new(),
                });
            }
        }
    }
    for id in library.page_ids() {
        for entry in library.page(id).fm.outcomes.iter().flatten() {
            if let OutcomeEntry::Ref(r) = entry
                && let Some(i) = by_id.get(r.trim())
            {
                defined[*i].served_by.push(id);
            }
        }
    }
    defined
}

/// An `unserved-outcome` finding for each outcome no plan serves.
pub fn check(library: &Library, planning: &Planning) -> Vec<Diagnostic> {
    outcomes(library)
        .into_iter()
        .filter(|d| d.served_by.is_empty() && planning.level_of(d.page).is_some())
        .map(|d| {
            let page = library.page(d.page);
            Diagnostic::new(
                Kind::UnservedOutcome,
                page.display_path(),
                format!("no plan serves the outcome '{}'", d.outcome.title),
            )
            .at(page.line_of("outcomes"), 1)
            .about(Subject::Page(d.page))
            .hint(format!(
                "add `outcomes: [{}]` to the plans below that move it, or drop the outcome",
                d.outcome.id
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(baseline: &str, current: &str, target: &str) -> Outcome {
        let value = |s: &str| (!s.is_empty()).then(|| crate::yaml::from_str(s).unwrap());
        Outcome {
            id: "o".into(),
            title: "O".into(),
            metric: None,
            baseline: value(baseline),
            target: value(target),
            current: value(current),
        }
    }

    #[test]
    fn progress_in_both_directions() {
        let down = progress(&outcome("9", "4", "1")).unwrap();
        assert_eq!((down.percent, down.downward), (63, true));
        let up = progress(&outcome("20", "35", "80")).unwrap();
        assert_eq!((up.percent, up.downward), (25, false));
        let past = progress(&outcome("\"10%\"", "\"50%\"", "\"40%\"")).unwrap();
        assert_eq!(past.percent, 100, "clamped at the target");
    }

    #[test]
    fn no_progress_without_all_three_numbers() {
        assert_eq!(progress(&outcome("9", "", "1")), None);
        assert_eq!(progress(&outcome("9", "4", "")), None);
        assert_eq!(progress(&outcome("high", "4", "1")), None);
        assert_eq!(progress(&outcome("3", "3", "3")), None);
    }
}
