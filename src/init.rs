//! Starting a report: a complete report folder from an embedded starter template
//! (`rapport init`) and a new numbered chapter file (`rapport new chapter`).
//!
//! Neither ever overwrites a file: every target is checked before anything is written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Result};
use crate::load::chapters::split_number_prefix;
use crate::load::slugify;

/// A starter report: a folder under `templates/init/` that builds as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    /// ID-style final evaluation: statistics, goals, horizontal principles (style: id)
    Id,
    /// ASKing-style learning evaluation: numbered chapters, evaluation questions (style: asking)
    Asking,
    /// Short interim memo in three chapters (style: asking)
    Pm,
    /// The funder's fixed final-report headings with guiding questions, statistics appendix
    EsfSlutrapport,
}

impl Template {
    /// The folder name under `templates/init/`, also the name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Template::Id => "id",
            Template::Asking => "asking",
            Template::Pm => "pm",
            Template::EsfSlutrapport => "esf-slutrapport",
        }
    }
}

/// Chapter files numbered from here on are appendices; new main chapters stay below.
pub const APPENDIX_FROM: i64 = 90;

/// Writes the starter report `template` into `dir` (created if missing) and returns
/// the files written. Fails, writing nothing, if any of them already exists.
pub fn init(dir: &Path, template: Template) -> Result<Vec<PathBuf>> {
    let files = crate::templates::starter(template.name());
    if files.is_empty() {
        return Err(Diagnostic::error(format!(
            "this build of rapport has no starter template `{}`",
            template.name()
        )));
    }
    let mut blocked: Vec<PathBuf> = files
        .iter()
        .filter_map(|(path, _)| in_the_way(dir, path))
        .collect();
    blocked.dedup();
    if let Some(first) = blocked.first() {
        let others = match blocked.len() - 1 {
            0 => String::new(),
            n => format!(" (and {n} more of the template's files)"),
        };
        return Err(Diagnostic::error(format!(
            "this file already exists{others}; `rapport init` never overwrites files, so nothing was written"
        ))
        .in_file(first)
        .with_hint("start the report in a new or empty folder: rapport init <folder>"));
    }
    files
        .iter()
        .map(|(path, bytes)| {
            let target = dir.join(path);
            write_new(&target, bytes).map(|()| target)
        })
        .collect()
}

/// The path that stops `relative` from being written under `dir`: the file itself if
/// it exists, or a folder on the way that is a file.
fn in_the_way(dir: &Path, relative: &Path) -> Option<PathBuf> {
    let target = dir.join(relative);
    if target.symlink_metadata().is_ok() {
        return Some(target);
    }
    std::iter::once(dir.to_path_buf())
        .chain(
            relative
                .ancestors()
                .skip(1)
                .filter(|a| !a.as_os_str().is_empty())
                .map(|a| dir.join(a)),
        )
        .find(|p| p.exists() && !p.is_dir())
}

/// Adds `content/NN-<slug>.md` with `# <title>` and a placeholder line to the report
/// in `dir`, numbered after the highest existing chapter: below [`APPENDIX_FROM`] for
/// a main chapter, from it on for an appendix. Returns the new file.
pub fn new_chapter(dir: &Path, title: &str, appendix: bool) -> Result<PathBuf> {
    let title = title.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(format!(
            "the title `{title}` has no letters or digits to name the file after"
        ))
        .with_hint("give the chapter a title, e.g. rapport new chapter \"Resultat\""));
    }
    let content = dir.join("content");
    if !content.is_dir() {
        return Err(Diagnostic::error("this folder has no `content/` folder")
            .in_file(dir)
            .with_hint("run the command in a report folder (or pass --dir), or start one with `rapport init`"));
    }
    let number = next_number(&content, appendix)?;
    let path = content.join(format!("{number:02}-{slug}.md"));
    write_new(&path, chapter_text(title, appendix).as_bytes())?;
    Ok(path)
}

/// One more than the highest number prefix of the chapter files in `content` that
/// belong to the same range (main chapters below [`APPENDIX_FROM`], appendices from it).
fn next_number(content: &Path, appendix: bool) -> Result<i64> {
    let in_range = |n: &i64| (*n >= APPENDIX_FROM) == appendix;
    let mut highest = None;
    for entry in walkdir::WalkDir::new(content) {
        let entry = entry.map_err(|e| {
            Diagnostic::error(format!("cannot list the content folder: {e}")).in_file(content)
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            highest = highest.max(split_number_prefix(stem).0.filter(in_range));
        }
    }
    let first = if appendix { APPENDIX_FROM } else { 1 };
    Ok(highest.map_or(first, |n| n + 1))
}

fn chapter_text(title: &str, appendix: bool) -> String {
    match appendix {
        true => format!("---\nkind: appendix\n---\n# {title}\n\nSkriv bilagans innehåll här.\n"),
        false => format!("# {title}\n\nSkriv kapitlets text här.\n"),
    }
}

/// Creates `path` (and its folders) with `bytes`; fails if the file exists.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let failed =
        |e: std::io::Error| Diagnostic::error(format!("cannot write this file: {e}")).in_file(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_template_is_embedded_under_its_command_line_name() {
        for template in Template::value_variants() {
            let name = template.to_possible_value().unwrap();
            assert_eq!(name.get_name(), template.name());
            let files = crate::templates::starter(template.name());
            assert!(
                files.iter().any(|(p, _)| *p == Path::new("report.yaml")),
                "{}",
                template.name()
            );
        }
    }

    #[test]
    fn new_chapters_stay_below_the_appendices() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        for name in ["01-a.md", "09-b.md", "90-bilaga.md", "notes.md"] {
            std::fs::write(content.join(name), "# X\n").unwrap();
        }
        assert_eq!(next_number(&content, false).unwrap(), 10);
        assert_eq!(next_number(&content, true).unwrap(), 91);
    }
}
