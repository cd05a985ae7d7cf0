//! The pipeline end to end: load → analyse → lay out → render → write.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::analysis;
use crate::diagnostic::{Diagnostic, Result};
use crate::document::layout::lay_out;
use crate::document::{self, Document};
use crate::load::Project;
use crate::manifest::{self, Manifest};
use crate::render::{self, OutputFile, RenderContext, Rendered, Renderer};
use crate::templates::Templates;

/// What a finished build produced.
#[derive(Debug)]
pub struct Built {
    pub out: PathBuf,
    pub files: usize,
    pub chapters: usize,
    /// What the build warns about (values withheld in prose, shares above 100 %,
    /// Typst's warnings, a lost PDF/UA-1).
    pub warnings: Vec<Diagnostic>,
}

/// Loads, analyses and lays out the report in `root`: everything but rendering.
pub fn prepare(root: &Path) -> Result<(Project, Document)> {
    prepare_with_values(root).map(|(project, document, _)| (project, document))
}

/// [`prepare`], also giving the computed values prose reads (statistics,
/// sustainability counts, goal verdicts), for the checks of `rapport check`.
pub fn prepare_with_values(root: &Path) -> Result<(Project, Document, Map<String, Value>)> {
    prepare_all(root).map(|p| (p.project, p.document, p.values))
}

/// What [`rehearse`] gives: the prepared report, the values prose reads, and the
/// rendering's warnings.
pub type Rehearsal = (Project, Document, Map<String, Value>, Vec<Diagnostic>);

/// [`prepare_with_values`], then the report rendered in memory by `renderers` and
/// thrown away: what `rapport check` runs, so a broken page template or a Typst error
/// fails it as it would fail `build`.
pub fn rehearse(root: &Path, renderers: &mut [Box<dyn Renderer>]) -> Result<Rehearsal> {
    let (project, document, values) = prepare_with_values(root)?;
    let rendered = render(&project, &document, renderers)?;
    let mut warnings = document.warnings.clone();
    warnings.extend(rendered.warnings);
    Ok((project, document, values, warnings))
}

/// Everything a build makes before rendering.
pub struct Prepared {
    pub project: Project,
    pub document: Document,
    /// The computed values prose reads.
    pub values: Map<String, Value>,
    /// The figures manifest, `figures.json`.
    pub manifest: Manifest,
}

/// Loads, analyses and lays out the report in `root`, and lists its figures.
pub fn prepare_all(root: &Path) -> Result<Prepared> {
    let project = Project::load(root)?;
    let analysis = analysis::analyse(&project)?;
    let templates = Templates::new(&project.root, project.config.style);
    let mut document = lay_out(&project, &analysis, &templates)?;
    document.warnings.extend(analysis.warnings.iter().cloned());
    let manifest = Manifest::new(&project, &analysis, &document);
    Ok(Prepared {
        values: document::goals::prose_values(&analysis, project.config.language),
        project,
        document,
        manifest,
    })
}

/// Renders a laid-out report with `renderers`, and with the Word renderer when
/// report.yaml asks for it (`docx: true`). The first renderer works on this thread
/// while the others work on threads of their own (the site is written while the PDF
/// and the Word document are laid out).
pub fn render(
    project: &Project,
    document: &Document,
    renderers: &mut [Box<dyn Renderer>],
) -> Result<Rendered> {
    let asks_word = project.config.docx && !renderers.iter().any(|r| r.name() == "docx");
    let mut from_config = match asks_word {
        true => vec![render::by_name("docx")?],
        false => Vec::new(),
    };
    let mut all: Vec<&mut dyn Renderer> = renderers
        .iter_mut()
        .chain(&mut from_config)
        .map(|r| -> &mut dyn Renderer { r.as_mut() })
        .collect();
    let context = RenderContext {
        project,
        document,
        templates: &Templates::new(&project.root, project.config.style),
        with_pdf: all.iter().any(|r| r.gives_pdf()),
    };
    render_all(&mut all, &context)
}

/// Runs the first renderer here and the others on threads of their own.
fn render_all(renderers: &mut [&mut dyn Renderer], context: &RenderContext) -> Result<Rendered> {
    let Some((here, others)) = renderers.split_first_mut() else {
        return Ok(Rendered::default());
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = others
            .iter_mut()
            .map(|r| (r.name(), scope.spawn(move || r.render(context))))
            .collect();
        let mut rendered = here.render(context)?;
        for (name, other) in others {
            let stopped = || Diagnostic::error(format!("the {name} renderer stopped unexpectedly"));
            let more = other.join().map_err(|_| stopped())??;
            rendered.files.extend(more.files);
            rendered.warnings.extend(more.warnings);
        }
        Ok(rendered)
    })
}

/// Builds the report in `root` into `out` with `renderers`, replacing `out` only when
/// every step succeeded. A process that builds the same report again and again
/// (`rapport serve`) keeps its renderers, so a PDF is retypeset incrementally.
pub fn build(root: &Path, out: &Path, renderers: &mut [Box<dyn Renderer>]) -> Result<Built> {
    crate::output::check_target(root, out)?;
    let Prepared {
        project,
        document,
        manifest,
        ..
    } = prepare_all(root)?;
    let Rendered {
        mut files,
        warnings: rendered,
    } = render(&project, &document, renderers)?;
    let mut warnings = document.warnings.clone();
    warnings.extend(rendered);
    files.push(OutputFile::new(manifest::FILE, manifest.to_json()));
    crate::output::write_atomically(root, out, &files)?;
    Ok(Built {
        out: out.to_path_buf(),
        files: files.len(),
        chapters: document.chapters.len(),
        warnings,
    })
}
