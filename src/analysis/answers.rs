//! Answers to questions on a scale: how many gave each answer per question (declared
//! non-answers and blanks counted apart, in the same protected grid), shares of the
//! answers on the scale, and the share agreeing (the highest answers).

use crate::analysis::counts::tally;
use crate::analysis::suppression::{Count, Grid};
use crate::load::dataset::Answer;
use crate::locale::Hundredths;

/// Per question, the count of each answer: rows are questions; columns the steps of the
/// scale, then non-answers (`ej_svar:`), then blanks, then everyone asked.
#[derive(Debug, Clone)]
pub struct Distribution {
    pub grid: Grid,
    steps: usize,
}

impl Distribution {
    /// Counts the answers of each respondent (one slice per respondent).
    pub fn count<'a>(
        respondents: impl Iterator<Item = &'a [Answer]>,
        questions: usize,
        steps: usize,
        threshold: u32,
    ) -> Distribution {
        let parts = tally(questions, steps + 2, |add| {
            for answers in respondents {
                for (q, answer) in answers.iter().enumerate() {
                    add(q, column(*answer, steps));
                }
            }
        });
        Distribution {
            grid: Grid::from_parts(parts, false, threshold),
            steps,
        }
    }

    /// How many gave step `step` to question `q`.
    pub fn answer(&self, q: usize, step: usize) -> Count {
        self.grid.count(q, step)
    }

    /// How many gave a declared non-answer ("Vet ej").
    pub fn no_answer(&self, q: usize) -> Count {
        self.grid.count(q, self.steps)
    }

    /// How many left the question blank.
    pub fn blank(&self, q: usize) -> Count {
        self.grid.count(q, self.steps + 1)
    }

    /// Everyone asked.
    pub fn asked(&self, q: usize) -> Count {
        self.grid.row_total(q)
    }

    /// How many answered on the scale: the sum of the steps when all are published,
    /// else everyone asked less non-answers and blanks when those are; a difference
    /// below the threshold is small like any count.
    pub fn answered(&self, q: usize) -> Count {
        let shown = |columns: &mut dyn Iterator<Item = usize>| -> Option<u32> {
            columns.map(|c| self.grid.count(q, c).shown()).sum()
        };
        let by_steps = shown(&mut (0..self.steps));
        let by_rest = || {
            let rest = shown(&mut (self.steps..=self.steps + 1))?;
            Some(self.asked(q).shown()? - rest)
        };
        match by_steps.or_else(by_rest) {
            Some(n) if n > 0 && n < self.grid.threshold() => Count::Small,
            Some(n) => Count::Shown(n),
            None => Count::Withheld,
        }
    }

    /// A step's share of the answers on the scale.
    pub fn share(&self, q: usize, step: usize) -> Option<Hundredths> {
        let part = self.answer(q, step).shown()?;
        Hundredths::percent(i64::from(part), i64::from(self.answered(q).shown()?))
    }

    /// The number of steps on the scale.
    pub fn steps(&self) -> usize {
        self.steps
    }
}

/// The grid column of an answer.
fn column(answer: Answer, steps: usize) -> usize {
    match answer.on_scale() {
        Some(step) => usize::from(step),
        None if answer == Answer::NO_ANSWER => steps,
        None => steps + 1,
    }
}

/// Per question, how many agreed (gave one of the `top` highest answers) and how many
/// answered on the scale, per group of respondents (rows) and in total (the last row).
#[derive(Debug, Clone)]
pub struct Agreement {
    /// Per question: rows = groups (+ total), columns = agreeing, not agreeing (+ answered).
    pub grids: Vec<Grid>,
}

impl Agreement {
    /// Counts agreement per question; `group` gives each respondent's row.
    pub fn count(
        answers: &[Box<[Answer]>],
        group: impl Fn(usize) -> usize,
        groups: usize,
        steps: usize,
        top: usize,
        threshold: u32,
    ) -> Agreement {
        let questions = answers.first().map_or(0, |a| a.len());
        let grids = (0..questions)
            .map(|q| {
                let parts = tally(groups, 2, |add| {
                    for (respondent, answers) in answers.iter().enumerate() {
                        if let Some(step) = answers[q].on_scale() {
                            let agrees = usize::from(step) + top >= steps;
                            add(group(respondent), usize::from(!agrees));
                        }
                    }
                });
                Grid::from_parts(parts, true, threshold)
            })
            .collect();
        Agreement { grids }
    }

    /// The number and share agreeing with question `q` in group `row` (the last row
    /// is everyone).
    pub fn agreeing(&self, q: usize, row: usize) -> (Count, Option<Hundredths>) {
        let grid = &self.grids[q];
        (grid.count(row, 0), grid.share_of_row(row, 0))
    }

    /// The row of everyone.
    pub fn all(&self) -> usize {
        self.grids.first().and_then(Grid::total_row).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(rows: &[[u8; 2]]) -> Vec<Box<[Answer]>> {
        let answer = |code| match code {
            9 => Answer::NO_ANSWER,
            8 => Answer::BLANK,
            step => Answer::step(step),
        };
        rows.iter().map(|r| r.map(answer).into()).collect()
    }

    #[test]
    fn non_answers_and_blanks_are_counted_apart_from_the_scale() {
        // Question 0: steps 0, 2, 2, "Vet ej", blank; question 1: 1, 1, 1, 1, 2.
        let rows = answers(&[[0, 1], [2, 1], [2, 1], [9, 1], [8, 2]]);
        let d = Distribution::count(rows.iter().map(|r| &**r), 2, 3, 1);
        assert_eq!(d.answer(0, 2), Count::Shown(2));
        assert_eq!(d.no_answer(0), Count::Shown(1));
        assert_eq!(d.blank(0), Count::Shown(1));
        assert_eq!(d.answered(0), Count::Shown(3));
        assert_eq!(d.share(0, 2), Some(Hundredths(6667)));
        assert_eq!(d.share(1, 1), Some(Hundredths(8000)));
    }

    #[test]
    fn the_top_answers_agree() {
        let rows = answers(&[[0, 1], [2, 1], [1, 1], [9, 1], [8, 0]]);
        let a = Agreement::count(&rows, |_| 0, 1, 3, 2, 1);
        // Question 0 answered on the scale by three, two in the top two steps.
        assert_eq!(
            a.agreeing(0, a.all()),
            (Count::Shown(2), Some(Hundredths(6667)))
        );
    }

    #[test]
    fn answers_on_the_scale_below_the_threshold_are_not_published() {
        // Question 1: one answer on each of the two lowest steps (both small with
        // threshold 3), three "Vet ej" and three blanks: 8 − 3 − 3 = 2 answered on the
        // scale, which is small too, and so is every share of it.
        let rows = answers(&[
            [8, 0],
            [8, 1],
            [8, 9],
            [8, 9],
            [8, 9],
            [8, 8],
            [8, 8],
            [8, 8],
        ]);
        let d = Distribution::count(rows.iter().map(|r| &**r), 2, 3, 3);
        assert_eq!(d.no_answer(1), Count::Shown(3));
        assert_eq!(d.answered(1), Count::Small);
        assert_eq!(d.share(1, 2), None);
    }
}
