//! Charts drawn at build time as inline SVG. The geometry (scaled points,
//! axis labels, the today marker) is computed here; the theme's
//! `partials/line_chart.html` places it, so a site can restyle or replace
//! the drawing, and every chart has a table beside it as its text.

pub mod burndown;
pub mod dependency_map;
pub mod release;

use crate::planning::burndown::{Source, Unit};
use serde::Serialize;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;
/// At most this many labels along the x axis.
const X_LABELS: usize = 8;

/// A chart of lines over labelled steps (days, sprints).
#[derive(Serialize, Debug)]
pub struct LineChart {
    pub width: f64,
    pub height: f64,
    /// The plot area.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub x_labels: Vec<Label>,
    pub y_ticks: Vec<Label>,
    pub series: Vec<Series>,
    pub marker: Option<Label>,
    /// The value at the top of the y axis, and the number of steps.
    #[serde(skip)]
    scale: f64,
    #[serde(skip)]
    steps: usize,
}

#[derive(Serialize, Debug)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// One line: `points` as SVG `x,y` pairs; `dots` where a value was recorded.
#[derive(Serialize, Debug)]
pub struct Series {
    pub name: &'static str,
    /// CSS class: the theme colours each series by it.
    pub class: &'static str,
    pub points: String,
    pub dots: Vec<Label>,
}

/// Where a chart's figures come from, as its text says.
#[derive(Serialize, Debug, Clone, Copy)]
pub struct SourceView {
    /// `daily-notes` or `status-changes`.
    pub key: &'static str,
    /// "from daily notes", "from status changes in git".
    pub text: &'static str,
    /// What rebuilt figures add up: "points" or "work items".
    pub unit: Option<&'static str>,
}

impl From<Source> for SourceView {
    fn from(source: Source) -> SourceView {
        match source {
            Source::DailyNotes => SourceView {
                key: "daily-notes",
                text: "from daily notes",
                unit: None,
            },
            Source::StatusChanges(unit) => SourceView {
                key: "status-changes",
                text: "from status changes in git",
                unit: Some(match unit {
                    Unit::Points => "points",
                    Unit::Items => "work items",
                }),
            },
        }
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A round number at or above `max`, so axis ticks read well.
fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * magnitude)
}

/// The steps that get a label: evenly spaced, always the last, and none
/// crowding it.
fn label_steps(steps: usize) -> Vec<usize> {
    let Some(last) = steps.checked_sub(1) else {
        return Vec::new();
    };
    let every = steps.div_ceil(X_LABELS).max(1);
    let mut labelled: Vec<usize> = (0..last).step_by(every).collect();
    if every > 1 && labelled.last().is_some_and(|l| last - l < every && *l > 0) {
        labelled.pop();
    }
    labelled.push(last);
    labelled
}

impl LineChart {
    /// An empty chart over `steps` labels, scaled to values up to `max`.
    pub fn new(steps: &[String], max: f64) -> LineChart {
        let top_value = nice_ceiling(max);
        let mut chart = LineChart {
            width: WIDTH,
            height: HEIGHT,
            left: LEFT,
            right: WIDTH - RIGHT,
            top: TOP,
            bottom: HEIGHT - BOTTOM,
            x_labels: Vec::new(),
            y_ticks: Vec::new(),
            series: Vec::new(),
            marker: None,
            scale: top_value,
            steps: steps.len(),
        };
        chart.x_labels = label_steps(steps.len())
            .into_iter()
            .map(|i| Label {
                x: chart.x(i),
                y: chart.bottom + 16.0,
                text: steps[i].clone(),
            })
            .collect();
        // Five ticks where quarters would not be whole (25 → 5, 10, 15 ...).
        let ticks = if (top_value / 4.0).fract() == 0.0 {
            4
        } else {
            5
        };
        chart.y_ticks = (0..=ticks)
            .map(|t| {
                let value = top_value * f64::from(t) / f64::from(ticks);
                Label {
                    x: chart.left - 6.0,
                    y: chart.y(value),
                    text: crate::render::page_view::number(round(value)).to_string(),
                }
            })
            .collect();
        chart
    }

    /// Adds a line through the steps that have a value; a dot marks each
    /// step where `recorded` says the value was written down.
    pub fn line(
        &mut self,
        name: &'static str,
        class: &'static str,
        values: &[Option<f64>],
        recorded: impl Fn(usize) -> bool,
    ) {
        let at: Vec<(usize, Label)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let point = Label {
                    x: self.x(i),
                    y: self.y((*v)?),
                    text: String::new(),
                };
                Some((i, point))
            })
            .collect();
        let points = at
            .iter()
            .map(|(_, p)| format!("{},{}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ");
        let dots = at
            .into_iter()
            .filter(|(i, _)| recorded(*i))
            .map(|(_, p)| p)
            .collect();
        self.series.push(Series {
            name,
            class,
            points,
            dots,
        });
    }

    /// A vertical marker at step `i` (today).
    pub fn mark(&mut self, i: usize, text: &str) {
        self.marker = Some(Label {
            x: self.x(i),
            y: self.top,
            text: text.to_string(),
        });
    }

    fn x(&self, i: usize) -> f64 {
        let span = (self.steps.max(2) - 1) as f64;
        round(self.left + (self.right - self.left) * i as f64 / span)
    }

    fn y(&self, value: f64) -> f64 {
        round(self.bottom - (self.bottom - self.top) * value / self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_labels_spread_without_crowding_the_last() {
        assert_eq!(label_steps(0), Vec::<usize>::new());
        assert_eq!(label_steps(1), [0]);
        assert_eq!(label_steps(10), [0, 2, 4, 6, 9]);
        assert_eq!(label_steps(5), [0, 1, 2, 3, 4]);
        assert_eq!(nice_ceiling(22.0), 25.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }
}
