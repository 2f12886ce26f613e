//! Slips and predictability: how far each plan's end moved since it was
//! first committed to, and per level how often plans were done by then.
//!
//! A plan's first committed end is its end in the first version whose
//! status was `planned` or `active`; its slip is its current end minus
//! that. A level keeps slipping when most of its finished plans were done
//! late, the latest period included: that is the `unpredictable` finding.

use super::{History, PlanValues};
use crate::config::Config;
use crate::content::frontmatter::Status;
use crate::content::{Library, PageId};
use crate::dates::Date;
use crate::diagnostics::{Diagnostic, Kind, Subject};
use crate::planning::Planning;
use chrono::Datelike;
use serde::Serialize;

/// How many calendar quarters the trend shows.
pub const TREND_PERIODS: usize = 4;
/// A level is judged only with at least this many finished plans.
const MIN_FINISHED: usize = 4;

/// One plan's record from its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlanRecord {
    /// Its end when first `planned` or `active`.
    pub first_end: Date,
    /// Current end minus `first_end`, in days.
    pub slip: i64,
    /// When a commit first marked it `done`.
    pub done_on: Option<Date>,
}

impl PlanRecord {
    pub fn on_time(&self) -> Option<bool> {
        self.done_on.map(|done| done <= self.first_end)
    }
}

/// The record of a page, if its history has a committed end.
pub fn record(history: &History, source: &str, current: &PlanValues) -> Option<PlanRecord> {
    let file = history.file(source)?;
    let versions = (0..file.versions.len()).filter_map(|i| {
        let commit = &history.commits[file.versions[i].commit];
        Some((commit.date, file.values(i, current)?))
    });
    let mut first_end = None;
    let mut done_on = None;
    for (date, values) in versions {
        if first_end.is_none() && matches!(values.status, Some(Status::Planned | Status::Active)) {
            first_end = values.planned_end();
        }
        if done_on.is_none() && values.status == Some(Status::Done) {
            done_on = Some(date);
        }
    }
    let first_end = first_end?;
    Some(PlanRecord {
        first_end,
        slip: current
            .planned_end()
            .map_or(0, |end| (end - first_end).num_days()),
        done_on,
    })
}

/// Done plans, and how many of them were done by their first committed end.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Share {
    pub done: usize,
    pub on_time: usize,
    /// `on_time` of `done` in whole per cent.
    pub percent: Option<u32>,
}

impl Share {
    fn add(&mut self, on_time: bool) {
        self.done += 1;
        self.on_time += usize::from(on_time);
        self.percent = Some((self.on_time * 100 / self.done) as u32);
    }

    fn mostly_late(&self) -> bool {
        self.percent.is_some_and(|p| p < 50)
    }
}

/// One period of a level's trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodShare {
    /// `2026-Q3`.
    pub period: String,
    #[serde(flatten)]
    pub share: Share,
}

/// How predictably one level delivers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Predictability {
    /// Plans with a committed end.
    pub plans: usize,
    #[serde(flatten)]
    pub share: Share,
    /// Median slip in days of the plans with a committed end.
    pub median_slip: Option<i64>,
    /// The last [`TREND_PERIODS`] quarters up to today, by when plans were due.
    pub trend: Vec<PeriodShare>,
}

impl Predictability {
    /// Mostly late overall and in the latest period that finished plans.
    pub fn keeps_slipping(&self) -> bool {
        let latest = self.trend.iter().rev().find(|p| p.share.done > 0);
        self.share.done >= MIN_FINISHED
            && self.share.mostly_late()
            && latest.is_some_and(|p| p.share.mostly_late())
    }
}

/// Every plan's record (by `PageId`) and every level's predictability.
#[derive(Debug, Default)]
pub struct Slips {
    pub records: Vec<Option<PlanRecord>>,
    pub levels: Vec<Predictability>,
}

impl Slips {
    pub fn new(
        history: &History,
        library: &Library,
        planning: &Planning,
        levels: usize,
        today: Date,
    ) -> Slips {
        let records: Vec<Option<PlanRecord>> = library
            .page_ids()
            .map(|id| {
                let page = library.page(id);
                planning.level_of(id)?;
                record(history, &page.source, &PlanValues::of(&page.fm))
            })
            .collect();
        let levels = (0..levels)
            .map(|level| {
                let plans = planning.by_level[level]
                    .iter()
                    .filter_map(|id: &PageId| records[id.0 as usize]);
                predictability(plans, today)
            })
            .collect();
        Slips { records, levels }
    }

    pub fn record(&self, id: PageId) -> Option<PlanRecord> {
        self.records.get(id.0 as usize).copied().flatten()
    }
}

fn predictability(plans: impl Iterator<Item = PlanRecord>, today: Date) -> Predictability {
    let quarters: Vec<(i32, u32)> = (0..TREND_PERIODS as i32)
        .rev()
        .map(|back| {
            let index = today.year() * 4 + today.month0() as i32 / 3 - back;
            (index.div_euclid(4), index.rem_euclid(4) as u32 + 1)
        })
        .collect();
    let mut result = Predictability {
        trend: quarters
            .iter()
            .map(|(year, q)| PeriodShare {
                period: format!("{year}-Q{q}"),
                share: Share::default(),
            })
            .collect(),
        ..Predictability::default()
    };
    let mut slips = Vec::new();
    for plan in plans {
        result.plans += 1;
        slips.push(plan.slip);
        let Some(on_time) = plan.on_time() else {
            continue;
        };
        result.share.add(on_time);
        let due = (plan.first_end.year(), plan.first_end.month0() / 3 + 1);
        if let Some(i) = quarters.iter().position(|q| *q == due) {
            result.trend[i].share.add(on_time);
        }
    }
    slips.sort_unstable();
    result.median_slip = slips.get(slips.len() / 2).copied();
    result
}

/// The `unpredictable` finding for each level that keeps slipping.
pub fn check(slips: &Slips, config: &Config) -> Vec<Diagnostic> {
    slips
        .levels
        .iter()
        .enumerate()
        .filter(|(_, p)| p.keeps_slipping())
        .map(|(i, p)| {
            let level = &config.levels[i];
            Diagnostic::new(
                Kind::Unpredictable,
                crate::config::CONFIG_FILE,
                format!(
                    "the {} level keeps slipping: {} of {} finished plans were done by their first committed end, median slip {} days",
                    level.name,
                    p.share.on_time,
                    p.share.done,
                    p.median_slip.unwrap_or(0)
                ),
            )
            .at(level.line, 0)
            .about(Subject::Level(i))
            .hint("commit to less per period, split large plans, and re-plan at the level's cadence instead of moving ends; /changes/ lists every slip")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        crate::dates::parse_date(s).unwrap()
    }

    fn plan(first_end: &str, slip: i64, done_on: Option<&str>) -> PlanRecord {
        PlanRecord {
            first_end: d(first_end),
            slip,
            done_on: done_on.map(d),
        }
    }

    #[test]
    fn shares_medians_and_trend() {
        let plans = [
            plan("2026-07-10", 0, Some("2026-07-09")),
            plan("2026-08-10", 14, Some("2026-08-24")),
            plan("2026-10-10", 7, Some("2026-10-17")),
            plan("2026-11-10", 21, None),
        ];
        let p = predictability(plans.into_iter(), d("2026-12-05"));
        assert_eq!(
            (p.plans, p.share.done, p.share.on_time, p.share.percent),
            (4, 3, 1, Some(33))
        );
        assert_eq!(p.median_slip, Some(14));
        let periods: Vec<_> = p
            .trend
            .iter()
            .map(|t| (t.period.as_str(), t.share.done))
            .collect();
        assert_eq!(
            periods,
            [
                ("2026-Q1", 0),
                ("2026-Q2", 0),
                ("2026-Q3", 2),
                ("2026-Q4", 1)
            ]
        );
        assert!(!p.keeps_slipping(), "too few finished plans to judge");
    }

    #[test]
    fn keeps_slipping_needs_a_late_latest_period() {
        let late = |end| plan(end, 7, Some("2026-12-01"));
        let p = predictability(
            [
                late("2026-10-01"),
                late("2026-10-02"),
                late("2026-10-03"),
                late("2026-10-04"),
            ]
            .into_iter(),
            d("2026-12-05"),
        );
        assert!(p.keeps_slipping());
        let mut better = vec![
            late("2026-07-01"),
            late("2026-07-02"),
            late("2026-07-03"),
            late("2026-07-04"),
        ];
        better.push(plan("2026-11-01", 0, Some("2026-10-30")));
        assert!(!predictability(better.into_iter(), d("2026-12-05")).keeps_slipping());
    }
}
