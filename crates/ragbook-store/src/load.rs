//! Reading everything held back into records.

use std::str::FromStr;

use std::collections::{BTreeMap, HashMap};

use futures_util::TryStreamExt;
use ragbook_core::Decimal;
use ragbook_core::dataset::{
    BenchmarkRecord, Dataset, DeliverableUpdate, MeasureRecord, PlanHeader, TargetRecord,
    ValueRecord, ValueWindow,
};
use ragbook_core::finance::FinanceData;
use ragbook_core::measure::Unit;
use ragbook_core::period::{FinancialQuarter, Period};
use ragbook_core::plan::{ItemId, Organisation};
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;
use ragbook_core::target::Target;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::codec::{corrupt, decode_value, id, month, period};
use crate::records::{load_finance, load_kind};
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
    /// settings.toml's text as imported (empty for the defaults), kept for export. It is the
    /// latest plan's.
    pub settings_text: String,
    /// The settings of earlier plans, by plan id, as they stood when the next plan came: an
    /// older plan's quarters keep their introduction, keys and rules.
    pub plan_settings: BTreeMap<String, String>,
}

/// What a lock keeps: the records and the settings text, as stored since schema 1, and the
/// earlier plans' settings.
#[derive(Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub(crate) dataset: Dataset,
    pub(crate) settings: String,
    #[serde(default)]
    pub(crate) plan_settings: BTreeMap<String, String>,
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
            plan_settings: BTreeMap::new(),
        })
    }

    /// What is in force in `quarter`: its plan's items ([`Dataset::for_quarter`]) with its
    /// plan's settings and rules.
    pub fn for_quarter(&self, quarter: FinancialQuarter) -> Result<Held, StoreError> {
        let own = self
            .dataset
            .plan_for(quarter)
            .and_then(|plan| self.plan_settings.get(plan.id.as_str()));
        let mut held = Held::new(
            self.dataset.for_quarter(quarter),
            own.unwrap_or(&self.settings_text).clone(),
        )?;
        held.plan_settings.clone_from(&self.plan_settings);
        Ok(held)
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            dataset: self.dataset.clone(),
            settings: self.settings_text.clone(),
            plan_settings: self.plan_settings.clone(),
        }
    }

    pub(crate) fn from_snapshot(snapshot: Snapshot) -> Result<Held, StoreError> {
        let mut held = Held::new(snapshot.dataset, snapshot.settings)?;
        held.plan_settings = snapshot.plan_settings;
        Ok(held)
    }
}

/// The `meta` key before a plan's id under which its own settings are kept.
pub(crate) const PLAN_SETTINGS: &str = "settings.";

/// The columns a value is read from, by [`value_record`], joined as `n` (the measure's number)
/// and `v` (the value).
pub(crate) const VALUE_COLUMNS: &str =
    "n.id AS measure, v.period, v.value, v.status, v.as_of, v.note";

/// A measure value from a row of [`VALUE_COLUMNS`].
pub(crate) fn value_record(row: &sqlx::any::AnyRow) -> Result<ValueRecord, StoreError> {
    Ok(ValueRecord {
        measure: id(&row.try_get::<String, _>("measure")?)?,
        period: period(row.try_get("period")?)?,
        value: decode_value(row.try_get("value")?, &row.try_get::<String, _>("status")?)?,
        as_of: month(row.try_get("as_of")?)?,
        note: row.try_get("note")?,
    })
}

/// Rows of a large table with the measure's id in place of its number (as `measure`).
fn by_measure(columns: &str, table: &str) -> String {
    format!(
        "SELECT n.id AS measure, {columns} FROM {table} v JOIN measure_numbers n ON n.number = v.measure"
    )
}

/// Most measures named in one statement of [`window_values`].
const MEASURES_AT_ONCE: usize = 500;

/// The figures a quarter reads ([`ValueWindow`]) of `measures` (their ids bound from `$4`), one
/// kind of period's keys at a time: those from the latest figure ending before the window (or
/// from the window's first key) to the kind's last. Each measure's figures are found through
/// the table's key (measure, period): `CROSS JOIN` makes SQLite go measure by measure rather
/// than scan every figure held (to PostgreSQL it is a join like any other).
fn window_values(measures: usize) -> String {
    let ids: Vec<String> = (0..measures).map(|i| format!("${}", i + 4)).collect();
    format!(
        "SELECT n.id AS measure, v.period, v.value, v.status, v.as_of, v.note \
         FROM measure_numbers n CROSS JOIN measure_values v \
         WHERE n.id IN ({}) AND v.measure = n.number \
         AND v.period >= COALESCE((SELECT MAX(w.period) FROM measure_values w \
             WHERE w.measure = n.number AND w.period >= $1 AND w.period < $2), $2) \
         AND v.period < $3",
        ids.join(", ")
    )
}

impl Store {
    /// Reads everything held.
    pub async fn load(&self) -> Result<Held, StoreError> {
        self.load_with(None).await
    }

    /// Reads what `quarter`'s reports, checks and pages read: everything but the figures
    /// outside its [`ValueWindow`]. [`Held::for_quarter`] of it is the same as of [`Store::load`].
    pub async fn load_quarter(&self, quarter: FinancialQuarter) -> Result<Held, StoreError> {
        self.load_with(Some(ValueWindow::of(quarter))).await
    }

    /// The latest quarter with a deliverable's update or a measure's figure for the quarter.
    pub async fn latest_quarter(&self) -> Result<Option<FinancialQuarter>, StoreError> {
        let updates: Vec<DeliverableUpdate> = load_kind(&self.pool, "deliverable_updates").await?;
        let quarters = Period::quarter_keys();
        let latest: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(period) FROM measure_values WHERE period >= $1 AND period < $2",
        )
        .bind(quarters.start)
        .bind(quarters.end)
        .fetch_one(&self.pool)
        .await?;
        let figures = latest.map(crate::codec::quarter).transpose()?;
        Ok(updates.iter().map(|u| u.quarter).chain(figures).max())
    }

    async fn load_with(&self, window: Option<ValueWindow>) -> Result<Held, StoreError> {
        let pool = &self.pool;
        let meta = meta(pool).await?;
        let get = |key: &str| meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let mut dataset = Dataset {
            organisation: organisation(&get),
            plans: load_kind(pool, "plans").await?,
            priorities: load_kind(pool, "priorities").await?,
            priority_renames: load_kind(pool, "priority_renames").await?,
            deliverables: load_kind(pool, "deliverables").await?,
            deliverable_updates: load_kind(pool, "deliverable_updates").await?,
            measures: load_kind(pool, "measures").await?,
            measure_updates: load_kind(pool, "measure_updates").await?,
            published_rollups: load_kind(pool, "published_rollups").await?,
            headline_initiatives: load_kind(pool, "headline_initiatives").await?,
            projects: load_kind(pool, "projects").await?,
            project_updates: load_kind(pool, "project_updates").await?,
            risks: load_kind(pool, "risks").await?,
            risk_updates: load_kind(pool, "risk_updates").await?,
            service_plans: load_kind(pool, "service_plans").await?,
            actions: load_kind(pool, "actions").await?,
            service_budgets: load_kind(pool, "service_budgets").await?,
            planned_savings: load_kind(pool, "planned_savings").await?,
            department_risks: load_kind(pool, "department_risks").await?,
            procurements: load_kind(pool, "procurements").await?,
            vehicles: load_kind(pool, "vehicles").await?,
            service_targets: load_kind(pool, "service_targets").await?,
            capital_schemes: load_kind(pool, "capital_schemes").await?,
            capital_funding: load_kind(pool, "capital_funding").await?,
            action_updates: load_kind(pool, "action_updates").await?,
            finance: load_finance(pool).await?,
            ..Dataset::default()
        };
        // Every value of a measure shares its measure's id rather than holding a copy.
        let shared: HashMap<&str, &ItemId> = dataset
            .measures
            .iter()
            .map(|m| (m.id.as_str(), &m.id))
            .collect();
        // Read row by row, so the rows are never all held at once beside the values.
        let mut values = Vec::new();
        let mut push = |row: sqlx::any::AnyRow| -> Result<(), StoreError> {
            let mut value = value_record(&row)?;
            if let Some(id) = shared.get(value.measure.as_str()) {
                value.measure = (*id).clone();
            }
            values.push(value);
            Ok(())
        };
        match window {
            None => {
                let sql = by_measure(
                    "v.period, v.value, v.status, v.as_of, v.note",
                    "measure_values",
                );
                let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(pool);
                while let Some(row) = rows.try_next().await? {
                    push(row)?;
                }
            }
            Some(window) => {
                let held: Vec<&str> = dataset
                    .measures
                    .iter()
                    .filter(|m| window.holds(m))
                    .map(|m| m.id.as_str())
                    .collect();
                for ids in held.chunks(MEASURES_AT_ONCE) {
                    let sql = window_values(ids.len());
                    for range in window.key_ranges() {
                        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                            .bind(range.start)
                            .bind(range.first)
                            .bind(range.end);
                        for id in ids {
                            query = query.bind(*id);
                        }
                        let mut rows = query.fetch(pool);
                        while let Some(row) = rows.try_next().await? {
                            push(row)?;
                        }
                    }
                }
            }
        }
        dataset.measure_values = values;
        dataset.targets = targets(pool, &dataset.measures).await?;
        let sql = by_measure("v.series, v.period, v.value", "benchmarks");
        for row in sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(pool)
            .await?
        {
            dataset.benchmarks.push(BenchmarkRecord {
                measure: id(&row.try_get::<String, _>("measure")?)?,
                series: row.try_get("series")?,
                period: period(row.try_get("period")?)?,
                value: Decimal::from_str(&row.try_get::<String, _>("value")?).map_err(corrupt)?,
            });
        }
        // Period data is loaded in any order and put in the canonical one (the plan's order,
        // then by period).
        dataset.sort_period_data();
        let mut held = Held::new(dataset, get("settings").unwrap_or_default())?;
        held.plan_settings = meta
            .iter()
            .filter_map(|(key, value)| {
                let plan = key.strip_prefix(PLAN_SETTINGS)?;
                Some((plan.to_owned(), value.clone()))
            })
            .collect();
        Ok(held)
    }
}

/// What `ragbook info` shows: the organisation, its plans and budget, and how many of each
/// kind of record are held, counted in the database rather than loaded.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The organisation, once a package is imported.
    pub organisation: Option<Organisation>,
    /// Its plans, in order.
    pub plans: Vec<PlanHeader>,
    /// The budget records (a few thousand at most).
    pub finance: FinanceData,
    counts: HashMap<String, u64>,
}

impl Summary {
    /// How many rows of the package table `table` are held.
    pub fn count(&self, table: &str) -> u64 {
        self.counts.get(table).copied().unwrap_or(0)
    }
}

impl Store {
    /// The organisation, its plans and budget, and counts of everything else.
    pub async fn summary(&self) -> Result<Summary, StoreError> {
        let pool = &self.pool;
        let meta = meta(pool).await?;
        let get = |key: &str| meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let mut counts = HashMap::new();
        for (kind, count) in
            sqlx::query_as::<_, (String, i64)>("SELECT kind, COUNT(*) FROM records GROUP BY kind")
                .fetch_all(pool)
                .await?
        {
            counts.insert(kind, u64::try_from(count).unwrap_or(0));
        }
        for table in ["measure_values", "targets", "benchmarks"] {
            let count: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                    .fetch_one(pool)
                    .await?;
            counts.insert(table.to_owned(), u64::try_from(count).unwrap_or(0));
        }
        Ok(Summary {
            organisation: organisation(&get),
            plans: load_kind(pool, "plans").await?,
            finance: load_finance(pool).await?,
            counts,
        })
    }
}

/// The `meta` table's keys and values.
async fn meta(pool: &sqlx::Pool<sqlx::Any>) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as("SELECT key, value FROM meta")
        .fetch_all(pool)
        .await?)
}

fn organisation(get: &impl Fn(&str) -> Option<String>) -> Option<Organisation> {
    match (get("organisation.id"), get("organisation.name")) {
        (Some(id), Some(name)) => Some(Organisation { id, name }),
        _ => None,
    }
}

/// Every target, read in its measure's unit.
async fn targets(
    pool: &sqlx::Pool<sqlx::Any>,
    measures: &[MeasureRecord],
) -> Result<Vec<TargetRecord>, StoreError> {
    let units: HashMap<&str, Unit> = measures.iter().map(|m| (m.id.as_str(), m.unit)).collect();
    let sql = by_measure("v.period, v.target, v.full_year", "targets");
    let mut targets = Vec::new();
    for row in sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(pool)
        .await?
    {
        let measure = id(&row.try_get::<String, _>("measure")?)?;
        let unit = units
            .get(measure.as_str())
            .copied()
            .ok_or_else(|| corrupt("target of an unknown measure"))?;
        let mut target =
            Target::parse(&row.try_get::<String, _>("target")?, unit).map_err(corrupt)?;
        if let Some(full_year) = row.try_get::<Option<String>, _>("full_year")? {
            let full_year = Decimal::from_str(&full_year).map_err(corrupt)?;
            if let Target::Figure { value } = target {
                target = Target::ProfiledYearToDate {
                    to_date: value,
                    full_year,
                };
            }
        }
        targets.push(TargetRecord {
            measure,
            period: period(row.try_get("period")?)?,
            target,
        });
    }
    Ok(targets)
}
