//! The robustness corpus: every folder in `tests/bad-input/` is overlaid on a fixture
//! copy that has been built once; the second build must fail with exit code 1, the
//! message in `expect.txt`, no panic and the previous output untouched (or, for `ok`,
//! succeed). See tests/bad-input/README.md for the case format.

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::time::Instant;

use crate::common::{fixture, rapport};

const CONTROL: [&str; 2] = ["expect.txt", "setup.txt"];

#[test]
fn every_bad_input_case_fails_cleanly() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let expect = std::fs::read_to_string(case.join("expect.txt"))
        .map_err(|e| format!("{name}: expect.txt: {e}"))?;
    let expected: Vec<&str> = expect.lines().filter(|l| !l.trim().is_empty()).collect();
    let setup = std::fs::read_to_string(case.join("setup.txt")).unwrap_or_default();
    let base = directive(&setup, "base").next().unwrap_or("basic");
    let dir = fixture(base);
    let first = rapport(&["build", "--no-pdf"], dir.path());
    assert!(
        first.status.success(),
        "{name}: the base fixture must build"
    );
    let before = snapshot(&dir.path().join("output"));

    overlay(case, dir.path(), &setup);
    let (out, Usage { seconds, cpu }) = timed_build(dir.path());
    let stderr =
        String::from_utf8_lossy(&out.stderr).replace(&format!("{}/", dir.path().display()), "");
    if std::env::var_os("BAD_INPUT_PRINT").is_some() {
        eprintln!(
            "--- {name} ({cpu:.2} s CPU, exit {:?})\n{stderr}",
            out.status.code()
        );
    }
    let problem = |what: String| Err(format!("{name}: {what}\nstderr:\n{stderr}"));
    if stderr.contains("panicked") {
        return problem("panicked".into());
    }
    if cpu > 20.0 || seconds > 120.0 {
        return problem(format!("took {cpu:.1} s of CPU, {seconds:.1} s in all"));
    }
    if expected == ["ok"] {
        return match out.status.success() {
            true => Ok(()),
            false => problem("expected a successful build".into()),
        };
    }
    if out.status.code() != Some(1) {
        return problem(format!("exit code {:?}, expected 1", out.status.code()));
    }
    if let Some(missing) = expected.iter().find(|e| !stderr.contains(*e)) {
        return problem(format!("message lacks {missing:?}"));
    }
    if snapshot(&dir.path().join("output")) != before {
        return problem("the previous output changed".into());
    }
    Ok(())
}

/// The arguments of every `setup.txt` line starting with `word`.
fn directive<'a>(setup: &'a str, word: &'a str) -> impl Iterator<Item = &'a str> {
    setup
        .lines()
        .filter_map(move |l| l.strip_prefix(word)?.strip_prefix(' '))
        .map(str::trim)
}

/// Copies the case's files over the fixture (`*.append` files are appended), then runs
/// the `setup.txt` edits: `remove PATH`, `bom PATH`, `crlf PATH`, `symlink PATH TARGET`,
/// `fifo PATH` (a named pipe) and `grow PATH BYTES` (repeats the file's last line until
/// it has BYTES bytes).
fn overlay(case: &Path, dir: &Path, setup: &str) {
    for entry in walkdir::WalkDir::new(case) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(case).unwrap();
        if !entry.file_type().is_file() || CONTROL.iter().any(|c| rel == Path::new(c)) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let rel = rel.to_string_lossy();
        if let Some(target) = rel.strip_suffix(".append") {
            let mut old = std::fs::read(dir.join(target)).unwrap();
            old.extend(bytes);
            std::fs::write(dir.join(target), old).unwrap();
        } else {
            std::fs::create_dir_all(dir.join(&*rel).parent().unwrap()).unwrap();
            std::fs::write(dir.join(&*rel), bytes).unwrap();
        }
    }
    for path in directive(setup, "remove") {
        std::fs::remove_file(dir.join(path)).unwrap();
    }
    for path in directive(setup, "bom") {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(std::fs::read(dir.join(path)).unwrap());
        std::fs::write(dir.join(path), bytes).unwrap();
    }
    for path in directive(setup, "crlf") {
        let text = std::fs::read_to_string(dir.join(path)).unwrap();
        std::fs::write(dir.join(path), text.replace('\n', "\r\n")).unwrap();
    }
    for args in directive(setup, "symlink") {
        let (path, target) = args.split_once(' ').expect("symlink PATH TARGET");
        std::os::unix::fs::symlink(target, dir.join(path)).unwrap();
    }
    for path in directive(setup, "fifo") {
        let status = std::process::Command::new("mkfifo")
            .arg(dir.join(path))
            .status()
            .unwrap();
        assert!(status.success(), "mkfifo {path}");
    }
    for args in directive(setup, "grow") {
        let (path, size) = args.split_once(' ').expect("grow PATH BYTES");
        let size: usize = size.parse().expect("grow PATH BYTES");
        let mut text = std::fs::read_to_string(dir.join(path)).unwrap();
        let last = text.trim_end().rsplit('\n').next().unwrap().to_owned() + "\n";
        while text.len() < size {
            text.push_str(&last);
        }
        std::fs::write(dir.join(path), text).unwrap();
    }
}

/// What a build cost: wall-clock seconds and the CPU seconds of the build alone.
struct Usage {
    seconds: f64,
    cpu: f64,
}

/// `rapport build --no-pdf` in `dir`, with what it cost. A runaway build shows in its
/// CPU time, which the other tests running beside it do not inflate as they do the
/// wall-clock time; a build that waits forever shows in the wall-clock time.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by `wait_with_cpu`"
)]
fn timed_build(dir: &Path) -> (Output, Usage) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["build", "--no-pdf"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.unwrap().read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let (status, cpu) = wait_with_cpu(child.id());
    let output = Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    let seconds = started.elapsed().as_secs_f64();
    (output, Usage { seconds, cpu })
}

/// Waits for the child `pid` and gives its exit status and CPU seconds (user + system).
fn wait_with_cpu(pid: u32) -> (ExitStatus, f64) {
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is valid, and `wait4` fills both out-parameters for
    // our own child, which nothing else waits for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid as libc::pid_t, "wait4 failed");
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        ExitStatus::from_raw(status),
        seconds(usage.ru_utime) + seconds(usage.ru_stime),
    )
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}
