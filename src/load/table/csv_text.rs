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

    /// Calls `each` with every data row, in file order, reading them into one reused
    /// row; a row with fewer fields than the header, or more (beyond empty trailing
    /// ones), is an error at its line; rows of empty cells are skipped.
    pub fn for_each_row(
        &self,
        path: &Path,
        width: usize,
        each: impl FnMut(&RawRow) -> Result<()>,
    ) -> Result<()> {
        let all = self.data_start..self.text.len();
        self.walk(all, path, width, each).map(|_| ())
    }

    /// `map` applied to every data row, in file order: the file is cut at line ends
    /// into one part per core, each read on its own thread from its cut. A cut is kept
    /// only when the part before it ends there (not inside a quoted line break);
    /// otherwise the file is read again in one piece. The first error in file order is
    /// returned.
    pub fn map_rows<T: Send>(
        &self,
        path: &Path,
        width: usize,
        map: impl Fn(&RawRow) -> Result<T> + Sync,
    ) -> Result<Vec<T>> {
        const SMALLEST_PART: usize = 1 << 20;
        let data = self.text.len() - self.data_start;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        self.map_parts(cores.min(data / SMALLEST_PART).max(1), path, width, &map)
    }

    /// [`Self::map_rows`] in `parts` parts.
    fn map_parts<T: Send>(
        &self,
        parts: usize,
        path: &Path,
        width: usize,
        map: &(dyn Fn(&RawRow) -> Result<T> + Sync),
    ) -> Result<Vec<T>> {
        let cuts = self.cuts(parts);
        let parts: Vec<Result<(Vec<T>, usize)>> = std::thread::scope(|scope| {
            let threads: Vec<_> = cuts
                .windows(2)
                .map(|cut| {
                    scope.spawn(move || {
                        let mut mapped = Vec::new();
                        let end = self.walk(cut[0]..cut[1], path, width, |row| {
                            mapped.push(map(row)?);
                            Ok(())
                        })?;
                        Ok((mapped, end))
                    })
                })
                .collect();
            let stopped = || Diagnostic::error("a CSV reader stopped unexpectedly").in_file(path);
            threads
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|_| Err(stopped())))
                .collect()
        });
        let mut rows = Vec::new();
        for (part, cut) in parts.into_iter().zip(&cuts[1..]) {
            let (mapped, end) = part?;
            if end != *cut {
                return self.map_parts(1, path, width, map);
            }
            rows.extend(mapped);
        }
        Ok(rows)
    }

    /// Where each of `parts` parts starts, and the end of the text: line starts near
    /// equal shares of the data.
    fn cuts(&self, parts: usize) -> Vec<usize> {
        let data = self.text.len() - self.data_start;
        let mut cuts: Vec<usize> = (0..parts)
            .map(|i| self.data_start + data * i / parts)
            .map(|at| match at == self.data_start {
                true => at,
                false => self.next_line_start(at),
            })
            .collect();
        cuts.push(self.text.len());
        cuts.dedup();
        cuts
    }

    /// The start of the first line after `at` with text on it (or the end).
    fn next_line_start(&self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        let line_end = (at..bytes.len())
            .find(|&i| ends_line(bytes, i))
            .map_or(bytes.len(), |i| i + 1);
        skip_line_ends(&self.text, line_end)
    }

    /// Reads the rows that start in `range` (a row may run past its end) into one
    /// reused row, calling `each`; returns where the next row starts.
    fn walk(
        &self,
        range: std::ops::Range<usize>,
        path: &Path,
        width: usize,
        mut each: impl FnMut(&RawRow) -> Result<()>,
    ) -> Result<usize> {
        let mut reader = reader(self.delimiter, &self.text[range.start..]);
        let mut row = RawRow {
            line: 0,
            offset: 0,
            cells: csv::StringRecord::new(),
        };
        loop {
            let next = skip_line_ends(&self.text, range.start + reader.position().byte() as usize);
            if next >= range.end
                || !reader
                    .read_record(&mut row.cells)
                    .map_err(|e| csv_error(&e, &self.text, range.start, path))?
            {
                return Ok(next);
            }
            if row.cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let start = range.start + row.cells.position().map_or(0, |p| p.byte() as usize);
            row.offset = skip_line_ends(&self.text, start);
            let extra = row.cells.iter().skip(width).any(|c| !c.trim().is_empty());
            if row.cells.len() < width || extra {
                let message = format!(
                    "this row has {} fields but the header has {width}",
                    row.cells.len()
                );
                return Err(Diagnostic::error(message)
                    .in_file(path)
                    .at(self.line(row.offset), 1));
            }
            each(&row)?;
        }
    }

    /// The physical line of a byte offset, counted when an error needs it.
    pub fn line(&self, offset: usize) -> usize {
        Position::of_offset(&self.text, offset).line
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
        self.line(self.header_start)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of `text` read in `parts` parts, each as its cells joined by `|`.
    fn rows_in_parts(text: &str, parts: usize) -> Result<Vec<String>> {
        let path = Path::new("d.csv");
        let (headers, csv) = CsvText::new(text.to_owned(), 1, path)?;
        csv.map_parts(parts, path, headers.len(), &|row| {
            Ok(row.cells.iter().collect::<Vec<_>>().join("|"))
        })
    }

    #[test]
    fn parts_read_on_their_own_give_the_rows_in_file_order() {
        let mut text = String::from("id;n\r\n");
        for i in 0..100 {
            text.push_str(&format!("P{i};{i}\r\n"));
        }
        let expected: Vec<String> = (0..100).map(|i| format!("P{i}|{i}")).collect();
        for parts in 1..=7 {
            assert_eq!(
                rows_in_parts(&text, parts).unwrap(),
                expected,
                "{parts} parts"
            );
        }
    }

    #[test]
    fn a_cut_inside_a_quoted_line_break_is_not_kept() {
        let long = "x\n".repeat(40);
        let text = format!("id;note\nP1;\"{long}\"\nP2;y\n");
        let expected = vec![format!("P1|{long}"), "P2|y".to_owned()];
        for parts in 1..=5 {
            assert_eq!(
                rows_in_parts(&text, parts).unwrap(),
                expected,
                "{parts} parts"
            );
        }
    }

    #[test]
    fn the_first_error_in_file_order_is_returned() {
        let mut text = String::from("id;n\n");
        for i in 0..50 {
            let n = if i == 20 || i == 45 { "x" } else { "1" };
            text.push_str(&format!("P{i};{n}\n"));
        }
        let path = Path::new("d.csv");
        let (_, csv) = CsvText::new(text, 1, path).unwrap();
        let err = csv
            .map_parts(3, path, 2, &|row| match &row.cells[1] {
                "x" => Err(Diagnostic::error("bad").at(csv.line(row.offset), 1)),
                _ => Ok(()),
            })
            .unwrap_err();
        assert_eq!(err.position.unwrap().line, 22);
    }
}
