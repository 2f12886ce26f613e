//! The build pipeline, stage by stage: load → link → render markdown →
//! check → render templates → write.
//!
//! [`Site::load`] does everything that can find problems in the content and
//! keeps the result in memory; [`Site::render`] writes it to a [`Sink`]
//! (a staging folder for `build`, memory for `serve`).

mod update;

pub use update::Update;

use crate::config::Config;
use crate::content::{self, Library, LoadOptions, PageId, PageKind};
use crate::dates::{self, Date};
use crate::diagnostics::{Diagnostic, Diagnostics, Kind, Subject};
use crate::findings::Overrides;
use crate::history::History;
use crate::history::changes::{self, Logged};
use crate::history::slip::{self, Slips};
use crate::links::{self, CrossLink, FoundLink, Resolver, SiteIndex};
use crate::markdown::{self, Rendered};
use crate::output::{self, OutputError, Sink, Staging};
use crate::planning::{self, Planning, health};
use crate::render::Templates;
use crate::render::generated;
use crate::render::health_summary;
use crate::render::page_view::{self, page_view};
use crate::render::theme::{self, StaticFile};
use crate::render::views::{Addresses, SiteData, SiteView, recording_links};
use crate::search::Indexer;
use crate::urls;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `public/` under the root.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub today: Option<Date>,
    /// Print every warning, not the first few of each kind.
    pub verbose: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A loaded, linked and checked site, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub library: Library,
    pub planning: Planning,
    pub rendered: Vec<Rendered>,
    pub links: Vec<CrossLink>,
    pub backlinks: Vec<Vec<PageId>>,
    /// Indexes into `diagnostics` of the findings about each page.
    pub page_findings: Vec<Vec<usize>>,
    pub addresses: Addresses,
    /// Theme and site static files by output path, walked once.
    statics: BTreeMap<String, StaticFile>,
    /// Site paths of copied files and of generated pages, for link checks.
    copied: HashSet<String>,
    generated: HashSet<String>,
    /// Pages 2 and after of long sections' lists: section, number, path.
    pub section_pages: Vec<(PageId, usize, String)>,
    /// Warnings (errors make loading fail).
    pub diagnostics: Diagnostics,
    pub templates: Templates,
    pub today: Date,
    pub history: Arc<History>,
    pub slips: Slips,
    /// Every plan's changes of the last weeks, newest first.
    pub changes: Vec<Logged>,
}

/// For each page (by `PageId`), the pages whose summary its output shows:
/// what the preview re-renders when a summary changes.
pub type Embeds = Vec<Vec<PageId>>;

/// Why a build did not produce output.
#[derive(Debug)]
pub enum BuildError {
    /// The content has errors (exit 1); all of them, sorted.
    Content(Diagnostics),
    /// The output folder was refused or could not be written.
    Output(OutputError),
}

/// What a successful build reports.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub elapsed: Duration,
    pub output: PathBuf,
    pub warnings: Diagnostics,
    /// Why the site's history could not be read, if it could not.
    pub no_history: Option<&'static str>,
}

/// Loads config, content and templates; links and checks everything.
pub fn load(options: &BuildOptions) -> Result<Site, Diagnostics> {
    let root = &options.root;
    let mut diags = Diagnostics::default();
    // git runs beside the loading, on its own.
    let history = {
        let root = root.clone();
        std::thread::spawn(move || crate::history::read(&root))
    };
    let config_text = Config::read(root);
    let parsed = match &config_text {
        Ok(text) => Config::parse(text),
        Err(problem) => Err(vec![problem.clone()]),
    };
    let mut config = match parsed {
        Ok(config) => config,
        Err(problems) => {
            // Still report the content's own problems in the same run.
            diags.extend(problems);
            let load_options = LoadOptions {
                drafts: options.drafts,
                site_title: String::new(),
            };
            content::load(&root.join("content"), &load_options, &mut diags);
            diags.sort();
            return Err(diags);
        }
    };
    if let Some(url) = &options.base_url {
        config.base_url = crate::config::normalise_base_url(url);
    }
    let config_text = config_text.unwrap_or_default();
    let (overrides, problems) = Overrides::read(&config, &config_text);
    diags.extend(problems);
    let templates = match Templates::load(root, &config) {
        Ok(t) => Some(t),
        Err(problems) => {
            diags.extend(problems);
            None
        }
    };
    let load_options = LoadOptions {
        drafts: options.drafts,
        site_title: config.title.clone(),
    };
    let mut library = content::load(&root.join("content"), &load_options, &mut diags);
    diags.extend(content::keys::check(&library, config.frontmatter));
    let statics = theme::static_files(root, &config);
    report_output_clashes(&library, &config, &statics, &mut diags);
    let planning = planning::link(&library, &config, &mut diags);
    let files = copied_paths(&library, &statics);
    // Each source and its HTML are let go of once its body is rendered:
    // what other pages show of it (summary, headings, tasks, links) stays,
    // and the body is rendered again when its page is written.
    let sources: Vec<String> = library
        .pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.body))
        .collect();
    let (rendered, links) = render_markdown(&library, &config, &files, sources);
    for (id, body) in library.page_ids().zip(&rendered) {
        diags.extend(body.diagnostics(id, &library.page(id).display_path()));
    }
    let section_pages = page_view::further_section_pages(&config, &library, &planning);
    report_section_page_clashes(&library, &section_pages, &mut diags);
    let mut generated = generated_paths(&config, &library);
    generated.extend(section_pages.iter().map(|(_, _, path)| path.clone()));
    let index = SiteIndex {
        library: &library,
        rendered: &rendered,
        generated: &generated,
        files: &files,
    };
    diags.extend(links::check(&index, &links));
    let links = CrossLink::among(&links);
    let backlinks = backlinks(&library, &links);
    let today = dates::today(options.today);
    let history = history.join().unwrap_or_default();
    diags.extend(health::check(
        &library,
        &planning,
        &config,
        today,
        &history.commit_dates,
    ));
    let slips = Slips::new(&history, &library, &planning, config.levels.len(), today);
    diags.extend(slip::check(&slips, &config));
    let changes = changes::log(&history, &library, &planning, today);
    overrides.apply(&mut diags);
    diags.sort();
    let page_findings = page_findings(&library, &diags);
    let Some(templates) = templates.filter(|_| !diags.has_errors()) else {
        return Err(diags);
    };
    let addresses = Addresses::new(&config, &library);
    Ok(Site {
        root: root.clone(),
        config,
        library,
        planning,
        rendered,
        links,
        backlinks,
        page_findings,
        addresses,
        statics,
        copied: files,
        generated,
        section_pages,
        diagnostics: diags,
        templates,
        today,
        history,
        slips,
        changes,
    })
}

/// Every output file must come from one place: a page, a generated page,
/// an alias, a colocated asset or a static file. Reports each clash, and
/// each alias that is not a plain path.
fn report_output_clashes(
    library: &Library,
    config: &Config,
    statics: &BTreeMap<String, StaticFile>,
    diags: &mut Diagnostics,
) {
    let mut owners: HashMap<String, String> = generated::reserved_paths(&config.levels)
        .into_iter()
        .map(|path| {
            (
                urls::output_file(&path),
                format!("the page Strata generates at {path}"),
            )
        })
        .collect();
    if config.search(library.pages.len()) {
        let owner = "the search documents Strata writes".to_string();
        owners.insert(crate::search::DOCUMENTS.to_string(), owner);
    }
    let mut claim = |path: String, file: String, owner: String, diags: &mut Diagnostics| {
        if let Some(first) = owners.get(&path) {
            diags.push(
                Diagnostic::error(Kind::OutputClash, file, format!("{owner} and {first} would both write {path}"))
                    .at(1, 1)
                    .hint("rename or move one of them (generated pages and their URLs are listed in the README)"),
            );
        } else {
            owners.insert(path, owner);
        }
    };
    // Two pages at one URL were reported when loading (`duplicate-url`).
    let mut seen_pages = HashSet::new();
    for page in library.pages.iter().filter(|p| seen_pages.insert(&*p.url)) {
        claim(
            urls::output_file(&page.url),
            page.display_path(),
            format!("this page ({})", page.url),
            diags,
        );
    }
    for page in &library.pages {
        for alias in page.fm.aliases.iter().flatten() {
            match urls::alias_path(alias) {
                Some(path) => claim(
                    urls::output_file(&path),
                    page.display_path(),
                    format!("alias '{alias}'"),
                    diags,
                ),
                None => diags.push(
                    Diagnostic::error(
                        Kind::Alias,
                        page.display_path(),
                        format!("alias '{alias}' is not a path on this site"),
                    )
                    .at(page.line_of("aliases"), 1)
                    .hint("write the old URL's path, e.g. old/plan/ (no '..')"),
                ),
            }
        }
    }
    for asset in &library.assets {
        let file = format!("content/{}", asset.source);
        claim(
            asset.url.trim_start_matches('/').to_string(),
            file.clone(),
            file,
            diags,
        );
    }
    for path in statics.keys() {
        claim(
            path.trim_start_matches('/').to_string(),
            format!("static{path}"),
            format!("static file {path}"),
            diags,
        );
    }
}

/// A long section's further pages (`<section>/page/2/` ...) must not be
/// where a content page is.
fn report_section_page_clashes(
    library: &Library,
    section_pages: &[(PageId, usize, String)],
    diags: &mut Diagnostics,
) {
    for (section, _, path) in section_pages {
        if let Some(page) = library.by_url(path) {
            let page = library.page(page);
            diags.push(
                Diagnostic::error(
                    Kind::OutputClash,
                    page.display_path(),
                    format!(
                        "this page ({path}) and the list of {} would both write {path}",
                        library.page(*section).display_path()
                    ),
                )
                .at(1, 1)
                .hint("rename or move the page, or set a larger `paginate_by` on the section"),
            );
        }
    }
}

/// Renders every page's markdown `sources` (by `PageId`) in parallel,
/// resolving links as it goes.
fn render_markdown(
    library: &Library,
    config: &Config,
    files: &HashSet<String>,
    sources: Vec<String>,
) -> (Vec<Rendered>, Vec<FoundLink>) {
    let resolver = Resolver {
        library,
        base_path: config.base_path(),
        files,
        raw_html: config.markdown.raw_html,
    };
    let results: Vec<(Rendered, Vec<FoundLink>)> = sources
        .into_par_iter()
        .zip(library.page_ids().collect::<Vec<_>>())
        .map(|(source, id)| {
            let (mut rendered, links) = render_body(&resolver, id, &source);
            rendered.html = String::new();
            (rendered, links)
        })
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    let mut links = Vec::with_capacity(results.iter().map(|(_, l)| l.len()).sum());
    for (r, l) in results {
        rendered.push(r);
        links.extend(l);
    }
    (rendered, links)
}

/// Renders one page's markdown `source` and collects its links, resolved.
fn render_body(resolver: &Resolver<'_>, from: PageId, source: &str) -> (Rendered, Vec<FoundLink>) {
    let page = resolver.library.page(from);
    let mut found = Vec::new();
    let options = markdown::RenderOptions {
        headings: page.headings,
        raw_html: resolver.raw_html,
    };
    let rendered = markdown::render(source, page.body_line, options, &mut |link| {
        let target = resolver.resolve(page, &link.dest);
        let href = resolver.href(page, &link.dest, &target);
        found.push(FoundLink {
            from,
            line: link.line as u32,
            column: link.column as u32,
            dest: link.dest.as_str().into(),
            target,
            image: link.image,
        });
        href
    });
    let mut rendered = rendered;
    // A summary set in the frontmatter is plain text: escape it, so lists
    // can show every summary as HTML.
    if let Some(text) = page.fm.description() {
        let mut summary = String::from("<p>");
        let _ = pulldown_cmark_escape::escape_html(&mut summary, text);
        summary.push_str("</p>");
        rendered.summary = summary.into();
    }
    (rendered, found)
}

/// Site paths of every file copied as is: colocated assets and static files.
fn copied_paths(library: &Library, statics: &BTreeMap<String, StaticFile>) -> HashSet<String> {
    library
        .assets
        .iter()
        .map(|a| a.url.clone())
        .chain(statics.keys().cloned())
        .collect()
}

/// Site paths of every generated page, aliases included.
fn generated_paths(config: &Config, library: &Library) -> HashSet<String> {
    generated::reserved_paths(&config.levels)
        .into_iter()
        .chain(
            generated::from_plans(config, library)
                .into_iter()
                .map(|g| g.path),
        )
        .chain(
            library
                .pages
                .iter()
                .flat_map(|p| p.fm.aliases.iter().flatten())
                .filter_map(|a| urls::alias_path(a)),
        )
        .collect()
}

/// Which planning findings concern which page (problems with the content
/// are the contributors' business, not the page's readers').
fn page_findings(library: &Library, diags: &Diagnostics) -> Vec<Vec<usize>> {
    let mut found = vec![Vec::new(); library.pages.len()];
    for (i, d) in diags.iter().enumerate() {
        if let Subject::Page(page) = d.subject
            && d.kind.is_planning()
        {
            found[page.0 as usize].push(i);
        }
    }
    found
}

fn backlinks(library: &Library, links: &[CrossLink]) -> Vec<Vec<PageId>> {
    let mut back: Vec<Vec<PageId>> = vec![Vec::new(); library.pages.len()];
    for link in links {
        back[link.to.0 as usize].push(link.from);
    }
    // Page order, whatever order the links were collected in; once each.
    for list in &mut back {
        list.sort();
        list.dedup();
    }
    back
}

impl Site {
    fn data(&self) -> SiteData<'_> {
        SiteData {
            config: &self.config,
            library: &self.library,
            planning: &self.planning,
            rendered: &self.rendered,
            backlinks: &self.backlinks,
            diagnostics: &self.diagnostics.0,
            page_findings: &self.page_findings,
            addresses: &self.addresses,
            history: &self.history,
            slips: &self.slips,
            changes: &self.changes,
            today: self.today,
            section_pages: &self.section_pages,
        }
    }

    /// Renders every page, generated page and file into `sink` (`build`).
    pub fn render(&mut self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        self.render_all(sink, false).map(drop)
    }

    /// Renders like [`Site::render`], and returns which pages show which
    /// summaries: what the preview needs for incremental updates
    /// ([`Site::update_page`]).
    pub fn render_for_preview(&mut self, sink: &dyn Sink) -> Result<Embeds, Diagnostics> {
        self.render_all(sink, true)
    }

    /// With `embeds`, records which pages show which summaries; without,
    /// the embeds returned are empty.
    fn render_all(&mut self, sink: &dyn Sink, embeds: bool) -> Result<Embeds, Diagnostics> {
        let site_view = self.site_view();
        let value = serde_json::to_value(&site_view).map_err(|e| {
            Diagnostics(vec![Diagnostic::error(
                Kind::Template,
                "site",
                e.to_string(),
            )])
        })?;
        self.templates.set_global("site", &value);
        let data = self.data();
        let templates = &self.templates;
        let indexer = (self.config.search(self.library.pages.len()))
            .then(Indexer::start)
            .transpose()
            .map_err(|d| Diagnostics(vec![d]))?;
        let render_pages = || -> Vec<(Result<(), Diagnostic>, Vec<PageId>)> {
            (0..self.library.pages.len())
                .into_par_iter()
                .map(|i| {
                    let id = PageId(i as u32);
                    self.render_page(&data, id, sink, indexer.as_ref(), embeds)
                })
                .collect()
        };
        let render_generated = || -> Vec<Result<(), Diagnostic>> {
            generated::all(&data)
                .par_iter()
                .map(|g| g.write(&data, templates, sink))
                .collect()
        };
        // Side by side: a long generated page (the dependency map's layout)
        // does not wait for the content pages, nor they for it.
        let (pages, generated_results) = rayon::join(render_pages, render_generated);
        let (page_results, embeds): (Vec<_>, Vec<_>) = pages.into_iter().unzip();
        let copied = self.copy_files(sink);
        let indexed = indexer.map(|indexer| indexer.finish(sink));
        let diags = Diagnostics(
            page_results
                .into_iter()
                .chain(generated_results)
                .chain(copied)
                .chain(indexed)
                .filter_map(Result::err)
                .collect(),
        );
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(embeds)
        }
    }

    /// Renders one content page into `sink`, its body rendered from its
    /// file again. With `embeds`, returns the pages whose summaries it
    /// shows, for the preview's incremental updates. With an `indexer`, the
    /// page goes to the search index too.
    fn render_page(
        &self,
        data: &SiteData<'_>,
        id: PageId,
        sink: &dyn Sink,
        indexer: Option<&Indexer>,
        embeds: bool,
    ) -> (Result<(), Diagnostic>, Vec<PageId>) {
        let page = self.library.page(id);
        let content = match self.body_html(id) {
            Ok(html) => html,
            Err(problem) => return (Err(problem), Vec::new()),
        };
        let render_list_page = |n: usize, url: &str| -> Result<(), Diagnostic> {
            let view = page_view(data, id, &content, n);
            // The home page shows the plan's health at a glance.
            let health = (id == self.library.home()).then(|| health_summary::summary(data));
            let html = self.templates.render(
                &self.template_for(id),
                &[("page", &view), ("health", &health)],
                &page.display_path(),
            )?;
            let path = urls::output_file(url);
            sink.write(&path, html.as_bytes())
                .map_err(|e| Diagnostic::error(Kind::Output, path, format!("cannot write: {e}")))?;
            if let Some(indexer) = indexer {
                indexer.add(id.0 as usize, &page.url, &view);
            }
            Ok(())
        };
        let render = || -> Result<(), Diagnostic> {
            render_list_page(1, &page.url)?;
            for (_, n, path) in self.further_pages_of(id) {
                render_list_page(*n, path)?;
            }
            Ok(())
        };
        if embeds {
            recording_links(render)
        } else {
            (render(), Vec::new())
        }
    }

    /// Page `id`'s body as HTML, from its file: the loaded bodies were let
    /// go of once what other pages show of them was known.
    fn body_html(&self, id: PageId) -> Result<String, Diagnostic> {
        let page = self.library.page(id);
        if !page.on_disk {
            return Ok(String::new());
        }
        let path = self.root.join("content").join(&*page.source);
        let source = content::load::read_body(&path).map_err(|e| {
            Diagnostic::error(
                Kind::Content,
                page.display_path(),
                format!("cannot read it again to write its page: {}", e.message),
            )
            .hint("it changed while the site was built: build again")
        })?;
        Ok(render_body(&self.resolver(), id, &source).0.html)
    }

    /// How page bodies' links are resolved.
    fn resolver(&self) -> Resolver<'_> {
        Resolver {
            library: &self.library,
            base_path: self.config.base_path(),
            files: &self.copied,
            raw_html: self.config.markdown.raw_html,
        }
    }

    /// A section's further list pages, from `section_pages` (sorted by
    /// section, as sections are walked in page order).
    fn further_pages_of(&self, id: PageId) -> &[(PageId, usize, String)] {
        let start = self.section_pages.partition_point(|(s, _, _)| *s < id);
        let end = self.section_pages.partition_point(|(s, _, _)| *s <= id);
        &self.section_pages[start..end]
    }

    fn template_for(&self, id: PageId) -> String {
        let page = self.library.page(id);
        if let Some(t) = &page.fm.template {
            return t.to_string();
        }
        match page.kind {
            PageKind::Section(_)
                if id == self.library.home() && self.templates.has("home.html") =>
            {
                "home.html".into()
            }
            PageKind::Section(_) => "section.html".into(),
            _ => "page.html".into(),
        }
    }

    fn site_view(&self) -> SiteView<'_> {
        let data = self.data();
        SiteView {
            title: &self.config.title,
            description: &self.config.description,
            base_url: &self.config.base_url,
            base_path: self.config.base_path(),
            levels: (0..self.config.levels.len())
                .map(|i| data.level_view(i))
                .collect(),
            menu: self.menu().into_iter().map(|id| data.link(id)).collect(),
            today: self.today.to_string(),
            planned: self.planning.has_plans(),
            search: self.config.search(self.library.pages.len()),
        }
    }

    /// The top-level sections: those holding a level first, in the levels'
    /// order, then the rest in section order (weight, date, title).
    fn menu(&self) -> Vec<PageId> {
        let mut menu: Vec<PageId> = self.library.sections[0]
            .subsections
            .iter()
            .map(|s| self.library.section(*s).index)
            .collect();
        menu.sort_by_key(|id| self.planning.level_of(*id).unwrap_or(usize::MAX));
        menu
    }

    fn copy_files(&self, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
        let content = self.root.join("content");
        let mut jobs: Vec<(String, StaticFile)> = self
            .library
            .assets
            .iter()
            .map(|a| (a.url.clone(), StaticFile::OnDisk(content.join(&a.source))))
            .collect();
        jobs.extend(
            self.statics
                .iter()
                .map(|(path, file)| (path.clone(), file.clone())),
        );
        jobs.par_iter()
            .map(|(path, file)| {
                let bytes = match file {
                    StaticFile::Embedded(bytes) => std::borrow::Cow::Borrowed(*bytes),
                    StaticFile::OnDisk(from) => {
                        std::borrow::Cow::Owned(std::fs::read(from).map_err(|e| {
                            Diagnostic::error(Kind::Output, from, format!("cannot read: {e}"))
                        })?)
                    }
                };
                sink.write(path.trim_start_matches('/'), &bytes)
                    .map_err(|e| {
                        Diagnostic::error(Kind::Output, path.as_str(), format!("cannot write: {e}"))
                    })
            })
            .collect()
    }
}

/// `strata build`: guard the output, load, render into staging, swap.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let output = options.output_dir();
    let target = output::guard(&options.root, &output).map_err(BuildError::Output)?;
    let mut site = load(options).map_err(BuildError::Content)?;
    let staging = Staging::new(&target).map_err(BuildError::Output)?;
    match site.render(&staging) {
        Ok(()) => {
            staging.commit().map_err(BuildError::Output)?;
            Ok(BuildReport {
                pages: site
                    .library
                    .pages
                    .iter()
                    .filter(|p| !p.is_section())
                    .count(),
                sections: site.library.sections.len(),
                elapsed: started.elapsed(),
                output,
                no_history: site.history.unavailable.as_ref().map(|u| u.0),
                warnings: site.diagnostics,
            })
        }
        Err(diags) => {
            staging.abandon();
            Err(BuildError::Content(diags))
        }
    }
}

/// An output path as the user would write it: `public` rather than
/// `./public` or an absolute path under the working directory.
pub fn shown_path(cwd: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(cwd).unwrap_or(path);
    let cleaned: PathBuf = relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    crate::diagnostics::display_path(&cleaned)
}
