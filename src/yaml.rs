//! The one place that knows which YAML crate Strata uses.
//!
//! `serde_yaml` is unmaintained; `serde_yaml_ng` is its maintained fork.
//! Everything else calls [`from_str`] and gets a [`YamlError`] with the
//! position inside the YAML text, which callers shift to the real file line.

use serde::de::DeserializeOwned;

pub use serde_yaml_ng::Mapping;
pub use serde_yaml_ng::Value;

/// A value as its author wrote it: `42`, `12.5 %`, `true`.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => serde_yaml_ng::to_string(other)
            .map(|text| text.trim_end().to_string())
            .unwrap_or_default(),
    }
}

/// A YAML syntax or type error at a 1-based line and column of the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses YAML into `T`, keeping the error position.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml_ng::from_str(text).map_err(|err| error(text, &err))
}

/// Parses YAML into `T`, and also returns the keys `T` does not know, as
/// dotted paths (`cascade.colour`).
pub fn from_str_with_unknown<T: DeserializeOwned>(
    text: &str,
) -> Result<(T, Vec<String>), YamlError> {
    let mut unknown = Vec::new();
    let value = serde_ignored::deserialize(serde_yaml_ng::Deserializer::from_str(text), |path| {
        unknown.push(path.to_string())
    })
    .map_err(|err| error(text, &err))?;
    Ok((value, unknown))
}

fn error(text: &str, err: &serde_yaml_ng::Error) -> YamlError {
    let message = strip_location(&err.to_string());
    let (line, column) = duplicate_position(text, &message)
        .or_else(|| err.location().map(|loc| (loc.line(), loc.column())))
        .unwrap_or((1, 1));
    YamlError {
        line,
        column,
        message,
    }
}

/// Where a key given twice is given the second time. Serde reports
/// ``duplicate field `title` `` at the start of the mapping; the text
/// knows better.
fn duplicate_position(yaml: &str, message: &str) -> Option<(usize, usize)> {
    let rest = message
        .split_once("duplicate field `")
        .map(|(_, rest)| rest.split_once('`'))
        .or_else(|| {
            message
                .split_once("duplicate entry with key \"")
                .map(|(_, rest)| rest.split_once('"'))
        })??;
    let key = rest.0;
    let nested = message.starts_with(|c: char| c != 'd');
    let mut seen = key_positions(yaml, key).filter(|(_, column)| nested || *column == 1);
    seen.next();
    seen.next()
}

/// `did you mean `title`?` for an unknown key or value close to a known
/// one, read from the message serde writes: ``unknown field `titel`,
/// expected one of `title`, ...``.
pub fn did_you_mean(message: &str) -> Option<String> {
    let rest = message
        .split_once("unknown field `")
        .or_else(|| message.split_once("unknown variant `"))?
        .1;
    let (wrong, expected) = rest.split_once('`')?;
    crate::diagnostics::closest(wrong, expected.split('`').skip(1).step_by(2))
        .map(|known| format!("did you mean `{known}`?"))
}

/// The 1-based line and column of each line of `text` that sets `key:`,
/// at any indentation or as the first key of a `- ` list item. Serde keeps
/// no positions for keys, so errors about them are placed by the text.
pub fn key_positions<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    keys(text).filter_map(move |(found, line, column)| (found == key).then_some((line, column)))
}

/// Each key of the top-level mapping, with its 1-based line.
pub fn top_level_keys(text: &str) -> impl Iterator<Item = (&str, usize)> {
    keys(text).filter_map(|(key, line, column)| (column == 1).then_some((key, line)))
}

/// The key each line sets, with its 1-based line and column:
/// `  - "name": B` → `name`, column 5.
fn keys(text: &str) -> impl Iterator<Item = (&str, usize, usize)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let indented = line.trim_start_matches([' ', '-']);
        let (key, rest) = match indented.strip_prefix(['"', '\'']) {
            Some(quoted) => quoted.split_once(['"', '\''])?,
            None => {
                let at = indented.find(':')?;
                (indented[..at].trim_end(), &indented[at..])
            }
        };
        let column = line.len() - indented.len() + 1;
        rest.trim_start()
            .starts_with(':')
            .then_some((key, i + 1, column))
    })
}

/// The crate appends ` at line L column C`; we print positions ourselves.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
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
    fn a_duplicate_key_is_at_its_second_line() {
        let err = from_str::<Weighted>("weight: 1\nweight: 2\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{}", err.message);
    }

    #[test]
    fn suggests_the_closest_key() {
        let message = "unknown field `titel`, expected one of `title`, `description`";
        assert_eq!(
            did_you_mean(message).as_deref(),
            Some("did you mean `title`?")
        );
        assert_eq!(
            did_you_mean("unknown field `zzzzzz`, expected `title`"),
            None
        );
        assert_eq!(did_you_mean("invalid type"), None);
    }

    #[test]
    fn finds_key_lines() {
        let text = "title: A\nlevels:\n  - key: a\n    name: B\ntitle: C\n";
        assert_eq!(
            key_positions(text, "title").collect::<Vec<_>>(),
            [(1, 1), (5, 1)]
        );
        assert_eq!(key_positions(text, "key").next(), Some((3, 5)));
        assert_eq!(key_positions(text, "name").next(), Some((4, 5)));
        let quoted = "\"title\" : A\n'id': b\n# note: c\nurl: https://x\n";
        assert_eq!(key_positions(quoted, "title").next(), Some((1, 1)));
        assert_eq!(key_positions(quoted, "id").next(), Some((2, 1)));
        assert_eq!(key_positions(quoted, "https").next(), None);
        assert_eq!(
            top_level_keys(text).collect::<Vec<_>>(),
            [("title", 1), ("levels", 2), ("title", 5)]
        );
    }

    #[test]
    fn type_error_has_position_and_plain_message() {
        let err = from_str::<Weighted>("\nweight: high\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("invalid type"), "{}", err.message);
        assert!(!err.message.contains("at line"));
    }
}
