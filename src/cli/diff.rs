//! `rapport diff`: what changed between two builds, from their figures manifests.

use std::path::PathBuf;
use std::process::ExitCode;

use rapport::diagnostic::Result;
use rapport::manifest::diff::Changes;
use rapport::manifest::{Manifest, summary};

/// The exit code when the comparison itself failed (a missing folder, a file that is
/// no manifest): above the codes that report changes.
const FAILED: u8 = 3;

/// Compare two builds: goal verdicts that flipped, values that changed, were newly
/// withheld or newly published, tables and charts added, removed or renumbered.
/// Exit code: 0 nothing changed, 1 figures changed, 2 a goal verdict changed,
/// 3 the comparison failed (a folder or manifest missing or unreadable).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier build: an output folder or its figures.json.
    old: PathBuf,
    /// The later build: an output folder or its figures.json.
    new: PathBuf,
    /// How to print the changes: `human`, `markdown` (for a CI job summary or a
    /// pull-request comment) or `json`.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Markdown,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match compare(&args) {
        Ok(changes) => {
            print!("{}", render(&changes, args.format));
            Ok(ExitCode::from(changes.exit_code()))
        }
        Err(error) => {
            eprint!("{}", error.render());
            Ok(ExitCode::from(FAILED))
        }
    }
}

fn compare(args: &Args) -> Result<Changes> {
    let old = Manifest::read(&args.old)?;
    let new = Manifest::read(&args.new)?;
    Ok(Changes::between(&old, &new))
}

fn render(changes: &Changes, format: Format) -> String {
    match format {
        Format::Human => summary::human(changes),
        Format::Markdown => summary::markdown(changes),
        Format::Json => {
            serde_json::to_string_pretty(changes).expect("changes always serialise") + "\n"
        }
    }
}
