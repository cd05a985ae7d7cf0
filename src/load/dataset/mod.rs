//! `data/statistics.yaml` and the files it names: participants with any declared
//! breakdowns, progression ratings, or aggregated totals, checked row by row and turned
//! into a [`Dataset`]. Exports are read as they are: missing values are counted, never
//! errors, and nobody is dropped.

mod dimensions;
mod ids;
mod instrument;
mod measurements;
mod participants;
mod surveys;
mod totals;

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Position, Result};
use crate::load::table::{self, RawTable};
use crate::load::yaml;
use crate::locale::Lang;

pub use instrument::{Answer, Instrument, Question, Scale};
pub use measurements::{LegendTexts, MarkConfig, Measurement, Occasion};
pub use surveys::Survey;

/// The declaration file, relative to the report folder.
pub const DECLARATION: &str = "data/statistics.yaml";

/// Everything the statistics are computed from. Holds no names or ids of people.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// One entry per participant, when the evaluator has participant-level data.
    pub participants: Option<Participants>,
    /// Repeated measurements of those participants (`matningar:`, `bip:`).
    pub measurements: Vec<Measurement>,
    /// One-off surveys (`enkater:`).
    pub surveys: Vec<Survey>,
    /// Totals typed by the evaluator, when only aggregates are available.
    pub totals: Option<Totals>,
    /// Named figures computed from others (`harledda:`), in declaration order.
    pub derived: Vec<Derived>,
}

/// A figure computed from named figures: `arbete_eller_studier: {summa: [a, b]}`.
#[derive(Debug, Clone)]
pub struct Derived {
    pub name: String,
    pub operation: Operation,
    /// Dotted names of counts, shares or earlier derived figures (`harledda.x`).
    pub inputs: Vec<String>,
    /// The line of its declaration, for errors.
    pub line: usize,
}

/// How a derived figure is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// The sum of any number of figures.
    Sum,
    /// The first minus the second.
    Difference,
    /// The first as a percentage of the second.
    Share,
    /// The first divided by the second.
    Ratio,
}

/// One entry of `harledda:`: exactly one operation and its inputs.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct DerivedDecl {
    /// The sum of any number of figures.
    #[serde(default)]
    summa: Option<Vec<String>>,
    /// The first minus the second.
    #[serde(default)]
    skillnad: Option<[String; 2]>,
    /// The first as a percentage of the second.
    #[serde(default)]
    andel: Option<[String; 2]>,
    /// The first divided by the second.
    #[serde(default)]
    kvot: Option<[String; 2]>,
}

impl DerivedDecl {
    /// The one operation declared, with its inputs.
    fn operation(self) -> Option<(Operation, Vec<String>)> {
        let declared = [
            self.summa.map(|v| (Operation::Sum, v)),
            self.skillnad.map(|p| (Operation::Difference, p.to_vec())),
            self.andel.map(|p| (Operation::Share, p.to_vec())),
            self.kvot.map(|p| (Operation::Ratio, p.to_vec())),
        ];
        let mut declared = declared.into_iter().flatten();
        let first = declared.next()?;
        declared.next().is_none().then_some(first)
    }
}

/// Gender as published: women, men, and everyone else or unstated together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Kvinna,
    Man,
    /// A declared third value (`annat:`) or a missing one.
    Other,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Kvinna, Gender::Man, Gender::Other];

    /// The key used in data declarations and in context names.
    pub fn code(self) -> &'static str {
        match self {
            Gender::Kvinna => "kvinna",
            Gender::Man => "man",
            Gender::Other => "annat",
        }
    }
}

/// One value of a breakdown: the code in the data (the name in prose) and the text
/// shown in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub code: String,
    pub label: String,
}

/// The code of the category that counts missing values, in every breakdown.
pub const MISSING: &str = "saknas";

/// A breakdown of the participants: its categories in display order (missing values
/// last) and each participant's category.
#[derive(Debug, Clone)]
pub struct Dimension {
    /// The name in `statistics.yaml`, in prose and in table names (`kommun`).
    pub key: String,
    /// The column or axis heading.
    pub heading: String,
    pub categories: Vec<Category>,
    /// Per participant, the index of their category.
    pub of_person: Vec<u32>,
}

/// The participants, reduced to what the statistics need.
#[derive(Debug, Clone)]
pub struct Participants {
    /// Per participant.
    pub gender: Vec<Gender>,
    /// The label of [`Gender::Other`].
    pub other_label: String,
    /// The breakdowns, in declaration order.
    pub dimensions: Vec<Dimension>,
}

impl Participants {
    /// The breakdown with this key.
    pub fn dimension(&self, key: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.key == key)
    }
}

/// Aggregated counts typed by the evaluator (`summerat:`), already checked to add up.
#[derive(Debug, Clone)]
pub struct Totals {
    pub total: u32,
    /// Women and men (and others, when declared).
    pub gender: Option<Vec<(Gender, u32)>>,
    /// The label of [`Gender::Other`].
    pub other_label: String,
    /// Per breakdown, in declaration order.
    pub dimensions: Vec<TotalsBreakdown>,
}

/// One breakdown of `summerat:`: its key, heading and categories with their counts.
#[derive(Debug, Clone)]
pub struct TotalsBreakdown {
    pub key: String,
    pub heading: String,
    pub counts: Vec<(Category, u32)>,
    /// Per category, women, men and others, when split by gender.
    pub by_gender: Option<Vec<[u32; 3]>>,
}

/// The parsed `data/statistics.yaml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Declaration {
    #[serde(default)]
    deltagare: Option<participants::ParticipantsDecl>,
    /// The measurement named `bip` (a numeric self-rating card).
    #[serde(default)]
    bip: Option<measurements::MeasurementDecl>,
    /// Repeated measurements of the participants, by name.
    #[serde(default)]
    #[schemars(with = "Option<std::collections::BTreeMap<String, measurements::MeasurementDecl>>")]
    matningar: Option<serde_yaml::Mapping>,
    /// One-off surveys, by name.
    #[serde(default)]
    #[schemars(with = "Option<std::collections::BTreeMap<String, surveys::SurveyDecl>>")]
    enkater: Option<serde_yaml::Mapping>,
    #[serde(default)]
    summerat: Option<totals::TotalsDecl>,
    /// The largest data file read, in megabytes (default 1024); an .xlsx may unpack
    /// to a quarter of it.
    #[serde(default)]
    storleksgrans_mb: Option<u64>,
    /// Figures computed from others: `{summa: […]}`, `{skillnad: [a, b]}`,
    /// `{andel: [del, helhet]}` or `{kvot: [a, b]}`.
    #[serde(default)]
    #[schemars(with = "Option<std::collections::BTreeMap<String, DerivedDecl>>")]
    harledda: Option<serde_yaml::Mapping>,
}

/// The declaration's text and path, to place errors at its keys.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub path: &'a Path,
    /// Where the section being read starts, a byte offset into `text`: the columns it
    /// names are looked for from there (another section may name a column alike).
    pub from: usize,
}

impl<'a> Source<'a> {
    /// The same declaration, its section read from the next line where `key` is
    /// written (from where it was, when `key` is not written).
    pub fn section(&self, key: &str) -> Source<'a> {
        let rest = &self.text[self.from..];
        let from = yaml::key_position(rest, key).map_or(self.from, |(line, _)| {
            let before = rest.split_inclusive('\n').take(line - 1);
            self.from + before.map(str::len).sum::<usize>()
        });
        Source { from, ..*self }
    }

    /// An error at the line where `key` is written.
    pub fn error_at(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        yaml::error_at_key(self.text, self.path, key, message)
    }

    /// The index of the column the declaration names `header` in `table`. A column the
    /// file lacks is an error where the declaration writes its name (where it is fixed);
    /// at the file's header row when the file has none or the name is not written out.
    pub fn column(&self, table: &RawTable, header: &str) -> Result<usize> {
        table.column(header).map_err(|missing| {
            let skipped = self.text[..self.from].matches('\n').count();
            let written = yaml::value_position(&self.text[self.from..], header.trim())
                .map(|(line, column)| (line + skipped, column));
            match written.filter(|_| !table.headers.is_empty()) {
                Some((line, column)) => Diagnostic {
                    path: Some(self.path.to_path_buf()),
                    position: Some(Position { line, column }),
                    ..missing
                },
                None => missing,
            }
        })
    }

    /// An error at the first key of `unknown` (the keys a section's struct did not
    /// take), naming the section.
    pub fn refuse_unknown<V>(
        &self,
        unknown: &std::collections::BTreeMap<String, V>,
        section: &str,
    ) -> Result<()> {
        match unknown.keys().next() {
            Some(key) => Err(self.error_at(key, format!("unknown field `{key}` in `{section}:`"))),
            None => Ok(()),
        }
    }
}

impl Reading<'_> {
    /// The path of a file the declaration names, which must stay inside `data/` (the
    /// rule of every file rapport reads); an error at the line that names it.
    pub fn file(&self, name: &Path, source: &Source) -> Result<std::path::PathBuf> {
        let text = name.to_string_lossy();
        let root = self.data_dir.parent().unwrap_or(self.data_dir);
        let in_report = format!("data/{text}");
        crate::load::files::inside(root, &in_report).map_err(|message| {
            let line = source.text.lines().position(|l| l.contains(text.as_ref()));
            let diagnostic = Diagnostic::error(message).in_file(source.path);
            match line {
                Some(line) => diagnostic.at(line + 1, 1),
                None => diagnostic,
            }
        })
    }
}

/// How files are read: where they are, the size limit, the language of fixed labels.
pub(crate) struct Reading<'a> {
    pub data_dir: &'a Path,
    pub limit: u64,
    pub lang: Lang,
}

/// The JSON Schema of `data/statistics.yaml`.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Declaration)
}

/// The JSON Schema of a questions file (`fragor: questions.yaml`).
pub fn questions_schema() -> schemars::Schema {
    instrument::questions_schema()
}

/// Reads `data/statistics.yaml` and the files it names; `None` when it does not exist.
/// Fixed labels ("Uppgift saknas") are in `lang`.
pub fn load(report_root: &Path, lang: Lang) -> Result<Option<Dataset>> {
    let Some(path) = crate::load::declared_file(report_root, DECLARATION)? else {
        return Ok(None);
    };
    let text = yaml::read_text(&path)?;
    let declaration: Declaration = yaml::parse(&text, &path)?;
    let source = Source {
        text: &text,
        path: &path,
        from: 0,
    };
    let reading = Reading {
        data_dir: path.parent().unwrap_or(report_root),
        limit: declaration
            .storleksgrans_mb
            .map_or(table::DEFAULT_LIMIT, |mb| mb.saturating_mul(1 << 20)),
        lang,
    };
    if declaration.deltagare.is_some() == declaration.summerat.is_some() {
        return Err(source.error_at(
            "summerat",
            "declare either `deltagare:` (a participants file) or `summerat:` (totals), not both or neither",
        ));
    }
    let participants = match &declaration.deltagare {
        Some(decl) => Some(participants::read(decl, &source, &reading)?),
        None => None,
    };
    let measurements = measurements(
        &declaration,
        participants.as_ref().map(|(_, ids)| ids),
        &source,
        &reading,
    )?;
    let surveys = entries::<surveys::SurveyDecl>(declaration.enkater.as_ref(), "enkater", &source)?
        .iter()
        .map(|(name, decl)| {
            reserved(name, &source)?;
            surveys::read(name, decl, &source, &reading)
        })
        .collect::<Result<Vec<_>>>()?;
    let totals = match &declaration.summerat {
        Some(decl) => Some(totals::check(decl, &source, lang)?),
        None => None,
    };
    Ok(Some(Dataset {
        participants: participants.map(|(p, _)| p),
        measurements,
        surveys,
        totals,
        derived: derived(declaration.harledda.as_ref(), &source)?,
    }))
}

/// `bip:` and the entries of `matningar:`, in that order; they need participants.
fn measurements(
    declaration: &Declaration,
    ids: Option<&ids::IdIndex>,
    source: &Source,
    reading: &Reading,
) -> Result<Vec<Measurement>> {
    let named = entries::<measurements::MeasurementDecl>(
        declaration.matningar.as_ref(),
        "matningar",
        source,
    )?;
    let mut declared: Vec<(&str, &measurements::MeasurementDecl)> = named
        .iter()
        .map(|(name, decl)| (name.as_str(), decl))
        .collect();
    if let Some(bip) = &declaration.bip {
        if declared.iter().any(|(name, _)| *name == "bip") {
            return Err(source.error_at("bip", "`bip:` is also declared under `matningar:`"));
        }
        declared.insert(0, ("bip", bip));
    }
    let mut list: Vec<Measurement> = Vec::new();
    for (name, decl) in declared {
        let Some(ids) = ids else {
            return Err(source.error_at(name, format!("`{name}:` needs a `deltagare:` file")));
        };
        reserved(name, source)?;
        list.push(measurements::read(
            name,
            decl,
            ids,
            &source.section(name),
            reading,
        )?);
    }
    Ok(list)
}

/// Top-level names of the prose context that measurements and surveys cannot take.
const RESERVED: &[&str] = &["deltagare", "harledda", "mal", "rapport", "hallbarhet"];

fn reserved(name: &str, source: &Source) -> Result<()> {
    if RESERVED.contains(&name) {
        return Err(source.error_at(
            name,
            format!("the name `{name}` is taken by rapport; choose another"),
        ));
    }
    Ok(())
}

/// The entries of a section of named declarations (`matningar:`, `enkater:`), in the
/// order written; a malformed entry is an error at its key.
fn entries<T: serde::de::DeserializeOwned>(
    map: Option<&serde_yaml::Mapping>,
    section: &str,
    source: &Source,
) -> Result<Vec<(String, T)>> {
    map.into_iter()
        .flatten()
        .map(|(key, value)| {
            let name = table::scalar(key);
            serde_yaml::from_value(value.clone())
                .map(|decl| (name.clone(), decl))
                .map_err(|e| source.error_at(&name, format!("`{section}.{name}`: {e}")))
        })
        .collect()
}

/// The entries of `harledda:`, each placed at its line.
fn derived(map: Option<&serde_yaml::Mapping>, source: &Source) -> Result<Vec<Derived>> {
    let mut list = Vec::new();
    for (key, value) in map.into_iter().flatten() {
        let name = table::scalar(key);
        let line = yaml::key_position(source.text, &name).map_or(1, |(line, _)| line);
        let (operation, inputs) = serde_yaml::from_value::<DerivedDecl>(value.clone())
            .ok()
            .and_then(DerivedDecl::operation)
            .ok_or_else(|| {
                source.error_at(&name, format!("`harledda.{name}` needs exactly one of `summa: [a, b, …]`, `skillnad: [a, b]`, `andel: [del, helhet]` or `kvot: [a, b]`"))
            })?;
        if inputs.is_empty() {
            return Err(source.error_at(&name, format!("`harledda.{name}` names no figures")));
        }
        list.push(Derived {
            name,
            operation,
            inputs,
            line,
        });
    }
    Ok(list)
}
