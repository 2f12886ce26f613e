//! The planning health at a glance: each level's score, the weakest level,
//! the most urgent findings and the symptoms they point to. Shared by the
//! health page and the home page.

use super::finding_view::FindingView;
use super::views::{LevelView, PageLink, SiteData};
use crate::diagnostics::{Diagnostic, Kind, Subject};
use crate::planning::symptoms::{self, SymptomKind};
use serde::Serialize;

/// How many plans each piece of evidence names; the count says the rest.
const EXAMPLES: usize = 5;
/// How many findings the home page shows.
const URGENT: usize = 3;

/// A level's planning health: how many of its items have no findings.
#[derive(Serialize, Clone)]
pub struct LevelScore<'a> {
    pub level: LevelView<'a>,
    pub items: usize,
    pub findings: usize,
    /// Percentage of items without findings; 0 when the level is empty.
    pub score: usize,
    pub advice: &'a str,
}

/// A symptom with its evidence, as the health and home pages show it.
#[derive(Serialize)]
pub struct SymptomView<'a> {
    pub kind: SymptomKind,
    pub words: &'static str,
    pub level: LevelView<'a>,
    pub evidence: Vec<Evidence<'a>>,
}

#[derive(Serialize)]
pub struct Evidence<'a> {
    pub what: &'static str,
    pub count: usize,
    pub examples: Vec<PageLink<'a>>,
}

/// What the home page shows of the plan's health, as `health`.
#[derive(Serialize)]
pub struct HealthSummary<'a> {
    pub weakest: Option<LevelScore<'a>>,
    pub scores: Vec<LevelScore<'a>>,
    pub urgent: Vec<FindingView<'a>>,
    pub symptoms: Vec<SymptomView<'a>>,
    pub total: usize,
}

pub fn summary<'a>(data: &SiteData<'a>) -> HealthSummary<'a> {
    let scores = level_scores(data);
    HealthSummary {
        weakest: weakest(&scores),
        scores,
        urgent: by_urgency(data)
            .into_iter()
            .take(URGENT)
            .map(|d| FindingView::new(data, d))
            .collect(),
        symptoms: symptom_views(data),
        total: by_urgency(data).len(),
    }
}

pub fn level_scores<'a>(data: &SiteData<'a>) -> Vec<LevelScore<'a>> {
    let planning = data.planning;
    (0..data.config.levels.len())
        .map(|i| {
            let about_level = data
                .diagnostics
                .iter()
                .filter(|d| d.subject == Subject::Level(i))
                .count();
            let ids = &planning.by_level[i];
            let on_pages: usize = ids
                .iter()
                .map(|id| data.page_findings[id.0 as usize].len())
                .sum();
            let clean = ids
                .iter()
                .filter(|id| data.page_findings[id.0 as usize].is_empty())
                .count();
            LevelScore {
                level: data.level_view(i),
                items: ids.len(),
                findings: about_level + on_pages,
                score: (clean * 100).checked_div(ids.len()).unwrap_or(0),
                advice: &data.config.levels[i].advice,
            }
        })
        .collect()
}

/// The level with the most problems, if any has one: an empty level is the
/// widest gap; then the lowest share of clear items.
pub fn weakest<'a>(scores: &[LevelScore<'a>]) -> Option<LevelScore<'a>> {
    scores
        .iter()
        .filter(|s| s.findings > 0)
        .min_by_key(|s| (s.items > 0, s.score, std::cmp::Reverse(s.findings)))
        .cloned()
}

/// Every planning finding, errors first, then in the report order of kinds.
pub fn by_urgency<'a>(data: &SiteData<'a>) -> Vec<&'a Diagnostic> {
    sorted(data, Kind::is_planning)
}

/// Problems with the content (broken links ...), for contributors, in the
/// same order.
pub fn content_problems<'a>(data: &SiteData<'a>) -> Vec<&'a Diagnostic> {
    sorted(data, |kind| !kind.is_planning())
}

fn sorted<'a>(data: &SiteData<'a>, wanted: fn(Kind) -> bool) -> Vec<&'a Diagnostic> {
    let mut sorted: Vec<&Diagnostic> = data.diagnostics.iter().filter(|d| wanted(d.kind)).collect();
    sorted.sort_by_key(|d| (d.severity, d.kind));
    sorted
}

pub fn symptom_views<'a>(data: &SiteData<'a>) -> Vec<SymptomView<'a>> {
    symptoms::symptoms(data.library, data.planning, data.config)
        .into_iter()
        .map(|s| SymptomView {
            kind: s.kind,
            words: s.kind.words(),
            level: data.level_view(s.level),
            evidence: s
                .evidence
                .into_iter()
                .map(|(what, ids)| Evidence {
                    what,
                    count: ids.len(),
                    examples: ids.iter().take(EXAMPLES).map(|id| data.item(*id)).collect(),
                })
                .collect(),
        })
        .collect()
}
