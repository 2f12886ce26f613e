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
use super::themes::{Coverage, ThemePage, coverage, theme_page, theme_path};
use super::timeline::{TimelinePage, timeline_page};
use super::views::{LevelView, PageLink, SiteData, level_path};
use crate::config::{Config, LevelDef};
use crate::content::{Library, PageId};
use crate::diagnostics::{Diagnostic, Kind};
use crate::export::{self, Export};
use crate::output::Sink;
use crate::urls;
use serde::Serialize;
use std::collections::HashMap;

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
    /// A level's index, one page of [`LEVEL_PAGE`] items (1-based).
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
    Dependencies,
    Pack,
    NotFound,
    Alias(PageId),
    /// Every content page and every generated page that is a folder.
    Sitemap,
    /// What changed, week by week: of one level, or of all.
    Changes(ChangeFilter),
    ChangesFeed,
}

impl GeneratedPage {
    /// A view of the plans, which a site without plans leaves out of its
    /// sitemap (the pages stay, so links to them work).
    fn is_planning_view(&self) -> bool {
        !matches!(
            self,
            GeneratedPage::Health
                | GeneratedPage::ContentProblems
                | GeneratedPage::Reference
                | GeneratedPage::NotFound
                | GeneratedPage::Alias(_)
                | GeneratedPage::Sitemap
        )
    }
}

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

#[derive(Serialize)]
pub struct LevelGroup<'a> {
    pub parent: Option<PageLink<'a>>,
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
    pub pager: Vec<PagerLink>,
    /// Positions of the first and last item shown, from 1.
    pub first: usize,
    pub last: usize,
}

/// One page of a long level index.
#[derive(Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// Items per page of a level index: a year of daily notes is many pages.
pub const LEVEL_PAGE: usize = 200;

/// `/levels/daily/` for the first page, `/levels/daily/page/2/` after.
fn level_page_path(key: &str, n: usize) -> String {
    match n {
        1 => level_path(key),
        n => format!("{}page/{n}/", level_path(key)),
    }
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
}

#[derive(Serialize)]
pub struct AlignmentMap<'a> {
    pub nodes: Vec<AlignmentNode<'a>>,
    pub counts: Vec<LevelSummary<'a>>,
    pub unaligned: Vec<PageLink<'a>>,
}

#[derive(Serialize)]
pub struct SitemapEntry {
    pub loc: String,
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
            "/dependencies/",
            "dependencies.html",
            GeneratedPage::Dependencies,
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
        for n in 2..=count.div_ceil(LEVEL_PAGE) {
            pages.push(page(
                level_page_path(&level.key, n),
                "level.html",
                GeneratedPage::Level(i, n),
            ));
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
    pages
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
            GeneratedPage::Dependencies => {
                GeneratedView::Dependencies(super::dependency_page::page(data))
            }
            GeneratedPage::Pack => GeneratedView::Pack(pack_page(data)),
            GeneratedPage::NotFound => GeneratedView::Empty {},
            GeneratedPage::Alias(id) => GeneratedView::Alias {
                target: data.href(*id).to_string(),
                permalink: config.permalink(&data.library.page(*id).url),
            },
            GeneratedPage::Changes(filter) => GeneratedView::Changes(changes_page(data, filter)),
            GeneratedPage::ChangesFeed => GeneratedView::Feed(feed(data, CHANGES_FEED)),
            GeneratedPage::Sitemap => {
                let planned = data.planning.has_plans();
                let generated: Vec<String> = reserved(&config.levels)
                    .into_iter()
                    .filter(|g| match &g.made {
                        Made::Page(_, page) => planned || !page.is_planning_view(),
                        Made::Export(_) => false,
                    })
                    .map(|g| g.path)
                    .collect();
                let pages = data.library.pages.iter().map(|p| &p.url);
                let entries = pages
                    .chain(generated.iter().filter(|path| path.ends_with('/')))
                    .map(|url| SitemapEntry {
                        loc: config.permalink(url),
                    })
                    .collect();
                GeneratedView::Sitemap(entries)
            }
        }
    }
}

/// One page of a level's index: its items grouped by parent.
fn level_page<'a>(data: &SiteData<'a>, i: usize, n: usize) -> LevelPage<'a> {
    let def = &data.config.levels[i];
    let planning = data.planning;
    let all = &planning.by_level[i];
    let pages = all.len().div_ceil(LEVEL_PAGE).max(1);
    let from = ((n - 1) * LEVEL_PAGE).min(all.len());
    let shown = &all[from..(from + LEVEL_PAGE).min(all.len())];
    // Groups in the order their first item comes.
    let mut groups: Vec<LevelGroup> = Vec::new();
    let mut group_of: HashMap<Option<PageId>, usize> = HashMap::new();
    for id in shown {
        let parent = planning.parent[id.0 as usize];
        let g = *group_of.entry(parent).or_insert_with(|| {
            groups.push(LevelGroup {
                parent: parent.map(|p| data.item(p)),
                items: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].items.push(data.item(*id));
    }
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
        pager: if pages > 1 {
            (1..=pages)
                .map(|number| PagerLink {
                    number,
                    url: urls::href(data.config.base_path(), &level_page_path(&def.key, number)),
                    current: number == n,
                })
                .collect()
        } else {
            Vec::new()
        },
        first: from + 1,
        last: from + shown.len(),
    }
}

fn alignment<'a>(data: &SiteData<'a>, counts: Vec<LevelSummary<'a>>) -> AlignmentMap<'a> {
    let planning = data.planning;
    let mut nodes = Vec::new();
    let leveled_children = |id: PageId| -> Vec<PageId> {
        planning
            .children_of(id)
            .iter()
            .copied()
            .filter(|c| planning.level_of(*c).is_some())
            .collect()
    };
    fn visit<'a>(
        data: &SiteData<'a>,
        id: PageId,
        depth: usize,
        nodes: &mut Vec<AlignmentNode<'a>>,
        children: &dyn Fn(PageId) -> Vec<PageId>,
    ) {
        let kids = children(id);
        nodes.push(AlignmentNode {
            link: data.item(id),
            depth,
            has_children: !kids.is_empty(),
            closes: 0,
        });
        for kid in &kids {
            visit(data, *kid, depth + 1, nodes, children);
        }
        if !kids.is_empty()
            && let Some(last) = nodes.last_mut()
        {
            last.closes += 1;
        }
    }
    let roots = planning.by_level.first().cloned().unwrap_or_default();
    for root in roots {
        visit(data, root, 0, &mut nodes, &leveled_children);
    }
    let unaligned = planning
        .by_level
        .iter()
        .flatten()
        .filter(|id| !planning.aligned[id.0 as usize])
        .map(|id| data.item(*id))
        .collect();
    AlignmentMap {
        nodes,
        counts,
        unaligned,
    }
}

#[derive(Serialize)]
pub struct FindingGroup<'a> {
    pub kind: Kind,
    pub findings: Vec<FindingView<'a>>,
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
    let total = groups.iter().map(|g| g.findings.len()).sum();
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

/// Findings grouped by kind, in the order given.
fn finding_groups<'a>(findings: Vec<&'a Diagnostic>, data: &SiteData<'a>) -> Vec<FindingGroup<'a>> {
    let mut groups: Vec<FindingGroup> = Vec::new();
    for d in findings {
        let view = FindingView::new(data, d);
        match groups.last_mut().filter(|g| g.kind == d.kind) {
            Some(group) => group.findings.push(view),
            None => groups.push(FindingGroup {
                kind: d.kind,
                findings: vec![view],
            }),
        }
    }
    groups
}
