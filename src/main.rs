//! The `rapport` command line: parses arguments and runs one command.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(diagnostic) => {
            eprint!("{}", diagnostic.render());
            if diagnostic.count() > 1 {
                eprintln!("{} errors", diagnostic.count());
            }
            ExitCode::FAILURE
        }
    }
}
