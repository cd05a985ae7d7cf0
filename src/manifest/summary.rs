//! [`Changes`] as text: for a terminal (`human`) or as GitHub markdown for a CI job
//! summary or a pull-request comment. Flipped verdicts come first and stand out.

use std::fmt::Write;

use super::diff::{BlockChange, Changes, GoalChange, GoalState, ValueChange, ValueChangeKind};
use crate::load::goals::Verdict;

/// How many changed cells of one table or chart are listed.
const CELLS_LISTED: usize = 8;

/// The changes for a terminal.
pub fn human(changes: &Changes) -> String {
    let mut out = format!("{}\n", headline(changes));
    if !changes.verdicts.is_empty() {
        out.push_str("\n!! Goal verdicts that changed:\n");
        for goal in &changes.verdicts {
            let _ = writeln!(out, "  !! {}", goal_line(goal, &|s| s.to_owned()));
        }
    }
    section(&mut out, "Goals", &changes.goals, |g| {
        goal_line(g, &|s| s.to_owned())
    });
    for kind in kinds() {
        let values: Vec<&ValueChange> = changes.values.iter().filter(|v| v.kind == kind).collect();
        section(&mut out, kind_title(kind), &values, |v| {
            format!(
                "{}: {}{}",
                v.name,
                old_new(&v.old, &v.new),
                shown_in(&v.chapters)
            )
        });
    }
    for (noun, blocks) in [("table", &changes.tables), ("chart", &changes.charts)] {
        section(&mut out, &format!("{}s", capitalised(noun)), blocks, |b| {
            block_line(noun, b, &|s| s.to_owned()) + &cell_lines(b, "\n      ", &|s| s.to_owned())
        });
    }
    out
}

/// The changes as GitHub markdown.
pub fn markdown(changes: &Changes) -> String {
    let mut out = format!("### rapport diff: {}\n", headline(changes));
    let bold = |s: &str| format!("**{}**", escape(s));
    if !changes.verdicts.is_empty() {
        out.push_str("\n> [!WARNING]\n> **Goal verdicts that changed**\n>\n");
        for goal in &changes.verdicts {
            let _ = writeln!(out, "> - {}", goal_line(goal, &bold));
        }
    }
    md_section(&mut out, "Goals", &changes.goals, |g| goal_line(g, &escape));
    for kind in kinds() {
        let values: Vec<&ValueChange> = changes.values.iter().filter(|v| v.kind == kind).collect();
        if values.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n#### {}\n\n| value | old | new | shown in |\n|---|---:|---:|---|\n",
            kind_title(kind)
        );
        for v in values {
            let cell = |s: &Option<String>| s.as_deref().map_or("–".to_owned(), escape);
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                v.name.replace('|', "\\|"),
                cell(&v.old),
                cell(&v.new),
                escape(&v.chapters.join(", "))
            );
        }
    }
    for (noun, blocks) in [("table", &changes.tables), ("chart", &changes.charts)] {
        md_section(&mut out, &format!("{}s", capitalised(noun)), blocks, |b| {
            block_line(noun, b, &escape) + &cell_lines(b, "\n  - ", &escape)
        });
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

/// A titled list of lines for a terminal; nothing when the list is empty.
fn section<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) {
    if !items.is_empty() {
        let _ = writeln!(out, "\n{title}:");
        items.iter().for_each(|item| {
            let _ = writeln!(out, "  {}", line(item));
        });
    }
}

/// A markdown heading and bullet list; nothing when the list is empty.
fn md_section<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) {
    if !items.is_empty() {
        let _ = writeln!(out, "\n#### {title}\n");
        items.iter().for_each(|item| {
            let _ = writeln!(out, "- {}", line(item));
        });
    }
}

/// "goal 1d Minst 80 % …: not met → met (target ≥ 80 %, actual 65,74 % → 81,20 %)"
fn goal_line(goal: &GoalChange, verdict_style: &dyn Fn(&str) -> String) -> String {
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
    format!(
        "goal {} {}: {} (target {}, actual {})",
        goal.id,
        goal.text,
        verdict_style(&format!("{} → {}", verdict(&goal.old), verdict(&goal.new))),
        part(|s| &s.target),
        part(|s| &s.actual),
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
fn block_line(noun: &str, block: &BlockChange, style: &dyn Fn(&str) -> String) -> String {
    let number = |n: Option<u32>| n.map_or("–".to_owned(), |n| n.to_string());
    let (what, numbers) = match (block.old, block.new) {
        (None, Some(n)) => ("added", n.to_string()),
        (Some(n), None) => ("removed", n.to_string()),
        (old, new) if old != new => ("renumbered", format!("{} → {}", number(old), number(new))),
        (_, new) => ("", number(new)),
    };
    let cells = match block.cells.len() {
        0 => String::new(),
        1 => "1 cell changed".to_owned(),
        n => format!("{n} cells changed"),
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
fn cell_lines(block: &BlockChange, prefix: &str, style: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for c in block.cells.iter().take(CELLS_LISTED) {
        let change = old_new(&c.old, &c.new);
        let _ = write!(
            out,
            "{prefix}{} / {}: {}",
            style(&c.row),
            style(&c.column),
            style(&change)
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
