//! Charts as a pure function of analysed data and a house style: `data + style → SVG`.
//! Both the HTML and the PDF renderers embed the same SVG, with its text alternative
//! and the same numbers as a data table.

mod alt;
mod bar;
mod canvas;
mod dumbbell;
mod frame;
mod goal_tree;
mod grouped;
mod line;
mod radar;
mod scale;
mod stacked;
mod style;

use plotters::style::RGBColor;
use serde::Deserialize;

pub use goal_tree::{GoalBox, GoalColumn, goal_tree};
pub use style::ChartStyle;

use crate::analysis::series::{Series, Unit};
use crate::diagnostic::Diagnostic;
use crate::locale::Lang;
use canvas::{Drawing, Ink, SUPPRESSED};
use scale::{Scale, value_label};

/// What kind of chart to draw, as written in a chart shortcode (`kind: grouped-bar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// Horizontal bars, one per category.
    Bar,
    /// Vertical bars, one per category.
    Column,
    /// Horizontal bars, one per group within each category (e.g. women / men).
    GroupedBar,
    /// One horizontal bar per category split into the groups' shares of 100 %.
    StackedBar,
    /// A spider chart: one spoke per category, one polygon per group.
    Radar,
    /// Per category, a line from the first group's value to the last group's.
    Dumbbell,
    /// One line per group across the categories (e.g. rating rounds).
    Line,
}

/// The order of the categories in a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// As in the data.
    #[default]
    None,
    /// By the first group's values, smallest first (suppressed cells last).
    Ascending,
    /// By the first group's values, largest first (suppressed cells last).
    Descending,
}

/// What the author writes about one chart.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartOptions {
    pub title: String,
    /// Title of the horizontal axis.
    #[serde(default)]
    pub x_label: Option<String>,
    /// Title of the vertical axis.
    #[serde(default)]
    pub y_label: Option<String>,
    #[serde(default)]
    pub sort: Sort,
    /// Hex colours replacing the house palette, one per group.
    #[serde(default)]
    pub colours: Option<Vec<String>>,
}

/// A drawn chart: a standalone accessible SVG and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub svg: String,
    pub alt: String,
}

/// Everything a chart kind needs to draw: the (sorted) data, colours and words.
pub(crate) struct Plot<'s> {
    pub series: Series,
    pub colours: Vec<RGBColor>,
    pub ink: Ink<'s>,
    pub lang: Lang,
    /// The title of the axis that lists the categories.
    pub category_title: Option<String>,
    /// The title of the axis that measures the values.
    pub value_title: Option<String>,
}

impl Plot<'_> {
    pub fn group_names(&self) -> Vec<String> {
        self.series.groups.iter().map(|g| g.name.clone()).collect()
    }

    pub fn colour(&self, group: usize) -> RGBColor {
        self.colours[group % self.colours.len()]
    }

    /// Every value that is not suppressed.
    pub fn values(&self) -> impl Iterator<Item = f64> + Clone + '_ {
        self.series
            .groups
            .iter()
            .flat_map(|g| g.values.iter().flatten().copied())
    }

    /// A value as its label reads, or the suppressed mark.
    pub fn label(&self, value: Option<f64>) -> String {
        value.map_or_else(
            || SUPPRESSED.to_owned(),
            |v| value_label(self.series.unit, v, self.lang),
        )
    }

    /// The widest value label of the chart (to keep room for it beside the marks).
    pub fn widest_label(&self) -> i32 {
        self.values()
            .map(|v| canvas::text_width(&self.label(Some(v))).ceil() as i32)
            .max()
            .unwrap_or(0)
    }

    /// An axis fitted to the values.
    pub fn value_scale(&self) -> Scale {
        Scale::fitting(self.series.unit, self.values())
    }
}

/// Draws `series` as a chart of `kind`, with its text alternative.
pub fn render(
    kind: ChartKind,
    series: &Series,
    options: &ChartOptions,
    style: &ChartStyle,
    lang: Lang,
) -> Result<Chart, Diagnostic> {
    check(kind, series)?;
    let background = style::parse_hex(&style.background)?;
    let palette = options.colours.as_ref().unwrap_or(&style.palette);
    let colours = style::mark_colours(palette, background)?;
    if colours.len() < series.groups.len() {
        return Err(Diagnostic::error(format!(
            "the chart has {} groups but only {} colours",
            series.groups.len(),
            colours.len()
        ))
        .with_hint("add colours with `colours:` or show fewer groups"));
    }
    let (category_title, value_title) = axis_titles(kind, series, options);
    let plot = Plot {
        series: sorted(series, options.sort),
        colours,
        ink: Ink {
            font: &style.font_family,
            text: style::parse_hex(&style.text_colour)?,
            grid: style::parse_hex(&style.grid_colour)?,
            background,
        },
        lang,
        category_title,
        value_title,
    };
    let drawing = match kind {
        ChartKind::Bar => bar::draw_rows(&plot),
        ChartKind::Column => bar::draw_columns(&plot),
        ChartKind::GroupedBar => grouped::draw(&plot),
        ChartKind::StackedBar => stacked::draw(&plot),
        ChartKind::Radar => radar::draw(&plot),
        ChartKind::Dumbbell => dumbbell::draw(&plot),
        ChartKind::Line => line::draw(&plot),
    }?;
    let alt = alt::summary(kind, &options.title, &plot);
    Ok(Chart {
        svg: accessible_svg(&drawing, &options.title, &alt),
        alt,
    })
}

/// Refuses data the chart kind cannot show truthfully.
fn check(kind: ChartKind, series: &Series) -> Result<(), Diagnostic> {
    let fail = |message: String| Err(Diagnostic::error(message));
    if series.categories.is_empty() || series.groups.is_empty() {
        return fail("the chart has no data: it needs at least one category and one group".into());
    }
    for group in &series.groups {
        if group.values.len() != series.categories.len() {
            return fail(format!(
                "the group `{}` has {} values for {} categories",
                group.name,
                group.values.len(),
                series.categories.len()
            ));
        }
        if let Some(position) = group
            .values
            .iter()
            .position(|v| v.is_some_and(|v| !v.is_finite()))
        {
            return fail(format!(
                "the value of `{}` for `{}` is not a number",
                group.name, series.categories[position]
            ));
        }
    }
    if series
        .groups
        .iter()
        .all(|g| g.values.iter().all(Option::is_none))
    {
        return fail("the chart has no values: every cell is suppressed or empty".into());
    }
    let groups = series.groups.len();
    match kind {
        ChartKind::Bar | ChartKind::Column if groups > 1 => fail(format!(
            "a bar chart shows one group, but the data has {groups}; use `kind: grouped-bar`"
        )),
        ChartKind::StackedBar if series.unit != Unit::Percent => {
            fail("a 100 % stacked bar needs percentages, but the data holds other numbers".into())
        }
        ChartKind::Radar if series.categories.len() < 3 => fail(format!(
            "a radar chart needs at least 3 categories, but the data has {}; use a bar chart",
            series.categories.len()
        )),
        ChartKind::Dumbbell if groups < 2 => {
            fail("a dumbbell chart compares two groups (e.g. first and last rating), but the data has one".into())
        }
        _ => Ok(()),
    }
}

/// The category-axis and value-axis titles: the author's, else the series' own
/// category label. Horizontal kinds list categories on the vertical axis.
fn axis_titles(
    kind: ChartKind,
    series: &Series,
    options: &ChartOptions,
) -> (Option<String>, Option<String>) {
    let (category, value) = match kind {
        ChartKind::Column | ChartKind::Line => (&options.x_label, &options.y_label),
        ChartKind::Radar => return (None, None),
        _ => (&options.y_label, &options.x_label),
    };
    let fallback = Some(series.category_label.clone()).filter(|l| !l.trim().is_empty());
    (category.clone().or(fallback), value.clone())
}

/// The series with its categories reordered by the first group's values.
fn sorted(series: &Series, sort: Sort) -> Series {
    let mut order: Vec<usize> = (0..series.categories.len()).collect();
    let key = |i: usize| series.groups[0].values[i];
    match sort {
        Sort::None => return series.clone(),
        Sort::Ascending => order.sort_by(|a, b| compare(key(*a), key(*b))),
        Sort::Descending => order.sort_by(|a, b| compare(key(*a).map(|v| -v), key(*b).map(|v| -v))),
    }
    let mut out = series.clone();
    out.categories = order
        .iter()
        .map(|i| series.categories[*i].clone())
        .collect();
    for (group, source) in out.groups.iter_mut().zip(&series.groups) {
        group.values = order.iter().map(|i| source.values[*i]).collect();
    }
    out
}

/// Orders values ascending with suppressed cells last.
fn compare(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (a, b) => a.is_none().cmp(&b.is_none()),
    }
}

/// plotters' SVG made standalone and accessible: `role="img"`, a `<title>` and a
/// `<desc>` with ids unique to this chart.
fn accessible_svg(drawing: &Drawing, title: &str, alt: &str) -> String {
    let body = drawing.raw.split_once('\n').map_or("", |(_, rest)| rest);
    let id = element_id(title, body);
    let (width, height) = drawing.size;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{body}",
        escape(title),
        escape(alt)
    )
}

/// A slug of the title plus a short hash of the drawing: readable, unique per chart
/// on a page, and the same for the same input.
fn element_id(title: &str, body: &str) -> String {
    let mut slug = String::new();
    for c in title.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c != '-' || !(slug.is_empty() || slug.ends_with('-')) {
            slug.push(c);
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(40).collect();
    let hash = body
        .bytes()
        .chain(title.bytes())
        .fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
    format!("chart-{slug}-{hash:08x}").replace("--", "-")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A chart value as its data table shows it: formatted for the unit, or the
/// suppression mark when it is not published.
pub fn value_text(unit: Unit, value: Option<f64>, lang: Lang) -> String {
    value
        .filter(|v| v.is_finite())
        .map_or_else(|| SUPPRESSED.to_owned(), |v| value_label(unit, v, lang))
}

#[cfg(test)]
mod tests;
