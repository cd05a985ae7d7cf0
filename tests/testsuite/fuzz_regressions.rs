//! The fuzz harness in ordinary `cargo test`: every input the fuzzers once crashed on
//! (kept in `fuzz/regressions/<target>/`) must now build or fail cleanly, and the
//! harness's checks must catch the faults they look for.

#[path = "../../fuzz/harness.rs"]
mod harness;

use std::path::Path;

use harness::{Outcome, Scratch, Target};

/// Runs every kept input of `fuzz/regressions/`, naming the file of any that fails.
#[test]
fn kept_fuzz_findings_build_or_fail_cleanly() {
    let scratch = Scratch::new();
    let mut ran = 0;
    for folder in std::fs::read_dir("fuzz/regressions").expect("fuzz/regressions exists") {
        let folder = folder.expect("a regression folder").path();
        let name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let target = Target::named(name)
            .unwrap_or_else(|| panic!("{} is named after no fuzz target", folder.display()));
        for input in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = input.expect("an input").path();
            let bytes = std::fs::read(&path).expect("a readable input");
            let outcome = std::panic::catch_unwind(|| scratch.run(target, &bytes));
            assert!(outcome.is_ok(), "{} fails the fuzz harness", path.display());
            ran += 1;
        }
    }
    assert!(ran > 0, "fuzz/regressions holds no input");
}

/// The fixture's own files, fed back as fuzz inputs, build: the harness is not
/// refusing everything, so its checks on built output do run.
#[test]
fn the_fixture_files_build_through_each_target() {
    let scratch = Scratch::new();
    let fixture = Path::new("tests/fixtures/spik");
    let chapter = std::fs::read(fixture.join("content/02-progression.md")).unwrap();
    let goals = [
        &[1u8][..],
        &std::fs::read(fixture.join("data/goals.yaml")).unwrap(),
    ]
    .concat();
    let bip = [
        &[1u8][..],
        &std::fs::read(fixture.join("data/bip.csv")).unwrap(),
    ]
    .concat();
    for (target, input) in [
        (Target::Markdown, chapter),
        (Target::Yaml, goals),
        (Target::Csv, bip),
    ] {
        let outcome = scratch.run(target, &input);
        assert!(matches!(outcome, Outcome::Built), "{target:?}: {outcome:?}");
    }
}

/// A broken input is refused with a diagnostic that names the fuzzed file: a header
/// without the declared `age_group` column is placed where the declaration names it,
/// and names the export.
#[test]
fn a_broken_input_is_refused_naming_its_file() {
    let scratch = Scratch::new();
    let Outcome::Refused(diagnostic) = scratch.run(Target::Csv, b"\x00id,gender\nP1") else {
        panic!("a participants file without its columns was accepted");
    };
    let path = diagnostic.path.as_ref().expect("the error names a file");
    assert!(path.ends_with("data/statistics.yaml"), "{}", path.display());
    assert_eq!(
        diagnostic.message,
        "the column `age_group` is not in participants.csv"
    );
}
