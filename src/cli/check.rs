//! `rapport check`: validates a report without writing anything.

use std::path::PathBuf;
use std::process::ExitCode;

use rapport::diagnostic::Result;
use rapport::pipeline;

/// Check the report (YAML, data, expressions, references) without writing output.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The report folder (holding report.yaml and content/).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let (_, document) = pipeline::prepare(&args.dir)?;
    println!(
        "{}: {} chapters, no problems found.",
        args.dir.display(),
        document.chapters.len()
    );
    Ok(ExitCode::SUCCESS)
}
