//! The planning graph: levels, parents, children and the golden thread.
//!
//! [`graph::link`] resolves every `level`, `parent`, `contributes_to` and
//! `depends_on` into typed ids once, after loading. Everything here is
//! computed once per build and then read by the renderers.

pub mod blockers;
pub mod board;
pub mod burndown;
pub mod dependencies;
pub mod graph;
pub mod health;
pub mod outcomes;
pub mod rebuilt;
pub mod release;
pub mod rollup;
pub mod symptoms;
pub mod themes;
pub mod timeline;

pub use graph::{Planning, link};
pub use rollup::{Rollup, rollup};
