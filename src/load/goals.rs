//! `data/goals.yaml`: the goal hierarchy an evaluation follows, with quantitative
//! targets that name analysed values and the evaluator's written verdicts.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::diagnostic::Result;
use crate::load::yaml;
use crate::locale::Exact;

/// Where the goals of a report are declared.
pub const DECLARATION: &str = "data/goals.yaml";

/// The parsed goals file, with its source kept for positioned errors.
#[derive(Debug, Clone)]
pub struct GoalsFile {
    pub path: PathBuf,
    pub source: String,
    pub goals: Vec<Goal>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Root {
    goals: Vec<Goal>,
}

/// One goal: an overarching goal (`1`) or a project goal under it (`1a`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: String,
    pub text: String,
    /// Whether the evaluation follows (assesses) this goal.
    #[serde(default)]
    pub followed: bool,
    /// A measurable target; when present the verdict is computed.
    #[serde(default)]
    pub target: Option<Target>,
    /// The evaluator's verdict: required when there is no target, an override otherwise.
    #[serde(default)]
    pub verdict: Option<Verdict>,
    /// Why the verdict is what it is (markdown).
    #[serde(default)]
    pub rationale: Option<String>,
    /// Project goals under this goal.
    #[serde(default)]
    pub goals: Vec<Goal>,
}

/// A quantitative target: `value comparator level`, e.g. `bip.positiv.andel >= 80`.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// An analysed value by its prose name, e.g. `bip.positiv.andel`.
    pub value: String,
    pub comparator: Comparator,
    #[serde(deserialize_with = "level")]
    pub level: f64,
    /// Reaching this level (but not `level`) counts as partly met.
    #[serde(default, deserialize_with = "partly")]
    pub partly: Option<f64>,
    #[serde(default)]
    pub unit: TargetUnit,
}

/// A level that can be printed exactly ([`Exact::from_f64`]), else an error at the
/// number as written.
struct Level(f64);

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Level, D::Error> {
        deserializer.deserialize_f64(Level(0.0))
    }
}

impl Visitor<'_> for Level {
    type Value = Level;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number")
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> std::result::Result<Level, E> {
        Exact::from_f64(value)
            .map(|_| Level(value))
            .map_err(|e| E::custom(format!("this level: {e}")))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> std::result::Result<Level, E> {
        self.visit_f64(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> std::result::Result<Level, E> {
        self.visit_f64(value as f64)
    }
}

fn level<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<f64, D::Error> {
    Level::deserialize(deserializer).map(|l| l.0)
}

fn partly<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<f64>, D::Error> {
    Option::<Level>::deserialize(d).map(|l| l.map(|l| l.0))
}

/// How an actual value is compared with the target level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
pub enum Comparator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = ">")]
    Above,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "<")]
    Below,
}

/// What the target's numbers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TargetUnit {
    Percent,
    #[default]
    Number,
}

/// The assessment of one goal.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Met,
    PartlyMet,
    NotMet,
    NotAssessable,
}

/// The JSON Schema of `data/goals.yaml`.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Root)
}

/// Reads `data/goals.yaml`, if the report has one.
pub fn load(report_root: &Path) -> Result<Option<GoalsFile>> {
    let Some(path) = super::declared_file(report_root, DECLARATION)? else {
        return Ok(None);
    };
    let source = yaml::read_text(&path)?;
    let root: Root = yaml::parse(&source, &path)?;
    Ok(Some(GoalsFile {
        path,
        source,
        goals: root.goals,
    }))
}
