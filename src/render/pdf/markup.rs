//! Document → Typst markup. Every piece of user text passes through [`escape`] (in
//! markup) or [`string_literal`] (in code); the look comes from the house-style
//! template `report.typ`, whose functions this markup calls.

use std::fmt::Write as _;
use std::ops::Range;

use crate::diagnostic::Span;
use crate::document::{
    Align, Block, Cell, Chapter, ChapterKind, Citation, Columns, ColumnsKind, CrossRef, Document,
    Figure, Heading, Inline, Mark, ReferenceEntry, Spanned, Table,
};
use crate::locale::Labels;

/// The generated main source and what it refers to.
pub struct Markup {
    pub text: String,
    /// The byte range of each chapter in `text`, in the order of `Document::chapters`.
    pub chapters: Vec<Range<usize>>,
    /// The virtual SVG files the markup loads, one per figure.
    pub images: Vec<Image>,
    /// Where each block of the chapters is written in `text` and in its chapter: the
    /// source map that puts Typst's errors and warnings on the chapter's line.
    pub origins: Vec<Origin>,
    /// The first image or figure without a text alternative (PDF/UA-1 requires one).
    pub missing_alt: Option<Place>,
}

/// A place in a chapter: the chapter's index and a span in its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    pub chapter: usize,
    pub span: Span,
}

/// One block of the generated markup: its byte range there and its place.
pub struct Origin {
    pub range: Range<usize>,
    pub place: Place,
}

impl Markup {
    /// The place of the innermost block written at byte `offset` of the markup.
    pub fn place(&self, offset: usize) -> Option<Place> {
        self.origins
            .iter()
            .filter(|o| o.range.contains(&offset))
            .min_by_key(|o| o.range.len())
            .map(|o| o.place)
    }
}

/// A chart handed to Typst as a virtual file.
pub struct Image {
    pub path: String,
    pub svg: String,
    /// Where the chapter that shows it writes it.
    pub place: Place,
}

/// Text set literally in Typst markup: every ASCII punctuation character that could
/// start markup, a comment, a label, a reference or an expression is backslash-escaped,
/// and line breaks become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            '\\' | '/' | '#' | '$' | '*' | '_' | '@' | '<' | '>' | '[' | ']' | '{' | '}' | '('
            | ')' | '=' | '-' | '+' | '~' | '`' | '.' | ':' | '^' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text as a Typst string literal, quotes included.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The virtual path of an image of the report folder.
pub fn media_path(src: &str) -> String {
    format!("/media/{src}")
}

/// User text as a content block: `[escaped]`.
fn content(text: &str) -> String {
    format!("[{}]", escape(text))
}

/// Optional text as a content block, or `none`.
fn content_or_none(text: Option<&str>) -> String {
    text.map_or_else(|| "none".to_owned(), content)
}

/// A Typst array; the trailing comma keeps one-element arrays arrays.
fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from("(");
    for item in items {
        out.push_str(&item);
        out.push_str(", ");
    }
    out.push(')');
    out
}

/// Optional text as a string literal, or `none`.
fn string_or_none(text: Option<&str>) -> String {
    text.map_or_else(|| "none".to_owned(), string_literal)
}

/// The whole report as Typst markup. `logo` is the virtual path of the cover logo.
pub fn document(doc: &Document, logo: Option<&str>) -> Markup {
    let labels = doc.lang.labels();
    let mut writer = Writer {
        out: String::new(),
        labels,
        images: Vec::new(),
        origins: Vec::new(),
        missing_alt: None,
        place: Place {
            chapter: 0,
            span: Span::default(),
        },
        nesting: 0,
    };
    writer.preamble(doc, logo);
    let chapters = doc
        .chapters
        .iter()
        .enumerate()
        .map(|(index, chapter)| writer.chapter(index, chapter, doc.numbered))
        .collect();
    Markup {
        text: writer.out,
        chapters,
        missing_alt: writer.missing_alt,
        images: writer.images,
        origins: writer.origins,
    }
}

struct Writer {
    out: String,
    labels: &'static Labels,
    images: Vec<Image>,
    origins: Vec<Origin>,
    missing_alt: Option<Place>,
    /// The chapter being written and the span of the block being started.
    place: Place,
    /// How deep the block being written is nested in boxes, lists or columns.
    nesting: usize,
}

/// The footnotes of the chapter being written, and which were already placed.
struct Notes<'a> {
    chapter: &'a Chapter,
    placed: Vec<bool>,
}

impl Writer {
    fn preamble(&mut self, doc: &Document, logo: Option<&str>) {
        let meta = &doc.meta;
        let l = self.labels;
        let _ = writeln!(
            self.out,
            "#import \"report.typ\": *\n\
             #show: report.with(\n  title: {},\n  authors: {},\n  lang: {},\n  \
             running-title: {},\n  page-word: {},\n  of-word: {},\n)",
            string_literal(&meta.title),
            array(meta.authors.iter().map(|a| string_literal(a))),
            string_literal(doc.lang.code()),
            content(&meta.title),
            content(l.page),
            content(l.page_of),
        );
        let facts = meta
            .cover_facts(doc.lang)
            .into_iter()
            .map(|(label, value)| array([content(label), content(&value)]));
        let logo_alt = meta.evaluator.as_deref().unwrap_or(&meta.title);
        let _ = writeln!(
            self.out,
            "#cover(\n  title: {},\n  subtitle: {},\n  facts: {},\n  logo: {},\n  \
             logo-alt: {},\n)\n#contents(title: {})",
            content(&meta.title),
            content_or_none(meta.subtitle.as_deref()),
            array(facts),
            string_or_none(logo),
            string_literal(logo_alt),
            content(l.contents),
        );
    }

    fn chapter(&mut self, index: usize, chapter: &Chapter, numbered: bool) -> Range<usize> {
        let start = self.out.len();
        self.place.chapter = index;
        let _ = writeln!(self.out, "\n// chapter {index}");
        let prefix = match (chapter.kind, &chapter.number) {
            (ChapterKind::Appendix, Some(n)) => Some(format!("{} {n}:", self.labels.appendix)),
            (ChapterKind::Main, Some(n)) if numbered => Some(format!("{n}.")),
            _ => None,
        };
        let _ = writeln!(
            self.out,
            "#chapter(prefix: {}, id: {})[{}]\n",
            content_or_none(prefix.as_deref()),
            string_literal(&chapter.anchor()),
            escape(&chapter.title),
        );
        let mut notes = Notes {
            chapter,
            placed: vec![false; chapter.footnotes.len()],
        };
        self.blocks(&chapter.blocks, &mut notes);
        start..self.out.len()
    }

    fn blocks(&mut self, blocks: &[Spanned<Block>], notes: &mut Notes) {
        for block in blocks {
            let start = self.out.len();
            self.place.span = block.span;
            let place = self.place;
            self.block(block, notes);
            self.origins.push(Origin {
                range: start..self.out.len(),
                place,
            });
            self.out.push_str("\n\n");
        }
    }

    /// Blocks as a content block `[...]`, for function arguments.
    fn blocks_arg(&mut self, blocks: &[Spanned<Block>], notes: &mut Notes) {
        self.out.push('[');
        self.nesting += 1;
        self.blocks(blocks, notes);
        self.nesting -= 1;
        self.out.push(']');
    }

    /// A block; a table, figure or set of columns marked `liggande` goes on a
    /// landscape page of its own (a page cannot start inside a box: there it stays).
    fn block(&mut self, block: &Block, notes: &mut Notes) {
        let landscape = self.nesting == 0
            && match block {
                Block::Table(t) => t.landscape,
                Block::Figure(f) => f.landscape,
                Block::Columns(c) => c.landscape,
                _ => false,
            };
        if landscape {
            self.out.push_str("#landscape[");
            self.unframed_block(block, notes);
            self.out.push(']');
        } else {
            self.unframed_block(block, notes);
        }
    }

    fn unframed_block(&mut self, block: &Block, notes: &mut Notes) {
        match block {
            Block::Heading(heading) => self.heading(heading, notes),
            Block::Paragraph(inlines) => self.inlines(inlines, notes),
            Block::List { start, items } => self.list(*start, items, notes),
            Block::Quote {
                blocks,
                attribution,
            } => {
                let _ = write!(
                    self.out,
                    "#quote(block: true, attribution: {})",
                    content_or_none(attribution.as_deref())
                );
                self.blocks_arg(blocks, notes);
            }
            Block::Columns(columns) => self.columns(columns, notes),
            Block::Definitions(definitions) => {
                for definition in definitions {
                    self.out
                        .push_str("#block(breakable: false, below: 0.9em)[#strong[");
                    self.inlines(&definition.term, notes);
                    self.out.push_str("] \\\n");
                    self.blocks(&definition.details, notes);
                    self.out.push_str("]\n");
                }
            }
            Block::Code { text } => {
                let _ = write!(self.out, "#raw(block: true, {})", string_literal(text));
            }
            Block::Rule => self.out.push_str("#divider()"),
            Block::Table(table) => self.table(table, notes),
            Block::Figure(figure) => self.figure(figure),
            Block::References(list) => self.references(&list.entries, notes),
            Block::Callout { title, blocks } => {
                let _ = write!(
                    self.out,
                    "#callout(title: {})",
                    content_or_none(title.as_deref())
                );
                self.blocks_arg(blocks, notes);
            }
        }
    }

    /// A theory of change (a figure) or a matrix (a table): titles and bodies as
    /// arrays for `column-grid`, with its caption when it has one.
    fn columns(&mut self, columns: &Columns, notes: &mut Notes) {
        let (kind, function) = match columns.kind {
            ColumnsKind::TheoryOfChange => ("theory-of-change", "chart-figure"),
            ColumnsKind::Matrix => ("matrix", "table-figure"),
        };
        let framed = columns.caption.is_some() || columns.source.is_some();
        let grid = match (framed, columns.kind) {
            (false, _) => "#column-grid(",
            (true, ColumnsKind::TheoryOfChange) => "column-grid(",
            (true, ColumnsKind::Matrix) => "column-grid.with(",
        };
        if framed {
            let _ = write!(
                self.out,
                "#{function}(\n  id: {},\n  number: {},\n  caption: {},\n  source: {},\n  \
                 source-word: {},\n  ",
                string_or_none(columns.id.as_deref()),
                string_or_none(columns.number.map(|n| n.to_string()).as_deref()),
                content_or_none(columns.caption.as_deref()),
                content_or_none(columns.source.as_deref()),
                content(self.labels.source),
            );
        }
        let titles: Vec<String> = columns.columns.iter().map(|c| content(&c.title)).collect();
        let _ = write!(
            self.out,
            "{grid}kind: \"{kind}\", titles: ({},), bodies: (",
            titles.join(", ")
        );
        for column in &columns.columns {
            self.blocks_arg(&column.blocks, notes);
            self.out.push_str(", ");
        }
        self.out.push_str("))");
        if framed {
            self.out.push_str(",\n)");
        }
    }

    /// The reference list with hanging indents; each entry is labelled for citations.
    fn references(&mut self, entries: &[ReferenceEntry], notes: &mut Notes) {
        self.out.push_str("#reference-list((");
        for entry in entries {
            let _ = write!(
                self.out,
                "({}, [",
                string_literal(&ReferenceEntry::anchor(&entry.key))
            );
            self.inlines(&entry.content, notes);
            self.out.push_str("]), ");
        }
        self.out.push_str("))");
    }

    fn heading(&mut self, heading: &Heading, notes: &mut Notes) {
        let _ = write!(
            self.out,
            "#section(level: {}, number: {}, id: {})[",
            heading.level.max(2),
            content_or_none(heading.number.as_deref()),
            string_literal(&heading.id),
        );
        self.inlines(&heading.content, notes);
        self.out.push(']');
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Spanned<Block>>], notes: &mut Notes) {
        match start {
            Some(n) => {
                let _ = write!(self.out, "#enum(start: {n}, ");
            }
            None => self.out.push_str("#list("),
        }
        for item in items {
            self.blocks_arg(item, notes);
            self.out.push_str(", ");
        }
        self.out.push(')');
    }

    fn table(&mut self, table: &Table, notes: &mut Notes) {
        let caption = match (table.number, &table.caption) {
            (None, None) => "none".to_owned(),
            (_, caption) => content(caption.as_deref().unwrap_or_default()),
        };
        let legend = array(
            table
                .legend
                .iter()
                .map(|item| array([mark_arg(item.mark), content(&item.text)])),
        );
        let _ = write!(
            self.out,
            "#table-figure(\n  id: {},\n  number: {},\n  caption: {caption},\n  \
             legend: {legend},\n  notes: {},\n  source: {},\n  source-word: {},\n  \
             data-table.with(\n    align: {},\n    header: ",
            string_or_none(table.id.as_deref()),
            string_or_none(table.number.map(|n| n.to_string()).as_deref()),
            array(table.notes.iter().map(|n| content(n))),
            content_or_none(table.source.as_deref()),
            content(self.labels.source),
            array(table.align.iter().map(|a| align_name(*a).to_owned())),
        );
        self.rows(&table.header, notes);
        self.out.push_str(",\n    rows: ");
        self.rows(&table.rows, notes);
        self.out.push_str(",\n    footer: ");
        self.rows(&table.footer, notes);
        self.out.push_str(",\n  ),\n)");
    }

    fn rows(&mut self, rows: &[Vec<Cell>], notes: &mut Notes) {
        self.out.push('(');
        for row in rows {
            self.out.push('(');
            for cell in row {
                self.cell(cell, notes);
                self.out.push_str(", ");
            }
            self.out.push_str("), ");
        }
        self.out.push(')');
    }

    fn cell(&mut self, cell: &Cell, notes: &mut Notes) {
        if let Some(mark) = cell.mark {
            let _ = write!(self.out, "marked({}, ", mark_arg(mark));
        }
        self.out.push('[');
        self.inlines(&cell.content, notes);
        self.out.push(']');
        if cell.mark.is_some() {
            self.out.push(')');
        }
    }

    fn figure(&mut self, figure: &Figure) {
        let path = format!("/fig-{}.svg", self.images.len() + 1);
        let _ = write!(
            self.out,
            "#chart-figure(\n  id: {},\n  number: {},\n  caption: {},\n  source: {},\n  \
             source-word: {},\n  image({}, alt: {}),\n)",
            string_or_none(figure.id.as_deref()),
            string_or_none(figure.number.map(|n| n.to_string()).as_deref()),
            content(&figure.caption),
            content_or_none(figure.source.as_deref()),
            content(self.labels.source),
            string_literal(&path),
            string_literal(&figure.alt),
        );
        self.images.push(Image {
            path,
            svg: figure.svg.clone(),
            place: self.place,
        });
        if figure.alt.trim().is_empty() {
            self.note_missing_alt(self.place.span);
        }
    }

    /// Remembers the first image without a text alternative, written at `span`.
    fn note_missing_alt(&mut self, span: Span) {
        self.missing_alt.get_or_insert(Place {
            chapter: self.place.chapter,
            span,
        });
    }

    fn inlines(&mut self, inlines: &[Inline], notes: &mut Notes) {
        for inline in inlines {
            self.inline(inline, notes);
        }
    }

    fn wrapped(&mut self, function: &str, inlines: &[Inline], notes: &mut Notes) {
        let _ = write!(self.out, "#{function}[");
        self.inlines(inlines, notes);
        self.out.push(']');
    }

    fn inline(&mut self, inline: &Inline, notes: &mut Notes) {
        match inline {
            Inline::Text(text) => self.out.push_str(&escape(text)),
            Inline::Emphasis(c) => self.wrapped("emph", c, notes),
            Inline::Strong(c) => self.wrapped("strong", c, notes),
            Inline::Strikethrough(c) => self.wrapped("strike", c, notes),
            Inline::Code(text) => {
                let _ = write!(self.out, "#raw({})", string_literal(text));
            }
            Inline::Link { url, content } => {
                let _ = write!(self.out, "#link({})", string_literal(url));
                self.out.push('[');
                self.inlines(content, notes);
                self.out.push(']');
            }
            Inline::Image { src, alt, span } => {
                let _ = write!(
                    self.out,
                    "#box(image({}, alt: {}))",
                    string_literal(&media_path(src)),
                    string_literal(alt)
                );
                if alt.trim().is_empty() {
                    self.note_missing_alt(*span);
                }
            }
            Inline::FootnoteRef(index) => self.footnote(*index, notes),
            Inline::Ref(target) => self.cross_ref(target),
            Inline::Citation(citation) => self.citation(citation),
            Inline::SoftBreak => self.out.push(' '),
            Inline::LineBreak => self.out.push_str("#linebreak()"),
        }
    }

    /// A footnote: its text at the first reference, a link back to it after that.
    fn footnote(&mut self, index: usize, notes: &mut Notes) {
        let chapter = notes.chapter;
        let Some(blocks) = chapter.footnotes.get(index) else {
            return;
        };
        let label = string_literal(&format!("fn-{}-{index}", chapter.slug));
        if std::mem::replace(&mut notes.placed[index], true) {
            let _ = write!(self.out, "#footnote(label({label}))");
            return;
        }
        self.out.push_str("#footnote");
        self.blocks_arg(blocks, notes);
        let _ = write!(self.out, "#label({label})");
    }

    fn cross_ref(&mut self, target: &CrossRef) {
        let _ = write!(
            self.out,
            "#xref({}, {}, {})",
            string_literal(&target.id),
            content(&target.text),
            content(self.labels.on_page),
        );
    }

    /// "(A 2016; B 2019)", each item linked to its entry when the report has a list.
    fn citation(&mut self, citation: &Citation) {
        self.out.push_str(&escape("("));
        for (i, item) in citation.items.iter().enumerate() {
            if i > 0 {
                // Escaped: a `;` right after `#link(…)[…]` would end the expression.
                self.out.push_str("\\; ");
            }
            match citation.list {
                Some(_) => {
                    let _ = write!(
                        self.out,
                        "#link(label({}))[{}]",
                        string_literal(&ReferenceEntry::anchor(&item.key)),
                        escape(&item.text)
                    );
                }
                None => self.out.push_str(&escape(&item.text)),
            }
        }
        self.out.push_str(&escape(")"));
    }
}

/// A mark for the template: its colour name and its symbol (from [`Mark::symbol`],
/// so the PDF shows the same symbols as the site).
fn mark_arg(mark: Mark) -> String {
    format!(
        "({}, {})",
        string_literal(mark.name()),
        string_literal(mark.symbol())
    )
}

fn align_name(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Position, SourceText};
    use crate::locale::Lang;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(escape("#let x = 1"), "\\#let x \\= 1");
        assert_eq!(escape("$5 *fet* _kursiv_"), "\\$5 \\*fet\\* \\_kursiv\\_");
        assert_eq!(escape("@ref <lbl>"), "\\@ref \\<lbl\\>");
        assert_eq!(escape("[a] {b} (c)"), "\\[a\\] \\{b\\} \\(c\\)");
        assert_eq!(escape("a\\b // kommentar"), "a\\\\b \\/\\/ kommentar");
        assert_eq!(escape("/* block */"), "\\/\\* block \\*\\/");
        assert_eq!(escape("- punkt\n= rubrik"), "\\- punkt \\= rubrik");
        assert_eq!(escape("1. lista ~ `kod`"), "1\\. lista \\~ \\`kod\\`");
    }

    #[test]
    fn escape_keeps_swedish_text_and_quotes() {
        assert_eq!(
            escape("Räksmörgås, \"citat\" 46,07\u{a0}%"),
            "Räksmörgås, \"citat\" 46,07\u{a0}%"
        );
    }

    /// A one-chapter Document of the markdown `body`.
    fn document_of(body: &str) -> Document {
        use crate::document::prose::Expanded;
        let expanded = Expanded::verbatim(body);
        let parsed =
            crate::document::markdown::parse(&expanded, Lang::Sv, &mut |_| Ok(Vec::new())).unwrap();
        let meta = serde_json::from_str(r#"{"title": "T", "date": "2025-01-01"}"#).unwrap();
        Document {
            meta,
            lang: Lang::Sv,
            numbered: false,
            chapters: vec![Chapter {
                slug: "a".into(),
                title: "A".into(),
                number: None,
                kind: ChapterKind::Main,
                blocks: parsed.blocks,
                footnotes: parsed.footnotes,
                source: "content/a.md".into(),
                text: SourceText::new(body, 3),
            }],
            images: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn a_markup_offset_maps_to_the_innermost_block_of_the_chapter() {
        let body = "Första stycket.\n\n> Citat med *ord*.\n";
        let doc = document_of(body);
        let markup = document(&doc, None);
        let at = |needle: &str| markup.place(markup.text.find(needle).unwrap()).unwrap();
        // The paragraph inside the quote (byte 20: "ö" takes two), not the quote (18).
        assert_eq!(at("Citat").span.start, 20);
        assert_eq!(at("Första").span.start, 0);
        let text = &doc.chapters[0].text;
        assert_eq!(
            text.position(at("Citat").span),
            Position { line: 6, column: 3 }
        );
        assert_eq!(markup.place(0), None, "the preamble is no block");
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(
            string_literal("a \"b\" \\ c\nd"),
            "\"a \\\"b\\\" \\\\ c\\nd\""
        );
    }
}
