//! The .docx package: docx-rs's parts, completed where the crate has no setting, and
//! zipped with fixed timestamps in a fixed order so two builds give the same bytes.
//!
//! What docx-rs 0.4 cannot express is added here, each with one narrow edit of the
//! XML it wrote: a picture's text alternative (`descr`) and a unique id per picture,
//! header rows repeated on every page (`tblHeader`), the mark in front of a
//! footnote's text (`footnoteRef`), the document language, fields updated when
//! Word opens the file, and the core properties (title, authors, language, dates).

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::diagnostic::{Diagnostic, Result};
use crate::document::Document;

/// A placeholder the body writes where a footnote's own mark goes; private-use, and
/// removed from every text the report supplies.
pub const FOOTNOTE_MARK: &str = "\u{E000}";

/// What the package adds to docx-rs's parts.
pub struct Extras<'a> {
    /// The text alternative of each picture of the main text, in document order.
    pub alts: &'a [String],
    /// The language tag, `sv-SE` or `en-GB`.
    pub language: &'a str,
}

/// The finished .docx bytes.
pub fn pack(xml: XMLDocx, doc: &Document, extras: &Extras) -> Result<Vec<u8>> {
    let document = with_alt_texts(&text(&xml.document)?, extras.alts)?
        .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />");
    let footnotes = text(&xml.footnotes)?.replace(
        &format!("<w:t xml:space=\"preserve\">{FOOTNOTE_MARK}</w:t>"),
        "<w:footnoteRef />",
    );
    let styles = insert_before(
        &text(&xml.styles)?,
        "</w:rPr></w:rPrDefault>",
        &format!(
            "<w:lang w:val=\"{0}\" w:eastAsia=\"{0}\" w:bidi=\"ar-SA\" />",
            extras.language
        ),
    )?;
    let settings = insert_before(
        &text(&xml.settings)?,
        "<w:compat>",
        "<w:updateFields w:val=\"true\" />",
    )?;
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        (
            "docProps/core.xml".into(),
            core_properties(doc, extras.language).into_bytes(),
        ),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/styles.xml".into(), styles.into_bytes()),
        ("word/settings.xml".into(), settings.into_bytes()),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), footnotes.into_bytes()),
    ];
    for (i, header) in xml.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), header));
        if let Some(rels) = xml.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (i, footer) in xml.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), footer));
        if let Some(rels) = xml.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (id, png) in xml.media {
        parts.push((format!("word/media/{id}.png"), png));
    }
    zip_parts(parts)
        .map_err(|e| Diagnostic::error(format!("the Word document could not be packed: {e}")))
}

fn text(part: &[u8]) -> Result<String> {
    String::from_utf8(part.to_vec())
        .map_err(|_| Diagnostic::error("docx-rs wrote a part that is not UTF-8"))
}

/// `part` with `insert` before the first `marker`, which must be there.
fn insert_before(part: &str, marker: &str, insert: &str) -> Result<String> {
    let at = part.find(marker).ok_or_else(|| {
        Diagnostic::error(format!("the Word package has no `{marker}` to complete"))
    })?;
    Ok(format!("{}{insert}{}", &part[..at], &part[at..]))
}

/// Gives the n-th picture of the text the id n and the n-th text alternative
/// (docx-rs writes `id="1" name="Figure"` for every picture).
fn with_alt_texts(document: &str, alts: &[String]) -> Result<String> {
    const WRITTEN: &str = "<wp:docPr id=\"1\" name=\"Figure\" />";
    let pieces: Vec<&str> = document.split(WRITTEN).collect();
    if pieces.len() != alts.len() + 1 {
        return Err(Diagnostic::error(format!(
            "the Word document has {} pictures but {} text alternatives",
            pieces.len() - 1,
            alts.len()
        )));
    }
    let mut out =
        String::with_capacity(document.len() + alts.iter().map(String::len).sum::<usize>());
    for (i, piece) in pieces.iter().enumerate() {
        out.push_str(piece);
        if let Some(alt) = alts.get(i) {
            out.push_str(&format!(
                "<wp:docPr id=\"{n}\" name=\"{} {n}\" descr=\"{}\" />",
                "Picture",
                escape(alt),
                n = i + 1
            ));
        }
    }
    Ok(out)
}

/// Title, subject, authors, language and the report date as creation and
/// modification time (never the time of the build).
fn core_properties(doc: &Document, language: &str) -> String {
    let meta = &doc.meta;
    let authors = escape(&meta.authors.join("; "));
    let date = format!("{}T00:00:00Z", escape(&meta.date));
    let subject = meta
        .subtitle
        .as_deref()
        .map(|s| format!("<dc:subject>{}</dc:subject>", escape(s)))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title>{subject}<dc:creator>{authors}</dc:creator>\
         <cp:lastModifiedBy>{authors}</cp:lastModifiedBy><dc:language>{language}</dc:language>\
         <cp:revision>1</cp:revision>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>\
         </cp:coreProperties>",
        escape(&meta.title)
    )
}

/// Text for an XML attribute or element: escaped as on the site, with line breaks
/// and tabs as spaces and the control characters XML cannot hold dropped.
fn escape(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    crate::render::html::escape(&cleaned)
}

/// The parts in the given order, each dated 1980-01-01 00:00: XML deflated, the
/// pictures (PNG, compressed already) stored.
fn zip_parts(parts: Vec<(String, Vec<u8>)>) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let method = match name.ends_with(".png") {
            true => CompressionMethod::Stored,
            false => CompressionMethod::Deflated,
        };
        zip.start_file(name, options.compression_method(method))?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_picture_gets_its_own_id_and_text_alternative() {
        let written = "<a><wp:docPr id=\"1\" name=\"Figure\" /></a><b><wp:docPr id=\"1\" name=\"Figure\" /></b>";
        let alts = ["Staplar: 12 & 5".to_owned(), "Logotyp".to_owned()];
        assert_eq!(
            with_alt_texts(written, &alts).unwrap(),
            "<a><wp:docPr id=\"1\" name=\"Picture 1\" descr=\"Staplar: 12 &amp; 5\" /></a>\
             <b><wp:docPr id=\"2\" name=\"Picture 2\" descr=\"Logotyp\" /></b>"
        );
        assert!(with_alt_texts(written, &alts[..1]).is_err());
    }

    #[test]
    fn insertions_need_their_marker() {
        assert_eq!(insert_before("ab", "b", "X").unwrap(), "aXb");
        assert!(insert_before("ab", "c", "X").is_err());
    }
}
