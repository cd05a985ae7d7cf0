//! The images a report shows (chapter images, the cover logo): files inside the report
//! folder, either a PNG, JPEG or GIF whose size is read from its header before anything
//! decodes it, or an SVG with no script, event handler or reference to another file.
//! Every error is a sentence the caller places at the image's name.

use std::path::Path;

use imagesize::ImageType;

use crate::load::files;

/// The most pixels a raster image may have (50 megapixels: a large photograph). A
/// larger one would take gigabytes of memory once decoded for the PDF.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Checks the image the report names as `name` (relative to the report folder `root`).
pub fn check(root: &Path, name: &str) -> Result<(), String> {
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let svg = match extension.as_str() {
        "svg" => true,
        "png" | "jpg" | "jpeg" | "gif" => false,
        _ => return Err(format!("`{name}` is not a PNG, JPEG, GIF or SVG image")),
    };
    let path = files::inside(root, name)?;
    let bytes = files::read_bytes(&path).map_err(|e| format!("`{name}`: {}", e.message))?;
    match svg {
        true => check_svg(&bytes).map_err(|why| format!("the SVG image `{name}` {why}")),
        false => check_raster(&bytes).map_err(|why| format!("`{name}` {why}")),
    }
}

/// A PNG, JPEG or GIF of at most [`MAX_PIXELS`], judged by its header alone.
fn check_raster(bytes: &[u8]) -> Result<(), String> {
    let not_an_image =
        || "is not a PNG, JPEG, GIF or SVG image (its content is not one)".to_owned();
    match imagesize::image_type(bytes) {
        Ok(ImageType::Png | ImageType::Jpeg | ImageType::Gif) => {}
        _ => return Err(not_an_image()),
    }
    let size = imagesize::blob_size(bytes).map_err(|_| not_an_image())?;
    let pixels = size.width as u64 * size.height as u64;
    if pixels > MAX_PIXELS {
        return Err(format!(
            "is {} × {} pixels, more than the {} megapixels an image may have: scale it down",
            size.width,
            size.height,
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// An SVG that is well-formed XML without a DTD, with no `<script>`, no
/// `<foreignObject>`, no `on…` event handler and no link or `url(…)` to anything but a
/// place in the same file or an embedded PNG, JPEG or GIF.
fn check_svg(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_owned())?;
    let document = roxmltree::Document::parse(text).map_err(|e| match e {
        roxmltree::Error::DtdDetected => "has a DTD, which an image may not hold".to_owned(),
        e => format!("cannot be read as XML: {e}"),
    })?;
    for node in document.descendants() {
        let element = node.tag_name().name();
        if element.eq_ignore_ascii_case("script") || element.eq_ignore_ascii_case("foreignObject") {
            return Err(format!(
                "holds a `<{element}>` element: an image must not run code or embed a page"
            ));
        }
        if element == "style" && !node.text().is_none_or(only_local_urls) {
            return Err(
                "has a style sheet that loads another file (`url(…)` or `@import`)".to_owned(),
            );
        }
        for attribute in node.attributes() {
            let (key, value) = (attribute.name(), attribute.value());
            if key.len() > 2 && key[..2].eq_ignore_ascii_case("on") {
                return Err(format!(
                    "has the event handler `{key}` on `<{element}>`: an image must not run code"
                ));
            }
            if key == "href" && !local_reference(value) {
                return Err(format!(
                    "links to `{}`: an image may only refer to places inside itself",
                    value.chars().take(60).collect::<String>()
                ));
            }
            if !only_local_urls(value) {
                return Err(format!(
                    "loads another file through `{key}` on `<{element}>`: an image may only refer to places inside itself"
                ));
            }
        }
    }
    Ok(())
}

/// A reference to a place in the same file, or an embedded raster image.
fn local_reference(value: &str) -> bool {
    let value = value.trim();
    value.starts_with('#')
        || ["data:image/png", "data:image/jpeg", "data:image/gif"]
            .iter()
            .any(|prefix| value.starts_with(prefix))
}

/// True when every `url(…)` in a style or attribute value is local and there is no
/// `@import`.
fn only_local_urls(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    !lower.contains("@import")
        && lower
            .split("url(")
            .skip(1)
            .all(|rest| local_reference(rest.trim_start().trim_start_matches(['"', '\''])))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 33 bytes of a PNG of `width` × `height` (signature and IHDR chunk).
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    fn checked(name: &str, bytes: &[u8]) -> Result<(), String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        check(dir.path(), name)
    }

    #[test]
    fn huge_images_are_refused_from_their_header() {
        assert!(checked("a.png", &png_header(4000, 3000)).is_ok());
        let err = checked("a.png", &png_header(30_000, 30_000)).unwrap_err();
        assert!(err.contains("30000 × 30000 pixels"), "{err}");
        let err = checked("a.png", b"png").unwrap_err();
        assert!(err.contains("not a PNG"), "{err}");
        assert!(checked("a.txt", b"x").unwrap_err().contains("not a PNG"));
        assert!(checked("a.gif", b"x").is_err());
    }

    #[test]
    fn svg_images_cannot_run_code_or_load_files() {
        let svg = |inner: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{inner}</svg>"#
            )
        };
        let fine = svg(
            r##"<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="4" height="4"/><use xlink:href="#g"/><style>rect { fill: url(#g) }</style>"##,
        );
        assert_eq!(checked("a.svg", fine.as_bytes()), Ok(()));
        for (inner, expected) in [
            ("<script>alert(1)</script>", "`<script>`"),
            (r#"<rect onload="alert(1)"/>"#, "`onload`"),
            (
                r#"<foreignObject><p>x</p></foreignObject>"#,
                "foreignObject",
            ),
            (
                r#"<image href="https://x.se/a.png"/>"#,
                "links to `https://x.se/a.png`",
            ),
            (
                r#"<a xlink:href="javascript:alert(1)"><rect/></a>"#,
                "javascript:",
            ),
            (r#"<image href="/etc/passwd"/>"#, "/etc/passwd"),
            (
                r#"<rect fill="url(http://x.se/p.svg#a)"/>"#,
                "through `fill`",
            ),
            ("<style>@import url(x.css);</style>", "style sheet"),
        ] {
            let err = checked("a.svg", svg(inner).as_bytes()).unwrap_err();
            assert!(err.contains(expected), "{inner}: {err}");
        }
        let entity =
            r#"<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>"#;
        assert!(
            checked("a.svg", entity.as_bytes())
                .unwrap_err()
                .contains("DTD")
        );
    }

    #[test]
    fn images_must_stay_inside_the_report() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            check(dir.path(), "../a.png")
                .unwrap_err()
                .contains("leaves the report folder")
        );
        assert!(
            check(dir.path(), "saknas.png")
                .unwrap_err()
                .contains("no file")
        );
    }
}
