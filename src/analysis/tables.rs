//! The computed tables: per view, the headings and the published values (counts,
//! shares, means, verdicts) with totals rows, marks and legends, before formatting.
//! Numbering, captions and text are left to the document.

use crate::analysis::Statistics;
use crate::analysis::answers::Distribution;
use crate::analysis::context::Figure;
use crate::analysis::counts::{Breakdown, Breakdowns, row_balanced};
use crate::analysis::progression::{AGE, Change, Class, Progression};
use crate::analysis::suppression::Grid;
use crate::analysis::surveys::{Grouping, SurveyResult};
use crate::analysis::tabulation::{Mark, Tabulation};
use crate::analysis::view::{ClassesBy, View};
use crate::load::dataset::{Category, Question, Scale};
use crate::locale::{Hundredths, Lang, StatisticsWords};

/// Builds the tables of one statistics object in one language.
struct Fmt<'a> {
    lang: Lang,
    words: &'static StatisticsWords,
    stats: &'a Statistics,
}

/// The table of a view; `None` when the data cannot give it.
pub fn table(stats: &Statistics, view: &View, lang: Lang) -> Option<Tabulation> {
    let f = Fmt {
        lang,
        words: &lang.words().statistics,
        stats,
    };
    let w = f.words;
    Some(match view {
        View::KeyFigures => f.key_figures(),
        View::Gender => f.gender_table()?,
        View::Dimension(breakdown) => f.dimension(breakdown),
        View::Cross {
            rows,
            columns,
            grid,
        } => {
            let labels = |c: &[Category]| c.iter().map(|c| c.label.clone()).collect();
            f.crossing(
                &rows.heading,
                labels(&rows.categories),
                labels(&columns.categories),
                grid,
            )
        }
        View::Classification(m) => f.classification_overall(m),
        View::Classes(m, ClassesBy::Gender) => {
            f.classification(&[w.gender], &f.gender_rows(), &m.by_gender)
        }
        View::Classes(m, ClassesBy::Age) => {
            let (ages, grid) = m.by_age.as_ref()?;
            f.classification(&[&f.age_heading()], &category_rows(ages), grid)
        }
        View::Classes(m, ClassesBy::GenderAge) => {
            let (ages, grid) = m.by_gender_age.as_ref()?;
            let heads = [w.gender, &f.age_heading()];
            f.classification(&heads, &f.gender_age_rows(ages), grid)
        }
        View::Changes(m, None) => f.questions(m, &m.per_question, true),
        View::Changes(m, Some(g)) => f.questions(m, m.per_question_by_gender.get(*g)?, false),
        View::Means(m) => f.means(m)?,
        View::Rounds(m) => f.rounds(m),
        View::Answers {
            questions,
            scale,
            distribution,
        } => f.answers(questions, scale, distribution),
        View::Agreement(survey, grouping) => f.agreement(survey, *grouping),
    })
}

/// A table with `labels` label columns; the note when any grid is suppressed.
fn build(
    header: Vec<String>,
    labels: usize,
    rows: Vec<Vec<Figure>>,
    footer: Vec<Vec<Figure>>,
    grids: &[&Grid],
) -> Tabulation {
    Tabulation {
        header,
        labels,
        rows,
        footer,
        suppressed: grids
            .iter()
            .find(|g| g.any_suppressed())
            .map(|g| g.threshold()),
        ..Tabulation::default()
    }
}

fn text(s: impl Into<String>) -> Figure {
    Figure::Text(s.into())
}

fn count(grid: &Grid, row: usize, column: usize) -> Figure {
    Figure::Count(grid.count(row, column))
}

fn share(share: Option<Hundredths>) -> Figure {
    Figure::Share(share)
}

fn category_rows(categories: &[Category]) -> Vec<Vec<String>> {
    categories.iter().map(|c| vec![c.label.clone()]).collect()
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

impl Fmt<'_> {
    /// The gender labels of every split, in order.
    fn gender_labels(&self) -> Vec<String> {
        let stats = self.stats;
        stats
            .genders()
            .iter()
            .map(|&g| stats.gender_label(g, self.lang))
            .collect()
    }

    fn gender_rows(&self) -> Vec<Vec<String>> {
        self.gender_labels().into_iter().map(|g| vec![g]).collect()
    }

    fn gender_age_rows(&self, ages: &[Category]) -> Vec<Vec<String>> {
        self.gender_labels()
            .into_iter()
            .flat_map(|g| ages.iter().map(move |a| vec![g.clone(), a.label.clone()]))
            .collect()
    }

    fn age_heading(&self) -> String {
        self.stats
            .participants
            .dimension(AGE)
            .map_or_else(String::new, |d| d.heading.clone())
    }

    /// Label cells then, per column, the count (and its share of the row when asked).
    fn grid_row(labels: Vec<String>, grid: &Grid, row: usize, shares: bool) -> Vec<Figure> {
        let mut cells: Vec<Figure> = labels.into_iter().map(text).collect();
        for column in 0..grid.total_column() {
            cells.push(count(grid, row, column));
            if shares {
                cells.push(share(grid.share_of_row(row, column)));
            }
        }
        cells.push(count(grid, row, grid.total_column()));
        cells
    }

    /// "Nyckeltal": count and share of all for gender and each grouping.
    fn key_figures(&self) -> Tabulation {
        let w = self.words;
        let p = &self.stats.participants;
        let mut rows = Vec::new();
        let mut grids = Vec::new();
        if let Some(gender) = &p.gender {
            let all = p.genders.len();
            for (i, label) in self.gender_labels().into_iter().enumerate() {
                let title = if i == 0 { w.gender } else { "" };
                let part = share(gender.share((i, 0), (all, 0)));
                rows.push(vec![text(title), text(label), count(gender, i, 0), part]);
            }
            grids.push(gender);
        }
        for Breakdown {
            heading,
            categories,
            grid,
            ..
        } in &p.dims
        {
            let total = grid.total_column();
            let all = grid.total_row().unwrap_or(0);
            rows.extend(categories.iter().enumerate().map(|(i, c)| {
                let title = if i == 0 { heading.as_str() } else { "" };
                let part = share(grid.share((i, total), (all, total)));
                vec![text(title), text(&c.label), count(grid, i, total), part]
            }));
            grids.push(grid);
        }
        let footer = vec![vec![
            text(w.total),
            text(""),
            Figure::Count(p.total),
            text(""),
        ]];
        build(
            owned(&[w.group, "", w.count, w.share]),
            2,
            rows,
            footer,
            &grids,
        )
    }

    fn gender_table(&self) -> Option<Tabulation> {
        let w = self.words;
        let grid = self.stats.participants.gender.as_ref()?;
        let all = self.stats.genders().len();
        let row = |i: usize, label: &str| {
            vec![
                text(label),
                count(grid, i, 0),
                share(grid.share((i, 0), (all, 0))),
            ]
        };
        let rows = self
            .gender_labels()
            .iter()
            .enumerate()
            .map(|(i, label)| row(i, label))
            .collect();
        let header = owned(&[w.gender, w.count, w.share]);
        Some(build(header, 1, rows, vec![row(all, w.total)], &[grid]))
    }

    /// One breakdown: women, men (others), total, share of all and the 40/60 verdict
    /// per group.
    fn dimension(&self, breakdown: &Breakdown) -> Tabulation {
        let w = self.words;
        let Breakdown {
            heading,
            categories,
            grid,
            ..
        } = breakdown;
        let split = Breakdowns::split_by_gender(grid);
        let total = grid.total_column();
        let all = grid.total_row().unwrap_or(0);
        let row = |i: usize, label: &str| {
            let mut cells = vec![text(label)];
            cells.extend((0..=total).map(|c| count(grid, i, c)));
            cells.push(share(grid.share((i, total), (all, total))));
            if split {
                cells.push(Figure::Flag(row_balanced(grid, i)));
            }
            cells
        };
        let rows = categories
            .iter()
            .enumerate()
            .map(|(i, c)| row(i, &c.label))
            .collect();
        let mut header = vec![heading.clone()];
        if split {
            header.extend(self.gender_labels());
            header.extend(owned(&[w.total, w.share, w.balanced]));
        } else {
            header.extend(owned(&[w.count, w.share]));
        }
        build(header, 1, rows, vec![row(all, w.total)], &[grid])
    }

    /// Counts of one breakdown by another, with each cell's share of its row.
    fn crossing(
        &self,
        heading: &str,
        rows: Vec<String>,
        columns: Vec<String>,
        grid: &Grid,
    ) -> Tabulation {
        let w = self.words;
        let mut header = vec![heading.to_owned()];
        for column in columns {
            header.extend([column, w.share.to_owned()]);
        }
        header.push(w.total.to_owned());
        let body = rows
            .into_iter()
            .enumerate()
            .map(|(i, label)| Self::grid_row(vec![label], grid, i, true))
            .collect();
        let footer = grid
            .total_row()
            .map(|r| Self::grid_row(vec![w.total.to_owned()], grid, r, true))
            .into_iter()
            .collect();
        build(header, 1, body, footer, &[grid])
    }

    fn classification_overall(&self, m: &Progression) -> Tabulation {
        let w = self.words;
        let grid = &m.by_gender;
        let all = grid.total_row().unwrap_or(0);
        let rows = Class::ALL
            .iter()
            .map(|&c| {
                let c_i = c as usize;
                vec![
                    text(w.classes[c as usize]),
                    count(grid, all, c_i),
                    share(grid.share_of_row(all, c_i)),
                ]
            })
            .collect();
        let footer = vec![vec![
            text(w.total),
            count(grid, all, grid.total_column()),
            text(""),
        ]];
        build(
            owned(&[w.progression, w.count, w.share]),
            1,
            rows,
            footer,
            &[grid],
        )
    }

    /// Rows of a classification grid: per class the count and share, then the total.
    fn classification(&self, heads: &[&str], labels: &[Vec<String>], grid: &Grid) -> Tabulation {
        let w = self.words;
        let mut header = owned(heads);
        for class in Class::ALL {
            header.extend(owned(&[w.classes[class as usize], w.share]));
        }
        header.push(w.total.to_owned());
        let rows = labels
            .iter()
            .enumerate()
            .map(|(i, l)| Self::grid_row(l.clone(), grid, i, true))
            .collect();
        let mut total_labels = vec![String::new(); heads.len()];
        total_labels[0] = w.total.to_owned();
        let footer = grid
            .total_row()
            .map(|r| Self::grid_row(total_labels, grid, r, true))
            .into_iter()
            .collect();
        build(header, heads.len(), rows, footer, &[grid])
    }

    /// Per question: improved, worsened, unchanged with shares; marks and legend if asked.
    fn questions(&self, m: &Progression, grid: &Grid, marked: bool) -> Tabulation {
        let w = self.words;
        let mut header = vec![w.question.to_owned()];
        for change in Change::ALL {
            header.extend(owned(&[w.changes[change as usize], w.share]));
        }
        header.push(w.total.to_owned());
        let rows = m
            .questions
            .iter()
            .enumerate()
            .map(|(q, question)| Self::grid_row(vec![question.text.clone()], grid, q, true))
            .collect();
        let mut table = build(header, 1, rows, Vec::new(), &[grid]);
        if marked {
            for (q, mark) in m.marks.iter().enumerate() {
                if let Some(mark) = mark {
                    table.marks.extend([((q, 1), *mark), ((q, 2), *mark)]);
                }
            }
            table.legend = self.legend(m);
        }
        table
    }

    fn legend(&self, m: &Progression) -> Vec<(Mark, String)> {
        let custom = &m.mark_config.legend;
        [
            (Mark::Best, &custom.best),
            (Mark::Good, &custom.good),
            (Mark::Weak, &custom.weak),
        ]
        .into_iter()
        .filter(|(mark, _)| m.marks.contains(&Some(*mark)))
        .map(|(mark, text)| {
            let text = text.clone();
            (
                mark,
                text.unwrap_or_else(|| self.words.marks[mark as usize].to_owned()),
            )
        })
        .collect()
    }

    /// Mean first and last answer per question; `None` for a text scale.
    fn means(&self, m: &Progression) -> Option<Tabulation> {
        m.scale.value(0)?;
        let w = self.words;
        let rows = m
            .questions
            .iter()
            .zip(&m.means)
            .map(|(question, means)| {
                vec![
                    text(&question.text),
                    Figure::Score(means.map(|m| m.first)),
                    Figure::Score(means.map(|m| m.last)),
                    Figure::Difference(means.map(|m| m.difference())),
                ]
            })
            .collect();
        let header = owned(&[w.question, w.first, w.last, w.difference]);
        Some(build(header, 1, rows, Vec::new(), &[&m.by_gender]))
    }

    fn rounds(&self, m: &Progression) -> Tabulation {
        let w = self.words;
        let numeric = m.scale.value(0).is_some();
        let rows = m
            .rounds
            .iter()
            .enumerate()
            .map(|(k, (grid, mean))| {
                let mut row = vec![text((k + 1).to_string()), count(grid, 0, 0)];
                if numeric {
                    row.push(Figure::Score(*mean));
                }
                row
            })
            .collect();
        let grids: Vec<&Grid> = m.rounds.iter().map(|(g, _)| g).collect();
        let header = if numeric {
            owned(&[w.round, w.count, w.mean])
        } else {
            owned(&[w.round, w.count])
        };
        build(header, 1, rows, Vec::new(), &grids)
    }

    /// Per question: each answer's count and share of the answers on the scale, then
    /// the non-answers, the blanks and everyone asked.
    fn answers(&self, questions: &[Question], scale: &Scale, d: &Distribution) -> Tabulation {
        let w = self.words;
        let mut header = vec![w.question.to_owned()];
        for label in scale.labels() {
            header.extend([label, w.share.to_owned()]);
        }
        header.extend(owned(&[w.no_answer, w.blank, w.total]));
        let rows = questions
            .iter()
            .enumerate()
            .map(|(q, question)| {
                let mut row = vec![text(&question.text)];
                for step in 0..d.steps() {
                    row.extend([Figure::Count(d.answer(q, step)), share(d.share(q, step))]);
                }
                row.extend([
                    Figure::Count(d.no_answer(q)),
                    Figure::Count(d.blank(q)),
                    Figure::Count(d.asked(q)),
                ]);
                row
            })
            .collect();
        build(header, 1, rows, Vec::new(), &[&d.grid])
    }

    /// Per statement: the share agreeing, of everyone or per group, with the number
    /// who answered on the scale.
    fn agreement(&self, survey: &SurveyResult, grouping: Option<&Grouping>) -> Tabulation {
        let w = self.words;
        let mut header = vec![w.question.to_owned()];
        let groups: Vec<(String, usize)> = match grouping {
            Some(g) => g
                .groups
                .iter()
                .enumerate()
                .map(|(i, c)| (c.label.clone(), i))
                .collect(),
            None => Vec::new(),
        };
        let agreement = grouping.map_or(&survey.agreement, |g| &g.agreement);
        let all = agreement.all();
        for (label, _) in &groups {
            header.push(label.clone());
        }
        header.extend(owned(&[w.agreeing, w.answered]));
        let rows = survey
            .questions
            .iter()
            .enumerate()
            .map(|(q, question)| {
                let mut row = vec![text(&question.text)];
                row.extend(
                    groups
                        .iter()
                        .map(|(_, g)| share(agreement.agreeing(q, *g).1)),
                );
                row.push(share(agreement.agreeing(q, all).1));
                row.push(count(&agreement.grids[q], all, 2));
                row
            })
            .collect();
        let grids: Vec<&Grid> = agreement.grids.iter().collect();
        build(header, 1, rows, Vec::new(), &grids)
    }
}
