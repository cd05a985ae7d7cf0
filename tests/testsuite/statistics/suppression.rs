//! Small cells never reach a table, the prose context or a chart.

use std::path::Path;

use rapport::analysis::Statistics;
use rapport::analysis::series::Unit;
use rapport::document::Align;
use rapport::load::dataset;
use rapport::locale::Lang;
use serde_json::Value;

fn stats(threshold: u32) -> Statistics {
    let data = dataset::load(Path::new("tests/fixtures/spik"), rapport::locale::Lang::Sv)
        .unwrap()
        .unwrap();
    Statistics::compute(&data, threshold, Lang::Sv).unwrap()
}

/// A published count is 0 or at least the threshold.
fn publishable(n: f64) -> bool {
    n == 0.0 || n >= 5.0
}

#[test]
fn the_group_of_three_is_shown_as_below_five() {
    let s = stats(5);
    let context = s.context(Lang::Sv);
    let cell = &context["bip"]["kon_aldersgrupp"]["kvinna"]["50-59"];
    assert_eq!(cell["oforandrad"]["antal"], "< 5");
    assert_eq!(cell["oforandrad"]["andel"], "–");
    // Secondary suppression: 13 − 5 − 5 would give the 3 back.
    assert_eq!(cell["positiv"]["antal"], "–");
    assert_eq!(
        s.value("bip.kon_aldersgrupp.kvinna.50-59.oforandrad.antal"),
        None
    );
    let table = super::table(&s, "bip_kon_aldersgrupp", Lang::Sv).unwrap();
    let row = table
        .rows
        .iter()
        .find(|r| r[0].plain() == "Kvinnor" && r[1].plain() == "50-59")
        .unwrap();
    assert!(row.iter().all(|c| c.plain() != "3"));
    assert!(!table.notes.is_empty());
}

#[test]
fn no_table_shows_a_small_count() {
    let s = stats(5);
    for name in s.view_names() {
        let Some(table) = super::table(&s, &name, Lang::Sv) else {
            continue;
        };
        for row in table.rows.iter().chain(&table.footer) {
            for (cell, align) in row.iter().zip(&table.align) {
                let text = cell.plain().replace('\u{202f}', "");
                if let (Align::Right, Ok(n)) = (align, text.parse::<f64>()) {
                    assert!(publishable(n), "{name}: {text}");
                }
            }
        }
    }
}

#[test]
fn no_context_value_is_a_small_count() {
    fn walk(v: &Value, path: &str) {
        match v {
            Value::Number(n) => assert!(publishable(n.as_f64().unwrap()), "{path}: {n}"),
            Value::Object(map) => map
                .iter()
                .for_each(|(k, v)| walk(v, &format!("{path}.{k}"))),
            _ => {}
        }
    }
    walk(&stats(5).context(Lang::Sv), "");
}

#[test]
fn no_chart_shows_a_small_count() {
    let s = stats(5);
    for name in s.view_names() {
        let Some(series) = super::series(&s, &name, Lang::Sv) else {
            continue;
        };
        if series.unit == Unit::Count {
            for value in series.groups.iter().flat_map(|g| g.values.iter().flatten()) {
                assert!(publishable(*value), "{name}: {value}");
            }
        }
    }
    let ages = super::series(&s, "bip_aldersgrupp", Lang::Sv).unwrap();
    let oldest = ages.categories.iter().position(|c| c == "60-").unwrap();
    let context = s.context(Lang::Sv);
    for (group, class) in ages.groups.iter().zip(["positiv", "negativ", "oforandrad"]) {
        let hidden = context["bip"]["aldersgrupp"]["60-"][class]["antal"].is_string();
        assert_eq!(group.values[oldest].is_none(), hidden, "{class}");
    }
}
