//! Computed tables and charts: the statistics a `{table}` or `{chart}` block names,
//! by shorthand (`data: deltagare_kommun`) or by query (`data: deltagare`,
//! `rader: utbildning`, `kolumner: kon`), turned into the document's tables with every
//! value formatted in the report's language.

use serde::Deserialize;

use super::{Align, Cell, LegendItem, Table};
use crate::analysis::series::Series;
use crate::analysis::{Query, Statistics, Tabulation, View};
use crate::charts::value_text;
use crate::locale::Lang;

/// What a `{table}` or `{chart}` block asks for: a shorthand name in `data:` alone,
/// or a query with `rader:` (and `kolumner:`, `tillfalle:`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// A shorthand name, or the source of a query (`deltagare`, a measurement, a survey).
    #[serde(default)]
    pub data: Option<String>,
    /// What goes in the rows: a breakdown, `kon` or `fraga`.
    #[serde(default)]
    pub rader: Option<String>,
    /// What goes in the columns: a breakdown, `kon`, `svar`, `forandring`,
    /// `tillfalle`, `klassificering` or `instammer`.
    #[serde(default)]
    pub kolumner: Option<String>,
    /// `forsta` or `sista`: which occasion of a measurement.
    #[serde(default)]
    pub tillfalle: Option<String>,
}

impl Request {
    /// The view asked for, or an error message naming what may be asked.
    pub fn view<'a>(&self, statistics: &'a Statistics) -> Result<View<'a>, (String, String)> {
        let data = self.data.as_deref().unwrap_or_default();
        let Some(rows) = &self.rader else {
            if self.kolumner.is_some() || self.tillfalle.is_some() {
                return Err((
                    "`kolumner:` and `tillfalle:` need `rader:`".into(),
                    String::new(),
                ));
            }
            return statistics.named(data).ok_or_else(|| {
                let known = statistics.view_names().join(", ");
                (format!("there is no computed `{data}`"), format!("known names: {known}; or query with `rader:` and `kolumner:` (docs/statistics.md)"))
            });
        };
        let query = Query {
            data: data.to_owned(),
            rows: rows.clone(),
            columns: self.kolumner.clone(),
            occasion: self.tillfalle.clone(),
        };
        statistics.query(&query).map_err(|e| (e, String::new()))
    }
}

/// A computed table as the document shows it: formatted values, numbers right-aligned,
/// marks, legend and the suppression note.
pub fn table(tabulation: Tabulation, lang: Lang) -> Table {
    let Tabulation {
        header,
        labels,
        rows,
        footer,
        marks,
        legend,
        suppressed,
    } = tabulation;
    let threshold = suppressed.unwrap_or(0);
    let format = |rows: Vec<Vec<crate::analysis::Figure>>| -> Vec<Vec<Cell>> {
        rows.into_iter()
            .map(|row| {
                row.iter()
                    .map(|v| Cell::text(v.text(lang, threshold)))
                    .collect()
            })
            .collect()
    };
    let mut body = format(rows);
    for ((row, column), mark) in marks {
        if let Some(cell) = body.get_mut(row).and_then(|r| r.get_mut(column)) {
            cell.mark = Some(mark);
        }
    }
    Table {
        align: (0..header.len())
            .map(|i| {
                if i < labels {
                    Align::Left
                } else {
                    Align::Right
                }
            })
            .collect(),
        header: vec![header.into_iter().map(Cell::text).collect()],
        rows: body,
        footer: format(footer),
        legend: legend
            .into_iter()
            .map(|(mark, text)| LegendItem { mark, text })
            .collect(),
        notes: suppressed
            .map(|n| lang.labels().suppressed_note.replace("{n}", &n.to_string()))
            .into_iter()
            .collect(),
        ..Table::default()
    }
}

/// A chart's numbers as a table: categories as rows, groups as columns.
pub fn data_table(series: &Series, lang: Lang) -> Table {
    let mut header = vec![Cell::text(series.category_label.clone())];
    header.extend(series.groups.iter().map(|g| Cell::text(g.name.clone())));
    let rows = series
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut row = vec![Cell::text(category.clone())];
            row.extend(series.groups.iter().map(|g| {
                let value = g.values.get(i).copied().flatten();
                Cell::text(value_text(series.unit, value, lang))
            }));
            row
        })
        .collect();
    let mut align = vec![Align::Left];
    align.extend(series.groups.iter().map(|_| Align::Right));
    Table {
        align,
        header: vec![header],
        rows,
        ..Table::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::series::{Group, Unit};

    #[test]
    fn a_data_table_holds_the_chart_numbers() {
        let series = Series {
            categories: vec!["-29".into(), "60-".into()],
            groups: vec![
                Group {
                    name: "Kvinnor".into(),
                    values: vec![Some(40.0), None],
                },
                Group {
                    name: "Män".into(),
                    values: vec![Some(56.0), Some(9.0)],
                },
            ],
            unit: Unit::Count,
            category_label: "Åldersgrupp".into(),
        };
        let table = data_table(&series, Lang::Sv);
        assert_eq!(table.align, vec![Align::Left, Align::Right, Align::Right]);
        let header: Vec<String> = table.header[0].iter().map(Cell::plain).collect();
        assert_eq!(header, ["Åldersgrupp", "Kvinnor", "Män"]);
        let last: Vec<String> = table.rows[1].iter().map(Cell::plain).collect();
        assert_eq!(last, ["60-", "–", "9"]);
        assert!(table.caption.is_none() && table.number.is_none() && table.id.is_none());
    }
}
