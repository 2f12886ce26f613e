//! The view of one content page: everything `page.html`, `section.html`
//! and `home.html` see as `page`, each part looked up for this page alone.

use super::finding_view::FindingView;
use super::history_view::{PageHistory, page_history};
use super::outcomes::{OutcomeView, outcome_view};
use super::paging::{self, Pager};
use super::views::{LevelView, PageLink, SiteData, period_text};
use crate::config::Config;
use crate::content::frontmatter::{Health, Outcome, OutcomeEntry, Status};
use crate::content::{Library, Page, PageId, PageKind};
use crate::history::work;
use crate::markdown::{Heading, Tasks};
use crate::planning::Planning;
use crate::planning::{Rollup, rollup};
use crate::planning::{board, burndown, release};
use crate::render::board_view::{self, BoardView, DependencyView, ObjectivesView};
use crate::render::charts::{self, burndown::BurndownView, release::ReleaseView};
use crate::urls;
use serde::Serialize;

/// One step of the golden thread.
#[derive(Serialize)]
pub struct ThreadStep<'a> {
    #[serde(flatten)]
    pub link: PageLink<'a>,
    /// Titles of the outcomes this step serves or defines.
    pub outcomes: Vec<String>,
    /// The same outcomes where their definition is found, with progress;
    /// left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub served: Vec<OutcomeView<'a>>,
}

/// Children grouped by level.
#[derive(Serialize)]
pub struct ChildGroup<'a> {
    pub level: Option<LevelView<'a>>,
    /// The first `paginate_by` of them.
    pub items: Vec<PageLink<'a>>,
    /// How many serve the page from this level.
    pub count: usize,
}

/// The planning fields of a page, as shown in its metadata panel.
#[derive(Serialize)]
pub struct Meta<'a> {
    pub owner: Option<&'a str>,
    pub team: Option<&'a str>,
    pub status: Option<Status>,
    pub health: Option<Health>,
    pub period: Option<String>,
    pub date: Option<String>,
    pub goal: Option<&'a str>,
    pub tags: &'a [Box<str>],
    pub themes: &'a [Box<str>],
    pub cadence: Option<&'a str>,
    pub last_reviewed: Option<String>,
    pub lastmod: Option<String>,
    pub capacity: Option<CapacityView>,
    pub remaining: Option<serde_json::Value>,
}

/// Capacity with whole numbers shown without a decimal point.
#[derive(Serialize)]
pub struct CapacityView {
    pub available: serde_json::Value,
    pub committed: serde_json::Value,
}

/// `35` rather than `35.0` for whole numbers.
pub fn number(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Value::from(n)
    }
}

/// Everything a page or section template sees as `page`.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: String,
    pub source: &'a str,
    pub edit_url: Option<String>,
    pub is_section: bool,
    pub description: Option<&'a str>,
    pub summary: &'a str,
    pub content: &'a str,
    pub toc: &'a [Heading],
    pub level: Option<LevelView<'a>>,
    pub meta: Meta<'a>,
    pub outcomes: Vec<OutcomeView<'a>>,
    pub breadcrumbs: Vec<PageLink<'a>>,
    pub thread: Vec<ThreadStep<'a>>,
    pub children: Vec<ChildGroup<'a>>,
    pub rollup: Rollup,
    pub contributes_to: Vec<PageLink<'a>>,
    pub depends_on: Vec<PageLink<'a>>,
    /// `depends_on` and its reverse, each edge with its dates and slip.
    pub dependencies: Vec<DependencyView<'a>>,
    pub needed_by: Vec<DependencyView<'a>>,
    /// Task-list items in the body: the backlog.
    pub tasks: Tasks,
    /// Charts of an iteration with daily figures.
    pub burndown: Option<BurndownView>,
    /// Progress over the sprints serving a release (or a plan above it).
    pub release: Option<ReleaseView<'a>>,
    pub board: Option<BoardView<'a>>,
    pub objectives: Option<ObjectivesView<'a>>,
    pub prev: Option<PageLink<'a>>,
    pub next: Option<PageLink<'a>>,
    pub level_prev: Option<PageLink<'a>>,
    pub level_next: Option<PageLink<'a>>,
    /// The first `paginate_by` pages that link here, of `backlink_count`.
    pub backlinks: Vec<PageLink<'a>>,
    pub backlink_count: usize,
    /// Planning findings about this page (review overdue, missing goal ...).
    pub findings: Vec<FindingView<'a>>,
    /// For sections: the pages in the folder, then its sub-folders, one
    /// page of them at a time when there are many.
    pub pages: Vec<PageLink<'a>>,
    pub subsections: Vec<PageLink<'a>>,
    /// Last update and change list from git, when the site is in git.
    pub history: Option<PageHistory<'a>>,
    pub pager: Option<Pager>,
    /// Keys under `extra:` and frontmatter keys Strata does not know.
    pub extra: Option<&'a crate::yaml::Mapping>,
}

pub(super) fn outcome_titles(data: &SiteData<'_>, id: PageId) -> Vec<String> {
    let Some(entries) = &data.library.page(id).fm.outcomes else {
        return Vec::new();
    };
    entries
        .iter()
        .map(|e| match e {
            OutcomeEntry::Defined(o) => o.title.clone(),
            OutcomeEntry::Ref(r) => {
                find_outcome(data, id, r).map_or_else(|| r.clone(), |o| o.title.clone())
            }
        })
        .collect()
}

/// The outcomes a page defines or names, where their definition is found.
fn served_outcomes<'a>(data: &SiteData<'a>, id: PageId) -> Vec<&'a Outcome> {
    let entries = data.library.page(id).fm.outcomes.iter().flatten();
    entries
        .filter_map(|e| match e {
            OutcomeEntry::Defined(o) => Some(o.as_ref()),
            OutcomeEntry::Ref(r) => find_outcome(data, id, r),
        })
        .collect()
}

/// Looks an outcome id up along the page's thread.
fn find_outcome<'a>(data: &SiteData<'a>, id: PageId, key: &str) -> Option<&'a Outcome> {
    data.planning.thread(id).into_iter().rev().find_map(|p| {
        data.library
            .page(p)
            .fm
            .outcomes
            .as_ref()?
            .iter()
            .find_map(|e| match e {
                OutcomeEntry::Defined(o) if o.id == key => Some(o.as_ref()),
                _ => None,
            })
    })
}

/// The view of one content page; `content` is its rendered body. A
/// section's list shows its page `list_page` (from 1).
pub fn page_view<'a>(
    data: &SiteData<'a>,
    id: PageId,
    content: &'a str,
    list_page: usize,
) -> PageView<'a> {
    let page: &'a Page = data.library.page(id);
    let config = data.config;
    let fm = &page.fm;
    let links = |ids: &[PageId]| ids.iter().map(|p| data.link(*p)).collect::<Vec<_>>();
    let (prev, next) = section_neighbours(data, id);
    let (level_prev, level_next) = data.planning.level_neighbours(id);
    let (pages, subsections, pager) = section_lists(data, id, list_page);
    let (dependencies, needed_by) = board_view::dependencies(data, id);
    let timeline = |p: PageId| work::timeline(data.history, data.library.page(p));
    PageView {
        title: &page.title,
        url: data.href(id),
        permalink: config.permalink(&page.url),
        source: &page.source,
        edit_url: config
            .edit_url
            .as_ref()
            .filter(|_| page.on_disk)
            .map(|e| format!("{e}{}", urls::encode_path(&page.source))),
        is_section: page.is_section(),
        description: fm.description(),
        summary: data.summary(id),
        content,
        toc: &data.rendered[id.0 as usize].toc,
        level: data.level(id),
        meta: meta(data, id),
        outcomes: fm
            .outcomes
            .iter()
            .flatten()
            .filter_map(|e| match e {
                OutcomeEntry::Defined(o) => Some(outcome_view(o)),
                OutcomeEntry::Ref(_) => None,
            })
            .collect(),
        breadcrumbs: breadcrumbs(data, id),
        thread: data
            .planning
            .thread(id)
            .into_iter()
            .map(|p| ThreadStep {
                link: data.link(p),
                outcomes: outcome_titles(data, p),
                served: served_outcomes(data, p)
                    .into_iter()
                    .map(outcome_view)
                    .collect(),
            })
            .collect(),
        children: child_groups(data, id),
        rollup: rollup(data.library, data.planning, id, |p| data.tasks(p)),
        contributes_to: links(&data.planning.contributes_to[id.0 as usize]),
        depends_on: links(&data.planning.depends_on[id.0 as usize]),
        dependencies,
        needed_by,
        tasks: data.tasks(id),
        burndown: burndown::burndown(
            data.library,
            data.planning,
            id,
            data.today,
            config.work_weekends,
            &timeline,
        )
        .map(|b| charts::burndown::view(&b)),
        release: release::progress(
            data.library,
            data.planning,
            id,
            config.levels.len(),
            data.today,
            config.work_weekends,
            &timeline,
        )
        .map(|p| charts::release::view(data, &p)),
        board: board::board(data.library, data.planning, id, config.levels.len())
            .map(|b| board_view::board(data, &b)),
        objectives: fm.objectives.as_deref().map(board_view::objectives),
        prev,
        next,
        level_prev: level_prev.map(|p| data.link(p)),
        level_next: level_next.map(|p| data.link(p)),
        backlinks: links(first(
            &data.backlinks[id.0 as usize],
            data.config.paginate_by,
        )),
        backlink_count: data.backlinks[id.0 as usize].len(),
        findings: data.page_findings[id.0 as usize]
            .iter()
            .map(|i| FindingView::new(data, &data.diagnostics[*i]))
            .collect(),
        pages,
        subsections,
        history: page_history(data, id),
        pager,
        extra: fm.extra.as_deref(),
    }
}

/// The sections above the page, from the home page down.
fn breadcrumbs<'a>(data: &SiteData<'a>, id: PageId) -> Vec<PageLink<'a>> {
    let mut crumbs: Vec<PageLink> = data
        .library
        .ancestors(id)
        .into_iter()
        .map(|s| data.link(data.library.section(s).index))
        .collect();
    if data.library.page(id).is_section() {
        crumbs.retain(|b| b.url != data.href(id));
    }
    crumbs
}

/// The first `n` of `items`.
fn first<T>(items: &[T], n: usize) -> &[T] {
    &items[..items.len().min(n)]
}

/// What serves the page, grouped by level from the top, the first
/// `paginate_by` of each level listed.
fn child_groups<'a>(data: &SiteData<'a>, id: PageId) -> Vec<ChildGroup<'a>> {
    let mut groups: Vec<ChildGroup> = Vec::new();
    for child in data.planning.children_of(id) {
        let child_level = data.planning.level_of(*child);
        let at = groups
            .iter()
            .position(|g| g.level.as_ref().map(|l| l.number - 1) == child_level);
        let at = at.unwrap_or_else(|| {
            groups.push(ChildGroup {
                level: data.level(*child),
                items: Vec::new(),
                count: 0,
            });
            groups.len() - 1
        });
        let group = &mut groups[at];
        if group.count < data.config.paginate_by {
            group.items.push(data.link(*child));
        }
        group.count += 1;
    }
    groups.sort_by_key(|g| g.level.as_ref().map_or(usize::MAX, |l| l.number));
    groups
}

/// The pages before and after this one in its section.
fn section_neighbours<'a>(
    data: &SiteData<'a>,
    id: PageId,
) -> (Option<PageLink<'a>>, Option<PageLink<'a>>) {
    let page = data.library.page(id);
    let Some(section) = page.section.filter(|_| !page.is_section()) else {
        return (None, None);
    };
    let siblings = &data.library.section(section).pages;
    let pos = data.addresses.section_position[id.0 as usize];
    (
        pos.and_then(|i| i.checked_sub(1))
            .map(|i| data.link(siblings[i])),
        pos.and_then(|i| siblings.get(i + 1)).map(|p| data.link(*p)),
    )
}

/// For a section: its pages and its sub-folders, leaving out the plans
/// that serve it (they are listed under "what serves this"), one page of
/// them (`list_page`) when there are more than a page's worth.
fn section_lists<'a>(
    data: &SiteData<'a>,
    id: PageId,
    list_page: usize,
) -> (Vec<PageLink<'a>>, Vec<PageLink<'a>>, Option<Pager>) {
    let Some(listed) = section_items(data.library, data.planning, id) else {
        return (Vec::new(), Vec::new(), None);
    };
    let per_page = paginate_by(data.config, data.library.page(id));
    let count = listed.pages.len() + listed.subsections.len();
    let range = paging::slice(count, per_page, list_page);
    let split = listed.pages.len();
    let links = |ids: &[PageId]| ids.iter().map(|p| data.link(*p)).collect();
    let pages = links(&listed.pages[range.start.min(split)..range.end.min(split)]);
    let subsections =
        links(&listed.subsections[range.start.max(split) - split..range.end.max(split) - split]);
    let base = &data.library.page(id).url;
    let pager = paging::pager(data.config.base_path(), base, count, per_page, list_page);
    (pages, subsections, pager)
}

/// What a section lists: its pages, then its sub-folders' index pages.
pub struct SectionItems {
    pub pages: Vec<PageId>,
    pub subsections: Vec<PageId>,
}

impl SectionItems {
    pub fn count(&self) -> usize {
        self.pages.len() + self.subsections.len()
    }
}

/// The pages and sub-folders a section lists; `None` for a plain page.
pub fn section_items(library: &Library, planning: &Planning, id: PageId) -> Option<SectionItems> {
    let PageKind::Section(s) = library.page(id).kind else {
        return None;
    };
    let listed = |p: &PageId| planning.parent[p.0 as usize] != Some(id);
    let section = library.section(s);
    Some(SectionItems {
        pages: section.pages.iter().copied().filter(listed).collect(),
        subsections: section
            .subsections
            .iter()
            .map(|sub| library.section(*sub).index)
            .filter(listed)
            .collect(),
    })
}

/// Items per page of a section's list: its `paginate_by`, else the site's.
pub fn paginate_by(config: &Config, page: &Page) -> usize {
    let own = page.fm.paginate_by.filter(|n| *n > 0);
    own.unwrap_or(config.paginate_by)
}

/// The further pages of every long section's list: the section and the
/// site path of each page from the second on.
pub fn further_section_pages(
    config: &Config,
    library: &Library,
    planning: &Planning,
) -> Vec<(PageId, usize, String)> {
    let mut found = Vec::new();
    for section in &library.sections {
        let id = section.index;
        let Some(items) = section_items(library, planning, id) else {
            continue;
        };
        let page = library.page(id);
        let per_page = paginate_by(config, page);
        let further = paging::further_pages(&page.url, items.count(), per_page);
        found.extend((2..).zip(further).map(|(n, path)| (id, n, path)));
    }
    found.sort_by_key(|(id, n, _)| (*id, *n));
    found
}

/// The planning fields of the page's metadata panel.
fn meta<'a>(data: &SiteData<'a>, id: PageId) -> Meta<'a> {
    let page: &'a Page = data.library.page(id);
    let fm = &page.fm;
    Meta {
        owner: fm.owner.as_deref(),
        team: fm.team.as_deref(),
        status: fm.status,
        health: fm.health,
        period: period_text(page)
            .filter(|_| fm.date.is_none() || fm.start.is_some() || fm.period.is_some()),
        date: fm.date.map(|d| d.to_string()),
        goal: fm.goal.as_deref(),
        tags: fm.tags.as_deref().unwrap_or_default(),
        themes: fm.themes.as_deref().unwrap_or_default(),
        cadence: data
            .planning
            .level_of(id)
            .map(|l| data.config.levels[l].cadence.as_str()),
        last_reviewed: fm.last_reviewed.map(|d| d.to_string()),
        lastmod: fm.lastmod.map(|d| d.to_string()),
        capacity: fm.capacity.as_deref().map(|c| CapacityView {
            available: number(c.available),
            committed: number(c.committed),
        }),
        remaining: fm.remaining.map(number),
    }
}
