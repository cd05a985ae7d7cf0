//! The statistics: real exports read as they are, declared
//! breakdowns and derived figures, the SPiK figures recomputed, small-cell
//! suppression, loading errors, and the statistics in a built site.

mod declared;
mod errors;
mod exports;
mod site;
mod spik;
mod suppression;

use rapport::analysis::Statistics;
use rapport::analysis::series::Series;
use rapport::document::{Table, computed};
use rapport::locale::Lang;

/// The table a shorthand name stands for, as the document shows it.
fn table(stats: &Statistics, name: &str, lang: Lang) -> Option<Table> {
    let view = stats.named(name)?;
    stats.table(&view, lang).map(|t| computed::table(t, lang))
}

/// The chart data a shorthand name stands for.
fn series(stats: &Statistics, name: &str, lang: Lang) -> Option<Series> {
    stats.series(&stats.named(name)?, lang)
}
