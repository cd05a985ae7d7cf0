//! Markdown chapters to Document blocks, with pulldown-cmark.
//!
//! Besides CommonMark with tables, footnotes, strikethrough, heading ids (`{#id}`)
//! and smart punctuation, a chapter may contain:
//! - directives: a fenced block whose info string is `{name}` (e.g. ```` ```{table} ````)
//!   with a YAML body, turned into blocks by the caller;
//! - cross-references: `@tab-…`, `@fig-…`, `@sec-…` or `@kap-…`, resolved after every
//!   chapter is numbered;
//! - citations: `[@key]`, `[@a; @b]`, `[@key, s. 12]`, resolved against the
//!   bibliography during layout;
//! - footnotes shared with the markdown of its directives ([`Footnotes`]): a box's
//!   `[^a]` may refer to a text written in the chapter, and the other way round.
//!
//! Raw HTML is never passed through: it is shown as text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::prose::Expanded;
use super::{
    Align, Block, Cell, Citation, CiteItem, CrossRef, Definition, Heading, Inline, Spanned, Table,
};
use crate::diagnostic::{Diagnostic, Position, Result, Span};
use crate::locale::Lang;

/// Prefixes that make `@prefix-name` a cross-reference.
pub const REFERENCE_PREFIXES: [&str; 4] = ["tab-", "fig-", "sec-", "kap-"];

/// A directive found in the text: its name, body and the body's first line.
pub struct Directive<'a> {
    pub name: &'a str,
    /// The text after `{name}` on the opening line (e.g. a callout's title).
    pub argument: &'a str,
    /// The body (YAML or markdown, after `{{ }}` expansion), with where each part of
    /// it is written in the chapter: markdown parsed from it has spans in the chapter.
    pub body: &'a Expanded,
    /// 1-based line in the markdown text where the body starts.
    pub line: usize,
    /// The chapter's footnotes, which markdown parsed from the body shares.
    pub footnotes: &'a Footnotes,
}

/// A chapter's markdown as blocks, before numbering.
#[derive(Debug, Default)]
pub struct ParsedChapter {
    /// The first level-1 heading, if the chapter starts with one (its references and
    /// citations are resolved with the rest of the chapter's).
    pub title: Option<Vec<Inline>>,
    pub blocks: Vec<Spanned<Block>>,
    pub footnotes: Vec<Vec<Spanned<Block>>>,
    /// Every image the chapter shows: its path and where it is written.
    pub images: Vec<(String, Span)>,
}

/// Parses the markdown of a chapter, giving every block and every image, citation,
/// cross-reference and footnote reference its span in the text as written;
/// `directive` turns each `{name}` block into blocks. Every footnote referred to, in
/// the running text or in a directive's markdown, must have a text somewhere in it.
pub fn parse(
    expanded: &Expanded,
    lang: Lang,
    directive: &mut dyn FnMut(Directive) -> Result<Vec<Block>>,
) -> Result<ParsedChapter> {
    let footnotes = Footnotes::default();
    let mut parsed = parse_within(expanded, lang, &footnotes, directive)?;
    parsed.footnotes = footnotes.into_texts(&expanded.written)?;
    Ok(parsed)
}

/// Parses markdown that is part of a chapter (a directive's body): its footnote
/// references and texts are the chapter's `footnotes`, numbered with the chapter's.
pub fn parse_within(
    expanded: &Expanded,
    lang: Lang,
    footnotes: &Footnotes,
    directive: &mut dyn FnMut(Directive) -> Result<Vec<Block>>,
) -> Result<ParsedChapter> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST;
    let mut builder = Builder::new(expanded, lang, footnotes);
    for (event, range) in Parser::new_ext(&expanded.text, options).into_offset_iter() {
        let end = range.end;
        builder.event(event, range, directive)?;
        builder.last_end = end;
    }
    builder.finish()
}

/// An open container while walking the events.
enum Frame {
    Blocks(Vec<Spanned<Block>>),
    List(Vec<Vec<Spanned<Block>>>),
    Definitions(Vec<Definition>),
    Inlines(Vec<Inline>),
    Table {
        /// Boxed: a table is much larger than the other frames.
        table: Box<Table>,
        row: Vec<Cell>,
        in_head: bool,
    },
    /// A block of raw HTML: dropped if it is a comment, else shown as text.
    Html(String),
    Code {
        info: String,
        text: String,
        line: usize,
        /// Where each piece of `text` starts in it and in the expanded chapter.
        pieces: Vec<(usize, usize)>,
    },
}

struct Builder<'t> {
    expanded: &'t Expanded,
    footnotes: &'t Footnotes,
    text: &'t str,
    lang: Lang,
    stack: Vec<Frame>,
    /// The tag each frame was opened by (`None` for implicit paragraphs) and the
    /// offset where it starts.
    tags: Vec<(Option<Tag<'t>>, usize)>,
    /// Where the current event starts (an implicit paragraph starts there) and where
    /// the last one ended (an implicit paragraph ends there).
    event_start: usize,
    last_end: usize,
    parsed: ParsedChapter,
}

impl<'t> Builder<'t> {
    fn new(expanded: &'t Expanded, lang: Lang, footnotes: &'t Footnotes) -> Self {
        Builder {
            expanded,
            footnotes,
            text: &expanded.text,
            lang,
            stack: vec![Frame::Blocks(Vec::new())],
            tags: vec![(None, 0)],
            event_start: 0,
            last_end: 0,
            parsed: ParsedChapter::default(),
        }
    }

    /// The span as written of a range of the expanded text.
    fn span(&self, range: Range<usize>) -> Span {
        Span::new(
            self.expanded.source_offset(range.start),
            self.expanded.source_offset(range.end),
        )
    }

    /// The line and column in the text as written of an offset of the expanded text.
    fn position(&self, offset: usize) -> (usize, usize) {
        self.written_position(self.expanded.source_offset(offset))
    }

    /// The line and column of an offset of the text as written.
    fn written_position(&self, offset: usize) -> (usize, usize) {
        let written = &self.expanded.written;
        let p = Position::of_offset(written, offset.min(written.len()));
        (p.line, p.column)
    }

    fn event(
        &mut self,
        event: Event<'t>,
        range: Range<usize>,
        directive: &mut dyn FnMut(Directive) -> Result<Vec<Block>>,
    ) -> Result<()> {
        self.event_start = range.start;
        match event {
            Event::Start(tag) => self.start(tag, range.start),
            Event::End(tag) => self.end(tag, range, directive)?,
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.push_inline(Inline::Code(code.into_string())),
            Event::Html(html) => match self.stack.last_mut() {
                Some(Frame::Html(block)) => block.push_str(&html),
                _ => self.push_inline(Inline::Text(html.into_string())),
            },
            Event::InlineHtml(html) if html.starts_with("<!--") => {}
            Event::InlineHtml(html) => self.push_inline(Inline::Text(html.into_string())),
            Event::SoftBreak => self.push_inline(Inline::SoftBreak),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => self.push_block(Block::Rule, self.span(range)),
            // Back to text, numbered with the references pulldown-cmark leaves as
            // text (their texts are elsewhere in the chapter): see `number_footnotes`.
            Event::FootnoteReference(label) => {
                self.push_inline(Inline::Text(format!("[^{label}]")))
            }
            Event::TaskListMarker(done) => {
                self.push_inline(Inline::Text(if done { "☑ " } else { "☐ " }.into()))
            }
            Event::InlineMath(m) | Event::DisplayMath(m) => {
                self.push_inline(Inline::Code(m.into_string()))
            }
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'t>, at: usize) {
        let frame = match &tag {
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::TableCell
            | Tag::DefinitionListTitle => Frame::Inlines(Vec::new()),
            Tag::DefinitionList => Frame::Definitions(Vec::new()),
            Tag::Table(aligns) => Frame::Table {
                table: Box::new(Table {
                    align: aligns.iter().map(|a| convert_align(*a)).collect(),
                    ..Table::default()
                }),
                row: Vec::new(),
                in_head: false,
            },
            Tag::TableHead => {
                self.set_in_head(true);
                return;
            }
            Tag::TableRow => return,
            Tag::List(_) => Frame::List(Vec::new()),
            Tag::HtmlBlock => Frame::Html(String::new()),
            Tag::CodeBlock(kind) => Frame::Code {
                info: match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                },
                text: String::new(),
                line: self.position(at).0 + 1,
                pieces: Vec::new(),
            },
            _ => Frame::Blocks(Vec::new()),
        };
        if !matches!(frame, Frame::Inlines(_))
            || matches!(
                tag,
                Tag::Paragraph | Tag::Heading { .. } | Tag::DefinitionListTitle
            )
        {
            self.close_implicit_paragraph();
        }
        self.stack.push(frame);
        self.tags.push((Some(tag), at));
    }

    fn set_in_head(&mut self, value: bool) {
        if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
            *in_head = value;
        }
    }

    fn end(
        &mut self,
        end: TagEnd,
        range: Range<usize>,
        directive: &mut dyn FnMut(Directive) -> Result<Vec<Block>>,
    ) -> Result<()> {
        match end {
            TagEnd::TableHead | TagEnd::TableRow => {
                self.finish_row(end == TagEnd::TableHead);
                return Ok(());
            }
            _ => {}
        }
        self.close_implicit_paragraph();
        let frame = self.stack.pop().expect("every end event has a start");
        let tag = self
            .tags
            .pop()
            .and_then(|(tag, _)| tag)
            .expect("explicit frames carry their tag");
        let span = self.span(range.clone());
        if let Tag::Image { dest_url, .. } = &tag {
            self.parsed.images.push((dest_url.to_string(), span));
        }
        match (frame, tag) {
            (Frame::Inlines(content), tag) => {
                let mut content = find_citations(content);
                if is_block_level(&tag) {
                    content = self.settle(content, range.clone());
                }
                self.finish_inlines(content, tag, span)
            }
            (Frame::Blocks(blocks), tag) => self.finish_blocks(blocks, tag, span)?,
            (Frame::List(items), Tag::List(start)) => {
                self.push_block(Block::List { start, items }, span)
            }
            (Frame::List(_), _) => unreachable!("list frames are opened by list tags"),
            (Frame::Definitions(definitions), _) => {
                self.push_block(Block::Definitions(definitions), span)
            }
            (Frame::Html(html), _) if html.trim_start().starts_with("<!--") => {}
            (Frame::Html(html), _) => self.push_block(
                Block::Paragraph(vec![Inline::Text(html.trim_end().to_owned())]),
                span,
            ),
            (Frame::Table { table, .. }, _) => self.push_block(Block::Table(*table), span),
            (
                Frame::Code {
                    info,
                    text,
                    line,
                    pieces,
                },
                _,
            ) => {
                let since = self.footnotes.mark();
                let blocks = match info
                    .trim()
                    .strip_prefix('{')
                    .and_then(|i| i.split_once('}'))
                {
                    Some((name, argument)) => directive(Directive {
                        name: name.trim(),
                        argument: argument.trim(),
                        body: &self.expanded.part(text, &pieces),
                        line,
                        footnotes: self.footnotes,
                    })
                    .map_err(|e| {
                        let (l, c) = self.position(range.start);
                        if e.position.is_none() { e.at(l, c) } else { e }
                    })?,
                    None => vec![Block::Code { text }],
                };
                let images = &mut self.parsed.images;
                self.footnotes
                    .adopt(since, span, &mut |b| note_images(images, b));
                for mut block in blocks {
                    block.place_within(span);
                    note_images(&mut self.parsed.images, &mut block);
                    self.push_block(block, span);
                }
            }
        }
        Ok(())
    }

    fn finish_inlines(&mut self, content: Vec<Inline>, tag: Tag<'t>, span: Span) {
        match tag {
            Tag::Paragraph => self.push_block(Block::Paragraph(content), span),
            Tag::DefinitionListTitle => {
                if let Some(Frame::Definitions(definitions)) = self.stack.last_mut() {
                    definitions.push(Definition {
                        term: content,
                        details: Vec::new(),
                    });
                }
            }
            Tag::Heading {
                level: HeadingLevel::H1,
                ..
            } if self.parsed.title.is_none() && self.is_chapter_start() => {
                self.parsed.title = Some(content);
            }
            Tag::Heading { level, id, .. } => self.push_block(
                Block::Heading(Heading {
                    level: level as u8,
                    id: id.map(|i| i.into_string()).unwrap_or_default(),
                    number: None,
                    content,
                }),
                span,
            ),
            Tag::Emphasis => self.push_inline(Inline::Emphasis(content)),
            Tag::Strong => self.push_inline(Inline::Strong(content)),
            Tag::Strikethrough => self.push_inline(Inline::Strikethrough(content)),
            Tag::Link { dest_url, .. } => self.push_inline(Inline::Link {
                url: dest_url.into_string(),
                content,
            }),
            Tag::Image { dest_url, .. } => self.push_inline(Inline::Image {
                src: dest_url.into_string(),
                alt: super::plain_text(&content),
                span,
            }),
            Tag::TableCell => {
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(Cell {
                        content,
                        mark: None,
                    });
                }
            }
            _ => {}
        }
    }

    fn finish_blocks(
        &mut self,
        blocks: Vec<Spanned<Block>>,
        tag: Tag<'t>,
        span: Span,
    ) -> Result<()> {
        match tag {
            Tag::BlockQuote(_) => self.push_block(
                Block::Quote {
                    blocks,
                    attribution: None,
                },
                span,
            ),
            Tag::Item => {
                if let Some(Frame::List(items)) = self.stack.last_mut() {
                    items.push(blocks);
                }
            }
            Tag::DefinitionListDefinition => {
                if let Some(Frame::Definitions(definitions)) = self.stack.last_mut()
                    && let Some(last) = definitions.last_mut()
                {
                    last.details.extend(blocks);
                }
            }
            Tag::FootnoteDefinition(label) => {
                if !self.footnotes.define(&label, blocks) {
                    let (line, column) = self.written_position(span.start);
                    return Err(Diagnostic::error(format!(
                        "footnote `[^{label}]` has a text twice"
                    ))
                    .at(line, column)
                    .with_hint("give each footnote one text, or the second its own label"));
                }
            }
            _ => blocks.into_iter().for_each(|b| self.push_spanned(b)),
        }
        Ok(())
    }

    fn finish_row(&mut self, head: bool) {
        if let Some(Frame::Table {
            table,
            row,
            in_head,
        }) = self.stack.last_mut()
        {
            let cells = std::mem::take(row);
            if head || *in_head {
                table.header.push(cells);
            } else {
                table.rows.push(cells);
            }
            *in_head = false;
        }
    }

    /// True when nothing but the chapter title could precede this point.
    fn is_chapter_start(&self) -> bool {
        self.stack.len() == 1 && matches!(&self.stack[0], Frame::Blocks(b) if b.is_empty())
    }

    fn text(&mut self, text: &str) {
        let text = match self.lang {
            Lang::Sv => text.replace(['“', '”'], "”").replace(['‘', '’'], "’"),
            Lang::En => text.to_owned(),
        };
        if let Some(Frame::Code {
            text: code, pieces, ..
        }) = self.stack.last_mut()
        {
            pieces.push((code.len(), self.event_start));
            code.push_str(&text);
            return;
        }
        let mut rest = text.as_str();
        while let Some((start, id)) = find_reference(rest) {
            self.push_inline(Inline::Text(rest[..start].to_owned()));
            self.push_inline(Inline::Ref(CrossRef {
                id: id.to_owned(),
                chapter: String::new(),
                text: String::new(),
                span: Span::default(),
            }));
            rest = &rest[start + 1 + id.len()..];
        }
        self.push_inline(Inline::Text(rest.to_owned()));
    }

    fn push_inline(&mut self, inline: Inline) {
        if matches!(&inline, Inline::Text(t) if t.is_empty()) {
            return;
        }
        if !matches!(self.stack.last(), Some(Frame::Inlines(_))) {
            self.stack.push(Frame::Inlines(Vec::new()));
            self.tags.push((None, self.event_start));
        }
        if let Some(Frame::Inlines(content)) = self.stack.last_mut() {
            match (content.last_mut(), inline) {
                (Some(Inline::Text(prev)), Inline::Text(next)) => prev.push_str(&next),
                (_, inline) => content.push(inline),
            }
        }
    }

    fn push_block(&mut self, block: Block, span: Span) {
        self.push_spanned(Spanned::new(block, span));
    }

    fn push_spanned(&mut self, block: Spanned<Block>) {
        self.close_implicit_paragraph();
        if let Some(Frame::Blocks(blocks)) = self.stack.last_mut() {
            blocks.push(block);
        }
    }

    /// Numbers the footnote references of a block's (or a cell's or a term's) inlines
    /// and places its citations and cross-references; `range` is where it is written.
    fn settle(&self, content: Vec<Inline>, range: Range<usize>) -> Vec<Inline> {
        let mut from = range.start;
        let mut content = self.number_footnotes(content, &mut from, range.end);
        self.place(&mut content, range);
        content
    }

    /// Turns each `[^label]` in the text among `inlines` into a reference to the
    /// chapter's footnote `label`, in text order (footnotes are numbered by first
    /// reference); `from` walks the expanded text up to `end` to find where each is
    /// written. `\[^label]` stays text.
    fn number_footnotes(&self, inlines: Vec<Inline>, from: &mut usize, end: usize) -> Vec<Inline> {
        let mut out = Vec::with_capacity(inlines.len());
        for mut inline in inlines {
            match &mut inline {
                Inline::Text(text) => {
                    self.split_footnotes(text, from, end, &mut out);
                    continue;
                }
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Link { content: c, .. } => {
                    *c = self.number_footnotes(std::mem::take(c), from, end);
                }
                _ => {}
            }
            out.push(inline);
        }
        out
    }

    /// Pushes `text` onto `out` with its `[^label]`s as footnote references.
    fn split_footnotes(&self, text: &str, from: &mut usize, end: usize, out: &mut Vec<Inline>) {
        let mut rest = text;
        while let Some((start, close, label)) = next_footnote(rest) {
            let needle = &rest[start..close];
            let window = self.text.get(*from..end).unwrap_or_default();
            let written = window.find(needle).map(|at| *from + at);
            let escaped = written.is_some_and(|at| self.text[..at].ends_with('\\'));
            let before = if escaped { close } else { start };
            push_text(out, &rest[..before]);
            if !escaped {
                let place = written.map_or(*from..*from, |at| at..at + needle.len());
                let index = self.footnotes.refer(label, Some(self.span(place)));
                out.push(Inline::FootnoteRef(index));
            }
            if let Some(at) = written {
                *from = at + needle.len();
            }
            rest = &rest[close..];
        }
        push_text(out, rest);
    }

    /// Gives the citations (`[@…]`, brackets included) and cross-references (`@id`)
    /// among `inlines`, in text order, the span of their first mention inside
    /// `range` of the expanded text.
    fn place(&self, inlines: &mut [Inline], range: Range<usize>) {
        let mut from = range.start;
        self.place_from(inlines, &mut from, range.end);
    }

    fn place_from(&self, inlines: &mut [Inline], from: &mut usize, end: usize) {
        for inline in inlines {
            let (needle, span) = match inline {
                Inline::Ref(r) => (format!("@{}", r.id), &mut r.span),
                Inline::Citation(c) => ("[@".to_owned(), &mut c.span),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Link { content: c, .. } => {
                    self.place_from(c, from, end);
                    continue;
                }
                _ => continue,
            };
            let window = self.text.get(*from..end).unwrap_or_default();
            if let Some(at) = window.find(&needle) {
                let start = *from + at;
                let len = match needle.as_str() {
                    "[@" => window[at..]
                        .find(']')
                        .map_or(needle.len(), |close| close + 1),
                    _ => needle.len(),
                };
                *from = start + len;
                *span = self.span(start..*from);
            }
        }
    }

    /// Tight list items hold text without a paragraph: wrap it in one.
    fn close_implicit_paragraph(&mut self) {
        if matches!(self.tags.last(), Some((None, _)))
            && matches!(self.stack.last(), Some(Frame::Inlines(_)))
            && self.stack.len() > 1
        {
            let start = self.tags.pop().map_or(0, |(_, start)| start);
            let range = start..self.last_end.max(start);
            if let Some(Frame::Inlines(content)) = self.stack.pop() {
                let content = self.settle(find_citations(content), range.clone());
                self.push_block(Block::Paragraph(content), self.span(range));
            }
        }
    }

    fn finish(mut self) -> Result<ParsedChapter> {
        self.close_implicit_paragraph();
        let Some(Frame::Blocks(blocks)) = self.stack.pop() else {
            return Err(Diagnostic::error(
                "the chapter's markdown ends inside an open element",
            ));
        };
        self.parsed.blocks = attach_captions(blocks);
        Ok(self.parsed)
    }
}

/// Pushes `text` onto `out` unless it is empty.
fn push_text(out: &mut Vec<Inline>, text: &str) {
    if !text.is_empty() {
        out.push(Inline::Text(text.to_owned()));
    }
}

/// Adds the images `block` shows to `images`.
fn note_images(images: &mut Vec<(String, Span)>, block: &mut Block) {
    block.for_each_inlines(&mut |inlines| {
        for inline in inlines {
            inline.visit_mut(&mut |i| {
                if let Inline::Image { src, span, .. } = i {
                    images.push((src.clone(), *span));
                }
            });
        }
    });
}

/// The footnotes of one chapter, shared by the markdown of its directives (a box's,
/// a quote's, a column's item): numbered in order of first reference, wherever the
/// reference and the text are written.
#[derive(Debug, Default)]
pub struct Footnotes(RefCell<Notes>);

/// Labels are keyed in lower case: they match without regard to case, as in
/// pulldown-cmark.
#[derive(Debug, Default)]
struct Notes {
    /// The labels referred to, as first written, in order of first reference (the
    /// footnote's number), with where that reference is written (`None` while not
    /// known).
    referred: Vec<(String, Option<Span>)>,
    /// Each key's place in `referred`.
    numbers: HashMap<String, usize>,
    /// The texts given, in the order they are written.
    texts: Vec<Vec<Spanned<Block>>>,
    /// Each key's place in `texts`.
    given: HashMap<String, usize>,
}

/// How many references and texts [`Footnotes`] held at some point.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    referred: usize,
    texts: usize,
}

impl Footnotes {
    /// The index (number − 1) of footnote `label`, numbering it if it is new;
    /// `span` is where this reference is written.
    fn refer(&self, label: &str, span: Option<Span>) -> usize {
        let notes = &mut *self.0.borrow_mut();
        let next = notes.referred.len();
        let index = *notes.numbers.entry(label.to_lowercase()).or_insert(next);
        if index == next {
            notes.referred.push((label.to_owned(), span));
        }
        index
    }

    /// Gives footnote `label` its text; false if it already has one.
    fn define(&self, label: &str, text: Vec<Spanned<Block>>) -> bool {
        let notes = &mut *self.0.borrow_mut();
        let next = notes.texts.len();
        if *notes.given.entry(label.to_lowercase()).or_insert(next) != next {
            return false;
        }
        notes.texts.push(text);
        true
    }

    /// The references and texts so far.
    pub fn mark(&self) -> Mark {
        let notes = self.0.borrow();
        Mark {
            referred: notes.referred.len(),
            texts: notes.texts.len(),
        }
    }

    /// Forgets where the references and texts added since `since` are written: they
    /// came from markdown that is not a stretch of the chapter (a YAML string), whose
    /// spans point elsewhere. [`Footnotes::adopt`] gives them the directive's.
    pub fn unplace(&self, since: Mark) {
        let mut notes = self.0.borrow_mut();
        for (_, span) in &mut notes.referred[since.referred..] {
            *span = None;
        }
        for block in notes.texts[since.texts..].iter_mut().flatten() {
            block.span = Span::default();
            block.for_each_span(&mut |span| *span = Span::default());
        }
    }

    /// Makes the references and texts a directive added since `since` the chapter's:
    /// those without a place take the directive's `span`, and `note` sees each new
    /// text's blocks (for the images they show).
    fn adopt(&self, since: Mark, span: Span, note: &mut dyn FnMut(&mut Block)) {
        let mut notes = self.0.borrow_mut();
        for (_, place) in &mut notes.referred[since.referred..] {
            place.get_or_insert(span);
        }
        for block in notes.texts[since.texts..].iter_mut().flatten() {
            if block.span == Span::default() {
                block.span = span;
            }
            block.place_within(span);
            note(&mut block.node);
        }
    }

    /// The texts of the footnotes in number order; an error at the first reference
    /// to a footnote without a text (`written` is the chapter as written).
    fn into_texts(self, written: &str) -> Result<Vec<Vec<Spanned<Block>>>> {
        let mut notes = self.0.into_inner();
        let mut ordered = Vec::with_capacity(notes.referred.len());
        for (label, span) in &notes.referred {
            let Some(&i) = notes.given.get(&label.to_lowercase()) else {
                let error = Diagnostic::error(format!("footnote `[^{label}]` has no text"))
                    .with_hint(format!(
                        "add a line `[^{label}]: the footnote text` to the chapter"
                    ));
                return Err(match span {
                    Some(span) => {
                        let p = Position::of_offset(written, span.start.min(written.len()));
                        error.at(p.line, p.column)
                    }
                    None => error,
                });
            };
            ordered.push(std::mem::take(&mut notes.texts[i]));
        }
        Ok(ordered)
    }
}

/// The next `[^label]` in `text`: its byte range and the label.
fn next_footnote(text: &str) -> Option<(usize, usize, &str)> {
    text.match_indices("[^").find_map(|(start, _)| {
        let label_start = start + 2;
        let len = text[label_start..].find(|c: char| c == ']' || c == '[' || c.is_whitespace())?;
        let close = label_start + len;
        (len > 0 && text[close..].starts_with(']'))
            .then(|| (start, close + 1, &text[label_start..close]))
    })
}

/// Whether the inlines a tag holds form a block (or a cell or term) of their own.
fn is_block_level(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::DefinitionListTitle
    )
}

/// A paragraph `Table: caption {#tab-id}` (or `Tabell:`) right after or before a table
/// becomes that table's caption and id.
fn attach_captions(mut blocks: Vec<Spanned<Block>>) -> Vec<Spanned<Block>> {
    let mut i = 0;
    while i < blocks.len() {
        let Some((caption, id)) = caption_paragraph(&blocks[i]) else {
            i += 1;
            continue;
        };
        let uncaptioned = |j: usize| matches!(blocks.get(j).map(|b| &b.node), Some(Block::Table(t)) if t.caption.is_none());
        match [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .find(|&j| uncaptioned(j))
        {
            Some(j) => {
                let caption_span = blocks[i].span;
                let target = &mut blocks[j];
                target.span = Span::new(
                    target.span.start.min(caption_span.start),
                    target.span.end.max(caption_span.end),
                );
                if let Block::Table(table) = &mut target.node {
                    table.caption = Some(caption);
                    table.id = id;
                }
                blocks.remove(i);
            }
            None => i += 1,
        }
    }
    blocks
}

/// `Table: Text {#tab-id}` → ("Text", Some("tab-id")).
fn caption_paragraph(block: &Block) -> Option<(String, Option<String>)> {
    let Block::Paragraph(inlines) = block else {
        return None;
    };
    let text = super::plain_text(inlines);
    let rest = ["Table:", "Tabell:"]
        .iter()
        .find_map(|p| text.strip_prefix(p))?
        .trim();
    match rest.strip_suffix('}').and_then(|r| r.rsplit_once("{#")) {
        Some((caption, id)) => Some((caption.trim().to_owned(), Some(id.trim().to_owned()))),
        None => Some((rest.to_owned(), None)),
    }
}

/// The next `@prefix-name` reference in `text`: its byte offset and the id.
fn find_reference(text: &str) -> Option<(usize, &str)> {
    text.match_indices('@').find_map(|(at, _)| {
        let preceded_by_word = text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        let rest = &text[at + 1..];
        let id_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let id = rest[..id_len].trim_end_matches(['-', '_']);
        let known = REFERENCE_PREFIXES
            .iter()
            .any(|p| id.starts_with(p) && id.len() > p.len());
        (!preceded_by_word && known).then_some((at, id))
    })
}

/// Splits `[@key…]` citations out of the text among `inlines`. pulldown-cmark hands
/// brackets over as separate text events, so this runs on the merged text.
fn find_citations(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let Inline::Text(text) = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = text.as_str();
        while let Some((start, end, items)) = next_citation(rest) {
            out.push(Inline::Text(rest[..start].to_owned()));
            out.push(Inline::Citation(Citation {
                items,
                list: None,
                span: Span::default(),
            }));
            rest = &rest[end..];
        }
        out.push(Inline::Text(rest.to_owned()));
    }
    out.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    out
}

/// The next bracketed citation in `text`: its byte range and the cited items.
fn next_citation(text: &str) -> Option<(usize, usize, Vec<CiteItem>)> {
    text.match_indices("[@").find_map(|(start, _)| {
        let end = start + text[start..].find(']')?;
        let items = text[start + 1..end]
            .split(';')
            .map(cite_item)
            .collect::<Option<Vec<_>>>()?;
        Some((start, end + 1, items))
    })
}

/// `@key` or `@key, s. 12` (also `@key s. 12`).
fn cite_item(part: &str) -> Option<CiteItem> {
    let part = part.trim().strip_prefix('@')?;
    let key_len = part
        .find(|c: char| !(c.is_alphanumeric() || "-_:./".contains(c)))
        .unwrap_or(part.len());
    let key = part[..key_len].trim_end_matches(['.', ':', '/']);
    let locator = part[key.len()..].trim_start_matches(',').trim();
    (!key.is_empty()).then(|| CiteItem {
        key: key.to_owned(),
        locator: (!locator.is_empty()).then(|| locator.to_owned()),
        text: String::new(),
    })
}

fn convert_align(align: pulldown_cmark::Alignment) -> Align {
    match align {
        pulldown_cmark::Alignment::Right => Align::Right,
        pulldown_cmark::Alignment::Center => Align::Center,
        _ => Align::Left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceText;

    fn parse_sv(text: &str) -> ParsedChapter {
        parse(&Expanded::verbatim(text), Lang::Sv, &mut |d| {
            Ok(vec![Block::Code {
                text: format!("{}:{}:{}", d.name, d.line, d.body.text),
            }])
        })
        .unwrap()
    }

    #[test]
    fn title_heading_and_blocks() {
        let p = parse_sv(
            "# Metod\n\n## Intervjuer {#sec-intervjuer}\n\nVi har \"talat\" med *många*.\n\n- ett\n- två\n",
        );
        assert_eq!(
            p.title
                .as_deref()
                .map(crate::document::plain_text)
                .as_deref(),
            Some("Metod")
        );
        assert!(
            matches!(&p.blocks[0].node, Block::Heading(h) if h.id == "sec-intervjuer" && h.level == 2)
        );
        let Block::Paragraph(inlines) = &p.blocks[1].node else {
            panic!("{:?}", p.blocks[1])
        };
        assert_eq!(
            crate::document::plain_text(inlines),
            "Vi har ”talat” med många."
        );
        assert!(
            matches!(&p.blocks[2].node, Block::List { start: None, items } if items.len() == 2)
        );
    }

    #[test]
    fn spans_point_into_the_text_as_written_after_a_value() {
        let body = "Text\n\nVärde {{ x }} och [@a, s. 2] om @tab-x ![bild](b.png)\n";
        let data = serde_json::json!({ "x": 1234567 });
        let path = std::path::Path::new("k.md");
        let expanded = super::super::prose::expand(body, &data, Lang::Sv, path, 0).unwrap();
        assert!(
            expanded.text.contains("234\u{202f}567"),
            "{}",
            expanded.text
        );
        let p = parse(&expanded, Lang::Sv, &mut |_| Ok(Vec::new())).unwrap();
        assert_eq!(
            p.blocks[0].span,
            Span::new(0, 5),
            "the paragraph and its line end"
        );
        assert_eq!(p.blocks[1].span.start, 6);
        let Block::Paragraph(inlines) = &p.blocks[1].node else {
            panic!("{:?}", p.blocks)
        };
        let spans: Vec<usize> = inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Citation(c) => Some(c.span.start),
                Inline::Ref(r) => Some(r.span.start),
                Inline::Image { span, .. } => Some(span.start),
                _ => None,
            })
            .collect();
        let written = |needle: &str| body.find(needle).unwrap();
        assert_eq!(
            spans,
            [written("[@a"), written("@tab-x"), written("![bild")]
        );
        assert_eq!(
            p.images,
            [(
                "b.png".to_owned(),
                Span::new(written("![bild"), body.len() - 1)
            )]
        );
    }

    /// The line and column where each block written inside a box starts, in order.
    fn inner_positions(blocks: &[Spanned<Block>], text: &SourceText) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for block in blocks {
            block.walk(&mut |b| {
                if let Block::Callout { blocks, .. } = &b.node {
                    found.extend(blocks.iter().map(|inner| text.position(inner.span)));
                }
            });
        }
        found.into_iter().map(|p| (p.line, p.column)).collect()
    }

    #[test]
    fn markdown_in_a_directive_has_spans_in_the_chapter_after_a_value() {
        let body = "Text {{ n }} här.\n\n```{ruta} Titel\nFörsta {{ n }} stycket.\n\n\
                    Se {{ n }} ![](b.png) och @tab-x.\n```\n\n> ```{ruta}\n> Inuti.\n> ```\n";
        let data = serde_json::json!({ "n": 1234567 });
        let path = std::path::Path::new("k.md");
        let expanded = super::super::prose::expand(body, &data, Lang::Sv, path, 0).unwrap();
        assert!(
            expanded
                .text
                .starts_with("Text 1\u{202f}234\u{202f}567 här.")
        );
        let mut callout = |d: Directive| {
            let inner = parse(d.body, Lang::Sv, &mut |_| Ok(Vec::new()))?;
            Ok(vec![Block::Callout {
                title: None,
                blocks: inner.blocks,
            }])
        };
        let p = parse(&expanded, Lang::Sv, &mut callout).unwrap();
        let text = SourceText::new(body, 0);
        // "Första" on line 4, "Se" on line 6, "Inuti." on line 10 after "> ".
        assert_eq!(inner_positions(&p.blocks, &text), [(4, 1), (6, 1), (10, 3)]);
        let Block::Callout { blocks, .. } = &p.blocks[1].node else {
            panic!("{:?}", p.blocks)
        };
        let Block::Paragraph(inlines) = &blocks[1].node else {
            panic!("{blocks:?}")
        };
        let spans: Vec<(usize, usize)> = inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Ref(r) => Some(r.span),
                Inline::Image { span, .. } => Some(*span),
                _ => None,
            })
            .map(|span| text.position(span))
            .map(|p| (p.line, p.column))
            .collect();
        // "Se {{ n }} " is 11 characters, "![](b.png) och " 15 more.
        assert_eq!(spans, [(6, 12), (6, 27)]);
        let images: Vec<(&str, usize)> = p
            .images
            .iter()
            .map(|(src, span)| (src.as_str(), text.position(*span).line))
            .collect();
        assert_eq!(images, [("b.png", 6)], "the box's image is the chapter's");
    }

    #[test]
    fn footnotes_are_numbered_by_first_use() {
        let p = parse_sv("Text[^b] och[^a].\n\n[^a]: Första.\n[^b]: Andra.\n");
        assert_eq!(p.footnotes.len(), 2);
        let Block::Paragraph(first) = &p.footnotes[0][0].node else {
            panic!()
        };
        assert_eq!(crate::document::plain_text(first), "Andra.");
    }

    /// Parses `text` with `{ruta}` as a box of markdown, as the directive does.
    fn parse_with_boxes(text: &str) -> Result<ParsedChapter> {
        parse(&Expanded::verbatim(text), Lang::Sv, &mut |d| {
            let inner = parse_within(d.body, Lang::Sv, d.footnotes, &mut |_| Ok(Vec::new()))?;
            Ok(vec![Block::Callout {
                title: None,
                blocks: inner.blocks,
            }])
        })
    }

    /// The footnote indices referred to in `blocks`, in order.
    fn footnote_refs(blocks: &[Spanned<Block>]) -> Vec<usize> {
        let mut found = Vec::new();
        for block in blocks {
            let mut block = block.clone();
            block.node.for_each_inlines(&mut |inlines| {
                for inline in inlines {
                    inline.visit_mut(&mut |i| found.extend(footnote_index(i)));
                }
            });
        }
        found
    }

    fn footnote_index(inline: &Inline) -> Option<usize> {
        match inline {
            Inline::FootnoteRef(index) => Some(*index),
            _ => None,
        }
    }

    fn footnote_texts(p: &ParsedChapter) -> Vec<String> {
        p.footnotes
            .iter()
            .map(|blocks| match &blocks[0].node {
                Block::Paragraph(inlines) => crate::document::plain_text(inlines),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    const BOX_WITH_FOOTNOTES: &str = "Text utanför med en fotnot.[^ute]\n\n\
        ```{ruta} Slutsatser\n\
        - Första slutsatsen med fotnot.[^inne]\n\
        - Andra slutsatsen med en hänvisning till fotnoten utanför.[^ute]\n\n\
        [^inne]: Fotnot definierad i rutan.\n\
        ```\n\n\
        [^ute]: Fotnot definierad utanför rutan.\n";

    #[test]
    fn footnotes_in_a_box_are_numbered_with_the_chapters() {
        let p = parse_with_boxes(BOX_WITH_FOOTNOTES).unwrap();
        // `ute` is referred to first (number 1), then `inne` in the box (number 2).
        assert_eq!(
            footnote_texts(&p),
            [
                "Fotnot definierad utanför rutan.",
                "Fotnot definierad i rutan."
            ]
        );
        assert_eq!(footnote_refs(&p.blocks[..1]), [0]);
        let Block::Callout { blocks, .. } = &p.blocks[1].node else {
            panic!("{:?}", p.blocks)
        };
        assert_eq!(footnote_refs(blocks), [1, 0]);
        assert_eq!(p.blocks.len(), 2, "the definitions are no blocks");
    }

    #[test]
    fn a_footnote_without_a_text_is_an_error_at_its_reference() {
        for text in [
            "Rad.\n\n```{ruta}\nInne i rutan[^saknas].\n```\n",
            "Rad.\n\n```{ruta}\nText.\n```\n\nTexten sen[^saknas].\n\n```{ruta}\n[^saknas]x\n```\n",
        ] {
            let error = parse_with_boxes(text).unwrap_err();
            assert!(
                error.message.contains("`[^saknas]` has no text"),
                "{error:?}"
            );
            let at = error.position.map(|p| (p.line, p.column));
            // "Inne i rutan" is 12 characters, "Texten sen" 10.
            let expected = if text.contains("Inne") {
                (4, 13)
            } else {
                (7, 11)
            };
            assert_eq!(at, Some(expected), "{text}");
        }
    }

    #[test]
    fn a_footnote_with_two_texts_is_an_error_at_the_second() {
        let text = "Se[^a].\n\n```{ruta}\n[^a]: Inne.\n```\n\n[^a]: Ute.\n";
        let error = parse_with_boxes(text).unwrap_err();
        assert!(
            error.message.contains("`[^a]` has a text twice"),
            "{error:?}"
        );
        assert_eq!(error.position.map(|p| (p.line, p.column)), Some((7, 1)));
    }

    #[test]
    fn escaped_and_code_footnote_marks_stay_text_and_labels_ignore_case() {
        let p = parse_sv("Se \\[^a] och `[^b]` men[^Ute].\n\n[^ute]: Noten.\n");
        assert_eq!(footnote_texts(&p), ["Noten."]);
        let Block::Paragraph(inlines) = &p.blocks[0].node else {
            panic!("{:?}", p.blocks)
        };
        assert_eq!(
            crate::document::plain_text(inlines),
            "Se [^a] och [^b] men."
        );
        assert_eq!(footnote_refs(&p.blocks), [0]);
    }

    #[test]
    fn references_are_found_but_not_mail_addresses() {
        let p = parse_sv("Rad\n\nSe @tab-kon och mejla info@exempel.se.\n");
        let Block::Paragraph(inlines) = &p.blocks[1].node else {
            panic!()
        };
        let refs: Vec<&str> = inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Ref(r) => Some(r.id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(refs, ["tab-kon"]);
    }

    fn citations(p: &ParsedChapter) -> Vec<Vec<(String, Option<String>)>> {
        let Block::Paragraph(inlines) = &p.blocks[0].node else {
            panic!("{:?}", p.blocks)
        };
        inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Citation(c) => Some(
                    c.items
                        .iter()
                        .map(|i| (i.key.clone(), i.locator.clone()))
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn bracketed_citations_are_found() {
        let p = parse_sv("Enligt [@dahler2016] och [@a; @b:2, s. 12] men inte [x@y] eller [@].\n");
        let found = citations(&p);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], [("dahler2016".to_owned(), None)]);
        assert_eq!(
            found[1],
            [
                ("a".to_owned(), None),
                ("b:2".to_owned(), Some("s. 12".to_owned()))
            ]
        );
        let Block::Paragraph(inlines) = &p.blocks[0].node else {
            panic!()
        };
        assert!(crate::document::plain_text(inlines).ends_with("men inte [x@y] eller [@]."));
    }

    #[test]
    fn citations_inside_emphasis_and_lists() {
        let p = parse_sv("- *Se [@a]*\n- [@b s. 3]\n");
        let Block::List { items, .. } = &p.blocks[0].node else {
            panic!()
        };
        let Block::Paragraph(second) = &items[1][0].node else {
            panic!()
        };
        assert!(
            matches!(&second[0], Inline::Citation(c) if c.items[0].locator.as_deref() == Some("s. 3"))
        );
        let Block::Paragraph(first) = &items[0][0].node else {
            panic!()
        };
        assert!(matches!(&first[0], Inline::Emphasis(e) if matches!(&e[1], Inline::Citation(_))));
    }

    #[test]
    fn directives_reach_the_handler_with_their_line() {
        let p = parse_sv("Text\n\n```{table}\ndata: kon\n```\n");
        assert!(matches!(&p.blocks[1].node, Block::Code { text } if text == "table:4:data: kon\n"));
    }

    #[test]
    fn caption_paragraphs_attach_to_tables() {
        let p = parse_sv("| A |\n|---|\n| 1 |\n\nTable: Antal per kommun {#tab-kommun}\n\nText\n");
        assert_eq!(p.blocks.len(), 2);
        let Block::Table(t) = &p.blocks[0].node else {
            panic!()
        };
        assert_eq!(t.caption.as_deref(), Some("Antal per kommun"));
        assert_eq!(t.id.as_deref(), Some("tab-kommun"));
    }

    #[test]
    fn raw_html_stays_text() {
        let p = parse_sv("<script>alert(1)</script>\n");
        let Block::Paragraph(inlines) = &p.blocks[0].node else {
            panic!("{:?}", p.blocks)
        };
        assert!(crate::document::plain_text(inlines).contains("<script>"));
    }

    #[test]
    fn html_comments_are_dropped() {
        let p = parse_sv("<!--\nVad ska stå här?\n-->\n\nText <!-- inline --> här\n");
        assert_eq!(p.blocks.len(), 1);
        let Block::Paragraph(inlines) = &p.blocks[0].node else {
            panic!()
        };
        assert_eq!(crate::document::plain_text(inlines), "Text  här");
    }

    #[test]
    fn markdown_tables_become_tables() {
        let p = parse_sv("| Kommun | Antal |\n|---|--:|\n| Alvesta | 37 |\n");
        let Block::Table(t) = &p.blocks[0].node else {
            panic!()
        };
        assert_eq!(t.align, vec![Align::Left, Align::Right]);
        assert_eq!(t.header[0][1].plain(), "Antal");
        assert_eq!(t.rows[0][0].plain(), "Alvesta");
    }
}
