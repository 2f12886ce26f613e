//! What changed between two versions of a plan, in words readers use:
//! "end moved 2026-11-20 → 2026-12-04 (+14 days)", "status planned →
//! active", "goal rewritten".

use super::{FileHistory, History, PlanValues};
use crate::content::frontmatter::Status;
use crate::content::{Library, PageId};
use crate::dates::Date;
use crate::planning::Planning;
use serde::Serialize;

/// One change to a plan's frontmatter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// The first version of the plan.
    Added,
    Renamed {
        from: String,
    },
    Status {
        from: Option<Status>,
        to: Option<Status>,
    },
    /// The committed end moved; `days` later (negative: pulled in).
    End {
        from: Option<Date>,
        to: Option<Date>,
        days: Option<i64>,
    },
    Start {
        from: Option<Date>,
        to: Option<Date>,
    },
    Period {
        from: Option<String>,
        to: Option<String>,
    },
    Health {
        from: String,
        to: String,
    },
    Goal {
        set: bool,
    },
    Parent {
        from: Option<String>,
        to: Option<String>,
    },
    Capacity {
        from: String,
        to: String,
    },
    Outcome {
        id: String,
        from: String,
        to: String,
    },
}

impl Change {
    /// The change in a few words.
    pub fn text(&self) -> String {
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
        let date = |d: &Option<Date>| d.map_or_else(|| "none".into(), |d| d.to_string());
        let status = |s: &Option<Status>| s.as_ref().map_or_else(|| "none".into(), word);
        match self {
            Change::Added => "added".into(),
            Change::Renamed { from } => format!("moved from {from}"),
            Change::Status { from, to } => format!("status {} → {}", status(from), status(to)),
            Change::End {
                from: None,
                to: Some(to),
                ..
            } => format!("end set to {to}"),
            Change::End { from, to, days } => match days {
                Some(days) => format!("end moved {} → {} ({days:+} days)", date(from), date(to)),
                None => format!("end {} → {}", date(from), date(to)),
            },
            Change::Start { from, to } => format!("start moved {} → {}", date(from), date(to)),
            Change::Period { from, to } => format!("period {} → {}", opt(from), opt(to)),
            Change::Health { from, to } => format!("health {from} → {to}"),
            Change::Goal { set: true } => "goal set".into(),
            Change::Goal { set: false } => "goal rewritten".into(),
            Change::Parent { from, to } => format!("re-parented {} → {}", opt(from), opt(to)),
            Change::Capacity { from, to } => format!("capacity {from} → {to}"),
            Change::Outcome { id, from, to } => format!("outcome {id}: {from} → {to}"),
        }
    }

    /// A plan slipped (its end moved later) or was pulled in.
    pub fn end_days(&self) -> Option<i64> {
        match self {
            Change::End { days, .. } => *days,
            _ => None,
        }
    }
}

/// A status or health as written in frontmatter (`active`, `at-risk`).
fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        _ => String::new(),
    }
}

/// Changes from `old` to `new` (no `old`: the first version).
pub fn diff(old: Option<&PlanValues>, new: &PlanValues) -> Vec<Change> {
    let Some(old) = old else {
        return vec![Change::Added];
    };
    let mut changes = Vec::new();
    if old.status != new.status {
        changes.push(Change::Status {
            from: old.status,
            to: new.status,
        });
    }
    if old.period != new.period {
        changes.push(Change::Period {
            from: old.period.clone(),
            to: new.period.clone(),
        });
    } else if old.end != new.end {
        changes.push(Change::End {
            from: old.end,
            to: new.end,
            days: old.end.zip(new.end).map(|(a, b)| (b - a).num_days()),
        });
    }
    if old.start != new.start {
        changes.push(Change::Start {
            from: old.start,
            to: new.start,
        });
    }
    if old.health != new.health {
        let text = |h: &Option<_>| h.as_ref().map_or_else(|| "none".into(), word);
        changes.push(Change::Health {
            from: text(&old.health),
            to: text(&new.health),
        });
    }
    if old.goal != new.goal && new.goal.is_some() {
        changes.push(Change::Goal {
            set: old.goal.is_none(),
        });
    }
    if old.parent != new.parent {
        changes.push(Change::Parent {
            from: old.parent.clone(),
            to: new.parent.clone(),
        });
    }
    if old.capacity != new.capacity {
        let text =
            |c: Option<(f64, f64)>| c.map_or_else(|| "none".into(), |(a, c)| format!("{c} of {a}"));
        changes.push(Change::Capacity {
            from: text(old.capacity),
            to: text(new.capacity),
        });
    }
    for (id, to) in &new.outcomes {
        let from = old.outcomes.iter().find(|(o, _)| o == id).map(|(_, v)| v);
        if from.is_some_and(|from| from != to) {
            changes.push(Change::Outcome {
                id: id.clone(),
                from: from.cloned().unwrap_or_default(),
                to: to.clone(),
            });
        }
    }
    changes
}

/// The changes one commit made to one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// Index into [`History::commits`].
    pub commit: usize,
    pub changes: Vec<Change>,
}

/// A plan's revisions, newest first; commits that changed none of its
/// plan values (a body edit) are left out.
pub fn revisions(file: &FileHistory, current: &PlanValues) -> Vec<Revision> {
    let mut revisions = Vec::new();
    let mut previous: Option<&PlanValues> = None;
    for (i, version) in file.versions.iter().enumerate() {
        let Some(values) = file.values(i, current) else {
            continue;
        };
        let mut changes = diff(previous, values);
        if let Some(from) = &version.renamed_from {
            changes.push(Change::Renamed { from: from.clone() });
        }
        if !changes.is_empty() {
            revisions.push(Revision {
                commit: version.commit,
                changes,
            });
        }
        previous = Some(values);
    }
    revisions.reverse();
    revisions
}

/// One plan's changes in one commit, for the "what changed" pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub page: PageId,
    pub revision: Revision,
}

/// How many weeks the "what changed" pages cover, this one included.
pub const WEEKS: u64 = 12;

/// The Monday that starts the first of the [`WEEKS`] up to `today`.
fn since(today: Date) -> Date {
    use chrono::Datelike;
    let monday = today - chrono::Days::new(today.weekday().num_days_from_monday().into());
    monday - chrono::Days::new(7 * (WEEKS - 1))
}

/// Every plan's revisions of the [`WEEKS`] up to `today` (later commits
/// are left out, so `--today` fixes the page), newest first.
pub fn log(history: &History, library: &Library, planning: &Planning, today: Date) -> Vec<Logged> {
    let since = since(today);
    let mut logged: Vec<Logged> = library
        .page_ids()
        .filter(|id| planning.level_of(*id).is_some())
        .flat_map(|page| {
            // Most plans did not change lately: skip them before diffing.
            let file = history.file(&library.page(page).source).filter(|f| {
                f.versions
                    .last()
                    .is_some_and(|v| history.commits[v.commit].date >= since)
            });
            let revisions = file
                .map(|file| revisions(file, &PlanValues::of(&library.page(page).fm)))
                .unwrap_or_default();
            revisions
                .into_iter()
                .skip_while(move |r| history.commits[r.commit].date > today)
                .take_while(move |r| history.commits[r.commit].date >= since)
                .map(move |revision| Logged { page, revision })
        })
        .collect();
    logged.sort_by_key(|l| (l.revision.commit, l.page));
    logged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        crate::dates::parse_date(s)
    }

    #[test]
    fn words() {
        let old = PlanValues {
            status: Some(Status::Planned),
            end: d("2026-11-20"),
            goal: Some("Ship it".into()),
            ..PlanValues::default()
        };
        let new = PlanValues {
            status: Some(Status::Active),
            end: d("2026-12-04"),
            goal: Some("Ship it well".into()),
            ..old.clone()
        };
        let texts: Vec<String> = diff(Some(&old), &new).iter().map(Change::text).collect();
        assert_eq!(
            texts,
            [
                "status planned → active",
                "end moved 2026-11-20 → 2026-12-04 (+14 days)",
                "goal rewritten"
            ]
        );
        assert_eq!(diff(None, &new), [Change::Added]);
        assert!(diff(Some(&new), &new).is_empty());
    }

    #[test]
    fn pulled_in() {
        let old = PlanValues {
            end: d("2026-12-04"),
            ..PlanValues::default()
        };
        let new = PlanValues {
            end: d("2026-11-27"),
            ..PlanValues::default()
        };
        assert_eq!(diff(Some(&old), &new)[0].end_days(), Some(-7));
        assert_eq!(
            diff(Some(&old), &new)[0].text(),
            "end moved 2026-12-04 → 2026-11-27 (-7 days)"
        );
    }
}
