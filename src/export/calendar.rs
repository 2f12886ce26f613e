//! `plan.ics`: the plan in any calendar. Plans of the timeline's levels
//! are all-day events over their period, or milestones on their single
//! day; every plan with `last_reviewed:` and a review interval has its
//! review due as an all-day event.
//!
//! UIDs come from the plan's content path and DTSTAMP from `--today`, so
//! the same content gives the same file and calendars update events in
//! place rather than duplicating them.

use crate::content::PageId;
use crate::content::frontmatter::Status;
use crate::dates::Date;
use crate::planning::timeline::timeline_levels;
use crate::render::views::SiteData;
use icalendar::{Calendar, Component, Event, EventLike, Property};

/// What an event marks; also the first part of its UID.
#[derive(Clone, Copy)]
enum Occasion {
    Period,
    Milestone,
    Review,
}

impl Occasion {
    fn key(self) -> &'static str {
        match self {
            Occasion::Period => "period",
            Occasion::Milestone => "milestone",
            Occasion::Review => "review",
        }
    }
}

/// The calendar, ready to print.
pub fn ics(data: &SiteData<'_>) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Strata//Plan//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .name(&data.config.title);
    let stamp = data.today.and_time(chrono::NaiveTime::MIN).and_utc();
    let domain = uid_domain(&data.config.base_url);
    let mut add = |id: PageId, occasion: Occasion, first: Date, last: Date| {
        let page = data.library.page(id);
        let summary = match occasion {
            Occasion::Period => page.title.to_string(),
            Occasion::Milestone => format!("Milestone: {}", page.title),
            Occasion::Review => format!("Review due: {}", page.title),
        };
        let level = data.planning.level_of(id).map(|l| data.level_view(l).name);
        let description = [
            level,
            page.fm.status.map(Status::name),
            page.fm.goal.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let mut event = Event::new();
        event
            .uid(&format!("{}/{}@{domain}", occasion.key(), page.source))
            .timestamp(stamp)
            .summary(&summary)
            .description(&description)
            .starts(first)
            .ends(last.succ_opt().unwrap_or(last));
        // A calendar needs an absolute address: only a base_url with a host gives one.
        let url = data.config.permalink(&page.url);
        if url.contains("://") {
            event.url(&url);
        }
        calendar.push(event.done());
    };
    for level in timeline_levels(data.config) {
        for &id in &data.planning.by_level[level] {
            if let Some(span) = data.library.page(id).fm.span() {
                let occasion = if span.start == span.end {
                    Occasion::Milestone
                } else {
                    Occasion::Period
                };
                add(id, occasion, span.start, span.end);
            }
        }
    }
    for (level, ids) in data.planning.by_level.iter().enumerate() {
        for &id in ids {
            let fm = &data.library.page(id).fm;
            let interval = fm.review_every.or(data.config.levels[level].review_every);
            if let (Some(reviewed), Some(interval)) = (fm.last_reviewed, interval) {
                let due = interval.after(reviewed);
                add(id, Occasion::Review, due, due);
            }
        }
    }
    calendar.done()
}

/// The right-hand side of UIDs: the site's address without its scheme, so
/// two sites' plans at the same path stay apart.
fn uid_domain(base_url: &str) -> &str {
    let without_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match without_scheme.trim_matches('/') {
        "" => "strata",
        domain => domain,
    }
}

#[cfg(test)]
mod tests {
    use super::uid_domain;

    #[test]
    fn uids_name_the_site_without_its_scheme() {
        assert_eq!(
            uid_domain("https://intranet.example/plans/"),
            "intranet.example/plans"
        );
        assert_eq!(uid_domain("/plans/"), "plans");
        assert_eq!(uid_domain("/"), "strata");
    }
}
