//! Bad input: every error names the file, line and column, exits with 1, and leaves
//! the previous output exactly as it was.

use std::path::Path;

use crate::common::{edit, failing_build};

#[test]
fn malformed_yaml_is_located() {
    let err = failing_build("basic", |d| {
        edit(
            &d.join("data/siffror.yaml"),
            "kvinnor: 850",
            "kvinnor: [850",
        )
    });
    assert!(err.contains("siffror.yaml:3:"), "{err}");
    assert!(
        err.contains("snitt: 2.5"),
        "the offending line is shown: {err}"
    );
}

#[test]
fn unknown_report_keys_are_named_with_their_line() {
    let err = failing_build("basic", |d| {
        edit(&d.join("report.yaml"), "project:", "projekt:")
    });
    assert!(err.contains("report.yaml:3:1"), "{err}");
    assert!(err.contains("unknown field `projekt`"), "{err}");
}

#[test]
fn a_missing_report_yaml_is_explained() {
    let err = failing_build("basic", |d| {
        std::fs::remove_file(d.join("report.yaml")).unwrap()
    });
    assert!(err.contains("no `report.yaml`"), "{err}");
}

#[test]
fn unknown_names_in_prose_point_at_the_chapter_line() {
    let err = failing_build("basic", |d| {
        edit(
            &d.join("content/01-inledning.md"),
            "siffror.deltagare }} deltagare",
            "siffror.deltagarna }} deltagare",
        )
    });
    assert!(err.contains("01-inledning.md:3:20"), "{err}");
    assert!(err.contains("unknown name `siffror.deltagarna`"), "{err}");
}

#[test]
fn filter_mistakes_point_at_the_chapter_line() {
    let err = failing_build("basic", |d| {
        edit(
            &d.join("content/01-inledning.md"),
            "andel(av=siffror.deltagare)",
            "andel",
        )
    });
    assert!(err.contains("01-inledning.md:4:1"), "{err}");
    assert!(err.contains("andel(av=totalt)"), "{err}");
}

#[test]
fn syntax_errors_in_expressions_are_located() {
    let err = failing_build("basic", |d| {
        edit(
            &d.join("content/01-inledning.md"),
            "{{ kommuner.asby }}",
            "{{ kommuner.asby | }}",
        )
    });
    assert!(err.contains("01-inledning.md:13:"), "{err}");
    assert!(err.contains("syntax error"), "{err}");
}

#[test]
fn unknown_references_are_located() {
    let err = failing_build("basic", |d| {
        edit(
            &d.join("content/01-inledning.md"),
            "@tab-kommuner",
            "@tab-kommun",
        )
    });
    assert!(err.contains("01-inledning.md:4:"), "{err}");
    assert!(err.contains("`tab-kommun`"), "{err}");
}

#[test]
fn front_matter_keys_are_checked() {
    let err = failing_build("basic", |d| {
        edit(
            &d.join("content/02-bilaga.md"),
            "kind: appendix",
            "typ: bilaga",
        )
    });
    assert!(err.contains("02-bilaga.md:2:1"), "{err}");
}

#[test]
fn chapter_data_errors_name_the_data_file() {
    let err = failing_build("basic", |d| {
        edit(
            &d.join("content/01-inledning.yaml"),
            "asby: 12",
            "asby: 12\n  - x",
        )
    });
    assert!(err.contains("01-inledning.yaml:3:"), "{err}");
}

/// Breaks three chapters of the `basic` fixture: an unknown name in 01 (line 3), an
/// unknown name in 02 (line 5) and an unknown directive in 03 (line 3).
pub fn break_three_chapters(root: &Path) {
    let content = root.join("content");
    edit(
        &content.join("01-inledning.md"),
        "{{ siffror.deltagare }}",
        "{{ siffror.deltagre }}",
    );
    edit(
        &content.join("02-bilaga.md"),
        "Ett \"citat\"",
        "Ett {{ okand }} \"citat\"",
    );
    edit(
        &content.join("03-block.md"),
        "```{forandringsteori}",
        "```{forandringsteorin}",
    );
}

#[test]
fn errors_in_three_chapters_are_all_reported_in_file_order() {
    let err = failing_build("basic", break_three_chapters);
    let first = err.find("01-inledning.md:3:").expect(&err);
    let second = err.find("02-bilaga.md:5:").expect(&err);
    let third = err.find("03-block.md:3:").expect(&err);
    assert!(first < second && second < third, "{err}");
    assert!(
        err.contains("unknown directive `{forandringsteorin}`"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("3 errors"), "{err}");
}

#[test]
fn an_image_after_a_value_on_the_same_line_is_located_in_the_file_as_written() {
    let line = "Projektet har nått {{ siffror.deltagare }} deltagare, varav";
    let with_image = format!("{line} ![Karta](saknas.png)");
    let err = failing_build("basic", |d| {
        edit(&d.join("content/01-inledning.md"), line, &with_image)
    });
    let column = with_image[..with_image.find("![").unwrap()].chars().count() + 1;
    assert!(
        err.contains(&format!("01-inledning.md:3:{column}")),
        "{err}"
    );
}

#[test]
fn a_pdf_error_names_the_chapter_file_once_when_built_from_outside_the_folder() {
    let dir = crate::common::fixture("basic");
    let chapter = dir.path().join("content/02-bilaga.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let line = text.lines().count() + 2;
    std::fs::write(&chapter, format!("{text}\nKinesiska tecken: 漢字.\n")).unwrap();
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    let out = crate::common::rapport(&["build", name], dir.path().parent().unwrap());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(" {name}/content/02-bilaga.md:{line}:1")),
        "{err}"
    );
    assert!(err.contains("could not be displayed"), "{err}");
}
