//! The declaration of `shared/docs/data-model.md` as written there, on a case-system
//! export (Windows-1252, CRLF, a third gender, empty cells): every count by breakdown ×
//! gender and the derived figures equal `tests/fixtures/declared/make.py`'s count.

use std::path::Path;

use rapport::analysis::Statistics;
use rapport::document::Align;
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
    let table = super::table(&stats, "deltagare_utbildning", Lang::Sv).unwrap();
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
    let born = super::table(&stats, "deltagare_fodd_i_sverige", Lang::Sv).unwrap();
    let rows: Vec<String> = born.rows.iter().map(|r| r[0].plain()).collect();
    assert_eq!(rows, ["Född i Sverige", "Född utomlands", "Uppgift saknas"]);
    let years = super::series(&stats, "deltagare_inskrivningsar", Lang::Sv).unwrap();
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
        let Some(table) = super::table(&stats, &name, Lang::Sv) else {
            continue;
        };
        for row in table.rows.iter().chain(&table.footer) {
            // Number columns only: a label such as round "1" is not a count.
            let numbers = row
                .iter()
                .zip(&table.align)
                .filter(|(_, a)| **a == Align::Right);
            for (cell, _) in numbers {
                let text = cell.plain().replace(['\u{202f}', '\u{a0}'], "");
                if let Ok(n) = text.parse::<u32>() {
                    assert!(n == 0 || n >= 5, "{name}: {text}");
                }
            }
        }
    }
}

#[test]
fn a_derived_figure_of_an_unknown_name_is_an_error_at_its_line() {
    let dir = crate::common::fixture("declared");
    let data = dir.path().join("data");
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

/// The expected value at a dotted path of `expected.yaml`.
fn want(path: &str) -> Yaml {
    path.split('.')
        .fold(expected(), |node, key| node[key].clone())
}

/// The context value at a path of keys.
fn got<'a>(context: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(context, |node, key| &node[*key])
}

/// A published share as a number: "34,92 %" → 34.92.
fn share(value: &Value) -> f64 {
    let text = value.as_str().unwrap_or_else(|| panic!("{value}"));
    text.trim_end_matches('%')
        .trim()
        .replace(',', ".")
        .parse()
        .unwrap()
}

/// The published count and share of one answer equal `expected.yaml` at `path`.
fn assert_answer(node: &Value, path: &str) {
    let count = want(&format!("{path}.antal")).as_u64();
    assert_eq!(node["antal"].as_u64(), count, "{path}");
    let share_wanted = want(&format!("{path}.andel")).as_f64().unwrap();
    assert_eq!(share(&node["andel"]), share_wanted, "{path}");
}

const SCALE: [&str; 3] = ["Instämmer inte", "Instämmer delvis", "Instämmer helt"];
const SURVEY_SCALE: [&str; 3] = ["Instämmer inte alls", "Instämmer delvis", "Instämmer helt"];

#[test]
fn the_answers_on_the_first_and_last_occasion_equal_the_independent_count() {
    let context = statistics(1).context(Lang::Sv);
    let mut checked = 0;
    for moment in ["forsta", "sista"] {
        for q in ["F1", "F2", "F3"] {
            let at = |key: &'static str| ["sjalvskattning", "fragor", q, moment, key];
            for answer in SCALE {
                let expected = format!("sjalvskattning.{moment}.{q}.svar.{answer}");
                assert_answer(&got(&context, &at("svar"))[answer], &expected);
                checked += 1;
            }
            for key in ["ej_svar", "blankt", "svarande"] {
                let expected = want(&format!("sjalvskattning.{moment}.{q}.{key}"));
                assert_eq!(
                    got(&context, &at(key)).as_u64(),
                    expected.as_u64(),
                    "{moment}.{q}.{key}"
                );
            }
        }
    }
    assert_eq!(checked, 18);
}

#[test]
fn progression_on_a_text_scale_equals_the_independent_count() {
    let context = statistics(1).context(Lang::Sv);
    let m = &context["sjalvskattning"];
    assert_eq!(
        m["antal"].as_u64(),
        want("sjalvskattning.klassificering.antal").as_u64()
    );
    for class in ["positiv", "negativ", "oforandrad"] {
        let expected = want(&format!("sjalvskattning.klassificering.{class}"));
        assert_eq!(
            m[class]["antal"].as_u64(),
            Some(expected.as_u64().unwrap_or(0)),
            "{class}"
        );
    }
    for q in ["F1", "F2", "F3"] {
        for change in ["forbattrade", "forsamrade", "oforandrade"] {
            let expected = want(&format!("sjalvskattning.fragor.{q}.{change}"));
            assert_eq!(
                m["fragor"][q][change].as_u64(),
                Some(expected.as_u64().unwrap_or(0)),
                "{q}.{change}"
            );
        }
        // A text scale has no means.
        assert_eq!(m["fragor"][q]["medel_forsta"], Value::from("–"));
    }
}

#[test]
fn survey_answers_and_agreement_by_gender_equal_the_independent_count() {
    let context = statistics(1).context(Lang::Sv);
    let s = &context["nojdhet"];
    assert_eq!(s["antal"].as_u64(), want("nojdhet.antal").as_u64());
    for q in ["F1", "F2", "F3"] {
        for answer in SURVEY_SCALE {
            let expected = format!("nojdhet.svar.{q}.svar.{answer}");
            assert_answer(&s["fragor"][q]["svar"][answer], &expected);
        }
        assert_eq!(
            s["fragor"][q]["ej_svar"].as_u64(),
            want(&format!("nojdhet.svar.{q}.ej_svar")).as_u64()
        );
        let agreeing = &s["fragor"][q]["instammer"];
        let expected =
            |group: &str, key: &str| want(&format!("nojdhet.instammer.{q}.{group}.{key}"));
        assert_eq!(
            agreeing["antal"].as_u64(),
            expected("alla", "antal").as_u64()
        );
        assert_eq!(
            share(&agreeing["andel"]),
            expected("alla", "andel").as_f64().unwrap()
        );
        for gender in ["kvinna", "man"] {
            let node = &agreeing["kon"][gender];
            assert_eq!(
                node["antal"].as_u64(),
                expected(gender, "antal").as_u64(),
                "{q}.{gender}"
            );
            assert_eq!(
                share(&node["andel"]),
                expected(gender, "andel").as_f64().unwrap()
            );
        }
    }
}

#[test]
fn the_data_model_queries_build_into_tables_a_chart_and_a_goal() {
    let dir = crate::common::built("declared", &["build", "--no-pdf"]);
    let page = crate::common::read(&dir, "output/statistik.html");
    let text = crate::common::visible_text(&page);
    // Education × gender (Eftergymnasial: 11 women, 5 men, 1 other, 17 in all).
    let expected = |path: &str| want(path).as_u64().unwrap_or(0).to_string();
    let row = format!(
        "Eftergymnasial {} {} {} {}",
        expected("utbildning.Eftergymnasial.kvinnor"),
        expected("utbildning.Eftergymnasial.man"),
        expected("utbildning.Eftergymnasial.annat"),
        expected("utbildning.Eftergymnasial.antal"),
    );
    assert!(text.contains(&row), "{row} in {text}");
    // The first-occasion answers to F1: counts, non-answers, blanks, everyone asked.
    let f1 = "sjalvskattning.forsta.F1";
    let row = format!(
        "Jag vet vilket stöd jag kan få {} ",
        expected(&format!("{f1}.svar.Instämmer inte.antal"))
    );
    assert!(text.contains(&row), "{row} in {text}");
    assert!(
        page.contains("Figur 1.</span> Nöjdhet per påstående"),
        "the 100 % chart"
    );
    assert!(page.contains("<svg"), "the chart is drawn");
    // The goal on the derived share: 57,50 % against at least 70 %.
    let share = want("harledda.andel_arbete_eller_studier")
        .as_f64()
        .unwrap();
    assert!(share < 70.0);
    assert!(text.contains("≥ 70 % 57,50 % ▼ Ej uppfyllt"), "{text}");
}

#[test]
fn a_query_for_an_unknown_breakdown_names_the_known_ones_at_its_line() {
    let message = crate::common::failing_build("declared", |root| {
        crate::common::edit(
            &root.join("content/01-statistik.md"),
            "rader: utbildning        #",
            "rader: utbildningar      #",
        );
    });
    assert!(message.contains("content/01-statistik.md:9:1"), "{message}");
    assert!(
        message.contains("`rader: utbildningar` is not a breakdown of `deltagare`"),
        "{message}"
    );
    assert!(message.contains("utbildning, fodd_i_sverige"), "{message}");
}
