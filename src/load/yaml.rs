//! YAML reading that keeps positions: every error names the file, line and column.
//! Beyond what serde checks, a key written twice in one mapping, `.nan`, `.inf` and
//! nesting deeper than [`MAX_DEPTH`] are errors at their place.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

use crate::diagnostic::{Diagnostic, Result};
use crate::load::files;

/// The deepest nesting of brackets, braces or lists a YAML file may have.
pub const MAX_DEPTH: usize = 100;

/// Reads a UTF-8 text file (a regular file within the size limit of
/// [`files::read_bytes`]), dropping a byte-order mark.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = files::read_bytes(path)?;
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
    depth(source, path)?;
    let value = serde_yaml::from_str(source).map_err(|e| from_serde(&e, source, path))?;
    strict(source, path)?;
    Ok(value)
}

/// Fails, at the place, on what every YAML file of a report must not hold (whatever
/// reads it next): nesting deeper than [`MAX_DEPTH`], a key written twice in one
/// mapping, `.nan` or `.inf`.
pub fn check(source: &str, path: &Path) -> Result<()> {
    depth(source, path)?;
    strict(source, path)
}

fn depth(source: &str, path: &Path) -> Result<()> {
    check_depth(source).map_err(|(line, column)| {
        Diagnostic::error(format!("this YAML nests deeper than {MAX_DEPTH} levels"))
            .in_file(path)
            .at(line, column)
    })
}

fn strict(source: &str, path: &Path) -> Result<()> {
    Strict
        .deserialize(serde_yaml::Deserializer::from_str(source))
        .map_err(|e| from_serde(&e, source, path))
}

/// The position of the first bracket or brace that opens a level beyond [`MAX_DEPTH`],
/// found in one pass over the text, before the YAML parser (which is slow on deep
/// nesting) sees it. Quoted text and comments are skipped.
fn check_depth(source: &str) -> std::result::Result<(), (usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1, 0);
    let mut quote: Option<char> = None;
    let mut previous = '\n';
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        column += 1;
        match (quote, c) {
            (_, '\n') => (line, column) = (line + 1, 0),
            (Some('"'), '\\') => {
                chars.next();
                column += 1;
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if !previous.is_alphanumeric() => quote = Some(c),
            (None, '#') if previous.is_whitespace() => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        (line, column) = (line + 1, 0);
                        break;
                    }
                }
            }
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err((line, column));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, _) => {}
        }
        previous = c;
    }
    Ok(())
}

/// Walks a YAML document as serde sees it, failing at the key or value that a typed
/// reading would silently accept: a key written twice in one mapping (the last would
/// win), `.nan` or `.inf` (no report can print them).
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }

    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        finite(value)
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        Strict.deserialize(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Strict)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while map.next_key_seed(Key(&mut seen))?.is_some() {
            map.next_value_seed(Strict)?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        de::VariantAccess::newtype_variant_seed(variant, Strict)
    }
}

/// `.nan`, `.inf` and `-.inf` are errors.
fn finite<E: de::Error>(value: f64) -> Result<(), E> {
    let written = match value {
        v if v.is_finite() => return Ok(()),
        v if v.is_nan() => ".nan",
        v if v > 0.0 => ".inf",
        _ => "-.inf",
    };
    Err(E::custom(format!(
        "`{written}` is not a number a report can show; write a number, or quote it to mean text"
    )))
}

/// A mapping key, failing when the mapping already has it.
struct Key<'a>(&'a mut HashSet<String>);

impl Key<'_> {
    fn insert<E: de::Error>(self, key: String) -> Result<(), E> {
        if self.0.contains(&key) {
            return Err(E::custom(format!(
                "the key `{key}` is written twice in this mapping; keep one"
            )));
        }
        self.0.insert(key);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.insert(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.insert(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.insert(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        finite(v)?;
        self.insert(v.to_string())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.insert(v.to_owned())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.insert(String::new())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Strict.visit_seq(seq)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        Strict.visit_map(map)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        Strict.visit_enum(data)
    }
}

/// Converts a serde_yaml error into a diagnostic at its position.
pub fn from_serde(err: &serde_yaml::Error, source: &str, path: &Path) -> Diagnostic {
    let message = clean_message(&err.to_string());
    let diagnostic = Diagnostic::error(message.clone()).in_file(path);
    // For unknown fields serde_yaml may report the enclosing mapping; the key's own
    // line is more useful.
    let (line, column) = unknown_field_position(&message, source)
        .or_else(|| duplicate_field_position(&message, source))
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

/// For `duplicate field `x``, the line where key `x` is written the second time.
fn duplicate_field_position(message: &str, source: &str) -> Option<(usize, usize)> {
    let key = message
        .strip_prefix("duplicate field `")?
        .split('`')
        .next()?;
    let (first, _) = key_position(source, key)?;
    let rest: String = source.lines().skip(first).collect::<Vec<_>>().join("\n");
    key_position(&rest, key).map(|(line, column)| (line + first, column))
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

/// The line and column where `value` is written as a whole scalar, quoted or not: the
/// first place it stands as a value (after `key:`, as a list item, in a flow list),
/// else the first place it stands as a key.
pub fn value_position(source: &str, value: &str) -> Option<(usize, usize)> {
    if value.is_empty() {
        return None;
    }
    let opens = |before: &str| {
        let before = before.trim_end_matches(['"', '\'']).trim_end();
        before.is_empty() || before.ends_with([':', '-', '[', ',', '{'])
    };
    // After the scalar: `Some(true)` when it is a key, `Some(false)` a value.
    let closes = |after: &str| {
        let after = after.trim_start_matches(['"', '\'']).trim_start();
        match after.chars().next() {
            Some(':') => Some(true),
            None | Some(',' | ']' | '}' | '#') => Some(false),
            _ => None,
        }
    };
    let places = source.lines().enumerate().flat_map(|(i, line)| {
        line.match_indices(value).filter_map(move |(at, _)| {
            let is_key = closes(&line[at + value.len()..])?;
            opens(&line[..at]).then(|| (is_key, (i + 1, line[..at].chars().count() + 1)))
        })
    });
    let mut first_key = None;
    for (is_key, place) in places {
        match is_key {
            false => return Some(place),
            true => first_key = first_key.or(Some(place)),
        }
    }
    first_key
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
    fn a_value_is_found_where_it_stands_as_a_whole_scalar() {
        let source = "deltagare:\n  kolumner:\n    id: Ärendenummer\n  kon: {kolumn: \"Kön\", kvinna: K}\n  fragor: [Fråga 1, Fråga 12]\n  lista:\n    - Utbildningsnivå\n";
        // By hand: line 3 `    id: Ärendenummer`, the value at column 9.
        assert_eq!(value_position(source, "Ärendenummer"), Some((3, 9)));
        // Line 4, inside a flow mapping and quotes: `  kon: {kolumn: "Kön"` puts K at 18.
        assert_eq!(value_position(source, "Kön"), Some((4, 18)));
        // `Fråga 1` inside `[Fråga 1, Fråga 12]` (column 12), not the start of `Fråga 12`.
        assert_eq!(value_position(source, "Fråga 1"), Some((5, 12)));
        assert_eq!(value_position(source, "Fråga 12"), Some((5, 21)));
        assert_eq!(value_position(source, "Utbildningsnivå"), Some((7, 7)));
        // A key when the name is written only as a key; part of a word is not the value.
        assert_eq!(value_position(source, "kolumn"), Some((4, 9)));
        assert_eq!(value_position("a: {b: b}\n", "b"), Some((1, 8)));
        assert_eq!(value_position(source, "Ärende"), None);
        assert_eq!(value_position(source, ""), None);
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

    fn error_at(src: &str) -> (String, usize, usize) {
        let err = parse::<serde_json::Value>(src, Path::new("d.yaml")).unwrap_err();
        let p = err.position.unwrap();
        (err.message, p.line, p.column)
    }

    #[test]
    fn a_key_written_twice_is_located() {
        let (message, line, column) = error_at("budget: 1000000\nnamn: x\nbudget: 1\n");
        assert!(message.contains("`budget` is written twice"), "{message}");
        assert_eq!((line, column), (3, 1));
        let (message, line, column) = error_at("a:\n  - {b: 1, c: 2, b: 3}\n");
        assert!(message.contains("`b` is written twice"), "{message}");
        assert_eq!((line, column), (2, 18));
        assert!(parse::<serde_json::Value>("a: {b: 1}\nc: {b: 2}\n", Path::new("d")).is_ok());
    }

    #[test]
    fn a_field_written_twice_is_located() {
        let src = "title: x\ntitle: y\n";
        let err = parse::<Small>(src, Path::new("r.yaml")).unwrap_err();
        assert!(
            err.message.contains("duplicate field `title`"),
            "{}",
            err.message
        );
        assert_eq!(err.position.unwrap().line, 2);
    }

    #[test]
    fn nan_and_infinity_are_located() {
        let (message, line, column) = error_at("a: 1\nb: [2, .nan]\n");
        assert!(message.contains("`.nan`"), "{message}");
        assert_eq!((line, column), (2, 8));
        let (message, ..) = error_at("b: -.inf\n");
        assert!(message.contains("`-.inf`"), "{message}");
        assert!(parse::<serde_json::Value>("b: '.nan'\n", Path::new("d")).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let src = format!("a: {}", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let (message, line, column) = error_at(&src);
        assert!(message.contains("deeper than 100 levels"), "{message}");
        assert_eq!((line, column), (1, 104));
        assert!(started.elapsed().as_secs() < 2);
        let quoted = format!(
            "a: \"{}\" # {}\nb: [[1]]\n",
            "[".repeat(200),
            "{".repeat(200)
        );
        assert!(parse::<serde_json::Value>(&quoted, Path::new("d")).is_ok());
    }

    #[test]
    fn syntax_error_is_located() {
        let src = "title: x\nfoo: [1, 2\n";
        let err = parse::<serde_yaml::Value>(src, Path::new("r.yaml")).unwrap_err();
        assert!(err.position.is_some());
        assert!(!err.message.contains(" at line "));
    }
}
