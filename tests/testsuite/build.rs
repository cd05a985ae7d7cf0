//! End-to-end builds of fixture reports through the `rapport` binary.

mod docx;

use crate::common::{fixture, rapport, read, read_bytes};

#[test]
fn builds_every_page_of_the_site() {
    let dir = fixture("basic");
    let out = rapport(&["build", "--no-pdf"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for page in [
        "index.html",
        "print.html",
        "inledning.html",
        "bilaga.html",
        "style.css",
        "fonts/Inter-Regular.otf",
    ] {
        assert!(
            dir.path().join("output").join(page).is_file(),
            "{page} missing"
        );
    }
}

/// Chapter files named by a number only take their page name from their title, and
/// references to them work.
#[test]
fn chapters_named_by_a_number_take_the_page_name_from_their_title() {
    let dir = fixture("basic");
    std::fs::write(
        dir.path().join("content/04.md"),
        "# Resultat i korthet\n\nSe @kap-vad-hande-sedan.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/05.md"),
        "# Vad hände sedan?\n\nText.\n",
    )
    .unwrap();
    let out = rapport(&["build", "--no-pdf"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(&dir, "output/resultat-i-korthet.html");
    assert!(
        page.contains("href=\"vad-hande-sedan.html#kap-vad-hande-sedan\""),
        "{page}"
    );
    assert!(dir.path().join("output/vad-hande-sedan.html").is_file());
}

/// A chapter called "Index" or "Print" does not overwrite the cover or the one-page
/// report.
#[test]
fn chapters_named_like_the_site_pages_keep_their_own_page() {
    let dir = fixture("basic");
    std::fs::write(
        dir.path().join("content/04-index.md"),
        "# Index\n\nSakregister.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("content/05.md"), "# Print\n\nTryck.\n").unwrap();
    let out = rapport(&["build", "--no-pdf"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(read(&dir, "output/index-kapitel.html").contains("Sakregister."));
    assert!(read(&dir, "output/print-kapitel.html").contains("Tryck."));
    assert!(
        !read(&dir, "output/index.html").contains("Sakregister."),
        "the cover stays"
    );
    let print = read(&dir, "output/print.html");
    assert!(
        print.contains("Sakregister.") && print.contains("Tryck."),
        "the one-page report holds both"
    );
}

#[test]
fn numbers_in_prose_come_from_the_data() {
    let dir = fixture("basic");
    rapport(&["build", "--no-pdf"], dir.path());
    let page = read(&dir, "output/inledning.html");
    assert!(page.contains("nått 1\u{202F}847 deltagare"), "{page}");
    assert!(page.contains("46,02\u{A0}% kvinnor"), "{page}");
    assert!(page.contains("<td class=\"num\">12</td>"), "{page}");

    std::fs::write(
        dir.path().join("data/siffror.yaml"),
        "deltagare: 2000\nkvinnor: 1000\nsnitt: 1\n",
    )
    .unwrap();
    rapport(&["build", "--no-pdf"], dir.path());
    let page = read(&dir, "output/inledning.html");
    assert!(page.contains("nått 2\u{202F}000 deltagare"));
    assert!(page.contains("50,00\u{A0}% kvinnor"));
}

#[test]
fn pages_have_structure_and_numbered_references() {
    let dir = fixture("basic");
    rapport(&["build", "--no-pdf"], dir.path());
    let page = read(&dir, "output/inledning.html");
    assert_eq!(page.matches("<h1").count(), 1);
    assert!(page.contains("<html lang=\"sv\">"));
    assert!(page.contains("<main id=\"main\""));
    assert!(page.contains(
        "<caption><span class=\"label\">Tabell 1.</span> Deltagare per kommun</caption>"
    ));
    assert!(
        page.contains("<a class=\"xref\" href=\"#tab-kommuner\">tabell 1</a>"),
        "{page}"
    );
    assert!(page.contains("href=\"#fn-inledning-1\""));
    assert!(page.contains("rel=\"next\" href=\"bilaga.html\""));
    let appendix = read(&dir, "output/bilaga.html");
    assert!(appendix.contains("<h1>Bilaga 1. Intervjuer</h1>"));
    assert!(appendix.contains("Ett ”citat”"), "Swedish quotation marks");
    let print = read(&dir, "output/print.html");
    assert_eq!(print.matches("<h1").count(), 1);
    assert!(
        print.contains("<h3 id=\"sec-bakgrund\">"),
        "sections move down a level on the single page"
    );
}

/// The PDF and the figures manifest every build writes, no site.
#[test]
fn pdf_only_builds_just_the_pdf() {
    let dir = fixture("basic");
    let out = rapport(&["build", "--pdf-only"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<_> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    files.sort();
    assert_eq!(
        files,
        vec![".rapport-output", "figures.json", "testrapport.pdf"]
    );
    assert!(read_bytes(&dir, "output/testrapport.pdf").starts_with(b"%PDF"));
}

#[test]
fn output_requests_nothing_from_other_hosts() {
    let dir = fixture("basic");
    rapport(&["build", "--no-pdf"], dir.path());
    for entry in walkdir::WalkDir::new(dir.path().join("output")) {
        let entry = entry.unwrap();
        let web_file = entry
            .path()
            .extension()
            .is_some_and(|e| e == "html" || e == "css");
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if !web_file {
            continue;
        }
        for (colon, _) in text.match_indices("://") {
            let i = text[..colon]
                .rfind(|c: char| !c.is_ascii_alphabetic())
                .map_or(0, |p| p + 1);
            let before = &text[i.saturating_sub(6)..i];
            assert!(
                before.ends_with("href=\""),
                "{}: non-link URL near {}",
                entry.path().display(),
                &text[i..(i + 40).min(text.len())]
            );
            assert!(
                text[i..].starts_with("https://example.org/"),
                "only the author's own link"
            );
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = fixture("basic");
    rapport(&["build", "--out", "a"], dir.path());
    rapport(&["build", "--out", "b"], dir.path());
    assert!(
        dir.path().join("a/testrapport.pdf").is_file(),
        "the PDF is built beside the site"
    );
    for entry in walkdir::WalkDir::new(dir.path().join("a")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir.path().join("a")).unwrap();
            assert_eq!(
                std::fs::read(entry.path()).unwrap(),
                std::fs::read(dir.path().join("b").join(rel)).unwrap(),
                "{}",
                rel.display()
            );
        }
    }
}
