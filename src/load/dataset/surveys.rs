//! `enkater:`: one-off surveys, possibly anonymous: one row per respondent with their
//! answers and, when asked, their gender and other background (`bakgrund:`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::dimensions;
use super::instrument::{Answer, Instrument, QuestionsDecl, Scale};
use super::participants::{GenderDecl, GenderReader, MissingValues};
use super::{Dimension, Gender, Reading, Source};
use crate::diagnostic::Result;
use crate::load::table::{FileDecl, RawTable};

/// One survey's answers, one row per respondent.
#[derive(Debug, Clone)]
pub struct Survey {
    /// The name under `enkater:`, in prose and in `{table}` queries.
    pub name: String,
    pub instrument: Instrument,
    /// How many of the highest answers count as agreeing (`instammer:`, default 2).
    pub agreeing: usize,
    /// Per respondent, when the survey asks for gender.
    pub gender: Option<Vec<Gender>>,
    /// The label of [`Gender::Other`].
    pub other_label: String,
    /// The other background questions, as breakdowns of the respondents.
    pub dimensions: Vec<Dimension>,
    /// Per respondent, one answer per question.
    pub answers: Vec<Box<[Answer]>>,
}

/// One survey: its file, background columns, questions and scale.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SurveyDecl {
    #[serde(flatten)]
    file: FileDecl,
    /// The respondent's background: `kon: Kön` (or `{kolumn: Kön, kvinna: […], …}`) and
    /// any breakdowns as under `dimensioner:`.
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, serde_json::Value>>")]
    bakgrund: Option<serde_yaml::Mapping>,
    /// The answers in order, lowest first, or `{min: 1, max: 5}`.
    #[serde(default)]
    skala: Option<Scale>,
    /// Answers counted apart from the scale (`["Vet ej"]`); blanks always are.
    #[serde(default)]
    ej_svar: Vec<String>,
    /// Background values read as missing besides an empty cell.
    #[serde(default)]
    saknas: Vec<String>,
    /// How many of the highest answers count as agreeing (default 2).
    #[serde(default)]
    instammer: Option<usize>,
    fragor: QuestionsDecl,
    /// Any other key: an error at its line.
    #[serde(flatten)]
    #[schemars(skip)]
    unknown: BTreeMap<String, serde_yaml::Value>,
}

/// Reads one survey.
pub fn read(name: &str, decl: &SurveyDecl, source: &Source, reading: &Reading) -> Result<Survey> {
    source.refuse_unknown(&decl.unknown, &format!("enkater.{name}"))?;
    let source = &source.section("enkater").section(name);
    let instrument = Instrument::read(
        &decl.fragor,
        decl.skala.as_ref(),
        &decl.ej_svar,
        source,
        reading,
    )?;
    let agreeing = decl.instammer.unwrap_or(2);
    if agreeing == 0 || agreeing > instrument.scale.steps() {
        return Err(source.error_at(
            "instammer",
            format!(
                "`instammer: {agreeing}`: between 1 and the {} answers of the scale",
                instrument.scale.steps()
            ),
        ));
    }
    reading.file(&decl.file.fil, source)?;
    let table = RawTable::read(reading.data_dir, &decl.file, reading.limit)?;
    let (gender_decl, background) = split_background(decl.bakgrund.as_ref(), source)?;
    let genders = match &gender_decl {
        None => None,
        Some(GenderColumn::Header(column)) => {
            Some(GenderReader::new(None, Some(column), &table, source)?)
        }
        Some(GenderColumn::Declared(decl)) => {
            Some(GenderReader::new(Some(decl), None, &table, source)?)
        }
    };
    let has_gender = genders.is_some();
    let mut breakdowns =
        dimensions::declared(Vec::new(), Some(&background), &table, source, reading.lang)?;
    let missing = MissingValues::new(&decl.saknas);
    let columns = instrument
        .questions
        .iter()
        .map(|q| source.column(&table, &q.key))
        .collect::<Result<Vec<_>>>()?;
    let mut gender = Vec::new();
    let mut answers = Vec::new();
    table.for_each_row(|row| {
        if let Some(genders) = &genders {
            gender.push(genders.read(&table, row, &missing)?);
        }
        for breakdown in &mut breakdowns {
            breakdown.read(&table, row, &missing)?;
        }
        answers.push(
            columns
                .iter()
                .map(|&c| instrument.answer(&table, row, c))
                .collect::<Result<Box<[Answer]>>>()?,
        );
        Ok(())
    })?;
    let words = &reading.lang.words().statistics;
    Ok(Survey {
        name: name.to_owned(),
        instrument,
        agreeing,
        other_label: genders
            .and_then(|g| g.other_label)
            .unwrap_or_else(|| words.other_gender.to_owned()),
        gender: has_gender.then_some(gender),
        dimensions: breakdowns
            .into_iter()
            .map(|b| b.finish(words.missing))
            .collect(),
        answers,
    })
}

/// `bakgrund.kon`: a column with the usual codes, or a declaration of its codes.
enum GenderColumn {
    Header(String),
    Declared(GenderDecl),
}

/// The gender entry of `bakgrund:` and the other breakdowns.
fn split_background(
    background: Option<&serde_yaml::Mapping>,
    source: &Source,
) -> Result<(Option<GenderColumn>, serde_yaml::Mapping)> {
    let mut rest = background.cloned().unwrap_or_default();
    let gender = match rest.remove("kon") {
        None => None,
        Some(serde_yaml::Value::String(column)) => Some(GenderColumn::Header(column)),
        Some(value) => serde_yaml::from_value(value)
            .map(GenderColumn::Declared)
            .map(Some)
            .map_err(|e| source.error_at("kon", format!("`bakgrund.kon`: {e}")))?,
    };
    Ok((gender, rest))
}
