//! Output folders: which folder a build may replace, and replacing it atomically.
//!
//! A build replaces only a folder rapport made (one holding [`MARKER`]), an empty
//! folder or a new one; never the report folder, one of its inputs, a folder above
//! either, or a file. The output is written into a temporary folder beside the output
//! folder and swapped in at the end, in one step where the system can (Linux, macOS),
//! so the output folder holds either the previous or the new output, also for a server
//! reading it meanwhile. Builds writing into the same folder wait for each other, and
//! each cleans up what interrupted builds left behind.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::diagnostic::{Diagnostic, Result};

/// One file of the output, relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// The file that marks a folder as rapport's output, which a build may replace.
pub const MARKER: &str = ".rapport-output";
const MARKER_TEXT: &str = "rapport made this folder and replaces all of it at every build.\n";

/// What a report folder's build reads: an output folder may never be in one of these.
pub const INPUTS: [&str; 5] = ["report.yaml", "content", "data", "bilder", "templates"];

/// The name prefix of a build's temporary folder.
const STAGING: &str = ".rapport-build-";
/// The name prefix of a previous output set aside while the new one moves in (only
/// where folders cannot be exchanged in one step).
const SET_ASIDE: &str = ".rapport-old-";

/// How long a build waits for another one writing into the same folder.
const LOCK_PATIENCE: Duration = Duration::from_secs(60);

/// Refuses an output folder that a build must not replace (see the module notes).
/// Run before building, so that a refused build writes nothing.
pub fn check_target(root: &Path, out: &Path) -> Result<()> {
    let out_real = resolved(out)?;
    let root_real = resolved(root)?;
    if root_real.starts_with(&out_real) {
        return Err(refusal(
            out,
            "it is the report folder or a folder that holds it",
        ));
    }
    if resolved(Path::new("."))?.starts_with(&out_real) {
        return Err(refusal(
            out,
            "it is the folder you are in or a folder that holds it",
        ));
    }
    if let Some(input) = INPUTS
        .iter()
        .find(|input| out_real.starts_with(root_real.join(input)))
    {
        return Err(refusal(
            out,
            &format!("it is in the report's own `{input}`"),
        ));
    }
    check_replaceable(out)
}

/// Replaces the folder `out`, for the report in `root`, by exactly `files` (and the
/// marker), after [`check_target`] under the lock.
pub fn write_atomically(root: &Path, out: &Path, files: &[OutputFile]) -> Result<()> {
    check_target(root, out)?;
    let parent = parent_of(out);
    fs::create_dir_all(parent).map_err(|e| Diagnostic::failed("create this folder", parent, &e))?;
    let _lock = lock(parent)?;
    clean_up(parent);
    check_replaceable(out)?;
    let staging = stage(parent, out, files)?;
    swap_in(staging, out)
}

/// The error for an output folder a build must not replace.
fn refusal(out: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "refusing to write the output here: {why}, and a build replaces its output folder whole"
    ))
    .in_file(out)
    .with_hint("choose a new or empty folder with --out, e.g. --out output")
}

/// Refuses `out` unless it is missing, an empty folder or a folder rapport made.
fn check_replaceable(out: &Path) -> Result<()> {
    let meta = match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Diagnostic::failed("use this as the output folder", out, &e)),
        Ok(meta) => meta,
    };
    if meta.is_symlink() {
        return Err(refusal(out, "it is a symbolic link"));
    }
    if !meta.is_dir() {
        return Err(refusal(out, "it is a file"));
    }
    let made_by_rapport = fs::symlink_metadata(out.join(MARKER)).is_ok_and(|m| m.is_file());
    let mut entries =
        fs::read_dir(out).map_err(|e| Diagnostic::failed("list this folder", out, &e))?;
    if made_by_rapport || entries.next().is_none() {
        return Ok(());
    }
    Err(
        refusal(out, "it is not empty and rapport did not make it").with_hint(format!(
            "choose a new or empty folder with --out; rapport marks the folders it makes with \
         `{MARKER}`, so if an earlier version of rapport made this one, delete it once yourself"
        )),
    )
}

/// `path` absolute, with symbolic links and `..` resolved, also where its last parts do
/// not exist yet.
fn resolved(path: &Path) -> Result<PathBuf> {
    let absolute =
        std::path::absolute(path).map_err(|e| Diagnostic::failed("find this folder", path, &e))?;
    let parts: Vec<Component> = absolute.components().collect();
    let (mut real, rest) = (1..=parts.len())
        .rev()
        .find_map(|n| {
            let prefix: PathBuf = parts[..n].iter().collect();
            Some((prefix.canonicalize().ok()?, &parts[n..]))
        })
        .unwrap_or((PathBuf::new(), &parts[..]));
    for part in rest {
        match part {
            Component::ParentDir => {
                real.pop();
            }
            Component::CurDir => {}
            other => real.push(other),
        }
    }
    Ok(real)
}

/// The folder `out` is in.
fn parent_of(out: &Path) -> &Path {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The right to write output folders into `parent`, held until dropped: other builds
/// into the same folder wait (a while) for it. The lock is the operating system's on
/// the folder itself, so it ends with the process however that ends.
#[cfg(unix)]
fn lock(parent: &Path) -> Result<Option<fs::File>> {
    use rustix::fs::{FlockOperation, flock};
    let folder =
        fs::File::open(parent).map_err(|e| Diagnostic::failed("open this folder", parent, &e))?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match flock(&folder, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return Ok(Some(folder)),
            Err(e) if e != rustix::io::Errno::WOULDBLOCK => return Ok(None),
            Err(_) if started.elapsed() >= LOCK_PATIENCE => {
                return Err(Diagnostic::error(format!(
                    "another rapport build has been writing its output here for {} s",
                    LOCK_PATIENCE.as_secs()
                ))
                .in_file(parent)
                .with_hint("let it finish (or stop it), then build again"));
            }
            Err(_) => {
                if !std::mem::replace(&mut told, true) {
                    eprintln!(
                        "Waiting for another build writing into {} …",
                        parent.display()
                    );
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// Without file locks, builds do not wait for each other.
#[cfg(not(unix))]
fn lock(_parent: &Path) -> Result<Option<fs::File>> {
    Ok(None)
}

/// Cleans up after interrupted builds (none is running: the lock is held): removes
/// their temporary folders, and puts a previous output that was set aside back in its
/// place if no new one took it.
fn clean_up(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        if let Some(out) = name.strip_prefix(SET_ASIDE) {
            let out = parent.join(out);
            if fs::symlink_metadata(&out).is_err() && fs::rename(&path, &out).is_ok() {
                continue;
            }
        } else if !name.starts_with(STAGING) {
            continue;
        }
        let _ = fs::remove_dir_all(&path);
    }
}

/// Writes `files` and the marker into a new temporary folder in `parent`; errors name
/// the file's place in `out`.
fn stage(parent: &Path, out: &Path, files: &[OutputFile]) -> Result<TempDir> {
    let staging = tempfile::Builder::new()
        .prefix(STAGING)
        .tempdir_in(parent)
        .map_err(|e| Diagnostic::failed("create a folder in this folder", parent, &e))?;
    let marker = OutputFile::new(MARKER, MARKER_TEXT);
    for file in std::iter::once(&marker).chain(files) {
        let path = staging.path().join(&file.path);
        let written = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, &file.bytes));
        written.map_err(|e| Diagnostic::failed("write this file", &out.join(&file.path), &e))?;
    }
    Ok(staging)
}

/// Puts the staged folder in the place of `out`; the previous output is removed only
/// once the new one is in place.
fn swap_in(staging: TempDir, out: &Path) -> Result<()> {
    let failed = |e: io::Error| Diagnostic::failed("replace this folder", out, &e);
    if fs::symlink_metadata(out).is_ok() && exchange(staging.path(), out).is_ok() {
        // The temporary folder now holds the previous output, removed as it drops.
        return Ok(());
    }
    let staged = staging.keep();
    let moved = match fs::symlink_metadata(out) {
        Ok(_) => swap_by_renames(&staged, out),
        Err(_) => fs::rename(&staged, out),
    };
    moved.map_err(|e| {
        let _ = fs::remove_dir_all(&staged);
        failed(e)
    })
}

/// Exchanges two folders in one step.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Where folders cannot be exchanged in one step, [`swap_by_renames`] is used.
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The swap in two renames, for systems and file systems without an exchange: the
/// previous output is set aside first, and the next build puts it back if this one is
/// interrupted before the new output is in place.
fn swap_by_renames(staged: &Path, out: &Path) -> io::Result<()> {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let aside = parent_of(out).join(format!("{SET_ASIDE}{name}"));
    fs::rename(out, &aside)?;
    if let Err(e) = fs::rename(staged, out) {
        let _ = fs::rename(&aside, out);
        return Err(e);
    }
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn output_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let files = [
            OutputFile::new("a.html", "1"),
            OutputFile::new("fonts/x", "2"),
        ];
        write_atomically(dir.path(), &out, &files).unwrap();
        write_atomically(dir.path(), &out, &[OutputFile::new("b.html", "3")]).unwrap();
        assert_eq!(names(&out), [MARKER, "b.html"]);
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "3");
        assert_eq!(names(dir.path()), ["output"], "no temporary folder is left");
    }

    #[cfg(unix)]
    #[test]
    fn a_build_waits_for_another_one_writing_into_the_same_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("r"), dir.path().join("output"));
        let other_build = lock(dir.path()).unwrap().expect("a lock");
        let build = std::thread::spawn(move || {
            write_atomically(&root, &out, &[OutputFile::new("a.html", "1")])
        });
        std::thread::sleep(Duration::from_millis(300));
        assert!(!dir.path().join("output").exists(), "it waited");
        drop(other_build);
        build.join().unwrap().unwrap();
        assert!(dir.path().join("output/a.html").is_file());
    }

    #[test]
    fn the_fallback_swap_replaces_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staged) = (dir.path().join("site"), dir.path().join("staged"));
        fs::create_dir(&out).unwrap();
        fs::write(out.join("old.html"), "old").unwrap();
        fs::create_dir(&staged).unwrap();
        fs::write(staged.join("new.html"), "new").unwrap();
        swap_by_renames(&staged, &out).unwrap();
        assert_eq!(names(&out), ["new.html"]);
        assert_eq!(names(dir.path()), ["site"]);
    }

    #[test]
    fn leftovers_of_interrupted_builds_are_cleaned_up_or_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let folder = |name: &str| {
            let path = dir.path().join(name);
            fs::create_dir(&path).unwrap();
            fs::write(path.join("index.html"), name).unwrap();
        };
        folder(".rapport-build-x1y2");
        folder(".rapport-old-site"); // set aside, and `site` never came: put back
        folder("output");
        folder(".rapport-old-output"); // `output` is in place: removed
        folder(".rapport-notes"); // not a build's
        clean_up(dir.path());
        assert_eq!(names(dir.path()), [".rapport-notes", "output", "site"]);
        assert_eq!(
            fs::read_to_string(dir.path().join("site/index.html")).unwrap(),
            ".rapport-old-site"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("output/index.html")).unwrap(),
            "output"
        );
    }

    #[test]
    fn a_folder_rapport_did_not_make_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("r"), dir.path().join("mine"));
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let error = write_atomically(&root, &out, &[OutputFile::new("a", "1")]).unwrap_err();
        assert!(error.message.contains("rapport did not make it"), "{error}");
        assert_eq!(names(&out), ["notes.txt"]);
        assert_eq!(names(dir.path()), ["mine"], "nothing is left behind");
    }

    #[test]
    fn empty_new_and_marked_folders_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("r");
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        let marked = dir.path().join("marked");
        fs::create_dir(&marked).unwrap();
        fs::write(marked.join(MARKER), "").unwrap();
        fs::write(marked.join("old.html"), "").unwrap();
        for out in [empty, marked, dir.path().join("new/deeper")] {
            check_target(&root, &out).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn the_report_its_inputs_and_folders_above_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("r");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("report.yaml"), "").unwrap();
        let refused = |out: PathBuf, why: &str| {
            let error = check_target(&root, &out).unwrap_err();
            assert!(error.message.contains(why), "{}: {error}", out.display());
        };
        refused(root.clone(), "the report folder or a folder that holds it");
        refused(root.join("content/../"), "the report folder or a folder");
        refused(dir.path().to_path_buf(), "a folder that holds it");
        refused(PathBuf::from("/"), "a folder that holds it");
        refused(root.join("content"), "in the report's own `content`");
        refused(root.join("data/site"), "in the report's own `data`");
        refused(
            root.join("report.yaml"),
            "in the report's own `report.yaml`",
        );
        refused(PathBuf::from("."), "the folder you are in");
        let file = dir.path().join("site.html");
        fs::write(&file, "").unwrap();
        refused(file, "it is a file");
    }

    #[test]
    fn paths_resolve_where_their_end_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        let path = dir.path().join("a/../b/./c");
        assert_eq!(resolved(&path).unwrap(), real.join("b/c"));
    }
}
