//! Soft hyphens in long words, so the site breaks Swedish compounds in narrow boxes
//! (table cells, theory-of-change and matrix columns) the way the PDF does. Chromium has no hyphenation patterns for `hyphens: auto` on Linux (Debian
//! builds show none at all), so the patterns come from `hypher`, the crate Typst
//! hyphenates the PDF with; the browser breaks only where a line needs it.

use crate::locale::Lang;

/// Words shorter than this are left whole: they fit even the narrowest box.
const SHORTEST: usize = 8;

/// The soft hyphen, U+00AD: invisible unless the line breaks there.
const SOFT_HYPHEN: &str = "\u{AD}";

/// `text` with soft hyphens at the hyphenation points of every word of at least
/// [`SHORTEST`] letters.
pub fn soft_hyphens(text: &str, lang: Lang) -> String {
    let patterns = match lang {
        Lang::Sv => hypher::Lang::Swedish,
        Lang::En => hypher::Lang::English,
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while let Some(start) = rest.find(char::is_alphabetic) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let word = &rest[..end];
        if word.chars().count() >= SHORTEST {
            out.push_str(&hypher::hyphenate(word, patterns).join(SOFT_HYPHEN));
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_swedish_compounds_get_soft_hyphens_at_syllables() {
        // The break points of the Swedish TeX patterns, checked by hand against a
        // dictionary's syllable division: för-re-ha-bi-li-te-ring.
        assert_eq!(
            soft_hyphens("förrehabilitering", Lang::Sv).replace(SOFT_HYPHEN, "-"),
            "för-re-ha-bi-li-te-ring"
        );
    }

    #[test]
    fn short_words_punctuation_and_numbers_stay_as_written() {
        let text = "Av 267 deltog 46,07 % kvinnor (Lövstad), 12 män.";
        assert_eq!(soft_hyphens(text, Lang::Sv), text);
    }

    #[test]
    fn removing_the_soft_hyphens_gives_the_text_back() {
        let text = "Samordningsförbundet och arbetsmarknadsutbildningen: 12 insatser.";
        let hyphenated = soft_hyphens(text, Lang::Sv);
        assert!(hyphenated.matches(SOFT_HYPHEN).count() >= 8, "{hyphenated}");
        assert_eq!(hyphenated.replace(SOFT_HYPHEN, ""), text);
    }
}
