//! Borrow-only structs that templates see. Documented in the README's
//! "Template variables" section; keep the two in step.

use crate::config::{Config, LevelDef};
use crate::content::frontmatter::{Health, Status};
use crate::content::{Library, Page, PageId};
use crate::dates::Date;
use crate::diagnostics::{Diagnostic, Severity};
use crate::history::History;
use crate::history::changes::Logged;
use crate::history::slip::Slips;
use crate::markdown::{Rendered, Tasks};
use crate::planning::Planning;
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
    /// Whether any page has a level: a site without plans shows no
    /// planning navigation.
    pub planned: bool,
    /// Whether the site has a search index (`search:` in strata.yaml).
    pub search: bool,
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
    /// Each page's href where it is not its URL as it is (under a base
    /// path, or with characters to escape): most pages keep none.
    hrefs: Vec<Option<Box<str>>>,
    periods: Vec<Option<Box<str>>>,
    level_hrefs: Vec<String>,
    /// Each page's position among the pages of its section.
    pub section_position: Vec<Option<usize>>,
}

impl Addresses {
    pub fn new(config: &Config, library: &Library) -> Addresses {
        let base = config.base_path();
        Addresses {
            hrefs: library
                .pages
                .iter()
                .map(|p| {
                    let href = urls::href(base, &p.url);
                    (href != *p.url).then(|| href.into())
                })
                .collect(),
            periods: (library.pages.iter())
                .map(|p| period_text(p).map(String::into_boxed_str))
                .collect(),
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
    /// Its task-list items, `done` of `total`, if it has any (none keeps
    /// the long lists of generated pages small).
    pub tasks: Option<Tasks>,
    /// The page's findings at a glance; left out when it has none (most
    /// links of a healthy plan), so templates test `if item.flag`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<Flag>,
}

/// How many findings a page has and the worst of them.
#[derive(Serialize, Clone, Copy)]
pub struct Flag {
    pub severity: Severity,
    pub count: usize,
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
    /// The plan's history from git, what it says about slips, and the
    /// changes the "what changed" pages list.
    pub history: &'a History,
    pub slips: &'a Slips,
    pub changes: &'a [Logged],
    /// The date plans are placed against (`--today`).
    pub today: Date,
    /// Pages 2 and after of long sections' lists: section, number, path.
    pub section_pages: &'a [(PageId, usize, String)],
}

impl<'a> SiteData<'a> {
    pub fn href(&self, id: PageId) -> &'a str {
        (self.addresses.hrefs[id.0 as usize].as_deref()).unwrap_or(&self.library.page(id).url)
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

    /// The page's task-list items.
    pub fn tasks(&self, id: PageId) -> Tasks {
        self.rendered[id.0 as usize].tasks
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
            title: page.fm.link_title.as_deref().unwrap_or(&page.title),
            url: self.href(id),
            summary: self.summary(id),
            level: self.level(id),
            status: page.fm.status,
            health: page.fm.health,
            owner: page.fm.owner.as_deref(),
            period: self.addresses.periods[id.0 as usize].as_deref(),
            goal: page.fm.goal.as_deref(),
            is_section: page.is_section(),
            flag: self.flag(id),
            tasks: Some(self.tasks(id)).filter(|t| t.total > 0),
        }
    }

    /// The flag of a page with findings.
    pub fn flag(&self, id: PageId) -> Option<Flag> {
        let found = &self.page_findings[id.0 as usize];
        let severity = found.iter().map(|i| self.diagnostics[*i].severity).min()?;
        Some(Flag {
            severity,
            count: found.len(),
        })
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
        return Some(text.to_string());
    }
    match (fm.start, fm.end) {
        (Some(s), Some(e)) => Some(format!("{s} – {e}")),
        (Some(s), None) => Some(format!("from {s}")),
        (None, Some(e)) => Some(format!("until {e}")),
        (None, None) => fm.date.map(|d| d.to_string()),
    }
}
