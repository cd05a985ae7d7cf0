//! Numbers held exactly as decimals, so formatting never goes through binary floating
//! point: `digits × 10^−scale` in an `i128`, rounded half away from zero.

use std::fmt;

/// The largest magnitude a number written with a decimal point or an exponent may have:
/// 2^53. Beyond it a float no longer holds every whole number, so what the author
/// wrote cannot be printed exactly (whole numbers written in digits are exact up to
/// 18 446 744 073 709 551 615).
pub const MAX_FLOAT: f64 = 9_007_199_254_740_992.0;

/// Why a number cannot be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// NaN or an infinity.
    NotFinite,
    /// Too large to print every digit exactly.
    TooLarge,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberError::NotFinite => "this is not a finite number (NaN or infinity)",
            NumberError::TooLarge => {
                "this number is too large to print exactly: write whole numbers in digits (at most 18 446 744 073 709 551 615) and other numbers below 9 007 199 254 740 992"
            }
        })
    }
}

impl std::error::Error for NumberError {}

/// A decimal number: `digits × 10^−scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    digits: i128,
    scale: u32,
}

/// The most decimals a number is printed with.
pub const MAX_DECIMALS: u32 = 12;

/// Past this scale a float's value is below 10^−13: zero at any printed precision.
const MAX_SCALE: u32 = 30;

impl Exact {
    /// A whole number.
    pub fn whole(n: i128) -> Exact {
        Exact {
            digits: n,
            scale: 0,
        }
    }

    /// `digits × 10^−scale`.
    pub fn scaled(digits: i128, scale: u32) -> Exact {
        Exact { digits, scale }
    }

    /// The digits, scale left aside.
    pub(crate) fn digits(self) -> i128 {
        self.digits
    }

    /// A float as the shortest decimal that reads back as the same float, which is the
    /// number as the author wrote it (`0.125`, `2.945`, `9e15`).
    pub fn from_f64(x: f64) -> Result<Exact, NumberError> {
        if !x.is_finite() {
            return Err(NumberError::NotFinite);
        }
        if x.abs() > MAX_FLOAT {
            return Err(NumberError::TooLarge);
        }
        let text = format!("{x:e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let fraction_digits = mantissa.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
        let digits: i128 = mantissa.replace('.', "").parse().unwrap_or(0);
        let shift = exponent - fraction_digits;
        match shift {
            s if s >= 0 => Ok(Exact::whole(digits * 10i128.pow(s as u32))),
            s if -s > MAX_SCALE as i32 => Ok(Exact::whole(0)),
            s => Ok(Exact {
                digits,
                scale: (-s) as u32,
            }),
        }
    }

    /// A JSON number (a whole number of any size serde holds, or a float).
    pub fn from_json(n: &serde_json::Number) -> Result<Exact, NumberError> {
        match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Ok(Exact::whole(i128::from(i))),
            (_, Some(u)) => Ok(Exact::whole(i128::from(u))),
            _ => Exact::from_f64(n.as_f64().unwrap_or(f64::NAN)),
        }
    }

    /// Rounded half away from zero to `decimals` places (0.125 → 0.13, −2.5 → −3);
    /// at most [`MAX_DECIMALS`] places.
    pub fn rounded(self, decimals: u32) -> Exact {
        let decimals = decimals.min(MAX_DECIMALS);
        let digits = match decimals.cmp(&self.scale) {
            std::cmp::Ordering::Less => {
                let divisor = 10i128.pow(self.scale - decimals);
                let (quotient, remainder) = (self.digits / divisor, self.digits % divisor);
                quotient + self.digits.signum() * i128::from(2 * remainder.abs() >= divisor)
            }
            _ => self.digits * 10i128.pow(decimals - self.scale),
        };
        Exact {
            digits,
            scale: decimals,
        }
    }

    /// True when the number is exactly zero.
    pub fn is_zero(self) -> bool {
        self.digits == 0
    }

    /// True when the number is below zero.
    pub fn is_negative(self) -> bool {
        self.digits < 0
    }

    /// The number of decimals it needs (trailing zeros dropped).
    pub fn decimals(self) -> u32 {
        let mut exact = self;
        while exact.scale > 0 && exact.digits % 10 == 0 {
            exact.digits /= 10;
            exact.scale -= 1;
        }
        exact.scale
    }

    /// The sign and the digits before and after the decimal point (`(true, "12", "50")`).
    pub(crate) fn parts(self) -> (bool, String, String) {
        let magnitude = self.digits.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let padded = format!("{magnitude:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        (self.digits < 0, whole.to_owned(), fraction.to_owned())
    }

    /// `part / whole × 100`, as a percentage rounded half away from zero to hundredths;
    /// `None` when the whole is zero or the result is beyond `i128`.
    pub fn percent_of(part: Exact, whole: Exact) -> Option<Exact> {
        let scale = part.scale.max(whole.scale);
        let numerator = part.rescaled(scale)?.checked_mul(10_000)?;
        Some(Exact {
            digits: divide_rounded(numerator, whole.rescaled(scale)?)?,
            scale: 2,
        })
    }

    fn rescaled(self, scale: u32) -> Option<i128> {
        self.digits
            .checked_mul(10i128.checked_pow(scale - self.scale)?)
    }
}

/// `numerator / denominator` rounded half away from zero; `None` for a zero denominator.
pub(crate) fn divide_rounded(numerator: i128, denominator: i128) -> Option<i128> {
    let quotient = numerator.checked_div(denominator)?;
    let remainder = numerator % denominator;
    let away = remainder.unsigned_abs() * 2 >= denominator.unsigned_abs();
    let sign = numerator.signum() * denominator.signum();
    Some(quotient + sign * i128::from(away && remainder != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(x: f64, decimals: u32) -> String {
        let (negative, whole, fraction) = Exact::from_f64(x).unwrap().rounded(decimals).parts();
        format!("{}{whole}.{fraction}", if negative { "-" } else { "" })
    }

    #[test]
    fn rounding_is_half_away_from_zero_on_the_written_digits() {
        assert_eq!(text(0.125, 2), "0.13");
        assert_eq!(text(2.945, 2), "2.95");
        assert_eq!(text(1.005, 2), "1.01");
        assert_eq!(text(2.5, 0), "3.");
        assert_eq!(text(-2.5, 0), "-3.");
        assert_eq!(text(-0.125, 2), "-0.13");
        assert_eq!(text(0.004, 2), "0.00");
        assert_eq!(text(9e15, 2), "9000000000000000.00");
        assert_eq!(text(1e-300, 2), "0.00");
    }

    #[test]
    fn numbers_that_cannot_print_exactly_are_refused() {
        assert_eq!(Exact::from_f64(f64::NAN), Err(NumberError::NotFinite));
        assert_eq!(
            Exact::from_f64(f64::NEG_INFINITY),
            Err(NumberError::NotFinite)
        );
        assert_eq!(Exact::from_f64(9.3e16), Err(NumberError::TooLarge));
        assert_eq!(Exact::from_f64(-1e300), Err(NumberError::TooLarge));
        let big = serde_json::Number::from(u64::MAX);
        assert_eq!(
            Exact::from_json(&big).unwrap().parts(),
            (false, "18446744073709551615".to_owned(), String::new())
        );
    }

    #[test]
    fn shares_are_exact() {
        let share = |p: i128, w: i128| Exact::percent_of(Exact::whole(p), Exact::whole(w));
        // 123 / 267 = 46.0674… %; 1 / 8 = 12.5 %; 93e15 / 1e17 = 93 %
        assert_eq!(share(123, 267).unwrap().parts().1, "46");
        assert_eq!(share(123, 267).unwrap().parts().2, "07");
        assert_eq!(share(1, 8).unwrap().parts().2, "50");
        let huge = share(93_000_000_000_000_000, 100_000_000_000_000_000).unwrap();
        assert_eq!(
            (huge.parts().1, huge.parts().2),
            ("93".to_owned(), "00".to_owned())
        );
        // 0.1 of 0.3 = 33.33 %
        let third = Exact::percent_of(Exact::from_f64(0.1).unwrap(), Exact::from_f64(0.3).unwrap());
        assert_eq!(third.unwrap().parts().2, "33");
        assert_eq!(share(1, 0), None);
    }
}
