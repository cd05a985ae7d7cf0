//! A CSV export held as text and parsed as it is walked, so a file of hundreds of
//! megabytes is never held twice: delimiter detection, a header row below title rows,
//! and positions in physical lines (CRLF, CR and quoted line breaks counted).

use std::path::Path;

use crate::diagnostic::{Diagnostic, Position, Result, ends_line};
use crate::load::table::RawRow;

/// The decoded text of a CSV file and where its header and data start.
#[derive(Debug)]
pub struct CsvText {
    text: String,
    delimiter: u8,
    header_start: usize,
    data_start: usize,
}

impl CsvText {
    /// Finds the header on the physical line `header_row` and reads it.
    pub fn new(text: String, header_row: usize, path: &Path) -> Result<(Vec<String>, CsvText)> {
        let header_start = line_start(&text, header_row).ok_or_else(|| {
            Diagnostic::error(format!(
                "the header row {header_row} is past the end of the file"
            ))
            .in_file(path)
            .with_hint("`rubrikrad:` gives the row number of the column headers")
        })?;
        let first_line = text[header_start..].lines().next().unwrap_or("");
        let delimiter = detect_delimiter(first_line);
        let mut reader = reader(delimiter, &text[header_start..]);
        let mut record = csv::StringRecord::new();
        reader
            .read_record(&mut record)
            .map_err(|e| csv_error(&e, &text, header_start, path))?;
        let headers = record.iter().map(|h| h.trim().to_owned()).collect();
        let data_start = skip_line_ends(&text, header_start + reader.position().byte() as usize);
        let csv = CsvText {
            text,
            delimiter,
            header_start,
            data_start,
        };
        Ok((headers, csv))
    }

    /// The data rows; a row with fewer fields than the header, or more (beyond empty
    /// trailing ones), is an error at its line; rows of empty cells are skipped.
    pub fn rows<'a>(
        &'a self,
        path: &'a Path,
        width: usize,
    ) -> impl Iterator<Item = Result<RawRow>> + 'a {
        let mut lines = LineCounter::new(&self.text, self.data_start);
        reader(self.delimiter, &self.text[self.data_start..])
            .into_records()
            .filter_map(move |record| {
                let record = match record {
                    Ok(r) => r,
                    Err(e) => return Some(Err(csv_error(&e, &self.text, self.data_start, path))),
                };
                if record.iter().all(|c| c.trim().is_empty()) {
                    return None;
                }
                let start = self.data_start + record.position().map_or(0, |p| p.byte() as usize);
                let offset = skip_line_ends(&self.text, start);
                let line = lines.line_at(offset);
                let extra = record.iter().skip(width).any(|c| !c.trim().is_empty());
                if record.len() < width || extra {
                    let message = format!(
                        "this row has {} fields but the header has {width}",
                        record.len()
                    );
                    let err = Diagnostic::error(message).in_file(path).at(line, 1);
                    return Some(Err(err));
                }
                Some(Ok(RawRow {
                    line,
                    offset,
                    cells: record,
                }))
            })
    }

    /// The physical line and character column where field `column` of the row starting
    /// at `row_offset` begins.
    pub fn cell_position(&self, row_offset: usize, column: usize) -> (usize, usize) {
        let mut quoted = false;
        let mut field = 0;
        let mut at = row_offset;
        for (i, b) in self.text.as_bytes()[row_offset..].iter().enumerate() {
            if field == column {
                at = row_offset + i;
                break;
            }
            match *b {
                b'"' => quoted = !quoted,
                b if b == self.delimiter && !quoted => field += 1,
                b'\n' | b'\r' if !quoted => break,
                _ => {}
            }
        }
        let p = Position::of_offset(&self.text, at);
        (p.line, p.column)
    }

    pub fn header_line(&self) -> usize {
        Position::of_offset(&self.text, self.header_start).line
    }

    pub fn header_column(&self, column: usize) -> usize {
        self.cell_position(self.header_start, column).1
    }
}

fn reader(delimiter: u8, text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes())
}

/// `;` (Swedish Excel), tab or `,`: whichever occurs most in the header line outside
/// quotes; `;` wins a tie, as a Swedish decimal comma is no delimiter.
fn detect_delimiter(header: &str) -> u8 {
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(2);
    if counts[best] == 0 {
        b','
    } else {
        [b';', b'\t', b','][best]
    }
}

/// The offset of the first byte at or after `offset` that does not end a line: a
/// record's position in the csv reader includes the line break before it.
fn skip_line_ends(text: &str, mut offset: usize) -> usize {
    while matches!(text.as_bytes().get(offset), Some(b'\r' | b'\n')) {
        offset += 1;
    }
    offset
}

/// The byte offset where the 1-based physical line `line` starts.
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| ends_line(bytes, i))
        .nth(line - 2)
        .map(|i| i + 1)
        .filter(|&start| start < bytes.len())
}

fn csv_error(err: &csv::Error, text: &str, base: usize, path: &Path) -> Diagnostic {
    let offset = base + err.position().map_or(0, |p| p.byte() as usize);
    let p = Position::of_offset(text, offset);
    Diagnostic::error(format!("this CSV file cannot be read: {err}"))
        .in_file(path)
        .at(p.line, p.column)
}

/// Physical line numbers of increasing offsets, counted once through the text.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, offset: usize) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            offset,
            line: Position::of_offset(text, offset).line,
        }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        self.line += (self.offset..offset)
            .filter(|&i| ends_line(self.bytes, i))
            .count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_from_the_header() {
        assert_eq!(detect_delimiter("a;b;c"), b';');
        assert_eq!(detect_delimiter("a\tb,c\td"), b'\t');
        assert_eq!(detect_delimiter("a,b,\"x;y\""), b',');
        assert_eq!(detect_delimiter("a;b,c"), b';');
        assert_eq!(detect_delimiter("id"), b',');
    }
}
