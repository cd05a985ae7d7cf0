//! Evaluation blocks built from typed YAML: sustainability plans, the interviewee
//! appendix, a checklist of questions, and the gender-equality summary written from
//! the statistics with its own wording template.

use serde::Deserialize;

use super::{Align, Block, Cell, Table};
use crate::analysis::sustainability::Tally;
use crate::diagnostic::{Diagnostic, Result};
use crate::load::sustainability::Plan;
use crate::locale::Lang;

fn header(cells: &[&str]) -> Vec<Vec<Cell>> {
    vec![cells.iter().map(|c| Cell::text(*c)).collect()]
}

/// The sustainability table, its one-line count summary as the table's note.
pub fn sustainability(
    plans: &[Plan],
    tally: &Tally,
    lang: Lang,
    parse: &mut dyn FnMut(&str) -> Result<Vec<Block>>,
) -> Result<Block> {
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
            Cell::text(lang.words().blocks.statuses[plan.status as usize]),
        ]);
    }
    let table = Table {
        align: vec![Align::Left, Align::Left, Align::Left],
        header: header(&lang.words().blocks.sustainability_columns),
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
        .map(|(s, n)| {
            format!(
                "{} {n}",
                lang.words().blocks.statuses[*s as usize].to_lowercase()
            )
        })
        .collect();
    lang.words()
        .blocks
        .sustainability_summary
        .replace("{total}", &tally.total.to_string())
        .replace("{counts}", &parts.join(", "))
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
        .find(|i| crate::load::date::parse(&i.date).is_none())
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
    let words = &lang.words().blocks;
    let mut columns = words.interview_columns.to_vec();
    if with_names {
        columns.insert(0, words.interview_name);
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
    let columns = &lang.words().blocks.checklist_columns;
    Ok(Block::Table(Table {
        align: vec![Align::Left, Align::Left],
        header: header(columns),
        rows,
        ..Table::default()
    }))
}

/// The body of an outcome matrix: outcome columns and, per pseudonymised
/// participant, the outcomes reached and short notes in cells ("1 ämne").
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
    /// A short text per outcome column, shown in its cell beside the mark (if any).
    #[serde(default)]
    notes: std::collections::BTreeMap<String, String>,
}

/// Participants × outcomes with marks, cell notes and a totals row. `body` is the
/// directive's YAML, whose first line is line `line` of the chapter: an error in a
/// row points at that row.
pub fn outcome_matrix(
    matrix: OutcomeMatrix,
    body: &str,
    line: usize,
    threshold: u32,
    lang: Lang,
) -> Result<Block> {
    let rows = RowLines::of(body, line);
    check_rows(&matrix, &rows)?;
    crate::analysis::outcomes::check_publishable(matrix.rows.len(), threshold)
        .map_err(|e| e.at(line - 1, 1))?;
    let reached: Vec<Vec<String>> = matrix.rows.iter().map(|r| r.outcomes.clone()).collect();
    let totals = crate::analysis::outcomes::totals(&matrix.columns, &reached);
    let mut head = vec![Cell::text(lang.words().blocks.participant)];
    head.extend(matrix.columns.iter().map(|c| Cell::text(c.clone())));
    let body_rows = matrix
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![Cell::text(r.id.clone())];
            row.extend(matrix.columns.iter().map(|c| outcome_cell(r, c)));
            row
        })
        .collect();
    let mut footer = vec![Cell::text(lang.labels().total)];
    footer.extend(totals.iter().map(|n| Cell::text(n.to_string())));
    let mut align = vec![Align::Center; matrix.columns.len() + 1];
    align[0] = Align::Left;
    let legend_note = lang
        .words()
        .blocks
        .outcome_legend
        .replace("{reached}", super::REACHED);
    Ok(Block::Table(Table {
        align,
        header: vec![head],
        rows: body_rows,
        footer: vec![footer],
        notes: vec![legend_note],
        ..Table::default()
    }))
}

/// One cell: the mark when the outcome is reached, then the note; "–" when neither.
fn outcome_cell(row: &OutcomeRow, column: &str) -> Cell {
    let mark = row
        .outcomes
        .iter()
        .any(|o| o == column)
        .then_some(super::REACHED);
    let note = row.notes.get(column).map(String::as_str);
    match (mark, note) {
        (Some(mark), Some(note)) => Cell::text(format!("{mark} {note}")),
        (Some(text), None) | (None, Some(text)) => Cell::text(text),
        (None, None) => Cell::text("–"),
    }
}

/// Every pseudonym once, every outcome and note one of the columns; else an error at
/// the offending row.
fn check_rows(matrix: &OutcomeMatrix, lines: &RowLines) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (index, row) in matrix.rows.iter().enumerate() {
        if !seen.insert(row.id.as_str()) {
            return Err(lines
                .error(
                    index,
                    &row.id,
                    format!("the pseudonym {} is used twice", row.id),
                )
                .with_hint("every row of an outcome matrix is one participant"));
        }
        let written = row.outcomes.iter().chain(row.notes.keys());
        if let Some(outcome) = written.into_iter().find(|o| !matrix.columns.contains(o)) {
            return Err(lines
                .error(
                    index,
                    outcome,
                    format!(
                        "participant {}: `{outcome}` is not one of the columns",
                        row.id
                    ),
                )
                .with_hint(format!("the columns are: {}", matrix.columns.join(", "))));
        }
    }
    Ok(())
}

/// Where each row of an outcome matrix is written: the lines of its `id:` keys.
struct RowLines<'a> {
    body: Vec<&'a str>,
    /// 0-based index into `body` of each row's `id:`.
    starts: Vec<usize>,
    /// The chapter line of the body's first line.
    first: usize,
}

impl<'a> RowLines<'a> {
    fn of(body: &'a str, first: usize) -> Self {
        let body: Vec<&str> = body.lines().collect();
        let starts = body
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                let item = l.trim_start().trim_start_matches(['-', '{', ' ']);
                item.starts_with("id:")
            })
            .map(|(i, _)| i)
            .collect();
        RowLines {
            body,
            starts,
            first,
        }
    }

    /// An error at the first place `needle` is written in row `index` (at the row's
    /// first line when it cannot be found).
    fn error(&self, index: usize, needle: &str, message: String) -> Diagnostic {
        let Some(&start) = self.starts.get(index) else {
            return Diagnostic::error(message).at(self.first - 1, 1);
        };
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.body.len());
        let (line, column) = (start..end)
            .find_map(|i| {
                let at = self.body[i].find(needle)?;
                Some((i, self.body[i][..at].chars().count() + 1))
            })
            .unwrap_or((start, 1));
        Diagnostic::error(message).at(self.first + line, column)
    }
}
