//! Resolving planning references and checking the rules of the hierarchy.
//!
//! One parent per item (a directional tree, not a web); a parent must sit
//! above its child in the level order; every item below the top level
//! should reach the top through its parents.

use crate::config::Config;
use crate::content::frontmatter::Blocker;
use crate::content::{Library, Page, PageId, PageKind};
use crate::diagnostics::{Diagnostic, Diagnostics, Kind, Subject};
use crate::urls::{self, relative_to};
use std::collections::HashMap;

/// The resolved hierarchy, indexed by `PageId`.
#[derive(Debug, Clone, Default)]
pub struct Planning {
    /// Index into `config.levels`.
    pub level: Vec<Option<usize>>,
    pub parent: Vec<Option<PageId>>,
    pub children: Vec<Vec<PageId>>,
    pub contributes_to: Vec<Vec<PageId>>,
    pub depends_on: Vec<Vec<PageId>>,
    /// The reverse of `depends_on`: the plans that need each page.
    pub needed_by: Vec<Vec<PageId>>,
    /// For each entry of a page's `blockers:`, the plan it names, if any.
    pub blockers: Vec<Vec<Option<PageId>>>,
    /// Pages per level, ordered by start date, then weight, then title.
    pub by_level: Vec<Vec<PageId>>,
    /// Position of each page in its `by_level` list.
    pub level_position: Vec<Option<usize>>,
    /// True when the chain of parents reaches a top-level page.
    pub aligned: Vec<bool>,
}

impl Planning {
    /// Whether any page has a level: a site without plans shows no
    /// planning views.
    pub fn has_plans(&self) -> bool {
        self.by_level.iter().any(|level| !level.is_empty())
    }

    /// The chain of parents from the top level down to (not including) `id`.
    pub fn thread(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.parent[id.0 as usize];
        while let Some(p) = current {
            if chain.contains(&p) || p == id {
                break; // a cycle, already reported by `link`
            }
            chain.push(p);
            current = self.parent[p.0 as usize];
        }
        chain.reverse();
        chain
    }

    pub fn level_of(&self, id: PageId) -> Option<usize> {
        self.level[id.0 as usize]
    }

    pub fn children_of(&self, id: PageId) -> &[PageId] {
        &self.children[id.0 as usize]
    }

    /// Previous and next page at the same level.
    pub fn level_neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let (Some(level), Some(pos)) = (self.level_of(id), self.level_position[id.0 as usize])
        else {
            return (None, None);
        };
        let list = &self.by_level[level];
        (
            pos.checked_sub(1).map(|p| list[p]),
            list.get(pos + 1).copied(),
        )
    }
}

/// Finds the page a `parent:`-style reference names: a content path, a path
/// relative to the referring file, or an `id`.
fn resolve_ref(
    library: &Library,
    ids: &HashMap<String, PageId>,
    from: &Page,
    reference: &str,
) -> Option<PageId> {
    let reference = reference.trim();
    if let Some(id) = ids.get(reference) {
        return Some(*id);
    }
    let decoded = urls::decode(reference);
    let relative = urls::join_relative(urls::parent_dir(&from.source), &decoded);
    let absolute = urls::join_relative("", decoded.trim_start_matches('/'));
    for path in [relative, absolute].into_iter().flatten() {
        let found = crate::links::candidates(&path, decoded.ends_with('/'))
            .iter()
            .find_map(|p| library.by_source(p));
        if found.is_some() {
            return found;
        }
    }
    None
}

fn closest_ref(
    library: &Library,
    ids: &HashMap<String, PageId>,
    from: &Page,
    reference: &str,
) -> Option<String> {
    let base = urls::parent_dir(&from.source);
    let wanted = urls::join_relative(base, reference).unwrap_or_else(|| reference.to_string());
    let by_path = library.sources().map(|s| {
        (
            strsim::levenshtein(s, &wanted).min(strsim::levenshtein(s, reference)),
            s.to_string(),
        )
    });
    let by_id = ids
        .keys()
        .map(|id| (strsim::levenshtein(id, reference), id.clone()));
    by_path
        .chain(by_id)
        .min()
        .filter(|(d, _)| *d <= reference.len() / 2 + 2)
        .map(|(_, s)| s)
}

/// Resolves the planning fields of every page and checks the hierarchy rules.
pub fn link(library: &Library, config: &Config, diags: &mut Diagnostics) -> Planning {
    let n = library.pages.len();
    let mut planning = Planning {
        level: vec![None; n],
        parent: vec![None; n],
        children: vec![Vec::new(); n],
        contributes_to: vec![Vec::new(); n],
        depends_on: vec![Vec::new(); n],
        needed_by: vec![Vec::new(); n],
        blockers: vec![Vec::new(); n],
        by_level: vec![Vec::new(); config.levels.len()],
        level_position: vec![None; n],
        aligned: vec![false; n],
    };
    let ids = collect_ids(library, diags);
    for id in library.page_ids() {
        let page = library.page(id);
        let Some(key) = &page.fm.level else { continue };
        match config.level_index(key) {
            Some(level) => planning.level[id.0 as usize] = Some(level),
            None => diags.push(
                Diagnostic::error(
                    Kind::UnknownLevel,
                    page.display_path(),
                    format!("unknown level '{key}'"),
                )
                .at(page.line_of("level"), 1)
                .about(Subject::Page(id))
                .hint(format!(
                    "use one of the levels in strata.yaml: {}",
                    config.level_keys()
                )),
            ),
        }
    }
    for id in library.page_ids() {
        let page = library.page(id);
        let mut resolve_all = |field: &str, refs: &[Box<str>]| -> Vec<PageId> {
            refs.iter()
                .filter_map(|r| {
                    let found = resolve_ref(library, &ids, page, r);
                    if found.is_none() {
                        report_unknown_ref(library, &ids, id, field, r, diags);
                    }
                    found
                })
                .collect()
        };
        let explicit = page
            .fm
            .parent
            .as_ref()
            .map(|p| resolve_all("parent", std::slice::from_ref(p)));
        let contributes = resolve_all(
            "contributes_to",
            page.fm.contributes_to.as_deref().unwrap_or_default(),
        );
        let depends = resolve_all(
            "depends_on",
            page.fm.depends_on.as_deref().unwrap_or_default(),
        );
        let blockers = page
            .fm
            .blockers
            .iter()
            .flatten()
            .map(|b| match b {
                Blocker::Plan { plan, .. } => {
                    resolve_all("blockers", std::slice::from_ref(plan)).pop()
                }
                Blocker::Text(_) => None,
            })
            .collect();
        let parent = match explicit {
            Some(found) => found.first().copied(),
            None => implicit_parent(library, &planning, id),
        };
        let i = id.0 as usize;
        if parent == Some(id) {
            diags.push(
                Diagnostic::error(
                    Kind::ParentCycle,
                    page.display_path(),
                    "this page names itself as its parent",
                )
                .at(page.line_of("parent"), 1)
                .about(Subject::Page(id)),
            );
        } else {
            planning.parent[i] = parent;
        }
        planning.contributes_to[i] = contributes;
        planning.depends_on[i] = depends;
        planning.blockers[i] = blockers;
    }
    break_cycles(library, &mut planning, diags);
    for id in library.page_ids() {
        if let Some(parent) = planning.parent[id.0 as usize] {
            planning.children[parent.0 as usize].push(id);
        }
        for provider in &planning.depends_on[id.0 as usize] {
            planning.needed_by[provider.0 as usize].push(id);
        }
    }
    order(library, &mut planning);
    check_levels(library, config, &mut planning, diags);
    planning
}

/// A leveled item without `parent:` serves the section folder it sits in,
/// when that folder is a planning item of a higher level.
fn implicit_parent(library: &Library, planning: &Planning, id: PageId) -> Option<PageId> {
    let level = planning.level[id.0 as usize]?;
    let mut section = library.page(id).section;
    while let Some(s) = section {
        let index = library.section(s).index;
        if index != id
            && let Some(section_level) = planning.level[index.0 as usize]
        {
            return (section_level < level).then_some(index);
        }
        section = library.section(s).parent;
    }
    None
}

fn collect_ids(library: &Library, diags: &mut Diagnostics) -> HashMap<String, PageId> {
    let mut ids: HashMap<String, PageId> = HashMap::new();
    for id in library.page_ids() {
        let page = library.page(id);
        let Some(key) = &page.fm.id else { continue };
        if let Some(first) = ids.get(&**key) {
            let first = library.page(*first);
            diags.push(
                Diagnostic::error(
                    Kind::DuplicateId,
                    page.display_path(),
                    format!(
                        "id '{key}' is already used by {}:{}",
                        first.display_path(),
                        first.line_of("id")
                    ),
                )
                .at(page.line_of("id"), 1)
                .about(Subject::Page(id))
                .hint("ids must be unique across the site; rename one of them"),
            );
        } else {
            ids.insert(key.to_string(), id);
        }
    }
    ids
}

fn report_unknown_ref(
    library: &Library,
    ids: &HashMap<String, PageId>,
    id: PageId,
    field: &str,
    reference: &str,
    diags: &mut Diagnostics,
) {
    let page = library.page(id);
    let hint = match closest_ref(library, ids, page, reference) {
        Some(s) if ids.contains_key(&s) => format!("did you mean the id '{s}'?"),
        Some(s) => format!(
            "did you mean '{s}' (or '{}' relative to this file)?",
            relative_to(urls::parent_dir(&page.source), &s)
        ),
        None => {
            "name a content path (e.g. roadmap/q3/item.md), a path relative to this file, or an id"
                .to_string()
        }
    };
    diags.push(
        Diagnostic::error(
            Kind::UnknownReference,
            page.display_path(),
            format!("{field} '{reference}' matches no page or id"),
        )
        .at(page.line_of(field), 1)
        .about(Subject::Page(id))
        .hint(hint),
    );
}

/// Reports each cycle of parents once and cuts it, so later stages can walk
/// parent chains safely.
fn break_cycles(library: &Library, planning: &mut Planning, diags: &mut Diagnostics) {
    let n = planning.parent.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on the current path, 2 done
    for start in 0..n {
        let mut path: Vec<usize> = Vec::new();
        let mut current = Some(start);
        while let Some(i) = current {
            match state[i] {
                2 => break,
                1 => {
                    let at = path.iter().position(|p| *p == i).unwrap_or(0);
                    let cycle: Vec<&str> = path[at..]
                        .iter()
                        .map(|p| &*library.pages[*p].source)
                        .collect();
                    let first = &library.pages[i];
                    diags.push(
                        Diagnostic::error(
                            Kind::ParentCycle,
                            first.display_path(),
                            format!(
                                "parents form a cycle: {} -> {}",
                                cycle.join(" -> "),
                                first.source
                            ),
                        )
                        .at(first.line_of("parent"), 1)
                        .about(Subject::Page(PageId(i as u32)))
                        .hint("one page in the cycle must serve a page above all of them"),
                    );
                    planning.parent[i] = None;
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    current = planning.parent[i].map(|p| p.0 as usize);
                }
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
}

/// Dated items first, by start date; then weight, then title.
fn sort_key(library: &Library, id: PageId) -> (bool, Option<crate::dates::Date>, i64, String) {
    let page = library.page(id);
    let start = page.fm.span().map(|s| s.start);
    (
        start.is_none(),
        start,
        page.weight(),
        page.title.to_lowercase(),
    )
}

fn order(library: &Library, planning: &mut Planning) {
    for id in library.page_ids() {
        if let Some(level) = planning.level[id.0 as usize] {
            planning.by_level[level].push(id);
        }
    }
    for list in planning
        .by_level
        .iter_mut()
        .chain(planning.children.iter_mut())
    {
        list.sort_by_cached_key(|id| sort_key(library, *id));
    }
    for list in &planning.by_level {
        for (pos, id) in list.iter().enumerate() {
            planning.level_position[id.0 as usize] = Some(pos);
        }
    }
}

fn check_levels(
    library: &Library,
    config: &Config,
    planning: &mut Planning,
    diags: &mut Diagnostics,
) {
    for id in library.page_ids() {
        let i = id.0 as usize;
        let Some(level) = planning.level[i] else {
            continue;
        };
        let page = library.page(id);
        let thread = planning.thread(id);
        planning.aligned[i] = level == 0
            || thread
                .first()
                .is_some_and(|top| planning.level[top.0 as usize] == Some(0));
        match planning.parent[i] {
            Some(parent) => match planning.level[parent.0 as usize] {
                Some(parent_level) if parent_level >= level => diags.push(
                    Diagnostic::warning(
                        Kind::ParentNotAbove,
                        page.display_path(),
                        format!(
                            "parent {} is at level '{}', not above this page's level '{}'",
                            library.page(parent).display_path(),
                            config.levels[parent_level].key,
                            config.levels[level].key
                        ),
                    )
                    .at(page.line_of("parent"), 1)
                    .about(Subject::Page(id))
                    .related([parent])
                    .hint("a parent should be at a higher level (for example, a sprint serves a release)"),
                ),
                Some(parent_level) if parent_level + 1 < level => diags.push(
                    Diagnostic::warning(
                        Kind::SkipsLevel,
                        page.display_path(),
                        format!(
                            "parent {} is a {}; the {} level in between is skipped",
                            library.page(parent).display_path(),
                            config.levels[parent_level].name,
                            config.levels[level - 1].name
                        ),
                    )
                    .at(page.line_of("parent"), 1)
                    .about(Subject::Page(id))
                    .related([parent])
                    .hint(format!("serve a {} item, so the work shows up in that plan", config.levels[level - 1].name)),
                ),
                _ => {}
            },
            // A `parent:` that failed to resolve was reported already.
            None if level > 0 && page.fm.parent.is_none() => {
                let kind = if matches!(page.kind, PageKind::Section(_)) { "section" } else { "page" };
                diags.push(
                    Diagnostic::warning(
                        Kind::Unaligned,
                        page.display_path(),
                        format!("unaligned: this {} {kind} has no parent", config.levels[level].name),
                    )
                    .at(page.line_of("level"), 1)
                    .about(Subject::Page(id))
                    .hint(format!(
                        "add `parent:` naming the {} item this work serves",
                        config.levels[level - 1].name
                    )),
                );
            }
            None => {}
        }
    }
}
