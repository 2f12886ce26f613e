//! Judging the frontmatter keys Strata does not know.
//!
//! Sites moving from another generator carry its keys (`layout`, `author`,
//! `toc`...). They are kept for templates and, by the site's `frontmatter:`
//! setting, reported as warnings, errors or not at all. A key one typo away
//! from a known one (`staus`) is always an error, unless reports are off:
//! the page would silently lose what its author meant.

use super::frontmatter::{FrontMatter, UnknownKey};
use super::library::Library;
use crate::config::FrontmatterPolicy;
use crate::diagnostics::{Diagnostic, Kind, Subject, closest};
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// The finding for each unknown key of each page.
pub fn check(library: &Library, policy: FrontmatterPolicy) -> Vec<Diagnostic> {
    if policy == FrontmatterPolicy::Ignore {
        return Vec::new();
    }
    let known = known_keys();
    let mut findings = Vec::new();
    for (id, page) in library.page_ids().zip(&library.pages) {
        for key in &page.fm.unknown {
            findings
                .push(finding(key, known, policy, page.display_path()).about(Subject::Page(id)));
        }
    }
    findings
}

fn finding(
    key: &UnknownKey,
    known: &[&str],
    policy: FrontmatterPolicy,
    file: String,
) -> Diagnostic {
    let name = key.path.rsplit('.').next().unwrap_or(&key.path);
    let message = format!("unknown frontmatter key `{}`", key.path);
    let finding = match closest(name, known.iter().copied()) {
        Some(near) => Diagnostic::error(Kind::Frontmatter, file, message)
            .hint(format!("did you mean `{near}`?")),
        None if policy == FrontmatterPolicy::Strict => {
            Diagnostic::error(Kind::UnknownKey, file, message).hint(
                "put custom data under `extra:`, or set `frontmatter: warn` in strata.yaml",
            )
        }
        None => Diagnostic::new(Kind::UnknownKey, file, message).hint(format!(
            "templates see it as page.extra.{name}; set `frontmatter: ignore` in strata.yaml to accept such keys silently"
        )),
    };
    finding.at(key.line, key.column)
}

/// The keys [`FrontMatter`] reads, asked of its `Deserialize` so that the
/// list can never drift from the fields.
pub(crate) fn known_keys() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = FrontMatter::deserialize(FieldNames(&mut fields));
    fields
}

/// A deserializer that only records the field names a struct asks for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("only the field names are wanted"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(path: &str) -> UnknownKey {
        UnknownKey {
            path: path.into(),
            line: 3,
            column: 1,
        }
    }

    #[test]
    fn knows_the_fields_and_their_aliases() {
        let known = known_keys();
        for name in ["title", "status", "linkTitle", "cascade", "extra"] {
            assert!(known.contains(&name), "{name}: {known:?}");
        }
    }

    #[test]
    fn near_misses_are_errors_others_follow_the_policy() {
        let known = known_keys();
        let near = finding(&key("staus"), known, FrontmatterPolicy::Warn, "a.md".into());
        assert_eq!(near.kind, Kind::Frontmatter);
        assert_eq!(near.hint.as_deref(), Some("did you mean `status`?"));
        let nested = finding(
            &key("cascade.parnet"),
            known,
            FrontmatterPolicy::Warn,
            "a.md".into(),
        );
        assert_eq!(nested.hint.as_deref(), Some("did you mean `parent`?"));
        for other in [
            "layout", "author", "toc", "type", "image", "keywords", "menu",
        ] {
            let warned = finding(&key(other), known, FrontmatterPolicy::Warn, "a.md".into());
            assert_eq!(warned.kind, Kind::UnknownKey, "{other}");
        }
        let strict = finding(
            &key("layout"),
            known,
            FrontmatterPolicy::Strict,
            "a.md".into(),
        );
        assert_eq!(strict.severity, crate::diagnostics::Severity::Error);
    }
}
