//! Directives: fenced blocks named `{name}` that put computed or structured content
//! into a chapter. `{chart}` and `{table}` take a YAML body naming analysed data;
//! `{ruta}` (callout) takes markdown; `{referenser}` places the reference list. Every
//! block that shows a table or a figure takes `title`, `id`, `source` and `liggande`
//! at the top level of its body ([`Framing`]), one mechanism for all of them.

use serde::Deserialize;

use super::computed::{self, Request};
use super::markdown::{self, Directive};
use super::prose::Expanded;
use super::{
    Block, Column, Columns, ColumnsKind, Figure, Inline, References, Spanned, evaluation, goals,
    prose,
};
use crate::analysis::goals::Assessment;
use crate::analysis::series::{Group, Series, Unit};
use crate::analysis::sustainability::Tally;
use crate::analysis::{Analysis, Statistics, View};
use crate::charts::{self, ChartKind, ChartOptions, ChartStyle, Sort};
use crate::diagnostic::{Diagnostic, Result, Span, nearest};
use crate::load::Project;
use crate::load::config::Style;
use crate::load::sustainability::Plan;
use crate::load::yaml;
use crate::locale::Lang;
use crate::templates::Templates;

/// What directives draw on: the loaded project, its analysis and the house style.
pub struct Sources<'a> {
    pub project: &'a Project,
    pub analysis: &'a Analysis,
    /// The house style's files, for wording templates.
    pub templates: &'a Templates,
}

impl Sources<'_> {
    fn lang(&self) -> Lang {
        self.project.config.language
    }

    fn statistics(&self) -> Option<&Statistics> {
        self.analysis.statistics.as_ref()
    }

    fn goals(&self) -> &[Assessment] {
        &self.analysis.goals
    }

    /// The plans of `data/sustainability.yaml` and their count per status.
    fn sustainability(&self) -> Option<(&[Plan], &Tally)> {
        let plans = self.project.sustainability.as_deref();
        plans.zip(self.analysis.sustainability.as_ref())
    }

    fn chart_style(&self) -> ChartStyle {
        match self.project.config.style {
            Style::Id => ChartStyle::id(),
            Style::Asking => ChartStyle::asking(),
        }
    }
}

/// One kind of directive: its Swedish and English names and what it does.
pub struct DirectiveKind {
    /// The name in Swedish reports (`{tabell}`), or the only name.
    pub name: &'static str,
    /// The other language's name (`{table}`).
    pub alias: &'static str,
    run: fn(&Directive, &Sources) -> Result<Vec<Block>>,
}

/// Every directive: the one list the runner, the unknown-directive hint and the
/// README's table are checked against. A new directive is one more entry.
pub const DIRECTIVES: &[DirectiveKind] = &[
    kind("tabell", "table", |d, s| one(table(d, s))),
    kind("diagram", "chart", |d, s| one(chart(d, s))),
    kind("ruta", "callout", |d, s| one(callout(d, s))),
    kind("citat", "quote", |d, s| one(quote(d, s))),
    kind("mal", "goals", |d, s| one(goal_table(d, s))),
    kind("malhierarki", "goal-tree", |d, s| one(goal_tree(d, s))),
    kind("bedomning", "verdict", verdict),
    kind("forandringsteori", "theory-of-change", |d, s| {
        one(columns(d, s, ColumnsKind::TheoryOfChange))
    }),
    kind("matris", "matrix", |d, s| {
        one(columns(d, s, ColumnsKind::Matrix))
    }),
    kind("hallbarhet", "sustainability", |d, s| {
        one(sustainability(d, s))
    }),
    kind("intervjuer", "interviews", |d, s| one(interviews(d, s))),
    kind("checklista", "checklist", |d, s| one(checklist(d, s))),
    kind("jamstalldhet", "gender-summary", gender_summary),
    kind("utfallsmatris", "outcome-matrix", |d, s| {
        one(outcome_matrix(d, s))
    }),
    kind("referenser", "references", |d, _| one(references(d))),
];

const fn kind(
    name: &'static str,
    alias: &'static str,
    run: fn(&Directive, &Sources) -> Result<Vec<Block>>,
) -> DirectiveKind {
    DirectiveKind { name, alias, run }
}

fn one(block: Result<Block>) -> Result<Vec<Block>> {
    block.map(|b| vec![b])
}

/// Runs one directive, giving the blocks it stands for.
pub fn run(directive: Directive, sources: &Sources) -> Result<Vec<Block>> {
    let name = directive.name;
    match DIRECTIVES
        .iter()
        .find(|k| k.name == name || k.alias == name)
    {
        Some(kind) => (kind.run)(&directive, sources),
        None => {
            let known: Vec<String> = DIRECTIVES
                .iter()
                .map(|k| format!("{{{}}} ({{{}}})", k.name, k.alias))
                .collect();
            let names = DIRECTIVES.iter().flat_map(|k| [k.name, k.alias]);
            let near = nearest(names, name, 1).concat();
            Err(
                Diagnostic::error(format!("unknown directive `{{{name}}}`")).with_hint(format!(
                    "did you mean `{{{near}}}`? Known directives: {}",
                    known.join(", ")
                )),
            )
        }
    }
}

fn interviews(directive: &Directive, sources: &Sources) -> Result<Block> {
    framed_table(directive, |framed| {
        let list = framed.list("interviews")?;
        evaluation::interviews(list, sources.lang()).map_err(|e| e.at(directive.line - 1, 1))
    })
}

fn checklist(directive: &Directive, sources: &Sources) -> Result<Block> {
    framed_table(directive, |framed| {
        let list = framed.list("questions")?;
        evaluation::checklist(list, sources.lang(), &mut |t| {
            nested_markdown(t, directive, sources).map(unspanned)
        })
    })
}

fn outcome_matrix(directive: &Directive, sources: &Sources) -> Result<Block> {
    framed_table(directive, |framed| {
        let matrix = framed.body()?;
        evaluation::outcome_matrix(
            matrix,
            &framed.rest,
            directive.line,
            sources.project.config.suppression_threshold,
            sources.lang(),
        )
    })
}

/// Parses a directive's YAML body; errors point into the chapter.
fn body<T: serde::de::DeserializeOwned>(directive: &Directive) -> Result<T> {
    parse_yaml(&directive.body.text, directive.line)
}

/// Parses YAML `text` whose first line is line `line` of the chapter (with the strict
/// checks of every YAML file: no key twice, no NaN).
fn parse_yaml<T: serde::de::DeserializeOwned>(text: &str, line: usize) -> Result<T> {
    let yaml = if text.trim().is_empty() { "{}" } else { text };
    yaml::parse(yaml, std::path::Path::new("")).map_err(|diagnostic| {
        Diagnostic {
            path: None,
            ..diagnostic
        }
        .shifted(line - 1)
    })
}

/// What every numbered block takes besides its content, written at the top level of
/// its YAML body: `title`, `id`, `source` and `liggande` (`landscape`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Framing {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default, alias = "liggande")]
    landscape: bool,
}

/// The top-level keys that belong to [`Framing`].
const FRAMING_KEYS: [&str; 5] = ["title", "id", "source", "landscape", "liggande"];

/// A directive's body split into its framing and the rest; both keep every line where
/// it was (the other part's lines are blanked), so errors keep their positions.
struct Framed<'a> {
    framing: Framing,
    /// The framing keys' lines (the others blank), to point at them.
    framing_text: String,
    rest: String,
    directive: &'a Directive<'a>,
}

impl<'a> Framed<'a> {
    fn split(directive: &'a Directive<'a>) -> Result<Framed<'a>> {
        let (mut framing, mut rest) = (String::new(), String::new());
        let mut in_framing = false;
        for line in directive.body.text.lines() {
            let continued = line.starts_with([' ', '\t']) || line.trim().is_empty();
            if !continued {
                in_framing = FRAMING_KEYS
                    .iter()
                    .any(|key| line.strip_prefix(key).is_some_and(|r| r.starts_with(':')));
            }
            let (kept, blanked) = if in_framing {
                (&mut framing, &mut rest)
            } else {
                (&mut rest, &mut framing)
            };
            kept.push_str(line);
            kept.push('\n');
            blanked.push('\n');
        }
        Ok(Framed {
            framing: parse_yaml(&framing, directive.line)?,
            framing_text: framing,
            rest,
            directive,
        })
    }

    /// The rest of the body as `T`.
    fn body<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        parse_yaml(&self.rest, self.directive.line)
    }

    /// The rest as a list: written as the body itself, or under `key:` next to a
    /// `title:` or `id:`.
    fn list<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Vec<T>> {
        let listed = self
            .rest
            .lines()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .is_none_or(|l| l.starts_with(['-', '[']));
        if listed {
            return self.body();
        }
        let mut keyed: std::collections::BTreeMap<String, Vec<T>> = self.body()?;
        if let Some(other) = keyed.keys().find(|k| *k != key) {
            let (line, column) = yaml::key_position(&self.rest, other).unwrap_or((1, 1));
            return Err(Diagnostic::error(format!("unknown field `{other}`"))
                .at(self.directive.line + line - 1, column)
                .with_hint(format!(
                    "besides title, id, source and liggande, this block takes its list under `{key}:`"
                )));
        }
        Ok(keyed.remove(key).unwrap_or_default())
    }

    /// The framing, `default_title` filling in a missing title; an `id` needs a title,
    /// since only titled blocks are numbered.
    fn into_framing(self, default_title: Option<String>) -> Result<Framing> {
        let mut framing = self.framing;
        framing.title = framing.title.or(default_title);
        if framing.id.is_some() && framing.title.is_none() {
            let (line, column) = yaml::key_position(&self.framing_text, "id").unwrap_or((1, 1));
            return Err(Diagnostic::error("a block with `id:` needs a `title:`")
                .at(self.directive.line + line - 1, column)
                .with_hint("only blocks with a title are numbered and can be referred to"));
        }
        Ok(framing)
    }

    /// The required title of a chart or computed table.
    fn title(&self) -> Result<String> {
        self.framing.title.clone().ok_or_else(|| {
            Diagnostic::error("this block needs a `title:` (its caption)")
                .at(self.directive.line - 1, 1)
        })
    }

    /// Gives `table` the caption, id, source and page orientation written for it.
    fn frame_table(self, mut table: super::Table) -> Result<Block> {
        let framing = self.into_framing(table.caption.take())?;
        table.caption = framing.title;
        table.id = framing.id;
        table.source = framing.source.or(table.source);
        table.landscape = framing.landscape;
        Ok(Block::Table(table))
    }
}

/// A body that must be empty but for the framing keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Nothing {}

/// A directive that gives one table, framed by the `title`, `id`, `source` and
/// `liggande` of its body.
fn framed_table(
    directive: &Directive,
    make: impl FnOnce(&Framed) -> Result<Block>,
) -> Result<Block> {
    let framed = Framed::split(directive)?;
    match make(&framed)? {
        Block::Table(table) => framed.frame_table(table),
        other => Ok(other),
    }
}

/// A directive's body as markdown: every block, image, citation and cross-reference
/// with its span in the chapter, every error at its line there.
fn body_markdown(directive: &Directive, sources: &Sources) -> Result<Vec<Spanned<Block>>> {
    let parsed = markdown::parse_within(
        directive.body,
        sources.lang(),
        directive.footnotes,
        &mut |d| run(d, sources),
    )?;
    Ok(parsed.blocks)
}

/// Markdown a directive makes of text that is not a stretch of the chapter (a YAML
/// string such as a column's item, a wording template): its blocks have no span yet,
/// so they take the directive's ([`Block::place_within`]); an error's line is the
/// directive's first line plus its line in `text`. Its footnotes are the chapter's,
/// placed at the directive too.
fn nested_markdown(
    text: &str,
    directive: &Directive,
    sources: &Sources,
) -> Result<Vec<Spanned<Block>>> {
    let since = directive.footnotes.mark();
    let parsed = markdown::parse_within(
        &Expanded::verbatim(text),
        sources.lang(),
        directive.footnotes,
        &mut |d| run(d, sources),
    )
    .map_err(|e| e.shifted(directive.line - 1))?;
    directive.footnotes.unplace(since);
    let mut blocks = parsed.blocks;
    for block in &mut blocks {
        block.span = Span::default();
        block.for_each_span(&mut |span| *span = Span::default());
    }
    Ok(blocks)
}

/// Blocks without their (unset) spans, for a directive that stands for several
/// blocks: they take the directive's span.
fn unspanned(blocks: Vec<Spanned<Block>>) -> Vec<Block> {
    blocks.into_iter().map(|b| b.node).collect()
}

fn argument(directive: &Directive) -> Option<String> {
    (!directive.argument.is_empty()).then(|| directive.argument.to_owned())
}

/// A framed box; the argument is its title, the body is markdown.
fn callout(directive: &Directive, sources: &Sources) -> Result<Block> {
    Ok(Block::Callout {
        title: argument(directive),
        blocks: body_markdown(directive, sources)?,
    })
}

/// A participant quote; the argument is its generic attribution ("en deltagare").
fn quote(directive: &Directive, sources: &Sources) -> Result<Block> {
    Ok(Block::Quote {
        blocks: body_markdown(directive, sources)?,
        attribution: argument(directive),
    })
}

/// One column of a theory of change or a matrix: bullet items, optionally in groups.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnSpec {
    title: String,
    #[serde(default)]
    items: Vec<String>,
    #[serde(default)]
    groups: Vec<GroupSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    title: String,
    items: Vec<String>,
}

/// Columns side by side; each item is a line of markdown.
fn columns(directive: &Directive, sources: &Sources, kind: ColumnsKind) -> Result<Block> {
    let framed = Framed::split(directive)?;
    let specs: Vec<ColumnSpec> = framed.list("columns")?;
    let list = |items: &[String]| -> Result<Block> {
        let items = items
            .iter()
            .map(|item| nested_markdown(item, directive, sources))
            .collect::<Result<_>>()?;
        Ok(Block::List { start: None, items })
    };
    let mut columns = Vec::with_capacity(specs.len());
    for spec in &specs {
        let mut blocks = Vec::new();
        if !spec.items.is_empty() {
            blocks.push(list(&spec.items)?.into());
        }
        for group in &spec.groups {
            blocks.push(
                Block::Paragraph(vec![Inline::Strong(vec![Inline::Text(
                    group.title.clone(),
                )])])
                .into(),
            );
            blocks.push(list(&group.items)?.into());
        }
        columns.push(Column {
            title: spec.title.clone(),
            blocks,
        });
    }
    if columns.len() < 2 {
        return Err(Diagnostic::error(
            "columns need at least two entries, each with `title:` and `items:` or `groups:`",
        )
        .at(directive.line - 1, 1));
    }
    let framing = framed.into_framing(None)?;
    Ok(Block::Columns(Columns {
        kind,
        columns,
        id: framing.id,
        number: None,
        caption: framing.title,
        source: framing.source,
        landscape: framing.landscape,
    }))
}

/// The body of a `{chart}` directive.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartSpec {
    kind: ChartKind,
    /// The name of an analysed series, or the source of a query (see
    /// `docs/statistics.md`)…
    #[serde(default)]
    data: Option<String>,
    #[serde(default)]
    rader: Option<String>,
    #[serde(default)]
    kolumner: Option<String>,
    #[serde(default)]
    tillfalle: Option<String>,
    /// …or numbers written in the chapter (usually via `{{ … }}`).
    #[serde(default)]
    values: Option<InlineSeries>,
    #[serde(default)]
    x_label: Option<String>,
    #[serde(default)]
    y_label: Option<String>,
    #[serde(default)]
    sort: Sort,
    #[serde(default)]
    colours: Option<Vec<String>>,
}

/// Chart data written in the directive: categories and one list of values per group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InlineSeries {
    categories: Vec<String>,
    groups: Vec<InlineGroup>,
    #[serde(default = "count_unit")]
    unit: InlineUnit,
    #[serde(default)]
    category_label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InlineGroup {
    name: String,
    values: Vec<Option<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum InlineUnit {
    Count,
    Percent,
    Score { min: i64, max: i64 },
}

fn count_unit() -> InlineUnit {
    InlineUnit::Count
}

impl InlineSeries {
    fn into_series(self) -> Series {
        Series {
            categories: self.categories,
            groups: self
                .groups
                .into_iter()
                .map(|g| Group {
                    name: g.name,
                    values: g.values,
                })
                .collect(),
            unit: match self.unit {
                InlineUnit::Count => Unit::Count,
                InlineUnit::Percent => Unit::Percent,
                InlineUnit::Score { min, max } => Unit::Score { min, max },
            },
            category_label: self.category_label,
        }
    }
}

/// A numbered figure drawn from the directive's data.
fn chart(directive: &Directive, sources: &Sources) -> Result<Block> {
    let framed = Framed::split(directive)?;
    let spec: ChartSpec = framed.body()?;
    // The figure caption, also the SVG's title.
    let title = framed.title()?;
    let request = Request {
        data: spec.data,
        rader: spec.rader,
        kolumner: spec.kolumner,
        tillfalle: spec.tillfalle,
    };
    let series = match (request.data.is_some(), spec.values) {
        (true, None) => computed(directive, sources, &request, |s, view| {
            s.series(view, sources.lang())
        })?,
        (false, Some(values)) => values.into_series(),
        _ => {
            return Err(Diagnostic::error(
                "a chart needs either `data:` (analysed data) or `values:` (numbers)",
            )
            .at(directive.line, 1));
        }
    };
    let options = ChartOptions {
        title: title.clone(),
        x_label: spec.x_label,
        y_label: spec.y_label,
        sort: spec.sort,
        colours: spec.colours,
    };
    let drawn = charts::render(
        spec.kind,
        &series,
        &options,
        &sources.chart_style(),
        sources.lang(),
    )?;
    let framing = framed.into_framing(None)?;
    Ok(Block::Figure(Figure {
        id: framing.id,
        number: None,
        caption: title,
        svg: drawn.svg,
        alt: drawn.alt,
        data: computed::data_table(&series, sources.lang()),
        source: framing.source,
        landscape: framing.landscape,
    }))
}

/// A numbered table computed by analysis.
fn table(directive: &Directive, sources: &Sources) -> Result<Block> {
    let framed = Framed::split(directive)?;
    let request: Request = framed.body()?;
    framed.title()?;
    let table = computed(directive, sources, &request, |s, view| {
        s.table(view, sources.lang())
    })?;
    framed.frame_table(computed::table(table, sources.lang()))
}

/// Looks up analysed data by name or query; errors point at the `data:` line (or
/// `rader:` for a query).
fn computed<T>(
    directive: &Directive,
    sources: &Sources,
    request: &Request,
    get: impl Fn(&Statistics, &View) -> Option<T>,
) -> Result<T> {
    let key = if request.rader.is_some() {
        "rader"
    } else {
        "data"
    };
    let at_key = |message: String| {
        let (line, column) = yaml::key_position(&directive.body.text, key).unwrap_or((1, 1));
        Diagnostic::error(message).at(directive.line + line - 1, column)
    };
    let name = request.data.as_deref().unwrap_or_default();
    let statistics = sources.statistics().ok_or_else(|| {
        at_key(format!(
            "`{name}` needs statistics, but the report has no `data/statistics.yaml`"
        ))
    })?;
    let view = request.view(statistics).map_err(|(message, hint)| {
        let error = at_key(message);
        if hint.is_empty() {
            error
        } else {
            error.with_hint(hint)
        }
    })?;
    get(statistics, &view).ok_or_else(|| {
        at_key(format!(
            "`{name}` cannot be computed as asked: the data it needs are not declared, or this table or chart does not apply to them"
        ))
    })
}

/// The body of `{goals}` and `{goal-tree}`: which goals, and the caption.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalSpec {
    /// The goals to show (default: every goal the evaluation follows).
    #[serde(default)]
    goals: Option<Vec<String>>,
}

fn no_goals() -> Diagnostic {
    Diagnostic::error("the report has no `data/goals.yaml`")
        .with_hint("declare the goal hierarchy in data/goals.yaml (see README)")
}

/// The goal table: target, actual and verdict per goal.
fn goal_table(directive: &Directive, sources: &Sources) -> Result<Block> {
    let framed = Framed::split(directive)?;
    let spec: GoalSpec = framed.body()?;
    if sources.goals().is_empty() {
        return Err(no_goals());
    }
    let chosen: Vec<&Assessment> = match &spec.goals {
        Some(ids) => ids
            .iter()
            .map(|id| goals::find(sources.goals(), id))
            .collect::<Result<_>>()?,
        None => sources.goals().iter().filter(|a| a.followed).collect(),
    };
    let mut table = goals::table(&chosen, sources.lang());
    table.caption = Some(sources.lang().words().blocks.goal_table_title.to_owned());
    framed.frame_table(table)
}

/// The goal hierarchy as a numbered figure.
fn goal_tree(directive: &Directive, sources: &Sources) -> Result<Block> {
    let framed = Framed::split(directive)?;
    let _: Nothing = framed.body()?;
    if sources.goals().is_empty() {
        return Err(no_goals());
    }
    let default = sources.lang().words().blocks.goal_tree_title.to_owned();
    let framing = framed.into_framing(Some(default))?;
    let title = framing.title.unwrap_or_default();
    let mut figure = goals::tree(
        sources.goals(),
        &title,
        &sources.chart_style(),
        sources.lang(),
    )?;
    figure.id = framing.id;
    figure.source = framing.source;
    figure.landscape = framing.landscape;
    Ok(Block::Figure(figure))
}

/// `{verdict} 1d`: the bold verdict line of one goal and its rationale.
fn verdict(directive: &Directive, sources: &Sources) -> Result<Vec<Block>> {
    let assessment = goals::find(sources.goals(), directive.argument)
        .map_err(|e| e.at(directive.line - 1, 1))?;
    goals::verdict_line(assessment, sources.lang(), &mut |text| {
        nested_markdown(text, directive, sources).map(unspanned)
    })
}

/// The sustainability table of `data/sustainability.yaml` with its count summary.
fn sustainability(directive: &Directive, sources: &Sources) -> Result<Block> {
    let (plans, tally) = sources.sustainability().ok_or_else(|| {
        Diagnostic::error("the report has no `data/sustainability.yaml`")
            .with_hint("declare each organisation's plan there (see README)")
    })?;
    framed_table(directive, |framed| {
        let _: Nothing = framed.body()?;
        evaluation::sustainability(plans, tally, sources.lang(), &mut |t| {
            nested_markdown(t, directive, sources).map(unspanned)
        })
    })
}

/// The gender-equality summary: the style's wording template filled from statistics.
fn gender_summary(directive: &Directive, sources: &Sources) -> Result<Vec<Block>> {
    let statistics = sources.statistics().ok_or_else(|| {
        Diagnostic::error("the gender-equality summary needs statistics, but the report has no `data/statistics.yaml`")
    })?;
    let name = format!("gender-summary.{}.md", sources.lang().code());
    let wording = sources.templates.text(&name)?;
    let path = std::path::Path::new(&name);
    let text = prose::expand(
        &wording,
        &statistics.context(sources.lang()),
        sources.lang(),
        path,
        0,
    )
    .map_err(|e| {
        Diagnostic::error(format!(
            "the wording template `{name}` failed: {}",
            e.message
        ))
    })?;
    nested_markdown(&text.text, directive, sources).map(unspanned)
}

/// The body of `{referenser}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferencesSpec {
    /// List every entry of the bibliography, not only the cited ones.
    #[serde(default)]
    all: bool,
}

/// The reference list; layout fills it once every citation is known.
fn references(directive: &Directive) -> Result<Block> {
    let spec: ReferencesSpec = body(directive)?;
    Ok(Block::References(References {
        all: spec.all,
        entries: Vec::new(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_documents_every_directive_and_no_other() {
        let readme = include_str!("../../README.md");
        let section = &readme[readme.find("## Evaluation building blocks").unwrap()..];
        let rows: Vec<&str> = section
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("## "))
            .filter_map(|l| l.strip_prefix("| `{")?.split(['}', ' ']).next())
            .collect();
        let known = |name: &str| DIRECTIVES.iter().any(|k| k.name == name || k.alias == name);
        for row in &rows {
            assert!(
                known(row),
                "the README documents an unknown directive {{{row}}}"
            );
        }
        for kind in DIRECTIVES
            .iter()
            .filter(|k| !["tabell", "diagram"].contains(&k.name))
        {
            let listed = rows.iter().any(|r| *r == kind.name || *r == kind.alias);
            assert!(
                listed,
                "{{{}}} is missing from the README's table",
                kind.name
            );
        }
    }
}
