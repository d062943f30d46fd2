//! How each kind of plan and quarterly record is kept in its own table: its key columns, its
//! other columns and their cells. One function ([`write_table`]) writes any of them: new
//! records inserted in batches, changed ones updated with a revision.

use std::collections::HashMap;

use ragbook_core::dataset::{
    BenchmarkRecord, DeliverableRecord, DeliverableUpdate, Keyed, MeasureRecord, MeasureUpdate,
    PriorityRecord, RecordChange, TargetRecord, ValueRecord,
};
use ragbook_core::period::Period;
use ragbook_core::plan::ItemId;
use ragbook_core::target::Target;
use serde::Serialize;
use sqlx::{Any, Transaction};

use crate::Backend;
use crate::StoreError;
use crate::apply::Revisions;
use crate::batch::{Column, JsonRow, insert_batches};
use crate::codec::{encode_value, join_ids};

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

/// Which rows keep their order of arrival.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// None kept.
    None,
    /// A `position` column.
    Position,
    /// A `position` and a `number` that never changes (key measures).
    PositionAndNumber,
}

/// The measures' stored numbers, which the tables about a measure refer to it by.
#[derive(Default)]
pub(crate) struct MeasureNumbers(HashMap<String, i64>);

impl MeasureNumbers {
    /// Every measure's number, as held within `tx`.
    pub(crate) async fn load(tx: &mut Transaction<'_, Any>) -> Result<Self, StoreError> {
        let rows = sqlx::query_as::<_, (String, i64)>("SELECT id, number FROM measures")
            .fetch_all(&mut **tx)
            .await?;
        Ok(MeasureNumbers(rows.into_iter().collect()))
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
    /// Whether rows keep their order of arrival.
    const ORDER: Order = Order::None;
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

async fn count(tx: &mut Transaction<'_, Any>, sql: String) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(&mut **tx)
        .await?)
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
            }
        }
    }
    if inserts.is_empty() {
        return Ok(());
    }
    let mut columns: Vec<(&str, Column)> = T::KEY.iter().chain(T::DATA).copied().collect();
    if T::ORDER != Order::None {
        let first = count(tx, format!("SELECT COUNT(*) FROM {}", T::TABLE)).await?;
        columns.push(("position", Column::Integer));
        for (offset, cells) in (0..).zip(&mut inserts) {
            cells.push(Cell::Int(first + offset));
        }
    }
    if T::ORDER == Order::PositionAndNumber {
        let last = count(
            tx,
            format!("SELECT COALESCE(MAX(number), 0) FROM {}", T::TABLE),
        )
        .await?;
        columns.push(("number", Column::Integer));
        for (offset, cells) in (1..).zip(&mut inserts) {
            cells.push(Cell::Int(last + offset));
        }
    }
    columns.push(("created_in", Column::Integer));
    insert_batches(tx, backend, T::TABLE, &columns, &inserts, |cells, row| {
        for cell in cells {
            write_cell(row, cell)?;
        }
        row.int(change_id);
        Ok(())
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

fn date(d: Option<ragbook_core::date::Date>) -> Cell {
    maybe(d)
}

impl Stored for PriorityRecord {
    const TABLE: &'static str = "priorities";
    const KEY: &'static [(&'static str, Column)] = &[("id", Text)];
    const DATA: &'static [(&'static str, Column)] = &[
        ("parent", Text),
        ("title", Text),
        ("short_title", Text),
        ("description", Text),
    ];
    const ORDER: Order = Order::Position;
    fn key_cells(&self, _: &MeasureNumbers) -> Result<Vec<Cell>, StoreError> {
        Ok(vec![text(self.id.as_str())])
    }
    fn data_cells(&self) -> Vec<Cell> {
        vec![
            maybe(self.parent.as_ref()),
            text(&self.title),
            maybe(self.short_title.as_ref()),
            maybe(self.description.as_ref()),
        ]
    }
}

impl Stored for DeliverableRecord {
    const TABLE: &'static str = "deliverables";
    const KEY: &'static [(&'static str, Column)] = &[("id", Text)];
    const DATA: &'static [(&'static str, Column)] = &[
        ("title", Text),
        ("short_title", Text),
        ("priorities", Text),
        ("lead", Text),
        ("department", Text),
        ("start_date", Text),
        ("expected_completion", Text),
        ("original_completion", Text),
        ("portfolio", Text),
    ];
    const ORDER: Order = Order::Position;
    fn key_cells(&self, _: &MeasureNumbers) -> Result<Vec<Cell>, StoreError> {
        Ok(vec![text(self.id.as_str())])
    }
    fn data_cells(&self) -> Vec<Cell> {
        vec![
            text(&self.title),
            maybe(self.short_title.as_ref()),
            text(join_ids(&self.priorities)),
            maybe(self.lead.as_ref()),
            maybe(self.department.as_ref()),
            date(self.start),
            date(self.expected_completion),
            date(self.original_completion),
            maybe(self.portfolio.as_ref()),
        ]
    }
}

impl Stored for MeasureRecord {
    const TABLE: &'static str = "measures";
    const KEY: &'static [(&'static str, Column)] = &[("id", Text)];
    const DATA: &'static [(&'static str, Column)] = &[
        ("title", Text),
        ("short_title", Text),
        ("priorities", Text),
        ("unit", Text),
        ("decimals", Integer),
        ("polarity", Text),
        ("frequency", Text),
        ("basis", Text),
        ("method", Text),
        ("owner", Text),
        ("department", Text),
        ("national_code", Text),
        ("portfolio", Text),
        ("deliverable", Text),
    ];
    const ORDER: Order = Order::PositionAndNumber;
    fn key_cells(&self, _: &MeasureNumbers) -> Result<Vec<Cell>, StoreError> {
        Ok(vec![text(self.id.as_str())])
    }
    fn data_cells(&self) -> Vec<Cell> {
        vec![
            text(&self.title),
            maybe(self.short_title.as_ref()),
            text(join_ids(&self.priorities)),
            text(self.unit.to_string()),
            Cell::Int(i64::from(self.decimals)),
            text(self.polarity.code()),
            text(self.frequency.code()),
            text(self.basis.code()),
            text(self.method.code()),
            maybe(self.owner.as_ref()),
            maybe(self.department.as_ref()),
            maybe(self.national_code.as_ref()),
            maybe(self.portfolio.as_ref()),
            maybe(self.deliverable.as_ref()),
        ]
    }
}

impl Stored for DeliverableUpdate {
    const TABLE: &'static str = "deliverable_updates";
    const KEY: &'static [(&'static str, Column)] = &[("deliverable", Text), ("quarter", Integer)];
    const DATA: &'static [(&'static str, Column)] = &[
        ("rating", Text),
        ("commentary", Text),
        ("issue", Text),
        ("response", Text),
        ("completed", Text),
        ("expected_completion", Text),
        ("key_area", Text),
    ];
    fn key_cells(&self, _: &MeasureNumbers) -> Result<Vec<Cell>, StoreError> {
        Ok(vec![
            text(self.deliverable.as_str()),
            Cell::Int(Period::Quarter(self.quarter).key()),
        ])
    }
    fn data_cells(&self) -> Vec<Cell> {
        vec![
            maybe(self.rating.as_ref()),
            maybe(self.commentary.as_ref()),
            maybe(self.issue.as_ref()),
            maybe(self.response.as_ref()),
            date(self.completed),
            date(self.expected_completion),
            maybe(self.key_area.map(|k| k.code())),
        ]
    }
}

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

impl Stored for MeasureUpdate {
    const TABLE: &'static str = "measure_updates";
    const KEY: &'static [(&'static str, Column)] = &[("measure", Integer), ("quarter", Integer)];
    const DATA: &'static [(&'static str, Column)] = &[
        ("commentary", Text),
        ("issue", Text),
        ("response", Text),
        ("key_area", Text),
        ("rating", Text),
        ("rating_reason", Text),
    ];
    fn key_cells(&self, numbers: &MeasureNumbers) -> Result<Vec<Cell>, StoreError> {
        Ok(vec![
            numbers.of(&self.measure)?,
            Cell::Int(Period::Quarter(self.quarter).key()),
        ])
    }
    fn data_cells(&self) -> Vec<Cell> {
        vec![
            maybe(self.commentary.as_ref()),
            maybe(self.issue.as_ref()),
            maybe(self.response.as_ref()),
            maybe(self.key_area.map(|k| k.code())),
            maybe(self.rating.as_ref()),
            maybe(self.rating_reason.as_ref()),
        ]
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
