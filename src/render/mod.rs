//! Renderers: each turns the same Document into one output format. A renderer
//! formats; it never computes a number. Every format implements [`Renderer`] and is
//! chosen by name from [`RENDERERS`].

pub mod docx;
pub mod html;
pub mod pdf;

use std::path::Path;

use crate::diagnostic::{Diagnostic, Result};
use crate::document::Document;
use crate::load::Project;
use crate::templates::Templates;

pub use crate::output::OutputFile;

/// What every renderer reads: the laid-out report and the house style.
pub struct RenderContext<'a> {
    pub project: &'a Project,
    pub document: &'a Document,
    pub templates: &'a Templates,
    /// True when a PDF lies beside the site, which then links to it.
    pub with_pdf: bool,
}

impl RenderContext<'_> {
    /// The report folder, where images and the cover logo are read.
    pub fn root(&self) -> &Path {
        &self.project.root
    }

    /// An output file named after the report: its title as a slug, then `extension`.
    pub fn file_name(&self, extension: &str) -> String {
        format!("{}.{extension}", self.project.config.slug())
    }
}

/// What a renderer made: its files and what it warns about.
#[derive(Debug, Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
}

impl From<Vec<OutputFile>> for Rendered {
    fn from(files: Vec<OutputFile>) -> Rendered {
        Rendered {
            files,
            warnings: Vec::new(),
        }
    }
}

/// One output format. A renderer may keep state between builds (the PDF keeps Typst's
/// caches), so it renders through `&mut self`; builds run renderers on threads of
/// their own, so it is `Send`.
pub trait Renderer: Send {
    /// The name it is chosen by in [`RENDERERS`].
    fn name(&self) -> &'static str;

    /// True when its output holds the report's PDF, so the site links to it.
    fn gives_pdf(&self) -> bool {
        false
    }

    /// Renders the report into output files.
    fn render(&mut self, context: &RenderContext) -> Result<Rendered>;
}

/// Every output format, in the order a build lists their files: the site, the PDF,
/// the PDF's Typst source, the Word document. A new format is one more entry.
pub const RENDERERS: [fn() -> Box<dyn Renderer>; 4] = [
    || Box::new(html::Site),
    || Box::new(pdf::Pdf::default()),
    || Box::new(pdf::TypstSource),
    || Box::new(docx::Word),
];

/// The names of every renderer, in registry order.
pub fn names() -> Vec<&'static str> {
    RENDERERS.iter().map(|make| make().name()).collect()
}

/// The renderer called `name`; an unknown name is an error listing the known ones.
pub fn by_name(name: &str) -> Result<Box<dyn Renderer>> {
    RENDERERS
        .iter()
        .map(|make| make())
        .find(|renderer| renderer.name() == name)
        .ok_or_else(|| {
            Diagnostic::error(format!("unknown output format `{name}`"))
                .with_hint(format!("known formats: {}", names().join(", ")))
        })
}

/// The renderers called `names`, in that order.
pub fn by_names(names: &[&str]) -> Result<Vec<Box<dyn Renderer>>> {
    names.iter().map(|name| by_name(name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_found_by_its_name() {
        assert_eq!(names(), ["html", "pdf", "typst", "docx"]);
        for name in ["html", "pdf", "typst", "docx"] {
            assert_eq!(by_name(name).map(|r| r.name()).ok(), Some(name));
        }
    }

    #[test]
    fn only_the_pdf_renderer_gives_the_pdf() {
        let giving: Vec<bool> = RENDERERS.iter().map(|make| make().gives_pdf()).collect();
        assert_eq!(giving, [false, true, false, false]);
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let error = by_name("epub").err().expect("epub is no format");
        assert_eq!(error.message, "unknown output format `epub`");
        assert_eq!(
            error.hint.as_deref(),
            Some("known formats: html, pdf, typst, docx")
        );
    }
}
