//! `deltagare:`: the participants file, read row by row into each person's gender and
//! category in every breakdown. Empty cells and the values listed under `saknas:` are
//! missing values, counted as such; only an id is required.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::dimensions::{self, DimensionDecl};
use super::ids::IdIndex;
use super::{Gender, Participants, Reading, Source};
use crate::diagnostic::Result;
use crate::load::table::{FileDecl, RawRow, RawTable};

/// `deltagare:`: the participants file, its columns, codes and breakdowns.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ParticipantsDecl {
    #[serde(flatten)]
    pub file: FileDecl,
    pub kolumner: ParticipantColumns,
    /// How each gender is written in the file.
    #[serde(default)]
    pub kon: Option<GenderDecl>,
    /// Values read as missing besides an empty cell (`["-", "NULL"]`).
    #[serde(default)]
    pub saknas: Vec<String>,
    /// Breakdowns by any column, in display order (see docs/statistics.md).
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, DimensionDecl>>")]
    pub dimensioner: Option<serde_yaml::Mapping>,
    /// The enrolment and exit date columns.
    #[serde(default)]
    pub datum: Option<DateColumns>,
    /// Shorthand: age group labels such as `20-29`, `60-`, in display order.
    #[serde(default)]
    pub aldersgrupper: Option<Vec<String>>,
    /// Shorthand: the date ages are computed at, when the file has birth years.
    #[serde(default)]
    pub referensdatum: Option<String>,
    /// Shorthand: code → label of the municipalities, in display order.
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub kommuner: Option<serde_yaml::Mapping>,
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub remittenter: Option<serde_yaml::Mapping>,
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub avslutsorsaker: Option<serde_yaml::Mapping>,
    /// Any other key: an error at its line.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_yaml::Value>,
}

/// `kolumner:`: the header of each column in the participants file.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantColumns {
    pub id: String,
    #[serde(default)]
    pub kon: Option<String>,
    #[serde(default)]
    pub aldersgrupp: Option<String>,
    #[serde(default)]
    pub fodelsear: Option<String>,
    #[serde(default)]
    pub kommun: Option<String>,
    #[serde(default)]
    pub remittent: Option<String>,
    #[serde(default)]
    pub inskrivning: Option<String>,
    #[serde(default)]
    pub avslut: Option<String>,
    #[serde(default)]
    pub avslutsorsak: Option<String>,
}

/// `datum:`: the enrolment and exit columns.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateColumns {
    #[serde(default)]
    pub inskrivning: Option<String>,
    #[serde(default)]
    pub avslut: Option<String>,
}

/// `kon:`: the column and how women, men and others are written (any case).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GenderDecl {
    #[serde(default)]
    pub kolumn: Option<String>,
    pub kvinna: Codes,
    pub man: Codes,
    /// A third value or several, counted with the missing ones.
    #[serde(default)]
    pub annat: Option<Codes>,
    /// The heading of that third category (default "Annat/uppgift saknas").
    #[serde(default)]
    pub annat_etikett: Option<String>,
}

/// One code or a list of codes.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Codes {
    One(String),
    Many(Vec<String>),
}

impl Codes {
    fn list(&self) -> Vec<String> {
        match self {
            Codes::One(code) => vec![code.clone()],
            Codes::Many(codes) => codes.clone(),
        }
    }
}

/// The values of a column that mean "not stated", compared trimmed and in any case.
pub struct MissingValues(Vec<String>);

impl MissingValues {
    /// Empty cells and these values, compared trimmed and in any case.
    pub fn new(values: &[String]) -> MissingValues {
        MissingValues(values.iter().map(|m| m.trim().to_lowercase()).collect())
    }

    pub fn is_missing(&self, value: &str) -> bool {
        value.is_empty() || self.0.iter().any(|m| same_code(m, value))
    }
}

/// Whether `value` is the lower-cased `code` in any case; ASCII values (nearly all)
/// are compared without lower-casing a copy.
fn same_code(code: &str, value: &str) -> bool {
    match value.is_ascii() {
        true => code.eq_ignore_ascii_case(value),
        false => code == value.to_lowercase(),
    }
}

/// Reads the participants file into people and an index of their ids.
pub fn read(
    decl: &ParticipantsDecl,
    source: &Source,
    reading: &Reading,
) -> Result<(Participants, IdIndex)> {
    source.refuse_unknown(&decl.unknown, "deltagare")?;
    let source = &source.section("deltagare");
    reading.file(&decl.file.fil, source)?;
    let table = RawTable::read(reading.data_dir, &decl.file, reading.limit)?;
    let missing = MissingValues::new(&decl.saknas);
    let id = source.column(&table, &decl.kolumner.id)?;
    let legacy_column = decl.kolumner.kon.as_deref();
    let genders = GenderReader::new(decl.kon.as_ref(), legacy_column, &table, source)?;
    let mut breakdowns = dimensions::readers(decl, &table, source, reading.lang)?;
    let dates = DateChecker::new(decl, &table, source)?;
    let mut ids = IdIndex::default();
    let mut gender = Vec::new();
    table.for_each_row(|row| {
        let person = table.cell(row, id);
        if missing.is_missing(person) {
            return Err(table.error(row, id, "the participant id is empty"));
        }
        if ids.insert(person).is_err() {
            return Err(table.error(row, id, format!("the id `{person}` occurs twice")));
        }
        gender.push(genders.read(&table, row, &missing)?);
        for breakdown in &mut breakdowns {
            breakdown.read(&table, row, &missing)?;
        }
        dates.check(&table, row, &missing)
    })?;
    let words = &reading.lang.words().statistics;
    let participants = Participants {
        gender,
        other_label: genders
            .other_label
            .unwrap_or_else(|| words.other_gender.to_owned()),
        dimensions: breakdowns
            .into_iter()
            .map(|b| b.finish(words.missing))
            .collect(),
    };
    Ok((participants, ids))
}

/// The gender column and the codes of each gender, lower-cased.
pub struct GenderReader {
    column: usize,
    codes: [Vec<String>; 3],
    pub other_label: Option<String>,
}

impl GenderReader {
    /// The codes of `gender` (default `Kvinna`/`K`, `Man`/`M`) in its column, or in
    /// `column` when it names none.
    pub fn new(
        gender: Option<&GenderDecl>,
        column: Option<&str>,
        table: &RawTable,
        source: &Source,
    ) -> Result<Self> {
        let header = gender
            .and_then(|g| g.kolumn.as_deref())
            .or(column)
            .ok_or_else(|| {
                source.error_at(
                    "kolumner",
                    "name the gender column: `kon: {kolumn: Kön, …}`",
                )
            })?;
        let list = |codes: Option<&Codes>, default: &[&str]| {
            codes
                .map_or_else(
                    || default.iter().map(|s| s.to_string()).collect(),
                    Codes::list,
                )
                .iter()
                .map(|c| c.trim().to_lowercase())
                .collect()
        };
        Ok(GenderReader {
            column: source.column(table, header)?,
            codes: [
                list(gender.map(|g| &g.kvinna), &["kvinna", "k"]),
                list(gender.map(|g| &g.man), &["man", "m"]),
                list(gender.and_then(|g| g.annat.as_ref()), &[]),
            ],
            other_label: gender.and_then(|g| g.annat_etikett.clone()),
        })
    }

    /// The gender in one row; missing is [`Gender::Other`].
    pub fn read(&self, table: &RawTable, row: &RawRow, missing: &MissingValues) -> Result<Gender> {
        let value = table.cell(row, self.column);
        if missing.is_missing(value) {
            return Ok(Gender::Other);
        }
        Gender::ALL
            .into_iter()
            .zip(&self.codes)
            .find(|(_, codes)| codes.iter().any(|c| same_code(c, value)))
            .map(|(gender, _)| gender)
            .ok_or_else(|| {
                let known: Vec<&str> = self.codes.iter().flatten().map(String::as_str).collect();
                table
                    .error(
                        row,
                        self.column,
                        format!("unknown gender `{}`; declared: {}", table.cell(row, self.column), known.join(", ")),
                    )
                    .with_hint("list it under `kon:` as `kvinna:`, `man:` or `annat:` in data/statistics.yaml")
            })
    }
}

/// Enrolment and exit dates: each must parse when given, and exit must not precede
/// enrolment.
struct DateChecker {
    enrolled: Option<usize>,
    exited: Option<usize>,
}

impl DateChecker {
    fn new(decl: &ParticipantsDecl, table: &RawTable, source: &Source) -> Result<Self> {
        let columns = &decl.kolumner;
        let dates = decl.datum.as_ref();
        let column = |declared: Option<&String>, legacy: &Option<String>| {
            declared
                .or(legacy.as_ref())
                .map(|h| source.column(table, h))
                .transpose()
        };
        Ok(DateChecker {
            enrolled: column(
                dates.and_then(|d| d.inskrivning.as_ref()),
                &columns.inskrivning,
            )?,
            exited: column(dates.and_then(|d| d.avslut.as_ref()), &columns.avslut)?,
        })
    }

    fn check(&self, table: &RawTable, row: &RawRow, missing: &MissingValues) -> Result<()> {
        let date = |column: Option<usize>| -> Result<Option<NaiveDate>> {
            let Some(column) = column else {
                return Ok(None);
            };
            match table.cell(row, column) {
                text if missing.is_missing(text) => Ok(None),
                text => table.dates().parse(text).map(Some).ok_or_else(|| {
                    let expected = table.dates().describe();
                    table.error(row, column, format!("`{text}` is not a date ({expected})"))
                }),
            }
        };
        match (date(self.enrolled)?, date(self.exited)?, self.exited) {
            (Some(start), Some(end), Some(column)) if end < start => {
                Err(table.error(row, column, "the exit date is before the enrolment date"))
            }
            _ => Ok(()),
        }
    }
}
