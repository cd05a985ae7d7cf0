//! Directives: fenced blocks named `{name}` that put computed or structured content
//! into a chapter. `{chart}` and `{table}` take a YAML body naming analysed data;
//! `{ruta}` (callout) takes markdown.

use serde::Deserialize;

use super::markdown::{self, Directive};
use super::{Block, Figure};
use crate::analysis::series::{Group, Series, Unit};
use crate::charts::{self, ChartKind, ChartOptions, ChartStyle, Sort};
use crate::config::Style;
use crate::diagnostic::{Diagnostic, Result};
use crate::load::yaml;
use crate::locale::Lang;

/// What directives can draw on.
pub struct Sources {
    pub lang: Lang,
    pub style: Style,
}

/// Runs one directive, giving the block it stands for.
pub fn run(directive: Directive, sources: &Sources) -> Result<Block> {
    match directive.name {
        "ruta" | "callout" => callout(&directive, sources),
        "chart" | "diagram" => chart(&directive, sources),
        other => Err(
            Diagnostic::error(format!("unknown directive `{{{other}}}`"))
                .with_hint("known directives: {chart}, {ruta}"),
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
    /// Numbers written in the chapter (usually via `{{ … }}`).
    values: InlineSeries,
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
    let series = spec.values.into_series();
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
