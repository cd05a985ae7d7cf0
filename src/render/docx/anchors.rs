//! Word bookmarks for everything a reference can point at, named before any text is
//! written so that a reference may come before its target. A bookmark covers the
//! part of the target a reference repeats: a table's or figure's number, a numbered
//! heading's number, else the heading's title; a REF field shows that text.

use std::collections::HashMap;

use crate::document::{Block, Chapter, ChapterKind, Document, plain_text};
use crate::locale::Labels;

/// The bookmark of one target.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// A hidden Word bookmark name (`_Ref000003`).
    pub bookmark: String,
    /// The text the bookmark covers, and a REF field to it shows.
    pub key: String,
}

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub level: usize,
    pub text: String,
    /// The bookmark around the whole heading (`_Toc000001`).
    pub bookmark: String,
}

/// Every target of the report by anchor id, and the contents.
#[derive(Debug, Default)]
pub struct Anchors {
    targets: HashMap<String, Anchor>,
    toc_bookmarks: HashMap<String, String>,
    pub contents: Vec<TocEntry>,
}

/// How a chapter's heading reads: the prefix with its number ("Bilaga 1. ", "2. ")
/// and the number alone, when the heading shows one.
pub fn chapter_prefix(
    chapter: &Chapter,
    numbered: bool,
    labels: &Labels,
) -> Option<(String, String)> {
    match (chapter.kind, &chapter.number) {
        (ChapterKind::Appendix, Some(n)) => Some((format!("{} {n}. ", labels.appendix), n.clone())),
        (ChapterKind::Main, Some(n)) if numbered => Some((format!("{n}. "), n.clone())),
        _ => None,
    }
}

impl Anchors {
    /// Names a bookmark for every chapter, heading, numbered table and figure and
    /// reference-list entry; headings down to `toc_depth` also get a contents line.
    pub fn collect(doc: &Document, toc_depth: usize) -> Anchors {
        let labels = doc.lang.labels();
        let mut anchors = Anchors::default();
        for chapter in &doc.chapters {
            let prefix = chapter_prefix(chapter, doc.numbered, labels);
            let key = prefix
                .as_ref()
                .map_or_else(|| chapter.title.clone(), |(_, n)| n.clone());
            anchors.add(&chapter.anchor(), key);
            let text = format!(
                "{}{}",
                prefix.map(|(p, _)| p).unwrap_or_default(),
                chapter.title
            );
            anchors.add_contents(&chapter.anchor(), 1, text, toc_depth);
            for block in &chapter.blocks {
                anchors.add_block(block, toc_depth);
            }
        }
        anchors
    }

    fn add_block(&mut self, block: &Block, toc_depth: usize) {
        match block {
            Block::Heading(h) => {
                let title = plain_text(&h.content);
                let key = h.number.clone().unwrap_or_else(|| title.clone());
                self.add(&h.id, key);
                let text = match &h.number {
                    Some(n) => format!("{n} {title}"),
                    None => title,
                };
                self.add_contents(&h.id, usize::from(h.level), text, toc_depth);
            }
            Block::Table(table) => {
                if let (Some(id), Some(n)) = (&table.id, table.number) {
                    self.add(id, n.to_string());
                }
            }
            Block::Figure(figure) => {
                if let (Some(id), Some(n)) = (&figure.id, figure.number) {
                    self.add(id, n.to_string());
                }
            }
            Block::References(list) => {
                for entry in &list.entries {
                    let id = crate::document::ReferenceEntry::anchor(&entry.key);
                    self.add(&id, plain_text(&entry.content));
                }
            }
            _ => {}
        }
    }

    fn add(&mut self, id: &str, key: String) {
        let bookmark = format!("_Ref{:06}", self.targets.len() + 1);
        self.targets
            .entry(id.to_owned())
            .or_insert(Anchor { bookmark, key });
    }

    fn add_contents(&mut self, id: &str, level: usize, text: String, toc_depth: usize) {
        if level > toc_depth {
            return;
        }
        let bookmark = format!("_Toc{:06}", self.contents.len() + 1);
        self.toc_bookmarks.insert(id.to_owned(), bookmark.clone());
        self.contents.push(TocEntry {
            level,
            text,
            bookmark,
        });
    }

    /// The bookmark of the target `id`.
    pub fn target(&self, id: &str) -> Option<&Anchor> {
        self.targets.get(id)
    }

    /// The contents bookmark of the heading `id`, when it is in the contents.
    pub fn toc_bookmark(&self, id: &str) -> Option<&str> {
        self.toc_bookmarks.get(id).map(String::as_str)
    }
}

/// A reference's text split around the target's key: `("tabell ", "3", "")`.
pub fn split_around<'a>(text: &'a str, key: &str) -> Option<(&'a str, &'a str, &'a str)> {
    if key.is_empty() {
        return None;
    }
    let at = text.rfind(key)?;
    Some((
        &text[..at],
        &text[at..at + key.len()],
        &text[at + key.len()..],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_split_around_what_its_bookmark_covers() {
        assert_eq!(split_around("tabell 3", "3"), Some(("tabell ", "3", "")));
        assert_eq!(split_around("”Metod”", "Metod"), Some(("”", "Metod", "”")));
        assert_eq!(split_around("Tabell 13", "13"), Some(("Tabell ", "13", "")));
        assert_eq!(split_around("figur 2", "4"), None);
        assert_eq!(split_around("figur 2", ""), None);
    }
}
