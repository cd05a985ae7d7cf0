//! Directives: fenced blocks named `{name}` that put computed or structured content
//! into a chapter. `{chart}` and `{table}` take a YAML body naming analysed data;
//! `{ruta}` (callout) takes markdown.

use serde::Deserialize;

use super::markdown::{self, Directive};
use super::{Block, Figure};
use crate::analysis::Statistics;
use crate::analysis::series::{Group, Series, Unit};
use crate::charts::{self, ChartKind, ChartOptions, ChartStyle, Sort};
use crate::config::Style;
use crate::diagnostic::{Diagnostic, Result};
use crate::load::yaml;
use crate::locale::Lang;

/// What directives can draw on.
pub struct Sources<'a> {
    pub lang: Lang,
    pub style: Style,
    /// The analysed statistics, if the report declares any.
    pub statistics: Option<&'a Statistics>,
}

/// Runs one directive, giving the block it stands for.
pub fn run(directive: Directive, sources: &Sources) -> Result<Block> {
    match directive.name {
        "ruta" | "callout" => callout(&directive, sources),
        "chart" | "diagram" => chart(&directive, sources),
        "table" | "tabell" => table(&directive, sources),
        other => Err(
            Diagnostic::error(format!("unknown directive `{{{other}}}`"))
                .with_hint("known directives: {table}, {chart}, {ruta}"),
        ),
    }
}

/// Parses a directive's YAML body; errors point into the chapter.
fn body<T: serde::de::DeserializeOwned>(directive: &Directive) -> Result<T> {
    serde_yaml::from_str(directive.body).map_err(|e| {
        let diagnostic = yaml::from_serde(&e, directive.body, std::path::Path::new(""));
        Diagnostic {
            path: None,
            ..diagnostic
        }
        .shifted(directive.line - 1)
    })
}

/// A framed box; the argument is its title, the body is markdown.
fn callout(directive: &Directive, sources: &Sources) -> Result<Block> {
    let parsed = markdown::parse(directive.body, sources.lang, &mut |d| run(d, sources))
        .map_err(|e| e.shifted(directive.line - 1))?;
    Ok(Block::Callout {
        title: (!directive.argument.is_empty()).then(|| directive.argument.to_owned()),
        blocks: parsed.blocks,
    })
}

/// The body of a `{chart}` directive.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartSpec {
    kind: ChartKind,
    /// The figure caption (also the SVG's title).
    title: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    source: Option<String>,
    /// The name of an analysed series (see `docs/statistics.md`)…
    #[serde(default)]
    data: Option<String>,
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
    let spec: ChartSpec = body(directive)?;
    let series = match (spec.data.as_deref(), spec.values) {
        (Some(name), None) => {
            let known = Statistics::series_names();
            computed(directive, sources, name, known, |s| {
                s.series(name, sources.lang)
            })?
        }
        (None, Some(values)) => values.into_series(),
        _ => {
            return Err(Diagnostic::error(
                "a chart needs either `data:` (analysed data) or `values:` (numbers)",
            )
            .at(directive.line, 1));
        }
    };
    let options = ChartOptions {
        title: spec.title.clone(),
        x_label: spec.x_label,
        y_label: spec.y_label,
        sort: spec.sort,
        colours: spec.colours,
    };
    let style = match sources.style {
        Style::Id => ChartStyle::id(),
        Style::Asking => ChartStyle::asking(),
    };
    let drawn = charts::render(spec.kind, &series, &options, &style, sources.lang)?;
    Ok(Block::Figure(Figure {
        id: spec.id,
        number: None,
        caption: spec.title,
        svg: drawn.svg,
        alt: drawn.alt,
        data: charts::data_table(&series, sources.lang),
        source: spec.source,
    }))
}

/// The body of a `{table}` directive: a computed table with its caption.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSpec {
    /// The name of a computed table (see `docs/statistics.md`).
    data: String,
    title: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// A numbered table computed by analysis.
fn table(directive: &Directive, sources: &Sources) -> Result<Block> {
    let spec: TableSpec = body(directive)?;
    let name = spec.data.as_str();
    let mut table = computed(directive, sources, name, Statistics::table_names(), |s| {
        s.table(name, sources.lang)
    })?;
    table.caption = Some(spec.title);
    table.id = spec.id;
    table.source = spec.source.or(table.source);
    Ok(Block::Table(table))
}

/// Looks up analysed data by name; errors point at the `data:` line.
fn computed<T>(
    directive: &Directive,
    sources: &Sources,
    name: &str,
    known: &[&str],
    get: impl Fn(&Statistics) -> Option<T>,
) -> Result<T> {
    let at_data = |message: String| {
        let (line, column) = yaml::key_position(directive.body, "data").unwrap_or((1, 1));
        Diagnostic::error(message).at(directive.line + line - 1, column)
    };
    let statistics = sources.statistics.ok_or_else(|| {
        at_data(format!(
            "`{name}` needs statistics, but the report has no `data/statistics.yaml`"
        ))
    })?;
    if !known.contains(&name) {
        return Err(at_data(format!("there is no computed `{name}`"))
            .with_hint(format!("known names: {}", known.join(", "))));
    }
    get(statistics).ok_or_else(|| {
        at_data(format!(
            "`{name}` cannot be computed: the data it needs are not declared"
        ))
    })
}
