//! `bip:`: progression ratings of the participants on a numeric card, read by
//! participant id and date; a blank or missing score leaves that question out for that
//! occasion.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Deserialize;

use super::ids::IdIndex;
use super::{Reading, Source};
use crate::diagnostic::Result;
use crate::load::table::{FileDecl, RawRow, RawTable, scalar};
use crate::load::yaml;

/// The progression ratings, grouped by participant.
#[derive(Debug, Clone)]
pub struct Ratings {
    pub questions: Vec<Question>,
    pub scale: Scale,
    pub marks: MarkConfig,
    /// Per participant (same index as `Participants::gender`), ratings sorted by date.
    pub by_person: Vec<Vec<Rating>>,
}

/// One question of the rating card: its column key, its text and a short label for
/// chart axes (`F1: {text: "Hur väl …?", kort: "Veta vad som krävs"}`).
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

/// The rating scale, inclusive.
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: u8,
    pub max: u8,
}

/// One rating occasion: a date and one score per question (`None`: not answered).
#[derive(Debug, Clone)]
pub struct Rating {
    pub date: NaiveDate,
    pub scores: Box<[Option<u8>]>,
}

/// How questions are marked by rank of the number improved (`markering:`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkConfig {
    /// How many top-ranked questions are marked best (green).
    #[serde(default = "one", rename = "basta")]
    pub best: usize,
    /// How many of the following are marked good (yellow).
    #[serde(default = "four", rename = "goda")]
    pub good: usize,
    /// How many bottom-ranked questions are marked weakest (red).
    #[serde(default = "two", rename = "svagaste")]
    pub weak: usize,
    /// Legend texts replacing the defaults.
    #[serde(default, rename = "text")]
    pub legend: LegendTexts,
}

/// Legend texts for the three marks; `None` uses the language's default.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegendTexts {
    #[serde(rename = "basta")]
    pub best: Option<String>,
    #[serde(rename = "goda")]
    pub good: Option<String>,
    #[serde(rename = "svagaste")]
    pub weak: Option<String>,
}

impl Default for MarkConfig {
    fn default() -> Self {
        MarkConfig {
            best: 1,
            good: 4,
            weak: 2,
            legend: LegendTexts::default(),
        }
    }
}

fn one() -> usize {
    1
}
fn four() -> usize {
    4
}
fn two() -> usize {
    2
}

/// `bip:`: the ratings file, its columns, the questions and the scale.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RatingsDecl {
    #[serde(flatten)]
    file: FileDecl,
    #[serde(default)]
    kolumner: RatingColumns,
    fragor: QuestionsDecl,
    #[serde(default)]
    skala: Option<Scale>,
    #[serde(default)]
    markering: Option<MarkConfig>,
    /// Values read as "no answer" besides an empty cell (`["Vet ej"]`).
    #[serde(default)]
    ej_svar: Vec<String>,
    /// Any other key: an error at its line.
    #[serde(flatten)]
    #[schemars(skip)]
    unknown: BTreeMap<String, serde_yaml::Value>,
}

/// The participant id and date columns of the ratings file.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RatingColumns {
    deltagare: String,
    datum: String,
}

impl Default for RatingColumns {
    fn default() -> Self {
        RatingColumns {
            deltagare: "deltagare".into(),
            datum: "datum".into(),
        }
    }
}

/// The questions: inline (`q1: text`) or a YAML file with `scale:` and `questions:`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum QuestionsDecl {
    File(PathBuf),
    Inline(#[schemars(with = "BTreeMap<String, QuestionSchema>")] serde_yaml::Mapping),
}

/// How a question may be written, for the JSON Schema: its text, or its text and a
/// short label for charts.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum QuestionSchema {
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

/// Reads the ratings and groups them by participant.
pub fn read(
    decl: &RatingsDecl,
    ids: &IdIndex,
    source: &Source,
    reading: &Reading,
) -> Result<Ratings> {
    if let Some(key) = decl.unknown.keys().next() {
        return Err(source.error_at(key, format!("unknown field `{key}` in `bip:`")));
    }
    let (questions, scale) = questions_and_scale(decl, source, reading)?;
    reading.file(&decl.file.fil, source)?;
    let table = RawTable::read(reading.data_dir, &decl.file, reading.limit)?;
    let id_column = table.column(&decl.kolumner.deltagare)?;
    let date_column = table.column(&decl.kolumner.datum)?;
    let score_columns = questions
        .iter()
        .map(|q| table.column(&q.key))
        .collect::<Result<Vec<_>>>()?;
    let no_answer: Vec<String> = decl
        .ej_svar
        .iter()
        .map(|v| v.trim().to_lowercase())
        .collect();
    let mut by_person: Vec<Vec<Rating>> = vec![Vec::new(); ids.len()];
    for row in table.rows() {
        let row = row?;
        let id = table.cell(&row, id_column);
        let person = ids.get(id).ok_or_else(|| {
            table.error(&row, id_column, format!("no participant has the id `{id}`"))
        })?;
        let date_text = table.cell(&row, date_column);
        let date = table.dates().parse(date_text).ok_or_else(|| {
            let expected = table.dates().describe();
            table.error(
                &row,
                date_column,
                format!("`{date_text}` is not a date ({expected})"),
            )
        })?;
        let scores = score_columns
            .iter()
            .map(|&c| score(&table, &row, c, scale, &no_answer))
            .collect::<Result<Box<[Option<u8>]>>>()?;
        by_person[person as usize].push(Rating { date, scores });
    }
    for ratings in &mut by_person {
        ratings.sort_by_key(|r| r.date);
    }
    Ok(Ratings {
        questions,
        scale,
        marks: decl.markering.clone().unwrap_or_default(),
        by_person,
    })
}

/// One score: a whole number on the scale, or no answer (blank or listed in `ej_svar:`).
fn score(
    table: &RawTable,
    row: &RawRow,
    column: usize,
    scale: Scale,
    no_answer: &[String],
) -> Result<Option<u8>> {
    let text = table.cell(row, column);
    if let Ok(score) = text.parse::<u8>()
        && (scale.min..=scale.max).contains(&score)
    {
        return Ok(Some(score));
    }
    if text.is_empty() || no_answer.contains(&text.to_lowercase()) {
        return Ok(None);
    }
    let message = format!(
        "`{text}` is not a rating on the scale {}–{}",
        scale.min, scale.max
    );
    Err(table
        .error(row, column, message)
        .with_hint("list answers that are not ratings under `ej_svar:` to leave them out"))
}

fn questions_and_scale(
    decl: &RatingsDecl,
    source: &Source,
    reading: &Reading,
) -> Result<(Vec<Question>, Scale)> {
    let (map, scale) = match &decl.fragor {
        QuestionsDecl::File(file) => {
            let file = reading.file(file, source)?;
            let text = yaml::read_text(&file)?;
            let parsed: QuestionsFile = yaml::parse(&text, &file)?;
            (parsed.questions, parsed.scale)
        }
        QuestionsDecl::Inline(map) => {
            let scale = decl.skala.ok_or_else(|| {
                source.error_at("fragor", "inline questions need `skala: {min: 1, max: 5}`")
            })?;
            (map.clone(), scale)
        }
    };
    if scale.min > scale.max || map.is_empty() {
        return Err(source.error_at(
            "fragor",
            "declare at least one question and a scale with min ≤ max",
        ));
    }
    let questions = map
        .iter()
        .map(|(k, v)| question(scalar(k), v, source))
        .collect::<Result<Vec<_>>>()?;
    Ok((questions, scale))
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
