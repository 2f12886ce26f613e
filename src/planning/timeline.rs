//! Placing plans in time: the window, lanes and bars of the roadmap
//! timeline, and where a roadmap item sits on Now / Next / Later.
//!
//! Everything takes `today` as an argument (`--today`), and works on ids
//! only: the renderer decides how a bar looks.

use super::Planning;
use crate::config::Config;
use crate::content::frontmatter::{FrontMatter, Horizon};
use crate::content::{Library, PageId};
use crate::dates::{Date, Period};
use chrono::{Datelike, Months};
use std::collections::BTreeMap;

/// How far back and ahead of today the timeline reaches; plans wholly
/// outside are folded into counts, so a long history stays readable.
const MONTHS_BACK: u32 = 12;
const MONTHS_AHEAD: u32 = 24;

/// One plan on the time axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub id: PageId,
    /// The plan's own dates, clipped to the window.
    pub span: Period,
    /// A single day (`date:`), drawn as a diamond.
    pub milestone: bool,
}

/// One swimlane: a team or a theme, with its plans by start date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    /// None for plans without a team (or theme).
    pub name: Option<String>,
    pub bars: Vec<Bar>,
}

/// The plans of the timeline levels, in lanes, within a window of whole
/// quarters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub window: Period,
    /// The levels shown, by index into `config.levels`.
    pub levels: Vec<usize>,
    pub by_team: Vec<Lane>,
    pub by_theme: Vec<Lane>,
    /// Plans that ended before the window starts, per level.
    pub earlier: Vec<(usize, usize)>,
    /// Plans that start after the window ends, per level.
    pub beyond: Vec<(usize, usize)>,
}

/// The levels between the top and the daily work (roadmap, release,
/// iteration by default); every level when there are fewer than three.
pub fn timeline_levels(config: &Config) -> Vec<usize> {
    let n = config.levels.len();
    if n < 3 {
        (0..n).collect()
    } else {
        (1..n - 1).collect()
    }
}

/// The first day of the quarter holding `date`.
fn quarter_start(date: Date) -> Date {
    let month = (date.month0() / 3) * 3 + 1;
    Date::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
}

/// The last day of the quarter holding `date`.
fn quarter_end(date: Date) -> Date {
    quarter_start(date)
        .checked_add_months(Months::new(3))
        .and_then(|d| d.pred_opt())
        .unwrap_or(date)
}

pub fn timeline(library: &Library, planning: &Planning, config: &Config, today: Date) -> Timeline {
    let levels = timeline_levels(config);
    let limit = Period {
        start: quarter_start(
            today
                .checked_sub_months(Months::new(MONTHS_BACK))
                .unwrap_or(today),
        ),
        end: quarter_end(
            today
                .checked_add_months(Months::new(MONTHS_AHEAD))
                .unwrap_or(today),
        ),
    };
    let mut earlier = BTreeMap::new();
    let mut beyond = BTreeMap::new();
    let mut dated: Vec<(PageId, Period)> = Vec::new();
    for &level in &levels {
        for &id in &planning.by_level[level] {
            let Some(span) = library.page(id).fm.span() else {
                continue;
            };
            if span.end < limit.start {
                *earlier.entry(level).or_insert(0) += 1;
            } else if span.start > limit.end {
                *beyond.entry(level).or_insert(0) += 1;
            } else {
                dated.push((id, span));
            }
        }
    }
    // The window: the plans' extent with today, in whole quarters, within the limit.
    let first = dated.iter().map(|(_, s)| s.start).chain([today]).min();
    let last = dated.iter().map(|(_, s)| s.end).chain([today]).max();
    let window = Period {
        start: quarter_start(first.unwrap_or(today)).max(limit.start),
        end: quarter_end(last.unwrap_or(today)).min(limit.end),
    };
    dated.sort_by_key(|(id, span)| (span.start, planning.level_of(*id), span.end, *id));
    let bars: Vec<Bar> = dated
        .iter()
        .map(|(id, span)| Bar {
            id: *id,
            span: Period {
                start: span.start.max(window.start),
                end: span.end.min(window.end),
            },
            milestone: span.start == span.end,
        })
        .collect();
    let fm = |id: PageId| &library.page(id).fm;
    Timeline {
        window,
        levels,
        by_team: lanes(&bars, |id| {
            fm(id).team.iter().map(|t| t.to_string()).collect()
        }),
        by_theme: lanes(&bars, |id| {
            (fm(id).themes.iter().flatten())
                .map(|t| t.to_string())
                .collect()
        }),
        earlier: earlier.into_iter().collect(),
        beyond: beyond.into_iter().collect(),
    }
}

/// Bars grouped by the names `keys` gives each (a bar with several appears
/// in each lane), named lanes first by name, then the unnamed lane.
fn lanes(bars: &[Bar], keys: impl Fn(PageId) -> Vec<String>) -> Vec<Lane> {
    let mut named: BTreeMap<String, Vec<Bar>> = BTreeMap::new();
    let mut unnamed = Vec::new();
    for bar in bars {
        let names = keys(bar.id);
        if names.is_empty() {
            unnamed.push(bar.clone());
        }
        for name in names {
            named.entry(name).or_default().push(bar.clone());
        }
    }
    let mut lanes: Vec<Lane> = named
        .into_iter()
        .map(|(name, bars)| Lane {
            name: Some(name),
            bars,
        })
        .collect();
    if !unnamed.is_empty() {
        lanes.push(Lane {
            name: None,
            bars: unnamed,
        });
    }
    lanes
}

/// Where a roadmap item sits: its `horizon:` if it says, else by its dates.
/// Running or overdue is now; starting before the end of next quarter is
/// next; later or undated is later. Done and dropped items sit nowhere.
pub fn horizon(fm: &FrontMatter, today: Date) -> Option<Horizon> {
    if fm.status.is_some_and(|s| s.is_closed()) {
        return None;
    }
    if let Some(h) = fm.horizon {
        return Some(h);
    }
    let Some(span) = fm.span() else {
        return Some(Horizon::Later);
    };
    let next_quarter_end = quarter_end(quarter_end(today).succ_opt().unwrap_or(today));
    Some(if span.start <= today {
        Horizon::Now
    } else if span.start <= next_quarter_end {
        Horizon::Next
    } else {
        Horizon::Later
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::Status;
    use crate::dates::parse_date;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    fn dated(start: &str, end: &str) -> FrontMatter {
        FrontMatter {
            start: Some(d(start)),
            end: Some(d(end)),
            ..FrontMatter::default()
        }
    }

    #[test]
    fn quarters() {
        assert_eq!(quarter_start(d("2026-11-21")), d("2026-10-01"));
        assert_eq!(quarter_end(d("2026-11-21")), d("2026-12-31"));
        assert_eq!(quarter_end(d("2026-02-03")), d("2026-03-31"));
    }

    #[test]
    fn horizons_by_date_and_by_word() {
        let today = d("2026-11-21");
        let at = |fm: &FrontMatter| horizon(fm, today);
        assert_eq!(at(&dated("2026-10-01", "2026-12-31")), Some(Horizon::Now));
        assert_eq!(at(&dated("2026-01-01", "2026-03-31")), Some(Horizon::Now));
        assert_eq!(at(&dated("2027-01-01", "2027-03-31")), Some(Horizon::Next));
        assert_eq!(at(&dated("2027-04-01", "2027-06-30")), Some(Horizon::Later));
        assert_eq!(at(&FrontMatter::default()), Some(Horizon::Later));
        let told = FrontMatter {
            horizon: Some(Horizon::Now),
            ..dated("2027-04-01", "2027-06-30")
        };
        assert_eq!(at(&told), Some(Horizon::Now));
        let done = FrontMatter {
            status: Some(Status::Done),
            ..dated("2026-10-01", "2026-12-31")
        };
        assert_eq!(at(&done), None);
    }
}
