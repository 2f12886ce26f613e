//! The roadmap timeline page: bars on a quarter axis in swimlanes, and the
//! roadmap items on Now / Next / Later. Geometry is computed here in the
//! units of the SVG's viewBox; the template only draws.

use super::ownership::Holder;
use super::page_view::outcome_titles;
use super::themes::theme_path;
use super::views::{LevelView, PageLink, SiteData};
use crate::content::frontmatter::Horizon;
use crate::dates::{Date, Period};
use crate::planning::timeline::{self, Bar, Lane};
use crate::urls;
use chrono::Datelike;
use serde::Serialize;

/// The viewBox width of every chart, and the height of one bar's row.
const WIDTH: f64 = 1000.0;
const ROW: f64 = 28.0;

#[derive(Serialize)]
pub struct TimelinePage<'a> {
    pub width: f64,
    pub row: f64,
    /// The first and last day of the window.
    pub window_start: String,
    pub window_end: String,
    pub ticks: Vec<Tick>,
    /// Where today's line is drawn, when today is in the window.
    pub today_x: Option<f64>,
    pub sections: Vec<LaneSection<'a>>,
    pub folded: Vec<Folded<'a>>,
    pub horizon_level: Option<LevelView<'a>>,
    pub horizons: Vec<HorizonColumn<'a>>,
}

/// One quarter of the axis.
#[derive(Serialize)]
pub struct Tick {
    pub label: String,
    pub x: f64,
    pub width: f64,
}

/// The lanes by one grouping (team or theme).
#[derive(Serialize)]
pub struct LaneSection<'a> {
    pub key: &'static str,
    pub title: &'static str,
    pub lanes: Vec<LaneView<'a>>,
}

#[derive(Serialize)]
pub struct LaneView<'a> {
    /// The team or theme, or "No team" / "No theme".
    pub name: String,
    pub height: f64,
    /// The first `paginate_by` plans of the lane.
    pub bars: Vec<BarView<'a>>,
    /// Plans of the lane beyond those, and the page of its team or theme
    /// (none for the lane without one).
    pub more: usize,
    pub more_url: Option<String>,
}

#[derive(Serialize)]
pub struct BarView<'a> {
    #[serde(flatten)]
    pub link: PageLink<'a>,
    pub x: f64,
    pub width: f64,
    pub y: f64,
    pub milestone: bool,
    /// Where the label starts, or ends when `label_before` (bars near the
    /// right edge are labelled on their left).
    pub label_x: f64,
    pub label_before: bool,
}

/// Plans outside the window at one level.
#[derive(Serialize)]
pub struct Folded<'a> {
    pub level: LevelView<'a>,
    pub earlier: usize,
    pub beyond: usize,
}

#[derive(Serialize)]
pub struct HorizonColumn<'a> {
    pub key: Horizon,
    pub title: &'static str,
    /// The first `paginate_by` items.
    pub items: Vec<Card<'a>>,
    /// Items beyond those (the level's index lists them all).
    pub more: usize,
}

/// A roadmap item on Now / Next / Later.
#[derive(Serialize)]
pub struct Card<'a> {
    #[serde(flatten)]
    pub link: PageLink<'a>,
    pub outcomes: Vec<String>,
}

/// One decimal place is finer than a pixel at any size.
fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Positions on the axis of `window`, in viewBox units.
struct Scale {
    start: Date,
    days: f64,
}

impl Scale {
    fn new(window: Period) -> Scale {
        Scale {
            start: window.start,
            days: ((window.end - window.start).num_days() + 1) as f64,
        }
    }

    fn x(&self, date: Date) -> f64 {
        round((date - self.start).num_days() as f64 / self.days * WIDTH)
    }

    /// From the start of `from` to the end of `to`.
    fn width(&self, from: Date, to: Date) -> f64 {
        round(((to - from).num_days() + 1) as f64 / self.days * WIDTH)
    }
}

pub fn timeline_page<'a>(data: &SiteData<'a>) -> TimelinePage<'a> {
    let t = timeline::timeline(data.library, data.planning, data.config, data.today);
    let scale = Scale::new(t.window);
    // Declared themes are shown by name, the others by their id.
    let declared = data.config.themes.as_deref().unwrap_or_default();
    let shown = |name: &str| {
        declared
            .iter()
            .find(|t| t.id == name)
            .map_or(name, |t| t.name.as_str())
            .to_string()
    };
    let per_lane = data.config.paginate_by;
    let lanes = |lanes: &[Lane], unnamed: &str, path: fn(&str) -> String| -> Vec<LaneView<'a>> {
        lanes
            .iter()
            .map(|lane| {
                let shown_bars = &lane.bars[..lane.bars.len().min(per_lane)];
                LaneView {
                    name: lane
                        .name
                        .as_deref()
                        .map_or_else(|| unnamed.to_string(), shown),
                    height: round(shown_bars.len() as f64 * ROW),
                    bars: shown_bars
                        .iter()
                        .enumerate()
                        .map(|(row, bar)| bar_view(data, &scale, row, bar))
                        .collect(),
                    more: lane.bars.len() - shown_bars.len(),
                    more_url: lane
                        .name
                        .as_deref()
                        .map(|name| urls::href(data.config.base_path(), &path(name))),
                }
            })
            .collect()
    };
    let folded = t
        .levels
        .iter()
        .map(|level| Folded {
            level: data.level_view(*level),
            earlier: count_at(&t.earlier, *level),
            beyond: count_at(&t.beyond, *level),
        })
        .filter(|f| f.earlier + f.beyond > 0)
        .collect();
    let (horizon_level, horizons) = horizons(data);
    TimelinePage {
        width: WIDTH,
        row: ROW,
        window_start: t.window.start.to_string(),
        window_end: t.window.end.to_string(),
        ticks: ticks(&scale, t.window),
        today_x: (t.window.start <= data.today && data.today <= t.window.end)
            .then(|| scale.x(data.today)),
        sections: vec![
            LaneSection {
                key: "team",
                title: "By team",
                lanes: lanes(&t.by_team, "No team", |team| Holder::Team.path(team)),
            },
            LaneSection {
                key: "theme",
                title: "By strategic theme",
                lanes: lanes(&t.by_theme, "No theme", theme_path),
            },
        ],
        folded,
        horizon_level,
        horizons,
    }
}

fn count_at(counts: &[(usize, usize)], level: usize) -> usize {
    counts
        .iter()
        .find(|(l, _)| *l == level)
        .map_or(0, |(_, n)| *n)
}

fn bar_view<'a>(data: &SiteData<'a>, scale: &Scale, row: usize, bar: &Bar) -> BarView<'a> {
    let x = scale.x(bar.span.start);
    let label_before = x > WIDTH * 0.6;
    let label_x = match (label_before, bar.milestone) {
        (true, _) => x - 14.0,
        (false, true) => x + 14.0,
        (false, false) => x + 6.0,
    };
    BarView {
        link: data.item(bar.id),
        x,
        width: scale.width(bar.span.start, bar.span.end),
        y: round(row as f64 * ROW),
        milestone: bar.milestone,
        label_x: round(label_x),
        label_before,
    }
}

/// One tick per quarter of the window.
fn ticks(scale: &Scale, window: Period) -> Vec<Tick> {
    let mut ticks = Vec::new();
    let mut start = window.start;
    while start <= window.end {
        let quarter = start.month0() / 3 + 1;
        let Some(next) = start.checked_add_months(chrono::Months::new(3)) else {
            break;
        };
        let end = next.pred_opt().unwrap_or(next).min(window.end);
        ticks.push(Tick {
            label: format!("{} Q{quarter}", start.year()),
            x: scale.x(start),
            width: scale.width(start, end),
        });
        start = next;
    }
    ticks
}

/// The items of the level below the top, by horizon.
pub fn horizons<'a>(data: &SiteData<'a>) -> (Option<LevelView<'a>>, Vec<HorizonColumn<'a>>) {
    let Some(&level) = timeline::timeline_levels(data.config).first() else {
        return (None, Vec::new());
    };
    let mut columns = [
        (Horizon::Now, "Now"),
        (Horizon::Next, "Next"),
        (Horizon::Later, "Later"),
    ]
    .map(|(key, title)| HorizonColumn {
        key,
        title,
        items: Vec::new(),
        more: 0,
    });
    for &id in &data.planning.by_level[level] {
        let Some(h) = timeline::horizon(&data.library.page(id).fm, data.today) else {
            continue;
        };
        let column = &mut columns[h as usize];
        if column.items.len() < data.config.paginate_by {
            column.items.push(Card {
                link: data.item(id),
                outcomes: outcome_titles(data, id),
            });
        } else {
            column.more += 1;
        }
    }
    (Some(data.level_view(level)), columns.into())
}
