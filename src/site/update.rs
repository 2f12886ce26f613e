//! Rebuilding only what an edited page affects, so that `serve` stays
//! instant on sites of thousands of pages.
//!
//! Only an edit to the *body* of an existing page is handled here: its
//! frontmatter and `# heading` (everything the planning graph, navigation
//! and lists are made of) must be unchanged. The page is re-rendered, and so
//! are the pages that show its summary (learned while rendering, see
//! [`recording_links`](crate::render::views::recording_links)) and the
//! pages whose "Referenced by" list changes. Anything else — a new,
//! deleted or renamed file, a frontmatter edit, a link that breaks or mends,
//! a task-list item added, removed or ticked, a new summary where the site
//! has a search index, config, templates — asks for a full rebuild.

use super::{Embeds, Site, backlinks, render_body};
use crate::content::{PageId, load::read_and_parse};
use crate::diagnostics::{Kind, Subject};
use crate::links::{self, CrossLink, SiteIndex};
use crate::output::MemorySink;
use std::collections::BTreeSet;

/// What an edit needs.
#[derive(Debug)]
pub enum Update {
    /// Only these pages changed; their new output is in the sink.
    Pages(Vec<PageId>),
    /// The edit may reach further than this module can tell.
    Full,
}

impl Site {
    /// Applies an edit of the file `content/<source>` and renders what it
    /// affects into `sink`; `embeds` come from [`Site::render_for_preview`]
    /// and are kept up to date.
    pub fn update_page(&mut self, source: &str, sink: &MemorySink, embeds: &mut Embeds) -> Update {
        let Some(id) = self.library.by_source(source) else {
            return Update::Full;
        };
        let Ok(parsed) = read_and_parse(&self.root.join("content").join(source)) else {
            return Update::Full;
        };
        let i = id.0 as usize;
        if embeds.len() != self.library.pages.len()
            || parsed.header_hash != self.library.pages[i].header_hash
        {
            return Update::Full;
        }
        // The title heading may have moved, or a `# heading` come or gone.
        let headings = parsed.heading_plan(self.library.pages[i].fm.title.as_deref());
        let old_headings = std::mem::replace(&mut self.library.pages[i].headings, headings);
        match self.affected_by_body_edit(id, &parsed.body, embeds) {
            Some(affected) => {
                let data = self.data();
                let results: Vec<_> = affected
                    .iter()
                    .map(|p| self.render_page(&data, *p, sink, None, true))
                    .collect();
                if results.iter().any(|(r, _)| r.is_err()) {
                    return Update::Full;
                }
                for (page, (_, shown)) in affected.iter().zip(results) {
                    embeds[page.0 as usize] = shown;
                }
                Update::Pages(affected.into_iter().collect())
            }
            None => {
                self.library.pages[i].headings = old_headings;
                Update::Full
            }
        }
    }

    /// Re-renders the edited body, and returns the pages to re-render, or
    /// `None` when a full rebuild is needed. Keeps the site unchanged on `None`.
    fn affected_by_body_edit(
        &mut self,
        id: PageId,
        body: &str,
        embeds: &Embeds,
    ) -> Option<BTreeSet<PageId>> {
        let (mut rendered, links) = render_body(&self.resolver(), id, body);
        // The page is rendered from its file again when it is written.
        rendered.html = String::new();
        let i = id.0 as usize;
        let old = &self.rendered[i];
        let summary_changed = rendered.summary != old.summary;
        let toc_changed = rendered.toc != old.toc;
        let has_problems = !rendered.problems.is_empty();
        // Task counts show in roll-ups, boards and level indexes.
        let tasks_changed = rendered.tasks != old.tasks;
        // A link of this page that is broken now, or was before, changes the
        // findings: leave that to a full build, which reports it.
        let mut all_rendered = std::mem::take(&mut self.rendered);
        let old_rendered = std::mem::replace(&mut all_rendered[i], rendered);
        let index = SiteIndex {
            library: &self.library,
            rendered: &all_rendered,
            generated: &self.generated,
            files: &self.copied,
        };
        let broken_now = !links::check(&index, &links).is_empty();
        let broken_before = self
            .diagnostics
            .iter()
            .any(|d| d.kind == Kind::BrokenLink && d.subject == Subject::Page(id));
        let anchored_from_elsewhere =
            toc_changed && (self.links.iter()).any(|l| l.to == id && l.to_heading);
        let in_menu = summary_changed
            && self.library.sections[0]
                .subsections
                .iter()
                .any(|s| self.library.section(*s).index == id);
        // The search index holds every page's summary; it is built whole.
        let indexed = summary_changed && self.config.search(self.library.pages.len());
        if has_problems
            || broken_now
            || broken_before
            || anchored_from_elsewhere
            || in_menu
            || tasks_changed
            || indexed
        {
            all_rendered[i] = old_rendered;
            self.rendered = all_rendered;
            return None;
        }
        self.rendered = all_rendered;

        let links = CrossLink::among(&links);
        let targets = |links: &mut dyn Iterator<Item = &CrossLink>| -> BTreeSet<PageId> {
            links.map(|l| l.to).collect()
        };
        let old_targets = targets(&mut self.links.iter().filter(|l| l.from == id));
        let new_targets = targets(&mut links.iter());
        self.links.retain(|l| l.from != id);
        self.links.extend(links);

        let mut affected: BTreeSet<PageId> = BTreeSet::from([id]);
        if summary_changed {
            affected.extend(
                self.library
                    .page_ids()
                    .filter(|p| embeds[p.0 as usize].contains(&id)),
            );
        }
        if old_targets != new_targets {
            self.backlinks = backlinks(&self.library, &self.links);
            affected.extend(old_targets.symmetric_difference(&new_targets));
        }
        Some(affected)
    }
}
