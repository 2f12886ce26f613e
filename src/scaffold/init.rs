//! `strata init`: a working site in an empty folder — `strata.yaml` with
//! the levels, one example plan per level linked up the golden thread, a
//! guide page and a `.gitignore` for the output.
//!
//! The example plans are dated from today, so the new site builds without
//! a single finding.

use super::{ScaffoldError, create_new, render};
use crate::config::{CONFIG_FILE, Config};
use crate::dates::{Date, Interval};
use chrono::Datelike;
use include_dir::{Dir, include_dir};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tera::Context;

/// The scaffold sites, one folder per model, and the guide they share.
static SITES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/sites");

const GUIDE: &str = "content/how-we-plan.md";
const GITIGNORE: &str = "# Strata's build output\n/public/\n";

/// Which set of levels the new site plans at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// Vision, roadmap, release, sprint and daily.
    Five,
    /// Roadmap, release and sprint.
    Three,
}

impl Model {
    fn folder(self) -> &'static str {
        match self {
            Model::Five => "five",
            Model::Three => "three",
        }
    }
}

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub model: Model,
    /// Write into a folder that already has files (never replacing one).
    pub force: bool,
    pub today: Date,
}

/// What `init` did, relative to the new site's folder.
#[derive(Debug, Default)]
pub struct InitReport {
    pub written: Vec<String>,
    /// Files that already existed and were left as they were (`--force`).
    pub kept: Vec<String>,
}

/// A level as the guide page shows it.
#[derive(Serialize)]
struct LevelText<'a> {
    key: &'a str,
    name: &'a str,
    cadence: &'a str,
    purpose: &'a str,
    who: &'a str,
    review_every: Option<String>,
}

/// Writes the scaffold into `options.dir`.
pub fn init(options: &InitOptions) -> Result<InitReport, ScaffoldError> {
    refuse_non_empty(&options.dir, options.force)?;
    let site = SITES
        .get_dir(options.model.folder())
        .expect("every model has a scaffold folder");
    let mut files: Vec<(String, &str)> = all_files(site)
        .into_iter()
        .map(|f| {
            let path = f.path().strip_prefix(site.path()).unwrap_or(f.path());
            let text = f.contents_utf8().expect("scaffold files are UTF-8");
            (crate::diagnostics::display_path(path), text)
        })
        .collect();
    let guide = SITES
        .get_file("how-we-plan.md")
        .and_then(|f| f.contents_utf8())
        .expect("the guide is embedded");
    files.push((GUIDE.to_string(), guide));
    let config_text = files
        .iter()
        .find(|(path, _)| path == CONFIG_FILE)
        .map(|(_, text)| *text)
        .expect("every model has a strata.yaml");
    let config = Config::parse(config_text).expect("the scaffold's strata.yaml is valid");
    let values = context(&config, options.today);
    let mut report = InitReport::default();
    for (path, template) in files {
        let text = render(&path, template, &values)?;
        write_unless_present(&options.dir, &path, &text, &mut report)?;
    }
    write_unless_present(&options.dir, ".gitignore", GITIGNORE, &mut report)?;
    Ok(report)
}

fn refuse_non_empty(dir: &Path, force: bool) -> Result<(), ScaffoldError> {
    let has_files = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => {
            return Err(ScaffoldError::Write {
                path: dir.to_path_buf(),
                source: e,
            });
        }
    };
    if has_files && !force {
        return Err(ScaffoldError::Usage(format!(
            "{} is not empty; choose an empty or new folder, or pass --force to add the \
             missing files (existing files are kept as they are)",
            dir.display()
        )));
    }
    Ok(())
}

fn write_unless_present(
    dir: &Path,
    relative: &str,
    text: &str,
    report: &mut InitReport,
) -> Result<(), ScaffoldError> {
    let path = dir.join(relative);
    if path.symlink_metadata().is_ok() {
        report.kept.push(relative.to_string());
        return Ok(());
    }
    create_new(&path, text)?;
    report.written.push(relative.to_string());
    Ok(())
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(all_files(sub));
    }
    files
}

/// The values the scaffold templates see: the levels and the example
/// plans' dates, nested so each plan lies within its parent's span.
fn context(config: &Config, today: Date) -> Context {
    let after = |text: &str| {
        let interval = Interval::parse(text).expect("a valid built-in interval");
        interval
            .after(today)
            .pred_opt()
            .unwrap_or(today)
            .to_string()
    };
    let levels: Vec<LevelText> = config
        .levels
        .iter()
        .map(|l| LevelText {
            key: &l.key,
            name: &l.name,
            cadence: &l.cadence,
            purpose: &l.purpose,
            who: &l.who,
            review_every: l.review_every.map(|r| r.to_string()),
        })
        .collect();
    let mut values = Context::new();
    values.insert("today", &today.to_string());
    values.insert("year", &today.year());
    values.insert("next_year", &(today.year() + 1));
    values.insert("roadmap_end", &after("3m"));
    values.insert("release_end", &after("10w"));
    values.insert("sprint_end", &after("2w"));
    values.insert("top", &levels[0]);
    values.insert("bottom", &levels[levels.len() - 1]);
    values.insert("levels", &levels);
    values
}
