//! The PDF renderer end to end: a hand-built report through Typst, checked with poppler.

use crate::common;

mod print_gate;
mod sample;

use std::path::{Path, PathBuf};
use std::process::Command;

use rapport::document::Document;
use rapport::load::config::Style;
use rapport::locale::Lang;
use rapport::render::pdf;
use rapport::templates::Templates;

fn render(doc: &Document, style: Style) -> Vec<u8> {
    let root = tempfile::tempdir().expect("temp dir");
    let templates = Templates::new(root.path(), style);
    pdf::render(doc, &templates, root.path()).unwrap_or_else(|d| panic!("{}", d.render()))
}

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="40" height="40" fill="#1d4f73"/><text x="48" y="28" font-family="Inter" font-size="20">ID AB</text></svg>"##;

/// Writes the PDF where poppler can read it; `RAPPORT_KEEP_PDF=dir` keeps a copy.
fn write(bytes: &[u8], name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    if let Ok(keep) = std::env::var("RAPPORT_KEEP_PDF") {
        let _ = std::fs::write(Path::new(&keep).join(name), bytes);
    }
    (dir, path)
}

/// The output of a poppler tool, or `None` (with a note) when it is not installed
/// (see `common::gate_tool`).
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> Option<String> {
    let out = common::gate_tool(Command::new(tool).args(args).arg(pdf).arg("-"))?;
    match out.status.success() {
        true => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        false => panic!("{tool} failed: {}", String::from_utf8_lossy(&out.stderr)),
    }
}

#[test]
fn renders_a_pdf_deterministically() {
    let doc = sample::report(Lang::Sv, true, 0);
    let first = render(&doc, Style::Asking);
    assert!(first.starts_with(b"%PDF"));
    typst::comemo::evict(0); // a cold second build, not one served from Typst's cache
    assert!(first == render(&doc, Style::Asking), "two builds differ");
}

#[test]
fn a_typesetter_kept_between_edits_gives_the_pdf_a_fresh_build_gives() {
    let root = tempfile::tempdir().expect("temp dir");
    let templates = Templates::new(root.path(), Style::Id);
    let mut typesetter = pdf::Typesetter::default();
    let mut kept = |doc: &Document| {
        typesetter
            .render(doc, &templates, root.path())
            .unwrap_or_else(|d| panic!("{}", d.render()))
    };
    let (short, long) = (
        sample::report(Lang::Sv, false, 0),
        sample::report(Lang::Sv, false, 2),
    );
    let short_pdf = kept(&short);
    let long_pdf = kept(&long);
    assert!(long_pdf != short_pdf, "the edit changed nothing");
    assert!(
        long_pdf == render(&long, Style::Id),
        "edited: differs from a fresh build"
    );
    assert!(
        kept(&short) == short_pdf,
        "edited back: differs from the first build"
    );
}

#[test]
fn swedish_text_footer_and_captions_survive() {
    let (_dir, path) = write(
        &render(&sample::report(Lang::Sv, true, 0), Style::Asking),
        "asking.pdf",
    );
    let Some(text) = poppler("pdftotext", &[], &path) else {
        return;
    };
    for needle in [
        "Sida 1 av",
        "Räksmörgås",
        "åäö",
        "Tabell 1",
        "Figur 1",
        "Bilaga 1: Intervjuade personer",
        "#, $, *, _, @, <, [ och \\",
        "tabell 1 på sidan",
        "ESF+",
    ] {
        let found = text.contains(needle) || text.to_lowercase().contains(&needle.to_lowercase());
        assert!(found, "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn english_report_with_a_logo() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(root.path().join("logo.svg"), LOGO).expect("write logo");
    let mut doc = sample::report(Lang::En, false, 0);
    doc.meta.logo = Some("logo.svg".into());
    let bytes = pdf::render(&doc, &Templates::new(root.path(), Style::Id), root.path())
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let (_dir, path) = write(&bytes, "id-en.pdf");
    let Some(text) = poppler("pdftotext", &[], &path) else {
        return;
    };
    assert!(text.contains("Page 1 of"), "{text}");
    assert!(text.contains("Appendix 1: Intervjuade personer"), "{text}");
}

#[test]
fn contents_page_numbers_match_chapter_starts() {
    for style in [Style::Id, Style::Asking] {
        let doc = sample::report(Lang::Sv, style.numbered(), 1);
        let (_dir, path) = write(&render(&doc, style), &format!("{}.pdf", style.name()));
        let Some(text) = poppler("pdftotext", &["-layout"], &path) else {
            return;
        };
        let pages: Vec<&str> = text.split('\u{c}').collect();
        let toc = pages
            .iter()
            .position(|p| p.to_lowercase().contains("innehåll"))
            .expect("a contents page");
        // The cover is not numbered: "Sida 1" is the first page after it.
        let first = pages
            .iter()
            .position(|p| p.contains("Sida 1 av"))
            .expect("a page 1");
        for chapter in &doc.chapters {
            let listed = toc_page_number(pages[toc], &chapter.title).unwrap_or_else(|| {
                panic!("{} missing from contents:\n{}", chapter.title, pages[toc])
            });
            let starts = (toc + 1..pages.len())
                .find(|&i| {
                    pages[i]
                        .to_lowercase()
                        .contains(&chapter.title.to_lowercase())
                })
                .map(|i| i - first + 1);
            assert_eq!(
                Some(listed),
                starts,
                "{}: contents says page {listed}",
                chapter.title
            );
        }
    }
}

/// The page number at the end of the contents line holding `title`.
fn toc_page_number(toc: &str, title: &str) -> Option<usize> {
    let line = toc
        .lines()
        .find(|l| l.to_lowercase().contains(&title.to_lowercase()))?;
    let last = line.split_whitespace().last()?;
    last.trim_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()
}

#[test]
fn every_font_is_embedded() {
    let (_dir, path) = write(
        &render(&sample::report(Lang::Sv, false, 0), Style::Id),
        "fonts.pdf",
    );
    let Some(fonts) = poppler_fonts(&path) else {
        return;
    };
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… emb sub uni object ID: "emb" is the fifth column from the end.
        assert_eq!(
            cols.get(cols.len().saturating_sub(5)),
            Some(&"yes"),
            "not embedded: {row}"
        );
    }
}

fn poppler_fonts(path: &Path) -> Option<String> {
    common::gate_tool(Command::new("pdffonts").arg(path))
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_typst_error_names_the_chapter_file() {
    let mut doc = sample::report(Lang::Sv, true, 0);
    let results = doc
        .chapters
        .iter_mut()
        .find(|c| c.slug == "resultat")
        .expect("chapter");
    for block in &mut results.blocks {
        if let rapport::document::Block::Figure(figure) = &mut block.node {
            figure.svg = "<svg this is not".into();
        }
    }
    let root = tempfile::tempdir().expect("temp dir");
    let error = pdf::render(&doc, &Templates::new(root.path(), Style::Id), root.path())
        .expect_err("a broken chart cannot be typeset");
    assert!(
        error
            .path
            .as_ref()
            .is_some_and(|p| p.ends_with("kapitel/resultat.md")),
        "{error}"
    );
    assert!(error.message.contains("Resultat för deltagarna"), "{error}");
}

#[test]
fn a_broken_template_override_is_named() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(root.path().join("templates")).expect("mkdir");
    std::fs::write(
        root.path().join("templates/report.typ"),
        "#let report = (\n",
    )
    .expect("write");
    let doc = sample::report(Lang::Sv, false, 0);
    let error = pdf::render(&doc, &Templates::new(root.path(), Style::Id), root.path())
        .expect_err("a broken template cannot be typeset");
    assert!(
        error
            .path
            .as_ref()
            .is_some_and(|p| p.ends_with("templates/report.typ")),
        "{error}"
    );
}

/// A whole report through the binary: tagged, marked PDF/UA-1, text extractable.
#[test]
fn a_built_report_is_tagged_pdf_ua_with_swedish_text() {
    let dir = common::fixture("spik");
    let out = common::rapport(&["build", "--pdf-only", "--out", "pdf"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("pdf/spik-statistik-testfixtur.pdf");
    let bytes = std::fs::read(&path).expect("the PDF");
    // Every chart has a text alternative, so the PDF claims PDF/UA-1 in its XMP.
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(
        xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "no PDF/UA-1 marker"
    );
    let Some(info) = common::gate_tool(Command::new("pdfinfo").arg(&path)) else {
        return;
    };
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );
    let text = poppler("pdftotext", &[], &path).unwrap_or_default();
    for word in ["Växjö", "Älmhult", "Förändring", "kvinnor"] {
        assert!(text.contains(word), "{word} not extractable:\n{text}");
    }
    let fonts = poppler_fonts(&path).unwrap_or_default();
    for row in fonts.lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols.get(cols.len().saturating_sub(5)),
            Some(&"yes"),
            "not embedded: {row}"
        );
    }
}

/// `--typst` writes the PDF's Typst input beside it: the main markup, every file it
/// names, and the shipped fonts, so that the Typst CLI can typeset it by hand.
#[test]
fn typst_source_is_written_with_every_file_it_reads() {
    let dir = common::built("spik", &["build", "--pdf-only", "--typst"]);
    let typst = dir.path().join("output/typst");
    let main = std::fs::read_to_string(typst.join("main.typ")).expect("main.typ is written");
    let named: Vec<&str> = main
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| s.ends_with(".typ") || s.ends_with(".svg"))
        .collect();
    assert!(named.contains(&"report.typ"), "{named:?}");
    assert!(
        named.iter().filter(|s| s.ends_with(".svg")).count() >= 3,
        "{named:?}"
    );
    for file in named
        .iter()
        .chain(&["report-common.typ", "fonts/Inter-Regular.otf"])
    {
        let path = typst.join(file.trim_start_matches('/'));
        assert!(path.is_file(), "{} is missing", path.display());
    }
    assert_eq!(
        common::pdf_count(&dir.path().join("output")),
        1,
        "the PDF is still built beside its source"
    );
}

/// The print gate over the PDFs of the example report, the four starters of
/// `rapport init`, the test fixtures and the hand-built sample: no page ends with a
/// caption or starts with a source line, no word is set outside the text width, and
/// no two words overprint each other (wide tables fit).
#[test]
fn every_pdf_keeps_captions_with_their_content_and_fits_the_text_width() {
    let mut pdfs: Vec<(String, tempfile::TempDir, PathBuf)> = Vec::new();
    let example = example_report();
    let path = built_pdf(example.path(), "example");
    pdfs.push(("the example".into(), example, path));
    for template in ["id", "asking", "pm", "esf-slutrapport"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let init = common::rapport(&["init", "--template", template], dir.path());
        assert!(init.status.success(), "{template}: {init:?}");
        let path = built_pdf(dir.path(), template);
        pdfs.push((format!("the {template} starter"), dir, path));
    }
    for fixture in ["spik", "basic"] {
        let dir = common::fixture(fixture);
        let path = built_pdf(dir.path(), fixture);
        pdfs.push((format!("the {fixture} fixture"), dir, path));
    }
    let long = long_table_report();
    let path = built_pdf(long.path(), "long-table");
    pdfs.push(("the long table".into(), long, path));
    for style in [Style::Id, Style::Asking] {
        let (dir, path) = write(
            &render(&sample::report(Lang::Sv, style.numbered(), 1), style),
            &format!("gate-sample-{}.pdf", style.name()),
        );
        pdfs.push((format!("the {} sample", style.name()), dir, path));
    }
    let mut broken = Vec::new();
    for (name, _dir, path) in &pdfs {
        let Some(pages) = print_gate::pages(path) else {
            return;
        };
        broken.extend(
            print_gate::violations(&pages)
                .into_iter()
                .map(|v| format!("{name}: {v}")),
        );
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// The basic fixture with a 38-row interview table and its source line: in the layout
/// before the gate, that source line started a page of its own.
fn long_table_report() -> tempfile::TempDir {
    let dir = common::fixture("basic");
    let rows: String = (0..38)
        .map(|i| {
            format!(
                "  - role: Roll nummer {i}\n    organisation: Kommun {i}\n    date: 2023-01-{:02}\n",
                i % 28 + 1
            )
        })
        .collect();
    let chapter = format!(
        "# Lång tabell\n\nText före tabellen.\n\n```{{intervjuer}}\ntitle: Intervjuer\n\
         source: Utvärderarnas logg\ninterviews:\n{rows}```\n"
    );
    std::fs::write(dir.path().join("content/04-lang.md"), chapter).expect("write chapter");
    dir
}

/// A copy of the example report (the repository's own `report.yaml`, `content/`,
/// `data/` and `bilder/`).
fn example_report() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in ["report.yaml", "content", "data", "bilder"] {
        for file in walkdir::WalkDir::new(root.join(entry)) {
            let file = file.expect("walk the example");
            let target = dir
                .path()
                .join(file.path().strip_prefix(root).expect("inside the root"));
            if file.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else {
                std::fs::copy(file.path(), &target).expect("copy");
            }
        }
    }
    dir
}

/// Builds the report in `dir` into `dir/pdf/` and gives the PDF's path; with
/// `RAPPORT_KEEP_PDF=dir` a copy is kept there too, as `gate-<name>.pdf`.
fn built_pdf(dir: &Path, name: &str) -> PathBuf {
    let out = common::rapport(&["build", "--pdf-only", "--out", "pdf"], dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read_dir(dir.join("pdf"))
        .expect("the output folder")
        .map(|e| e.expect("an entry").path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF");
    if let Ok(keep) = std::env::var("RAPPORT_KEEP_PDF") {
        let _ = std::fs::copy(&pdf, Path::new(&keep).join(format!("gate-{name}.pdf")));
    }
    pdf
}

/// The basic fixture with `markdown` added to its appendix (lines 1–4 are its front
/// matter, line 5 its text, line 6 empty: `markdown` starts on line 7).
fn with_appendix_text(markdown: &str) -> tempfile::TempDir {
    let dir = common::fixture("basic");
    let chapter = dir.path().join("content/02-bilaga.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    assert_eq!(text.lines().count(), 5, "{text}");
    std::fs::write(&chapter, format!("{text}\n{markdown}")).unwrap();
    dir
}

/// The missing alt text of an image inside a box is reported where the box's body
/// writes it, after values (`{{ }}`) before the box and on the image's line.
#[test]
fn an_image_without_alt_text_in_a_box_is_reported_at_its_line_and_column() {
    let dir = with_appendix_text(
        "Se {{ siffror.deltagare }} här.\n\n```{ruta} En ruta\nFörsta stycket.\n\n\
         Vi mötte {{ siffror.deltagare }} ![](organisation.svg)\n```\n",
    );
    std::fs::copy(
        "bilder/organisation.svg",
        dir.path().join("organisation.svg"),
    )
    .unwrap();
    let out = common::rapport(&["build", "--pdf-only", "--out", "pdf"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: the PDF is not PDF/UA-1"),
        "{stderr}"
    );
    // Line 12: "Vi mötte {{ siffror.deltagare }} " is 33 characters.
    assert!(stderr.contains("content/02-bilaga.md:12:34"), "{stderr}");
}

/// A Typst error raised by a paragraph inside a participant quote is put on the
/// chapter line of that paragraph, not on the quote's first line.
#[test]
fn a_typst_error_inside_a_quote_is_reported_at_the_line_of_its_paragraph() {
    let dir = with_appendix_text(
        "Se {{ siffror.deltagare }} här.\n\n```{citat} en deltagare\nJag sa {{ siffror.deltagare }} saker.\n\n\
         Bilden ![En trasig bild](trasig.png) här.\n```\n",
    );
    // A PNG whose header is sound (the check before typesetting passes) but whose
    // image data is missing, so Typst cannot decode it.
    let header = [
        b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".as_slice(),
        &[0, 0, 0, 10, 0, 0, 0, 10, 8, 2, 0, 0, 0],
        &[0x02, 0x50, 0x58, 0xea],
    ]
    .concat();
    std::fs::write(dir.path().join("trasig.png"), header).unwrap();
    let out = common::rapport(&["build", "--pdf-only", "--out", "pdf"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("could not be typeset"), "{stderr}");
    // Line 9 starts the quote; its second paragraph is on line 12.
    assert!(stderr.contains("content/02-bilaga.md:12:1"), "{stderr}");
}

/// An image without alt text costs the PDF its PDF/UA-1 conformance: `build` says so
/// at the image's line and column (after a `{{ }}` on the same line), `--deny-warnings`
/// turns it into exit code 2, and `check` reports the same warning.
#[test]
fn an_image_without_alt_text_is_a_warning() {
    let dir = common::fixture("basic");
    std::fs::copy(
        "bilder/organisation.svg",
        dir.path().join("organisation.svg"),
    )
    .unwrap();
    let chapter = dir.path().join("content/02-bilaga.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let image = "Se {{ siffror.deltagare }} ![](organisation.svg)";
    std::fs::write(&chapter, format!("{text}\n{image}\n")).unwrap();
    let out = common::rapport(&["build", "--deny-warnings"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("warning: the PDF is not PDF/UA-1"),
        "{stderr}"
    );
    assert!(stderr.contains("content/02-bilaga.md:7:28"), "{stderr}");
    assert!(
        dir.path().join("output/index.html").is_file(),
        "the output is written"
    );
    let out = common::rapport(&["check", "--deny-warnings"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PDF/UA-1"));
}
