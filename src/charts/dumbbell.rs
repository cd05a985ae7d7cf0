//! Dumbbells: per category a line joining the groups' values (e.g. first → last
//! rating), each group a marker of its own shape, the outer values written beside.

use plotters::style::text_anchor::{HPos, VPos};

use super::Plot;
use super::canvas::{Canvas, Drawing, SUPPRESSED, Shape, Swatch, WIDTH, draw_svg, text_width};
use super::frame::{self, Frame};
use super::scale::Scale;
use crate::diagnostic::Diagnostic;

/// The height of one dumbbell's row.
const ROW: i32 = 30;
/// The room between a marker and its value label.
const GAP: i32 = 10;

/// Draws one dumbbell per category.
pub fn draw(plot: &Plot) -> Result<Drawing, Diagnostic> {
    let scale = plot.value_scale();
    let room = plot.widest_label() + GAP + 4;
    let frame = frame::rows(plot, &scale, ROW, (room, room + 16));
    draw_svg((WIDTH, frame.height), plot.ink, |canvas| {
        frame.draw_rows(canvas, plot, &scale, Swatch::Marker)?;
        for index in 0..plot.series.categories.len() {
            dumbbell(canvas, plot, (&frame, &scale), index)?;
        }
        Ok(())
    })
}

/// One category's dumbbell: the joining line, the markers and the outer values.
fn dumbbell(
    canvas: &Canvas,
    plot: &Plot,
    (frame, scale): (&Frame, &Scale),
    index: usize,
) -> Result<(), Diagnostic> {
    let y = frame.centre(index);
    let points: Vec<(usize, f64)> = plot
        .series
        .groups
        .iter()
        .enumerate()
        .filter_map(|(g, group)| group.values[index].map(|v| (g, v)))
        .collect();
    let lowest = points.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let highest = points.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let (Some(&(_, low)), Some(&(_, high))) = (lowest, highest) else {
        return canvas.label(
            SUPPRESSED,
            (frame.plot.left + 5, y),
            (HPos::Left, VPos::Center),
        );
    };
    let (x_low, x_high) = (frame.x(scale, low), frame.x(scale, high));
    canvas.line(vec![(x_low, y), (x_high, y)], canvas.ink.text, 2)?;
    for (g, value) in &points {
        canvas.marker(
            Shape::nth(*g),
            (frame.x(scale, *value), y),
            plot.colour(*g),
            false,
        )?;
    }
    let high_label = plot.label(Some(high));
    canvas.label(&high_label, (x_high + GAP, y), (HPos::Left, VPos::Center))?;
    if x_low < x_high {
        canvas.label(
            &plot.label(Some(low)),
            (x_low - GAP, y),
            (HPos::Right, VPos::Center),
        )?;
    }
    if points.len() < plot.series.groups.len() {
        let after = x_high + GAP + text_width(&high_label).ceil() as i32 + 8;
        canvas.label(SUPPRESSED, (after, y), (HPos::Left, VPos::Center))?;
    }
    Ok(())
}
