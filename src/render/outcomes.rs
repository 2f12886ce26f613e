//! Outcomes as readers see them: progress from baseline to target on the
//! pages that define them and along the golden thread, and the outcomes
//! page listing every outcome with the work that serves it.

use super::views::{LevelView, PageLink, SiteData};
use crate::content::frontmatter::Outcome;
use crate::planning::outcomes::{self, Progress, progress};
use serde::Serialize;

/// How many serving plans the outcomes page names; the counts say the rest.
const EXAMPLES: usize = 10;

/// An outcome with its progress (none while a figure is missing).
#[derive(Serialize)]
pub struct OutcomeView<'a> {
    #[serde(flatten)]
    pub outcome: &'a Outcome,
    pub progress: Option<Progress>,
}

pub fn outcome_view(outcome: &Outcome) -> OutcomeView<'_> {
    OutcomeView {
        outcome,
        progress: progress(outcome),
    }
}

/// One outcome on the outcomes page.
#[derive(Serialize)]
pub struct OutcomeRow<'a> {
    #[serde(flatten)]
    pub view: OutcomeView<'a>,
    pub defined_on: PageLink<'a>,
    pub served_count: usize,
    /// How many serving plans at each level, top first; levels without any left out.
    pub per_level: Vec<LevelCount<'a>>,
    pub served_by: Vec<PageLink<'a>>,
}

#[derive(Serialize)]
pub struct LevelCount<'a> {
    pub level: LevelView<'a>,
    pub count: usize,
}

pub fn outcomes_page<'a>(data: &SiteData<'a>) -> Vec<OutcomeRow<'a>> {
    outcomes::outcomes(data.library)
        .into_iter()
        .map(|d| {
            let mut counts = vec![0; data.config.levels.len()];
            for id in &d.served_by {
                if let Some(level) = data.planning.level_of(*id) {
                    counts[level] += 1;
                }
            }
            OutcomeRow {
                view: outcome_view(d.outcome),
                defined_on: data.item(d.page),
                served_count: d.served_by.len(),
                per_level: counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, n)| *n > 0)
                    .map(|(i, count)| LevelCount {
                        level: data.level_view(i),
                        count,
                    })
                    .collect(),
                served_by: d
                    .served_by
                    .iter()
                    .take(EXAMPLES)
                    .map(|id| data.item(*id))
                    .collect(),
            }
        })
        .collect()
}
