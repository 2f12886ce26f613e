//! Typed ids of pages and sections, shared by every stage (findings name
//! their page by id long before templates look the page up).

/// Index of a page (section index pages included) in
/// [`Library::pages`](crate::content::Library::pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(pub u32);

/// Index of a section in [`Library::sections`](crate::content::Library::sections).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionId(pub u32);
