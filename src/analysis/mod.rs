//! Everything numeric happens here and only here: counts, shares, progression,
//! goal verdicts and small-cell suppression, as pure functions over loaded data.

mod analyse;
pub mod answers;
mod chart_series;
mod context;
pub mod counts;
mod derived;
pub mod goals;
pub mod outcomes;
pub mod progression;
pub mod series;
pub mod suppression;
pub mod surveys;
pub mod sustainability;
mod tables;
pub mod tabulation;
pub mod view;

use crate::diagnostic::{Diagnostic, Result};
use crate::load::dataset::{Dataset, Gender, Participants};
use crate::locale::Lang;

use counts::Breakdowns;
use progression::Progression;
use series::Series;
use surveys::SurveyResult;

pub use analyse::{Analysis, analyse};
pub use context::Figure;
pub use tabulation::{FOLLOWED, Mark, REACHED, Tabulation};
pub use view::{Query, View};

/// The computed, suppression-protected statistics of one report.
#[derive(Debug, Clone)]
pub struct Statistics {
    threshold: u32,
    participants: Breakdowns,
    /// Each participant's category per breakdown, for crossing two breakdowns.
    people: Option<Participants>,
    /// One per measurement (`bip:`, `matningar:`), in declaration order.
    measurements: Vec<Progression>,
    /// One per survey (`enkater:`).
    surveys: Vec<SurveyResult>,
    /// Every named value, the figures of `harledda:` included, listed once.
    figures: context::Figures,
    /// What the figures warn about (a `harledda:` share above 100 %), at lines of
    /// `data/statistics.yaml`.
    warnings: Vec<Diagnostic>,
}

impl Statistics {
    /// Computes every figure; counts below `threshold` are protected (see
    /// [`suppression`]).
    pub fn compute(dataset: &Dataset, threshold: u32, lang: Lang) -> Result<Statistics> {
        let participants = match (&dataset.participants, &dataset.totals) {
            (Some(people), _) => Breakdowns::from_participants(people, threshold),
            (None, Some(totals)) => Breakdowns::from_totals(totals, threshold),
            (None, None) => {
                return Err(Diagnostic::error(
                    "data/statistics.yaml declares neither participants nor totals",
                ));
            }
        };
        let measurements = match &dataset.participants {
            Some(people) => dataset
                .measurements
                .iter()
                .map(|m| progression::compute(people, &participants.genders, m, threshold))
                .collect(),
            None => Vec::new(),
        };
        let mut statistics = Statistics {
            threshold,
            participants,
            people: dataset.participants.clone(),
            measurements,
            surveys: dataset
                .surveys
                .iter()
                .map(|s| surveys::compute(s, threshold, lang))
                .collect(),
            figures: context::Figures::default(),
            warnings: Vec::new(),
        };
        let mut figures = context::figures(&statistics);
        derived::compute(&dataset.derived, &mut figures, threshold)?;
        statistics.warnings = derived::over_whole(&dataset.derived, &figures);
        statistics.figures = figures;
        Ok(statistics)
    }

    /// What the figures warn about, at lines of `data/statistics.yaml`.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The values for prose expressions such as `{{ bip.positiv.andel }}`.
    pub fn context(&self, lang: Lang) -> serde_json::Value {
        self.figures.to_json(lang, self.threshold)
    }

    /// A value goals can refer to, e.g. `bip.positiv.andel` → 65.74; `None` when
    /// unknown or not published.
    pub fn value(&self, name: &str) -> Option<f64> {
        self.figures.number(name)
    }

    /// The table a view shows, suppressed, before formatting; `None` when the data
    /// cannot give it (the means of a text scale).
    pub fn table(&self, view: &View, lang: Lang) -> Option<Tabulation> {
        tables::table(self, view, lang)
    }

    /// The chart data a view shows; suppressed cells are `None`.
    pub fn series(&self, view: &View, lang: Lang) -> Option<Series> {
        chart_series::series(self, view, lang)
    }

    /// The gender columns of every split: women, men, and others when there are any.
    pub fn genders(&self) -> &[Gender] {
        &self.participants.genders
    }

    /// The plural heading of a gender ("Kvinnor", "Män", "Annat/uppgift saknas").
    pub fn gender_label(&self, gender: Gender, lang: Lang) -> String {
        let words = &lang.words().statistics;
        match gender {
            Gender::Kvinna => words.women.to_owned(),
            Gender::Man => words.men.to_owned(),
            Gender::Other => self.participants.other_label.clone(),
        }
    }
}
