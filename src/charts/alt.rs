//! The text alternative of a chart: a generated summary in the report language.

use super::{ChartKind, Plot};
use crate::locale::ChartWords;

fn kind_name(kind: ChartKind, words: &ChartWords) -> &'static str {
    match kind {
        ChartKind::Bar => words.bar,
        ChartKind::Column => words.column,
        ChartKind::GroupedBar => words.grouped_bar,
        ChartKind::StackedBar => words.stacked_bar,
        ChartKind::Radar => words.radar,
        ChartKind::Dumbbell => words.dumbbell,
        ChartKind::Line => words.line,
    }
}

/// "Stapeldiagram: Deltagare per åldersgrupp. 20–29: 96, 30–39: 59. Störst: 20–29 (96)."
pub fn summary(kind: ChartKind, title: &str, plot: &Plot) -> String {
    let words = &plot.lang.words().charts;
    let head = format!(
        "{}: {}.",
        kind_name(kind, words),
        title.trim().trim_end_matches('.')
    );
    let body = if plot.series.groups.len() == 1 {
        single_group(plot, words)
    } else {
        per_category(plot, words)
    };
    format!("{head} {body}")
}

fn value_text(plot: &Plot, value: Option<f64>, words: &ChartWords) -> String {
    value.map_or_else(|| words.suppressed.to_owned(), |v| plot.label(Some(v)))
}

/// "20–29: 96, 30–39: 59. Störst: 20–29 (96)."
fn single_group(plot: &Plot, words: &ChartWords) -> String {
    let values = &plot.series.groups[0].values;
    let pairs: Vec<String> = plot
        .series
        .categories
        .iter()
        .zip(values)
        .map(|(category, value)| format!("{category}: {}", value_text(plot, *value, words)))
        .collect();
    let largest = plot
        .series
        .categories
        .iter()
        .zip(values)
        .filter_map(|(c, v)| v.map(|v| (c, v)))
        .reduce(|best, next| if next.1 > best.1 { next } else { best });
    match largest {
        Some((category, value)) => format!(
            "{}. {}: {category} ({}).",
            pairs.join(", "),
            words.largest,
            plot.label(Some(value))
        ),
        None => format!("{}.", pairs.join(", ")),
    }
}

/// "20–29: Kvinnor 40, Män 56. 30–39: Kvinnor 25, Män 34."
fn per_category(plot: &Plot, words: &ChartWords) -> String {
    let sentences: Vec<String> = plot
        .series
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let parts: Vec<String> = plot
                .series
                .groups
                .iter()
                .map(|g| format!("{} {}", g.name, value_text(plot, g.values[i], words)))
                .collect();
            format!("{category}: {}.", parts.join(", "))
        })
        .collect();
    sentences.join(" ")
}
