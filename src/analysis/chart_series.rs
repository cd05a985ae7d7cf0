//! Chart data from the same protected grids as the tables: suppressed cells are `None`.

use crate::analysis::Statistics;
use crate::analysis::answers::Distribution;
use crate::analysis::counts::Breakdown;
use crate::analysis::progression::{AGE, Change, Class, Progression};
use crate::analysis::series::{Group, Series, Unit};
use crate::analysis::suppression::Grid;
use crate::analysis::surveys::{Grouping, SurveyResult};
use crate::analysis::view::{ClassesBy, View};
use crate::load::dataset::{Category, Question, Scale};
use crate::locale::StatisticsWords;
use crate::locale::{Hundredths, Lang};

/// The chart data of a view; `None` when the data cannot give it.
pub fn series(stats: &Statistics, view: &View, lang: Lang) -> Option<Series> {
    let w = &lang.words().statistics;
    let genders = || gender_labels(stats, lang);
    Some(match view {
        View::KeyFigures => return None,
        View::Gender => {
            let grid = stats.participants.gender.as_ref()?;
            let values = (0..stats.genders().len())
                .map(|r| count(grid, r, 0))
                .collect();
            single(genders(), w.count, values, Unit::Count, w.gender)
        }
        View::Dimension(breakdown) => dimension_counts(stats, breakdown, lang),
        View::Cross {
            rows,
            columns,
            grid,
        } => crossed(&rows.categories, &columns.categories, grid, &rows.heading),
        View::Classification(m) => {
            let grid = &m.by_gender;
            let all = grid.total_row().unwrap_or(0);
            let classes = Class::ALL
                .iter()
                .map(|&c| w.classes[c as usize].to_owned())
                .collect();
            let values = (0..3).map(|c| percent(grid.share_of_row(all, c))).collect();
            single(classes, w.share, values, Unit::Percent, w.progression)
        }
        View::Classes(m, ClassesBy::Gender) => class_shares(genders(), &m.by_gender, w, w.gender),
        View::Classes(m, ClassesBy::Age) => {
            let (ages, grid) = m.by_age.as_ref()?;
            let labels = ages.iter().map(|a| a.label.clone()).collect();
            let heading = stats.participants.dimension(AGE)?.heading.as_str();
            class_shares(labels, grid, w, heading)
        }
        View::Classes(_, ClassesBy::GenderAge) => return None,
        View::Changes(m, gender) => {
            let grid = match gender {
                Some(g) => m.per_question_by_gender.get(*g)?,
                None => &m.per_question,
            };
            question_shares(m, grid, w)
        }
        View::Means(m) => mean_scores(m, w)?,
        View::Rounds(m) => {
            let rounds = (1..=m.rounds.len()).map(|k| k.to_string()).collect();
            let values = m
                .rounds
                .iter()
                .map(|(_, mean)| mean.map(Hundredths::as_f64))
                .collect();
            single(rounds, w.mean, values, score_unit(&m.scale)?, w.round)
        }
        View::Answers {
            questions,
            scale,
            distribution,
        } => answer_shares(questions, scale, distribution, w),
        View::Agreement(survey, grouping) => agreement_shares(survey, *grouping, w),
    })
}

fn gender_labels(stats: &Statistics, lang: Lang) -> Vec<String> {
    stats
        .genders()
        .iter()
        .map(|&g| stats.gender_label(g, lang))
        .collect()
}

fn count(grid: &Grid, row: usize, column: usize) -> Option<f64> {
    grid.count(row, column).shown().map(f64::from)
}

fn percent(share: Option<Hundredths>) -> Option<f64> {
    share.map(Hundredths::as_f64)
}

/// The axis of a numeric scale; `None` for a text scale.
fn score_unit(scale: &Scale) -> Option<Unit> {
    match scale {
        Scale::Numeric { min, max } => Some(Unit::Score {
            min: i64::from(*min),
            max: i64::from(*max),
        }),
        Scale::Ordered(_) => None,
    }
}

fn single(
    categories: Vec<String>,
    group: &str,
    values: Vec<Option<f64>>,
    unit: Unit,
    axis: &str,
) -> Series {
    Series {
        categories,
        groups: vec![Group {
            name: group.to_owned(),
            values,
        }],
        unit,
        category_label: axis.to_owned(),
    }
}

/// Participants per category of a breakdown, split by gender when known.
fn dimension_counts(stats: &Statistics, breakdown: &Breakdown, lang: Lang) -> Series {
    let w = &lang.words().statistics;
    let grid = &breakdown.grid;
    let rows = 0..breakdown.categories.len();
    let groups = if grid.total_column() > 0 {
        gender_labels(stats, lang)
            .into_iter()
            .enumerate()
            .map(|(g, name)| Group {
                name,
                values: rows.clone().map(|r| count(grid, r, g)).collect(),
            })
            .collect()
    } else {
        vec![Group {
            name: w.count.to_owned(),
            values: rows.map(|r| count(grid, r, 0)).collect(),
        }]
    };
    Series {
        categories: breakdown
            .categories
            .iter()
            .map(|c| c.label.clone())
            .collect(),
        groups,
        unit: Unit::Count,
        category_label: breakdown.heading.clone(),
    }
}

/// Positive, negative and unchanged shares (percent) per row of a classification grid.
fn class_shares(categories: Vec<String>, grid: &Grid, w: &StatisticsWords, axis: &str) -> Series {
    let rows = categories.len();
    let groups = Class::ALL
        .iter()
        .map(|&c| Group {
            name: w.classes[c as usize].to_owned(),
            values: (0..rows)
                .map(|r| percent(grid.share_of_row(r, c as usize)))
                .collect(),
        })
        .collect();
    Series {
        categories,
        groups,
        unit: Unit::Percent,
        category_label: axis.to_owned(),
    }
}

/// Improved, worsened and unchanged shares (percent) per question.
fn question_shares(m: &Progression, grid: &Grid, w: &StatisticsWords) -> Series {
    let groups = Change::ALL
        .iter()
        .map(|&c| Group {
            name: w.changes[c as usize].to_owned(),
            values: (0..m.questions.len())
                .map(|q| percent(grid.share_of_row(q, c as usize)))
                .collect(),
        })
        .collect();
    Series {
        categories: question_labels(&m.questions),
        groups,
        unit: Unit::Percent,
        category_label: w.question.to_owned(),
    }
}

/// Mean first and last answer per question; `None` for a text scale.
fn mean_scores(m: &Progression, w: &StatisticsWords) -> Option<Series> {
    let unit = score_unit(&m.scale)?;
    let first = m
        .means
        .iter()
        .map(|m| m.map(|m| m.first.as_f64()))
        .collect();
    let last = m.means.iter().map(|m| m.map(|m| m.last.as_f64())).collect();
    Some(Series {
        categories: question_labels(&m.questions),
        groups: vec![
            Group {
                name: w.first.to_owned(),
                values: first,
            },
            Group {
                name: w.last.to_owned(),
                values: last,
            },
        ],
        unit,
        category_label: w.question.to_owned(),
    })
}

/// The questions as chart axes label them: the short label, else the text.
fn question_labels(questions: &[Question]) -> Vec<String> {
    questions.iter().map(|q| q.label().to_owned()).collect()
}

/// Per question, each answer's share of the answers on the scale (a 100 % stack).
fn answer_shares(
    questions: &[Question],
    scale: &Scale,
    d: &Distribution,
    w: &StatisticsWords,
) -> Series {
    let groups = scale
        .labels()
        .into_iter()
        .enumerate()
        .map(|(step, name)| Group {
            name,
            values: (0..questions.len())
                .map(|q| percent(d.share(q, step)))
                .collect(),
        })
        .collect();
    Series {
        categories: question_labels(questions),
        groups,
        unit: Unit::Percent,
        category_label: w.question.to_owned(),
    }
}

/// Per statement, the share agreeing: of everyone, or one group per respondent group.
fn agreement_shares(
    survey: &SurveyResult,
    grouping: Option<&Grouping>,
    w: &StatisticsWords,
) -> Series {
    let agreement = grouping.map_or(&survey.agreement, |g| &g.agreement);
    let questions = 0..survey.questions.len();
    let groups = match grouping {
        Some(g) => g
            .groups
            .iter()
            .enumerate()
            .map(|(row, c)| Group {
                name: c.label.clone(),
                values: questions
                    .clone()
                    .map(|q| percent(agreement.agreeing(q, row).1))
                    .collect(),
            })
            .collect(),
        None => vec![Group {
            name: w.agreeing.to_owned(),
            values: questions
                .map(|q| percent(agreement.agreeing(q, agreement.all()).1))
                .collect(),
        }],
    };
    Series {
        categories: question_labels(&survey.questions),
        groups,
        unit: Unit::Percent,
        category_label: w.question.to_owned(),
    }
}

/// Counts of one breakdown (categories) by another (groups).
fn crossed(rows: &[Category], columns: &[Category], grid: &Grid, heading: &str) -> Series {
    Series {
        categories: rows.iter().map(|c| c.label.clone()).collect(),
        groups: columns
            .iter()
            .enumerate()
            .map(|(c, column)| Group {
                name: column.label.clone(),
                values: (0..rows.len()).map(|r| count(grid, r, c)).collect(),
            })
            .collect(),
        unit: Unit::Count,
        category_label: heading.to_owned(),
    }
}
