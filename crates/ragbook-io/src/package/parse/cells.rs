//! One row of a table being read: its cells by column name, each read by its column's kind,
//! with every problem kept against the cell it is in.

use std::str::FromStr;

use ragbook_core::dataset::KeyArea;
use ragbook_core::date::Date;
use ragbook_core::measure::from_code;
use ragbook_core::period::FinancialQuarter;
use ragbook_core::plan::ItemId;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::super::definition::{Kind, TableDef};
use super::super::fields;
use crate::problem::{Location, Problem};
use crate::table::{Row, Table};

/// Where each of a table's columns is. A few columns, looked up for every cell of possibly
/// millions of rows: a short list beats hashing the name every time.
pub(super) struct ColumnIndex(pub(super) Vec<(&'static str, usize)>);

impl ColumnIndex {
    pub(super) fn get(&self, name: &str) -> Option<usize> {
        self.0
            .iter()
            .find(|(column, _)| *column == name)
            .map(|(_, position)| *position)
    }
}

/// One row being read: its cells by column name, and whether every cell so far was good.
pub(super) struct Cells<'t> {
    pub(super) definition: &'static TableDef,
    pub(super) table: &'t Table,
    pub(super) row: &'t Row,
    pub(super) index: &'t ColumnIndex,
    pub(super) problems: Vec<Problem>,
}

impl<'t> Cells<'t> {
    pub(super) fn text(&self, column: &str) -> &'t str {
        self.index
            .get(column)
            .map_or("", |i| self.row.cells[i].trim())
    }

    /// Whether the table has this column at all.
    pub(super) fn has(&self, column: &str) -> bool {
        self.index.get(column).is_some()
    }

    pub(super) fn optional(&self, column: &str) -> Option<String> {
        let text = self.text(column);
        (!text.is_empty()).then(|| text.to_owned())
    }

    pub(super) fn fail(&mut self, column: &str, mut message: String) {
        // A cell that runs over lines where no paragraphs belong is a quote left open: the CSV
        // reader has swallowed the rows after it. Say so, rather than show the swallowed rows.
        let multiline = self.text(column).contains('\n');
        let paragraphs = self
            .definition
            .column(column)
            .is_some_and(|c| c.kind == Kind::LongText);
        if multiline && !paragraphs {
            message = "the cell runs over several lines: is a quote (\") left open on this row? The rows after it were read into this cell".into();
        } else if message.chars().count() > 300 {
            message = message.chars().take(300).collect::<String>() + "…";
        }
        let location = match self.index.get(column) {
            Some(i) => self.table.location(self.row, i),
            None => Location {
                file: self.table.file.clone(),
                sheet: self.table.sheet.clone(),
                row: Some(self.row.number),
                column: Some(column.to_owned()),
            },
        };
        self.problems.push(Problem { location, message });
    }

    pub(super) fn required(&mut self, column: &str) -> Option<&'t str> {
        let text = self.text(column);
        if text.is_empty() {
            self.fail(column, "this column must be filled in".into());
            None
        } else {
            Some(text)
        }
    }

    pub(super) fn id(&mut self, column: &str) -> Option<ItemId> {
        let text = self.required(column)?;
        ItemId::new(text)
            .map_err(|e| self.fail(column, e.to_string()))
            .ok()
    }

    pub(super) fn parsed<T, E: std::fmt::Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, ()> {
        let text = self.text(column);
        if text.is_empty() {
            return Ok(None);
        }
        match parse(text) {
            Ok(value) => Ok(Some(value)),
            Err(error) => {
                self.fail(column, error.to_string());
                Err(())
            }
        }
    }

    /// The required `quarter` column.
    pub(super) fn quarter(&mut self) -> Option<FinancialQuarter> {
        let text = self.required("quarter")?;
        FinancialQuarter::from_str(text)
            .map_err(|e| self.fail("quarter", e.to_string()))
            .ok()
    }

    pub(super) fn date(&mut self, column: &str) -> Result<Option<Date>, ()> {
        self.parsed(column, Date::from_str)
    }

    pub(super) fn choice<T: Copy>(
        &mut self,
        column: &str,
        all: &[T],
        code: impl Fn(T) -> &'static str,
    ) -> Option<T> {
        let text = self.required(column)?;
        match from_code(all, &code, text) {
            Some(value) => Some(value),
            None => {
                let codes: Vec<&str> = all.iter().map(|v| code(*v)).collect();
                self.fail(
                    column,
                    format!("expected one of {}, found {text:?}", codes.join(", ")),
                );
                None
            }
        }
    }
}

impl Cells<'_> {
    /// `record` with its table's field columns set from this row: each cell read by its
    /// column's kind, a blank or missing one as none. Every cell is checked, even where the
    /// table's own code found the row wrong.
    pub(super) fn fields<T: Serialize + DeserializeOwned>(
        &mut self,
        record: Option<T>,
    ) -> Option<T> {
        let definition = self.definition;
        let mut values = Vec::new();
        let mut good = true;
        for column in definition.columns.iter().filter(|c| c.field) {
            // A column the file leaves out keeps what the record holds (what is held, for an
            // update of a held record).
            if !self.has(column.name) {
                continue;
            }
            let text = self.text(column.name);
            if text.is_empty() {
                if column.required {
                    self.fail(column.name, "this column must be filled in".into());
                    good = false;
                }
                values.push((column.name, serde_json::Value::Null));
                continue;
            }
            match fields::value(column, text) {
                Ok(value) => values.push((column.name, value)),
                Err(message) => {
                    self.fail(column.name, message);
                    good = false;
                }
            }
        }
        let record = record?;
        if values.is_empty() || !good {
            return good.then_some(record);
        }
        // The kinds line up with the record's fields (a test checks each table), so this fails
        // only for a field whose type does not take its column's kind.
        fields::fill(record, values)
            .map_err(|e| {
                let first = definition.columns.first().map_or("", |c| c.name);
                self.fail(first, format!("the row cannot be read: {e}"));
            })
            .ok()
    }
}

/// The portfolio column of deliverables and measures: an id (checked against the portfolios
/// once they are read, in `finance`), blank for none; left out, what is held.
pub(super) fn portfolio_cell(
    cells: &mut Cells<'_>,
    held: Option<Option<ItemId>>,
) -> Option<Option<ItemId>> {
    if !cells.has("portfolio") {
        return Some(held.flatten());
    }
    if cells.text("portfolio").is_empty() {
        return Some(None);
    }
    cells.id("portfolio").map(Some)
}

/// The key_area column: blank for the report's rule, else success, consideration or exclude.
pub(super) fn key_area_cell(cells: &mut Cells<'_>) -> Result<Option<KeyArea>, ()> {
    match cells.text("key_area") {
        "" => Ok(None),
        text => match from_code(&KeyArea::ALL, KeyArea::code, text) {
            Some(choice) => Ok(Some(choice)),
            None => {
                cells.fail(
                    "key_area",
                    format!(
                        "expected success, consideration or exclude (or blank), found {text:?}"
                    ),
                );
                Err(())
            }
        },
    }
}

/// The `rating` column: a category of `scheme` by id, label or alias, as its id; blank for none.
pub(super) fn rating_cell(
    cells: &mut Cells<'_>,
    scheme: &ragbook_core::rating::Scheme,
) -> Option<String> {
    let text = cells.text("rating");
    if text.is_empty() {
        return None;
    }
    match scheme.lookup(text) {
        Some(rating) => Some(scheme.category(rating).id.clone()),
        None => {
            let ids: Vec<&str> = scheme.categories.iter().map(|c| c.id.as_str()).collect();
            let message = format!(
                "expected a rating of the {} ({}), found {text:?}",
                scheme.name,
                ids.join(", ")
            );
            cells.fail("rating", message);
            None
        }
    }
}
