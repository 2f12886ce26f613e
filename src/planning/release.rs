//! A release's progress over its sprints (committed against done, and the
//! share of sprint goals met) and its objectives' business value.

use super::Planning;
use super::burndown::{self, Source};
use super::rebuilt::Timelines;
use crate::content::frontmatter::{Objective, Status};
use crate::content::{Library, PageId};
use crate::dates::{Date, Period};

/// What one sprint of the release committed to and delivered.
#[derive(Debug, Clone, PartialEq)]
pub struct SprintResult {
    pub sprint: PageId,
    /// Its column on the release's program board.
    pub iteration: usize,
    /// `capacity.committed`; rebuilt from status changes without it, the
    /// work in scope on the sprint's first day.
    pub committed: Option<f64>,
    /// The last `done` noted; else committed less the last remaining; else
    /// everything committed for a sprint marked done.
    pub done: Option<f64>,
    /// Its end date has passed.
    pub ended: bool,
    /// Ended, marked done, and no work left on its last note.
    pub goal_met: bool,
    /// Where its figures come from, when it has any.
    pub source: Option<Source>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseProgress {
    /// The iterations of the release's program board, in date order.
    pub iterations: Vec<Period>,
    /// The release's sprints in date order.
    pub sprints: Vec<SprintResult>,
    pub ended: usize,
    pub met: usize,
}

impl ReleaseProgress {
    /// Sprint goals met as a share of ended sprints, in percent.
    pub fn predictability(&self) -> Option<usize> {
        (self.ended > 0).then(|| self.met * 100 / self.ended)
    }
}

fn sprint_result(
    library: &Library,
    planning: &Planning,
    (sprint, iteration): (PageId, usize),
    today: Date,
    work_weekends: bool,
    timeline: Timelines,
) -> SprintResult {
    let fm = &library.page(sprint).fm;
    let chart = burndown::burndown(library, planning, sprint, today, work_weekends, timeline);
    let source = chart.as_ref().map(|b| b.source);
    let committed = match &chart {
        Some(b) if b.source != Source::DailyNotes => b.committed,
        _ => fm.capacity.as_deref().map(|c| c.committed),
    };
    let last = chart.and_then(|b| {
        b.days
            .into_iter()
            .rev()
            .find(|d| d.remaining.is_some() || d.done.is_some())
    });
    let left = last.as_ref().and_then(|d| d.remaining);
    let marked_done = fm.status == Some(Status::Done);
    let done = last
        .as_ref()
        .and_then(|d| d.done)
        .or_else(|| Some((committed? - left?).max(0.0)))
        .or(committed.filter(|_| marked_done));
    let ended = fm.span().is_some_and(|s| s.end < today);
    SprintResult {
        sprint,
        iteration,
        committed,
        done,
        ended,
        goal_met: ended && marked_done && left.is_none_or(|l| l <= 0.0),
        source,
    }
}

/// The progress of `id` over the sprints serving it, one or two levels
/// below; none without dated sprints. A sprint without daily figures
/// counts the figures rebuilt from the status changes `timeline` gives.
pub fn progress(
    library: &Library,
    planning: &Planning,
    id: PageId,
    levels: usize,
    today: Date,
    work_weekends: bool,
    timeline: Timelines,
) -> Option<ReleaseProgress> {
    let board = super::board::board(library, planning, id, levels)?;
    let mut sprints: Vec<(PageId, usize)> = board
        .cells
        .iter()
        .flat_map(|row| {
            row.iter()
                .enumerate()
                .flat_map(|(column, cell)| cell.iter().map(move |s| (*s, column)))
        })
        .collect();
    sprints.sort_by_key(|(_, column)| *column);
    let sprints: Vec<SprintResult> = sprints
        .into_iter()
        .map(|s| sprint_result(library, planning, s, today, work_weekends, timeline))
        .collect();
    Some(ReleaseProgress {
        iterations: board.iterations,
        ended: sprints.iter().filter(|s| s.ended).count(),
        met: sprints.iter().filter(|s| s.goal_met).count(),
        sprints,
    })
}

/// Business value delivered as a share of value planned, over committed
/// objectives with both figures, in percent.
pub fn objectives_predictability(objectives: &[Objective]) -> Option<usize> {
    let (planned, actual) = objectives
        .iter()
        .filter(|o| o.committed)
        .filter_map(|o| Some((o.value_planned?, o.value_actual?)))
        .fold((0.0, 0.0), |(p, a), (op, oa)| (p + op, a + oa));
    (planned > 0.0).then(|| (actual / planned * 100.0).round() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objective(committed: bool, planned: Option<f64>, actual: Option<f64>) -> Objective {
        Objective {
            title: "o".into(),
            committed,
            value_planned: planned,
            value_actual: actual,
        }
    }

    #[test]
    fn predictability_counts_committed_objectives_with_both_values() {
        let objectives = [
            objective(true, Some(8.0), Some(6.0)),
            objective(true, Some(5.0), Some(5.0)),
            objective(false, Some(3.0), Some(3.0)),
            objective(true, Some(4.0), None),
        ];
        assert_eq!(objectives_predictability(&objectives), Some(85));
        assert_eq!(objectives_predictability(&objectives[2..]), None);
    }
}
