//! All integration tests in one binary: they drive the real `strata`
//! binary (or library) on fixture sites copied into temporary folders.

mod common;

mod a11y;
mod browser;
mod build;
mod check;
mod ci_formats;
mod cli;
mod errors;
mod existing_content;
mod exports;
mod hardening;
mod hardening_io;
mod history;
mod imports;
mod incremental;
mod links;
mod lower_levels;
mod output;
mod paging;
mod planning;
mod rebuilt_burnup;
mod safety;
mod scaffold;
mod schema;
mod search;
mod serve;
mod snapshots;
mod upper;
mod webdriver;
