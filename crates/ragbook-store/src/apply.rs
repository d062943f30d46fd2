//! Writing what a merge changed, in one transaction: new records inserted (the large tables in
//! batches of JSON that the database unpacks itself), changed records updated with a revision
//! holding the old and new record, and the change set saying who, when, why and from what.

use ragbook_core::dataset::{Diff, Keyed, RecordChange};
use ragbook_core::period::{FinancialQuarter, Period};
use serde::Serialize;
use sqlx::{Any, Transaction};

use crate::codec::quarter;
use crate::load::PLAN_SETTINGS;
use crate::records::{apply_finance, apply_kind};
use crate::tables::{MeasureNumbers, write_table};
use crate::{ChangeInfo, Store, StoreError};

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The change set's id.
    pub change: i64,
    /// Records added.
    pub inserted: usize,
    /// Records changed.
    pub updated: usize,
    /// Changes that restate a locked quarter (each named).
    pub restatements: Vec<String>,
}

/// Makes this transaction the only one writing change sets until it ends. Ids of change sets
/// and revisions are taken as the next free number, so that history reads in order with no
/// gaps; two writers must not take the same one. SQLite has one writer by design; PostgreSQL
/// takes a transaction-scoped advisory lock (number 7243, "RAGB" on a phone keypad).
pub(crate) async fn serialise_writes(
    tx: &mut Transaction<'_, Any>,
    backend: crate::Backend,
) -> Result<(), StoreError> {
    if backend == crate::Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(7243)")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The next free id of a table's `id` column.
async fn next_id(tx: &mut Transaction<'_, Any>, table: &str) -> Result<i64, StoreError> {
    let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(&mut **tx)
        .await?)
}

/// Writes a change set (who, when, what kind, from what, why) with the next free id, and
/// returns the id. The caller has taken `serialise_writes`.
pub(crate) async fn record_change(
    tx: &mut Transaction<'_, Any>,
    change: &ChangeInfo,
    kind: &str,
    source: Option<String>,
    reason: Option<String>,
) -> Result<i64, StoreError> {
    let id = next_id(tx, "changes").await?;
    sqlx::query("INSERT INTO changes (id, at, by_whom, kind, source, reason) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(change.at.clone())
        .bind(change.by.clone())
        .bind(kind.to_owned())
        .bind(source)
        .bind(reason)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Writes revisions of updated records as it goes.
pub(crate) struct Revisions {
    next: i64,
    change: i64,
    locked: Vec<FinancialQuarter>,
    progress: Option<Progress>,
    written: usize,
}

/// Told how many records of a change set have been written so far, as a long import runs.
pub type Progress = std::sync::Arc<dyn Fn(usize) + Send + Sync>;

impl Revisions {
    /// Counts `records` more written, and says so to whoever follows the progress.
    pub(crate) fn advance(&mut self, records: usize) {
        self.written += records;
        if let Some(progress) = &self.progress {
            progress(self.written);
        }
    }

    pub(crate) async fn record<T: Serialize + Keyed>(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        table: &str,
        old: Option<&T>,
        new: &T,
        key: String,
    ) -> Result<(), StoreError> {
        let json = |record: &T| {
            serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))
        };
        let restatement = new
            .period()
            .is_some_and(|p: Period| self.locked.iter().any(|q| p.overlaps(*q)));
        sqlx::query("INSERT INTO revisions (id, change_id, record, record_key, old, new, restatement) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(self.next)
            .bind(self.change)
            .bind(table.to_owned())
            .bind(key)
            .bind(old.map(json).transpose()?)
            .bind(json(new)?)
            .bind(i64::from(restatement))
            .execute(&mut **tx)
            .await?;
        self.next += 1;
        Ok(())
    }
}

/// Meta entries (organisation, plan, settings) are revised like records, as key-value pairs.
#[derive(Serialize)]
struct MetaValue<'a> {
    key: &'a str,
    value: &'a str,
}

impl Keyed for MetaValue<'_> {
    type Key = String;
    fn key(&self) -> String {
        self.key.to_owned()
    }
}

/// Earlier plans' own settings.toml texts, by plan id.
pub type PlanSettings = std::collections::BTreeMap<String, String>;

/// When a plan is added, each plan held before it keeps the settings it had: they become its
/// own (`settings.<plan id>`), so that new settings for the new plan change nothing of theirs.
async fn frozen_settings(
    tx: &mut Transaction<'_, Any>,
    diff: &Diff,
) -> Result<Vec<(String, String)>, StoreError> {
    let added = diff
        .plans
        .iter()
        .any(|change| matches!(change, RecordChange::Insert(_)));
    if !added {
        return Ok(Vec::new());
    }
    let current: Option<String> =
        sqlx::query_scalar("SELECT value FROM meta WHERE key = 'settings'")
            .fetch_optional(&mut **tx)
            .await?;
    let held: Vec<String> =
        sqlx::query_scalar("SELECT record_key FROM records WHERE kind = 'plans'")
            .fetch_all(&mut **tx)
            .await?;
    let mut frozen = Vec::new();
    for plan in held {
        let key = format!("{PLAN_SETTINGS}{plan}");
        let own: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key.clone())
            .fetch_optional(&mut **tx)
            .await?;
        if own.is_none() {
            frozen.push((key, current.clone().unwrap_or_default()));
        }
    }
    Ok(frozen)
}

/// Writes the organisation and settings that changed, each revised as a key and value.
async fn write_meta(
    tx: &mut Transaction<'_, Any>,
    revisions: &mut Revisions,
    diff: &Diff,
    (settings, plan_settings): (Option<&str>, &PlanSettings),
) -> Result<(), StoreError> {
    let mut meta: Vec<(String, String)> = Vec::new();
    if let Some((_, organisation)) = &diff.organisation {
        meta.push(("organisation.id".into(), organisation.id.clone()));
        meta.push(("organisation.name".into(), organisation.name.clone()));
    }
    meta.extend(frozen_settings(tx, diff).await?);
    meta.extend(
        plan_settings
            .iter()
            .map(|(plan, text)| (format!("{PLAN_SETTINGS}{plan}"), text.clone())),
    );
    if let Some(settings) = settings {
        meta.push(("settings".into(), settings.to_owned()));
    }
    for (key, value) in &meta {
        let old: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key.clone())
            .fetch_optional(&mut **tx)
            .await?;
        if old.as_deref() == Some(value.as_str()) {
            continue;
        }
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key.clone())
            .bind(value.clone())
            .execute(&mut **tx)
            .await?;
        if let Some(old) = &old {
            let before = MetaValue { key, value: old };
            let after = MetaValue { key, value };
            revisions
                .record(&mut *tx, "meta", Some(&before), &after, key.clone())
                .await?;
        }
    }
    Ok(())
}

impl Store {
    /// The quarters locked so far, oldest first.
    pub async fn locked_quarters(&self) -> Result<Vec<FinancialQuarter>, StoreError> {
        let keys: Vec<i64> = sqlx::query_scalar("SELECT quarter FROM locks ORDER BY quarter")
            .fetch_all(&self.pool)
            .await?;
        keys.into_iter().map(quarter).collect()
    }

    /// Writes `diff` (and new `settings` text, if it changed) as one change set, all or nothing.
    /// A change that restates a locked quarter needs `change.reason`.
    pub async fn apply(
        &self,
        diff: &Diff,
        settings: Option<&str>,
        change: &ChangeInfo,
    ) -> Result<Applied, StoreError> {
        self.apply_package(diff, settings, &PlanSettings::new(), change, None)
            .await
    }

    /// [`Store::apply`], with earlier plans' own settings (by plan id) as a package brings
    /// them, telling `progress` (if any) how many records are written as it goes.
    pub async fn apply_package(
        &self,
        diff: &Diff,
        settings: Option<&str>,
        plan_settings: &PlanSettings,
        change: &ChangeInfo,
        progress: Option<Progress>,
    ) -> Result<Applied, StoreError> {
        let locked = self.locked_quarters().await?;
        let restatements = diff.restatements(&locked);
        if !restatements.is_empty() && change.reason.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            return Err(StoreError::NeedsReason(restatements));
        }
        let mut tx = self.pool.begin().await?;
        let change_id = self
            .write_diff(
                &mut tx,
                diff,
                (settings, plan_settings),
                change,
                "import",
                (locked, progress),
            )
            .await?;
        tx.commit().await?;
        let (inserted, updated) = diff.counts();
        Ok(Applied {
            change: change_id,
            inserted,
            updated,
            restatements,
        })
    }

    /// Writes `diff` as a change set of `kind` within `tx`, with the `locked` quarters and any
    /// `progress` to tell; returns the change set's id. The caller has checked that
    /// restatements have a reason, and commits.
    pub(crate) async fn write_diff(
        &self,
        tx: &mut Transaction<'_, Any>,
        diff: &Diff,
        settings: (Option<&str>, &PlanSettings),
        change: &ChangeInfo,
        kind: &str,
        (locked, progress): (Vec<FinancialQuarter>, Option<Progress>),
    ) -> Result<i64, StoreError> {
        serialise_writes(tx, self.backend).await?;
        let change_id = record_change(
            tx,
            change,
            kind,
            change.source.clone(),
            change.reason.clone(),
        )
        .await?;
        let mut revisions = Revisions {
            next: next_id(&mut *tx, "revisions").await?,
            change: change_id,
            locked,
            progress,
            written: 0,
        };

        write_meta(tx, &mut revisions, diff, settings).await?;
        macro_rules! kinds {
            ($($field:ident),*) => {
                $(
                    apply_kind(&mut *tx, &mut revisions, stringify!($field), &diff.$field, change_id).await?;
                    revisions.advance(diff.$field.len());
                )*
            };
        }
        kinds!(
            plans,
            priorities,
            priority_renames,
            deliverables,
            measures,
            deliverable_updates,
            measure_updates,
            published_rollups,
            headline_initiatives,
            projects,
            project_updates,
            risks,
            risk_updates,
            service_plans,
            actions,
            service_budgets,
            planned_savings,
            department_risks,
            procurements,
            vehicles,
            service_targets,
            capital_schemes,
            capital_funding,
            action_updates
        );
        // The large tables refer to a measure by its number.
        let numbers = MeasureNumbers::assign(&mut *tx, &diff.measures).await?;
        macro_rules! tables {
            ($($field:ident),*) => {
                $(write_table(&mut *tx, self.backend, &mut revisions, change_id, &numbers, &diff.$field).await?;)*
            };
        }
        tables!(measure_values, targets, benchmarks);
        apply_finance(&mut *tx, &mut revisions, &diff.finance, change_id).await?;
        let (new, changed) = diff.finance.counts();
        revisions.advance(new + changed);

        Ok(change_id)
    }
}
