//! `plans.csv` for each level: one row per plan, for spreadsheets. The
//! `csv` crate quotes what needs quoting; text a spreadsheet would run as
//! a formula is prefixed with `'` so that it shows as written.

use crate::content::PageId;
use crate::content::frontmatter::{Health, OutcomeEntry, Status};
use crate::dates::Date;
use crate::diagnostics::Severity;
use crate::render::views::SiteData;
use serde::Serialize;
use std::borrow::Cow;

/// One plan; the field names are the header row.
#[derive(Serialize)]
struct Row<'a> {
    path: Cow<'a, str>,
    title: Cow<'a, str>,
    url: String,
    parent: Cow<'a, str>,
    status: Option<Status>,
    health: Option<Health>,
    owner: Cow<'a, str>,
    team: Cow<'a, str>,
    /// The span's first and last day, from whichever dates the plan gives.
    start: Option<Date>,
    end: Option<Date>,
    period: Cow<'a, str>,
    goal: Cow<'a, str>,
    themes: String,
    outcomes: String,
    depends_on: String,
    last_reviewed: Option<Date>,
    findings: usize,
    worst_finding: Option<Severity>,
}

/// Writes a header row, then the level's plans in index order, to `out`.
pub fn csv(data: &SiteData<'_>, level: usize, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for &id in &data.planning.by_level[level] {
        writer.serialize(row(data, id))?;
    }
    writer.flush()
}

fn row<'a>(data: &SiteData<'a>, id: PageId) -> Row<'a> {
    let library = data.library;
    let page = library.page(id);
    let fm = &page.fm;
    let text = |value: Option<&'a str>| as_text(value.unwrap_or_default());
    let list = |items: &mut dyn Iterator<Item = &str>| {
        as_text(&items.collect::<Vec<_>>().join("; ")).into_owned()
    };
    let span = fm.span();
    let flag = data.flag(id);
    Row {
        path: as_text(&page.source),
        title: as_text(&page.title),
        url: data.config.permalink(&page.url),
        parent: as_text(
            data.planning.parent[id.0 as usize].map_or("", |p| &library.page(p).source),
        ),
        status: fm.status,
        health: fm.health,
        owner: text(fm.owner.as_deref()),
        team: text(fm.team.as_deref()),
        start: span.map(|s| s.start),
        end: span.map(|s| s.end),
        period: text(fm.period.as_ref().map(|(p, _)| &**p)),
        goal: text(fm.goal.as_deref()),
        themes: list(&mut fm.themes.iter().flatten().map(|t| &**t)),
        outcomes: list(&mut fm.outcomes.iter().flatten().map(|o| match o {
            OutcomeEntry::Defined(o) => o.id.as_str(),
            OutcomeEntry::Ref(id) => id.as_str(),
        })),
        depends_on: list(
            &mut data.planning.depends_on[id.0 as usize]
                .iter()
                .map(|d| &*library.page(*d).source),
        ),
        last_reviewed: fm.last_reviewed,
        findings: flag.map_or(0, |f| f.count),
        worst_finding: flag.map(|f| f.severity),
    }
}

/// Text a spreadsheet would take for a formula, made plain text.
fn as_text(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::as_text;

    #[test]
    fn formulas_are_kept_as_text() {
        assert_eq!(as_text("=SUM(A1:A3)"), "'=SUM(A1:A3)");
        assert_eq!(as_text("@cmd"), "'@cmd");
        assert_eq!(as_text("-1+1"), "'-1+1");
        assert_eq!(as_text("Sprint 12 - goal"), "Sprint 12 - goal");
    }
}
