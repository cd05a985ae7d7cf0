//! Reading a report folder: `report.yaml`, the chapters in `content/`, their data and
//! the project-wide `data/`. Nothing is computed here.

pub mod bibliography;
pub mod chapters;
pub mod config;
pub mod dataset;
pub mod date;
pub mod files;
pub mod goals;
pub mod image;
pub mod sustainability;
pub mod table;
pub mod yaml;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Result};
use crate::load::config::Config;
use chapters::ChapterSource;

/// The typed files of `data/`, read by their own loaders rather than as prose data.
const DECLARATIONS: [&str; 4] = [
    bibliography::DECLARATION,
    dataset::DECLARATION,
    goals::DECLARATION,
    sustainability::DECLARATION,
];

/// A report folder as read from disk.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    pub chapters: Vec<ChapterSource>,
    /// Project-wide data for prose: each `data/<name>.yaml` under the key `<name>`.
    pub data: Map<String, Value>,
    /// The entries of `data/references.yaml` or `.bib`, for citations.
    pub bibliography: Option<bibliography::Bibliography>,
    /// The statistics `data/statistics.yaml` declares, read from their exports.
    pub dataset: Option<dataset::Dataset>,
    /// The goals of `data/goals.yaml`.
    pub goals: Option<goals::GoalsFile>,
    /// The plans of `data/sustainability.yaml`.
    pub sustainability: Option<Vec<sustainability::Plan>>,
}

impl Project {
    /// Reads `report.yaml`, the chapters, `data/*.yaml` and the declarations of
    /// `data/` (bibliography, statistics, sustainability, goals) of the report folder
    /// `root`.
    pub fn load(root: &Path) -> Result<Project> {
        let config_path = root.join("report.yaml");
        if !config_path.is_file() {
            return Err(Diagnostic::error("this folder has no `report.yaml`")
                .in_file(root)
                .with_hint("run `rapport build` in a report folder, or give its path: `rapport build path/to/report`"));
        }
        let config = Config::load(&config_path)?;
        Ok(Project {
            root: root.to_path_buf(),
            chapters: chapters::discover(root)?,
            data: read_data_folder(root)?,
            bibliography: bibliography::load(root)?,
            dataset: dataset::load(root, config.language)?,
            sustainability: sustainability::load(root)?,
            goals: goals::load(root)?,
            config,
        })
    }
}

/// `data/*.yaml` (or `.yml`) except the typed declarations, keyed by stem.
fn read_data_folder(root: &Path) -> Result<Map<String, Value>> {
    let folder = root.join("data");
    let mut data = Map::new();
    if !folder.is_dir() {
        return Ok(data);
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|e| Diagnostic::io(&folder, &e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    for path in paths {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if DECLARATIONS
            .iter()
            .any(|d| d.ends_with(&format!("/{stem}.yaml")))
        {
            continue;
        }
        files::stays_inside(root, &path)?;
        if data.contains_key(stem) {
            return Err(Diagnostic::error(format!(
                "`data/{stem}.yaml` and `data/{stem}.yml` both give the data `{stem}`"
            ))
            .in_file(&path)
            .with_hint("keep one of the two files"));
        }
        let value: Value = yaml::parse(&yaml::read_text(&path)?, &path)?;
        data.insert(stem.to_owned(), value);
    }
    Ok(data)
}

/// The file of a declaration such as `data/goals.yaml`, which may also be written with
/// the extension `.yml`: `None` when there is neither, an error when there are both or
/// the file is a link out of the report folder.
pub fn declared_file(root: &Path, declaration: &str) -> Result<Option<PathBuf>> {
    let yaml = root.join(declaration);
    let yml = yaml.with_extension("yml");
    let path = match (yaml.exists(), yml.exists()) {
        (false, false) => return Ok(None),
        (true, true) => {
            return Err(Diagnostic::error(format!(
                "`{declaration}` is written twice, as `.yaml` and as `.yml`"
            ))
            .in_file(&yml)
            .with_hint("keep one of the two files"));
        }
        (true, false) => yaml,
        (false, true) => yml,
    };
    files::stays_inside(root, &path)?;
    Ok(Some(path))
}

/// A lower-case, ASCII, hyphen-separated form of a title (å/ä → a, ö → o).
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_transliterate_swedish() {
        assert_eq!(
            super::slugify("Hållbarhet och implementering"),
            "hallbarhet-och-implementering"
        );
        assert_eq!(
            super::slugify("Måluppfyllelse – 2022!"),
            "maluppfyllelse-2022"
        );
    }
}
