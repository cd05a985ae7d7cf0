//! [`Changes`] as text: for a terminal (`human`) or as GitHub markdown for a CI job
//! summary or a pull-request comment. Flipped verdicts come first and stand out.

use std::fmt::Write;

use super::diff::{BlockChange, Changes, GoalChange, GoalState, ValueChange, ValueChangeKind};
use crate::load::goals::Verdict;

/// How many changed cells of one table or chart are listed.
const CELLS_LISTED: usize = 8;

/// How the summary is written: the pieces that differ between a terminal and markdown.
struct Style {
    /// The headline line.
    title: fn(&str) -> String,
    /// Plain text (escaped in markdown).
    text: fn(&str) -> String,
    /// Text that must stand out.
    strong: fn(&str) -> String,
    /// The highlighted block of flipped verdicts, from its lines.
    alert: fn(&[String]) -> String,
    /// A section of lines under a heading.
    section: fn(&str, &[String]) -> String,
    /// Where a sub-line of an item (a table's changed cell) starts.
    sub_item: &'static str,
    /// The section of changed values.
    values: fn(&str, &[&ValueChange]) -> String,
}

/// For a terminal: flipped verdicts marked `!!`.
const TERMINAL: Style = Style {
    title: |headline| format!("{headline}\n"),
    text: str::to_owned,
    strong: str::to_owned,
    alert: |lines| {
        let items: String = lines.iter().map(|l| format!("  !! {l}\n")).collect();
        format!("\n!! Goal verdicts that changed:\n{items}")
    },
    section: |title, lines| {
        let items: String = lines.iter().map(|l| format!("  {l}\n")).collect();
        format!("\n{title}:\n{items}")
    },
    sub_item: "\n      ",
    values: |title, values| {
        let lines: Vec<String> = values
            .iter()
            .map(|v| {
                format!(
                    "{}: {}{}",
                    v.name,
                    old_new(&v.old, &v.new),
                    shown_in(&v.chapters)
                )
            })
            .collect();
        (TERMINAL.section)(title, &lines)
    },
};

/// GitHub markdown: flipped verdicts in a warning box, values in a table.
const MARKDOWN: Style = Style {
    title: |headline| format!("### rapport diff: {headline}\n"),
    text: escape,
    strong: |text| format!("**{}**", escape(text)),
    alert: |lines| {
        let items: String = lines.iter().map(|l| format!("> - {l}\n")).collect();
        format!("\n> [!WARNING]\n> **Goal verdicts that changed**\n>\n{items}")
    },
    section: |title, lines| {
        let items: String = lines.iter().map(|l| format!("- {l}\n")).collect();
        format!("\n#### {title}\n\n{items}")
    },
    sub_item: "\n  - ",
    values: |title, values| {
        let cell = |s: &Option<String>| s.as_deref().map_or("–".to_owned(), escape);
        let rows: String = values
            .iter()
            .map(|v| {
                let name = v.name.replace('|', "\\|");
                let chapters = escape(&v.chapters.join(", "));
                format!(
                    "| `{name}` | {} | {} | {chapters} |\n",
                    cell(&v.old),
                    cell(&v.new)
                )
            })
            .collect();
        format!("\n#### {title}\n\n| value | old | new | shown in |\n|---|---:|---:|---|\n{rows}")
    },
};

/// The changes for a terminal.
pub fn human(changes: &Changes) -> String {
    write(changes, &TERMINAL)
}

/// The changes as GitHub markdown.
pub fn markdown(changes: &Changes) -> String {
    write(changes, &MARKDOWN)
}

/// The headline, then flipped verdicts, goals, values by kind, tables and charts; a
/// part with nothing in it is left out.
fn write(changes: &Changes, style: &Style) -> String {
    let mut out = (style.title)(&headline(changes));
    if !changes.verdicts.is_empty() {
        let lines: Vec<String> = changes
            .verdicts
            .iter()
            .map(|g| goal_line(g, style.text, style.strong))
            .collect();
        out += &(style.alert)(&lines);
    }
    if !changes.goals.is_empty() {
        let lines: Vec<String> = changes
            .goals
            .iter()
            .map(|g| goal_line(g, style.text, style.text))
            .collect();
        out += &(style.section)("Goals", &lines);
    }
    for kind in kinds() {
        let values: Vec<&ValueChange> = changes.values.iter().filter(|v| v.kind == kind).collect();
        if !values.is_empty() {
            out += &(style.values)(kind_title(kind), &values);
        }
    }
    for (noun, blocks) in [("table", &changes.tables), ("chart", &changes.charts)] {
        if !blocks.is_empty() {
            let lines: Vec<String> = blocks
                .iter()
                .map(|b| {
                    block_line(noun, b, style.text) + &cell_lines(b, style.sub_item, style.text)
                })
                .collect();
            out += &(style.section)(&format!("{}s", capitalised(noun)), &lines);
        }
    }
    out
}

/// "1 goal verdict changed, 3 values, 2 tables": or "no figures changed".
fn headline(changes: &Changes) -> String {
    let counts = [
        (
            changes.verdicts.len(),
            "goal verdict changed",
            "goal verdicts changed",
        ),
        (changes.goals.len(), "goal value", "goal values"),
        (changes.values.len(), "value", "values"),
        (changes.tables.len(), "table", "tables"),
        (changes.charts.len(), "chart", "charts"),
    ];
    let parts: Vec<String> = counts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    match parts.is_empty() {
        true => "no figures changed".to_owned(),
        false => parts.join(", "),
    }
}

fn kinds() -> [ValueChangeKind; 5] {
    [
        ValueChangeKind::NewlyWithheld,
        ValueChangeKind::NewlyPublished,
        ValueChangeKind::Changed,
        ValueChangeKind::Added,
        ValueChangeKind::Removed,
    ]
}

fn kind_title(kind: ValueChangeKind) -> &'static str {
    match kind {
        ValueChangeKind::NewlyWithheld => "Values newly withheld (too few to publish)",
        ValueChangeKind::NewlyPublished => "Values newly published",
        ValueChangeKind::Changed => "Values that changed",
        ValueChangeKind::Added => "New values",
        ValueChangeKind::Removed => "Values no longer computed",
    }
}

/// "goal 1d Minst 80 % …: not met → met (target ≥ 80 %, actual 65,74 % → 81,20 %)"
fn goal_line(goal: &GoalChange, text: fn(&str) -> String, strong: fn(&str) -> String) -> String {
    let verdict = |s: &Option<GoalState>| match s {
        Some(s) => verdict_word(s.verdict, s.overridden),
        None => "(no goal)".to_owned(),
    };
    let part = |f: fn(&GoalState) -> &String| {
        old_new(
            &goal.old.as_ref().map(|s| f(s).clone()),
            &goal.new.as_ref().map(|s| f(s).clone()),
        )
    };
    let verdicts = format!("{} → {}", verdict(&goal.old), verdict(&goal.new));
    let details = format!(
        "(target {}, actual {})",
        part(|s| &s.target),
        part(|s| &s.actual)
    );
    format!(
        "{}: {} {}",
        text(&format!("goal {} {}", goal.id, goal.text)),
        strong(&verdicts),
        text(&details)
    )
}

fn verdict_word(verdict: Option<Verdict>, overridden: bool) -> String {
    let word = match verdict {
        Some(Verdict::Met) => "met",
        Some(Verdict::PartlyMet) => "partly met",
        Some(Verdict::NotMet) => "not met",
        Some(Verdict::NotAssessable) => "not assessable",
        None => "no verdict",
    };
    match overridden {
        true => format!("{word} (the evaluator's)"),
        false => word.to_owned(),
    }
}

/// "table 3 → 4 "Deltagare per kön" (3 Projektstatistik): renumbered, 2 cells changed"
fn block_line(noun: &str, block: &BlockChange, style: fn(&str) -> String) -> String {
    let number = |n: Option<u32>| n.map_or("–".to_owned(), |n| n.to_string());
    let (what, numbers) = match (block.old, block.new) {
        (None, Some(n)) => ("added", n.to_string()),
        (Some(n), None) => ("removed", n.to_string()),
        (old, new) if old != new => ("renumbered", format!("{} → {}", number(old), number(new))),
        (_, new) => ("", number(new)),
    };
    let rows = block.cells.iter().filter(|c| c.column.is_empty()).count();
    let counted = [(rows, "row"), (block.cells.len() - rows, "cell")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, noun)| format!("{n} {noun}{}", if n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>();
    let cells = match counted.is_empty() {
        true => String::new(),
        false => format!("{} changed", counted.join(", ")),
    };
    let verbs: Vec<&str> = [what, cells.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let title = block
        .title
        .as_deref()
        .map_or(String::new(), |t| format!(" “{}”", style(t)));
    format!(
        "{noun} {numbers}{title} ({}): {}",
        style(&block.chapter),
        verbs.join(", ")
    )
}

/// The first changed cells of a table or chart, each on a line starting with
/// `prefix`, and how many more there are.
fn cell_lines(block: &BlockChange, prefix: &str, style: fn(&str) -> String) -> String {
    let mut out = String::new();
    for c in block.cells.iter().take(CELLS_LISTED) {
        let place = match c.column.is_empty() {
            true => c.row.clone(),
            false => format!("{} / {}", c.row, c.column),
        };
        let _ = write!(
            out,
            "{prefix}{}: {}",
            style(&place),
            style(&old_new(&c.old, &c.new))
        );
    }
    match block.cells.len().saturating_sub(CELLS_LISTED) {
        0 => out,
        n => out + &format!("{prefix}… and {n} more"),
    }
}

/// "267 → 268", "(none) → 12", or "267" when it did not change.
fn old_new(old: &Option<String>, new: &Option<String>) -> String {
    let text = |s: &Option<String>| s.clone().unwrap_or_else(|| "(none)".to_owned());
    match old == new {
        true => text(new),
        false => format!("{} → {}", text(old), text(new)),
    }
}

fn shown_in(chapters: &[String]) -> String {
    match chapters.is_empty() {
        true => String::new(),
        false => format!("  [{}]", chapters.join(", ")),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Text with the characters markdown would read as markup escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>|#~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
