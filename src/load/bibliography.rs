//! The report's bibliography, `data/references.yaml` (hayagriva YAML) or
//! `data/references.bib` (BibTeX/BibLaTeX), read with hayagriva, the library Typst
//! uses for bibliographies.

use std::path::{Path, PathBuf};

use hayagriva::Library;

use super::{files, yaml};
use crate::diagnostic::{Diagnostic, Position, Result};

/// The YAML bibliography; also kept out of the prose data.
pub const DECLARATION: &str = "data/references.yaml";
/// The BibTeX bibliography.
pub const BIBTEX: &str = "data/references.bib";

/// The entries a report can cite, and the file they came from.
#[derive(Debug, Clone)]
pub struct Bibliography {
    pub path: PathBuf,
    pub library: Library,
}

/// Reads the report's bibliography, if it has one (but not both kinds).
pub fn load(report_root: &Path) -> Result<Option<Bibliography>> {
    let yaml_path = super::declared_file(report_root, DECLARATION)?;
    let bib_path = report_root.join(BIBTEX);
    let (path, library) = match (yaml_path, bib_path.exists()) {
        (None, false) => return Ok(None),
        (Some(_), true) => {
            return Err(Diagnostic::error("the report has two bibliographies")
                .in_file(bib_path)
                .with_hint(format!(
                    "keep either `{DECLARATION}` or `{BIBTEX}`, not both"
                )));
        }
        (Some(yaml_path), false) => {
            let library = from_yaml(&yaml_path)?;
            (yaml_path, library)
        }
        (None, true) => {
            files::stays_inside(report_root, &bib_path)?;
            let library = from_bibtex(&bib_path)?;
            (bib_path, library)
        }
    };
    Ok(Some(Bibliography { path, library }))
}

fn from_yaml(path: &Path) -> Result<Library> {
    let text = yaml::read_text(path)?;
    yaml::check(&text, path)?;
    hayagriva::io::from_yaml_str(&text).map_err(|e| {
        yaml::from_serde(&e, &text, path).with_hint(
            "each entry is `key:` with `type`, `title`, `author`, `date` … (hayagriva YAML)",
        )
    })
}

fn from_bibtex(path: &Path) -> Result<Library> {
    let text = yaml::read_text(path)?;
    hayagriva::io::from_biblatex_str(&text).map_err(|errors| {
        let (message, span) = match errors.first() {
            Some(hayagriva::io::BibLaTeXError::Parse(e)) => (e.kind.to_string(), e.span.start),
            Some(hayagriva::io::BibLaTeXError::Type(e)) => (e.kind.to_string(), e.span.start),
            None => ("the file could not be read".to_owned(), 0),
        };
        let at = Position::of_offset(&text, span);
        Diagnostic::error(format!("this BibTeX file has an error: {message}"))
            .in_file(path)
            .at(at.line, at.column)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_errors_have_a_position() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::write(
            dir.path().join(BIBTEX),
            "@book{a,\n  title = {T},\n  year = {20x6\n}\n",
        )
        .unwrap();
        let error = load(dir.path()).unwrap_err();
        assert!(error.position.is_some(), "{error:?}");
    }
}
