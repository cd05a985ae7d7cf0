//! Builds the example report's HTML site end to end, without writing it
//! (budget: 100 ms), and the whole build including the atomic write.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::pipeline;
use rapport::render::{self, Renderer};

/// The site's renderer alone.
fn html() -> Vec<Box<dyn Renderer>> {
    render::by_names(&["html"]).expect("html is a renderer")
}

fn example() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bench(c: &mut Criterion) {
    c.bench_function("example report: load, analyse, lay out, render HTML", |b| {
        b.iter(|| {
            let (project, document) = pipeline::prepare(example()).expect("the example builds");
            pipeline::render(&project, &document, &mut html()).expect("the example renders")
        })
    });
    let out = tempfile::tempdir().expect("a temporary folder");
    c.bench_function("example report: HTML build with atomic write", |b| {
        b.iter(|| {
            pipeline::build(example(), &out.path().join("output"), &mut html())
                .expect("the example builds")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
