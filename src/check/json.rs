//! Diagnostics as JSON for CI annotations: an array of
//! `{severity, file, line, column, message, hint}`.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

/// One diagnostic, its fields in the documented order.
#[derive(Serialize)]
struct Item<'a> {
    severity: &'static str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
}

/// The diagnostics as a pretty-printed JSON array.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<Item> = diagnostics.iter().map(item).collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
}

fn item(d: &Diagnostic) -> Item<'_> {
    Item {
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        file: d.path.as_ref().map(|p| p.display().to_string()),
        line: d.position.map(|p| p.line),
        column: d.position.map(|p| p.column),
        message: &d.message,
        hint: d.hint.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn fields_of_a_positioned_warning() {
        let d = Diagnostic::warning("w")
            .in_file("k.md")
            .at(3, 7)
            .with_hint("h");
        let v: Value = serde_json::from_str(&render(&[d])).unwrap();
        assert_eq!(
            v,
            json!([{"severity": "warning", "file": "k.md", "line": 3, "column": 7, "message": "w", "hint": "h"}])
        );
    }
}
