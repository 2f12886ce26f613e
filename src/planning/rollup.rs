//! Rolling up the status and health of the items that serve a page.

use super::Planning;
use crate::content::frontmatter::{FrontMatter, Health, Status};
use crate::content::{Library, PageId};
use crate::markdown::Tasks;
use serde::Serialize;

/// Counts over a page's children, and whether its declared health is
/// better than theirs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rollup {
    pub total: usize,
    pub done: usize,
    pub active: usize,
    pub at_risk: usize,
    pub off_track: usize,
    /// The page says `on-track` while a child is at risk or off track.
    pub mismatch: bool,
    /// Task-list items of the counted children that have no counted
    /// children of their own (each sprint's backlog).
    pub tasks: Tasks,
    /// "3 of 5 done, 1 at risk; 7 of 12 tasks done".
    pub summary: String,
}

/// The children a roll-up counts: items without a status (daily notes)
/// and dropped items are left out.
pub fn counted<'a>(
    library: &'a Library,
    planning: &'a Planning,
    id: PageId,
) -> impl Iterator<Item = &'a FrontMatter> {
    planning
        .children_of(id)
        .iter()
        .map(|c| &library.page(*c).fm)
        .filter(|fm| is_counted(fm))
}

fn is_counted(fm: &FrontMatter) -> bool {
    fm.status.is_some_and(|s| s != Status::Dropped)
}

/// The worst health among the counted children, when it is worse than the
/// page's own.
pub fn worse_than_declared(library: &Library, planning: &Planning, id: PageId) -> Option<Health> {
    let declared = library.page(id).fm.health?;
    let worst = counted(library, planning, id)
        .filter_map(|fm| fm.health)
        .max()?;
    (worst > declared).then_some(worst)
}

/// The roll-up of `id`; `tasks` gives a page's task-list counts.
pub fn rollup(
    library: &Library,
    planning: &Planning,
    id: PageId,
    tasks: impl Fn(PageId) -> Tasks,
) -> Rollup {
    let mut r = Rollup::default();
    let children = planning.children_of(id).iter();
    for child in children.filter(|c| is_counted(&library.page(**c).fm)) {
        if counted(library, planning, *child).next().is_none() {
            let own = tasks(*child);
            r.tasks.done += own.done;
            r.tasks.total += own.total;
        }
    }
    for fm in counted(library, planning, id) {
        r.total += 1;
        match fm.status {
            Some(Status::Done) => r.done += 1,
            Some(Status::Active) => r.active += 1,
            _ => {}
        }
        match fm.health {
            Some(Health::AtRisk) => r.at_risk += 1,
            Some(Health::OffTrack) => r.off_track += 1,
            _ => {}
        }
    }
    r.mismatch = worse_than_declared(library, planning, id).is_some();
    if r.total > 0 {
        let mut parts = vec![format!("{} of {} done", r.done, r.total)];
        if r.at_risk > 0 {
            parts.push(format!("{} at risk", r.at_risk));
        }
        if r.off_track > 0 {
            parts.push(format!("{} off track", r.off_track));
        }
        r.summary = parts.join(", ");
    }
    if r.tasks.total > 0 {
        let tasks = format!("{} of {} tasks done", r.tasks.done, r.tasks.total);
        r.summary = match r.summary.is_empty() {
            true => tasks,
            false => format!("{}; {tasks}", r.summary),
        };
    }
    r
}
