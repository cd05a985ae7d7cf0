//! `rapport init`: a new report folder from a starter template.

use std::path::PathBuf;
use std::process::ExitCode;

use rapport::diagnostic::Result;
use rapport::init::{self, Template};

/// Start a report: write a complete report folder that builds as it is, with
/// placeholder text for each chapter. Never overwrites a file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the report in (created if missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The starter template.
    #[arg(long, short, value_enum, default_value_t = Template::Id)]
    template: Template,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let written = init::init(&args.dir, args.template)?;
    println!(
        "Created the `{}` starter report in {} ({} files).\n\
         Next: put the report's title in report.yaml, replace the placeholder text in content/, \
         then run `rapport build {}`.",
        args.template.name(),
        args.dir.display(),
        written.len(),
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
