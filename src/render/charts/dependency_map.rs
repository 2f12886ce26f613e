//! The dependency map: a layered drawing of every `depends_on` edge, laid
//! out by layout-rs (Sugiyama-style ranks with crossing reduction). Its
//! render backend is used only to read back where boxes and edges went;
//! the theme's `dependencies.html` draws them.

use crate::content::PageId;
use crate::planning::dependencies::DependencyGraph;
use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;
use serde::Serialize;

/// Above this many plans the map is left out: the table says it all, and
/// the layout's time grows faster than the graph.
pub const MAX_DRAWN: usize = 150;
/// Layout units per character of a title: boxes fit 13px text.
const CHAR_WIDTH: usize = 8;
/// Titles longer than this are cut, so one long title cannot widen a rank.
const MAX_TITLE: usize = 36;

/// Where one plan's box went.
#[derive(Serialize, Debug, Clone, Copy, Default)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The drawing: a box per node (in `graph.nodes` order) and an SVG path
/// per edge (in `graph.edges` order), within `view_box`.
#[derive(Debug, Default)]
pub struct Drawing {
    pub view_box: String,
    pub width: f64,
    pub height: f64,
    pub boxes: Vec<Placed>,
    pub paths: Vec<String>,
}

/// Records what layout-rs would draw, by the index each shape carries.
struct Recorder {
    boxes: Vec<(usize, Placed)>,
    paths: Vec<(usize, String)>,
    /// The smallest and largest x and y drawn at.
    min: (f64, f64),
    max: (f64, f64),
}

fn index_of(properties: Option<String>) -> Option<usize> {
    properties?.parse().ok()
}

impl Recorder {
    fn new() -> Recorder {
        Recorder {
            boxes: Vec::new(),
            paths: Vec::new(),
            min: (f64::MAX, f64::MAX),
            max: (f64::MIN, f64::MIN),
        }
    }

    fn grow(&mut self, p: Point) {
        self.min = (self.min.0.min(p.x), self.min.1.min(p.y));
        self.max = (self.max.0.max(p.x), self.max.1.max(p.y));
    }
}

impl RenderBackend for Recorder {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        self.grow(xy);
        self.grow(Point::new(xy.x + size.x, xy.y + size.y));
        if let Some(i) = index_of(properties) {
            let placed = Placed {
                x: xy.x,
                y: xy.y,
                width: size.x,
                height: size.y,
            };
            self.boxes.push((i, placed));
        }
    }

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}

    /// `path` holds the exit vector of the first point, then the entry
    /// vector of each following one: an SVG cubic curve, then smooth ones.
    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        _head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        for (a, b) in path {
            self.grow(*a);
            self.grow(*b);
        }
        let (Some(i), [first, second, rest @ ..]) = (index_of(properties), path) else {
            return;
        };
        let f = |p: Point| format!("{:.1} {:.1}", p.x, p.y);
        let mut d = format!(
            "M {} C {}, {}, {}",
            f(first.0),
            f(first.1),
            f(second.0),
            f(second.1)
        );
        for (control, to) in rest {
            d.push_str(&format!(" S {}, {}", f(*control), f(*to)));
        }
        self.paths.push((i, d));
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

fn short(title: &str) -> String {
    match title.char_indices().nth(MAX_TITLE) {
        Some((at, _)) => format!("{}…", &title[..at]),
        None => title.to_string(),
    }
}

/// Lays the graph out, providers above the plans that need them; `title`
/// names each node. None when there is nothing to draw, or too much.
pub fn draw(graph: &DependencyGraph, title: impl Fn(PageId) -> String) -> Option<Drawing> {
    if graph.nodes.is_empty() || graph.nodes.len() > MAX_DRAWN {
        return None;
    }
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    let look = StyleAttr::new(
        layout::core::color::Color::fast("black"),
        1,
        None,
        4,
        CHAR_WIDTH,
    );
    let handles: Vec<_> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let shape = ShapeKind::new_box(&short(&title(*id)));
            let size = get_shape_size(Orientation::LeftToRight, &shape, CHAR_WIDTH, false);
            vg.add_node(Element::create_with_properties(
                shape,
                look.clone(),
                Orientation::LeftToRight,
                size,
                i.to_string(),
            ))
        })
        .collect();
    let position = |id: PageId| graph.nodes.binary_search(&id).ok();
    for (i, edge) in graph.edges.iter().enumerate() {
        let (Some(from), Some(to)) = (position(edge.slip.provider), position(edge.slip.dependent))
        else {
            continue;
        };
        if from != to {
            vg.add_edge(
                Arrow::simple_with_properties("", i.to_string()),
                handles[from],
                handles[to],
            );
        }
    }
    let mut recorder = Recorder::new();
    vg.do_it(false, false, false, &mut recorder);
    let margin = 8.0;
    let (x, y) = (recorder.min.0 - margin, recorder.min.1 - margin);
    let width = (recorder.max.0 - x + margin).ceil();
    let height = (recorder.max.1 - y + margin).ceil();
    let mut drawing = Drawing {
        view_box: format!("{x:.1} {y:.1} {width} {height}"),
        width,
        height,
        boxes: vec![Placed::default(); graph.nodes.len()],
        paths: vec![String::new(); graph.edges.len()],
    };
    for (i, placed) in recorder.boxes {
        drawing.boxes[i] = placed;
    }
    for (i, path) in recorder.paths {
        drawing.paths[i] = path;
    }
    Some(drawing)
}
