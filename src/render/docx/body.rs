//! Document blocks and inlines as Word paragraphs and tables (docx-rs elements).
//! Numbers, captions and references come from the Document as they are; numbered
//! captions and references become SEQ and REF fields whose shown results are those
//! numbers, so Word can renumber them and they never differ from the site and PDF.

use std::path::Path;

use docx_rs::{
    AlignmentType, BookmarkEnd, BookmarkStart, BreakType, FieldCharType, Footnote, Hyperlink,
    HyperlinkData, HyperlinkType, IndentLevel, InstrText, LevelOverride, Numbering, NumberingId,
    Paragraph, ParagraphChild, Run, Shading, Table, TableCell, TableRow, WidthType,
};

use super::anchors::{Anchors, chapter_prefix, split_around};
use super::images::{self, Picture};
use super::package::FOOTNOTE_MARK;
use super::style::HouseStyle;
use crate::diagnostic::{Diagnostic, Result};
use crate::document::{
    Align, Block, Cell, Chapter, Citation, Columns, CrossRef, Definition, Document, Figure, Inline,
    ReferenceEntry, Spanned, Table as DocTable,
};
use crate::locale::Labels;

/// The numbering of bullet lists, shared by all of them (docx-rs keeps 1 for its own).
pub const BULLETS: usize = 2;
/// The abstract numbering of ordered lists; each list gets its own instance.
pub const ORDERED: usize = 3;

/// A block-level element of the body.
pub enum Item {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

impl From<Paragraph> for Item {
    fn from(paragraph: Paragraph) -> Item {
        Item::Paragraph(Box::new(paragraph))
    }
}

impl From<Table> for Item {
    fn from(table: Table) -> Item {
        Item::Table(Box::new(table))
    }
}

/// Character formatting carried down through nested inlines.
#[derive(Debug, Clone, Copy, Default)]
struct Format {
    bold: bool,
    italic: bool,
    strike: bool,
    style: Option<&'static str>,
}

/// Writes the body; collects what the package needs besides the elements.
pub struct Body<'a> {
    doc: &'a Document,
    anchors: &'a Anchors,
    style: &'a HouseStyle,
    labels: &'static Labels,
    assets_root: &'a Path,
    /// The width of the text column in EMU.
    text_width: u32,
    /// The text alternative of every picture of the main text, in document order.
    pub alts: Vec<String>,
    /// One numbering instance per ordered list (ids from 2).
    pub numberings: Vec<Numbering>,
    /// The chapter being written and the footnote number of each of its notes placed.
    chapter: Option<&'a Chapter>,
    placed: Vec<Option<usize>>,
    footnotes: usize,
    bookmarks: usize,
    pictures: usize,
    links: usize,
    /// The paragraph style of plain paragraphs (changed inside quotes and cells).
    paragraph_style: &'static str,
    /// Inside a footnote: only paragraphs are possible there.
    in_footnote: bool,
    /// The first error met inside a paragraph (an image that cannot be read),
    /// reported when the chapter ends.
    failure: Option<Diagnostic>,
}

impl<'a> Body<'a> {
    pub fn new(
        doc: &'a Document,
        anchors: &'a Anchors,
        style: &'a HouseStyle,
        assets_root: &'a Path,
        text_width: u32,
    ) -> Body<'a> {
        Body {
            doc,
            anchors,
            style,
            labels: doc.lang.labels(),
            assets_root,
            text_width,
            alts: Vec::new(),
            numberings: Vec::new(),
            chapter: None,
            placed: Vec::new(),
            footnotes: 0,
            bookmarks: 0,
            pictures: 0,
            links: 0,
            paragraph_style: "Normal",
            in_footnote: false,
            failure: None,
        }
    }

    /// The cover: logo, title, subtitle and the report facts.
    pub fn cover(&mut self) -> Result<Vec<Item>> {
        let meta = &self.doc.meta;
        let mut items = Vec::new();
        if let Some(logo) = &meta.logo {
            let picture = images::file(&self.assets_root.join(logo), 1_800_000)?;
            let alt = meta.evaluator.clone().unwrap_or_else(|| meta.title.clone());
            let run = self.picture(picture, alt);
            items.push(Item::from(paragraph("Normal", vec![run])));
        }
        items.push(self.text_paragraph("Title", &meta.title));
        if let Some(subtitle) = &meta.subtitle {
            items.push(self.text_paragraph("Subtitle", subtitle));
        }
        for (label, value) in meta.cover_facts(self.doc.lang) {
            let bold = Format {
                bold: true,
                ..Format::default()
            };
            let runs = vec![
                run(&format!("{label}: "), bold),
                run(&value, Format::default()),
            ];
            items.push(Item::from(paragraph("CoverFacts", runs)));
        }
        Ok(items)
    }

    /// The contents heading and a TOC field holding the current headings; Word fills
    /// in the page numbers when it updates the field.
    pub fn contents(&mut self, depth: usize) -> Vec<Item> {
        let mut items = vec![self.text_paragraph("TOCHeading", self.labels.contents)];
        let anchors = self.anchors;
        let entries = &anchors.contents;
        let instruction = format!(" TOC \\o \"1-{depth}\" \\h \\z \\u ");
        for (i, entry) in entries.iter().enumerate() {
            let mut children = Vec::new();
            if i == 0 {
                children.extend(field_start(&instruction, true));
            }
            let link = anchor_link(
                &entry.bookmark,
                vec![
                    run(&entry.text, Format::default()),
                    ParagraphChild::Run(Box::new(Run::new().add_tab())),
                ],
            );
            children.push(link);
            children.extend(field(
                &format!(" PAGEREF {} \\h ", entry.bookmark),
                "",
                Format::default(),
            ));
            if i + 1 == entries.len() {
                children.push(field_char(FieldCharType::End));
            }
            items.push(Item::from(paragraph(
                &format!("TOC{}", entry.level),
                children,
            )));
        }
        items
    }

    /// One chapter: its title as Heading 1, its blocks, its footnotes as Word's.
    pub fn chapter(&mut self, chapter: &'a Chapter) -> Result<Vec<Item>> {
        self.chapter = Some(chapter);
        self.placed = vec![None; chapter.footnotes.len()];
        let prefix = chapter_prefix(chapter, self.doc.numbered, self.labels);
        let title = vec![Inline::Text(chapter.title.clone())];
        let heading = match &prefix {
            Some((text, number)) => {
                let before = text.strip_suffix(&format!("{number}. ")).unwrap_or("");
                self.heading_paragraph(1, &chapter.anchor(), Some((before, number, ". ")), &title)
            }
            None => self.heading_paragraph(1, &chapter.anchor(), None, &title),
        };
        let mut items = vec![heading];
        items.extend(self.blocks(&chapter.blocks)?);
        match self.failure.take() {
            Some(failure) => Err(failure),
            None => Ok(items),
        }
    }

    fn blocks(&mut self, blocks: &[Spanned<Block>]) -> Result<Vec<Item>> {
        let mut items = Vec::new();
        for block in blocks {
            items.extend(self.block(block)?);
        }
        Ok(items)
    }

    fn block(&mut self, block: &Block) -> Result<Vec<Item>> {
        Ok(match block {
            Block::Heading(h) => {
                let number = h.number.as_deref().map(|n| ("", n, " "));
                vec![self.heading_paragraph(usize::from(h.level.max(2)), &h.id, number, &h.content)]
            }
            Block::Paragraph(inlines) => {
                let children = self.inlines(inlines, Format::default());
                vec![Item::from(paragraph(self.paragraph_style, children))]
            }
            Block::List { start, items } => self.list(*start, items, 0)?,
            Block::Quote {
                blocks,
                attribution,
            } => self.quote(blocks, attribution.as_deref())?,
            Block::Code { text } => {
                let mut children = Vec::new();
                for (i, line) in text.trim_end_matches('\n').split('\n').enumerate() {
                    if i > 0 {
                        children.push(ParagraphChild::Run(Box::new(
                            Run::new().add_break(BreakType::TextWrapping),
                        )));
                    }
                    children.push(run(line, Format::default()));
                }
                vec![Item::from(paragraph("HTMLPreformatted", children))]
            }
            Block::Rule => vec![Item::from(paragraph(
                "Centered",
                vec![run("* * *", Format::default())],
            ))],
            Block::Table(table) => self.table(table)?,
            Block::Figure(figure) => self.figure(figure)?,
            Block::Callout { title, blocks } => self.callout(title.as_deref(), blocks)?,
            Block::Columns(columns) => self.columns(columns)?,
            Block::Definitions(definitions) => self.definitions(definitions)?,
            Block::References(list) => list
                .entries
                .iter()
                .map(|entry| self.reference(entry))
                .collect(),
        })
    }

    /// A heading paragraph, bookmarked for the contents and for references: the
    /// bookmark covers the number (`before`, number, `after`) or else the title.
    fn heading_paragraph(
        &mut self,
        level: usize,
        id: &str,
        number: Option<(&str, &str, &str)>,
        content: &[Inline],
    ) -> Item {
        let title = self.inlines(content, Format::default());
        let target = self.anchors.target(id).map(|a| a.bookmark.clone());
        let mut children = Vec::new();
        match number {
            Some((before, number, after)) => {
                children.push(run(before, Format::default()));
                let number = vec![run(number, Format::default())];
                children.extend(self.bookmarked(target.as_deref(), number));
                children.push(run(after, Format::default()));
                children.extend(title);
            }
            None => children.extend(self.bookmarked(target.as_deref(), title)),
        }
        let toc = self.anchors.toc_bookmark(id).map(str::to_owned);
        let children = self.bookmarked(toc.as_deref(), children);
        let level = level.min(4);
        Item::from(paragraph(&format!("Heading{level}"), children))
    }

    /// `children` inside a bookmark called `name`, if there is one.
    fn bookmarked(
        &mut self,
        name: Option<&str>,
        children: Vec<ParagraphChild>,
    ) -> Vec<ParagraphChild> {
        let Some(name) = name else {
            return children;
        };
        self.bookmarks += 1;
        let id = self.bookmarks;
        let mut out = vec![ParagraphChild::BookmarkStart(BookmarkStart::new(id, name))];
        out.extend(children);
        out.push(ParagraphChild::BookmarkEnd(BookmarkEnd::new(id)));
        out
    }

    fn text_paragraph(&mut self, style: &str, text: &str) -> Item {
        Item::from(paragraph(style, vec![run(text, Format::default())]))
    }

    fn list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Spanned<Block>>],
        level: usize,
    ) -> Result<Vec<Item>> {
        let numbering = match start {
            None => BULLETS,
            Some(start) => {
                let id = ORDERED + self.numberings.len() + 1;
                let start = usize::try_from(start).unwrap_or(1);
                self.numberings.push(
                    Numbering::new(id, ORDERED)
                        .add_override(LevelOverride::new(level).start(start)),
                );
                id
            }
        };
        let mut out = Vec::new();
        for item in items {
            for (i, block) in item.iter().enumerate() {
                match &block.node {
                    Block::List { start, items } => {
                        out.extend(self.list(*start, items, level + 1)?)
                    }
                    Block::Paragraph(inlines) if i == 0 => {
                        let children = self.inlines(inlines, Format::default());
                        let p = paragraph("ListParagraph", children)
                            .numbering(NumberingId::new(numbering), IndentLevel::new(level));
                        out.push(Item::from(p));
                    }
                    Block::Paragraph(inlines) => {
                        let children = self.inlines(inlines, Format::default());
                        let indent = 360 * (i32::try_from(level).unwrap_or(0) + 1);
                        let p = paragraph("ListParagraph", children).indent(
                            Some(indent),
                            None,
                            None,
                            None,
                        );
                        out.push(Item::from(p));
                    }
                    other => out.extend(self.block(other)?),
                }
            }
        }
        Ok(out)
    }

    fn quote(&mut self, blocks: &[Spanned<Block>], attribution: Option<&str>) -> Result<Vec<Item>> {
        let outer = std::mem::replace(&mut self.paragraph_style, "Quote");
        let items = self.blocks(blocks);
        self.paragraph_style = outer;
        let mut items = items?;
        if let Some(by) = attribution {
            let p = paragraph("Quote", vec![run(&format!("— {by}"), Format::default())])
                .align(AlignmentType::Right);
            items.push(Item::from(p));
        }
        Ok(items)
    }

    /// A numbered caption: "Tabell " + a SEQ field showing the number, bookmarked for
    /// references, + ". " + the caption text.
    fn caption(&mut self, word: &str, id: Option<&str>, number: Option<u32>, text: &str) -> Item {
        let mut children = Vec::new();
        if let Some(n) = number {
            children.push(run(&format!("{word} "), Format::default()));
            let seq = field(
                &format!(" SEQ {word} \\* ARABIC "),
                &n.to_string(),
                Format::default(),
            );
            let target = id
                .and_then(|id| self.anchors.target(id))
                .map(|a| a.bookmark.clone());
            children.extend(self.bookmarked(target.as_deref(), seq));
            children.push(run(". ", Format::default()));
        }
        children.push(run(text, Format::default()));
        Item::from(paragraph("Caption", children))
    }

    fn table(&mut self, table: &DocTable) -> Result<Vec<Item>> {
        let mut items = Vec::new();
        if table.number.is_some() || table.caption.is_some() {
            let caption = table.caption.as_deref().unwrap_or_default();
            items.push(self.caption(
                self.labels.table,
                table.id.as_deref(),
                table.number,
                caption,
            ));
        }
        let columns = table
            .header
            .iter()
            .chain(&table.rows)
            .chain(&table.footer)
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        let house = self.style;
        let mut rows = Vec::new();
        for row in &table.header {
            rows.push(self.row(row, &table.align, columns, Some(&house.shade), true));
        }
        for row in &table.rows {
            rows.push(self.row(row, &table.align, columns, None, false));
        }
        for row in &table.footer {
            rows.push(self.row(row, &table.align, columns, None, true));
        }
        if !rows.is_empty() {
            items.push(Item::from(self.grid(rows, &column_weights(table, columns))));
        }
        items.extend(self.table_notes(table));
        Ok(items)
    }

    /// A table filling the text width, its columns as wide as `weights` share it.
    fn grid(&self, rows: Vec<TableRow>, weights: &[usize]) -> Table {
        let twips = usize::try_from(self.text_width / 635).unwrap_or(9000);
        let total = weights.iter().sum::<usize>().max(1);
        let widths = weights.iter().map(|w| twips * w / total).collect();
        Table::new(rows)
            .set_grid(widths)
            .width(twips, WidthType::Dxa)
    }

    /// One table row. Header rows are marked as such (repeated on every page);
    /// `bold` sets header and totals rows apart.
    fn row(
        &mut self,
        row: &[Cell],
        align: &[Align],
        columns: usize,
        fill: Option<&str>,
        bold: bool,
    ) -> TableRow {
        let format = Format {
            bold,
            ..Format::default()
        };
        let mut cells: Vec<TableCell> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                self.cell(
                    cell,
                    align.get(i).copied().unwrap_or_default(),
                    format,
                    fill,
                )
            })
            .collect();
        while cells.len() < columns {
            cells.push(TableCell::new().add_paragraph(paragraph("TableText", Vec::new())));
        }
        let row = TableRow::new(cells);
        match fill {
            Some(_) => row.cant_split(),
            None => row,
        }
    }

    fn cell(&mut self, cell: &Cell, align: Align, format: Format, fill: Option<&str>) -> TableCell {
        let mut children = Vec::new();
        if let Some(mark) = cell.mark {
            children.push(run(&format!("{} ", mark.symbol()), format));
        }
        children.extend(self.inlines(&cell.content, format));
        let alignment = match align {
            Align::Left => AlignmentType::Left,
            Align::Center => AlignmentType::Center,
            Align::Right => AlignmentType::Right,
        };
        let p = paragraph("TableText", children).align(alignment);
        let fill = cell
            .mark
            .map(|m| self.style.mark_fill(m).to_owned())
            .or_else(|| fill.map(str::to_owned));
        let cell = TableCell::new().add_paragraph(p);
        match fill {
            Some(fill) => cell.shading(Shading::new().fill(fill)),
            None => cell,
        }
    }

    /// The legend (each mark's symbol and meaning), notes and source under a table.
    fn table_notes(&mut self, table: &DocTable) -> Vec<Item> {
        let mut items = Vec::new();
        if !table.legend.is_empty() {
            let mut children = Vec::new();
            for (i, item) in table.legend.iter().enumerate() {
                if i > 0 {
                    children.push(run("   ", Format::default()));
                }
                let symbol = Run::new()
                    .add_text(item.mark.symbol())
                    .shading(Shading::new().fill(self.style.mark_fill(item.mark)));
                children.push(ParagraphChild::Run(Box::new(symbol)));
                children.push(run(&format!(" {}", item.text), Format::default()));
            }
            items.push(Item::from(paragraph("TableNote", children)));
        }
        for note in &table.notes {
            items.push(self.text_paragraph("TableNote", note));
        }
        items.extend(self.source(table.source.as_deref()));
        items
    }

    fn source(&mut self, source: Option<&str>) -> Option<Item> {
        let text = format!("{}: {}", self.labels.source, source?);
        Some(self.text_paragraph("TableNote", &text))
    }

    /// A chart: its caption, the picture with the chart's text alternative, its source.
    fn figure(&mut self, figure: &Figure) -> Result<Vec<Item>> {
        let caption = self.caption(
            self.labels.figure,
            figure.id.as_deref(),
            figure.number,
            &figure.caption,
        );
        let picture = images::chart(&figure.svg, self.text_width).map_err(|e| {
            Diagnostic::error(format!(
                "the chart “{}” cannot be drawn for the Word document: {e}",
                figure.caption
            ))
        })?;
        let image = self.picture(picture, figure.alt.clone());
        let mut items = vec![caption, Item::from(paragraph("Centered", vec![image]))];
        items.extend(self.source(figure.source.as_deref()));
        Ok(items)
    }

    /// A picture run; its text alternative is set when the package is written.
    fn picture(&mut self, picture: Picture, alt: String) -> ParagraphChild {
        self.pictures += 1;
        let pic =
            docx_rs::Pic::new_with_dimensions(picture.png, picture.width_px, picture.height_px)
                .id(format!("rIdImage{}", self.pictures))
                .size(picture.width_emu, picture.height_emu);
        self.alts.push(alt);
        ParagraphChild::Run(Box::new(Run::new().add_image(pic)))
    }

    /// A box: a one-cell table in the house tint, its title in bold.
    fn callout(&mut self, title: Option<&str>, blocks: &[Spanned<Block>]) -> Result<Vec<Item>> {
        let mut cell = TableCell::new().shading(Shading::new().fill(self.style.tint.clone()));
        if let Some(title) = title {
            let bold = Format {
                bold: true,
                ..Format::default()
            };
            cell = cell.add_paragraph(paragraph("Normal", vec![run(title, bold)]));
        }
        cell = fill_cell(cell, self.blocks(blocks)?);
        Ok(vec![
            Item::from(self.grid(vec![TableRow::new(vec![cell])], &[1])),
            spacer(),
        ])
    }

    /// A theory of change or a matrix: a table with the column titles as its header
    /// row and each column's content beneath.
    fn columns(&mut self, columns: &Columns) -> Result<Vec<Item>> {
        let count = columns.columns.len();
        let bold = Format {
            bold: true,
            ..Format::default()
        };
        let shade = self.style.shade.clone();
        let titles = columns
            .columns
            .iter()
            .map(|c| {
                TableCell::new()
                    .add_paragraph(paragraph("TableText", vec![run(&c.title, bold)]))
                    .shading(Shading::new().fill(shade.clone()))
            })
            .collect();
        let mut bodies = Vec::new();
        for column in &columns.columns {
            bodies.push(fill_cell(TableCell::new(), self.blocks(&column.blocks)?));
        }
        let rows = vec![TableRow::new(titles).cant_split(), TableRow::new(bodies)];
        Ok(vec![Item::from(self.grid(rows, &vec![1; count])), spacer()])
    }

    fn definitions(&mut self, definitions: &[Definition]) -> Result<Vec<Item>> {
        let mut items = Vec::new();
        for definition in definitions {
            let term = self.inlines(&definition.term, Format::default());
            items.push(Item::from(paragraph("DefinitionTerm", term)));
            let outer = std::mem::replace(&mut self.paragraph_style, "Definition");
            let details = self.blocks(&definition.details);
            self.paragraph_style = outer;
            items.extend(details?);
        }
        Ok(items)
    }

    /// One entry of the reference list, bookmarked as the target of its citations.
    fn reference(&mut self, entry: &ReferenceEntry) -> Item {
        let children = self.inlines(&entry.content, Format::default());
        let name = self
            .anchors
            .target(&ReferenceEntry::anchor(&entry.key))
            .map(|a| a.bookmark.clone());
        let children = self.bookmarked(name.as_deref(), children);
        Item::from(paragraph("Bibliography", children))
    }

    fn inlines(&mut self, inlines: &[Inline], format: Format) -> Vec<ParagraphChild> {
        let mut out = Vec::new();
        for inline in inlines {
            out.extend(self.inline(inline, format));
        }
        out
    }

    fn inline(&mut self, inline: &Inline, format: Format) -> Vec<ParagraphChild> {
        match inline {
            Inline::Text(text) => vec![run(text, format)],
            Inline::Emphasis(c) => self.inlines(
                c,
                Format {
                    italic: true,
                    ..format
                },
            ),
            Inline::Strong(c) => self.inlines(
                c,
                Format {
                    bold: true,
                    ..format
                },
            ),
            Inline::Strikethrough(c) => self.inlines(
                c,
                Format {
                    strike: true,
                    ..format
                },
            ),
            Inline::Code(text) => vec![run(
                text,
                Format {
                    style: Some("HTMLCode"),
                    ..format
                },
            )],
            Inline::Link { url, content } => self.link(url, content, format),
            Inline::Image { src, alt, .. } => self.image(src, alt),
            Inline::FootnoteRef(index) => self.footnote(*index),
            Inline::Ref(target) => self.cross_ref(target, format),
            Inline::Citation(citation) => self.citation(citation, format),
            Inline::SoftBreak => vec![run(" ", format)],
            Inline::LineBreak => vec![ParagraphChild::Run(Box::new(
                Run::new().add_break(BreakType::TextWrapping),
            ))],
        }
    }

    /// A web or mail link; any other scheme is kept as plain text.
    fn link(&mut self, url: &str, content: &[Inline], format: Format) -> Vec<ParagraphChild> {
        let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        if !matches!(scheme.as_deref(), Some("http" | "https" | "mailto")) {
            return self.inlines(content, format);
        }
        let text = self.inlines(
            content,
            Format {
                style: Some("Hyperlink"),
                ..format
            },
        );
        self.links += 1;
        let mut link = Hyperlink::new(url, HyperlinkType::External);
        if let HyperlinkData::External { rid, .. } = &mut link.link {
            *rid = format!("rIdHyperlink{}", self.links);
        }
        link.children = text;
        vec![ParagraphChild::Hyperlink(link)]
    }

    /// A chapter image in the text; in a footnote, where Word allows no picture from
    /// this writer, its text alternative.
    fn image(&mut self, src: &str, alt: &str) -> Vec<ParagraphChild> {
        if self.in_footnote {
            return vec![run(alt, Format::default())];
        }
        match images::file(&self.assets_root.join(src), self.text_width) {
            Ok(picture) => vec![self.picture(picture, alt.to_owned())],
            Err(failure) => {
                self.failure.get_or_insert(failure);
                Vec::new()
            }
        }
    }

    /// A Word footnote at the first reference; a later reference to the same note
    /// repeats its number.
    fn footnote(&mut self, index: usize) -> Vec<ParagraphChild> {
        let Some(chapter) = self.chapter else {
            return Vec::new();
        };
        let Some(blocks) = chapter.footnotes.get(index) else {
            return Vec::new();
        };
        if let Some(number) = self.placed[index] {
            let mark = Run::new()
                .add_text(number.to_string())
                .style("FootnoteReference");
            return vec![ParagraphChild::Run(Box::new(mark))];
        }
        self.footnotes += 1;
        let number = self.footnotes;
        self.placed[index] = Some(number);
        let outer = std::mem::replace(&mut self.paragraph_style, "FootnoteText");
        let was_in_footnote = std::mem::replace(&mut self.in_footnote, true);
        let content = self.footnote_paragraphs(blocks);
        self.in_footnote = was_in_footnote;
        self.paragraph_style = outer;
        let footnote = Footnote {
            id: number,
            content,
        };
        vec![ParagraphChild::Run(Box::new(
            Run::new().add_footnote_reference(footnote),
        ))]
    }

    /// A footnote's blocks as paragraphs, the first starting with the note's mark.
    fn footnote_paragraphs(&mut self, blocks: &[Spanned<Block>]) -> Vec<Paragraph> {
        let items = self.blocks(blocks).unwrap_or_else(|failure| {
            self.failure.get_or_insert(failure);
            Vec::new()
        });
        let mut paragraphs: Vec<Paragraph> = items
            .into_iter()
            .filter_map(|item| match item {
                Item::Paragraph(p) => Some(*p),
                Item::Table(_) => None,
            })
            .collect();
        if paragraphs.is_empty() {
            paragraphs.push(paragraph("FootnoteText", Vec::new()));
        }
        let mark = Run::new()
            .add_text(FOOTNOTE_MARK)
            .style("FootnoteReference");
        let first = &mut paragraphs[0];
        first.children.insert(0, run(" ", Format::default()));
        first
            .children
            .insert(0, ParagraphChild::Run(Box::new(mark)));
        paragraphs
    }

    /// A cross-reference: its text with the part the target's bookmark covers as a
    /// REF field (Word updates it), or a link when the text does not hold that part.
    fn cross_ref(&mut self, target: &CrossRef, format: Format) -> Vec<ParagraphChild> {
        let Some(anchor) = self.anchors.target(&target.id) else {
            return vec![run(&target.text, format)];
        };
        match split_around(&target.text, &anchor.key) {
            Some((before, key, after)) => {
                let mut out = vec![run(before, format)];
                out.extend(field(
                    &format!(" REF {} \\h ", anchor.bookmark),
                    key,
                    format,
                ));
                out.push(run(after, format));
                out
            }
            None => vec![anchor_link(
                &anchor.bookmark,
                vec![run(&target.text, format)],
            )],
        }
    }

    /// "(A 2016; B 2019)", each item linked to its entry in the reference list.
    fn citation(&mut self, citation: &Citation, format: Format) -> Vec<ParagraphChild> {
        let mut out = vec![run("(", format)];
        for (i, item) in citation.items.iter().enumerate() {
            if i > 0 {
                out.push(run("; ", format));
            }
            let text = run(&item.text, format);
            let anchor = citation
                .list
                .as_ref()
                .and_then(|_| self.anchors.target(&ReferenceEntry::anchor(&item.key)));
            out.push(match anchor {
                Some(anchor) => anchor_link(&anchor.bookmark, vec![text]),
                None => text,
            });
        }
        out.push(run(")", format));
        out
    }
}

/// How wide each column of a table should be relative to the others: its longest
/// text up to 16 characters, plus room for the cell's margins and a mark's symbol (a
/// question column gets more room than a count, but never crowds the numbers out).
fn column_weights(table: &DocTable, columns: usize) -> Vec<usize> {
    let mut weights = vec![1; columns];
    for row in table.header.iter().chain(&table.rows).chain(&table.footer) {
        for (weight, cell) in weights.iter_mut().zip(row) {
            let symbol = if cell.mark.is_some() { 2 } else { 0 };
            *weight = (*weight).max(cell.plain().chars().count().min(16) + symbol);
        }
    }
    weights.iter().map(|w| w + 3).collect()
}

/// Fills a table cell with blocks; a cell must hold at least one paragraph.
fn fill_cell(mut cell: TableCell, items: Vec<Item>) -> TableCell {
    let empty = items.is_empty();
    for item in items {
        cell = match item {
            Item::Paragraph(p) => cell.add_paragraph(*p),
            Item::Table(t) => cell.add_table(*t),
        };
    }
    if empty {
        cell = cell.add_paragraph(Paragraph::new());
    }
    cell
}

/// An empty paragraph after a table, so two tables never merge into one.
fn spacer() -> Item {
    Item::from(paragraph("Normal", Vec::new()))
}

/// A paragraph in `style`.
fn paragraph(style: &str, children: Vec<ParagraphChild>) -> Paragraph {
    let mut p = Paragraph::new().style(style);
    p.children = children;
    p
}

/// A run of text: line breaks become spaces; other control characters (which XML
/// cannot hold) and the footnote-mark placeholder are dropped.
fn run(text: &str, format: Format) -> ParagraphChild {
    let clean: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() || FOOTNOTE_MARK.starts_with(c) => None,
            c => Some(c),
        })
        .collect();
    let mut run = Run::new().add_text(clean);
    if format.bold {
        run = run.bold();
    }
    if format.italic {
        run = run.italic();
    }
    if format.strike {
        run = run.strike();
    }
    if let Some(style) = format.style {
        run = run.style(style);
    }
    ParagraphChild::Run(Box::new(run))
}

fn field_char(kind: FieldCharType) -> ParagraphChild {
    ParagraphChild::Run(Box::new(Run::new().add_field_char(kind, false)))
}

/// The start of a field: begin, instruction, separate. `dirty` asks Word to update it.
fn field_start(instruction: &str, dirty: bool) -> Vec<ParagraphChild> {
    let run = Run::new()
        .add_field_char(FieldCharType::Begin, dirty)
        .add_instr_text(InstrText::Unsupported(instruction.to_owned()))
        .add_field_char(FieldCharType::Separate, false);
    vec![ParagraphChild::Run(Box::new(run))]
}

/// A whole field showing `result` until Word updates it.
fn field(instruction: &str, result: &str, format: Format) -> Vec<ParagraphChild> {
    let mut out = field_start(instruction, false);
    out.push(run(result, format));
    out.push(field_char(FieldCharType::End));
    out
}

/// "Sida 3 av 19": `paragraph` with PAGE and NUMPAGES fields.
pub fn page_counter(mut paragraph: Paragraph, page: &str, of: &str) -> Paragraph {
    let plain = Format::default();
    paragraph.children.push(run(&format!("{page} "), plain));
    paragraph.children.extend(field(" PAGE ", "1", plain));
    paragraph.children.push(run(&format!(" {of} "), plain));
    paragraph.children.extend(field(" NUMPAGES ", "1", plain));
    paragraph
}

/// A link to a bookmark of this document.
fn anchor_link(bookmark: &str, children: Vec<ParagraphChild>) -> ParagraphChild {
    let mut link = Hyperlink::new(bookmark, HyperlinkType::Anchor);
    link.children = children;
    ParagraphChild::Hyperlink(link)
}
