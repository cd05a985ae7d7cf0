//! `summerat:`: totals typed by the evaluator when only aggregates exist, for any
//! breakdown, each checked to add up to `totalt`.

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
    /// Every other key is a breakdown: `kommun: {Lövstad: 12, …}`.
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
        let parts = counts(&key, value, source)?;
        let sum: u64 = parts.iter().map(|(_, n)| u64::from(*n)).sum();
        if sum != u64::from(decl.totalt) {
            return Err(disagree(&key, sum));
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
        });
    }
    Ok(Totals {
        total: decl.totalt,
        gender,
        other_label: lang.words().statistics.other_gender.to_owned(),
        dimensions,
    })
}

/// `{category: count, …}` of one breakdown.
fn counts(key: &str, value: &serde_yaml::Value, source: &Source) -> Result<Vec<(Category, u32)>> {
    let map = value.as_mapping().ok_or_else(|| {
        source.error_at(
            key,
            format!("`{key}` must list categories with their counts"),
        )
    })?;
    map.iter()
        .map(|(k, v)| {
            let code = scalar(k);
            let count = v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| {
                    source.error_at(&code, format!("`{code}` must be a count (a whole number)"))
                })?;
            let category = Category {
                label: code.clone(),
                code,
            };
            Ok((category, count))
        })
        .collect()
}
