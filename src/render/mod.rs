//! Renderers: each turns the same Document into one output format. A renderer
//! formats; it never computes a number.

pub mod docx;
pub mod html;
pub mod pdf;

pub use crate::output::OutputFile;
