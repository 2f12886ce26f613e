//! `strata new LEVEL "Title"`: one plan page from its level's archetype,
//! written where that level's plans live and linked to the plan it most
//! likely serves.
//!
//! The archetype is the site's `archetypes/<level>.md` when there is one
//! (Hugo's idea), else a built-in one. It sees `title`, `level`, `parent`
//! (a content path, or empty), `today`, `start`, `end` and `available`.

use super::{ScaffoldError, create_new, did_you_mean, render};
use crate::config::Config;
use crate::content::{self, Library, LoadOptions, Page, PageId, PageKind};
use crate::dates::{Date, Interval};
use crate::diagnostics::Diagnostics;
use crate::planning::{self, Planning};
use crate::urls;
use include_dir::{Dir, include_dir};
use std::path::{Path, PathBuf};
use tera::Context;

static ARCHETYPES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/archetypes");

/// A plan's length when nothing earlier at its level says otherwise.
const DEFAULT_LENGTH: Interval = Interval {
    days: 14,
    months: 0,
};

#[derive(Debug, Clone)]
pub struct NewOptions {
    pub root: PathBuf,
    pub level: String,
    pub title: String,
    /// A content path, an `id`, or a file path below `content/`.
    pub parent: Option<String>,
    /// The folder below `content/` to write into.
    pub dir: Option<PathBuf>,
    pub today: Date,
}

/// Everything `new` reads about the site.
struct Plans {
    config: Config,
    library: Library,
    planning: Planning,
}

/// Writes the page; returns its path (under the site root).
pub fn new_page(options: &NewOptions) -> Result<PathBuf, ScaffoldError> {
    let plans = load(&options.root)?;
    let level = level_index(&plans.config, &options.level)?;
    let parent = match &options.parent {
        Some(reference) => Some(resolve_parent(&plans.library, &options.root, reference)?),
        None => current_plan(&plans, level.checked_sub(1), options.today),
    };
    let (dir, as_section) = match &options.dir {
        Some(dir) => (content_dir(&options.root, dir)?, false),
        None => home_folder(&plans, level, parent),
    };
    let slug = urls::slug(&options.title);
    let file = if as_section {
        format!("{slug}/_index.md")
    } else {
        format!("{slug}.md")
    };
    let source = urls::join_relative(&dir, &file).ok_or_else(|| outside_content(&dir))?;
    let path = options.root.join("content").join(&source);
    if path.symlink_metadata().is_ok() {
        let cwd = std::env::current_dir().unwrap_or_default();
        return Err(ScaffoldError::Usage(format!(
            "{} already exists and was left as it is; choose another title or --dir",
            crate::site::shown_path(&cwd, &path)
        )));
    }
    let key = &plans.config.levels[level].key;
    let (name, template) = archetype(&options.root, key)?;
    let values = values(&plans, level, parent, options);
    let text = render(&name, &template, &values)?;
    create_new(&path, &text)?;
    Ok(path)
}

fn load(root: &Path) -> Result<Plans, ScaffoldError> {
    let config = Config::load(root).map_err(|problems| {
        let mut diags = Diagnostics::default();
        diags.extend(problems);
        ScaffoldError::Content(diags)
    })?;
    // The new page only needs the tree: problems in it are for `check`.
    let mut ignored = Diagnostics::default();
    let options = LoadOptions {
        drafts: true,
        site_title: config.title.clone(),
    };
    let library = content::load(&root.join("content"), &options, &mut ignored);
    let planning = planning::link(&library, &config, &mut ignored);
    Ok(Plans {
        config,
        library,
        planning,
    })
}

fn level_index(config: &Config, wanted: &str) -> Result<usize, ScaffoldError> {
    if let Some(i) = config.level_index(wanted) {
        return Ok(i);
    }
    let names = config.levels.iter().map(|l| l.key.as_str());
    let hint = match did_you_mean(wanted, names) {
        Some(key) => format!("did you mean '{key}'? "),
        None => String::new(),
    };
    Err(ScaffoldError::Usage(format!(
        "unknown level '{wanted}'; {hint}the levels in strata.yaml are: {}",
        config.level_keys()
    )))
}

/// A parent named by content path, `id`, or file path (as a shell
/// completes it, relative to the working directory).
fn resolve_parent(
    library: &Library,
    root: &Path,
    reference: &str,
) -> Result<PageId, ScaffoldError> {
    let reference = reference.trim();
    let by_id = library
        .page_ids()
        .find(|id| library.page(*id).fm.id.as_deref() == Some(reference));
    let as_file = std::path::absolute(reference).ok().and_then(|path| {
        let content = std::path::absolute(root.join("content")).ok()?;
        path.strip_prefix(content)
            .ok()
            .map(crate::diagnostics::display_path)
    });
    let as_content = urls::join_relative("", reference);
    let found = by_id.or_else(|| {
        [as_content, as_file]
            .into_iter()
            .flatten()
            .find_map(|path| {
                crate::links::candidates(&path, reference.ends_with('/'))
                    .iter()
                    .find_map(|p| library.by_source(p))
            })
    });
    found.ok_or_else(|| {
        let ids = library.pages.iter().filter_map(|p| p.fm.id.as_deref());
        let known = library.sources().chain(ids);
        let hint = match did_you_mean(reference, known) {
            Some(near) => format!("did you mean '{near}'? "),
            None => String::new(),
        };
        ScaffoldError::Usage(format!(
            "no page '{reference}' for --parent; {hint}name a page by its path below content/ \
             (roadmap/q3.md) or by its id"
        ))
    })
}

/// The plan at `level` that is running today, else the latest one.
fn current_plan(plans: &Plans, level: Option<usize>, today: Date) -> Option<PageId> {
    let list = &plans.planning.by_level[level?];
    let span = |id: &PageId| plans.library.page(*id).fm.span();
    list.iter()
        .rev()
        .find(|id| span(id).is_some_and(|s| s.start <= today && today <= s.end))
        .or_else(|| {
            list.iter()
                .rev()
                .find(|id| span(id).is_some_and(|s| s.start <= today))
        })
        .or(list.last())
        .copied()
}

/// `--dir` as a folder below `content/`: given relative to it, or as a
/// path that runs through it.
fn content_dir(root: &Path, dir: &Path) -> Result<String, ScaffoldError> {
    let content = root.join("content");
    let inside = dir
        .strip_prefix(&content)
        .or_else(|_| dir.strip_prefix("content"))
        .unwrap_or(dir);
    if inside.is_absolute() {
        return Err(outside_content(&dir.display().to_string()));
    }
    let relative = crate::diagnostics::display_path(inside);
    urls::join_relative("", &relative).ok_or_else(|| outside_content(&relative))
}

fn outside_content(dir: &str) -> ScaffoldError {
    ScaffoldError::Usage(format!(
        "--dir {dir} is not below content/; give a folder such as releases/r2"
    ))
}

/// The folder a page lives in (a section's index lives in the folder
/// around its own).
fn folder_of(page: &Page) -> &str {
    match page.kind {
        PageKind::Page => urls::parent_dir(&page.source),
        PageKind::Bundle | PageKind::Section(_) => urls::parent_dir(urls::parent_dir(&page.source)),
    }
}

/// The folder a section or bundle page owns, where its children can live.
fn own_folder(page: &Page) -> Option<&str> {
    match page.kind {
        PageKind::Section(_) => Some(urls::parent_dir(&page.source)),
        PageKind::Page | PageKind::Bundle => None,
    }
}

/// Where the new page goes, and whether as a folder with `_index.md`:
/// beside the latest plan at its level (inside its parent's folder when
/// that is where plans at this level live), else in a folder that
/// cascades the level, else in a folder named after the level.
fn home_folder(plans: &Plans, level: usize, parent: Option<PageId>) -> (String, bool) {
    let library = &plans.library;
    let Some(latest) = plans.planning.by_level[level].last() else {
        let key = &plans.config.levels[level].key;
        let cascading = library.pages.iter().find(|p| {
            p.is_section()
                && p.fm.cascade.as_ref().and_then(|c| c.level.as_deref()) == Some(key.as_str())
        });
        let dir = cascading.and_then(own_folder).unwrap_or(key);
        return (dir.to_string(), false);
    };
    let latest_page = library.page(*latest);
    let in_parent = plans.planning.parent[latest.0 as usize]
        .and_then(|p| own_folder(library.page(p)))
        .is_some_and(|dir| dir == folder_of(latest_page));
    let parent_folder = parent.and_then(|p| own_folder(library.page(p)));
    let dir = match parent_folder {
        Some(dir) if in_parent => dir,
        _ => folder_of(latest_page),
    };
    (dir.to_string(), latest_page.is_section())
}

/// The site's `archetypes/<key>.md`, else the built-in one for the level.
fn archetype(root: &Path, key: &str) -> Result<(String, String), ScaffoldError> {
    let own = root.join("archetypes").join(format!("{key}.md"));
    match std::fs::read_to_string(&own) {
        Ok(text) => return Ok((crate::diagnostics::display_path(&own), text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(ScaffoldError::Write { path: own, source }),
    }
    let built_in = match key {
        "sprint" => "iteration",
        other => other,
    };
    let file = ARCHETYPES
        .get_file(format!("{built_in}.md"))
        .or_else(|| ARCHETYPES.get_file("plan.md"))
        .expect("the generic archetype is embedded");
    let text = file.contents_utf8().expect("archetypes are UTF-8");
    Ok((format!("built-in archetype {built_in}"), text.to_string()))
}

/// The archetype's values. A plan starts the day after the latest plan at
/// its level ends, and lasts as long as that one did (else the level's
/// review interval, else two weeks).
fn values(plans: &Plans, level: usize, parent: Option<PageId>, options: &NewOptions) -> Context {
    let previous = plans.planning.by_level[level]
        .iter()
        .filter_map(|id| {
            let fm = &plans.library.page(*id).fm;
            fm.span()
                .filter(|_| fm.end.is_some() || fm.period.is_some())
                .map(|s| (s, fm))
        })
        .max_by_key(|(span, _)| span.end);
    let (start, end) = match previous {
        Some((span, _)) => {
            let start = span.end.succ_opt().unwrap_or(span.end);
            (start, start + (span.end - span.start))
        }
        None => {
            let length = plans.config.levels[level]
                .review_every
                .unwrap_or(DEFAULT_LENGTH);
            let end = length
                .after(options.today)
                .pred_opt()
                .unwrap_or(options.today);
            (options.today, end)
        }
    };
    // Whole numbers as integers, so the page reads `30`, not `30.0`.
    let available = match previous.and_then(|(_, fm)| fm.capacity.as_deref().copied()) {
        Some(c) if c.available.fract() != 0.0 => serde_json::json!(c.available),
        Some(c) => serde_json::json!(c.available as i64),
        None => serde_json::json!(0),
    };
    let parent = parent.map(|p| plans.library.page(p).source.clone());
    let mut values = Context::new();
    values.insert("title", &options.title);
    values.insert("level", &plans.config.levels[level].key);
    values.insert("parent", &parent.unwrap_or_default());
    values.insert("today", &options.today.to_string());
    values.insert("start", &start.to_string());
    values.insert("end", &end.to_string());
    values.insert("available", &available);
    values
}
