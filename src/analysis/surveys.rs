//! One-off surveys: the answers per statement, and the share agreeing overall and per
//! group of respondents (gender and any background breakdown).

use crate::analysis::answers::{Agreement, Distribution};
use crate::analysis::counts::present_genders;
use crate::analysis::suppression::{Count, Grid};
use crate::load::dataset::{Category, Gender, Question, Scale, Survey};
use crate::locale::Lang;

/// Everything computed from one survey.
#[derive(Debug, Clone)]
pub struct SurveyResult {
    /// The survey's name under `enkater:`.
    pub name: String,
    pub questions: Vec<Question>,
    pub scale: Scale,
    /// How many of the highest answers count as agreeing.
    pub top: usize,
    /// Everyone who answered the survey, as published.
    pub respondents: Count,
    pub distribution: Distribution,
    /// Agreement of everyone (one group).
    pub agreement: Agreement,
    /// Agreement per gender and per background breakdown.
    pub groupings: Vec<Grouping>,
}

/// A split of the respondents: its key (`kon` or the breakdown's), heading, groups and
/// the agreement per group.
#[derive(Debug, Clone)]
pub struct Grouping {
    pub key: String,
    pub heading: String,
    pub groups: Vec<Category>,
    pub agreement: Agreement,
}

/// Computes the survey's figures, protected with `threshold`.
pub fn compute(survey: &Survey, threshold: u32, lang: Lang) -> SurveyResult {
    let instrument = &survey.instrument;
    let steps = instrument.scale.steps();
    let agreement = |group: &dyn Fn(usize) -> usize, groups: usize| {
        Agreement::count(
            &survey.answers,
            group,
            groups,
            steps,
            survey.agreeing,
            threshold,
        )
    };
    let mut groupings = Vec::new();
    if let Some(gender) = &survey.gender {
        let genders = present_genders(gender);
        let words = &lang.words().statistics;
        let groups = genders
            .iter()
            .map(|&g| Category {
                code: g.code().to_owned(),
                label: match g {
                    Gender::Kvinna => words.women.to_owned(),
                    Gender::Man => words.men.to_owned(),
                    Gender::Other => survey.other_label.clone(),
                },
            })
            .collect();
        let row = |r: usize| genders.iter().position(|&g| g == gender[r]).unwrap_or(0);
        groupings.push(Grouping {
            key: "kon".to_owned(),
            heading: words.gender.to_owned(),
            groups,
            agreement: agreement(&row, genders.len()),
        });
    }
    for dimension in &survey.dimensions {
        let row = |r: usize| dimension.of_person[r] as usize;
        groupings.push(Grouping {
            key: dimension.key.clone(),
            heading: dimension.heading.clone(),
            groups: dimension.categories.clone(),
            agreement: agreement(&row, dimension.categories.len()),
        });
    }
    let respondents = Grid::from_parts(vec![vec![survey.answers.len() as u32]], false, threshold);
    SurveyResult {
        name: survey.name.clone(),
        questions: instrument.questions.clone(),
        scale: instrument.scale.clone(),
        top: survey.agreeing,
        respondents: respondents.count(0, 0),
        distribution: Distribution::count(
            survey.answers.iter().map(|a| &**a),
            instrument.questions.len(),
            steps,
            threshold,
        ),
        agreement: agreement(&|_| 0, 1),
        groupings,
    }
}

impl SurveyResult {
    /// The split with this key.
    pub fn grouping(&self, key: &str) -> Option<&Grouping> {
        self.groupings.iter().find(|g| g.key == key)
    }
}
