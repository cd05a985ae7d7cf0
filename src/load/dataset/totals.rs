//! `summerat:`: totals typed by the evaluator when only aggregates exist, for any
//! breakdown, optionally split by gender (`Gymnasial: {kvinna: 12, man: 21}`), each
//! checked to add up to `totalt` and, when split, to the gender totals.

use serde::Deserialize;

use super::dimensions::capitalised;
use super::{Category, Gender, Source, Totals, TotalsBreakdown};
use crate::diagnostic::Result;
use crate::load::table::scalar;
use crate::locale::Lang;

/// `summerat:`: the total, the gender split and any breakdown as `category: count`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TotalsDecl {
    totalt: u32,
    #[serde(default)]
    kon: Option<GenderTotals>,
    /// Every other key is a breakdown: `kommun: {Lövstad: 12, …}`, or split by gender:
    /// `utbildning: {Gymnasial: {kvinna: 12, man: 21}, …}`.
    #[serde(flatten)]
    #[schemars(
        with = "std::collections::BTreeMap<String, std::collections::BTreeMap<String, u32>>"
    )]
    dimensions: serde_yaml::Mapping,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct GenderTotals {
    kvinna: u32,
    man: u32,
    #[serde(default)]
    annat: Option<u32>,
}

/// Checks that each breakdown of `summerat:` adds up to `totalt`.
pub fn check(decl: &TotalsDecl, source: &Source, lang: Lang) -> Result<Totals> {
    let disagree = |key: &str, sum: u64| {
        let (line, _) = crate::load::yaml::key_position(source.text, "totalt").unwrap_or((1, 1));
        source.error_at(
            key,
            format!(
                "the parts of `{key}` add up to {sum}, but `totalt` (line {line}) is {}",
                decl.totalt
            ),
        )
    };
    let gender = match &decl.kon {
        Some(g) => {
            let mut parts = vec![(Gender::Kvinna, g.kvinna), (Gender::Man, g.man)];
            parts.extend(g.annat.map(|n| (Gender::Other, n)));
            let sum: u64 = parts.iter().map(|(_, n)| u64::from(*n)).sum();
            if sum != u64::from(decl.totalt) {
                return Err(disagree("kon", sum));
            }
            Some(parts)
        }
        None => None,
    };
    let mut dimensions = Vec::new();
    for (key, value) in &decl.dimensions {
        let key = scalar(key);
        let (parts, by_gender) = counts(&key, value, source)?;
        let sum: u64 = parts.iter().map(|(_, n)| u64::from(*n)).sum();
        if sum != u64::from(decl.totalt) {
            return Err(disagree(&key, sum));
        }
        if let Some(split) = &by_gender {
            check_gender_columns(&key, split, gender.as_deref(), source)?;
        }
        let heading = lang
            .words()
            .statistics
            .dimension(&key)
            .map_or_else(|| capitalised(&key), str::to_owned);
        dimensions.push(TotalsBreakdown {
            key,
            heading,
            counts: parts,
            by_gender,
        });
    }
    Ok(Totals {
        total: decl.totalt,
        gender,
        other_label: lang.words().statistics.other_gender.to_owned(),
        dimensions,
    })
}

/// The counts of one category: a whole number, or women, men and others.
type Split = [u32; 3];

/// `{category: count, …}` of one breakdown, or `{category: {kvinna: n, man: n}, …}`
/// (then also each category's split, women, men, others).
#[allow(clippy::type_complexity)]
fn counts(
    key: &str,
    value: &serde_yaml::Value,
    source: &Source,
) -> Result<(Vec<(Category, u32)>, Option<Vec<Split>>)> {
    let map = value.as_mapping().ok_or_else(|| {
        source.error_at(
            key,
            format!("`{key}` must list categories with their counts"),
        )
    })?;
    let mut parts = Vec::new();
    let mut splits = Vec::new();
    for (k, v) in map {
        let code = scalar(k);
        let (count, split) = match v.as_mapping() {
            Some(genders) => {
                let split = gender_split(&code, genders, source)?;
                (split.iter().sum(), Some(split))
            }
            None => (whole(&code, v, source)?, None),
        };
        splits.push(split);
        parts.push((
            Category {
                label: code.clone(),
                code,
            },
            count,
        ));
    }
    let split_count = splits.iter().flatten().count();
    if split_count > 0 && split_count < splits.len() {
        return Err(source.error_at(
            key,
            format!("`{key}`: split every category by gender (`{{kvinna: n, man: n}}`) or none"),
        ));
    }
    Ok((parts, splits.into_iter().collect()))
}

/// A count: a whole number.
fn whole(name: &str, value: &serde_yaml::Value, source: &Source) -> Result<u32> {
    value
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| source.error_at(name, format!("`{name}` must be a count (a whole number)")))
}

/// `{kvinna: n, man: n, annat: n}` of one category.
fn gender_split(code: &str, map: &serde_yaml::Mapping, source: &Source) -> Result<Split> {
    let mut split = [0; 3];
    for (k, v) in map {
        let gender = scalar(k);
        let index = Gender::ALL
            .iter()
            .position(|g| g.code() == gender)
            .ok_or_else(|| {
                source.error_at(
                    code,
                    format!("`{code}`: unknown gender `{gender}`; use kvinna, man and annat"),
                )
            })?;
        split[index] = whole(&gender, v, source)?;
    }
    Ok(split)
}

/// Women, men and others of a split breakdown must each add up to `kon:`.
fn check_gender_columns(
    key: &str,
    split: &[Split],
    gender: Option<&[(Gender, u32)]>,
    source: &Source,
) -> Result<()> {
    let gender = gender.ok_or_else(|| {
        source.error_at(
            key,
            format!("`{key}` is split by gender: declare `kon:` with the gender totals too"),
        )
    })?;
    for g in Gender::ALL {
        let total = gender.iter().find(|(x, _)| *x == g).map_or(0, |(_, n)| *n);
        let sum: u64 = split.iter().map(|s| u64::from(s[g as usize])).sum();
        if sum != u64::from(total) {
            return Err(source.error_at(
                key,
                format!(
                    "the `{}` counts of `{key}` add up to {sum}, but `kon.{}` is {total}",
                    g.code(),
                    g.code()
                ),
            ));
        }
    }
    Ok(())
}
