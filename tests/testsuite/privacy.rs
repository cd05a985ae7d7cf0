//! The SPiK fixture's published output (every HTML page and the PDF's text) names no
//! participant and shows no count below the suppression threshold.

use crate::common;

use std::path::Path;

use crate::common::{fixture, rapport};

/// Every text the reader gets: the HTML/CSS files, and the PDF through pdftotext.
fn published_texts(out: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let path = entry.unwrap().into_path();
        let name = path.display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html" | "css") => texts.push((name, std::fs::read_to_string(&path).unwrap())),
            Some("pdf") => texts.extend(common::pdf_text(&path).map(|text| (name, text))),
            _ => {}
        }
    }
    texts
}

fn built_spik() -> (tempfile::TempDir, Vec<(String, String)>) {
    let dir = fixture("spik");
    let out = rapport(&["build", "--out", "published"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let texts = published_texts(&dir.path().join("published"));
    assert!(texts.iter().any(|(n, _)| n.ends_with("progression.html")));
    (dir, texts)
}

#[test]
fn no_participant_id_is_published() {
    let (dir, texts) = built_spik();
    let ids = common::read(&dir, "data/participants.csv");
    let ids: Vec<&str> = ids
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(ids.len(), 267, "the fixture's participants");
    for (name, text) in &texts {
        // Ids are P001…P267: look for a P followed by exactly three digits.
        for (i, _) in text.match_indices('P') {
            let digits: String = text[i + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let id = format!("P{digits}");
            assert!(
                !(digits.len() == 3 && ids.contains(&id.as_str())),
                "{name}: {id}"
            );
        }
    }
}

#[test]
fn the_group_of_three_stays_suppressed() {
    let (dir, texts) = built_spik();
    let page = common::read(&dir, "published/progression.html");
    let row = page
        .lines()
        .find(|l| {
            l.contains("<tr><th scope=\"row\">Kvinnor</th><td>50-59</td>")
                || l.contains(">Kvinnor</th><td") && l.contains("50-59")
        })
        .unwrap_or_else(|| panic!("no row for women 50–59 in:\n{page}"));
    assert!(row.contains("&lt; 5"), "{row}");
    assert!(!row.contains(">3<") && !row.contains(">3 "), "{row}");
    // No integer count in any numeric cell is between 1 and 4.
    for (name, text) in texts.iter().filter(|(n, _)| n.ends_with(".html")) {
        for cell in text.split("<td class=\"num\">").skip(1) {
            let value = &cell[..cell.find("</td>").unwrap()];
            if let Ok(n) = value.parse::<u32>() {
                assert!(n == 0 || n >= 5, "{name}: a count of {n}");
            }
        }
    }
}
