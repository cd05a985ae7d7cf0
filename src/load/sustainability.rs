//! `data/sustainability.yaml`: per organisation, what it intends to keep after the
//! project and how far that has come.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Result;
use crate::load::yaml;

/// Where the sustainability plans of a report are declared.
pub const DECLARATION: &str = "data/sustainability.yaml";

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Root {
    organisations: Vec<Plan>,
}

/// One organisation's plan.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The organisation, e.g. a municipality.
    pub name: String,
    /// What it intends to keep (markdown).
    #[serde(default)]
    pub keeps: String,
    pub status: Status,
}

/// How far a decision to keep something has come.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Decided,
    Planned,
    Considering,
    NotPlanned,
    Unknown,
}

impl Status {
    /// Every status, in the order summaries list them.
    pub const ALL: [Status; 5] = [
        Status::Decided,
        Status::Planned,
        Status::Considering,
        Status::NotPlanned,
        Status::Unknown,
    ];
}

/// The JSON Schema of `data/sustainability.yaml`.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Root)
}

/// Reads `data/sustainability.yaml`, if the report has one.
pub fn load(report_root: &Path) -> Result<Option<Vec<Plan>>> {
    let Some(path) = super::declared_file(report_root, DECLARATION)? else {
        return Ok(None);
    };
    let root: Root = yaml::parse(&yaml::read_text(&path)?, &path)?;
    Ok(Some(root.organisations))
}
