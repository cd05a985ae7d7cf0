//! Fuzzes the markdown chapter files of a report; see `fuzz/README.md`.
#![no_main]

rapport_fuzz::fuzz_target_for!(Markdown);
