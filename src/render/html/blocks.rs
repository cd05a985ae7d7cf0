//! Document blocks and inlines as HTML. Every piece of text is escaped here.

use std::fmt::Write;

use super::hyphenate::soft_hyphens;
use crate::document::{
    Align, Block, Cell, Chapter, Citation, Columns, ColumnsKind, Figure, Inline, ReferenceEntry,
    Spanned, Table, plain_text,
};
use crate::locale::{Labels, Lang};

/// How links to other chapters are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    /// One page per chapter: `metod.html#id`.
    PerChapter,
    /// Everything on one page: `#id`.
    Single,
}

/// Writes one chapter's blocks and footnotes.
pub struct HtmlWriter<'a> {
    pub labels: &'a Labels,
    /// The report's language, whose hyphenation patterns break long words.
    pub lang: Lang,
    /// True inside boxes narrower than the text (table cells, theory-of-change and
    /// matrix columns): there long words carry soft hyphens.
    pub narrow: bool,
    pub pages: Pages,
    /// The chapter being written (footnote ids are unique per chapter).
    pub chapter: &'a Chapter,
    /// The footnotes whose first reference is written: that one carries the id the
    /// footnote's back link returns to, later ones none (ids stay unique).
    pub referenced: Vec<bool>,
    pub out: String,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Where the site keeps an image of the report folder: under `media/`, the path
/// percent-encoded where a URL needs it.
fn media_url(src: &str) -> String {
    let mut url = String::from("media/");
    for c in src.chars() {
        match c {
            ' ' | '"' | '#' | '%' | '?' | '<' | '>' => url.push_str(&format!("%{:02X}", c as u32)),
            c => url.push(c),
        }
    }
    url
}

/// Only links a reader can safely follow: web, mail, and paths inside the site.
fn safe_url(url: &str) -> bool {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme {
        Some(s) if !s.contains(['/', '?', '#']) => {
            matches!(s.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

impl HtmlWriter<'_> {
    /// Visible text, escaped; in a narrow box, long words with soft hyphens.
    fn text(&self, text: &str) -> String {
        if self.narrow {
            escape(&soft_hyphens(text, self.lang))
        } else {
            escape(text)
        }
    }

    /// Runs `write` with long words hyphenated, as in a narrow box.
    fn in_narrow_box(&mut self, write: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.narrow, true);
        write(self);
        self.narrow = outer;
    }

    pub fn blocks(&mut self, blocks: &[Spanned<Block>]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(h) => {
                // On the single page, chapter titles are h2, so sections move down one.
                let shift = u8::from(self.pages == Pages::Single);
                let level = (h.level + shift).clamp(2, 6);
                let number = h
                    .number
                    .as_ref()
                    .map(|n| format!("<span class=\"number\">{n}</span> "))
                    .unwrap_or_default();
                let _ = write!(self.out, "<h{level} id=\"{}\">{number}", escape(&h.id));
                self.inlines(&h.content);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Paragraph(inlines) => {
                self.out.push_str("<p>");
                self.inlines(inlines);
                self.out.push_str("</p>\n");
            }
            Block::List { start, items } => self.list(*start, items),
            Block::Quote {
                blocks,
                attribution: None,
            } => self.wrapped("<blockquote>\n", blocks, "</blockquote>\n"),
            Block::Quote {
                blocks,
                attribution: Some(by),
            } => {
                self.wrapped(
                    "<figure class=\"quote\">\n<blockquote>\n",
                    blocks,
                    "</blockquote>\n",
                );
                let _ = writeln!(
                    self.out,
                    "<figcaption>— {}</figcaption>\n</figure>",
                    escape(by)
                );
            }
            Block::Columns(columns) => self.in_narrow_box(|w| w.columns(columns)),
            Block::Definitions(definitions) => {
                self.out.push_str("<dl class=\"definitions\">\n");
                for definition in definitions {
                    self.out.push_str("<dt>");
                    self.inlines(&definition.term);
                    self.wrapped("</dt>\n<dd>", &definition.details, "</dd>\n");
                }
                self.out.push_str("</dl>\n");
            }
            Block::Code { text } => {
                let _ = writeln!(self.out, "<pre><code>{}</code></pre>", escape(text));
            }
            Block::Rule => self.out.push_str("<hr>\n"),
            Block::Table(table) => self.in_narrow_box(|w| w.table(table, "table-wrap")),
            Block::Figure(figure) => self.figure(figure),
            Block::References(list) => self.references(&list.entries),
            Block::Callout { title, blocks } => {
                self.out.push_str("<aside class=\"callout\">\n");
                if let Some(title) = title {
                    let _ = writeln!(self.out, "<p class=\"callout-title\">{}</p>", escape(title));
                }
                self.wrapped("", blocks, "</aside>\n");
            }
        }
    }

    /// A theory of change or a matrix as a grid of titled columns; with a caption, a
    /// numbered figure (a theory of change) or table (a matrix).
    fn columns(&mut self, columns: &Columns) {
        let (kind, word) = match columns.kind {
            ColumnsKind::TheoryOfChange => ("theory-of-change", self.labels.figure),
            ColumnsKind::Matrix => ("matrix", self.labels.table),
        };
        let framed = columns.caption.is_some() || columns.source.is_some();
        if framed {
            let id = columns
                .id
                .as_ref()
                .map(|i| format!(" id=\"{}\"", escape(i)))
                .unwrap_or_default();
            let _ = writeln!(self.out, "<figure class=\"columns-figure\"{id}>");
            if let Some(caption) = &columns.caption {
                let label = self.caption_label(word, columns.number);
                let _ = writeln!(
                    self.out,
                    "<figcaption>{label}{}</figcaption>",
                    escape(caption)
                );
            }
        }
        let count = columns.columns.len();
        let _ = writeln!(
            self.out,
            "<div class=\"columns columns-{kind} columns-{count}\">"
        );
        for column in &columns.columns {
            let _ = writeln!(
                self.out,
                "<section class=\"column\" aria-label=\"{}\">",
                escape(&column.title)
            );
            let _ = writeln!(
                self.out,
                "<p class=\"column-title\">{}</p>",
                self.text(&column.title)
            );
            self.wrapped("", &column.blocks, "</section>\n");
        }
        self.out.push_str("</div>\n");
        if framed {
            self.source(columns.source.as_deref());
            self.out.push_str("</figure>\n");
        }
    }

    /// The source line under a table, figure or set of columns.
    fn source(&mut self, source: Option<&str>) {
        if let Some(source) = source {
            let _ = writeln!(
                self.out,
                "<p class=\"source\">{}: {}</p>",
                self.labels.source,
                escape(source)
            );
        }
    }

    /// The reference list; each entry is the target of its citations.
    fn references(&mut self, entries: &[ReferenceEntry]) {
        if entries.is_empty() {
            return;
        }
        self.out.push_str("<ul class=\"references\">\n");
        for entry in entries {
            let id = ReferenceEntry::anchor(&entry.key);
            let _ = write!(self.out, "<li id=\"{}\">", escape(&id));
            self.inlines(&entry.content);
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ul>\n");
    }

    fn wrapped(&mut self, open: &str, blocks: &[Spanned<Block>], close: &str) {
        self.out.push_str(open);
        self.blocks(blocks);
        self.out.push_str(close);
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Spanned<Block>>]) {
        match start {
            Some(1) => self.out.push_str("<ol>\n"),
            Some(n) => {
                let _ = writeln!(self.out, "<ol start=\"{n}\">");
            }
            None => self.out.push_str("<ul>\n"),
        }
        for item in items {
            // A tight item is one paragraph: write it without <p>.
            match item.as_slice() {
                [
                    Spanned {
                        node: Block::Paragraph(inlines),
                        ..
                    },
                ] => {
                    self.out.push_str("<li>");
                    self.inlines(inlines);
                    self.out.push_str("</li>\n");
                }
                blocks => self.wrapped("<li>", blocks, "</li>\n"),
            }
        }
        self.out.push_str(if start.is_some() {
            "</ol>\n"
        } else {
            "</ul>\n"
        });
    }

    /// A table inside a scrollable, keyboard-reachable region.
    fn table(&mut self, table: &Table, wrap_class: &str) {
        let id = table
            .id
            .as_ref()
            .map(|i| format!(" id=\"{}\"", escape(i)))
            .unwrap_or_default();
        let label = self.caption_label(self.labels.table, table.number);
        // Focusable, so a table wider than the page can be scrolled from the keyboard.
        let name = table
            .caption
            .as_ref()
            .map(|c| format!(" role=\"region\" aria-label=\"{}\"", escape(c)))
            .unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<div class=\"{wrap_class}\"{id} tabindex=\"0\"{name}>"
        );
        self.out.push_str("<table>\n");
        if let Some(caption) = &table.caption {
            let _ = writeln!(self.out, "<caption>{label}{}</caption>", escape(caption));
        }
        self.rows("thead", "th", &table.header, &table.align);
        self.rows("tbody", "td", &table.rows, &table.align);
        self.rows("tfoot", "td", &table.footer, &table.align);
        self.out.push_str("</table>\n");
        self.table_notes(table);
        self.out.push_str("</div>\n");
    }

    fn caption_label(&self, word: &str, number: Option<u32>) -> String {
        number
            .map(|n| format!("<span class=\"label\">{word} {n}.</span> "))
            .unwrap_or_default()
    }

    fn rows(&mut self, section: &str, cell_tag: &str, rows: &[Vec<Cell>], align: &[Align]) {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(self.out, "<{section}>");
        for row in rows {
            self.out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let tag = if i == 0 && cell_tag == "td" {
                    "th scope=\"row\""
                } else {
                    cell_tag
                };
                self.cell(tag, cell, align.get(i).copied().unwrap_or_default());
            }
            self.out.push_str("</tr>\n");
        }
        let _ = writeln!(self.out, "</{section}>");
    }

    fn cell(&mut self, tag: &str, cell: &Cell, align: Align) {
        let mut classes = Vec::new();
        match align {
            Align::Right => classes.push("num".to_owned()),
            Align::Center => classes.push("center".to_owned()),
            Align::Left => {}
        }
        if let Some(mark) = cell.mark {
            classes.push(format!("mark mark-{}", mark.name()));
        }
        let class = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", classes.join(" "))
        };
        let _ = write!(self.out, "<{tag}{class}>");
        if let Some(mark) = cell.mark {
            let _ = write!(
                self.out,
                "<span class=\"symbol\" aria-hidden=\"true\">{}</span> ",
                mark.symbol()
            );
        }
        self.inlines(&cell.content);
        let end = tag.split(' ').next().unwrap_or(tag);
        let _ = write!(self.out, "</{end}>");
    }

    fn table_notes(&mut self, table: &Table) {
        if !table.legend.is_empty() {
            self.out.push_str("<p class=\"legend\">");
            for item in &table.legend {
                let _ = write!(
                    self.out,
                    "<span class=\"legend-item\"><span class=\"swatch mark-{}\" aria-hidden=\"true\">{}</span> {}</span> ",
                    item.mark.name(),
                    item.mark.symbol(),
                    escape(&item.text)
                );
            }
            self.out.push_str("</p>\n");
        }
        for note in &table.notes {
            let _ = writeln!(self.out, "<p class=\"table-note\">{}</p>", escape(note));
        }
        self.source(table.source.as_deref());
    }

    fn figure(&mut self, figure: &Figure) {
        let id = figure
            .id
            .as_ref()
            .map(|i| format!(" id=\"{}\"", escape(i)))
            .unwrap_or_default();
        let _ = writeln!(self.out, "<figure class=\"chart\"{id}>");
        // The caption comes first: HTML allows it only as the first or last child.
        let label = self.caption_label(self.labels.figure, figure.number);
        let _ = writeln!(
            self.out,
            "<figcaption>{label}{}</figcaption>",
            escape(&figure.caption)
        );
        // The SVG is generated by rapport's chart module (escaped there), never user markup.
        let _ = writeln!(self.out, "<div class=\"chart-image\">{}</div>", figure.svg);
        self.source(figure.source.as_deref());
        let _ = writeln!(
            self.out,
            "<details class=\"chart-data\">\n<summary>{}</summary>",
            self.labels.show_data
        );
        self.table(&figure.data, "table-wrap data");
        self.out.push_str("</details>\n</figure>\n");
    }

    pub fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => {
                let text = self.text(text);
                self.out.push_str(&text);
            }
            Inline::Emphasis(c) => self.tagged("em", c),
            Inline::Strong(c) => self.tagged("strong", c),
            Inline::Strikethrough(c) => self.tagged("del", c),
            Inline::Code(code) => {
                let _ = write!(self.out, "<code>{}</code>", escape(code));
            }
            Inline::Link { url, content } if safe_url(url) => {
                let _ = write!(self.out, "<a href=\"{}\">", escape(url));
                self.inlines(content);
                self.out.push_str("</a>");
            }
            Inline::Link { content, .. } => self.inlines(content),
            Inline::Image { src, alt, .. } => {
                let _ = write!(
                    self.out,
                    "<img src=\"{}\" alt=\"{}\">",
                    escape(&media_url(src)),
                    escape(alt)
                );
            }
            Inline::FootnoteRef(index) => {
                let n = index + 1;
                let id = self.footnote_id(*index);
                let first = self
                    .referenced
                    .get_mut(*index)
                    .is_some_and(|seen| !std::mem::replace(seen, true));
                let anchor = if first {
                    format!(" id=\"{id}-ref\"")
                } else {
                    String::new()
                };
                let _ = write!(
                    self.out,
                    "<sup class=\"footnote-ref\"><a href=\"#{id}\"{anchor}>{n}</a></sup>"
                );
            }
            Inline::Ref(r) => self.link("xref", &r.chapter, &r.id, &r.text),
            Inline::Citation(citation) => self.citation(citation),
            Inline::SoftBreak => self.out.push('\n'),
            Inline::LineBreak => self.out.push_str("<br>\n"),
        }
    }

    /// A link to the anchor `id` in the chapter `chapter`.
    fn link(&mut self, class: &str, chapter: &str, id: &str, text: &str) {
        let href = match self.pages {
            Pages::PerChapter if chapter != self.chapter.slug => format!("{chapter}.html#{id}"),
            _ => format!("#{id}"),
        };
        let _ = write!(
            self.out,
            "<a class=\"{class}\" href=\"{}\">{}</a>",
            escape(&href),
            escape(text)
        );
    }

    /// "(A 2016; B 2019)", each item linked to its entry in the reference list.
    fn citation(&mut self, citation: &Citation) {
        self.out.push('(');
        for (i, item) in citation.items.iter().enumerate() {
            if i > 0 {
                self.out.push_str("; ");
            }
            match &citation.list {
                Some(list) => {
                    self.link("cite", list, &ReferenceEntry::anchor(&item.key), &item.text)
                }
                None => self.out.push_str(&escape(&item.text)),
            }
        }
        self.out.push(')');
    }

    fn tagged(&mut self, tag: &str, content: &[Inline]) {
        let _ = write!(self.out, "<{tag}>");
        self.inlines(content);
        let _ = write!(self.out, "</{tag}>");
    }

    fn footnote_id(&self, index: usize) -> String {
        format!("fn-{}-{}", self.chapter.slug, index + 1)
    }

    /// The chapter's footnotes as an ordered list at its end.
    pub fn footnotes(&mut self) {
        if self.chapter.footnotes.is_empty() {
            return;
        }
        let _ = writeln!(
            self.out,
            "<section class=\"footnotes\" aria-label=\"{}\">\n<ol>",
            self.labels.footnotes
        );
        for (index, body) in self.chapter.footnotes.iter().enumerate() {
            let id = self.footnote_id(index);
            let _ = write!(self.out, "<li id=\"{id}\">");
            match body.as_slice() {
                [
                    Spanned {
                        node: Block::Paragraph(inlines),
                        ..
                    },
                ] => self.inlines(inlines),
                blocks => self.blocks(blocks),
            }
            let _ = writeln!(
                self.out,
                " <a href=\"#{id}-ref\" class=\"footnote-back\" aria-label=\"↩\">↩</a></li>"
            );
        }
        self.out.push_str("</ol>\n</section>\n");
    }
}

/// The chapter title as shown: "1. Inledning", "Bilaga 1. Intervjuade", "Sammanfattning".
pub fn chapter_heading(chapter: &Chapter, numbered: bool, labels: &Labels) -> String {
    use crate::document::ChapterKind;
    match (chapter.kind, &chapter.number) {
        (ChapterKind::Appendix, Some(n)) => format!("{} {n}. {}", labels.appendix, chapter.title),
        (ChapterKind::Main, Some(n)) if numbered => format!("{n}. {}", chapter.title),
        _ => chapter.title.clone(),
    }
}

/// The plain text of a chapter's first paragraph, for the page description.
pub fn description(chapter: &Chapter) -> String {
    chapter
        .blocks
        .iter()
        .find_map(|b| match &b.node {
            Block::Paragraph(inlines) => Some(plain_text(inlines)),
            _ => None,
        })
        .map(|t| t.chars().take(160).collect())
        .unwrap_or_default()
}
