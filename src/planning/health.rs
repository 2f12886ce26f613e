//! Planning health: where the planning breaks down, as findings per page.
//!
//! Each check is a finding kind with a stable name (used in `strata check
//! --format json` and in `health:` severity overrides in strata.yaml).
//! Everything date-dependent takes `today` as an argument.

use super::Planning;
use crate::config::Config;
use crate::content::frontmatter::Health;
use crate::content::{Library, Page, PageId};
use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, PoisonError};

/// Every health finding kind, in the order the health page shows them.
pub const KINDS: &[&str] = &[
    "missing-level",
    "unaligned",
    "parent-not-above",
    "skips-level",
    "no-delivery",
    "stale",
    "past-end",
    "missing-goal",
    "outside-parent-period",
    "health-mismatch",
    "over-capacity",
    "dependency-cycle",
    "dependency-late",
];

/// Reports `health:` overrides in strata.yaml that name no finding kind.
pub fn check_overrides(config: &Config, config_text: &str) -> Vec<Diagnostic> {
    config
        .health
        .keys()
        .filter(|kind| !KINDS.contains(&kind.as_str()))
        .map(|kind| {
            let line = config_text
                .lines()
                .position(|l| l.trim_start().starts_with(&format!("{kind}:")))
                .map_or(0, |i| i + 1);
            Diagnostic::error(
                "config",
                crate::config::CONFIG_FILE,
                format!("unknown health finding kind '{kind}'"),
            )
            .at(line, 0)
            .hint(format!("use one of: {}", KINDS.join(", ")))
        })
        .collect()
}

/// Dates of the last git commit per content path, when the site is in git.
pub type CommitDates = HashMap<String, Date>;

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
        let page = library.page(id);
        let Some(level) = planning.level_of(id) else {
            continue;
        };
        stale(page, level, config, today, commits, &mut findings);
        past_end(page, today, &mut findings);
        missing_goal(page, level, config, &mut findings);
        outside_parent(library, planning, id, &mut findings);
        health_mismatch(library, planning, id, &mut findings);
        over_capacity(page, &mut findings);
        late_dependencies(library, planning, id, &mut findings);
    }
    dependency_cycles(library, planning, &mut findings);
    for finding in &mut findings {
        if let Some(severity) = config.health.get(finding.kind) {
            finding.severity = *severity;
        }
    }
    findings
}

fn warn(
    kind: &'static str,
    page: &Page,
    key: &str,
    message: String,
    hint: impl Into<String>,
) -> Diagnostic {
    Diagnostic::warning(kind, page.display_path(), message)
        .at(page.line_of(key), 1)
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
                Diagnostic::warning(
                    "missing-level",
                    crate::config::CONFIG_FILE,
                    format!("no plans at the {} level", level.name),
                )
                .at(level.line, 0)
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
            let page = library.page(*top);
            out.push(warn(
                "no-delivery",
                page,
                "level",
                format!("no {} work serves this {}", config.levels[execution.start].name, config.levels[0].name),
                "a vision nobody works towards: link sprints (through releases and the roadmap) to it",
            ));
        }
    }
}

fn stale(
    page: &Page,
    level: usize,
    config: &Config,
    today: Date,
    commits: &CommitDates,
    out: &mut Vec<Diagnostic>,
) {
    let Some(interval) = page.fm.review_every.or(config.levels[level].review_every) else {
        return;
    };
    let (reviewed, source) = match (
        page.fm.last_reviewed,
        commits.get(&page.source),
        page.fm.date,
    ) {
        (Some(d), _, _) => (d, "last reviewed"),
        (None, Some(d), _) => (*d, "last changed in git"),
        (None, None, Some(d)) => (d, "dated"),
        (None, None, None) => return,
    };
    let due = interval.after(reviewed);
    if due < today {
        out.push(warn(
            "stale",
            page,
            "last_reviewed",
            format!("review overdue since {due} ({source} {reviewed}; review every {interval})"),
            "review the plan, then set `last_reviewed:` to today's date",
        ));
    }
}

fn past_end(page: &Page, today: Date, out: &mut Vec<Diagnostic>) {
    let (Some(status), Some(span)) = (page.fm.status, page.fm.span()) else {
        return;
    };
    if span.end < today && !status.is_closed() {
        let key = if page.fm.end.is_some() {
            "end"
        } else {
            "period"
        };
        out.push(warn(
            "past-end",
            page,
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

fn missing_goal(page: &Page, level: usize, config: &Config, out: &mut Vec<Diagnostic>) {
    let def = &config.levels[level];
    let has_objectives = page
        .fm
        .goal
        .as_deref()
        .is_some_and(|g| !g.trim().is_empty())
        || page.fm.outcomes.as_ref().is_some_and(|o| !o.is_empty());
    if def.goal_required && !has_objectives {
        out.push(warn(
            "missing-goal",
            page,
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
        out.push(warn(
            "outside-parent-period",
            page,
            key,
            format!("{own} lies outside its parent's period {theirs} ({})", library.page(parent).display_path()),
            "move the dates inside the parent's period, or choose the parent this work really serves",
        ));
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
        out.push(warn(
            "health-mismatch",
            page,
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

fn over_capacity(page: &Page, out: &mut Vec<Diagnostic>) {
    if let Some(c) = page.fm.capacity.filter(|c| c.committed > c.available) {
        out.push(warn(
            "over-capacity",
            page,
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
    let page = library.page(id);
    let Some(start) = page.fm.span().map(|s| s.start) else {
        return;
    };
    for dep in &planning.depends_on[id.0 as usize] {
        let other = library.page(*dep);
        if let Some(end) = other.fm.span().map(|s| s.end).filter(|end| *end > start) {
            out.push(warn(
                "dependency-late",
                page,
                "depends_on",
                format!(
                    "depends on {} which ends {end}, after this starts {start}",
                    other.display_path()
                ),
                "re-sequence the work, or remove the dependency",
            ));
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
        let names: Vec<&str> = cycle
            .iter()
            .map(|i| library.pages[*i].source.as_str())
            .collect();
        out.push(warn(
            "dependency-cycle",
            first,
            "depends_on",
            format!(
                "dependencies form a cycle: {} -> {}",
                names.join(" -> "),
                first.source
            ),
            "break the cycle: one of these must be able to start first",
        ));
    }
}

/// Last commit date of every file under `content/`, from one `git log`.
/// Empty when the site is not in a git repository or git is missing.
///
/// The answer is kept for as long as the repository's HEAD stays the same:
/// the preview rebuilds on every edit, commits come rarely, and a long
/// history takes a while to read.
pub fn commit_dates(root: &Path) -> Arc<CommitDates> {
    type Last = Option<(PathBuf, String, Arc<CommitDates>)>;
    static LAST: Mutex<Last> = Mutex::new(None);
    let Some(head) = git(root, &["rev-parse", "HEAD"]) else {
        return Arc::default();
    };
    let remembered = LAST.lock().unwrap_or_else(PoisonError::into_inner).clone();
    if let Some((last_root, last_head, dates)) = remembered
        && last_root == root
        && last_head == head
    {
        return dates;
    }
    let dates = Arc::new(read_commit_dates(root));
    *LAST.lock().unwrap_or_else(PoisonError::into_inner) =
        Some((root.to_path_buf(), head, Arc::clone(&dates)));
    dates
}

fn read_commit_dates(root: &Path) -> CommitDates {
    let args = [
        // Names as they are, not quoted and escaped.
        "-c",
        "core.quotePath=false",
        "log",
        "--format=%x00%cs",
        "--name-only",
        "--relative",
        "--",
        "content",
    ];
    let mut dates = CommitDates::new();
    let Some(log) = git(root, &args) else {
        return dates;
    };
    let mut current: Option<Date> = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = crate::dates::parse_date(date);
        } else if let (Some(date), Some(path)) = (current, line.strip_prefix("content/")) {
            dates.entry(path.to_string()).or_insert(date);
        }
    }
    dates
}

/// What `git ARGS` prints in `root`, if it succeeds.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_must_name_known_kinds() {
        let text = "health:\n  stale: error\n  stael: error\n";
        let config = Config::parse(text).unwrap();
        assert_eq!(config.health["stale"], crate::diagnostics::Severity::Error);
        let problems = check_overrides(&config, text);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].line, problems[0].message.as_str()),
            (3, "unknown health finding kind 'stael'")
        );
    }

    #[test]
    fn commit_dates_follow_new_commits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let git = |args: &[&str]| {
            let ok = Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
                .args(args)
                .current_dir(root)
                .env("GIT_COMMITTER_DATE", "2025-03-01T12:00:00")
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "git {args:?}");
        };
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        assert!(commit_dates(root).is_empty(), "not a repository yet");
        git(&["init", "-q"]);
        git(&["add", "."]);
        git(&["commit", "-q", "-m", "a"]);
        let first = commit_dates(root);
        assert_eq!(first.len(), 1);
        assert!(Arc::ptr_eq(&first, &commit_dates(root)), "remembered");
        std::fs::write(root.join("content/b.md"), "b").unwrap();
        git(&["add", "."]);
        git(&["commit", "-q", "-m", "b"]);
        let dates = commit_dates(root);
        assert_eq!(dates.len(), 2, "a new HEAD is read again");
        assert_eq!(dates["b.md"].to_string(), "2025-03-01");
    }
}
