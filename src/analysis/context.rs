//! The named values of the statistics (`deltagare.totalt`, `bip.positiv.andel` …):
//! one list that feeds both the prose context and the goal values.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::analysis::Statistics;
use crate::analysis::answers::Distribution;
use crate::analysis::counts::{gender_balanced, row_balanced};
use crate::analysis::progression::{Change, Class, Moment, Progression};
use crate::analysis::suppression::{Count, Grid, WITHHELD};
use crate::analysis::surveys::SurveyResult;
use crate::analysis::tabulation::Mark;
use crate::diagnostic::nearest;
use crate::load::dataset::{Gender, Question};
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
    /// The value as published text: formatted numbers, `< 5` or `–` when withheld,
    /// yes or no for a flag.
    pub fn text(&self, lang: Lang, threshold: u32) -> String {
        let text = |h: &Option<Hundredths>, format: fn(Lang, Hundredths) -> String| {
            h.map_or_else(|| WITHHELD.to_owned(), |h| format(lang, h))
        };
        match self {
            Figure::Count(count) => count.text(lang, threshold),
            Figure::Share(h) => text(h, Lang::percent),
            Figure::Score(h) => text(h, Lang::hundredths),
            Figure::Difference(h) => text(h, Lang::signed),
            Figure::Flag(flag) => flag
                .map_or(WITHHELD, |b| lang.words().statistics.yes_no(b))
                .to_owned(),
            Figure::Text(s) => s.clone(),
        }
    }

    /// The value in the prose context: counts as numbers, flags as booleans (so
    /// templates can test them), everything else as its text.
    fn json(&self, lang: Lang, threshold: u32) -> Value {
        match self {
            Figure::Count(Count::Shown(n)) => Value::from(*n),
            Figure::Flag(Some(flag)) => Value::Bool(*flag),
            other => Value::String(other.text(lang, threshold)),
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

/// All named values, in a stable order, found by their dotted name.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    list: Vec<(Vec<String>, Figure)>,
    by_name: HashMap<String, usize>,
}

impl Figures {
    pub(super) fn add<S: AsRef<str>>(&mut self, path: &[S], figure: Figure) {
        let path: Vec<String> = path.iter().map(|s| s.as_ref().to_owned()).collect();
        self.by_name.insert(path.join("."), self.list.len());
        self.list.push((path, figure));
    }

    /// The values nested as JSON objects by name.
    pub fn to_json(&self, lang: Lang, threshold: u32) -> Value {
        let mut root = Map::new();
        for (path, figure) in &self.list {
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
        let index = self.by_name.get(&normalized(name))?;
        Some(&self.list[*index].1)
    }

    /// A hint naming the known names most like `name`.
    pub(super) fn nearest(&self, name: &str) -> String {
        let names = nearest(
            self.by_name.keys().map(String::as_str),
            &normalized(name),
            5,
        );
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
    let mut figures = Figures::default();
    participant_figures(stats, &mut figures);
    for m in &stats.measurements {
        progression_figures(m, stats.genders(), &mut figures);
    }
    for s in &stats.surveys {
        survey_figures(s, &mut figures);
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

/// A measurement's figures under its name (`bip.positiv.andel` …).
fn progression_figures(m: &Progression, genders: &[Gender], out: &mut Figures) {
    let name = m.name.as_str();
    let all = m.by_gender.total_row().unwrap_or(0);
    class_figures(&[name], &m.by_gender, all, out);
    out.add(&[name, "kvinnor"], Figure::Count(m.by_gender.row_total(0)));
    out.add(&[name, "man"], Figure::Count(m.by_gender.row_total(1)));
    for (row, g) in genders.iter().enumerate() {
        class_figures(&[name, "kon", g.code()], &m.by_gender, row, out);
        question_figures(
            &[name, "kon", g.code()],
            m,
            &m.per_question_by_gender[row],
            out,
        );
    }
    if let Some((ages, grid)) = &m.by_age {
        for (row, age) in ages.iter().enumerate() {
            class_figures(&[name, "aldersgrupp", &age.code], grid, row, out);
        }
    }
    if let Some((ages, grid)) = &m.by_gender_age {
        for (g, gender) in genders.iter().enumerate() {
            for (a, age) in ages.iter().enumerate() {
                let row = g * ages.len() + a;
                let prefix = [name, "kon_aldersgrupp", gender.code(), &age.code];
                class_figures(&prefix, grid, row, out);
            }
        }
    }
    question_figures(&[name], m, &m.per_question, out);
    mean_figures(m, out);
    for moment in Moment::ALL {
        let labels = m.scale.labels();
        answer_figures(
            &[name, "fragor"],
            &m.questions,
            &labels,
            Some(moment.key()),
            m.distribution(moment),
            out,
        );
    }
}

/// Per question: each answer's count and share, non-answers, blanks, and (for surveys)
/// the answers on the scale: `<prefix>.<fraga>[.<tillfalle>].svar["Instämmer helt"].antal`.
fn answer_figures(
    prefix: &[&str],
    questions: &[Question],
    labels: &[String],
    moment: Option<&str>,
    d: &Distribution,
    out: &mut Figures,
) {
    for (q, question) in questions.iter().enumerate() {
        let at: Vec<&str> = prefix
            .iter()
            .copied()
            .chain([question.key.as_str()])
            .chain(moment)
            .collect();
        for (step, label) in labels.iter().enumerate() {
            out.add(
                &path(&at, &["svar", label, "antal"]),
                Figure::Count(d.answer(q, step)),
            );
            out.add(
                &path(&at, &["svar", label, "andel"]),
                Figure::Share(d.share(q, step)),
            );
        }
        out.add(&path(&at, &["ej_svar"]), Figure::Count(d.no_answer(q)));
        out.add(&path(&at, &["blankt"]), Figure::Count(d.blank(q)));
        out.add(&path(&at, &["svarande"]), Figure::Count(d.answered(q)));
    }
}

/// A survey's figures under its name: respondents, answers per statement, the share
/// agreeing overall and per group (`nojdhet.fragor.F1.instammer.kon.kvinna.andel`).
fn survey_figures(s: &SurveyResult, out: &mut Figures) {
    let name = s.name.as_str();
    out.add(&[name, "antal"], Figure::Count(s.respondents));
    answer_figures(
        &[name, "fragor"],
        &s.questions,
        &s.scale.labels(),
        None,
        &s.distribution,
        out,
    );
    for (q, question) in s.questions.iter().enumerate() {
        let at = [name, "fragor", &question.key, "instammer"];
        let (count, share) = s.agreement.agreeing(q, s.agreement.all());
        out.add(&path(&at, &["antal"]), Figure::Count(count));
        out.add(&path(&at, &["andel"]), Figure::Share(share));
        for grouping in &s.groupings {
            for (row, group) in grouping.groups.iter().enumerate() {
                let (count, share) = grouping.agreement.agreeing(q, row);
                let group_at = [
                    name,
                    "fragor",
                    &question.key,
                    "instammer",
                    &grouping.key,
                    &group.code,
                ];
                out.add(&path(&group_at, &["antal"]), Figure::Count(count));
                out.add(&path(&group_at, &["andel"]), Figure::Share(share));
            }
        }
    }
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
fn question_figures(prefix: &[&str], m: &Progression, grid: &Grid, out: &mut Figures) {
    for (q, question) in m.questions.iter().enumerate() {
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
fn mean_figures(m: &Progression, out: &mut Figures) {
    let name = m.name.as_str();
    for (q, question) in m.questions.iter().enumerate() {
        let at = |key: &str| path(&[name, "fragor"], &[&question.key, key]);
        let means = m.means[q];
        out.add(&at("text"), Figure::Text(question.text.clone()));
        out.add(&at("medel_forsta"), Figure::Score(means.map(|m| m.first)));
        out.add(&at("medel_sista"), Figure::Score(means.map(|m| m.last)));
        out.add(
            &at("skillnad"),
            Figure::Difference(means.map(|m| m.difference())),
        );
        let mark = m.marks[q].map_or("", mark_key);
        out.add(&at("markering"), Figure::Text(mark.to_owned()));
    }
    for (k, (grid, mean)) in m.rounds.iter().enumerate() {
        let round = (k + 1).to_string();
        out.add(
            &[name, "matningar", &round, "antal"],
            Figure::Count(grid.count(0, 0)),
        );
        out.add(&[name, "matningar", &round, "medel"], Figure::Score(*mean));
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
