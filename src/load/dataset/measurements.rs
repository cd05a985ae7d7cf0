//! `matningar:` (and `bip:`, the measurement named `bip`): repeated answers of the
//! participants to the same questions, read by participant id and date, on a numeric or
//! an ordered text scale.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::ids::IdIndex;
use super::instrument::{Answer, Instrument, QuestionsDecl, Scale};
use super::{Reading, Source};
use crate::diagnostic::Result;
use crate::load::table::{FileDecl, RawTable};

/// One measurement's answers, grouped by participant.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// The name in `matningar:`, in prose and in table names (`bip`).
    pub name: String,
    pub instrument: Instrument,
    pub marks: MarkConfig,
    /// Every occasion, participant after participant (in the order of
    /// `Participants::gender`), each participant's sorted by date: one list, so the
    /// analysis walks memory in order.
    occasions: Vec<Occasion>,
    /// Where each participant's occasions start in `occasions`, then the end.
    starts: Vec<u32>,
}

impl Measurement {
    /// Each participant's occasions, sorted by date, in the order of the participants.
    pub fn by_person(&self) -> impl ExactSizeIterator<Item = &[Occasion]> + Clone {
        self.starts
            .windows(2)
            .map(|w| &self.occasions[w[0] as usize..w[1] as usize])
    }

    /// The occasions of participant `person`, sorted by date.
    pub fn of_person(&self, person: usize) -> &[Occasion] {
        &self.occasions[self.starts[person] as usize..self.starts[person + 1] as usize]
    }
}

/// One occasion: a date and one answer per question.
#[derive(Debug, Clone)]
pub struct Occasion {
    pub date: NaiveDate,
    pub answers: Box<[Answer]>,
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

/// One measurement: its file, columns, questions and scale.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct MeasurementDecl {
    #[serde(flatten)]
    file: FileDecl,
    #[serde(default)]
    kolumner: MeasurementColumns,
    fragor: QuestionsDecl,
    /// `{min: 1, max: 5}` or the answers in order, lowest first.
    #[serde(default)]
    skala: Option<Scale>,
    #[serde(default)]
    markering: Option<MarkConfig>,
    /// Answers counted apart from the scale (`["Vet ej"]`); blanks always are.
    #[serde(default)]
    ej_svar: Vec<String>,
    /// Any other key: an error at its line.
    #[serde(flatten)]
    #[schemars(skip)]
    unknown: BTreeMap<String, serde_yaml::Value>,
}

/// The participant id and date columns.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct MeasurementColumns {
    deltagare: String,
    datum: String,
}

impl Default for MeasurementColumns {
    fn default() -> Self {
        MeasurementColumns {
            deltagare: "deltagare".into(),
            datum: "datum".into(),
        }
    }
}

/// Reads one measurement and groups its occasions by participant.
pub fn read(
    name: &str,
    decl: &MeasurementDecl,
    ids: &IdIndex,
    source: &Source,
    reading: &Reading,
) -> Result<Measurement> {
    source.refuse_unknown(&decl.unknown, name)?;
    let instrument = Instrument::read(
        &decl.fragor,
        decl.skala.as_ref(),
        &decl.ej_svar,
        source,
        reading,
    )?;
    reading.file(&decl.file.fil, source)?;
    let table = RawTable::read(reading.data_dir, &decl.file, reading.limit)?;
    let id_column = source.column(&table, &decl.kolumner.deltagare)?;
    let date_column = source.column(&table, &decl.kolumner.datum)?;
    let answer_columns = instrument
        .questions
        .iter()
        .map(|q| source.column(&table, &q.key))
        .collect::<Result<Vec<_>>>()?;
    let read = table.map_rows(|row| {
        let id = table.cell(row, id_column);
        let person = ids.get(id).ok_or_else(|| {
            table.error(row, id_column, format!("no participant has the id `{id}`"))
        })?;
        let date_text = table.cell(row, date_column);
        let date = table.dates().parse(date_text).ok_or_else(|| {
            let expected = table.dates().describe();
            table.error(
                row,
                date_column,
                format!("`{date_text}` is not a date ({expected})"),
            )
        })?;
        let answers = answer_columns
            .iter()
            .map(|&c| instrument.answer(&table, row, c))
            .collect::<Result<Box<[Answer]>>>()?;
        Ok((person, Occasion { date, answers }))
    })?;
    let (occasions, starts) = grouped(read, ids.len());
    Ok(Measurement {
        name: name.to_owned(),
        instrument,
        marks: decl.markering.clone().unwrap_or_default(),
        occasions,
        starts,
    })
}

/// The occasions read, grouped by participant and sorted by date within each (a
/// stable sort: occasions of one date keep their file order), with where each
/// participant's start.
fn grouped(mut read: Vec<(u32, Occasion)>, people: usize) -> (Vec<Occasion>, Vec<u32>) {
    read.sort_by_key(|(person, occasion)| (*person, occasion.date));
    let mut starts = vec![0u32; people + 1];
    for (person, _) in &read {
        starts[*person as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    (read.into_iter().map(|(_, o)| o).collect(), starts)
}
