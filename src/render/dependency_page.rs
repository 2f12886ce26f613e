//! The view of `/dependencies/`: the dependency map, the table of every
//! edge (late and cyclic ones first) and the sprints blocked by a plan in
//! today's stand-ups.

use super::blockers::BlockerRow;
use super::board_view::{DependencyView, dependency};
use super::charts::dependency_map::{self, Placed};
use super::views::{PageLink, SiteData};
use crate::planning::dependencies;
use serde::Serialize;

#[derive(Serialize)]
pub struct MapNode<'a> {
    pub link: PageLink<'a>,
    pub at: Placed,
    /// The centre of the box, for its label.
    pub cx: f64,
    pub cy: f64,
}

#[derive(Serialize)]
pub struct MapEdge<'a> {
    #[serde(flatten)]
    pub dependency: DependencyView<'a>,
    pub in_cycle: bool,
    /// The SVG path of the edge; empty when the map is not drawn.
    pub path: String,
}

#[derive(Serialize)]
pub struct MapDrawing<'a> {
    pub view_box: String,
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<MapNode<'a>>,
}

#[derive(Serialize)]
pub struct DependencyPage<'a> {
    pub map: Option<MapDrawing<'a>>,
    /// Every edge: late ones and those on a cycle first.
    pub edges: Vec<MapEdge<'a>>,
    pub plans: usize,
    pub late: usize,
    pub in_cycles: usize,
    /// The most plans the map draws.
    pub max_drawn: usize,
    /// Today's blockers that name the plan blocking a sprint.
    pub blocked: Vec<BlockerRow<'a>>,
}

pub fn page<'a>(data: &SiteData<'a>) -> DependencyPage<'a> {
    let graph = dependencies::graph(data.library, data.planning);
    let drawing =
        dependency_map::draw(&graph, |id| data.library.page(id).title.clone()).unwrap_or_default();
    let mut edges: Vec<MapEdge> = graph
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| MapEdge {
            dependency: dependency(data, &e.slip),
            in_cycle: e.in_cycle,
            path: drawing.paths.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    edges.sort_by_key(|e| !(e.dependency.late || e.in_cycle));
    let map = (!drawing.boxes.is_empty()).then(|| MapDrawing {
        view_box: drawing.view_box,
        width: drawing.width,
        height: drawing.height,
        nodes: graph
            .nodes
            .iter()
            .zip(drawing.boxes)
            .map(|(id, at)| MapNode {
                link: data.item(*id),
                cx: at.x + at.width / 2.0,
                cy: at.y + at.height / 2.0,
                at,
            })
            .collect(),
    });
    DependencyPage {
        map,
        plans: graph.nodes.len(),
        late: graph.edges.iter().filter(|e| e.slip.late).count(),
        in_cycles: graph.edges.iter().filter(|e| e.in_cycle).count(),
        edges,
        max_drawn: dependency_map::MAX_DRAWN,
        blocked: super::blockers::page(data)
            .rows
            .into_iter()
            .filter(|row| row.plan.is_some())
            .collect(),
    }
}
