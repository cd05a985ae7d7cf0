//! The value axis: its range, its ticks and how its numbers are written.

use crate::analysis::series::Unit;
use crate::locale::{Hundredths, Lang, NBSP};

/// A linear value axis from `lo` to `hi` with tick positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub unit: Unit,
}

/// More ticks than this means the step was chosen badly; never draw them all.
const MAX_TICKS: usize = 12;

impl Scale {
    /// An axis that holds every value, starting at zero for counts and percentages
    /// and spanning the rating scale for scores.
    pub fn fitting(unit: Unit, values: impl Iterator<Item = f64> + Clone) -> Scale {
        let data_lo = values.clone().fold(f64::INFINITY, f64::min);
        let data_hi = values.fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = match unit {
            Unit::Score { min, max } => (data_lo.min(min as f64), data_hi.max(max as f64)),
            Unit::Count | Unit::Percent => (data_lo.min(0.0), data_hi.max(0.0)),
        };
        let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
        let step = nice_step(unit, hi - lo);
        let lo = (lo / step).floor() * step;
        let mut hi = (hi / step).ceil() * step;
        if unit == Unit::Percent && hi > 100.0 && data_hi <= 100.0 {
            hi = 100.0;
        }
        Scale::stepped(unit, lo, hi, step)
    }

    /// The 0–100 % axis of a 100 % stacked bar.
    pub fn whole_percent() -> Scale {
        Scale::stepped(Unit::Percent, 0.0, 100.0, 20.0)
    }

    fn stepped(unit: Unit, lo: f64, hi: f64, step: f64) -> Scale {
        let count = ((hi - lo) / step).round().clamp(0.0, MAX_TICKS as f64) as usize;
        let ticks = (0..=count).map(|i| lo + step * i as f64).collect();
        Scale {
            lo,
            hi,
            ticks,
            unit,
        }
    }

    /// Where bars start: zero, or the bottom of a rating scale.
    pub fn baseline(&self) -> f64 {
        0.0_f64.clamp(self.lo, self.hi)
    }

    /// The position of `value` on an axis drawn from pixel `from` to pixel `to`.
    pub fn px(&self, value: f64, from: i32, to: i32) -> i32 {
        let t = ((value - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        (f64::from(from) + t * f64::from(to - from)).round() as i32
    }

    /// A tick label: `20 %`, `2,5`, `1 000`.
    pub fn tick_label(&self, value: f64, lang: Lang) -> String {
        match self.unit {
            Unit::Percent => with_percent_sign(lang.decimal(value), lang),
            Unit::Count | Unit::Score { .. } => lang.decimal(value),
        }
    }
}

/// A value label as published: `96`, `46,07 %`, `2,94`.
pub fn value_label(unit: Unit, value: f64, lang: Lang) -> String {
    let rounded = Hundredths::round_f64(value);
    match unit {
        Unit::Count => lang.decimal(value),
        Unit::Percent => lang.percent(rounded),
        Unit::Score { .. } => lang.hundredths(rounded),
    }
}

fn with_percent_sign(number: String, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("{number}{NBSP}%"),
        Lang::En => format!("{number}%"),
    }
}

/// A round step (1, 2, 2.5 or 5 times a power of ten) giving about five ticks;
/// whole numbers only for counts and scores.
fn nice_step(unit: Unit, range: f64) -> f64 {
    let raw = range / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    match unit {
        Unit::Percent => step,
        Unit::Count | Unit::Score { .. } => step.ceil().max(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_start_at_zero_with_round_steps() {
        let scale = Scale::fitting(Unit::Count, [96.0, 59.0, 13.0].into_iter());
        assert_eq!(scale.ticks, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    }

    #[test]
    fn scores_span_the_rating_scale() {
        let unit = Unit::Score { min: 1, max: 5 };
        let scale = Scale::fitting(unit, [2.94, 3.87].into_iter());
        assert_eq!((scale.lo, scale.hi), (1.0, 5.0));
        assert_eq!(scale.baseline(), 1.0);
    }

    #[test]
    fn percent_axis_stops_at_one_hundred() {
        let scale = Scale::fitting(Unit::Percent, [92.31, 59.38].into_iter());
        assert_eq!(scale.hi, 100.0);
        assert_eq!(scale.tick_label(40.0, Lang::Sv), "40\u{A0}%");
    }

    #[test]
    fn all_zero_values_still_give_an_axis() {
        let scale = Scale::fitting(Unit::Count, [0.0, 0.0].into_iter());
        assert!(scale.hi > scale.lo);
        assert_eq!(scale.px(0.0, 100, 200), 100);
    }
}
