//! How the large tables (measure values, targets, benchmarks) are kept, each in its own narrow
//! table built for speed: its key columns and other columns, each named once here with its cell.
//! One function ([`write_table`]) writes any of them: new records inserted in batches, changed
//! ones updated with a revision. Every other record is kept whole (`records.rs`).

use std::collections::HashMap;

use ragbook_core::dataset::{
    BenchmarkRecord, Keyed, MeasureRecord, RecordChange, TargetRecord, ValueRecord,
};
use ragbook_core::plan::ItemId;
use ragbook_core::target::Target;
use serde::Serialize;
use sqlx::{Any, Transaction};

use crate::Backend;
use crate::StoreError;
use crate::apply::Revisions;
use crate::batch::{Column, JsonRow, insert_batches};
use crate::codec::encode_value;

/// A cell to write.
pub(crate) enum Cell {
    Int(i64),
    Text(Option<String>),
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(Some(value.into()))
}

fn maybe<T: ToString>(value: Option<T>) -> Cell {
    Cell::Text(value.map(|v| v.to_string()))
}

/// The measures' stored numbers, which the tables about a measure refer to it by.
#[derive(Default)]
pub(crate) struct MeasureNumbers(HashMap<String, i64>);

impl MeasureNumbers {
    /// Every measure's number, as held within `tx`, after giving each measure `changes` inserts
    /// the next one.
    pub(crate) async fn assign(
        tx: &mut Transaction<'_, Any>,
        changes: &[RecordChange<MeasureRecord>],
    ) -> Result<Self, StoreError> {
        let rows = sqlx::query_as::<_, (String, i64)>("SELECT id, number FROM measure_numbers")
            .fetch_all(&mut **tx)
            .await?;
        let mut numbers: HashMap<String, i64> = rows.into_iter().collect();
        let mut next = numbers.values().max().copied().unwrap_or(0) + 1;
        for change in changes {
            if let RecordChange::Insert(measure) = change
                && !numbers.contains_key(measure.id.as_str())
            {
                sqlx::query("INSERT INTO measure_numbers (id, number) VALUES ($1, $2)")
                    .bind(measure.id.to_string())
                    .bind(next)
                    .execute(&mut **tx)
                    .await?;
                numbers.insert(measure.id.to_string(), next);
                next += 1;
            }
        }
        Ok(MeasureNumbers(numbers))
    }

    fn of(&self, id: &ItemId) -> Result<Cell, StoreError> {
        self.0
            .get(id.as_str())
            .map(|n| Cell::Int(*n))
            .ok_or_else(|| StoreError::Corrupt(format!("measure {id} is not held")))
    }
}

/// A kind of record kept in its own table.
pub(crate) trait Stored: Keyed + Serialize {
    /// The table.
    const TABLE: &'static str;
    /// The columns that find a row.
    const KEY: &'static [(&'static str, Column)];
    /// The other columns.
    const DATA: &'static [(&'static str, Column)];
    /// The key cells, in the order of `KEY`.
    fn key_cells(&self, numbers: &MeasureNumbers) -> Result<Vec<Cell>, StoreError>;
    /// The other cells, in the order of `DATA`.
    fn data_cells(&self) -> Vec<Cell>;
}

fn write_cell(row: &mut JsonRow<'_>, cell: &Cell) -> Result<(), StoreError> {
    match cell {
        Cell::Int(value) => {
            row.int(*value);
            Ok(())
        }
        Cell::Text(value) => row.text(value.as_deref()),
    }
}

/// Writes one table's changes within `tx`.
pub(crate) async fn write_table<T: Stored>(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    revisions: &mut Revisions,
    change_id: i64,
    numbers: &MeasureNumbers,
    changes: &[RecordChange<T>],
) -> Result<(), StoreError> {
    let mut inserts = Vec::new();
    for change in changes {
        match change {
            RecordChange::Insert(record) => {
                let mut cells = record.key_cells(numbers)?;
                cells.extend(record.data_cells());
                inserts.push(cells);
            }
            RecordChange::Update { old, new } => {
                update(tx, new, change_id, numbers).await?;
                revisions
                    .record(&mut *tx, T::TABLE, Some(old), new, new.key().to_string())
                    .await?;
                revisions.advance(1);
            }
        }
    }
    if inserts.is_empty() {
        return Ok(());
    }
    let mut columns: Vec<(&str, Column)> = T::KEY.iter().chain(T::DATA).copied().collect();
    columns.push(("created_in", Column::Integer));
    let write = |cells: &Vec<Cell>, row: &mut JsonRow<'_>| {
        for cell in cells {
            write_cell(row, cell)?;
        }
        row.int(change_id);
        Ok(())
    };
    let table = (T::TABLE, columns.as_slice());
    insert_batches(tx, backend, table, &inserts, write, |rows| {
        revisions.advance(rows)
    })
    .await
}

async fn update<T: Stored>(
    tx: &mut Transaction<'_, Any>,
    record: &T,
    change_id: i64,
    numbers: &MeasureNumbers,
) -> Result<(), StoreError> {
    let set: Vec<String> = T::DATA
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("{name} = ${}", i + 1))
        .chain([format!("revised_in = ${}", T::DATA.len() + 1)])
        .collect();
    let found: Vec<String> = T::KEY
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("{name} = ${}", T::DATA.len() + 2 + i))
        .collect();
    let sql = format!(
        "UPDATE {} SET {} WHERE {}",
        T::TABLE,
        set.join(", "),
        found.join(" AND ")
    );
    let mut cells = record.data_cells();
    cells.push(Cell::Int(change_id));
    cells.extend(record.key_cells(numbers)?);
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for cell in cells {
        query = match cell {
            Cell::Int(value) => query.bind(value),
            Cell::Text(value) => query.bind(value),
        };
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

use Column::{Integer, Text};

impl Stored for ValueRecord {
    const TABLE: &'static str = "measure_values";
    const KEY: &'static [(&'static str, Column)] = &[("measure", Integer), ("period", Integer)];
    const DATA: &'static [(&'static str, Column)] = &[
        ("value", Text),
        ("status", Text),
        ("as_of", Text),
        ("note", Text),
    ];
    fn key_cells(&self, numbers: &MeasureNumbers) -> Result<Vec<Cell>, StoreError> {
        Ok(vec![
            numbers.of(&self.measure)?,
            Cell::Int(self.period.key()),
        ])
    }
    fn data_cells(&self) -> Vec<Cell> {
        let (value, status) = encode_value(&self.value);
        vec![
            Cell::Text(value),
            text(status),
            maybe(self.as_of),
            maybe(self.note.as_ref()),
        ]
    }
}

impl Stored for TargetRecord {
    const TABLE: &'static str = "targets";
    const KEY: &'static [(&'static str, Column)] = &[("measure", Integer), ("period", Integer)];
    const DATA: &'static [(&'static str, Column)] = &[("target", Text), ("full_year", Text)];
    fn key_cells(&self, numbers: &MeasureNumbers) -> Result<Vec<Cell>, StoreError> {
        Ok(vec![
            numbers.of(&self.measure)?,
            Cell::Int(self.period.key()),
        ])
    }
    fn data_cells(&self) -> Vec<Cell> {
        let full_year = match &self.target {
            Target::ProfiledYearToDate { full_year, .. } => Some(full_year),
            _ => None,
        };
        vec![text(self.target.code()), maybe(full_year)]
    }
}

impl Stored for BenchmarkRecord {
    const TABLE: &'static str = "benchmarks";
    const KEY: &'static [(&'static str, Column)] =
        &[("measure", Integer), ("series", Text), ("period", Integer)];
    const DATA: &'static [(&'static str, Column)] = &[("value", Text)];
    fn key_cells(&self, numbers: &MeasureNumbers) -> Result<Vec<Cell>, StoreError> {
        Ok(vec![
            numbers.of(&self.measure)?,
            text(&self.series),
            Cell::Int(self.period.key()),
        ])
    }
    fn data_cells(&self) -> Vec<Cell> {
        vec![text(self.value.to_string())]
    }
}
