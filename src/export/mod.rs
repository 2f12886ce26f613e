//! The plan in other tools' formats: `plan.json` (the planning graph, for
//! scripts and dashboards), `plan.ics` (for calendars) and one `plans.csv`
//! per level (for spreadsheets). Each is written by a library for its
//! format from the same loaded site the pages are rendered from.

mod calendar;
mod plan;
mod table;

pub use plan::SCHEMA;

use crate::render::views::{SiteData, level_path};

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
    /// The file's bytes, or why they could not be made.
    pub fn write(self, data: &SiteData<'_>) -> Result<Vec<u8>, String> {
        match self {
            Export::Plan => plan::json(data).map_err(|e| e.to_string()),
            Export::PlanSchema => Ok(SCHEMA.as_bytes().to_vec()),
            Export::Calendar => Ok(calendar::ics(data).into_bytes()),
            Export::Level(level) => table::csv(data, level).map_err(|e| e.to_string()),
        }
    }
}
