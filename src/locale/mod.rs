//! Language-dependent presentation: number formatting, and (in `words`) every fixed
//! word of a report.

mod words;

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
        let digits = n.unsigned_abs().to_string();
        let separator = match self {
            Lang::Sv => NNBSP,
            Lang::En => ',',
        };
        let mut out = String::new();
        if n < 0 {
            out.push('−');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }

    /// A fixed-point value with two decimals: `2,94` (sv) or `2.94` (en).
    pub fn hundredths(self, value: Hundredths) -> String {
        let whole = value.0.abs() / 100;
        let frac = value.0.abs() % 100;
        let sign = if value.0 < 0 { "−" } else { "" };
        let comma = match self {
            Lang::Sv => ',',
            Lang::En => '.',
        };
        format!("{sign}{}{comma}{frac:02}", self.integer(whole))
    }

    /// A percentage with two decimals: `46,07 %` (sv) or `46.07%` (en).
    pub fn percent(self, value: Hundredths) -> String {
        match self {
            Lang::Sv => format!("{}{NBSP}%", self.hundredths(value)),
            Lang::En => format!("{}%", self.hundredths(value)),
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

    /// A float rounded half up to two decimals, trailing zeros dropped: `1,5`, `3`.
    pub fn decimal(self, x: f64) -> String {
        let h = Hundredths::round_f64(x);
        if h.0 % 100 == 0 {
            self.integer(h.0 / 100)
        } else {
            let s = self.hundredths(h);
            s.strip_suffix('0').map(str::to_owned).unwrap_or(s)
        }
    }

    /// A number with a fixed count of decimals and grouped thousands.
    pub fn fixed(self, x: f64, decimals: usize) -> String {
        let text = format!("{:.*}", decimals, x.abs());
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let whole: i64 = whole.parse().unwrap_or(0);
        let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "−"
        } else {
            ""
        };
        let comma = if self == Lang::Sv { "," } else { "." };
        match frac {
            "" => format!("{sign}{}", self.integer(whole)),
            frac => format!("{sign}{}{comma}{frac}", self.integer(whole)),
        }
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
    /// `numerator / denominator`, rounded half up to hundredths, computed exactly.
    /// `None` when the denominator is zero.
    pub fn ratio(numerator: i64, denominator: i64) -> Option<Hundredths> {
        if denominator == 0 {
            return None;
        }
        let scaled = i128::from(numerator) * 100;
        let d = i128::from(denominator);
        let rounded = (2 * scaled + d).div_euclid(2 * d);
        Some(Hundredths(rounded as i64))
    }

    /// The percentage `part / whole × 100`, rounded half up to hundredths.
    pub fn percent(part: i64, whole: i64) -> Option<Hundredths> {
        Hundredths::ratio(part * 100, whole)
    }

    /// A float rounded half up to hundredths (for values that are not ratios of counts).
    pub fn round_f64(x: f64) -> Hundredths {
        Hundredths((x * 100.0 + 0.5 + 1e-9).floor() as i64)
    }

    /// The value as a float, for charts and comparisons.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
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
    }
}
