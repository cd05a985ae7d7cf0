//! `rapport new chapter`: a new numbered chapter file in `content/`.

use std::path::PathBuf;
use std::process::ExitCode;

use rapport::diagnostic::Result;

/// Add a part to an existing report.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    part: Part,
}

#[derive(Debug, clap::Subcommand)]
enum Part {
    /// Add content/NN-<title>.md, numbered after the highest existing chapter
    /// (appendices are numbered from 90).
    Chapter {
        /// The chapter title; the file name is made from it (å/ä/ö → a/a/o).
        title: String,
        /// The report folder.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
        /// Make it an appendix (`kind: appendix`, numbered from 90).
        #[arg(long)]
        appendix: bool,
    },
}

pub fn run(args: Args) -> Result<ExitCode> {
    let Part::Chapter {
        title,
        dir,
        appendix,
    } = args.part;
    let path = rapport::init::new_chapter(&dir, &title, appendix)?;
    println!("Created {}.", path.display());
    Ok(ExitCode::SUCCESS)
}
