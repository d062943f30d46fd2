//! A figure sent by a machine feed: written straight into the open quarter's update, with its
//! revision, in one transaction that first takes the update (so writes to one update queue up
//! rather than race), and refused once the update is submitted or approved. A feed has no form
//! version to compare: the latest figure it sends is the one kept, and every one is in the
//! history.

use ragbook_core::dataset::{Diff, MeasureRecord, RecordChange, ValueRecord};
use ragbook_core::period::{FinancialQuarter, Period};

use crate::load::{VALUE_COLUMNS, value_record};
use crate::{ChangeInfo, Store, StoreError};

impl Store {
    /// Writes a feed's figure for `quarter` (the open one) and returns the update's new version.
    /// The figure keeps the 'as of' month held when it brings none.
    pub async fn feed_value(
        &self,
        value: &ValueRecord,
        quarter: FinancialQuarter,
        change: &ChangeInfo,
    ) -> Result<i64, StoreError> {
        // Two first figures for one update can meet: one creates its state, the other's
        // transaction fails on it and is simply run again, now finding the state there.
        let mut tries = 0;
        loop {
            match self.feed_value_once(value, quarter, change).await {
                Err(StoreError::Conflict(_)) if tries < 3 => tries += 1,
                other => return other,
            }
        }
    }

    async fn feed_value_once(
        &self,
        value: &ValueRecord,
        quarter: FinancialQuarter,
        change: &ChangeInfo,
    ) -> Result<i64, StoreError> {
        let item = value.measure.to_string();
        let key = Period::Quarter(quarter).key();
        // Read before the transaction: SQLite has one connection, which the transaction holds.
        let locked = self.locked_quarters().await?;
        if locked.iter().any(|q| value.period.overlaps(*q)) {
            return Err(StoreError::Refused(format!(
                "{} is locked: a feed cannot restate it",
                value.period
            )));
        }
        let mut tx = self.pool.begin().await?;
        // Take the update first: the row is locked until commit, so concurrent writes queue.
        let taken = sqlx::query("UPDATE update_states SET version = version + 1, by_whom = $1, at = $2 WHERE item = $3 AND quarter = $4 AND state IN ('draft', 'returned')")
            .bind(change.by.clone())
            .bind(change.at.clone())
            .bind(item.clone())
            .bind(key)
            .execute(&mut *tx)
            .await?;
        if taken.rows_affected() == 0 {
            let state: Option<String> = sqlx::query_scalar(
                "SELECT state FROM update_states WHERE item = $1 AND quarter = $2",
            )
            .bind(item.clone())
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(state) = state {
                return Err(StoreError::Refused(format!(
                    "the update of {item} for {} is {state}: it cannot be changed now",
                    quarter.long_label()
                )));
            }
            let inserted = sqlx::query("INSERT INTO update_states (item, quarter, state, version, by_whom, at) VALUES ($1, $2, 'draft', 1, $3, $4)")
                .bind(item.clone())
                .bind(key)
                .bind(change.by.clone())
                .bind(change.at.clone())
                .execute(&mut *tx)
                .await;
            match inserted {
                Ok(_) => {}
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    return Err(StoreError::Conflict(format!(
                        "another figure for {item} arrived at the same moment; send it again"
                    )));
                }
                Err(e) => return Err(e.into()),
            }
        }
        let sql = format!(
            "SELECT {VALUE_COLUMNS} FROM measure_values v JOIN measure_numbers n ON n.number = v.measure \
             WHERE n.id = $1 AND v.period = $2"
        );
        let held = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(item.clone())
            .bind(value.period.key())
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| value_record(&row))
            .transpose()?;
        let mut new = value.clone();
        if new.as_of.is_none() {
            new.as_of = held.as_ref().and_then(|v| v.as_of);
        }
        let change_of = match held {
            None => Some(RecordChange::Insert(new)),
            Some(old) if old != new => Some(RecordChange::Update { old, new }),
            Some(_) => None,
        };
        let diff = Diff {
            measure_values: change_of.into_iter().collect(),
            ..Diff::default()
        };
        self.write_diff(
            &mut tx,
            &diff,
            (None, &crate::apply::PlanSettings::new()),
            change,
            "api",
            (locked, None),
        )
        .await?;
        let version: i64 = sqlx::query_scalar(
            "SELECT version FROM update_states WHERE item = $1 AND quarter = $2",
        )
        .bind(item)
        .bind(key)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(version)
    }
}

impl Store {
    /// The department that owns measure `id`: `None` if there is no such measure, `Some(None)`
    /// if it has no department.
    pub async fn measure_department(&self, id: &str) -> Result<Option<Option<String>>, StoreError> {
        let measure: Option<MeasureRecord> =
            crate::records::find(&self.pool, "measures", id).await?;
        Ok(measure.map(|m| m.department))
    }
}
