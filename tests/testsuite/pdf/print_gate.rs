//! The print gate: reads where poppler's `pdftotext -bbox-layout` puts every word of
//! a PDF and checks the layout rules a published report keeps: no page ends with a
//! caption, no page starts with a source line, a source line stands nearer its own
//! table or figure than the next caption, nothing is set outside the text area and no
//! two words overprint each other.

use std::path::Path;
use std::process::Command;

/// The page margins of the shipped house styles (`templates/common/report-common.typ`),
/// in PostScript points: the text area the checks hold every word to.
const CM: f64 = 72.0 / 2.54;
const TOP: f64 = 2.7 * CM;
const BOTTOM: f64 = 2.4 * CM;
/// The narrower of the two side margins (pages alternate 2.6 cm and 2.4 cm).
const SIDE: f64 = 2.4 * CM;
/// What rounding in the PDF's coordinates is allowed, in points.
const SLACK: f64 = 1.0;
/// A caption with less room than this under it cannot be followed by its chart.
const SMALLEST_FIGURE: f64 = 90.0;

/// One word with its box, in points from the page's top left corner.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
}

impl Word {
    /// Where the word's letters end: a final hyphen or punctuation mark may hang into
    /// the margin (Typst's optical overhang), so it is left out, at the word's mean
    /// character width.
    fn inked_end(&self) -> f64 {
        let chars = self.text.chars().count().max(1) as f64;
        let hangs = self
            .text
            .ends_with(|c: char| c.is_ascii_punctuation() || c == '\u{ad}' || c == '–');
        if hangs {
            self.x_max - (self.x_max - self.x_min) / chars
        } else {
            self.x_max
        }
    }
}

/// One line of words; `block` numbers the paragraph-like block it belongs to.
#[derive(Debug, Clone)]
pub struct Line {
    pub block: usize,
    pub words: Vec<Word>,
}

impl Line {
    pub fn text(&self) -> String {
        let words: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        words.join(" ")
    }

    fn y_min(&self) -> f64 {
        self.words.iter().map(|w| w.y_min).fold(f64::MAX, f64::min)
    }

    fn y_max(&self) -> f64 {
        self.words.iter().map(|w| w.y_max).fold(f64::MIN, f64::max)
    }

    fn height(&self) -> f64 {
        self.y_max() - self.y_min()
    }
}

/// One page: its size and its lines in reading order.
#[derive(Debug, Clone)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub lines: Vec<Line>,
}

impl Page {
    /// The lines of the text area (not the running header or footer), top to bottom.
    pub fn body(&self) -> Vec<&Line> {
        let mut body: Vec<&Line> = self
            .lines
            .iter()
            // A glyph's box reaches above its line, so a line belongs to the text area
            // when its box ends below the top margin and starts above the bottom one.
            .filter(|l| l.y_max() > TOP && l.y_min() < self.height - BOTTOM)
            .collect();
        body.sort_by(|a, b| a.y_min().total_cmp(&b.y_min()));
        body
    }
}

/// The pages of the PDF at `path`, through `pdftotext -bbox-layout`. Without poppler
/// the gate cannot run: under CI that fails, elsewhere it is skipped with a note.
pub fn pages(path: &Path) -> Option<Vec<Page>> {
    let output = crate::common::gate_tool(
        Command::new("pdftotext")
            .arg("-bbox-layout")
            .arg(path)
            .arg("-"),
    )?;
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    Some(parse(&String::from_utf8_lossy(&output.stdout)))
}

/// Parses the XHTML of `pdftotext -bbox-layout`.
pub fn parse(xhtml: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut block = 0;
    for (tag, rest) in xhtml
        .split('<')
        .filter_map(|t| t.split_once(' ').or(Some((t, ""))))
    {
        match tag {
            "page" => pages.push(Page {
                width: attribute(rest, "width"),
                height: attribute(rest, "height"),
                lines: Vec::new(),
            }),
            "block" => block += 1,
            "line" => {
                if let Some(page) = pages.last_mut() {
                    page.lines.push(Line {
                        block,
                        words: Vec::new(),
                    });
                }
            }
            "word" => {
                let text = rest.split_once('>').map_or("", |(_, t)| t);
                let word = Word {
                    text: unescape(text),
                    x_min: attribute(rest, "xMin"),
                    y_min: attribute(rest, "yMin"),
                    x_max: attribute(rest, "xMax"),
                    y_max: attribute(rest, "yMax"),
                };
                if let Some(line) = pages.last_mut().and_then(|p| p.lines.last_mut()) {
                    line.words.push(word);
                }
            }
            _ => {}
        }
    }
    pages
}

fn attribute(tag: &str, name: &str) -> f64 {
    let needle = format!("{name}=\"");
    tag.split_once(&needle)
        .and_then(|(_, rest)| rest.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// "Tabell 3. …", "Figur 2. …" (or English): the first line of a caption.
fn is_caption(line: &str) -> bool {
    let mut words = line.split(' ');
    let (Some(word), Some(number)) = (words.next(), words.next()) else {
        return false;
    };
    ["Tabell", "Figur", "Table", "Figure"].contains(&word)
        && number
            .strip_suffix('.')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// "Källa: …" or "Source: …": the source line under a table or figure.
fn is_source(line: &str) -> bool {
    line.starts_with("Källa:") || line.starts_with("Source:")
}

/// Every broken rule, one line each, naming the page (1 = the PDF's first page).
pub fn violations(pages: &[Page]) -> Vec<String> {
    let mut found = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        let body = page.body();
        if let Some(caption) = orphaned_caption(page, &body) {
            found.push(format!("page {number} ends with the caption “{caption}”"));
        }
        if let Some(first) = body.first().filter(|l| is_source(&l.text())) {
            found.push(format!(
                "page {number} starts with the source line “{}”",
                first.text()
            ));
        }
        found.extend(sources_nearer_the_next_caption(&body).into_iter().map(|source| {
            format!("page {number}: “{source}” stands nearer the next caption than its own figure")
        }));
        for word in page.lines.iter().flat_map(|l| &l.words) {
            if word.x_min < SIDE - SLACK || word.inked_end() > page.width - SIDE + SLACK {
                found.push(format!(
                    "page {number}: “{}” is set outside the text width (x {:.1}–{:.1} of {:.1})",
                    word.text, word.x_min, word.x_max, page.width
                ));
            }
        }
        found.extend(
            overprinted(page)
                .into_iter()
                .map(|(a, b)| format!("page {number}: “{a}” and “{b}” overprint each other")),
        );
    }
    found
}

/// The lines of the text area above the footnotes at its foot (lines set in type
/// clearly smaller, 0.8 em, than the page's usual lines, the first starting with its
/// number), and where that text ends: the top of the first footnote, or the bottom
/// margin.
fn above_footnotes<'a>(page: &Page, body: &[&'a Line]) -> (Vec<&'a Line>, f64) {
    let mut heights: Vec<f64> = body.iter().map(|l| l.height()).collect();
    heights.sort_by(f64::total_cmp);
    let usual = heights.get(heights.len() / 2).copied().unwrap_or(0.0);
    let small = body
        .iter()
        .rev()
        .take_while(|l| l.height() < 0.82 * usual)
        .count();
    // Footnotes start with their number, set against the first word ("1Skattningarna").
    let numbered = |l: &Line| {
        let text = l.text();
        let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
        rest.len() < text.len() && rest.starts_with(char::is_alphabetic)
    };
    let footnotes = match body.get(body.len() - small) {
        Some(first) if numbered(first) => small,
        _ => 0,
    };
    let (text, notes) = body.split_at(body.len() - footnotes);
    let foot = notes.first().map_or(page.height - BOTTOM, |l| l.y_min());
    (text.to_vec(), foot)
}

/// The caption that ends the page: its block is the last text above the footnotes,
/// and too little room is left under it for even a small chart.
fn orphaned_caption(page: &Page, body: &[&Line]) -> Option<String> {
    let (text, foot) = above_footnotes(page, body);
    let start = text.iter().rposition(|l| is_caption(&l.text()))?;
    let block = text[start].block;
    let after = &text[start + 1..];
    if after.iter().any(|l| l.block != block) {
        return None;
    }
    let bottom = after.last().unwrap_or(&text[start]).y_max();
    (foot - bottom < SMALLEST_FIGURE).then(|| text[start].text())
}

/// Source lines directly followed by a caption with less room under them than above:
/// the reader would take the source for the next table's or figure's.
fn sources_nearer_the_next_caption(body: &[&Line]) -> Vec<String> {
    body.windows(3)
        .filter(|w| is_source(&w[1].text()) && is_caption(&w[2].text()))
        .filter(|w| w[2].y_min() - w[1].y_max() <= w[1].y_min() - w[0].y_max())
        .map(|w| w[1].text())
        .collect()
}

/// Pairs of words whose boxes overlap by more than the slack in both directions.
fn overprinted(page: &Page) -> Vec<(String, String)> {
    let mut words: Vec<&Word> = page.lines.iter().flat_map(|l| &l.words).collect();
    words.sort_by(|a, b| a.y_min.total_cmp(&b.y_min));
    let mut pairs = Vec::new();
    for (i, a) in words.iter().enumerate() {
        for b in words[i + 1..]
            .iter()
            .take_while(|b| b.y_min < a.y_max - SLACK)
        {
            let across = a.x_max.min(b.x_max) - a.x_min.max(b.x_min);
            let down = a.y_max.min(b.y_max) - a.y_min.max(b.y_min);
            if across > SLACK && down > SLACK {
                pairs.push((a.text.clone(), b.text.clone()));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A4 portrait: 595 × 842 points; the text area runs from y 76.5 to 774.
    fn page(lines: &[(usize, &str, f64, f64)]) -> Page {
        Page {
            width: 595.0,
            height: 842.0,
            lines: lines
                .iter()
                .map(|&(block, text, x, y)| Line {
                    block,
                    words: text
                        .split(' ')
                        .enumerate()
                        .map(|(i, w)| Word {
                            text: w.to_owned(),
                            x_min: x + 40.0 * i as f64,
                            y_min: y,
                            x_max: x + 40.0 * i as f64 + 35.0,
                            y_max: y + 10.0,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_caption_at_the_foot_of_a_page_is_found() {
        let bad = page(&[
            (1, "Text", 80.0, 100.0),
            (2, "Tabell 3. Deltagare", 80.0, 740.0),
        ]);
        assert_eq!(
            violations(&[bad]),
            ["page 1 ends with the caption “Tabell 3. Deltagare”"]
        );
        let followed = page(&[
            (2, "Tabell 3. Deltagare", 80.0, 700.0),
            (3, "Kommun Antal", 80.0, 720.0),
        ]);
        assert!(violations(&[followed]).is_empty());
        // A footnote (smaller type) at the foot does not keep the caption company.
        let mut noted = page(&[
            (1, "Text", 80.0, 100.0),
            (1, "Text", 80.0, 112.0),
            (2, "Figur 1. Teorin", 80.0, 680.0),
            (3, "1Skattningarna görs", 80.0, 767.0),
        ]);
        noted.lines[3]
            .words
            .iter_mut()
            .for_each(|w| w.y_max = w.y_min + 7.5);
        assert_eq!(
            violations(&[noted]),
            ["page 1 ends with the caption “Figur 1. Teorin”"]
        );
        // A chart (no text) fills the room under a caption that stands high on the page.
        let chart = page(&[(2, "Figur 1. Deltagare", 80.0, 400.0)]);
        assert!(violations(&[chart]).is_empty());
    }

    #[test]
    fn a_source_line_at_the_top_of_a_page_is_found() {
        let bad = page(&[
            (1, "Källa: Projektets register", 80.0, 80.0),
            (2, "Text", 80.0, 100.0),
        ]);
        assert_eq!(violations(&[bad]).len(), 1);
        // The running header above the text area does not count.
        let header = page(&[(1, "Källa: rubrik", 80.0, 50.0), (2, "Text", 80.0, 100.0)]);
        assert!(violations(&[header]).is_empty());
    }

    #[test]
    fn a_source_line_nearer_the_next_caption_than_its_figure_is_found() {
        // The axis labels end at 330, the source stands 335–345: 5 points above it.
        let figures = |next_caption: f64| {
            page(&[
                (1, "0 20 40", 80.0, 320.0),
                (2, "Källa: Register", 80.0, 335.0),
                (3, "Figur 4. Kön", 80.0, next_caption),
            ])
        };
        assert_eq!(
            violations(&[figures(349.0)]),
            ["page 1: “Källa: Register” stands nearer the next caption than its own figure"]
        );
        assert!(violations(&[figures(362.0)]).is_empty());
    }

    #[test]
    fn words_outside_the_text_width_and_overprinting_are_found() {
        let wide = page(&[(1, "a b c d e f g h i j k l", 80.0, 100.0)]);
        assert!(
            violations(&[wide])[0].contains("outside the text width"),
            "x up to 555 > 527"
        );
        let mut overlapping = page(&[(1, "Avslutad", 80.0, 100.0), (1, "praktik", 100.0, 102.0)]);
        overlapping.lines[1].block = 1;
        assert_eq!(
            violations(&[overlapping]),
            ["page 1: “Avslutad” and “praktik” overprint each other"]
        );
    }

    #[test]
    fn the_layout_xhtml_is_read() {
        let xhtml = r#"<page width="595.0" height="842.0"><flow><block xMin="1"><line xMin="1">
<word xMin="80.5" yMin="100.0" xMax="120.0" yMax="110.0">R&amp;D</word>
<word xMin="125.0" yMin="100.0" xMax="150.0" yMax="110.0">Källa:</word></line></block></flow></page>"#;
        let pages = parse(xhtml);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].lines[0].text(), "R&D Källa:");
        assert_eq!(pages[0].lines[0].words[0].x_min, 80.5);
    }
}
