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
    /// The titles of the chapters that show the value: whose prose names it, or whose
    /// tables and charts have a cell that changed the same way.
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

/// One cell that differs, named by its row's labels and its column's header; or a
/// whole row added or removed (no column, its cells joined by ` | `).
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
        let tables = block_changes(old, new, &old.tables, &new.tables);
        let charts = block_changes(old, new, &old.charts, &new.charts);
        let mut values = value_changes(old, new);
        for value in &mut values {
            add_chapters_showing(value, tables.iter().chain(&charts));
        }
        Changes {
            verdicts,
            goals,
            values,
            tables,
            charts,
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

/// Adds to a value's chapters those of the tables and charts with a cell that changed
/// the same way (`46` → `47`): they show the value.
fn add_chapters_showing<'a>(
    value: &mut ValueChange,
    blocks: impl Iterator<Item = &'a BlockChange>,
) {
    for block in blocks {
        let shows = block
            .cells
            .iter()
            .any(|c| c.old == value.old && c.new == value.new);
        if shows && !value.chapters.contains(&block.chapter) {
            value.chapters.push(block.chapter.clone());
        }
    }
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

/// The cells that differ between two versions of a table: rows are paired by their
/// label ("Avslutsorsak Arbete") when every row has its own, else by position, so a row
/// added or removed shows as that row, not as every row below it changed.
fn cell_changes(old: &Numbered, new: &Numbered) -> Vec<CellChange> {
    let mut changes = Vec::new();
    for (old_row, new_row) in paired_rows(old, new) {
        let (block, row) = match (new_row, old_row) {
            (Some(r), _) => (new, r),
            (None, r) => (old, r.expect("a pair has a row")),
        };
        let (before, after) = (row_cells(old, old_row), row_cells(new, new_row));
        if old_row.is_none() || new_row.is_none() {
            let whole = |cells: &[String]| (!cells.is_empty()).then(|| cells.join(" | "));
            changes.push(CellChange {
                row: row_label(block, row, block.label_columns),
                column: String::new(),
                old: whole(before),
                new: whole(after),
            });
            continue;
        }
        for column in 0..before.len().max(after.len()) {
            let (was, is) = (before.get(column).cloned(), after.get(column).cloned());
            if was != is {
                changes.push(CellChange {
                    row: row_label(block, row, column),
                    column: cell_text(new.cells.first().or(old.cells.first()), column),
                    old: was,
                    new: is,
                });
            }
        }
    }
    changes
}

fn row_cells(block: &Numbered, row: Option<usize>) -> &[String] {
    row.map_or(&[], |r| &block.cells[r])
}

/// The rows of two versions of a table paired: by label where every row's label is
/// its own (the header row with the header row), else by position.
fn paired_rows(old: &Numbered, new: &Numbered) -> Vec<(Option<usize>, Option<usize>)> {
    let (old_keys, new_keys) = (row_keys(old), row_keys(new));
    let unique = |keys: &[(String, usize)]| {
        let distinct: std::collections::BTreeSet<&String> = keys.iter().map(|k| &k.0).collect();
        distinct.len() == keys.len()
    };
    if !(unique(&old_keys) && unique(&new_keys)) {
        let at = |r: usize, block: &Numbered| (r < block.cells.len()).then_some(r);
        let rows = old.cells.len().max(new.cells.len());
        return (0..rows).map(|r| (at(r, old), at(r, new))).collect();
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> =
        paired(&old_keys, &new_keys, |k| k.0.clone())
            .into_iter()
            .map(|(o, n)| (o.map(|k| k.1), n.map(|k| k.1)))
            .collect();
    pairs.sort_by_key(|(o, n)| (n.or(*o), *o));
    pairs
}

/// Each row's label, with its index; the header row's key is empty.
fn row_keys(block: &Numbered) -> Vec<(String, usize)> {
    (0..block.cells.len())
        .map(|r| match r {
            0 => (String::new(), r),
            _ => (row_label(block, r, block.label_columns), r),
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{ChapterEntry, VERSION};

    fn value(name: &str, shown: &str) -> ValueEntry {
        ValueEntry {
            name: name.to_owned(),
            raw: None,
            shown: shown.to_owned(),
            withheld: shown.starts_with('<'),
            chapters: Vec::new(),
        }
    }

    fn table(number: u32, id: &str, rows: &[&[&str]]) -> Numbered {
        Numbered {
            number,
            id: Some(id.to_owned()),
            title: Some(id.to_owned()),
            chapter: "statistik".to_owned(),
            label_columns: 1,
            cells: rows
                .iter()
                .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
                .collect(),
        }
    }

    fn manifest(values: Vec<ValueEntry>, tables: Vec<Numbered>) -> Manifest {
        Manifest {
            version: VERSION,
            chapters: vec![ChapterEntry {
                slug: "statistik".to_owned(),
                number: Some("3".to_owned()),
                title: "Statistik".to_owned(),
            }],
            values,
            goals: Vec::new(),
            tables,
            charts: Vec::new(),
        }
    }

    #[test]
    fn withheld_published_and_changed_values_in_that_order() {
        let old = manifest(
            vec![value("a", "7"), value("b", "< 5"), value("c", "12")],
            Vec::new(),
        );
        let new = manifest(
            vec![value("a", "< 5"), value("b", "6"), value("c", "13")],
            Vec::new(),
        );
        let changes = Changes::between(&old, &new);
        let kinds: Vec<(&str, ValueChangeKind)> = changes
            .values
            .iter()
            .map(|v| (v.name.as_str(), v.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("a", ValueChangeKind::NewlyWithheld),
                ("b", ValueChangeKind::NewlyPublished),
                ("c", ValueChangeKind::Changed),
            ]
        );
        assert_eq!(changes.exit_code(), 1);
    }

    #[test]
    fn tables_added_removed_renumbered_and_a_row_added() {
        let header: &[&str] = &["Kommun", "Antal"];
        let old = manifest(
            Vec::new(),
            vec![
                table(1, "tab-kon", &[header, &["Åsby", "61"]]),
                table(2, "tab-gone", &[header]),
            ],
        );
        let new = manifest(
            Vec::new(),
            vec![
                table(1, "tab-new", &[header]),
                table(2, "tab-kon", &[header, &["Ekhamn", "35"], &["Åsby", "61"]]),
            ],
        );
        let changes = Changes::between(&old, &new);
        let numbers: Vec<(Option<u32>, Option<u32>)> =
            changes.tables.iter().map(|t| (t.old, t.new)).collect();
        assert_eq!(
            numbers,
            [(None, Some(1)), (Some(1), Some(2)), (Some(2), None)]
        );
        let renumbered = &changes.tables[1];
        assert_eq!(renumbered.chapter, "3 Statistik");
        assert_eq!(
            renumbered.cells,
            [CellChange {
                row: "Ekhamn".to_owned(),
                column: String::new(),
                old: None,
                new: Some("Ekhamn | 35".to_owned()),
            }]
        );
        assert!(Changes::between(&new, &new).is_empty());
    }
}
