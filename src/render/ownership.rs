//! "What does my team own?": a page per team and per owner with their
//! plans at every level, the current sprint, the releases and roadmap
//! items their work serves, the outcomes behind those, and the next
//! reviews; and the index of teams and owners.

use super::outcomes::{OutcomeView, outcome_view};
use super::views::{LevelView, PageLink, SiteData};
use crate::content::PageId;
use crate::content::frontmatter::FrontMatter;
use crate::content::frontmatter::OutcomeEntry;
use crate::urls;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Plans listed per level; the count says the rest (a year of daily notes).
const PER_LEVEL: usize = 50;
/// Reviews listed, soonest first.
const REVIEWS: usize = 10;

/// Teams or owners: which field of the frontmatter a page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Holder {
    Team,
    Owner,
}

impl Holder {
    pub fn of(self, fm: &FrontMatter) -> Option<&str> {
        match self {
            Holder::Team => fm.team.as_deref(),
            Holder::Owner => fm.owner.as_deref(),
        }
        .map(str::trim)
        .filter(|n| !n.is_empty())
    }

    /// `/team/platform/`.
    pub fn path(self, name: &str) -> String {
        let folder = match self {
            Holder::Team => "team",
            Holder::Owner => "owner",
        };
        format!("/{folder}/{}/", urls::slug(name))
    }
}

/// Every team or owner named on a plan (a page with a level), sorted.
pub fn names(library: &crate::content::Library, holder: Holder) -> BTreeSet<String> {
    library
        .pages
        .iter()
        .filter(|p| p.fm.level.is_some())
        .filter_map(|p| holder.of(&p.fm).map(str::to_string))
        .collect()
}

#[derive(Serialize)]
pub struct HolderPage<'a> {
    pub holder: Holder,
    pub name: String,
    pub total: usize,
    /// Their active plans whose dates include today, at the iteration level.
    pub current: Vec<PageLink<'a>>,
    pub levels: Vec<LevelList<'a>>,
    /// Plans above theirs that their work serves, top first: the first
    /// `paginate_by` of `serves_count`.
    pub serves: Vec<PageLink<'a>>,
    pub serves_count: usize,
    pub outcomes: Vec<OutcomeView<'a>>,
    pub reviews: Vec<Review<'a>>,
}

#[derive(Serialize)]
pub struct LevelList<'a> {
    pub level: LevelView<'a>,
    pub count: usize,
    pub items: Vec<PageLink<'a>>,
}

#[derive(Serialize)]
pub struct Review<'a> {
    #[serde(flatten)]
    pub link: PageLink<'a>,
    pub due: String,
    pub overdue: bool,
}

pub fn holder_page<'a>(data: &SiteData<'a>, holder: Holder, name: &str) -> HolderPage<'a> {
    let planning = data.planning;
    let levels = data.config.levels.len();
    let by_level: Vec<Vec<PageId>> = planning
        .by_level
        .iter()
        .map(|ids| {
            ids.iter()
                .copied()
                .filter(|id| holder.of(&data.library.page(*id).fm) == Some(name))
                .collect()
        })
        .collect();
    let theirs: BTreeSet<PageId> = by_level.iter().flatten().copied().collect();
    let iteration = levels.checked_sub(2);
    let current = iteration
        .map(|l| &by_level[l][..])
        .unwrap_or_default()
        .iter()
        .filter(|id| {
            let fm = &data.library.page(**id).fm;
            fm.span()
                .is_some_and(|s| s.start <= data.today && data.today <= s.end)
                && !fm.status.is_some_and(|s| s.is_closed())
        })
        .map(|id| data.item(*id))
        .collect();
    // Plans above theirs that their plans serve, by level then page order.
    let above: BTreeSet<(usize, PageId)> = theirs
        .iter()
        .flat_map(|id| planning.thread(*id))
        .filter(|p| !theirs.contains(p))
        .filter_map(|p| planning.level_of(p).map(|l| (l, p)))
        .collect();
    let outcome_pages = theirs.iter().chain(above.iter().map(|(_, p)| p));
    HolderPage {
        holder,
        name: name.to_string(),
        total: theirs.len(),
        current,
        levels: by_level
            .iter()
            .enumerate()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(level, ids)| LevelList {
                level: data.level_view(level),
                count: ids.len(),
                items: ids
                    .iter()
                    .rev()
                    .take(PER_LEVEL)
                    .map(|id| data.item(*id))
                    .collect(),
            })
            .collect(),
        serves: above
            .iter()
            .take(data.config.paginate_by)
            .map(|(_, p)| data.item(*p))
            .collect(),
        serves_count: above.len(),
        outcomes: defined_outcomes(data, outcome_pages),
        reviews: reviews(data, &theirs),
    }
}

/// The outcomes defined on these pages, each once.
fn defined_outcomes<'a, 'i>(
    data: &SiteData<'a>,
    pages: impl Iterator<Item = &'i PageId>,
) -> Vec<OutcomeView<'a>> {
    let mut seen = BTreeSet::new();
    pages
        .flat_map(|id| data.library.page(*id).fm.outcomes.iter().flatten())
        .filter_map(|e| match e {
            OutcomeEntry::Defined(o) if seen.insert(o.id.as_str()) => Some(outcome_view(o)),
            _ => None,
        })
        .collect()
}

/// The next review of each of their open plans that has a review interval.
fn reviews<'a>(data: &SiteData<'a>, theirs: &BTreeSet<PageId>) -> Vec<Review<'a>> {
    let mut due: Vec<(crate::dates::Date, PageId)> = theirs
        .iter()
        .filter_map(|id| {
            let fm = &data.library.page(*id).fm;
            if fm.status.is_some_and(|s| s.is_closed()) {
                return None;
            }
            let level = data.planning.level_of(*id)?;
            let every = fm.review_every.or(data.config.levels[level].review_every)?;
            Some((every.after(fm.last_reviewed?), *id))
        })
        .collect();
    due.sort();
    due.into_iter()
        .take(REVIEWS)
        .map(|(date, id)| Review {
            link: data.item(id),
            due: date.to_string(),
            overdue: date < data.today,
        })
        .collect()
}

/// The index of teams and owners, each with how many plans they hold.
#[derive(Serialize)]
pub struct HoldersIndex {
    pub teams: Vec<HolderEntry>,
    pub owners: Vec<HolderEntry>,
}

#[derive(Serialize)]
pub struct HolderEntry {
    pub name: String,
    pub url: String,
    pub count: usize,
}

pub fn holders_index(data: &SiteData<'_>) -> HoldersIndex {
    let entries = |holder: Holder| {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for level in &data.planning.by_level {
            for id in level {
                if let Some(name) = holder.of(&data.library.page(*id).fm) {
                    *counts.entry(name).or_default() += 1;
                }
            }
        }
        counts
            .into_iter()
            .map(|(name, count)| HolderEntry {
                name: name.to_string(),
                url: urls::href(data.config.base_path(), &holder.path(name)),
                count,
            })
            .collect()
    };
    HoldersIndex {
        teams: entries(Holder::Team),
        owners: entries(Holder::Owner),
    }
}
