//! The named values of the statistics (`deltagare.totalt`, `bip.positiv.andel` …):
//! one list that feeds both the prose context and the goal values.

use serde_json::{Map, Value};

use crate::analysis::Statistics;
use crate::analysis::counts::{gender_balanced, row_balanced};
use crate::analysis::progression::{Bip, Change, Class};
use crate::analysis::suppression::{Count, Grid, WITHHELD};
use crate::document::Mark;
use crate::load::dataset::Gender;
use crate::locale::{Hundredths, Lang};

/// One named value, as it may be published.
#[derive(Debug, Clone)]
pub enum Figure {
    Count(Count),
    /// A percentage.
    Share(Option<Hundredths>),
    /// A mean score.
    Score(Option<Hundredths>),
    /// A difference, shown with its sign.
    Difference(Option<Hundredths>),
    Flag(Option<bool>),
    Text(String),
}

impl Figure {
    fn json(&self, lang: Lang, threshold: u32) -> Value {
        let text = |h: &Option<Hundredths>, format: fn(Lang, Hundredths) -> String| {
            Value::String(h.map_or_else(|| WITHHELD.to_owned(), |h| format(lang, h)))
        };
        match self {
            Figure::Count(Count::Shown(n)) => Value::from(*n),
            Figure::Count(count) => Value::String(count.text(lang, threshold)),
            Figure::Share(h) => text(h, Lang::percent),
            Figure::Score(h) => text(h, Lang::hundredths),
            Figure::Difference(h) => text(h, Lang::signed),
            Figure::Flag(flag) => flag.map_or(Value::String(WITHHELD.to_owned()), Value::Bool),
            Figure::Text(s) => Value::String(s.clone()),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Figure::Count(count) => count.shown().map(f64::from),
            Figure::Share(h) | Figure::Score(h) | Figure::Difference(h) => {
                h.map(Hundredths::as_f64)
            }
            Figure::Flag(_) | Figure::Text(_) => None,
        }
    }
}

/// All named values, in a stable order.
pub struct Figures(Vec<(Vec<String>, Figure)>);

impl Figures {
    pub(super) fn add<S: AsRef<str>>(&mut self, path: &[S], figure: Figure) {
        self.0
            .push((path.iter().map(|s| s.as_ref().to_owned()).collect(), figure));
    }

    /// The values nested as JSON objects by name.
    pub fn to_json(&self, lang: Lang, threshold: u32) -> Value {
        let mut root = Map::new();
        for (path, figure) in &self.0 {
            let (last, parents) = path.split_last().expect("figure names are never empty");
            let mut node = &mut root;
            for key in parents {
                let entry = node
                    .entry(key.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                node = entry
                    .as_object_mut()
                    .expect("figure names never nest under values");
            }
            node.insert(last.clone(), figure.json(lang, threshold));
        }
        Value::Object(root)
    }

    /// The number under a dotted name; `a["20-29"].b` is read as `a.20-29.b`.
    pub fn number(&self, name: &str) -> Option<f64> {
        self.get(name).and_then(Figure::number)
    }

    /// The figure under a dotted name.
    pub(super) fn get(&self, name: &str) -> Option<&Figure> {
        let normalized = normalized(name);
        self.0
            .iter()
            .find(|(path, _)| path.join(".") == normalized)
            .map(|(_, figure)| figure)
    }

    /// A hint naming the known names most like `name`.
    pub(super) fn nearest(&self, name: &str) -> String {
        let normalized = normalized(name);
        let mut names: Vec<String> = self.0.iter().map(|(path, _)| path.join(".")).collect();
        names.sort_by_key(|n| strsim::levenshtein(n, &normalized));
        names.truncate(5);
        format!("nearest known names: {}", names.join(", "))
    }
}

/// `a["20-29"].b` as `a.20-29.b`.
fn normalized(name: &str) -> String {
    name.replace("[\"", ".")
        .replace("['", ".")
        .replace("\"]", "")
        .replace("']", "")
}

/// Collects every named value of the statistics.
pub fn figures(stats: &Statistics) -> Figures {
    let mut figures = Figures(Vec::new());
    participant_figures(stats, &mut figures);
    if let Some(bip) = &stats.bip {
        bip_figures(bip, stats.genders(), &mut figures);
    }
    for (name, figure) in &stats.derived {
        figures.add(&["harledda", name], figure.clone());
    }
    figures
}

fn participant_figures(stats: &Statistics, out: &mut Figures) {
    let p = &stats.participants;
    out.add(&["deltagare", "totalt"], Figure::Count(p.total));
    if let Some(gender) = &p.gender {
        let all = p.genders.len();
        let count = |g: Gender| {
            let row = p.genders.iter().position(|&x| x == g);
            row.map_or(Count::Shown(0), |r| gender.count(r, 0))
        };
        out.add(
            &["deltagare", "kvinnor"],
            Figure::Count(count(Gender::Kvinna)),
        );
        out.add(&["deltagare", "man"], Figure::Count(count(Gender::Man)));
        out.add(&["deltagare", "annat"], Figure::Count(count(Gender::Other)));
        out.add(
            &["deltagare", "jamn_konsfordelning"],
            Figure::Flag(gender_balanced(count(Gender::Kvinna), count(Gender::Man))),
        );
        for (row, g) in p.genders.iter().enumerate() {
            out.add(
                &["deltagare", "kon", g.code(), "antal"],
                Figure::Count(gender.count(row, 0)),
            );
            out.add(
                &["deltagare", "kon", g.code(), "andel"],
                Figure::Share(gender.share((row, 0), (all, 0))),
            );
        }
    }
    for dim in &p.dims {
        for (row, category) in dim.categories.iter().enumerate() {
            group_figures(
                &["deltagare", &dim.key, &category.code],
                &dim.grid,
                row,
                out,
            );
        }
    }
}

/// Count, share of all, and (when split) the gender counts, shares and balance.
fn group_figures(prefix: &[&str], grid: &Grid, row: usize, out: &mut Figures) {
    let at = |key: &str| path(prefix, &[key]);
    let total = grid.total_column();
    let all = grid.total_row().unwrap_or(row);
    out.add(&at("antal"), Figure::Count(grid.row_total(row)));
    out.add(
        &at("andel"),
        Figure::Share(grid.share((row, total), (all, total))),
    );
    if total < 2 {
        return;
    }
    let genders = [("kvinnor", 0), ("man", 1), ("annat", 2)];
    for (key, column) in genders.into_iter().filter(|(_, c)| *c < total) {
        out.add(&at(key), Figure::Count(grid.count(row, column)));
        out.add(
            &at(&format!("andel_{key}")),
            Figure::Share(grid.share_of_row(row, column)),
        );
    }
    out.add(
        &at("jamn_konsfordelning"),
        Figure::Flag(row_balanced(grid, row)),
    );
}

fn bip_figures(bip: &Bip, genders: &[Gender], out: &mut Figures) {
    let all = bip.by_gender.total_row().unwrap_or(0);
    class_figures(&["bip"], &bip.by_gender, all, out);
    out.add(
        &["bip", "kvinnor"],
        Figure::Count(bip.by_gender.row_total(0)),
    );
    out.add(&["bip", "man"], Figure::Count(bip.by_gender.row_total(1)));
    for (row, g) in genders.iter().enumerate() {
        class_figures(&["bip", "kon", g.code()], &bip.by_gender, row, out);
        question_figures(
            &["bip", "kon", g.code()],
            bip,
            &bip.per_question_by_gender[row],
            out,
        );
    }
    if let Some((ages, grid)) = &bip.by_age {
        for (row, age) in ages.iter().enumerate() {
            class_figures(&["bip", "aldersgrupp", &age.code], grid, row, out);
        }
    }
    if let Some((ages, grid)) = &bip.by_gender_age {
        for (g, gender) in genders.iter().enumerate() {
            for (a, age) in ages.iter().enumerate() {
                let row = g * ages.len() + a;
                class_figures(
                    &["bip", "kon_aldersgrupp", gender.code(), &age.code],
                    grid,
                    row,
                    out,
                );
            }
        }
    }
    question_figures(&["bip"], bip, &bip.per_question, out);
    mean_figures(bip, out);
}

/// A name made of a prefix and more parts.
fn path(prefix: &[&str], rest: &[&str]) -> Vec<String> {
    prefix.iter().chain(rest).map(|s| s.to_string()).collect()
}

/// `antal` and, per class, `antal` and `andel` of one row of a classification grid.
fn class_figures(prefix: &[&str], grid: &Grid, row: usize, out: &mut Figures) {
    out.add(
        &path(prefix, &["antal"]),
        Figure::Count(grid.row_total(row)),
    );
    for class in Class::ALL {
        let c = class as usize;
        out.add(
            &path(prefix, &[class.key(), "antal"]),
            Figure::Count(grid.count(row, c)),
        );
        out.add(
            &path(prefix, &[class.key(), "andel"]),
            Figure::Share(grid.share_of_row(row, c)),
        );
    }
}

/// Per question: the number and share improved, worsened and unchanged.
fn question_figures(prefix: &[&str], bip: &Bip, grid: &Grid, out: &mut Figures) {
    for (q, question) in bip.questions.iter().enumerate() {
        let at = |key: &str| path(prefix, &["fragor", &question.key, key]);
        for change in Change::ALL {
            let c = change as usize;
            out.add(&at(change.key()), Figure::Count(grid.count(q, c)));
            out.add(
                &at(&format!("{}_andel", change.key())),
                Figure::Share(grid.share_of_row(q, c)),
            );
        }
    }
}

/// Per question: text, mark, mean first and last and their difference; per round the mean.
fn mean_figures(bip: &Bip, out: &mut Figures) {
    for (q, question) in bip.questions.iter().enumerate() {
        let at = |key: &str| path(&["bip", "fragor"], &[&question.key, key]);
        let means = bip.means[q];
        out.add(&at("text"), Figure::Text(question.text.clone()));
        out.add(&at("medel_forsta"), Figure::Score(means.map(|m| m.first)));
        out.add(&at("medel_sista"), Figure::Score(means.map(|m| m.last)));
        out.add(
            &at("skillnad"),
            Figure::Difference(means.map(|m| m.difference())),
        );
        let mark = bip.marks[q].map_or("", mark_key);
        out.add(&at("markering"), Figure::Text(mark.to_owned()));
    }
    for (k, (grid, mean)) in bip.rounds.iter().enumerate() {
        let round = (k + 1).to_string();
        out.add(
            &["bip", "matningar", &round, "antal"],
            Figure::Count(grid.count(0, 0)),
        );
        out.add(&["bip", "matningar", &round, "medel"], Figure::Score(*mean));
    }
}

/// The key of a mark in context values and in `markering:`.
fn mark_key(mark: Mark) -> &'static str {
    match mark {
        Mark::Best => "basta",
        Mark::Good => "goda",
        Mark::Weak => "svagaste",
    }
}
