//! Helpers shared by the integration tests: fixture copies and running the binary.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

/// A fresh copy of `tests/fixtures/<name>` in a temporary folder.
pub fn fixture(name: &str) -> TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&source).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

/// A fresh copy of the example report (the repository's own report folder) in a
/// temporary folder.
pub fn example() -> TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("report.yaml"), dir.path().join("report.yaml")).unwrap();
    for folder in ["content", "data", "bilder"] {
        for entry in walkdir::WalkDir::new(root.join(folder)) {
            let entry = entry.unwrap();
            let target = dir.path().join(entry.path().strip_prefix(root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    dir
}

/// Runs `rapport` with `args` in `dir`.
pub fn rapport(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A file of the fixture copy as text.
pub fn read(dir: &TempDir, path: &str) -> String {
    std::fs::read_to_string(dir.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A file of the fixture copy as bytes.
pub fn read_bytes(dir: &TempDir, path: &str) -> Vec<u8> {
    std::fs::read(dir.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Builds a copy of the fixture once, applies `break_it`, builds again and checks the
/// failure: exit code 1, no panic, the previous output byte for byte as it was.
/// Returns the error output.
pub fn failing_build(name: &str, break_it: impl FnOnce(&Path)) -> String {
    let dir = fixture(name);
    assert!(rapport(&["build", "--no-pdf"], dir.path()).status.success());
    let before = snapshot(&dir.path().join("output"));
    break_it(dir.path());
    let out = rapport(&["build", "--no-pdf"], dir.path());
    assert_eq!(out.status.code(), Some(1), "exit code");
    assert_eq!(
        snapshot(&dir.path().join("output")),
        before,
        "output untouched"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Every file below `dir` with its bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Replaces the first `from` in the file by `to` (which must be there).
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A copy of the fixture, built with `args` (which must succeed).
pub fn built(name: &str, args: &[&str]) -> TempDir {
    let dir = fixture(name);
    let out = rapport(args, dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// The text of a PDF through poppler's pdftotext; `None` where it is not installed
/// (see [`gate_tool`]).
pub fn pdf_text(path: &Path) -> Option<String> {
    gate_tool(Command::new("pdftotext").arg(path).arg("-"))
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The output of a tool a gate checks with (poppler, Node, Java, Chromium). Where it
/// is not installed: `None` with a note, so that the check is skipped locally, but
/// under CI (`CI=true`) the test fails, so that a broken install step cannot pass.
pub fn gate_tool(command: &mut Command) -> Option<Output> {
    match command.output() {
        Ok(out) => Some(out),
        Err(e) => {
            let tool = command.get_program().to_string_lossy().into_owned();
            missing_gate_tool(&format!("{tool} ({e})"));
            None
        }
    }
}

/// Skips a gate check whose `tool` is missing, with a note; under CI (`CI=true`)
/// fails the test instead.
pub fn missing_gate_tool(tool: &str) {
    let under_ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    assert!(
        !under_ci,
        "{tool} is missing, and under CI (CI=true) no gate check may be skipped: install it (.ci/run does)"
    );
    eprintln!("note: {tool} is missing: check skipped (.ci/run installs it)");
}

/// How many PDF files the folder `dir` holds.
pub fn pdf_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count()
}

/// The text of an HTML page as a reader sees it: tags and soft hyphens removed,
/// entities and non-breaking spaces as plain characters, whitespace collapsed.
pub fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            '\u{ad}' => {}
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace(['\u{a0}', '\u{202f}'], " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
