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
/// a main chapter, from it on for an appendix. Returns the new file. A title that
/// would break the build (markup of data expressions, a line break, the page name of
/// an existing chapter) is refused before anything is written; a long title gets a
/// shortened file name.
pub fn new_chapter(dir: &Path, title: &str, appendix: bool) -> Result<PathBuf> {
    let title = title.trim();
    check_title(title)?;
    let slug = file_slug(title);
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
    let chapters = chapter_files(&content)?;
    if let Some(same) = chapters.iter().find(|c| c.page == slug) {
        return Err(Diagnostic::error(format!(
            "a chapter with the page name `{slug}` already exists; a second one would stop the build"
        ))
        .in_file(&same.path)
        .with_hint("give the new chapter another title"));
    }
    let number = next_number(&chapters, appendix);
    let path = content.join(format!("{number:02}-{slug}.md"));
    write_new(&path, chapter_text(title, appendix).as_bytes())?;
    Ok(path)
}

/// The longest file name made from a title, in bytes (file systems allow 255).
const MAX_SLUG: usize = 60;

/// Refuses a title that would break the chapter: `{{` or `{%` (which start data
/// expressions in a chapter) and line breaks or other control characters.
fn check_title(title: &str) -> Result<()> {
    let markup = ["{{", "{%"].into_iter().find(|m| title.contains(*m));
    let problem = match markup {
        Some(markup) => {
            format!("the title contains `{markup}`, which starts a data expression in a chapter")
        }
        None if title.chars().any(char::is_control) => {
            "the title contains a line break or another control character".to_owned()
        }
        None => return Ok(()),
    };
    Err(Diagnostic::error(format!("{problem}; nothing was written"))
        .with_hint("write the title without it; you can edit the heading in the file afterwards"))
}

/// The file name part made from `title`: its slug, cut at a word to at most
/// [`MAX_SLUG`] bytes.
fn file_slug(title: &str) -> String {
    let slug = slugify(title);
    if slug.len() <= MAX_SLUG {
        return slug;
    }
    let cut = &slug[..MAX_SLUG];
    cut.rsplit_once('-')
        .map_or(cut, |(words, _)| words)
        .to_owned()
}

/// A chapter file in `content/`: its number prefix and page name.
struct ChapterFile {
    path: PathBuf,
    number: Option<i64>,
    page: String,
}

/// The chapter files (`.md`) in `content` and its folders.
fn chapter_files(content: &Path) -> Result<Vec<ChapterFile>> {
    let mut chapters = Vec::new();
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
            let (number, name) = split_number_prefix(stem);
            chapters.push(ChapterFile {
                path: path.to_path_buf(),
                number,
                page: slugify(name),
            });
        }
    }
    Ok(chapters)
}

/// One more than the highest number prefix of the `chapters` that belong to the same
/// range (main chapters below [`APPENDIX_FROM`], appendices from it).
fn next_number(chapters: &[ChapterFile], appendix: bool) -> i64 {
    let in_range = |n: &i64| (*n >= APPENDIX_FROM) == appendix;
    let highest = chapters
        .iter()
        .filter_map(|c| c.number.filter(in_range))
        .max();
    let first = if appendix { APPENDIX_FROM } else { 1 };
    highest.map_or(first, |n| n + 1)
}

fn chapter_text(title: &str, appendix: bool) -> String {
    match appendix {
        true => format!("---\nkind: appendix\n---\n# {title}\n\nSkriv bilagans innehåll här.\n"),
        false => format!("# {title}\n\nSkriv kapitlets text här.\n"),
    }
}

/// Creates `path` (and its folders) with `bytes`; fails if the file exists.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let failed = |e: std::io::Error| Diagnostic::failed("write this file", path, &e);
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
        let chapters = chapter_files(&content).unwrap();
        assert_eq!(next_number(&chapters, false), 10);
        assert_eq!(next_number(&chapters, true), 91);
    }

    #[test]
    fn long_titles_get_file_names_cut_at_a_word() {
        let title = "Resultat ".repeat(40);
        // "resultat-" is 9 bytes: six words and their hyphens fit in 60, a seventh not.
        assert_eq!(file_slug(&title), ["resultat"; 6].join("-"));
        assert_eq!(file_slug("Kort titel"), "kort-titel");
    }
}
