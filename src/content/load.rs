//! Walks `content/`, parses every markdown file in parallel, applies
//! `cascade:` top-down and assembles the [`Library`].
//!
//! One broken file does not stop the walk: each problem becomes a
//! diagnostic and the rest of the tree still loads.

use super::frontmatter::{self, FileError, FrontMatter};
use super::key_lines::KeyLines;
use super::library::{Asset, Library, Page, PageId, PageKind, Section, SectionId};
use super::summary;
use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::markdown::HeadingPlan;
use crate::markdown::title::{self, BodyHeadings};
use crate::urls;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Files larger than this are refused rather than read.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Title of the home page when its `_index.md` sets none.
    pub site_title: String,
}

/// One markdown file, read and parsed, before it has a place in the tree.
pub struct Parsed {
    fm: FrontMatter,
    /// Identifies the frontmatter text and `# heading`: what other pages can see.
    pub header_hash: u64,
    key_lines: KeyLines,
    headings: BodyHeadings,
    pub body: String,
    body_line: usize,
}

impl Parsed {
    /// How the page shows its body's headings, given its `title:`.
    pub fn heading_plan(&self, title: Option<&str>) -> HeadingPlan {
        title::plan(&self.headings, title)
    }
}

/// What the walk found, as content paths.
#[derive(Default)]
struct Tree {
    dirs: Vec<String>,
    /// mdBook's table of contents, if the site has one.
    summary: Option<String>,
    markdown: Vec<String>,
    assets: Vec<String>,
}

/// Loads the tree below `content_dir`, reporting every problem into `diags`.
pub fn load(content_dir: &Path, options: &LoadOptions, diags: &mut Diagnostics) -> Library {
    let tree = walk(content_dir, diags);
    let reading_order = tree.summary.as_ref().map(|file| {
        let text = std::fs::read_to_string(content_dir.join(file)).unwrap_or_else(|err| {
            diags.push(Diagnostic::error(
                Kind::Content,
                format!("content/{file}"),
                format!("cannot read it: {err}"),
            ));
            String::new()
        });
        summary::positions(&text)
    });
    let parsed: Vec<(String, Result<Parsed, FileError>)> = tree
        .markdown
        .par_iter()
        .map(|source| (source.clone(), read_and_parse(&content_dir.join(source))))
        .collect();
    let mut files: HashMap<String, Parsed> = HashMap::with_capacity(parsed.len());
    for (source, result) in parsed {
        match result {
            Ok(p) => {
                files.insert(source, p);
            }
            Err(e) => diags.push(
                Diagnostic::error(Kind::Content, format!("content/{source}"), e.message)
                    .at(e.line, e.column)
                    .hint(e.hint),
            ),
        }
    }
    assemble(tree, files, reading_order, options, diags)
}

fn walk(content_dir: &Path, diags: &mut Diagnostics) -> Tree {
    let mut tree = Tree::default();
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error(Kind::Content, "content", "there is no content/ folder")
                .hint("create content/_index.md with a title, then add pages beside it"),
        );
        tree.dirs.push(String::new());
        return tree;
    }
    let walker = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                diags.push(Diagnostic::error(
                    Kind::Content,
                    path,
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        let relative = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path());
        let Some(relative) = relative.to_str().map(|s| s.replace('\\', "/")) else {
            diags.push(
                Diagnostic::error(
                    Kind::Content,
                    entry.path(),
                    "the file name is not valid UTF-8",
                )
                .hint("rename the file using UTF-8 characters"),
            );
            continue;
        };
        if entry.file_type().is_symlink() {
            diags.push(
                Diagnostic::warning(
                    Kind::Content,
                    format!("content/{relative}"),
                    "symbolic links are not followed; this one is left out",
                )
                .hint("copy the file or folder into content/ instead"),
            );
        } else if entry.file_type().is_dir() {
            tree.dirs.push(relative);
        } else if relative == summary::FILE {
            tree.summary = Some(relative);
        } else if relative.ends_with(".md") {
            tree.markdown.push(relative);
        } else {
            tree.assets.push(relative);
        }
    }
    tree
}

/// Hidden files, editor swap and backup files are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains("___jb_")
        || name.ends_with(".kate-swp")
        || name == "4913"
}

/// Reads and parses one markdown file (the incremental rebuild re-reads
/// an edited page with it).
pub fn read_and_parse(path: &Path) -> Result<Parsed, FileError> {
    let text = read_text(path)?;
    if text.trim().is_empty() {
        return Err(FileError {
            line: 1,
            column: 1,
            message: "the file is empty".into(),
            hint: "add a title and some text, or delete the file",
        });
    }
    let split = frontmatter::split(&text)?;
    let fm = frontmatter::parse(&split)?;
    let key_lines = frontmatter::key_lines(&split);
    let headings = title::scan(split.body);
    check_title_heading(&split, &headings)?;
    let header_hash = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let h1 = headings.title.as_ref().map(|heading| &heading.text);
        (split.yaml, h1).hash(&mut hasher);
        hasher.finish()
    };
    Ok(Parsed {
        headings,
        header_hash,
        key_lines,
        body: split.body.to_string(),
        body_line: split.body_line,
        fm,
    })
}

/// Reads a page's body again, as [`read_and_parse`] found it: a build
/// renders each body when it writes the page, rather than holding every
/// rendered body at once.
pub fn read_body(path: &Path) -> Result<String, FileError> {
    let text = read_text(path)?;
    Ok(frontmatter::split(&text)?.body.to_string())
}

/// A markdown file's text, refused when it is too large or not UTF-8.
fn read_text(path: &Path) -> Result<String, FileError> {
    let error = |message: String, hint: &'static str| FileError {
        line: 0,
        column: 0,
        message,
        hint,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| error(format!("cannot read: {e}"), "check the file's permissions"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(error(
            format!("the file is {} MiB; the limit is 8 MiB", size >> 20),
            "split it into several pages",
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| error(format!("cannot read: {e}"), "check the file's permissions"))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        FileError {
            line,
            column,
            message: "the file is not valid UTF-8".into(),
            hint: "save it as UTF-8 in your editor (for example, re-encode from Windows-1252)",
        }
    })
}

/// Builds sections and pages from the parsed files.
fn assemble(
    tree: Tree,
    files: HashMap<String, Parsed>,
    reading_order: Option<HashMap<String, u32>>,
    options: &LoadOptions,
    diags: &mut Diagnostics,
) -> Library {
    let below = markdown_below(&tree.markdown);
    // A folder whose only markdown is its `index.md` is one page with its
    // files beside it; with more markdown it is a section.
    let bundles: HashSet<String> = tree
        .markdown
        .iter()
        .filter_map(|m| m.strip_suffix("/index.md"))
        .filter(|dir| below.get(dir) == Some(&1))
        .map(str::to_string)
        .collect();
    let mut assembly = Assembly {
        options,
        // Each folder adds at most its own index page.
        pages: Vec::with_capacity(files.len() + tree.dirs.len() + 1),
        sections: Vec::new(),
        section_of_dir: HashMap::new(),
        cascades: Vec::new(),
        excluded: Vec::new(),
        files,
    };
    // Folders without markdown anywhere below hold only files to copy
    // (images, styles): they are not sections.
    for dir in tree.dirs.iter().filter(|d| {
        below.contains_key(d.as_str()) && !in_bundle(&bundles, d) && !bundles.contains(d.as_str())
    }) {
        assembly.add_section(dir);
    }
    assembly.add_pages(&bundles);
    if let Some(positions) = reading_order {
        for page in &mut assembly.pages {
            page.reading_order = positions.get(&*page.source).copied();
        }
    }
    report_duplicate_urls(&assembly.pages, diags);
    assembly.sort_sections();
    let assets = assembly.assets(tree.assets, &bundles);
    // Room was made for a page per file and per folder, and most folders'
    // pages are among the files: the spare room is let go of.
    assembly.pages.shrink_to_fit();
    Library::new(assembly.pages, assembly.sections, assets)
}

/// For every folder holding markdown at any depth, how many files.
fn markdown_below(markdown: &[String]) -> HashMap<&str, usize> {
    let mut below: HashMap<&str, usize> = HashMap::new();
    for file in markdown {
        let mut dir = urls::parent_dir(file);
        loop {
            *below.entry(dir).or_default() += 1;
            if dir.is_empty() {
                break;
            }
            dir = urls::parent_dir(dir);
        }
    }
    below
}

/// The files that can be a folder's own page, in order of preference:
/// Strata's and Hugo's `_index.md`, then `index.md`, then the `README.md`
/// that GitHub shows for a folder.
const SECTION_INDEXES: [&str; 4] = ["_index.md", "index.md", "README.md", "readme.md"];

/// Whether `path` lies inside one of the page bundles (`name/index.md`).
fn in_bundle(bundles: &HashSet<impl AsRef<str>>, path: &str) -> bool {
    bundles.iter().any(|b| {
        let b = b.as_ref();
        path.starts_with(b) && path[b.len()..].starts_with('/')
    })
}

/// The library while it is being assembled, folders first, then pages.
struct Assembly<'a> {
    options: &'a LoadOptions,
    pages: Vec<Page>,
    sections: Vec<Section>,
    section_of_dir: HashMap<String, SectionId>,
    /// What each section cascades to the pages below it, by `SectionId`.
    cascades: Vec<FrontMatter>,
    /// Folders left out as drafts, each ending in `/`.
    excluded: Vec<String>,
    /// Parsed files not yet placed.
    files: HashMap<String, Parsed>,
}

impl Assembly<'_> {
    fn is_excluded(&self, path: &str) -> bool {
        self.excluded.iter().any(|d| path.starts_with(d.as_str()))
    }

    /// Adds the section of folder `dir` (parents come first in the walk),
    /// unless it or its parent is a draft left out.
    fn add_section(&mut self, dir: &str) {
        if self.is_excluded(&format!("{dir}/")) {
            return;
        }
        let parent = match (!dir.is_empty()).then(|| self.section_of_dir.get(urls::parent_dir(dir)))
        {
            Some(None) => return, // parent folder was excluded
            Some(Some(p)) => Some(*p),
            None => None,
        };
        let in_dir = |name: &str| {
            if dir.is_empty() {
                name.to_string()
            } else {
                format!("{dir}/{name}")
            }
        };
        let found = SECTION_INDEXES
            .iter()
            .map(|name| in_dir(name))
            .find_map(|source| self.files.remove(&source).map(|parsed| (source, parsed)));
        let (source, parsed, on_disk) = match found {
            Some((source, parsed)) => (source, parsed, true),
            None => (in_dir("_index.md"), empty_parsed(), false),
        };
        let inherited = parent
            .map(|p| self.cascades[p.0 as usize].clone())
            .unwrap_or_default();
        // The home page cannot be left out: every other page hangs below it.
        let draft = parsed.fm.draft.or(inherited.draft) == Some(true);
        if draft && !self.options.drafts && !dir.is_empty() {
            self.excluded.push(format!("{dir}/"));
            return;
        }
        let id = SectionId(self.sections.len() as u32);
        self.cascades.push(own_cascade(dir, &parsed.fm, &inherited));
        let fallback = if dir.is_empty() {
            self.options.site_title.clone()
        } else {
            humanize(dir.rsplit('/').next().unwrap_or(dir))
        };
        let kind = PageKind::Section(id);
        let index = push_page(
            &mut self.pages,
            source,
            kind,
            parent,
            parsed,
            &inherited,
            fallback,
            on_disk,
        );
        self.pages[index.0 as usize].url = urls::dir_path(dir).into();
        self.sections.push(Section {
            dir: dir.to_string(),
            index,
            parent,
            pages: Vec::new(),
            subsections: Vec::new(),
        });
        self.section_of_dir.insert(dir.to_string(), id);
        if let Some(p) = parent {
            self.sections[p.0 as usize].subsections.push(id);
        }
    }

    /// Adds every remaining file as a page of its folder's section, in
    /// source order; drafts are left out.
    fn add_pages(&mut self, bundles: &HashSet<String>) {
        let mut sources: Vec<String> = self.files.keys().cloned().collect();
        sources.sort();
        for source in sources {
            let parsed = self
                .files
                .remove(&source)
                .expect("source was taken from the map's keys");
            let (dir, kind) = match source.strip_suffix("/index.md") {
                Some(bundle) if bundles.contains(bundle) => {
                    (urls::parent_dir(bundle).to_string(), PageKind::Bundle)
                }
                _ if in_bundle(bundles, &source) => continue,
                _ => (urls::parent_dir(&source).to_string(), PageKind::Page),
            };
            let Some(&section) = self.section_of_dir.get(&dir) else {
                continue;
            };
            let cascade = self.cascades[section.0 as usize].clone();
            let stem = source.trim_end_matches("/index.md").trim_end_matches(".md");
            let fallback = humanize(stem.rsplit('/').next().unwrap_or(stem));
            let id = push_page(
                &mut self.pages,
                source,
                kind,
                Some(section),
                parsed,
                &cascade,
                fallback,
                true,
            );
            if self.pages[id.0 as usize].fm.draft == Some(true) && !self.options.drafts {
                self.pages.pop();
                continue;
            }
            self.sections[section.0 as usize].pages.push(id);
        }
    }

    /// Orders each section's pages and subsections: see [`Page::order`].
    fn sort_sections(&mut self) {
        let pages = &self.pages;
        let page = |id: PageId| &pages[id.0 as usize];
        let index_of: Vec<PageId> = self.sections.iter().map(|s| s.index).collect();
        for section in &mut self.sections {
            section.pages.sort_by(|a, b| page(*a).order(page(*b)));
            section
                .subsections
                .sort_by(|a, b| page(index_of[a.0 as usize]).order(page(index_of[b.0 as usize])));
        }
    }

    /// The files copied as they are: all but those of a draft left out
    /// (a draft folder, or a draft page's bundle).
    fn assets(&self, found: Vec<String>, bundles: &HashSet<String>) -> Vec<Asset> {
        let kept_bundles: HashSet<&str> = self
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Bundle)
            .filter_map(|p| p.source.strip_suffix("/index.md"))
            .collect();
        found
            .into_iter()
            .filter(|a| {
                let bundled = in_bundle(bundles, a);
                !self.is_excluded(a) && (!bundled || in_bundle(&kept_bundles, a))
            })
            .map(|source| Asset {
                url: urls::asset_path(&source),
                source,
            })
            .collect()
    }
}

/// What a section's `_index.md` cascades to the pages below: its own
/// `cascade:` over what it inherited. A relative `parent:` there means
/// relative to the `_index.md`, not to each page below: it becomes a
/// content path.
fn own_cascade(dir: &str, fm: &FrontMatter, inherited: &FrontMatter) -> FrontMatter {
    let mut own = fm.cascade.as_deref().cloned().unwrap_or_default();
    if let Some(parent) = own
        .parent
        .as_mut()
        .filter(|p| p.starts_with("./") || p.starts_with("../"))
        && let Some(path) = urls::join_relative(dir, parent)
    {
        *parent = path.into();
    }
    own.inherit(inherited);
    own
}

#[allow(clippy::too_many_arguments)]
fn push_page(
    pages: &mut Vec<Page>,
    source: String,
    kind: PageKind,
    section: Option<SectionId>,
    parsed: Parsed,
    cascade: &FrontMatter,
    fallback_title: String,
    on_disk: bool,
) -> PageId {
    let mut fm = parsed.fm;
    fm.inherit(cascade);
    let headings = title::plan(&parsed.headings, fm.title.as_deref());
    let title = (fm.title.clone())
        .or(parsed.headings.title.map(|heading| heading.text.into()))
        .unwrap_or_else(|| fallback_title.into());
    let url = urls::page_path(&source, fm.slug.as_deref()).unwrap_or_default();
    let id = PageId(pages.len() as u32);
    pages.push(Page {
        source: source.into(),
        kind,
        section,
        fm,
        key_lines: parsed.key_lines,
        title,
        headings,
        body: parsed.body,
        body_line: parsed.body_line,
        header_hash: parsed.header_hash,
        url: url.into(),
        on_disk,
        reading_order: None,
    });
    id
}

fn empty_parsed() -> Parsed {
    Parsed {
        fm: FrontMatter::default(),
        header_hash: 0,
        key_lines: KeyLines::default(),
        headings: BodyHeadings::default(),
        body: String::new(),
        body_line: 1,
    }
}

fn report_duplicate_urls(pages: &[Page], diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    for page in pages {
        if let Some(first) = seen.insert(&page.url, page) {
            diags.push(
                Diagnostic::error(
                    Kind::DuplicateUrl,
                    page.display_path(),
                    format!("this page and {} both have the URL {}", first.display_path(), page.url),
                )
                .at(1, 1)
                .hint("rename one of the files (names differing only in case, spaces or punctuation give the same URL)"),
            );
        }
    }
}

/// `2026-q3_self-serve` → `2026 q3 self serve`, capitalised.
fn humanize(name: &str) -> String {
    let spaced = urls::decode(name).replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// A body's first `# heading` may become the title, which other pages
/// show: it is bounded like `title:` (an error at its line).
fn check_title_heading(
    split: &frontmatter::Split<'_>,
    headings: &BodyHeadings,
) -> Result<(), FileError> {
    let Some(heading) = &headings.title else {
        return Ok(());
    };
    let length = heading.text.chars().count();
    if length <= frontmatter::MAX_TITLE_CHARS {
        return Ok(());
    }
    Err(FileError {
        line: split.body_line + heading.line,
        column: 1,
        message: format!(
            "this heading is the page's title and is {length} characters long; the limit is {}",
            frontmatter::MAX_TITLE_CHARS
        ),
        hint: "shorten it, or set a shorter `title:` in the frontmatter",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files() {
        for name in [
            ".foo.md.swp",
            "a.md~",
            "#a.md#",
            ".#a.md",
            "a.md___jb_tmp___",
            "4913",
            ".hidden",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("plan.md"));
    }

    #[test]
    fn humanizes_names() {
        assert_eq!(humanize("sprint-13"), "Sprint 13");
        assert_eq!(humanize("my%20notes"), "My notes");
    }
}
