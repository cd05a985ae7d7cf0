//! Tables as analysis hands them over: headings, label columns and typed values
//! (counts, shares, scores, verdicts) with their marks and legend. The document turns
//! them into formatted tables; nothing here is text for a reader but labels.

use crate::analysis::context::Figure;

/// A computed table before formatting.
#[derive(Debug, Clone, Default)]
pub struct Tabulation {
    pub header: Vec<String>,
    /// How many leading columns are labels (left-aligned); the rest are numbers.
    pub labels: usize,
    pub rows: Vec<Vec<Figure>>,
    /// The totals row, if any.
    pub footer: Vec<Vec<Figure>>,
    /// Marked cells: (row, column) and the mark.
    pub marks: Vec<((usize, usize), Mark)>,
    /// What each mark used means.
    pub legend: Vec<(Mark, String)>,
    /// The threshold, when a count in the table is suppressed (for the note).
    pub suppressed: Option<u32>,
}

/// The mark of a reached outcome in an outcome matrix. With [`Mark::symbol`] and
/// [`FOLLOWED`], the only place the renderers take symbols from.
pub const REACHED: &str = "✓";

/// The mark of a goal the evaluation follows, in the goal tree.
pub const FOLLOWED: &str = "●";

/// A colour mark on a cell (ranked questions, goal verdicts). Always paired with a
/// legend; the renderers also print its symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// Best (green by default).
    Best,
    /// Good (yellow).
    Good,
    /// Weakest (red).
    Weak,
}

impl Mark {
    /// The symbol printed with the colour, so colour never carries meaning alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Best => "▲",
            Mark::Good => "■",
            Mark::Weak => "▼",
        }
    }

    /// A stable lower-case name, used for CSS classes, Typst colours and `markering`.
    pub fn name(self) -> &'static str {
        match self {
            Mark::Best => "best",
            Mark::Good => "good",
            Mark::Weak => "weak",
        }
    }
}
