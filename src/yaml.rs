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
    fn type_error_has_position_and_plain_message() {
        let err = from_str::<Weighted>("\nweight: high\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("invalid type"), "{}", err.message);
        assert!(!err.message.contains("at line"));
    }
}
