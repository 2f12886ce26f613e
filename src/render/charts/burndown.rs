//! The view of a sprint's burndown and burnup: two charts and the table
//! of days they are drawn from.

use super::{LineChart, SourceView};
use crate::planning::burndown::Burndown;
use crate::render::page_view::number;
use serde::Serialize;
use serde_json::Value;

/// One working day, as the table beside the charts shows it.
#[derive(Serialize)]
pub struct DayRow {
    pub date: String,
    pub remaining: Option<Value>,
    pub ideal: Option<Value>,
    pub done: Option<Value>,
    pub scope: Option<Value>,
    pub noted: bool,
    pub today: bool,
}

#[derive(Serialize)]
pub struct BurndownView {
    pub burndown: LineChart,
    /// Done against scope, when the daily pages give them.
    pub burnup: Option<LineChart>,
    pub days: Vec<DayRow>,
    pub committed: Option<Value>,
    pub source: SourceView,
}

fn short_date(date: crate::dates::Date) -> String {
    date.format("%-d %b").to_string()
}

fn rounded(v: Option<f64>) -> Option<Value> {
    v.map(|v| number((v * 10.0).round() / 10.0))
}

pub fn view(data: &Burndown) -> BurndownView {
    let labels: Vec<String> = data.days.iter().map(|d| short_date(d.date)).collect();
    let column = |f: fn(&crate::planning::burndown::Day) -> Option<f64>| -> Vec<Option<f64>> {
        data.days.iter().map(f).collect()
    };
    let (remaining, ideal) = (column(|d| d.remaining), column(|d| d.ideal));
    let (done, scope) = (column(|d| d.done), column(|d| d.scope));
    let max = |columns: &[&Vec<Option<f64>>]| {
        columns
            .iter()
            .flat_map(|c| c.iter().flatten())
            .fold(0.0f64, |a, b| a.max(*b))
    };
    let noted = |i: usize| data.days[i].noted;
    let mut burndown = LineChart::new(&labels, max(&[&remaining, &ideal]));
    burndown.line("Ideal", "ideal", &ideal, |_| false);
    burndown.line("Remaining", "remaining", &remaining, noted);
    let mut burnup = data.has_burnup.then(|| {
        let mut chart = LineChart::new(&labels, max(&[&done, &scope]));
        chart.line("Scope", "scope", &scope, noted);
        chart.line("Done", "done", &done, noted);
        chart
    });
    if let Some(today) = data.today {
        burndown.mark(today, "Today");
        if let Some(chart) = burnup.as_mut() {
            chart.mark(today, "Today");
        }
    }
    BurndownView {
        burndown,
        burnup,
        days: data
            .days
            .iter()
            .enumerate()
            .map(|(i, d)| DayRow {
                date: d.date.to_string(),
                remaining: rounded(d.remaining),
                ideal: rounded(d.ideal),
                done: rounded(d.done),
                scope: rounded(d.scope),
                noted: d.noted,
                today: data.today == Some(i),
            })
            .collect(),
        committed: data.committed.map(number),
        source: data.source.into(),
    }
}
