//! Bringing a database written by an earlier release up to this one's schema, and refusing one
//! written by a newer release.
//!
//! The migrations in `migrations/` are portable SQL, applied by sqlx. Schema 8 also moves the
//! plan's records from their old column-per-field tables into `records` (whole, as JSON), which
//! SQL alone cannot do the same way on SQLite and PostgreSQL (and the plan, from `meta`, as the
//! first of the plans that may now follow one another); so its SQL, the move and the drop
//! of the old tables run here in one transaction, recorded as sqlx records a migration.

use std::str::FromStr;

use ragbook_core::dataset::{
    DeliverableRecord, DeliverableUpdate, Keyed, MeasureRecord, MeasureUpdate, PlanHeader,
    PriorityRecord,
};
use ragbook_core::measure::{AggregationBasis, Frequency, Polarity, RatingMethod, Unit, from_code};
use ragbook_core::period::FinancialYear;
use serde::Serialize;
use sqlx::migrate::{Migration, Migrator};
use sqlx::{Any, AnyPool, Row, Transaction};

use crate::codec::{corrupt, date, id, ids, key_area, quarter};
use crate::records::{insert, json};
use crate::{SCHEMA_VERSION, StoreError};

/// The version whose records moved into `records`.
const RECORDS: i64 = 8;

/// Refuses a database a newer release has written, naming both versions.
pub(crate) async fn refuse_newer(pool: &AnyPool) -> Result<(), StoreError> {
    // No table yet (a new database) is version 0.
    let held: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = $1")
            .bind(true)
            .fetch_one(pool)
            .await
            .unwrap_or(None);
    match held {
        Some(held) if held > SCHEMA_VERSION => Err(StoreError::Newer {
            held,
            known: SCHEMA_VERSION,
        }),
        _ => Ok(()),
    }
}

/// Applies every migration, schema 8 with its move of records.
pub(crate) async fn migrate(pool: &AnyPool, migrator: &Migrator) -> Result<(), StoreError> {
    migrator.run_to(RECORDS - 1, pool).await?;
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE version = $1")
            .bind(RECORDS)
            .fetch_optional(pool)
            .await?;
    if applied.is_none() {
        let migration = migrator
            .iter()
            .find(|m| m.version == RECORDS)
            .ok_or_else(|| corrupt("migration 8 is missing from this build"))?;
        let mut tx = pool.begin().await?;
        move_records(&mut tx, migration).await?;
        tx.commit().await?;
    }
    migrator.run(pool).await?;
    Ok(())
}

async fn move_records(
    tx: &mut Transaction<'_, Any>,
    migration: &Migration,
) -> Result<(), StoreError> {
    sqlx::raw_sql(migration.sql.clone())
        .execute(&mut **tx)
        .await?;
    let plans = read_plan(tx).await?;
    keep(tx, "plans", plans).await?;
    let priorities = read_priorities(tx).await?;
    keep(tx, "priorities", priorities).await?;
    let deliverables = read_deliverables(tx).await?;
    keep(tx, "deliverables", deliverables).await?;
    let measures = read_measures(tx).await?;
    keep(tx, "measures", measures).await?;
    let updates = read_deliverable_updates(tx).await?;
    keep(tx, "deliverable_updates", updates).await?;
    let updates = read_measure_updates(tx).await?;
    keep(tx, "measure_updates", updates).await?;
    for table in [
        "deliverable_updates",
        "measure_updates",
        "deliverables",
        "priorities",
        "measures",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP TABLE {table}")))
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES ($1, $2, $3, $4, $5)")
        .bind(migration.version)
        .bind(migration.description.to_string())
        .bind(true)
        .bind(migration.checksum.to_vec())
        .bind(-1_i64)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The one plan schema 7 held, as key-value pairs in `meta`, which it leaves.
async fn read_plan(tx: &mut Transaction<'_, Any>) -> Result<Vec<Old<PlanHeader>>, StoreError> {
    let meta: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM meta WHERE key LIKE 'plan.%'")
            .fetch_all(&mut **tx)
            .await?;
    sqlx::query("DELETE FROM meta WHERE key LIKE 'plan.%'")
        .execute(&mut **tx)
        .await?;
    let get = |key: &str| meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let (Some(plan_id), Some(title), Some(first), Some(last)) = (
        get("plan.id"),
        get("plan.title"),
        get("plan.first_year"),
        get("plan.last_year"),
    ) else {
        return Ok(Vec::new());
    };
    // The first import set it.
    let created_in: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM changes")
        .fetch_one(&mut **tx)
        .await?;
    Ok(vec![Old {
        record: PlanHeader {
            id: id(plan_id)?,
            title: title.to_owned(),
            first_year: FinancialYear::from_str(first).map_err(corrupt)?,
            last_year: FinancialYear::from_str(last).map_err(corrupt)?,
        },
        created_in: created_in.unwrap_or(0),
        revised_in: None,
    }])
}

/// A record read from an old table, with the change sets that made and last revised it.
struct Old<T> {
    record: T,
    created_in: i64,
    revised_in: Option<i64>,
}

fn old<T>(row: &sqlx::any::AnyRow, record: T) -> Result<Old<T>, StoreError> {
    Ok(Old {
        record,
        created_in: row.try_get("created_in")?,
        revised_in: row.try_get("revised_in")?,
    })
}

async fn keep<T: Serialize + Keyed>(
    tx: &mut Transaction<'_, Any>,
    kind: &str,
    records: Vec<Old<T>>,
) -> Result<(), StoreError> {
    for (position, old) in (0..).zip(records) {
        let key = old.record.key().to_string();
        let body = json(&old.record)?;
        insert(
            tx,
            kind,
            &key,
            position,
            &body,
            old.created_in,
            old.revised_in,
        )
        .await?;
    }
    Ok(())
}

async fn rows(
    tx: &mut Transaction<'_, Any>,
    sql: &'static str,
) -> Result<Vec<sqlx::any::AnyRow>, StoreError> {
    Ok(sqlx::query(sql).fetch_all(&mut **tx).await?)
}

fn optional_id(text: Option<String>) -> Result<Option<ragbook_core::plan::ItemId>, StoreError> {
    text.map(|t| id(&t)).transpose()
}

async fn read_priorities(
    tx: &mut Transaction<'_, Any>,
) -> Result<Vec<Old<PriorityRecord>>, StoreError> {
    rows(tx, "SELECT * FROM priorities ORDER BY position")
        .await?
        .iter()
        .map(|row| {
            let mut record =
                PriorityRecord::new(id(&row.try_get::<String, _>("id")?)?, row.try_get("title")?);
            record.parent = optional_id(row.try_get("parent")?)?;
            record.short_title = row.try_get("short_title")?;
            record.description = row.try_get("description")?;
            old(row, record)
        })
        .collect()
}

async fn read_deliverables(
    tx: &mut Transaction<'_, Any>,
) -> Result<Vec<Old<DeliverableRecord>>, StoreError> {
    rows(tx, "SELECT * FROM deliverables ORDER BY position")
        .await?
        .iter()
        .map(|row| {
            let mut record = DeliverableRecord::new(
                id(&row.try_get::<String, _>("id")?)?,
                row.try_get("title")?,
                ids(&row.try_get::<String, _>("priorities")?)?,
            );
            record.short_title = row.try_get("short_title")?;
            record.lead = row.try_get("lead")?;
            record.department = row.try_get("department")?;
            record.portfolio = optional_id(row.try_get("portfolio")?)?;
            record.start = date(row.try_get("start_date")?)?;
            record.expected_completion = date(row.try_get("expected_completion")?)?;
            record.original_completion = date(row.try_get("original_completion")?)?;
            old(row, record)
        })
        .collect()
}

fn code<T: Copy>(
    row: &sqlx::any::AnyRow,
    column: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
) -> Result<T, StoreError> {
    let text: String = row.try_get(column)?;
    from_code(all, code, &text).ok_or_else(|| corrupt(format!("{column} {text:?}")))
}

async fn read_measures(
    tx: &mut Transaction<'_, Any>,
) -> Result<Vec<Old<MeasureRecord>>, StoreError> {
    rows(tx, "SELECT * FROM measures ORDER BY position")
        .await?
        .iter()
        .map(|row| {
            let mut record = MeasureRecord::new(
                id(&row.try_get::<String, _>("id")?)?,
                row.try_get("title")?,
                Unit::from_str(&row.try_get::<String, _>("unit")?).map_err(corrupt)?,
                code(row, "polarity", &Polarity::ALL, Polarity::code)?,
            );
            record.short_title = row.try_get("short_title")?;
            record.priorities = ids(&row.try_get::<String, _>("priorities")?)?;
            record.decimals = u32::try_from(row.try_get::<i64, _>("decimals")?).map_err(corrupt)?;
            record.frequency = code(row, "frequency", &Frequency::ALL, Frequency::code)?;
            record.basis = code(row, "basis", &AggregationBasis::ALL, AggregationBasis::code)?;
            record.method = code(row, "method", &RatingMethod::ALL, RatingMethod::code)?;
            record.owner = row.try_get("owner")?;
            record.department = row.try_get("department")?;
            record.national_code = row.try_get("national_code")?;
            record.portfolio = optional_id(row.try_get("portfolio")?)?;
            record.deliverable = optional_id(row.try_get("deliverable")?)?;
            old(row, record)
        })
        .collect()
}

async fn read_deliverable_updates(
    tx: &mut Transaction<'_, Any>,
) -> Result<Vec<Old<DeliverableUpdate>>, StoreError> {
    rows(
        tx,
        "SELECT u.* FROM deliverable_updates u JOIN deliverables d ON d.id = u.deliverable ORDER BY d.position, u.quarter",
    )
    .await?
    .iter()
    .map(|row| {
        let mut record = DeliverableUpdate::new(
            id(&row.try_get::<String, _>("deliverable")?)?,
            quarter(row.try_get("quarter")?)?,
        );
        record.rating = row.try_get("rating")?;
        record.commentary = row.try_get("commentary")?;
        record.issue = row.try_get("issue")?;
        record.response = row.try_get("response")?;
        record.completed = date(row.try_get("completed")?)?;
        record.expected_completion = date(row.try_get("expected_completion")?)?;
        record.key_area = key_area(row.try_get("key_area")?)?;
        old(row, record)
    })
    .collect()
}

async fn read_measure_updates(
    tx: &mut Transaction<'_, Any>,
) -> Result<Vec<Old<MeasureUpdate>>, StoreError> {
    rows(
        tx,
        "SELECT m.id AS measure_id, u.* FROM measure_updates u JOIN measures m ON m.number = u.measure ORDER BY m.position, u.quarter",
    )
    .await?
    .iter()
    .map(|row| {
        let mut record = MeasureUpdate::new(
            id(&row.try_get::<String, _>("measure_id")?)?,
            quarter(row.try_get("quarter")?)?,
        );
        record.commentary = row.try_get("commentary")?;
        record.issue = row.try_get("issue")?;
        record.response = row.try_get("response")?;
        record.key_area = key_area(row.try_get("key_area")?)?;
        record.rating = row.try_get("rating")?;
        record.rating_reason = row.try_get("rating_reason")?;
        old(row, record)
    })
    .collect()
}
