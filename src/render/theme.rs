//! Where templates and theme assets come from.
//!
//! Lookup order, later shadowing earlier: the default theme compiled into
//! the binary; `themes/<name>/` when `theme:` names one; the site's own
//! `templates/`. So `strata` needs no files beside it.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Kind};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_TEMPLATES: Dir<'static> =
    include_dir!("$CARGO_MANIFEST_DIR/themes/default/templates");
static DEFAULT_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default/static");

/// (template name, text, path shown in messages)
pub type TemplateSource = (String, String, String);

fn theme_dir(root: &Path, config: &Config) -> Option<PathBuf> {
    config
        .theme
        .as_ref()
        .map(|name| root.join("themes").join(name))
}

/// Every template by name, with site and theme files shadowing the defaults.
pub fn template_sources(
    root: &Path,
    config: &Config,
) -> Result<Vec<TemplateSource>, Vec<Diagnostic>> {
    let mut by_name: BTreeMap<String, (String, String)> = BTreeMap::new();
    for file in all_files(&DEFAULT_TEMPLATES) {
        let name = file.path().to_string_lossy().replace('\\', "/");
        let text = file.contents_utf8().unwrap_or_default().to_string();
        by_name.insert(
            name.clone(),
            (text, format!("(default theme) templates/{name}")),
        );
    }
    let mut problems = Vec::new();
    if let Some(dir) = theme_dir(root, config) {
        if !dir.is_dir() {
            problems.push(
                Diagnostic::error(
                    Kind::Config,
                    crate::config::CONFIG_FILE,
                    format!(
                        "theme '{}' not found at {}",
                        config.theme.as_deref().unwrap_or(""),
                        dir.display()
                    ),
                )
                .hint("create the theme folder, or remove `theme:` to use the default theme"),
            );
        }
        read_dir_into(&dir.join("templates"), root, &mut by_name, &mut problems);
    }
    read_dir_into(&root.join("templates"), root, &mut by_name, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(by_name
        .into_iter()
        .map(|(name, (text, path))| (name, text, path))
        .collect())
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(all_files(sub));
    }
    files
}

fn read_dir_into(
    dir: &Path,
    root: &Path,
    by_name: &mut BTreeMap<String, (String, String)>,
    problems: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file()
            || crate::content::load::is_ignored(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let shown = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                by_name.insert(name, (text, shown));
            }
            Err(e) => problems.push(Diagnostic::error(
                Kind::Template,
                shown,
                format!("cannot read: {e}"),
            )),
        }
    }
}

/// A file to copy into the output: from the theme (embedded or on disk) or
/// the site's `static/`.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Embedded(&'static [u8]),
    OnDisk(PathBuf),
}

/// Theme static files, then the site's `static/`, by output path (`/strata.css`).
pub fn static_files(root: &Path, config: &Config) -> BTreeMap<String, StaticFile> {
    let mut files = BTreeMap::new();
    for file in all_files(&DEFAULT_STATIC) {
        let path = file.path().to_string_lossy().replace('\\', "/");
        files.insert(format!("/{path}"), StaticFile::Embedded(file.contents()));
    }
    let mut dirs = Vec::new();
    if let Some(theme) = theme_dir(root, config) {
        dirs.push(theme.join("static"));
    }
    dirs.push(root.join("static"));
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        for entry in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file()
                && !crate::content::load::is_ignored(&entry.file_name().to_string_lossy())
            {
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(
                    format!("/{rel}"),
                    StaticFile::OnDisk(entry.path().to_path_buf()),
                );
            }
        }
    }
    files
}
