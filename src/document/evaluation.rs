//! Evaluation blocks built from typed YAML: sustainability plans, the interviewee
//! appendix, a checklist of questions, and the gender-equality summary written from
//! the statistics with its own wording template.

use serde::Deserialize;

use super::{Align, Block, Cell, Table};
use crate::analysis::sustainability::Tally;
use crate::diagnostic::{Diagnostic, Result};
use crate::load::sustainability::{Plan, Status};
use crate::locale::Lang;

fn header(cells: &[&str]) -> Vec<Vec<Cell>> {
    vec![cells.iter().map(|c| Cell::text(*c)).collect()]
}

fn status_word(status: Status, lang: Lang) -> &'static str {
    match (status, lang) {
        (Status::Decided, Lang::Sv) => "Beslutat",
        (Status::Planned, Lang::Sv) => "Planerat",
        (Status::Considering, Lang::Sv) => "Under övervägande",
        (Status::NotPlanned, Lang::Sv) => "Ej planerat",
        (Status::Unknown, Lang::Sv) => "Okänt",
        (Status::Decided, Lang::En) => "Decided",
        (Status::Planned, Lang::En) => "Planned",
        (Status::Considering, Lang::En) => "Under consideration",
        (Status::NotPlanned, Lang::En) => "Not planned",
        (Status::Unknown, Lang::En) => "Unknown",
    }
}

/// The sustainability table, its one-line count summary as the table's note.
pub fn sustainability(
    plans: &[Plan],
    tally: &Tally,
    lang: Lang,
    parse: &mut dyn FnMut(&str) -> Result<Vec<Block>>,
) -> Result<Block> {
    let sv = lang == Lang::Sv;
    let mut rows = Vec::with_capacity(plans.len());
    for plan in plans {
        let keeps = match parse(&plan.keeps)?.into_iter().next() {
            Some(Block::Paragraph(content)) => Cell {
                content,
                mark: None,
            },
            _ => Cell::text("–"),
        };
        rows.push(vec![
            Cell::text(plan.name.clone()),
            keeps,
            Cell::text(status_word(plan.status, lang)),
        ]);
    }
    let table = Table {
        align: vec![Align::Left, Align::Left, Align::Left],
        header: header(if sv {
            &["Organisation", "Vad som behålls", "Status"]
        } else {
            &["Organisation", "What is kept", "Status"]
        }),
        rows,
        notes: vec![summary(tally, lang)],
        ..Table::default()
    };
    Ok(Block::Table(table))
}

/// "Av 5 organisationer: beslutat 3, planerat 1, under övervägande 1."
fn summary(tally: &Tally, lang: Lang) -> String {
    let parts: Vec<String> = tally
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {n}", status_word(*s, lang).to_lowercase()))
        .collect();
    match lang {
        Lang::Sv => format!("Av {} organisationer: {}.", tally.total, parts.join(", ")),
        Lang::En => format!("Of {} organisations: {}.", tally.total, parts.join(", ")),
    }
}

/// One interview of the interviewee appendix. Names are optional and usually left out.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    role: String,
    organisation: String,
    /// `YYYY-MM-DD`.
    date: String,
    #[serde(default)]
    name: Option<String>,
    /// How many people took part, when more than one.
    #[serde(default)]
    people: Option<u32>,
}

/// The interviewee appendix, sorted by date.
pub fn interviews(mut list: Vec<Interview>, lang: Lang) -> Result<Block> {
    if let Some(bad) = list
        .iter()
        .find(|i| chrono::NaiveDate::parse_from_str(&i.date, "%Y-%m-%d").is_err())
    {
        return Err(Diagnostic::error(format!("`{}` is not a date", bad.date))
            .with_hint("write interview dates as YYYY-MM-DD"));
    }
    list.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.organisation.cmp(&b.organisation))
    });
    let with_names = list.iter().any(|i| i.name.is_some());
    let sv = lang == Lang::Sv;
    let mut columns = vec![
        if sv { "Roll" } else { "Role" },
        "Organisation",
        if sv { "Datum" } else { "Date" },
        if sv { "Antal personer" } else { "People" },
    ];
    if with_names {
        columns.insert(0, if sv { "Namn" } else { "Name" });
    }
    let rows = list
        .into_iter()
        .map(|i| {
            let mut row = vec![
                Cell::text(i.role),
                Cell::text(i.organisation),
                Cell::text(i.date),
                Cell::text(i.people.unwrap_or(1).to_string()),
            ];
            if with_names {
                row.insert(0, Cell::text(i.name.unwrap_or_default()));
            }
            row
        })
        .collect();
    let mut align = vec![Align::Left; columns.len()];
    if let Some(last) = align.last_mut() {
        *last = Align::Right;
    }
    Ok(Block::Table(Table {
        align,
        header: header(&columns),
        rows,
        ..Table::default()
    }))
}

/// One question of a checklist with the evaluator's answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    question: String,
    answer: String,
}

/// A checklist as a two-column table; answers are markdown.
pub fn checklist(
    list: Vec<Check>,
    lang: Lang,
    parse: &mut dyn FnMut(&str) -> Result<Vec<Block>>,
) -> Result<Block> {
    let mut rows = Vec::with_capacity(list.len());
    for check in list {
        let answer = match parse(&check.answer)?.into_iter().next() {
            Some(Block::Paragraph(content)) => Cell {
                content,
                mark: None,
            },
            _ => Cell::text(check.answer),
        };
        rows.push(vec![Cell::text(check.question), answer]);
    }
    let columns: &[&str] = if lang == Lang::Sv {
        &["Fråga", "Bedömning"]
    } else {
        &["Question", "Assessment"]
    };
    Ok(Block::Table(Table {
        align: vec![Align::Left, Align::Left],
        header: header(columns),
        rows,
        ..Table::default()
    }))
}

/// The body of an outcome matrix: outcome columns and, per pseudonymised
/// participant, the outcomes reached.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeMatrix {
    columns: Vec<String>,
    rows: Vec<OutcomeRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeRow {
    /// A pseudonym such as "AA", never a name.
    id: String,
    #[serde(default)]
    outcomes: Vec<String>,
}

/// Participants × outcomes with ✓ marks and a totals row.
pub fn outcome_matrix(matrix: OutcomeMatrix, threshold: u32, lang: Lang) -> Result<Block> {
    if let Some((row, outcome)) = matrix.rows.iter().find_map(|r| {
        r.outcomes
            .iter()
            .find(|o| !matrix.columns.contains(o))
            .map(|o| (&r.id, o))
    }) {
        return Err(Diagnostic::error(format!(
            "participant {row}: `{outcome}` is not one of the columns"
        ))
        .with_hint(format!("the columns are: {}", matrix.columns.join(", "))));
    }
    crate::analysis::outcomes::check_publishable(matrix.rows.len(), threshold)?;
    let reached: Vec<Vec<String>> = matrix.rows.iter().map(|r| r.outcomes.clone()).collect();
    let totals = crate::analysis::outcomes::totals(&matrix.columns, &reached);
    let sv = lang == Lang::Sv;
    let mut head = vec![Cell::text(if sv { "Deltagare" } else { "Participant" })];
    head.extend(matrix.columns.iter().map(|c| Cell::text(c.clone())));
    let rows = matrix
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![Cell::text(r.id.clone())];
            row.extend(
                matrix
                    .columns
                    .iter()
                    .map(|c| Cell::text(if r.outcomes.contains(c) { "✓" } else { "–" })),
            );
            row
        })
        .collect();
    let mut footer = vec![Cell::text(lang.labels().total)];
    footer.extend(totals.iter().map(|n| Cell::text(n.to_string())));
    let mut align = vec![Align::Center; matrix.columns.len() + 1];
    align[0] = Align::Left;
    let legend_note = if sv {
        "✓ = utfallet är uppnått, – = inte uppnått."
    } else {
        "✓ = outcome reached, – = not reached."
    };
    Ok(Block::Table(Table {
        align,
        header: vec![head],
        rows,
        footer: vec![footer],
        notes: vec![legend_note.to_owned()],
        ..Table::default()
    }))
}
