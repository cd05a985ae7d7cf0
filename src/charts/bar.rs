//! Bar charts of one group: horizontal bars (`bar`) or vertical columns (`column`),
//! each with its value written at the end of the bar.

use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::Plot;
use super::canvas::{Canvas, Drawing, Swatch, WIDTH, draw_svg};
use super::frame::{self, Frame};
use super::scale::Scale;
use crate::diagnostic::Diagnostic;

/// The height of one horizontal bar's row.
const ROW: i32 = 30;
/// The room between a value label and the end of its bar.
const GAP: i32 = 5;

/// Horizontal bars, one per category.
pub fn draw_rows(plot: &Plot) -> Result<Drawing, Diagnostic> {
    let scale = plot.value_scale();
    let frame = frame::rows(plot, &scale, ROW, (0, plot.widest_label() + 2 * GAP));
    draw_svg((WIDTH, frame.height), plot.ink, |canvas| {
        frame.draw_rows(canvas, plot, &scale, Swatch::Block)?;
        for (index, value) in plot.series.groups[0].values.iter().enumerate() {
            let slot = frame.slot(index, 0, 1, 6);
            horizontal_bar(canvas, plot, (&frame, &scale), slot, *value, plot.colour(0))?;
        }
        Ok(())
    })
}

/// Vertical columns, one per category.
pub fn draw_columns(plot: &Plot) -> Result<Drawing, Diagnostic> {
    let scale = plot.value_scale();
    let frame = frame::columns(plot, &scale);
    draw_svg((WIDTH, frame.height), plot.ink, |canvas| {
        frame.draw_columns(canvas, plot, &scale, Swatch::Block)?;
        for (index, value) in plot.series.groups[0].values.iter().enumerate() {
            let (start, end) = frame.bands[index];
            let inset = ((end - start) / 5).max(2);
            let slot = (start + inset, end - inset);
            vertical_bar(canvas, plot, (&frame, &scale), slot, *value, plot.colour(0))?;
        }
        Ok(())
    })
}

/// One horizontal bar across the `slot` rows, labelled with its value; a suppressed
/// value gets the suppressed mark and no bar.
pub fn horizontal_bar(
    canvas: &Canvas,
    plot: &Plot,
    (frame, scale): (&Frame, &Scale),
    (top, bottom): (i32, i32),
    value: Option<f64>,
    colour: RGBColor,
) -> Result<(), Diagnostic> {
    let base = frame.x(scale, scale.baseline());
    let end = value.map_or(base, |v| frame.x(scale, v));
    if value.is_some() {
        canvas.rect((base, top), (end, bottom), colour)?;
    }
    let (x, anchor) = if end < base {
        (end - GAP, HPos::Right)
    } else {
        (end + GAP, HPos::Left)
    };
    canvas.label(
        &plot.label(value),
        (x, (top + bottom) / 2),
        (anchor, VPos::Center),
    )
}

/// One vertical bar across the `slot` columns, labelled above with its value; a
/// suppressed value gets the suppressed mark and no bar.
pub fn vertical_bar(
    canvas: &Canvas,
    plot: &Plot,
    (frame, scale): (&Frame, &Scale),
    (left, right): (i32, i32),
    value: Option<f64>,
    colour: RGBColor,
) -> Result<(), Diagnostic> {
    let base = frame.y(scale, scale.baseline());
    let end = value.map_or(base, |v| frame.y(scale, v));
    if value.is_some() {
        canvas.rect((left, end), (right, base), colour)?;
    }
    let (y, anchor) = if end > base {
        (end + GAP, VPos::Top)
    } else {
        (end - GAP, VPos::Bottom)
    };
    canvas.label(
        &plot.label(value),
        ((left + right) / 2, y),
        (HPos::Center, anchor),
    )
}
