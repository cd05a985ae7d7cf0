//! Counting people into categories: one general tally, the participant breakdowns
//! built on it, and the 40/60 gender balance test.

use crate::analysis::suppression::{Count, Grid};
use crate::load::dataset::{Category, Gender, Participants, Totals};

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

/// Participant counts by gender and by each breakdown.
#[derive(Debug, Clone)]
pub struct Breakdowns {
    /// All participants, as published.
    pub total: Count,
    /// The gender columns of every split: women, men, and others when there are any.
    pub genders: Vec<Gender>,
    /// The label of [`Gender::Other`].
    pub other_label: String,
    /// Rows: the genders, then the total; one column (the count).
    pub gender: Option<Grid>,
    /// Per breakdown, in declaration order.
    pub dims: Vec<Breakdown>,
}

/// One breakdown's counts: rows = categories (+ total), columns = the genders (+ total),
/// or only the total when the data are aggregated.
#[derive(Debug, Clone)]
pub struct Breakdown {
    pub key: String,
    pub heading: String,
    pub categories: Vec<Category>,
    pub grid: Grid,
}

impl Breakdowns {
    /// Counts participant-level data.
    pub fn from_participants(participants: &Participants, threshold: u32) -> Breakdowns {
        let genders = present_genders(&participants.gender);
        let column: Vec<usize> = participants
            .gender
            .iter()
            .map(|g| genders.iter().position(|x| x == g).unwrap_or(0))
            .collect();
        let gender_totals: Vec<u32> = tally(genders.len(), 1, |add| {
            column.iter().for_each(|&c| add(c, 0));
        })
        .into_iter()
        .map(|r| r[0])
        .collect();
        let dims = participants
            .dimensions
            .iter()
            .map(|dimension| {
                let parts = tally(dimension.categories.len(), genders.len(), |add| {
                    for (person, &category) in dimension.of_person.iter().enumerate() {
                        add(category as usize, column[person]);
                    }
                });
                Breakdown {
                    key: dimension.key.clone(),
                    heading: dimension.heading.clone(),
                    categories: dimension.categories.clone(),
                    grid: Grid::from_parts(parts, true, threshold),
                }
            })
            .collect();
        let gender = Grid::from_totals(&gender_totals, threshold);
        Breakdowns {
            total: gender.count(genders.len(), 0),
            genders,
            other_label: participants.other_label.clone(),
            gender: Some(gender),
            dims,
        }
    }

    /// Uses totals typed by the evaluator; breakdowns split by gender are counted
    /// like participant-level ones.
    pub fn from_totals(totals: &Totals, threshold: u32) -> Breakdowns {
        let genders = totals.gender.as_ref().map_or_else(
            || vec![Gender::Kvinna, Gender::Man],
            |parts| parts.iter().map(|(g, _)| *g).collect(),
        );
        let dims = totals
            .dimensions
            .iter()
            .map(|totals| {
                let (categories, counts): (Vec<Category>, Vec<u32>) =
                    totals.counts.iter().cloned().unzip();
                let grid = match &totals.by_gender {
                    Some(split) => {
                        let parts = split
                            .iter()
                            .map(|s| genders.iter().map(|&g| s[g as usize]).collect())
                            .collect();
                        Grid::from_parts(parts, true, threshold)
                    }
                    None => Grid::from_totals(&counts, threshold),
                };
                Breakdown {
                    key: totals.key.clone(),
                    heading: totals.heading.clone(),
                    categories,
                    grid,
                }
            })
            .collect();
        let gender = totals.gender.as_ref().map(|parts| {
            let counts: Vec<u32> = parts.iter().map(|(_, n)| *n).collect();
            Grid::from_totals(&counts, threshold)
        });
        let total = Grid::from_totals(&[totals.total], threshold).count(1, 0);
        Breakdowns {
            total,
            genders,
            other_label: totals.other_label.clone(),
            gender,
            dims,
        }
    }

    /// Whether the grid splits by gender (participant-level data).
    pub fn split_by_gender(grid: &Grid) -> bool {
        grid.total_column() > 0
    }

    /// The breakdown with this key.
    pub fn dimension(&self, key: &str) -> Option<&Breakdown> {
        self.dims.iter().find(|d| d.key == key)
    }
}

/// Women and men always, and the third category when anyone is in it.
pub fn present_genders(people: &[Gender]) -> Vec<Gender> {
    let mut genders = vec![Gender::Kvinna, Gender::Man];
    if people.contains(&Gender::Other) {
        genders.push(Gender::Other);
    }
    genders
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
