//! Line charts: one line per group across the categories (e.g. mean rating per
//! rating round), a marker shape per group, values written above and below.

use plotters::style::text_anchor::{HPos, VPos};

use super::Plot;
use super::canvas::{Canvas, Drawing, SUPPRESSED, Shape, Swatch, WIDTH, draw_svg};
use super::frame::{self, Frame};
use super::scale::Scale;
use crate::diagnostic::Diagnostic;

/// The room between a marker and its value label.
const GAP: i32 = 9;

/// Draws one line per group.
pub fn draw(plot: &Plot) -> Result<Drawing, Diagnostic> {
    let scale = plot.value_scale();
    let frame = frame::columns(plot, &scale);
    draw_svg((WIDTH, frame.height), plot.ink, |canvas| {
        frame.draw_columns(canvas, plot, &scale, Swatch::Marker)?;
        for g in 0..plot.series.groups.len() {
            group_line(canvas, plot, (&frame, &scale), g)?;
        }
        for index in 0..plot.series.categories.len() {
            value_labels(canvas, plot, (&frame, &scale), index)?;
        }
        Ok(())
    })
}

/// One group's line, broken where a value is suppressed, with its markers.
fn group_line(
    canvas: &Canvas,
    plot: &Plot,
    (frame, scale): (&Frame, &Scale),
    g: usize,
) -> Result<(), Diagnostic> {
    let colour = plot.colour(g);
    let point = |index: usize, value: f64| (frame.centre(index), frame.y(scale, value));
    let values = &plot.series.groups[g].values;
    for (index, pair) in values.windows(2).enumerate() {
        if let [Some(a), Some(b)] = pair {
            canvas.line(vec![point(index, *a), point(index + 1, *b)], colour, 2)?;
        }
    }
    for (index, value) in values.iter().enumerate() {
        if let Some(value) = value {
            canvas.marker(Shape::nth(g), point(index, *value), colour, false)?;
        }
    }
    Ok(())
}

/// The highest value of a category written above its marker, the lowest below;
/// the suppressed mark above the axis when a value is missing.
fn value_labels(
    canvas: &Canvas,
    plot: &Plot,
    (frame, scale): (&Frame, &Scale),
    index: usize,
) -> Result<(), Diagnostic> {
    let x = frame.centre(index);
    let present: Vec<f64> = plot
        .series
        .groups
        .iter()
        .filter_map(|g| g.values[index])
        .collect();
    let high = present.iter().copied().reduce(f64::max);
    let low = present.iter().copied().reduce(f64::min);
    if let Some(high) = high {
        let at = (x, frame.y(scale, high) - GAP);
        canvas.label(&plot.label(Some(high)), at, (HPos::Center, VPos::Bottom))?;
    }
    if let (Some(low), Some(high)) = (low, high)
        && low < high
    {
        let at = (x, frame.y(scale, low) + GAP);
        canvas.label(&plot.label(Some(low)), at, (HPos::Center, VPos::Top))?;
    }
    if present.len() < plot.series.groups.len() {
        let at = (x, frame.plot.bottom - 6);
        canvas.label(SUPPRESSED, at, (HPos::Center, VPos::Bottom))?;
    }
    Ok(())
}
