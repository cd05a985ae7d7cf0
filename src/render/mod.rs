//! Renderers: each turns the same Document into one output format. A renderer
//! formats; it never computes a number.

pub mod docx;
pub mod html;
pub mod pdf;

use std::path::PathBuf;

/// One file of the output, relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}
