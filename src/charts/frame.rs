//! The two chart frames: rows (categories down the left, values across) and columns
//! (categories along the bottom, values up), each with legend, gridlines, ticks and
//! axis titles drawn the same way for every kind.

use plotters::style::text_anchor::{HPos, VPos};

use super::Plot;
use super::canvas::{Canvas, LINE_HEIGHT, MARGIN, Swatch, WIDTH, legend_height, text_width, wrap};
use super::scale::Scale;
use crate::diagnostic::Diagnostic;

/// Category labels never take more than this share of the chart width.
const LABEL_SHARE: f64 = 0.36;
/// Space between the category labels and the plot, generous because widths are estimated.
const LABEL_GAP: i32 = 16;
/// The height of the plot area of a column or line chart.
const COLUMN_PLOT_HEIGHT: i32 = 260;

/// A rectangle in chart coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

/// A laid-out chart frame: the plot area, one band per category and the chart height.
#[derive(Debug, Clone)]
pub struct Frame {
    pub height: i32,
    pub plot: Area,
    /// Per category: the start and end of its band (y for rows, x for columns).
    pub bands: Vec<(i32, i32)>,
    labels: Vec<Vec<String>>,
    legend_top: i32,
}

/// Lays out rows of at least `min_band` height, keeping `room` (left, right) free
/// beside the plot for labels next to the marks.
pub fn rows(plot: &Plot, scale: &Scale, min_band: i32, room: (i32, i32)) -> Frame {
    let label_limit = f64::from(WIDTH) * LABEL_SHARE;
    let labels: Vec<Vec<String>> = plot
        .series
        .categories
        .iter()
        .map(|c| wrap(c, label_limit))
        .collect();
    let label_width = widest(labels.iter().flatten());
    let legend_top = MARGIN;
    let mut top = legend_top + legend_height(&plot.group_names());
    if plot.category_title.is_some() {
        top += LINE_HEIGHT + 8;
    }
    let mut bands = Vec::with_capacity(labels.len());
    let mut y = top;
    for lines in &labels {
        let band = min_band.max(lines.len() as i32 * LINE_HEIGHT + 8);
        bands.push((y, y + band));
        y += band;
    }
    let last_tick = scale
        .ticks
        .last()
        .map_or(0, |t| half_width(&scale.tick_label(*t, plot.lang)));
    let plot_area = Area {
        left: MARGIN + label_width + LABEL_GAP + room.0,
        top,
        right: WIDTH - MARGIN - room.1.max(last_tick),
        bottom: y,
    };
    let axis_height = 26
        + if plot.value_title.is_some() {
            LINE_HEIGHT + 4
        } else {
            0
        };
    Frame {
        height: y + axis_height + MARGIN,
        plot: plot_area,
        bands,
        labels,
        legend_top,
    }
}

/// Lays out columns under a legend, with wrapped category labels below.
pub fn columns(plot: &Plot, scale: &Scale) -> Frame {
    let tick_width = widest(
        scale
            .ticks
            .iter()
            .map(|t| scale.tick_label(*t, plot.lang))
            .collect::<Vec<_>>()
            .iter(),
    );
    let left = MARGIN + tick_width + 8;
    let right = WIDTH - MARGIN - 8;
    let count = plot.series.categories.len().max(1) as i32;
    let band = (right - left) / count;
    let labels: Vec<Vec<String>> = plot
        .series
        .categories
        .iter()
        .map(|c| wrap(c, f64::from(band - 6)))
        .collect();
    let legend_top = MARGIN;
    let mut top = legend_top + legend_height(&plot.group_names()) + 18;
    if plot.value_title.is_some() {
        top += LINE_HEIGHT + 4;
    }
    let bottom = top + COLUMN_PLOT_HEIGHT;
    let label_lines = labels.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let title_height = if plot.category_title.is_some() {
        LINE_HEIGHT + 6
    } else {
        0
    };
    Frame {
        height: bottom + 10 + label_lines * LINE_HEIGHT + title_height + MARGIN,
        plot: Area {
            left,
            top,
            right,
            bottom,
        },
        bands: (0..count)
            .map(|i| (left + i * band, left + (i + 1) * band))
            .collect(),
        labels,
        legend_top,
    }
}

fn widest<'a>(texts: impl Iterator<Item = &'a String>) -> i32 {
    texts
        .map(|t| text_width(t).ceil() as i32)
        .max()
        .unwrap_or(0)
}

fn half_width(text: &str) -> i32 {
    (text_width(text) / 2.0).ceil() as i32 + 2
}

impl Frame {
    /// The middle of a category's band.
    pub fn centre(&self, index: usize) -> i32 {
        self.bands.get(index).map_or(0, |(a, b)| (a + b) / 2)
    }

    /// The `slot`-th of `slots` equal parts of a band, inset by `padding` each side.
    pub fn slot(&self, index: usize, slot: usize, slots: usize, padding: i32) -> (i32, i32) {
        let (start, end) = self.bands.get(index).copied().unwrap_or_default();
        let inner = (end - start - 2 * padding).max(slots as i32);
        let size = inner / slots.max(1) as i32;
        let from = start + padding + size * slot as i32;
        (from, from + size)
    }

    /// The x of a value in a rows frame.
    pub fn x(&self, scale: &Scale, value: f64) -> i32 {
        scale.px(value, self.plot.left, self.plot.right)
    }

    /// The y of a value in a columns frame.
    pub fn y(&self, scale: &Scale, value: f64) -> i32 {
        scale.px(value, self.plot.bottom, self.plot.top)
    }

    /// Draws legend, titles, category labels, gridlines and ticks of a rows frame.
    pub fn draw_rows(
        &self,
        canvas: &Canvas,
        plot: &Plot,
        scale: &Scale,
        swatch: Swatch,
    ) -> Result<(), Diagnostic> {
        self.draw_legend(canvas, plot, swatch)?;
        let Area {
            left,
            top,
            right,
            bottom,
        } = self.plot;
        if let Some(title) = &plot.category_title {
            canvas.label(title, (MARGIN, top - 12), (HPos::Left, VPos::Center))?;
        }
        for (index, lines) in self.labels.iter().enumerate() {
            canvas.lines(lines, (MARGIN, self.centre(index)), HPos::Left)?;
        }
        for tick in &scale.ticks {
            let x = self.x(scale, *tick);
            canvas.line(vec![(x, top), (x, bottom)], canvas.ink.grid, 1)?;
            canvas.label(
                &scale.tick_label(*tick, plot.lang),
                (x, bottom + 14),
                (HPos::Center, VPos::Center),
            )?;
        }
        let base = self.x(scale, scale.baseline());
        canvas.line(vec![(base, top), (base, bottom)], canvas.ink.text, 1)?;
        if let Some(title) = &plot.value_title {
            let centre = (left + right) / 2;
            canvas.label(title, (centre, bottom + 36), (HPos::Center, VPos::Center))?;
        }
        Ok(())
    }

    /// Draws legend, titles, category labels, gridlines and ticks of a columns frame.
    pub fn draw_columns(
        &self,
        canvas: &Canvas,
        plot: &Plot,
        scale: &Scale,
        swatch: Swatch,
    ) -> Result<(), Diagnostic> {
        self.draw_legend(canvas, plot, swatch)?;
        let Area {
            left,
            top,
            right,
            bottom,
        } = self.plot;
        if let Some(title) = &plot.value_title {
            canvas.label(title, (MARGIN, top - 26), (HPos::Left, VPos::Center))?;
        }
        for tick in &scale.ticks {
            let y = self.y(scale, *tick);
            canvas.line(vec![(left, y), (right, y)], canvas.ink.grid, 1)?;
            canvas.label(
                &scale.tick_label(*tick, plot.lang),
                (left - 6, y),
                (HPos::Right, VPos::Center),
            )?;
        }
        let base = self.y(scale, scale.baseline());
        canvas.line(vec![(left, base), (right, base)], canvas.ink.text, 1)?;
        let label_lines = self.labels.iter().map(Vec::len).max().unwrap_or(1) as i32;
        for (index, lines) in self.labels.iter().enumerate() {
            let first = bottom + 10 + LINE_HEIGHT / 2;
            for (i, line) in lines.iter().enumerate() {
                let at = (self.centre(index), first + i as i32 * LINE_HEIGHT);
                canvas.label(line, at, (HPos::Center, VPos::Center))?;
            }
        }
        if let Some(title) = &plot.category_title {
            let y = bottom + 10 + label_lines * LINE_HEIGHT + LINE_HEIGHT / 2 + 4;
            canvas.label(title, ((left + right) / 2, y), (HPos::Center, VPos::Center))?;
        }
        Ok(())
    }

    fn draw_legend(&self, canvas: &Canvas, plot: &Plot, swatch: Swatch) -> Result<(), Diagnostic> {
        let names = plot.group_names();
        if names.len() > 1 {
            canvas.legend(&names, &plot.colours, swatch, self.legend_top)?;
        }
        Ok(())
    }
}
