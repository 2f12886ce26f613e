//! The view of `/blockers/`: today's blockers across teams.

use super::views::{PageLink, SiteData};
use crate::content::frontmatter::Blocker;
use crate::planning::{blockers, board::board_level};
use serde::Serialize;

/// One blocker, linked to the stand-up that lists it and the sprint it
/// holds up; `plan` is the plan that blocks, when the entry names one.
#[derive(Serialize)]
pub struct BlockerRow<'a> {
    pub sprint: PageLink<'a>,
    pub team: Option<&'a str>,
    pub daily: PageLink<'a>,
    pub date: String,
    pub text: Option<&'a str>,
    pub plan: Option<PageLink<'a>>,
}

#[derive(Serialize)]
pub struct BlockersPage<'a> {
    pub rows: Vec<BlockerRow<'a>>,
    pub today: String,
}

pub fn page<'a>(data: &SiteData<'a>) -> BlockersPage<'a> {
    let (library, planning) = (data.library, data.planning);
    let standups = board_level(data.config.levels.len())
        .map(|level| blockers::todays(library, planning, level, data.today))
        .unwrap_or_default();
    let mut rows = Vec::new();
    for standup in standups {
        let fm = &library.page(standup.daily).fm;
        let entries = fm.blockers.iter().flatten();
        let plans = &planning.blockers[standup.daily.0 as usize];
        for (entry, plan) in entries.zip(plans) {
            let text = match entry {
                Blocker::Text(text) => Some(text.as_str()),
                Blocker::Plan { text, .. } => text.as_deref(),
            };
            rows.push(BlockerRow {
                sprint: data.item(standup.sprint),
                team: library.page(standup.sprint).fm.team.as_deref(),
                daily: data.item(standup.daily),
                date: fm.date.map(|d| d.to_string()).unwrap_or_default(),
                text,
                plan: plan.map(|p| data.item(p)),
            });
        }
    }
    BlockersPage {
        rows,
        today: data.today.to_string(),
    }
}
