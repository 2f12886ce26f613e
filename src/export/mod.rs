//! The plan in other tools' formats: `plan.json` (the planning graph, for
//! scripts and dashboards), `plan.ics` (for calendars) and one `plans.csv`
//! per level (for spreadsheets). Each is written by a library for its
//! format from the same loaded site the pages are rendered from.

mod calendar;
mod plan;
mod table;

pub use plan::SCHEMA;

use crate::render::views::{SiteData, level_path};
use std::io;

/// One export file.
#[derive(Debug, Clone, Copy)]
pub enum Export {
    Plan,
    /// The JSON Schema of `plan.json`, beside it.
    PlanSchema,
    Calendar,
    /// The plans of a level, by its index.
    Level(usize),
}

pub const PLAN_PATH: &str = "/plan.json";
pub const PLAN_SCHEMA_PATH: &str = "/plan.schema.json";
pub const CALENDAR_PATH: &str = "/plan.ics";

/// `/levels/<key>/plans.csv`.
pub fn level_csv_path(key: &str) -> String {
    format!("{}plans.csv", level_path(key))
}

impl Export {
    /// Writes the file to `out` as it is made.
    pub fn write_to(self, data: &SiteData<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        match self {
            Export::Plan => plan::json(data, out),
            Export::PlanSchema => out.write_all(SCHEMA.as_bytes()),
            Export::Calendar => write!(out, "{}", calendar::ics(data)),
            Export::Level(level) => table::csv(data, level, out),
        }
    }
}
