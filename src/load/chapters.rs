//! Chapter discovery: the markdown files of `content/`, their front matter, their
//! optional data file beside them, and their order.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Result};
use crate::load::{files, yaml};

/// Where a chapter stands in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterKind {
    /// Before the numbered chapters (e.g. the summary).
    Front,
    Main,
    /// An appendix, titled "Bilaga N".
    Appendix,
}

/// One chapter's source as read from disk.
#[derive(Debug, Clone)]
pub struct ChapterSource {
    /// The markdown file (as found under the report folder).
    pub path: PathBuf,
    /// The file stem without its number prefix (`03-metod.md` → `metod`).
    pub slug: String,
    pub front: FrontMatter,
    /// The markdown after the front matter.
    pub body: String,
    /// How many lines precede `body` in the file (front matter), for positions.
    pub body_offset: usize,
    /// The chapter's own data (`<stem>.yaml` beside it), if any.
    pub data: Option<serde_json::Value>,
    order: i64,
}

/// The YAML front matter of a chapter, between `---` lines at the top of the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The chapter title; defaults to the first `# Heading` of the file.
    pub title: Option<String>,
    /// Overrides the order given by the file-name prefix.
    pub order: Option<i64>,
    /// `front` (before the numbered chapters), `main` (default) or `appendix`.
    pub kind: Option<ChapterKind>,
}

/// Reads every `*.md` file under `content/`, sorted by order, then file name.
pub fn discover(root: &Path) -> Result<Vec<ChapterSource>> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Diagnostic::error("the report has no `content/` folder")
            .in_file(root)
            .with_hint(
                "put one markdown file per chapter in content/, e.g. content/01-inledning.md",
            ));
    }
    let mut chapters = Vec::new();
    for entry in WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(format!("cannot list the content folder: {e}")).in_file(&content)
        })?;
        let kind = entry.file_type();
        if (kind.is_file() || kind.is_symlink())
            && entry.path().extension().is_some_and(|e| e == "md")
        {
            chapters.push(read_chapter(root, entry.path())?);
        }
    }
    if chapters.is_empty() {
        return Err(Diagnostic::error("`content/` holds no markdown chapters").in_file(&content));
    }
    chapters.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.path.cmp(&b.path)));
    Ok(chapters)
}

/// Reads one chapter; a chapter that is a symbolic link is read when it leads to a
/// file inside the report folder, and refused otherwise.
fn read_chapter(root: &Path, path: &Path) -> Result<ChapterSource> {
    files::stays_inside(root, path)?;
    let text = yaml::read_text(path)?.replace("\r\n", "\n");
    let (front, body, body_offset) = split_front_matter(&text, path)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let (prefix, name) = split_number_prefix(stem);
    let order = front.order.or(prefix).unwrap_or(i64::MAX);
    Ok(ChapterSource {
        path: path.to_path_buf(),
        slug: crate::load::slugify(name),
        data: read_chapter_data(root, &path.with_extension("yaml"))?,
        front,
        body,
        body_offset,
        order,
    })
}

/// `03-maluppfyllelse` → (Some(3), "maluppfyllelse").
pub(crate) fn split_number_prefix(stem: &str) -> (Option<i64>, &str) {
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match stem[..digits].parse() {
        Ok(n) => (Some(n), stem[digits..].trim_start_matches(['-', '_', ' '])),
        Err(_) => (None, stem),
    }
}

fn split_front_matter(text: &str, path: &Path) -> Result<(FrontMatter, String, usize)> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok((FrontMatter::default(), text.to_owned(), 0));
    };
    let Some(end) = rest
        .find("\n---\n")
        .map(|i| i + 1)
        .or_else(|| rest.strip_suffix("\n---").map(|r| r.len() + 1))
    else {
        return Err(Diagnostic::error("the front matter is not closed")
            .in_file(path)
            .at(1, 1)
            .with_hint("end the front matter with a line of three dashes: ---"));
    };
    let yaml_text = &rest[..end];
    let front = if yaml_text.trim().is_empty() {
        FrontMatter::default()
    } else {
        yaml::parse(yaml_text, path).map_err(|e| e.shifted(1))?
    };
    let body_start = (4 + end + 4).min(text.len());
    let body_offset = text[..body_start].matches('\n').count();
    Ok((front, text[body_start..].to_owned(), body_offset))
}

fn read_chapter_data(root: &Path, path: &Path) -> Result<Option<serde_json::Value>> {
    if !path.exists() {
        return Ok(None);
    }
    files::stays_inside(root, path)?;
    let source = yaml::read_text(path)?;
    yaml::parse(&source, path).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_prefixes_order_chapters() {
        assert_eq!(
            split_number_prefix("03-maluppfyllelse"),
            (Some(3), "maluppfyllelse")
        );
        assert_eq!(split_number_prefix("bilaga"), (None, "bilaga"));
    }

    #[test]
    fn front_matter_is_split_and_counted() {
        let text = "---\ntitle: Metod\norder: 2\n---\n# Metod\n\nText\n";
        let (front, body, offset) = split_front_matter(text, Path::new("x.md")).unwrap();
        assert_eq!(front.title.as_deref(), Some("Metod"));
        assert_eq!(front.order, Some(2));
        assert_eq!(body, "# Metod\n\nText\n");
        assert_eq!(offset, 4);
    }

    #[cfg(unix)]
    #[test]
    fn linked_chapters_are_read_inside_and_refused_outside() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("hemlig.md"), "# Hemlig\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(dir.path().join("utkast")).unwrap();
        std::fs::create_dir(&content).unwrap();
        std::fs::write(dir.path().join("utkast/metod.md"), "# Metod\n").unwrap();
        std::os::unix::fs::symlink("../utkast/metod.md", content.join("02-metod.md")).unwrap();
        let chapters = discover(dir.path()).unwrap();
        assert_eq!(chapters.len(), 1);
        assert_eq!(chapters[0].body, "# Metod\n");
        std::os::unix::fs::symlink(outside.path().join("hemlig.md"), content.join("03-x.md"))
            .unwrap();
        let err = discover(dir.path()).unwrap_err();
        assert!(
            err.message.contains("outside the report folder"),
            "{}",
            err.message
        );
        assert_eq!(err.path.unwrap(), content.join("03-x.md"));
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let text = "---\ntitle: Metod\nordning: 2\n---\nText\n";
        let err = split_front_matter(text, Path::new("x.md")).unwrap_err();
        let p = err.position.unwrap();
        assert_eq!((p.line, p.column), (3, 1));
    }
}
