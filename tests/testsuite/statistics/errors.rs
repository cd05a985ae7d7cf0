//! Bad input gives a diagnostic naming file, line and column, never a panic.

use std::path::Path;

use rapport::load::dataset;
use rapport::locale::Lang;

const DECLARATION: &str = "deltagare:
  fil: p.csv
  kolumner: {id: id, kon: kon, aldersgrupp: alder, inskrivning: start}
  aldersgrupper: [\"20-29\", \"30-\"]
bip:
  fil: b.csv
  kolumner: {deltagare: id, datum: datum}
  skala: {min: 1, max: 5}
  fragor: {f1: Fråga ett, f2: Fråga två}
";

const PARTICIPANTS: &str = "id,kon,alder,start\nA,kvinna,20-29,2021-01-05\nB,man,30-,2021-02-01\n";
const RATINGS: &str = "id,datum,f1,f2\nA,2021-02-01,3,4\nA,2021-05-01,4,4\n";

/// Writes a report folder and returns the load error as `file:line:col: …` text.
fn error_with(declaration: &str, participants: &str, ratings: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("statistics.yaml"), declaration).unwrap();
    std::fs::write(data.join("p.csv"), participants).unwrap();
    std::fs::write(data.join("b.csv"), ratings).unwrap();
    let err = dataset::load(dir.path(), rapport::locale::Lang::Sv)
        .unwrap_err()
        .to_string();
    err.replace(&format!("{}/", data.display()), "")
}

#[test]
fn good_input_loads() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        dataset::load(dir.path(), rapport::locale::Lang::Sv)
            .unwrap()
            .is_none()
    );
}

#[test]
fn unknown_gender() {
    let err = error_with(DECLARATION, &PARTICIPANTS.replace("B,man", "B,x"), RATINGS);
    assert_eq!(
        err,
        "p.csv:3:3: error: column `kon`: unknown gender `x`; declared: kvinna, k, man, m"
    );
}

#[test]
fn duplicate_id() {
    let err = error_with(
        DECLARATION,
        &PARTICIPANTS.replace("B,man", "A,man"),
        RATINGS,
    );
    assert_eq!(
        err,
        "p.csv:3:1: error: column `id`: the id `A` occurs twice"
    );
}

#[test]
fn unparsable_date() {
    let err = error_with(
        DECLARATION,
        &PARTICIPANTS.replace("2021-02-01", "1/2/21"),
        RATINGS,
    );
    assert_eq!(
        err,
        "p.csv:3:11: error: column `start`: `1/2/21` is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS], YYYYMMDD or an Excel day number)"
    );
}

#[test]
fn undeclared_age_group() {
    let err = error_with(
        DECLARATION,
        &PARTICIPANTS.replace("20-29", "18-19"),
        RATINGS,
    );
    assert!(
        err.starts_with("p.csv:2:10: error: column `alder`: unknown value `18-19`"),
        "{err}"
    );
}

#[test]
fn missing_column() {
    let err = error_with(
        DECLARATION,
        &PARTICIPANTS.replace("kon,", "gender,"),
        RATINGS,
    );
    // Where the declaration names the column: line 3, `kon: kon` has the value at 27.
    assert_eq!(
        err,
        "statistics.yaml:3:27: error: the column `kon` is not in p.csv"
    );
}

#[test]
fn missing_column_is_placed_in_the_section_that_names_it() {
    // Both `deltagare:` (line 3) and `bip:` name an `id` column; the ratings file lacks
    // it, so the error stands at the `bip:` declaration: line 7, where
    // `  kolumner: {deltagare: id` puts the value at column 25.
    let err = error_with(
        DECLARATION,
        PARTICIPANTS,
        &RATINGS.replace("id,datum", "person,datum"),
    );
    assert_eq!(
        err,
        "statistics.yaml:7:25: error: the column `id` is not in b.csv"
    );
}

#[test]
fn rating_outside_the_scale() {
    let err = error_with(
        DECLARATION,
        PARTICIPANTS,
        &RATINGS.replace("4,4\n", "4,7\n"),
    );
    assert_eq!(
        err,
        "b.csv:3:16: error: column `f2`: `7` is not an answer on the scale 1–5"
    );
}

#[test]
fn rating_for_an_unknown_participant() {
    let err = error_with(
        DECLARATION,
        PARTICIPANTS,
        &format!("{RATINGS}Z,2021-05-01,1,1\n"),
    );
    assert_eq!(
        err,
        "b.csv:4:1: error: column `id`: no participant has the id `Z`"
    );
}

#[test]
fn rating_date_that_does_not_parse() {
    let err = error_with(
        DECLARATION,
        PARTICIPANTS,
        &RATINGS.replace("2021-05-01", "2021-13-01"),
    );
    assert_eq!(
        err,
        "b.csv:3:3: error: column `datum`: `2021-13-01` is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS], YYYYMMDD or an Excel day number)"
    );
}

#[test]
fn unknown_key_in_the_declaration() {
    let err = error_with(
        &DECLARATION.replace("  fil: p.csv", "  fil: p.csv\n  filen: x"),
        PARTICIPANTS,
        RATINGS,
    );
    assert!(
        err.starts_with("statistics.yaml:3:3: error: unknown field `filen` in `deltagare:`"),
        "{err}"
    );
}

#[test]
fn totals_that_do_not_add_up() {
    let declaration = "summerat:\n  totalt: 20\n  kon: {kvinna: 9, man: 11}\n  aldersgrupp:\n    \"20-29\": 12\n    \"30-\": 7\n";
    let err = error_with(declaration, "", "");
    assert_eq!(
        err,
        "statistics.yaml:4:3: error: the parts of `aldersgrupp` add up to 19, but `totalt` (line 2) is 20"
    );
}

#[test]
fn totals_split_by_gender_must_add_up_to_the_gender_totals() {
    let declaration = "summerat:\n  totalt: 20\n  kon: {kvinna: 9, man: 11}\n  utbildning:\n    Gymnasial: {kvinna: 5, man: 7}\n    Eftergymnasial: {kvinna: 3, man: 5}\n";
    let err = error_with(declaration, "", "");
    assert_eq!(
        err,
        "statistics.yaml:4:3: error: the `kvinna` counts of `utbildning` add up to 8, but `kon.kvinna` is 9"
    );
}

#[test]
fn totals_split_by_gender_are_tabled_and_protected_like_counted_ones() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    // Gymnasial: 6 women, 8 men; Eftergymnasial: 3 women (small), 3 men (small).
    let declaration = "summerat:\n  totalt: 20\n  kon: {kvinna: 9, man: 11}\n  utbildning:\n    Gymnasial: {kvinna: 6, man: 8}\n    Eftergymnasial: {kvinna: 3, man: 3}\n";
    std::fs::write(data.join("statistics.yaml"), declaration).unwrap();
    let loaded = dataset::load(dir.path(), Lang::Sv).unwrap().unwrap();
    let stats = rapport::analysis::Statistics::compute(&loaded, 5, Lang::Sv).unwrap();
    let table = super::table(&stats, "deltagare_utbildning", Lang::Sv).unwrap();
    let row = |r: &[rapport::document::Cell]| r.iter().map(|c| c.plain()).collect::<Vec<_>>();
    assert_eq!(
        row(&table.header[0])[..4],
        ["Utbildning", "Kvinnor", "Män", "Totalt"]
    );
    // The small row is suppressed and so, column by column, is its complement.
    assert_eq!(row(&table.rows[0])[..4], ["Gymnasial", "–", "–", "14"]);
    assert_eq!(
        row(&table.rows[1])[..4],
        ["Eftergymnasial", "< 5", "< 5", "6"]
    );
    assert_eq!(row(&table.footer[0])[..4], ["Totalt", "9", "11", "20"]);
}

#[test]
fn birth_years_are_bucketed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let declaration = "deltagare:\n  fil: p.yaml\n  kolumner: {id: id, kon: kön, fodelsear: född}\n  kon: {kvinna: K, man: M}\n  aldersgrupper: [\"-29\", \"30-\"]\n  referensdatum: 2022-12-31\n";
    std::fs::write(data.join("statistics.yaml"), declaration).unwrap();
    std::fs::write(
        data.join("p.yaml"),
        "- id: a\n  kön: K\n  född: 1990\n- id: b\n  kön: M\n  född: 1999-06-01\n",
    )
    .unwrap();
    let loaded = dataset::load(Path::new(dir.path()), rapport::locale::Lang::Sv)
        .unwrap()
        .unwrap();
    let people = loaded.participants.unwrap();
    let age = people.dimension("aldersgrupp").unwrap();
    let labels: Vec<&str> = age.categories.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(labels, ["-29", "30-"]);
    // 2022 − 1990 = 32; born 1999-06-01, 23 at 2022-12-31.
    assert_eq!(age.of_person, [1, 0]);
}
