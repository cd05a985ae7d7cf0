//! The Word renderer: Document → docx-rs elements → a .docx package for review
//! rounds in Word. Word's built-in styles carry the house style; captions and
//! references are SEQ and REF fields, the contents a TOC field, footnotes Word's own.
//! It formats; it computes nothing. Two builds of the same Document give the same bytes.

mod anchors;
mod body;
mod images;
mod package;
mod style;

use std::path::Path;

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Level, LevelJc, LevelText, NumberFormat,
    Numbering, PageMargin, Paragraph, SpecialIndentType, Start,
};

use crate::diagnostic::{Diagnostic, Result};
use crate::document::Document;
use crate::locale::Lang;
use crate::render::OutputFile;
use crate::templates::Templates;

use anchors::Anchors;
use body::{BULLETS, Body, Item, ORDERED};
use style::HouseStyle;

/// A4 in twentieths of a point.
const PAGE: (u32, u32) = (11_906, 16_838);
/// The PDF's margins (2.7, 2.6, 2.4 and 2.4 cm) in twentieths of a point.
const MARGIN: PageMargin = PageMargin {
    top: 1531,
    left: 1474,
    bottom: 1361,
    right: 1361,
    header: 709,
    footer: 709,
    gutter: 0,
};
/// EMU per twentieth of a point.
const EMU_PER_TWIP: u32 = 635;

/// Renders the report as a .docx. `assets_root` is the report folder (cover logo,
/// chapter images).
///
/// docx-rs numbers paragraphs with a counter of the thread that creates them, so the
/// document is built on a thread of its own: every build then numbers from 1.
pub fn render(doc: &Document, templates: &Templates, assets_root: &Path) -> Result<Vec<u8>> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| build(doc, templates, assets_root))
            .join()
            .map_err(|_| Diagnostic::error("the Word renderer stopped unexpectedly"))?
    })
}

fn build(doc: &Document, templates: &Templates, assets_root: &Path) -> Result<Vec<u8>> {
    let house = HouseStyle::from_templates(templates)?;
    // As deep as the PDF's contents: numbered styles list three levels.
    let depth = if doc.numbered { 3 } else { 2 };
    let anchors = Anchors::collect(doc, depth);
    let text_width = (PAGE.0 - MARGIN.left as u32 - MARGIN.right as u32) * EMU_PER_TWIP;
    let mut body = Body::new(doc, &anchors, &house, assets_root, text_width);
    let mut items = body.cover()?;
    items.extend(body.contents(depth));
    for chapter in &doc.chapters {
        items.extend(body.chapter(chapter)?);
    }
    let mut docx = house
        .apply(Docx::new(), text_width / EMU_PER_TWIP)
        .page_size(PAGE.0, PAGE.1)
        .page_margin(MARGIN)
        .title_pg()
        .footer(footer(doc.lang));
    for item in items {
        docx = match item {
            Item::Paragraph(p) => docx.add_paragraph(*p),
            Item::Table(t) => docx.add_table(*t),
        };
    }
    docx = lists(docx, body.numberings.drain(..));
    let extras = package::Extras {
        alts: &body.alts,
        language: language_tag(doc.lang),
    };
    package::pack(docx.build(), doc, &extras)
}

/// The language of the text, as Word names it.
fn language_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "sv-SE",
        Lang::En => "en-GB",
    }
}

/// "Sida 3 av 19" at the foot of every page but the cover.
fn footer(lang: Lang) -> Footer {
    let l = lang.labels();
    let paragraph = Paragraph::new()
        .style("TableNote")
        .align(AlignmentType::Right);
    let paragraph = body::page_counter(paragraph, l.page, l.page_of);
    Footer::new().add_paragraph(paragraph)
}

/// Bullets (shared by every bullet list) and numbers (one instance per ordered list,
/// so each starts where its markdown says), nine levels deep.
fn lists(docx: Docx, ordered: impl Iterator<Item = Numbering>) -> Docx {
    const BULLET_GLYPHS: [&str; 3] = ["•", "◦", "▪"];
    let level = |i: usize, format: &str, text: String| {
        let indent = 360 * (i as i32 + 1);
        Level::new(
            i,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(
            Some(indent),
            Some(SpecialIndentType::Hanging(360)),
            None,
            None,
        )
    };
    let bullets = (0..9).fold(AbstractNumbering::new(BULLETS), |n, i| {
        n.add_level(level(i, "bullet", BULLET_GLYPHS[i % 3].to_owned()))
    });
    let numbers = (0..9).fold(AbstractNumbering::new(ORDERED), |n, i| {
        n.add_level(level(i, "decimal", format!("%{}.", i + 1)))
    });
    let docx = docx
        .add_abstract_numbering(bullets)
        .add_abstract_numbering(numbers)
        .add_numbering(Numbering::new(BULLETS, BULLETS));
    ordered.fold(docx, Docx::add_numbering)
}

/// The Word document as a [`Renderer`](super::Renderer).
pub struct Word;

impl super::Renderer for Word {
    fn name(&self) -> &'static str {
        "docx"
    }

    fn render(&mut self, context: &super::RenderContext) -> Result<super::Rendered> {
        let bytes = render(context.document, context.templates, context.root())?;
        Ok(vec![OutputFile::new(context.file_name("docx"), bytes)].into())
    }
}
