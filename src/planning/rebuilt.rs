//! A sprint's burndown and burnup rebuilt from the status changes of its
//! work, for sprints whose daily pages give no figures.
//!
//! The work of a sprint is the plans that serve it with a `status` (daily
//! notes have none). Each comes with a [`Timeline`] read from git by the
//! caller, so planning knows nothing of commits: on each working day the
//! scope is the work serving the sprint by then and not dropped, and done
//! is the part of it whose status was `done` at the end of that day. Work
//! is weighed by its `points` when every item gives them, else counted.

use super::Planning;
use super::burndown::{Burndown, Source, Unit, working_days};
use crate::content::frontmatter::Status;
use crate::content::{Library, PageId};
use crate::dates::Date;

/// What the commits say about one piece of work.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// The day of the commit since which it has served its current parent.
    pub attached: Date,
    /// Its status from each commit that changed it, in commit order.
    pub statuses: Vec<(Date, Option<Status>)>,
}

impl Timeline {
    fn status_on(&self, day: Date) -> Option<Status> {
        let at = self.statuses.iter().rev().find(|(date, _)| *date <= day);
        at.and_then(|(_, status)| *status)
    }

    fn in_scope(&self, day: Date) -> bool {
        self.attached <= day && self.status_on(day) != Some(Status::Dropped)
    }

    fn done_by(&self, day: Date) -> bool {
        self.in_scope(day) && self.status_on(day) == Some(Status::Done)
    }

    fn changed_on(&self, day: Date) -> bool {
        self.attached == day || self.statuses.iter().any(|(date, _)| *date == day)
    }
}

/// The timeline of a page, when its history is known.
pub type Timelines<'a> = &'a dyn Fn(PageId) -> Option<Timeline>;

/// The sprint's work and what each piece weighs, with the unit.
fn work(
    library: &Library,
    planning: &Planning,
    id: PageId,
    timeline: Timelines,
) -> (Vec<(Timeline, f64)>, Unit) {
    let items: Vec<(PageId, Timeline)> = planning
        .children_of(id)
        .iter()
        .filter(|c| library.page(**c).fm.status.is_some())
        .filter_map(|c| Some((*c, timeline(*c)?)))
        .collect();
    let points: Option<Vec<f64>> = items
        .iter()
        .map(|(c, _)| {
            library
                .page(*c)
                .fm
                .points
                .filter(|p| *p >= 0.0 && p.is_finite())
        })
        .collect();
    match points {
        Some(points) => (
            items.into_iter().map(|(_, t)| t).zip(points).collect(),
            Unit::Points,
        ),
        None => (
            items.into_iter().map(|(_, t)| (t, 1.0)).collect(),
            Unit::Items,
        ),
    }
}

/// The burndown of sprint `id` from its work's timelines: none unless it
/// sits at the sprint level, has a start and an end, has begun by `today`
/// and some of its work has a timeline.
pub fn burndown(
    library: &Library,
    planning: &Planning,
    id: PageId,
    today: Date,
    work_weekends: bool,
    timeline: Timelines,
) -> Option<Burndown> {
    let sprint_level = super::board::board_level(planning.by_level.len());
    if sprint_level.is_none() || planning.level_of(id) != sprint_level {
        return None;
    }
    let fm = &library.page(id).fm;
    let (start, end) = (fm.start?, fm.end?);
    let (work, unit) = work(library, planning, id, timeline);
    if work.is_empty() || start > today {
        return None;
    }
    let mut days = working_days(start, end, work_weekends);
    for day in days.iter_mut().filter(|d| d.date <= today) {
        let sum = |counts: fn(&Timeline, Date) -> bool| -> f64 {
            let counted = work.iter().filter(|(t, _)| counts(t, day.date));
            counted.map(|(_, weight)| weight).sum()
        };
        let (scope, done) = (sum(Timeline::in_scope), sum(Timeline::done_by));
        (day.scope, day.done, day.remaining) = (Some(scope), Some(done), Some(scope - done));
        day.noted = work.iter().any(|(t, _)| t.changed_on(day.date));
    }
    let committed = fm.capacity.as_deref().map(|c| c.committed).or_else(|| {
        days.iter()
            .find(|d| d.scope.is_some_and(|s| s > 0.0))
            .and_then(|d| d.remaining)
    });
    Some(Burndown::new(
        days,
        committed,
        today,
        true,
        Source::StatusChanges(unit),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        crate::dates::parse_date(s).unwrap()
    }

    #[test]
    fn scope_and_done_follow_the_status_on_each_day() {
        let work = Timeline {
            attached: d("2026-09-02"),
            statuses: vec![
                (d("2026-08-28"), Some(Status::Planned)),
                (d("2026-09-04"), Some(Status::Done)),
                (d("2026-09-08"), Some(Status::Active)),
                (d("2026-09-09"), Some(Status::Dropped)),
            ],
        };
        let on = |day| (work.in_scope(d(day)), work.done_by(d(day)));
        assert_eq!(on("2026-09-01"), (false, false), "not yet in the sprint");
        assert_eq!(on("2026-09-03"), (true, false));
        assert_eq!(on("2026-09-04"), (true, true), "done by the end of the day");
        assert_eq!(on("2026-09-08"), (true, false), "reopened");
        assert_eq!(on("2026-09-10"), (false, false), "dropped leaves the scope");
        assert!(work.changed_on(d("2026-09-02")) && !work.changed_on(d("2026-09-03")));
    }
}
