//! The Typst `World` of one PDF build: the generated main source, the house-style
//! templates, virtual image files, and the bundled plus shipped fonts.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::diagnostic::{Diagnostic, Result};
use crate::templates::Templates;

/// The virtual path of the generated main source.
pub const MAIN_PATH: &str = "/main.typ";

/// Fonts parsed once per process: Typst's bundled fonts and the shipped ones.
struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<FontSet> = LazyLock::new(|| {
    let shipped = Templates::fonts().map(|(_, data)| data);
    let fonts: Vec<Font> = typst_assets::fonts()
        .chain(shipped)
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    FontSet {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// Everything Typst may read during a build; nothing comes from the disk.
/// (The maps are only looked up, never iterated, so their order cannot leak into output.)
pub struct ReportWorld {
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
}

/// The interned id of a virtual path such as `/fig-3.svg`.
pub fn file_id(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path)
        .map_err(|e| Diagnostic::error(format!("invalid virtual file `{path}`: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl ReportWorld {
    /// A world with no files yet.
    pub fn new() -> Result<ReportWorld> {
        Ok(ReportWorld {
            main: file_id(MAIN_PATH)?,
            sources: HashMap::new(),
            files: HashMap::new(),
        })
    }

    /// Makes `markup` the main source and `files` (by virtual path) every other file:
    /// Typst sources (`.typ`, the templates) and binary data (SVG charts, the logo).
    /// Sources the world already has are edited in place rather than replaced, so the
    /// syntax of their unchanged parts, and Typst's caches of it, stay valid.
    pub fn set_input(&mut self, markup: String, files: Vec<(String, Vec<u8>)>) -> Result<()> {
        let mut old = std::mem::take(&mut self.sources);
        let mut edited = |id: FileId, text: String| match old.remove(&id) {
            Some(mut source) => {
                source.replace(&text);
                source
            }
            None => Source::new(id, text),
        };
        let mut sources = HashMap::from([(self.main, edited(self.main, markup))]);
        self.files.clear();
        for (path, data) in files {
            let id = file_id(&path)?;
            if path.ends_with(".typ") {
                let text = String::from_utf8(data)
                    .map_err(|_| Diagnostic::error(format!("`{path}` is not UTF-8 text")))?;
                sources.insert(id, edited(id, text));
            } else {
                self.files.insert(id, Bytes::new(data));
            }
        }
        self.sources = sources;
        Ok(())
    }

    /// The source a file id names, if it is one of this world's sources.
    pub fn source_of(&self, id: FileId) -> Option<&Source> {
        self.sources.get(&id)
    }

    /// The id of the generated main source.
    pub fn main_id(&self) -> FileId {
        self.main
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.get().vpath().get_with_slash()))
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    /// No clock: a report's dates come from `report.yaml`, never from the build.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::{Frame, FrameItem};
    use typst_layout::PagedDocument;

    /// The glyph ids of every text run on the pages of `markup`, in order.
    fn glyphs_of(markup: &str) -> Vec<Vec<u16>> {
        fn walk(frame: &Frame, out: &mut Vec<Vec<u16>>) {
            for (_, item) in frame.items() {
                match item {
                    FrameItem::Group(group) => walk(&group.frame, out),
                    FrameItem::Text(text) => out.push(text.glyphs.iter().map(|g| g.id).collect()),
                    _ => {}
                }
            }
        }
        let mut world = ReportWorld::new().unwrap();
        world.set_input(markup.to_owned(), Vec::new()).unwrap();
        let paged = typst::compile::<PagedDocument>(&world).output.unwrap();
        let mut out = Vec::new();
        for page in paged.pages() {
            walk(&page.frame, &mut out);
        }
        out
    }

    /// scripts/prepare-fonts.py drops Inter's `ccmp` lookups because the shaper itself
    /// composes a letter and a combining mark into the precomposed glyph.
    #[test]
    fn shipped_inter_has_no_ccmp_and_sets_combining_marks_as_precomposed_letters() {
        let ccmp = |font: &Font| {
            let face = ttf_parser::Face::parse(font.data(), font.index()).unwrap();
            let gsub = face.tables().gsub;
            gsub.is_some_and(|t| t.features.into_iter().any(|f| &f.tag.to_bytes() == b"ccmp"))
        };
        let inter: Vec<&Font> = FONTS
            .fonts
            .iter()
            .filter(|f| f.info().family == "Inter")
            .collect();
        assert_eq!(inter.len(), 5);
        assert!(!inter.iter().any(|f| ccmp(f)));

        let composed = "Våxjö, Zoë, Ångström, é í";
        let decomposed =
            "Va\u{30a}xjo\u{308}, Zoe\u{308}, A\u{30a}ngstro\u{308}m, e\u{301} i\u{301}";
        assert_ne!(composed, decomposed);
        let page = |text: &str| glyphs_of(&format!("#set text(font: \"Inter\")\n{text}"));
        let set = page(composed);
        assert_eq!(set.concat().len(), composed.chars().count());
        assert_eq!(page(decomposed), set);
    }
}
