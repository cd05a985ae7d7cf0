//! Renderers: each output format formats the same [`crate::document::Document`].

pub mod pdf;
