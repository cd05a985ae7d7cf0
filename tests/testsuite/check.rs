//! `rapport check`: exit codes, positioned errors and warnings (human and JSON), the
//! typed-number warnings and their silencing, and that nothing is written.

use crate::common;

use std::path::Path;

use crate::common::{fixture, rapport};
use rapport::document::prose;
use serde_json::Value;

/// Appends a chapter with `text` to a copy of the spik fixture (267 participants,
/// 46,07 % women, 35,96 % aged 20–29).
fn spik_with(text: &str) -> tempfile::TempDir {
    let dir = fixture("spik");
    std::fs::write(
        dir.path().join("content/05-skrivet.md"),
        format!("# Skrivet för hand\n\n{text}\n"),
    )
    .unwrap();
    dir
}

fn json(args: &[&str], dir: &Path) -> (Option<i32>, Vec<Value>) {
    let out = rapport(args, dir);
    let items: Vec<Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), items)
}

#[test]
fn a_clean_report_exits_0_and_writes_nothing() {
    for name in ["basic", "spik"] {
        let dir = fixture(name);
        let out = rapport(&["check", "--deny-warnings"], dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("no problems found"));
        assert!(
            !dir.path().join("output").exists(),
            "{name}: output written"
        );
    }
}

#[test]
fn a_broken_file_exits_1_with_its_position() {
    let dir = fixture("basic");
    std::fs::write(
        dir.path().join("report.yaml"),
        "title: T\ndate: 2024-01-01\ntitel: x\n",
    )
    .unwrap();
    let out = rapport(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("report.yaml:3:1"), "{stderr}");
    let (code, items) = json(&["check", "--format", "json"], dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["severity"], "error");
    assert!(items[0]["file"].as_str().unwrap().ends_with("report.yaml"));
    assert_eq!(
        (items[0]["line"].as_u64(), items[0]["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert!(!dir.path().join("output").exists());
}

#[test]
fn a_contradicted_number_warns_with_the_computed_value() {
    let dir = spik_with("Av deltagarna var 36,23 % i åldern 20–29 år.");
    let out = rapport(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("05-skrivet.md:3:19"), "{stderr}");
    assert!(stderr.contains("35,96 %"), "{stderr}");
    assert!(
        stderr.contains("deltagare.aldersgrupp[\"20-29\"].andel"),
        "{stderr}"
    );
    assert!(stderr.contains("^"), "source line with a marker: {stderr}");
    assert_eq!(
        rapport(&["check", "--deny-warnings"], dir.path())
            .status
            .code(),
        Some(2)
    );
    let (code, items) = json(
        &["check", "--format", "json", "--deny-warnings"],
        dir.path(),
    );
    assert_eq!(code, Some(2));
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["severity"], "warning");
    assert_eq!(
        (items[0]["line"].as_u64(), items[0]["column"].as_u64()),
        (Some(3), Some(19))
    );
    assert!(
        items[0]["hint"]
            .as_str()
            .unwrap()
            .contains("{{ deltagare.aldersgrupp")
    );
    assert!(!dir.path().join("output").exists());
}

#[test]
fn correct_and_silenced_numbers_do_not_warn() {
    let dir = spik_with(
        "Projektet har haft 267 deltagare, varav 46,07 % kvinnor.\n\n\
         Av deltagarna var 36,23 % i åldern 20–29 år i en tidigare mätning. <!-- rapport: ignore -->",
    );
    let (code, items) = json(
        &["check", "--format", "json", "--deny-warnings"],
        dir.path(),
    );
    assert_eq!((code, items.len()), (Some(0), 0), "{items:?}");
}

/// Prose whose numbers all come from the data gives no warnings once its `{{ }}` are
/// replaced by the values they print: the heuristic's false positives on real text.
#[test]
fn expanded_prose_gives_no_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for report in [root.to_path_buf(), root.join("tests/fixtures/spik")] {
        let (mut project, _, values) = rapport::pipeline::prepare_with_values(&report).unwrap();
        let mut names = values.clone();
        names.extend(project.data.clone());
        names.insert(
            "rapport".into(),
            serde_json::to_value(&project.config.meta).unwrap(),
        );
        for chapter in &mut project.chapters {
            let mut scope = names.clone();
            if let Some(Value::Object(own)) = &chapter.data {
                scope.extend(own.clone());
            }
            let lang = project.config.language;
            let scope = Value::Object(scope);
            chapter.body = prose::expand(&chapter.body, &scope, lang, &chapter.path, 0)
                .unwrap()
                .text;
        }
        let warnings = rapport::check::typed_numbers(&project, &values);
        let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert!(shown.is_empty(), "{}: {shown:#?}", report.display());
    }
}

#[test]
fn schema_writes_one_json_schema_per_file_kind() {
    let dir = tempfile::tempdir().unwrap();
    let out = rapport(&["schema", "--out", "s"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in [
        "report",
        "statistics",
        "questions",
        "goals",
        "sustainability",
        "figures",
    ] {
        let text =
            std::fs::read_to_string(dir.path().join(format!("s/{name}.schema.json"))).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert!(schema["properties"].is_object(), "{name}: {schema}");
    }
    let report = std::fs::read_to_string(dir.path().join("s/report.schema.json")).unwrap();
    assert!(report.contains("suppression_threshold") && report.contains("\"title\""));
    let figures = std::fs::read_to_string(dir.path().join("s/figures.schema.json")).unwrap();
    let figures: Value = serde_json::from_str(&figures).unwrap();
    for list in ["values", "goals", "tables", "charts"] {
        assert!(figures["properties"][list].is_object(), "{list}: {figures}");
    }
}

/// A paragraph of the labelled corpus in `tests/fixtures/spik-prose.yaml`.
#[derive(serde::Deserialize)]
struct Paragraph {
    source: String,
    text: String,
    numbers: Vec<Labelled>,
}

/// A typed number and what it is, labelled by hand.
#[derive(serde::Deserialize)]
struct Labelled {
    typed: String,
    label: Label,
    #[allow(dead_code)]
    figure: String,
}

#[derive(serde::Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Label {
    Contradiction,
    Agrees,
    NotAClaim,
}

/// The 1-based character column of each labelled number in `text`, in order: each
/// searched after the previous one, as a whole number (no digit next to it).
fn columns(paragraph: &Paragraph) -> Vec<usize> {
    let chars: Vec<char> = paragraph.text.chars().collect();
    let mut from = 0;
    paragraph
        .numbers
        .iter()
        .map(|number| {
            let typed: Vec<char> = number.typed.chars().collect();
            let at = (from..chars.len())
                .find(|&i| {
                    chars[i..].starts_with(&typed)
                        && !(i > 0 && chars[i - 1].is_alphanumeric())
                        && !chars.get(i + typed.len()).is_some_and(char::is_ascii_digit)
                })
                .unwrap_or_else(|| {
                    panic!(
                        "{}: `{}` not in {}",
                        paragraph.source, number.typed, paragraph.text
                    )
                });
            from = at + typed.len();
            at + 1
        })
        .collect()
}

/// Real evaluation prose checked against the SPiK fixture: every contradiction is
/// found and nothing else warns. Precision and recall are printed
/// (`cargo test --test check corpus -- --nocapture`).
#[test]
fn real_prose_corpus_gives_exactly_the_contradictions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus: Vec<Paragraph> = serde_yaml::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/spik-prose.yaml")).unwrap(),
    )
    .unwrap();
    let (mut project, _, values) =
        rapport::pipeline::prepare_with_values(&root.join("tests/fixtures/spik")).unwrap();
    project.chapters.truncate(1);
    let (mut found, mut false_warnings, mut missed) = (0, Vec::new(), Vec::new());
    let mut contradictions = 0;
    for paragraph in &corpus {
        project.chapters[0].body = paragraph.text.clone();
        project.chapters[0].body_offset = 0;
        let warned: Vec<usize> = rapport::check::typed_numbers(&project, &values)
            .iter()
            .map(|w| w.position.expect("warnings have a position").column)
            .collect();
        let columns = columns(paragraph);
        for column in &warned {
            let label = columns
                .iter()
                .position(|c| c == column)
                .map(|i| paragraph.numbers[i].label);
            match label {
                Some(Label::Contradiction) => found += 1,
                _ => false_warnings.push(format!(
                    "{} column {column}: {}",
                    paragraph.source, paragraph.text
                )),
            }
        }
        for (number, column) in paragraph.numbers.iter().zip(&columns) {
            if number.label == Label::Contradiction {
                contradictions += 1;
                if !warned.contains(column) {
                    missed.push(format!(
                        "{} `{}`: {}",
                        paragraph.source, number.typed, paragraph.text
                    ));
                }
            }
        }
    }
    let warnings = found + false_warnings.len();
    let ratio = |part: usize, whole: usize| {
        if whole == 0 {
            1.0
        } else {
            part as f64 / whole as f64
        }
    };
    let labelled: usize = corpus.iter().map(|p| p.numbers.len()).sum();
    println!(
        "corpus: {} paragraphs, {labelled} typed numbers, {contradictions} contradictions; {warnings} warnings: precision {:.2}, recall {:.2}",
        corpus.len(),
        ratio(found, warnings),
        ratio(found, contradictions),
    );
    assert!(
        false_warnings.is_empty() && missed.is_empty(),
        "false warnings: {false_warnings:#?}\nmissed: {missed:#?}"
    );
}

/// `check` renders what `build` renders: a Typst error in the report's own PDF
/// template fails it, and `--no-pdf` leaves the PDF out.
#[test]
fn a_broken_report_typst_template_fails_check() {
    let dir = common::fixture("basic");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/report.typ"), "#let broken = (\n").unwrap();
    let out = common::rapport(&["check"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("templates/report.typ:1:1"), "{stderr}");
    assert!(!dir.path().join("output").exists(), "check writes nothing");
    let out = common::rapport(&["check", "--no-pdf"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A share above 100 % and a value shown withheld in prose are warnings at their
/// `{{ }}`, printed sorted by file and line; `--deny-warnings` makes them exit 2.
#[test]
fn prose_warns_of_a_share_over_its_whole_and_a_withheld_value() {
    let dir = fixture("basic");
    std::fs::write(dir.path().join("data/liten.yaml"), "antal: \"< 3\"\n").unwrap();
    std::fs::write(
        dir.path().join("content/04-varningar.md"),
        "# Varningar\n\nSmå grupper: {{ liten.antal }} personer.\n\n\
         Kvinnor: {{ siffror.kvinnor | andel(av=siffror.snitt) }} av snittet.\n",
    )
    .unwrap();
    let (code, items) = json(&["check", "--no-pdf", "--format", "json"], dir.path());
    assert_eq!(code, Some(0), "{items:?}");
    let found: Vec<(String, u64, u64, &str)> = items
        .iter()
        .map(|i| {
            let file = i["file"].as_str().unwrap();
            let file = file[file.find("content/").unwrap()..].to_owned();
            (
                file,
                i["line"].as_u64().unwrap(),
                i["column"].as_u64().unwrap(),
                i["message"].as_str().unwrap(),
            )
        })
        .collect();
    let chapter = "content/04-varningar.md".to_owned();
    assert_eq!(
        found,
        [
            (
                chapter.clone(),
                3,
                14,
                "this value is withheld to protect small groups: the text shows it as “–” or “< 5”"
            ),
            (
                chapter,
                5,
                10,
                "this share is above 100 %: its part is larger than its whole"
            ),
        ]
    );
    let out = rapport(&["check", "--no-pdf", "--deny-warnings"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = rapport(&["build", "--no-pdf", "--deny-warnings"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let withheld = stderr
        .find("04-varningar.md:3:14")
        .expect("the withheld value");
    let share = stderr.find("04-varningar.md:5:10").expect("the share");
    assert!(withheld < share, "sorted by line: {stderr}");
}

/// A `harledda:` share whose part is larger than its whole is a warning at its line
/// of `data/statistics.yaml`, and the report still checks.
#[test]
fn a_derived_share_over_its_whole_is_a_warning_at_its_declaration() {
    let dir = fixture("declared");
    let declaration = dir.path().join("data/statistics.yaml");
    let text = std::fs::read_to_string(&declaration).unwrap();
    assert_eq!(
        text.lines().count(),
        42,
        "the fixture changed: recount the line"
    );
    std::fs::write(
        &declaration,
        format!("{text}  omvand_andel: {{andel: [deltagare.totalt, arbete_eller_studier]}}\n"),
    )
    .unwrap();
    let (code, items) = json(&["check", "--no-pdf", "--format", "json"], dir.path());
    assert_eq!(code, Some(0), "{items:?}");
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(
        items[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("data/statistics.yaml")
    );
    assert_eq!(
        (items[0]["line"].as_u64(), items[0]["column"].as_u64()),
        (Some(43), Some(1))
    );
    assert_eq!(
        items[0]["message"],
        "`harledda.omvand_andel`: this share is above 100 %: its part `deltagare.totalt` \
         is larger than its whole `arbete_eller_studier`"
    );
}
