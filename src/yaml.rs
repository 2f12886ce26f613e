//! The one place that knows which YAML crate Strata uses.
//!
//! `serde_yaml` is unmaintained; `serde_yaml_ng` is its maintained fork.
//! Everything else calls [`from_str`] and gets a [`YamlError`] with the
//! position inside the YAML text, which callers shift to the real file line.

use serde::de::DeserializeOwned;

pub use serde_yaml_ng::Mapping;
pub use serde_yaml_ng::Value;

/// A YAML syntax or type error at a 1-based line and column of the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses YAML into `T`, keeping the error position.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml_ng::from_str(text).map_err(|err| {
        let (line, column) = err
            .location()
            .map(|loc| (loc.line(), loc.column()))
            .unwrap_or((1, 1));
        YamlError {
            line,
            column,
            message: strip_location(&err.to_string()),
        }
    })
}

/// The 1-based line of the first mapping key `key` in `text` (at any
/// indentation, quoted or not), or `None`. YAML values keep no positions
/// once parsed, so messages about them find their line here.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            [line, line.trim_start_matches(['"', '\''])]
                .iter()
                .any(|l| {
                    l.strip_prefix(key).is_some_and(|rest| {
                        rest.trim_start_matches(['"', '\''])
                            .trim_start()
                            .starts_with(':')
                    })
                })
        })
        .map(|i| i + 1)
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
    fn key_line_finds_keys_not_values() {
        let text = "title: stale\nhealth:\n  \"stale\": off\n  - past-end: error\n";
        assert_eq!(key_line(text, "stale"), Some(3));
        assert_eq!(key_line(text, "past-end"), Some(4));
        assert_eq!(key_line(text, "title"), Some(1));
        assert_eq!(key_line(text, "tit"), None);
    }

    #[test]
    fn type_error_has_position_and_plain_message() {
        let err = from_str::<Weighted>("\nweight: high\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("invalid type"), "{}", err.message);
        assert!(!err.message.contains("at line"));
    }
}
