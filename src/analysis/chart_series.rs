//! Chart data from the same protected grids as the tables: suppressed cells are `None`.

use crate::analysis::Statistics;
use crate::analysis::counts::Breakdown;
use crate::analysis::progression::AGE;
use crate::analysis::progression::{Bip, Change, Class};
use crate::analysis::series::{Group, Series, Unit};
use crate::analysis::suppression::Grid;
use crate::locale::StatisticsWords;
use crate::locale::{Hundredths, Lang};

/// Every series name.
pub const NAMES: &[&str] = &[
    "deltagare_kon",
    "bip_klassificering",
    "bip_kon",
    "bip_aldersgrupp",
    "bip_fragor",
    "bip_medel",
    "bip_matningar",
];

pub fn series(stats: &Statistics, name: &str, lang: Lang) -> Option<Series> {
    let w = &lang.words().statistics;
    let bip = stats.bip.as_ref();
    let genders = || gender_labels(stats, lang);
    match name {
        "deltagare_kon" => {
            let grid = stats.participants.gender.as_ref()?;
            let values = (0..stats.genders().len())
                .map(|r| count(grid, r, 0))
                .collect();
            Some(single(genders(), w.count, values, Unit::Count, w.gender))
        }
        "bip_klassificering" => {
            let grid = &bip?.by_gender;
            let all = grid.total_row().unwrap_or(0);
            let classes = Class::ALL.iter().map(|&c| w.class(c).to_owned()).collect();
            let values = (0..3).map(|c| percent(grid.share_of_row(all, c))).collect();
            Some(single(
                classes,
                w.share,
                values,
                Unit::Percent,
                w.progression,
            ))
        }
        "bip_kon" => Some(class_shares(genders(), &bip?.by_gender, w, w.gender)),
        "bip_aldersgrupp" => {
            let (ages, grid) = bip?.by_age.as_ref()?;
            let labels = ages.iter().map(|a| a.label.clone()).collect();
            let heading = stats.participants.dimension(AGE)?.heading.as_str();
            Some(class_shares(labels, grid, w, heading))
        }
        "bip_fragor" => Some(question_shares(bip?, w)),
        "bip_medel" => Some(mean_scores(bip?, w)),
        "bip_matningar" => {
            let bip = bip?;
            let rounds = (1..=bip.rounds.len()).map(|k| k.to_string()).collect();
            let values = bip
                .rounds
                .iter()
                .map(|(_, mean)| mean.map(Hundredths::as_f64))
                .collect();
            Some(single(rounds, w.mean, values, score_unit(bip), w.round))
        }
        _ => {
            let key = name.strip_prefix("deltagare_")?;
            let breakdown = stats.participants.dimension(key)?;
            Some(dimension_counts(stats, breakdown, lang))
        }
    }
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

fn score_unit(bip: &Bip) -> Unit {
    Unit::Score {
        min: i64::from(bip.scale.min),
        max: i64::from(bip.scale.max),
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
            name: w.class(c).to_owned(),
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
fn question_shares(bip: &Bip, w: &StatisticsWords) -> Series {
    let grid = &bip.per_question;
    let groups = Change::ALL
        .iter()
        .map(|&c| Group {
            name: w.change(c).to_owned(),
            values: (0..bip.questions.len())
                .map(|q| percent(grid.share_of_row(q, c as usize)))
                .collect(),
        })
        .collect();
    Series {
        categories: question_labels(bip),
        groups,
        unit: Unit::Percent,
        category_label: w.question.to_owned(),
    }
}

/// Mean first and last score per question.
fn mean_scores(bip: &Bip, w: &StatisticsWords) -> Series {
    let first = bip
        .means
        .iter()
        .map(|m| m.map(|m| m.first.as_f64()))
        .collect();
    let last = bip
        .means
        .iter()
        .map(|m| m.map(|m| m.last.as_f64()))
        .collect();
    Series {
        categories: question_labels(bip),
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
        unit: score_unit(bip),
        category_label: w.question.to_owned(),
    }
}

/// The questions as chart axes label them: the short label, else the text.
fn question_labels(bip: &Bip) -> Vec<String> {
    bip.questions.iter().map(|q| q.label().to_owned()).collect()
}
