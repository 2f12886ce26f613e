//! `strata check --format github`: one GitHub Actions workflow command per
//! finding (`::warning file=…,line=…::…`), which the Actions runner shows
//! as an annotation on the file and line in the pull request.
//!
//! Escaping follows the runner's rules (actions/toolkit `command.ts`):
//! `%`, `\r` and `\n` in the message; also `:` and `,` in properties.

use super::repo_path;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use std::path::Path;

/// The workflow commands for every finding, one per line.
pub fn commands(diags: &Diagnostics, root: &Path) -> String {
    diags.iter().map(|d| command(d, root) + "\n").collect()
}

fn command(d: &Diagnostic, root: &Path) -> String {
    let name = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = vec![format!(
        "file={}",
        escape_property(&repo_path(root, &d.file))
    )];
    if d.line > 0 {
        properties.push(format!("line={}", d.line));
    }
    if d.column > 0 {
        properties.push(format!("col={}", d.column));
    }
    properties.push(format!("title={}", escape_property(d.kind.name())));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhelp: ");
        message.push_str(hint);
    }
    format!(
        "::{name} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Kind;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("100%\r\nnext"), "100%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn leaves_out_unknown_positions() {
        let d = Diagnostic::warning(Kind::MissingLevel, "strata.yaml", "no plans")
            .hint("add, some: plans");
        assert_eq!(
            command(&d, Path::new(".")),
            "::warning file=strata.yaml,title=missing-level::no plans%0Ahelp: add, some: plans"
        );
        let d =
            Diagnostic::error(Kind::BrokenLink, "content/my plan, v2.md", "50% broken").at(3, 7);
        assert_eq!(
            command(&d, Path::new("site")),
            "::error file=site/content/my plan%2C v2.md,line=3,col=7,title=broken-link::50%25 broken"
        );
    }
}
