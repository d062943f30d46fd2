//! The revision history: who changed what, when, from what to what, and why.

use sqlx::Row;

use crate::{Store, StoreError};

/// One change set: an import, an edit or a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    /// Its id, in the order changes were made.
    pub id: i64,
    /// When (ISO 8601 UTC).
    pub at: String,
    /// Who.
    pub by: String,
    /// import, lock or edit.
    pub kind: String,
    /// What it came from.
    pub source: Option<String>,
    /// Why.
    pub reason: Option<String>,
}

/// One record's change within a change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The change set it belongs to.
    pub change: ChangeSet,
    /// The table.
    pub record: String,
    /// The record's key, e.g. `KM08 2023-24-Q2`.
    pub key: String,
    /// The record before (JSON); `None` when it was created.
    pub old: Option<String>,
    /// The record after (JSON).
    pub new: String,
    /// Whether it restated a locked quarter.
    pub restatement: bool,
}

impl Store {
    /// Every change set, oldest first.
    pub async fn changes(&self) -> Result<Vec<ChangeSet>, StoreError> {
        let rows =
            sqlx::query("SELECT id, at, by_whom, kind, source, reason FROM changes ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(change_set).collect()
    }

    /// The revisions of an item (`KM08`) and of its period records (`KM08 2023-24-Q2`), oldest
    /// first.
    pub async fn history(&self, item: &str) -> Result<Vec<Revision>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.at, c.by_whom, c.kind, c.source, c.reason, r.record, r.record_key, r.old, r.new, r.restatement \
             FROM revisions r JOIN changes c ON c.id = r.change_id \
             WHERE r.record_key = $1 OR r.record_key LIKE $2 ORDER BY r.id",
        )
        .bind(item.to_owned())
        .bind(format!("{item} %"))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Revision {
                    change: change_set(row)?,
                    record: row.try_get("record")?,
                    key: row.try_get("record_key")?,
                    old: row.try_get("old")?,
                    new: row.try_get("new")?,
                    restatement: row.try_get::<i64, _>("restatement")? != 0,
                })
            })
            .collect()
    }

    /// The change set that created an item, if it is held.
    pub async fn created(&self, item: &str) -> Result<Option<ChangeSet>, StoreError> {
        let row = sqlx::query(
            "SELECT c.id, c.at, c.by_whom, c.kind, c.source, c.reason FROM changes c WHERE c.id = (\
               SELECT MIN(created_in) FROM records WHERE record_key = $1)",
        )
        .bind(item.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(change_set).transpose()
    }
}

fn change_set(row: &sqlx::any::AnyRow) -> Result<ChangeSet, StoreError> {
    Ok(ChangeSet {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        by: row.try_get("by_whom")?,
        kind: row.try_get("kind")?,
        source: row.try_get("source")?,
        reason: row.try_get("reason")?,
    })
}
