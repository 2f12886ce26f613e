//! The leadership pack: one printable page with what leadership asks
//! about — the vision's outcomes and how far they have moved, the
//! roadmap's Now / Next / Later, each level's health and the weakest
//! level. Every part is a view the outcomes, timeline and health pages
//! already build; this page only puts them together.

use super::health_summary::{HealthSummary, summary};
use super::outcomes::{OutcomeRow, outcomes_page};
use super::timeline::{HorizonColumn, horizons};
use super::views::{LevelView, PageLink, SiteData};
use serde::Serialize;

#[derive(Serialize)]
pub struct PackPage<'a> {
    /// The top level and its plans.
    pub top: Option<LevelView<'a>>,
    pub plans: Vec<PageLink<'a>>,
    /// The outcomes the top level's plans define.
    pub outcomes: Vec<OutcomeRow<'a>>,
    pub horizon_level: Option<LevelView<'a>>,
    pub horizons: Vec<HorizonColumn<'a>>,
    pub health: HealthSummary<'a>,
}

pub fn pack_page<'a>(data: &SiteData<'a>) -> PackPage<'a> {
    let top = data.planning.by_level.first();
    let (horizon_level, horizons) = horizons(data);
    PackPage {
        top: top.map(|_| data.level_view(0)),
        plans: top.into_iter().flatten().map(|id| data.item(*id)).collect(),
        outcomes: outcomes_page(data)
            .into_iter()
            .filter(|o| o.defined_on.level.as_ref().is_some_and(|l| l.number == 1))
            .collect(),
        horizon_level,
        horizons,
        health: summary(data),
    }
}
