//! Reading everything held back into records.

use std::str::FromStr;

use ragbook_core::dataset::{
    BenchmarkRecord, Dataset, DeliverableRecord, DeliverableUpdate, MeasureRecord, MeasureUpdate,
    PlanHeader, PriorityRecord, TargetRecord, ValueRecord,
};
use ragbook_core::measure::{AggregationBasis, Frequency, Polarity, RatingMethod, Unit, from_code};
use ragbook_core::period::FinancialYear;
use ragbook_core::plan::Organisation;
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;
use ragbook_core::target::Target;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::codec::{corrupt, date, decode_value, id, ids, key_area, month, period, quarter};
use crate::{Store, StoreError};

/// Everything a store holds: the records and the settings, parsed and with the rules they name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// The records.
    pub dataset: Dataset,
    /// The settings.
    pub settings: Settings,
    /// The schemes and rules the settings name.
    pub book: Rulebook,
    /// settings.toml's text as imported (empty for the defaults), kept for export.
    pub settings_text: String,
}

/// What a lock keeps: the records and the settings text, as stored since schema 1.
#[derive(Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub(crate) dataset: Dataset,
    pub(crate) settings: String,
}

impl Held {
    /// The records with the settings `text`, parsed and their rules loaded.
    pub fn new(dataset: Dataset, text: String) -> Result<Held, StoreError> {
        let unusable = |e: &dyn std::fmt::Display| {
            StoreError::Corrupt(format!("the settings held cannot be used: {e}"))
        };
        let settings = Settings::from_toml(&text).map_err(|e| unusable(&e))?;
        let book = Rulebook::new(&settings).map_err(|e| unusable(&e))?;
        Ok(Held {
            dataset,
            settings,
            book,
            settings_text: text,
        })
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            dataset: self.dataset.clone(),
            settings: self.settings_text.clone(),
        }
    }
}

/// The columns a value is read from, in [`value_record`]'s order.
pub(crate) const VALUE_COLUMNS: &str = "m.id, v.period, v.value, v.status, v.as_of, v.note";

/// A measure value from a row of [`VALUE_COLUMNS`].
pub(crate) fn value_record(row: &sqlx::any::AnyRow) -> Result<ValueRecord, StoreError> {
    Ok(ValueRecord {
        measure: id(&row.try_get::<String, _>(0)?)?,
        period: period(row.try_get(1)?)?,
        value: decode_value(row.try_get(2)?, &row.try_get::<String, _>(3)?)?,
        as_of: month(row.try_get(4)?)?,
        note: row.try_get(5)?,
    })
}

impl Store {
    /// Reads everything held.
    pub async fn load(&self) -> Result<Held, StoreError> {
        let pool = &self.pool;
        let meta: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM meta")
            .fetch_all(pool)
            .await?;
        let get = |key: &str| meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let organisation = match (get("organisation.id"), get("organisation.name")) {
            (Some(id), Some(name)) => Some(Organisation { id, name }),
            _ => None,
        };
        let plan = match (
            get("plan.id"),
            get("plan.title"),
            get("plan.first_year"),
            get("plan.last_year"),
        ) {
            (Some(plan_id), Some(title), Some(first), Some(last)) => Some(PlanHeader {
                id: id(&plan_id)?,
                title,
                first_year: FinancialYear::from_str(&first).map_err(corrupt)?,
                last_year: FinancialYear::from_str(&last).map_err(corrupt)?,
            }),
            _ => None,
        };
        let mut dataset = Dataset {
            organisation,
            plan,
            ..Dataset::default()
        };

        for row in sqlx::query(
            "SELECT id, parent, title, short_title, description FROM priorities ORDER BY position",
        )
        .fetch_all(pool)
        .await?
        {
            dataset.priorities.push(PriorityRecord {
                id: id(&row.try_get::<String, _>(0)?)?,
                parent: row
                    .try_get::<Option<String>, _>(1)?
                    .map(|p| id(&p))
                    .transpose()?,
                title: row.try_get(2)?,
                short_title: row.try_get(3)?,
                description: row.try_get(4)?,
            });
        }
        for row in sqlx::query(
            "SELECT id, title, short_title, priorities, lead, department, start_date, expected_completion, original_completion, portfolio \
             FROM deliverables ORDER BY position",
        )
        .fetch_all(pool)
        .await?
        {
            dataset.deliverables.push(DeliverableRecord {
                id: id(&row.try_get::<String, _>(0)?)?,
                title: row.try_get(1)?,
                short_title: row.try_get(2)?,
                priorities: ids(&row.try_get::<String, _>(3)?)?,
                lead: row.try_get(4)?,
                department: row.try_get(5)?,
                start: date(row.try_get(6)?)?,
                expected_completion: date(row.try_get(7)?)?,
                original_completion: date(row.try_get(8)?)?,
                portfolio: row.try_get::<Option<String>, _>(9)?.map(|p| id(&p)).transpose()?,
            });
        }
        for row in sqlx::query(
            "SELECT u.deliverable, u.quarter, u.rating, u.commentary, u.issue, u.response, u.completed, u.expected_completion, u.key_area \
             FROM deliverable_updates u JOIN deliverables d ON d.id = u.deliverable ORDER BY d.position, u.quarter",
        )
        .fetch_all(pool)
        .await?
        {
            dataset.deliverable_updates.push(DeliverableUpdate {
                deliverable: id(&row.try_get::<String, _>(0)?)?,
                quarter: quarter(row.try_get(1)?)?,
                rating: row.try_get(2)?,
                commentary: row.try_get(3)?,
                issue: row.try_get(4)?,
                response: row.try_get(5)?,
                completed: date(row.try_get(6)?)?,
                expected_completion: date(row.try_get(7)?)?,
                key_area: key_area(row.try_get(8)?)?,
            });
        }
        for row in sqlx::query(
            "SELECT id, title, short_title, priorities, unit, decimals, polarity, frequency, basis, method, owner, department, national_code, portfolio, deliverable \
             FROM measures ORDER BY position",
        )
        .fetch_all(pool)
        .await?
        {
            let code = |index: usize| row.try_get::<String, _>(index);
            dataset.measures.push(MeasureRecord {
                id: id(&code(0)?)?,
                title: code(1)?,
                short_title: row.try_get(2)?,
                priorities: ids(&code(3)?)?,
                unit: Unit::from_str(&code(4)?).map_err(corrupt)?,
                decimals: u32::try_from(row.try_get::<i64, _>(5)?).map_err(corrupt)?,
                polarity: from_code(&Polarity::ALL, Polarity::code, &code(6)?).ok_or_else(|| corrupt("polarity"))?,
                frequency: from_code(&Frequency::ALL, Frequency::code, &code(7)?).ok_or_else(|| corrupt("frequency"))?,
                basis: from_code(&AggregationBasis::ALL, AggregationBasis::code, &code(8)?).ok_or_else(|| corrupt("basis"))?,
                method: from_code(&RatingMethod::ALL, RatingMethod::code, &code(9)?).ok_or_else(|| corrupt("method"))?,
                owner: row.try_get(10)?,
                department: row.try_get(11)?,
                national_code: row.try_get(12)?,
                portfolio: row.try_get::<Option<String>, _>(13)?.map(|p| id(&p)).transpose()?,
                deliverable: row.try_get::<Option<String>, _>(14)?.map(|d| id(&d)).transpose()?,
            });
        }
        let units: std::collections::HashMap<&str, Unit> = dataset
            .measures
            .iter()
            .map(|m| (m.id.as_str(), m.unit))
            .collect();
        let sql = format!(
            "SELECT {VALUE_COLUMNS} FROM measure_values v JOIN measures m ON m.number = v.measure \
             ORDER BY m.position, v.period"
        );
        dataset.measure_values = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(pool)
            .await?
            .iter()
            .map(value_record)
            .collect::<Result<_, _>>()?;
        for row in sqlx::query(
            "SELECT m.id, t.period, t.target, t.full_year \
             FROM targets t JOIN measures m ON m.number = t.measure ORDER BY m.position, t.period",
        )
        .fetch_all(pool)
        .await?
        {
            let measure = id(&row.try_get::<String, _>(0)?)?;
            let unit = units
                .get(measure.as_str())
                .copied()
                .ok_or_else(|| corrupt("target of an unknown measure"))?;
            let mut target = Target::parse(&row.try_get::<String, _>(2)?, unit).map_err(corrupt)?;
            if let Some(full_year) = row.try_get::<Option<String>, _>(3)? {
                let full_year = ragbook_core::Decimal::from_str(&full_year).map_err(corrupt)?;
                if let Target::Figure { value } = target {
                    target = Target::ProfiledYearToDate {
                        to_date: value,
                        full_year,
                    };
                }
            }
            dataset.targets.push(TargetRecord {
                measure,
                period: period(row.try_get(1)?)?,
                target,
            });
        }
        for row in sqlx::query(
            "SELECT m.id, u.quarter, u.commentary, u.issue, u.response, u.key_area, u.rating, u.rating_reason \
             FROM measure_updates u JOIN measures m ON m.number = u.measure ORDER BY m.position, u.quarter",
        )
        .fetch_all(pool)
        .await?
        {
            dataset.measure_updates.push(MeasureUpdate {
                measure: id(&row.try_get::<String, _>(0)?)?,
                quarter: quarter(row.try_get(1)?)?,
                commentary: row.try_get(2)?,
                issue: row.try_get(3)?,
                response: row.try_get(4)?,
                key_area: key_area(row.try_get(5)?)?,
                rating: row.try_get(6)?,
                rating_reason: row.try_get(7)?,
            });
        }
        for row in sqlx::query(
            "SELECT m.id, b.series, b.period, b.value \
             FROM benchmarks b JOIN measures m ON m.number = b.measure ORDER BY m.position, b.series, b.period",
        )
        .fetch_all(pool)
        .await?
        {
            dataset.benchmarks.push(BenchmarkRecord {
                measure: id(&row.try_get::<String, _>(0)?)?,
                series: row.try_get(1)?,
                period: period(row.try_get(2)?)?,
                value: ragbook_core::Decimal::from_str(&row.try_get::<String, _>(3)?).map_err(corrupt)?,
            });
        }
        // Stored order is by period key; the canonical order is the same, so this is a no-op
        // unless the database was edited by hand.
        dataset.sort_period_data();
        dataset.published_rollups = crate::finance::load_kind(pool, "published_rollups").await?;
        dataset.headline_initiatives =
            crate::finance::load_kind(pool, "headline_initiatives").await?;
        dataset.finance = crate::finance::load(pool).await?;
        Held::new(dataset, get("settings").unwrap_or_default())
    }
}
