//! mdBook's `SUMMARY.md`: a book's table of contents, in reading order.
//!
//! A site moved from mdBook keeps its `content/SUMMARY.md`; the pages it
//! links come first in their sections, in its order, and it is not a page
//! of its own. Pages it does not list follow, in the usual order.

use pulldown_cmark::{Event, Parser, Tag};
use std::collections::HashMap;

/// The file mdBook reads, at the top of `content/`.
pub const FILE: &str = "SUMMARY.md";

/// Each linked content path (`teams/README.md`) with its position.
pub fn positions(text: &str) -> HashMap<String, u32> {
    let mut positions = HashMap::new();
    let links = Parser::new(text).filter_map(|event| match event {
        Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url),
        _ => None,
    });
    let mut next = 0;
    for dest in links {
        let path = dest.split(['#', '?']).next().unwrap_or_default();
        let path = path.trim_start_matches("./");
        if !path.ends_with(".md") || path.contains("://") {
            continue;
        }
        // Exports name files with literal escapes: the path as written, or
        // decoded, whichever names a file.
        for name in [path.to_string(), crate::urls::decode(path)] {
            positions.entry(name).or_insert(next);
        }
        next += 1;
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_linked_pages_in_reading_order() {
        let text = "# Summary\n\n[Introduction](README.md)\n\n- [Teams](./teams/README.md)\n  - [Roles%2C charters](teams/roles%252C%20charters.md#top)\n- [Site](https://example.com/a.md)\n- [Teams again](teams/README.md)\n";
        let found = positions(text);
        assert_eq!(found["README.md"], 0);
        assert_eq!(found["teams/README.md"], 1);
        assert_eq!(found["teams/roles%2C charters.md"], 2);
        assert_eq!(found["teams/roles%252C%20charters.md"], 2);
        assert_eq!(found.len(), 4, "{found:?}");
    }
}
