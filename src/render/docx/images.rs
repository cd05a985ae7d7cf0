//! Pictures for the Word document, all as PNG (the only kind docx-rs packs): charts
//! rasterised from their SVG by resvg at print resolution with the fonts the PDF
//! uses, and the report's own images (PNG kept, JPEG and GIF converted, SVG
//! rasterised).

use std::io::Cursor;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use crate::diagnostic::{Diagnostic, Result};
use crate::templates::Templates;

/// Dots per inch of the rasterised pictures, at the size they are shown.
const PRINT_DPI: f32 = 300.0;
/// CSS pixels per inch: the unit of SVG sizes and of unscaled bitmaps.
const CSS_DPI: f32 = 96.0;
/// English Metric Units per inch (Word's unit for picture sizes).
const EMU_PER_INCH: f32 = 914_400.0;

/// A PNG and the size it is shown at, in EMU.
#[derive(Debug, Clone)]
pub struct Picture {
    pub png: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    pub width_emu: u32,
    pub height_emu: u32,
}

/// Typst's bundled fonts and the shipped ones, loaded once per process, so charts
/// are drawn in the house font and never in whatever the machine has installed.
static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    for data in typst_assets::fonts().chain(Templates::fonts().map(|(_, data)| data)) {
        db.load_font_data(data.to_vec());
    }
    Arc::new(db)
});

/// A chart's SVG as a PNG at most `max_width_emu` wide.
pub fn chart(svg: &str, max_width_emu: u32) -> std::result::Result<Picture, String> {
    let options = usvg::Options {
        fontdb: Arc::clone(&FONTS),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    let (width_emu, height_emu) = shown_size(size.width(), size.height(), max_width_emu);
    let scale = width_emu as f32 / EMU_PER_INCH * PRINT_DPI / size.width();
    let width_px = (size.width() * scale).ceil().max(1.0) as u32;
    let height_px = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pixmap = Pixmap::new(width_px, height_px)
        .ok_or_else(|| format!("a picture of {width_px}×{height_px} pixels is too large"))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = encode_opaque(&pixmap).map_err(|e| e.to_string())?;
    Ok(Picture {
        png,
        width_px,
        height_px,
        width_emu,
        height_emu,
    })
}

/// An opaque pixmap (drawn on white) as an RGB PNG, compressed for speed: encoding
/// dominates the time a chart takes, and the package stores pictures as they are.
fn encode_opaque(pixmap: &Pixmap) -> std::result::Result<Vec<u8>, png::EncodingError> {
    // Opaque pixels are the same premultiplied or not: drop the alpha channel.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(png)
}

/// An image file of the report folder, at most `max_width_emu` wide.
pub fn file(path: &Path, max_width_emu: u32) -> Result<Picture> {
    let data = std::fs::read(path).map_err(|e| Diagnostic::io(path, &e))?;
    let is_svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let picture = if is_svg {
        String::from_utf8(data)
            .map_err(|_| "the SVG is not UTF-8 text".to_owned())
            .and_then(|svg| chart(&svg, max_width_emu))
    } else {
        bitmap(data, max_width_emu)
    };
    picture.map_err(|e| {
        Diagnostic::error(format!("the image cannot be put in the Word document: {e}"))
            .in_file(path)
    })
}

/// A PNG kept as it is, or a JPEG or GIF converted to PNG.
fn bitmap(data: Vec<u8>, max_width_emu: u32) -> std::result::Result<Picture, String> {
    let reader = |bytes: &[u8]| {
        image::ImageReader::new(Cursor::new(bytes.to_vec()))
            .with_guessed_format()
            .map_err(|e| e.to_string())
    };
    let png = if reader(&data)?.format() == Some(image::ImageFormat::Png) {
        data
    } else {
        let decoded = reader(&data)?.decode().map_err(|e| e.to_string())?;
        let mut png = Cursor::new(Vec::new());
        decoded
            .write_to(&mut png, image::ImageFormat::Png)
            .map_err(|e| e.to_string())?;
        png.into_inner()
    };
    let (width_px, height_px) = reader(&png)?.into_dimensions().map_err(|e| e.to_string())?;
    let (width_emu, height_emu) = shown_size(width_px as f32, height_px as f32, max_width_emu);
    Ok(Picture {
        png,
        width_px,
        height_px,
        width_emu,
        height_emu,
    })
}

/// The size in EMU of a picture `width × height` CSS pixels, shrunk to fit the width.
fn shown_size(width: f32, height: f32, max_width_emu: u32) -> (u32, u32) {
    let natural = width / CSS_DPI * EMU_PER_INCH;
    let shown = natural.min(max_width_emu as f32).max(1.0);
    let height = shown * height / width.max(1.0);
    (shown.round() as u32, height.round().max(1.0) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_keep_their_natural_size_unless_too_wide() {
        // 96 px = 1 inch = 914 400 EMU.
        assert_eq!(shown_size(96.0, 48.0, 5_000_000), (914_400, 457_200));
        assert_eq!(shown_size(960.0, 480.0, 1_000_000), (1_000_000, 500_000));
    }

    #[test]
    fn charts_are_rasterised_at_print_resolution() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="96" height="48"><rect width="96" height="48" fill="#1d4f73"/><text x="4" y="30" font-family="Inter" font-size="12">Å</text></svg>"##;
        let picture = chart(svg, 5_000_000).unwrap();
        // One inch wide at 300 dpi.
        assert_eq!((picture.width_px, picture.height_px), (300, 150));
        assert_eq!(picture.width_emu, 914_400);
        assert!(picture.png.starts_with(b"\x89PNG"));
    }
}
