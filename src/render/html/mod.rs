//! The static site: a cover page with contents, one page per chapter with a sidebar
//! and previous/next links, and `print.html` with the whole report on one page.
//! Page frames are tera templates of the house style; CSS and fonts ship with the site.

mod blocks;
mod fonts;
mod hyphenate;

use serde::Serialize;
use tera::{Context, Tera};

use self::blocks::{HtmlWriter, Pages, chapter_heading, description};
use super::OutputFile;
use crate::diagnostic::{Diagnostic, Result};
use crate::document::{Chapter, Document};
use crate::templates::Templates;

pub use self::blocks::escape;

/// The page templates every style provides (from `templates/common/` unless overridden).
const PAGES: [&str; 4] = ["base.html", "index.html", "chapter.html", "print.html"];

/// The Content-Security-Policy of every page: nothing but the site's own files.
pub const CSP: &str = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// A link in the navigation.
#[derive(Serialize)]
struct NavItem {
    href: String,
    heading: String,
    kind: crate::document::ChapterKind,
}

/// One chapter, rendered.
#[derive(Serialize)]
struct RenderedChapter {
    slug: String,
    heading: String,
    description: String,
    body: String,
}

/// Renders the whole site; `pdf` names the PDF built beside it, for a download link.
pub fn render(
    document: &Document,
    templates: &Templates,
    pdf: Option<&str>,
) -> Result<Vec<OutputFile>> {
    let tera = load_templates(templates)?;
    let labels = document.lang.labels();
    let nav: Vec<NavItem> = document
        .chapters
        .iter()
        .map(|c| NavItem {
            href: format!("{}.html", c.slug),
            heading: chapter_heading(c, document.numbered, labels),
            kind: c.kind,
        })
        .collect();
    let mut base = Context::new();
    base.insert("meta", &document.meta);
    base.insert("lang", document.lang.code());
    base.insert("labels", labels);
    base.insert("nav", &nav);
    base.insert("csp", CSP);
    base.insert("numbered", &document.numbered);
    base.insert("pdf", &pdf);
    base.insert("logo", &document.meta.logo_in_site());
    base.insert("date_text", &document.meta.long_date(document.lang));

    let mut files = Vec::new();
    files.push(page(&tera, "index.html", "index.html", &base)?);
    for (i, chapter) in document.chapters.iter().enumerate() {
        let mut context = base.clone();
        context.insert("chapter", &rendered(document, chapter, Pages::PerChapter));
        context.insert("current", &nav[i].href);
        context.insert("previous", &i.checked_sub(1).map(|p| &nav[p]));
        context.insert("next", &nav.get(i + 1));
        files.push(page(&tera, "chapter.html", &nav[i].href, &context)?);
    }
    let mut print = base.clone();
    let all: Vec<RenderedChapter> = document
        .chapters
        .iter()
        .map(|c| rendered(document, c, Pages::Single))
        .collect();
    print.insert("chapters", &all);
    files.push(page(&tera, "print.html", "print.html", &print)?);
    files.extend(assets(templates)?);
    Ok(files)
}

fn load_templates(templates: &Templates) -> Result<Tera> {
    let mut tera = Tera::default();
    let sources = PAGES
        .iter()
        .map(|name| Ok((*name, templates.text(name)?)))
        .collect::<Result<Vec<_>>>()?;
    tera.add_raw_templates(sources).map_err(|e| {
        Diagnostic::error(format!(
            "a page template cannot be read: {}",
            error_chain(&e)
        ))
    })?;
    Ok(tera)
}

fn page(tera: &Tera, template: &str, path: &str, context: &Context) -> Result<OutputFile> {
    let html = tera.render(template, context).map_err(|e| {
        Diagnostic::error(format!(
            "page template `{template}` failed: {}",
            error_chain(&e)
        ))
    })?;
    Ok(OutputFile::new(path, html))
}

fn rendered(document: &Document, chapter: &Chapter, pages: Pages) -> RenderedChapter {
    let labels = document.lang.labels();
    let mut writer = HtmlWriter {
        labels,
        lang: document.lang,
        narrow: false,
        pages,
        chapter,
        referenced: vec![false; chapter.footnotes.len()],
        out: String::new(),
    };
    writer.blocks(&chapter.blocks);
    writer.footnotes();
    RenderedChapter {
        slug: chapter.slug.clone(),
        heading: chapter_heading(chapter, document.numbered, labels),
        description: description(chapter),
        body: writer.out,
    }
}

/// The stylesheet (common rules, then the style's own) and the font files it uses.
fn assets(templates: &Templates) -> Result<Vec<OutputFile>> {
    let css = templates.text("base.css")? + &templates.text("style.css")?;
    let mut files = fonts::web_fonts(&css);
    files.push(OutputFile::new("style.css", css));
    Ok(files)
}

fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(": ")
}

/// The site as a [`Renderer`](super::Renderer): its pages, and the images they show.
pub struct Site;

impl super::Renderer for Site {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&mut self, context: &super::RenderContext) -> Result<super::Rendered> {
        let pdf = context.with_pdf.then(|| context.file_name("pdf"));
        let mut files = render(context.document, context.templates, pdf.as_deref())?;
        for (name, source) in site_images(context.document) {
            let path = context.root().join(source);
            let bytes = std::fs::read(&path).map_err(|e| Diagnostic::io(&path, &e))?;
            files.push(OutputFile::new(name, bytes));
        }
        Ok(files.into())
    }
}

/// The image files the site shows, each as (its name in the site, its path in the
/// report folder): the cover logo and the chapters' images under `media/`.
fn site_images(document: &Document) -> Vec<(String, &str)> {
    let logo = document
        .meta
        .logo_in_site()
        .zip(document.meta.logo.as_deref());
    let media = document
        .images
        .iter()
        .map(|src| (format!("media/{src}"), src.as_str()));
    logo.into_iter().chain(media).collect()
}
