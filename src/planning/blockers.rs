//! Today's blockers: what the latest stand-up of each running sprint
//! says is in the way.

use super::Planning;
use crate::content::frontmatter::Status;
use crate::content::{Library, PageId};
use crate::dates::Date;

/// The latest daily page of a running sprint, when it lists blockers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standup {
    pub sprint: PageId,
    pub daily: PageId,
}

/// A sprint runs when it is marked active, or when today lies within its
/// dates and it is not closed.
fn running(library: &Library, id: PageId, today: Date) -> bool {
    let fm = &library.page(id).fm;
    let now = fm
        .span()
        .is_some_and(|s| s.start <= today && today <= s.end);
    match fm.status {
        Some(Status::Active) => true,
        Some(s) if s.is_closed() => false,
        _ => now,
    }
}

/// The latest stand-up (dated today or before) of each running sprint at
/// `level`, where it lists blockers; sprints in level order.
pub fn todays(library: &Library, planning: &Planning, level: usize, today: Date) -> Vec<Standup> {
    planning.by_level[level]
        .iter()
        .filter(|s| running(library, **s, today))
        .filter_map(|sprint| {
            let daily = planning
                .children_of(*sprint)
                .iter()
                .filter_map(|d| Some((library.page(*d).fm.date.filter(|d| *d <= today)?, *d)))
                .max()?
                .1;
            let listed = library.page(daily).fm.blockers.as_ref();
            listed.is_some_and(|b| !b.is_empty()).then_some(Standup {
                sprint: *sprint,
                daily,
            })
        })
        .collect()
}
