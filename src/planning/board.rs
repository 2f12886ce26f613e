//! The program board of a release (or of any plan with sprints two levels
//! below it): teams × iterations, each cell the sprints of one team in one
//! iteration, and the dependencies between the sprints on the board.

use super::Planning;
use super::dependencies::{Slip, slip};
use crate::content::{Library, PageId};
use crate::dates::Period;

#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    /// Row labels; `None` for sprints without a `team:`, last.
    pub teams: Vec<Option<String>>,
    /// Column periods, in date order.
    pub iterations: Vec<Period>,
    /// `cells[team][iteration]`: the sprints there.
    pub cells: Vec<Vec<Vec<PageId>>>,
    /// `depends_on` edges between sprints of the board.
    pub dependencies: Vec<Slip>,
}

/// The level of the items a board shows: the one above the lowest (the
/// sprints above the daily notes), or the lowest when there are only two.
pub fn board_level(levels: usize) -> Option<usize> {
    match levels {
        0 | 1 => None,
        2 => Some(1),
        n => Some(n - 2),
    }
}

/// The plans at `level` that serve `id`, one or two levels below it.
fn items(planning: &Planning, id: PageId, level: usize) -> Vec<PageId> {
    let mut found = Vec::new();
    for child in planning.children_of(id) {
        match planning.level_of(*child) {
            Some(l) if l == level => found.push(*child),
            Some(l) if l < level => found.extend(
                planning
                    .children_of(*child)
                    .iter()
                    .filter(|g| planning.level_of(**g) == Some(level)),
            ),
            _ => {}
        }
    }
    found
}

/// The program board of `id`: none unless dated sprints serve it, one or
/// two levels below.
pub fn board(library: &Library, planning: &Planning, id: PageId, levels: usize) -> Option<Board> {
    let level = board_level(levels)?;
    if planning.level_of(id).is_none_or(|l| l >= level) {
        return None;
    }
    let dated: Vec<(PageId, Period)> = items(planning, id, level)
        .into_iter()
        .filter_map(|item| Some((item, library.page(item).fm.span()?)))
        .collect();
    if dated.is_empty() {
        return None;
    }
    let mut teams: Vec<Option<String>> = dated
        .iter()
        .map(|(item, _)| library.page(*item).fm.team.as_deref().map(String::from))
        .collect();
    teams.sort_by(|a, b| (a.is_none(), a).cmp(&(b.is_none(), b)));
    teams.dedup();
    let mut iterations: Vec<Period> = dated.iter().map(|(_, span)| *span).collect();
    iterations.sort_by_key(|p| (p.start, p.end));
    iterations.dedup();
    let mut cells = vec![vec![Vec::new(); iterations.len()]; teams.len()];
    for (item, span) in &dated {
        let team = &library.page(*item).fm.team;
        // Both lists hold every value they are searched for.
        let row = (teams.iter())
            .position(|t| t.as_deref() == team.as_deref())
            .unwrap_or(0);
        let column = iterations.iter().position(|p| p == span).unwrap_or(0);
        cells[row][column].push(*item);
    }
    let on_board = |p: &PageId| dated.iter().any(|(item, _)| item == p);
    let dependencies = dated
        .iter()
        .flat_map(|(item, _)| {
            planning.depends_on[item.0 as usize]
                .iter()
                .filter(|p| on_board(p))
                .map(|p| slip(library, *item, *p))
        })
        .collect();
    Some(Board {
        teams,
        iterations,
        cells,
        dependencies,
    })
}
