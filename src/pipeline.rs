//! The pipeline end to end: load → analyse → lay out → render → write.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::analysis::goals::{self, Assessment};
use crate::analysis::{self, Statistics};
use crate::document;
use crate::load;
use crate::load::dataset;

use crate::diagnostic::{Diagnostic, Result};
use crate::document::Document;
use crate::document::directives::Sources;
use crate::document::layout::lay_out;
use crate::load::Project;
use crate::manifest::{self, Manifest};
use crate::render::pdf::Typesetter;
use crate::render::{self, OutputFile};
use crate::templates::Templates;

/// Which outputs a build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub html: bool,
    pub pdf: Pdf,
    /// Also write the PDF's Typst source to `typst/`, for finishing the PDF by hand.
    pub typst: bool,
    /// Also write a Word document (as does `docx: true` in report.yaml).
    pub docx: bool,
}

impl Formats {
    /// The site and the PDF: what `rapport build` writes.
    pub const ALL: Formats = Formats {
        html: true,
        pdf: Pdf::Build,
        typst: false,
        docx: false,
    };

    /// The site alone.
    pub const SITE: Formats = Formats {
        pdf: Pdf::Skip,
        ..Formats::ALL
    };
}

/// What a build does about the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pdf {
    /// No PDF, and no link to one.
    Skip,
    /// Typeset the PDF.
    Build,
    /// Keep the PDF of the previous build (the site still links to it): for quick
    /// rebuilds while writing, with the PDF typeset later.
    KeepPrevious,
}

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

/// [`prepare_with_values`], then the report rendered in memory and thrown away (the
/// site, and the PDF unless `pdf` is false): what `rapport check` runs, so a broken
/// page template or a Typst error fails it as it would fail `build`.
pub fn rehearse(root: &Path, pdf: bool) -> Result<Rehearsal> {
    let (project, document, values) = prepare_with_values(root)?;
    let formats = if pdf { Formats::ALL } else { Formats::SITE };
    let mut typesetter = Typesetter::default();
    render_with(&mut typesetter, &project, &document, formats)?;
    let mut warnings = document.warnings.clone();
    warnings.extend(typesetter.take_warnings());
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
    let statistics = analyse(&project)?;
    let lang = project.config.language;
    let mut computed = match statistics.as_ref().map(|s| s.context(lang)) {
        Some(Value::Object(values)) => values,
        _ => Map::new(),
    };
    let plans = load::sustainability::load(&project.root)?;
    let tally = plans.as_deref().map(analysis::sustainability::tally);
    if let Some(tally) = &tally {
        computed.insert("hallbarhet".to_owned(), tally.context());
    }
    let assessments = assess_goals(&project, statistics.as_ref(), &computed)?;
    if !assessments.is_empty() {
        computed.insert(
            "mal".to_owned(),
            document::goals::context(&assessments, lang),
        );
    }
    let sources = Sources {
        lang,
        style: project.config.style,
        statistics: statistics.as_ref(),
        goals: &assessments,
        sustainability: plans.as_deref().zip(tally.as_ref()),
        templates: &Templates::new(&project.root, project.config.style),
        threshold: project.config.suppression_threshold,
    };
    let mut document = lay_out(&project, &sources, computed.clone())?;
    let declaration = project.root.join(dataset::DECLARATION);
    let analysis_warnings = statistics.iter().flat_map(Statistics::warnings);
    document
        .warnings
        .extend(analysis_warnings.map(|w| w.clone().in_file(&declaration)));
    let manifest = Manifest::new(&manifest::Sources {
        values: &computed,
        raw: &|name| statistics.as_ref().and_then(|s| s.value(name)),
        goals: &assessments,
        document: &document,
        chapters: &project.chapters,
    });
    Ok(Prepared {
        project,
        document,
        values: computed,
        manifest,
    })
}

/// Verdicts for `data/goals.yaml`. A target names a computed value (withheld when
/// suppressed) or a number in `data/`.
fn assess_goals(
    project: &Project,
    statistics: Option<&Statistics>,
    computed: &Map<String, Value>,
) -> Result<Vec<Assessment>> {
    let Some(file) = load::goals::load(&project.root)? else {
        return Ok(Vec::new());
    };
    let lookup = |name: &str| match goals::value_at(computed, name) {
        Some(Value::Number(n)) => Some(n.as_f64()),
        Some(_) => Some(statistics.and_then(|s| s.value(name))),
        None => goals::value_at(&project.data, name).map(Value::as_f64),
    };
    goals::assess(&file, &lookup)
}

/// The statistics of `data/statistics.yaml`, if the report declares any.
fn analyse(project: &Project) -> Result<Option<Statistics>> {
    let Some(dataset) = dataset::load(&project.root, project.config.language)? else {
        return Ok(None);
    };
    Statistics::compute(
        &dataset,
        project.config.suppression_threshold,
        project.config.language,
    )
    .map(Some)
    .map_err(|e| e.in_file(project.root.join(dataset::DECLARATION)))
}

/// The PDF's file name: the report title as a slug.
fn pdf_name(project: &Project) -> String {
    format!("{}.pdf", project.config.slug())
}

/// The Word document's file name: the PDF's, ending in `.docx`.
fn docx_name(project: &Project) -> String {
    format!("{}.docx", project.config.slug())
}

/// Renders the requested formats of a laid-out report.
/// The HTML is rendered while the PDF and the Word document are laid out on other threads.
pub fn render(project: &Project, document: &Document, formats: Formats) -> Result<Vec<OutputFile>> {
    render_with(&mut Typesetter::default(), project, document, formats)
}

/// [`render`], typesetting the PDF with `typesetter`, which keeps what it typeset
/// for the next build.
fn render_with(
    typesetter: &mut Typesetter,
    project: &Project,
    document: &Document,
    formats: Formats,
) -> Result<Vec<OutputFile>> {
    let templates = Templates::new(&project.root, project.config.style);
    let pdf_name = (formats.pdf != Pdf::Skip).then(|| pdf_name(project));
    std::thread::scope(|scope| {
        let docx = (formats.docx || project.config.docx).then(|| {
            let templates = &templates;
            scope.spawn(move || -> Result<OutputFile> {
                let bytes = render::docx::render(document, templates, &project.root)?;
                Ok(OutputFile::new(docx_name(project), bytes))
            })
        });
        let pdf = pdf_name
            .as_ref()
            .filter(|_| formats.pdf == Pdf::Build)
            .map(|name| {
                let templates = &templates;
                scope.spawn(move || -> Result<OutputFile> {
                    let bytes = typesetter.render(document, templates, &project.root)?;
                    Ok(OutputFile::new(name, bytes))
                })
            });
        let mut files = match formats.html {
            true => render::html::render(document, &templates, pdf_name.as_deref())?,
            false => Vec::new(),
        };
        if formats.typst {
            files.extend(render::pdf::source_files(
                document,
                &templates,
                &project.root,
            )?);
        }
        if let Some(pdf) = pdf {
            files.push(
                pdf.join()
                    .map_err(|_| Diagnostic::error("the PDF renderer stopped unexpectedly"))??,
            );
        }
        if let Some(docx) = docx {
            files.push(
                docx.join()
                    .map_err(|_| Diagnostic::error("the Word renderer stopped unexpectedly"))??,
            );
        }
        Ok(files)
    })
}

/// The image files the site shows, each as (its name in the site, its path in the
/// report folder): the cover logo and the chapters' images under `media/`.
fn site_images(document: &Document) -> Vec<(String, &str)> {
    let logo = document
        .meta
        .logo_in_site()
        .zip(document.meta.logo.as_deref());
    let media = document
        .images
        .iter()
        .map(|src| (format!("media/{src}"), src.as_str()));
    logo.into_iter().chain(media).collect()
}

/// Builds the report in `root` into `out`, replacing it only when every step succeeded.
pub fn build(root: &Path, out: &Path, formats: Formats) -> Result<Built> {
    build_with(&mut Typesetter::default(), root, out, formats)
}

/// [`build`], typesetting the PDF with `typesetter`: a process that builds the same
/// report again and again (`rapport serve`) keeps one, so a PDF is retypeset
/// incrementally.
pub fn build_with(
    typesetter: &mut Typesetter,
    root: &Path,
    out: &Path,
    formats: Formats,
) -> Result<Built> {
    crate::output::check_target(root, out)?;
    let Prepared {
        project,
        document,
        manifest,
        ..
    } = prepare_all(root)?;
    let mut files = render_with(typesetter, &project, &document, formats)?;
    let mut warnings = document.warnings.clone();
    warnings.extend(typesetter.take_warnings());
    files.push(OutputFile::new(manifest::FILE, manifest.to_json()));
    if formats.html {
        for (name, source) in site_images(&document) {
            let path = project.root.join(source);
            let bytes = std::fs::read(&path).map_err(|e| Diagnostic::io(&path, &e))?;
            files.push(OutputFile::new(name, bytes));
        }
    }
    if formats.pdf == Pdf::KeepPrevious {
        let name = pdf_name(&project);
        if let Ok(bytes) = std::fs::read(out.join(&name)) {
            files.push(OutputFile::new(name, bytes));
        }
    }
    crate::output::write_atomically(root, out, &files)?;
    Ok(Built {
        out: out.to_path_buf(),
        files: files.len(),
        chapters: document.chapters.len(),
        warnings,
    })
}
