//! Borrow-only structs that templates see. Documented in the README's
//! "Template variables" section; keep the two in step.

use crate::config::{Config, LevelDef};
use crate::content::frontmatter::{Health, Outcome, OutcomeEntry, Status};
use crate::content::{Library, Page, PageId, PageKind};
use crate::diagnostics::Diagnostic;
use crate::markdown::{Heading, Rendered};
use crate::planning::{Planning, Rollup, rollup};
use crate::urls;
use serde::Serialize;

/// Data every page shares; set once in the global context as `site`.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub levels: Vec<LevelView<'a>>,
    /// Top-level sections, for the main menu.
    pub menu: Vec<PageLink<'a>>,
    pub today: String,
}

/// A configured level, as shown in badges and the level navigation.
#[derive(Serialize, Clone)]
pub struct LevelView<'a> {
    pub key: &'a str,
    pub name: &'a str,
    /// 1-based position from the top.
    pub number: usize,
    pub cadence: &'a str,
    pub url: &'a str,
}

/// Every page's and level's href and display period, computed once per
/// build so that the many page links in lists only borrow them.
pub struct Addresses {
    hrefs: Vec<String>,
    periods: Vec<Option<String>>,
    level_hrefs: Vec<String>,
    /// Each page's position among the pages of its section.
    section_position: Vec<Option<usize>>,
}

impl Addresses {
    pub fn new(config: &Config, library: &Library) -> Addresses {
        let base = config.base_path();
        Addresses {
            hrefs: library
                .pages
                .iter()
                .map(|p| urls::href(base, &p.url))
                .collect(),
            periods: library.pages.iter().map(period_text).collect(),
            section_position: {
                let mut positions = vec![None; library.pages.len()];
                for section in &library.sections {
                    for (i, page) in section.pages.iter().enumerate() {
                        positions[page.0 as usize] = Some(i);
                    }
                }
                positions
            },
            level_hrefs: config
                .levels
                .iter()
                .map(|l| urls::href(base, &level_path(&l.key)))
                .collect(),
        }
    }
}

pub fn level_path(key: &str) -> String {
    format!("/levels/{key}/")
}

/// A link to a page with what lists show about it.
#[derive(Serialize, Clone)]
pub struct PageLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub level: Option<LevelView<'a>>,
    pub status: Option<Status>,
    pub health: Option<Health>,
    pub owner: Option<&'a str>,
    pub period: Option<&'a str>,
    pub goal: Option<&'a str>,
    pub is_section: bool,
}

/// What the page renderers need from the whole build.
pub struct SiteData<'a> {
    pub config: &'a Config,
    pub library: &'a Library,
    pub planning: &'a Planning,
    pub rendered: &'a [Rendered],
    /// Pages linking to each page, by `PageId`.
    pub backlinks: &'a [Vec<PageId>],
    /// Warnings of the build, and which of them concern each page.
    pub diagnostics: &'a [Diagnostic],
    pub page_findings: &'a [Vec<usize>],
    pub addresses: &'a Addresses,
}

impl<'a> SiteData<'a> {
    pub fn href(&self, id: PageId) -> &'a str {
        &self.addresses.hrefs[id.0 as usize]
    }

    pub fn level_view(&self, index: usize) -> LevelView<'a> {
        let def: &'a LevelDef = &self.config.levels[index];
        LevelView {
            key: &def.key,
            name: &def.name,
            number: index + 1,
            cadence: &def.cadence,
            url: &self.addresses.level_hrefs[index],
        }
    }

    /// The page's summary as HTML: its `description` (escaped), else the
    /// first paragraph of its body.
    pub fn summary(&self, id: PageId) -> &'a str {
        &self.rendered[id.0 as usize].summary
    }

    pub fn level(&self, id: PageId) -> Option<LevelView<'a>> {
        self.planning.level_of(id).map(|l| self.level_view(l))
    }

    pub fn link(&self, id: PageId) -> PageLink<'a> {
        EMBEDDED.with(|embedded| {
            if let Some(list) = embedded.borrow_mut().as_mut() {
                list.push(id);
            }
        });
        let page: &'a Page = self.library.page(id);
        PageLink {
            title: &page.title,
            url: self.href(id),
            summary: self.summary(id),
            level: self.level(id),
            status: page.fm.status,
            health: page.fm.health,
            owner: page.fm.owner.as_deref(),
            period: self.addresses.periods[id.0 as usize].as_deref(),
            goal: page.fm.goal.as_deref(),
            is_section: page.is_section(),
        }
    }

    /// A page link without the summary, for the long lists of generated
    /// pages: they stay small, and editing a page's text leaves them as
    /// they are.
    pub fn item(&self, id: PageId) -> PageLink<'a> {
        PageLink {
            summary: "",
            ..self.link(id)
        }
    }
}

thread_local! {
    /// Pages linked to while rendering one page, when [`recording_links`] asks.
    static EMBEDDED: std::cell::RefCell<Option<Vec<PageId>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `render` and returns, beside its result, every page it linked to.
/// The incremental rebuild of `serve` learns from it which pages show
/// another page's summary.
pub fn recording_links<T>(render: impl FnOnce() -> T) -> (T, Vec<PageId>) {
    EMBEDDED.with(|e| *e.borrow_mut() = Some(Vec::new()));
    let result = render();
    let linked = EMBEDDED.with(|e| e.borrow_mut().take()).unwrap_or_default();
    (result, linked)
}

/// `2026-Q3`, or `2026-09-01 – 2026-09-14`, or the date.
pub fn period_text(page: &Page) -> Option<String> {
    let fm = &page.fm;
    if let Some((text, _)) = &fm.period {
        return Some(text.clone());
    }
    match (fm.start, fm.end) {
        (Some(s), Some(e)) => Some(format!("{s} – {e}")),
        (Some(s), None) => Some(format!("from {s}")),
        (None, Some(e)) => Some(format!("until {e}")),
        (None, None) => fm.date.map(|d| d.to_string()),
    }
}

/// One step of the golden thread.
#[derive(Serialize)]
pub struct ThreadStep<'a> {
    #[serde(flatten)]
    pub link: PageLink<'a>,
    /// Titles of the outcomes this step serves or defines.
    pub outcomes: Vec<String>,
}

/// Children grouped by level.
#[derive(Serialize)]
pub struct ChildGroup<'a> {
    pub level: Option<LevelView<'a>>,
    pub items: Vec<PageLink<'a>>,
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
    pub tags: &'a [String],
    pub themes: &'a [String],
    pub cadence: Option<&'a str>,
    pub last_reviewed: Option<String>,
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
fn number(n: f64) -> serde_json::Value {
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
    pub outcomes: Vec<&'a Outcome>,
    pub breadcrumbs: Vec<PageLink<'a>>,
    pub thread: Vec<ThreadStep<'a>>,
    pub children: Vec<ChildGroup<'a>>,
    pub rollup: Rollup,
    pub contributes_to: Vec<PageLink<'a>>,
    pub depends_on: Vec<PageLink<'a>>,
    pub prev: Option<PageLink<'a>>,
    pub next: Option<PageLink<'a>>,
    pub level_prev: Option<PageLink<'a>>,
    pub level_next: Option<PageLink<'a>>,
    pub backlinks: Vec<PageLink<'a>>,
    /// Health findings about this page (review overdue, missing goal ...).
    pub findings: Vec<&'a Diagnostic>,
    /// For sections: the pages in the folder, then its sub-folders.
    pub pages: Vec<PageLink<'a>>,
    pub subsections: Vec<PageLink<'a>>,
}

fn outcome_titles(data: &SiteData<'_>, id: PageId) -> Vec<String> {
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

/// The view of one content page; `content` is its rendered body.
pub fn page_view<'a>(data: &SiteData<'a>, id: PageId, content: &'a str) -> PageView<'a> {
    let page: &'a Page = data.library.page(id);
    let config = data.config;
    let rendered = &data.rendered[id.0 as usize];
    let fm = &page.fm;
    let level = data.planning.level_of(id);
    let links = |ids: &[PageId]| ids.iter().map(|p| data.link(*p)).collect::<Vec<_>>();

    let mut breadcrumbs: Vec<PageLink> = data
        .library
        .ancestors(id)
        .into_iter()
        .map(|s| data.link(data.library.section(s).index))
        .collect();
    if let PageKind::Section(_) = page.kind {
        breadcrumbs.retain(|b| b.url != data.href(id));
    }

    let mut children: Vec<ChildGroup> = Vec::new();
    for child in data.planning.children_of(id) {
        let child_level = data.planning.level_of(*child);
        match children
            .iter_mut()
            .find(|g| g.level.as_ref().map(|l| l.number - 1) == child_level)
        {
            Some(group) => group.items.push(data.link(*child)),
            None => children.push(ChildGroup {
                level: data.level(*child),
                items: vec![data.link(*child)],
            }),
        }
    }
    children.sort_by_key(|g| g.level.as_ref().map_or(usize::MAX, |l| l.number));

    let (prev, next) = match page.section.filter(|_| !page.is_section()) {
        Some(s) => {
            let siblings = &data.library.section(s).pages;
            let pos = data.addresses.section_position[id.0 as usize];
            (
                pos.and_then(|i| i.checked_sub(1))
                    .map(|i| data.link(siblings[i])),
                pos.and_then(|i| siblings.get(i + 1)).map(|p| data.link(*p)),
            )
        }
        None => (None, None),
    };
    let (level_prev, level_next) = data.planning.level_neighbours(id);
    let (pages, subsections) = match page.kind {
        PageKind::Section(s) => {
            // Plans that serve this section are listed under "what serves this".
            let listed = |p: &PageId| data.planning.parent[p.0 as usize] != Some(id);
            let section = data.library.section(s);
            let subsections: Vec<PageId> = section
                .subsections
                .iter()
                .map(|sub| data.library.section(*sub).index)
                .collect();
            (
                section
                    .pages
                    .iter()
                    .copied()
                    .filter(listed)
                    .map(|p| data.link(p))
                    .collect(),
                subsections
                    .into_iter()
                    .filter(listed)
                    .map(|p| data.link(p))
                    .collect(),
            )
        }
        _ => (Vec::new(), Vec::new()),
    };

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
        toc: &rendered.toc,
        level: data.level(id),
        meta: Meta {
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
            cadence: level.map(|l| config.levels[l].cadence.as_str()),
            last_reviewed: fm.last_reviewed.map(|d| d.to_string()),
            capacity: fm.capacity.map(|c| CapacityView {
                available: number(c.available),
                committed: number(c.committed),
            }),
            remaining: fm.remaining.map(number),
        },
        outcomes: fm
            .outcomes
            .iter()
            .flatten()
            .filter_map(|e| match e {
                OutcomeEntry::Defined(o) => Some(o.as_ref()),
                OutcomeEntry::Ref(_) => None,
            })
            .collect(),
        breadcrumbs,
        thread: data
            .planning
            .thread(id)
            .into_iter()
            .map(|p| ThreadStep {
                link: data.link(p),
                outcomes: outcome_titles(data, p),
            })
            .collect(),
        children,
        rollup: rollup(data.library, data.planning, id),
        contributes_to: links(&data.planning.contributes_to[id.0 as usize]),
        depends_on: links(&data.planning.depends_on[id.0 as usize]),
        prev,
        next,
        level_prev: level_prev.map(|p| data.link(p)),
        level_next: level_next.map(|p| data.link(p)),
        backlinks: links(&data.backlinks[id.0 as usize]),
        findings: data.page_findings[id.0 as usize]
            .iter()
            .map(|i| &data.diagnostics[*i])
            .collect(),
        pages,
        subsections,
    }
}
