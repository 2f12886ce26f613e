//! Sprint burndown and burnup: work remaining, done and in scope on each
//! working day of an iteration, from the daily pages that serve it, or,
//! when none gives figures, rebuilt from the status changes of the
//! sprint's work ([`super::rebuilt`]).
//!
//! A daily page records the figures of its `date`; a day without a note
//! carries the last figures forward. Weekends are not working days unless
//! strata.yaml sets `work_weekends: true`. Notes dated outside the sprint
//! are left out of the chart (they are reported as `outside-parent-period`),
//! and so are figures below zero (reported as `burndown-data`).

use super::Planning;
use super::rebuilt::{self, Timelines};
use crate::content::{Library, PageId};
use crate::dates::Date;
use crate::diagnostics::{Diagnostic, Kind, Subject};
use chrono::{Datelike, Weekday};
use serde::Serialize;

/// One working day of the sprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    pub date: Date,
    /// Figures of the last note on or before this day; none before the
    /// first note and after both the last note and today.
    pub remaining: Option<f64>,
    pub done: Option<f64>,
    pub scope: Option<f64>,
    /// The straight line from the committed work to zero on the last day.
    pub ideal: Option<f64>,
    /// A daily page is dated this day; rebuilt, a commit changed the
    /// sprint's work this day.
    pub noted: bool,
}

/// What rebuilt figures add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    /// The `points` of each piece of work.
    Points,
    /// Pieces of work, when some have no `points`.
    Items,
}

/// Where a chart's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Source {
    /// The `remaining`, `done` and `scope` of the daily pages.
    DailyNotes,
    /// The status changes of the sprint's work in git.
    StatusChanges(Unit),
}

/// The data of an iteration's burndown and burnup charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Burndown {
    pub days: Vec<Day>,
    /// Where the ideal line starts: `capacity.committed`, else the first
    /// remaining figure.
    pub committed: Option<f64>,
    /// Index of today's day, when today is a working day of the sprint.
    pub today: Option<usize>,
    /// Whether there is a burnup: a note gives `done` or `scope`, or the
    /// figures are rebuilt.
    pub has_burnup: bool,
    pub source: Source,
}

impl Burndown {
    /// The chart over `days`, with the ideal line from `committed` to
    /// zero on the last day.
    pub(super) fn new(
        mut days: Vec<Day>,
        committed: Option<f64>,
        today: Date,
        has_burnup: bool,
        source: Source,
    ) -> Burndown {
        let last = days.len().saturating_sub(1).max(1) as f64;
        if let Some(committed) = committed {
            for (i, day) in days.iter_mut().enumerate() {
                day.ideal = Some(committed * (1.0 - i as f64 / last));
            }
        }
        Burndown {
            today: days.iter().position(|d| d.date == today),
            days,
            committed,
            has_burnup,
            source,
        }
    }
}

/// The figures of one daily note.
struct Note {
    date: Date,
    remaining: Option<f64>,
    done: Option<f64>,
    scope: Option<f64>,
}

/// The daily notes of `id` dated within `start..=end`, oldest first, with
/// figures below zero left out.
fn notes(library: &Library, planning: &Planning, id: PageId, start: Date, end: Date) -> Vec<Note> {
    let valid = |v: Option<f64>| v.filter(|v| *v >= 0.0 && v.is_finite());
    let mut notes: Vec<Note> = planning
        .children_of(id)
        .iter()
        .map(|c| &library.page(*c).fm)
        .filter_map(|fm| {
            let date = fm.date.filter(|d| (start..=end).contains(d))?;
            let note = Note {
                date,
                remaining: valid(fm.remaining),
                done: valid(fm.done),
                scope: valid(fm.scope),
            };
            (note.remaining.is_some() || note.done.is_some() || note.scope.is_some())
                .then_some(note)
        })
        .collect();
    notes.sort_by_key(|n| n.date);
    notes
}

fn is_working_day(date: Date, work_weekends: bool) -> bool {
    work_weekends || !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The working days from `start` to `end`, without figures.
pub(super) fn working_days(start: Date, end: Date, work_weekends: bool) -> Vec<Day> {
    start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| is_working_day(*d, work_weekends))
        .map(|date| Day {
            date,
            remaining: None,
            done: None,
            scope: None,
            ideal: None,
            noted: false,
        })
        .collect()
}

/// The burndown of iteration `id`: from its daily notes, else rebuilt
/// from the status changes `timeline` gives for its work.
pub fn burndown(
    library: &Library,
    planning: &Planning,
    id: PageId,
    today: Date,
    work_weekends: bool,
    timeline: Timelines,
) -> Option<Burndown> {
    from_notes(library, planning, id, today, work_weekends)
        .or_else(|| rebuilt::burndown(library, planning, id, today, work_weekends, timeline))
}

/// The burndown of iteration `id` from its daily notes: none unless it
/// has a start and an end and at least one note with figures inside them.
fn from_notes(
    library: &Library,
    planning: &Planning,
    id: PageId,
    today: Date,
    work_weekends: bool,
) -> Option<Burndown> {
    let fm = &library.page(id).fm;
    let (start, end) = (fm.start?, fm.end?);
    let notes = notes(library, planning, id, start, end);
    let last_note = notes.last()?.date;
    let known_until = last_note.max(today);
    let committed = fm
        .capacity
        .as_deref()
        .map(|c| c.committed)
        .or_else(|| notes.iter().find_map(|n| n.remaining));
    let mut days = working_days(start, end, work_weekends);
    let mut next = notes.iter().peekable();
    let (mut remaining, mut done, mut scope) = (None, None, None);
    for day in &mut days {
        while let Some(note) = next.next_if(|n| n.date <= day.date) {
            remaining = note.remaining.or(remaining);
            done = note.done.or(done);
            scope = note.scope.or(scope);
            day.noted |= note.date == day.date;
        }
        if day.date <= known_until {
            (day.remaining, day.done, day.scope) = (remaining, done, scope);
        }
    }
    let has_burnup = notes.iter().any(|n| n.done.is_some() || n.scope.is_some());
    Some(Burndown::new(
        days,
        committed,
        today,
        has_burnup,
        Source::DailyNotes,
    ))
}

/// Figures that cannot be charted: a daily page's figures or a plan's
/// `points` below zero, or more done than in scope.
pub fn check_figures(library: &Library, id: PageId, out: &mut Vec<Diagnostic>) {
    let page = library.page(id);
    let fm = &page.fm;
    let finding = |key: &str, message: String, hint: &str| {
        Diagnostic::new(Kind::BurndownData, page.display_path(), message)
            .at(page.line_of(key), 1)
            .about(Subject::Page(id))
            .hint(hint)
    };
    for (key, value) in [
        ("remaining", fm.remaining),
        ("done", fm.done),
        ("scope", fm.scope),
        ("points", fm.points),
    ] {
        if let Some(v) = value.filter(|v| *v < 0.0) {
            out.push(finding(
                key,
                format!("{key} is {v}, below zero; the burndown leaves it out"),
                "record the work as a number of zero or more",
            ));
        }
    }
    if let (Some(done), Some(scope)) = (fm.done, fm.scope)
        && done > scope
    {
        out.push(finding(
            "done",
            format!("done {done} is more than the scope {scope}"),
            "raise `scope:` to include the work added, or correct `done:`",
        ));
    }
}

/// Two daily pages of one plan dated the same day, each with figures: the
/// chart cannot tell which is right. Reports the later one in page order.
pub fn check_same_day(
    library: &Library,
    planning: &Planning,
    id: PageId,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: std::collections::HashMap<Date, PageId> = std::collections::HashMap::new();
    for child in planning.children_of(id) {
        let fm = &library.page(*child).fm;
        let has_figures = fm.remaining.is_some() || fm.done.is_some() || fm.scope.is_some();
        let Some(date) = fm.date.filter(|_| has_figures) else {
            continue;
        };
        if let Some(first) = seen.insert(date, *child) {
            let page = library.page(*child);
            out.push(
                Diagnostic::new(
                    Kind::BurndownData,
                    page.display_path(),
                    format!(
                        "{} also gives the figures of {date}; the burndown uses this page's",
                        library.page(first).display_path()
                    ),
                )
                .at(page.line_of("date"), 1)
                .about(Subject::Page(*child))
                .hint("keep one daily page per day, or correct the date"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekends_are_skipped_unless_worked() {
        let saturday = crate::dates::parse_date("2026-09-19").unwrap();
        assert!(!is_working_day(saturday, false));
        assert!(is_working_day(saturday, true));
        assert!(is_working_day(saturday.pred_opt().unwrap(), false));
    }
}
