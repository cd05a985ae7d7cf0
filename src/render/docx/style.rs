//! The house style as Word styles: fonts, sizes and colours are read from the style's
//! Typst template (so a report's own `templates/report.typ` is followed too) and set
//! on Word's built-in styles, never as direct formatting in the text.

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style,
    StyleType, Tab, TabLeaderType, TabValueType, VertAlignType,
};

use crate::diagnostic::Result;
use crate::document::Mark;
use crate::templates::Templates;

/// The look of one house style, as its templates declare it.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseStyle {
    pub font: String,
    pub heading_font: String,
    /// Chapter titles in capitals (`upper(it.body)` in the template's heading rule).
    pub capital_chapters: bool,
    /// Body text size in half points (Word's unit).
    pub size: usize,
    /// Headings and the title, `RRGGBB`.
    pub accent: String,
    /// Table header fill.
    pub shade: String,
    /// Box (callout) fill.
    pub tint: String,
    /// Thin lines.
    pub rule: String,
    /// The fills of the colour marks: best, good, weak.
    pub marks: [String; 3],
}

impl HouseStyle {
    /// Reads the style dictionary of `report.typ` and the mark fills of
    /// `report-common.typ`; a value that is not there falls back to black on white.
    pub fn from_templates(templates: &Templates) -> Result<HouseStyle> {
        let style = templates.text("report.typ")?;
        let common = templates.text("report-common.typ")?;
        let colour = |text: &str, key: &str, fallback: &str| {
            colour_of(text, key).unwrap_or_else(|| fallback.to_owned())
        };
        let font = quoted_after(&style, "font: (").unwrap_or_else(|| "Inter".to_owned());
        Ok(HouseStyle {
            heading_font: quoted_after(&style, "heading-font: (").unwrap_or_else(|| font.clone()),
            capital_chapters: style.contains("upper(it.body)"),
            font,
            size: points_after(&style, "size: ").map_or(20, |pt| (pt * 2.0).round() as usize),
            accent: colour(&style, "accent", "000000"),
            shade: colour(&style, "shade", "E6E6E6"),
            tint: colour(&style, "tint", "F4F4F4"),
            rule: colour(&style, "rule", "999999"),
            marks: [
                colour(&common, "best", "C4E4BF"),
                colour(&common, "good", "FAE6A0"),
                colour(&common, "weak", "F2BDB6"),
            ],
        })
    }

    /// The fill of a colour mark.
    pub fn mark_fill(&self, mark: Mark) -> &str {
        let index = match mark {
            Mark::Best => 0,
            Mark::Good => 1,
            Mark::Weak => 2,
        };
        &self.marks[index]
    }

    /// The document defaults (the Normal style) and every style the renderer uses;
    /// `text_width` (in twentieths of a point) places the contents' page numbers.
    pub fn apply(&self, docx: Docx, text_width: u32) -> Docx {
        let docx = docx
            .default_fonts(fonts(&self.font))
            .default_size(self.size)
            .default_line_spacing(
                LineSpacing::new()
                    .after(120)
                    .line(264)
                    .line_rule(LineSpacingType::Auto),
            );
        self.styles()
            .into_iter()
            .chain((1..=3).map(|level| contents_line(level, text_width)))
            .fold(docx, |docx, style| docx.add_style(style))
    }

    fn styles(&self) -> Vec<Style> {
        let heading = |level: usize, size: usize| {
            let style = paragraph(&format!("Heading{level}"), &format!("heading {level}"))
                .fonts(fonts(&self.heading_font))
                .size(size)
                .bold()
                .color(&self.accent)
                .line_spacing(
                    LineSpacing::new()
                        .before(if level == 1 { 0 } else { 280 })
                        .after(140),
                );
            let style = keep_with_next(style).outline_lvl(level - 1);
            match level {
                1 if self.capital_chapters => capitals(page_break_before(style)),
                1 => page_break_before(style),
                _ => style,
            }
        };
        let small = self.size.saturating_sub(3).max(12);
        vec![
            paragraph("Title", "Title")
                .fonts(fonts(&self.heading_font))
                .size(self.size * 5 / 2)
                .bold()
                .color(&self.accent)
                .line_spacing(LineSpacing::new().before(2400).after(240)),
            paragraph("Subtitle", "Subtitle")
                .size(self.size * 3 / 2)
                .color(&self.accent)
                .line_spacing(LineSpacing::new().after(720)),
            heading(1, self.size * 12 / 5),
            heading(2, self.size * 7 / 5),
            heading(3, self.size * 11 / 10),
            heading(4, self.size),
            keep_with_next(
                paragraph("Caption", "caption")
                    .bold()
                    .color(&self.accent)
                    .line_spacing(LineSpacing::new().before(240).after(80)),
            ),
            paragraph("Quote", "Quote")
                .italic()
                .indent(Some(567), None, Some(567), None),
            paragraph("ListParagraph", "List Paragraph").indent(Some(720), None, None, None),
            page_break_before(
                paragraph("TOCHeading", "TOC Heading")
                    .fonts(fonts(&self.heading_font))
                    .size(self.size * 8 / 5)
                    .bold()
                    .color(&self.accent)
                    .line_spacing(LineSpacing::new().after(240)),
            ),
            paragraph("FootnoteText", "footnote text")
                .size(small)
                .line_spacing(
                    LineSpacing::new()
                        .after(40)
                        .line(240)
                        .line_rule(LineSpacingType::Auto),
                ),
            superscript(character("FootnoteReference", "footnote reference")),
            character("Hyperlink", "Hyperlink")
                .color(&self.accent)
                .underline("single"),
            character("HTMLCode", "HTML Code").fonts(fonts("Courier New")),
            paragraph("HTMLPreformatted", "HTML Preformatted")
                .fonts(fonts("Courier New"))
                .size(small),
            paragraph("Bibliography", "Bibliography").indent(
                Some(567),
                Some(SpecialIndentType::Hanging(567)),
                None,
                None,
            ),
            // The report's own styles: notes, legends and sources under tables and
            // figures, definition lists, the cover's facts and the table cells.
            paragraph("TableNote", "Table Note")
                .size(small)
                .line_spacing(
                    LineSpacing::new()
                        .before(60)
                        .after(60)
                        .line(240)
                        .line_rule(LineSpacingType::Auto),
                ),
            keep_with_next(paragraph("DefinitionTerm", "Definition Term").bold()),
            paragraph("Definition", "Definition").indent(Some(567), None, None, None),
            paragraph("CoverFacts", "Cover Facts").line_spacing(LineSpacing::new().after(60)),
            paragraph("TableText", "Table Text")
                .size(small)
                .line_spacing(
                    LineSpacing::new()
                        .before(20)
                        .after(20)
                        .line(240)
                        .line_rule(LineSpacingType::Auto),
                ),
            paragraph("Centered", "Figure").align(AlignmentType::Center),
        ]
    }
}

fn paragraph(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
}

/// A line of the table of contents: indented by level, the page number at the right
/// margin after a dotted leader.
fn contents_line(level: usize, text_width: u32) -> Style {
    let mut style = paragraph(&format!("TOC{level}"), &format!("toc {level}"))
        .indent(Some(220 * (level as i32 - 1)), None, None, None)
        .line_spacing(
            LineSpacing::new()
                .before(if level == 1 { 120 } else { 0 })
                .after(40),
        );
    if level == 1 {
        style = style.bold();
    }
    style.paragraph_property = style.paragraph_property.add_tab(
        Tab::new()
            .val(TabValueType::Right)
            .leader(TabLeaderType::Dot)
            .pos(text_width as usize),
    );
    style
}

fn character(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Character).name(name)
}

fn keep_with_next(mut style: Style) -> Style {
    style.paragraph_property = style.paragraph_property.keep_next(true);
    style
}

fn page_break_before(mut style: Style) -> Style {
    style.paragraph_property = style.paragraph_property.page_break_before(true);
    style
}

fn capitals(mut style: Style) -> Style {
    style.run_property = style.run_property.caps();
    style
}

fn superscript(mut style: Style) -> Style {
    style.run_property = style.run_property.vert_align(VertAlignType::SuperScript);
    style
}

/// The same font for every script.
pub fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
        .east_asia(name)
}

/// The text after the first `key` that starts a word (so `font:` is not found inside
/// `heading-font:`).
fn after_key<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.match_indices(key)
        .find(|(at, _)| {
            text[..*at]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || c == '(' || c == ',')
        })
        .map(|(at, _)| &text[at + key.len()..])
}

/// The first string literal after `key` (`font: ("Inter",)` → `Inter`).
fn quoted_after(text: &str, key: &str) -> Option<String> {
    let rest = after_key(text, key)?;
    let start = rest.find('"')? + 1;
    let end = start + rest[start..].find('"')?;
    Some(rest[start..end].to_owned())
}

/// A length in points after `key` (`size: 9.5pt` → 9.5).
fn points_after(text: &str, key: &str) -> Option<f64> {
    let rest = after_key(text, key)?;
    rest.split("pt").next()?.trim().parse().ok()
}

/// The colour `key: rgb("#1d4f73")` as `1D4F73`.
fn colour_of(text: &str, key: &str) -> Option<String> {
    let hex = after_key(text, &format!("{key}: rgb(\"#"))?.get(..6)?;
    hex.chars()
        .all(|c| c.is_ascii_hexdigit())
        .then(|| hex.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLE: &str = "#let style = (\n  heading-font: (\"Inter\",),\n  font: (\"Libertinus Serif\",),\n  \
        size: 11pt,\n  accent: rgb(\"#2f3e5c\"),\n)";

    #[test]
    fn reads_the_style_dictionary_of_a_template() {
        assert_eq!(
            quoted_after(STYLE, "font: ("),
            Some("Libertinus Serif".into())
        );
        assert_eq!(quoted_after(STYLE, "heading-font: ("), Some("Inter".into()));
        assert_eq!(points_after(STYLE, "size: "), Some(11.0));
        assert_eq!(colour_of(STYLE, "accent"), Some("2F3E5C".into()));
        assert_eq!(colour_of(STYLE, "shade"), None);
    }

    #[test]
    fn the_shipped_styles_give_their_fonts_and_colours() {
        let dir = tempfile::tempdir().unwrap();
        let id =
            HouseStyle::from_templates(&Templates::new(dir.path(), crate::load::config::Style::Id))
                .unwrap();
        assert_eq!(
            (id.font.as_str(), id.size, id.accent.as_str()),
            ("Inter", 19, "1D4F73")
        );
        assert_eq!(id.mark_fill(Mark::Weak), "F2BDB6");
        let asking = HouseStyle::from_templates(&Templates::new(
            dir.path(),
            crate::load::config::Style::Asking,
        ))
        .unwrap();
        assert_eq!(
            (asking.font.as_str(), asking.size),
            ("Libertinus Serif", 22)
        );
    }
}
