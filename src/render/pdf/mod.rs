//! The PDF renderer: Document → Typst markup → the embedded Typst compiler → PDF bytes.
//! It formats; it computes nothing. Two builds of the same Document give the same bytes.

mod markup;
mod renderers;
mod world;

use std::path::Path;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::{Datetime, Smart};
use typst::syntax::{FileId, Source};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diagnostic::{Diagnostic, Result};
use crate::document::Document;
use crate::render::OutputFile;
use crate::templates::Templates;

use markup::{Markup, Place};
pub use markup::{escape, string_literal};
pub use renderers::{KeptPdf, Pdf, TypstSource};
use world::ReportWorld;

/// The house-style files the generated markup imports, by virtual path.
const TEMPLATE_FILES: [&str; 2] = ["report.typ", "report-common.typ"];

/// The Typst input of one PDF: the generated markup and every file it reads, by
/// virtual path (house-style templates, chart SVGs, the cover logo).
struct Input {
    markup: Markup,
    files: Vec<(String, Vec<u8>)>,
}

impl Input {
    fn gather(doc: &Document, templates: &Templates, assets_root: &Path) -> Result<Input> {
        let logo = read_logo(doc, assets_root)?;
        let markup = markup::document(doc, logo.as_ref().map(|(path, _)| path.as_str()));
        let mut files = Vec::new();
        for name in TEMPLATE_FILES {
            files.push((format!("/{name}"), templates.text(name)?.into_bytes()));
        }
        for image in &markup.images {
            files.push((image.path.clone(), image.svg.clone().into_bytes()));
        }
        files.extend(logo);
        for src in &doc.images {
            let path = assets_root.join(src);
            let data = std::fs::read(&path).map_err(|e| Diagnostic::io(&path, &e))?;
            files.push((markup::media_path(src), data));
        }
        Ok(Input { markup, files })
    }
}

/// Renders the report as a tagged A4 PDF (PDF/UA-1 when every image has alt text).
/// `assets_root` is the report folder, where the cover logo is looked up.
pub fn render(doc: &Document, templates: &Templates, assets_root: &Path) -> Result<Vec<u8>> {
    Typesetter::default().render(doc, templates, assets_root)
}

/// How many builds a cached Typst result may go unused before a [`Typesetter`] drops it
/// (as in `typst watch`).
const CACHE_AGE: usize = 10;

/// Renders one report again and again, as `rapport serve` does: the Typst world is kept
/// between builds, and with it Typst's caches of everything an edit did not change
/// (parsed templates and chapters, laid-out paragraphs and tables), so a retypeset
/// costs about what changed. Gives the same PDF as [`render`].
#[derive(Default)]
pub struct Typesetter {
    world: Option<ReportWorld>,
    /// The warnings of the last build (Typst's, mapped to the user's files, and a lost
    /// PDF/UA-1).
    warnings: Vec<Diagnostic>,
}

impl Typesetter {
    /// [`render`], reusing what the previous builds typeset.
    pub fn render(
        &mut self,
        doc: &Document,
        templates: &Templates,
        assets_root: &Path,
    ) -> Result<Vec<u8>> {
        let input = Input::gather(doc, templates, assets_root)?;
        let mut world = self.world.take().map_or_else(ReportWorld::new, Ok)?;
        let typeset = typeset(&mut world, input, doc, assets_root);
        self.world = Some(world);
        typst::comemo::evict(CACHE_AGE);
        let (pdf, warnings) = typeset?;
        self.warnings = warnings;
        Ok(pdf)
    }

    /// The warnings of the last build, taken.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
    }
}

/// Typesets `input` in `world` and exports the PDF, with the warnings of both.
fn typeset(
    world: &mut ReportWorld,
    Input { markup, files }: Input,
    doc: &Document,
    assets_root: &Path,
) -> Result<(Vec<u8>, Vec<Diagnostic>)> {
    world.set_input(markup.text.clone(), files)?;
    let origins = Origins {
        world,
        doc,
        markup: &markup,
        assets_root,
    };
    let failed = |errors: EcoVec<SourceDiagnostic>| origins.diagnostic(&errors);
    let compiled = typst::compile::<PagedDocument>(&*world);
    let mut warnings: Vec<Diagnostic> = compiled
        .warnings
        .iter()
        .map(|w| origins.warning(w))
        .collect();
    let paged = compiled.output.map_err(failed)?;
    let accessible = markup.missing_alt.is_none();
    let pdf = typst_pdf::pdf(&paged, &pdf_options(doc, accessible)).map_err(failed)?;
    if let Some(place) = markup.missing_alt {
        let message = "the PDF is not PDF/UA-1 (accessible): this image has no alt text";
        warnings.push(
            origins
                .in_chapter(place, Diagnostic::warning(message))
                .with_hint("describe every image: ![what it shows](file.png)"),
        );
    }
    Ok((pdf, warnings))
}

/// The PDF's Typst input as files under `typst/`, with the shipped fonts in
/// `typst/fonts/`, for typesetting by hand with the Typst CLI:
/// `typst compile --font-path typst/fonts typst/main.typ`.
pub fn source_files(
    doc: &Document,
    templates: &Templates,
    assets_root: &Path,
) -> Result<Vec<OutputFile>> {
    let Input { markup, files } = Input::gather(doc, templates, assets_root)?;
    let main = (world::MAIN_PATH.to_owned(), markup.text.into_bytes());
    let fonts =
        Templates::font_folder().map(|(name, data)| (format!("/fonts/{name}"), data.to_vec()));
    Ok(std::iter::once(main)
        .chain(files)
        .chain(fonts)
        .map(|(path, data)| OutputFile::new(format!("typst{path}"), data))
        .collect())
}

/// The Typst markup generated for `doc`, before the house style and cover logo are added.
/// The fuzz targets parse it to show that no user text can break out of the markup.
pub fn markup_text(doc: &Document) -> String {
    markup::document(doc, None).text
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
    use chrono::Datelike;
    let date = crate::load::date::parse(date)?;
    Datetime::from_ymd(
        date.year(),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
}

/// Where the parts of the Typst input came from, to point errors at the user's files.
struct Origins<'a> {
    world: &'a ReportWorld,
    doc: &'a Document,
    markup: &'a Markup,
    assets_root: &'a Path,
}

impl Origins<'_> {
    /// A Typst error as the user should see it: naming the chapter (markdown file) it
    /// came from, the cover, or the house-style template, never a raw span.
    fn diagnostic(&self, errors: &[SourceDiagnostic]) -> Diagnostic {
        let Some(first) = errors.iter().find(|e| e.severity == Severity::Error) else {
            return Diagnostic::error("the PDF could not be typeset");
        };
        self.place(
            first,
            format!("the PDF could not be typeset: {}", first.message),
        )
    }

    /// A Typst warning, placed like an error.
    fn warning(&self, warning: &SourceDiagnostic) -> Diagnostic {
        let mut diagnostic = self.place(warning, format!("Typst: {}", warning.message));
        diagnostic.severity = crate::diagnostic::Severity::Warning;
        diagnostic
    }

    /// A Typst diagnostic at the user's file it came from, with its first hint.
    fn place(&self, first: &SourceDiagnostic, message: String) -> Diagnostic {
        let diagnostic = match first.span.id() {
            None => Diagnostic::error(message),
            Some(id) if id == self.world.main_id() => {
                let offset = self.world.range(first.span).map_or(0, |r| r.start);
                self.in_markup(offset, message)
            }
            Some(id) => match self.world.source_of(id) {
                Some(template) => self.in_template(template, first, message),
                None => self.in_image(id, message),
            },
        };
        match first.hints.first() {
            Some(hint) => diagnostic.with_hint(hint.v.to_string()),
            None => diagnostic,
        }
    }

    /// An error in the generated markup: at the chapter line of the innermost block
    /// written there, in a chapter's heading, or before them on the cover.
    fn in_markup(&self, offset: usize, message: String) -> Diagnostic {
        if let Some(place) = self.markup.place(offset) {
            return self.in_chapter(place, Diagnostic::error(message));
        }
        match self
            .markup
            .chapters
            .iter()
            .position(|r| r.contains(&offset))
        {
            Some(index) => self.in_chapter_file(index, Diagnostic::error(message)),
            None => Diagnostic::error(format!("{message} (on the cover page)"))
                .in_file(self.assets_root.join("report.yaml")),
        }
    }

    /// `diagnostic` at a place in a chapter.
    fn in_chapter(&self, place: Place, diagnostic: Diagnostic) -> Diagnostic {
        let text = &self.doc.chapters[place.chapter].text;
        self.in_chapter_file(place.chapter, diagnostic.at_span(text, place.span))
    }

    /// `diagnostic` in the file of the chapter with index `index`.
    fn in_chapter_file(&self, index: usize, mut diagnostic: Diagnostic) -> Diagnostic {
        let chapter = &self.doc.chapters[index];
        diagnostic.message = format!("{} (in chapter “{}”)", diagnostic.message, chapter.title);
        diagnostic.in_file(&chapter.source)
    }

    /// An error in a chart's SVG: named by the chapter that shows it.
    fn in_image(&self, id: FileId, message: String) -> Diagnostic {
        let image = self
            .markup
            .images
            .iter()
            .find(|image| world::file_id(&image.path).is_ok_and(|i| i == id));
        match image {
            Some(image) => self.in_chapter(
                image.place,
                Diagnostic::error(format!("{message}, in a chart")),
            ),
            None => Diagnostic::error(message),
        }
    }

    /// An error in a house-style template, pointing at the report's override if any.
    fn in_template(
        &self,
        template: &Source,
        error: &SourceDiagnostic,
        message: String,
    ) -> Diagnostic {
        let name = template.id().get().vpath().get_without_slash().to_owned();
        let line = self
            .world
            .range(error.span)
            .and_then(|r| template.lines().byte_to_line(r.start))
            .map_or(0, |l| l + 1);
        let message = format!("{message} (in the house-style template `{name}`, line {line})");
        let own = self.assets_root.join("templates").join(&name);
        if own.is_file() {
            Diagnostic::error(message).in_file(own).at(line, 1)
        } else {
            Diagnostic::error(message)
        }
    }
}
