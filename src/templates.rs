//! House-style files: embedded in the binary, overridable file by file from a
//! report's own `templates/` folder.
//!
//! Lookup order for a name such as `page.html`: `<report>/templates/<name>`, then the
//! style's embedded folder `templates/<style>/<name>`, then `templates/common/<name>`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use include_dir::{Dir, File, include_dir};

use crate::diagnostic::{Diagnostic, Result};
use crate::load::config::Style;
use crate::load::files;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The template files one build uses.
#[derive(Debug, Clone)]
pub struct Templates {
    report_root: PathBuf,
    style: Style,
}

impl Templates {
    /// Templates for `style`, with overrides from `<report_root>/templates/`.
    pub fn new(report_root: &Path, style: Style) -> Templates {
        Templates {
            report_root: report_root.to_path_buf(),
            style,
        }
    }

    /// The bytes of a template file, or an error naming the missing file. An override
    /// is read under the rule of [`files`]: inside the report folder, a regular file.
    pub fn get(&self, name: &str) -> Result<Cow<'static, [u8]>> {
        let own = self.report_root.join("templates").join(name);
        if own.exists() {
            files::stays_inside(&self.report_root, &own)?;
            return files::read_bytes(&own).map(Cow::Owned);
        }
        [
            format!("{}/{name}", self.style.name()),
            format!("common/{name}"),
        ]
        .iter()
        .find_map(|path| EMBEDDED.get_file(path))
        .map(|f| Cow::Borrowed(f.contents()))
        .ok_or_else(|| Diagnostic::error(format!("the house style has no template `{name}`")))
    }

    /// A template file as text.
    pub fn text(&self, name: &str) -> Result<String> {
        let bytes = self.get(name)?;
        String::from_utf8(bytes.into_owned())
            .map_err(|_| Diagnostic::error(format!("template `{name}` is not UTF-8 text")))
    }

    /// The font files shipped with every style (`templates/fonts/`), by file name.
    pub fn fonts() -> impl Iterator<Item = (&'static str, &'static [u8])> {
        Templates::font_folder()
            .filter(|(name, _)| name.ends_with(".otf") || name.ends_with(".ttf"))
    }

    /// Every file of `templates/fonts/` (fonts and their licences), by file name.
    pub fn font_folder() -> impl Iterator<Item = (&'static str, &'static [u8])> {
        EMBEDDED
            .get_dir("fonts")
            .into_iter()
            .flat_map(|d| d.files())
            .filter_map(|f| Some((f.path().file_name()?.to_str()?, f.contents())))
    }
}

/// The files of the starter report `templates/init/<name>/`, by path relative to that
/// folder; empty when there is no such starter.
pub fn starter(name: &str) -> Vec<(&'static Path, &'static [u8])> {
    let root = format!("init/{name}");
    let mut files = Vec::new();
    if let Some(dir) = EMBEDDED.get_dir(&root) {
        collect_files(dir, &mut files);
    }
    files
        .into_iter()
        .filter_map(|f| Some((f.path().strip_prefix(&root).ok()?, f.contents())))
        .collect()
}

fn collect_files(dir: &'static Dir<'static>, files: &mut Vec<&'static File<'static>>) {
    files.extend(dir.files());
    for sub in dir.dirs() {
        collect_files(sub, files);
    }
}
