//! All integration tests in one binary: they drive the real `strata`
//! binary (or library) on fixture sites copied into temporary folders.

mod common;

mod browser;
mod build;
mod check;
mod errors;
mod incremental;
mod links;
mod lower_levels;
mod output;
mod planning;
mod safety;
mod serve;
mod snapshots;
