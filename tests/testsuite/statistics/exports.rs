//! Real exports read as they are: the example's participants re-saved as Windows-1252
//! with CRLF and times on the dates, as UTF-8 with a byte-order mark and tabs, and with
//! gaps and a third gender value. Expected figures come from
//! `tests/fixtures/exports/make.py`, which counts them independently of rapport.

use std::path::Path;

use rapport::analysis::Statistics;
use rapport::load::dataset;
use rapport::locale::Lang;
use serde_json::Value;
use serde_yaml::Value as Yaml;

const FIXTURES: &str = "tests/fixtures/exports";

/// The example's declaration, pointed at one export.
fn declaration(file: &str) -> String {
    declaration_with(file, "")
}

/// The example's declaration with more keys beside `fil:`.
fn declaration_with(file: &str, beside_file: &str) -> String {
    format!(
        "deltagare:
  fil: {file}{beside_file}
  kolumner: {{id: Personnummer-id, fodelsear: Födelseår, kommun: Kommun, remittent: Remittent,
             inskrivning: Inskriven, avslut: Utskriven, avslutsorsak: Avslutsorsak}}
  kon: {{kolumn: Kön, kvinna: K, man: M, annat: [Annat/vill ej uppge]}}
  saknas: [\"-\", \"NULL\"]
  aldersgrupper: [\"-29\", \"30-39\", \"40-49\", \"50-\"]
  referensdatum: 2024-01-01
"
    )
}

/// A report folder holding one export and its declaration.
fn report(export: &Path, declaration: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let name = export.file_name().unwrap();
    std::fs::copy(export, data.join(name)).unwrap();
    std::fs::write(data.join("statistics.yaml"), declaration).unwrap();
    dir
}

fn context_of(export: &Path) -> Value {
    let file = export.file_name().unwrap().to_str().unwrap();
    context_with(export, &declaration(file))
}

fn context_with(export: &Path, declaration: &str) -> Value {
    let dir = report(export, declaration);
    let data = dataset::load(dir.path(), Lang::Sv).unwrap().unwrap();
    Statistics::compute(&data, 1, Lang::Sv)
        .unwrap()
        .context(Lang::Sv)
}

fn expected(variant: &str) -> Yaml {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("expected.yaml")).unwrap();
    let all: Yaml = serde_yaml::from_str(&text).unwrap();
    all[variant].clone()
}

/// Compares every count of `expected` with `deltagare.…` in the context.
fn assert_counts(context: &Value, expected: &Yaml, path: &str) {
    for (key, value) in expected.as_mapping().unwrap() {
        let key = key.as_str().unwrap();
        let name = format!("{path}.{key}");
        match value {
            Yaml::Mapping(_) => assert_counts(context, value, &name),
            _ => {
                let want = value.as_u64().unwrap();
                let got = name
                    .split('.')
                    .skip(1)
                    .fold(&context["deltagare"], |v, k| &v[k]);
                // A gender column that nobody is in is not shown at all.
                if got.is_null() && want == 0 && key == "annat" {
                    continue;
                }
                assert_eq!(got.as_u64(), Some(want), "{name}");
            }
        }
    }
}

#[test]
fn re_saved_exports_give_the_example_figures() {
    let original = context_of(Path::new("data/deltagare.csv"));
    let complete = expected("complete");
    assert_counts(&original, &complete, "deltagare");
    for variant in ["cp1252-crlf.csv", "bom-crlf.csv"] {
        let context = context_of(&Path::new(FIXTURES).join(variant));
        assert_counts(&context, &complete, "deltagare");
        assert_eq!(
            context, original,
            "{variant} gives other figures than the UTF-8 file"
        );
    }
}

#[test]
fn gaps_and_a_third_gender_are_counted_never_dropped() {
    let context = context_of(&Path::new(FIXTURES).join("gaps.csv"));
    assert_counts(&context, &expected("gaps"), "deltagare");
    let kommun = &context["deltagare"]["kommun"];
    assert_eq!(kommun["saknas"]["antal"], 4);
    let total: u64 = kommun
        .as_object()
        .unwrap()
        .values()
        .map(|c| c["antal"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 312, "every row is in the municipality breakdown");
}

#[test]
fn the_missing_category_is_shown_last_with_its_label() {
    let export = Path::new(FIXTURES).join("gaps.csv");
    let dir = report(&export, &declaration("gaps.csv"));
    let data = dataset::load(dir.path(), Lang::Sv).unwrap().unwrap();
    let stats = Statistics::compute(&data, 1, Lang::Sv).unwrap();
    let table = super::table(&stats, "deltagare_kommun", Lang::Sv).unwrap();
    let header: Vec<String> = table.header[0].iter().map(|c| c.plain()).collect();
    assert_eq!(
        header,
        [
            "Kommun",
            "Kvinnor",
            "Män",
            "Annat/uppgift saknas",
            "Totalt",
            "Andel",
            "Jämn könsfördelning (40/60)"
        ]
    );
    let last = table.rows.last().unwrap();
    assert_eq!(last[0].plain(), "Uppgift saknas");
    assert_eq!(last[4].plain(), "4");
    let english = dataset::load(dir.path(), Lang::En).unwrap().unwrap();
    let stats = Statistics::compute(&english, 1, Lang::En).unwrap();
    let table = super::table(&stats, "deltagare_kommun", Lang::En).unwrap();
    assert_eq!(table.rows.last().unwrap()[0].plain(), "Not stated");
}

#[test]
fn small_groups_of_the_third_gender_are_protected() {
    let export = Path::new(FIXTURES).join("gaps.csv");
    let dir = report(&export, &declaration("gaps.csv"));
    let data = dataset::load(dir.path(), Lang::Sv).unwrap().unwrap();
    let context = Statistics::compute(&data, 5, Lang::Sv)
        .unwrap()
        .context(Lang::Sv);
    assert_eq!(context["deltagare"]["annat"], "< 5");
}

#[test]
fn errors_in_a_crlf_windows_file_name_the_physical_line() {
    let source = Path::new(FIXTURES).join("cp1252-crlf.csv");
    let bytes = std::fs::read(&source).unwrap();
    // Data row 100 is physical line 101; give it an exit date before its enrolment,
    // keeping the other bytes (Windows-1252) as they are.
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let mut fields: Vec<Vec<u8>> = lines[100]
        .split(|&b| b == b';')
        .map(<[u8]>::to_vec)
        .collect();
    fields[5] = b"2024-05-01".to_vec();
    fields[6] = b"2020-01-01".to_vec();
    lines[100] = fields.join(&b';');
    let bytes = lines.join(&b'\n');
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.csv");
    std::fs::write(&export, bytes).unwrap();
    let report = report(&export, &declaration("export.csv"));
    let err = dataset::load(report.path(), Lang::Sv).unwrap_err();
    let p = err.position.unwrap();
    assert_eq!(p.line, 101, "{err}");
    assert!(err.message.contains("before the enrolment date"), "{err}");
}

#[test]
fn a_binary_file_is_refused_at_its_byte() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.csv");
    std::fs::write(
        &export,
        b"Personnummer-id;K\xF6n\r\nB1;K\r\nB2;\x00\x00\r\n",
    )
    .unwrap();
    let report = report(&export, &declaration("export.csv"));
    let err = dataset::load(report.path(), Lang::Sv).unwrap_err();
    assert!(err.message.contains("offset 30 (line 3)"), "{err}");
}

#[test]
fn an_excel_sheet_with_title_rows_gives_the_same_figures() {
    let export = Path::new(FIXTURES).join("export.xlsx");
    let beside = "\n  blad: Deltagare\n  rubrikrad: 3";
    let context = context_with(&export, &declaration_with("export.xlsx", beside));
    assert_counts(&context, &expected("gaps"), "deltagare");
    let unknown_sheet = declaration_with("export.xlsx", "\n  blad: Data");
    let dir = report(&export, &unknown_sheet);
    let err = dataset::load(dir.path(), Lang::Sv).unwrap_err();
    assert!(err.to_string().contains("it has no sheet `Data`"), "{err}");
    assert_eq!(err.hint.as_deref(), Some("its sheets are: Info, Deltagare"));
}

#[test]
fn a_workbook_that_unpacks_too_far_is_refused() {
    let export = Path::new(FIXTURES).join("bomb.xlsx");
    let declaration = format!("{}storleksgrans_mb: 2\n", declaration("bomb.xlsx"));
    let dir = report(&export, &declaration);
    let err = dataset::load(dir.path(), Lang::Sv).unwrap_err();
    assert!(err.message.contains("unpacks to 4.0 MB"), "{err}");
    assert!(err.message.contains("at most 0.5 MB"), "{err}");
}
