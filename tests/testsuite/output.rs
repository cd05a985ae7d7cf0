//! The output folder: a build replaces only a folder rapport made, an empty one or a
//! new one, and refuses every other `--out` leaving everything as it was; builds at
//! once into the same folder all succeed, and the folder always holds a whole output.

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::common::{fixture, rapport, snapshot};

/// Every entry below `dir` (folders too), with the bytes of the files.
fn everything(dir: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut entries: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (e.path().display().to_string(), bytes)
        })
        .collect();
    entries.sort();
    entries
}

/// The names in `dir` that start with `.rapport-` (temporary folders of builds).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".rapport-"))
        .collect()
}

/// Runs `rapport <command> r --out <out>` from the folder holding the report `r`,
/// expects a refusal naming the reason and checks that nothing changed anywhere.
fn refused(command: &str, out: &str, reason: &str) {
    let dir = tempfile::tempdir().unwrap();
    let report = fixture("basic");
    let root = dir.path().join("r");
    std::fs::rename(report.path(), &root).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let before = everything(dir.path());
    let mut args = vec![command, "r", "--out", out];
    if command == "serve" {
        args.extend(["--port", "0"]);
    }
    let result = rapport(&args, dir.path());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(
        result.status.code(),
        Some(1),
        "{command} --out {out:?}: {stderr}"
    );
    assert!(
        stderr.contains("refusing to write the output here"),
        "{stderr}"
    );
    assert!(stderr.contains(reason), "{stderr}");
    assert_eq!(
        everything(dir.path()),
        before,
        "{command} --out {out:?} changed files"
    );
}

#[test]
fn the_report_its_inputs_folders_above_and_files_are_refused() {
    for command in ["build", "serve"] {
        refused(
            command,
            "r",
            "it is the report folder or a folder that holds it",
        );
        refused(
            command,
            ".",
            "it is the report folder or a folder that holds it",
        );
        refused(
            command,
            "/",
            "it is the report folder or a folder that holds it",
        );
        refused(command, "r/content", "it is in the report's own `content`");
        refused(command, "r/data/site", "it is in the report's own `data`");
        refused(
            command,
            "r/report.yaml",
            "it is in the report's own `report.yaml`",
        );
        refused(command, "notes.txt", "it is a file");
    }
}

#[test]
fn the_folder_you_are_in_is_refused() {
    let dir = fixture("basic");
    let empty = tempfile::tempdir().unwrap();
    let report = dir.path().display().to_string();
    let out = rapport(&["build", &report, "--out", ".", "--no-pdf"], empty.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("it is the folder you are in"), "{stderr}");
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}

#[test]
fn a_folder_of_ones_own_is_kept_and_one_rapport_made_is_replaced() {
    let dir = fixture("basic");
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "mine").unwrap();
    let out = rapport(&["build", "--no-pdf", "--out", "mine"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("mine: error: refusing to write the output here: it is not empty and rapport did not make it"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1);

    std::fs::remove_file(mine.join("notes.txt")).unwrap();
    for _ in 0..2 {
        let out = rapport(&["build", "--no-pdf", "--out", "mine"], dir.path());
        assert!(out.status.success(), "{out:?}");
        assert!(mine.join(".rapport-output").is_file());
        assert!(mine.join("inledning.html").is_file());
    }
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn builds_at_once_into_one_folder_all_succeed_and_leave_nothing_behind() {
    let dir = fixture("basic");
    std::fs::create_dir(dir.path().join(".rapport-build-interrupted")).unwrap();
    let builds: Vec<_> = (0..6)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
                .args(["build", "--no-pdf"])
                .current_dir(dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for build in builds {
        let build = build.wait_with_output().unwrap();
        assert!(build.status.success(), "{build:?}");
    }
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    let first = snapshot(&dir.path().join("output"));
    assert!(rapport(&["build", "--no-pdf"], dir.path()).status.success());
    assert_eq!(
        snapshot(&dir.path().join("output")),
        first,
        "a whole output"
    );
}

#[test]
fn the_output_folder_is_always_there_while_builds_replace_it() {
    let dir = fixture("basic");
    assert!(rapport(&["build", "--no-pdf"], dir.path()).status.success());
    let page = dir.path().join("output/index.html");
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (done, page) = (Arc::clone(&done), page.clone());
        std::thread::spawn(move || {
            let mut missing = 0;
            while !done.load(Ordering::Relaxed) {
                missing += usize::from(!page.is_file());
            }
            missing
        })
    };
    for _ in 0..10 {
        assert!(rapport(&["build", "--no-pdf"], dir.path()).status.success());
    }
    done.store(true, Ordering::Relaxed);
    assert_eq!(watcher.join().unwrap(), 0, "times the output was missing");
}
