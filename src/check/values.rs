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
#[derive(Debug, Clone)]
pub struct Label {
    /// Word beginnings (`kvinn` matches "kvinnorna") or, with `exact`, whole words.
    pub words: Vec<String>,
    pub exact: bool,
    /// A label that sets this value apart (a gender, a group, a class); the others
    /// (the population: participants, the BIP group) only add context.
    pub required: bool,
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

/// Subtrees whose keys do not occur in prose (question keys, round numbers, goals).
const SKIPPED: [&str; 3] = ["fragor", "matningar", "mal"];

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

fn walk(
    value: &Value,
    path: &mut Vec<String>,
    labels: &[Label],
    lang: Lang,
    out: &mut Vec<Computed>,
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if SKIPPED.contains(&key.as_str()) {
                    continue;
                }
                let mut labels = labels.to_vec();
                labels.extend(label(key, lang));
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

fn stems(words: &[&str], exact: bool, required: bool) -> Label {
    Label {
        words: words.iter().map(|w| (*w).to_owned()).collect(),
        exact,
        required,
    }
}

/// The population a top-level name counts: participants, the BIP group or the
/// organisations of the sustainability plans.
fn population(key: &str, lang: Lang) -> Vec<Label> {
    let people = match lang {
        Lang::Sv => stems(&["deltagar", "person"], false, false),
        Lang::En => stems(&["participant", "person", "people"], false, false),
    };
    match key {
        "deltagare" => vec![people],
        "bip" => vec![
            people,
            stems(
                &["bip", "skattning", "progression", "stegförflytt"],
                false,
                false,
            ),
        ],
        "hallbarhet" => vec![stems(&["organisation", "kommun", "hållbar"], false, false)],
        _ => Vec::new(),
    }
}

/// The label a path segment adds, if it names something in prose.
fn label(key: &str, lang: Lang) -> Option<Label> {
    if STRUCTURE.contains(&key) {
        return None;
    }
    let (sv, en): (&[&str], &[&str]) = match key {
        "kvinna" | "kvinnor" | "andel_kvinnor" => (&["kvinn"], &["wom"]),
        "positiv" => (&["positiv"], &["positiv"]),
        "negativ" => (&["negativ"], &["negativ"]),
        "oforandrad" | "oforandrade" => (&["oförändr", "förändring"], &["unchanged", "change"]),
        "forbattrade" => (&["förbättr"], &["improv"]),
        "forsamrade" => (&["försämr"], &["worse"]),
        "beslutat" => (&["beslut"], &["decid"]),
        "planerat" | "ej_planerat" => (&["planer"], &["plan"]),
        "overvags" => (&["överväg"], &["consider"]),
        "okant" => (&["okän"], &["unknown"]),
        "man" | "andel_man" => {
            let men: &[&str] = match lang {
                Lang::Sv => &["män", "männen", "manliga"],
                Lang::En => &["men", "male"],
            };
            return Some(stems(men, true, true));
        }
        code => return Some(category(code)),
    };
    Some(stems(if lang == Lang::Sv { sv } else { en }, false, true))
}

/// A category as written in the data ("20-29", "Växjö"): the whole word, or its
/// beginning when it is long enough to be a name ("Växjös").
fn category(code: &str) -> Label {
    let word = code.to_lowercase().replace(['–', '—'], "-");
    let exact = word.chars().count() < 4 || !word.chars().all(char::is_alphabetic);
    Label {
        words: vec![word],
        exact,
        required: true,
    }
}

impl Label {
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

    pub fn matches(&self, word: &str) -> bool {
        self.words.iter().any(|stem| match self.exact {
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
                .any(|l| l.required && l.matches("20-29"))
        );
        assert!(
            share
                .labels
                .iter()
                .any(|l| !l.required && l.matches("deltagarna"))
        );
    }
}
