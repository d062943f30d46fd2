//! Records kept whole, as JSON by kind and key: the plans, their priorities, deliverables and key
//! measures, their quarterly updates, the overall ratings a council published, headline
//! initiatives and every budget monitoring record. A kind is the package table the records come
//! from. New records go after those held and changed ones keep their place, so what is loaded is
//! in the order a merge leaves it. A new field of a record needs no change here: it is part of
//! the JSON.

use ragbook_core::dataset::{Keyed, RecordChange};
use ragbook_core::finance::{FinanceData, FinanceDiff};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::{Any, Row, Transaction};

use crate::StoreError;
use crate::apply::Revisions;

pub(crate) fn json<T: Serialize>(record: &T) -> Result<String, StoreError> {
    serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The kinds kept whole that are not budget monitoring, in the order they are written.
pub(crate) const PLAN_KINDS: [&str; 24] = [
    "plans",
    "priorities",
    "priority_renames",
    "deliverables",
    "measures",
    "deliverable_updates",
    "measure_updates",
    "published_rollups",
    "headline_initiatives",
    "projects",
    "project_updates",
    "risks",
    "risk_updates",
    "service_plans",
    "actions",
    "service_budgets",
    "planned_savings",
    "department_risks",
    "procurements",
    "vehicles",
    "service_targets",
    "capital_schemes",
    "capital_funding",
    "action_updates",
];

/// Writes one kind's changes: new records inserted after those held, changed ones replaced
/// with a revision.
pub(crate) async fn apply_kind<T: Serialize + Keyed>(
    tx: &mut Transaction<'_, Any>,
    revisions: &mut Revisions,
    kind: &str,
    changes: &[RecordChange<T>],
    change_id: i64,
) -> Result<(), StoreError> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut next: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(position), -1) + 1 FROM records WHERE kind = $1")
            .bind(kind.to_owned())
            .fetch_one(&mut **tx)
            .await?;
    for change in changes {
        match change {
            RecordChange::Insert(record) => {
                insert(
                    tx,
                    kind,
                    &record.key().to_string(),
                    next,
                    &json(record)?,
                    change_id,
                    None,
                )
                .await?;
                next += 1;
            }
            RecordChange::Update { old, new } => {
                sqlx::query("UPDATE records SET body = $1, revised_in = $2 WHERE kind = $3 AND record_key = $4")
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

/// Inserts one record's row.
pub(crate) async fn insert(
    tx: &mut Transaction<'_, Any>,
    kind: &str,
    key: &str,
    position: i64,
    body: &str,
    created_in: i64,
    revised_in: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO records (kind, record_key, position, body, created_in, revised_in) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(kind.to_owned())
        .bind(key.to_owned())
        .bind(position)
        .bind(body.to_owned())
        .bind(created_in)
        .bind(revised_in)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes every finance table's changes, in the transaction of the import.
pub(crate) async fn apply_finance(
    tx: &mut Transaction<'_, Any>,
    revisions: &mut Revisions,
    diff: &FinanceDiff,
    change_id: i64,
) -> Result<(), StoreError> {
    macro_rules! table {
        ($name:literal, $field:ident) => {
            apply_kind(tx, revisions, $name, &diff.$field, change_id).await?;
        };
    }
    ragbook_core::for_each_finance_table!(table);
    Ok(())
}

pub(crate) fn decode<T: DeserializeOwned>(kind: &str, body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body)
        .map_err(|e| StoreError::Corrupt(format!("a {kind} record cannot be read: {e}")))
}

/// Reads every finance record held.
pub(crate) async fn load_finance(pool: &sqlx::Pool<Any>) -> Result<FinanceData, StoreError> {
    let rows = sqlx::query("SELECT kind, body FROM records ORDER BY kind, position")
        .fetch_all(pool)
        .await?;
    let mut data = FinanceData::default();
    for row in rows {
        let kind: String = row.try_get("kind")?;
        let body: String = row.try_get("body")?;
        if PLAN_KINDS.contains(&kind.as_str()) {
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
            "a record of an unknown kind {kind:?}: was it written by a newer ragbook?"
        )));
    }
    Ok(data)
}

/// Reads every record of one kind kept whole, in the order held.
pub(crate) async fn load_kind<T: DeserializeOwned>(
    pool: &sqlx::Pool<Any>,
    kind: &str,
) -> Result<Vec<T>, StoreError> {
    debug_assert!(PLAN_KINDS.contains(&kind));
    let rows = sqlx::query("SELECT body FROM records WHERE kind = $1 ORDER BY position")
        .bind(kind.to_owned())
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| decode(kind, &row.try_get::<String, _>("body")?))
        .collect()
}

/// One record of one kind, if held.
pub(crate) async fn find<T: DeserializeOwned>(
    executor: impl sqlx::Executor<'_, Database = Any>,
    kind: &str,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM records WHERE kind = $1 AND record_key = $2")
            .bind(kind.to_owned())
            .bind(key.to_owned())
            .fetch_optional(executor)
            .await?;
    body.map(|body| decode(kind, &body)).transpose()
}
