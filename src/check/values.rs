//! The computed values a typed number may stand for, each with the words that name it
//! in prose: `deltagare.aldersgrupp["20-29"].andel` is named by "20-29" and, as a
//! count of people, by "deltagare"/"personer".

use serde_json::{Map, Value};

use crate::analysis::suppression::is_withheld;
use crate::locale::{Lang, NBSP};
use crate::manifest::prose_name;

/// A published value as the check compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    Count(i64),
    /// A percentage in hundredths.
    Percent(i64),
    /// Suppressed or withheld (`< 5`, `–`): no number may be typed for it.
    Withheld,
}

/// Words that name a value; one of `words` matching a sentence word matches the label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Word beginnings (`kvinn` matches "kvinnorna") or, with `exact`, whole words.
    pub words: Vec<String>,
    pub exact: bool,
    pub role: Role,
}

/// What a label says about its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A category that sets the value apart from its siblings (a gender, an age
    /// group, a municipality, a class), in a dimension: the categories it is one of.
    Category(String),
    /// A group the value counts apart from all participants (the BIP group, the
    /// organisations with sustainability plans): it must be named too.
    Group,
    /// The people counted ("deltagare", "personer"): context only.
    People,
}

/// One computed value with its prose name.
#[derive(Debug, Clone)]
pub struct Computed {
    /// The name to write between `{{ }}`.
    pub name: String,
    pub number: Number,
    /// How it is published, e.g. `35,96 %`.
    pub shown: String,
    pub labels: Vec<Label>,
}

/// Path segments that only structure the tree and name nothing in prose.
const STRUCTURE: [&str; 9] = [
    "antal",
    "kommun",
    "remittent",
    "andel",
    "kon",
    "aldersgrupp",
    "kon_aldersgrupp",
    "totalt",
    "avslutsorsak",
];

/// Subtrees whose keys do not occur in prose (question keys, round numbers, goals),
/// and the count of another gender, whose word ("annat") is common in prose.
const SKIPPED: [&str; 4] = ["fragor", "matningar", "mal", "annat"];

/// Every count and percentage of the computed context.
pub fn collect(computed: &Map<String, Value>, lang: Lang) -> Vec<Computed> {
    let mut out = Vec::new();
    for (key, value) in computed {
        if !SKIPPED.contains(&key.as_str()) {
            walk(
                value,
                &mut vec![key.clone()],
                &population(key, lang),
                lang,
                &mut out,
            );
        }
    }
    out
}

/// Every category the values know, each once: what a sentence may name.
pub fn vocabulary(values: &[Computed]) -> Vec<Label> {
    let mut labels: Vec<Label> = Vec::new();
    for label in values.iter().flat_map(|v| &v.labels) {
        if label.is_category() && !labels.contains(label) {
            labels.push(label.clone());
        }
    }
    labels
}

fn walk(
    value: &Value,
    path: &mut Vec<String>,
    labels: &[Label],
    lang: Lang,
    out: &mut Vec<Computed>,
) {
    match value {
        Value::Object(map) => {
            let siblings: Vec<&str> = map.keys().map(String::as_str).collect();
            for (key, child) in map {
                if SKIPPED.contains(&key.as_str()) {
                    continue;
                }
                let mut labels = labels.to_vec();
                labels.extend(label(key, &siblings, lang));
                path.push(key.clone());
                walk(child, path, &labels, lang, out);
                path.pop();
            }
        }
        leaf => {
            if let Some((number, shown)) = number(leaf) {
                out.push(Computed {
                    name: prose_name(path),
                    number,
                    shown,
                    labels: labels.to_vec(),
                });
            }
        }
    }
}

fn number(leaf: &Value) -> Option<(Number, String)> {
    match leaf {
        Value::Number(n) => n.as_i64().map(|i| (Number::Count(i), i.to_string())),
        Value::String(s) if is_withheld(s) => Some((Number::Withheld, s.clone())),
        Value::String(s) => parse_percent(s).map(|h| (Number::Percent(h), s.clone())),
        _ => None,
    }
}

/// `35,96 %` or `35.96%` → 3596.
fn parse_percent(text: &str) -> Option<i64> {
    let number = text.strip_suffix('%')?.trim_end_matches([' ', NBSP]);
    let (whole, fraction) = number.split_once([',', '.'])?;
    (fraction.len() == 2).then_some(())?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(fraction.parse().ok()?)
}

fn stems(words: &[&str], exact: bool, role: Role) -> Label {
    Label {
        words: words.iter().map(|w| (*w).to_owned()).collect(),
        exact,
        role,
    }
}

/// The population a top-level name counts: participants, the BIP group or the
/// organisations of the sustainability plans.
fn population(key: &str, lang: Lang) -> Vec<Label> {
    let people = match lang {
        Lang::Sv => stems(&["deltagar", "person"], false, Role::People),
        Lang::En => stems(&["participant", "person", "people"], false, Role::People),
    };
    let group = |words: &[&str]| stems(words, false, Role::Group);
    match key {
        "deltagare" => vec![people],
        "bip" => vec![
            people,
            group(&[
                "bip",
                "skattning",
                "självskatt",
                "progression",
                "stegförflytt",
            ]),
        ],
        "hallbarhet" => vec![group(&["organisation", "kommun", "hållbar"])],
        _ => Vec::new(),
    }
}

/// The label a path segment adds, if it names something in prose; `siblings` are
/// the keys beside it, whose set is the dimension of a category from the data.
fn label(key: &str, siblings: &[&str], lang: Lang) -> Option<Label> {
    if STRUCTURE.contains(&key) {
        return None;
    }
    let (dimension, sv, en): (&str, &[&str], &[&str]) = match key {
        "kvinna" | "kvinnor" | "andel_kvinnor" => ("kon", &["kvinn"], &["wom"]),
        "positiv" => ("klass", &["positiv"], &["positiv"]),
        "negativ" => ("klass", &["negativ"], &["negativ"]),
        "oforandrad" => (
            "klass",
            &["oförändr", "förändring"],
            &["unchanged", "change"],
        ),
        "forbattrade" => ("forandring", &["förbättr"], &["improv"]),
        "forsamrade" => ("forandring", &["försämr"], &["worse"]),
        "oforandrade" => ("forandring", &["oförändr"], &["unchanged"]),
        "beslutat" => ("status", &["beslut"], &["decid"]),
        "planerat" | "ej_planerat" => ("status", &["planer"], &["plan"]),
        "overvags" => ("status", &["överväg"], &["consider"]),
        "okant" => ("status", &["okän"], &["unknown"]),
        "man" | "andel_man" => {
            let men: &[&str] = match lang {
                Lang::Sv => &["män", "männen", "manliga"],
                Lang::En => &["men", "male"],
            };
            return Some(stems(men, true, Role::Category("kon".to_owned())));
        }
        code => return Some(category(code, siblings)),
    };
    let words = if lang == Lang::Sv { sv } else { en };
    Some(stems(words, false, Role::Category(dimension.to_owned())))
}

/// A category as written in the data ("20-29", "Växjö"): the whole word, or its
/// beginning when it is long enough to be a name ("Växjös"). Its dimension is the set
/// of its siblings, so the age groups of every breakdown form one dimension.
fn category(code: &str, siblings: &[&str]) -> Label {
    let word = code.to_lowercase().replace(['–', '—'], "-");
    let exact = word.chars().count() < 4 || !word.chars().all(char::is_alphabetic);
    let mut dimension: Vec<&str> = siblings.to_vec();
    dimension.sort_unstable();
    Label {
        words: vec![word],
        exact,
        role: Role::Category(dimension.join("|")),
    }
}

impl Label {
    /// Whether the sentence must name this label for the value to be meant.
    pub fn required(&self) -> bool {
        self.role != Role::People
    }

    /// Whether this label is a category (not a group or the people counted).
    pub fn is_category(&self) -> bool {
        matches!(self.role, Role::Category(_))
    }

    /// The distance in words from `at` to the nearest sentence word this label
    /// matches, if any.
    pub fn distance(&self, sentence: &[String], at: usize) -> Option<usize> {
        sentence
            .iter()
            .enumerate()
            .filter(|(_, w)| self.matches(w))
            .map(|(i, _)| i.abs_diff(at))
            .min()
    }

    /// Whether `word` names this label; a word of alternatives ("kvinna/man") names
    /// none of them.
    pub fn matches(&self, word: &str) -> bool {
        !word.contains('/')
            && self.words.iter().any(|stem| match self.exact {
                true => word == stem,
                false => word.starts_with(stem.as_str()),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_numbers_and_labels() {
        let context = json!({"deltagare": {"totalt": 267, "aldersgrupp": {"20-29": {"andel": "35,96\u{A0}%", "kvinnor": "< 5"}}}});
        let Value::Object(map) = context else {
            unreachable!()
        };
        let values = collect(&map, Lang::Sv);
        let names: Vec<(&str, Number)> =
            values.iter().map(|v| (v.name.as_str(), v.number)).collect();
        assert_eq!(
            names,
            [
                (
                    "deltagare.aldersgrupp[\"20-29\"].andel",
                    Number::Percent(3596)
                ),
                ("deltagare.aldersgrupp[\"20-29\"].kvinnor", Number::Withheld),
                ("deltagare.totalt", Number::Count(267)),
            ]
        );
        let share = &values[0];
        assert!(
            share
                .labels
                .iter()
                .any(|l| l.is_category() && l.matches("20-29"))
        );
        assert!(
            share
                .labels
                .iter()
                .any(|l| l.role == Role::People && l.matches("deltagarna"))
        );
    }
}
