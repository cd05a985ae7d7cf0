//! 100 000 participants in 10 breakdowns (the four shorthand ones and six under
//! `dimensioner:`) with 4 ratings of 10 questions each, written as CSV files: load +
//! analysis alone, and the whole site of a report showing them (load, analysis, lay-out,
//! HTML and the atomic write). Target (issue 14): the site ≤ 0,5 s and ≤ 250 MB.

use std::fmt::Write as _;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::analysis::Statistics;
use rapport::load::dataset;
use rapport::pipeline;
use rapport::render;

const PEOPLE: usize = 100_000;
const ROUNDS: usize = 4;
const QUESTIONS: usize = 10;

/// A deterministic pseudo-random number (xorshift), so runs are comparable.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Writes `data/statistics.yaml`, the participants and the ratings into `root`.
fn write_report(root: &Path) {
    let data = root.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let questions: Vec<String> = (1..=QUESTIONS).map(|q| format!("q{q}")).collect();
    let declaration = format!(
        "deltagare:\n  fil: p.csv\n  kolumner: {{id: id, kon: kon, aldersgrupp: alder, kommun: kommun, remittent: remittent, avslutsorsak: orsak, inskrivning: start}}\n  aldersgrupper: [\"20-29\", \"30-39\", \"40-49\", \"50-59\", \"60-\"]\n  dimensioner:\n    utbildning: {{kolumn: utb, ordning: [F, G, E]}}\n    fodd: {{kolumn: fodd, etiketter: {{J: Född i Sverige, N: Född utomlands}}}}\n    forsorjning: {{kolumn: fors}}\n    insats: {{kolumn: insats}}\n    manader: {{kolumn: manader, grupper: [\"-11\", \"12-35\", \"36-\"]}}\n    ar: {{kolumn: start, datum: kvartal}}\nbip:\n  fil: b.csv\n  skala: {{min: 1, max: 5}}\n  fragor: {{{}}}\n",
        questions
            .iter()
            .map(|q| format!("{q}: Fråga {q}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(data.join("statistics.yaml"), declaration).unwrap();
    let mut state = 0x9E37_79B9_7F4A_7C15;
    let mut people =
        String::from("id,kon,alder,kommun,remittent,orsak,start,utb,fodd,fors,insats,manader\n");
    let mut ratings = format!("deltagare,datum,{}\n", questions.join(","));
    let ages = ["20-29", "30-39", "40-49", "50-59", "60-"];
    for i in 0..PEOPLE {
        let gender = if next(&mut state).is_multiple_of(2) {
            "kvinna"
        } else {
            "man"
        };
        let age = ages[next(&mut state) as usize % ages.len()];
        let municipality = next(&mut state) % 12;
        let reason = next(&mut state) % 6;
        let pick = |state: &mut u64, n: u64| next(state) % n;
        writeln!(
            people,
            "P{i},{gender},{age},Kommun {municipality},R{},orsak{reason},202{}-0{}-04,{},{},S{},I{},{}",
            pick(&mut state, 4),
            pick(&mut state, 3),
            1 + pick(&mut state, 9),
            ["F", "G", "E", ""][pick(&mut state, 4) as usize],
            ["J", "N"][pick(&mut state, 2) as usize],
            pick(&mut state, 5),
            pick(&mut state, 3),
            pick(&mut state, 60),
        )
        .unwrap();
        for round in 0..ROUNDS {
            write!(ratings, "P{i},2021-{:02}-01", 1 + 3 * round).unwrap();
            for _ in 0..QUESTIONS {
                write!(ratings, ",{}", 1 + next(&mut state) % 5).unwrap();
            }
            ratings.push('\n');
        }
    }
    std::fs::write(data.join("p.csv"), people).unwrap();
    std::fs::write(data.join("b.csv"), ratings).unwrap();
    write_chapter(root);
}

/// `report.yaml` and a chapter with figures in prose, tables and charts of the data.
fn write_chapter(root: &Path) {
    std::fs::write(
        root.join("report.yaml"),
        "title: Hundratusen\ndate: 2026-11-30\nauthors: [Utvärderaren]\n",
    )
    .unwrap();
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let chapter = "# Resultat\n\nDeltagarna var {{ deltagare.totalt }}, varav \
{{ deltagare.kon.kvinna.andel }} kvinnor. {{ bip.positiv.andel }} förbättrade sig.\n\n\
```{table}\ndata: deltagare\nrader: utbildning\nkolumner: kon\ntitle: Utbildning\n```\n\n\
```{table}\ndata: deltagare\nrader: kommun\nkolumner: remittent\ntitle: Kommun och remittent\n```\n\n\
```{table}\ndata: bip_medel\ntitle: Frågorna\n```\n\n\
```{chart}\nkind: grouped-bar\ndata: deltagare_ar\ntitle: Inskrivna per kvartal\n```\n\n\
```{chart}\nkind: dumbbell\ndata: bip_medel\ntitle: Första och sista skattningen\n```\n";
    std::fs::write(content.join("01-resultat.md"), chapter).unwrap();
}

fn load_and_compute(root: &Path) -> Statistics {
    let data = dataset::load(root, rapport::locale::Lang::Sv)
        .unwrap()
        .unwrap();
    Statistics::compute(&data, 5, rapport::locale::Lang::Sv).unwrap()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_report(dir.path());
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    group.bench_function("load+compute 100k participants × 4 ratings", |b| {
        b.iter(|| load_and_compute(dir.path()))
    });
    let out = dir.path().join("output");
    let mut site = render::by_names(&["html"]).unwrap();
    group.bench_function("site of 100k participants × 4 ratings", |b| {
        b.iter(|| pipeline::build(dir.path(), &out, &mut site).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
