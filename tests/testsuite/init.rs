//! `rapport init` and `rapport new chapter`: every starter template builds as it is,
//! nothing is ever overwritten, and new chapters get the next number.

use crate::common;

use std::path::Path;

use crate::common::rapport;

const TEMPLATES: [&str; 4] = ["id", "asking", "pm", "esf-slutrapport"];

/// Inits `template` into a fresh folder, builds it with the binary and checks that both
/// succeed without a word on stderr and that the site and the PDF are there.
/// Returns the temporary folder; the report is in its `rapport/`.
fn init_and_build(template: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let init = rapport(&["init", "rapport", "--template", template], dir.path());
    assert!(init.status.success(), "{template}: {init:?}");
    assert!(init.stderr.is_empty(), "{template}: {init:?}");
    let report = dir.path().join("rapport");
    let build = rapport(&["build"], &report);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{template}: {stderr}");
    assert!(stderr.is_empty(), "{template} warns: {stderr}");
    let output = report.join("output");
    assert!(output.join("index.html").is_file(), "{template}");
    assert_eq!(common::pdf_count(&output), 1, "{template}");
    dir
}

#[test]
fn the_id_template_builds_as_it_is() {
    init_and_build("id");
}

#[test]
fn the_asking_template_builds_as_it_is() {
    init_and_build("asking");
}

#[test]
fn the_pm_template_builds_as_it_is() {
    init_and_build("pm");
}

#[test]
fn the_esf_template_builds_as_it_is() {
    let dir = init_and_build("esf-slutrapport");
    let chapter = dir.path().join("rapport/content/04-arbetssatt.md");
    assert!(
        std::fs::read_to_string(chapter)
            .unwrap()
            .contains("<!--\nVägledande frågor:")
    );
    let print = std::fs::read_to_string(dir.path().join("rapport/output/print.html")).unwrap();
    assert!(
        !print.contains("Vägledande"),
        "guiding questions stay out of the output"
    );
    assert!(print.contains("Bilaga 1"), "the statistics appendix");
}

#[test]
fn every_template_is_listed_in_the_help() {
    let help = rapport(&["init", "--help"], Path::new("."));
    let help = String::from_utf8(help.stdout).unwrap();
    for template in TEMPLATES {
        assert!(help.contains(&format!("- {template}:")), "{help}");
    }
}

#[test]
fn init_defaults_to_the_id_template_in_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    assert!(rapport(&["init"], dir.path()).status.success());
    let config = std::fs::read_to_string(dir.path().join("report.yaml")).unwrap();
    assert!(config.contains("style: id"), "{config}");
    assert!(config.contains("title: Rapportens titel"), "{config}");
    assert!(dir.path().join("data/statistics.yaml").is_file());
}

#[test]
fn init_overwrites_nothing_and_names_the_file_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.yaml"), "mine").unwrap();
    let out = rapport(&["init", "--template", "pm"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("report.yaml"), "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.yaml")).unwrap(),
        "mine"
    );
    assert!(
        !dir.path().join("content").exists(),
        "nothing else is written"
    );
}

#[test]
fn an_unknown_template_is_refused_with_the_known_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = rapport(&["init", "--template", "slutrapport"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    for template in TEMPLATES {
        assert!(stderr.contains(template), "{stderr}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn new_chapters_are_numbered_before_the_appendices_and_build() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        rapport(&["init", "--template", "pm"], dir.path())
            .status
            .success()
    );
    let out = rapport(&["new", "chapter", "Ökad delaktighet"], dir.path());
    assert!(out.status.success(), "{out:?}");
    let chapter = dir.path().join("content/04-okad-delaktighet.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    assert!(text.starts_with("# Ökad delaktighet\n"), "{text}");

    let out = rapport(
        &["new", "chapter", "Bilaga: enkäten", "--appendix"],
        dir.path(),
    );
    assert!(out.status.success(), "{out:?}");
    let appendix = dir.path().join("content/90-bilaga-enkaten.md");
    assert!(
        std::fs::read_to_string(appendix)
            .unwrap()
            .contains("kind: appendix")
    );

    let out = rapport(&["new", "chapter", "Resultat"], dir.path());
    assert!(out.status.success(), "{out:?}");
    assert!(dir.path().join("content/05-resultat.md").is_file());

    let (_, document) = rapport::pipeline::prepare(dir.path()).unwrap();
    let titles: Vec<_> = document.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles[3..],
        ["Ökad delaktighet", "Resultat", "Bilaga: enkäten"]
    );
}

#[test]
fn new_chapter_needs_a_report_folder_and_a_title() {
    let dir = tempfile::tempdir().unwrap();
    let out = rapport(&["new", "chapter", "Resultat"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/"));
    std::fs::create_dir(dir.path().join("content")).unwrap();
    let out = rapport(&["new", "chapter", "–?–"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no letters or digits"));
}

#[test]
fn new_chapter_refuses_titles_that_would_break_the_build_and_shortens_long_ones() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        rapport(&["init", "--template", "pm"], dir.path())
            .status
            .success()
    );
    let before = common::snapshot(&dir.path().join("content"));
    for (title, expected) in [
        (
            "Inledning",
            "01-inledning.md: error: a chapter with the page name `inledning`",
        ),
        ("Resultat {{ antal }}", "`{{`"),
        ("Resultat {% if x %}", "`{%`"),
        ("Resultat\nrad två", "line break"),
    ] {
        let out = rapport(&["new", "chapter", title], dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{title}: {stderr}");
        assert!(stderr.contains(expected), "{title}: {stderr}");
    }
    assert_eq!(
        common::snapshot(&dir.path().join("content")),
        before,
        "nothing was written"
    );

    let long = "Mycket lång rubrik ".repeat(16);
    let out = rapport(&["new", "chapter", &long], dir.path());
    assert!(out.status.success(), "{out:?}");
    let name = String::from_utf8_lossy(&out.stdout).into_owned();
    // Cut at a word to at most 60 bytes: three times "mycket-lang-rubrik" (56 bytes).
    let file = "content/04-mycket-lang-rubrik-mycket-lang-rubrik-mycket-lang-rubrik.md";
    assert!(name.contains(file), "{name}");
    let built = rapport(&["build", "--no-pdf"], dir.path());
    assert!(built.status.success(), "{built:?}");
}
