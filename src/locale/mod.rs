//! Language-dependent presentation: number formatting, and (in `words`) every fixed
//! word of a report.

mod exact;
mod words;

pub use exact::{Exact, MAX_DECIMALS, MAX_FLOAT, NumberError};
pub use words::{BlockWords, ChartWords, Labels, StatisticsWords, Words};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

/// The language a report is written in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

/// Narrow no-break space: groups thousands and separates a number from its unit.
pub const NNBSP: char = '\u{202F}';
/// No-break space, used between a number and `%`.
pub const NBSP: char = '\u{A0}';

impl Lang {
    /// The BCP 47 code, as used in `lang` attributes and PDF metadata.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// An integer with grouped thousands: `33 088 611` (sv) or `33,088,611` (en).
    pub fn integer(self, n: i64) -> String {
        self.number(Exact::whole(i128::from(n)), 0)
    }

    /// A fixed-point value with two decimals: `2,94` (sv) or `2.94` (en).
    pub fn hundredths(self, value: Hundredths) -> String {
        self.number(value.exact(), 2)
    }

    /// A percentage with two decimals: `46,07 %` (sv) or `46.07%` (en).
    pub fn percent(self, value: Hundredths) -> String {
        self.with_percent_sign(self.hundredths(value))
    }

    /// A number followed by the percent sign as the language writes it.
    pub fn with_percent_sign(self, number: String) -> String {
        match self {
            Lang::Sv => format!("{number}{NBSP}%"),
            Lang::En => format!("{number}%"),
        }
    }

    /// A difference with an explicit sign, as published: `+ 0,50`, `− 0,12`, `± 0,00`.
    pub fn signed(self, value: Hundredths) -> String {
        let sign = match value.0.signum() {
            1 => '+',
            -1 => '−',
            _ => '±',
        };
        format!("{sign}{NBSP}{}", self.hundredths(Hundredths(value.0.abs())))
    }

    /// A computed float rounded half away from zero to two decimals, trailing zeros
    /// dropped: `1,5`, `3`.
    pub fn decimal(self, x: f64) -> String {
        let rounded = Hundredths::round_f64(x).exact();
        self.number(rounded, rounded.decimals())
    }

    /// An exact number rounded half away from zero to `decimals` places, with grouped
    /// thousands and the language's decimal sign: the one way every number is printed.
    pub fn number(self, value: Exact, decimals: u32) -> String {
        let rounded = value.rounded(decimals);
        let (negative, whole, fraction) = rounded.parts();
        let (separator, comma) = match self {
            Lang::Sv => (NNBSP, ','),
            Lang::En => (',', '.'),
        };
        let mut out = String::new();
        if negative {
            out.push('−');
        }
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        if !fraction.is_empty() {
            out.push(comma);
            out.push_str(&fraction);
        }
        out
    }

    /// A date in running text: "1 november 2022" (sv), "1 November 2022" (en).
    pub fn long_date(self, date: chrono::NaiveDate) -> String {
        let month = self.words().months[date.month0() as usize];
        format!("{} {month} {}", date.day(), date.year())
    }

    /// Every fixed word of a report in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Sv => &words::SV,
            Lang::En => &words::EN,
        }
    }

    /// The fixed words of the rendered pages in this language.
    pub fn labels(self) -> &'static Labels {
        &self.words().labels
    }
}

/// A key that sorts text alphabetically as Swedish dictionaries do (å, ä, ö after z);
/// for English text it is the plain case-insensitive order.
pub fn sort_key(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' => '{',
            'ä' | 'æ' => '|',
            'ö' | 'ø' => '}',
            c => c,
        })
        .collect()
}

/// A number rounded half up to two decimals, stored exactly as hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Hundredths(pub i64);

impl Hundredths {
    /// `numerator / denominator`, rounded half away from zero to hundredths, computed
    /// exactly. `None` when the denominator is zero or the result is beyond `i64`.
    pub fn ratio(numerator: i64, denominator: i64) -> Option<Hundredths> {
        let rounded = exact::divide_rounded(i128::from(numerator) * 100, i128::from(denominator))?;
        i64::try_from(rounded).ok().map(Hundredths)
    }

    /// The percentage `part / whole × 100`, rounded half away from zero to hundredths.
    pub fn percent(part: i64, whole: i64) -> Option<Hundredths> {
        let rounded = exact::divide_rounded(i128::from(part) * 10_000, i128::from(whole))?;
        i64::try_from(rounded).ok().map(Hundredths)
    }

    /// A computed float rounded half away from zero to hundredths, from the shortest
    /// decimal that reads back as the same float (so 2.945 gives 2.95). A value that
    /// cannot be held exactly ([`Exact::from_f64`]) is rounded in binary and saturates.
    pub fn round_f64(x: f64) -> Hundredths {
        match Exact::from_f64(x) {
            // Below 2^53 × 100, the hundredths fit an i64.
            Ok(exact) => Hundredths(exact.rounded(2).digits() as i64),
            Err(_) => Hundredths((x * 100.0).round() as i64),
        }
    }

    /// The value as a float, for charts and comparisons.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// The value as an exact decimal.
    pub fn exact(self) -> Exact {
        Exact::scaled(i128::from(self.0), 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_numbers() {
        assert_eq!(Lang::Sv.integer(33_088_611), "33\u{202F}088\u{202F}611");
        assert_eq!(Lang::Sv.integer(267), "267");
        assert_eq!(
            Lang::Sv.percent(Hundredths::percent(123, 267).unwrap()),
            "46,07\u{A0}%"
        );
        assert_eq!(Lang::Sv.signed(Hundredths(50)), "+\u{A0}0,50");
        assert_eq!(Lang::Sv.decimal(1.5), "1,5");
        let date = chrono::NaiveDate::from_ymd_opt(2022, 11, 1).unwrap();
        assert_eq!(Lang::Sv.long_date(date), "1 november 2022");
        assert_eq!(Lang::En.long_date(date), "1 November 2022");
    }

    #[test]
    fn swedish_letters_sort_after_z() {
        let mut names = vec!["Östberg", "Åkesson", "Zander", "Ärlig", "andersson"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            ["andersson", "Zander", "Åkesson", "Ärlig", "Östberg"]
        );
    }

    #[test]
    fn english_numbers() {
        assert_eq!(Lang::En.integer(1_847), "1,847");
        assert_eq!(
            Lang::En.percent(Hundredths::percent(71, 108).unwrap()),
            "65.74%"
        );
        assert_eq!(Lang::En.signed(Hundredths(-12)), "−\u{A0}0.12");
    }

    #[test]
    fn ratios_round_half_up_exactly() {
        // 1/8 = 0.125 → 0.13; 19/32 = 59.375 % → 59.38 %
        assert_eq!(Hundredths::ratio(1, 8), Some(Hundredths(13)));
        assert_eq!(Hundredths::percent(19, 32), Some(Hundredths(5938)));
        assert_eq!(Hundredths::ratio(1, 0), None);
        assert_eq!(Hundredths::round_f64(2.945), Hundredths(295));
        assert_eq!(Hundredths::round_f64(-0.125), Hundredths(-13));
        assert_eq!(Hundredths::ratio(-1, 8), Some(Hundredths(-13)));
        assert_eq!(Hundredths::percent(i64::MAX, 1), None);
        // 93 000 000 000 000 000 of 100 000 000 000 000 000 is 93 %, not −91,47 %
        assert_eq!(
            Hundredths::percent(93_000_000_000_000_000, 100_000_000_000_000_000),
            Some(Hundredths(9300))
        );
    }

    #[test]
    fn one_rounding_rule_for_every_number() {
        let exact = |x: f64| Exact::from_f64(x).unwrap();
        assert_eq!(Lang::Sv.number(exact(0.125), 2), "0,13");
        assert_eq!(Lang::Sv.decimal(0.125), "0,13");
        assert_eq!(Lang::Sv.number(exact(2.5), 0), "3");
        assert_eq!(Lang::Sv.number(exact(-1234.5), 0), "−1\u{202F}235");
        assert_eq!(Lang::En.number(exact(1234567.891), 2), "1,234,567.89");
        assert_eq!(
            Lang::Sv.integer(i64::MIN),
            "−9\u{202F}223\u{202F}372\u{202F}036\u{202F}854\u{202F}775\u{202F}808"
        );
        assert_eq!(Lang::Sv.number(exact(-0.001), 2), "0,00");
    }
}
