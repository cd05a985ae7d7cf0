//! Breakdowns of the participants: declared under `dimensioner:` (any column, with
//! labels, an order, numeric bands, ages at a date or date parts) or by the older
//! shorthand keys (`kolumner: {kommun: …}`, `kommuner:`, `aldersgrupper:` …), which are
//! read into the same form.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::participants::{MissingValues, ParticipantsDecl};
use super::{Category, Dimension, MISSING, Source};
use crate::diagnostic::Result;
use crate::load::date::{self, DateFormat};
use crate::load::table::{RawRow, RawTable, scalar};
use crate::locale::{Lang, sort_key};

/// One breakdown under `dimensioner:`.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionDecl {
    /// The column's header in the file.
    pub kolumn: String,
    /// The table and axis heading (default: the key).
    #[serde(default)]
    pub rubrik: Option<String>,
    /// Code → label; codes with the same label are counted together.
    #[serde(default)]
    #[schemars(with = "Option<std::collections::BTreeMap<String, String>>")]
    pub etiketter: Option<serde_yaml::Mapping>,
    /// The codes in display order; any other value is an error.
    #[serde(default)]
    pub ordning: Option<Vec<String>>,
    /// Numeric bands such as `-24`, `25-29`, `50-`: of the column's number, or of the
    /// age at `alder_vid` when the column holds birth years or dates.
    #[serde(default)]
    pub grupper: Option<Vec<String>>,
    /// The date ages are computed at.
    #[serde(default)]
    pub alder_vid: Option<String>,
    /// The column holds dates; count by year (`ar`), quarter (`kvartal`) or month (`manad`).
    #[serde(default)]
    pub datum: Option<DatePart>,
}

/// A part of a date to group by.
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DatePart {
    Ar,
    Kvartal,
    Manad,
}

/// Category index of a missing value while reading.
const UNSTATED: u32 = u32::MAX;

/// Reads one breakdown's column, row by row.
pub struct DimensionReader {
    key: String,
    heading: String,
    column: usize,
    rule: Rule,
    lang: Lang,
    of_person: Vec<u32>,
}

/// How a cell becomes a category.
enum Rule {
    /// Values are codes: declared (`ordning`, `etiketter`) or collected from the data.
    Codes {
        declared: bool,
        categories: Vec<Category>,
        codes: Vec<(String, u32)>,
    },
    /// A number (or an age at a date) falls into one of these bands.
    Bands {
        bands: Vec<Band>,
        age_at: Option<NaiveDate>,
    },
    /// A date, counted by one of its parts; a date of each period seen so far.
    Dates {
        part: DatePart,
        periods: Vec<NaiveDate>,
    },
}

/// An inclusive numeric band parsed from `20-29`, `60-` or `-19`.
struct Band {
    from: f64,
    to: f64,
    label: String,
}

/// The breakdowns of a participants declaration, shorthand ones first.
pub fn readers(
    decl: &ParticipantsDecl,
    table: &RawTable,
    source: &Source,
    lang: Lang,
) -> Result<Vec<DimensionReader>> {
    declared(
        shorthand(decl, source)?,
        decl.dimensioner.as_ref(),
        table,
        source,
        lang,
    )
}

/// Readers for `before` and then each breakdown of `map` (`key: {kolumn: …}`, or just
/// the column's header); a key declared twice is an error.
pub fn declared(
    mut before: Vec<(String, DimensionDecl)>,
    map: Option<&serde_yaml::Mapping>,
    table: &RawTable,
    source: &Source,
    lang: Lang,
) -> Result<Vec<DimensionReader>> {
    for (key, value) in map.into_iter().flatten() {
        let key = scalar(key);
        if before.iter().any(|(k, _)| *k == key) {
            return Err(source.error_at(&key, format!("the breakdown `{key}` is declared twice")));
        }
        let dimension = match value {
            serde_yaml::Value::String(column) => DimensionDecl {
                kolumn: column.clone(),
                ..DimensionDecl::default()
            },
            _ => serde_yaml::from_value(value.clone())
                .map_err(|e| source.error_at(&key, format!("`{key}`: {e}")))?,
        };
        before.push((key, dimension));
    }
    before
        .into_iter()
        .map(|(key, d)| DimensionReader::new(key, &d, table, source, lang))
        .collect()
}

/// The older keys (`kolumner: {kommun: …}` with `kommuner:` and so on) as declarations.
fn shorthand(decl: &ParticipantsDecl, source: &Source) -> Result<Vec<(String, DimensionDecl)>> {
    let columns = &decl.kolumner;
    let mut list = Vec::new();
    let age = match (&columns.aldersgrupp, &columns.fodelsear) {
        (Some(_), Some(_)) => {
            return Err(source.error_at(
                "fodelsear",
                "map either `aldersgrupp` or `fodelsear`, not both",
            ));
        }
        (Some(column), None) => Some(DimensionDecl {
            kolumn: column.clone(),
            ordning: decl.aldersgrupper.clone(),
            ..DimensionDecl::default()
        }),
        (None, Some(column)) => {
            let need = |key: &str, what: &str| {
                source.error_at(
                    "fodelsear",
                    format!("a birth year column needs `{key}:` ({what})"),
                )
            };
            Some(DimensionDecl {
                kolumn: column.clone(),
                grupper: Some(
                    decl.aldersgrupper
                        .clone()
                        .ok_or_else(|| need("aldersgrupper", "e.g. [\"18-29\", \"30-\"]"))?,
                ),
                alder_vid: Some(
                    decl.referensdatum
                        .clone()
                        .ok_or_else(|| need("referensdatum", "the date ages are computed at"))?,
                ),
                ..DimensionDecl::default()
            })
        }
        (None, None) => None,
    };
    list.extend(age.map(|d| ("aldersgrupp".to_owned(), d)));
    let labelled = [
        ("kommun", &columns.kommun, &decl.kommuner),
        ("remittent", &columns.remittent, &decl.remittenter),
        ("avslutsorsak", &columns.avslutsorsak, &decl.avslutsorsaker),
    ];
    for (key, column, labels) in labelled {
        if let Some(column) = column {
            let decl = DimensionDecl {
                kolumn: column.clone(),
                etiketter: labels.clone(),
                ..DimensionDecl::default()
            };
            list.push((key.to_owned(), decl));
        }
    }
    Ok(list)
}

impl DimensionReader {
    fn new(
        key: String,
        decl: &DimensionDecl,
        table: &RawTable,
        source: &Source,
        lang: Lang,
    ) -> Result<Self> {
        let words = &lang.words().statistics;
        let heading = decl
            .rubrik
            .clone()
            .or_else(|| words.dimension(&key).map(str::to_owned))
            .unwrap_or_else(|| capitalised(&key));
        let rule = Rule::new(&key, decl, source)?;
        Ok(DimensionReader {
            column: source.section(&key).column(table, &decl.kolumn)?,
            key,
            heading,
            rule,
            lang,
            of_person: Vec::new(),
        })
    }

    /// Reads one row's cell: its category, or missing.
    pub fn read(&mut self, table: &RawTable, row: &RawRow, missing: &MissingValues) -> Result<()> {
        let value = table.cell(row, self.column);
        let index = if missing.is_missing(value) {
            UNSTATED
        } else {
            self.rule
                .index(value, table.dates())
                .map_err(|message| table.error(row, self.column, message))?
        };
        self.of_person.push(index);
        Ok(())
    }

    /// The breakdown in display order, with a last category for missing values when
    /// any value was missing.
    pub fn finish(self, missing_label: &str) -> Dimension {
        let (mut categories, new_index) = display_order(self.rule.into_categories(self.lang));
        let unstated = categories.len() as u32;
        let of_person: Vec<u32> = self
            .of_person
            .into_iter()
            .map(|i| {
                if i == UNSTATED {
                    unstated
                } else {
                    new_index[i as usize]
                }
            })
            .collect();
        if of_person.contains(&unstated) {
            categories.push(Category {
                code: MISSING.to_owned(),
                label: missing_label.to_owned(),
            });
        }
        Dimension {
            key: self.key,
            heading: self.heading,
            categories,
            of_person,
        }
    }
}

/// Sorts categories that carry a sort key (all or none do) and gives, per reading
/// index, the index in display order.
fn display_order(categories: Vec<(Category, Option<String>)>) -> (Vec<Category>, Vec<u32>) {
    let mut order: Vec<usize> = (0..categories.len()).collect();
    order.sort_by(|&a, &b| categories[a].1.cmp(&categories[b].1));
    let mut new_index = vec![0; order.len()];
    for (position, &old) in order.iter().enumerate() {
        new_index[old] = position as u32;
    }
    let sorted = order.iter().map(|&i| categories[i].0.clone()).collect();
    (sorted, new_index)
}

/// `utbildningsniva` → `Utbildningsniva`: a heading for a key declared without `rubrik:`.
pub(super) fn capitalised(key: &str) -> String {
    let text = key.replace('_', " ");
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

impl Rule {
    fn new(key: &str, decl: &DimensionDecl, source: &Source) -> Result<Rule> {
        if let Some(part) = decl.datum {
            return Ok(Rule::Dates {
                part,
                periods: Vec::new(),
            });
        }
        let Some(groups) = &decl.grupper else {
            return Ok(Rule::codes(decl));
        };
        let age_at = match decl.alder_vid.as_deref() {
            Some(text) => Some(date::parse(text).ok_or_else(|| {
                source.error_at(
                    key,
                    format!("`alder_vid: {text}` is not a date (YYYY-MM-DD)"),
                )
            })?),
            None => None,
        };
        let bands = groups
            .iter()
            .map(|g| {
                Band::parse(g).ok_or_else(|| {
                    source.error_at(
                        key,
                        format!("`{g}` is not a group like `20-29`, `60-` or `-19`"),
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Rule::Bands { bands, age_at })
    }

    /// Declared codes (`ordning`, then the codes of `etiketter`), or none when the
    /// categories are collected from the data.
    fn codes(decl: &DimensionDecl) -> Rule {
        let labels: Vec<(String, String)> = decl
            .etiketter
            .iter()
            .flatten()
            .map(|(code, label)| (scalar(code).trim().to_owned(), scalar(label)))
            .collect();
        let ordered = decl.ordning.iter().flatten().map(|code| {
            let code = code.trim().to_owned();
            let label = labels
                .iter()
                .find(|(c, _)| *c == code)
                .map_or_else(|| code.clone(), |(_, l)| l.clone());
            (code, label)
        });
        let declared: Vec<(String, String)> = ordered.chain(labels.iter().cloned()).collect();
        let mut rule = Rule::Codes {
            declared: !declared.is_empty(),
            categories: Vec::new(),
            codes: Vec::new(),
        };
        for (code, label) in declared {
            rule.add_code(&code, label);
        }
        rule
    }

    /// Adds a code (once); a code whose label is known joins that category.
    fn add_code(&mut self, code: &str, label: String) -> u32 {
        let Rule::Codes {
            categories, codes, ..
        } = self
        else {
            return 0;
        };
        if let Some((_, i)) = codes.iter().find(|(c, _)| c == code) {
            return *i;
        }
        let index = match categories.iter().position(|c| c.label == label) {
            Some(i) => i as u32,
            None => {
                categories.push(Category {
                    code: code.to_owned(),
                    label,
                });
                (categories.len() - 1) as u32
            }
        };
        codes.push((code.to_owned(), index));
        index
    }

    /// The category index of a value, or the message of an error at its cell.
    fn index(&mut self, value: &str, dates: DateFormat) -> std::result::Result<u32, String> {
        match self {
            Rule::Codes {
                declared, codes, ..
            } => match codes.iter().find(|(c, _)| c == value) {
                Some((_, i)) => Ok(*i),
                None if *declared => {
                    let known: Vec<&str> = codes.iter().map(|(c, _)| c.as_str()).collect();
                    Err(format!(
                        "unknown value `{value}`; declared: {}",
                        known.join(", ")
                    ))
                }
                None => Ok(self.add_code(value, value.to_owned())),
            },
            Rule::Bands { bands, age_at } => {
                let number = match age_at {
                    Some(reference) => age_at_date(value, *reference, dates).ok_or_else(|| {
                        "expected a birth year (1990) or date (1990-05-31)".to_owned()
                    })?,
                    None => {
                        parse_number(value).ok_or_else(|| format!("`{value}` is not a number"))?
                    }
                };
                bands
                    .iter()
                    .position(|b| b.contains(number))
                    .map(|i| i as u32)
                    .ok_or_else(|| match age_at {
                        Some(_) => format!("age {number} is in none of the declared age groups"),
                        None => format!("{value} is in none of the declared groups"),
                    })
            }
            Rule::Dates { part, periods } => {
                let date = dates
                    .parse(value)
                    .ok_or_else(|| format!("`{value}` is not a date ({})", dates.describe()))?;
                let period = part.period(date);
                let index = periods
                    .iter()
                    .position(|&seen| part.period(seen) == period)
                    .unwrap_or_else(|| {
                        periods.push(date);
                        periods.len() - 1
                    });
                Ok(index as u32)
            }
        }
    }

    /// The categories in reading order, each with the key to sort it by when the
    /// order comes from the data rather than the declaration.
    fn into_categories(self, lang: Lang) -> Vec<(Category, Option<String>)> {
        match self {
            Rule::Codes {
                declared,
                categories,
                ..
            } => categories
                .into_iter()
                .map(|c| {
                    let key = (!declared).then(|| sort_key(&c.label));
                    (c, key)
                })
                .collect(),
            Rule::Bands { bands, .. } => bands
                .into_iter()
                .map(|b| {
                    let category = Category {
                        code: b.label.clone(),
                        label: b.label,
                    };
                    (category, None)
                })
                .collect(),
            Rule::Dates { part, periods } => periods
                .into_iter()
                .map(|date| {
                    let label = date_part_label(date, part, lang);
                    let category = Category {
                        code: label.clone(),
                        label: label.clone(),
                    };
                    (category, Some(label))
                })
                .collect(),
        }
    }
}

impl Band {
    /// `20-29`, `60-` (and older), `-19` (and younger); an en dash works too.
    fn parse(label: &str) -> Option<Band> {
        let (from, to) = label.trim().split_once(['-', '–'])?;
        let bound = |s: &str, open: f64| match s.trim() {
            "" => Some(open),
            s => s.parse::<u32>().ok().map(f64::from),
        };
        Some(Band {
            from: bound(from, f64::NEG_INFINITY)?,
            to: bound(to, f64::INFINITY)?,
            label: label.trim().to_owned(),
        })
    }

    /// Whether a number falls in the band: from its lower bound up to, not including,
    /// the next whole number after its upper bound (`20-29` holds 29,5).
    fn contains(&self, number: f64) -> bool {
        number >= self.from && number < self.to + 1.0
    }
}

/// Age at `reference` from a birth year (the age reached that year) or a birth date.
fn age_at_date(birth: &str, reference: NaiveDate, dates: DateFormat) -> Option<f64> {
    if birth.len() == 4
        && let Ok(year) = birth.parse::<i32>()
    {
        return u32::try_from(reference.year() - year).ok().map(f64::from);
    }
    let born = dates.parse(birth)?;
    reference.years_since(born).map(f64::from)
}

/// A number as exports write it: `12`, `12.5`, `12,5`, `1 200`.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

impl DatePart {
    /// The period a date falls in, as a number unique to it (`2023`, `202301` …).
    fn period(self, date: NaiveDate) -> i32 {
        match self {
            DatePart::Ar => date.year(),
            DatePart::Kvartal => date.year() * 100 + (date.month0() / 3) as i32,
            DatePart::Manad => date.year() * 100 + date.month0() as i32,
        }
    }
}

/// `2023`, `2023 K1` (`2023 Q1` in English) or `2023-03`: labels that sort in time.
fn date_part_label(date: NaiveDate, part: DatePart, lang: Lang) -> String {
    match part {
        DatePart::Ar => date.year().to_string(),
        DatePart::Kvartal => format!(
            "{} {}{}",
            date.year(),
            lang.words().statistics.quarter,
            date.month0() / 3 + 1
        ),
        DatePart::Manad => format!("{}-{:02}", date.year(), date.month()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_hold_their_bounds() {
        let band = Band::parse("25-29").unwrap();
        assert!(band.contains(25.0) && band.contains(29.0) && band.contains(29.5));
        assert!(!band.contains(24.9) && !band.contains(30.0));
        assert!(Band::parse("-24").unwrap().contains(0.0));
        assert!(Band::parse("50-").unwrap().contains(120.0));
        assert!(Band::parse("abc").is_none());
    }

    #[test]
    fn ages_from_years_and_dates() {
        let at = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        let usual = DateFormat::default();
        assert_eq!(age_at_date("1990", at, usual), Some(34.0));
        assert_eq!(age_at_date("1990-12-31", at, usual), Some(34.0));
        let before_birthday = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        assert_eq!(
            age_at_date("1990-12-31", before_birthday, usual),
            Some(33.0)
        );
    }

    #[test]
    fn numbers_as_exports_write_them() {
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number("1 200"), Some(1200.0));
        assert_eq!(parse_number("NaN"), None);
    }

    #[test]
    fn date_parts() {
        let d = NaiveDate::from_ymd_opt(2023, 8, 1).unwrap();
        assert_eq!(date_part_label(d, DatePart::Kvartal, Lang::Sv), "2023 K3");
        assert_eq!(date_part_label(d, DatePart::Manad, Lang::En), "2023-08");
    }
}
