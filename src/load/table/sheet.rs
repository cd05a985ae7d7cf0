//! Spreadsheets (.xlsx, .xls, .ods) read with calamine: a sheet by name, a header
//! row below title rows, real dates as ISO dates, and a limit on the unpacked size so
//! that a small zip bomb cannot exhaust memory.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};

use crate::diagnostic::{Diagnostic, Result};
use crate::load::date;
use crate::load::table::RawRow;

/// The header, the data rows and the sheet's first used column (0-based).
pub fn read(
    path: &Path,
    sheet: Option<&str>,
    header_row: usize,
    limit: u64,
) -> Result<(Vec<String>, Vec<RawRow>, usize)> {
    let sheet_error = |e: &dyn std::fmt::Display| {
        Diagnostic::error(format!("this spreadsheet cannot be read: {e}")).in_file(path)
    };
    crate::load::files::check_regular(path, limit).map_err(super::with_limit_hint)?;
    check_unpacked_size(path, limit)?;
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| sheet_error(&e))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(name) if names.iter().any(|n| n == name) => name.to_owned(),
        Some(name) => {
            return Err(sheet_error(&format!("it has no sheet `{name}`"))
                .with_hint(format!("its sheets are: {}", names.join(", "))));
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| sheet_error(&"it has no sheets"))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| sheet_error(&e))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let skip = (header_row - 1).saturating_sub(first_row as usize);
    let mut sheet_rows = range.rows().enumerate().skip(skip);
    let headers = sheet_rows
        .next()
        .map(|(_, r)| r.iter().map(|d| cell_text(d).trim().to_owned()).collect())
        .ok_or_else(|| sheet_error(&format!("the header row {header_row} is empty or missing")))?;
    let rows = sheet_rows
        .filter(|(_, r)| r.iter().any(|d| !cell_text(d).trim().is_empty()))
        .map(|(i, r)| RawRow {
            line: first_row as usize + i + 1,
            offset: 0,
            cells: r.iter().map(cell_text).collect(),
        })
        .collect();
    Ok((headers, rows, first_column as usize))
}

/// Refuses a zip-based workbook whose entries unpack to more than a quarter of
/// `limit` bytes: a sheet takes several times its XML's size once read.
fn check_unpacked_size(path: &Path, limit: u64) -> Result<()> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let mut magic = [0u8; 2];
    let mut reader = std::io::BufReader::new(file);
    if reader.read_exact(&mut magic).is_err() || &magic != b"PK" {
        return Ok(());
    }
    let file = std::fs::File::open(path).map_err(|e| Diagnostic::io(path, &e))?;
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    let allowed = limit / 4;
    if total > allowed {
        let mb = |n: u64| n as f64 / f64::from(1 << 20);
        let message = format!(
            "this workbook unpacks to {:.1} MB; a workbook may unpack to at most {:.1} MB",
            mb(total),
            mb(allowed)
        );
        return Err(Diagnostic::error(message).in_file(path).with_hint(
            "that is a quarter of `storleksgrans_mb:` in data/statistics.yaml; raise it if the workbook is right",
        ));
    }
    Ok(())
}

/// A spreadsheet cell as text; dates become `YYYY-MM-DD`, whole numbers lose `.0`.
fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::DateTime(dt) => date::excel_serial(dt.as_f64())
            .map_or_else(|| dt.as_f64().to_string(), |d| d.to_string()),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        other => other.to_string(),
    }
}
