//! Diagnostics as JSON for CI annotations: an array of
//! `{severity, file, line, column, message, hint}`.

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};

/// The diagnostics as a pretty-printed JSON array.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<Value> = diagnostics.iter().map(item).collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
}

fn item(d: &Diagnostic) -> Value {
    json!({
        "severity": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "file": d.path.as_ref().map(|p| p.display().to_string()),
        "line": d.position.map(|p| p.line),
        "column": d.position.map(|p| p.column),
        "message": d.message,
        "hint": d.hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
