//! Errors and warnings that point at the file, line and column a user wrote.

use std::fmt;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A byte range in a chapter as loaded (the text after its front matter), where a
/// block or inline of the Document is written; turned into a line and column by
/// [`SourceText::position`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The first `needle` written inside this span of `text` (the id of a heading
    /// or table), or the span itself.
    pub fn find(self, text: &str, needle: &str) -> Span {
        text.get(self.start..self.end)
            .and_then(|inside| inside.find(needle))
            .map_or(self, |at| {
                Span::new(self.start + at, self.start + at + needle.len())
            })
    }
}

/// A text the spans point into, with the number of file lines before it (a
/// chapter body after its front matter): the one place spans become positions.
#[derive(Debug, Clone, Default)]
pub struct SourceText {
    pub text: std::sync::Arc<str>,
    pub lines_before: usize,
}

impl SourceText {
    pub fn new(text: &str, lines_before: usize) -> SourceText {
        SourceText {
            text: text.into(),
            lines_before,
        }
    }

    /// The file's line and column where `span` starts.
    pub fn position(&self, span: Span) -> Position {
        let mut position = Position::of_offset(&self.text, span.start);
        position.line += self.lines_before;
        position
    }
}

/// One message for the user, with the place in their files it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: Option<PathBuf>,
    pub position: Option<Position>,
    pub message: String,
    pub hint: Option<String>,
    /// Further errors found in the same pass (in other chapters), sorted by file and
    /// line after this one; printed with it.
    pub also: Box<[Diagnostic]>,
}

/// The most errors a build collects before it stops looking.
pub const ERROR_LIMIT: usize = 20;

/// The result of every fallible step of the pipeline.
pub type Result<T, E = Diagnostic> = std::result::Result<T, E>;

impl Diagnostic {
    /// An error not (yet) tied to a file.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            position: None,
            message: message.into(),
            hint: None,
            also: Box::default(),
        }
    }

    /// All errors of one pass as one diagnostic: the first by file and line, carrying
    /// the others; `None` when there are none.
    pub fn together(mut errors: Vec<Diagnostic>) -> Option<Diagnostic> {
        Diagnostic::sort(&mut errors);
        let mut errors = errors.into_iter();
        let mut first = errors.next()?;
        first.also = errors.collect();
        Some(first)
    }

    /// Sorts diagnostics by file, then line and column (those without either first).
    pub fn sort(diagnostics: &mut [Diagnostic]) {
        diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.path.clone(), d.position.map(|p| (p.line, p.column)));
            key(a).cmp(&key(b))
        });
    }

    /// How many errors the diagnostic stands for.
    pub fn count(&self) -> usize {
        1 + self.also.len()
    }

    /// A warning not (yet) tied to a file.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Ties the diagnostic to a file (keeps a file already set).
    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path.get_or_insert_with(|| path.as_ref().to_path_buf());
        self
    }

    /// Ties the diagnostic to a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some(Position { line, column });
        self
    }

    /// Ties the diagnostic to the place where `span` starts in `source`.
    pub fn at_span(self, source: &SourceText, span: Span) -> Self {
        let p = source.position(span);
        self.at(p.line, p.column)
    }

    /// Moves the position down by `lines`, for text embedded in a larger file
    /// (a chapter body after its front matter, a directive inside a chapter).
    pub fn shifted(mut self, lines: usize) -> Self {
        if let Some(p) = &mut self.position {
            p.line += lines;
        }
        self
    }

    /// Adds a hint that tells the user how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A failed read, naming the file.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Diagnostic::failed("read this file", path, err)
    }

    /// A failed file operation, naming the file and what could not be done
    /// (`"write this file"`); a full disk, a read-only disk or a missing permission
    /// gets a hint.
    pub fn failed(action: &str, path: &Path, err: &std::io::Error) -> Self {
        use std::io::ErrorKind;
        let diagnostic = Diagnostic::error(format!("cannot {action}: {err}")).in_file(path);
        match err.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
                diagnostic.with_hint("the disk is full: free some space and try again")
            }
            ErrorKind::ReadOnlyFilesystem => {
                diagnostic.with_hint("this disk is read-only: choose a folder on a writable disk")
            }
            ErrorKind::PermissionDenied => diagnostic.with_hint("check this place's permissions"),
            _ => diagnostic,
        }
    }

    /// The diagnostic as the user sees it: `path:line:col`, the offending source
    /// line with a marker under it, the message and the hint.
    /// Every error it carries (`also`) follows it.
    pub fn render(&self) -> String {
        let mut text = self
            .render_with_snippet()
            .unwrap_or_else(|| match &self.hint {
                Some(hint) => format!("{self}\n  = hint: {hint}\n"),
                None => format!("{self}\n"),
            });
        for other in &self.also {
            text.push_str(&other.render());
        }
        text
    }

    fn render_with_snippet(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let position = self.position?;
        let source = source_text(path)?;
        let offset = byte_offset(&source, position)?;
        let end = source[offset..]
            .chars()
            .next()
            .filter(|c| *c != '\n')
            .map_or(offset, |c| offset + c.len_utf8());
        let file = SimpleFile::new(path.display().to_string(), source);
        let mut report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(&self.message)
        .with_labels(vec![Label::primary((), offset..end)]);
        if let Some(hint) = &self.hint {
            report = report.with_notes(vec![format!("hint: {hint}")]);
        }
        term::emit_into_string(&term::Config::default(), &file, &report).ok()
    }
}

/// A file's text for its snippet: UTF-8, or else as the loaders read other exports
/// (a UTF-16 byte-order mark, or Windows-1252), so a Swedish Excel export shows its row.
fn source_text(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    String::from_utf8(bytes)
        .or_else(|e| {
            Ok::<_, ()>(
                encoding_rs::WINDOWS_1252
                    .decode(e.as_bytes())
                    .0
                    .into_owned(),
            )
        })
        .ok()
}

impl Position {
    /// The line and column of a byte offset in `source`, counting `\r\n`, `\n` and a
    /// lone `\r` as one line break each, as editors do; columns count characters.
    pub fn of_offset(source: &str, offset: usize) -> Position {
        let before = source.get(..offset).unwrap_or(source);
        let bytes = before.as_bytes();
        let mut line = 1;
        let mut line_start = 0;
        for i in 0..bytes.len() {
            if ends_line(bytes, i) {
                line += 1;
                line_start = i + 1;
            }
        }
        Position {
            line,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// At most `count` of `known`, the most like `wanted` first (by edit distance, then
/// alphabetically): the names a "did you mean" hint offers.
pub fn nearest<'a>(
    known: impl IntoIterator<Item = &'a str>,
    wanted: &str,
    count: usize,
) -> Vec<&'a str> {
    let mut known: Vec<&str> = known.into_iter().collect();
    known.sort_by_key(|k| (strsim::levenshtein(k, wanted), *k));
    known.truncate(count);
    known
}

/// Whether the byte at `i` ends a line: `\n`, or a `\r` not followed by `\n`.
pub fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The byte offset of a 1-based line and column (columns count characters).
fn byte_offset(source: &str, position: Position) -> Option<usize> {
    let line_start = if position.line <= 1 {
        0
    } else {
        source.match_indices('\n').nth(position.line - 2)?.0 + 1
    };
    let line = source[line_start..].split('\n').next().unwrap_or("");
    let column = line
        .char_indices()
        .nth(position.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    Some(line_start + column)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (&self.path, self.position) {
            (Some(path), Some(p)) => write!(f, "{}:{}:{}: ", path.display(), p.line, p.column)?,
            (Some(path), None) => write!(f, "{}: ", path.display())?,
            _ => {}
        }
        write!(f, "{kind}: {}", self.message)
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let d = Diagnostic::error("unknown key `titel`")
            .in_file("report.yaml")
            .at(3, 1);
        assert_eq!(d.to_string(), "report.yaml:3:1: error: unknown key `titel`");
    }

    #[test]
    fn a_failed_write_says_what_failed_and_a_full_disk_gets_a_hint() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let d = Diagnostic::failed("write this file", Path::new("output/a.html"), &full);
        assert_eq!(
            d.to_string(),
            format!("output/a.html: error: cannot write this file: {full}")
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("the disk is full: free some space and try again")
        );
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let d = Diagnostic::io(Path::new("data/x.csv"), &missing);
        assert!(d.message.starts_with("cannot read this file: "), "{d}");
        assert_eq!(d.hint, None);
    }

    #[test]
    fn byte_offsets_count_characters() {
        let src = "a: 1\nåäö: x\n";
        assert_eq!(byte_offset(src, Position { line: 2, column: 4 }), Some(11));
        assert_eq!(byte_offset(src, Position { line: 9, column: 1 }), None);
    }
}
