//! Reading a report folder: `report.yaml`, the chapters in `content/`, their data and
//! the project-wide `data/`. Nothing is computed here.

pub mod dataset;
pub mod table;
pub mod yaml;

/// A lower-case, ASCII, hyphen-separated form of a title (å/ä → a, ö → o).
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_transliterate_swedish() {
        assert_eq!(
            super::slugify("Hållbarhet och implementering"),
            "hallbarhet-och-implementering"
        );
        assert_eq!(
            super::slugify("Måluppfyllelse – 2022!"),
            "maluppfyllelse-2022"
        );
    }
}
