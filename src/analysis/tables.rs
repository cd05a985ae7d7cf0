//! The computed tables: formatted, suppressed, numbers right-aligned, with totals
//! footers, marks and legends. Numbering and captions are left to the layout step.

use crate::analysis::Statistics;
use crate::analysis::counts::{Breakdown, Breakdowns, row_balanced};
use crate::analysis::progression::AGE;
use crate::analysis::progression::{Bip, Change, Class};
use crate::analysis::suppression::{Grid, WITHHELD};
use crate::document::{Align, Cell, LegendItem, Mark, Table};
use crate::load::dataset::Category;
use crate::locale::StatisticsWords;
use crate::locale::{Hundredths, Lang};

/// Every table name, in a sensible reading order.
pub const NAMES: &[&str] = &[
    "nyckeltal",
    "deltagare_kon",
    "bip_klassificering",
    "bip_kon",
    "bip_aldersgrupp",
    "bip_kon_aldersgrupp",
    "bip_fragor",
    "bip_fragor_kvinnor",
    "bip_fragor_man",
    "bip_medel",
    "bip_matningar",
];

/// Formats counts and shares of one statistics object in one language.
struct Fmt<'a> {
    lang: Lang,
    words: &'static StatisticsWords,
    stats: &'a Statistics,
}

pub fn table(stats: &Statistics, name: &str, lang: Lang) -> Option<Table> {
    let f = Fmt {
        lang,
        words: &lang.words().statistics,
        stats,
    };
    let bip = stats.bip.as_ref();
    match name {
        "nyckeltal" => Some(f.key_figures()),
        "deltagare_kon" => f.gender_table(),
        "bip_klassificering" => bip.map(|b| f.classification_overall(b)),
        "bip_kon" => {
            bip.map(|b| f.classification(&[f.words.gender], &f.gender_rows(), &b.by_gender))
        }
        "bip_aldersgrupp" => {
            let (ages, grid) = bip?.by_age.as_ref()?;
            Some(f.classification(&[&f.age_heading()], &category_rows(ages), grid))
        }
        "bip_kon_aldersgrupp" => {
            let (ages, grid) = bip?.by_gender_age.as_ref()?;
            let heads = [f.words.gender, &f.age_heading()];
            Some(f.classification(&heads, &f.gender_age_rows(ages), grid))
        }
        "bip_fragor" => bip.map(|b| f.questions(b, &b.per_question, true)),
        "bip_fragor_kvinnor" => bip.map(|b| f.questions(b, &b.per_question_by_gender[0], false)),
        "bip_fragor_man" => bip.map(|b| f.questions(b, &b.per_question_by_gender[1], false)),
        "bip_medel" => bip.map(|b| f.means(b)),
        "bip_matningar" => bip.map(|b| f.rounds(b)),
        _ => {
            let key = name.strip_prefix("deltagare_")?;
            f.dimension(stats.participants.dimension(key)?)
        }
    }
}

/// A table with `labels` left-aligned label columns and right-aligned number columns.
fn build(
    header: Vec<String>,
    labels: usize,
    rows: Vec<Vec<Cell>>,
    footer: Vec<Vec<Cell>>,
    grids: &[&Grid],
    lang: Lang,
) -> Table {
    let align = (0..header.len())
        .map(|i| {
            if i < labels {
                Align::Left
            } else {
                Align::Right
            }
        })
        .collect();
    let notes = match grids.iter().find(|g| g.any_suppressed()) {
        Some(grid) => vec![
            lang.labels()
                .suppressed_note
                .replace("{n}", &grid.threshold().to_string()),
        ],
        None => Vec::new(),
    };
    Table {
        align,
        header: vec![header.into_iter().map(Cell::text).collect()],
        rows,
        footer,
        notes,
        ..Table::default()
    }
}

fn texts(items: impl IntoIterator<Item = String>) -> Vec<Cell> {
    items.into_iter().map(Cell::text).collect()
}

fn category_rows(categories: &[Category]) -> Vec<Vec<String>> {
    categories.iter().map(|c| vec![c.label.clone()]).collect()
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

    fn count(&self, grid: &Grid, row: usize, column: usize) -> String {
        grid.count(row, column)
            .text(self.lang, self.stats.threshold)
    }

    fn share(&self, share: Option<Hundredths>) -> String {
        share.map_or_else(|| WITHHELD.to_owned(), |h| self.lang.percent(h))
    }

    fn score(&self, score: Option<Hundredths>, format: fn(Lang, Hundredths) -> String) -> String {
        score.map_or_else(|| WITHHELD.to_owned(), |h| format(self.lang, h))
    }

    /// Label cells then, per column, the count (and its share of the row when asked).
    fn grid_row(&self, labels: Vec<String>, grid: &Grid, row: usize, shares: bool) -> Vec<Cell> {
        let mut cells = labels;
        for column in 0..grid.total_column() {
            cells.push(self.count(grid, row, column));
            if shares {
                cells.push(self.share(grid.share_of_row(row, column)));
            }
        }
        cells.push(self.count(grid, row, grid.total_column()));
        texts(cells)
    }

    /// "Nyckeltal": count and share of all for gender and each grouping.
    fn key_figures(&self) -> Table {
        let w = self.words;
        let p = &self.stats.participants;
        let mut rows = Vec::new();
        let mut grids = Vec::new();
        if let Some(gender) = &p.gender {
            let all = p.genders.len();
            rows.extend(
                self.gender_labels()
                    .into_iter()
                    .enumerate()
                    .map(|(i, label)| {
                        let title = if i == 0 { w.gender } else { "" };
                        let share = self.share(gender.share((i, 0), (all, 0)));
                        texts([title.to_owned(), label, self.count(gender, i, 0), share])
                    }),
            );
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
                let share = self.share(grid.share((i, total), (all, total)));
                texts([
                    title.to_owned(),
                    c.label.clone(),
                    self.count(grid, i, total),
                    share,
                ])
            }));
            grids.push(grid);
        }
        let footer = vec![texts([
            w.total.to_owned(),
            String::new(),
            p.total.text(self.lang, self.stats.threshold),
            String::new(),
        ])];
        let header = [w.group, "", w.count, w.share].map(str::to_owned).to_vec();
        build(header, 2, rows, footer, &grids, self.lang)
    }

    fn gender_table(&self) -> Option<Table> {
        let w = self.words;
        let grid = self.stats.participants.gender.as_ref()?;
        let all = self.stats.genders().len();
        let row = |i: usize, label: &str| {
            texts([
                label.to_owned(),
                self.count(grid, i, 0),
                self.share(grid.share((i, 0), (all, 0))),
            ])
        };
        let rows = self
            .gender_labels()
            .iter()
            .enumerate()
            .map(|(i, label)| row(i, label))
            .collect();
        let header = [w.gender, w.count, w.share].map(str::to_owned).to_vec();
        Some(build(
            header,
            1,
            rows,
            vec![row(all, w.total)],
            &[grid],
            self.lang,
        ))
    }

    /// One breakdown: women, men (others), total, share of all and the 40/60 verdict
    /// per group.
    fn dimension(&self, breakdown: &Breakdown) -> Option<Table> {
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
            let mut cells = vec![label.to_owned()];
            cells.extend((0..=total).map(|c| self.count(grid, i, c)));
            cells.push(self.share(grid.share((i, total), (all, total))));
            if split {
                cells.push(
                    row_balanced(grid, i)
                        .map_or(WITHHELD, |b| w.yes_no(b))
                        .to_owned(),
                );
            }
            texts(cells)
        };
        let rows = categories
            .iter()
            .enumerate()
            .map(|(i, c)| row(i, &c.label))
            .collect();
        let mut header = vec![heading.clone()];
        if split {
            header.extend(self.gender_labels());
        }
        let tail = if split {
            vec![w.total, w.share, w.balanced]
        } else {
            vec![w.count, w.share]
        };
        header.extend(tail.into_iter().map(str::to_owned));
        Some(build(
            header,
            1,
            rows,
            vec![row(all, w.total)],
            &[grid],
            self.lang,
        ))
    }

    fn classification_overall(&self, bip: &Bip) -> Table {
        let w = self.words;
        let grid = &bip.by_gender;
        let all = grid.total_row().unwrap_or(0);
        let rows = Class::ALL
            .iter()
            .map(|&c| {
                texts([
                    w.class(c).to_owned(),
                    self.count(grid, all, c as usize),
                    self.share(grid.share_of_row(all, c as usize)),
                ])
            })
            .collect();
        let footer = vec![texts([
            w.total.to_owned(),
            self.count(grid, all, grid.total_column()),
            String::new(),
        ])];
        let header = [w.progression, w.count, w.share]
            .map(str::to_owned)
            .to_vec();
        build(header, 1, rows, footer, &[grid], self.lang)
    }

    /// Rows of a classification grid: per class the count and share, then the total.
    fn classification(&self, heads: &[&str], labels: &[Vec<String>], grid: &Grid) -> Table {
        let w = self.words;
        let mut header: Vec<String> = heads.iter().map(|h| h.to_string()).collect();
        for class in Class::ALL {
            header.extend([w.class(class).to_owned(), w.share.to_owned()]);
        }
        header.push(w.total.to_owned());
        let rows = labels
            .iter()
            .enumerate()
            .map(|(i, l)| self.grid_row(l.clone(), grid, i, true))
            .collect();
        let mut total_labels = vec![String::new(); heads.len()];
        total_labels[0] = w.total.to_owned();
        let footer = grid
            .total_row()
            .map(|r| self.grid_row(total_labels, grid, r, true))
            .into_iter()
            .collect();
        build(header, heads.len(), rows, footer, &[grid], self.lang)
    }

    /// Per question: improved, worsened, unchanged with shares; marks and legend if asked.
    fn questions(&self, bip: &Bip, grid: &Grid, marked: bool) -> Table {
        let w = self.words;
        let mut header = vec![w.question.to_owned()];
        for change in Change::ALL {
            header.extend([w.change(change).to_owned(), w.share.to_owned()]);
        }
        header.push(w.total.to_owned());
        let rows = bip
            .questions
            .iter()
            .enumerate()
            .map(|(q, question)| {
                let mut cells = self.grid_row(vec![question.text.clone()], grid, q, true);
                if marked {
                    cells[1].mark = bip.marks[q];
                    cells[2].mark = bip.marks[q];
                }
                cells
            })
            .collect();
        let mut table = build(header, 1, rows, Vec::new(), &[grid], self.lang);
        if marked {
            table.legend = self.legend(bip);
        }
        table
    }

    fn legend(&self, bip: &Bip) -> Vec<LegendItem> {
        let custom = &bip.mark_config.legend;
        [
            (Mark::Best, &custom.best),
            (Mark::Good, &custom.good),
            (Mark::Weak, &custom.weak),
        ]
        .into_iter()
        .filter(|(mark, _)| bip.marks.contains(&Some(*mark)))
        .map(|(mark, text)| LegendItem {
            mark,
            text: text
                .clone()
                .unwrap_or_else(|| self.words.mark(mark).to_owned()),
        })
        .collect()
    }

    fn means(&self, bip: &Bip) -> Table {
        let w = self.words;
        let rows = bip
            .questions
            .iter()
            .zip(&bip.means)
            .map(|(question, means)| {
                texts([
                    question.text.clone(),
                    self.score(means.map(|m| m.first), Lang::hundredths),
                    self.score(means.map(|m| m.last), Lang::hundredths),
                    self.score(means.map(|m| m.difference()), Lang::signed),
                ])
            })
            .collect();
        let header = [w.question, w.first, w.last, w.difference]
            .map(str::to_owned)
            .to_vec();
        build(header, 1, rows, Vec::new(), &[&bip.by_gender], self.lang)
    }

    fn rounds(&self, bip: &Bip) -> Table {
        let w = self.words;
        let rows = bip
            .rounds
            .iter()
            .enumerate()
            .map(|(k, (grid, mean))| {
                texts([
                    (k + 1).to_string(),
                    self.count(grid, 0, 0),
                    self.score(*mean, Lang::hundredths),
                ])
            })
            .collect();
        let grids: Vec<&Grid> = bip.rounds.iter().map(|(g, _)| g).collect();
        let header = [w.round, w.count, w.mean].map(str::to_owned).to_vec();
        build(header, 1, rows, Vec::new(), &grids, self.lang)
    }
}
