//! Analysed numbers shaped for a chart: categories × groups of values.

use serde::Serialize;

/// What kind of number a series holds, which decides axis range and formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// People or items; integer axis.
    Count,
    /// Percent (0–100).
    Percent,
    /// A score on a rating scale, e.g. 1–5.
    Score { min: i64, max: i64 },
}

/// A table of values: one value per category and group. A single-group series is a
/// plain bar chart; groups are e.g. women/men, or first/last rating.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// Category labels in display order (e.g. age groups, questions, rating rounds).
    pub categories: Vec<String>,
    pub groups: Vec<Group>,
    pub unit: Unit,
    /// A name for the category axis (e.g. "Åldersgrupp").
    pub category_label: String,
}

/// One named row of values, aligned with `Series::categories`.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub name: String,
    /// `None` marks a suppressed cell: shown as suppressed, never drawn as a value.
    pub values: Vec<Option<f64>>,
}
