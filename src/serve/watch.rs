//! Watching the report's inputs (`report.yaml`, `content/`, `data/`, `bilder/`, `templates/`) and
//! nothing else: the output folder and the build's temporary folders are never watched,
//! so a build cannot set off another.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

use super::Signal;
use crate::diagnostic::{Diagnostic, Result};
use crate::output::INPUTS;

/// The watch on a report folder's inputs.
pub struct Inputs {
    watcher: RecommendedWatcher,
    root: PathBuf,
}

impl Inputs {
    /// Watches the inputs of the report in `root`, sending each changed input file;
    /// changes inside `out` are left out, wherever it is.
    pub fn start(root: &Path, out: &Path, signals: Sender<Signal>) -> Result<Inputs> {
        let root = absolute(root)?;
        let filter = Filter {
            root: root.clone(),
            out: absolute(out)?,
        };
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            for path in event.iter().flat_map(|e| filter.inputs(e)) {
                let _ = signals.send(Signal::Changed(path));
            }
        })
        .map_err(watch_error)?;
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(watch_error)?;
        let mut inputs = Inputs { watcher, root };
        inputs.watch_folders();
        Ok(inputs)
    }

    /// Watches the input folders (with everything in them) anew when one of them was created, removed or replaced.
    pub fn follow(&mut self, changed: &[PathBuf]) {
        if changed.iter().any(|path| self.is_folder(path)) {
            self.watch_folders();
        }
    }

    fn watch_folders(&mut self) {
        for name in INPUTS {
            let folder = self.root.join(name);
            let _ = self.watcher.unwatch(&folder);
            if folder.is_dir() {
                let _ = self.watcher.watch(&folder, RecursiveMode::Recursive);
            }
        }
    }

    fn is_folder(&self, path: &Path) -> bool {
        INPUTS.iter().any(|name| path == self.root.join(name))
    }
}

/// Which file system events are about inputs.
struct Filter {
    root: PathBuf,
    out: PathBuf,
}

impl Filter {
    /// The input files an event changed (reads and access times are no changes).
    fn inputs<'a>(&'a self, event: &'a Event) -> impl Iterator<Item = PathBuf> + 'a {
        let changes = !matches!(
            event.kind,
            EventKind::Access(_)
                | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
        );
        event
            .paths
            .iter()
            .filter(move |path| changes && self.is_input(path))
            .cloned()
    }

    /// `report.yaml` or a file in an input folder, except hidden files and editor backups.
    fn is_input(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        if path.starts_with(&self.out) {
            return false;
        }
        let names: Vec<&str> = relative.iter().filter_map(|n| n.to_str()).collect();
        let in_inputs = names.first().is_some_and(|first| INPUTS.contains(first));
        in_inputs && !names.iter().any(|n| n.starts_with('.') || n.ends_with('~'))
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Diagnostic::failed("find this folder", path, &e))
}

fn watch_error(err: notify::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot watch the report folder for changes: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_count() {
        let filter = Filter {
            root: PathBuf::from("/r"),
            out: PathBuf::from("/r/content/site"),
        };
        let input = |p: &str| filter.is_input(Path::new(p));
        assert!(input("/r/report.yaml"));
        assert!(input("/r/content/01-a.md"));
        assert!(input("/r/data"));
        assert!(input("/r/bilder/karta.png"));
        assert!(input("/r/templates/style.css"));
        assert!(!input("/r/output/index.html"));
        assert!(!input("/r/.rapport-build-x1/index.html"));
        assert!(!input("/r/content/.01-a.md.swp"));
        assert!(!input("/r/content/01-a.md~"));
        assert!(!input("/r/notes.txt"));
        assert!(!input("/r/content/site/index.html"));
        assert!(!input("/elsewhere/content/a.md"));
    }
}
