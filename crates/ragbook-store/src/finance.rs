//! Budget monitoring records, kept whole as JSON per package table and key (schema version 3),
//! and, in the same table, the other records kept whole: the overall ratings a council
//! published and the headline initiatives of its priorities. New records go after those held, changed ones keep their place, so what is
//! loaded is in the order a merge leaves it.

use ragbook_core::dataset::{Keyed, RecordChange};
use ragbook_core::finance::{FinanceData, FinanceDiff};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::{Any, Row, Transaction};

use crate::StoreError;
use crate::apply::Revisions;

fn json<T: Serialize>(record: &T) -> Result<String, StoreError> {
    serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Kinds of record kept whole that are not budget monitoring.
const OTHER_KINDS: [&str; 2] = ["published_rollups", "headline_initiatives"];

/// Writes one table's changes.
pub(crate) async fn apply_table<T: Serialize + Keyed>(
    tx: &mut Transaction<'_, Any>,
    revisions: &mut Revisions,
    kind: &str,
    changes: &[RecordChange<T>],
    change_id: i64,
) -> Result<(), StoreError> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut next: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM finance_records WHERE kind = $1",
    )
    .bind(kind.to_owned())
    .fetch_one(&mut **tx)
    .await?;
    for change in changes {
        match change {
            RecordChange::Insert(record) => {
                sqlx::query("INSERT INTO finance_records (kind, record_key, position, body, created_in) VALUES ($1, $2, $3, $4, $5)")
                    .bind(kind.to_owned())
                    .bind(record.key().to_string())
                    .bind(next)
                    .bind(json(record)?)
                    .bind(change_id)
                    .execute(&mut **tx)
                    .await?;
                next += 1;
            }
            RecordChange::Update { old, new } => {
                sqlx::query("UPDATE finance_records SET body = $1, revised_in = $2 WHERE kind = $3 AND record_key = $4")
                    .bind(json(new)?)
                    .bind(change_id)
                    .bind(kind.to_owned())
                    .bind(new.key().to_string())
                    .execute(&mut **tx)
                    .await?;
                revisions
                    .record(tx, kind, Some(old), new, new.key().to_string())
                    .await?;
            }
        }
    }
    Ok(())
}

/// Writes every finance table's changes, in the transaction of the import.
pub(crate) async fn apply(
    tx: &mut Transaction<'_, Any>,
    revisions: &mut Revisions,
    diff: &FinanceDiff,
    change_id: i64,
) -> Result<(), StoreError> {
    macro_rules! table {
        ($name:literal, $field:ident) => {
            apply_table(tx, revisions, $name, &diff.$field, change_id).await?;
        };
    }
    ragbook_core::for_each_finance_table!(table);
    Ok(())
}

fn decode<T: DeserializeOwned>(kind: &str, body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body)
        .map_err(|e| StoreError::Corrupt(format!("a {kind} record cannot be read: {e}")))
}

/// Reads every finance record held.
pub(crate) async fn load(pool: &sqlx::Pool<Any>) -> Result<FinanceData, StoreError> {
    let rows = sqlx::query("SELECT kind, body FROM finance_records ORDER BY kind, position")
        .fetch_all(pool)
        .await?;
    let mut data = FinanceData::default();
    for row in rows {
        let kind: String = row.try_get("kind")?;
        let body: String = row.try_get("body")?;
        if OTHER_KINDS.contains(&kind.as_str()) {
            continue;
        }
        macro_rules! push {
            ($name:literal, $field:ident) => {
                if kind == $name {
                    data.$field.push(decode(&kind, &body)?);
                    continue;
                }
            };
        }
        ragbook_core::for_each_finance_table!(push);
        return Err(StoreError::Corrupt(format!(
            "a finance record of an unknown kind {kind:?}: was it written by a newer ragbook?"
        )));
    }
    Ok(data)
}

/// Reads every record of one kind kept whole, in the order held.
pub(crate) async fn load_kind<T: DeserializeOwned>(
    pool: &sqlx::Pool<Any>,
    kind: &str,
) -> Result<Vec<T>, StoreError> {
    debug_assert!(OTHER_KINDS.contains(&kind));
    let rows = sqlx::query("SELECT body FROM finance_records WHERE kind = $1 ORDER BY position")
        .bind(kind.to_owned())
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| decode(kind, &row.try_get::<String, _>("body")?))
        .collect()
}
