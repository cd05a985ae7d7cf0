//! Warnings `rapport check` adds to a report that builds: numbers typed into the
//! prose that contradict the computed values, and typed numbers for values the data
//! withholds. See [`literals`] for what counts as a typed number and [`values`] for
//! the words that name a computed value.

mod claim;
pub mod json;
mod literals;
mod values;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::load::Project;
use claim::Named;
use literals::{Kind, Literal};
use values::{Computed, Label, Number};

pub use literals::IGNORE;

/// The warnings about numbers typed in the chapters of `project`, checked against
/// `computed` (the statistics context prose reads).
pub fn typed_numbers(project: &Project, computed: &Map<String, Value>) -> Vec<Diagnostic> {
    let lang = project.config.language;
    let values = values::collect(computed, lang);
    if values.is_empty() {
        return Vec::new();
    }
    let vocabulary = values::vocabulary(&values);
    let mut warnings = Vec::new();
    for chapter in &project.chapters {
        for literal in literals::scan(&chapter.body, lang) {
            if let Some(warning) = judge(&literal, &values, &vocabulary) {
                warnings.push(
                    warning
                        .in_file(&chapter.path)
                        .at(literal.line + chapter.body_offset, literal.column),
                );
            }
        }
    }
    warnings
}

/// A warning when the literal claims to be one of the values (see [`claim`]) and
/// agrees with none of those it may claim to be.
fn judge(literal: &Literal, values: &[Computed], vocabulary: &[Label]) -> Option<Diagnostic> {
    let named = Named::around(literal, vocabulary);
    let mut plausible: Vec<(claim::Rank, &Computed)> = values
        .iter()
        .filter(|v| fits(literal.kind, v))
        .filter_map(|v| claim::rank(literal, v, &named).map(|r| (r, v)))
        .collect();
    if plausible
        .iter()
        .any(|(_, v)| agrees(literal.kind, v.number))
    {
        return None;
    }
    plausible.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    let small = plausible
        .iter()
        .find(|(_, v)| hidden_small_count(literal.kind, v));
    let (_, best) = small.or(plausible.first())?;
    let shown = best.shown.replace(['\u{A0}', '\u{202F}'], " ");
    let typed = literal.text.replace(['\u{A0}', '\u{202F}'], " ");
    let name = &best.name;
    Some(match best.number {
        Number::Withheld => Diagnostic::warning(format!(
            "`{typed}` is typed for `{name}`, which the report withholds (shown as `{shown}`) to protect small groups"
        ))
        .with_hint(format!(
            "write {{{{ {name} }}}} or leave the number out; add `{}` to the line if the number is not about this group",
            literals::IGNORE
        )),
        _ => Diagnostic::warning(format!(
            "`{typed}` differs from the computed `{name}`, which is {shown}"
        ))
        .with_hint(format!(
            "write {{{{ {name} }}}} so the text follows the data, or add `{}` to the line if the number means something else",
            literals::IGNORE
        )),
    })
}

/// Whether a literal's kind fits a value's: a count for a count, a percentage for a
/// percentage, and a count below the threshold for a small group the report hides.
fn fits(kind: Kind, value: &Computed) -> bool {
    match (kind, value.number) {
        (Kind::Count(_), Number::Count(_)) | (Kind::Percent { .. }, Number::Percent(_)) => true,
        (_, Number::Withheld) => hidden_small_count(kind, value),
        _ => false,
    }
}

/// Whether a typed count is one the value hides: "3" for a value shown as "< 5".
fn hidden_small_count(kind: Kind, value: &Computed) -> bool {
    let below = value.shown.strip_prefix('<').map(str::trim);
    match (kind, below.and_then(|t| t.parse::<i64>().ok())) {
        (Kind::Count(n), Some(threshold)) => n < threshold,
        _ => false,
    }
}

/// Whether a typed number says what the value is (percentages compared at the
/// precision typed: "46,1 %" agrees with 46,07 %).
fn agrees(kind: Kind, number: Number) -> bool {
    match (kind, number) {
        (Kind::Count(typed), Number::Count(n)) => typed == n,
        (
            Kind::Percent {
                hundredths,
                decimals,
            },
            Number::Percent(h),
        ) => {
            let step = 10_i64.pow(2 - decimals);
            (h + step / 2) / step * step == hundredths
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;
    use serde_json::json;

    fn warnings(body: &str) -> Vec<String> {
        let context = json!({"deltagare": {
            "totalt": 267, "kvinnor": 123, "man": 144,
            "kon": {"kvinna": {"antal": 123, "andel": "46,07\u{A0}%"}, "man": {"antal": 144, "andel": "53,93\u{A0}%"}},
            "aldersgrupp": {"20-29": {"antal": 96, "andel": "35,96\u{A0}%", "kvinnor": "< 5"}}
        }});
        let Value::Object(map) = context else {
            unreachable!()
        };
        let values = values::collect(&map, Lang::Sv);
        let vocabulary = values::vocabulary(&values);
        literals::scan(body, Lang::Sv)
            .iter()
            .filter_map(|l| judge(l, &values, &vocabulary))
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_contradicted_share_is_a_warning() {
        let found = warnings("Av deltagarna var 36,23 % i åldern 20–29 år.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("deltagare.aldersgrupp[\"20-29\"].andel"),
            "{}",
            found[0]
        );
        assert!(found[0].contains("35,96 %"), "{}", found[0]);
    }

    #[test]
    fn correct_numbers_pass() {
        let body = "Projektet hade 267 deltagare, varav 46,07 % kvinnor och 144 män. Av deltagarna var 96 personer och 36,0 % i åldern 20–29.";
        assert_eq!(warnings(body), Vec::<String>::new());
    }

    #[test]
    fn a_wrong_count_names_the_closest_value() {
        let found = warnings("Projektet hade 250 deltagare, varav 123 kvinnor.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`deltagare.totalt`"), "{}", found[0]);
    }

    #[test]
    fn unrelated_numbers_pass() {
        let body = "Vi genomförde 12 intervjuer med deltagare. Andelen kvinnor bland cheferna var 32,50 %. Vi träffade 40 coacher i 20–29.";
        assert_eq!(warnings(body), Vec::<String>::new());
    }

    #[test]
    fn a_number_for_a_withheld_group_is_a_warning() {
        let found = warnings("Bland deltagarna 20–29 fanns 3 kvinnor.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("withholds"), "{}", found[0]);
    }
}
