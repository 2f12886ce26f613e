//! Strategic theme pages: one per theme with the work serving it at every
//! level, and the coverage view, the share of active work per theme.

use super::views::{LevelView, PageLink, SiteData};
use crate::content::frontmatter::Status;
use crate::planning::themes::{Theme, themes};
use crate::urls;
use serde::Serialize;

/// Plans listed per level on a theme's page; the count says the rest.
const PER_LEVEL: usize = 100;

pub fn theme_path(id: &str) -> String {
    format!("/theme/{}/", urls::slug(id))
}

#[derive(Serialize)]
pub struct ThemeSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub url: String,
    pub plans: usize,
    pub active: usize,
    /// Share of all active plans, in whole percent.
    pub share: u32,
}

#[derive(Serialize)]
pub struct Coverage {
    pub themes: Vec<ThemeSummary>,
    /// Active plans in all, and those serving no theme.
    pub active: usize,
    pub without_theme: usize,
    pub without_share: u32,
}

#[derive(Serialize)]
pub struct ThemePage<'a> {
    pub theme: ThemeSummary,
    pub levels: Vec<ThemeLevel<'a>>,
}

#[derive(Serialize)]
pub struct ThemeLevel<'a> {
    pub level: LevelView<'a>,
    pub count: usize,
    pub items: Vec<PageLink<'a>>,
}

fn percent(part: usize, whole: usize) -> u32 {
    ((part * 100) as f64 / whole.max(1) as f64).round() as u32
}

/// Active plans at any level, and how many name no theme.
fn active_counts(data: &SiteData<'_>) -> (usize, usize) {
    let mut active = 0;
    let mut without = 0;
    for id in data.planning.by_level.iter().flatten() {
        let fm = &data.library.page(*id).fm;
        if fm.status == Some(Status::Active) {
            active += 1;
            if fm.themes.as_ref().is_none_or(|t| t.is_empty()) {
                without += 1;
            }
        }
    }
    (active, without)
}

fn summary(data: &SiteData<'_>, theme: &Theme, all_active: usize) -> ThemeSummary {
    ThemeSummary {
        id: theme.id.clone(),
        name: theme.name.clone(),
        description: theme.description.clone(),
        url: urls::href(data.config.base_path(), &theme_path(&theme.id)),
        plans: theme.plans.len(),
        active: theme.active,
        share: percent(theme.active, all_active),
    }
}

pub fn coverage(data: &SiteData<'_>) -> Coverage {
    let (active, without_theme) = active_counts(data);
    Coverage {
        themes: themes(data.library, data.config)
            .iter()
            .map(|t| summary(data, t, active))
            .collect(),
        active,
        without_theme,
        without_share: percent(without_theme, active),
    }
}

/// The page of the theme with this id (its path was made from the list).
pub fn theme_page<'a>(data: &SiteData<'a>, id: &str) -> Option<ThemePage<'a>> {
    let all = themes(data.library, data.config);
    let theme = all.iter().find(|t| t.id == id)?;
    let (active, _) = active_counts(data);
    let levels = (0..data.config.levels.len())
        .filter_map(|level| {
            let ids: Vec<_> = theme
                .plans
                .iter()
                .filter(|p| data.planning.level_of(**p) == Some(level))
                .collect();
            (!ids.is_empty()).then(|| ThemeLevel {
                level: data.level_view(level),
                count: ids.len(),
                items: ids.iter().take(PER_LEVEL).map(|p| data.item(**p)).collect(),
            })
        })
        .collect();
    Some(ThemePage {
        theme: summary(data, theme, active),
        levels,
    })
}
