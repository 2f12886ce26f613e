//! Strata turns a git repository of markdown planning pages into a
//! cross-linked framework site.
//!
//! The data flows one way, one module per stage:
//! [`config`] → [`content`] (load and parse) → [`planning`] (the parent graph)
//! → [`markdown`] and [`links`] (render bodies, resolve and check links)
//! → [`render`] (templates, and the [`search`] index of the pages written)
//! → [`output`] (staging dir, swap).
//! [`site`] drives the stages; [`serve`] keeps a built site in memory for
//! the live preview. [`history`] reads the plans' past from [`git`] beside
//! the loading.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod export;
pub mod findings;
pub mod git;
pub mod history;
pub mod ids;
pub mod links;
pub mod markdown;
pub mod output;
pub mod planning;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod toml;
pub mod urls;
pub mod yaml;
