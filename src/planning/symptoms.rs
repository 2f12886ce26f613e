//! The four symptoms by which practitioners recognise a broken planning
//! level, in a leader's words, each with the plans that show it.
//!
//! Findings name one problem on one page; a symptom names the pattern a
//! leader notices and the level it points at, so that the health page can
//! say where to start.

use super::Planning;
use crate::config::Config;
use crate::content::{Library, PageId};
use serde::Serialize;

/// One symptom found on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symptom {
    pub kind: SymptomKind,
    /// The level it points at, by index into `config.levels`.
    pub level: usize,
    /// Kinds of evidence with the plans that show each; only non-empty ones.
    pub evidence: Vec<(&'static str, Vec<PageId>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SymptomKind {
    /// The roadmap or release level is missing or unlinked.
    ProgressInvisible,
    /// The chain from the vision down to the iterations is broken.
    VisionUnknown,
    /// Release objectives are not tied to roadmap outcomes.
    WrongThingsShip,
    /// Daily notes serve no sprint, or sprints have no goal.
    PointlessStandups,
}

impl SymptomKind {
    /// The symptom as a leader says it.
    pub fn words(self) -> &'static str {
        match self {
            SymptomKind::ProgressInvisible => "Teams are busy, but leadership can't see progress",
            SymptomKind::VisionUnknown => "The vision exists, but teams don't know about it",
            SymptomKind::WrongThingsShip => "Teams deliver on time, but the wrong things ship",
            SymptomKind::PointlessStandups => "Daily stand-ups feel pointless",
        }
    }
}

/// The symptoms the plans show. Needs the four lower levels of the
/// five-level model (daily, iteration, release and one above); a site
/// with fewer levels gets none.
pub fn symptoms(library: &Library, planning: &Planning, config: &Config) -> Vec<Symptom> {
    let n = config.levels.len();
    if n < 4 {
        return Vec::new();
    }
    let (release, iteration, daily) = (n - 3, n - 2, n - 1);
    let at = |level: usize, keep: &dyn Fn(PageId) -> bool| -> Vec<PageId> {
        planning.by_level[level]
            .iter()
            .copied()
            .filter(|id| keep(*id))
            .collect()
    };
    let serves_no = |level: usize, above: usize| {
        at(level, &|id| {
            planning.parent[id.0 as usize].and_then(|p| planning.level_of(p)) != Some(above)
        })
    };
    let fm = |id: PageId| &library.page(id).fm;
    let unserved: Vec<PageId> = super::outcomes::outcomes(library)
        .iter()
        .filter(|d| d.served_by.is_empty())
        .map(|d| d.page)
        .collect();
    let found = [
        (
            SymptomKind::ProgressInvisible,
            release,
            vec![
                (
                    "sprints that serve no release",
                    serves_no(iteration, release),
                ),
                (
                    "releases that serve no roadmap item",
                    serves_no(release, release - 1),
                ),
            ],
        ),
        (
            SymptomKind::VisionUnknown,
            0,
            vec![(
                "sprints whose thread does not reach the top",
                at(iteration, &|id| !planning.aligned[id.0 as usize]),
            )],
        ),
        (
            SymptomKind::WrongThingsShip,
            release,
            vec![
                (
                    "releases without a goal or outcomes",
                    at(release, &|id| {
                        fm(id).goal.is_none() && fm(id).outcomes.is_none()
                    }),
                ),
                ("plans with an outcome nothing serves", unserved),
            ],
        ),
        (
            SymptomKind::PointlessStandups,
            iteration,
            vec![
                (
                    "daily notes that serve no sprint",
                    serves_no(daily, iteration),
                ),
                (
                    "sprints without a goal",
                    at(iteration, &|id| fm(id).goal.is_none()),
                ),
            ],
        ),
    ];
    found
        .into_iter()
        .map(|(kind, level, evidence)| Symptom {
            kind,
            level,
            evidence: evidence
                .into_iter()
                .filter(|(_, ids)| !ids.is_empty())
                .collect(),
        })
        .filter(|s| !s.evidence.is_empty())
        // Without a vision the missing level is the finding, not this symptom.
        .filter(|s| s.kind != SymptomKind::VisionUnknown || !planning.by_level[0].is_empty())
        .collect()
}
