//! `rapport schema`: JSON Schemas of report.yaml, the data files and figures.json,
//! generated from the types that read and write them, for editors
//! (yaml-language-server) and CI.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rapport::diagnostic::{Diagnostic, Result};
use rapport::load::config::Config;
use rapport::load::{dataset, goals, sustainability};
use rapport::manifest;

/// Write JSON Schemas for report.yaml, the data files and the figures manifest
/// (figures.json).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the schemas into (created if missing).
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    out: PathBuf,
}

/// Makes one schema.
type Generator = fn() -> schemars::Schema;

/// Each schema's file name and how it is made.
const SCHEMAS: [(&str, Generator); 6] = [
    ("report.schema.json", || schemars::schema_for!(Config)),
    ("statistics.schema.json", dataset::schema),
    ("questions.schema.json", dataset::questions_schema),
    ("goals.schema.json", goals::schema),
    ("sustainability.schema.json", sustainability::schema),
    ("figures.schema.json", manifest::schema),
];

pub fn run(args: Args) -> Result<ExitCode> {
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Diagnostic::failed("create this folder", &args.out, &e))?;
    for (name, schema) in SCHEMAS {
        write(&args.out.join(name), &schema())?;
    }
    println!(
        "Wrote {} schemas into {}.",
        SCHEMAS.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, schema: &schemars::Schema) -> Result<()> {
    let text = serde_json::to_string_pretty(schema)
        .map_err(|e| Diagnostic::error(e.to_string()).in_file(path))?;
    std::fs::write(path, text + "\n").map_err(|e| Diagnostic::failed("write this file", path, &e))
}
