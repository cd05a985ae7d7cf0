//! What a user reads when a build fails: the whole error output of `rapport build`,
//! kept as insta snapshots (`snapshots/`), with the temporary report folder written as
//! `[report]`. A change to any message, position, hint or their order shows in review.

use std::path::Path;

use crate::common::{edit, failing_build};

/// The error output with the report folder's path replaced, so snapshots are stable.
fn stable(stderr: &str, root: &Path) -> String {
    stderr.replace(&root.display().to_string(), "[report]")
}

/// A failing build of the fixture `name` after `break_it`, its output made stable.
fn failing(name: &str, break_it: impl FnOnce(&Path)) -> String {
    let mut root = None;
    let stderr = failing_build(name, |dir| {
        root = Some(dir.to_path_buf());
        break_it(dir);
    });
    stable(&stderr, &root.expect("the fixture was broken"))
}

#[test]
fn errors_in_three_chapters() {
    insta::assert_snapshot!(failing("basic", crate::errors::break_three_chapters));
}

#[test]
fn an_unknown_column_in_the_statistics_declaration() {
    insta::assert_snapshot!(failing("declared", |d| {
        edit(
            &d.join("data/statistics.yaml"),
            "kolumn: Utbildningsnivå",
            "kolumn: Utbildning",
        );
    }));
}

#[test]
fn an_unknown_gender_in_a_windows_1252_export() {
    insta::assert_snapshot!(failing("declared", |d| {
        let path = d.join("data/export.csv");
        let bytes = std::fs::read(&path).unwrap();
        let text: String = bytes.iter().map(|&b| b as char).collect();
        let broken = text.replacen(";K;", ";Kv;", 1);
        assert_ne!(broken, text, "the export has a row with `;K;`");
        std::fs::write(&path, broken.chars().map(|c| c as u8).collect::<Vec<_>>()).unwrap();
    }));
}

#[test]
fn a_yaml_syntax_error_in_chapter_data() {
    insta::assert_snapshot!(failing("basic", |d| {
        edit(
            &d.join("content/01-inledning.yaml"),
            "asby: 12",
            "asby: 12\n  - x",
        );
    }));
}
