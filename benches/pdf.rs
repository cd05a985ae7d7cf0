//! Benchmark placeholder, replaced by the pdf benchmark.

fn main() {}
