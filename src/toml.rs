//! The one place that knows which TOML crate Strata uses.
//!
//! Hugo and Zola sites write frontmatter in TOML between `+++` lines.
//! Like [`crate::yaml`], errors come back with the position inside the TOML
//! text, which callers shift to the real file line.

use crate::yaml::{self, YamlError};
use serde::de::DeserializeOwned;

/// Parses TOML into `T`, and also returns the keys `T` does not know, as
/// dotted paths (`cascade.colour`).
pub fn from_str_with_unknown<T: DeserializeOwned>(
    text: &str,
) -> Result<(T, Vec<String>), YamlError> {
    let de = ::toml::Deserializer::parse(text).map_err(|err| error(text, &err))?;
    let mut unknown = Vec::new();
    let value = serde_ignored::deserialize(de, |path| unknown.push(path.to_string()))
        .map_err(|err| error(text, &err))?;
    Ok((value, unknown))
}

/// The top-level values of `keys`, as YAML values, so that templates see
/// them as they see keys written in YAML. TOML dates become `YYYY-MM-DD` text.
pub fn values(text: &str, keys: &[&str]) -> yaml::Mapping {
    let Ok(table) = text.parse::<::toml::Table>() else {
        return yaml::Mapping::new();
    };
    keys.iter()
        .filter_map(|key| Some(((*key).into(), to_yaml(table.get(*key)?))))
        .collect()
}

/// The 1-based line and column of each line of `text` that sets `key =`.
pub fn key_positions<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    keys(text).filter_map(move |(found, line, column)| (found == key).then_some((line, column)))
}

/// Each key set before the first `[table]`, with its 1-based line.
pub fn top_level_keys(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let tables = text
        .lines()
        .position(|line| line.trim_start().starts_with('['));
    keys(text)
        .take_while(move |(_, line, _)| tables.is_none_or(|table| *line <= table))
        .map(|(key, line, _)| (key, line))
}

/// The key each line sets, with its 1-based line and column:
/// `  "name" = 'B'` → `name`, column 3.
fn keys(text: &str) -> impl Iterator<Item = (&str, usize, usize)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let indented = line.trim_start();
        let (key, rest) = match indented.strip_prefix(['"', '\'']) {
            Some(quoted) => quoted.split_once(['"', '\''])?,
            None => {
                let at = indented.find('=')?;
                (indented[..at].trim_end(), &indented[at..])
            }
        };
        let column = line.len() - indented.len() + 1;
        rest.trim_start()
            .starts_with('=')
            .then_some((key, i + 1, column))
    })
}

fn to_yaml(value: &::toml::Value) -> yaml::Value {
    use ::toml::Value as T;
    match value {
        T::String(s) => yaml::Value::String(s.clone()),
        T::Integer(i) => (*i).into(),
        T::Float(f) => (*f).into(),
        T::Boolean(b) => (*b).into(),
        T::Datetime(d) => yaml::Value::String(d.to_string()),
        T::Array(items) => yaml::Value::Sequence(items.iter().map(to_yaml).collect()),
        T::Table(table) => yaml::Value::Mapping(
            table
                .iter()
                .map(|(k, v)| (k.as_str().into(), to_yaml(v)))
                .collect(),
        ),
    }
}

/// The crate gives a byte span; messages give lines and columns.
fn error(text: &str, err: &::toml::de::Error) -> YamlError {
    let at = err.span().map_or(0, |span| span.start).min(text.len());
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    YamlError {
        line,
        column,
        message: err.message().trim_end().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Weighted {
        weight: i64,
    }

    #[test]
    fn errors_have_positions_and_unknown_keys_are_listed() {
        let err = from_str_with_unknown::<Weighted>("\nweight = \"high\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 10), "{err:?}");
        let err = from_str_with_unknown::<Weighted>("weight = 1\ntitle = \n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        let (w, unknown) =
            from_str_with_unknown::<Weighted>("weight = 3\ncolour = 'red'\n").unwrap();
        assert_eq!((w.weight, unknown), (3, vec!["colour".to_string()]));
    }

    #[test]
    fn values_become_yaml() {
        let text = "when = 2026-09-14\nlist = [1, 'a']\n[nested]\nx = true\n";
        let values = values(text, &["when", "list", "nested", "absent"]);
        assert_eq!(values.get("when"), Some(&yaml::Value::from("2026-09-14")));
        assert_eq!(values.len(), 3);
        assert_eq!(key_positions(text, "list").next(), Some((2, 1)));
        assert_eq!(
            top_level_keys(text).collect::<Vec<_>>(),
            [("when", 1), ("list", 2)],
            "`x` is in [nested]"
        );
    }
}
