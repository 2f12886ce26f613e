//! The views of a program board, of dependencies with their slips and of
//! release objectives.

use super::views::{PageLink, SiteData};
use crate::content::PageId;
use crate::content::frontmatter::Objective;
use crate::planning::board::Board;
use crate::planning::dependencies::{Slip, slip};
use crate::planning::release::objectives_predictability;
use crate::render::page_view::number;
use serde::Serialize;
use serde_json::Value;

/// A `depends_on` edge: the dependent needs the provider by its start.
#[derive(Serialize)]
pub struct DependencyView<'a> {
    pub dependent: PageLink<'a>,
    pub provider: PageLink<'a>,
    pub needed_by: Option<String>,
    pub provider_ends: Option<String>,
    pub late: bool,
    /// On a board: the anchor of the provider's entry.
    pub provider_anchor: Option<String>,
}

pub fn dependency<'a>(data: &SiteData<'a>, s: &Slip) -> DependencyView<'a> {
    DependencyView {
        dependent: data.item(s.dependent),
        provider: data.item(s.provider),
        needed_by: s.needed_by.map(|d| d.to_string()),
        provider_ends: s.provider_ends.map(|d| d.to_string()),
        late: s.late,
        provider_anchor: None,
    }
}

/// What `id` depends on, and what needs it, each with its slip.
pub fn dependencies<'a>(
    data: &SiteData<'a>,
    id: PageId,
) -> (Vec<DependencyView<'a>>, Vec<DependencyView<'a>>) {
    let (library, planning) = (data.library, data.planning);
    let depends_on = planning.depends_on[id.0 as usize]
        .iter()
        .map(|p| dependency(data, &slip(library, id, *p)))
        .collect();
    let needed_by = planning.needed_by[id.0 as usize]
        .iter()
        .map(|d| dependency(data, &slip(library, *d, id)))
        .collect();
    (depends_on, needed_by)
}

/// One sprint in a cell of the board, with what it needs from other cells.
#[derive(Serialize)]
pub struct BoardItem<'a> {
    #[serde(flatten)]
    pub link: PageLink<'a>,
    /// Its anchor on the board, for links from dependent cells.
    pub anchor: String,
    pub needs: Vec<DependencyView<'a>>,
}

#[derive(Serialize)]
pub struct BoardRow<'a> {
    pub team: Option<String>,
    pub cells: Vec<Vec<BoardItem<'a>>>,
}

#[derive(Serialize)]
pub struct BoardView<'a> {
    pub iterations: Vec<String>,
    pub rows: Vec<BoardRow<'a>>,
    pub dependencies: Vec<DependencyView<'a>>,
    pub late: usize,
}

/// The anchor of the `k`th sprint of a cell.
fn anchor(row: usize, column: usize, k: usize) -> String {
    format!("board-{}-{}-{}", row + 1, column + 1, k + 1)
}

pub fn board<'a>(data: &SiteData<'a>, board: &Board) -> BoardView<'a> {
    let anchor_of = |id: PageId| -> Option<String> {
        board.cells.iter().enumerate().find_map(|(r, row)| {
            row.iter().enumerate().find_map(|(c, cell)| {
                let k = cell.iter().position(|p| *p == id)?;
                Some(anchor(r, c, k))
            })
        })
    };
    let with_cell = |s: &Slip| DependencyView {
        provider_anchor: anchor_of(s.provider),
        ..dependency(data, s)
    };
    let rows = board
        .cells
        .iter()
        .zip(&board.teams)
        .enumerate()
        .map(|(r, (row, team))| BoardRow {
            team: team.clone(),
            cells: row
                .iter()
                .enumerate()
                .map(|(c, items)| {
                    items
                        .iter()
                        .enumerate()
                        .map(|(k, item)| BoardItem {
                            link: data.item(*item),
                            anchor: anchor(r, c, k),
                            needs: board
                                .dependencies
                                .iter()
                                .filter(|s| s.dependent == *item)
                                .map(with_cell)
                                .collect(),
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    BoardView {
        iterations: board.iterations.iter().map(|p| p.to_string()).collect(),
        rows,
        dependencies: board.dependencies.iter().map(with_cell).collect(),
        late: board.dependencies.iter().filter(|s| s.late).count(),
    }
}

#[derive(Serialize)]
pub struct ObjectiveRow<'a> {
    pub title: &'a str,
    pub committed: bool,
    pub value_planned: Option<Value>,
    pub value_actual: Option<Value>,
}

/// A release's objectives and their business-value predictability.
#[derive(Serialize)]
pub struct ObjectivesView<'a> {
    pub items: Vec<ObjectiveRow<'a>>,
    /// Actual as a percentage of planned value, over committed objectives.
    pub predictability: Option<usize>,
}

pub fn objectives(items: &[Objective]) -> ObjectivesView<'_> {
    ObjectivesView {
        items: items
            .iter()
            .map(|o| ObjectiveRow {
                title: &o.title,
                committed: o.committed,
                value_planned: o.value_planned.map(number),
                value_actual: o.value_actual.map(number),
            })
            .collect(),
        predictability: objectives_predictability(items),
    }
}
