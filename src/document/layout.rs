//! Lays out a loaded, analysed project as one Document: expands data in prose, parses
//! markdown, runs directives, then numbers chapters, sections, tables and figures and
//! resolves cross-references, once, for every renderer.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use hayagriva::Library;
use serde_json::{Map, Value};

use super::directives::{self, Sources};
use super::markdown::{self, ParsedChapter};
use super::{
    Block, Chapter, ChapterKind, ColumnsKind, CrossRef, Document, Inline, citations, goals,
    plain_text, prose,
};
use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, ERROR_LIMIT, Result, SourceText, Span};
use crate::load::Project;
use crate::load::chapters::ChapterSource;
use crate::locale::Lang;
use crate::templates::Templates;

/// Builds the Document of a project from its analysis, in the house style `templates`.
pub fn lay_out(project: &Project, analysis: &Analysis, templates: &Templates) -> Result<Document> {
    let lang = project.config.language;
    let data = prose_data(project, goals::prose_values(analysis, lang))?;
    let sources = &Sources {
        project,
        analysis,
        templates,
    };
    let mut chapters = Vec::new();
    let mut headings = Vec::new();
    let mut images = BTreeSet::new();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for source in &project.chapters {
        match lay_out_chapter(source, &data, sources, lang, &project.root, &mut warnings) {
            Ok((chapter, heading, shown)) => {
                chapters.push(chapter);
                headings.push(heading);
                images.extend(shown);
            }
            Err(error) if errors.len() < ERROR_LIMIT => errors.push(error),
            Err(_) => break,
        }
    }
    if let Some(errors) = Diagnostic::together(errors) {
        return Err(errors);
    }
    let mut document = Document {
        meta: project.config.meta.clone(),
        lang,
        numbered: project.config.style.numbered(),
        chapters,
        images: images.into_iter().collect(),
        warnings,
    };
    let ids = explicit_ids(&document)?;
    number(&mut document, ids);
    resolve_references(&mut document, project, &mut headings)?;
    Ok(document)
}

/// The names prose can use: computed statistics, `data/*.yaml`, and `rapport` (the
/// report's metadata). A data file may not hide a computed value.
fn prose_data(project: &Project, computed: Map<String, Value>) -> Result<Map<String, Value>> {
    let mut data = computed;
    for (name, value) in &project.data {
        if data.contains_key(name) {
            return Err(Diagnostic::error(format!(
                "`data/{name}.yaml` has the same name as computed statistics `{name}`"
            ))
            .in_file(project.root.join("data").join(format!("{name}.yaml")))
            .with_hint("rename the file: numbers rapport computes cannot be typed in"));
        }
        data.insert(name.clone(), value.clone());
    }
    let meta =
        serde_json::to_value(&project.config.meta).map_err(|e| Diagnostic::error(e.to_string()))?;
    data.insert("rapport".to_owned(), meta);
    Ok(data)
}

/// One chapter, its title heading (when the title is not given in the front matter)
/// and the image files it shows; what its prose warns about goes to `warnings`.
fn lay_out_chapter(
    source: &ChapterSource,
    data: &Map<String, Value>,
    sources: &Sources,
    lang: Lang,
    root: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Chapter, Option<Vec<Inline>>, Vec<String>)> {
    let mut scope = data.clone();
    if let Some(Value::Object(own)) = &source.data {
        scope.extend(own.clone());
    }
    let locate = |e: Diagnostic| e.in_file(&source.path).shifted(source.body_offset);
    let body = prose::expand(
        &source.body,
        &Value::Object(scope),
        lang,
        &source.path,
        source.body_offset,
    )?;
    let parsed: ParsedChapter =
        markdown::parse(&body, lang, &mut |d| directives::run(d, sources)).map_err(locate)?;
    let text = SourceText::new(&source.body, source.body_offset);
    warnings.extend(
        body.notes
            .iter()
            .map(|&(span, note)| note.warning(&text, span).in_file(&source.path)),
    );
    let images = parsed
        .images
        .into_iter()
        .map(|(src, span)| match crate::load::image::check(root, &src) {
            Ok(()) => Ok(src),
            Err(message) => Err(Diagnostic::error(message)
                .in_file(&source.path)
                .at_span(&text, span)),
        })
        .collect::<Result<Vec<_>>>()?;
    let heading = parsed.title.filter(|_| source.front.title.is_none());
    let title = source
        .front
        .title
        .clone()
        .or(heading.as_deref().map(plain_text))
        .ok_or_else(|| {
            Diagnostic::error("this chapter has no title")
                .in_file(&source.path)
                .at(1, 1)
                .with_hint("start the chapter with `# Title`, or give `title:` in its front matter")
        })?;
    let chapter = Chapter {
        slug: page_name(source, &title),
        title,
        number: None,
        kind: source.front.kind.unwrap_or(ChapterKind::Main),
        blocks: parsed.blocks,
        footnotes: parsed.footnotes,
        source: source.path.display().to_string(),
        text,
    };
    Ok((chapter, heading, images))
}

/// The chapter's page name: from the file name (`03-metod.md` → `metod`), or from
/// its title when the file name is only a number (`03.md`).
fn page_name(source: &ChapterSource, title: &str) -> String {
    let name = if source.slug.is_empty() {
        crate::load::slugify(title)
    } else {
        source.slug.clone()
    };
    if RESERVED_PAGES.contains(&name.as_str()) {
        format!("{name}-kapitel")
    } else {
        name
    }
}

/// Page names the site itself uses (the cover, the whole report on one page): a
/// chapter so named gets `-kapitel` added instead of overwriting them.
const RESERVED_PAGES: &[&str] = &["index", "print"];

/// The ids the author gave (and the chapter anchors), which must be unique: a second
/// `{#sec-x}`, `id: tab-x` or a second chapter with the same page name is an error.
fn explicit_ids(document: &Document) -> Result<HashSet<String>> {
    let mut ids = HashSet::new();
    for chapter in &document.chapters {
        let mut own = vec![(chapter.anchor(), None)];
        for block in &chapter.blocks {
            block.walk(&mut |block| {
                own.extend(block_id(block).map(|id| (id.to_owned(), Some(block.span))))
            });
        }
        for (id, span) in own {
            if !ids.insert(id.clone()) {
                return Err(duplicate_id(chapter, &id, span));
            }
        }
    }
    Ok(ids)
}

/// The id the author gave a heading, table, figure or set of columns.
fn block_id(block: &Block) -> Option<&str> {
    match block {
        Block::Heading(h) if !h.id.is_empty() => Some(&h.id),
        Block::Table(t) => t.id.as_deref(),
        Block::Figure(f) => f.id.as_deref(),
        Block::Columns(c) => c.id.as_deref(),
        _ => None,
    }
}

/// The error for an id used twice, at the block that uses it again (`span`), or at
/// the top of the chapter whose page name is taken.
fn duplicate_id(chapter: &Chapter, id: &str, span: Option<Span>) -> Diagnostic {
    let error = Diagnostic::error(match span {
        Some(_) => format!("the id `{id}` is used twice"),
        None => format!("two chapters have the page name `{}`", chapter.slug),
    })
    .in_file(&chapter.source);
    match span {
        Some(span) => error
            .at_span(&chapter.text, span.find(&chapter.text.text, id))
            .with_hint("every table, figure and heading id must be unique in the report"),
        None => error
            .at(1, 1)
            .with_hint("the page name comes from the file name: rename one of the files"),
    }
}

/// Assigns chapter, section, table and figure numbers and unique heading ids; `ids`
/// holds the author's ids, which are kept as written.
fn number(document: &mut Document, mut ids: HashSet<String>) {
    let (mut main, mut appendix, mut tables, mut figures) = (0, 0, 0, 0);
    for chapter in &mut document.chapters {
        chapter.number = match chapter.kind {
            ChapterKind::Front => None,
            ChapterKind::Main => {
                main += 1;
                Some(main.to_string())
            }
            ChapterKind::Appendix => {
                appendix += 1;
                Some(appendix.to_string())
            }
        };
        let prefix = (document.numbered && chapter.kind == ChapterKind::Main)
            .then(|| chapter.number.clone())
            .flatten();
        let mut sections = SectionCounter::new(prefix);
        let mut number_block = |block: &mut Block| match block {
            Block::Heading(h) => {
                h.number = sections.next(h.level);
                if h.id.is_empty() {
                    let wanted = format!(
                        "sec-{}",
                        crate::load::slugify(&super::plain_text(&h.content))
                    );
                    h.id = unique(wanted, &mut ids);
                }
            }
            Block::Table(t) if t.caption.is_some() => t.number = Some(next(&mut tables)),
            Block::Figure(f) => f.number = Some(next(&mut figures)),
            Block::Columns(c) if c.caption.is_some() => {
                c.number = Some(match c.kind {
                    ColumnsKind::TheoryOfChange => next(&mut figures),
                    ColumnsKind::Matrix => next(&mut tables),
                })
            }
            _ => {}
        };
        for block in &mut chapter.blocks {
            block.visit_mut(&mut number_block);
        }
    }
}

/// Counts one more and gives the new count.
fn next(counter: &mut u32) -> u32 {
    *counter += 1;
    *counter
}

fn unique(wanted: String, taken: &mut HashSet<String>) -> String {
    let mut id = wanted.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{wanted}-{n}");
        n += 1;
    }
    id
}

/// Counts sections under a chapter number: "1.1", "1.2", "1.2.1" …
struct SectionCounter {
    prefix: Option<String>,
    counts: Vec<u32>,
}

impl SectionCounter {
    fn new(prefix: Option<String>) -> Self {
        SectionCounter {
            prefix,
            counts: Vec::new(),
        }
    }

    fn next(&mut self, level: u8) -> Option<String> {
        let prefix = self.prefix.as_ref()?;
        let depth = usize::from(level.saturating_sub(1)).max(1);
        self.counts.resize(depth, 0);
        self.counts[depth - 1] += 1;
        let parts: Vec<String> = self.counts.iter().map(u32::to_string).collect();
        Some(format!("{prefix}.{}", parts.join(".")))
    }
}

/// What references and citations resolve against, and what they found.
struct Resolver<'a> {
    targets: HashMap<String, CrossRef>,
    bibliography: Option<&'a Library>,
    lang: Lang,
    /// The slug of the chapter holding the reference list.
    list: Option<String>,
    cited: HashSet<String>,
    missing: Vec<Missing>,
}

/// A cross-reference or citation that points at nothing.
enum Missing {
    Target(String, Span),
    Key(String, Span),
}

/// Fills every `Inline::Ref` with its target's chapter and text and every
/// `Inline::Citation` with its author–year text, then the reference list; or reports
/// the first unknown id or citation key where the chapter writes it. A chapter title
/// taken from its `# heading` is resolved too and becomes the heading's plain text.
fn resolve_references(
    document: &mut Document,
    project: &Project,
    headings: &mut [Option<Vec<Inline>>],
) -> Result<()> {
    let mut resolver = Resolver {
        targets: collect_targets(document),
        bibliography: project.bibliography.as_ref().map(|b| &b.library),
        lang: document.lang,
        list: reference_list_chapter(document)?,
        cited: HashSet::new(),
        missing: Vec::new(),
    };
    for (chapter, heading) in document.chapters.iter_mut().zip(headings) {
        if let Some(heading) = heading {
            resolver.fill_inlines(heading);
            chapter.title = plain_text(heading);
        }
        let mut fill = |inlines: &mut Vec<Inline>| resolver.fill_inlines(inlines);
        chapter
            .blocks
            .iter_mut()
            .chain(chapter.footnotes.iter_mut().flatten())
            .for_each(|b| b.for_each_inlines(&mut fill));
        if let Some(missing) = resolver.missing.first() {
            return Err(resolver.missing_error(missing, chapter));
        }
    }
    fill_reference_lists(document, &resolver.cited, project)
}

/// The chapter with the `{referenser}` list; a report has at most one.
fn reference_list_chapter(document: &Document) -> Result<Option<String>> {
    let mut holding = document
        .chapters
        .iter()
        .filter_map(|chapter| Some((chapter, reference_list(chapter)?)));
    let first = holding.next().map(|(c, _)| c.slug.clone());
    if let Some((chapter, span)) = holding.next() {
        return Err(at_reference_list(
            chapter,
            span,
            "the report has a second `{referenser}` list",
            "keep one reference list, e.g. in an appendix",
        ));
    }
    Ok(first)
}

/// Puts the cited entries (or all, with `all: true`) into each reference list,
/// sorted by author, then year.
fn fill_reference_lists(
    document: &mut Document,
    cited: &HashSet<String>,
    project: &Project,
) -> Result<()> {
    for chapter in &mut document.chapters {
        let Some(span) = reference_list(chapter) else {
            continue;
        };
        let bibliography = project.bibliography.as_ref().ok_or_else(|| {
            at_reference_list(
                chapter,
                span,
                "this chapter has a reference list, but the report has no bibliography",
                "add `data/references.yaml` (hayagriva YAML) or `data/references.bib` (BibTeX)",
            )
        })?;
        for block in &mut chapter.blocks {
            let Block::References(list) = &mut block.node else {
                continue;
            };
            let mut entries: Vec<&hayagriva::Entry> = bibliography
                .library
                .iter()
                .filter(|e| list.all || cited.contains(e.key()))
                .collect();
            entries.sort_by_cached_key(|e| citations::sort_key(e));
            list.entries = entries
                .into_iter()
                .map(|e| citations::reference(e, document.lang))
                .collect();
        }
    }
    Ok(())
}

impl Resolver<'_> {
    /// The error for an unknown id or key, at its `@id` or `@key` in the reference,
    /// citation or directive that writes it.
    fn missing_error(&self, missing: &Missing, chapter: &Chapter) -> Diagnostic {
        let (written, message, hint) = match missing {
            Missing::Target(id, span) => (
                span.find(&chapter.text.text, &format!("@{id}")),
                format!("nothing in the report has the id `{id}`"),
                "give the table, figure or heading this id, e.g. `id: tab-kon` or `## Rubrik {#sec-rubrik}`".to_owned(),
            ),
            Missing::Key(key, span) => (
                span.find(&chapter.text.text, &format!("@{key}")),
                format!("the bibliography has no entry `{key}`"),
                match self.bibliography {
                    Some(library) => {
                        let mut keys: Vec<&str> = library.keys().collect();
                        keys.sort_unstable();
                        format!("known keys: {}", keys.join(", "))
                    }
                    None => "add `data/references.yaml` (hayagriva YAML) or `data/references.bib` (BibTeX) with this entry".to_owned(),
                },
            ),
        };
        Diagnostic::error(message)
            .in_file(&chapter.source)
            .at_span(&chapter.text, written)
            .with_hint(hint)
    }

    /// Resolves the references among `inlines`; one that starts a sentence is
    /// capitalised ("Tabell 3 visar …").
    fn fill_inlines(&mut self, inlines: &mut [Inline]) {
        let mut sentence_start = true;
        for inline in inlines.iter_mut() {
            self.fill_inline(inline);
            match inline {
                Inline::Ref(r) if sentence_start => r.text = capitalised(&r.text),
                Inline::Text(t) => {
                    let trimmed = t.trim_end();
                    sentence_start =
                        trimmed.is_empty() && sentence_start || trimmed.ends_with(['.', '!', '?']);
                    continue;
                }
                _ => {}
            }
            sentence_start = false;
        }
    }

    fn fill_inline(&mut self, inline: &mut Inline) {
        match inline {
            Inline::Ref(r) => match self.targets.get(&r.id) {
                Some(target) => {
                    *r = CrossRef {
                        span: r.span,
                        ..target.clone()
                    }
                }
                None => self.missing.push(Missing::Target(r.id.clone(), r.span)),
            },
            Inline::Citation(citation) => {
                citation.list = self.list.clone();
                for item in &mut citation.items {
                    match self.bibliography.and_then(|b| b.get(&item.key)) {
                        Some(entry) => {
                            item.text =
                                citations::cite_text(entry, item.locator.as_deref(), self.lang);
                            self.cited.insert(item.key.clone());
                        }
                        None => self
                            .missing
                            .push(Missing::Key(item.key.clone(), citation.span)),
                    }
                }
            }
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Link { content: c, .. } => self.fill_inlines(c),
            _ => {}
        }
    }
}

/// Where the chapter writes its `{referenser}` list, if it has one.
fn reference_list(chapter: &Chapter) -> Option<Span> {
    let list = chapter
        .blocks
        .iter()
        .find(|b| matches!(b.node, Block::References(_)))?;
    Some(list.span)
}

/// An error about a chapter's `{referenser}` list, at its name in the opening fence.
fn at_reference_list(chapter: &Chapter, span: Span, message: &str, hint: &str) -> Diagnostic {
    Diagnostic::error(message)
        .in_file(&chapter.source)
        .at_span(&chapter.text, span.find(&chapter.text.text, "{"))
        .with_hint(hint)
}

fn collect_targets(document: &Document) -> HashMap<String, CrossRef> {
    let labels = document.lang.labels();
    let mut targets = HashMap::new();
    for chapter in &document.chapters {
        let mut add = |id: &str, text: String| {
            targets.insert(
                id.to_owned(),
                CrossRef {
                    id: id.to_owned(),
                    chapter: chapter.slug.clone(),
                    text,
                    span: Span::default(),
                },
            );
        };
        let chapter_text = match (&chapter.number, chapter.kind, document.numbered) {
            (Some(n), ChapterKind::Appendix, _) => {
                format!("{} {n}", labels.appendix.to_lowercase())
            }
            (Some(n), ChapterKind::Main, true) => format!("{} {n}", labels.chapter.to_lowercase()),
            _ => format!("”{}”", chapter.title),
        };
        add(&chapter.anchor(), chapter_text);
        let (table, figure) = (labels.table.to_lowercase(), labels.figure.to_lowercase());
        for block in &chapter.blocks {
            block.visit(&mut |block| {
                let target = match block {
                    Block::Heading(h) => Some((
                        &h.id,
                        h.number
                            .clone()
                            .unwrap_or_else(|| format!("”{}”", super::plain_text(&h.content))),
                    )),
                    Block::Table(t) => numbered(&t.id, t.number, &table),
                    Block::Figure(f) => numbered(&f.id, f.number, &figure),
                    Block::Columns(c) => match c.kind {
                        ColumnsKind::TheoryOfChange => numbered(&c.id, c.number, &figure),
                        ColumnsKind::Matrix => numbered(&c.id, c.number, &table),
                    },
                    _ => None,
                };
                if let Some((id, text)) = target {
                    add(id, text);
                }
            });
        }
    }
    targets
}

/// A numbered block's id and its reference text ("tabell 3").
fn numbered<'a>(
    id: &'a Option<String>,
    number: Option<u32>,
    word: &str,
) -> Option<(&'a String, String)> {
    Some((id.as_ref()?, format!("{word} {}", number?)))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
