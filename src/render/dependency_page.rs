//! The view of `/dependencies/`: the dependency map, the table of every
//! edge (late and cyclic ones first, `paginate_by` a page) and the sprints
//! blocked by a plan in today's stand-ups.

use super::blockers::BlockerRow;
use super::board_view::{DependencyView, dependency};
use super::charts::dependency_map::{self, Placed};
use super::paging::{self, Pager};
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
    /// The SVG path of the edge; empty off the map.
    pub path: String,
}

#[derive(Serialize)]
pub struct MapDrawing<'a> {
    pub view_box: String,
    pub width: f64,
    pub height: f64,
    /// Every edge, drawn (the map has at most `MAX_DRAWN` plans).
    pub edges: Vec<MapEdge<'a>>,
    pub nodes: Vec<MapNode<'a>>,
}

#[derive(Serialize)]
pub struct DependencyPage<'a> {
    /// The map, on the first page only.
    pub map: Option<MapDrawing<'a>>,
    /// This page's edges: late ones and those on a cycle first.
    pub edges: Vec<MapEdge<'a>>,
    /// Edges in all.
    pub count: usize,
    pub pager: Option<Pager>,
    pub plans: usize,
    pub late: usize,
    pub in_cycles: usize,
    /// The most plans the map draws.
    pub max_drawn: usize,
    /// Today's blockers that name the plan blocking a sprint (first page).
    pub blocked: Vec<BlockerRow<'a>>,
}

/// Where the map and the first page of edges are.
pub const PATH: &str = "/dependencies/";

/// Page `n` (from 1) of the dependencies.
pub fn page<'a>(data: &SiteData<'a>, n: usize) -> DependencyPage<'a> {
    let graph = dependencies::graph(data.library, data.planning);
    let first = n == 1;
    let drawing = first
        .then(|| dependency_map::draw(&graph, |id| data.library.page(id).title.to_string()))
        .flatten();
    // Edges by their place in `graph`: late ones and those on a cycle first.
    let mut order: Vec<usize> = (0..graph.edges.len()).collect();
    order.sort_by_key(|i| !(graph.edges[*i].slip.late || graph.edges[*i].in_cycle));
    let edge = |i: usize| {
        let e = &graph.edges[i];
        MapEdge {
            dependency: dependency(data, &e.slip),
            in_cycle: e.in_cycle,
            path: drawing
                .as_ref()
                .and_then(|d| d.paths.get(i).cloned())
                .unwrap_or_default(),
        }
    };
    let count = order.len();
    let per_page = data.config.paginate_by;
    let edges = order[paging::slice(count, per_page, n)]
        .iter()
        .map(|i| edge(*i))
        .collect();
    let drawn: Vec<MapEdge> = match &drawing {
        Some(_) => order.iter().map(|i| edge(*i)).collect(),
        None => Vec::new(),
    };
    let map = drawing.filter(|d| !d.boxes.is_empty()).map(|d| MapDrawing {
        view_box: d.view_box,
        width: d.width,
        height: d.height,
        edges: drawn,
        nodes: graph
            .nodes
            .iter()
            .zip(d.boxes)
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
        count,
        pager: paging::pager(data.config.base_path(), PATH, count, per_page, n),
        max_drawn: dependency_map::MAX_DRAWN,
        blocked: if first {
            super::blockers::page(data)
                .rows
                .into_iter()
                .filter(|row| row.plan.is_some())
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// Pages 2 and after of the edges, by number, when they are more than a page.
pub fn further_pages(data: &SiteData<'_>) -> Vec<(usize, String)> {
    let count = dependencies::graph(data.library, data.planning).edges.len();
    (2..)
        .zip(paging::further_pages(PATH, count, data.config.paginate_by))
        .collect()
}
