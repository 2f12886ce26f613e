//! Where a page writes each of its own frontmatter keys, so that a finding
//! about a key points at its line.
//!
//! Every page keeps these for as long as the site is previewed, so they
//! are two allocations a page rather than one string a key.

/// The file line of each top-level frontmatter key of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLines {
    /// Every key, one after another.
    text: Box<str>,
    /// For each key, in order: where it ends in `text`, and its 1-based
    /// file line. A file is at most 8 MiB, so both fit in a `u32`.
    keys: Box<[(u32, u32)]>,
}

impl KeyLines {
    pub fn new<'a>(keys: impl IntoIterator<Item = (&'a str, usize)>) -> KeyLines {
        let mut text = String::new();
        let mut ends = Vec::new();
        for (key, line) in keys {
            text.push_str(key);
            ends.push((text.len() as u32, line as u32));
        }
        KeyLines {
            text: text.into(),
            keys: ends.into(),
        }
    }

    /// The line of `key`, if the page sets it itself.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        let mut start = 0;
        for &(end, line) in &self.keys {
            let end = end as usize;
            if &self.text[start..end] == key {
                return Some(line as usize);
            }
            start = end;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_key_and_only_whole_keys() {
        let lines = KeyLines::new([("title", 2), ("status", 3), ("", 4), ("été", 7)]);
        assert_eq!(lines.line_of("title"), Some(2));
        assert_eq!(lines.line_of("status"), Some(3));
        assert_eq!(lines.line_of("été"), Some(7));
        assert_eq!(lines.line_of("stat"), None);
        assert_eq!(lines.line_of("titlestatus"), None);
        assert_eq!(KeyLines::default().line_of("title"), None);
    }
}
