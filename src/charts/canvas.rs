//! Drawing primitives over plotters' SVG backend: text that is measured per
//! character (not per byte), wrapped labels, marks, marker shapes and the legend.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::diagnostic::Diagnostic;

/// Text size of labels, ticks and legend, in user units of a 640-wide chart
/// (about 9 pt when the chart is scaled to the A4 text width).
pub const FONT_SIZE: f64 = 12.8;
/// Distance between the baselines of wrapped lines.
pub const LINE_HEIGHT: i32 = 16;
/// The width of every chart in user units.
pub const WIDTH: i32 = 640;
/// Outer margin on every side.
pub const MARGIN: i32 = 12;

/// plotters divides the font size by this when it writes the SVG.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// The text shown in place of a suppressed value.
pub const SUPPRESSED: &str = "–";

/// A marker shape, so that groups differ in shape as well as colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Shape {
    /// The shape of the `index`-th group.
    pub fn nth(index: usize) -> Shape {
        [
            Shape::Circle,
            Shape::Square,
            Shape::Triangle,
            Shape::Diamond,
        ][index % 4]
    }
}

/// How a legend entry shows its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    /// A filled square, for bars.
    Block,
    /// A marker on a short line, for lines, radars and dumbbells.
    Marker,
}

/// One chart being drawn: a drawing area plus the colours and font of the style.
pub struct Canvas<'a, 'b> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    pub ink: Ink<'b>,
}

/// The fixed colours of a chart, resolved from its style.
#[derive(Debug, Clone, Copy)]
pub struct Ink<'b> {
    pub font: &'b str,
    pub text: RGBColor,
    pub grid: RGBColor,
    pub background: RGBColor,
}

fn drawing_error(err: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("cannot draw the chart: {err}"))
}

/// plotters' SVG text of a chart and its size in user units.
#[derive(Debug, Clone)]
pub struct Drawing {
    pub raw: String,
    pub size: (i32, i32),
}

/// Draws a chart of `width × height` with `paint`.
pub fn draw_svg(
    size: (i32, i32),
    ink: Ink<'_>,
    paint: impl FnOnce(&Canvas) -> Result<(), Diagnostic>,
) -> Result<Drawing, Diagnostic> {
    let mut buffer = String::new();
    {
        let dimensions = (size.0.max(1) as u32, size.1.max(1) as u32);
        let area = SVGBackend::with_string(&mut buffer, dimensions).into_drawing_area();
        area.fill(&ink.background).map_err(drawing_error)?;
        let canvas = Canvas { area, ink };
        paint(&canvas)?;
        canvas.area.present().map_err(drawing_error)?;
    }
    Ok(Drawing { raw: buffer, size })
}

impl Canvas<'_, '_> {
    /// A filled rectangle between two corners.
    pub fn rect(&self, a: (i32, i32), b: (i32, i32), colour: RGBColor) -> Result<(), Diagnostic> {
        let corners = [(a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1))];
        self.area
            .draw(&Rectangle::new(corners, colour.filled()))
            .map_err(drawing_error)
    }

    /// A straight line or a polyline.
    pub fn line(
        &self,
        points: Vec<(i32, i32)>,
        colour: RGBColor,
        width: u32,
    ) -> Result<(), Diagnostic> {
        self.area
            .draw(&PathElement::new(points, colour.stroke_width(width)))
            .map_err(drawing_error)
    }

    /// A filled polygon, drawn with the given opacity.
    pub fn polygon(
        &self,
        points: Vec<(i32, i32)>,
        colour: RGBColor,
        opacity: f64,
    ) -> Result<(), Diagnostic> {
        self.area
            .draw(&Polygon::new(points, colour.mix(opacity).filled()))
            .map_err(drawing_error)
    }

    /// A marker of `shape` centred on `at`; `hollow` draws a white inside.
    pub fn marker(
        &self,
        shape: Shape,
        at: (i32, i32),
        colour: RGBColor,
        hollow: bool,
    ) -> Result<(), Diagnostic> {
        self.filled_shape(shape, at, 6, colour)?;
        if hollow {
            self.filled_shape(shape, at, 3, self.ink.background)?;
        }
        Ok(())
    }

    fn filled_shape(
        &self,
        shape: Shape,
        (x, y): (i32, i32),
        r: i32,
        colour: RGBColor,
    ) -> Result<(), Diagnostic> {
        match shape {
            Shape::Circle => self
                .area
                .draw(&Circle::new((x, y), r, colour.filled()))
                .map_err(drawing_error),
            Shape::Square => self.rect((x - r + 1, y - r + 1), (x + r - 1, y + r - 1), colour),
            Shape::Triangle => self.polygon(
                vec![(x, y - r), (x + r, y + r - 1), (x - r, y + r - 1)],
                colour,
                1.0,
            ),
            Shape::Diamond => self.polygon(
                vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
                colour,
                1.0,
            ),
        }
    }

    /// One line of text in the text colour.
    pub fn label(
        &self,
        text: &str,
        at: (i32, i32),
        anchor: (HPos, VPos),
    ) -> Result<(), Diagnostic> {
        self.coloured_label(text, at, anchor, self.ink.text)
    }

    /// One line of text in any colour (e.g. white on a dark bar).
    pub fn coloured_label(
        &self,
        text: &str,
        at: (i32, i32),
        (h, v): (HPos, VPos),
        colour: RGBColor,
    ) -> Result<(), Diagnostic> {
        let style = TextStyle::from((self.ink.font, FONT_SIZE * PLOTTERS_FONT_SCALE).into_font())
            .color(&colour)
            .pos(Pos::new(h, v));
        self.area
            .draw(&Text::new(text.to_owned(), at, style))
            .map_err(drawing_error)
    }

    /// Wrapped lines of text, vertically centred on `at.1`.
    pub fn lines(&self, lines: &[String], at: (i32, i32), h: HPos) -> Result<(), Diagnostic> {
        let first = at.1 - (lines.len() as i32 - 1) * LINE_HEIGHT / 2;
        for (i, line) in lines.iter().enumerate() {
            self.label(
                line,
                (at.0, first + i as i32 * LINE_HEIGHT),
                (h, VPos::Center),
            )?;
        }
        Ok(())
    }

    /// The legend: one entry per group, wrapped over rows, starting at `top`.
    pub fn legend(
        &self,
        names: &[String],
        colours: &[RGBColor],
        swatch: Swatch,
        top: i32,
    ) -> Result<(), Diagnostic> {
        for (i, (x, y)) in legend_positions(names, top).into_iter().enumerate() {
            let colour = colours[i % colours.len()];
            let centre = (x + 7, y);
            match swatch {
                Swatch::Block => self.rect((x, y - 6), (x + 12, y + 6), colour)?,
                Swatch::Marker => {
                    self.line(vec![(x - 2, y), (x + 16, y)], colour, 2)?;
                    self.marker(Shape::nth(i), centre, colour, false)?;
                }
            }
            self.label(&names[i], (x + 20, y), (HPos::Left, VPos::Center))?;
        }
        Ok(())
    }
}

/// Where the legend entries go (the vertical centre of each), wrapping at the chart width.
fn legend_positions(names: &[String], top: i32) -> Vec<(i32, i32)> {
    let (mut x, mut y) = (MARGIN, top + LINE_HEIGHT / 2);
    names
        .iter()
        .map(|name| {
            let width = 20 + text_width(name).ceil() as i32 + 18;
            if x > MARGIN && x + width > WIDTH - MARGIN {
                (x, y) = (MARGIN, y + LINE_HEIGHT + 6);
            }
            let position = (x, y);
            x += width;
            position
        })
        .collect()
}

/// The height the legend takes (zero for a single group, which needs none).
pub fn legend_height(names: &[String]) -> i32 {
    if names.len() < 2 {
        return 0;
    }
    let last_row = legend_positions(names, 0).last().map_or(0, |p| p.1);
    last_row + LINE_HEIGHT / 2 + 14
}

/// The estimated width of `text` at the chart font size. Counts characters, not
/// bytes, with rough per-character widths of a proportional font.
pub fn text_width(text: &str) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' => 0.28,
            ' ' | '\u{A0}' | '\u{202F}' | 'f' | 't' | 'r' | '(' | ')' | '-' => 0.36,
            'm' | 'w' | 'M' | 'W' | '%' => 0.86,
            c if c.is_uppercase() => 0.68,
            c if c.is_ascii_digit() => 0.6,
            _ => 0.56,
        })
        .sum();
    em * FONT_SIZE
}

/// `text` broken at spaces into lines no wider than `max_width` (a single long word
/// keeps its own line).
pub fn wrap(text: &str, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}")) <= max_width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_characters_not_bytes() {
        assert_eq!(text_width("åäö"), text_width("aao"));
    }

    #[test]
    fn long_labels_wrap_at_spaces() {
        let lines = wrap("Hur väl tror du att du klarar ett arbete?", 120.0);
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|l| text_width(l) <= 120.0 || !l.contains(' '))
        );
        assert_eq!(wrap("", 100.0), vec![String::new()]);
    }
}
