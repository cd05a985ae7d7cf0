//! The PDF's renderers: the typeset PDF, the PDF kept from the previous build, and the
//! PDF's Typst source.

use std::path::PathBuf;

use super::{Typesetter, source_files};
use crate::diagnostic::Result;
use crate::render::{OutputFile, RenderContext, Rendered, Renderer};

/// The typeset PDF. It owns its [`Typesetter`], so a process that keeps the renderer
/// (`rapport serve`) retypesets incrementally.
#[derive(Default)]
pub struct Pdf {
    typesetter: Typesetter,
}

impl Renderer for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn gives_pdf(&self) -> bool {
        true
    }

    fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        let bytes = self
            .typesetter
            .render(context.document, context.templates, context.root())?;
        Ok(Rendered {
            files: vec![OutputFile::new(context.file_name("pdf"), bytes)],
            warnings: self.typesetter.take_warnings(),
        })
    }
}

/// The PDF of the previous build, kept from the output folder `out` (none when there
/// is none yet): for quick rebuilds of the site while writing, with the PDF typeset
/// later. Not in the registry; `rapport serve` uses it.
pub struct KeptPdf {
    pub out: PathBuf,
}

impl Renderer for KeptPdf {
    fn name(&self) -> &'static str {
        "kept-pdf"
    }

    fn gives_pdf(&self) -> bool {
        true
    }

    fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        let name = context.file_name("pdf");
        let kept = std::fs::read(self.out.join(&name)).ok();
        Ok(Vec::from_iter(kept.map(|bytes| OutputFile::new(name, bytes))).into())
    }
}

/// The PDF's Typst source under `typst/`, for finishing the PDF by hand.
pub struct TypstSource;

impl Renderer for TypstSource {
    fn name(&self) -> &'static str {
        "typst"
    }

    fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        source_files(context.document, context.templates, context.root()).map(Rendered::from)
    }
}
