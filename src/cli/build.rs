//! `rapport build`: the report folder to `output/` (site and PDF).

use super::Folders;
use std::process::ExitCode;

use rapport::diagnostic::{Diagnostic, Result};
use rapport::pipeline;
use rapport::render;

/// Build the report: a static HTML site and a PDF in the output folder, with
/// figures.json, the figures it publishes (compare two builds with `rapport diff`).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    folders: Folders,
    /// Skip the PDF.
    #[arg(long, conflicts_with = "pdf_only")]
    no_pdf: bool,
    /// Build only the PDF.
    #[arg(long)]
    pdf_only: bool,
    /// Also write the PDF's Typst source to typst/ in the output folder, for finishing
    /// the PDF by hand: `typst compile --font-path typst/fonts typst/main.typ`.
    #[arg(long)]
    typst: bool,
    /// Also write a Word document (.docx) beside the PDF, for review rounds in Word.
    #[arg(long)]
    docx: bool,
    /// Exit with code 2 when the build warns (the output is still written).
    #[arg(long)]
    deny_warnings: bool,
}

impl Args {
    /// The names of the renderers the flags ask for.
    fn formats(&self) -> Vec<&'static str> {
        let asked = [
            ("html", !self.pdf_only),
            ("pdf", !self.no_pdf),
            ("typst", self.typst),
            ("docx", self.docx),
        ];
        asked
            .iter()
            .filter(|(_, on)| *on)
            .map(|(name, _)| *name)
            .collect()
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let out = args.folders.output();
    let names = args.formats();
    let mut renderers = render::by_names(&names)?;
    let status = names
        .contains(&"pdf")
        .then(|| super::Status::show("Typesetting the PDF"));
    let built = pipeline::build(&args.folders.dir, &out, &mut renderers);
    drop(status);
    let mut built = built?;
    Diagnostic::sort(&mut built.warnings);
    built
        .warnings
        .iter()
        .for_each(|w| eprint!("{}", w.render()));
    println!(
        "Built {} into {} ({}).",
        super::counted(built.chapters, "chapter", "chapters"),
        built.out.display(),
        super::counted(built.files, "file", "files")
    );
    Ok(match args.deny_warnings && !built.warnings.is_empty() {
        true => ExitCode::from(2),
        false => ExitCode::SUCCESS,
    })
}
