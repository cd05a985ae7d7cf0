//! The figures manifest, `output/figures.json`: every computed value prose can name,
//! every goal verdict and every numbered table and chart of one build, sorted, so two
//! builds can be compared (`rapport diff`, see [`diff`]). It holds only what the report
//! publishes: never a participant row, and a withheld value only as its mark (`< 5`).

pub mod diff;
mod names;

use names::Expressions;
pub use names::prose_name;
pub mod summary;

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::analysis::Analysis;
use crate::analysis::goals::Assessment;
use crate::analysis::suppression::{WITHHELD, is_withheld};
use crate::diagnostic::{Diagnostic, Result};
use crate::document::{
    self, Align, Block, Chapter, ColumnsKind, Document, Spanned, Table, plain_text,
};
use crate::load::Project;
use crate::load::goals::Verdict;

/// The manifest's file name in the output folder.
pub const FILE: &str = "figures.json";

/// The version of the manifest's format; a change that old readers misread raises it.
pub const VERSION: u32 = 1;

/// The published figures of one build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The format version (currently 1).
    pub version: u32,
    /// The chapters, in report order.
    pub chapters: Vec<ChapterEntry>,
    /// Every computed value prose can name, sorted by name.
    pub values: Vec<ValueEntry>,
    /// Every goal, sorted by id.
    pub goals: Vec<GoalEntry>,
    /// Every numbered table, by number.
    pub tables: Vec<Numbered>,
    /// Every numbered chart or figure, by number.
    pub charts: Vec<Numbered>,
}

/// A chapter, as the other entries name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChapterEntry {
    /// The chapter's page name (`statistik`), used by the other entries.
    pub slug: String,
    /// "3" for a numbered chapter.
    pub number: Option<String>,
    pub title: String,
}

/// One computed value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueEntry {
    /// The name prose writes between `{{ }}`: `deltagare.aldersgrupp["20-29"].andel`.
    pub name: String,
    /// The value as a number (a share in percent: 35.96), or true/false; absent when
    /// withheld or when the value is a text.
    pub raw: Option<Value>,
    /// The value as the report prints it: `35,96 %`, `< 5`, `–`.
    pub shown: String,
    /// True when the report withholds the value to protect small groups.
    pub withheld: bool,
    /// The chapters whose prose names the value, by slug.
    pub chapters: Vec<String>,
}

/// One goal and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalEntry {
    pub id: String,
    pub text: String,
    /// The computed value the target measures (`bip.positiv.andel`), if any.
    pub measure: Option<String>,
    /// The target as shown: `≥ 80 %`.
    pub target: String,
    /// The measured value (absent when withheld or when the goal has no target).
    pub actual: Option<f64>,
    /// The measured value as shown: `65,74 %`, `–`.
    pub actual_shown: String,
    /// The verdict shown in the report.
    pub verdict: Option<Verdict>,
    /// True when the evaluator's verdict replaces the one the target gives.
    pub overridden: bool,
}

/// A numbered table or chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Numbered {
    /// "3" in "Tabell 3".
    pub number: u32,
    /// The anchor id (`tab-kon`), when the report gives one.
    pub id: Option<String>,
    /// The caption.
    pub title: Option<String>,
    /// The chapter holding it, by slug.
    pub chapter: String,
    /// How many leading columns name a row (the others hold its values).
    pub label_columns: usize,
    /// The cells as displayed, row by row (header rows first); for a chart, the table
    /// of its numbers; for a theory of change, each column's title and text.
    pub cells: Vec<Vec<String>>,
}

/// Subtrees of the computed context that the manifest lists elsewhere (`mal`: goals).
const LISTED_ELSEWHERE: [&str; 1] = ["mal"];

impl Manifest {
    /// The manifest of one build: the project's analysed values and goals, and its
    /// Document's numbered tables and charts.
    pub fn new(project: &Project, analysis: &Analysis, document: &Document) -> Manifest {
        let expressions = Expressions::of(&project.chapters);
        let prose = document::goals::prose_values(analysis, document.lang);
        let raw = |name: &str| analysis.statistics.as_ref().and_then(|s| s.value(name));
        let mut values = Vec::new();
        for (key, value) in &prose {
            if !LISTED_ELSEWHERE.contains(&key.as_str()) {
                let mut path = vec![key.clone()];
                collect_values(value, &mut path, &raw, &expressions, &mut values);
            }
        }
        values.sort_by(|a, b| a.name.cmp(&b.name));
        let mut goals: Vec<GoalEntry> = analysis
            .goals
            .iter()
            .map(|a| goal_entry(a, &prose))
            .collect();
        goals.sort_by(|a, b| a.id.cmp(&b.id));
        let (tables, charts) = numbered(&document.chapters);
        Manifest {
            version: VERSION,
            chapters: document.chapters.iter().map(chapter_entry).collect(),
            values,
            goals,
            tables,
            charts,
        }
    }

    /// The manifest as pretty JSON with a final line break.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a manifest always serialises") + "\n"
    }

    /// Reads a manifest file, or `figures.json` in an output folder.
    pub fn read(path: &Path) -> Result<Manifest> {
        let file = match path.is_dir() {
            true => path.join(FILE),
            false => path.to_path_buf(),
        };
        let text = std::fs::read_to_string(&file).map_err(|e| {
            let hint = match path.is_dir() {
                true => {
                    "build the report with this version of rapport: every build writes figures.json"
                }
                false => "name an output folder of `rapport build` or its figures.json",
            };
            Diagnostic::failed("read this manifest", &file, &e).with_hint(hint)
        })?;
        serde_json::from_str(&text).map_err(|e| {
            Diagnostic::error(format!("this is not a figures manifest: {e}"))
                .in_file(&file)
                .at(e.line().max(1), e.column().max(1))
                .with_hint("compare two figures.json files written by `rapport build`")
        })
    }

    /// The title of a chapter by slug, with its number: "3 Projektstatistik".
    pub fn chapter_title(&self, slug: &str) -> String {
        match self.chapters.iter().find(|c| c.slug == slug) {
            Some(ChapterEntry {
                number: Some(n),
                title,
                ..
            }) => format!("{n} {title}"),
            Some(chapter) => chapter.title.clone(),
            None => slug.to_owned(),
        }
    }
}

/// The JSON Schema of `figures.json`.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Manifest)
}

fn chapter_entry(chapter: &Chapter) -> ChapterEntry {
    ChapterEntry {
        slug: chapter.slug.clone(),
        number: chapter.number.clone(),
        title: chapter.title.clone(),
    }
}

fn collect_values(
    value: &Value,
    path: &mut Vec<String>,
    raw: &dyn Fn(&str) -> Option<f64>,
    expressions: &Expressions,
    out: &mut Vec<ValueEntry>,
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(key.clone());
                collect_values(child, path, raw, expressions, out);
                path.pop();
            }
        }
        Value::Array(_) | Value::Null => {}
        leaf => out.push(value_entry(leaf, path, raw, expressions)),
    }
}

fn value_entry(
    leaf: &Value,
    path: &[String],
    raw: &dyn Fn(&str) -> Option<f64>,
    expressions: &Expressions,
) -> ValueEntry {
    let name = prose_name(path);
    let shown = match leaf {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let withheld = is_withheld(&shown);
    let raw = match leaf {
        _ if withheld => None,
        Value::Number(_) | Value::Bool(_) => Some(leaf.clone()),
        _ => raw(&name)
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
    };
    ValueEntry {
        chapters: expressions.naming(&name),
        name,
        raw,
        shown,
        withheld,
    }
}

fn goal_entry(goal: &Assessment, values: &Map<String, Value>) -> GoalEntry {
    let shown = |key: &str| {
        values
            .get("mal")
            .and_then(|m| m.get(&goal.id))
            .and_then(|g| g.get(key))
            .and_then(Value::as_str)
            .unwrap_or(WITHHELD)
            .to_owned()
    };
    GoalEntry {
        id: goal.id.clone(),
        text: goal.text.clone(),
        measure: goal.target.as_ref().map(|t| t.value.clone()),
        target: shown("malniva"),
        actual: goal.actual,
        actual_shown: shown("utfall"),
        verdict: goal.verdict,
        overridden: goal.overridden(),
    }
}

/// The numbered tables and the numbered charts of the chapters, each by number.
fn numbered(chapters: &[Chapter]) -> (Vec<Numbered>, Vec<Numbered>) {
    let mut tables = Vec::new();
    let mut charts = Vec::new();
    for chapter in chapters {
        let entry = |number: Option<u32>, id: &Option<String>, title: Option<&String>, grid| {
            let (label_columns, cells) = grid;
            number.map(|number| Numbered {
                number,
                id: id.clone(),
                title: title.cloned(),
                chapter: chapter.slug.clone(),
                label_columns,
                cells,
            })
        };
        for block in &chapter.blocks {
            block.visit(&mut |block| match block {
                Block::Table(t) => {
                    tables.extend(entry(t.number, &t.id, t.caption.as_ref(), cells(t)))
                }
                Block::Figure(f) => {
                    charts.extend(entry(f.number, &f.id, Some(&f.caption), cells(&f.data)))
                }
                Block::Columns(c) => {
                    let list = match c.kind {
                        ColumnsKind::TheoryOfChange => &mut charts,
                        ColumnsKind::Matrix => &mut tables,
                    };
                    let cells = c
                        .columns
                        .iter()
                        .map(|col| vec![col.title.clone(), blocks_text(&col.blocks)])
                        .collect();
                    list.extend(entry(c.number, &c.id, c.caption.as_ref(), (1, cells)));
                }
                _ => {}
            });
        }
    }
    tables.sort_by_key(|t| t.number);
    charts.sort_by_key(|c| c.number);
    (tables, charts)
}

/// A table's label columns (the left-aligned ones it starts with, at least one) and
/// its header, body and footer rows as displayed.
fn cells(table: &Table) -> (usize, Vec<Vec<String>>) {
    let labels = table
        .align
        .iter()
        .take_while(|a| **a == Align::Left)
        .count();
    let rows = table
        .header
        .iter()
        .chain(&table.rows)
        .chain(&table.footer)
        .map(|row| row.iter().map(|cell| cell.plain()).collect())
        .collect();
    (labels.max(1), rows)
}

/// The text of blocks (paragraphs, headings, list items), one line each.
fn blocks_text(blocks: &[Spanned<Block>]) -> String {
    let mut lines = Vec::new();
    for block in blocks {
        block.visit(&mut |block| match block {
            Block::Paragraph(inlines) => lines.push(plain_text(inlines)),
            Block::Heading(h) => lines.push(plain_text(&h.content)),
            _ => {}
        });
    }
    lines.join("\n")
}
