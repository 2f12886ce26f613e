//! Planning health: where the planning breaks down, as findings per page.
//!
//! Each check is a finding kind with a stable name (used in `strata check
//! --format json` and in `health:` severity overrides in strata.yaml).
//! Everything date-dependent takes `today` as an argument.

use super::Planning;
use crate::config::Config;
use crate::content::frontmatter::Health;
use crate::content::{Library, PageId};
use crate::dates::Date;
use crate::diagnostics::{Diagnostic, Kind, Subject};
use crate::git::CommitDates;

/// Runs every health check.
pub fn check(
    library: &Library,
    planning: &Planning,
    config: &Config,
    today: Date,
    commits: &CommitDates,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    missing_levels(library, planning, config, &mut findings);
    no_delivery(library, planning, config, &mut findings);
    for id in library.page_ids() {
        let Some(level) = planning.level_of(id) else {
            continue;
        };
        stale(library, id, level, config, today, commits, &mut findings);
        past_end(library, id, today, &mut findings);
        missing_goal(library, id, level, config, &mut findings);
        outside_parent(library, planning, id, &mut findings);
        health_mismatch(library, planning, id, &mut findings);
        over_capacity(library, id, &mut findings);
        late_dependencies(library, planning, id, &mut findings);
        super::burndown::check_figures(library, id, &mut findings);
        super::burndown::check_same_day(library, planning, id, &mut findings);
    }
    dependency_cycles(library, planning, &mut findings);
    findings.extend(super::outcomes::check(library, planning));
    findings.extend(super::themes::check(library, config));
    findings
}

/// A finding about `page`, at the line of its frontmatter `key`.
fn finding(
    kind: Kind,
    library: &Library,
    id: PageId,
    key: &str,
    message: String,
    hint: impl Into<String>,
) -> Diagnostic {
    let page = library.page(id);
    Diagnostic::new(kind, page.display_path(), message)
        .at(page.line_of(key), 1)
        .about(Subject::Page(id))
        .hint(hint)
}

fn missing_levels(
    library: &Library,
    planning: &Planning,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    let any = library.page_ids().any(|id| planning.level_of(id).is_some());
    if !any {
        return; // a plain documentation site, not a plan
    }
    for (i, level) in config.levels.iter().enumerate() {
        if planning.by_level[i].is_empty() {
            out.push(
                Diagnostic::new(
                    Kind::MissingLevel,
                    crate::config::CONFIG_FILE,
                    format!("no plans at the {} level", level.name),
                )
                .at(level.line, 0)
                .about(Subject::Level(i))
                .hint(if level.advice.is_empty() {
                    format!("add {} pages with `level: {}`", level.name, level.key)
                } else {
                    level.advice.clone()
                }),
            );
        }
    }
}

/// Levels where the work happens: the lowest two (the lowest one for
/// frameworks with fewer than three levels).
fn execution_levels(config: &Config) -> std::ops::Range<usize> {
    let n = config.levels.len();
    let from = if n >= 3 { n - 2 } else { n.saturating_sub(1) };
    from..n
}

fn no_delivery(library: &Library, planning: &Planning, config: &Config, out: &mut Vec<Diagnostic>) {
    let execution = execution_levels(config);
    if execution.contains(&0) {
        return;
    }
    for top in planning.by_level.first().into_iter().flatten() {
        let mut stack = planning.children_of(*top).to_vec();
        let mut reached = false;
        while let Some(id) = stack.pop() {
            if planning
                .level_of(id)
                .is_some_and(|l| execution.contains(&l))
            {
                reached = true;
                break;
            }
            stack.extend_from_slice(planning.children_of(id));
        }
        if !reached {
            out.push(finding(
                Kind::NoDelivery,
                library,
                *top,
                "level",
                format!("no {} work serves this {}", config.levels[execution.start].name, config.levels[0].name),
                "a vision nobody works towards: link sprints (through releases and the roadmap) to it",
            ));
        }
    }
}

fn stale(
    library: &Library,
    id: PageId,
    level: usize,
    config: &Config,
    today: Date,
    commits: &CommitDates,
    out: &mut Vec<Diagnostic>,
) {
    let page = library.page(id);
    let Some(interval) = page.fm.review_every.or(config.levels[level].review_every) else {
        return;
    };
    let (reviewed, source) = match (
        page.fm.last_reviewed,
        commits.get(&*page.source),
        page.fm.date,
    ) {
        (Some(d), _, _) => (d, "last reviewed"),
        (None, Some(d), _) => (*d, "last changed in git"),
        (None, None, Some(d)) => (d, "dated"),
        (None, None, None) => return,
    };
    let due = interval.after(reviewed);
    if due < today {
        out.push(finding(
            Kind::Stale,
            library,
            id,
            "last_reviewed",
            format!("review overdue since {due} ({source} {reviewed}; review every {interval})"),
            "review the plan, then set `last_reviewed:` to today's date",
        ));
    }
}

fn past_end(library: &Library, id: PageId, today: Date, out: &mut Vec<Diagnostic>) {
    let page = library.page(id);
    let (Some(status), Some(span)) = (page.fm.status, page.fm.span()) else {
        return;
    };
    if span.end < today && !status.is_closed() {
        let key = if page.fm.end.is_some() {
            "end"
        } else {
            "period"
        };
        out.push(finding(
            Kind::PastEnd,
            library,
            id,
            key,
            format!(
                "ended {} but its status is still {}",
                span.end,
                format!("{status:?}").to_lowercase()
            ),
            "set `status: done` or `status: dropped`, or move the end date",
        ));
    }
}

fn missing_goal(
    library: &Library,
    id: PageId,
    level: usize,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    let page = library.page(id);
    let def = &config.levels[level];
    let has_objectives = page
        .fm
        .goal
        .as_deref()
        .is_some_and(|g| !g.trim().is_empty())
        || page.fm.outcomes.as_ref().is_some_and(|o| !o.is_empty());
    if def.goal_required && !has_objectives {
        out.push(finding(
            Kind::MissingGoal,
            library,
            id,
            "level",
            format!("this {} has no goal", def.name),
            "add `goal:` with the one outcome this work must achieve",
        ));
    }
}

fn outside_parent(library: &Library, planning: &Planning, id: PageId, out: &mut Vec<Diagnostic>) {
    let page = library.page(id);
    let Some(parent) = planning.parent[id.0 as usize] else {
        return;
    };
    let (Some(own), Some(theirs)) = (page.fm.span(), library.page(parent).fm.span()) else {
        return;
    };
    if !theirs.contains(&own) {
        let key = if page.fm.start.is_some() {
            "start"
        } else if page.fm.period.is_some() {
            "period"
        } else {
            "date"
        };
        out.push(finding(
            Kind::OutsideParentPeriod,
            library,
            id,
            key,
            format!("{own} lies outside its parent's period {theirs} ({})", library.page(parent).display_path()),
            "move the dates inside the parent's period, or choose the parent this work really serves",
        ).related([parent]));
    }
}

fn health_mismatch(library: &Library, planning: &Planning, id: PageId, out: &mut Vec<Diagnostic>) {
    let page = library.page(id);
    if let (Some(declared), Some(worst)) = (
        page.fm.health,
        super::rollup::worse_than_declared(library, planning, id),
    ) {
        let name = |h: Health| match h {
            Health::OnTrack => "on track",
            Health::AtRisk => "at risk",
            Health::OffTrack => "off track",
        };
        out.push(finding(
            Kind::HealthMismatch,
            library,
            id,
            "health",
            format!(
                "declared {} but work serving it is {}",
                name(declared),
                name(worst)
            ),
            "update `health:` to reflect the children, or resolve their risks",
        ));
    }
}

fn over_capacity(library: &Library, id: PageId, out: &mut Vec<Diagnostic>) {
    let page = library.page(id);
    if let Some(c) = page
        .fm
        .capacity
        .as_deref()
        .filter(|c| c.committed > c.available)
    {
        out.push(finding(
            Kind::OverCapacity,
            library,
            id,
            "capacity",
            format!(
                "committed {} exceeds available capacity {}",
                c.committed, c.available
            ),
            "commit to less work, or record the extra capacity",
        ));
    }
}

fn late_dependencies(
    library: &Library,
    planning: &Planning,
    id: PageId,
    out: &mut Vec<Diagnostic>,
) {
    for dep in &planning.depends_on[id.0 as usize] {
        let slip = super::dependencies::slip(library, id, *dep);
        if let (true, Some(start), Some(end)) = (slip.late, slip.needed_by, slip.provider_ends) {
            out.push(
                finding(
                    Kind::DependencyLate,
                    library,
                    id,
                    "depends_on",
                    format!(
                        "depends on {} which ends {end}, after this starts {start}",
                        library.page(*dep).display_path()
                    ),
                    "re-sequence the work, or remove the dependency",
                )
                .related([*dep]),
            );
        }
    }
}

fn dependency_cycles(library: &Library, planning: &Planning, out: &mut Vec<Diagnostic>) {
    let n = library.pages.len();
    let mut state = vec![0u8; n];
    fn visit(
        i: usize,
        planning: &Planning,
        state: &mut [u8],
        path: &mut Vec<usize>,
        cycles: &mut Vec<Vec<usize>>,
    ) {
        state[i] = 1;
        path.push(i);
        for dep in &planning.depends_on[i] {
            let j = dep.0 as usize;
            match state[j] {
                0 => visit(j, planning, state, path, cycles),
                1 => cycles.push(path[path.iter().position(|p| *p == j).unwrap_or(0)..].to_vec()),
                _ => {}
            }
        }
        path.pop();
        state[i] = 2;
    }
    let mut cycles = Vec::new();
    for i in 0..n {
        if state[i] == 0 && !planning.depends_on[i].is_empty() {
            visit(i, planning, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    for cycle in cycles {
        let first = &library.pages[cycle[0]];
        let first_id = PageId(cycle[0] as u32);
        let names: Vec<String> = cycle
            .iter()
            .map(|i| library.pages[*i].display_path())
            .collect();
        out.push(
            finding(
                Kind::DependencyCycle,
                library,
                first_id,
                "depends_on",
                format!(
                    "dependencies form a cycle: {} -> {}",
                    names.join(" -> "),
                    first.display_path()
                ),
                "break the cycle: one of these must be able to start first",
            )
            .related(cycle.iter().map(|i| PageId(*i as u32))),
        );
    }
}
