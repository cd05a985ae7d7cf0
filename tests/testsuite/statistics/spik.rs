//! Recomputes every figure published for SPiK (tests/fixtures/spik/published.yaml)
//! from the participant-level fixture, as numbers and as formatted text.

use std::path::Path;

use rapport::analysis::Statistics;
use rapport::load::dataset;
use rapport::locale::{Hundredths, Lang};
use serde_json::Value;
use serde_yaml::Value as Yaml;

const FIXTURE: &str = "tests/fixtures/spik";

fn stats(threshold: u32) -> Statistics {
    let data = dataset::load(Path::new(FIXTURE), rapport::locale::Lang::Sv)
        .unwrap()
        .expect("statistics.yaml exists");
    Statistics::compute(&data, threshold, Lang::Sv).unwrap()
}

fn published() -> Yaml {
    let text = std::fs::read_to_string(Path::new(FIXTURE).join("published.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn entries(y: &Yaml) -> Vec<(String, &Yaml)> {
    y.as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_owned(), v))
        .collect()
}

fn at<'a>(context: &'a Value, name: &str) -> &'a Value {
    name.split('.').fold(context, |v, key| &v[key])
}

/// How a published figure is formatted.
#[derive(Clone, Copy)]
enum Kind {
    Count,
    Percent,
    Score,
    Difference,
}

/// Checks one figure as a number (`value`) and as Swedish and English text (`context`).
struct Checker {
    stats: Statistics,
    sv: Value,
    en: Value,
    checked: usize,
}

impl Checker {
    fn new(threshold: u32) -> Checker {
        let stats = stats(threshold);
        Checker {
            sv: stats.context(Lang::Sv),
            en: stats.context(Lang::En),
            stats,
            checked: 0,
        }
    }

    fn check(&mut self, name: &str, expected: &Yaml, kind: Kind) {
        let expected = expected.as_f64().unwrap();
        assert_eq!(self.stats.value(name), Some(expected), "{name}");
        for (lang, context) in [(Lang::Sv, &self.sv), (Lang::En, &self.en)] {
            let h = Hundredths::round_f64(expected);
            let text = match kind {
                Kind::Count => Value::from(expected as u64),
                Kind::Percent => Value::from(lang.percent(h)),
                Kind::Score => Value::from(lang.hundredths(h)),
                Kind::Difference => Value::from(lang.signed(h)),
            };
            assert_eq!(at(context, name), &text, "{name} ({lang:?})");
        }
        self.checked += 1;
    }

    /// `n`, `positive`, `positive_pct` … of one classification group.
    fn check_classes(&mut self, prefix: &str, published: &Yaml) {
        for (key, value) in entries(published) {
            let (name, kind) = match key.as_str() {
                "n" | "total" => ("antal".to_owned(), Kind::Count),
                k if k.ends_with("_pct") => (
                    format!("{}.andel", class_key(&k[..k.len() - 4])),
                    Kind::Percent,
                ),
                k => (format!("{}.antal", class_key(k)), Kind::Count),
            };
            self.check(&format!("{prefix}.{name}"), value, kind);
        }
    }
}

fn class_key(published: &str) -> &'static str {
    match published {
        "positive" => "positiv",
        "negative" => "negativ",
        "unchanged" => "oforandrad",
        other => panic!("unknown class {other}"),
    }
}

fn strings(y: &Yaml) -> Vec<String> {
    y.as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn participants_and_exits_match_the_published_figures() {
    let p = published();
    let mut c = Checker::new(1);
    let people = &p["participants"];
    c.check("deltagare.totalt", &people["total"], Kind::Count);
    for (gender, n) in entries(&people["by_gender"]) {
        c.check(&format!("deltagare.kon.{gender}.antal"), n, Kind::Count);
    }
    for (section, dim) in [
        ("by_age_group", "aldersgrupp"),
        ("by_municipality", "kommun"),
    ] {
        for (key, n) in entries(&people[section]) {
            c.check(&format!("deltagare.{dim}.{key}.antal"), n, Kind::Count);
        }
    }
    for (section, dim) in [("exit_reasons", "avslutsorsak"), ("referrers", "remittent")] {
        for (key, figures) in entries(&p[section]) {
            for (part, n) in entries(figures) {
                let leaf = match part.as_str() {
                    "total" => "antal",
                    "kvinna" => "kvinnor",
                    other => other,
                };
                c.check(&format!("deltagare.{dim}.{key}.{leaf}"), n, Kind::Count);
            }
        }
    }
    assert_eq!(c.checked, 1 + 2 + 5 + 7 + 3 * 3 + 3 + 3);
    assert_eq!(at(&c.sv, "deltagare.kon.kvinna.andel"), "46,07\u{a0}%");
    assert_eq!(at(&c.sv, "deltagare.kvinnor"), 123);
}

#[test]
fn municipality_claims_hold() {
    let p = published();
    let claims = &p["participants"]["claims"];
    let s = stats(1);
    let municipalities: Vec<String> = entries(&p["participants"]["by_municipality"])
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let men_share = |m: &str| s.value(&format!("deltagare.kommun.{m}.andel_man")).unwrap();
    let above: Vec<String> = municipalities
        .iter()
        .filter(|m| men_share(m) > 60.0)
        .cloned()
        .collect();
    assert_eq!(
        above,
        strings(&claims["municipalities_men_share_above_60pct"])
    );
    let mut by_balance = municipalities.clone();
    by_balance.sort_by(|a, b| {
        (men_share(a) - 50.0)
            .abs()
            .total_cmp(&(men_share(b) - 50.0).abs())
    });
    let mut closest = by_balance[..2].to_vec();
    closest.sort();
    assert_eq!(
        closest,
        strings(&claims["municipalities_closest_to_gender_balance"])
    );
    let balanced = s.context(Lang::Sv);
    assert_eq!(
        at(&balanced, "deltagare.kommun.Ljungby.jamn_konsfordelning"),
        true
    );
    assert_eq!(
        at(&balanced, "deltagare.kommun.Växjö.jamn_konsfordelning"),
        false
    );
}

#[test]
fn bip_group_and_classification_match() {
    let p = published();
    let bip = &p["bip"];
    let mut c = Checker::new(1);
    c.check("bip.antal", &bip["group"]["total"], Kind::Count);
    for (gender, n) in entries(&bip["group"]["by_gender"]) {
        c.check(&format!("bip.kon.{gender}.antal"), n, Kind::Count);
    }
    for (age, n) in entries(&bip["group"]["by_age_group"]) {
        c.check(&format!("bip.aldersgrupp.{age}.antal"), n, Kind::Count);
    }
    let classes = &bip["classification"];
    c.check_classes("bip", &classes["overall"]);
    for (gender, figures) in entries(&classes["by_gender"]) {
        c.check_classes(&format!("bip.kon.{gender}"), figures);
    }
    for (age, figures) in entries(&classes["by_age_group"]) {
        c.check_classes(&format!("bip.aldersgrupp.{age}"), figures);
    }
    for (gender, ages) in entries(&classes["by_gender_age"]) {
        for (age, figures) in entries(ages) {
            c.check_classes(&format!("bip.kon_aldersgrupp.{gender}.{age}"), figures);
        }
    }
    assert_eq!(c.checked, 1 + 2 + 5 + 3 + 6 + 11 + 10);
    assert_eq!(at(&c.sv, "bip.positiv.andel"), "65,74\u{a0}%");
    assert_eq!(at(&c.en, "bip.positiv.andel"), "65.74%");
    assert_eq!(
        at(&c.sv, "bip.kon_aldersgrupp.kvinna.40-49.positiv.andel"),
        "92,31\u{a0}%"
    );
    assert_eq!(c.stats.value("bip.positiv.andel"), Some(65.74));
    assert_eq!(
        c.stats.value("bip.aldersgrupp[\"40-49\"].positiv.andel"),
        Some(81.82)
    );
}

#[test]
fn bip_claims_hold() {
    let p = published();
    let claims = &p["bip"]["classification"]["claims"];
    let s = stats(1);
    let compared = strings(&claims["compared_age_groups"]);
    let share = |group: &str, class: &str| s.value(&format!("bip.{group}.{class}.andel")).unwrap();
    let count = |group: &str, class: &str| s.value(&format!("bip.{group}.{class}.antal")).unwrap();
    let strict_max = |groups: &[String], f: &dyn Fn(&str) -> f64| -> String {
        let best = groups.iter().max_by(|a, b| f(a).total_cmp(&f(b))).unwrap();
        assert_eq!(
            groups.iter().filter(|g| f(g) == f(best)).count(),
            1,
            "not strictly highest"
        );
        best.clone()
    };
    let age = |a: &str| format!("aldersgrupp.{a}");
    assert_eq!(
        strict_max(&compared, &|a| share(&age(a), "negativ")),
        claims["highest_negative_share_age_group"].as_str().unwrap()
    );
    assert_eq!(
        strict_max(&compared, &|a| share(&age(a), "positiv")),
        claims["highest_positive_share_age_group"].as_str().unwrap()
    );
    assert!(
        compared
            .iter()
            .all(|a| count(&age(a), "positiv") > count(&age(a), "negativ"))
    );
    assert_eq!(
        claims["positive_exceeds_negative_in_compared_age_groups"],
        Yaml::Bool(true)
    );
    let cells: Vec<String> = ["kvinna", "man"]
        .iter()
        .flat_map(|g| {
            compared
                .iter()
                .map(move |a| format!("kon_aldersgrupp.{g}.{a}"))
        })
        .collect();
    let cell = &claims["highest_positive_share_gender_age_cell"];
    let expected_cell = format!(
        "kon_aldersgrupp.{}.{}",
        cell["gender"].as_str().unwrap(),
        cell["age_group"].as_str().unwrap()
    );
    assert_eq!(strict_max(&cells, &|c| share(c, "positiv")), expected_cell);
    let men: Vec<String> = compared
        .iter()
        .map(|a| format!("kon_aldersgrupp.man.{a}"))
        .collect();
    assert_eq!(
        strict_max(&men, &|c| share(c, "positiv")),
        format!(
            "kon_aldersgrupp.man.{}",
            claims["best_male_age_group"].as_str().unwrap()
        )
    );
    let ratio = share("kon_aldersgrupp.kvinna.20-29", "positiv")
        / share("kon_aldersgrupp.man.20-29", "positiv");
    let bounds = &claims["youngest_women_to_men_positive_share_ratio"];
    assert!(
        (bounds["min"].as_f64().unwrap()..=bounds["max"].as_f64().unwrap()).contains(&ratio),
        "{ratio}"
    );
    assert_eq!(
        count("kon_aldersgrupp.man.20-29", "positiv"),
        count("kon_aldersgrupp.man.20-29", "negativ")
    );
    assert_eq!(
        claims["youngest_men_positive_equals_negative"],
        Yaml::Bool(true)
    );
}

#[test]
fn questions_match_the_published_figures() {
    let p = published();
    let questions = &p["bip"]["questions"];
    let mut c = Checker::new(1);
    for (key, figures) in entries(questions) {
        if !key.starts_with('q') {
            continue;
        }
        for (figure, value) in entries(figures) {
            let (leaf, kind) = match figure.as_str() {
                "improved" => ("forbattrade", Kind::Count),
                "improved_pct" => ("forbattrade_andel", Kind::Percent),
                "mean_first" => ("medel_forsta", Kind::Score),
                "mean_last" => ("medel_sista", Kind::Score),
                "mean_diff" => ("skillnad", Kind::Difference),
                other => panic!("unknown figure {other}"),
            };
            c.check(&format!("bip.fragor.{key}.{leaf}"), value, kind);
        }
    }
    for (gender, by_question) in entries(&questions["by_gender"]) {
        for (key, figures) in entries(by_question) {
            for (figure, value) in entries(figures) {
                let leaf = if figure == "improved" {
                    "forbattrade"
                } else {
                    "forsamrade"
                };
                c.check(
                    &format!("bip.kon.{gender}.fragor.{key}.{leaf}"),
                    value,
                    Kind::Count,
                );
            }
        }
    }
    assert_eq!(c.checked, 9 * 3 + 5 + 4);
    assert_eq!(at(&c.sv, "bip.fragor.q1.medel_forsta"), "2,94");
    assert_eq!(at(&c.sv, "bip.fragor.q10.skillnad"), "+\u{a0}0,50");
}

#[test]
fn question_claims_hold() {
    let p = published();
    let claims = &p["bip"]["questions"]["claims"];
    let s = stats(1);
    let keys: Vec<String> = (1..=10).map(|q| format!("q{q}")).collect();
    let improved = |q: &str| s.value(&format!("bip.fragor.{q}.forbattrade")).unwrap();
    let most = keys
        .iter()
        .max_by(|a, b| improved(a).total_cmp(&improved(b)))
        .unwrap();
    assert_eq!(
        keys.iter()
            .filter(|q| improved(q) == improved(most))
            .count(),
        1
    );
    assert_eq!(most, claims["most_improved_question"].as_str().unwrap());
    let above: Vec<String> = keys
        .iter()
        .filter(|q| {
            *q != most
                && s.value(&format!("bip.fragor.{q}.forbattrade_andel"))
                    .unwrap()
                    > 40.0
        })
        .cloned()
        .collect();
    assert_eq!(
        above,
        strings(&claims["other_questions_above_40pct_improved"])
    );
    assert!(
        keys.iter()
            .all(|q| improved(q) > s.value(&format!("bip.fragor.{q}.forsamrade")).unwrap())
    );
    assert_eq!(
        claims["improved_exceeds_worsened_all_questions"],
        Yaml::Bool(true)
    );
}

#[test]
fn question_table_marks_by_rank_with_a_legend() {
    let table = super::table(&stats(5), "bip_fragor", Lang::Sv).unwrap();
    let marks: Vec<_> = table.rows.iter().map(|r| r[1].mark).collect();
    use rapport::document::Mark;
    assert_eq!(marks[9], Some(Mark::Best));
    assert_eq!(marks.iter().filter(|m| **m == Some(Mark::Best)).count(), 1);
    assert!(marks.iter().filter(|m| **m == Some(Mark::Good)).count() >= 4);
    assert!(marks.iter().filter(|m| **m == Some(Mark::Weak)).count() >= 2);
    assert_eq!(table.legend.len(), 3);
    assert!(table.id.is_none() && table.number.is_none() && table.caption.is_none());
}

#[test]
fn key_figure_table_shows_counts_and_shares() {
    let table = super::table(&stats(5), "nyckeltal", Lang::Sv).unwrap();
    let women = table
        .rows
        .iter()
        .find(|r| r[1].plain() == "Kvinnor")
        .unwrap();
    assert_eq!(women[2].plain(), "123");
    assert_eq!(women[3].plain(), "46,07\u{a0}%");
    assert_eq!(table.footer[0][2].plain(), "267");
    assert_eq!(table.align[2], rapport::document::Align::Right);
}
