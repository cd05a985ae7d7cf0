//! Benchmark placeholder, replaced by the analysis benchmark.

fn main() {}
