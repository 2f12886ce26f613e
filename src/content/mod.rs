//! The content tree: pages and sections read from `content/`.
//!
//! [`frontmatter`] parses one file from a string; [`load`] walks the tree,
//! applies `cascade:` and builds the read-only [`Library`].

pub mod frontmatter;
pub mod key_lines;
pub mod keys;
pub mod library;
pub mod load;
pub mod summary;

pub use frontmatter::{Capacity, FrontMatter, Health, OutcomeEntry, Status};
pub use library::{Library, Page, PageId, PageKind, Section, SectionId};
pub use load::{LoadOptions, load};
