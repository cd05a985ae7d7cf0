//! Command-line arguments and the dispatch to one command per file.

mod build;
mod check;
mod diff;
mod init;
mod new;
mod schema;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use rapport::diagnostic::Result;

/// Evaluation reports from markdown chapters and YAML/CSV data: a static HTML site
/// and a print-quality PDF.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Build(build::Args),
    Check(check::Args),
    Diff(diff::Args),
    Serve(serve::Args),
    Init(init::Args),
    New(new::Args),
    Schema(schema::Args),
}

/// The report folder and where its output goes (`build`, `serve`).
#[derive(Debug, clap::Args)]
pub struct Folders {
    /// The report folder (holding report.yaml and content/).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Where to write the output [default: DIR/output].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

impl Folders {
    /// The output folder: `--out`, else `DIR/output`.
    pub fn output(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.dir.join("output"))
    }
}

/// Runs the chosen command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Schema(args) => schema::run(args),
    }
}

/// A one-line status on stderr while a long step runs, cleared when dropped; shown
/// only when both stdout and stderr are terminals (never in logs or pipes).
pub struct Status(bool);

impl Status {
    pub fn show(message: &str) -> Status {
        use std::io::{IsTerminal, Write};
        let on = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
        if on {
            eprint!("{message} …");
            let _ = std::io::stderr().flush();
        }
        Status(on)
    }
}

impl Drop for Status {
    fn drop(&mut self) {
        if self.0 {
            eprint!("\r\x1b[2K");
        }
    }
}

/// `n` and the noun in singular or plural: "1 chapter", "10 chapters".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_take_the_singular_for_one() {
        assert_eq!(super::counted(1, "chapter", "chapters"), "1 chapter");
        assert_eq!(super::counted(0, "warning", "warnings"), "0 warnings");
        assert_eq!(super::counted(12, "file", "files"), "12 files");
    }
}
