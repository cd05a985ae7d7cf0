//! Tabular input files (CSV, Excel .xlsx, YAML lists of rows) read into rows of text
//! cells, each remembering where it stands in its file. Exports are read as they are:
//! any common encoding, delimiter and line ending, a header row below a title, and
//! files of hundreds of megabytes, streamed row by row.

mod csv_text;
mod decode;
mod sheet;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Result, nearest};
use crate::load::date::DateFormat;
use crate::load::{files, yaml};

/// The keys that name a file and say how to read it (`fil:` and its neighbours).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct FileDecl {
    /// The file, relative to `data/`.
    pub fil: PathBuf,
    /// The Excel sheet, by name (default: the first).
    #[serde(default)]
    pub blad: Option<String>,
    /// The row number of the header row, when title rows stand above it (default: 1).
    #[serde(default)]
    pub rubrikrad: Option<usize>,
    /// The text encoding, when detection is not wanted (`windows-1252`, `utf-8` …).
    #[serde(default)]
    pub kodning: Option<String>,
    /// A chrono format for dates in other forms than the usual ones (`%d/%m/%Y`).
    #[serde(default)]
    pub datumformat: Option<String>,
}

/// The largest data file read, in bytes (also the largest unpacked .xlsx).
pub const DEFAULT_LIMIT: u64 = 1 << 30;

/// A file of rows under a header row; every cell is text, as written.
#[derive(Debug)]
pub struct RawTable {
    pub path: PathBuf,
    pub headers: Vec<String>,
    body: Body,
    date_format: Option<String>,
}

/// The rows: CSV text parsed as it is walked, or rows already read.
#[derive(Debug)]
enum Body {
    Csv(csv_text::CsvText),
    Rows(Vec<RawRow>, Columns),
}

/// How to find the column of a read row's cell, for error messages.
#[derive(Debug)]
enum Columns {
    /// A spreadsheet whose used range starts at this 0-based column.
    Sheet { first: usize },
    /// YAML rows: the item's line, column 1.
    Item,
}

/// One data row and where it stands in its file ([`RawTable::line`]).
#[derive(Debug)]
pub struct RawRow {
    /// The spreadsheet row number (.xlsx) or line (YAML); CSV rows count their line
    /// from `offset` only when an error needs it.
    line: usize,
    /// CSV: the byte offset where the row starts in the decoded text.
    offset: usize,
    pub cells: csv::StringRecord,
}

impl RawTable {
    /// Reads the file `decl` names, relative to `data_dir`; files larger than `limit`
    /// bytes (unpacked, for .xlsx) are refused.
    pub fn read(data_dir: &Path, decl: &FileDecl, limit: u64) -> Result<RawTable> {
        let path = data_dir.join(&decl.fil);
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        let header_row = decl.rubrikrad.unwrap_or(1).max(1);
        let (headers, body) = match extension.as_str() {
            "csv" | "txt" | "tsv" => {
                let text =
                    decode::decode(read_bytes(&path, limit)?, decl.kodning.as_deref(), &path)?;
                let (headers, csv) = csv_text::CsvText::new(text, header_row, &path)?;
                (headers, Body::Csv(csv))
            }
            "xlsx" | "xlsm" | "xls" | "ods" => {
                let (headers, rows, first) =
                    sheet::read(&path, decl.blad.as_deref(), header_row, limit)?;
                (headers, Body::Rows(rows, Columns::Sheet { first }))
            }
            "yaml" | "yml" => {
                let (headers, rows) = read_yaml_rows(&path)?;
                (headers, Body::Rows(rows, Columns::Item))
            }
            _ => {
                return Err(Diagnostic::error("unknown file type for a data table")
                    .in_file(&path)
                    .with_hint("use a .csv, .xlsx or .yaml file"));
            }
        };
        let table = RawTable {
            path,
            headers,
            body,
            date_format: decl.datumformat.clone(),
        };
        table.check_unique_headers()?;
        Ok(table)
    }

    /// Calls `each` with every data row, in file order, stopping at the first error;
    /// a CSV row that cannot be read is an error there.
    pub fn for_each_row(&self, each: impl FnMut(&RawRow) -> Result<()>) -> Result<()> {
        match &self.body {
            Body::Csv(csv) => csv.for_each_row(&self.path, self.headers.len(), each),
            Body::Rows(rows, _) => rows.iter().try_for_each(each),
        }
    }

    /// `map` applied to every data row, in file order, a large CSV file read on every
    /// core; the first error in file order.
    pub fn map_rows<T: Send>(&self, map: impl Fn(&RawRow) -> Result<T> + Sync) -> Result<Vec<T>> {
        match &self.body {
            Body::Csv(csv) => csv.map_rows(&self.path, self.headers.len(), map),
            Body::Rows(rows, _) => rows.iter().map(map).collect(),
        }
    }

    /// How the file writes its dates.
    pub fn dates(&self) -> DateFormat<'_> {
        DateFormat {
            declared: self.date_format.as_deref(),
        }
    }

    /// The index of the column with this header; an error naming the missing column.
    pub fn column(&self, header: &str) -> Result<usize> {
        let wanted = header.trim();
        self.headers
            .iter()
            .position(|h| h == wanted)
            .or_else(|| {
                self.headers
                    .iter()
                    .position(|h| h.to_lowercase() == wanted.to_lowercase())
            })
            .ok_or_else(|| {
                let file = self.path.file_name().unwrap_or_default().to_string_lossy();
                let columns = self.headers.join(", ");
                let near = nearest(self.headers.iter().map(String::as_str), wanted, 1);
                let likely = near
                    .first()
                    .filter(|near| strsim::levenshtein(near, wanted) <= wanted.chars().count() / 2);
                let hint = match likely {
                    _ if self.headers.is_empty() => "the file has no header row".to_owned(),
                    Some(near) => {
                        format!("did you mean `{near}`? The file's columns are: {columns}")
                    }
                    None => format!("the file's columns are: {columns}"),
                };
                Diagnostic::error(format!("the column `{wanted}` is not in {file}"))
                    .in_file(&self.path)
                    .at(self.header_line(), 1)
                    .with_hint(hint)
            })
    }

    /// The trimmed text of one cell (empty when the row is short); the no-break space
    /// Excel writes around numbers is trimmed too.
    pub fn cell<'a>(&self, row: &'a RawRow, column: usize) -> &'a str {
        row.cells.get(column).map_or("", str::trim)
    }

    /// An error at one cell, naming its column header.
    pub fn error(&self, row: &RawRow, column: usize, message: impl AsRef<str>) -> Diagnostic {
        let header = self.headers.get(column).map_or("", String::as_str);
        let (line, at) = match &self.body {
            Body::Csv(csv) => csv.cell_position(row.offset, column),
            Body::Rows(_, Columns::Sheet { first }) => (row.line, first + column + 1),
            Body::Rows(_, Columns::Item) => (row.line, 1),
        };
        Diagnostic::error(format!("column `{header}`: {}", message.as_ref()))
            .in_file(&self.path)
            .at(line, at)
    }

    fn header_line(&self) -> usize {
        match &self.body {
            Body::Csv(csv) => csv.header_line(),
            Body::Rows(rows, _) => rows.first().map_or(1, |r| r.line.saturating_sub(1).max(1)),
        }
    }

    /// Two columns with the same header would make one of them unreachable.
    fn check_unique_headers(&self) -> Result<()> {
        for (i, header) in self.headers.iter().enumerate() {
            if header.is_empty() || !self.headers[..i].contains(header) {
                continue;
            }
            let column = match &self.body {
                Body::Csv(csv) => csv.header_column(i),
                Body::Rows(_, Columns::Sheet { first }) => first + i + 1,
                Body::Rows(_, Columns::Item) => 1,
            };
            return Err(
                Diagnostic::error(format!("the column `{header}` occurs twice"))
                    .in_file(&self.path)
                    .at(self.header_line(), column)
                    .with_hint("rename one of the columns so each header is unique"),
            );
        }
        Ok(())
    }
}

/// The bytes of a data file within the declared size limit.
fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>> {
    files::read_bytes_within(path, limit).map_err(with_limit_hint)
}

/// Adds how to raise the limit to a size error.
fn with_limit_hint(error: Diagnostic) -> Diagnostic {
    match error.message.contains("more than the limit") {
        true => error
            .with_hint("raise `storleksgrans_mb:` in data/statistics.yaml if the file is right"),
        false => error,
    }
}

/// A YAML list of mappings (`- id: P001 ...`); headers are the keys in order of use.
fn read_yaml_rows(path: &Path) -> Result<(Vec<String>, Vec<RawRow>)> {
    let text = yaml::read_text(path)?;
    let items: Vec<serde_yaml::Mapping> = yaml::parse(&text, path)?;
    let lines = item_lines(&text);
    let mut headers: Vec<String> = Vec::new();
    let keyed: Vec<Vec<(String, String)>> = items
        .iter()
        .map(|item| item.iter().map(|(k, v)| (scalar(k), scalar(v))).collect())
        .collect();
    for (key, _) in keyed.iter().flatten() {
        if !headers.contains(key) {
            headers.push(key.clone());
        }
    }
    let rows = keyed
        .into_iter()
        .enumerate()
        .map(|(i, pairs)| RawRow {
            line: lines.get(i).copied().unwrap_or(1),
            offset: 0,
            cells: headers
                .iter()
                .map(|h| {
                    pairs
                        .iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect(),
        })
        .collect();
    Ok((headers, rows))
}

/// The lines where the items of a top-level YAML list start.
fn item_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || *l == "-")
        .map(|(i, _)| i + 1)
        .collect()
}

/// A YAML scalar as text (`~` and missing values are empty).
pub(crate) fn scalar(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => String::new(),
        other => serde_yaml::to_string(other).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> FileDecl {
        std::fs::write(dir.join(name), bytes).unwrap();
        FileDecl {
            fil: name.into(),
            ..FileDecl::default()
        }
    }

    /// Every row's line and cells.
    fn rows(table: &RawTable) -> Vec<(usize, Vec<String>)> {
        let mut rows = Vec::new();
        table
            .for_each_row(|row| {
                let cells = (0..table.headers.len()).map(|c| table.cell(row, c).to_owned());
                let line = table.error(row, 0, "").position.unwrap().line;
                rows.push((line, cells.collect()));
                Ok(())
            })
            .unwrap();
        rows
    }

    /// The error `table` gives at `column` of its row number `index`.
    fn error_at(table: &RawTable, index: usize, column: usize) -> Diagnostic {
        let mut n = 0;
        let mut found = None;
        table
            .for_each_row(|row| {
                if n == index {
                    found = Some(table.error(row, column, "bad"));
                }
                n += 1;
                Ok(())
            })
            .unwrap();
        found.expect("the table has that row")
    }

    #[test]
    fn csv_cells_know_their_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let decl = write(
            dir.path(),
            "d.csv",
            b"id;k\xC3\xB6n\nP1;kvinna\n\"P2\";ok\xC3\xA4nd\n",
        );
        let table = RawTable::read(dir.path(), &decl, DEFAULT_LIMIT).unwrap();
        let err = error_at(&table, 1, 1);
        let path = dir.path().join("d.csv");
        assert_eq!(
            err.to_string(),
            format!("{}:3:6: error: column `kön`: bad", path.display())
        );
    }

    #[test]
    fn crlf_quoted_breaks_and_a_title_row_keep_physical_lines() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Export 2024\r\nid,note,kön\r\nP1,\"two\r\nlines\",K\r\nP2,x,?\r\n";
        let mut decl = write(dir.path(), "d.csv", text.as_bytes());
        decl.rubrikrad = Some(2);
        let table = RawTable::read(dir.path(), &decl, DEFAULT_LIMIT).unwrap();
        assert_eq!(table.headers, ["id", "note", "kön"]);
        let rows = rows(&table);
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 5]);
        assert_eq!(rows[0].1[1], "two\r\nlines");
        let err = error_at(&table, 1, 2);
        let p = err.position.unwrap();
        assert_eq!((p.line, p.column), (5, 6));
    }

    #[test]
    fn delimiters_are_detected() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("a.csv", "id\tx,y\n1\t2,3\n"),
            ("b.csv", "id;x,y\n1;2,3\n"),
            ("c.csv", "id,x\n1,\"2;3\"\n"),
        ] {
            let decl = write(dir.path(), name, text.as_bytes());
            let table = RawTable::read(dir.path(), &decl, DEFAULT_LIMIT).unwrap();
            assert_eq!(table.headers.len(), 2, "{name}");
        }
    }

    #[test]
    fn duplicate_headers_are_errors_at_the_second() {
        let dir = tempfile::tempdir().unwrap();
        let decl = write(dir.path(), "d.csv", b"id;Kommun;Kommun\n1;a;b\n");
        let err = RawTable::read(dir.path(), &decl, DEFAULT_LIMIT).unwrap_err();
        assert!(err.message.contains("`Kommun` occurs twice"));
        let p = err.position.unwrap();
        assert_eq!((p.line, p.column), (1, 11));
    }

    #[test]
    fn size_and_kind_are_limited() {
        let dir = tempfile::tempdir().unwrap();
        let decl = write(dir.path(), "d.csv", &[b'a'; 2000]);
        let err = RawTable::read(dir.path(), &decl, 1000).unwrap_err();
        assert!(
            err.message.contains("more than the limit"),
            "{}",
            err.message
        );
        std::fs::create_dir(dir.path().join("x.csv")).unwrap();
        let folder = FileDecl {
            fil: "x.csv".into(),
            ..FileDecl::default()
        };
        let err = RawTable::read(dir.path(), &folder, 1000).unwrap_err();
        assert!(err.message.contains("not a regular file"));
    }

    #[test]
    fn yaml_rows_have_lines() {
        let dir = tempfile::tempdir().unwrap();
        let decl = write(
            dir.path(),
            "d.yaml",
            b"- id: P1\n  kon: man\n- id: P2\n  kon: kvinna\n",
        );
        let table = RawTable::read(dir.path(), &decl, DEFAULT_LIMIT).unwrap();
        assert_eq!(table.headers, ["id", "kon"]);
        let rows = rows(&table);
        assert_eq!(rows[1].0, 3);
        assert_eq!(rows[1].1[1], "kvinna");
    }

    #[test]
    fn missing_column_is_named_with_the_nearest_header() {
        let table = RawTable {
            path: "data/p.csv".into(),
            headers: vec!["id".into(), "gendr".into(), "age".into()],
            body: Body::Rows(Vec::new(), Columns::Item),
            date_format: None,
        };
        let err = table.column("gender").unwrap_err();
        assert_eq!(err.message, "the column `gender` is not in p.csv");
        assert_eq!(
            err.hint.as_deref(),
            Some("did you mean `gendr`? The file's columns are: id, gendr, age")
        );
        let far = table.column("municipality").unwrap_err();
        assert_eq!(
            far.hint.as_deref(),
            Some("the file's columns are: id, gendr, age")
        );
    }
}
