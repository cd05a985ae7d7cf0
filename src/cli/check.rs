//! `rapport check`: validates a report without writing anything, and warns about
//! numbers typed into the prose that contradict the data.

use std::path::PathBuf;
use std::process::ExitCode;

use rapport::check;
use rapport::diagnostic::{Diagnostic, Result, Severity};
use rapport::pipeline;
use rapport::render;

/// Check the report (YAML, data, expressions, references, typed numbers) and render
/// the site and the PDF in memory, writing nothing. Exit code: 0 clean, 1 errors, 2
/// warnings with --deny-warnings.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The report folder (holding report.yaml and content/).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// How to print problems: `human` (source line and hint) or `json` (for CI).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit with code 2 when there are warnings.
    #[arg(long)]
    deny_warnings: bool,
    /// Skip typesetting the PDF (faster; a Typst error then goes unnoticed).
    #[arg(long)]
    no_pdf: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let formats: &[&str] = match args.no_pdf {
        true => &["html"],
        false => &["html", "pdf"],
    };
    let rehearsed = pipeline::rehearse(&args.dir, &mut render::by_names(formats)?);
    let (diagnostics, chapters) = match rehearsed {
        Ok((project, document, values, mut warnings)) => {
            warnings.extend(check::typed_numbers(&project, &values));
            Diagnostic::sort(&mut warnings);
            (warnings, Some(document.chapters.len()))
        }
        Err(error) => (vec![error], None),
    };
    report(&args, &diagnostics, chapters);
    Ok(exit_code(&diagnostics, args.deny_warnings))
}

fn report(args: &Args, diagnostics: &[Diagnostic], chapters: Option<usize>) {
    if args.format == Format::Json {
        println!("{}", check::json::render(diagnostics));
        return;
    }
    diagnostics.iter().for_each(|d| eprint!("{}", d.render()));
    if let Some(chapters) = chapters {
        let found = match diagnostics.len() {
            0 => "no problems found".to_owned(),
            n => super::counted(n, "warning", "warnings"),
        };
        let chapters = super::counted(chapters, "chapter", "chapters");
        println!("{}: {chapters}, {found}.", args.dir.display());
    }
}

fn exit_code(diagnostics: &[Diagnostic], deny_warnings: bool) -> ExitCode {
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        ExitCode::FAILURE
    } else if deny_warnings && !diagnostics.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
