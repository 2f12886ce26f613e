//! `plan.json`: every plan with its level, parent, dates, status, owner,
//! outcomes and findings, in a versioned format described by
//! [`SCHEMA`] (`strata schema --plan` prints it).
//!
//! Plans are written one at a time as the file is serialised, so a plan of
//! thousands of pages is never held twice.

use crate::content::PageId;
use crate::content::frontmatter::{Health, OutcomeEntry, Status};
use crate::dates::{Date, Period};
use crate::diagnostics::{Kind, Severity};
use crate::render::outcomes::{OutcomeView, outcome_view};
use crate::render::views::{SiteData, level_path};
use serde::{Serialize, Serializer};

/// The JSON Schema of `plan.json`. Raise `version` in both on a change
/// that breaks readers.
pub const SCHEMA: &str = include_str!("plan.schema.json");

const VERSION: u32 = 1;

#[derive(Serialize)]
struct PlanFile<'d, 'a> {
    version: u32,
    title: &'a str,
    base_url: &'a str,
    /// The date the plan was checked against.
    today: Date,
    levels: Vec<LevelEntry<'a>>,
    plans: Plans<'d, 'a>,
}

#[derive(Serialize)]
struct LevelEntry<'a> {
    key: &'a str,
    name: &'a str,
    cadence: &'a str,
    review_every: Option<String>,
    url: String,
    csv: String,
    plans: usize,
}

/// Every plan, level by level, serialised one by one.
struct Plans<'d, 'a>(&'d SiteData<'a>);

impl Serialize for Plans<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let data = self.0;
        let ids = data.planning.by_level.iter().flatten();
        serializer.collect_seq(ids.map(|id| plan_entry(data, *id)))
    }
}

#[derive(Serialize)]
struct PlanEntry<'a> {
    /// The content path: the plan's stable key, as `parent:` may name it.
    path: &'a str,
    /// Its `id:` alias, if it has one.
    id: Option<&'a str>,
    title: &'a str,
    url: String,
    level: &'a str,
    parent: Option<&'a str>,
    contributes_to: Vec<&'a str>,
    depends_on: Vec<&'a str>,
    start: Option<Date>,
    end: Option<Date>,
    period: Option<&'a str>,
    date: Option<Date>,
    /// The days the plan covers, from whichever dates it gives.
    span: Option<Period>,
    status: Option<Status>,
    health: Option<Health>,
    owner: Option<&'a str>,
    team: Option<&'a str>,
    goal: Option<&'a str>,
    /// Outcomes the plan defines, with their progress.
    outcomes: Vec<OutcomeView<'a>>,
    /// Ids of outcomes defined elsewhere that the plan serves.
    serves: Vec<&'a str>,
    themes: &'a [Box<str>],
    last_reviewed: Option<Date>,
    review_every: Option<String>,
    findings: Vec<FindingEntry<'a>>,
}

#[derive(Serialize)]
struct FindingEntry<'a> {
    kind: Kind,
    severity: Severity,
    message: &'a str,
}

/// Writes the file to `out`.
pub fn json(data: &SiteData<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let config = data.config;
    let file = PlanFile {
        version: VERSION,
        title: &config.title,
        base_url: &config.base_url,
        today: data.today,
        levels: config
            .levels
            .iter()
            .enumerate()
            .map(|(i, level)| LevelEntry {
                key: &level.key,
                name: &level.name,
                cadence: &level.cadence,
                review_every: level.review_every.map(|r| r.to_string()),
                url: config.permalink(&level_path(&level.key)),
                csv: config.permalink(&super::level_csv_path(&level.key)),
                plans: data.planning.by_level[i].len(),
            })
            .collect(),
        plans: Plans(data),
    };
    Ok(serde_json::to_writer(out, &file)?)
}

fn plan_entry<'a>(data: &SiteData<'a>, id: PageId) -> PlanEntry<'a> {
    let library = data.library;
    let planning = data.planning;
    let page = library.page(id);
    let fm = &page.fm;
    let path = |id: &PageId| &*library.page(*id).source;
    let outcomes = fm.outcomes.iter().flatten();
    PlanEntry {
        path: &page.source,
        id: fm.id.as_deref(),
        title: &page.title,
        url: data.config.permalink(&page.url),
        level: planning
            .level_of(id)
            .map_or("", |l| data.config.levels[l].key.as_str()),
        parent: planning.parent[id.0 as usize].as_ref().map(path),
        contributes_to: planning.contributes_to[id.0 as usize]
            .iter()
            .map(path)
            .collect(),
        depends_on: planning.depends_on[id.0 as usize]
            .iter()
            .map(path)
            .collect(),
        start: fm.start,
        end: fm.end,
        period: fm.period.as_ref().map(|(text, _)| &**text),
        date: fm.date,
        span: fm.span(),
        status: fm.status,
        health: fm.health,
        owner: fm.owner.as_deref(),
        team: fm.team.as_deref(),
        goal: fm.goal.as_deref(),
        outcomes: outcomes
            .clone()
            .filter_map(|o| match o {
                OutcomeEntry::Defined(o) => Some(outcome_view(o)),
                OutcomeEntry::Ref(_) => None,
            })
            .collect(),
        serves: outcomes
            .filter_map(|o| match o {
                OutcomeEntry::Ref(id) => Some(id.as_str()),
                OutcomeEntry::Defined(_) => None,
            })
            .collect(),
        themes: fm.themes.as_deref().unwrap_or_default(),
        last_reviewed: fm.last_reviewed,
        review_every: fm.review_every.map(|r| r.to_string()),
        findings: data.page_findings[id.0 as usize]
            .iter()
            .map(|i| {
                let d = &data.diagnostics[*i];
                FindingEntry {
                    kind: d.kind,
                    severity: d.severity,
                    message: &d.message,
                }
            })
            .collect(),
    }
}
