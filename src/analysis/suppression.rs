//! Small-cell suppression over count tables with totals.
//!
//! The rule, applied to every [`Grid`] (and so to every table, chart and prose value,
//! which are all read from grids):
//!
//! 1. **Primary**: a count from 1 to `threshold − 1` is never published. It is shown
//!    as `< 5` (for threshold 5). Zero is published.
//! 2. **Secondary**: each row of a grid with its row total, and each column with the
//!    totals row, is an equation `total = sum of parts`. When an equation has exactly
//!    one suppressed cell, a reader could recover it by subtraction, so the smallest
//!    published cell of that equation is suppressed too (a part before the total, as
//!    the total is never smaller). This repeats until no equation has exactly one
//!    suppressed cell. Secondarily suppressed counts are shown as `–`.
//! 3. A share, mean or verdict computed from a suppressed count (as numerator or as
//!    denominator) is withheld and shown as `–`.
//!
//! Grids are protected one at a time; values shown in several tables are read from the
//! same grid, so prose, tables and charts always agree.

use crate::locale::{Hundredths, Lang};

/// How one count may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Shown(u32),
    /// Below the threshold: shown as `< threshold`.
    Small,
    /// Suppressed so that a small cell cannot be back-calculated: shown as `–`.
    Withheld,
}

/// The text for a value that is not published.
pub const WITHHELD: &str = "–";

/// Whether a published text is the mark of an unpublished value: `–`, or `< 5`.
pub fn is_withheld(text: &str) -> bool {
    text == WITHHELD || text.starts_with('<')
}

impl Count {
    /// The count as table or prose text.
    pub fn text(self, lang: Lang, threshold: u32) -> String {
        match self {
            Count::Shown(n) => lang.integer(i64::from(n)),
            Count::Small => format!("< {threshold}"),
            Count::Withheld => WITHHELD.to_owned(),
        }
    }

    /// The count when it is published.
    pub fn shown(self) -> Option<u32> {
        match self {
            Count::Shown(n) => Some(n),
            _ => None,
        }
    }
}

/// A matrix of counts with a row-total column and (optionally) a totals row, with the
/// cells that may not be published marked.
#[derive(Debug, Clone)]
pub struct Grid {
    counts: Vec<Vec<u32>>,
    hidden: Vec<Vec<bool>>,
    threshold: u32,
    has_total_row: bool,
}

/// A cell address: (row, column).
type At = (usize, usize);

impl Grid {
    /// A grid from the parts of each row; the totals column and (if asked) the totals
    /// row are added here.
    pub fn from_parts(parts: Vec<Vec<u32>>, total_row: bool, threshold: u32) -> Grid {
        let mut counts: Vec<Vec<u32>> = parts
            .into_iter()
            .map(|mut row| {
                row.push(row.iter().sum());
                row
            })
            .collect();
        if total_row {
            let width = counts.first().map_or(1, Vec::len);
            let totals = (0..width)
                .map(|c| counts.iter().map(|r| r[c]).sum())
                .collect();
            counts.push(totals);
        }
        Grid::protected(counts, total_row, threshold)
    }

    /// A one-column grid of counts with their sum as the totals row.
    pub fn from_totals(totals: &[u32], threshold: u32) -> Grid {
        let mut counts: Vec<Vec<u32>> = totals.iter().map(|&n| vec![n]).collect();
        counts.push(vec![totals.iter().sum()]);
        Grid::protected(counts, true, threshold)
    }

    fn protected(counts: Vec<Vec<u32>>, has_total_row: bool, threshold: u32) -> Grid {
        let hidden = counts
            .iter()
            .map(|r| r.iter().map(|&n| n > 0 && n < threshold).collect())
            .collect();
        let mut grid = Grid {
            counts,
            hidden,
            threshold,
            has_total_row,
        };
        grid.suppress_secondary();
        grid
    }

    /// Rows and columns as `(parts, total)` equations.
    fn equations(&self) -> Vec<(Vec<At>, At)> {
        let rows = self.counts.len();
        let width = self.counts.first().map_or(0, Vec::len);
        let mut equations: Vec<(Vec<At>, At)> = Vec::new();
        if width > 1 {
            for r in 0..rows {
                equations.push(((0..width - 1).map(|c| (r, c)).collect(), (r, width - 1)));
            }
        }
        if self.has_total_row {
            for c in 0..width {
                equations.push(((0..rows - 1).map(|r| (r, c)).collect(), (rows - 1, c)));
            }
        }
        equations
    }

    fn suppress_secondary(&mut self) {
        let equations = self.equations();
        loop {
            let mut changed = false;
            for (parts, total) in &equations {
                let cells = || parts.iter().chain(std::iter::once(total));
                if cells().filter(|&&(r, c)| self.hidden[r][c]).count() != 1 {
                    continue;
                }
                let smallest = cells()
                    .filter(|&&(r, c)| !self.hidden[r][c])
                    .min_by_key(|&&(r, c)| self.counts[r][c]);
                if let Some(&(r, c)) = smallest {
                    self.hidden[r][c] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The number of rows, the totals row included.
    pub fn rows(&self) -> usize {
        self.counts.len()
    }

    /// The index of the totals row, if there is one.
    pub fn total_row(&self) -> Option<usize> {
        self.has_total_row.then(|| self.counts.len() - 1)
    }

    /// The index of the row-total column.
    pub fn total_column(&self) -> usize {
        self.counts.first().map_or(0, |r| r.len() - 1)
    }

    /// The count at a cell, as it may be published.
    pub fn count(&self, row: usize, column: usize) -> Count {
        match (self.hidden[row][column], self.counts[row][column]) {
            (false, n) => Count::Shown(n),
            (true, n) if n < self.threshold => Count::Small,
            (true, _) => Count::Withheld,
        }
    }

    /// The row's total.
    pub fn row_total(&self, row: usize) -> Count {
        self.count(row, self.total_column())
    }

    /// `part / whole` as a percentage, withheld when either is not published.
    pub fn share(&self, part: At, whole: At) -> Option<Hundredths> {
        let part = self.count(part.0, part.1).shown()?;
        let whole = self.count(whole.0, whole.1).shown()?;
        Hundredths::percent(i64::from(part), i64::from(whole))
    }

    /// A cell's share of its row total.
    pub fn share_of_row(&self, row: usize, column: usize) -> Option<Hundredths> {
        self.share((row, column), (row, self.total_column()))
    }

    /// The unsuppressed count, for the analysis itself (ranking, gender balance): never
    /// to be published without checking [`Grid::count`].
    pub fn raw(&self, row: usize, column: usize) -> u32 {
        self.counts[row][column]
    }

    /// Whether any cell is suppressed.
    pub fn any_suppressed(&self) -> bool {
        self.hidden.iter().flatten().any(|&h| h)
    }

    /// The threshold the grid was protected with.
    pub fn threshold(&self) -> u32 {
        self.threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_small_cell_takes_its_smallest_neighbour_along() {
        // women 3, men 20 in row 0: 3 is small, so 20 is withheld too (row equation),
        // and in column 0 the next smallest (women 10) follows.
        let grid = Grid::from_parts(vec![vec![3, 20], vec![10, 30]], true, 5);
        assert_eq!(grid.count(0, 0), Count::Small);
        assert_eq!(grid.count(0, 1), Count::Withheld);
        assert_eq!(grid.count(1, 0), Count::Withheld);
        assert_eq!(grid.count(1, 1), Count::Withheld);
        assert_eq!(grid.count(2, 2), Count::Shown(63));
        assert_eq!(grid.share_of_row(0, 0), None);
    }

    #[test]
    fn totals_only_grid() {
        let grid = Grid::from_totals(&[123, 144], 5);
        assert_eq!(grid.total_column(), 0);
        assert_eq!(grid.count(2, 0), Count::Shown(267));
        assert_eq!(grid.share((0, 0), (2, 0)), Some(Hundredths(4607)));
    }

    #[test]
    fn zero_and_large_counts_are_published() {
        let grid = Grid::from_parts(vec![vec![0, 12], vec![7, 9]], true, 5);
        assert!(!grid.any_suppressed());
    }
}
