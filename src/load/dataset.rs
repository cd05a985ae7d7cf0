//! `data/statistics.yaml` and the files it names: participants, progression ratings
//! or aggregated totals, checked row by row and turned into a [`Dataset`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Result};
use crate::load::table::{RawRow, RawTable, scalar};
use crate::load::yaml;

/// The declaration file, relative to the report folder.
pub const DECLARATION: &str = "data/statistics.yaml";

/// Everything the statistics are computed from. Holds no names or ids of people.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// One entry per participant, when the evaluator has participant-level data.
    pub participants: Option<Participants>,
    /// Self-assessment ratings of those participants.
    pub ratings: Option<Ratings>,
    /// Totals typed by the evaluator, when only aggregates are available.
    pub totals: Option<Totals>,
}

/// Gender as published: kvinna or man.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Kvinna,
    Man,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::Kvinna, Gender::Man];

    /// The key used in data declarations and in context names.
    pub fn code(self) -> &'static str {
        match self {
            Gender::Kvinna => "kvinna",
            Gender::Man => "man",
        }
    }
}

/// A grouping of participants besides gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    AgeGroup,
    Municipality,
    Referrer,
    ExitReason,
}

impl Dim {
    pub const ALL: [Dim; 4] = [
        Dim::AgeGroup,
        Dim::Municipality,
        Dim::Referrer,
        Dim::ExitReason,
    ];

    /// The Swedish key used in `statistics.yaml`, in context names and table names.
    pub fn key(self) -> &'static str {
        match self {
            Dim::AgeGroup => "aldersgrupp",
            Dim::Municipality => "kommun",
            Dim::Referrer => "remittent",
            Dim::ExitReason => "avslutsorsak",
        }
    }
}

/// One value of a grouping: the code in the data and the text shown in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub code: String,
    pub label: String,
}

/// The participants, reduced to what the statistics need.
#[derive(Debug, Clone)]
pub struct Participants {
    /// The categories of each [`Dim`] (indexed by `Dim as usize`), in display order.
    pub categories: [Vec<Category>; 4],
    pub people: Vec<Person>,
}

/// One participant: gender and, per [`Dim`], the index of their category (if known).
#[derive(Debug, Clone)]
pub struct Person {
    pub gender: Gender,
    pub groups: [Option<u32>; 4],
}

/// The progression ratings, grouped by participant.
#[derive(Debug, Clone)]
pub struct Ratings {
    pub questions: Vec<Question>,
    pub scale: Scale,
    pub marks: MarkConfig,
    /// Per participant (same index as `Participants::people`), ratings sorted by date.
    pub by_person: Vec<Vec<Rating>>,
}

/// One question of the rating card: its column key and its text.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct Question {
    pub key: String,
    pub text: String,
}

/// The rating scale, inclusive.
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: u8,
    pub max: u8,
}

/// One rating occasion: a date and one score per question.
#[derive(Debug, Clone)]
pub struct Rating {
    pub date: NaiveDate,
    pub scores: Box<[u8]>,
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

/// Aggregated counts typed by the evaluator (`summerat:`), already checked to add up.
#[derive(Debug, Clone)]
pub struct Totals {
    pub total: u32,
    /// Women and men.
    pub gender: Option<[u32; 2]>,
    /// Per [`Dim`] (indexed by `Dim as usize`): categories with their counts.
    pub groups: [Option<Vec<(Category, u32)>>; 4],
}

/// The parsed `data/statistics.yaml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Declaration {
    #[serde(default)]
    deltagare: Option<ParticipantsDecl>,
    #[serde(default)]
    bip: Option<RatingsDecl>,
    #[serde(default)]
    summerat: Option<TotalsDecl>,
}

/// `deltagare:`: the participants file, its columns and value labels.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ParticipantsDecl {
    fil: PathBuf,
    #[serde(default)]
    blad: Option<String>,
    kolumner: ParticipantColumns,
    /// The file's value for women and for men.
    #[serde(default)]
    kon: Option<GenderValues>,
    /// Age group labels such as `20-29`, `60-`, in display order.
    #[serde(default)]
    aldersgrupper: Option<Vec<String>>,
    /// The date ages are computed at, when the file has birth years.
    #[serde(default)]
    referensdatum: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<Labels>")]
    kommuner: Option<serde_yaml::Mapping>,
    #[serde(default)]
    #[schemars(with = "Option<Labels>")]
    remittenter: Option<serde_yaml::Mapping>,
    #[serde(default)]
    #[schemars(with = "Option<Labels>")]
    avslutsorsaker: Option<serde_yaml::Mapping>,
}

/// `kolumner:`: the header of each column in the participants file.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ParticipantColumns {
    id: String,
    kon: String,
    #[serde(default)]
    aldersgrupp: Option<String>,
    #[serde(default)]
    fodelsear: Option<String>,
    #[serde(default)]
    kommun: Option<String>,
    #[serde(default)]
    remittent: Option<String>,
    #[serde(default)]
    inskrivning: Option<String>,
    #[serde(default)]
    avslut: Option<String>,
    #[serde(default)]
    avslutsorsak: Option<String>,
}

/// `kon:`: how women and men are written in the file.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct GenderValues {
    kvinna: String,
    man: String,
}

/// `bip:`: the ratings file, its columns, the questions and the scale.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RatingsDecl {
    fil: PathBuf,
    #[serde(default)]
    blad: Option<String>,
    #[serde(default)]
    kolumner: RatingColumns,
    fragor: QuestionsDecl,
    #[serde(default)]
    skala: Option<Scale>,
    #[serde(default)]
    markering: Option<MarkConfig>,
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
    Inline(#[schemars(with = "Labels")] serde_yaml::Mapping),
}

/// A questions file (the instrument), e.g. `questions.yaml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct QuestionsFile {
    #[serde(alias = "skala")]
    scale: Scale,
    #[serde(alias = "fragor")]
    #[schemars(with = "Labels")]
    questions: serde_yaml::Mapping,
}

/// `summerat:`: totals when there is no participant-level data.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct TotalsDecl {
    totalt: u32,
    #[serde(default)]
    kon: Option<GenderTotals>,
    #[serde(default)]
    #[schemars(with = "Option<Counts>")]
    aldersgrupp: Option<serde_yaml::Mapping>,
    #[serde(default)]
    #[schemars(with = "Option<Counts>")]
    kommun: Option<serde_yaml::Mapping>,
    #[serde(default)]
    #[schemars(with = "Option<Counts>")]
    remittent: Option<serde_yaml::Mapping>,
    #[serde(default)]
    #[schemars(with = "Option<Counts>")]
    avslutsorsak: Option<serde_yaml::Mapping>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct GenderTotals {
    kvinna: u32,
    man: u32,
}

/// Code → display text (`kommuner:`, `fragor:` …), for the JSON Schema.
type Labels = std::collections::BTreeMap<String, String>;
/// Category → count (`summerat:`), for the JSON Schema.
type Counts = std::collections::BTreeMap<String, u32>;

/// The JSON Schema of `data/statistics.yaml`.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Declaration)
}

/// The JSON Schema of a questions file (`fragor: questions.yaml`).
pub fn questions_schema() -> schemars::Schema {
    schemars::schema_for!(QuestionsFile)
}

/// Reads `data/statistics.yaml` and the files it names; `None` when it does not exist.
pub fn load(report_root: &Path) -> Result<Option<Dataset>> {
    let path = report_root.join(DECLARATION);
    if !path.exists() {
        return Ok(None);
    }
    let source = yaml::read_text(&path)?;
    let declaration: Declaration = yaml::parse(&source, &path)?;
    let data_dir = path.parent().unwrap_or(report_root);
    let file_error = |key: &str, message: &str| yaml::error_at_key(&source, &path, key, message);
    if declaration.deltagare.is_some() == declaration.summerat.is_some() {
        return Err(file_error(
            "summerat",
            "declare either `deltagare:` (a participants file) or `summerat:` (totals), not both or neither",
        ));
    }
    let participants = match &declaration.deltagare {
        Some(decl) => Some(read_participants(decl, data_dir, &source, &path)?),
        None => None,
    };
    let ratings = match (&declaration.bip, &participants) {
        (Some(decl), Some((_, ids))) => Some(read_ratings(decl, data_dir, ids, &source, &path)?),
        (Some(_), None) => return Err(file_error("bip", "`bip:` needs a `deltagare:` file")),
        (None, _) => None,
    };
    let totals = match &declaration.summerat {
        Some(decl) => Some(check_totals(decl, &source, &path)?),
        None => None,
    };
    Ok(Some(Dataset {
        participants: participants.map(|(p, _)| p),
        ratings,
        totals,
    }))
}

/// Participant ids to their index, used to attach ratings and catch duplicates.
type IdIndex = HashMap<String, u32>;

/// One participants row read into a [`Person`], given the resolved columns.
struct ParticipantReader<'a> {
    table: &'a RawTable,
    id: usize,
    gender: (usize, &'a str, &'a str),
    age: Option<AgeSource>,
    dims: [Option<(usize, Categories)>; 4],
    enrolled: Option<usize>,
    exited: Option<usize>,
}

/// Where a participant's age group comes from.
enum AgeSource {
    Group(usize, Categories),
    BirthYear(usize, Vec<AgeBand>, NaiveDate),
}

/// The categories of a column: fixed by the declaration, or collected from the data.
enum Categories {
    Declared(Vec<Category>),
    Collected(Vec<String>),
}

/// An age group label parsed into inclusive bounds.
struct AgeBand {
    from: u32,
    to: u32,
}

fn read_participants(
    decl: &ParticipantsDecl,
    data_dir: &Path,
    source: &str,
    path: &Path,
) -> Result<(Participants, IdIndex)> {
    let table = RawTable::read(&data_dir.join(&decl.fil), decl.blad.as_deref())?;
    let mut reader = ParticipantReader::new(decl, &table, source, path)?;
    let mut ids = IdIndex::with_capacity(table.rows.len());
    let mut people = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let id = table.cell(row, reader.id);
        if id.is_empty() {
            return Err(table.error(row, reader.id, "the participant id is empty"));
        }
        if ids.insert(id.to_owned(), people.len() as u32).is_some() {
            return Err(table.error(row, reader.id, format!("the id `{id}` occurs twice")));
        }
        people.push(reader.person(row)?);
    }
    Ok((reader.finish(people), ids))
}

impl<'a> ParticipantReader<'a> {
    fn new(
        decl: &'a ParticipantsDecl,
        table: &'a RawTable,
        source: &str,
        path: &Path,
    ) -> Result<Self> {
        let columns = &decl.kolumner;
        let optional =
            |header: &Option<String>| header.as_deref().map(|h| table.column(h)).transpose();
        let (women, men) = decl
            .kon
            .as_ref()
            .map_or(("kvinna", "man"), |g| (g.kvinna.as_str(), g.man.as_str()));
        let labelled = |header: &Option<String>, labels: &Option<serde_yaml::Mapping>| {
            Ok::<_, Diagnostic>(optional(header)?.map(|c| (c, categories_from(labels.as_ref()))))
        };
        Ok(ParticipantReader {
            table,
            id: table.column(&columns.id)?,
            gender: (table.column(&columns.kon)?, women, men),
            age: age_source(decl, table, source, path)?,
            dims: [
                None,
                labelled(&columns.kommun, &decl.kommuner)?,
                labelled(&columns.remittent, &decl.remittenter)?,
                labelled(&columns.avslutsorsak, &decl.avslutsorsaker)?,
            ],
            enrolled: optional(&columns.inskrivning)?,
            exited: optional(&columns.avslut)?,
        })
    }

    fn person(&mut self, row: &RawRow) -> Result<Person> {
        let table = self.table;
        let (column, women, men) = self.gender;
        let gender = match table.cell(row, column) {
            v if v == women => Gender::Kvinna,
            v if v == men => Gender::Man,
            v => {
                return Err(table.error(
                    row,
                    column,
                    format!("unknown gender `{v}`; expected `{women}` or `{men}`"),
                ));
            }
        };
        self.check_dates(row)?;
        let mut groups = [None; 4];
        groups[Dim::AgeGroup as usize] = self.age_group(row)?;
        for (dim, slot) in self.dims.iter_mut().enumerate().skip(1) {
            if let Some((column, categories)) = slot {
                groups[dim] = categories.index(table, row, *column)?;
            }
        }
        Ok(Person { gender, groups })
    }

    fn age_group(&mut self, row: &RawRow) -> Result<Option<u32>> {
        let table = self.table;
        match &mut self.age {
            None => Ok(None),
            Some(AgeSource::Group(column, categories)) => categories.index(table, row, *column),
            Some(AgeSource::BirthYear(column, bands, reference)) => {
                let column = *column;
                let age = age_at(table.cell(row, column), *reference).ok_or_else(|| {
                    table.error(
                        row,
                        column,
                        "expected a birth year (1990) or date (1990-05-31)",
                    )
                })?;
                let band = bands.iter().position(|b| (b.from..=b.to).contains(&age));
                band.map(|b| Some(b as u32)).ok_or_else(|| {
                    table.error(
                        row,
                        column,
                        format!("age {age} is in none of the declared age groups"),
                    )
                })
            }
        }
    }

    /// Enrolment and exit dates must parse, and exit must not precede enrolment.
    fn check_dates(&self, row: &RawRow) -> Result<()> {
        let date = |column: Option<usize>| -> Result<Option<NaiveDate>> {
            let Some(column) = column else {
                return Ok(None);
            };
            match self.table.cell(row, column) {
                "" => Ok(None),
                text => parse_date(text).map(Some).ok_or_else(|| {
                    self.table
                        .error(row, column, format!("`{text}` is not a date (YYYY-MM-DD)"))
                }),
            }
        };
        match (date(self.enrolled)?, date(self.exited)?, self.exited) {
            (Some(start), Some(end), Some(column)) if end < start => {
                Err(self
                    .table
                    .error(row, column, "the exit date is before the enrolment date"))
            }
            _ => Ok(()),
        }
    }

    fn finish(self, people: Vec<Person>) -> Participants {
        let age = match self.age {
            Some(AgeSource::Group(_, categories)) => categories.into_list(),
            Some(AgeSource::BirthYear(_, bands, _)) => age_band_categories(&bands),
            None => Vec::new(),
        };
        let [_, municipality, referrer, exit] = self
            .dims
            .map(|d| d.map_or_else(Vec::new, |(_, c)| c.into_list()));
        let categories = [age, municipality, referrer, exit];
        Participants {
            people: renumber(people, &categories),
            categories: categories.map(|c| c.into_iter().map(|(_, c)| c).collect()),
        }
    }
}

fn age_band_categories(bands: &[AgeBand]) -> Vec<(u32, Category)> {
    bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            (
                i as u32,
                Category {
                    code: b.label(),
                    label: b.label(),
                },
            )
        })
        .collect()
}

/// Puts each person's category indices into display order.
fn renumber(mut people: Vec<Person>, categories: &[Vec<(u32, Category)>; 4]) -> Vec<Person> {
    let order: Vec<Vec<u32>> = categories
        .iter()
        .map(|list| {
            let mut new_index = vec![0; list.len()];
            for (position, (old, _)) in list.iter().enumerate() {
                new_index[*old as usize] = position as u32;
            }
            new_index
        })
        .collect();
    for person in &mut people {
        for (dim, group) in person.groups.iter_mut().enumerate() {
            *group = group.map(|g| order[dim][g as usize]);
        }
    }
    people
}

impl Categories {
    /// The index of a cell's value; new values are collected unless declared.
    fn index(&mut self, table: &RawTable, row: &RawRow, column: usize) -> Result<Option<u32>> {
        let value = table.cell(row, column);
        if value.is_empty() {
            return Ok(None);
        }
        match self {
            Categories::Declared(list) => list
                .iter()
                .position(|c| c.code == value)
                .map(|i| Some(i as u32))
                .ok_or_else(|| {
                    let known: Vec<&str> = list.iter().map(|c| c.code.as_str()).collect();
                    table.error(
                        row,
                        column,
                        format!("unknown value `{value}`; declared: {}", known.join(", ")),
                    )
                }),
            Categories::Collected(seen) => Ok(Some(match seen.iter().position(|s| s == value) {
                Some(i) => i as u32,
                None => {
                    seen.push(value.to_owned());
                    (seen.len() - 1) as u32
                }
            })),
        }
    }

    /// The categories in display order, each with its index during reading.
    fn into_list(self) -> Vec<(u32, Category)> {
        let mut list: Vec<(u32, Category)> = match self {
            Categories::Declared(list) => {
                return list
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| (i as u32, c))
                    .collect();
            }
            Categories::Collected(seen) => seen
                .into_iter()
                .enumerate()
                .map(|(i, code)| {
                    (
                        i as u32,
                        Category {
                            label: code.clone(),
                            code,
                        },
                    )
                })
                .collect(),
        };
        list.sort_by_cached_key(|(_, c)| crate::locale::sort_key(&c.label));
        list
    }
}

fn categories_from(labels: Option<&serde_yaml::Mapping>) -> Categories {
    match labels {
        Some(map) => Categories::Declared(
            map.iter()
                .map(|(code, label)| Category {
                    code: scalar(code),
                    label: scalar(label),
                })
                .collect(),
        ),
        None => Categories::Collected(Vec::new()),
    }
}

fn age_source(
    decl: &ParticipantsDecl,
    table: &RawTable,
    source: &str,
    path: &Path,
) -> Result<Option<AgeSource>> {
    let columns = &decl.kolumner;
    let declared = decl.aldersgrupper.as_ref().map(|groups| {
        groups
            .iter()
            .map(|g| Category {
                code: g.clone(),
                label: g.clone(),
            })
            .collect::<Vec<_>>()
    });
    match (&columns.aldersgrupp, &columns.fodelsear) {
        (Some(_), Some(_)) => Err(yaml::error_at_key(
            source,
            path,
            "fodelsear",
            "map either `aldersgrupp` or `fodelsear`, not both",
        )),
        (Some(header), None) => Ok(Some(AgeSource::Group(
            table.column(header)?,
            declared.map_or(Categories::Collected(Vec::new()), Categories::Declared),
        ))),
        (None, Some(header)) => {
            let need = |key: &str, what: &str| {
                yaml::error_at_key(
                    source,
                    path,
                    "fodelsear",
                    format!("a birth year column needs `{key}:` ({what})"),
                )
            };
            let groups = decl
                .aldersgrupper
                .as_ref()
                .ok_or_else(|| need("aldersgrupper", "e.g. [\"18-29\", \"30-\"]"))?;
            let reference = decl
                .referensdatum
                .as_deref()
                .ok_or_else(|| need("referensdatum", "the date ages are computed at"))?;
            let reference = parse_date(reference).ok_or_else(|| {
                yaml::error_at_key(source, path, "referensdatum", "expected a date YYYY-MM-DD")
            })?;
            let bands = groups
                .iter()
                .map(|g| {
                    AgeBand::parse(g).ok_or_else(|| {
                        yaml::error_at_key(
                            source,
                            path,
                            "aldersgrupper",
                            format!("`{g}` is not an age group like `20-29`, `60-` or `-19`"),
                        )
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Some(AgeSource::BirthYear(
                table.column(header)?,
                bands,
                reference,
            )))
        }
        (None, None) => Ok(None),
    }
}

impl AgeBand {
    /// `20-29`, `60-` (and older), `-19` (and younger); an en dash works too.
    fn parse(label: &str) -> Option<AgeBand> {
        let (from, to) = label.trim().split_once(['-', '–'])?;
        let bound = |s: &str, open: u32| match s.trim() {
            "" => Some(open),
            s => s.parse().ok(),
        };
        Some(AgeBand {
            from: bound(from, 0)?,
            to: bound(to, u32::MAX)?,
        })
    }

    fn label(&self) -> String {
        match (self.from, self.to) {
            (0, to) => format!("-{to}"),
            (from, u32::MAX) => format!("{from}-"),
            (from, to) => format!("{from}-{to}"),
        }
    }
}

/// Age at `reference` from a birth year (age reached that year) or a birth date.
fn age_at(birth: &str, reference: NaiveDate) -> Option<u32> {
    if let Ok(year) = birth.parse::<i32>() {
        return u32::try_from(reference.year() - year).ok();
    }
    let born = parse_date(birth)?;
    reference.years_since(born)
}

/// An ISO date, `YYYY-MM-DD` (a four-digit year, then month and day).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().split('-');
    let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

fn read_ratings(
    decl: &RatingsDecl,
    data_dir: &Path,
    ids: &IdIndex,
    source: &str,
    path: &Path,
) -> Result<Ratings> {
    let (questions, scale) = questions_and_scale(decl, data_dir, source, path)?;
    let table = RawTable::read(&data_dir.join(&decl.fil), decl.blad.as_deref())?;
    let id_column = table.column(&decl.kolumner.deltagare)?;
    let date_column = table.column(&decl.kolumner.datum)?;
    let score_columns = questions
        .iter()
        .map(|q| table.column(&q.key))
        .collect::<Result<Vec<_>>>()?;
    let mut by_person: Vec<Vec<Rating>> = vec![Vec::new(); ids.len()];
    for row in &table.rows {
        let id = table.cell(row, id_column);
        let person = *ids.get(id).ok_or_else(|| {
            table.error(row, id_column, format!("no participant has the id `{id}`"))
        })?;
        let date_text = table.cell(row, date_column);
        let date = parse_date(date_text).ok_or_else(|| {
            table.error(
                row,
                date_column,
                format!("`{date_text}` is not a date (YYYY-MM-DD)"),
            )
        })?;
        let scores = score_columns
            .iter()
            .map(|&c| score(&table, row, c, scale))
            .collect::<Result<Box<[u8]>>>()?;
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

/// One score, which must be a whole number on the scale.
fn score(table: &RawTable, row: &RawRow, column: usize, scale: Scale) -> Result<u8> {
    let text = table.cell(row, column);
    text.parse::<u8>()
        .ok()
        .filter(|s| (scale.min..=scale.max).contains(s))
        .ok_or_else(|| {
            table.error(
                row,
                column,
                format!(
                    "`{text}` is not a rating on the scale {}–{}",
                    scale.min, scale.max
                ),
            )
        })
}

fn questions_and_scale(
    decl: &RatingsDecl,
    data_dir: &Path,
    source: &str,
    path: &Path,
) -> Result<(Vec<Question>, Scale)> {
    let (map, scale) = match &decl.fragor {
        QuestionsDecl::File(file) => {
            let file = data_dir.join(file);
            let text = yaml::read_text(&file)?;
            let parsed: QuestionsFile = yaml::parse(&text, &file)?;
            (parsed.questions, parsed.scale)
        }
        QuestionsDecl::Inline(map) => {
            let scale = decl.skala.ok_or_else(|| {
                yaml::error_at_key(
                    source,
                    path,
                    "fragor",
                    "inline questions need `skala: {min: 1, max: 5}`",
                )
            })?;
            (map.clone(), scale)
        }
    };
    if scale.min > scale.max || map.is_empty() {
        return Err(yaml::error_at_key(
            source,
            path,
            "fragor",
            "declare at least one question and a scale with min ≤ max",
        ));
    }
    let questions = map
        .iter()
        .map(|(k, v)| Question {
            key: scalar(k),
            text: scalar(v),
        })
        .collect();
    Ok((questions, scale))
}

/// Checks that each breakdown of `summerat:` adds up to `totalt`.
fn check_totals(decl: &TotalsDecl, source: &str, path: &Path) -> Result<Totals> {
    let disagree = |key: &str, sum: u64| {
        let (line, _) = yaml::key_position(source, "totalt").unwrap_or((1, 1));
        yaml::error_at_key(
            source,
            path,
            key,
            format!(
                "the parts of `{key}` add up to {sum}, but `totalt` (line {line}) is {}",
                decl.totalt
            ),
        )
    };
    let gender = match &decl.kon {
        Some(g) if u64::from(g.kvinna) + u64::from(g.man) != u64::from(decl.totalt) => {
            return Err(disagree("kon", u64::from(g.kvinna) + u64::from(g.man)));
        }
        Some(g) => Some([g.kvinna, g.man]),
        None => None,
    };
    let maps = [
        &decl.aldersgrupp,
        &decl.kommun,
        &decl.remittent,
        &decl.avslutsorsak,
    ];
    let mut groups: [Option<Vec<(Category, u32)>>; 4] = Default::default();
    for (dim, map) in Dim::ALL.iter().zip(maps) {
        let Some(map) = map else { continue };
        let parts = map
            .iter()
            .map(|(k, v)| {
                let code = scalar(k);
                let count = v
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| {
                        yaml::error_at_key(
                            source,
                            path,
                            &code,
                            format!("`{code}` must be a count (a whole number)"),
                        )
                    })?;
                Ok((
                    Category {
                        label: code.clone(),
                        code,
                    },
                    count,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let sum: u64 = parts.iter().map(|(_, n)| u64::from(*n)).sum();
        if sum != u64::from(decl.totalt) {
            return Err(disagree(dim.key(), sum));
        }
        groups[*dim as usize] = Some(parts);
    }
    Ok(Totals {
        total: decl.totalt,
        gender,
        groups,
    })
}
