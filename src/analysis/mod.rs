//! Everything numeric happens here and only here: counts, shares, progression,
//! goal verdicts and small-cell suppression, as pure functions over loaded data.

mod chart_series;
mod context;
pub mod counts;
mod derived;
pub mod goals;
pub mod outcomes;
pub mod progression;
pub mod series;
pub mod suppression;
pub mod sustainability;
mod tables;

use crate::diagnostic::{Diagnostic, Result};
use crate::document::Table;
use crate::load::dataset::{Dataset, Gender};
use crate::locale::Lang;

use counts::Breakdowns;
use progression::Bip;
use series::Series;

/// The computed, suppression-protected statistics of one report.
#[derive(Debug, Clone)]
pub struct Statistics {
    threshold: u32,
    participants: Breakdowns,
    bip: Option<Bip>,
    /// The figures of `harledda:`, computed once from the others.
    derived: Vec<(String, context::Figure)>,
}

impl Statistics {
    /// Computes every figure; counts below `threshold` are protected (see
    /// [`suppression`]).
    pub fn compute(dataset: &Dataset, threshold: u32) -> Result<Statistics> {
        let participants = match (&dataset.participants, &dataset.totals) {
            (Some(people), _) => Breakdowns::from_participants(people, threshold),
            (None, Some(totals)) => Breakdowns::from_totals(totals, threshold),
            (None, None) => {
                return Err(Diagnostic::error(
                    "data/statistics.yaml declares neither participants nor totals",
                ));
            }
        };
        let bip = match (&dataset.participants, &dataset.ratings) {
            (Some(people), Some(ratings)) => Some(progression::compute(
                people,
                &participants.genders,
                ratings,
                threshold,
            )),
            _ => None,
        };
        let mut statistics = Statistics {
            threshold,
            participants,
            bip,
            derived: Vec::new(),
        };
        let mut figures = context::figures(&statistics);
        statistics.derived = derived::compute(&dataset.derived, &mut figures, threshold)?;
        Ok(statistics)
    }

    /// The values for prose expressions such as `{{ bip.positiv.andel }}`.
    pub fn context(&self, lang: Lang) -> serde_json::Value {
        context::figures(self).to_json(lang, self.threshold)
    }

    /// A value goals can refer to, e.g. `bip.positiv.andel` → 65.74; `None` when
    /// unknown or not published.
    pub fn value(&self, name: &str) -> Option<f64> {
        context::figures(self).number(name)
    }

    /// A computed table, formatted and suppressed; `None` for an unknown name or
    /// when the data for it are missing.
    pub fn table(&self, name: &str, lang: Lang) -> Option<Table> {
        tables::table(self, name, lang)
    }

    /// The names [`Statistics::table`] knows: the fixed ones and one per breakdown.
    pub fn table_names(&self) -> Vec<String> {
        self.names(tables::NAMES)
    }

    /// Chart data; suppressed cells are `None`.
    pub fn series(&self, name: &str, lang: Lang) -> Option<Series> {
        chart_series::series(self, name, lang)
    }

    /// The names [`Statistics::series`] knows: the fixed ones and one per breakdown.
    pub fn series_names(&self) -> Vec<String> {
        self.names(chart_series::NAMES)
    }

    fn names(&self, fixed: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = fixed.iter().map(|n| n.to_string()).collect();
        for dim in &self.participants.dims {
            let name = format!("deltagare_{}", dim.key);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
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
