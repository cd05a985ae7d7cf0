//! The individual outcome matrix: how many pseudonymised participants reached each
//! outcome, and whether the matrix may be published at all.

use crate::diagnostic::{Diagnostic, Result};

/// Per outcome column, the number of rows that reached it.
pub fn totals(columns: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    columns
        .iter()
        .map(|column| {
            rows.iter()
                .filter(|reached| reached.contains(column))
                .count()
        })
        .collect()
}

/// A matrix of individuals is published only when it holds at least `threshold`
/// people: with fewer, a reader who knows the group can tell who is who.
pub fn check_publishable(rows: usize, threshold: u32) -> Result<()> {
    if rows < threshold as usize {
        return Err(Diagnostic::error(format!(
            "an outcome matrix of {rows} participants is too small to publish (the suppression threshold is {threshold})"
        ))
        .with_hint("report the outcomes as totals instead, or lower suppression_threshold in report.yaml if the group may be shown"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn outcomes_are_counted_per_column() {
        let columns = strings(&["Plan", "Arbete"]);
        let rows = vec![strings(&["Plan"]), strings(&["Plan", "Arbete"]), vec![]];
        assert_eq!(totals(&columns, &rows), vec![2, 1]);
    }

    #[test]
    fn small_matrices_are_not_published() {
        assert!(check_publishable(4, 5).is_err());
        assert!(check_publishable(5, 5).is_ok());
    }
}
