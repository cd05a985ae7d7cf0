//! The format-neutral Document: every chapter as typed blocks, with figure, table and
//! chapter numbers, cross-reference targets and footnotes already assigned, so the
//! HTML and the PDF renderers can never disagree.

pub mod citations;
pub mod computed;
pub mod directives;
pub mod evaluation;
pub mod goals;
pub mod layout;
pub mod markdown;
pub mod prose;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, SourceText, Span};
use crate::load::config::Meta;
use crate::locale::Lang;

/// The whole report, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub meta: Meta,
    pub lang: Lang,
    /// Numbered chapter titles ("1. INLEDNING") and sections ("1.1") when true.
    pub numbered: bool,
    pub chapters: Vec<Chapter>,
    /// The image files the chapters show, relative to the report folder, each once.
    pub images: Vec<String>,
    /// What preparing the report found to warn about, where it is written: values
    /// withheld in prose, shares above 100 % (in prose and in `harledda:`).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

pub use crate::load::chapters::ChapterKind;

/// One chapter: one markdown file, one HTML page, one top-level PDF heading.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// The URL-safe id, also the HTML file stem (`03-metod` → `metod`).
    pub slug: String,
    pub title: String,
    /// "1", "2" … for numbered main chapters, "1", "2" … for appendices, else `None`.
    pub number: Option<String>,
    pub kind: ChapterKind,
    pub blocks: Vec<Spanned<Block>>,
    /// Footnotes of this chapter in order of first reference; `Inline::FootnoteRef`
    /// holds an index into this list.
    pub footnotes: Vec<Vec<Spanned<Block>>>,
    /// The markdown file this chapter came from, as found: the report folder joined
    /// with `content/…`, so diagnostics name it as the user can open it.
    pub source: String,
    /// The chapter's text the spans of its blocks point into.
    #[serde(skip)]
    pub text: SourceText,
}

impl Chapter {
    /// The chapter's anchor id, the target of `@kap-<slug>` references.
    pub fn anchor(&self) -> String {
        format!("kap-{}", self.slug)
    }
}

/// A block-level element.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading(Heading),
    Paragraph(Vec<Inline>),
    List {
        /// The first number of an ordered list, `None` for bullets.
        start: Option<u64>,
        items: Vec<Vec<Spanned<Block>>>,
    },
    /// A quotation; participant quotes carry a generic attribution ("en deltagare").
    Quote {
        blocks: Vec<Spanned<Block>>,
        attribution: Option<String>,
    },
    Code {
        text: String,
    },
    Rule,
    Table(Table),
    Figure(Figure),
    /// A framed box with an optional title ("ruta").
    Callout {
        title: Option<String>,
        blocks: Vec<Spanned<Block>>,
    },
    /// Side-by-side columns that stay legible on A4: a theory of change or a
    /// two-column matrix.
    Columns(Columns),
    /// Terms and their explanations.
    Definitions(Vec<Definition>),
    /// The reference list of the cited (or all) bibliography entries, filled in layout.
    References(References),
}

impl Block {
    /// Calls `f` on this block, then on every block inside it, in document order
    /// (list items, boxes, quotes, columns and definitions included).
    pub fn visit(&self, f: &mut dyn FnMut(&Block)) {
        f(self);
        self.for_each_child(&mut |child| child.visit(f));
    }

    /// [`Block::visit`] with mutable access.
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Block)) {
        f(self);
        self.for_each_child_mut(&mut |child| child.visit_mut(f));
    }

    /// Calls `f` on each block directly inside this one.
    pub fn for_each_child(&self, f: &mut dyn FnMut(&Spanned<Block>)) {
        match self {
            Block::List { items, .. } => items.iter().flatten().for_each(f),
            Block::Quote { blocks, .. } | Block::Callout { blocks, .. } => {
                blocks.iter().for_each(f)
            }
            Block::Columns(columns) => columns.columns.iter().flat_map(|c| &c.blocks).for_each(f),
            Block::Definitions(definitions) => {
                definitions.iter().flat_map(|d| &d.details).for_each(f)
            }
            _ => {}
        }
    }

    /// [`Block::for_each_child`] with mutable access.
    fn for_each_child_mut(&mut self, f: &mut dyn FnMut(&mut Spanned<Block>)) {
        match self {
            Block::List { items, .. } => items.iter_mut().flatten().for_each(f),
            Block::Quote { blocks, .. } | Block::Callout { blocks, .. } => {
                blocks.iter_mut().for_each(f)
            }
            Block::Columns(columns) => columns
                .columns
                .iter_mut()
                .flat_map(|c| &mut c.blocks)
                .for_each(f),
            Block::Definitions(definitions) => definitions
                .iter_mut()
                .flat_map(|d| &mut d.details)
                .for_each(f),
            _ => {}
        }
    }

    /// Gives the blocks inside this one and their images, citations and
    /// cross-references that have no span yet the span `span`: what a directive made
    /// rather than parsed from its body stands where the directive is written.
    pub fn place_within(&mut self, span: Span) {
        self.for_each_span(&mut |s| {
            if *s == Span::default() {
                *s = span;
            }
        });
    }

    /// Calls `f` on the span of every block inside this one and of every image,
    /// citation and cross-reference in this block and in those (its own span is its
    /// parent's).
    pub fn for_each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        self.own_inlines(&mut |inlines| {
            for inline in inlines {
                inline.visit_mut(&mut |i| {
                    if let Some(span) = i.span_mut() {
                        f(span);
                    }
                });
            }
        });
        self.for_each_child_mut(&mut |child| {
            f(&mut child.span);
            child.for_each_span(f);
        });
    }

    /// Calls `f` on every run of inlines in this block and the blocks inside it
    /// (table cells and definition terms included).
    pub fn for_each_inlines(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        self.visit_mut(&mut |block| block.own_inlines(f));
    }

    /// The runs of inlines this block holds itself, not those of blocks inside it.
    fn own_inlines(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        match self {
            Block::Paragraph(inlines) => f(inlines),
            Block::Heading(h) => f(&mut h.content),
            Block::Definitions(definitions) => definitions.iter_mut().for_each(|d| f(&mut d.term)),
            Block::Table(table) => table
                .header
                .iter_mut()
                .chain(&mut table.rows)
                .chain(&mut table.footer)
                .flatten()
                .for_each(|c| f(&mut c.content)),
            Block::References(references) => references
                .entries
                .iter_mut()
                .for_each(|e| f(&mut e.content)),
            _ => {}
        }
    }
}

/// A block and where its chapter writes it.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Spanned<T> {
    pub node: T,
    #[serde(skip)]
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

impl Spanned<Block> {
    /// Calls `f` on this block, then on every block inside it, in document order,
    /// each with its span.
    pub fn walk(&self, f: &mut dyn FnMut(&Spanned<Block>)) {
        f(self);
        self.for_each_child(&mut |child| child.walk(f));
    }
}

/// A block made outside markdown (by a directive), placed later with
/// [`Block::place_within`].
impl From<Block> for Spanned<Block> {
    fn from(node: Block) -> Self {
        Spanned::new(node, Span::default())
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.node
    }
}

impl<T> std::ops::DerefMut for Spanned<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.node
    }
}

/// A reference list (`{referenser}`): entries sorted by author, then year.
#[derive(Debug, Clone, Serialize, Default)]
pub struct References {
    /// Every entry of the bibliography, not only the cited ones.
    pub all: bool,
    pub entries: Vec<ReferenceEntry>,
}

/// One entry of the reference list.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceEntry {
    /// The citation key; the entry's anchor is [`ReferenceEntry::anchor`].
    pub key: String,
    /// "Efternamn, A. (2016). *Titel*. Förlag."
    pub content: Vec<Inline>,
}

impl ReferenceEntry {
    /// The anchor id of the entry with citation key `key`.
    pub fn anchor(key: &str) -> String {
        format!("ref-{key}")
    }
}

/// Columns of grouped content, each with a title.
#[derive(Debug, Clone, Serialize)]
pub struct Columns {
    pub kind: ColumnsKind,
    pub columns: Vec<Column>,
    /// Anchor id for cross-references: a theory of change is numbered as a figure
    /// (`fig-…`), a matrix as a table (`tab-…`).
    pub id: Option<String>,
    /// Assigned during layout.
    pub number: Option<u32>,
    pub caption: Option<String>,
    pub source: Option<String>,
    /// Set on a landscape page of its own in the PDF.
    pub landscape: bool,
}

/// What a set of columns is, which decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnsKind {
    /// Resources → activities → short-, medium- and long-term effects, with arrows.
    TheoryOfChange,
    /// Two or more columns side by side, e.g. success factors vs challenges.
    Matrix,
}

/// One column: a title and its content.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub title: String,
    pub blocks: Vec<Spanned<Block>>,
}

/// One term of a definitions list.
#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    pub term: Vec<Inline>,
    pub details: Vec<Spanned<Block>>,
}

/// A section heading inside a chapter (level 2 and below; the chapter title is level 1).
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    /// Anchor id, unique in the report.
    pub id: String,
    /// "1.1", "2.1.1" when the style numbers sections.
    pub number: Option<String>,
    pub content: Vec<Inline>,
}

/// An inline element.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Code(String),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// An image file of the report folder (checked in layout), with its text alternative.
    Image {
        /// The path relative to the report folder, as the chapter writes it.
        src: String,
        alt: String,
        #[serde(skip)]
        span: Span,
    },
    /// 0-based index into the chapter's footnotes.
    FootnoteRef(usize),
    /// A resolved cross-reference to a numbered table, figure, chapter or section.
    Ref(CrossRef),
    /// An author–year citation, `[@key]`, resolved during layout.
    Citation(Citation),
    SoftBreak,
    LineBreak,
}

impl Inline {
    /// Calls `f` on this inline, then on every inline inside it (emphasis, links).
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Inline)) {
        f(self);
        if let Inline::Emphasis(c)
        | Inline::Strong(c)
        | Inline::Strikethrough(c)
        | Inline::Link { content: c, .. } = self
        {
            c.iter_mut().for_each(|inline| inline.visit_mut(f));
        }
    }

    /// Where the chapter writes this inline: images, citations and cross-references
    /// carry it.
    fn span_mut(&mut self) -> Option<&mut Span> {
        match self {
            Inline::Image { span, .. }
            | Inline::Ref(CrossRef { span, .. })
            | Inline::Citation(Citation { span, .. }) => Some(span),
            _ => None,
        }
    }
}

/// What a cross-reference points at, resolved during layout.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CrossRef {
    /// The target's anchor id.
    pub id: String,
    /// The chapter slug holding the target (for HTML links between pages).
    pub chapter: String,
    /// The text to show, e.g. "tabell 3" or "figur 2".
    pub text: String,
    /// Where the chapter writes the reference.
    #[serde(skip)]
    pub span: Span,
}

/// A parenthetical citation of one or more bibliography entries: `[@a; @b, s. 12]`
/// → "(A 2016; B 2019, s. 12)".
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Citation {
    pub items: Vec<CiteItem>,
    /// The slug of the chapter holding the reference list, if the report has one.
    pub list: Option<String>,
    /// Where the chapter writes the citation.
    #[serde(skip)]
    pub span: Span,
}

/// One cited entry inside a citation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CiteItem {
    pub key: String,
    /// A page or section, e.g. "s. 12".
    pub locator: Option<String>,
    /// "Efternamn 2016, s. 12", formatted during layout.
    pub text: String,
}

impl Citation {
    /// The citation as shown: "(A 2016; B 2019)".
    pub fn text(&self) -> String {
        let items: Vec<&str> = self.items.iter().map(|i| i.text.as_str()).collect();
        format!("({})", items.join("; "))
    }
}

/// A numbered table: from markdown or computed by analysis.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Table {
    /// Anchor id for cross-references (`tab-...`).
    pub id: Option<String>,
    /// Assigned during layout ("3" in "Tabell 3").
    pub number: Option<u32>,
    pub caption: Option<String>,
    /// Column alignment; numbers are right-aligned.
    pub align: Vec<Align>,
    /// Header rows (usually one).
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
    /// A final totals row, set apart when rendered.
    pub footer: Vec<Vec<Cell>>,
    /// The legend line under the table (e.g. what the colour marks mean).
    pub legend: Vec<LegendItem>,
    /// Notes under the table (e.g. "Groups of fewer than 5 people are not shown.").
    pub notes: Vec<String>,
    pub source: Option<String>,
    /// Set on a landscape page of its own in the PDF.
    pub landscape: bool,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// One table cell: already formatted text, with an optional colour mark.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Cell {
    pub content: Vec<Inline>,
    pub mark: Option<Mark>,
}

pub use crate::analysis::{FOLLOWED, Mark, REACHED};

/// One entry of a table's legend line.
#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    pub mark: Mark,
    pub text: String,
}

/// A numbered figure: a chart drawn as SVG.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub id: Option<String>,
    pub number: Option<u32>,
    pub caption: String,
    /// The chart as a standalone SVG document (`role="img"`, `<title>`, `<desc>`).
    pub svg: String,
    /// Text alternative: a generated summary of what the chart shows.
    pub alt: String,
    /// The same numbers as a table (shown collapsible in HTML).
    pub data: Table,
    pub source: Option<String>,
    /// Set on a landscape page of its own in the PDF.
    pub landscape: bool,
}

impl Cell {
    /// A cell holding plain text.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            content: vec![Inline::Text(s.into())],
            mark: None,
        }
    }

    /// The cell's text without formatting (for alt texts and searches).
    pub fn plain(&self) -> String {
        plain_text(&self.content)
    }
}

/// The text of inlines without formatting.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(s) | Inline::Code(s) => out.push_str(s),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                out.push_str(&plain_text(c))
            }
            Inline::Link { content, .. } => out.push_str(&plain_text(content)),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::Ref(r) => out.push_str(&r.text),
            Inline::Citation(c) => out.push_str(&c.text()),
            Inline::SoftBreak | Inline::LineBreak => out.push(' '),
            Inline::FootnoteRef(_) => {}
        }
    }
    out
}
