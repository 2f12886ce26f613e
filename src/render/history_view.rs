//! What templates see of the plan's history: a page's last update and
//! change list, the weekly "what changed" pages, the Atom feed of changes,
//! and each level's predictability.

use super::ownership::{Holder, names};
use super::views::{LevelView, PageLink, SiteData};
use crate::content::PageId;
use crate::dates::Date;
use crate::git::Commit;
use crate::history::PlanValues;
use crate::history::changes::{self, Change, Logged};
use crate::history::slip::{PlanRecord, Predictability};
use chrono::Datelike;
use serde::Serialize;

/// How many revisions a page lists; older ones are counted.
const PAGE_REVISIONS: usize = 8;
/// How many entries the Atom feed carries.
const FEED_ENTRIES: usize = 50;

/// A commit as pages show it.
#[derive(Serialize)]
pub struct CommitView<'a> {
    pub id: &'a str,
    pub short: &'a str,
    pub date: String,
    pub author: &'a str,
    pub subject: &'a str,
    /// `{repo_url}/commit/{id}` when `repo_url` is set.
    pub url: Option<String>,
}

/// One commit's changes to a plan, in words.
#[derive(Serialize)]
pub struct RevisionView<'a> {
    pub commit: CommitView<'a>,
    pub changes: Vec<String>,
}

/// A page's history: `page.history`.
#[derive(Serialize)]
pub struct PageHistory<'a> {
    pub last_updated: CommitView<'a>,
    /// Newest first, at most a few.
    pub revisions: Vec<RevisionView<'a>>,
    /// Older revisions not listed.
    pub more: usize,
    /// Days the end moved since first committed to (negative: earlier).
    pub slip: Option<i64>,
    pub first_end: Option<String>,
}

impl<'a> SiteData<'a> {
    /// When a page last changed: its last commit, else its frontmatter's
    /// `lastmod` (`last_update`, `updated`) as other generators write it.
    pub fn last_updated(&self, id: PageId) -> Option<Date> {
        let page = self.library.page(id);
        let commit = self
            .history
            .file(&page.source)
            .and_then(|f| f.versions.last());
        commit
            .map(|v| self.history.commits[v.commit].date)
            .or(page.fm.lastmod)
    }

    pub fn commit_view(&self, commit: &'a Commit) -> CommitView<'a> {
        CommitView {
            id: &commit.id,
            short: &commit.id[..commit.id.len().min(7)],
            date: commit.date.to_string(),
            author: &commit.author,
            subject: &commit.subject,
            url: self
                .config
                .repo_url
                .as_ref()
                .map(|repo| format!("{repo}/commit/{}", commit.id)),
        }
    }
}

/// The history of one page, if git knows it.
pub fn page_history<'a>(data: &SiteData<'a>, id: PageId) -> Option<PageHistory<'a>> {
    let page = data.library.page(id);
    let file = data.history.file(&page.source)?;
    let last = file.versions.last()?;
    let current = PlanValues::of(&page.fm);
    let mut revisions = if data.planning.level_of(id).is_some() {
        changes::revisions(file, &current)
    } else {
        Vec::new()
    };
    // A plan never changed since it was added: "last updated" says it all.
    if let [only] = &revisions[..]
        && only.changes == [Change::Added]
    {
        revisions.clear();
    }
    let more = revisions.len().saturating_sub(PAGE_REVISIONS);
    revisions.truncate(PAGE_REVISIONS);
    let record: Option<PlanRecord> = data.slips.record(id);
    Some(PageHistory {
        last_updated: data.commit_view(&data.history.commits[last.commit]),
        revisions: revisions
            .into_iter()
            .map(|r| RevisionView {
                commit: data.commit_view(&data.history.commits[r.commit]),
                changes: r.changes.iter().map(Change::text).collect(),
            })
            .collect(),
        more,
        slip: record.map(|r| r.slip),
        first_end: record.map(|r| r.first_end.to_string()),
    })
}

/// What a week's changes add up to.
#[derive(Serialize, Default)]
pub struct WeekCounts {
    pub added: usize,
    pub done: usize,
    pub dropped: usize,
    pub slipped: usize,
    /// Days all slips in the week add up to.
    pub slip_days: i64,
    pub pulled_in: usize,
    pub reparented: usize,
    pub outcomes: usize,
}

impl WeekCounts {
    fn count(&mut self, change: &Change) {
        use crate::content::frontmatter::Status;
        match change {
            Change::Added => self.added += 1,
            Change::Status {
                to: Some(Status::Done),
                ..
            } => self.done += 1,
            Change::Status {
                to: Some(Status::Dropped),
                ..
            } => self.dropped += 1,
            Change::Parent { .. } => self.reparented += 1,
            Change::Outcome { .. } => self.outcomes += 1,
            _ => match change.end_days() {
                Some(days) if days > 0 => {
                    self.slipped += 1;
                    self.slip_days += days;
                }
                Some(days) if days < 0 => self.pulled_in += 1,
                _ => {}
            },
        }
    }
}

/// One plan's changes in one commit.
#[derive(Serialize)]
pub struct ChangeEntry<'a> {
    pub page: PageLink<'a>,
    pub commit: CommitView<'a>,
    pub changes: Vec<String>,
}

/// The changes of one week, Monday to Sunday.
#[derive(Serialize)]
pub struct Week<'a> {
    pub start: String,
    pub end: String,
    pub counts: WeekCounts,
    pub entries: Vec<ChangeEntry<'a>>,
}

/// Whose changes a "what changed" page shows.
pub enum ChangeFilter {
    All,
    Level(usize),
    Team(String),
}

/// The "what changed" page of the site, of one level or of one team.
#[derive(Serialize)]
pub struct ChangesPage<'a> {
    /// The level shown, if one is.
    pub level: Option<LevelView<'a>>,
    /// The team shown, if one is.
    pub team: Option<String>,
    /// Every level, for the filter links.
    pub levels: Vec<LevelView<'a>>,
    /// Every team (`name`, `url`), for the filter links.
    pub teams: Vec<TeamLink>,
    /// Why there is no history, when there is none.
    pub unavailable: Option<&'static str>,
    pub weeks: Vec<Week<'a>>,
}

/// A link to a team's "what changed" page.
#[derive(Serialize)]
pub struct TeamLink {
    pub name: String,
    pub url: String,
}

/// The weekly changes, newest week first, that `filter` picks.
pub fn changes_page<'a>(data: &SiteData<'a>, filter: &ChangeFilter) -> ChangesPage<'a> {
    let mut weeks: Vec<Week> = Vec::new();
    for logged in selected(data, filter) {
        let commit = &data.history.commits[logged.revision.commit];
        let monday =
            commit.date - chrono::Days::new(commit.date.weekday().num_days_from_monday().into());
        let start = monday.to_string();
        if weeks.last().is_none_or(|w| w.start != start) {
            weeks.push(Week {
                start,
                end: (monday + chrono::Days::new(6)).to_string(),
                counts: WeekCounts::default(),
                entries: Vec::new(),
            });
        }
        let week = weeks.last_mut().expect("a week was just pushed");
        logged
            .revision
            .changes
            .iter()
            .for_each(|c| week.counts.count(c));
        week.entries.push(entry(data, logged));
    }
    ChangesPage {
        level: match filter {
            ChangeFilter::Level(l) => Some(data.level_view(*l)),
            _ => None,
        },
        team: match filter {
            ChangeFilter::Team(team) => Some(team.clone()),
            _ => None,
        },
        levels: (0..data.config.levels.len())
            .map(|l| data.level_view(l))
            .collect(),
        teams: names(data.library, Holder::Team)
            .into_iter()
            .map(|name| TeamLink {
                url: crate::urls::href(data.config.base_path(), &changes_path(&name)),
                name,
            })
            .collect(),
        unavailable: data.history.unavailable.as_ref().map(|u| u.0),
        weeks,
    }
}

/// `/changes/team/platform/`.
pub fn changes_path(team: &str) -> String {
    format!("/changes{}", Holder::Team.path(team))
}

fn selected<'a, 'b>(
    data: &'b SiteData<'a>,
    filter: &'b ChangeFilter,
) -> impl Iterator<Item = &'a Logged> + 'b {
    data.changes.iter().filter(move |l| match filter {
        ChangeFilter::All => true,
        ChangeFilter::Level(level) => data.planning.level_of(l.page) == Some(*level),
        ChangeFilter::Team(team) => {
            Holder::Team.of(&data.library.page(l.page).fm) == Some(team.as_str())
        }
    })
}

fn entry<'a>(data: &SiteData<'a>, logged: &'a Logged) -> ChangeEntry<'a> {
    ChangeEntry {
        page: data.item(logged.page),
        commit: data.commit_view(&data.history.commits[logged.revision.commit]),
        changes: logged.revision.changes.iter().map(Change::text).collect(),
    }
}

/// The Atom feed of changes: the newest entries of every level.
#[derive(Serialize)]
pub struct Feed<'a> {
    pub id: String,
    pub updated: String,
    pub entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
pub struct FeedEntry<'a> {
    /// Unique and stable, wherever the site is published: the commit and
    /// the page's address.
    pub id: String,
    pub permalink: String,
    pub updated: String,
    #[serde(flatten)]
    pub entry: ChangeEntry<'a>,
}

pub fn feed<'a>(data: &SiteData<'a>, path: &str) -> Feed<'a> {
    let timestamp = |date: Date| format!("{date}T00:00:00Z");
    let entries: Vec<FeedEntry> = selected(data, &ChangeFilter::All)
        .take(FEED_ENTRIES)
        .map(|logged| {
            let commit = &data.history.commits[logged.revision.commit];
            let permalink = data.config.permalink(&data.library.page(logged.page).url);
            FeedEntry {
                id: format!(
                    "urn:strata:change:{}:{}",
                    commit.id,
                    data.library.page(logged.page).url
                ),
                permalink,
                updated: timestamp(commit.date),
                entry: entry(data, logged),
            }
        })
        .collect();
    let feed_url = data.config.permalink(path);
    Feed {
        // Atom ids are absolute: a site without a full `base_url` has none.
        id: if feed_url.contains("://") {
            feed_url
        } else {
            "urn:strata:changes".into()
        },
        updated: entries
            .first()
            .map_or_else(|| timestamp(data.today), |e| e.updated.clone()),
        entries,
    }
}

/// A level's predictability, for the level index and /health/.
#[derive(Serialize)]
pub struct LevelPredictability<'a> {
    pub level: LevelView<'a>,
    #[serde(flatten)]
    pub predictability: &'a Predictability,
}

/// Every level's predictability; none without history.
pub fn predictability<'a>(data: &SiteData<'a>) -> Vec<LevelPredictability<'a>> {
    if data.history.unavailable.is_some() {
        return Vec::new();
    }
    data.slips
        .levels
        .iter()
        .enumerate()
        .map(|(i, p)| LevelPredictability {
            level: data.level_view(i),
            predictability: p,
        })
        .collect()
}
