//! Goals in the Document: the goal table, the hierarchy figure, verdict lines and the
//! `mal.<id>` names for prose. Verdicts come from analysis; this module formats them.

use serde_json::{Map, Value, json};

use super::{Align, Block, Cell, Figure, Inline, LegendItem, Mark, Table};
use crate::analysis::Analysis;
use crate::analysis::goals::Assessment;
use crate::charts::{self, ChartStyle, GoalBox, GoalColumn};
use crate::diagnostic::{Diagnostic, Result};
use crate::load::goals::{Comparator, TargetUnit, Verdict};
use crate::locale::{Hundredths, Lang};

/// The word and mark of a verdict; the mark's symbol travels with the colour.
fn verdict_parts(verdict: Option<Verdict>, lang: Lang) -> (&'static str, Option<Mark>) {
    let labels = lang.labels();
    match verdict {
        Some(Verdict::Met) => (labels.verdict_met, Some(Mark::Best)),
        Some(Verdict::PartlyMet) => (labels.verdict_partly, Some(Mark::Good)),
        Some(Verdict::NotMet) => (labels.verdict_not_met, Some(Mark::Weak)),
        Some(Verdict::NotAssessable) | None => (labels.verdict_not_assessable, None),
    }
}

fn number(value: f64, unit: TargetUnit, lang: Lang) -> String {
    match unit {
        TargetUnit::Percent => lang.percent(Hundredths::round_f64(value)),
        TargetUnit::Number => lang.decimal(value),
    }
}

/// A target level as written by the evaluator: "80 %", not "80,00 %".
fn level_text(level: f64, unit: TargetUnit, lang: Lang) -> String {
    match (unit, lang) {
        (TargetUnit::Percent, Lang::Sv) => format!("{}\u{A0}%", lang.decimal(level)),
        (TargetUnit::Percent, Lang::En) => format!("{}%", lang.decimal(level)),
        (TargetUnit::Number, _) => lang.decimal(level),
    }
}

/// "≥ 80 %"
fn target_text(a: &Assessment, lang: Lang) -> String {
    let Some(t) = &a.target else {
        return "–".to_owned();
    };
    let comparator = match t.comparator {
        Comparator::AtLeast => "≥",
        Comparator::Above => ">",
        Comparator::AtMost => "≤",
        Comparator::Below => "<",
    };
    format!("{comparator}\u{A0}{}", level_text(t.level, t.unit, lang))
}

/// "65,74 %", or "–" when there is no target or the value is withheld.
fn actual_text(a: &Assessment, lang: Lang) -> String {
    match (&a.target, a.actual) {
        (Some(t), Some(actual)) => number(actual, t.unit, lang),
        _ => "–".to_owned(),
    }
}

/// The verdict as shown, with a note when the evaluator overrode the computed one.
fn verdict_text(a: &Assessment, lang: Lang) -> String {
    let (word, _) = verdict_parts(a.verdict, lang);
    match (a.overridden(), lang) {
        (true, Lang::Sv) => format!(
            "{word} (utvärderarens bedömning; enligt målnivån: {})",
            verdict_parts(a.computed, lang).0.to_lowercase()
        ),
        (true, Lang::En) => format!(
            "{word} (the evaluator's assessment; by the target: {})",
            verdict_parts(a.computed, lang).0.to_lowercase()
        ),
        (false, _) => word.to_owned(),
    }
}

/// The values prose reads: the analysis' computed values and, when there are goals,
/// `mal.<id>.{text, malniva, utfall, bedomning}` in words.
pub fn prose_values(analysis: &Analysis, lang: Lang) -> Map<String, Value> {
    let mut values = analysis.values.clone();
    if !analysis.goals.is_empty() {
        values.insert("mal".to_owned(), context(&analysis.goals, lang));
    }
    values
}

/// `mal.<id>.{text, malniva, utfall, bedomning}` for prose.
fn context(assessments: &[Assessment], lang: Lang) -> Value {
    let goals: Map<String, Value> = assessments
        .iter()
        .map(|a| {
            let value = json!({
                "text": a.text,
                "malniva": target_text(a, lang),
                "utfall": actual_text(a, lang),
                "bedomning": verdict_text(a, lang),
            });
            (a.id.clone(), value)
        })
        .collect();
    Value::Object(goals)
}

/// The goal table: goal, target, actual and verdict (word and symbol).
pub fn table(assessments: &[&Assessment], lang: Lang) -> Table {
    let sv = lang == Lang::Sv;
    let header = [
        if sv { "Mål" } else { "Goal" },
        if sv { "Målnivå" } else { "Target" },
        if sv { "Utfall" } else { "Actual" },
        if sv { "Bedömning" } else { "Verdict" },
    ];
    let rows = assessments
        .iter()
        .map(|a| {
            let (_, mark) = verdict_parts(a.verdict, lang);
            vec![
                Cell {
                    content: vec![
                        Inline::Strong(vec![Inline::Text(format!("{}.", a.id))]),
                        Inline::Text(format!(" {}", a.text)),
                    ],
                    mark: None,
                },
                Cell::text(target_text(a, lang)),
                Cell::text(actual_text(a, lang)),
                Cell {
                    mark,
                    ..Cell::text(verdict_text(a, lang))
                },
            ]
        })
        .collect();
    let legend = [Verdict::Met, Verdict::PartlyMet, Verdict::NotMet]
        .into_iter()
        .filter_map(|v| match verdict_parts(Some(v), lang) {
            (word, Some(mark)) => Some(LegendItem {
                mark,
                text: word.to_lowercase(),
            }),
            _ => None,
        })
        .collect();
    Table {
        align: vec![Align::Left, Align::Right, Align::Right, Align::Left],
        header: vec![header.iter().map(|h| Cell::text(*h)).collect()],
        rows,
        legend,
        ..Table::default()
    }
}

/// The hierarchy as a figure: one column per overarching goal.
pub fn tree(
    assessments: &[Assessment],
    title: &str,
    style: &ChartStyle,
    lang: Lang,
) -> Result<Figure> {
    let boxed = |a: &Assessment| GoalBox {
        id: a.id.clone(),
        text: a.text.clone(),
        followed: a.followed,
    };
    let mut columns: Vec<GoalColumn> = Vec::new();
    for a in assessments {
        match (a.depth, columns.last_mut()) {
            (0, _) | (_, None) => columns.push(GoalColumn {
                goal: boxed(a),
                children: Vec::new(),
            }),
            (_, Some(column)) => column.children.push(boxed(a)),
        }
    }
    let chart = charts::goal_tree(&columns, title, style, lang)?;
    let refs: Vec<&Assessment> = assessments.iter().collect();
    Ok(Figure {
        id: None,
        number: None,
        caption: title.to_owned(),
        svg: chart.svg,
        alt: chart.alt,
        data: table(&refs, lang),
        source: None,
        landscape: false,
    })
}

/// A bold verdict line ("› Mål 1d: ▼ Ej uppfyllt – 65,74 % mot målnivån ≥ 80 %"), then
/// the evaluator's rationale.
pub fn verdict_line(
    a: &Assessment,
    lang: Lang,
    parse: &mut dyn FnMut(&str) -> Result<Vec<Block>>,
) -> Result<Vec<Block>> {
    let (_, mark) = verdict_parts(a.verdict, lang);
    let symbol = mark.map(|m| format!("{} ", m.symbol())).unwrap_or_default();
    let goal = if lang == Lang::Sv { "Mål" } else { "Goal" };
    let mut line = format!("› {goal} {}: {symbol}{}", a.id, verdict_text(a, lang));
    if a.target.is_some() {
        let against = if lang == Lang::Sv {
            "mot målnivån"
        } else {
            "against the target"
        };
        line.push_str(&format!(
            " – {} {against} {}",
            actual_text(a, lang),
            target_text(a, lang)
        ));
    }
    let mut blocks = vec![Block::Paragraph(vec![Inline::Strong(vec![Inline::Text(
        line,
    )])])];
    if let Some(rationale) = &a.rationale {
        blocks.extend(parse(rationale)?);
    }
    Ok(blocks)
}

/// The assessment of goal `id`, or an error naming it.
pub fn find<'a>(assessments: &'a [Assessment], id: &str) -> Result<&'a Assessment> {
    assessments.iter().find(|a| a.id == id).ok_or_else(|| {
        let known: Vec<&str> = assessments.iter().map(|a| a.id.as_str()).collect();
        Diagnostic::error(format!("there is no goal `{id}` in data/goals.yaml"))
            .with_hint(format!("known goals: {}", known.join(", ")))
    })
}
