//! Writing new files: `strata init` scaffolds a whole site, `strata new`
//! one plan page from its level's archetype.
//!
//! Both fill templates with tera, as the theme does. Values that land in
//! YAML go through the `yaml` filter, which quotes them, so a title with a
//! colon or a quote cannot break the frontmatter.

mod init;
mod new;

pub use init::{InitOptions, Model, init};
pub use new::{NewOptions, new_page};

use std::path::PathBuf;
use tera::{Context, Kwargs, State, Tera};

/// Why a scaffold command wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The arguments cannot be carried out (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The site's own files are broken (exit 1).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Content(crate::diagnostics::Diagnostics),
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Renders one template (`name` is shown in errors) with `values`.
fn render(name: &str, template: &str, values: &Context) -> Result<String, ScaffoldError> {
    let mut tera = Tera::default();
    tera.register_filter("yaml", |text: &str, _: Kwargs, _: &State| {
        serde_json::to_string(text).unwrap_or_default()
    });
    tera.render_str(template, values, false).map_err(|e| {
        ScaffoldError::Usage(format!(
            "{name}: {}",
            crate::diagnostics::error_chain(&e, crate::diagnostics::CAUSED_BY)
        ))
    })
}

/// Creates a file that must not exist yet, with its folders.
fn create_new(path: &std::path::Path, text: &str) -> Result<(), ScaffoldError> {
    use std::io::Write;
    let failed = |source| ScaffoldError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(failed)?;
    file.write_all(text.as_bytes()).map_err(failed)
}

/// The closest of `candidates` to `wanted`, if it is close enough to be
/// a likely typo.
fn did_you_mean<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| {
            (
                strsim::levenshtein(&c.to_lowercase(), &wanted.to_lowercase()),
                c,
            )
        })
        .min()
        .filter(|(d, _)| *d <= wanted.len() / 3 + 2)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_filter_quotes_any_title() {
        let mut values = Context::new();
        values.insert("title", "Sprint: \"two\" # 3");
        let text = render("t", "title: {{ title | yaml }}", &values).unwrap();
        let parsed: std::collections::BTreeMap<String, String> =
            crate::yaml::from_str(&text).unwrap();
        assert_eq!(parsed["title"], "Sprint: \"two\" # 3");
    }

    #[test]
    fn did_you_mean_only_for_near_names() {
        let keys = ["vision", "iteration", "daily"];
        assert_eq!(
            did_you_mean("itteration", keys.into_iter()),
            Some("iteration")
        );
        assert_eq!(did_you_mean("Daily", keys.into_iter()), Some("daily"));
        assert_eq!(did_you_mean("roadmap", keys.into_iter()), None);
    }

    #[test]
    fn a_broken_template_names_itself() {
        let err = render("archetypes/daily.md", "{{ title", &Context::new()).unwrap_err();
        assert!(
            err.to_string().starts_with("archetypes/daily.md: "),
            "{err}"
        );
    }
}
