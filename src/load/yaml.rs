//! YAML reading that keeps positions: every error names the file, line and column.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Result};

/// Reads a UTF-8 text file, dropping a byte-order mark.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = String::from_utf8_lossy(valid);
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error("this file is not valid UTF-8 text")
            .in_file(path)
            .at(line, column)
            .with_hint("save the file as UTF-8 (in Excel: \"CSV UTF-8\")")
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// Deserializes YAML text, turning serde errors into positioned diagnostics.
pub fn parse<T: DeserializeOwned>(source: &str, path: &Path) -> Result<T> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error("this YAML file is empty")
            .in_file(path)
            .at(1, 1));
    }
    serde_yaml::from_str(source).map_err(|e| from_serde(&e, source, path))
}

/// Converts a serde_yaml error into a diagnostic at its position.
pub fn from_serde(err: &serde_yaml::Error, source: &str, path: &Path) -> Diagnostic {
    let message = clean_message(&err.to_string());
    let diagnostic = Diagnostic::error(message.clone()).in_file(path);
    // For unknown fields serde_yaml may report the enclosing mapping; the key's own
    // line is more useful.
    let (line, column) = unknown_field_position(&message, source)
        .or_else(|| err.location().map(|l| (l.line(), l.column())))
        .or_else(|| second_document_position(&message, source))
        .unwrap_or((1, 1));
    diagnostic.at(line, column)
}

/// For a file of several YAML documents, the line of the marker that starts the second.
fn second_document_position(message: &str, source: &str) -> Option<(usize, usize)> {
    if !message.contains("more than one document") {
        return None;
    }
    let mut markers = source
        .lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with("---") || line.starts_with("..."));
    let first_content = source
        .lines()
        .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    markers
        .find(|(i, _)| *i > first_content)
        .map(|(i, _)| (i + 1, 1))
}

/// serde_yaml appends " at line L column C" to its messages; the position is shown
/// separately, so drop it.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// For `unknown field `x``, the line where key `x` is written.
fn unknown_field_position(message: &str, source: &str) -> Option<(usize, usize)> {
    let key = message.strip_prefix("unknown field `")?.split('`').next()?;
    key_position(source, key)
}

/// The 1-based line and column of the first line that defines `key:` at any depth.
pub fn key_position(source: &str, key: &str) -> Option<(usize, usize)> {
    source.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))?;
        rest.starts_with(':')
            .then(|| (i + 1, line.len() - trimmed.len() + 1))
    })
}

/// An error at the line where `key` is defined (or the file's start).
pub fn error_at_key(
    source: &str,
    path: &Path,
    key: &str,
    message: impl Into<String>,
) -> Diagnostic {
    let (line, column) = key_position(source, key).unwrap_or((1, 1));
    Diagnostic::error(message).in_file(path).at(line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Small {
        title: String,
    }

    #[test]
    fn unknown_key_is_located() {
        let src = "title: x\ntitel: y\n";
        let err = parse::<Small>(src, Path::new("r.yaml")).unwrap_err();
        assert!(
            err.message.starts_with("unknown field `titel`"),
            "{}",
            err.message
        );
        let p = err.position.unwrap();
        assert_eq!((p.line, p.column), (2, 1));
    }

    #[test]
    fn syntax_error_is_located() {
        let src = "title: x\nfoo: [1, 2\n";
        let err = parse::<serde_yaml::Value>(src, Path::new("r.yaml")).unwrap_err();
        assert!(err.position.is_some());
        assert!(!err.message.contains(" at line "));
    }
}
