//! What measurements and surveys share: the questions, the answer scale (numbers or
//! ordered text) and the reading of one answer, where blanks and the answers listed
//! under `ej_svar:` are kept apart from the answers on the scale.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::{Reading, Source};
use crate::diagnostic::Result;
use crate::load::table::{RawRow, RawTable, scalar};
use crate::load::yaml;

/// One question: its column key, its text and a short label for chart axes
/// (`F1: {text: "Hur väl …?", kort: "Veta vad som krävs"}`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct Question {
    pub key: String,
    pub text: String,
    pub short: Option<String>,
}

impl Question {
    /// The label of the question on a chart axis: the short label, else the text.
    pub fn label(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.text)
    }
}

/// The answer scale: whole numbers from `min` to `max` (`{min: 1, max: 5}`) or ordered
/// text answers, lowest first (`[Instämmer inte, Instämmer delvis, Instämmer helt]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Scale {
    Numeric { min: u8, max: u8 },
    Ordered(Vec<String>),
}

impl Scale {
    /// How many answers the scale has.
    pub fn steps(&self) -> usize {
        match self {
            Scale::Numeric { min, max } => usize::from(max.saturating_sub(*min)) + 1,
            Scale::Ordered(answers) => answers.len(),
        }
    }

    /// The answers as written in tables and prose names, lowest first.
    pub fn labels(&self) -> Vec<String> {
        match self {
            Scale::Numeric { min, max } => (*min..=*max).map(|n| n.to_string()).collect(),
            Scale::Ordered(answers) => answers.clone(),
        }
    }

    /// The number of a step on a numeric scale (means are taken of these).
    pub fn value(&self, step: u8) -> Option<i64> {
        match self {
            Scale::Numeric { min, .. } => Some(i64::from(*min) + i64::from(step)),
            Scale::Ordered(_) => None,
        }
    }

    fn valid(&self) -> bool {
        match self {
            Scale::Numeric { min, max } => {
                min <= max && self.steps() < usize::from(Answer::NO_ANSWER.0)
            }
            Scale::Ordered(answers) => {
                !answers.is_empty() && answers.len() < usize::from(Answer::NO_ANSWER.0)
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            Scale::Numeric { min, max } => format!("the scale {min}–{max}"),
            Scale::Ordered(answers) => format!("one of: {}", answers.join(", ")),
        }
    }
}

/// One answer: a step on the scale (0 is the lowest), a declared non-answer
/// (`ej_svar:`, e.g. "Vet ej") or a blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer(u8);

impl Answer {
    /// An answer listed under `ej_svar:`.
    pub const NO_ANSWER: Answer = Answer(254);
    /// An empty cell.
    pub const BLANK: Answer = Answer(255);

    /// A step on the scale.
    pub fn step(step: u8) -> Answer {
        Answer(step)
    }

    /// The step on the scale, when the answer is one.
    pub fn on_scale(self) -> Option<u8> {
        (self.0 < Answer::NO_ANSWER.0).then_some(self.0)
    }
}

/// The questions and how their answers are read.
#[derive(Debug, Clone)]
pub struct Instrument {
    pub questions: Vec<Question>,
    pub scale: Scale,
    /// Answers read as "no answer" (lower-cased), counted apart from blanks.
    no_answer: Vec<String>,
}

/// The questions: inline (`q1: text`) or a YAML file with `scale:` and `questions:`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum QuestionsDecl {
    File(PathBuf),
    Inline(#[schemars(with = "BTreeMap<String, QuestionSchema>")] serde_yaml::Mapping),
}

/// How a question may be written, for the JSON Schema: its text, or its text and a
/// short label for charts.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum QuestionSchema {
    Text(String),
    Labelled { text: String, kort: Option<String> },
}

/// A questions file (the instrument), e.g. `questions.yaml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct QuestionsFile {
    #[serde(alias = "skala")]
    scale: Scale,
    #[serde(alias = "fragor")]
    #[schemars(with = "BTreeMap<String, QuestionSchema>")]
    questions: serde_yaml::Mapping,
}

/// The JSON Schema of a questions file.
pub fn questions_schema() -> schemars::Schema {
    schemars::schema_for!(QuestionsFile)
}

impl Instrument {
    /// The questions (inline or from a file), the scale and the non-answers.
    pub(super) fn read(
        fragor: &QuestionsDecl,
        skala: Option<&Scale>,
        ej_svar: &[String],
        source: &Source,
        reading: &Reading,
    ) -> Result<Instrument> {
        let (map, scale) = match fragor {
            QuestionsDecl::File(file) => {
                let file = reading.file(file, source)?;
                let text = yaml::read_text(&file)?;
                let parsed: QuestionsFile = yaml::parse(&text, &file)?;
                (parsed.questions, parsed.scale)
            }
            QuestionsDecl::Inline(map) => {
                let scale = skala.cloned().ok_or_else(|| {
                    source.error_at(
                        "fragor",
                        "inline questions need a scale: `skala: {min: 1, max: 5}` or `skala: [Instämmer inte, Instämmer delvis, Instämmer helt]`",
                    )
                })?;
                (map.clone(), scale)
            }
        };
        if !scale.valid() || map.is_empty() {
            return Err(source.error_at(
                "fragor",
                "declare at least one question and a scale with min ≤ max (or a list of answers)",
            ));
        }
        let questions = map
            .iter()
            .map(|(k, v)| question(scalar(k), v, source))
            .collect::<Result<Vec<_>>>()?;
        Ok(Instrument {
            questions,
            scale,
            no_answer: ej_svar.iter().map(|v| v.trim().to_lowercase()).collect(),
        })
    }

    /// The answer in one cell; anything off the scale and not a declared non-answer is
    /// an error at the cell.
    pub(super) fn answer(&self, table: &RawTable, row: &RawRow, column: usize) -> Result<Answer> {
        let text = table.cell(row, column);
        if text.is_empty() {
            return Ok(Answer::BLANK);
        }
        let step = match &self.scale {
            Scale::Numeric { min, max } => text
                .parse::<u8>()
                .ok()
                .filter(|n| (*min..=*max).contains(n))
                .map(|n| n - min),
            Scale::Ordered(answers) => answers
                .iter()
                .position(|a| a.trim().to_lowercase() == text.to_lowercase())
                .map(|i| i as u8),
        };
        if let Some(step) = step {
            return Ok(Answer::step(step));
        }
        if self.no_answer.contains(&text.to_lowercase()) {
            return Ok(Answer::NO_ANSWER);
        }
        let message = format!("`{text}` is not an answer on {}", self.scale.describe());
        Err(table.error(row, column, message).with_hint(
            "list answers that are not on the scale under `ej_svar:` to count them apart",
        ))
    }
}

/// A question written as its text, or as `{text: …, kort: …}`.
fn question(key: String, value: &serde_yaml::Value, source: &Source) -> Result<Question> {
    let Some(map) = value.as_mapping() else {
        return Ok(Question {
            key,
            text: scalar(value),
            short: None,
        });
    };
    let field = |name: &str| map.get(name).map(scalar);
    if let Some(other) = map.keys().map(scalar).find(|k| k != "text" && k != "kort") {
        return Err(source.error_at(
            &other,
            format!("question `{key}`: unknown field `{other}`; expected `text` and `kort`"),
        ));
    }
    let text = field("text")
        .ok_or_else(|| source.error_at(&key, format!("question `{key}` needs `text:`")))?;
    Ok(Question {
        key,
        text,
        short: field("kort"),
    })
}
