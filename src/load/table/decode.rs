//! Bytes of a data export to text: UTF-8 with or without a byte-order mark, UTF-16
//! with one, or Windows-1252 (which covers ISO-8859-1 and Swedish Excel's "CSV
//! (semikolonavgränsad)"); or the encoding the declaration names (`kodning:`).

use std::path::Path;

use encoding_rs::{DecoderResult, Encoding, UTF_8, WINDOWS_1252};

use crate::diagnostic::{Diagnostic, Position, Result};

/// Decodes a file's bytes; `declared` is a WHATWG label such as `windows-1252`,
/// `iso-8859-15` or `utf-8`. UTF-8 is taken over without a copy.
pub fn decode(bytes: Vec<u8>, declared: Option<&str>, path: &Path) -> Result<String> {
    let (encoding, bom, bytes) = match declared {
        Some(label) => (declared_encoding(label, path)?, 0, bytes),
        None => detect(bytes, path)?,
    };
    let text = if encoding == UTF_8 {
        let mut bytes = bytes;
        bytes.drain(..bom);
        String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let byte = e.as_bytes()[offset];
            not_text(&e.as_bytes()[..offset], offset + bom, byte, "UTF-8", path)
        })?
    } else {
        let body = &bytes[bom..];
        decode_other(body, encoding).map_err(|offset| {
            not_text(
                &body[..offset],
                offset + bom,
                body[offset],
                encoding.name(),
                path,
            )
        })?
    };
    if let Some(offset) = first_control(&text) {
        let before = &text[..offset];
        let file_offset = encoding.encode(before).0.len() + bom;
        let byte = text[offset..].chars().next().map_or(0, |c| c as u32) as u8;
        return Err(not_text(
            before.as_bytes(),
            file_offset,
            byte,
            encoding.name(),
            path,
        ));
    }
    Ok(text)
}

/// The encoding a byte-order mark announces (and the mark's length), else UTF-8 when
/// the bytes are valid UTF-8, else Windows-1252. A file that holds UTF-8 letters and
/// also bytes that are not UTF-8 mixes two encodings (rows pasted from another
/// export): decoding it either way would split categories, so it is an error. The
/// bytes are handed back, validated once.
fn detect(bytes: Vec<u8>, path: &Path) -> Result<(&'static Encoding, usize, Vec<u8>)> {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        return Ok((encoding, bom, bytes));
    }
    let (offset, bytes) = match String::from_utf8(bytes) {
        Ok(text) => return Ok((UTF_8, 0, text.into_bytes())),
        Err(e) => (e.utf8_error().valid_up_to(), e.into_bytes()),
    };
    if bytes.utf8_chunks().any(|c| !c.valid().is_ascii()) {
        return Err(
            not_text(&bytes[..offset], offset, bytes[offset], "one encoding", path).with_hint(
                "the file mixes UTF-8 letters with another encoding; save it again as UTF-8, or name its encoding with `kodning:`",
            ),
        );
    }
    Ok((WINDOWS_1252, 0, bytes))
}

/// The offset of the first control character no text export contains: NUL and the
/// other C0 controls but tab, line feed, form feed and carriage return; DEL; and the
/// C1 controls (U+0080–U+009F), which come from bytes Windows-1252 leaves unused.
fn first_control(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().find_map(|(i, &b)| {
        let c0 = b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
        let c1 = b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n));
        (c0 || b == 0x7F || c1).then_some(i)
    })
}

fn declared_encoding(label: &str, path: &Path) -> Result<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        Diagnostic::error(format!("unknown encoding `{label}`"))
            .in_file(path)
            .with_hint("use utf-8, windows-1252, iso-8859-1, iso-8859-15 or utf-16le")
    })
}

/// Decodes with another encoding than UTF-8, growing the text as needed rather than
/// reserving the worst case (three bytes per byte) up front; `Err` holds the offset
/// of the first byte that does not decode.
fn decode_other(body: &[u8], encoding: &'static Encoding) -> std::result::Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(body.len() + body.len() / 8);
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&body[read..], &mut text, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            DecoderResult::OutputFull => text.reserve(body.len() / 8 + 16),
            DecoderResult::Malformed(bad, after) => {
                return Err(read - usize::from(after) - usize::from(bad));
            }
        }
    }
}

/// The error for a byte that is not text: `before` is what precedes it (for its line
/// and column), `offset` its place in the file.
fn not_text(before: &[u8], offset: usize, byte: u8, encoding: &str, path: &Path) -> Diagnostic {
    let position = Position::of_offset(&String::from_utf8_lossy(before), usize::MAX);
    Diagnostic::error(format!(
        "this file is not text in {encoding}: byte 0x{byte:02X} at offset {offset} (line {})",
        position.line
    ))
    .in_file(path)
    .at(position.line, position.column)
    .with_hint(
        "export it as CSV (UTF-8 or \"CSV (semikolonavgränsad)\"), or name its encoding with `kodning:` beside `fil:`",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<String> {
        decode(bytes.to_vec(), None, Path::new("d.csv"))
    }

    #[test]
    fn encodings_are_recognised() {
        assert_eq!(read("Kön;Lövstad".as_bytes()).unwrap(), "Kön;Lövstad");
        assert_eq!(read(b"\xEF\xBB\xBFK\xC3\xB6n").unwrap(), "Kön");
        // Windows-1252: ö is 0xF6, å 0xE5, the euro sign 0x80.
        assert_eq!(read(b"K\xF6n;\xE5r;\x80").unwrap(), "Kön;år;€");
        // UTF-16 little-endian with its mark: "Kö".
        assert_eq!(read(b"\xFF\xFEK\x00\xF6\x00").unwrap(), "Kö");
        let forced = decode(b"\xA4".to_vec(), Some("iso-8859-15"), Path::new("d.csv")).unwrap();
        assert_eq!(forced, "€");
    }

    #[test]
    fn mixed_encodings_are_refused() {
        // "Växjö" in UTF-8 on line 1, then "Växjö" in Windows-1252 on line 2.
        let err = read(b"V\xC3\xA4xj\xC3\xB6\nV\xE4xj\xF6").unwrap_err();
        assert!(
            err.message.contains("byte 0xE4 at offset 9 (line 2)"),
            "{}",
            err.message
        );
        assert!(err.hint.unwrap().contains("mixes UTF-8"));
    }

    #[test]
    fn binary_bytes_are_located() {
        let err = read(b"id;k\nP1;\x00\x01").unwrap_err();
        assert!(err.message.contains("offset 8 (line 2)"), "{}", err.message);
        let p = err.position.unwrap();
        assert_eq!((p.line, p.column), (2, 4));
        let err = decode(b"a\n\xFF".to_vec(), Some("utf-8"), Path::new("d.csv")).unwrap_err();
        assert!(
            err.message.contains("byte 0xFF at offset 2"),
            "{}",
            err.message
        );
    }

    #[test]
    fn positions_count_physical_lines() {
        let text = "a\r\nb\rc\nd";
        let at = |o| {
            let p = Position::of_offset(text, o);
            (p.line, p.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(3), (2, 1));
        assert_eq!(at(5), (3, 1));
        assert_eq!(at(7), (4, 1));
    }
}
