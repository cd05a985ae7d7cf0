//! What a computed table or chart shows, resolved from a shorthand name
//! (`deltagare_kommun`, `bip_fragor`) or from a query (`data:`, `rader:`, `kolumner:`,
//! `tillfalle:`): one resolution for both, so tables and charts of the same query agree.

use crate::analysis::Statistics;
use crate::analysis::answers::Distribution;
use crate::analysis::counts::{Breakdown, tally};
use crate::analysis::progression::{AGE, Moment, Progression};
use crate::analysis::suppression::Grid;
use crate::analysis::surveys::{Grouping, SurveyResult};
use crate::load::dataset::{Dimension, Question, Scale};

/// A query of a `{table}` or `{chart}` block.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// `deltagare`, a measurement or a survey.
    pub data: String,
    /// A breakdown, `kon`, or `fraga` (the questions).
    pub rows: String,
    /// A breakdown, `kon`, `svar`, `forandring`, `tillfalle` or `klassificering`.
    pub columns: Option<String>,
    /// `forsta` or `sista`, for the answers of a measurement.
    pub occasion: Option<String>,
}

/// What one table or chart shows.
pub enum View<'a> {
    /// Count and share of all for gender and each breakdown.
    KeyFigures,
    /// Participants by gender.
    Gender,
    /// Participants by one breakdown, split by gender when known.
    Dimension(&'a Breakdown),
    /// Participants by one breakdown (rows) and another (columns).
    Cross {
        rows: &'a Dimension,
        columns: &'a Dimension,
        grid: Grid,
    },
    /// The progression classes of everyone measured twice.
    Classification(&'a Progression),
    /// The progression classes by gender, age group or both.
    Classes(&'a Progression, ClassesBy),
    /// Per question: improved, worsened, unchanged; of one gender (by index) or all.
    Changes(&'a Progression, Option<usize>),
    /// Per question: mean first and last answer (numeric scales).
    Means(&'a Progression),
    /// Per round: how many were measured and their mean answer.
    Rounds(&'a Progression),
    /// Per question: the answers given.
    Answers {
        questions: &'a [Question],
        scale: &'a Scale,
        distribution: &'a Distribution,
    },
    /// Per question: the share agreeing, of everyone or per group.
    Agreement(&'a SurveyResult, Option<&'a Grouping>),
}

/// The rows of a progression-class table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassesBy {
    Gender,
    Age,
    GenderAge,
}

/// The suffixes of a measurement's shorthand names (`bip_fragor`).
const MEASUREMENT_NAMES: &[&str] = &[
    "klassificering",
    "kon",
    "aldersgrupp",
    "kon_aldersgrupp",
    "fragor",
    "fragor_kvinnor",
    "fragor_man",
    "medel",
    "matningar",
    "svar_forsta",
    "svar_sista",
];

impl Statistics {
    /// Every shorthand name: participants' tables, then each measurement's and survey's.
    pub fn view_names(&self) -> Vec<String> {
        let mut names = vec!["nyckeltal".to_owned(), "deltagare_kon".to_owned()];
        names.extend(
            self.participants
                .dims
                .iter()
                .map(|d| format!("deltagare_{}", d.key)),
        );
        for m in &self.measurements {
            names.extend(MEASUREMENT_NAMES.iter().map(|s| format!("{}_{s}", m.name)));
        }
        for s in &self.surveys {
            names.extend(["svar", "instammer"].map(|x| format!("{}_{x}", s.name)));
        }
        names
    }

    /// The view a shorthand name stands for; `None` when unknown or not computable.
    pub fn named(&self, name: &str) -> Option<View<'_>> {
        match name {
            "nyckeltal" => return Some(View::KeyFigures),
            "deltagare_kon" => return Some(View::Gender),
            _ => {}
        }
        if let Some(key) = name.strip_prefix("deltagare_") {
            return self.participants.dimension(key).map(View::Dimension);
        }
        for m in &self.measurements {
            if let Some(suffix) = name.strip_prefix(&m.name).and_then(|s| s.strip_prefix('_')) {
                return measurement_view(m, suffix);
            }
        }
        let survey = self.surveys.iter().find_map(|s| {
            let suffix = name.strip_prefix(&s.name)?.strip_prefix('_')?;
            Some((s, suffix))
        });
        match survey? {
            (s, "svar") => Some(survey_answers(s)),
            (s, "instammer") => Some(View::Agreement(s, s.grouping("kon"))),
            _ => None,
        }
    }

    /// The view a query asks for, or an error naming what may be asked.
    pub fn query(&self, query: &Query) -> Result<View<'_>, String> {
        if query.data == "deltagare" {
            return self.participant_query(query);
        }
        if let Some(m) = self.measurements.iter().find(|m| m.name == query.data) {
            return measurement_query(m, query);
        }
        if let Some(s) = self.surveys.iter().find(|s| s.name == query.data) {
            return survey_query(s, query);
        }
        let mut sources = vec!["deltagare".to_owned()];
        sources.extend(self.measurements.iter().map(|m| m.name.clone()));
        sources.extend(self.surveys.iter().map(|s| s.name.clone()));
        Err(format!(
            "no data named `{}`; declared: {}",
            query.data,
            sources.join(", ")
        ))
    }

    fn participant_query(&self, query: &Query) -> Result<View<'_>, String> {
        let dims = &self.participants.dims;
        let known = || {
            let keys: Vec<&str> = dims.iter().map(|d| d.key.as_str()).collect();
            format!("kon, {}", keys.join(", "))
        };
        let rows = query.rows.as_str();
        let columns = query.columns.as_deref();
        if rows == "kon" && columns.is_none() {
            return Ok(View::Gender);
        }
        let breakdown = self.participants.dimension(rows).ok_or_else(|| {
            format!(
                "`rader: {rows}` is not a breakdown of `deltagare`; known: {}",
                known()
            )
        })?;
        match columns {
            None | Some("kon") => Ok(View::Dimension(breakdown)),
            Some(other) => self.cross(rows, other).ok_or_else(|| {
                format!("`kolumner: {other}` is not a breakdown of `deltagare` with participant data; known: {}", known())
            }),
        }
    }

    /// Participants counted by two breakdowns.
    fn cross(&self, rows: &str, columns: &str) -> Option<View<'_>> {
        let people = self.people.as_ref()?;
        let (rows, columns) = (people.dimension(rows)?, people.dimension(columns)?);
        let parts = tally(rows.categories.len(), columns.categories.len(), |add| {
            for (r, c) in rows.of_person.iter().zip(&columns.of_person) {
                add(*r as usize, *c as usize);
            }
        });
        let grid = Grid::from_parts(parts, true, self.threshold);
        Some(View::Cross {
            rows,
            columns,
            grid,
        })
    }
}

fn measurement_view<'a>(m: &'a Progression, suffix: &str) -> Option<View<'a>> {
    Some(match suffix {
        "klassificering" => View::Classification(m),
        "kon" => View::Classes(m, ClassesBy::Gender),
        "aldersgrupp" => View::Classes(m, ClassesBy::Age),
        "kon_aldersgrupp" => View::Classes(m, ClassesBy::GenderAge),
        "fragor" => View::Changes(m, None),
        "fragor_kvinnor" => View::Changes(m, Some(0)),
        "fragor_man" => View::Changes(m, Some(1)),
        "medel" => View::Means(m),
        "matningar" => View::Rounds(m),
        "svar_forsta" => measurement_answers(m, Moment::First),
        "svar_sista" => measurement_answers(m, Moment::Last),
        _ => return None,
    })
}

fn measurement_answers(m: &Progression, moment: Moment) -> View<'_> {
    View::Answers {
        questions: &m.questions,
        scale: &m.scale,
        distribution: m.distribution(moment),
    }
}

fn survey_answers(s: &SurveyResult) -> View<'_> {
    View::Answers {
        questions: &s.questions,
        scale: &s.scale,
        distribution: &s.distribution,
    }
}

fn measurement_query<'a>(m: &'a Progression, query: &Query) -> Result<View<'a>, String> {
    let moment = match query.occasion.as_deref() {
        None | Some("forsta") => Moment::First,
        Some("sista") => Moment::Last,
        Some(other) => return Err(format!("`tillfalle: {other}`: use `forsta` or `sista`")),
    };
    let columns = query.columns.as_deref();
    match (query.rows.as_str(), columns) {
        ("fraga", Some("svar")) => Ok(measurement_answers(m, moment)),
        ("fraga", Some("forandring")) => Ok(View::Changes(m, None)),
        ("fraga", Some("tillfalle")) if m.scale.value(0).is_some() => Ok(View::Means(m)),
        ("fraga", Some("tillfalle")) => Err(format!(
            "`{}` has a text scale, which has no means; show the answers with `kolumner: svar` and `tillfalle: forsta` or `sista`",
            m.name
        )),
        ("kon", None | Some("klassificering")) => Ok(View::Classes(m, ClassesBy::Gender)),
        (AGE, None | Some("klassificering")) if m.by_age.is_some() => {
            Ok(View::Classes(m, ClassesBy::Age))
        }
        ("tillfalle", None) => Ok(View::Rounds(m)),
        (rows, columns) => Err(format!(
            "`{}` cannot cross `rader: {rows}` with `kolumner: {}`; use `rader: fraga` with `kolumner: svar`, `forandring` or `tillfalle`, `rader: kon` or `{AGE}` with `kolumner: klassificering`, or `rader: tillfalle`",
            m.name,
            columns.unwrap_or("(none)")
        )),
    }
}

fn survey_query<'a>(s: &'a SurveyResult, query: &Query) -> Result<View<'a>, String> {
    let groups = || {
        let keys: Vec<&str> = s.groupings.iter().map(|g| g.key.as_str()).collect();
        keys.join(", ")
    };
    if query.rows != "fraga" {
        return Err(format!(
            "a survey's rows are its statements: `rader: fraga` (`{}` has {})",
            s.name,
            s.questions.len()
        ));
    }
    match query.columns.as_deref() {
        Some("svar") => Ok(survey_answers(s)),
        None | Some("instammer") => Ok(View::Agreement(s, None)),
        Some(key) => s
            .grouping(key)
            .map(|g| View::Agreement(s, Some(g)))
            .ok_or_else(|| {
                format!(
                    "`kolumner: {key}`: use `svar`, `instammer` or a background of `{}` ({})",
                    s.name,
                    groups()
                )
            }),
    }
}
