//! Evaluation building blocks rendered in the site and the PDF from the same Document.

use crate::common;

use crate::common::{edit, failing_build, pdf_text, read};

fn built() -> tempfile::TempDir {
    common::built("basic", &["build"])
}

#[test]
fn theory_of_change_and_matrix_render_as_titled_columns() {
    let dir = built();
    // Without the soft hyphens long words carry in narrow columns.
    let page = read(&dir, "output/block.html").replace('\u{ad}', "");
    assert!(
        page.contains("<div class=\"columns columns-theory-of-change columns-3\">"),
        "{page}"
    );
    assert!(page.contains("<p class=\"column-title\">Aktiviteter</p>"));
    assert!(page.contains("<strong>För deltagare</strong>"));
    assert!(
        page.contains("<li>Samtal <em>varje vecka</em></li>"),
        "items are markdown"
    );
    assert!(page.contains("<div class=\"columns columns-matrix columns-2\">"));
}

#[test]
fn quotes_carry_a_generic_attribution_and_definitions_a_list() {
    let dir = built();
    let page = read(&dir, "output/block.html");
    assert!(page.contains("<figcaption>— en deltagare</figcaption>"));
    assert!(
        page.contains("<dl class=\"definitions\">\n<dt>BIP-gruppen</dt>"),
        "{page}"
    );
}

#[test]
fn the_pdf_holds_the_same_blocks() {
    let dir = built();
    let Some(text) = pdf_text(&dir.path().join("output/testrapport.pdf")) else {
        return;
    };
    for expected in [
        "Framgångsfaktorer",
        "Utmaningar",
        "Aktiviteter",
        "Jag fick bestämma själv",
        "en deltagare",
        "BIP-gruppen",
    ] {
        assert!(
            text.contains(expected),
            "{expected} missing from the PDF text"
        );
    }
}

#[test]
fn columns_need_at_least_two_entries() {
    let err = failing_build("basic", |d| {
        std::fs::write(
            d.join("content/04-fel.md"),
            "# Fel\n\n```{matris}\n- title: Ensam\n  items: [a]\n```\n",
        )
        .unwrap()
    });
    assert!(err.contains("04-fel.md:3:1"), "{err}");
    assert!(err.contains("at least two"), "{err}");
}

#[test]
fn sustainability_plans_are_tabled_and_counted() {
    let dir = built();
    let page = read(&dir, "output/block.html");
    assert!(page.contains("Beslut om att behålla arbetssätt"));
    assert!(
        page.contains(
            "<p class=\"table-note\">Av 3 organisationer: beslutat 2, under övervägande 1.</p>"
        ),
        "{page}"
    );
}

#[test]
fn interviews_are_sorted_by_date_and_checklist_answers_resolve_references() {
    let dir = built();
    let page = read(&dir, "output/block.html");
    let first = page.find("2023-04-01").expect("the April interview");
    let second = page.find("2023-05-02").expect("the May interview");
    assert!(first < second, "sorted by date");
    assert!(
        page.contains("Ja, se <a class=\"xref\" href=\"#tab-hallbarhet\">tabell 2</a>."),
        "{page}"
    );
}

#[test]
fn unknown_references_inside_blocks_are_located() {
    let err = failing_build("basic", |d| {
        edit(
            &d.join("content/03-block.md"),
            "se @tab-hallbarhet",
            "se @tab-saknas",
        )
    });
    assert!(err.contains("03-block.md:45:18"), "{err}");
    assert!(err.contains("`tab-saknas`"), "{err}");
}

#[test]
fn the_outcome_matrix_marks_outcomes_and_totals_them() {
    let dir = built();
    let page = read(&dir, "output/block.html");
    assert!(
        page.contains(
            "<th scope=\"row\">BB</th><td class=\"center\">✓</td><td class=\"center\">✓</td>"
        ),
        "{page}"
    );
    assert!(page.contains("<tfoot>\n<tr><th scope=\"row\">Totalt</th><td class=\"center\">3</td><td class=\"center\">2</td>"), "{page}");
}

#[test]
fn an_outcome_matrix_smaller_than_the_threshold_is_refused() {
    let err = failing_build("basic", |d| {
        edit(
            &d.join("content/03-block.md"),
            "  - {id: EE, outcomes: [Arbete]}\n",
            "",
        )
    });
    assert!(err.contains("03-block.md:"), "{err}");
    assert!(
        err.contains("4 participants is too small to publish"),
        "{err}"
    );
}

#[test]
fn images_of_the_report_folder_are_shown_in_the_site_and_the_pdf() {
    let dir = common::fixture("basic");
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100"><rect width="400" height="100" fill="#0072B2"/></svg>"##;
    std::fs::create_dir_all(dir.path().join("bilder")).unwrap();
    std::fs::write(dir.path().join("bilder/min karta.svg"), svg).unwrap();
    let chapter = dir.path().join("content/01-inledning.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(
        &chapter,
        text + "\n![Karta över kommunerna](<bilder/min karta.svg>)\n",
    )
    .unwrap();
    let out = common::rapport(&["build", "--typst"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let page = read(&dir, "output/inledning.html");
    assert!(
        page.contains(r#"<img src="media/bilder/min%20karta.svg" alt="Karta över kommunerna">"#),
        "{page}"
    );
    assert_eq!(read(&dir, "output/media/bilder/min karta.svg"), svg);
    let typst = read(&dir, "output/typst/main.typ");
    assert!(
        typst.contains(r#"image("/media/bilder/min karta.svg", alt: "Karta över kommunerna")"#),
        "{typst}"
    );
    assert_eq!(read(&dir, "output/typst/media/bilder/min karta.svg"), svg);
}

/// A chapter whose blocks all have a title and an id, one of them inside a box.
const NUMBERED: &str = "# Numrerat

Se @fig-teori, @tab-matris, @tab-inuti och @tab-noter.

```{forandringsteori}
title: Teorin
id: fig-teori
columns:
  - title: Resurser
    items: [Coacher]
  - title: Effekter
    items: [Förrehabiliteringsinsatser]
```

```{matris}
title: Matrisen
id: tab-matris
liggande: true
columns:
- title: A
  items: [a]
- title: B
  items: [b]
```

```{ruta} En ruta
| A | B |
|---|---|
| 1 | 2 |

Table: Inuti rutan {#tab-inuti}
```

```{utfallsmatris}
title: Utfall med noter
id: tab-noter
source: Coachernas anteckningar
columns: [Plan, Arbete]
rows:
  - {id: AA, outcomes: [Plan], notes: {Arbete: 1 ämne}}
  - {id: BB, outcomes: [Plan, Arbete], notes: {Plan: 2 veckor}}
  - {id: CC, outcomes: []}
  - {id: DD, outcomes: [Plan]}
  - {id: EE, outcomes: [Arbete]}
```
";

/// The basic fixture with the chapter above, built (site and PDF).
fn built_with_numbered_blocks() -> tempfile::TempDir {
    let dir = common::fixture("basic");
    std::fs::write(dir.path().join("content/04-numrerat.md"), NUMBERED).unwrap();
    let out = common::rapport(&["build"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn every_block_with_a_title_is_numbered_and_referenced_even_inside_a_box() {
    let dir = built_with_numbered_blocks();
    let page = read(&dir, "output/numrerat.html");
    // Before this chapter: table 1 (kommuner) and table 2 (hållbarhet), no figure.
    for (id, text) in [
        ("fig-teori", "figur 1"),
        ("tab-matris", "tabell 3"),
        ("tab-inuti", "tabell 4"),
        ("tab-noter", "tabell 5"),
    ] {
        let link = format!("<a class=\"xref\" href=\"#{id}\">{text}</a>");
        assert!(page.contains(&link), "{link} in {page}");
    }
    for caption in [
        "<figcaption><span class=\"label\">Figur 1.</span> Teorin</figcaption>",
        "<figcaption><span class=\"label\">Tabell 3.</span> Matrisen</figcaption>",
        "<caption><span class=\"label\">Tabell 4.</span> Inuti rutan</caption>",
        "<caption><span class=\"label\">Tabell 5.</span> Utfall med noter</caption>",
    ] {
        assert!(page.contains(caption), "{caption} in {page}");
    }
    // A long word in a narrow column carries soft hyphens at its syllables.
    assert!(
        page.contains("<li>För\u{ad}re\u{ad}ha\u{ad}bi\u{ad}li\u{ad}te\u{ad}rings\u{ad}in\u{ad}sat\u{ad}ser</li>"),
        "{page}"
    );
    let Some(text) = pdf_text(&dir.path().join("output/testrapport.pdf")) else {
        return;
    };
    for caption in [
        "Figur 1. Teorin",
        "Tabell 3. Matrisen",
        "Tabell 4. Inuti rutan",
    ] {
        assert!(
            text.contains(caption),
            "{caption} missing from the PDF text"
        );
    }
}

#[test]
fn outcome_cells_hold_a_note_beside_the_mark_and_only_marks_are_counted() {
    let dir = built_with_numbered_blocks();
    let page = read(&dir, "output/numrerat.html");
    assert!(
        page.contains(
            "<th scope=\"row\">AA</th><td class=\"center\">✓</td><td class=\"center\">1 ämne</td>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<th scope=\"row\">BB</th><td class=\"center\">✓ 2 veckor</td><td class=\"center\">✓</td>"),
        "{page}"
    );
    // Plan: AA, BB, DD; Arbete: BB, EE (AA's note is no mark).
    assert!(
        page.contains(
            "<th scope=\"row\">Totalt</th><td class=\"center\">3</td><td class=\"center\">2</td>"
        ),
        "{page}"
    );
    assert!(page.contains("<p class=\"source\">Källa: Coachernas anteckningar</p>"));
}

#[test]
fn a_block_marked_liggande_gets_a_landscape_page() {
    let dir = built_with_numbered_blocks();
    let pdf = dir.path().join("output/testrapport.pdf");
    let Ok(info) = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", "99"])
        .arg(&pdf)
        .output()
    else {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "pdfinfo is missing, and CI=true"
        );
        return;
    };
    let info = String::from_utf8_lossy(&info.stdout);
    let sizes: Vec<&str> = info.lines().filter(|l| l.contains(" size: ")).collect();
    let landscape = sizes
        .iter()
        .filter(|l| l.contains("841.89 x 595.276"))
        .count();
    assert_eq!(landscape, 1, "one A4 landscape page: {sizes:?}");
}

/// A chapter whose box, quote and matrix items refer to footnotes written inside them
/// and outside.
const FOOTNOTES_IN_BOXES: &str = "# Fotnoter

Text utanför med en fotnot.[^ute]

```{ruta} Slutsatser
- Första slutsatsen med fotnot.[^inne]
- Andra slutsatsen med en hänvisning till fotnoten utanför.[^ute]

[^inne]: Fotnot definierad i rutan.
```

```{citat} en deltagare
Det var ett bra år.[^citat]

[^citat]: Fotnot definierad i citatet.
```

```{matris}
- title: A
  items: [\"Punkt med fotnoten utanför.[^ute]\"]
- title: B
  items: [\"Punkt med en egen fotnot.[^matris]\"]
```

[^ute]: Fotnot definierad utanför rutan.
[^matris]: Fotnot till matrisen.
";

#[test]
fn footnotes_inside_a_box_or_quote_are_the_chapters_in_site_pdf_and_word() {
    let dir = common::fixture("basic");
    std::fs::write(
        dir.path().join("content/04-fotnoter.md"),
        FOOTNOTES_IN_BOXES,
    )
    .unwrap();
    let out = common::rapport(&["build", "--docx"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Numbered by first reference: `ute` 1, `inne` 2 (in the box), `citat` 3,
    // `matris` 4 (a matrix item, a YAML string).
    // Without the soft hyphens long words carry in narrow columns.
    let page = read(&dir, "output/fotnoter.html").replace('\u{ad}', "");
    // Only a footnote's first reference carries the id its back link returns to.
    let reference = |n: usize, first: bool| {
        let id = if first {
            format!(" id=\"fn-fotnoter-{n}-ref\"")
        } else {
            String::new()
        };
        format!("<sup class=\"footnote-ref\"><a href=\"#fn-fotnoter-{n}\"{id}>{n}</a></sup>")
    };
    for (text, n, first) in [
        ("Text utanför med en fotnot.", 1, true),
        ("Första slutsatsen med fotnot.", 2, true),
        ("hänvisning till fotnoten utanför.", 1, false),
        ("Det var ett bra år.", 3, true),
        ("Punkt med fotnoten utanför.", 1, false),
        ("Punkt med en egen fotnot.", 4, true),
    ] {
        let referred = format!("{text}{}", reference(n, first));
        assert!(page.contains(&referred), "{referred} in {page}");
    }
    assert_eq!(page.matches("id=\"fn-fotnoter-1-ref\"").count(), 1);
    let notes = [
        "Fotnot definierad utanför rutan.",
        "Fotnot definierad i rutan.",
        "Fotnot definierad i citatet.",
        "Fotnot till matrisen.",
    ];
    for (i, note) in notes.iter().enumerate() {
        let item = format!("<li id=\"fn-fotnoter-{}\">{note} <a href=", i + 1);
        assert!(page.contains(&item), "{item} in {page}");
    }
    assert!(!page.contains("[^"), "{page}");

    // The Word document: one footnote per note, in number order.
    let docx = dir.path().join("output/testrapport.docx");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut footnotes = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("word/footnotes.xml").unwrap(),
        &mut footnotes,
    )
    .unwrap();
    let places: Vec<usize> = notes
        .iter()
        .map(|note| {
            footnotes
                .find(note)
                .unwrap_or_else(|| panic!("{note} not in Word"))
        })
        .collect();
    assert!(places.is_sorted(), "{places:?}");

    let Some(text) = pdf_text(&dir.path().join("output/testrapport.pdf")) else {
        return;
    };
    assert!(!text.contains("[^"), "{text}");
    // The PDF numbers footnotes through the report: the introduction's `[^kalla]` is
    // 1, so these are 2 to 5. pdftotext sets a footnote's number against its
    // text; spaces are left out here.
    let compact: String = text.split_whitespace().collect();
    for numbered in [
        "Textutanförmedenfotnot.2",
        "Förstaslutsatsenmedfotnot.3",
        "hänvisningtillfotnotenutanför.2",
        "Detvarettbraår.4",
        "2Fotnotdefinieradutanförrutan.",
        "3Fotnotdefinieradirutan.",
        "4Fotnotdefinieradicitatet.",
        "Punktmedenegenfotnot.5",
        "5Fotnottillmatrisen.",
    ] {
        assert!(compact.contains(numbered), "{numbered} in {text}");
    }
}
