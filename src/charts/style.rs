//! House styles for charts: fonts, colour-blind-safe palettes and contrast checks.

use plotters::style::RGBColor;

use crate::diagnostic::Diagnostic;

/// The look of every chart in one house style.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    /// A font the HTML ships and the PDF embeds (never a generic name).
    pub font_family: String,
    /// Mark colours as `#RRGGBB`, each at least 3:1 against `background`.
    pub palette: Vec<String>,
    pub text_colour: String,
    pub grid_colour: String,
    pub background: String,
}

/// The WCAG contrast every mark colour must reach against the background.
pub const MIN_MARK_CONTRAST: f64 = 3.0;

impl ChartStyle {
    /// The `id` house style: Inter, an Okabe–Ito palette darkened to reach 3:1 on white.
    pub fn id() -> ChartStyle {
        ChartStyle {
            font_family: "Inter".into(),
            palette: strings(&[
                "#0072B2", "#D55E00", "#009E73", "#B0588C", "#A86F00", "#6E6E6E",
            ]),
            text_colour: "#222222".into(),
            grid_colour: "#D9D9D9".into(),
            background: "#FFFFFF".into(),
        }
    }

    /// The `asking` house style: Libertinus Serif, Paul Tol's muted palette, darkened
    /// where needed to reach 3:1 on white.
    pub fn asking() -> ChartStyle {
        ChartStyle {
            font_family: "Libertinus Serif".into(),
            palette: strings(&[
                "#332288", "#CC6677", "#117733", "#882255", "#AA4499", "#7F7F20", "#2D8A7B",
            ]),
            text_colour: "#1A1A1A".into(),
            grid_colour: "#DDDDDD".into(),
            background: "#FFFFFF".into(),
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Parses `#RRGGBB` (or `RRGGBB`).
pub fn parse_hex(hex: &str) -> Result<RGBColor, Diagnostic> {
    let digits = hex.trim().trim_start_matches('#');
    let channel = |i: usize| {
        digits
            .get(i..i + 2)
            .and_then(|d| u8::from_str_radix(d, 16).ok())
    };
    match (digits.len(), channel(0), channel(2), channel(4)) {
        (6, Some(r), Some(g), Some(b)) => Ok(RGBColor(r, g, b)),
        _ => Err(Diagnostic::error(format!("`{hex}` is not a colour"))
            .with_hint("write colours as hex codes, e.g. \"#0072B2\"")),
    }
}

/// The WCAG 2 relative luminance of a colour.
pub fn luminance(c: RGBColor) -> f64 {
    let linear = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
}

/// The WCAG 2 contrast ratio between two colours (1 to 21).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever reads better on `fill` (for labels inside marks).
pub fn text_on(fill: RGBColor) -> RGBColor {
    let (white, black) = (RGBColor(255, 255, 255), RGBColor(0, 0, 0));
    if contrast(fill, white) >= contrast(fill, black) {
        white
    } else {
        black
    }
}

/// Parses mark colours and checks each against the background.
pub fn mark_colours(hexes: &[String], background: RGBColor) -> Result<Vec<RGBColor>, Diagnostic> {
    hexes
        .iter()
        .map(|hex| {
            let colour = parse_hex(hex)?;
            let ratio = contrast(colour, background);
            if ratio < MIN_MARK_CONTRAST {
                return Err(Diagnostic::error(format!(
                    "the colour `{hex}` has a contrast of only {ratio:.1}:1 against the background"
                ))
                .with_hint("chart marks need at least 3:1; choose a darker colour"));
            }
            Ok(colour)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_palette_entry_reaches_three_to_one() {
        for style in [ChartStyle::id(), ChartStyle::asking()] {
            let background = parse_hex(&style.background).unwrap();
            for hex in &style.palette {
                let ratio = contrast(parse_hex(hex).unwrap(), background);
                assert!(ratio >= MIN_MARK_CONTRAST, "{hex}: {ratio:.2}:1");
            }
            let text = parse_hex(&style.text_colour).unwrap();
            assert!(contrast(text, background) >= 4.5);
        }
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let white = RGBColor(255, 255, 255);
        assert!((contrast(RGBColor(0, 0, 0), white) - 21.0).abs() < 1e-9);
        assert!((contrast(RGBColor(0x76, 0x76, 0x76), white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn pale_or_malformed_colours_are_refused() {
        let white = RGBColor(255, 255, 255);
        assert!(mark_colours(&["#E69F00".into()], white).is_err());
        assert!(mark_colours(&["blue".into()], white).is_err());
        assert!(mark_colours(&["#0072B2".into()], white).is_ok());
    }
}
