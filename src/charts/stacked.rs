//! 100 % stacked bars: per category one bar split into the groups' shares (e.g.
//! positive / unchanged / negative progression), each share written inside its part.

use plotters::style::text_anchor::{HPos, VPos};

use super::Plot;
use super::canvas::{Canvas, Drawing, SUPPRESSED, Swatch, WIDTH, draw_svg, text_width};
use super::frame::{self, Frame};
use super::scale::Scale;
use super::style::text_on;
use crate::diagnostic::Diagnostic;

/// The height of one stacked bar's row.
const ROW: i32 = 34;

/// Draws one 100 % bar per category.
pub fn draw(plot: &Plot) -> Result<Drawing, Diagnostic> {
    let scale = Scale::whole_percent();
    let frame = frame::rows(plot, &scale, ROW, (0, 24));
    draw_svg((WIDTH, frame.height), plot.ink, |canvas| {
        frame.draw_rows(canvas, plot, &scale, Swatch::Block)?;
        for index in 0..plot.series.categories.len() {
            stacked_bar(canvas, plot, (&frame, &scale), index)?;
        }
        Ok(())
    })
}

/// The parts of one category's bar, then the suppressed mark after it if any part
/// is suppressed.
fn stacked_bar(
    canvas: &Canvas,
    plot: &Plot,
    (frame, scale): (&Frame, &Scale),
    index: usize,
) -> Result<(), Diagnostic> {
    let (top, bottom) = frame.slot(index, 0, 1, 6);
    let mut sum = 0.0;
    let mut any_suppressed = false;
    for (g, group) in plot.series.groups.iter().enumerate() {
        let Some(value) = group.values[index] else {
            any_suppressed = true;
            continue;
        };
        let (start, end) = (frame.x(scale, sum), frame.x(scale, sum + value));
        sum += value;
        if end <= start {
            continue;
        }
        // A one-unit gap between parts keeps them apart without relying on colour.
        canvas.rect((start, top), (end - 1, bottom), plot.colour(g))?;
        let label = plot.label(Some(value));
        if text_width(&label) + 2.0 <= f64::from(end - start) {
            let centre = ((start + end) / 2, (top + bottom) / 2);
            let ink = text_on(plot.colour(g));
            canvas.coloured_label(&label, centre, (HPos::Center, VPos::Center), ink)?;
        }
    }
    if any_suppressed {
        let at = (frame.x(scale, sum) + 5, (top + bottom) / 2);
        canvas.label(SUPPRESSED, at, (HPos::Left, VPos::Center))?;
    }
    Ok(())
}
