//! Locking a quarter once it is reported: everything held at that moment is kept, so the
//! quarter can be read back (and its report reproduced) exactly, whatever changes later.

use ragbook_core::period::{FinancialQuarter, Period};

use crate::load::{Held, Snapshot};
use crate::{ChangeInfo, Store, StoreError};

impl Store {
    /// Locks `quarter`: later changes to its data need a reason and are marked restatements.
    pub async fn lock(
        &self,
        quarter: FinancialQuarter,
        change: &ChangeInfo,
    ) -> Result<i64, StoreError> {
        let held = self.load().await?;
        let mut tx = self.pool.begin().await?;
        crate::apply::serialise_writes(&mut tx, self.backend).await?;
        let id = lock_in(&mut tx, quarter, &held, change).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Everything as it was held when `quarter` was locked, if it is locked.
    pub async fn as_locked(&self, quarter: FinancialQuarter) -> Result<Option<Held>, StoreError> {
        let snapshot: Option<String> =
            sqlx::query_scalar("SELECT snapshot FROM locks WHERE quarter = $1")
                .bind(Period::Quarter(quarter).key())
                .fetch_optional(&self.pool)
                .await?;
        let Some(text) = snapshot else {
            return Ok(None);
        };
        let snapshot: Snapshot =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Held::from_snapshot(snapshot).map(Some)
    }
}

/// Locks `quarter` with `held` as its snapshot, within `tx`; returns the lock's change set.
pub(crate) async fn lock_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    quarter: FinancialQuarter,
    held: &Held,
    change: &ChangeInfo,
) -> Result<i64, StoreError> {
    let key = Period::Quarter(quarter).key();
    let snapshot =
        serde_json::to_string(&held.snapshot()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT quarter FROM locks WHERE quarter = $1")
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_some() {
        return Err(StoreError::AlreadyLocked(quarter.long_label()));
    }
    let id = crate::apply::record_change(
        tx,
        change,
        "lock",
        Some(quarter.to_string()),
        change.reason.clone(),
    )
    .await?;
    sqlx::query("INSERT INTO locks (quarter, change_id, snapshot) VALUES ($1, $2, $3)")
        .bind(key)
        .bind(id)
        .bind(snapshot)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}
