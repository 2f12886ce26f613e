//! Pages Strata makes from the planning graph rather than from a file:
//! level indexes, the alignment map, the 404 page, the sitemap and alias
//! redirects. They live at reserved URLs.

use super::finding_view::FindingView;
use super::history_view::{
    ChangesPage, Feed, LevelPredictability, changes_page, feed, predictability,
};
use super::views::{LevelView, PageLink, SiteData, level_path};
use crate::config::LevelDef;
use crate::content::PageId;
use crate::diagnostics::{Diagnostic, Kind, Subject};
use crate::urls;
use serde::Serialize;
use std::collections::HashMap;

/// One generated file: its site path and template. Its view is built only
/// when it is rendered ([`Generated::view`]): the large ones (a level of
/// thousands of daily pages, the alignment map) need not all exist at once.
pub struct Generated {
    pub path: String,
    pub template: &'static str,
    page: GeneratedPage,
}

enum GeneratedPage {
    Level(usize),
    Levels,
    Alignment,
    Health,
    /// Problems with the content, for contributors.
    ContentProblems,
    NotFound,
    Alias(PageId),
    /// Every content page and every generated page that is a folder.
    Sitemap,
    /// What changed, week by week: of one level, or of all.
    Changes(Option<usize>),
    ChangesFeed,
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
    pub groups: Vec<LevelGroup<'a>>,
    /// How predictably the level delivers, from git history.
    pub predictability: Option<LevelPredictability<'a>>,
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
        template,
        page,
    };
    let mut pages: Vec<Generated> = levels
        .iter()
        .enumerate()
        .map(|(i, level)| {
            page(
                &level_path(&level.key),
                "level.html",
                GeneratedPage::Level(i),
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
        page("/404.html", "404.html", GeneratedPage::NotFound),
        page("/sitemap.xml", "sitemap.xml", GeneratedPage::Sitemap),
        page("/changes/", "changes.html", GeneratedPage::Changes(None)),
        page(CHANGES_FEED, "changes.xml", GeneratedPage::ChangesFeed),
    ]);
    pages.extend(levels.iter().enumerate().map(|(i, level)| {
        page(
            &format!("/changes/{}/", level.key),
            "changes.html",
            GeneratedPage::Changes(Some(i)),
        )
    }));
    pages
}

/// Every generated page of the site: the reserved ones and the redirects
/// of `aliases:`.
pub fn all(data: &SiteData<'_>) -> Vec<Generated> {
    let mut pages = reserved(&data.config.levels);
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
                template: "alias.html",
                page: GeneratedPage::Alias(id),
            });
        }
    }
    pages
}

impl Generated {
    /// What the template sees as `view`.
    pub fn view<'a>(&self, data: &SiteData<'a>) -> GeneratedView<'a> {
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
        match &self.page {
            GeneratedPage::Level(i) => GeneratedView::Level(level_page(data, *i)),
            GeneratedPage::Levels => GeneratedView::Levels(summaries()),
            GeneratedPage::Alignment => GeneratedView::Alignment(alignment(data, summaries())),
            GeneratedPage::Health => GeneratedView::Health(health_page(data)),
            GeneratedPage::ContentProblems => {
                GeneratedView::Findings(finding_groups(data, |kind| !kind.is_planning()))
            }
            GeneratedPage::NotFound => GeneratedView::Empty {},
            GeneratedPage::Alias(id) => GeneratedView::Alias {
                target: data.href(*id).to_string(),
                permalink: config.permalink(&data.library.page(*id).url),
            },
            GeneratedPage::Changes(level) => GeneratedView::Changes(changes_page(data, *level)),
            GeneratedPage::ChangesFeed => GeneratedView::Feed(feed(data, CHANGES_FEED)),
            GeneratedPage::Sitemap => {
                let generated = reserved_paths(&config.levels);
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

/// A level's index: its items grouped by parent.
fn level_page<'a>(data: &SiteData<'a>, i: usize) -> LevelPage<'a> {
    let def = &data.config.levels[i];
    let planning = data.planning;
    // Groups in the order their first item comes.
    let mut groups: Vec<LevelGroup> = Vec::new();
    let mut group_of: HashMap<Option<PageId>, usize> = HashMap::new();
    for id in &planning.by_level[i] {
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
        count: planning.by_level[i].len(),
        groups,
        predictability: predictability(data).into_iter().nth(i),
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
    let config = data.config;
    let planning = data.planning;
    // A level's findings: those about its pages, and those about itself.
    let missing = |i: usize| {
        data.diagnostics
            .iter()
            .filter(|d| d.subject == Subject::Level(i))
            .count()
    };
    let score = |i: usize| -> LevelScore<'a> {
        let items = planning.by_level[i].len();
        let findings = missing(i)
            + planning.by_level[i]
                .iter()
                .map(|id| data.page_findings[id.0 as usize].len())
                .sum::<usize>();
        let clean = planning.by_level[i]
            .iter()
            .filter(|id| data.page_findings[id.0 as usize].is_empty())
            .count();
        LevelScore {
            level: data.level_view(i),
            items,
            findings,
            score: (clean * 100).checked_div(items).unwrap_or(0),
            advice: &config.levels[i].advice,
        }
    };
    let scores: Vec<LevelScore> = (0..config.levels.len()).map(score).collect();
    let weakest = (0..config.levels.len())
        .filter(|i| scores[*i].findings > 0)
        .min_by_key(|i| {
            // An empty level is the widest gap; then the lowest share of clear items.
            let s = &scores[*i];
            (s.items > 0, s.score, std::cmp::Reverse(s.findings))
        })
        .map(|i| scores[i].clone());
    let groups = finding_groups(data, Kind::is_planning);
    let total = groups.iter().map(|g| g.findings.len()).sum();
    HealthPage {
        scores,
        weakest,
        groups,
        total,
        content_problems: data.diagnostics.len() - total,
        predictability: predictability(data),
    }
}

/// The findings of the kinds `wanted` picks, grouped by kind: errors first,
/// then kinds in report order.
fn finding_groups<'a>(data: &SiteData<'a>, wanted: fn(Kind) -> bool) -> Vec<FindingGroup<'a>> {
    let mut sorted: Vec<&Diagnostic> = data.diagnostics.iter().filter(|d| wanted(d.kind)).collect();
    sorted.sort_by_key(|d| (d.severity, d.kind));
    let mut groups: Vec<FindingGroup> = Vec::new();
    for d in sorted {
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
