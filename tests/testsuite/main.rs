//! The integration tests, in one binary so the Typst compiler is linked once (the
//! layout of mdBook's `tests/testsuite/`): each module drives the `rapport` binary or
//! the library on fixture reports in `tests/fixtures/` and `tests/bad-input/`.

mod common;

mod bad_input;
mod blocks;
mod browser_gates;
mod build;
mod check;
mod citations;
mod diagnostics;
mod diff;
mod errors;
mod fuzz_regressions;
mod init;
mod output;
mod pdf;
mod privacy;
mod safety;
mod serve;
mod statistics;
