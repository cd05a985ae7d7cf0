//! Progression in a measurement (BIP is one): the first and the last occasion of each
//! participant with at least two, compared question by question and classified, then
//! counted overall, by gender, by age group, by gender × age and per question; and the
//! answers on the first and on the last occasion of everyone measured.

use crate::analysis::answers::Distribution;
use crate::analysis::counts::tally;
use crate::analysis::suppression::Grid;
use crate::analysis::tabulation::Mark;
use crate::load::dataset::{
    Category, Gender, MarkConfig, Measurement, Occasion, Participants, Question, Scale,
};
use crate::locale::Hundredths;

/// The key of the breakdown progression is also shown by.
pub const AGE: &str = "aldersgrupp";

/// A participant's progression between the first and the last rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Positive,
    Negative,
    Unchanged,
}

impl Class {
    pub const ALL: [Class; 3] = [Class::Positive, Class::Negative, Class::Unchanged];

    /// The key in context names.
    pub fn key(self) -> &'static str {
        match self {
            Class::Positive => "positiv",
            Class::Negative => "negativ",
            Class::Unchanged => "oforandrad",
        }
    }
}

/// How one question changed between the first and the last rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Improved,
    Worsened,
    Unchanged,
}

impl Change {
    pub const ALL: [Change; 3] = [Change::Improved, Change::Worsened, Change::Unchanged];

    /// The key in context names.
    pub fn key(self) -> &'static str {
        match self {
            Change::Improved => "forbattrade",
            Change::Worsened => "forsamrade",
            Change::Unchanged => "oforandrade",
        }
    }

    fn between(first: u8, last: u8) -> Change {
        match last.cmp(&first) {
            std::cmp::Ordering::Greater => Change::Improved,
            std::cmp::Ordering::Less => Change::Worsened,
            std::cmp::Ordering::Equal => Change::Unchanged,
        }
    }
}

/// The mean first and last rating of one question over the BIP group, each rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Means {
    pub first: Hundredths,
    pub last: Hundredths,
}

impl Means {
    /// The difference of the rounded means, as published.
    pub fn difference(self) -> Hundredths {
        Hundredths(self.last.0 - self.first.0)
    }
}

/// Everything computed from one measurement.
#[derive(Debug, Clone)]
pub struct Progression {
    /// The measurement's name (`bip`).
    pub name: String,
    pub questions: Vec<Question>,
    pub scale: Scale,
    pub mark_config: MarkConfig,
    /// Rows: the genders (women, men, others when any), total; columns: the classes,
    /// then the group size.
    pub by_gender: Grid,
    /// Age groups and a grid with rows = age groups (+ total), columns as above.
    pub by_age: Option<(Vec<Category>, Grid)>,
    /// Rows: each gender × each age group, in gender order (+ total).
    pub by_gender_age: Option<(Vec<Category>, Grid)>,
    /// Rows: questions; columns: improved, worsened, unchanged, then the group size.
    pub per_question: Grid,
    /// `per_question` for each gender, in gender order.
    pub per_question_by_gender: Vec<Grid>,
    /// Per question; `None` when the group is too small to publish or the scale has
    /// no numbers.
    pub means: Vec<Option<Means>>,
    /// Per question, from the rank of the number improved.
    pub marks: Vec<Option<Mark>>,
    /// Per round (1st, 2nd …): a one-row grid of participants measured, and the
    /// mean of all their answers (numeric scales).
    pub rounds: Vec<(Grid, Option<Hundredths>)>,
    /// The answers on the first and on the last occasion of everyone measured.
    pub first: Distribution,
    pub last: Distribution,
}

/// The first or the last occasion of each participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    First,
    Last,
}

impl Moment {
    pub const ALL: [Moment; 2] = [Moment::First, Moment::Last];

    /// The key in context names and in `tillfalle:`.
    pub fn key(self) -> &'static str {
        match self {
            Moment::First => "forsta",
            Moment::Last => "sista",
        }
    }

    fn pick(self, occasions: &[Occasion]) -> Option<&Occasion> {
        match self {
            Moment::First => occasions.first(),
            Moment::Last => occasions.last(),
        }
    }
}

impl Progression {
    /// The answer distribution at the first or last occasion.
    pub fn distribution(&self, moment: Moment) -> &Distribution {
        match moment {
            Moment::First => &self.first,
            Moment::Last => &self.last,
        }
    }
}

/// One progression-group member's result.
struct Outcome {
    person: usize,
    class: Class,
    /// Per question; `None` when it was not answered on the first or last occasion.
    changes: Vec<Option<Change>>,
}

/// Computes progression for participants with at least two occasions; `genders` are
/// the gender rows of every split.
pub fn compute(
    participants: &Participants,
    genders: &[Gender],
    measurement: &Measurement,
    threshold: u32,
) -> Progression {
    let questions = &measurement.instrument.questions;
    let outcomes: Vec<Outcome> = measurement
        .by_person()
        .enumerate()
        .filter_map(|(person, list)| outcome(person, list))
        .collect();
    let gender_of = |o: &Outcome| {
        let gender = participants.gender[o.person];
        genders.iter().position(|&g| g == gender).unwrap_or(0)
    };
    let age_dimension = participants.dimension(AGE);
    let age_of = |o: &Outcome| age_dimension.map(|d| d.of_person[o.person] as usize);
    let ages: &[Category] = age_dimension.map_or(&[], |d| &d.categories);
    let classify = |rows: usize, row_of: &dyn Fn(&Outcome) -> Option<usize>| {
        let parts = tally(rows, Class::ALL.len(), |add| {
            for o in &outcomes {
                if let Some(row) = row_of(o) {
                    add(row, o.class as usize);
                }
            }
        });
        Grid::from_parts(parts, true, threshold)
    };
    let by_gender = classify(genders.len(), &|o| Some(gender_of(o)));
    let with_ages = |grid: Grid| (!ages.is_empty()).then(|| (ages.to_vec(), grid));
    let by_age = with_ages(classify(ages.len(), &age_of));
    let by_gender_age = with_ages(classify(genders.len() * ages.len(), &|o| {
        age_of(o).map(|a| gender_of(o) * ages.len() + a)
    }));
    let question_grid = |keep: &dyn Fn(&Outcome) -> bool| {
        question_changes(&outcomes, questions.len(), keep, threshold)
    };
    let per_question = question_grid(&|_| true);
    let marks = rank_marks(&per_question, &measurement.marks);
    let published = by_gender.row_total(genders.len()).shown().is_some();
    let at = |moment: Moment| {
        let answers = measurement
            .by_person()
            .filter_map(|o| moment.pick(o))
            .map(|o| &*o.answers);
        Distribution::count(
            answers,
            questions.len(),
            measurement.instrument.scale.steps(),
            threshold,
        )
    };
    Progression {
        name: measurement.name.clone(),
        questions: questions.clone(),
        scale: measurement.instrument.scale.clone(),
        mark_config: measurement.marks.clone(),
        per_question_by_gender: (0..genders.len())
            .map(|g| question_grid(&|o| gender_of(o) == g))
            .collect(),
        per_question,
        marks,
        means: mean_first_last(&outcomes, measurement)
            .into_iter()
            .map(|m| m.filter(|_| published))
            .collect(),
        by_gender,
        by_age,
        by_gender_age,
        rounds: round_means(measurement, threshold),
        first: at(Moment::First),
        last: at(Moment::Last),
    }
}

/// The outcome of a participant with at least two occasions.
fn outcome(person: usize, occasions: &[Occasion]) -> Option<Outcome> {
    let (first, last) = (occasions.first()?, occasions.last()?);
    if occasions.len() < 2 {
        return None;
    }
    let changes: Vec<Option<Change>> = first
        .answers
        .iter()
        .zip(last.answers.iter())
        .map(|(f, l)| Some(Change::between(f.on_scale()?, l.on_scale()?)))
        .collect();
    let count = |change| changes.iter().filter(|&&c| c == Some(change)).count();
    let (improved, worsened) = (count(Change::Improved), count(Change::Worsened));
    let class = match improved.cmp(&worsened) {
        std::cmp::Ordering::Greater => Class::Positive,
        std::cmp::Ordering::Less => Class::Negative,
        std::cmp::Ordering::Equal => Class::Unchanged,
    };
    Some(Outcome {
        person,
        class,
        changes,
    })
}

/// Rows: questions; columns: improved, worsened, unchanged (+ total); no totals row.
fn question_changes(
    outcomes: &[Outcome],
    questions: usize,
    keep: &dyn Fn(&Outcome) -> bool,
    threshold: u32,
) -> Grid {
    let parts = tally(questions, Change::ALL.len(), |add| {
        for o in outcomes.iter().filter(|o| keep(o)) {
            for (q, change) in o.changes.iter().enumerate() {
                if let Some(change) = change {
                    add(q, *change as usize);
                }
            }
        }
    });
    Grid::from_parts(parts, false, threshold)
}

/// The number on the scale of an answer; `None` for a non-answer or a text scale.
fn value(scale: &Scale, answer: crate::load::dataset::Answer) -> Option<i64> {
    scale.value(answer.on_scale()?)
}

/// Mean first and last answer per question over the progression group members who
/// answered it on that occasion, rounded half up; numeric scales only.
fn mean_first_last(outcomes: &[Outcome], measurement: &Measurement) -> Vec<Option<Means>> {
    let scale = &measurement.instrument.scale;
    (0..measurement.instrument.questions.len())
        .map(|q| {
            let mean = |moment: Moment| {
                let values: Vec<i64> = outcomes
                    .iter()
                    .filter_map(|o| moment.pick(measurement.of_person(o.person)))
                    .filter_map(|occasion| value(scale, occasion.answers[q]))
                    .collect();
                Hundredths::ratio(values.iter().sum(), values.len() as i64)
            };
            Some(Means {
                first: mean(Moment::First)?,
                last: mean(Moment::Last)?,
            })
        })
        .collect()
}

/// Marks by rank of the number improved: the best `best` questions, the next `good`,
/// and the `weak` lowest. Ties share the better mark (a question's rank is one more
/// than the number of questions strictly ahead of it).
fn rank_marks(per_question: &Grid, config: &MarkConfig) -> Vec<Option<Mark>> {
    let improved: Vec<u32> = (0..per_question.rows())
        .map(|q| per_question.raw(q, 0))
        .collect();
    improved
        .iter()
        .map(|&n| {
            let rank = improved.iter().filter(|&&m| m > n).count() + 1;
            let rank_from_bottom = improved.iter().filter(|&&m| m < n).count() + 1;
            if rank <= config.best {
                Some(Mark::Best)
            } else if rank <= config.best + config.good {
                Some(Mark::Good)
            } else if rank_from_bottom <= config.weak {
                Some(Mark::Weak)
            } else {
                None
            }
        })
        .collect()
}

/// Per round k: how many participants have a k-th occasion and the mean of all their
/// answers at that round (withheld for fewer than the threshold; numeric scales only).
fn round_means(measurement: &Measurement, threshold: u32) -> Vec<(Grid, Option<Hundredths>)> {
    let scale = &measurement.instrument.scale;
    let rounds = measurement.by_person().map(<[_]>::len).max().unwrap_or(0);
    (0..rounds)
        .map(|k| {
            let at_round: Vec<&Occasion> =
                measurement.by_person().filter_map(|r| r.get(k)).collect();
            let scores: Vec<i64> = at_round
                .iter()
                .flat_map(|r| r.answers.iter().filter_map(|&a| value(scale, a)))
                .collect();
            let grid = Grid::from_parts(vec![vec![at_round.len() as u32]], false, threshold);
            let mean = grid
                .count(0, 0)
                .shown()
                .and_then(|_| Hundredths::ratio(scores.iter().sum(), scores.len() as i64));
            (grid, mean)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::dataset::Answer;

    /// An occasion with steps on the scale (`None`: blank).
    fn occasion(date: &str, steps: [Option<u8>; 3]) -> Occasion {
        Occasion {
            date: crate::load::date::parse(date).unwrap(),
            answers: steps.map(|s| s.map_or(Answer::BLANK, Answer::step)).into(),
        }
    }

    #[test]
    fn ties_share_the_better_mark() {
        let grid = Grid::from_parts(
            vec![vec![9, 0], vec![9, 0], vec![5, 0], vec![1, 0]],
            false,
            1,
        );
        let config = MarkConfig {
            best: 1,
            good: 1,
            weak: 1,
            ..MarkConfig::default()
        };
        assert_eq!(
            rank_marks(&grid, &config),
            vec![Some(Mark::Best), Some(Mark::Best), None, Some(Mark::Weak)]
        );
    }

    #[test]
    fn classification_compares_first_and_last() {
        let ratings = vec![
            occasion("2021-01-01", [Some(1), Some(3), Some(3)]),
            occasion("2021-04-01", [Some(5), Some(1), Some(1)]),
            occasion("2021-07-01", [Some(2), Some(2), Some(3)]),
        ];
        let o = outcome(0, &ratings).unwrap();
        assert_eq!(
            o.changes,
            vec![
                Some(Change::Improved),
                Some(Change::Worsened),
                Some(Change::Unchanged)
            ]
        );
        assert_eq!(o.class, Class::Unchanged);
        assert!(outcome(0, &ratings[..1]).is_none());
    }

    #[test]
    fn an_unanswered_question_is_left_out_of_the_comparison() {
        let ratings = vec![
            occasion("2021-01-01", [Some(1), None, Some(3)]),
            occasion("2021-04-01", [Some(2), Some(1), None]),
        ];
        let o = outcome(0, &ratings).unwrap();
        assert_eq!(o.changes, vec![Some(Change::Improved), None, None]);
        assert_eq!(o.class, Class::Positive);
    }
}
