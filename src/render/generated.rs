//! Pages Strata makes from the planning graph rather than from a file:
//! level indexes, the alignment map, the roadmap timeline, the outcomes, the leadership pack, the 404 page, the sitemap,
//! alias redirects and the exports (`plan.json`, `plan.ics`, each level's `plans.csv`). They live at reserved URLs.

use super::Templates;
use super::finding_view::FindingView;
use super::health_summary::{
    LevelScore, SymptomView, by_urgency, content_problems, level_scores, symptom_views, weakest,
};
use super::history_view::{
    ChangeFilter, ChangesPage, Feed, LevelPredictability, changes_page, changes_path, feed,
    predictability,
};
use super::outcomes::{OutcomeRow, outcomes_page};
use super::ownership::{Holder, HolderPage, HoldersIndex, holder_page, holders_index};
use super::pack::{PackPage, pack_page};
use super::paging::{self, Pager};
use super::themes::{Coverage, ThemePage, coverage, theme_page, theme_path};
use super::timeline::{TimelinePage, timeline_page};
use super::views::{LevelView, PageLink, SiteData, level_path};
use crate::config::{Config, LevelDef};
use crate::content::{Library, PageId};
use crate::diagnostics::{Diagnostic, Kind};
use crate::export::{self, Export};
use crate::output::Sink;
use crate::urls;
use chrono::Datelike;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One generated file: its site path and how it is made. A page's view is
/// built only when it is rendered ([`Generated::render`]): the large ones
/// (a level of thousands of daily pages, the alignment map) need not all
/// exist at once.
pub struct Generated {
    pub path: String,
    made: Made,
}

enum Made {
    /// A page, by its template.
    Page(&'static str, GeneratedPage),
    /// A file in another format, written by code.
    Export(Export),
}

enum GeneratedPage {
    /// A level's index, one page of `paginate_by` items (from 1).
    Level(usize, usize),
    Levels,
    Alignment,
    Health,
    /// Problems with the content, for contributors.
    ContentProblems,
    Reference,
    Timeline,
    Outcomes,
    /// The themes with their coverage, and one theme by id.
    Themes,
    Theme(String),
    /// The teams and owners, and one of them by name.
    Holders,
    Holder(Holder, String),
    Blockers,
    /// The dependency map, and one page of `paginate_by` edges (from 1).
    Dependencies(usize),
    Pack,
    NotFound,
    Alias(PageId),
    /// Every content page and every generated page that is a folder.
    Sitemap,
    /// What changed, week by week: of one level, or of all.
    Changes(ChangeFilter),
    ChangesFeed,
    /// Beyond [`SITEMAP_LIMIT`] addresses: `sitemap.xml` lists the parts,
    /// `sitemap-<n>.xml` (from 1) each hold up to the limit.
    SitemapIndex(usize),
    SitemapPart(usize),
    /// Every finding of one kind, one page of `paginate_by` (from 1).
    HealthKind(Kind, usize),
    /// Plans that do not reach the top level, one page of `paginate_by`.
    Unaligned(usize),
}

impl GeneratedPage {
    /// A view of the plans, which a site without plans leaves out of its
    /// sitemap (the pages stay, so links to them work).
    fn is_planning_view(&self) -> bool {
        matches!(
            self,
            GeneratedPage::Level(..)
                | GeneratedPage::Levels
                | GeneratedPage::Alignment
                | GeneratedPage::Unaligned(_)
                | GeneratedPage::Timeline
                | GeneratedPage::Outcomes
                | GeneratedPage::Themes
                | GeneratedPage::Theme(_)
                | GeneratedPage::Holders
                | GeneratedPage::Holder(..)
                | GeneratedPage::Blockers
                | GeneratedPage::Dependencies(_)
                | GeneratedPage::Pack
                | GeneratedPage::Changes(_)
                | GeneratedPage::ChangesFeed
        )
    }
}

/// The most addresses one sitemap file may list (the sitemap protocol's).
pub const SITEMAP_LIMIT: usize = 50_000;

/// The view a generated page's template sees, as `view`.
#[derive(Serialize)]
#[serde(untagged)]
pub enum GeneratedView<'a> {
    Level(LevelPage<'a>),
    Levels(Vec<LevelSummary<'a>>),
    Alignment(AlignmentMap<'a>),
    Sitemap(Vec<SitemapEntry>),
    Alias { target: String, permalink: String },
    Health(HealthPage<'a>),
    Findings(Vec<FindingGroup<'a>>),
    Changes(ChangesPage<'a>),
    Feed(Feed<'a>),
    HealthKind(HealthKindPage<'a>),
    Unaligned(UnalignedPage<'a>),
    Reference(crate::schema::ReferencePage<'a>),
    Timeline(TimelinePage<'a>),
    Outcomes(Vec<OutcomeRow<'a>>),
    Themes(Coverage),
    Theme(ThemePage<'a>),
    Holders(HoldersIndex),
    Holder(HolderPage<'a>),
    Blockers(super::blockers::BlockersPage<'a>),
    Dependencies(super::dependency_page::DependencyPage<'a>),
    Pack(PackPage<'a>),
    Empty {},
}

/// The Atom feed of changes.
const CHANGES_FEED: &str = "/changes/atom.xml";

/// Site paths Strata generates; a content page there is a build error.
pub fn reserved_paths(levels: &[LevelDef]) -> Vec<String> {
    reserved(levels).into_iter().map(|g| g.path).collect()
}

/// Items of a level index under one heading: those serving one parent,
/// or, on a level long enough to be paged, those of one month.
#[derive(Serialize)]
pub struct LevelGroup<'a> {
    pub parent: Option<PageLink<'a>>,
    /// `2026-09` for a month's group; "undated" for plans without dates.
    pub period: Option<String>,
    pub items: Vec<PageLink<'a>>,
}

#[derive(Serialize)]
pub struct LevelPage<'a> {
    pub level: LevelView<'a>,
    pub purpose: &'a str,
    pub tools: &'a [String],
    pub who: &'a str,
    pub review_every: Option<String>,
    pub count: usize,
    /// The level's plans as CSV.
    pub csv: String,
    pub groups: Vec<LevelGroup<'a>>,
    /// How predictably the level delivers, from git history.
    pub predictability: Option<LevelPredictability<'a>>,
    /// The pages of a long level's index, when it has more than one.
    pub pager: Option<Pager>,
    /// On a paged level: each year and the page its first item is on.
    pub years: Vec<YearLink>,
}

/// Where a year starts in a paged level index.
#[derive(Serialize)]
pub struct YearLink {
    pub year: String,
    pub count: usize,
    pub url: String,
}

#[derive(Serialize)]
pub struct LevelSummary<'a> {
    pub level: LevelView<'a>,
    pub purpose: &'a str,
    pub count: usize,
}

/// One node of the alignment tree, flattened: the template opens a
/// `<details>` for nodes with children and closes `closes` of them after.
#[derive(Serialize)]
pub struct AlignmentNode<'a> {
    #[serde(flatten)]
    pub link: PageLink<'a>,
    pub depth: usize,
    pub has_children: bool,
    pub closes: usize,
    /// Plans below this one at levels the map does not list.
    pub folded: usize,
}

#[derive(Serialize)]
pub struct AlignmentMap<'a> {
    pub nodes: Vec<AlignmentNode<'a>>,
    pub counts: Vec<LevelSummary<'a>>,
    /// The first page of the unaligned plans, and how many there are.
    pub unaligned: Vec<PageLink<'a>>,
    pub unaligned_count: usize,
    /// Where all of them are listed, when there are more than a page.
    pub unaligned_url: Option<String>,
    /// The first level the map counts rather than lists, if any.
    pub folded_from: Option<LevelView<'a>>,
}

/// The alignment map lists at most this many plans per `paginate_by`
/// item: below that, whole levels from the lowest up are counted on
/// their parents instead of listed.
const MAP_PAGES: usize = 10;

#[derive(Serialize)]
pub struct SitemapEntry {
    pub loc: String,
    /// When a content page last changed (see [`SiteData::last_updated`]).
    pub lastmod: Option<String>,
}

/// The pages every site has, at reserved paths: one list, so the paths a
/// content page may not take and the pages rendered cannot drift apart.
fn reserved(levels: &[LevelDef]) -> Vec<Generated> {
    let page = |path: &str, template, page| Generated {
        path: path.to_string(),
        made: Made::Page(template, page),
    };
    let export = |path: String, export| Generated {
        path,
        made: Made::Export(export),
    };
    let mut pages: Vec<Generated> = levels
        .iter()
        .enumerate()
        .map(|(i, level)| {
            page(
                &level_path(&level.key),
                "level.html",
                GeneratedPage::Level(i, 1),
            )
        })
        .collect();
    pages.extend([
        page("/levels/", "levels.html", GeneratedPage::Levels),
        page("/alignment/", "alignment.html", GeneratedPage::Alignment),
        page("/health/", "health.html", GeneratedPage::Health),
        page(
            "/health/content/",
            "content_problems.html",
            GeneratedPage::ContentProblems,
        ),
        page("/timeline/", "timeline.html", GeneratedPage::Timeline),
        page("/outcomes/", "outcomes.html", GeneratedPage::Outcomes),
        page("/blockers/", "blockers.html", GeneratedPage::Blockers),
        page(
            super::dependency_page::PATH,
            "dependencies.html",
            GeneratedPage::Dependencies(1),
        ),
        page("/pack/", "pack.html", GeneratedPage::Pack),
        page("/404.html", "404.html", GeneratedPage::NotFound),
        page("/sitemap.xml", "sitemap.xml", GeneratedPage::Sitemap),
        page(
            "/changes/",
            "changes.html",
            GeneratedPage::Changes(ChangeFilter::All),
        ),
        page(CHANGES_FEED, "changes.xml", GeneratedPage::ChangesFeed),
        export(export::PLAN_PATH.into(), Export::Plan),
        export(export::PLAN_SCHEMA_PATH.into(), Export::PlanSchema),
        export(export::CALENDAR_PATH.into(), Export::Calendar),
    ]);
    pages.extend(levels.iter().enumerate().map(|(i, level)| {
        page(
            &format!("/changes/{}/", level.key),
            "changes.html",
            GeneratedPage::Changes(ChangeFilter::Level(i)),
        )
    }));
    pages.extend(
        levels
            .iter()
            .enumerate()
            .map(|(i, level)| export(export::level_csv_path(&level.key), Export::Level(i))),
    );
    pages
}

/// Pages whose addresses come from the plans — the themes, teams and
/// owners, their indexes, and the further pages of long level indexes —
/// and the frontmatter reference. A content page at the same address wins:
/// the generated one is left out, so a site with its own `content/team/`
/// or `content/reference/` keeps building.
pub fn from_plans(config: &Config, library: &Library) -> Vec<Generated> {
    let page = |path: String, template, page| Generated {
        path,
        made: Made::Page(template, page),
    };
    let mut pages = vec![
        page(
            "/reference/".into(),
            "reference.html",
            GeneratedPage::Reference,
        ),
        page("/theme/".into(), "themes.html", GeneratedPage::Themes),
        page("/team/".into(), "holders.html", GeneratedPage::Holders),
    ];
    for theme in crate::planning::themes::themes(library, config) {
        pages.push(page(
            theme_path(&theme.id),
            "theme.html",
            GeneratedPage::Theme(theme.id),
        ));
    }
    for holder in [Holder::Team, Holder::Owner] {
        for name in super::ownership::names(library, holder) {
            pages.push(page(
                holder.path(&name),
                "holder.html",
                GeneratedPage::Holder(holder, name),
            ));
        }
    }
    for team in super::ownership::names(library, Holder::Team) {
        pages.push(page(
            changes_path(&team),
            "changes.html",
            GeneratedPage::Changes(ChangeFilter::Team(team)),
        ));
    }
    for (i, level) in config.levels.iter().enumerate() {
        let count = library
            .pages
            .iter()
            .filter(|p| p.fm.level.as_deref() == Some(level.key.as_str()))
            .count();
        let further = paging::further_pages(&level_path(&level.key), count, config.paginate_by);
        for (n, path) in (2..).zip(further) {
            pages.push(page(path, "level.html", GeneratedPage::Level(i, n)));
        }
    }
    let mut seen = std::collections::HashSet::new();
    pages.retain(|g| library.by_url(&g.path).is_none() && seen.insert(g.path.clone()));
    pages
}

/// Every generated page of the site: the reserved ones, those made from
/// the plans, and the redirects of `aliases:`.
pub fn all(data: &SiteData<'_>) -> Vec<Generated> {
    let mut pages = reserved(&data.config.levels);
    pages.extend(from_plans(data.config, data.library));
    pages.extend(health_kind_pages(data));
    pages.extend(unaligned_pages(data));
    pages.extend(
        super::dependency_page::further_pages(data)
            .into_iter()
            .map(|(n, path)| Generated {
                path,
                made: Made::Page("dependencies.html", GeneratedPage::Dependencies(n)),
            }),
    );
    for id in data.library.page_ids() {
        // Invalid aliases were reported when the site loaded.
        for path in data
            .library
            .page(id)
            .fm
            .aliases
            .iter()
            .flatten()
            .filter_map(|a| urls::alias_path(a))
        {
            pages.push(Generated {
                path,
                made: Made::Page("alias.html", GeneratedPage::Alias(id)),
            });
        }
    }
    let urls = sitemap_urls(data, &pages).len();
    let parts = split_sitemap(&mut pages, urls, SITEMAP_LIMIT);
    pages.extend(parts);
    pages
}

/// Replaces the one sitemap by an index and its parts when `urls` are more
/// than `limit`.
fn split_sitemap(pages: &mut [Generated], urls: usize, limit: usize) -> Vec<Generated> {
    let parts = urls.div_ceil(limit);
    let Some(sitemap) = pages
        .iter_mut()
        .find(|g| matches!(g.made, Made::Page(_, GeneratedPage::Sitemap)))
    else {
        return Vec::new();
    };
    if parts < 2 {
        return Vec::new();
    }
    sitemap.made = Made::Page("sitemap_index.xml", GeneratedPage::SitemapIndex(parts));
    (1..=parts)
        .map(|n| Generated {
            path: format!("/sitemap-{n}.xml"),
            made: Made::Page("sitemap.xml", GeneratedPage::SitemapPart(n)),
        })
        .collect()
}

/// The address of every page the sitemap lists, in order: content pages,
/// the further pages of long sections, and the generated pages that are
/// folders (not redirects; no views of plans on a site without plans).
fn sitemap_urls(data: &SiteData<'_>, pages: &[Generated]) -> Vec<SitemapEntry> {
    let content = data
        .library
        .page_ids()
        .map(|id| (&*data.library.page(id).url, data.last_updated(id)));
    let sections = data
        .section_pages
        .iter()
        .map(|(_, _, path)| (path.as_str(), None));
    let planned = data.planning.has_plans();
    let generated = pages
        .iter()
        .filter(|g| {
            g.path.ends_with('/')
                && match &g.made {
                    Made::Page(_, GeneratedPage::Alias(_)) | Made::Export(_) => false,
                    Made::Page(_, page) => planned || !page.is_planning_view(),
                }
        })
        .map(|g| (g.path.as_str(), None));
    content
        .chain(sections)
        .chain(generated)
        .map(|(url, date)| SitemapEntry {
            loc: data.config.permalink(url),
            lastmod: date.map(|d| d.to_string()),
        })
        .collect()
}

impl Generated {
    /// Writes the file into `sink`: a page rendered by its template, an
    /// export streamed as its format's library writes it.
    pub fn write(
        &self,
        data: &SiteData<'_>,
        templates: &Templates,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let path = urls::output_file(&self.path);
        let written = match &self.made {
            Made::Export(export) => sink.write_from(&path, &mut |out| export.write_to(data, out)),
            Made::Page(template, page) => {
                let html = templates.render(template, &[("view", &page.view(data))], template)?;
                sink.write(&path, html.as_bytes())
            }
        };
        written.map_err(|e| Diagnostic::error(Kind::Output, path, format!("cannot write: {e}")))
    }
}

impl GeneratedPage {
    /// What the template sees as `view`.
    fn view<'a>(&self, data: &SiteData<'a>) -> GeneratedView<'a> {
        let config = data.config;
        let summaries = || -> Vec<LevelSummary<'a>> {
            (0..config.levels.len())
                .map(|i| LevelSummary {
                    level: data.level_view(i),
                    purpose: &config.levels[i].purpose,
                    count: data.planning.by_level[i].len(),
                })
                .collect()
        };
        match self {
            GeneratedPage::Level(i, n) => GeneratedView::Level(level_page(data, *i, *n)),
            GeneratedPage::Levels => GeneratedView::Levels(summaries()),
            GeneratedPage::Alignment => GeneratedView::Alignment(alignment(data, summaries())),
            GeneratedPage::Health => GeneratedView::Health(health_page(data)),
            GeneratedPage::ContentProblems => {
                GeneratedView::Findings(finding_groups(content_problems(data), data))
            }
            GeneratedPage::Reference => GeneratedView::Reference(crate::schema::reference(config)),
            GeneratedPage::Timeline => GeneratedView::Timeline(timeline_page(data)),
            GeneratedPage::Outcomes => GeneratedView::Outcomes(outcomes_page(data)),
            GeneratedPage::Themes => GeneratedView::Themes(coverage(data)),
            GeneratedPage::Theme(id) => match theme_page(data, id) {
                Some(page) => GeneratedView::Theme(page),
                None => GeneratedView::Empty {},
            },
            GeneratedPage::Holders => GeneratedView::Holders(holders_index(data)),
            GeneratedPage::Holder(holder, name) => {
                GeneratedView::Holder(holder_page(data, *holder, name))
            }
            GeneratedPage::Blockers => GeneratedView::Blockers(super::blockers::page(data)),
            GeneratedPage::Dependencies(n) => {
                GeneratedView::Dependencies(super::dependency_page::page(data, *n))
            }
            GeneratedPage::Pack => GeneratedView::Pack(pack_page(data)),
            GeneratedPage::NotFound => GeneratedView::Empty {},
            GeneratedPage::Alias(id) => GeneratedView::Alias {
                target: data.href(*id).to_string(),
                permalink: config.permalink(&data.library.page(*id).url),
            },
            GeneratedPage::Changes(filter) => GeneratedView::Changes(changes_page(data, filter)),
            GeneratedPage::ChangesFeed => GeneratedView::Feed(feed(data, CHANGES_FEED)),
            GeneratedPage::HealthKind(kind, n) => {
                GeneratedView::HealthKind(health_kind_page(data, *kind, *n))
            }
            GeneratedPage::Unaligned(n) => GeneratedView::Unaligned(unaligned_page(data, *n)),
            GeneratedPage::Sitemap => GeneratedView::Sitemap(sitemap_part(data, 1, usize::MAX)),
            GeneratedPage::SitemapPart(n) => {
                GeneratedView::Sitemap(sitemap_part(data, *n, SITEMAP_LIMIT))
            }
            GeneratedPage::SitemapIndex(parts) => GeneratedView::Sitemap(
                (1..=*parts)
                    .map(|n| SitemapEntry {
                        loc: config.permalink(&format!("/sitemap-{n}.xml")),
                        lastmod: None,
                    })
                    .collect(),
            ),
        }
    }
}

/// The `n`th part (from 1) of the sitemap, `limit` addresses each.
fn sitemap_part(data: &SiteData<'_>, n: usize, limit: usize) -> Vec<SitemapEntry> {
    let urls = sitemap_urls(data, &all(data));
    let from = (n - 1).saturating_mul(limit).min(urls.len());
    urls.into_iter().skip(from).take(limit).collect()
}

/// One page of a level's index: its items grouped by parent, or by month
/// when the level takes more than one page.
fn level_page<'a>(data: &SiteData<'a>, i: usize, n: usize) -> LevelPage<'a> {
    let def = &data.config.levels[i];
    let all = &data.planning.by_level[i];
    let per_page = data.config.paginate_by;
    let base = level_path(&def.key);
    let pager = paging::pager(data.config.base_path(), &base, all.len(), per_page, n);
    let shown = &all[paging::slice(all.len(), per_page, n)];
    let (groups, years) = if pager.is_some() {
        let years = year_links(data, all, &base);
        (month_groups(data, shown), years)
    } else {
        (parent_groups(data, shown), Vec::new())
    };
    LevelPage {
        level: data.level_view(i),
        purpose: &def.purpose,
        tools: &def.tools,
        who: &def.who,
        review_every: def.review_every.map(|r| r.to_string()),
        count: all.len(),
        csv: urls::href(data.config.base_path(), &export::level_csv_path(&def.key)),
        groups,
        predictability: predictability(data).into_iter().nth(i),
        pager,
        years,
    }
}

/// Items grouped by the plan they serve, in the order their first item comes.
fn parent_groups<'a>(data: &SiteData<'a>, shown: &[PageId]) -> Vec<LevelGroup<'a>> {
    let mut groups: Vec<LevelGroup> = Vec::new();
    let mut group_of: HashMap<Option<PageId>, usize> = HashMap::new();
    for id in shown {
        let parent = data.planning.parent[id.0 as usize];
        let g = *group_of.entry(parent).or_insert_with(|| {
            groups.push(LevelGroup {
                parent: parent.map(|p| data.item(p)),
                period: None,
                items: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].items.push(data.item(*id));
    }
    groups
}

/// The month a plan starts in (`2026-09`), or "undated".
fn month_of(data: &SiteData<'_>, id: PageId) -> String {
    match data.library.page(id).fm.span() {
        Some(span) => span.start.format("%Y-%m").to_string(),
        None => "undated".to_string(),
    }
}

/// Items grouped by the month they start in (levels are ordered by start).
fn month_groups<'a>(data: &SiteData<'a>, shown: &[PageId]) -> Vec<LevelGroup<'a>> {
    let mut groups: Vec<LevelGroup> = Vec::new();
    for id in shown {
        let month = month_of(data, *id);
        match groups
            .last_mut()
            .filter(|g| g.period.as_ref() == Some(&month))
        {
            Some(group) => group.items.push(data.item(*id)),
            None => groups.push(LevelGroup {
                parent: None,
                period: Some(month),
                items: vec![data.item(*id)],
            }),
        }
    }
    groups
}

/// Each year of a paged level, its count and the page where it starts.
/// Plans are ordered by start, undated last: each year's end is found by
/// bisection, so every page of a long level does not walk all of it.
fn year_links(data: &SiteData<'_>, all: &[PageId], base: &str) -> Vec<YearLink> {
    let start = |id: &PageId| data.library.page(*id).fm.span().map(|s| s.start.year());
    let mut years = Vec::new();
    let mut pos = 0;
    while pos < all.len() {
        let (year, end) = match start(&all[pos]) {
            Some(year) => {
                let rest = &all[pos..];
                (
                    year.to_string(),
                    pos + rest.partition_point(|id| start(id) == Some(year)),
                )
            }
            None => ("undated".to_string(), all.len()),
        };
        years.push(YearLink {
            year,
            count: end - pos,
            url: urls::href(
                data.config.base_path(),
                &paging::page_path(base, pos / data.config.paginate_by + 1),
            ),
        });
        pos = end;
    }
    years
}

fn alignment<'a>(data: &SiteData<'a>, counts: Vec<LevelSummary<'a>>) -> AlignmentMap<'a> {
    let planning = data.planning;
    let listed = listed_levels(data);
    let mut nodes = Vec::new();
    let roots = planning.by_level.first().cloned().unwrap_or_default();
    for root in roots {
        visit(data, listed, root, 0, &mut nodes);
    }
    let unaligned = unaligned_plans(data);
    let per_page = data.config.paginate_by;
    AlignmentMap {
        nodes,
        counts,
        unaligned: unaligned[paging::slice(unaligned.len(), per_page, 1)]
            .iter()
            .map(|id| data.item(*id))
            .collect(),
        unaligned_count: unaligned.len(),
        unaligned_url: (unaligned.len() > per_page)
            .then(|| urls::href(data.config.base_path(), UNALIGNED_PATH)),
        folded_from: (listed < planning.by_level.len()).then(|| data.level_view(listed)),
    }
}

/// Where the unaligned plans are listed in full, a page at a time.
const UNALIGNED_PATH: &str = "/alignment/unaligned/";

/// Plans that do not reach the top level through their parents, by level.
fn unaligned_plans(data: &SiteData<'_>) -> Vec<PageId> {
    let planning = data.planning;
    planning
        .by_level
        .iter()
        .flatten()
        .copied()
        .filter(|id| !planning.aligned[id.0 as usize])
        .collect()
}

/// The pages of the unaligned plans, when they are more than one page.
fn unaligned_pages(data: &SiteData<'_>) -> Vec<Generated> {
    let count = unaligned_plans(data).len();
    let per_page = data.config.paginate_by;
    if count <= per_page || data.library.by_url(UNALIGNED_PATH).is_some() {
        return Vec::new();
    }
    (1..=paging::page_count(count, per_page))
        .map(|n| Generated {
            path: paging::page_path(UNALIGNED_PATH, n),
            made: Made::Page("unaligned.html", GeneratedPage::Unaligned(n)),
        })
        .collect()
}

/// One page of the unaligned plans.
#[derive(Serialize)]
pub struct UnalignedPage<'a> {
    pub items: Vec<PageLink<'a>>,
    pub pager: Option<Pager>,
}

fn unaligned_page<'a>(data: &SiteData<'a>, n: usize) -> UnalignedPage<'a> {
    let all = unaligned_plans(data);
    let per_page = data.config.paginate_by;
    UnalignedPage {
        items: all[paging::slice(all.len(), per_page, n)]
            .iter()
            .map(|id| data.item(*id))
            .collect(),
        pager: paging::pager(
            data.config.base_path(),
            UNALIGNED_PATH,
            all.len(),
            per_page,
            n,
        ),
    }
}

/// How many levels, from the top, the alignment map lists: all of them
/// unless that is more than [`MAP_PAGES`] pages' worth of plans.
fn listed_levels(data: &SiteData<'_>) -> usize {
    let limit = MAP_PAGES * data.config.paginate_by;
    let by_level = &data.planning.by_level;
    let mut listed = by_level.len();
    while listed > 1 && by_level[..listed].iter().map(Vec::len).sum::<usize>() > limit {
        listed -= 1;
    }
    listed
}

/// Adds `id` and what serves it (at the `listed` levels) to `nodes`.
fn visit<'a>(
    data: &SiteData<'a>,
    listed: usize,
    id: PageId,
    depth: usize,
    nodes: &mut Vec<AlignmentNode<'a>>,
) {
    let planning = data.planning;
    let kids: Vec<PageId> = planning
        .children_of(id)
        .iter()
        .copied()
        .filter(|c| planning.level_of(*c).is_some_and(|l| l < listed))
        .collect();
    let folded = if kids.is_empty() {
        plans_below(data, id)
    } else {
        0
    };
    nodes.push(AlignmentNode {
        link: data.item(id),
        depth,
        has_children: !kids.is_empty(),
        closes: 0,
        folded,
    });
    for kid in &kids {
        visit(data, listed, *kid, depth + 1, nodes);
    }
    if !kids.is_empty()
        && let Some(last) = nodes.last_mut()
    {
        last.closes += 1;
    }
}

/// How many plans serve `id`, directly or further down.
fn plans_below(data: &SiteData<'_>, id: PageId) -> usize {
    let planning = data.planning;
    planning
        .children_of(id)
        .iter()
        .filter(|c| planning.level_of(**c).is_some())
        .map(|c| 1 + plans_below(data, *c))
        .sum()
}

/// Findings of one kind: how many, the first [`FINDINGS_SHOWN`], and
/// the kind's own page when there are more.
#[derive(Serialize)]
pub struct FindingGroup<'a> {
    pub kind: Kind,
    pub count: usize,
    pub findings: Vec<FindingView<'a>>,
    pub all_url: Option<String>,
}

/// Findings of each kind listed on `/health/` and `/health/content/`; the
/// rest are on the kind's own pages, so the health pages stay short
/// however large the plan.
pub const FINDINGS_SHOWN: usize = 10;

/// `/health/kind/review-overdue/`: every finding of one kind, paged.
fn health_kind_path(kind: Kind) -> String {
    format!("/health/kind/{}/", kind.name())
}

/// The pages of every kind with more findings than [`FINDINGS_SHOWN`].
fn health_kind_pages(data: &SiteData<'_>) -> Vec<Generated> {
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for d in data.diagnostics {
        *counts.entry(d.kind).or_default() += 1;
    }
    let mut pages = Vec::new();
    for (kind, count) in counts.into_iter().filter(|(_, c)| *c > FINDINGS_SHOWN) {
        let base = health_kind_path(kind);
        for n in 1..=paging::page_count(count, data.config.paginate_by) {
            pages.push(Generated {
                path: paging::page_path(&base, n),
                made: Made::Page("health_kind.html", GeneratedPage::HealthKind(kind, n)),
            });
        }
    }
    pages.retain(|g| data.library.by_url(&g.path).is_none());
    pages
}

/// One page of the findings of one kind.
#[derive(Serialize)]
pub struct HealthKindPage<'a> {
    pub kind: Kind,
    /// A planning finding (else a problem with the content).
    pub planning: bool,
    pub findings: Vec<FindingView<'a>>,
    pub pager: Option<Pager>,
}

fn health_kind_page<'a>(data: &SiteData<'a>, kind: Kind, n: usize) -> HealthKindPage<'a> {
    let all: Vec<&Diagnostic> = data.diagnostics.iter().filter(|d| d.kind == kind).collect();
    let per_page = data.config.paginate_by;
    let base = health_kind_path(kind);
    HealthKindPage {
        kind,
        planning: kind.is_planning(),
        findings: all[paging::slice(all.len(), per_page, n)]
            .iter()
            .map(|d| FindingView::new(data, d))
            .collect(),
        pager: paging::pager(data.config.base_path(), &base, all.len(), per_page, n),
    }
}

#[derive(Serialize)]
pub struct HealthPage<'a> {
    pub scores: Vec<LevelScore<'a>>,
    /// The level with the most problems, if any has one.
    pub weakest: Option<LevelScore<'a>>,
    pub symptoms: Vec<SymptomView<'a>>,
    /// Planning findings by kind, and how many there are.
    pub groups: Vec<FindingGroup<'a>>,
    pub total: usize,
    /// Problems with the content (broken links ...), listed for
    /// contributors on their own page.
    pub content_problems: usize,
    /// Each level's predictability, from git history.
    pub predictability: Vec<LevelPredictability<'a>>,
}

fn health_page<'a>(data: &SiteData<'a>) -> HealthPage<'a> {
    let scores = level_scores(data);
    let groups = finding_groups(by_urgency(data), data);
    let total = groups.iter().map(|g| g.count).sum();
    HealthPage {
        weakest: weakest(&scores),
        scores,
        symptoms: symptom_views(data),
        groups,
        total,
        content_problems: data.diagnostics.len() - total,
        predictability: predictability(data),
    }
}

/// Findings grouped by kind, in the order given; the first few of each.
fn finding_groups<'a>(findings: Vec<&'a Diagnostic>, data: &SiteData<'a>) -> Vec<FindingGroup<'a>> {
    let mut groups: Vec<FindingGroup> = Vec::new();
    for d in findings {
        let group = match groups.last_mut().filter(|g| g.kind == d.kind) {
            Some(group) => group,
            None => {
                groups.push(FindingGroup {
                    kind: d.kind,
                    count: 0,
                    findings: Vec::new(),
                    all_url: None,
                });
                groups.last_mut().expect("just pushed")
            }
        };
        group.count += 1;
        if group.findings.len() < FINDINGS_SHOWN {
            group.findings.push(FindingView::new(data, d));
        }
    }
    let total = |kind: Kind| data.diagnostics.iter().filter(|d| d.kind == kind).count();
    for group in &mut groups {
        if total(group.kind) > FINDINGS_SHOWN {
            group.all_url = Some(urls::href(
                data.config.base_path(),
                &health_kind_path(group.kind),
            ));
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_beyond_the_limit_becomes_an_index_of_parts() {
        let levels = Config::default().levels;
        let mut pages = reserved(&levels);
        assert!(
            split_sitemap(&mut pages, 3, 3).is_empty(),
            "3 fit in one file"
        );
        let parts = split_sitemap(&mut pages, 7, 3);
        let paths: Vec<&str> = parts.iter().map(|g| g.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"]
        );
        assert!(
            parts
                .iter()
                .all(|g| matches!(g.made, Made::Page("sitemap.xml", _)))
        );
        let index = pages.iter().find(|g| g.path == "/sitemap.xml").unwrap();
        assert!(matches!(
            index.made,
            Made::Page("sitemap_index.xml", GeneratedPage::SitemapIndex(3))
        ));
    }
}
