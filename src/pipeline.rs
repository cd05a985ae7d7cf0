//! The pipeline end to end: load → analyse → lay out → render → write.

use std::path::{Path, PathBuf};

use serde_json::Map;

use crate::diagnostic::Result;
use crate::document::Document;
use crate::document::directives::Sources;
use crate::document::layout::lay_out;
use crate::load::Project;
use crate::render::{self, OutputFile};
use crate::templates::Templates;

/// Which outputs a build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub html: bool,
    pub pdf: bool,
}

/// What a finished build produced.
#[derive(Debug)]
pub struct Built {
    pub out: PathBuf,
    pub files: usize,
    pub chapters: usize,
}

/// Loads, analyses and lays out the report in `root`: everything but rendering.
pub fn prepare(root: &Path) -> Result<(Project, Document)> {
    let project = Project::load(root)?;
    let sources = Sources {
        lang: project.config.language,
        style: project.config.style,
    };
    let document = lay_out(&project, &sources, Map::new())?;
    Ok((project, document))
}

/// Renders the requested formats of a laid-out report.
pub fn render(project: &Project, document: &Document, formats: Formats) -> Result<Vec<OutputFile>> {
    let templates = Templates::new(&project.root, project.config.style);
    let mut files = Vec::new();
    if formats.html {
        files.extend(render::html::render(document, &templates)?);
    }
    Ok(files)
}

/// Builds the report in `root` into `out`, replacing it only when every step succeeded.
pub fn build(root: &Path, out: &Path, formats: Formats) -> Result<Built> {
    let (project, document) = prepare(root)?;
    let files = render(&project, &document, formats)?;
    crate::output::write_atomically(out, &files)?;
    Ok(Built {
        out: out.to_path_buf(),
        files: files.len(),
        chapters: document.chapters.len(),
    })
}
