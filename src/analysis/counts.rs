//! Counting people into categories: one general tally, the participant breakdowns
//! built on it, and the 40/60 gender balance test.

use crate::analysis::suppression::{Count, Grid};
use crate::load::dataset::{Category, Dim, Gender, Participants, Totals};

/// Counts into a `rows × columns` matrix; `visit` calls `add(row, column)` once per
/// counted item.
pub fn tally(
    rows: usize,
    columns: usize,
    visit: impl FnOnce(&mut dyn FnMut(usize, usize)),
) -> Vec<Vec<u32>> {
    let mut counts = vec![vec![0u32; columns]; rows];
    visit(&mut |r, c| counts[r][c] += 1);
    counts
}

/// Participant counts by gender and by each grouping.
#[derive(Debug, Clone)]
pub struct Breakdowns {
    /// All participants, as published.
    pub total: Count,
    /// Rows: women, men, then the total; one column (the count).
    pub gender: Option<Grid>,
    /// Per [`Dim`]: categories and a grid with rows = categories (+ total) and columns
    /// women, men (+ total), or only the total when the data are aggregated.
    pub dims: [Option<(Vec<Category>, Grid)>; 4],
}

impl Breakdowns {
    /// Counts participant-level data.
    pub fn from_participants(participants: &Participants, threshold: u32) -> Breakdowns {
        let people = &participants.people;
        let gender_counts = tally(2, 1, |add| {
            people.iter().for_each(|p| add(p.gender as usize, 0));
        });
        let gender_totals: Vec<u32> = gender_counts.iter().map(|r| r[0]).collect();
        let dims = Dim::ALL.map(|dim| {
            let categories = participants.categories[dim as usize].clone();
            if categories.is_empty() {
                return None;
            }
            let parts = tally(categories.len(), 2, |add| {
                for person in people {
                    if let Some(group) = person.groups[dim as usize] {
                        add(group as usize, person.gender as usize);
                    }
                }
            });
            Some((categories, Grid::from_parts(parts, true, threshold)))
        });
        let gender = Grid::from_totals(&gender_totals, threshold);
        Breakdowns {
            total: gender.count(2, 0),
            gender: Some(gender),
            dims,
        }
    }

    /// Uses totals typed by the evaluator (no split by gender within groups).
    pub fn from_totals(totals: &Totals, threshold: u32) -> Breakdowns {
        let dims = totals.groups.clone().map(|groups| {
            let (categories, counts): (Vec<Category>, Vec<u32>) = groups?.into_iter().unzip();
            Some((categories, Grid::from_totals(&counts, threshold)))
        });
        let gender = totals.gender.map(|g| Grid::from_totals(&g, threshold));
        let total = Grid::from_totals(&[totals.total], threshold).count(1, 0);
        Breakdowns {
            total,
            gender,
            dims,
        }
    }

    /// Whether the grid splits by gender (participant-level data).
    pub fn split_by_gender(grid: &Grid) -> bool {
        grid.total_column() == 2
    }
}

/// Whether women and men are each between 40 % and 60 % of a group: `None` when
/// the group is empty or either count is not published.
pub fn gender_balanced(women: Count, men: Count) -> Option<bool> {
    let (women, men) = (u64::from(women.shown()?), u64::from(men.shown()?));
    let total = women + men;
    let in_band = |n: u64| (40 * total..=60 * total).contains(&(100 * n));
    (total > 0).then(|| in_band(women) && in_band(men))
}

/// The 40/60 verdict for one row of a grid split by gender.
pub fn row_balanced(grid: &Grid, row: usize) -> Option<bool> {
    gender_balanced(
        grid.count(row, Gender::Kvinna as usize),
        grid.count(row, Gender::Man as usize),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_sixty_band() {
        let grid = Grid::from_parts(vec![vec![40, 60], vec![39, 61]], true, 5);
        assert_eq!(row_balanced(&grid, 0), Some(true));
        assert_eq!(row_balanced(&grid, 1), Some(false));
    }

    #[test]
    fn tally_counts_cells() {
        let counts = tally(2, 2, |add| {
            add(0, 1);
            add(0, 1);
            add(1, 0);
        });
        assert_eq!(counts, vec![vec![0, 2], vec![1, 0]]);
    }
}
