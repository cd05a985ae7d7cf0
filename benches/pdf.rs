//! PDF rendering time: a realistic report and a generated report of about 200 pages.
//! Typst's memo cache is cleared before every iteration, so each one is a cold build.
//! Run: `cargo bench --profile dev --bench pdf`.

#[path = "../tests/sample/mod.rs"]
mod sample;

use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rapport::document::Document;
use rapport::load::config::Style;
use rapport::locale::Lang;
use rapport::render::pdf;
use rapport::templates::Templates;

/// Result chapters added to the sample: 41 pages, like the reference reports.
const REPORT_CHAPTERS: usize = 8;
/// Result chapters added to the sample: 205 pages.
const LONG_REPORT_CHAPTERS: usize = 48;

fn render(doc: &Document, style: Style) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sample");
    let templates = Templates::new(&root, style);
    pdf::render(doc, &templates, &root).unwrap_or_else(|d| panic!("{}", d.render()))
}

fn bench_pdf(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (name, style, extra) in [
        ("report", Style::Id, REPORT_CHAPTERS),
        ("report-200-pages", Style::Asking, LONG_REPORT_CHAPTERS),
    ] {
        let doc = sample::report(Lang::Sv, style.numbered(), extra);
        group.bench_function(name, |b| {
            b.iter_batched(
                || typst::comemo::evict(0),
                |()| render(&doc, style),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench_pdf);
criterion_main!(benches);
