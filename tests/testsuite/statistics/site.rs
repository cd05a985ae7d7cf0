//! The SPiK fixture built end to end: computed tables reach the site, formatted and
//! suppressed, and nothing identifies a participant.

use crate::common::{edit, failing_build, fixture, rapport, read};

fn built_spik() -> tempfile::TempDir {
    crate::common::built("spik", &["build", "--no-pdf"])
}

#[test]
fn published_figures_appear_in_prose_and_tables() {
    let dir = built_spik();
    let stats = read(&dir, "output/statistik.html");
    assert!(
        stats.contains("267 deltagare, varav 123 kvinnor (46,07\u{A0}%)"),
        "{stats}"
    );
    assert!(stats.contains("Tabell 1.</span> Projektstatistik i summerad form"));
    let progression = read(&dir, "output/progression.html");
    assert!(
        progression.contains("har\n71 (65,74\u{A0}%) en positiv progression"),
        "{progression}"
    );
    assert!(
        progression.contains("92,31\u{A0}%"),
        "women 40–49 positive share"
    );
    assert!(progression.contains("2,94"), "mean first rating, q1");
    assert!(progression.contains("+\u{A0}0,50"), "mean difference, q10");
    assert!(
        progression.contains("class=\"num mark mark-best\""),
        "the best question is marked"
    );
    assert!(progression.contains("<a class=\"xref\" href=\"#tab-klass\">tabell 3</a>"));
}

#[test]
fn small_groups_are_suppressed_everywhere() {
    let dir = built_spik();
    let print = read(&dir, "output/print.html");
    assert!(
        print.contains("&lt; 5"),
        "suppressed cells are shown as < 5"
    );
    assert!(print.contains("Grupper med färre än 5 personer redovisas inte."));
}

#[test]
fn no_participant_id_reaches_the_output() {
    let dir = built_spik();
    for entry in walkdir::WalkDir::new(dir.path().join("output")) {
        let entry = entry.unwrap();
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for (i, _) in text.match_indices('P') {
            // `get`: the letter after a P may be more than one byte (a soft hyphen).
            let id = text.get(i + 1..(i + 4).min(text.len())).unwrap_or_default();
            let boundary = text
                .get(i + 4..)
                .and_then(|rest| rest.chars().next())
                .is_none_or(|c| !c.is_ascii_digit());
            assert!(
                !(id.len() == 3 && id.bytes().all(|b| b.is_ascii_digit()) && boundary),
                "{}: P{id}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn goal_verdicts_are_computed_from_the_data() {
    let dir = built_spik();
    let goals = read(&dir, "output/mal.html");
    assert!(
        goals.contains("› Mål 1d: ▼ Ej uppfyllt – 65,74\u{A0}% mot målnivån ≥\u{A0}80\u{A0}%"),
        "{goals}"
    );
    assert!(goals.contains("<td class=\"mark mark-best\"><span class=\"symbol\" aria-hidden=\"true\">▲</span> Uppfyllt</td>"), "gender balance 46,07 % ≥ 40 %");
    assert!(
        goals.contains("role=\"img\""),
        "the goal hierarchy is an accessible figure"
    );
}

#[test]
fn unknown_goals_are_errors_with_a_position() {
    let err = failing_build("spik", |d| {
        edit(&d.join("content/03-mal.md"), "{verdict} 1d", "{verdict} 1x")
    });
    assert!(err.contains("03-mal.md:11:1"), "{err}");
    assert!(err.contains("no goal `1x`"), "{err}");
}

#[test]
fn the_gender_summary_is_written_from_the_statistics() {
    let dir = built_spik();
    let page = read(&dir, "output/principer.html");
    assert!(
        page.contains("är 123 kvinnor\n(46,07\u{A0}%) och 144 män (53,93\u{A0}%)"),
        "{page}"
    );
    assert!(page.contains("inom\nintervallet 40/60"), "{page}");
    // Men are over 60 % in Tingsryd, Växjö and Älmhult (as published); women in
    // Alvesta and Lessebo.
    assert!(
        page.contains("utanför intervallet ligger Alvesta, Lessebo, Tingsryd, Växjö, Älmhult."),
        "{page}"
    );
}

/// With a threshold of 14, the 13 women and the 13 men with a negative progression
/// (published figures) are too few to report: the summary says so instead of
/// "– av kvinnorna och – av männen".
#[test]
fn the_gender_summary_says_when_the_groups_are_too_small() {
    let dir = fixture("spik");
    edit(
        &dir.path().join("report.yaml"),
        "suppression_threshold: 5",
        "suppression_threshold: 14",
    );
    let out = rapport(&["build", "--no-pdf"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(&dir, "output/principer.html");
    assert!(
        page.contains(
            "Bland de 108 deltagare som har skattat sin progression minst två gånger\n\
             redovisas progressionen inte per kön, eftersom några av grupperna är för små"
        ),
        "{page}"
    );
    assert!(!page.contains("– av kvinnorna"), "{page}");
    // 123 women and 144 men are both at least 14: the first sentence stays.
    assert!(page.contains("är 123 kvinnor\n(46,07\u{A0}%)"), "{page}");
}

#[test]
fn an_excel_export_gives_the_same_figures_as_the_csv() {
    let dir = fixture("spik");
    let xlsx = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/xlsx/participants.xlsx");
    std::fs::copy(xlsx, dir.path().join("data/participants.xlsx")).unwrap();
    let declaration = dir.path().join("data/statistics.yaml");
    let text = std::fs::read_to_string(&declaration).unwrap().replace(
        "fil: participants.csv",
        "fil: participants.xlsx\n  blad: Deltagare",
    );
    std::fs::write(&declaration, text).unwrap();
    std::fs::remove_file(dir.path().join("data/participants.csv")).unwrap();
    let out = rapport(&["build", "--no-pdf"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = read(&dir, "output/statistik.html");
    assert!(
        stats.contains("267 deltagare, varav 123 kvinnor (46,07\u{A0}%)"),
        "{stats}"
    );
    let progression = read(&dir, "output/progression.html");
    assert!(
        progression.contains("71 (65,74\u{A0}%) en positiv progression"),
        "ratings join the Excel ids"
    );
}
