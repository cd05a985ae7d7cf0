//! rapport: evaluation reports from markdown chapters and YAML/CSV statistics.
//!
//! The pipeline: [`load`] → [`analysis`] → [`document`] → [`render`] → [`output`].
//! [`check`] adds the warnings of `rapport check`.

pub mod analysis;
pub mod charts;
pub mod check;
pub mod diagnostic;
pub mod document;
pub mod init;
pub mod load;
pub mod locale;
pub mod manifest;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod templates;
