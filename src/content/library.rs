//! Pages and sections in flat `Vec`s addressed by typed ids.
//!
//! Built once by [`super::load`]; read-only afterwards, so later stages share
//! `&Library` across threads without locks.

use super::frontmatter::FrontMatter;
use super::key_lines::KeyLines;
use crate::markdown::HeadingPlan;
use crate::urls;
use std::collections::HashMap;

pub use crate::ids::{PageId, SectionId};

/// What kind of file a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `name.md`
    Page,
    /// `name/index.md`, with colocated assets beside it.
    Bundle,
    /// `_index.md` (possibly absent on disk) of this section.
    Section(SectionId),
}

/// One markdown file, or the stand-in for a folder without `_index.md`.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/`, `/`-separated: `roadmap/q3/_index.md`.
    pub source: Box<str>,
    pub kind: PageKind,
    /// The folder this page sits in; `None` only for the home page.
    pub section: Option<SectionId>,
    /// Frontmatter with `cascade:` applied.
    pub fm: FrontMatter,
    /// File lines of the page's own top-level frontmatter keys.
    pub key_lines: KeyLines,
    pub title: Box<str>,
    /// Which body heading is left out as the title, and whether the rest
    /// show one level down (see [`crate::markdown::title`]).
    pub headings: HeadingPlan,
    /// The markdown source, until [`crate::site::load`] renders it.
    pub body: String,
    /// 1-based file line where the body starts.
    pub body_line: usize,
    /// Changes when the frontmatter text or the first `# heading` does.
    pub header_hash: u64,
    /// Site path, `/roadmap/q3/`.
    pub url: Box<str>,
    /// False for a folder that has no `_index.md`.
    pub on_disk: bool,
    /// Its place in `SUMMARY.md`, if the site has one that lists it.
    pub reading_order: Option<u32>,
}

impl Page {
    /// The file line of a frontmatter key, or 1 if the page does not set it
    /// itself (for example, it came through `cascade:`).
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.line_of(key).unwrap_or(1)
    }

    pub fn is_section(&self) -> bool {
        matches!(self.kind, PageKind::Section(_))
    }

    /// `content/<source>`, as shown in messages.
    pub fn display_path(&self) -> String {
        crate::diagnostics::display_path(std::path::Path::new(&format!("content/{}", self.source)))
    }

    pub fn weight(&self) -> i64 {
        self.fm.weight.unwrap_or(0)
    }

    /// The order of pages in a section: as `SUMMARY.md` lists them (listed
    /// pages first), then by `weight`, then by date where pages have one
    /// (dated pages first, oldest first), then by title in natural order
    /// (`Sprint 9` before `Sprint 10`).
    pub fn order(&self, other: &Page) -> std::cmp::Ordering {
        let date = |p: &Page| p.fm.span().map(|s| s.start);
        let title = |p: &Page| p.title.to_lowercase();
        let listed = match (self.reading_order, other.reading_order) {
            (Some(a), Some(b)) => a.cmp(&b),
            (a, b) => b.is_some().cmp(&a.is_some()),
        };
        listed
            .then_with(|| self.weight().cmp(&other.weight()))
            .then_with(|| match (date(self), date(other)) {
                (Some(a), Some(b)) => a.cmp(&b),
                (a, b) => b.is_some().cmp(&a.is_some()),
            })
            .then_with(|| alphanumeric_sort::compare_str(title(self), title(other)))
    }
}

/// A folder below `content/`.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/` (`""` for the root).
    pub dir: String,
    pub index: PageId,
    pub parent: Option<SectionId>,
    /// Pages directly in this folder, by weight then title.
    pub pages: Vec<PageId>,
    /// Sub-folders, by weight then title.
    pub subsections: Vec<SectionId>,
}

/// A file below `content/` that is not markdown, copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`.
    pub source: String,
    /// Site path of the copy.
    pub url: String,
}

/// The whole content tree.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub assets: Vec<Asset>,
    by_source: HashMap<Box<str>, PageId>,
    by_url: HashMap<Box<str>, PageId>,
    /// Page and asset sources whose names hold `%`, by their decoded form.
    by_decoded_source: HashMap<String, String>,
}

impl Library {
    pub(super) fn new(pages: Vec<Page>, sections: Vec<Section>, assets: Vec<Asset>) -> Library {
        let mut by_source: HashMap<Box<str>, PageId> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source.clone(), PageId(i as u32)))
            .collect();
        // A folder's page read from `index.md` or `README.md` is still its
        // `_index.md`, so links to the folder find it.
        for section in &sections {
            let standard = match section.dir.as_str() {
                "" => "_index.md".to_string(),
                dir => format!("{dir}/_index.md"),
            };
            by_source.entry(standard.into()).or_insert(section.index);
        }
        let by_url = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.clone(), PageId(i as u32)))
            .collect();
        let by_decoded_source = pages
            .iter()
            .map(|p| &*p.source)
            .chain(assets.iter().map(|a| a.source.as_str()))
            .filter(|source| source.contains('%'))
            .map(|source| (urls::decode_fully(source), source.to_string()))
            .collect();
        Library {
            pages,
            sections,
            assets,
            by_source,
            by_url,
            by_decoded_source,
        }
    }

    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0 as usize]
    }

    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0 as usize]
    }

    pub fn page_ids(&self) -> impl Iterator<Item = PageId> + use<> {
        (0..self.pages.len() as u32).map(PageId)
    }

    /// The home page (the root section's index).
    pub fn home(&self) -> PageId {
        self.sections[0].index
    }

    /// The page for a content path such as `roadmap/q3/_index.md`.
    pub fn by_source(&self, source: &str) -> Option<PageId> {
        self.by_source.get(source).copied()
    }

    /// The page at a site path such as `/roadmap/q3/`.
    pub fn by_url(&self, url: &str) -> Option<PageId> {
        self.by_url.get(url).copied()
    }

    /// The page or asset source whose name, fully decoded, is `path`
    /// decoded: `Roles%2C Teams.md` for `Roles, Teams.md`.
    pub fn by_decoded_source(&self, path: &str) -> Option<&str> {
        if self.by_decoded_source.is_empty() {
            return None;
        }
        self.by_decoded_source
            .get(&urls::decode_fully(path))
            .map(String::as_str)
    }

    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.by_source.keys().map(|source| &**source)
    }

    /// Sections from the root down to the one holding `id` (breadcrumbs).
    pub fn ancestors(&self, id: PageId) -> Vec<SectionId> {
        let mut chain = Vec::new();
        let mut current = self.page(id).section;
        while let Some(section) = current {
            chain.push(section);
            current = self.section(section).parent;
        }
        chain.reverse();
        chain
    }
}
