//! Writing what a merge changed, in one transaction: new records inserted (the large tables in
//! batches of JSON that the database unpacks itself), changed records updated with a revision
//! holding the old and new record, and the change set saying who, when, why and from what.

use std::collections::HashMap;

use ragbook_core::dataset::{Diff, Keyed, RecordChange};
use ragbook_core::period::{FinancialQuarter, Period};
use serde::Serialize;
use sqlx::{Any, Transaction};

use crate::batch::{Column, insert_batches};
use crate::codec::{encode_value, join_ids, quarter};
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

async fn count(tx: &mut Transaction<'_, Any>, sql: &'static str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(sql).fetch_one(&mut **tx).await?)
}

/// Writes revisions of updated records as it goes.
pub(crate) struct Revisions {
    next: i64,
    change: i64,
    locked: Vec<FinancialQuarter>,
}

impl Revisions {
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
        let locked = self.locked_quarters().await?;
        let restatements = diff.restatements(&locked);
        if !restatements.is_empty() && change.reason.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            return Err(StoreError::NeedsReason(restatements));
        }
        let mut tx = self.pool.begin().await?;
        let change_id = self
            .write_diff(&mut tx, diff, settings, change, "import", locked)
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

    /// Writes `diff` as a change set of `kind` within `tx`; returns the change set's id. The
    /// caller has checked that restatements have a reason, and commits.
    pub(crate) async fn write_diff(
        &self,
        tx: &mut Transaction<'_, Any>,
        diff: &Diff,
        settings: Option<&str>,
        change: &ChangeInfo,
        kind: &str,
        locked: Vec<FinancialQuarter>,
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
        };

        // Organisation, plan and settings.
        let mut meta: Vec<(String, String)> = Vec::new();
        if let Some((_, organisation)) = &diff.organisation {
            meta.push(("organisation.id".into(), organisation.id.clone()));
            meta.push(("organisation.name".into(), organisation.name.clone()));
        }
        if let Some((_, plan)) = &diff.plan {
            meta.push(("plan.id".into(), plan.id.to_string()));
            meta.push(("plan.title".into(), plan.title.clone()));
            meta.push(("plan.first_year".into(), plan.first_year.to_string()));
            meta.push(("plan.last_year".into(), plan.last_year.to_string()));
        }
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

        // Priorities.
        let mut position = count(&mut *tx, "SELECT COUNT(*) FROM priorities").await?;
        for change in &diff.priorities {
            let p = change.current();
            match change {
                RecordChange::Insert(_) => {
                    sqlx::query("INSERT INTO priorities (id, position, parent, title, short_title, description, created_in) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                        .bind(p.id.to_string()).bind(position).bind(p.parent.as_ref().map(ToString::to_string))
                        .bind(p.title.clone()).bind(p.short_title.clone()).bind(p.description.clone()).bind(change_id)
                        .execute(&mut **tx).await?;
                    position += 1;
                }
                RecordChange::Update { old, new } => {
                    sqlx::query("UPDATE priorities SET parent = $1, title = $2, short_title = $3, description = $4, revised_in = $5 WHERE id = $6")
                        .bind(new.parent.as_ref().map(ToString::to_string)).bind(new.title.clone()).bind(new.short_title.clone())
                        .bind(new.description.clone()).bind(change_id).bind(new.id.to_string())
                        .execute(&mut **tx).await?;
                    revisions
                        .record(
                            &mut *tx,
                            "priorities",
                            Some(old),
                            new,
                            new.key().to_string(),
                        )
                        .await?;
                }
            }
        }

        // Deliverables.
        let mut position = count(&mut *tx, "SELECT COUNT(*) FROM deliverables").await?;
        for change in &diff.deliverables {
            let d = change.current();
            let date = |d: Option<ragbook_core::date::Date>| d.map(|d| d.to_string());
            match change {
                RecordChange::Insert(_) => {
                    sqlx::query("INSERT INTO deliverables (id, position, title, short_title, priorities, lead, department, start_date, expected_completion, original_completion, created_in, portfolio) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                        .bind(d.id.to_string()).bind(position).bind(d.title.clone()).bind(d.short_title.clone()).bind(join_ids(&d.priorities))
                        .bind(d.lead.clone()).bind(d.department.clone()).bind(date(d.start)).bind(date(d.expected_completion))
                        .bind(date(d.original_completion)).bind(change_id).bind(d.portfolio.as_ref().map(|p| p.to_string()))
                        .execute(&mut **tx).await?;
                    position += 1;
                }
                RecordChange::Update { old, new } => {
                    sqlx::query("UPDATE deliverables SET title = $1, short_title = $2, priorities = $3, lead = $4, department = $5, start_date = $6, expected_completion = $7, original_completion = $8, revised_in = $9, portfolio = $11 WHERE id = $10")
                        .bind(new.title.clone()).bind(new.short_title.clone()).bind(join_ids(&new.priorities)).bind(new.lead.clone())
                        .bind(new.department.clone()).bind(date(new.start)).bind(date(new.expected_completion))
                        .bind(date(new.original_completion)).bind(change_id).bind(new.id.to_string())
                        .bind(new.portfolio.as_ref().map(|p| p.to_string()))
                        .execute(&mut **tx).await?;
                    revisions
                        .record(
                            &mut *tx,
                            "deliverables",
                            Some(old),
                            new,
                            new.key().to_string(),
                        )
                        .await?;
                }
            }
        }

        // Measures.
        let mut position = count(&mut *tx, "SELECT COUNT(*) FROM measures").await?;
        let mut number = count(&mut *tx, "SELECT COALESCE(MAX(number), 0) FROM measures").await?;
        for change in &diff.measures {
            let m = change.current();
            match change {
                RecordChange::Insert(_) => {
                    number += 1;
                    sqlx::query("INSERT INTO measures (id, number, position, title, short_title, priorities, unit, decimals, polarity, frequency, basis, method, owner, department, national_code, created_in, portfolio, deliverable) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)")
                        .bind(m.id.to_string()).bind(number).bind(position).bind(m.title.clone()).bind(m.short_title.clone())
                        .bind(join_ids(&m.priorities)).bind(m.unit.to_string()).bind(i64::from(m.decimals)).bind(m.polarity.code())
                        .bind(m.frequency.code()).bind(m.basis.code()).bind(m.method.code()).bind(m.owner.clone())
                        .bind(m.department.clone()).bind(m.national_code.clone()).bind(change_id)
                        .bind(m.portfolio.as_ref().map(|p| p.to_string()))
                        .bind(m.deliverable.as_ref().map(|d| d.to_string()))
                        .execute(&mut **tx).await?;
                    position += 1;
                }
                RecordChange::Update { old, new } => {
                    sqlx::query("UPDATE measures SET title = $1, short_title = $2, priorities = $3, unit = $4, decimals = $5, polarity = $6, frequency = $7, basis = $8, method = $9, owner = $10, department = $11, national_code = $12, revised_in = $13, portfolio = $15, deliverable = $16 WHERE id = $14")
                        .bind(new.title.clone()).bind(new.short_title.clone()).bind(join_ids(&new.priorities)).bind(new.unit.to_string())
                        .bind(i64::from(new.decimals)).bind(new.polarity.code()).bind(new.frequency.code()).bind(new.basis.code())
                        .bind(new.method.code()).bind(new.owner.clone()).bind(new.department.clone()).bind(new.national_code.clone())
                        .bind(change_id).bind(new.id.to_string())
                        .bind(new.portfolio.as_ref().map(|p| p.to_string()))
                        .bind(new.deliverable.as_ref().map(|d| d.to_string()))
                        .execute(&mut **tx).await?;
                    revisions
                        .record(&mut *tx, "measures", Some(old), new, new.key().to_string())
                        .await?;
                }
            }
        }
        let numbers: HashMap<String, i64> =
            sqlx::query_as::<_, (String, i64)>("SELECT id, number FROM measures")
                .fetch_all(&mut **tx)
                .await?
                .into_iter()
                .collect();
        let measure_number = |id: &ragbook_core::plan::ItemId| {
            numbers
                .get(id.as_str())
                .copied()
                .ok_or_else(|| StoreError::Corrupt(format!("measure {id} is not held")))
        };

        use Column::{Integer, Text};
        let date = |d: Option<ragbook_core::date::Date>| d.map(|d| d.to_string());

        // Deliverable updates.
        let mut inserts = Vec::new();
        for change in &diff.deliverable_updates {
            match change {
                RecordChange::Insert(u) => inserts.push(u),
                RecordChange::Update { old, new } => {
                    sqlx::query("UPDATE deliverable_updates SET rating = $1, commentary = $2, issue = $3, response = $4, completed = $5, expected_completion = $6, key_area = $7, revised_in = $8 WHERE deliverable = $9 AND quarter = $10")
                        .bind(new.rating.clone()).bind(new.commentary.clone()).bind(new.issue.clone()).bind(new.response.clone())
                        .bind(date(new.completed)).bind(date(new.expected_completion)).bind(new.key_area.map(|k| k.code())).bind(change_id)
                        .bind(new.deliverable.to_string()).bind(Period::Quarter(new.quarter).key())
                        .execute(&mut **tx).await?;
                    revisions
                        .record(
                            &mut *tx,
                            "deliverable_updates",
                            Some(old),
                            new,
                            new.key().to_string(),
                        )
                        .await?;
                }
            }
        }
        let columns = [
            ("deliverable", Text),
            ("quarter", Integer),
            ("rating", Text),
            ("commentary", Text),
            ("issue", Text),
            ("response", Text),
            ("completed", Text),
            ("expected_completion", Text),
            ("key_area", Text),
            ("created_in", Integer),
        ];
        insert_batches(
            &mut *tx,
            self.backend,
            "deliverable_updates",
            &columns,
            &inserts,
            |u, row| {
                row.text(Some(u.deliverable.as_str()))?;
                row.int(Period::Quarter(u.quarter).key());
                row.text(u.rating.as_deref())?;
                row.text(u.commentary.as_deref())?;
                row.text(u.issue.as_deref())?;
                row.text(u.response.as_deref())?;
                row.text(date(u.completed).as_deref())?;
                row.text(date(u.expected_completion).as_deref())?;
                row.text(u.key_area.map(|k| k.code()))?;
                row.int(change_id);
                Ok(())
            },
        )
        .await?;

        // Measure values.
        let mut inserts = Vec::with_capacity(diff.measure_values.len());
        for change in &diff.measure_values {
            match change {
                RecordChange::Insert(v) => inserts.push((measure_number(&v.measure)?, v)),
                RecordChange::Update { old, new } => {
                    let (value, status) = encode_value(&new.value);
                    sqlx::query("UPDATE measure_values SET value = $1, status = $2, as_of = $3, note = $4, revised_in = $5 WHERE measure = $6 AND period = $7")
                        .bind(value).bind(status).bind(new.as_of.map(|m| m.to_string())).bind(new.note.clone()).bind(change_id)
                        .bind(measure_number(&new.measure)?).bind(new.period.key())
                        .execute(&mut **tx).await?;
                    revisions
                        .record(
                            &mut *tx,
                            "measure_values",
                            Some(old),
                            new,
                            new.key().to_string(),
                        )
                        .await?;
                }
            }
        }
        let columns = [
            ("measure", Integer),
            ("period", Integer),
            ("value", Text),
            ("status", Text),
            ("as_of", Text),
            ("note", Text),
            ("created_in", Integer),
        ];
        insert_batches(
            &mut *tx,
            self.backend,
            "measure_values",
            &columns,
            &inserts,
            |(measure, v), row| {
                let (value, status) = encode_value(&v.value);
                row.int(*measure);
                row.int(v.period.key());
                row.text(value.as_deref())?;
                row.text(Some(&status))?;
                row.text(v.as_of.map(|m| m.to_string()).as_deref())?;
                row.text(v.note.as_deref())?;
                row.int(change_id);
                Ok(())
            },
        )
        .await?;

        // Targets.
        let full_year = |t: &ragbook_core::target::Target| match t {
            ragbook_core::target::Target::ProfiledYearToDate { full_year, .. } => {
                Some(full_year.to_string())
            }
            _ => None,
        };
        let mut inserts = Vec::new();
        for change in &diff.targets {
            match change {
                RecordChange::Insert(t) => inserts.push((measure_number(&t.measure)?, t)),
                RecordChange::Update { old, new } => {
                    sqlx::query("UPDATE targets SET target = $1, full_year = $2, revised_in = $3 WHERE measure = $4 AND period = $5")
                        .bind(new.target.code()).bind(full_year(&new.target)).bind(change_id)
                        .bind(measure_number(&new.measure)?).bind(new.period.key())
                        .execute(&mut **tx).await?;
                    revisions
                        .record(&mut *tx, "targets", Some(old), new, new.key().to_string())
                        .await?;
                }
            }
        }
        let columns = [
            ("measure", Integer),
            ("period", Integer),
            ("target", Text),
            ("full_year", Text),
            ("created_in", Integer),
        ];
        insert_batches(
            &mut *tx,
            self.backend,
            "targets",
            &columns,
            &inserts,
            |(measure, t), row| {
                row.int(*measure);
                row.int(t.period.key());
                row.text(Some(&t.target.code()))?;
                row.text(full_year(&t.target).as_deref())?;
                row.int(change_id);
                Ok(())
            },
        )
        .await?;

        // Measure commentary.
        let mut inserts = Vec::new();
        for change in &diff.measure_updates {
            match change {
                RecordChange::Insert(u) => inserts.push((measure_number(&u.measure)?, u)),
                RecordChange::Update { old, new } => {
                    sqlx::query("UPDATE measure_updates SET commentary = $1, issue = $2, response = $3, key_area = $4, rating = $5, rating_reason = $6, revised_in = $7 WHERE measure = $8 AND quarter = $9")
                        .bind(new.commentary.clone()).bind(new.issue.clone()).bind(new.response.clone())
                        .bind(new.key_area.map(|k| k.code())).bind(new.rating.clone()).bind(new.rating_reason.clone()).bind(change_id)
                        .bind(measure_number(&new.measure)?).bind(Period::Quarter(new.quarter).key())
                        .execute(&mut **tx).await?;
                    revisions
                        .record(
                            &mut *tx,
                            "measure_updates",
                            Some(old),
                            new,
                            new.key().to_string(),
                        )
                        .await?;
                }
            }
        }
        let columns = [
            ("measure", Integer),
            ("quarter", Integer),
            ("commentary", Text),
            ("issue", Text),
            ("response", Text),
            ("key_area", Text),
            ("rating", Text),
            ("rating_reason", Text),
            ("created_in", Integer),
        ];
        insert_batches(
            &mut *tx,
            self.backend,
            "measure_updates",
            &columns,
            &inserts,
            |(measure, u), row| {
                row.int(*measure);
                row.int(Period::Quarter(u.quarter).key());
                row.text(u.commentary.as_deref())?;
                row.text(u.issue.as_deref())?;
                row.text(u.response.as_deref())?;
                row.text(u.key_area.map(|k| k.code()))?;
                row.text(u.rating.as_deref())?;
                row.text(u.rating_reason.as_deref())?;
                row.int(change_id);
                Ok(())
            },
        )
        .await?;

        // Benchmarks.
        let mut inserts = Vec::new();
        for change in &diff.benchmarks {
            match change {
                RecordChange::Insert(b) => inserts.push((measure_number(&b.measure)?, b)),
                RecordChange::Update { old, new } => {
                    sqlx::query("UPDATE benchmarks SET value = $1, revised_in = $2 WHERE measure = $3 AND series = $4 AND period = $5")
                        .bind(new.value.to_string()).bind(change_id).bind(measure_number(&new.measure)?)
                        .bind(new.series.clone()).bind(new.period.key())
                        .execute(&mut **tx).await?;
                    revisions
                        .record(
                            &mut *tx,
                            "benchmarks",
                            Some(old),
                            new,
                            new.key().to_string(),
                        )
                        .await?;
                }
            }
        }
        let columns = [
            ("measure", Integer),
            ("series", Text),
            ("period", Integer),
            ("value", Text),
            ("created_in", Integer),
        ];
        insert_batches(
            &mut *tx,
            self.backend,
            "benchmarks",
            &columns,
            &inserts,
            |(measure, b), row| {
                row.int(*measure);
                row.text(Some(&b.series))?;
                row.int(b.period.key());
                row.text(Some(&b.value.to_string()))?;
                row.int(change_id);
                Ok(())
            },
        )
        .await?;

        crate::finance::apply_table(
            &mut *tx,
            &mut revisions,
            "published_rollups",
            &diff.published_rollups,
            change_id,
        )
        .await?;
        crate::finance::apply_table(
            &mut *tx,
            &mut revisions,
            "headline_initiatives",
            &diff.headline_initiatives,
            change_id,
        )
        .await?;
        crate::finance::apply(&mut *tx, &mut revisions, &diff.finance, change_id).await?;

        Ok(change_id)
    }
}
