//! Hostile text in data (a municipality name, a quote in prose, a table cell) and a
//! `javascript:` link never become markup; every page carries the CSP; the PDF builds.

use crate::common::{fixture, rapport, read};

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

#[test]
fn hostile_text_is_escaped_everywhere() {
    let dir = fixture("spik");
    let csv = read(&dir, "data/participants.csv")
        .replace("Växjö", SCRIPT)
        .replace("Älmhult", "\"\"\"><img src=x onerror=alert(1)>\"");
    std::fs::write(dir.path().join("data/participants.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("data/angrepp.yaml"),
        format!("citat: '{SCRIPT}'\nnamn: '{IMG}'\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/03-angrepp.md"),
        "# Angrepp\n\n> {{ angrepp.citat }}\n\nNamnet {{ angrepp.namn }}.\n\n\
         | Fält | Värde |\n|---|---|\n| {{ angrepp.citat }} | {{ angrepp.namn }} |\n\n\
         Table: Fält med angrepp\n\n[Klicka här](javascript:alert(1)) och \
         [här](JaVaScRiPt:alert(1)).\n",
    )
    .unwrap();
    let out = rapport(&["build"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut escaped = 0;
    for entry in std::fs::read_dir(dir.path().join("output")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = std::fs::read_to_string(&path).unwrap();
        let name = path.display();
        for bad in [SCRIPT, IMG, "<script", "<img", "onerror=alert(1)>"] {
            assert!(!page.contains(bad), "{name}: {bad} unescaped");
        }
        assert!(
            !page.to_lowercase().contains("href=\"javascript:"),
            "{name}"
        );
        // Tera escapes the quotes of 'none' as &#x27;, which the browser reads back.
        let csp =
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#x27;none&#x27;;";
        assert!(page.contains(csp), "{name}: no CSP");
        escaped += page
            .matches("&lt;script&gt;alert(1)&lt;/script&gt;")
            .count();
        escaped += page
            .matches("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
            .count();
    }
    // The payloads reached the pages (as text): the municipality table, the quote, the cell.
    assert!(escaped >= 6, "only {escaped} escaped payloads found");
    let chapter = read(&dir, "output/angrepp.html");
    assert!(chapter.contains("<blockquote>"), "{chapter}");
    assert!(chapter.contains("Klicka här"), "the link text stays");
    assert!(
        std::fs::read_dir(dir.path().join("output"))
            .unwrap()
            .any(|e| e.unwrap().path().extension().is_some_and(|x| x == "pdf")),
        "the PDF builds"
    );
}
