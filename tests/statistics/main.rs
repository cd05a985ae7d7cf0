//! The statistics, in one test binary: real exports read as they are, declared
//! breakdowns and derived figures, the SPiK figures recomputed, small-cell
//! suppression, loading errors, and the statistics in a built site.

#[path = "../common/mod.rs"]
mod common;

mod declared;
mod errors;
mod exports;
mod site;
mod spik;
mod suppression;
