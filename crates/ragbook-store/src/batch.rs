//! Inserting many rows in few statements: rows are written as JSON arrays, a batch of them is
//! bound as one parameter, and the database unpacks it itself (SQLite's `json_each`,
//! PostgreSQL's `jsonb_array_elements`). While the database inserts one batch, the next is
//! written, so both cores work.

use std::io::Write as _;

use sqlx::{Any, Transaction};

use crate::{Backend, StoreError};

/// Rows per statement.
const BATCH: usize = 10_000;

/// The type of a column, for PostgreSQL's casts out of JSON text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Integer,
    Text,
}

/// One row being written as a JSON array.
pub(crate) struct JsonRow<'b> {
    buffer: &'b mut Vec<u8>,
    first: bool,
}

impl JsonRow<'_> {
    fn separator(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.buffer.push(b',');
        }
    }

    /// Adds a whole number.
    pub(crate) fn int(&mut self, value: i64) {
        self.separator();
        let _ = write!(self.buffer, "{value}");
    }

    /// Adds text (escaped), or null.
    pub(crate) fn text(&mut self, value: Option<&str>) -> Result<(), StoreError> {
        self.separator();
        match value {
            None => self.buffer.extend_from_slice(b"null"),
            Some(text) => serde_json::to_writer(&mut *self.buffer, text)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        }
        Ok(())
    }
}

/// Writes one batch of records as a JSON array of rows.
fn batch_json<T>(
    records: &[T],
    write: &impl Fn(&T, &mut JsonRow<'_>) -> Result<(), StoreError>,
) -> Result<String, StoreError> {
    let mut buffer = Vec::with_capacity(records.len() * 64);
    buffer.push(b'[');
    for (index, record) in records.iter().enumerate() {
        if index > 0 {
            buffer.push(b',');
        }
        buffer.push(b'[');
        write(
            record,
            &mut JsonRow {
                buffer: &mut buffer,
                first: true,
            },
        )?;
        buffer.push(b']');
    }
    buffer.push(b']');
    String::from_utf8(buffer).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Inserts `records` into `table`, each written by `write` as values for `columns` in order;
/// `inserted` is told the rows of each batch once they are in.
pub(crate) async fn insert_batches<T>(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    (table, columns): (&str, &[(&str, Column)]),
    records: &[T],
    write: impl Fn(&T, &mut JsonRow<'_>) -> Result<(), StoreError>,
    mut inserted: impl FnMut(usize),
) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let selected: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, kind))| match (backend, kind) {
            (Backend::Sqlite, _) => format!("value->>{i}"),
            (Backend::Postgres, Column::Integer) => format!("(e->>{i})::bigint"),
            (Backend::Postgres, Column::Text) => format!("e->>{i}"),
        })
        .collect();
    let source = match backend {
        Backend::Sqlite => "json_each($1)",
        Backend::Postgres => "jsonb_array_elements($1::jsonb) AS e",
    };
    let sql = format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {source}",
        names.join(", "),
        selected.join(", ")
    );
    let mut batches = records.chunks(BATCH);
    let json_of = |batch: &[T]| batch_json(batch, &write).map(|json| (batch.len(), json));
    let mut next = batches.next().map(json_of).transpose()?;
    while let Some((rows, json)) = next {
        let insert = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(json)
            .execute(&mut **tx);
        // The insert runs on the database's own thread; write the next batch meanwhile.
        let (done, following) = tokio::join!(insert, async { batches.next().map(json_of) });
        done?;
        inserted(rows);
        next = following.transpose()?;
    }
    Ok(())
}
