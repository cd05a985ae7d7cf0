//! The site's web fonts: only the font files its stylesheet asks for, taken from
//! `templates/fonts/` or from the fonts bundled with the typesetter (Libertinus Serif),
//! so the site and the PDF set text in the same faces.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontStyle};

use super::OutputFile;
use crate::templates::Templates;

/// The font files `css` refers to as `fonts/<name>`, and the licences of the fonts.
pub fn web_fonts(css: &str) -> Vec<OutputFile> {
    let wanted = |name: &str| css.contains(&format!("fonts/{name}"));
    let shipped = Templates::font_folder().map(|(name, data)| (name.to_owned(), data));
    let bundled = bundled().iter().map(|(name, data)| (name.clone(), *data));
    shipped
        .chain(bundled)
        .filter(|(name, _)| name.starts_with("LICENSE") || wanted(name))
        .map(|(name, data)| OutputFile::new(format!("fonts/{name}"), data))
        .collect()
}

/// The typesetter's bundled fonts, named `<Family>-<Variant>.otf` (e.g.
/// `LibertinusSerif-BoldItalic.otf`).
fn bundled() -> &'static [(String, &'static [u8])] {
    static BUNDLED: OnceLock<Vec<(String, &'static [u8])>> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        typst_assets::fonts()
            .filter_map(|data| {
                let font = Font::new(Bytes::new(data), 0)?;
                let info = font.info();
                let weight = match info.variant.weight.to_number() {
                    700.. => "Bold",
                    600.. => "Semibold",
                    _ => "",
                };
                let italic = if info.variant.style == FontStyle::Normal {
                    ""
                } else {
                    "Italic"
                };
                let variant = match format!("{weight}{italic}") {
                    v if v.is_empty() => "Regular".to_owned(),
                    v => v,
                };
                Some((
                    format!("{}-{variant}.otf", info.family.replace(' ', "")),
                    data,
                ))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fonts_the_stylesheet_names_are_shipped() {
        let files = web_fonts(
            "src: url(\"fonts/Inter-Regular.otf\"); src: url(\"fonts/LibertinusSerif-Italic.otf\")",
        );
        let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        assert!(
            names.contains(&"fonts/Inter-Regular.otf".to_owned()),
            "{names:?}"
        );
        assert!(
            names.contains(&"fonts/LibertinusSerif-Italic.otf".to_owned()),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.contains("Inter-Bold")), "{names:?}");
        assert!(
            names.iter().any(|n| n.contains("LICENSE-Libertinus")),
            "{names:?}"
        );
    }
}
