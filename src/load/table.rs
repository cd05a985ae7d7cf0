//! Tabular input files (CSV, Excel .xlsx, YAML lists of rows) read into rows of text
//! cells, each remembering the line and column it came from.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};

use crate::diagnostic::{Diagnostic, Result};
use crate::load::yaml;

/// A file of rows under a header row; every cell is text, as written.
#[derive(Debug)]
pub struct RawTable {
    pub path: PathBuf,
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
    /// How to find the column of a cell, for error messages.
    columns: Columns,
}

/// Where cells stand in the file, worked out only when an error needs it.
#[derive(Debug)]
enum Columns {
    /// CSV: the source text and delimiter, to find a field's character column.
    Text { source: String, delimiter: char },
    /// A spreadsheet whose used range starts at this 0-based column.
    Sheet { first: usize },
    /// YAML rows: the item's line, column 1.
    Item,
}

/// One data row and where it stands in its file.
#[derive(Debug)]
pub struct RawRow {
    /// 1-based line (CSV, YAML) or spreadsheet row number (.xlsx).
    pub line: usize,
    pub cells: csv::StringRecord,
}

impl RawTable {
    /// Reads a `.csv`, `.xlsx` or `.yaml` file; `sheet` picks an Excel sheet (default: the first).
    pub fn read(path: &Path, sheet: Option<&str>) -> Result<RawTable> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        match extension.as_str() {
            "csv" | "txt" => read_csv(path),
            "xlsx" | "xlsm" | "xls" | "ods" => read_sheet(path, sheet),
            "yaml" | "yml" => read_yaml_rows(path),
            _ => Err(Diagnostic::error("unknown file type for a data table")
                .in_file(path)
                .with_hint("use a .csv, .xlsx or .yaml file")),
        }
    }

    /// The index of the column with this header; an error naming the missing column.
    pub fn column(&self, header: &str) -> Result<usize> {
        self.headers
            .iter()
            .position(|h| h.trim() == header)
            .ok_or_else(|| {
                Diagnostic::error(format!("the column `{header}` is missing"))
                    .in_file(&self.path)
                    .at(1, 1)
                    .with_hint(format!(
                        "the file's columns are: {}; map the right one in data/statistics.yaml",
                        self.headers.join(", ")
                    ))
            })
    }

    /// The trimmed text of one cell (empty when the row is short).
    pub fn cell<'a>(&self, row: &'a RawRow, column: usize) -> &'a str {
        row.cells.get(column).map_or("", str::trim)
    }

    /// An error at one cell, naming its column header.
    pub fn error(&self, row: &RawRow, column: usize, message: impl AsRef<str>) -> Diagnostic {
        let header = self.headers.get(column).map_or("", String::as_str);
        let at = match &self.columns {
            Columns::Text { source, delimiter } => source
                .lines()
                .nth(row.line - 1)
                .and_then(|line| field_columns(line, *delimiter).get(column).copied())
                .unwrap_or(1),
            Columns::Sheet { first } => first + column + 1,
            Columns::Item => 1,
        };
        Diagnostic::error(format!("column `{header}`: {}", message.as_ref()))
            .in_file(&self.path)
            .at(row.line, at)
    }
}

/// A CSV file; `;` is taken as the delimiter when the header has no comma (Excel, sv).
fn read_csv(path: &Path) -> Result<RawTable> {
    let text = yaml::read_text(path)?;
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = if header_line.contains(';') && !header_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        Diagnostic::error(format!("this CSV file cannot be read: {e}"))
            .in_file(path)
            .at(line, 1)
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        if record.len() != headers.len() {
            return Err(Diagnostic::error(format!(
                "this row has {} fields but the header has {}",
                record.len(),
                headers.len()
            ))
            .in_file(path)
            .at(line, 1));
        }
        rows.push(RawRow {
            line,
            cells: record,
        });
    }
    drop(reader);
    Ok(RawTable {
        path: path.to_path_buf(),
        headers,
        rows,
        columns: Columns::Text {
            source: text,
            delimiter: delimiter as char,
        },
    })
}

/// The 1-based character column where each field of a CSV line starts.
fn field_columns(line: &str, delimiter: char) -> Vec<usize> {
    let mut columns = vec![1];
    let mut quoted = false;
    for (i, c) in line.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => columns.push(i + 2),
            _ => {}
        }
    }
    columns
}

/// A spreadsheet: the first row is the header; lines are the sheet's row numbers.
fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<RawTable> {
    let sheet_error = |e: &dyn std::fmt::Display| {
        Diagnostic::error(format!("this spreadsheet cannot be read: {e}")).in_file(path)
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| sheet_error(&e))?;
    let name = match sheet {
        Some(name) => name.to_owned(),
        None => workbook
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| sheet_error(&"it has no sheets"))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| sheet_error(&e))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut sheet_rows = range.rows().enumerate();
    let headers = sheet_rows
        .next()
        .map(|(_, r)| r.iter().map(|d| cell_text(d).trim().to_owned()).collect())
        .unwrap_or_default();
    let rows = sheet_rows
        .filter(|(_, r)| r.iter().any(|d| *d != Data::Empty))
        .map(|(i, r)| RawRow {
            line: first_row as usize + i + 1,
            cells: r.iter().map(cell_text).collect(),
        })
        .collect();
    Ok(RawTable {
        path: path.to_path_buf(),
        headers,
        rows,
        columns: Columns::Sheet {
            first: first_column as usize,
        },
    })
}

/// A spreadsheet cell as text; dates become `YYYY-MM-DD`, whole numbers lose `.0`.
fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::DateTime(dt) => excel_date(dt.as_f64()),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        other => other.to_string(),
    }
}

/// An Excel serial day number (1900 date system) as an ISO date.
fn excel_date(serial: f64) -> String {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30);
    epoch
        .and_then(|e| e.checked_add_signed(chrono::TimeDelta::days(serial.floor() as i64)))
        .map_or_else(|| serial.to_string(), |d| d.to_string())
}

/// A YAML list of mappings (`- id: P001 ...`); headers are the keys in order of use.
fn read_yaml_rows(path: &Path) -> Result<RawTable> {
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
    Ok(RawTable {
        path: path.to_path_buf(),
        headers,
        rows,
        columns: Columns::Item,
    })
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

    #[test]
    fn csv_cells_know_their_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        std::fs::write(&path, "id;kön\nP1;kvinna\nP2;\"x;y\";\n").unwrap();
        let err = RawTable::read(&path, None).unwrap_err();
        assert_eq!(err.position.unwrap().line, 3);
        std::fs::write(&path, "id;kön\nP1;kvinna\n\"P2\";okänd\n").unwrap();
        let table = RawTable::read(&path, None).unwrap();
        let row = &table.rows[1];
        let err = table.error(row, 1, "unknown value");
        assert_eq!(
            err.to_string(),
            format!("{}:3:6: error: column `kön`: unknown value", path.display())
        );
    }

    #[test]
    fn yaml_rows_have_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.yaml");
        std::fs::write(&path, "- id: P1\n  kon: man\n- id: P2\n  kon: kvinna\n").unwrap();
        let table = RawTable::read(&path, None).unwrap();
        assert_eq!(table.headers, ["id", "kon"]);
        assert_eq!(table.rows[1].line, 3);
        assert_eq!(table.cell(&table.rows[1], 1), "kvinna");
    }

    #[test]
    fn missing_column_is_named() {
        let table = RawTable {
            path: "p.csv".into(),
            headers: vec!["id".into()],
            rows: vec![],
            columns: Columns::Item,
        };
        let err = table.column("gender").unwrap_err();
        assert!(err.message.contains("`gender`"));
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date(44197.0), "2021-01-01");
    }
}
