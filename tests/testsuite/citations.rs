//! Citations: `[@key]` in markdown becomes "(Författare år)" in both outputs, the
//! `{referenser}` list holds the cited entries sorted by author, unknown keys are
//! errors with their position, and BibTeX works as well as hayagriva YAML.

use std::path::Path;

use crate::common::{fixture, pdf_text, rapport, read};
use tempfile::TempDir;

const YAML: &str = r#"
lund:
  type: book
  title: Utvärdering <i> praktiken
  author: Lund, Anna
  date: 2016
  publisher: Exempelförlaget
berg:
  type: report
  title: Metodstöd
  author: ["Berg, Per", "Ek, Karin"]
  date: 2019
ostlig:
  type: book
  title: Aldrig citerad
  author: Östlig, Ola
  date: 2001
"#;

const BIBTEX: &str = r#"
@book{lund,
  author = {Lund, Anna},
  title = {Utvärdering i praktiken},
  publisher = {Exempelförlaget},
  year = {2016},
}
@report{berg,
  author = {Berg, Per and Ek, Karin},
  title = {Metodstöd},
  institution = {Exempelinstitutet},
  year = {2019},
  type = {report},
}
"#;

const CHAPTER: &str = "# Inledning\n\nSom visats [@lund] och [@berg; @lund, s. 12] skriver vi till info@exempel.se.\n";

/// The basic fixture with a bibliography file, a citing chapter and a reference list.
fn with_citations(bibliography: (&str, &str), chapter: &str) -> TempDir {
    let dir = fixture("basic");
    let root = dir.path();
    std::fs::write(root.join(bibliography.0), bibliography.1).unwrap();
    std::fs::write(root.join("content/01-inledning.md"), chapter).unwrap();
    std::fs::write(
        root.join("content/04-referenser.md"),
        "---\nkind: appendix\n---\n# Referenser\n\n```{referenser}\n```\n",
    )
    .unwrap();
    dir
}

fn build(dir: &Path, args: &[&str]) -> String {
    let out = rapport(args, dir);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

#[test]
fn citations_and_the_list_are_in_the_site() {
    let dir = with_citations(("data/references.yaml", YAML), CHAPTER);
    build(dir.path(), &["build", "--no-pdf"]);
    let page = read(&dir, "output/inledning.html");
    assert!(
        page.contains(
            "(<a class=\"cite\" href=\"referenser.html#ref-lund\">Lund 2016</a>) och \
             (<a class=\"cite\" href=\"referenser.html#ref-berg\">Berg och Ek 2019</a>; \
             <a class=\"cite\" href=\"referenser.html#ref-lund\">Lund 2016, s. 12</a>)"
        ),
        "{page}"
    );
    assert!(page.contains("info@exempel.se"), "mail addresses stay text");
    let list = read(&dir, "output/referenser.html");
    let berg =
        list.find("<li id=\"ref-berg\">Berg, P. &amp; Ek, K. (2019). <em>Metodstöd</em>.</li>");
    let lund = list.find("<li id=\"ref-lund\">Lund, A. (2016). <em>Utvärdering &lt;i&gt; praktiken</em>. Exempelförlaget.</li>");
    assert!(berg.is_some() && lund.is_some(), "{list}");
    assert!(berg < lund, "sorted by author");
    assert!(!list.contains("Östlig"), "only cited entries");
    let print = read(&dir, "output/print.html");
    assert!(
        print.contains("href=\"#ref-lund\""),
        "one-page links stay on the page"
    );
}

#[test]
fn all_lists_every_entry() {
    let dir = with_citations(("data/references.yaml", YAML), CHAPTER);
    std::fs::write(
        dir.path().join("content/04-referenser.md"),
        "---\nkind: appendix\n---\n# Referenser\n\n```{referenser}\nall: true\n```\n",
    )
    .unwrap();
    build(dir.path(), &["build", "--no-pdf"]);
    assert!(read(&dir, "output/referenser.html").contains("Östlig, O. (2001)"));
}

#[test]
fn citations_and_the_list_are_in_the_pdf() {
    let dir = with_citations(("data/references.yaml", YAML), CHAPTER);
    build(dir.path(), &["build"]);
    let Some(text) = pdf_text(&dir.path().join("output/testrapport.pdf")) else {
        return;
    };
    let text = text.replace('\n', " ");
    for expected in [
        "(Lund 2016)",
        "(Berg och Ek 2019; Lund 2016, s. 12)",
        "Berg, P. & Ek, K. (2019). Metodstöd.",
        "Lund, A. (2016). Utvärdering <i> praktiken. Exempelförlaget.",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
}

#[test]
fn an_unknown_key_is_an_error_at_its_position() {
    let chapter = "# Inledning\n\nText.\n\nSom visats [@lund; @okand].\n";
    let dir = with_citations(("data/references.yaml", YAML), chapter);
    let out = rapport(&["build", "--no-pdf"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("01-inledning.md:5:20"), "{stderr}");
    assert!(stderr.contains("`okand`"), "{stderr}");
    assert!(
        stderr.contains("known keys: berg, lund, ostlig"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_citation_without_a_bibliography_is_an_error() {
    let dir = fixture("basic");
    std::fs::write(dir.path().join("content/01-inledning.md"), CHAPTER).unwrap();
    let out = rapport(&["build", "--no-pdf"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("01-inledning.md:3:13"), "{stderr}");
    assert!(stderr.contains("data/references.yaml"), "{stderr}");
}

#[test]
fn bibtex_works_too() {
    let dir = with_citations(("data/references.bib", BIBTEX), CHAPTER);
    build(dir.path(), &["build", "--no-pdf"]);
    assert!(read(&dir, "output/inledning.html").contains(">Berg och Ek 2019</a>"));
    assert!(read(&dir, "output/referenser.html").contains("Lund, A. (2016)"));
}

#[test]
fn a_broken_bibtex_file_is_an_error_with_its_line() {
    let broken = "@book{lund,\n  author = {Lund, Anna},\n  year = {2016\n";
    let dir = with_citations(("data/references.bib", broken), CHAPTER);
    let out = rapport(&["build", "--no-pdf"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("references.bib:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn references_and_citations_in_a_chapter_title_are_resolved() {
    let chapter = "# Om @sec-x och [@lund]\n\n## Bakgrund {#sec-x}\n\nText [@berg].\n";
    let dir = with_citations(("data/references.yml", YAML), chapter);
    build(dir.path(), &["build", "--no-pdf"]);
    let page = read(&dir, "output/inledning.html");
    assert!(
        page.contains("<title>Om ”Bakgrund” och (Lund 2016)"),
        "{}",
        &page[..page.len().min(2000)]
    );
}
