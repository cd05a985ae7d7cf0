//! What every fuzz target does, shared with `tests/testsuite/fuzz_regressions.rs`: write one fuzzed
//! file into a fresh copy of the SPiK fixture, build the report, and check what came out.
//!
//! A build may fail, but only with a diagnostic that names a file and renders; a build
//! that succeeds must give HTML with no injected markup and Typst markup that parses.

use std::path::{Path, PathBuf};

use rapport::diagnostic::Diagnostic;
use rapport::pipeline;
use rapport::render;

/// The SPiK fixture, embedded so that every copy starts from the same bytes.
const FIXTURE: &[(&str, &[u8])] = &[
    (
        "report.yaml",
        include_bytes!("../tests/fixtures/spik/report.yaml"),
    ),
    (
        "content/01-statistik.md",
        include_bytes!("../tests/fixtures/spik/content/01-statistik.md"),
    ),
    (
        "content/02-progression.md",
        include_bytes!("../tests/fixtures/spik/content/02-progression.md"),
    ),
    (
        "content/03-mal.md",
        include_bytes!("../tests/fixtures/spik/content/03-mal.md"),
    ),
    (
        "content/04-principer.md",
        include_bytes!("../tests/fixtures/spik/content/04-principer.md"),
    ),
    (
        "data/statistics.yaml",
        include_bytes!("../tests/fixtures/spik/data/statistics.yaml"),
    ),
    (
        "data/questions.yaml",
        include_bytes!("../tests/fixtures/spik/data/questions.yaml"),
    ),
    (
        "data/goals.yaml",
        include_bytes!("../tests/fixtures/spik/data/goals.yaml"),
    ),
    (
        "data/participants.csv",
        include_bytes!("../tests/fixtures/spik/data/participants.csv"),
    ),
    (
        "data/bip.csv",
        include_bytes!("../tests/fixtures/spik/data/bip.csv"),
    ),
];

/// The file a fuzz target replaces with its input.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A chapter: markdown, front matter, `{{ }}` prose and directives.
    Markdown,
    /// One of the YAML files a report reads, picked by the input's first byte.
    Yaml,
    /// One of the two CSV files the statistics read, picked by the input's first byte.
    Csv,
}

/// The YAML files the `Yaml` target can replace (absent ones are added).
pub const YAML_FILES: [&str; 7] = [
    "report.yaml",
    "data/goals.yaml",
    "data/statistics.yaml",
    "data/questions.yaml",
    "data/sustainability.yaml",
    "data/references.yaml",
    "content/01-statistik.yaml",
];

/// The CSV files the `Csv` target can replace.
pub const CSV_FILES: [&str; 2] = ["data/participants.csv", "data/bip.csv"];

impl Target {
    /// The target of a fuzz target's or regression folder's name.
    pub fn named(name: &str) -> Option<Target> {
        match name {
            "markdown" => Some(Target::Markdown),
            "yaml" => Some(Target::Yaml),
            "csv" => Some(Target::Csv),
            _ => None,
        }
    }

    /// The file `input` replaces and its new contents.
    fn file(self, input: &[u8]) -> (&'static str, &[u8]) {
        let pick = |files: &[&'static str]| match input.split_first() {
            Some((first, rest)) => (files[usize::from(*first) % files.len()], rest),
            None => (files[0], input),
        };
        match self {
            Target::Markdown => ("content/02-progression.md", input),
            Target::Yaml => pick(&YAML_FILES),
            Target::Csv => pick(&CSV_FILES),
        }
    }
}

/// What became of one input (a finding panics instead).
#[derive(Debug)]
pub enum Outcome {
    Built,
    Refused(Diagnostic),
}

/// A scratch report folder, rewritten for every input.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("report")
    }

    /// Builds the fixture with `input` in place of the target's file; panics on a finding.
    pub fn run(&self, target: Target, input: &[u8]) -> Outcome {
        let root = self.root();
        reset(&root);
        let (path, contents) = target.file(input);
        std::fs::write(root.join(path), contents).expect("the fuzzed file is written");
        match pipeline::prepare(&root) {
            Ok((project, document)) => {
                let mut site = render::by_names(&["html"]).expect("html is a renderer");
                let rendered = pipeline::render(&project, &document, &mut site)
                    .unwrap_or_else(|e| panic!("a report that loaded failed to render: {e}"));
                for file in rendered
                    .files
                    .iter()
                    .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
                {
                    assert_no_injection(&String::from_utf8_lossy(&file.bytes), &file.path);
                }
                assert_typst_parses(&rapport::render::pdf::markup_text(&document));
                Outcome::Built
            }
            Err(diagnostic) => {
                assert_names_a_file(&diagnostic);
                Outcome::Refused(diagnostic)
            }
        }
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch::new()
    }
}

/// Writes the fixture afresh into `root`, removing whatever an earlier input added.
fn reset(root: &Path) {
    if root.exists() {
        std::fs::remove_dir_all(root).expect("the scratch report is removed");
    }
    for (path, bytes) in FIXTURE {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("a folder");
        std::fs::write(path, bytes).expect("a fixture file is written");
    }
}

/// An error must say which file is wrong, and where in it when the file is there to
/// point into, and render without panicking.
fn assert_names_a_file(diagnostic: &Diagnostic) {
    let path = diagnostic.path.as_ref();
    assert!(path.is_some(), "an error that names no file: {diagnostic}");
    assert!(
        diagnostic.position.is_some() || !path.is_some_and(|p| p.is_file()),
        "an error that names no line: {diagnostic}"
    );
    let shown = diagnostic.render();
    assert!(!shown.trim().is_empty(), "an error rendered as nothing");
}

/// Elements that only injected user text could put into a page.
const FORBIDDEN_ELEMENTS: [&str; 5] = ["script", "iframe", "object", "embed", "img"];

/// No user text may become an element, an event-handler attribute or a script link.
fn assert_no_injection(html: &str, path: &Path) {
    for tag in html.split('<').skip(1) {
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(
            !FORBIDDEN_ELEMENTS.contains(&name.as_str()),
            "{} has a <{name}> element",
            path.display()
        );
        for (attribute, value) in attributes(&tag[name.len()..]) {
            let script_link = matches!(attribute.as_str(), "href" | "src")
                && value.trim().to_ascii_lowercase().starts_with("javascript:");
            assert!(
                !attribute.starts_with("on") && !script_link,
                "{} has `{attribute}=\"{value}\"` in <{name}>",
                path.display()
            );
        }
    }
}

/// The attributes of a start tag, `rest` being what follows its name (values unquoted).
fn attributes(rest: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let name: String = std::iter::from_fn(|| {
            chars.next_if(|c| !c.is_whitespace() && !matches!(c, '=' | '>' | '/'))
        })
        .collect();
        if name.is_empty() {
            return found;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            match chars.next_if(|c| matches!(c, '"' | '\'')) {
                Some(quote) => value.extend(chars.by_ref().take_while(|c| *c != quote)),
                None => value.extend(std::iter::from_fn(|| {
                    chars.next_if(|c| !c.is_whitespace() && *c != '>')
                })),
            }
        }
        found.push((name.to_ascii_lowercase(), value));
    }
}

/// The generated Typst markup must parse: user text is escaped, never markup.
fn assert_typst_parses(markup: &str) {
    let root = typst::syntax::parse(markup);
    let (errors, _warnings) = root.errors_and_warnings();
    assert!(
        errors.is_empty(),
        "the Typst markup does not parse: {:?}",
        errors.iter().map(|e| &e.message).collect::<Vec<_>>()
    );
}

/// Declares the fuzz target that runs [`Scratch::run`] for one [`Target`].
#[macro_export]
macro_rules! fuzz_target_for {
    ($target:ident) => {
        thread_local! {
            static SCRATCH: $crate::Scratch = $crate::Scratch::new();
        }
        libfuzzer_sys::fuzz_target!(|input: &[u8]| {
            SCRATCH.with(|scratch| {
                scratch.run($crate::Target::$target, input);
            })
        });
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_markup_is_caught() {
        let page = Path::new("page.html");
        let caught = |html: &'static str| {
            std::panic::catch_unwind(|| assert_no_injection(html, page)).is_err()
        };
        assert!(caught("<p>x</p><script>alert(1)</script>"));
        assert!(caught(
            r#"<p title="a">x<img src=x onerror="alert(1)"></p>"#
        ));
        assert!(caught(r#"<a class="x" ONCLICK='alert(1)'>x</a>"#));
        assert!(caught(r#"<a href=" javascript:alert(1)">x</a>"#));
        assert!(!caught(
            r##"<p title="one onerror=x">javascript: &lt;script&gt;</p><a href="#x">y</a>"##
        ));
    }

    #[test]
    fn unparsable_typst_is_caught() {
        assert!(std::panic::catch_unwind(|| assert_typst_parses("#text[a")).is_err());
        assert_typst_parses("#text[a \\[ b]");
    }

    #[test]
    fn an_error_without_a_file_is_caught() {
        let unplaced = Diagnostic::error("something went wrong");
        assert!(std::panic::catch_unwind(|| assert_names_a_file(&unplaced)).is_err());
        let unplaced = unplaced.in_file(file!());
        assert!(std::panic::catch_unwind(|| assert_names_a_file(&unplaced)).is_err());
        assert_names_a_file(&unplaced.at(1, 1));
    }
}
