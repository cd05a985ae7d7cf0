//! The one rule for every file rapport reads: it lies inside the report folder (no
//! absolute path, no `..`, no symbolic link out of it), it is a regular file (not a
//! named pipe or a device, which could block a build forever) and it is not huge.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Result};

/// The largest file rapport reads: 64 MiB (a chapter, a data file, an image).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The file a report names as `name` (relative to the report folder `root`), when it
/// stays inside that folder: not on another host, not absolute, no `..`, and no
/// symbolic link that leads out of the folder. The error is a sentence for the user;
/// the caller places it at the name's position.
pub fn inside(root: &Path, name: &str) -> std::result::Result<PathBuf, String> {
    if name.contains("://") {
        return Err(format!(
            "`{name}` is on another host: the report loads nothing from the network, so save the file in the report folder"
        ));
    }
    let relative = Path::new(name);
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(format!(
            "`{name}` leaves the report folder: name a file inside it, e.g. `data/deltagare.csv`"
        ));
    }
    let path = root.join(relative);
    if std::fs::symlink_metadata(&path).is_err() {
        return Err(format!("there is no file `{name}` in the report folder"));
    }
    stays_inside(root, &path)
        .map_err(|_| format!("`{name}` is a link to a file outside the report folder"))?;
    Ok(path)
}

/// Whether `path`, found in the report folder `root` (by listing `content/` or
/// `data/`), still lies inside it once symbolic links are followed.
pub fn stays_inside(root: &Path, path: &Path) -> Result<()> {
    let outside = || {
        Diagnostic::error("this file is a link to a file outside the report folder")
            .in_file(path)
            .with_hint("copy the file into the report folder instead of linking to it")
    };
    let (Ok(root), Ok(file)) = (root.canonicalize(), path.canonicalize()) else {
        return Err(outside());
    };
    match file.starts_with(&root) {
        true => Ok(()),
        false => Err(outside()),
    }
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    read_bytes_within(path, MAX_FILE_BYTES)
}

/// The bytes of a regular file of at most `limit` bytes (data exports may be larger
/// than other files; their limit is declared).
pub fn read_bytes_within(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let size = check_regular(path, limit)?;
    let file = std::fs::File::open(path).map_err(|e| Diagnostic::io(path, &e))?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::io(path, &e))?;
    match bytes.len() as u64 > limit {
        true => Err(too_large(path, bytes.len() as u64, limit)),
        false => Ok(bytes),
    }
}

/// The size of a regular file (not a folder, a named pipe or a device) of at most
/// `limit` bytes.
pub fn check_regular(path: &Path, limit: u64) -> Result<u64> {
    let metadata = std::fs::metadata(path).map_err(|e| Diagnostic::io(path, &e))?;
    if !metadata.is_file() {
        return Err(Diagnostic::error(
            "this is not a regular file (a folder, a named pipe or a device): rapport reads only ordinary files",
        )
        .in_file(path));
    }
    match metadata.len() > limit {
        true => Err(too_large(path, metadata.len(), limit)),
        false => Ok(metadata.len()),
    }
}

/// The error for a file over its size limit.
fn too_large(path: &Path, size: u64, limit: u64) -> Diagnostic {
    let mb = |n: u64| n.div_ceil(1 << 20);
    Diagnostic::error(format!(
        "this file is larger than {} MiB ({} MiB), more than the limit rapport reads",
        mb(limit),
        mb(size)
    ))
    .in_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_stay_inside_the_report() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("data/a.csv"), "x").unwrap();
        assert_eq!(
            inside(dir.path(), "data/a.csv").unwrap(),
            dir.path().join("data/a.csv")
        );
        for name in ["../a.csv", "/etc/passwd", "data/../../a.csv"] {
            let err = inside(dir.path(), name).unwrap_err();
            assert!(err.contains("leaves the report folder"), "{name}: {err}");
        }
        assert!(
            inside(dir.path(), "https://x.se/a.csv")
                .unwrap_err()
                .contains("another host")
        );
        assert!(
            inside(dir.path(), "data/b.csv")
                .unwrap_err()
                .contains("no file")
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_report_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.csv"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("a.csv");
        std::os::unix::fs::symlink(outside.path().join("secret.csv"), &link).unwrap();
        assert!(
            inside(dir.path(), "a.csv")
                .unwrap_err()
                .contains("outside the report")
        );
        assert!(stays_inside(dir.path(), &link).is_err());
        std::os::unix::fs::symlink("a.csv", dir.path().join("b.csv")).unwrap();
        std::fs::remove_file(&link).unwrap();
        std::fs::write(&link, "x").unwrap();
        assert!(stays_inside(dir.path(), &dir.path().join("b.csv")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("data.yaml");
        let status = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(status.success());
        let err = read_bytes(&pipe).unwrap_err();
        assert!(
            err.message.contains("not a regular file"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let err = read_bytes(&path).unwrap_err();
        assert!(
            err.message.contains("larger than 64 MiB"),
            "{}",
            err.message
        );
        file.set_len(3).unwrap();
        assert_eq!(read_bytes(&path).unwrap(), vec![0, 0, 0]);
    }
}
