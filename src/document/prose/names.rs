//! Names in prose: keys with å, ä, ö, spaces or punctuation
//! (`deltagare.kommun["Lövstad"].antal`), and the nearest known names when a name is
//! unknown. Tera's own lookup slices bracketed keys at character positions as if they
//! were byte positions, so a path holding a non-ASCII key is rewritten into a chain of
//! [`FILTER`] calls that look the keys up one by one.

use serde_json::Value;

use crate::diagnostic::nearest;

/// The filter that looks up one key of a mapping.
pub const FILTER: &str = "rapport_key";

/// Rewrites, inside `{{ }}` and `{% %}`, every path with a non-ASCII bracketed key:
/// `a.b["Lövstad"].c` becomes `a.b | rapport_key(key="Lövstad") | rapport_key(key="c")`.
/// Line breaks are kept, so positions stay.
pub fn rewrite(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find(['{']) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let close = match from.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                out.push('{');
                rest = &from[1..];
                continue;
            }
        };
        let end = from.find(close).map_or(from.len(), |e| e + 2);
        out.push_str(&rewrite_expression(&from[..end]));
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// One `{{ … }}` or `{% … %}`: paths rewritten, string literals copied as they are.
fn rewrite_expression(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let chars: Vec<char> = expression.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_path = i > 0 && (chars[i - 1].is_alphanumeric() || "._]".contains(chars[i - 1]));
        if (c.is_ascii_alphabetic() || c == '_') && !after_path {
            let (segments, end) = path(&chars, i);
            out.push_str(&render_path(&chars[i..end], &segments));
            i = end;
        } else if c == '"' || c == '\'' {
            let end = literal_end(&chars, i);
            out.extend(&chars[i..end]);
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// One part of a path: a name after a dot, or a key in brackets.
enum Segment {
    Name(String),
    Key { text: String, quote: char },
}

/// The segments of the path starting at `start` and the index after it.
fn path(chars: &[char], start: usize) -> (Vec<Segment>, usize) {
    let mut segments = Vec::new();
    let mut i = start;
    let name_end = |mut j: usize| {
        while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
            j += 1;
        }
        j
    };
    let end = name_end(i);
    segments.push(Segment::Name(chars[i..end].iter().collect()));
    i = end;
    loop {
        if chars.get(i) == Some(&'.')
            && chars
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            let end = name_end(i + 1);
            segments.push(Segment::Name(chars[i + 1..end].iter().collect()));
            i = end;
        } else if chars.get(i) == Some(&'[') && matches!(chars.get(i + 1), Some('"' | '\'')) {
            let quote = chars[i + 1];
            let end = literal_end(chars, i + 1);
            if chars.get(end) != Some(&']') {
                break;
            }
            let text = chars[i + 2..end - 1].iter().collect();
            segments.push(Segment::Key { text, quote });
            i = end + 1;
        } else {
            break;
        }
    }
    (segments, i)
}

/// The index after the string literal opening at `start`.
fn literal_end(chars: &[char], start: usize) -> usize {
    let quote = chars[start];
    chars[start + 1..]
        .iter()
        .position(|&c| c == quote)
        .map_or(chars.len(), |p| start + p + 2)
}

/// The path as written, or as a filter chain from its first non-ASCII key on.
fn render_path(original: &[char], segments: &[Segment]) -> String {
    let first_odd = segments
        .iter()
        .position(|s| matches!(s, Segment::Key { text, .. } if !text.is_ascii()));
    let Some(first_odd) = first_odd else {
        return original.iter().collect();
    };
    let mut out = String::new();
    for (n, segment) in segments.iter().enumerate() {
        match (segment, n < first_odd) {
            (Segment::Name(name), true) if n == 0 => out.push_str(name),
            (Segment::Name(name), true) => out.push_str(&format!(".{name}")),
            (Segment::Key { text, quote }, true) => {
                out.push_str(&format!("[{quote}{text}{quote}]"))
            }
            (Segment::Name(text), false) => out.push_str(&format!(" | {FILTER}(key=\"{text}\")")),
            (Segment::Key { text, quote }, false) => {
                out.push_str(&format!(" | {FILTER}(key={quote}{text}{quote})"))
            }
        }
    }
    out
}

/// The value under `key` of a mapping, for [`FILTER`].
pub fn key(value: &Value, key: &Value) -> tera::Result<Value> {
    let key = key
        .as_str()
        .ok_or_else(|| tera::Error::msg("a key must be text"))?;
    let map = value.as_object().ok_or_else(|| {
        tera::Error::msg(format!(
            "`{key}`: this is a single value, not a group of values"
        ))
    })?;
    map.get(key).cloned().ok_or_else(|| {
        let near = nearest(map.keys().map(String::as_str), key, 8).join(", ");
        tera::Error::msg(format!(
            "unknown name `{key}`; nearest known names here: {near}"
        ))
    })
}

/// The hint for an unknown dotted name: the names at the depth where it failed,
/// nearest first.
pub fn hint(data: &Value, name: &str) -> String {
    let mut node = data;
    let mut depth = Vec::new();
    for part in split(name) {
        match node.get(&part) {
            Some(child) if child.is_object() => {
                node = child;
                depth.push(part);
            }
            Some(_) => break,
            None => {
                let keys = node
                    .as_object()
                    .map(|m| nearest(m.keys().map(String::as_str), &part, 8))
                    .unwrap_or_default();
                let names: Vec<String> = keys.iter().map(|k| joined(&depth, k)).collect();
                return format!("nearest known names: {}", names.join(", "));
            }
        }
    }
    let keys: Vec<String> = node
        .as_object()
        .map(|m| m.keys().take(8).map(|k| joined(&depth, k)).collect())
        .unwrap_or_default();
    format!("names known here: {}", keys.join(", "))
}

/// `a.b["c d"]` → `a`, `b`, `c d`.
fn split(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    if chars
        .first()
        .is_none_or(|c| !(c.is_ascii_alphabetic() || *c == '_'))
    {
        return vec![name.to_owned()];
    }
    path(&chars, 0)
        .0
        .into_iter()
        .map(|s| match s {
            Segment::Name(n) => n,
            Segment::Key { text, .. } => text,
        })
        .collect()
}

/// A name written back in prose form: plain keys with dots, others in brackets.
fn joined(parents: &[String], key: &str) -> String {
    let mut out = String::new();
    for part in parents.iter().map(String::as_str).chain([key]) {
        let plain = part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && part.chars().next().is_some_and(|c| !c.is_ascii_digit());
        match (out.is_empty(), plain) {
            (true, _) => out.push_str(part),
            (false, true) => out.push_str(&format!(".{part}")),
            (false, false) => out.push_str(&format!("[\"{part}\"]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_paths_with_non_ascii_keys_are_rewritten() {
        assert_eq!(
            rewrite("a {{ x.y[\"20-29\"].z }} b"),
            "a {{ x.y[\"20-29\"].z }} b"
        );
        assert_eq!(
            rewrite("{{ d.kommun[\"Lövstad\"].antal | tal }}"),
            "{{ d.kommun | rapport_key(key=\"Lövstad\") | rapport_key(key=\"antal\") | tal }}"
        );
        assert_eq!(
            rewrite("{% if d['Åsby'].n > 3 %}Ö \"x\"{% endif %}"),
            "{% if d | rapport_key(key='Åsby') | rapport_key(key=\"n\") > 3 %}Ö \"x\"{% endif %}"
        );
        assert_eq!(
            rewrite("{{ \"Lövstad[\\\"x\\\"]\" }}"),
            "{{ \"Lövstad[\\\"x\\\"]\" }}"
        );
    }

    #[test]
    fn hints_name_the_nearest_names_at_the_failing_depth() {
        let data =
            json!({"deltagare": {"totalt": 3, "kommun": {"Lövstad": {"antal": 1}, "Åsby": {}}}});
        assert_eq!(
            hint(&data, "deltagare.totlt"),
            "nearest known names: deltagare.totalt, deltagare.kommun"
        );
        assert!(
            hint(&data, "deltagare.kommun[\"Lövsta\"].antal")
                .starts_with("nearest known names: deltagare.kommun[\"Lövstad\"]")
        );
    }
}
