//! Radar (spider) charts, drawn from lines and polygons: one spoke per category,
//! rings at the axis ticks, one outlined polygon per group with its own marker shape.

use std::f64::consts::{FRAC_PI_2, TAU};

use plotters::style::text_anchor::{HPos, VPos};

use super::Plot;
use super::canvas::{
    Canvas, Drawing, LINE_HEIGHT, MARGIN, SUPPRESSED, Shape, Swatch, WIDTH, draw_svg,
    legend_height, text_width, wrap,
};
use super::scale::Scale;
use crate::diagnostic::Diagnostic;

/// The radius of the outer ring.
const RADIUS: f64 = 165.0;
/// The widest a spoke label may be before it wraps.
const LABEL_WIDTH: f64 = 135.0;
/// Room between the outer ring and the spoke labels.
const LABEL_GAP: f64 = 14.0;

/// Where the radar sits.
struct Geometry {
    centre: (f64, f64),
    spokes: usize,
}

impl Geometry {
    /// The point at `fraction` of the radius on spoke `index` (the first spoke points up).
    fn point(&self, index: usize, fraction: f64) -> (i32, i32) {
        let (dx, dy) = self.direction(index);
        let r = RADIUS * fraction;
        (
            (self.centre.0 + dx * r).round() as i32,
            (self.centre.1 + dy * r).round() as i32,
        )
    }

    fn direction(&self, index: usize) -> (f64, f64) {
        let angle = TAU * index as f64 / self.spokes as f64 - FRAC_PI_2;
        (angle.cos(), angle.sin())
    }
}

/// Draws the radar.
pub fn draw(plot: &Plot) -> Result<Drawing, Diagnostic> {
    let scale = plot.value_scale();
    let labels = spoke_labels(plot);
    let lines = |i: usize| labels.get(i).map_or(1, Vec::len) as i32;
    let top =
        MARGIN + legend_height(&plot.group_names()) + lines(0) * LINE_HEIGHT + LABEL_GAP as i32;
    let geometry = Geometry {
        centre: (f64::from(WIDTH) / 2.0, f64::from(top) + RADIUS),
        spokes: labels.len(),
    };
    let bottom_lines = (0..labels.len()).map(lines).max().unwrap_or(1);
    let height = top + 2 * RADIUS as i32 + LABEL_GAP as i32 + bottom_lines * LINE_HEIGHT + MARGIN;
    draw_svg((WIDTH, height), plot.ink, |canvas| {
        let names = plot.group_names();
        if names.len() > 1 {
            canvas.legend(&names, &plot.colours, Swatch::Marker, MARGIN)?;
        }
        draw_web(canvas, &scale, &geometry)?;
        draw_spoke_labels(canvas, &labels, &geometry)?;
        for g in 0..plot.series.groups.len() {
            draw_group(canvas, plot, &scale, &geometry, g)?;
        }
        draw_ticks(canvas, plot, &scale, &geometry)
    })
}

/// Wrapped category labels; a category with a suppressed value says so.
fn spoke_labels(plot: &Plot) -> Vec<Vec<String>> {
    plot.series
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let suppressed = plot.series.groups.iter().any(|g| g.values[i].is_none());
            let text = if suppressed {
                format!("{category} ({SUPPRESSED})")
            } else {
                category.clone()
            };
            wrap(&text, LABEL_WIDTH)
        })
        .collect()
}

/// Rings at the ticks and the spokes.
fn draw_web(canvas: &Canvas, scale: &Scale, geometry: &Geometry) -> Result<(), Diagnostic> {
    let fraction = |v: f64| (v - scale.lo) / (scale.hi - scale.lo);
    for tick in scale.ticks.iter().filter(|t| **t > scale.lo) {
        let mut ring: Vec<(i32, i32)> = (0..geometry.spokes)
            .map(|i| geometry.point(i, fraction(*tick)))
            .collect();
        ring.push(ring[0]);
        canvas.line(ring, canvas.ink.grid, 1)?;
    }
    for i in 0..geometry.spokes {
        canvas.line(
            vec![geometry.point(i, 0.0), geometry.point(i, 1.0)],
            canvas.ink.grid,
            1,
        )?;
    }
    Ok(())
}

/// The tick labels up the first spoke, on a patch of background so that they stay
/// readable over the polygons.
fn draw_ticks(
    canvas: &Canvas,
    plot: &Plot,
    scale: &Scale,
    geometry: &Geometry,
) -> Result<(), Diagnostic> {
    for tick in &scale.ticks {
        let (x, y) = geometry.point(0, (tick - scale.lo) / (scale.hi - scale.lo));
        let label = scale.tick_label(*tick, plot.lang);
        let half = (text_width(&label) / 2.0).ceil() as i32 + 2;
        canvas.rect((x - half, y - 8), (x + half, y + 8), canvas.ink.background)?;
        canvas.label(&label, (x, y), (HPos::Center, VPos::Center))?;
    }
    Ok(())
}

/// Each spoke's label just outside the outer ring, anchored away from the centre.
fn draw_spoke_labels(
    canvas: &Canvas,
    labels: &[Vec<String>],
    geometry: &Geometry,
) -> Result<(), Diagnostic> {
    for (i, lines) in labels.iter().enumerate() {
        let (dx, dy) = geometry.direction(i);
        let (x, y) = geometry.point(i, 1.0 + LABEL_GAP / RADIUS);
        let h = match dx {
            dx if dx > 0.3 => HPos::Left,
            dx if dx < -0.3 => HPos::Right,
            _ => HPos::Center,
        };
        let half_block = (lines.len() as i32 * LINE_HEIGHT) / 2;
        let shift = match dy {
            dy if dy > 0.3 => half_block,
            dy if dy < -0.3 => -half_block,
            _ => 0,
        };
        canvas.lines(lines, (x, y + shift), h)?;
    }
    Ok(())
}

/// One group's polygon (filled lightly when complete, broken at suppressed values)
/// with its markers.
fn draw_group(
    canvas: &Canvas,
    plot: &Plot,
    scale: &Scale,
    geometry: &Geometry,
    g: usize,
) -> Result<(), Diagnostic> {
    let colour = plot.colour(g);
    let values = &plot.series.groups[g].values;
    let point =
        |i: usize| values[i].map(|v| geometry.point(i, (v - scale.lo) / (scale.hi - scale.lo)));
    let points: Vec<Option<(i32, i32)>> = (0..values.len()).map(point).collect();
    if let Some(complete) = points.iter().copied().collect::<Option<Vec<_>>>() {
        canvas.polygon(complete, colour, 0.12)?;
    }
    for i in 0..points.len() {
        if let (Some(a), Some(b)) = (points[i], points[(i + 1) % points.len()]) {
            canvas.line(vec![a, b], colour, 2)?;
        }
    }
    for p in points.iter().flatten() {
        canvas.marker(Shape::nth(g), *p, colour, false)?;
    }
    Ok(())
}
