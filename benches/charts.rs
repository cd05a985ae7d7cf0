//! Renders 100 charts of mixed kinds (budget: 200 ms for all of them).

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::analysis::series::{Group, Series, Unit};
use rapport::charts::{ChartKind, ChartOptions, ChartStyle, Sort, render};
use rapport::locale::Lang;

fn series(categories: usize, groups: usize, unit: Unit) -> Series {
    let value = |c: usize, g: usize| match unit {
        Unit::Percent => 100.0 / groups as f64,
        Unit::Score { .. } => 2.5 + ((c * 7 + g * 3) % 10) as f64 / 8.0,
        Unit::Count => ((c * 37 + g * 11) % 90 + 5) as f64,
    };
    Series {
        categories: (0..categories)
            .map(|c| format!("Kategori {c} med åäö"))
            .collect(),
        groups: (0..groups)
            .map(|g| Group {
                name: format!("Grupp {g}"),
                values: (0..categories)
                    .map(|c| (c % 7 != 6).then(|| value(c, g)))
                    .collect(),
            })
            .collect(),
        unit,
        category_label: "Kategori".into(),
    }
}

fn workload() -> Vec<(ChartKind, Series)> {
    let score = Unit::Score { min: 1, max: 5 };
    let kinds = [
        (ChartKind::Bar, series(6, 1, Unit::Count)),
        (ChartKind::Column, series(5, 1, Unit::Count)),
        (ChartKind::GroupedBar, series(6, 2, Unit::Count)),
        (ChartKind::StackedBar, series(4, 3, Unit::Percent)),
        (ChartKind::Radar, series(10, 2, score)),
        (ChartKind::Dumbbell, series(10, 2, score)),
        (ChartKind::Line, series(4, 2, score)),
    ];
    kinds.into_iter().cycle().take(100).collect()
}

fn hundred_charts(c: &mut Criterion) {
    let charts = workload();
    let style = ChartStyle::id();
    let options = ChartOptions {
        title: "Deltagare per åldersgrupp".into(),
        x_label: None,
        y_label: None,
        sort: Sort::Descending,
        colours: None,
    };
    c.bench_function("render 100 charts", |b| {
        b.iter(|| {
            for (kind, series) in &charts {
                let chart = render(*kind, series, &options, &style, Lang::Sv).expect("chart");
                std::hint::black_box(chart);
            }
        })
    });
}

criterion_group!(benches, hundred_charts);
criterion_main!(benches);
