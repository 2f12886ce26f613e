//! All integration tests in one binary: they drive the real `strata`
//! binary (or library) on fixture sites copied into temporary folders.

mod common;

mod a11y;
mod browser;
mod build;
mod check;
mod errors;
mod existing_content;
mod history;
mod incremental;
mod links;
mod output;
mod planning;
mod safety;
mod serve;
mod snapshots;
mod webdriver;
