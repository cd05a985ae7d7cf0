//! The one date parser of the program: ISO dates, with or without a time, compact
//! `YYYYMMDD`, Excel serial day numbers, or a chrono format the evaluator declares.

use chrono::{NaiveDate, NaiveDateTime};

/// How dates are written in one file: the usual forms, or a declared chrono format
/// (`datumformat: "%d/%m/%Y"`), which then is the only form accepted.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateFormat<'a> {
    pub declared: Option<&'a str>,
}

/// The forms a date may take without a declared format, for error messages.
pub const ACCEPTED: &str = "YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS], YYYYMMDD or an Excel day number";

impl DateFormat<'_> {
    /// The date a text stands for; `None` when it is not one.
    pub fn parse(self, text: &str) -> Option<NaiveDate> {
        let text = text.trim();
        match self.declared {
            Some(format) => NaiveDate::parse_from_str(text, format).ok().or_else(|| {
                NaiveDateTime::parse_from_str(text, format)
                    .ok()
                    .map(|d| d.date())
            }),
            None => parse(text),
        }
    }

    /// What the file's dates must look like, for error messages.
    pub fn describe(self) -> String {
        match self.declared {
            Some(format) => format!("the declared format `{format}`"),
            None => ACCEPTED.to_owned(),
        }
    }
}

/// A date in one of the usual forms (see [`ACCEPTED`]).
pub fn parse(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(text, "%Y%m%d").ok();
    }
    if is_serial(text) {
        return excel_serial(text.parse().ok()?);
    }
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    if time.is_some_and(|t| !is_time(t)) {
        return None;
    }
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(number(year)? as i32, number(month)?, number(day)?)
}

/// A run of ASCII digits as a number.
fn number(digits: &str) -> Option<u32> {
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    all_digits.then(|| digits.parse().ok()).flatten()
}

/// Five digits, perhaps with a fraction (a time of day): `44986`, `44986.5`. Shorter
/// numbers are years or codes rather than dates after 1927.
fn is_serial(text: &str) -> bool {
    let (days, fraction) = text.split_once('.').unwrap_or((text, "0"));
    days.len() == 5
        && days.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// `HH:MM`, `HH:MM:SS` or with fractions of a second (`00:00:00.000`).
fn is_time(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let parts: Vec<Option<u32>> = whole.split(':').map(number).collect();
    let in_range = match parts.as_slice() {
        [Some(h), Some(m)] => *h < 24 && *m < 60,
        [Some(h), Some(m), Some(s)] => *h < 24 && *m < 60 && *s < 60,
        _ => false,
    };
    in_range && number(fraction).is_some()
}

/// An Excel serial day number (the 1900 date system, as Excel counts it).
pub fn excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_signed(chrono::TimeDelta::days(serial.floor() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn usual_forms() {
        assert_eq!(parse("2023-03-01"), ymd(2023, 3, 1));
        assert_eq!(parse(" 2023-03-01 00:00:00 "), ymd(2023, 3, 1));
        assert_eq!(parse("2023-03-01 14:05"), ymd(2023, 3, 1));
        assert_eq!(parse("2023-03-01T08:30:00.000"), ymd(2023, 3, 1));
        assert_eq!(parse("20230301"), ymd(2023, 3, 1));
        // 44986 days after 1899-12-30 (counted with a calendar by hand: 2023-03-01).
        assert_eq!(parse("44986"), ymd(2023, 3, 1));
        assert_eq!(parse("44986.75"), ymd(2023, 3, 1));
        assert_eq!(excel_serial(44197.0), ymd(2021, 1, 1));
    }

    #[test]
    fn not_dates() {
        for text in [
            "",
            "2023-13-01",
            "2023-02-30",
            "23-03-01",
            "2023-03-01 25:00",
            "x",
            "0",
            "2023",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn a_declared_format_is_the_only_form() {
        let format = DateFormat {
            declared: Some("%d/%m/%Y"),
        };
        assert_eq!(format.parse("01/03/2023"), ymd(2023, 3, 1));
        assert_eq!(format.parse("2023-03-01"), None);
        let with_time = DateFormat {
            declared: Some("%d.%m.%Y %H:%M"),
        };
        assert_eq!(with_time.parse("01.03.2023 10:00"), ymd(2023, 3, 1));
    }
}
