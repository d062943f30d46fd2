//! The quarterly update cycle: the performance team opens a quarter, owners save and submit
//! their updates, the team returns or approves each one, and publishing locks the quarter and
//! keeps its report. Every step is a change set in the history, and each update carries a
//! version so that two people editing it cannot overwrite each other unawares.

use std::collections::HashMap;

use ragbook_core::access::UpdateState;
use ragbook_core::dataset::Diff;
use ragbook_core::period::{FinancialQuarter, Period};
use serde::Serialize;
use sqlx::Row;

use crate::codec::quarter;
use crate::load::Held;
use crate::locks::lock_in;
use crate::{ChangeInfo, Store, StoreError};

/// A quarter's cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// Whether its report has been published (and the quarter locked).
    pub published: bool,
    /// Who opened it, and when.
    pub opened: (String, String),
    /// Who published it, and when.
    pub published_by: Option<(String, String)>,
}

/// Where one item's update is in the cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateRecord {
    /// The item's id.
    pub item: String,
    /// Its state.
    pub state: UpdateState,
    /// Rises with every change; 0 before the first.
    pub version: i64,
    /// The performance team's comment when returned.
    pub comment: Option<String>,
    /// Who last changed it.
    pub by: String,
    /// When.
    pub at: String,
}

/// The reports made from a quarter's locked data, kept when it is published.
#[derive(Debug, Clone, Copy)]
pub struct Reports<'a> {
    /// The performance report's HTML.
    pub html: &'a str,
    /// Its PDF.
    pub pdf: &'a [u8],
    /// The report to Cabinet (HTML, PDF), where budget figures are held.
    pub cabinet: Option<(&'a str, &'a [u8])>,
}

/// Which published file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublishedFile {
    /// The performance report, HTML.
    Html,
    /// The performance report, PDF.
    Pdf,
    /// The report to Cabinet, HTML.
    CabinetHtml,
    /// The report to Cabinet, PDF.
    CabinetPdf,
}

impl PublishedFile {
    fn column(self) -> &'static str {
        match self {
            PublishedFile::Html => "html",
            PublishedFile::Pdf => "pdf",
            PublishedFile::CabinetHtml => "cabinet_html",
            PublishedFile::CabinetPdf => "cabinet_pdf",
        }
    }
}

impl UpdateRecord {
    /// The record of an item nobody has touched this quarter.
    pub fn not_started(item: &str) -> UpdateRecord {
        UpdateRecord {
            item: item.to_owned(),
            state: UpdateState::NotStarted,
            version: 0,
            comment: None,
            by: String::new(),
            at: String::new(),
        }
    }
}

/// A step of the cycle for one update: what it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step<'a> {
    /// The item's id.
    pub item: &'a str,
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// The version the person saw; the step is refused if it has moved on.
    pub seen: i64,
    /// The state it moves to.
    pub to: UpdateState,
    /// A comment (when returning).
    pub comment: Option<String>,
}

/// A published report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// Who published it.
    pub by: String,
    /// When.
    pub at: String,
    /// Whether its report to Cabinet was kept too.
    pub cabinet: bool,
}

fn cycle(row: &sqlx::any::AnyRow) -> Result<Cycle, StoreError> {
    let state: String = row.try_get("state")?;
    let published_by: Option<String> = row.try_get("published_by")?;
    let published_at: Option<String> = row.try_get("published_at")?;
    Ok(Cycle {
        quarter: quarter(row.try_get("quarter")?)?,
        published: state == "published",
        opened: (row.try_get("opened_by")?, row.try_get("opened_at")?),
        published_by: published_by.zip(published_at),
    })
}

fn update_record(row: &sqlx::any::AnyRow) -> Result<UpdateRecord, StoreError> {
    let state: String = row.try_get("state")?;
    Ok(UpdateRecord {
        item: row.try_get("item")?,
        state: UpdateState::from_code(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown update state {state:?}")))?,
        version: row.try_get("version")?,
        comment: row.try_get("comment")?,
        by: row.try_get("by_whom")?,
        at: row.try_get("at")?,
    })
}

/// The state as kept in the history.
#[derive(Serialize)]
struct StateRevision<'a> {
    state: &'a str,
    comment: Option<&'a str>,
}

impl Store {
    /// Every cycle, latest first.
    pub async fn cycles(&self) -> Result<Vec<Cycle>, StoreError> {
        let rows = sqlx::query("SELECT quarter, state, opened_by, opened_at, published_by, published_at FROM cycles ORDER BY quarter DESC")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(cycle).collect()
    }

    /// The quarter open for updates, if one is.
    pub async fn open_quarter(&self) -> Result<Option<FinancialQuarter>, StoreError> {
        Ok(self
            .cycles()
            .await?
            .into_iter()
            .find(|c| !c.published)
            .map(|c| c.quarter))
    }

    /// Opens `quarter` for updates. Only one quarter is open at a time, and a locked quarter
    /// cannot be opened.
    pub async fn open_cycle(
        &self,
        quarter: FinancialQuarter,
        change: &ChangeInfo,
    ) -> Result<(), StoreError> {
        if let Some(open) = self.open_quarter().await? {
            return Err(StoreError::Refused(format!(
                "{} is still open: publish it before opening another quarter",
                open.long_label()
            )));
        }
        if self.locked_quarters().await?.contains(&quarter) {
            return Err(StoreError::Refused(format!(
                "{} is locked: its report has been published",
                quarter.long_label()
            )));
        }
        let mut tx = self.pool.begin().await?;
        let id = self
            .write_diff(
                &mut tx,
                &Diff::default(),
                (None, &crate::apply::PlanSettings::new()),
                change,
                "open",
                (Vec::new(), None),
            )
            .await?;
        sqlx::query("UPDATE changes SET source = $1 WHERE id = $2")
            .bind(quarter.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO cycles (quarter, state, opened_by, opened_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(Period::Quarter(quarter).key())
        .bind("open")
        .bind(change.by.clone())
        .bind(change.at.clone())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every update's state for `quarter`, by item; items not listed are not started.
    pub async fn update_states(
        &self,
        quarter: FinancialQuarter,
    ) -> Result<HashMap<String, UpdateRecord>, StoreError> {
        let rows = sqlx::query("SELECT item, state, version, comment, by_whom, at FROM update_states WHERE quarter = $1")
            .bind(Period::Quarter(quarter).key())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| update_record(row).map(|r| (r.item.clone(), r)))
            .collect()
    }

    /// One item's update state for `quarter`.
    pub async fn update_state(
        &self,
        item: &str,
        quarter: FinancialQuarter,
    ) -> Result<UpdateRecord, StoreError> {
        let row = sqlx::query("SELECT item, state, version, comment, by_whom, at FROM update_states WHERE item = $1 AND quarter = $2")
            .bind(item.to_owned())
            .bind(Period::Quarter(quarter).key())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => update_record(&row)?,
            None => UpdateRecord::not_started(item),
        })
    }

    /// Takes one step of the cycle for an update, writing `diff` (its new data, if any) with
    /// it, all or nothing. Refused with [`StoreError::Conflict`] if someone else has changed the
    /// update since version `step.seen`. Returns the new version.
    pub async fn step(
        &self,
        step: &Step<'_>,
        diff: &Diff,
        kind: &str,
        change: &ChangeInfo,
    ) -> Result<i64, StoreError> {
        let locked = self.locked_quarters().await?;
        let restatements = diff.restatements(&locked);
        if !restatements.is_empty() {
            return Err(StoreError::NeedsReason(restatements));
        }
        let key = Period::Quarter(step.quarter).key();
        let conflict = || {
            StoreError::Conflict(format!(
                "the update of {} for {} was changed by someone else after you opened it",
                step.item,
                step.quarter.long_label()
            ))
        };
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query("UPDATE update_states SET state = $1, version = version + 1, comment = $2, by_whom = $3, at = $4 WHERE item = $5 AND quarter = $6 AND version = $7")
            .bind(step.to.code())
            .bind(step.comment.clone())
            .bind(change.by.clone())
            .bind(change.at.clone())
            .bind(step.item.to_owned())
            .bind(key)
            .bind(step.seen)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            if step.seen != 0 {
                return Err(conflict());
            }
            let inserted = sqlx::query("INSERT INTO update_states (item, quarter, state, version, comment, by_whom, at) VALUES ($1, $2, $3, 1, $4, $5, $6)")
                .bind(step.item.to_owned())
                .bind(key)
                .bind(step.to.code())
                .bind(step.comment.clone())
                .bind(change.by.clone())
                .bind(change.at.clone())
                .execute(&mut *tx)
                .await;
            match inserted {
                Ok(_) => {}
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(conflict()),
                Err(e) => return Err(e.into()),
            }
        }
        let change_id = self
            .write_diff(
                &mut tx,
                diff,
                (None, &crate::apply::PlanSettings::new()),
                change,
                kind,
                (locked, None),
            )
            .await?;
        let revision: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM revisions")
            .fetch_one(&mut *tx)
            .await?;
        let new = serde_json::to_string(&StateRevision {
            state: step.to.code(),
            comment: step.comment.as_deref(),
        })
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query("INSERT INTO revisions (id, change_id, record, record_key, old, new, restatement) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(revision)
            .bind(change_id)
            .bind("update_states")
            .bind(format!("{} {}", step.item, step.quarter))
            .bind(None::<String>)
            .bind(new)
            .bind(0_i64)
            .execute(&mut *tx)
            .await?;
        let version: i64 = sqlx::query_scalar(
            "SELECT version FROM update_states WHERE item = $1 AND quarter = $2",
        )
        .bind(step.item.to_owned())
        .bind(key)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// The id of the latest change set: publishing checks nothing changed since it read the data.
    pub async fn last_change(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM changes")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Publishes `quarter`: locks it with `held` as its snapshot and keeps the report made from
    /// it, all or nothing. Refused if anything changed after change set `seen` (when `held`
    /// was read), so the report is exactly what was locked.
    pub async fn publish(
        &self,
        quarter: FinancialQuarter,
        held: &Held,
        seen: i64,
        reports: Reports<'_>,
        change: &ChangeInfo,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        crate::apply::serialise_writes(&mut tx, self.backend).await?;
        let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM changes")
            .fetch_one(&mut *tx)
            .await?;
        if last != seen {
            return Err(StoreError::Conflict(format!(
                "the data changed while {} was being published; publish again",
                quarter.long_label()
            )));
        }
        lock_in(&mut tx, quarter, held, change).await?;
        sqlx::query("INSERT INTO publications (quarter, published_by, published_at, html, pdf, cabinet_html, cabinet_pdf) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(Period::Quarter(quarter).key())
            .bind(change.by.clone())
            .bind(change.at.clone())
            .bind(reports.html.to_owned())
            .bind(reports.pdf.to_vec())
            .bind(reports.cabinet.map(|(html, _)| html.to_owned()))
            .bind(reports.cabinet.map(|(_, pdf)| pdf.to_vec()))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE cycles SET state = $1, published_by = $2, published_at = $3 WHERE quarter = $4",
        )
        .bind("published")
        .bind(change.by.clone())
        .bind(change.at.clone())
        .bind(Period::Quarter(quarter).key())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every published report, latest first.
    pub async fn publications(&self) -> Result<Vec<Publication>, StoreError> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT quarter, published_by, published_at, CASE WHEN cabinet_html IS NULL THEN 0 ELSE 1 END FROM publications ORDER BY quarter DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(key, by, at, cabinet)| {
                Ok(Publication {
                    quarter: quarter(key)?,
                    by,
                    at,
                    cabinet: cabinet == 1,
                })
            })
            .collect()
    }

    /// A published file of `quarter`, if it is published (and, for the report to Cabinet, if
    /// one was kept).
    pub async fn published(
        &self,
        quarter: FinancialQuarter,
        file: PublishedFile,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let sql = format!(
            "SELECT {} FROM publications WHERE quarter = $1",
            file.column()
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(Period::Quarter(quarter).key())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(match file {
            PublishedFile::Html | PublishedFile::CabinetHtml => {
                row.try_get::<Option<String>, _>(0)?.map(String::into_bytes)
            }
            PublishedFile::Pdf | PublishedFile::CabinetPdf => {
                row.try_get::<Option<Vec<u8>>, _>(0)?
            }
        })
    }

    /// The published HTML of `quarter`, if it is published.
    pub async fn published_html(
        &self,
        quarter: FinancialQuarter,
    ) -> Result<Option<String>, StoreError> {
        self.published(quarter, PublishedFile::Html)
            .await?
            .map(|bytes| String::from_utf8(bytes).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()
    }

    /// The published PDF of `quarter`, if it is published.
    pub async fn published_pdf(
        &self,
        quarter: FinancialQuarter,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.published(quarter, PublishedFile::Pdf).await
    }
}
