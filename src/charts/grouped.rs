//! Grouped horizontal bars: within each category one bar per group (e.g. women and
//! men), in legend order, each labelled with its value.

use super::Plot;
use super::bar::horizontal_bar;
use super::canvas::{Drawing, Swatch, WIDTH, draw_svg};
use super::frame;
use crate::diagnostic::Diagnostic;

/// The thickness of one bar within a group.
const BAR: i32 = 17;

/// Draws one cluster of bars per category.
pub fn draw(plot: &Plot) -> Result<Drawing, Diagnostic> {
    let scale = plot.value_scale();
    let groups = plot.series.groups.len();
    let band = BAR * groups as i32 + 14;
    let frame = frame::rows(plot, &scale, band, (0, plot.widest_label() + 10));
    draw_svg((WIDTH, frame.height), plot.ink, |canvas| {
        frame.draw_rows(canvas, plot, &scale, Swatch::Block)?;
        for (g, group) in plot.series.groups.iter().enumerate() {
            for (index, value) in group.values.iter().enumerate() {
                let (top, bottom) = frame.slot(index, g, groups, 7);
                let slot = (top + 1, bottom - 1);
                horizontal_bar(canvas, plot, (&frame, &scale), slot, *value, plot.colour(g))?;
            }
        }
        Ok(())
    })
}
