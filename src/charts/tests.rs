//! Snapshot and structural tests of every chart kind, on figures from the SPiK fixture.

use super::*;
use crate::analysis::series::Group;

fn group(name: &str, values: &[Option<f64>]) -> Group {
    Group {
        name: name.into(),
        values: values.to_vec(),
    }
}

fn series(categories: &[&str], groups: Vec<Group>, unit: Unit, label: &str) -> Series {
    Series {
        categories: categories.iter().map(|c| (*c).to_owned()).collect(),
        groups,
        unit,
        category_label: label.into(),
    }
}

const AGES: [&str; 5] = ["20–29", "30–39", "40–49", "50–59", "60–"];

fn participants_by_age() -> Series {
    let values = [Some(96.0), Some(59.0), Some(47.0), Some(52.0), None];
    series(
        &AGES,
        vec![group("Deltagare", &values)],
        Unit::Count,
        "Åldersgrupp",
    )
}

fn participants_by_age_and_gender() -> Series {
    let women = [Some(40.0), Some(25.0), Some(22.0), Some(30.0), None];
    let men = [Some(56.0), Some(34.0), Some(25.0), Some(22.0), Some(9.0)];
    let groups = vec![group("Kvinnor", &women), group("Män", &men)];
    series(&AGES, groups, Unit::Count, "Åldersgrupp")
}

fn progression_by_gender() -> Series {
    let groups = vec![
        group("Positiv", &[Some(65.45), Some(66.04), Some(65.74)]),
        group("Oförändrad", &[Some(10.91), Some(9.43), Some(10.19)]),
        group("Negativ", &[Some(23.64), Some(24.53), None]),
    ];
    series(&["Kvinnor", "Män", "Totalt"], groups, Unit::Percent, "Kön")
}

fn mean_first_and_last() -> Series {
    let questions = [
        "Vet vad jag ska göra för att få arbete",
        "Mina kompetenser kan användas",
        "Klarar ett arbete",
        "Tid i vardagen",
        "Vet vad jag vill arbeta med",
        "Klarar studier",
        "Samarbetar med andra",
        "Tar kontakt med okända",
        "Stöttning av familj och vänner",
        "Hälsan i förhållande till arbete",
    ];
    let first = [2.94, 3.37, 3.02, 3.64, 3.20, 2.99, 3.80, 2.98, 3.48, 2.75];
    let last = [3.33, 3.52, 3.24, 3.72, 3.35, 3.33, 3.83, 3.30, 3.87, 3.25];
    let groups = vec![
        group("Första skattningen", &first.map(Some)),
        group("Sista skattningen", &last.map(Some)),
    ];
    series(&questions, groups, Unit::Score { min: 1, max: 5 }, "Fråga")
}

fn mean_per_round() -> Series {
    let rounds = ["Skattning 1", "Skattning 2", "Skattning 3", "Skattning 4"];
    let groups = vec![
        group("Kvinnor", &[Some(3.1), Some(3.28), Some(3.41), None]),
        group("Män", &[Some(3.22), Some(3.3), Some(3.36), Some(3.52)]),
    ];
    series(
        &rounds,
        groups,
        Unit::Score { min: 1, max: 5 },
        "Skattningstillfälle",
    )
}

fn options(title: &str) -> ChartOptions {
    ChartOptions {
        title: title.into(),
        x_label: None,
        y_label: None,
        sort: Sort::None,
        colours: None,
    }
}

fn draw(kind: ChartKind, series: &Series, title: &str) -> Chart {
    render(kind, series, &options(title), &ChartStyle::id(), Lang::Sv).unwrap()
}

/// Every example chart, as the snapshot tests and the structural checks see them.
fn examples() -> Vec<(&'static str, ChartKind, Series, &'static str)> {
    vec![
        (
            "bar",
            ChartKind::Bar,
            participants_by_age(),
            "Deltagare per åldersgrupp",
        ),
        (
            "column",
            ChartKind::Column,
            participants_by_age(),
            "Deltagare per åldersgrupp",
        ),
        (
            "grouped",
            ChartKind::GroupedBar,
            participants_by_age_and_gender(),
            "Deltagare per kön och åldersgrupp",
        ),
        (
            "stacked",
            ChartKind::StackedBar,
            progression_by_gender(),
            "Progression per kön",
        ),
        (
            "radar",
            ChartKind::Radar,
            mean_first_and_last(),
            "Medelvärde per fråga",
        ),
        (
            "dumbbell",
            ChartKind::Dumbbell,
            mean_first_and_last(),
            "Medelvärde per fråga",
        ),
        (
            "line",
            ChartKind::Line,
            mean_per_round(),
            "Medelvärde per skattningstillfälle",
        ),
    ]
}

#[test]
fn snapshots_of_every_kind() {
    for (name, kind, series, title) in examples() {
        insta::assert_snapshot!(name, draw(kind, &series, title).svg);
    }
}

#[test]
fn svg_is_accessible_and_deterministic() {
    for (_, kind, series, title) in examples() {
        let chart = draw(kind, &series, title);
        let svg = &chart.svg;
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 "));
        assert!(svg.contains("role=\"img\""));
        let title_at = svg.find("<title id=\"chart-").unwrap();
        let desc_at = svg.find("<desc id=\"chart-").unwrap();
        assert!(title_at < desc_at && desc_at < svg.find("<rect").unwrap());
        assert!(svg.contains(&format!(">{}</title>", title)));
        assert!(svg.contains("font-family=\"Inter\""));
        assert!(!svg.contains("sans-serif"));
        assert_eq!(draw(kind, &series, title).svg, *svg);
    }
}

#[test]
fn ids_differ_between_charts_on_one_page() {
    let a = draw(
        ChartKind::Bar,
        &participants_by_age(),
        "Deltagare per åldersgrupp",
    );
    let b = draw(
        ChartKind::Column,
        &participants_by_age(),
        "Deltagare per åldersgrupp",
    );
    let id = |svg: &str| {
        svg.split("<title id=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned()
    };
    assert!(id(&a.svg).starts_with("chart-deltagare-per-aldersgrupp-"));
    assert_ne!(id(&a.svg), id(&b.svg));
}

/// The filled rectangles drawn in mark colours (the background is white).
fn bars(svg: &str) -> usize {
    svg.lines()
        .filter(|l| l.starts_with("<rect") && !l.contains("fill=\"#FFFFFF\""))
        .count()
}

#[test]
fn one_bar_per_shown_value_and_none_for_suppressed() {
    let bar = draw(ChartKind::Bar, &participants_by_age(), "x");
    assert_eq!(bars(&bar.svg), 4);
    let column = draw(ChartKind::Column, &participants_by_age(), "x");
    assert_eq!(bars(&column.svg), 4);
    let grouped = draw(
        ChartKind::GroupedBar,
        &participants_by_age_and_gender(),
        "x",
    );
    assert_eq!(
        bars(&grouped.svg),
        9 + 2,
        "nine bars and two legend swatches"
    );
    let stacked = draw(ChartKind::StackedBar, &progression_by_gender(), "x");
    assert_eq!(
        bars(&stacked.svg),
        8 + 3,
        "eight parts and three legend swatches"
    );
    assert!(bar.svg.contains(">\n–\n</text>"));
}

#[test]
fn labels_use_swedish_decimal_comma() {
    let stacked = draw(ChartKind::StackedBar, &progression_by_gender(), "x");
    assert!(stacked.svg.contains("65,45\u{A0}%"));
    assert!(stacked.svg.contains("40\u{A0}%"), "axis ticks");
    let dumbbell = draw(ChartKind::Dumbbell, &mean_first_and_last(), "x");
    assert!(dumbbell.svg.contains(">\n2,94\n</text>") && dumbbell.svg.contains(">\n3,33\n</text>"));
    assert!(!dumbbell.svg.contains("2.94"));
}

#[test]
fn alt_text_summarises_in_the_report_language() {
    let sv = draw(
        ChartKind::Bar,
        &participants_by_age(),
        "Deltagare per åldersgrupp",
    );
    assert_eq!(
        sv.alt,
        "Liggande stapeldiagram: Deltagare per åldersgrupp. 20–29: 96, 30–39: 59, 40–49: 47, \
         50–59: 52, 60–: för få för att redovisas. Störst: 20–29 (96)."
    );
    let options = options("Progress by gender");
    let en = render(
        ChartKind::StackedBar,
        &progression_by_gender(),
        &options,
        &ChartStyle::asking(),
        Lang::En,
    )
    .unwrap();
    assert!(
        en.alt
            .starts_with("100% stacked bar chart: Progress by gender. Kvinnor: Positiv 65.45%")
    );
    assert!(en.alt.contains("Negativ too few to report"));
    assert!(en.svg.contains("font-family=\"Libertinus Serif\""));
}

#[test]
fn sorting_orders_by_the_first_group_with_suppressed_last() {
    let mut options = options("x");
    options.sort = Sort::Descending;
    let chart = render(
        ChartKind::Bar,
        &participants_by_age(),
        &options,
        &ChartStyle::id(),
        Lang::Sv,
    )
    .unwrap();
    assert!(
        chart
            .alt
            .contains("20–29: 96, 30–39: 59, 50–59: 52, 40–49: 47, 60–: för få")
    );
}

#[test]
fn data_the_kind_cannot_show_is_refused_with_a_message() {
    let style = ChartStyle::id();
    let fails = |kind, series: &Series| {
        render(kind, series, &options("x"), &style, Lang::Sv)
            .unwrap_err()
            .message
    };
    let two = series(
        &["a", "b"],
        vec![group("g", &[Some(1.0), Some(2.0)])],
        Unit::Count,
        "",
    );
    assert!(fails(ChartKind::Radar, &two).contains("at least 3 categories"));
    assert!(fails(ChartKind::StackedBar, &two).contains("percentages"));
    assert!(fails(ChartKind::Dumbbell, &two).contains("two groups"));
    let empty = series(&[], vec![], Unit::Count, "");
    assert!(fails(ChartKind::Bar, &empty).contains("no data"));
    let suppressed = series(&["a"], vec![group("g", &[None])], Unit::Count, "");
    assert!(fails(ChartKind::Column, &suppressed).contains("no values"));
    let nan = series(&["a"], vec![group("g", &[Some(f64::NAN)])], Unit::Count, "");
    assert!(fails(ChartKind::Line, &nan).contains("not a number"));
    assert!(fails(ChartKind::Bar, &participants_by_age_and_gender()).contains("grouped-bar"));
}

#[test]
fn odd_but_valid_data_draws_without_panicking() {
    let zeros = series(
        &["a", "b", "c"],
        vec![group("g", &[Some(0.0), Some(0.0), None])],
        Unit::Count,
        "",
    );
    let negative = series(
        &["a", "b", "c"],
        vec![group("g", &[Some(-3.0), Some(1e9), Some(0.5)])],
        Unit::Count,
        "",
    );
    let kinds = [
        ChartKind::Bar,
        ChartKind::Column,
        ChartKind::GroupedBar,
        ChartKind::Radar,
        ChartKind::Line,
    ];
    for series in [zeros, negative] {
        for kind in kinds {
            render(kind, &series, &options(""), &ChartStyle::asking(), Lang::En).unwrap();
        }
    }
}

#[test]
fn options_parse_from_yaml_and_refuse_unknown_keys() {
    let parsed: ChartOptions =
        serde_yaml::from_str("title: Deltagare\nsort: descending\ncolours: ['#0072B2']").unwrap();
    assert_eq!(parsed.sort, Sort::Descending);
    assert!(serde_yaml::from_str::<ChartOptions>("title: x\ncolour: red").is_err());
    let kind: ChartKind = serde_yaml::from_str("grouped-bar").unwrap();
    assert_eq!(kind, ChartKind::GroupedBar);
}

#[test]
fn a_value_is_formatted_for_its_unit_or_marked_suppressed() {
    assert_eq!(value_text(Unit::Count, Some(9.0), Lang::Sv), "9");
    assert_eq!(
        value_text(Unit::Percent, Some(65.74), Lang::Sv),
        "65,74\u{a0}%"
    );
    assert_eq!(value_text(Unit::Count, None, Lang::Sv), "–");
    assert_eq!(value_text(Unit::Count, Some(f64::NAN), Lang::Sv), "–");
}
