//! `report.yaml` as typed structs: the cover page, language, house style and policies.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Result;
use crate::load::yaml;
use crate::locale::Lang;

/// The parsed `report.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(flatten)]
    pub meta: Meta,
    /// `sv` (default) or `en`.
    #[serde(default)]
    pub language: Lang,
    /// The house style: `id` (default) or `asking`.
    #[serde(default)]
    pub style: Style,
    /// Counts below this are never published (default 5).
    #[serde(default = "default_threshold")]
    pub suppression_threshold: u32,
    /// Also write a Word document (.docx) on every build, as `rapport build --docx`.
    #[serde(default)]
    pub docx: bool,
}

/// What the cover page and the document metadata show.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Meta {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The evaluated project's name.
    #[serde(default)]
    pub project: Option<String>,
    /// Who commissioned the evaluation (uppdragsgivare).
    #[serde(default)]
    pub commissioner: Option<String>,
    /// The evaluating organisation.
    #[serde(default)]
    pub evaluator: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// The report date, `YYYY-MM-DD`.
    pub date: String,
    /// A logo image for the cover, relative to the report folder.
    #[serde(default)]
    pub logo: Option<String>,
}

impl Meta {
    /// The logo's file name in the site (`logo.png`), when the report has one.
    pub fn logo_in_site(&self) -> Option<String> {
        let extension = Path::new(self.logo.as_ref()?)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        Some(format!("logo.{extension}"))
    }

    /// The facts of the cover page, label and text, in order; those not given are
    /// left out. Every renderer's cover shows these.
    pub fn cover_facts(&self, lang: Lang) -> Vec<(&'static str, String)> {
        let l = lang.labels();
        let authors = Some(self.authors.join(", ")).filter(|a| !a.is_empty());
        [
            (l.project, self.project.clone()),
            (l.commissioner, self.commissioner.clone()),
            (l.evaluator, self.evaluator.clone()),
            (l.authors, authors),
            (l.date, Some(self.long_date(lang))),
        ]
        .into_iter()
        .filter_map(|(label, value)| Some((label, value?)))
        .collect()
    }

    /// The report date as written in running text ("29 november 2024").
    pub fn long_date(&self, lang: Lang) -> String {
        crate::load::date::parse(&self.date)
            .map(|d| lang.long_date(d))
            .unwrap_or_else(|| self.date.clone())
    }
}

/// A house style: a folder under `templates/`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Unnumbered, large chapter titles; compact statistics matrices.
    #[default]
    Id,
    /// Numbered chapters in capitals and numbered sections.
    Asking,
}

impl Style {
    /// The folder name under `templates/`.
    pub fn name(self) -> &'static str {
        match self {
            Style::Id => "id",
            Style::Asking => "asking",
        }
    }

    /// Whether chapters and sections carry numbers.
    pub fn numbered(self) -> bool {
        self == Style::Asking
    }
}

fn default_threshold() -> u32 {
    5
}

impl Config {
    /// Reads and validates `report.yaml`.
    pub fn load(path: &Path) -> Result<Config> {
        let source = yaml::read_text(path)?;
        let config: Config = yaml::parse(&source, path)?;
        config.validate(&source, path)?;
        Ok(config)
    }

    fn validate(&self, source: &str, path: &Path) -> Result<()> {
        if crate::load::date::parse(&self.meta.date).is_none() {
            return Err(yaml::error_at_key(
                source,
                path,
                "date",
                format!("`{}` is not a date", self.meta.date),
            )
            .with_hint("write the date as YYYY-MM-DD, e.g. 2024-11-30"));
        }
        if self.meta.title.trim().is_empty() {
            return Err(yaml::error_at_key(
                source,
                path,
                "title",
                "the title is empty",
            ));
        }
        if let Some(logo) = &self.meta.logo {
            let root = path.parent().unwrap_or(Path::new("."));
            crate::load::image::check(root, logo)
                .map_err(|message| yaml::error_at_key(source, path, "logo", message))?;
        }
        Ok(())
    }

    /// A file-name-safe form of the title, for the PDF's name.
    pub fn slug(&self) -> String {
        crate::load::slugify(&self.meta.title)
    }
}
