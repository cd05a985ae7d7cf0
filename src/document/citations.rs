//! Author–year citations and reference-list entries, formatted from hayagriva entries
//! in the report's language: "(Efternamn 2016)", "(Efternamn och Efternamn 2016)",
//! "(Efternamn m.fl. 2016, s. 12)"; the list in APA's order of parts.

use hayagriva::Entry;
use hayagriva::types::Person;

use super::{Inline, ReferenceEntry};
use crate::locale::Lang;

/// The entry's authors, else its editors.
fn creators(entry: &Entry) -> &[Person] {
    entry
        .authors()
        .or_else(|| entry.editors())
        .unwrap_or_default()
}

/// "van Dijk": the family name with its particle.
fn surname(person: &Person) -> String {
    match &person.prefix {
        Some(prefix) => format!("{prefix} {}", person.name),
        None => person.name.clone(),
    }
}

fn year(entry: &Entry, lang: Lang) -> String {
    entry.date_any().map_or_else(
        || lang.words().blocks.no_date.to_owned(),
        |d| d.year.to_string(),
    )
}

fn title(entry: &Entry) -> String {
    entry
        .title()
        .map_or_else(|| entry.key().to_owned(), |t| t.to_string())
}

/// One cited entry as shown inside the parentheses: "Efternamn 2016, s. 12".
pub fn cite_text(entry: &Entry, locator: Option<&str>, lang: Lang) -> String {
    let who = match creators(entry) {
        [] => title(entry),
        [one] => surname(one),
        [a, b] => format!("{} {} {}", surname(a), lang.words().blocks.and, surname(b)),
        [first, ..] => format!("{} {}", surname(first), lang.words().blocks.et_al),
    };
    let year = year(entry, lang);
    match locator {
        Some(locator) => format!("{who} {year}, {locator}"),
        None => format!("{who} {year}"),
    }
}

/// "Efternamn, A. B." (initials of the given names; an organisation as it is).
fn full_name(person: &Person) -> String {
    let mut initials = String::new();
    // Writing into a String cannot fail.
    let _ = person.initials(&mut initials, Some(". "), true);
    match initials.trim() {
        "" => surname(person),
        i => format!("{}, {}.", surname(person), i.trim_end_matches('.')),
    }
}

/// "A, B & C": every creator, the last joined with "&" as APA does in both languages.
fn full_names(people: &[Person]) -> String {
    let names: Vec<String> = people.iter().map(full_name).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} & {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// The sort key of a list entry: first creator (or title), year, title, key.
pub fn sort_key(entry: &Entry) -> (String, i32, String, String) {
    let first = creators(entry).first().map_or_else(
        || title(entry),
        |p| {
            format!(
                "{}, {}",
                p.name,
                p.given_name.as_deref().unwrap_or_default()
            )
        },
    );
    (
        crate::locale::sort_key(&first),
        entry.date_any().map_or(i32::MAX, |d| d.year),
        crate::locale::sort_key(&title(entry)),
        entry.key().to_owned(),
    )
}

/// The details of the work an entry is part of: "*Tidskrift*, 12(3), 45–67".
fn container(entry: &Entry, parent: &Entry, content: &mut Vec<Inline>) {
    let Some(parent_title) = parent.title() else {
        return;
    };
    content.push(Inline::Emphasis(vec![Inline::Text(
        parent_title.to_string(),
    )]));
    let mut details = String::new();
    if let Some(volume) = entry.map(|e| e.volume()) {
        details.push_str(&format!(", {volume}"));
    }
    if let Some(issue) = entry.map(|e| e.issue()) {
        details.push_str(&format!("({issue})"));
    }
    if let Some(pages) = entry.page_range() {
        details.push_str(&format!(", {pages}"));
    }
    content.push(Inline::Text(format!("{details}. ")));
}

/// One entry of the reference list:
/// "Efternamn, A. & Efternamn, B. (2016). *Titel*. Förlag. https://…".
pub fn reference(entry: &Entry, lang: Lang) -> ReferenceEntry {
    let names = full_names(creators(entry));
    let year = year(entry, lang);
    let title = title(entry);
    let parent = entry.parents().first();
    let mut content = Vec::new();
    if names.is_empty() {
        content.push(Inline::Emphasis(vec![Inline::Text(title.clone())]));
        content.push(Inline::Text(format!(" ({year}). ")));
    } else {
        content.push(Inline::Text(format!("{names} ({year}). ")));
        match parent {
            Some(_) => content.push(Inline::Text(format!("{title}. "))),
            None => {
                content.push(Inline::Emphasis(vec![Inline::Text(title.clone())]));
                content.push(Inline::Text(". ".to_owned()));
            }
        }
    }
    if let Some(parent) = parent {
        container(entry, parent, &mut content);
    }
    if let Some(name) = entry.map(|e| e.publisher()).and_then(|p| p.name()) {
        content.push(Inline::Text(format!("{name}. ")));
    }
    if let Some(doi) = entry.doi() {
        content.push(Inline::Text(format!("https://doi.org/{doi}")));
    } else if let Some(url) = entry.url() {
        content.push(Inline::Text(url.value.to_string()));
    }
    if let Some(Inline::Text(last)) = content.last_mut() {
        last.truncate(last.trim_end().len());
    }
    ReferenceEntry {
        key: entry.key().to_owned(),
        content,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::plain_text;

    fn library() -> hayagriva::Library {
        hayagriva::io::from_yaml_str(
            r#"
ett:
  type: book
  title: Utvärdering i praktiken
  author: Lund, Anna Maria
  date: 2016
  publisher: Exempelförlaget
tva:
  type: article
  title: Om program
  author: ["Berg, Per", "Ek, Karin"]
  date: 2019-05
  page-range: 45-67
  parent:
    type: periodical
    title: Tidskrift för utvärdering
    volume: 12
    issue: 3
tre:
  type: report
  title: Metodstöd
  author: ["Al, B", "Bo, C", "Ce, D"]
"#,
        )
        .unwrap()
    }

    #[test]
    fn citations_name_one_two_or_the_first_of_many() {
        let lib = library();
        let cite = |key, loc, lang| cite_text(lib.get(key).unwrap(), loc, lang);
        assert_eq!(cite("ett", None, Lang::Sv), "Lund 2016");
        assert_eq!(
            cite("tva", Some("s. 12"), Lang::Sv),
            "Berg och Ek 2019, s. 12"
        );
        assert_eq!(cite("tva", None, Lang::En), "Berg and Ek 2019");
        assert_eq!(cite("tre", None, Lang::Sv), "Al m.fl. u.å.");
        assert_eq!(cite("tre", None, Lang::En), "Al et al. n.d.");
    }

    #[test]
    fn reference_entries_follow_apa_order() {
        let lib = library();
        let entry = |key| plain_text(&reference(lib.get(key).unwrap(), Lang::Sv).content);
        assert_eq!(
            entry("ett"),
            "Lund, A. M. (2016). Utvärdering i praktiken. Exempelförlaget."
        );
        assert_eq!(
            entry("tva"),
            "Berg, P. & Ek, K. (2019). Om program. Tidskrift för utvärdering, 12(3), 45-67."
        );
    }
}
