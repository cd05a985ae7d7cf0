//! PDF rendering time: a realistic report and a generated report of about 200 pages,
//! each a cold build (Typst's memo cache is cleared before every iteration), and the
//! realistic report retypeset after a one-chapter edit as `rapport serve` does it.
//! Run: `cargo bench --profile dev --bench pdf`.

#[path = "../tests/testsuite/pdf/sample.rs"]
mod sample;

use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rapport::document::{Block, Document, Inline};
use rapport::load::config::Style;
use rapport::locale::Lang;
use rapport::render::pdf;
use rapport::templates::Templates;

/// Result chapters added to the sample: 41 pages, like the reference reports.
const REPORT_CHAPTERS: usize = 8;
/// Result chapters added to the sample: 205 pages.
const LONG_REPORT_CHAPTERS: usize = 48;

/// An empty report folder: the sample has no report-local templates or images.
fn sample_root() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn render(doc: &Document, style: Style) -> Vec<u8> {
    let root = sample_root();
    let templates = Templates::new(root.path(), style);
    pdf::render(doc, &templates, root.path()).unwrap_or_else(|d| panic!("{}", d.render()))
}

/// `doc` with a sentence added to the end of its second chapter.
fn edited(doc: &Document) -> Document {
    let mut doc = doc.clone();
    let sentence = "Ett nytt stycke om samverkan mellan kommunerna och arbetsmarknaden.";
    doc.chapters[1]
        .blocks
        .push(Block::Paragraph(vec![Inline::Text(sentence.to_owned())]).into());
    doc
}

/// One typesetter kept between builds, each build undoing the previous one's edit.
fn bench_retypeset(c: &mut Criterion) {
    let root = sample_root();
    let templates = Templates::new(root.path(), Style::Id);
    let original = sample::report(Lang::Sv, Style::Id.numbered(), REPORT_CHAPTERS);
    let versions = [edited(&original), original];
    let mut typesetter = pdf::Typesetter::default();
    let mut builds = versions.iter().cycle();
    let mut typeset = |doc: &Document| {
        typesetter
            .render(doc, &templates, root.path())
            .unwrap_or_else(|d| panic!("{}", d.render()))
    };
    typeset(&versions[1]);
    c.bench_function("pdf/report-retypeset-after-edit", |b| {
        b.iter(|| typeset(builds.next().expect("cycle")))
    });
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

criterion_group!(benches, bench_pdf, bench_retypeset);
criterion_main!(benches);
