//! The view of a release's burnup: committed and done, added up iteration
//! by iteration over every team, with the table of sprints and the release's predictability.

use super::{LineChart, SourceView};
use crate::planning::burndown::Source;
use crate::planning::release::{ReleaseProgress, SprintResult};
use crate::render::page_view::number;
use crate::render::views::{PageLink, SiteData};
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
pub struct SprintRow<'a> {
    pub sprint: PageLink<'a>,
    pub committed: Option<Value>,
    pub done: Option<Value>,
    pub ended: bool,
    pub goal_met: bool,
    /// Where its figures come from, when it has any.
    pub source: Option<SourceView>,
}

#[derive(Serialize)]
pub struct ReleaseView<'a> {
    /// None when no sprint gives a committed or done figure.
    pub burnup: Option<LineChart>,
    pub sprints: Vec<SprintRow<'a>>,
    /// Some sprint's figures are rebuilt from status changes in git: the
    /// table says where each sprint's come from.
    pub rebuilt: bool,
    /// Where the chart's figures come from: "from daily notes", "from
    /// status changes in git" or both.
    pub figures_from: Option<&'static str>,
    pub ended: usize,
    pub met: usize,
    /// Sprint goals met as a percentage of ended sprints.
    pub predictability: Option<usize>,
}

/// Running totals.
fn cumulative(values: impl Iterator<Item = Option<f64>>) -> Vec<Option<f64>> {
    values
        .scan(0.0, |total, v| {
            *total += v.unwrap_or_default();
            Some(Some(*total))
        })
        .collect()
}

pub fn view<'a>(data: &SiteData<'a>, progress: &ReleaseProgress) -> ReleaseView<'a> {
    let labels: Vec<String> = progress
        .iterations
        .iter()
        .map(|p| p.start.format("%-d %b").to_string())
        .collect();
    // Each iteration's figures, added up over the teams.
    let per_iteration = |figure: fn(&SprintResult) -> Option<f64>| {
        (0..progress.iterations.len()).map(move |i| {
            let sprints = progress.sprints.iter().filter(move |s| s.iteration == i);
            Some(sprints.filter_map(figure).sum::<f64>())
        })
    };
    let committed = cumulative(per_iteration(|s| s.committed));
    let done = cumulative(per_iteration(|s| s.done));
    let max = committed
        .iter()
        .chain(&done)
        .flatten()
        .fold(0.0f64, |a, b| a.max(*b));
    let figures = progress
        .sprints
        .iter()
        .any(|s| s.committed.is_some() || s.done.is_some());
    let burnup = figures.then(|| {
        let mut chart = LineChart::new(&labels, max);
        chart.line("Committed", "scope", &committed, |_| true);
        chart.line("Done", "done", &done, |_| true);
        chart
    });
    // Whether some sprint's figures come from daily notes, and from git.
    let sources = || progress.sprints.iter().filter_map(|s| s.source);
    let noted = sources().any(|s| s == Source::DailyNotes);
    let rebuilt = sources().any(|s| s != Source::DailyNotes);
    ReleaseView {
        burnup,
        sprints: progress
            .sprints
            .iter()
            .map(|s| SprintRow {
                sprint: data.item(s.sprint),
                committed: s.committed.map(number),
                done: s.done.map(number),
                ended: s.ended,
                goal_met: s.goal_met,
                source: s.source.map(SourceView::from),
            })
            .collect(),
        rebuilt,
        figures_from: match (noted, rebuilt) {
            (true, true) => Some("from daily notes and status changes in git"),
            (false, true) => Some("from status changes in git"),
            (true, false) => Some("from daily notes"),
            (false, false) => None,
        },
        ended: progress.ended,
        met: progress.met,
        predictability: progress.predictability(),
    }
}
