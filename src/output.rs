//! Atomic output: the site is written into a temporary folder beside the output
//! folder and swapped in at the end, so a failed build leaves the old output as it was.

use std::fs;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Result};
use crate::render::OutputFile;

/// Replaces the folder `out` by exactly `files`.
pub fn write_atomically(out: &Path, files: &[OutputFile]) -> Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    let staging = tempfile::Builder::new()
        .prefix(".rapport-build-")
        .tempdir_in(parent)
        .map_err(|e| Diagnostic::io(parent, &e))?;
    for file in files {
        let path = staging.path().join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| Diagnostic::io(&path, &e))?;
    }
    swap_in(staging, out)
}

/// Moves the staged folder to `out`; the previous output is removed only after the
/// new one is in place.
fn swap_in(staging: tempfile::TempDir, out: &Path) -> Result<()> {
    let staged = staging.keep();
    let old = out.with_file_name(format!(
        ".rapport-old-{}",
        out.file_name().and_then(|n| n.to_str()).unwrap_or("output")
    ));
    let _ = fs::remove_dir_all(&old);
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, &old).map_err(|e| Diagnostic::io(out, &e))?;
    }
    if let Err(e) = fs::rename(&staged, out) {
        if had_previous {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&staged);
        return Err(Diagnostic::io(out, &e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write_atomically(
            &out,
            &[
                OutputFile::new("a.html", "1"),
                OutputFile::new("fonts/x", "2"),
            ],
        )
        .unwrap();
        write_atomically(&out, &[OutputFile::new("b.html", "3")]).unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "3");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
    }
}
