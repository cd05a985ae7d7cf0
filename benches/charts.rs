//! Benchmark placeholder, replaced by the charts benchmark.

fn main() {}
