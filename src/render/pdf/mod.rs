//! The PDF renderer: Document → Typst markup → the embedded Typst compiler → PDF bytes.
//! It formats; it computes nothing. Two builds of the same Document give the same bytes.

mod markup;
mod world;

use std::ops::Range;
use std::path::Path;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diagnostic::{Diagnostic, Result};
use crate::document::Document;
use crate::templates::Templates;

pub use markup::{escape, string_literal};
use world::ReportWorld;

/// The house-style files the generated markup imports, by virtual path.
const TEMPLATE_FILES: [&str; 2] = ["report.typ", "report-common.typ"];

/// Renders the report as a tagged A4 PDF (PDF/UA-1 when every image has alt text).
/// `assets_root` is the report folder, where the cover logo is looked up.
pub fn render(doc: &Document, templates: &Templates, assets_root: &Path) -> Result<Vec<u8>> {
    let logo = read_logo(doc, assets_root)?;
    let markup = markup::document(doc, logo.as_ref().map(|(path, _)| path.as_str()));
    let mut world = ReportWorld::new(markup.text)?;
    for name in TEMPLATE_FILES {
        world.add_source(&format!("/{name}"), templates.text(name)?)?;
    }
    for (path, svg) in markup.images {
        world.add_file(&path, svg.into_bytes())?;
    }
    if let Some((path, data)) = logo {
        world.add_file(&path, data)?;
    }
    let failed = |errors| compile_error(&world, doc, &markup.chapters, assets_root, errors);
    let paged: PagedDocument = typst::compile(&world).output.map_err(failed)?;
    typst_pdf::pdf(&paged, &pdf_options(doc, markup.every_image_has_alt)).map_err(failed)
}

/// The logo's virtual path and bytes, when the report names one.
fn read_logo(doc: &Document, assets_root: &Path) -> Result<Option<(String, Vec<u8>)>> {
    let Some(logo) = &doc.meta.logo else {
        return Ok(None);
    };
    let file = assets_root.join(logo);
    let data = std::fs::read(&file).map_err(|e| {
        Diagnostic::io(&file, &e).with_hint("`logo:` in report.yaml names this file")
    })?;
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("png")
        .to_ascii_lowercase();
    Ok(Some((format!("/logo.{extension}"), data)))
}

/// Fixed identifier and timestamp (from the report date) make the output reproducible.
fn pdf_options(doc: &Document, accessible: bool) -> PdfOptions {
    let standards = if accessible {
        PdfStandards::new(&[PdfStandard::Ua_1]).unwrap_or_default()
    } else {
        PdfStandards::default()
    };
    PdfOptions {
        ident: Smart::Custom(format!("rapport/{}/{}", doc.meta.title, doc.meta.date)),
        timestamp: report_date(&doc.meta.date).map(Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    }
}

fn report_date(date: &str) -> Option<Datetime> {
    let mut parts = date.splitn(3, '-').map(str::parse::<u32>);
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    Datetime::from_ymd(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

/// A Typst error as the user should see it: the chapter (markdown file) it came from,
/// the cover, or the house-style template, never a raw span.
fn compile_error(
    world: &ReportWorld,
    doc: &Document,
    chapters: &[Range<usize>],
    assets_root: &Path,
    errors: EcoVec<SourceDiagnostic>,
) -> Diagnostic {
    let Some(first) = errors.iter().find(|e| e.severity == Severity::Error) else {
        return Diagnostic::error("the PDF could not be typeset");
    };
    let message = format!("the PDF could not be typeset: {}", first.message);
    let hint = first.hints.first().map(|h| h.v.to_string());
    let diagnostic = locate(world, doc, chapters, assets_root, first, message);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

fn locate(
    world: &ReportWorld,
    doc: &Document,
    chapters: &[Range<usize>],
    assets_root: &Path,
    error: &SourceDiagnostic,
    message: String,
) -> Diagnostic {
    let Some(id) = error.span.id() else {
        return Diagnostic::error(message);
    };
    let offset = world.range(error.span).map_or(0, |r| r.start);
    if id != world.main_id() {
        let name = id.get().vpath().get_without_slash().to_owned();
        let line = world
            .source_of(id)
            .and_then(|s| s.lines().byte_to_line(offset))
            .map_or(String::new(), |l| format!(", line {}", l + 1));
        return Diagnostic::error(format!("{message} (in `{name}`{line})"))
            .in_file(assets_root.join("templates").join(name))
            .with_hint("a house-style template failed; check a template override in templates/");
    }
    match chapters.iter().position(|r| r.contains(&offset)) {
        Some(index) => {
            let chapter = &doc.chapters[index];
            Diagnostic::error(format!("{message} (in chapter “{}”)", chapter.title))
                .in_file(assets_root.join(&chapter.source))
        }
        None => Diagnostic::error(format!("{message} (on the cover page)"))
            .in_file(assets_root.join("report.yaml")),
    }
}
