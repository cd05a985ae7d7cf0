//! The analysis of a whole project in one value: statistics, sustainability tally,
//! goal verdicts and the computed values prose reads.

use serde_json::{Map, Value};

use super::Statistics;
use super::goals::{self, Assessment};
use super::sustainability::{self, Tally};
use crate::diagnostic::{Diagnostic, Result};
use crate::load::Project;
use crate::load::dataset;

/// Everything computed from one loaded [`Project`].
#[derive(Debug)]
pub struct Analysis {
    /// The statistics of `data/statistics.yaml`, if the report declares any.
    pub statistics: Option<Statistics>,
    /// The count per status of the sustainability plans, if there are any.
    pub sustainability: Option<Tally>,
    /// The verdicts of `data/goals.yaml`, in document order.
    pub goals: Vec<Assessment>,
    /// The computed values prose reads: the statistics' figures and, under
    /// `hallbarhet`, the sustainability tally (the goals' words are added by the
    /// document, which formats them).
    pub values: Map<String, Value>,
    /// What the figures warn about, in the files that declare them.
    pub warnings: Vec<Diagnostic>,
}

/// Computes everything a project's document shows.
pub fn analyse(project: &Project) -> Result<Analysis> {
    let statistics = statistics(project)?;
    let lang = project.config.language;
    let mut values = match statistics.as_ref().map(|s| s.context(lang)) {
        Some(Value::Object(values)) => values,
        _ => Map::new(),
    };
    let sustainability = project.sustainability.as_deref().map(sustainability::tally);
    if let Some(tally) = &sustainability {
        values.insert("hallbarhet".to_owned(), tally.context());
    }
    let goals = assess_goals(project, statistics.as_ref(), &values)?;
    let declaration = project.root.join(dataset::DECLARATION);
    let warnings = statistics.iter().flat_map(Statistics::warnings);
    Ok(Analysis {
        warnings: warnings.map(|w| w.clone().in_file(&declaration)).collect(),
        statistics,
        sustainability,
        goals,
        values,
    })
}

/// The statistics of the project's dataset, if it declares one.
fn statistics(project: &Project) -> Result<Option<Statistics>> {
    let Some(dataset) = &project.dataset else {
        return Ok(None);
    };
    let config = &project.config;
    Statistics::compute(dataset, config.suppression_threshold, config.language)
        .map(Some)
        .map_err(|e| e.in_file(project.root.join(dataset::DECLARATION)))
}

/// Verdicts for `data/goals.yaml`. A target names a computed value (withheld when
/// suppressed) or a number in `data/`.
fn assess_goals(
    project: &Project,
    statistics: Option<&Statistics>,
    computed: &Map<String, Value>,
) -> Result<Vec<Assessment>> {
    let Some(file) = &project.goals else {
        return Ok(Vec::new());
    };
    let lookup = |name: &str| match goals::value_at(computed, name) {
        Some(Value::Number(n)) => Some(n.as_f64()),
        Some(_) => Some(statistics.and_then(|s| s.value(name))),
        None => goals::value_at(&project.data, name).map(Value::as_f64),
    };
    goals::assess(file, &lookup)
}
