//! The Word document of the example report (`rapport build --docx`): the package
//! read back as zip + XML, byte-identical builds, and LibreOffice opening it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::rapport;

const DOCX: &str = "slutrapport-fran-utvarderingen-av-broar-till-arbete.docx";

/// Builds the example's site and Word document into `out`; the .docx path.
fn build_docx(dir: &Path, out: &str) -> PathBuf {
    let run = rapport(&["build", "--no-pdf", "--docx", "--out", out], dir);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    dir.join(out).join(DOCX)
}

/// Every part of the package by name, in the order of the archive.
fn parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().into_owned();
            let modified = file.last_modified().unwrap_or_default();
            assert_eq!(
                (
                    modified.year(),
                    modified.month(),
                    modified.day(),
                    modified.hour()
                ),
                (1980, 1, 1, 0),
                "{name} carries a fixed date"
            );
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

fn part(parts: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, bytes) = parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    String::from_utf8(bytes.clone()).unwrap()
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The value of `w:val` on the `w:<name>` child of `node`'s `w:pPr`/`w:rPr`.
fn style_of(node: roxmltree::Node, properties: &str, name: &str) -> Option<String> {
    node.children()
        .find(|c| c.has_tag_name((W, properties)))?
        .children()
        .find(|c| c.has_tag_name((W, name)))?
        .attribute((W, "val"))
        .map(str::to_owned)
}

fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.has_tag_name((W, "t")))
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn the_word_document_has_styles_tables_pictures_notes_and_fields() {
    let dir = crate::common::example();
    let path = build_docx(dir.path(), "output");
    let parts = parts(&path);
    let document = part(&parts, "word/document.xml");
    let xml = roxmltree::Document::parse(&document).unwrap();
    let paragraphs: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .collect();
    let styled = |style: &str| -> Vec<String> {
        paragraphs
            .iter()
            .filter(|p| style_of(**p, "pPr", "pStyle").as_deref() == Some(style))
            .map(|p| text_of(*p))
            .collect()
    };

    // Ten chapters in content/, each a Heading 1 (two appendices titled "Bilaga N").
    let chapters = styled("Heading1");
    assert_eq!(chapters.len(), 10, "{chapters:?}");
    assert_eq!(chapters[0], "Sammanfattning");
    assert_eq!(chapters[8], "Bilaga 1. Genomförda intervjuer");
    assert!(styled("Heading2").iter().any(|h| h == "Deltagarna"));
    assert_eq!(
        styled("Title"),
        ["Slutrapport från utvärderingen av Broar till arbete"]
    );

    // Tables: at least 9, every header row repeated on each page, numbers right-aligned.
    let tables: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    assert!(tables.len() >= 9, "{} tables", tables.len());
    assert!(document.matches("<w:tblHeader />").count() >= 9);
    assert!(document.contains("<w:jc w:val=\"right\" />"));
    // The BIP questions carry marks: symbol in the cell, legend underneath.
    assert!(document.contains("▲ "), "a best mark's symbol");
    assert!(document.contains("▼ "), "a weakest mark's symbol");

    // Pictures: every chart and image with its text alternative.
    let pictures: Vec<_> = xml
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .collect();
    assert!(pictures.len() >= 9, "{} pictures", pictures.len());
    let ids: std::collections::BTreeSet<_> = pictures.iter().map(|p| p.attribute("id")).collect();
    assert_eq!(ids.len(), pictures.len(), "unique picture ids");
    for picture in &pictures {
        let alt = picture.attribute("descr").unwrap_or_default();
        assert!(alt.trim().len() > 10, "alt text: {alt:?}");
    }
    let media = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/media/"))
        .count();
    assert!(media >= 9);
    assert!(
        parts
            .iter()
            .filter(|(n, _)| n.starts_with("word/media/"))
            .all(|(_, png)| png.starts_with(b"\x89PNG"))
    );

    // Fields: the contents, numbered captions and cross-references Word can update.
    let instructions: Vec<String> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "instrText")))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect();
    assert!(
        instructions
            .iter()
            .any(|i| i.trim() == "TOC \\o \"1-2\" \\h \\z \\u")
    );
    assert!(
        instructions
            .iter()
            .any(|i| i.trim() == "SEQ Tabell \\* ARABIC")
    );
    assert!(
        instructions
            .iter()
            .any(|i| i.trim() == "SEQ Figur \\* ARABIC")
    );
    let refs = instructions
        .iter()
        .filter(|i| i.trim().starts_with("REF _Ref"))
        .count();
    assert!(refs >= 3, "{refs} REF fields");
    // The caption "Tabell 2. Projektstatistik i summerad form" (the method chapter has
    // table 1), its number a SEQ field showing 2.
    let captions = styled("Caption");
    assert!(
        captions.contains(&"Tabell 2. Projektstatistik i summerad form".to_owned()),
        "{captions:?}"
    );
    // Every REF points at a bookmark that exists.
    let bookmarks: std::collections::BTreeSet<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "bookmarkStart")))
        .filter_map(|n| n.attribute((W, "name")))
        .collect();
    for instruction in instructions.iter().filter(|i| i.contains("REF ")) {
        let name = instruction.split_whitespace().nth(1).unwrap();
        assert!(bookmarks.contains(name), "{instruction} has no bookmark");
    }

    // Real footnotes: as many as the chapters define (`[^1]: …`), referenced from the text.
    let defined = std::fs::read_dir(dir.path().join("content"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .map(|text| text.lines().filter(|l| l.starts_with("[^")).count())
        .sum::<usize>();
    assert!(defined >= 1);
    let footnotes = part(&parts, "word/footnotes.xml");
    let notes = roxmltree::Document::parse(&footnotes).unwrap();
    let bodies: Vec<_> = notes
        .descendants()
        .filter(|n| n.has_tag_name((W, "footnote")))
        .collect();
    assert_eq!(bodies.len(), defined);
    assert!(
        bodies
            .iter()
            .all(|f| f.descendants().any(|n| n.has_tag_name((W, "footnoteRef"))))
    );
    assert_eq!(document.matches("<w:footnoteReference ").count(), defined);

    // Document properties and language.
    let core = part(&parts, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Slutrapport från utvärderingen av Broar till arbete</dc:title>")
    );
    assert!(core.contains("<dc:creator>Karin Lindqvist; Erik Sandberg</dc:creator>"));
    assert!(core.contains("<dc:language>sv-SE</dc:language>"));
    assert!(core.contains(">2024-11-29T00:00:00Z</dcterms:created>"));
    assert!(part(&parts, "word/styles.xml").contains("<w:lang w:val=\"sv-SE\""));
    assert!(part(&parts, "word/settings.xml").contains("<w:updateFields w:val=\"true\" />"));
}

#[test]
fn two_word_builds_are_byte_identical() {
    let dir = crate::common::example();
    let first = std::fs::read(build_docx(dir.path(), "a")).unwrap();
    let second = std::fs::read(build_docx(dir.path(), "b")).unwrap();
    assert!(first == second, "the two .docx files differ");
}

#[test]
fn docx_in_report_yaml_writes_the_word_document() {
    let dir = crate::common::example();
    let yaml = dir.path().join("report.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}docx: true\n")).unwrap();
    let run = rapport(&["build", "--no-pdf"], dir.path());
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dir.path().join("output").join(DOCX).is_file());
}

/// LibreOffice (`soffice`), or `None` where it is missing outside CI; under CI a
/// missing LibreOffice fails the test.
fn libreoffice() -> Option<&'static str> {
    let found = Command::new("soffice").arg("--version").output().is_ok();
    if !found && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("LibreOffice (soffice) is missing: .ci/run installs libreoffice-writer-nogui");
    }
    if !found {
        eprintln!("LibreOffice is not installed: skipping the Word document check");
    }
    found.then_some("soffice")
}

/// The plain lines of a chapter's markdown: prose outside code fences and images that
/// holds no placeholder, markup, link, reference or quotation mark, so the text shows
/// it as is.
fn plain_lines(markdown: &str) -> Vec<String> {
    let body = markdown
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n").map(|(_, body)| body))
        .unwrap_or(markdown);
    let mut fenced = false;
    // An image's text alternative (`![…](…)`, over several lines) is not shown text.
    let mut image = false;
    let mut lines = Vec::new();
    for line in body.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        image = (image && !line.trim().is_empty()) || line.starts_with("![");
        if image {
            continue;
        }
        let plain = !line.chars().any(|c| "{}[]*_`@<>|\"”'#-".contains(c))
            && !line
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == ':')
            && line.split_whitespace().count() >= 4;
        if !fenced && plain {
            lines.push(line.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    lines
}

#[test]
fn libreoffice_opens_the_word_document_with_every_chapter() {
    let Some(soffice) = libreoffice() else {
        return;
    };
    let dir = crate::common::example();
    let path = build_docx(dir.path(), "output");
    let profile = tempfile::tempdir().unwrap();
    let run = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = dir.path().join(DOCX.replace(".docx", ".pdf"));
    let text = crate::common::pdf_text(&pdf).expect("pdftotext (poppler-utils) is needed");
    // The footer ("Sida 3 av 21") may fall in the middle of a paragraph.
    let text: String = text
        .lines()
        .filter(|l| !(l.starts_with("Sida ") && l.contains(" av ")))
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.path().join("content")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let markdown = std::fs::read_to_string(&path).unwrap();
        let title = markdown.lines().find_map(|l| l.strip_prefix("# ")).unwrap();
        assert!(text.contains(title), "{title} missing");
        for line in plain_lines(&markdown) {
            assert!(text.contains(&line), "{}: “{line}” missing", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} lines checked");
}

#[test]
fn an_image_that_cannot_be_read_fails_the_build_and_names_the_file() {
    let dir = crate::common::example();
    build_docx(dir.path(), "output");
    let before = crate::common::snapshot(&dir.path().join("output"));
    std::fs::write(dir.path().join("bilder/organisation.svg"), "<svg").unwrap();
    let run = rapport(&["build", "--no-pdf", "--docx"], dir.path());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bilder/organisation.svg"), "{stderr}");
    // Images are checked when the chapter is read, before any renderer runs.
    assert!(stderr.contains("cannot be read"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(crate::common::snapshot(&dir.path().join("output")), before);
}
