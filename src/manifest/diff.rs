//! What changed between two manifests: goal verdicts that flipped, values that moved,
//! were newly withheld or newly published, and numbered tables and charts added,
//! removed, renumbered or with other cells.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{GoalEntry, Manifest, Numbered, ValueEntry};
use crate::load::goals::Verdict;

/// Every change from an old manifest to a new one, most serious first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    /// Goals whose verdict differs (a new or dropped goal included).
    pub verdicts: Vec<GoalChange>,
    /// Goals with the same verdict whose target or measured value moved.
    pub goals: Vec<GoalChange>,
    /// Values, grouped by [`ValueChangeKind`] in its order, each group by name.
    pub values: Vec<ValueChange>,
    pub tables: Vec<BlockChange>,
    pub charts: Vec<BlockChange>,
}

/// A goal in the old and the new build.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalChange {
    pub id: String,
    pub text: String,
    pub old: Option<GoalState>,
    pub new: Option<GoalState>,
}

/// A goal's verdict, target and measured value as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalState {
    pub verdict: Option<Verdict>,
    pub overridden: bool,
    pub target: String,
    pub actual: String,
}

/// A value in the old and the new build.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueChange {
    pub name: String,
    pub kind: ValueChangeKind,
    /// As shown; absent when the build does not have the value.
    pub old: Option<String>,
    pub new: Option<String>,
    /// The titles of the chapters whose prose shows the value.
    pub chapters: Vec<String>,
}

/// How a value changed, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueChangeKind {
    /// Published before, withheld now.
    NewlyWithheld,
    /// Withheld before, published now.
    NewlyPublished,
    Changed,
    Added,
    Removed,
}

/// A numbered table or chart in the old and the new build.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockChange {
    pub title: Option<String>,
    /// The title of the chapter holding it.
    pub chapter: String,
    /// The number before and after (absent: added or removed).
    pub old: Option<u32>,
    pub new: Option<u32>,
    /// The cells that differ, when it is in both builds.
    pub cells: Vec<CellChange>,
}

/// One cell that differs, named by its row's first cell and its column's header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    pub row: String,
    pub column: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Changes {
    /// The changes from `old` to `new`.
    pub fn between(old: &Manifest, new: &Manifest) -> Changes {
        let (verdicts, goals) = goal_changes(old, new)
            .into_iter()
            .partition(|g| verdict_of(&g.old) != verdict_of(&g.new));
        Changes {
            verdicts,
            goals,
            values: value_changes(old, new),
            tables: block_changes(old, new, &old.tables, &new.tables),
            charts: block_changes(old, new, &old.charts, &new.charts),
        }
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self == &Changes::default()
    }

    /// The exit code of `rapport diff`: 0 nothing changed, 1 figures changed, 2 a
    /// verdict changed.
    pub fn exit_code(&self) -> u8 {
        match (self.verdicts.is_empty(), self.is_empty()) {
            (false, _) => 2,
            (true, false) => 1,
            (true, true) => 0,
        }
    }
}

fn verdict_of(state: &Option<GoalState>) -> Option<Verdict> {
    state.as_ref().and_then(|s| s.verdict)
}

/// Pairs the entries of two lists by key, in key order.
fn paired<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> String,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let mut pairs: BTreeMap<String, (Option<&T>, Option<&T>)> = BTreeMap::new();
    for item in old {
        pairs.entry(key(item)).or_default().0 = Some(item);
    }
    for item in new {
        pairs.entry(key(item)).or_default().1 = Some(item);
    }
    pairs.into_values().collect()
}

fn goal_changes(old: &Manifest, new: &Manifest) -> Vec<GoalChange> {
    paired(&old.goals, &new.goals, |g| g.id.clone())
        .into_iter()
        .filter_map(|(before, after)| {
            let (old, new) = (before.map(goal_state), after.map(goal_state));
            let goal = after.or(before)?;
            (old != new).then(|| GoalChange {
                id: goal.id.clone(),
                text: goal.text.clone(),
                old,
                new,
            })
        })
        .collect()
}

fn goal_state(goal: &GoalEntry) -> GoalState {
    GoalState {
        verdict: goal.verdict,
        overridden: goal.overridden,
        target: goal.target.clone(),
        actual: goal.actual_shown.clone(),
    }
}

fn value_changes(old: &Manifest, new: &Manifest) -> Vec<ValueChange> {
    let mut changes: Vec<ValueChange> = paired(&old.values, &new.values, |v| v.name.clone())
        .into_iter()
        .filter_map(|(before, after)| {
            let kind = value_change_kind(before, after)?;
            let (value, manifest) = match after {
                Some(value) => (value, new),
                None => (before?, old),
            };
            Some(ValueChange {
                name: value.name.clone(),
                kind,
                old: before.map(|v| v.shown.clone()),
                new: after.map(|v| v.shown.clone()),
                chapters: value
                    .chapters
                    .iter()
                    .map(|slug| manifest.chapter_title(slug))
                    .collect(),
            })
        })
        .collect();
    changes.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.name.cmp(&b.name)));
    changes
}

fn value_change_kind(
    old: Option<&ValueEntry>,
    new: Option<&ValueEntry>,
) -> Option<ValueChangeKind> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(ValueChangeKind::Added),
        (Some(_), None) => Some(ValueChangeKind::Removed),
        (Some(old), Some(new)) => match (old.withheld, new.withheld) {
            (false, true) => Some(ValueChangeKind::NewlyWithheld),
            (true, false) => Some(ValueChangeKind::NewlyPublished),
            _ if old.shown != new.shown || old.raw != new.raw => Some(ValueChangeKind::Changed),
            _ => None,
        },
    }
}

/// A table or chart is the same one in two builds when it has the same id, or, without
/// one, the same title in the same chapter.
fn block_key(block: &Numbered) -> String {
    match &block.id {
        Some(id) => format!("#{id}"),
        None => format!("{}/{}", block.chapter, block.title.as_deref().unwrap_or("")),
    }
}

fn block_changes(
    old_manifest: &Manifest,
    new_manifest: &Manifest,
    old: &[Numbered],
    new: &[Numbered],
) -> Vec<BlockChange> {
    let mut changes: Vec<BlockChange> = paired(old, new, block_key)
        .into_iter()
        .filter_map(|(before, after)| {
            let (block, manifest) = match after {
                Some(block) => (block, new_manifest),
                None => (before?, old_manifest),
            };
            let cells = match (before, after) {
                (Some(b), Some(a)) => cell_changes(b, a),
                _ => Vec::new(),
            };
            let (old, new) = (before.map(|b| b.number), after.map(|a| a.number));
            (old != new || !cells.is_empty()).then(|| BlockChange {
                title: block.title.clone(),
                chapter: manifest.chapter_title(&block.chapter),
                old,
                new,
                cells,
            })
        })
        .collect();
    changes.sort_by_key(|c| (c.new.or(c.old), c.old));
    changes
}

/// The cells that differ between two versions of a table, position by position.
fn cell_changes(old_block: &Numbered, new_block: &Numbered) -> Vec<CellChange> {
    let (old, new) = (&old_block.cells, &new_block.cells);
    let rows = old.len().max(new.len());
    let mut changes = Vec::new();
    for row in 0..rows {
        let (old_row, new_row) = (old.get(row), new.get(row));
        let columns = old_row.map_or(0, Vec::len).max(new_row.map_or(0, Vec::len));
        for column in 0..columns {
            let cell = |grid: Option<&Vec<String>>| grid.and_then(|r| r.get(column)).cloned();
            let (before, after) = (cell(old_row), cell(new_row));
            if before != after {
                let grid = if new_row.is_some() {
                    new_block
                } else {
                    old_block
                };
                changes.push(CellChange {
                    row: row_label(grid, row, column),
                    column: cell_text(new.first().or(old.first()), column),
                    old: before,
                    new: after,
                });
            }
        }
    }
    changes
}

fn cell_text(row: Option<&Vec<String>>, column: usize) -> String {
    row.and_then(|r| r.get(column)).cloned().unwrap_or_default()
}

/// What names a row, up to `column`: its label cells, an empty one standing for the
/// label above it (a group spanning rows): "Avslutsorsak Arbete".
fn row_label(block: &Numbered, row: usize, column: usize) -> String {
    let spanned = |c: usize| {
        block.cells[..=row]
            .iter()
            .rev()
            .filter_map(|r| r.get(c))
            .find(|text| !text.is_empty())
            .cloned()
    };
    let labels: Vec<String> = (0..block.label_columns.min(column))
        .filter_map(spanned)
        .collect();
    labels.join(" ")
}
