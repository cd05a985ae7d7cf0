//! The declaration of `shared/docs/data-model.md` as written there, on a case-system
//! export (Windows-1252, CRLF, a third gender, empty cells): every count by breakdown ×
//! gender and the derived figures equal `tests/fixtures/declared/make.py`'s count.

use std::path::Path;

use rapport::analysis::Statistics;
use rapport::load::dataset;
use rapport::locale::Lang;
use serde_json::Value;
use serde_yaml::Value as Yaml;

const FIXTURE: &str = "tests/fixtures/declared";

fn statistics(threshold: u32) -> Statistics {
    let data = dataset::load(Path::new(FIXTURE), Lang::Sv)
        .unwrap()
        .unwrap();
    Statistics::compute(&data, threshold, Lang::Sv).unwrap()
}

fn expected() -> Yaml {
    let text = std::fs::read_to_string(Path::new(FIXTURE).join("expected.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

#[test]
fn every_breakdown_by_gender_equals_the_independent_count() {
    let context = statistics(1).context(Lang::Sv);
    let participants = &context["deltagare"];
    let expected = expected();
    for key in ["totalt", "kvinnor", "man", "annat"] {
        assert_eq!(participants[key].as_u64(), expected[key].as_u64(), "{key}");
    }
    let mut checked = 0;
    for dim in [
        "utbildning",
        "fodd_i_sverige",
        "forsorjning",
        "avslutsorsak",
        "aldersgrupp",
        "inskrivningsar",
    ] {
        for (category, counts) in expected[dim].as_mapping().unwrap() {
            let category = category.as_str().unwrap();
            for gender in ["antal", "kvinnor", "man", "annat"] {
                let want = counts[gender].as_u64().unwrap_or(0);
                let got = &participants[dim][category][gender];
                assert_eq!(got.as_u64(), Some(want), "{dim}.{category}.{gender}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 100, "{checked}");
}

#[test]
fn labels_order_and_headings_follow_the_declaration() {
    let stats = statistics(1);
    let table = crate::table(&stats, "deltagare_utbildning", Lang::Sv).unwrap();
    let rows: Vec<String> = table.rows.iter().map(|r| r[0].plain()).collect();
    assert_eq!(
        rows,
        [
            "Förgymnasial",
            "Gymnasial",
            "Eftergymnasial",
            "Uppgift saknas"
        ]
    );
    assert_eq!(table.header[0][0].plain(), "Utbildningsnivå");
    let born = crate::table(&stats, "deltagare_fodd_i_sverige", Lang::Sv).unwrap();
    let rows: Vec<String> = born.rows.iter().map(|r| r[0].plain()).collect();
    assert_eq!(rows, ["Född i Sverige", "Född utomlands", "Uppgift saknas"]);
    let years = crate::series(&stats, "deltagare_inskrivningsar", Lang::Sv).unwrap();
    assert_eq!(years.categories, ["2022", "2023", "2024"]);
}

#[test]
fn derived_figures_and_a_goal_on_them_are_computed() {
    let stats = statistics(1);
    let expected = expected();
    let context = stats.context(Lang::Sv);
    let sum = expected["harledda"]["arbete_eller_studier"]
        .as_u64()
        .unwrap();
    assert_eq!(
        context["harledda"]["arbete_eller_studier"].as_u64(),
        Some(sum)
    );
    let share = expected["harledda"]["andel_arbete_eller_studier"]
        .as_f64()
        .unwrap();
    assert_eq!(
        stats.value("harledda.andel_arbete_eller_studier"),
        Some(share)
    );
    assert_eq!(
        context["harledda"]["andel_arbete_eller_studier"],
        Value::from("57,50\u{a0}%")
    );
}

#[test]
fn with_threshold_five_no_count_below_five_is_published() {
    fn walk(value: &Value, path: &str) {
        match value {
            Value::Number(n) => {
                let n = n.as_f64().unwrap();
                assert!(n == 0.0 || n >= 5.0 || n.fract() != 0.0, "{path}: {n}");
            }
            Value::Object(map) => map
                .iter()
                .for_each(|(k, v)| walk(v, &format!("{path}.{k}"))),
            _ => {}
        }
    }
    let stats = statistics(5);
    walk(&stats.context(Lang::Sv), "");
    for name in stats.view_names() {
        let Some(table) = crate::table(&stats, &name, Lang::Sv) else {
            continue;
        };
        for cell in table.rows.iter().chain(&table.footer).flatten() {
            let text = cell.plain().replace(['\u{202f}', '\u{a0}'], "");
            if let Ok(n) = text.parse::<u32>() {
                assert!(n == 0 || n >= 5, "{name}: {text}");
            }
        }
    }
}

#[test]
fn a_derived_figure_of_an_unknown_name_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(
        Path::new(FIXTURE).join("data/export.csv"),
        data.join("export.csv"),
    )
    .unwrap();
    let declaration = std::fs::read_to_string(Path::new(FIXTURE).join("data/statistics.yaml"))
        .unwrap()
        .replace("avslutsorsak.Studier.antal", "avslutsorsak.Studie.antal");
    std::fs::write(data.join("statistics.yaml"), &declaration).unwrap();
    let loaded = dataset::load(dir.path(), Lang::Sv).unwrap().unwrap();
    let err = Statistics::compute(&loaded, 1, Lang::Sv).unwrap_err();
    let line = declaration
        .lines()
        .position(|l| l.contains("arbete_eller_studier: {summa"))
        .unwrap()
        + 1;
    assert_eq!(err.position.unwrap().line, line);
    assert!(
        err.message
            .contains("unknown name `deltagare.avslutsorsak.Studie.antal`"),
        "{err}"
    );
    assert!(
        err.hint
            .unwrap()
            .contains("deltagare.avslutsorsak.Studier.antal")
    );
}
