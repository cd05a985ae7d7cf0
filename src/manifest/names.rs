//! Value names as prose writes them, and which chapters name a value in their
//! `{{ }}` and `{% %}` expressions.

use crate::load::chapters::ChapterSource;

/// `deltagare.aldersgrupp["20-29"].andel`: dotted, with brackets for keys that are
/// not plain names.
pub fn prose_name(path: &[String]) -> String {
    let mut name = String::new();
    for (i, key) in path.iter().enumerate() {
        let plain = key
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        match (plain, i) {
            (true, 0) => name.push_str(key),
            (true, _) => name.push_str(&format!(".{key}")),
            (false, _) => name.push_str(&format!("[\"{key}\"]")),
        }
    }
    name
}

/// The expressions of each chapter, with names written dotted (`a.20-29.b`).
pub struct Expressions(Vec<(String, String)>);

impl Expressions {
    pub fn of(chapters: &[ChapterSource]) -> Expressions {
        Expressions(
            chapters
                .iter()
                .map(|c| (c.slug.clone(), dotted(&expressions(&c.body))))
                .collect(),
        )
    }

    /// The slugs of the chapters whose expressions name the value `name`.
    pub fn naming(&self, name: &str) -> Vec<String> {
        let name = dotted(name);
        self.0
            .iter()
            .filter(|(_, text)| names(text, &name))
            .map(|(slug, _)| slug.clone())
            .collect()
    }
}

/// The text inside every `{{ }}` and `{% %}` of a chapter body, one per line.
fn expressions(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(start) = rest.find(['{']) {
        let from = &rest[start..];
        let close = match from.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                rest = &from[1..];
                continue;
            }
        };
        let end = from.find(close).unwrap_or(from.len());
        out.push_str(&from[2..end]);
        out.push('\n');
        rest = &from[end..];
    }
    out
}

/// `a["20-29"].b` and `a['20-29'].b` as `a.20-29.b`.
fn dotted(text: &str) -> String {
    text.replace("[\"", ".")
        .replace("['", ".")
        .replace("\"]", "")
        .replace("']", "")
}

/// Whether `text` holds `name` as a whole name (not part of a longer one).
fn names(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(|c| word(c) || c == '.') && !after.is_some_and(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_whole_in_either_bracket_style() {
        let text = dotted(&expressions(
            "Av {{ deltagare.totalt }} var {{ deltagare.aldersgrupp['20-29'].andel }}.",
        ));
        assert!(names(
            &text,
            &dotted("deltagare.aldersgrupp[\"20-29\"].andel")
        ));
        assert!(names(&text, "deltagare.totalt"));
        assert!(!names(&text, "deltagare.total"));
        assert!(!names(&text, "totalt"));
    }
}
