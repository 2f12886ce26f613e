//! Templates: theme lookup, view structs and the pages Strata generates.
//!
//! Site `templates/` shadow the theme's templates of the same name; the
//! default theme is compiled into the binary. Each page gets its own small
//! borrow-only view; whole-site data (levels, menu) sits once in tera's
//! global context, never cloned per page.

pub mod blockers;
pub mod board_view;
pub mod charts;
pub mod dependency_page;
pub mod finding_view;
pub mod generated;
pub mod health_summary;
pub mod history_view;
pub mod outcomes;
pub mod ownership;
pub mod pack;
pub mod page_view;
pub mod paging;
pub mod theme;
pub mod themes;
pub mod timeline;
pub mod views;

use crate::config::Config;
use crate::diagnostics::{CAUSED_BY, Diagnostic, Kind, error_chain};
use serde::Serialize;
use std::path::Path;
use tera::{Context, Tera};

/// A loaded template set, ready to render from many threads.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Loads the default theme, then `themes/<name>/templates`, then the
    /// site's `templates/`, each shadowing the one before.
    pub fn load(root: &Path, config: &Config) -> Result<Templates, Vec<Diagnostic>> {
        let sources = theme::template_sources(root, config)?;
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, text, _)| (name.as_str(), text.as_str())),
        )
        .map_err(|e| vec![template_error(&e, &sources)])?;
        Ok(Templates { tera })
    }

    /// Sets data shared by every page (site title, level navigation ...).
    pub fn set_global(&mut self, key: &'static str, value: &impl Serialize) {
        self.tera.global_context().insert(key, value);
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `template` with `values` inserted at the top level.
    pub fn render(
        &self,
        template: &str,
        values: &[(&'static str, &dyn erased::Value)],
        file: &str,
    ) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        for (key, value) in values {
            value.insert_into(&mut context, key);
        }
        self.tera.render(template, &context).map_err(|e| {
            Diagnostic::error(
                Kind::Template,
                file,
                format!("template {template} failed: {}", error_chain(&e, CAUSED_BY)),
            )
            .hint("fix the template, or remove the site's copy to fall back to the theme")
        })
    }
}

/// Lets views of different types share one `render` call.
pub mod erased {
    use serde::Serialize;
    use tera::Context;

    pub trait Value: Sync {
        fn insert_into(&self, context: &mut Context, key: &'static str);
    }

    impl<T: Serialize + Sync> Value for T {
        fn insert_into(&self, context: &mut Context, key: &'static str) {
            context.insert(key, self);
        }
    }
}

fn template_error(e: &tera::Error, sources: &[(String, String, String)]) -> Diagnostic {
    let (file, line, column) = match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let shown = sources
                .iter()
                .find(|(n, _, _)| n == name)
                .map_or(name.to_string(), |(_, _, path)| path.clone());
            let span = report.span();
            (shown, span.start_line, span.start_col + 1)
        }
        _ => ("templates".to_string(), 0, 0),
    };
    Diagnostic::error(Kind::Template, file, error_chain(e, CAUSED_BY))
        .at(line, column)
        .hint("fix the template syntax")
}
