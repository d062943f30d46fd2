//! Writing a package: records back into the tables they were read from, as a folder of CSV
//! files, an XLSX workbook (also the blank template) or JSON. What is written reads back as the
//! same records: figures keep their decimal places, dates are ISO, periods canonical.

use std::fs;
use std::io;
use std::path::Path;

use ragbook_core::dataset::Dataset;
use ragbook_core::target::Target;
use ragbook_core::value::{Firmness, MeasureValue};
use serde::{Deserialize, Serialize};

use super::definition::finance::CROSS_PORTFOLIO;
use super::definition::{TABLES, TableDef};
use super::fields;
use crate::atomic::{AtomicWriteError, write_atomically};

mod city;
mod service;
mod workbook;

pub use workbook::{write_template, write_workbook};

/// The name of the workbook sheet that holds settings.toml, one line per row.
pub const SETTINGS_SHEET: &str = "settings";
/// The name of the workbook sheet that holds earlier plans' own settings: a row per line, with
/// the plan's id.
pub const PLAN_SETTINGS_SHEET: &str = "plan_settings";

/// Earlier plans' own settings.toml texts, by plan id.
pub type PlanSettings = std::collections::BTreeMap<String, String>;

/// Why a package could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file system refused.
    #[error("could not write {path}: {source}")]
    Io {
        /// What was being written.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// The workbook could not be made.
    #[error("could not make the workbook {path}: {message}")]
    Workbook {
        /// What was being written.
        path: String,
        /// Why.
        message: String,
    },
    /// The folder exists and holds files that are not a package's.
    #[error(
        "{path} already exists and is not an empty folder or a ragbook package; choose another name"
    )]
    NotEmpty {
        /// The folder.
        path: String,
    },
}

fn cell_date(date: Option<ragbook_core::date::Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

fn life(quarter: Option<ragbook_core::period::FinancialQuarter>) -> String {
    quarter.map(|q| q.to_string()).unwrap_or_default()
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn ids(list: &[ragbook_core::plan::ItemId]) -> String {
    list.iter()
        .map(|id| id.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// A table of records' rows: the field columns from each record, the others from `own`, which
/// gives them in column order.
fn records<T: Serialize>(
    definition: &TableDef,
    records: &[T],
    own: impl Fn(&T) -> Vec<String>,
) -> Vec<Vec<String>> {
    records
        .iter()
        .map(|record| fields::row(definition, record, own(record)))
        .collect()
}

/// Every table's rows as cell text, in definition column order.
pub fn table_rows(dataset: &Dataset) -> Vec<(&'static TableDef, Vec<Vec<String>>)> {
    TABLES
        .iter()
        .map(|definition| (definition, plan_rows(definition, dataset)))
        .collect()
}

/// The rows of the plan's tables, or of the tables after them.
fn plan_rows(definition: &TableDef, dataset: &Dataset) -> Vec<Vec<String>> {
    match definition.name {
        "organisation" => dataset
            .organisation
            .iter()
            .map(|o| vec![o.id.clone(), o.name.clone()])
            .collect(),
        "plan" => dataset
            .plans
            .iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    p.title.clone(),
                    p.first_year.to_string(),
                    p.last_year.to_string(),
                ]
            })
            .collect(),
        "priorities" => records(definition, &dataset.priorities, |p| {
            vec![
                p.id.to_string(),
                p.title.clone(),
                p.parent
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                p.plan.as_ref().map(ToString::to_string).unwrap_or_default(),
                life(p.starts),
                life(p.ends),
            ]
        }),
        "priority_renames" => records(definition, &dataset.priority_renames, |r| {
            vec![r.priority.to_string(), r.from.to_string()]
        }),
        "deliverables" => records(definition, &dataset.deliverables, |d| {
            vec![
                d.id.to_string(),
                d.title.clone(),
                ids(&d.priorities),
                d.portfolio
                    .as_ref()
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                cell_date(d.start),
                cell_date(d.expected_completion),
                cell_date(d.original_completion),
                life(d.starts),
                life(d.ends),
            ]
        }),
        "deliverable_updates" => dataset
            .deliverable_updates
            .iter()
            .map(|u| {
                vec![
                    u.deliverable.to_string(),
                    u.quarter.to_string(),
                    text(&u.rating),
                    text(&u.commentary),
                    text(&u.issue),
                    text(&u.response),
                    cell_date(u.completed),
                    cell_date(u.expected_completion),
                    u.key_area.map(|k| k.code().to_owned()).unwrap_or_default(),
                ]
            })
            .collect(),
        "headline_initiatives" => dataset
            .headline_initiatives
            .iter()
            .map(|h| {
                vec![
                    h.id.to_string(),
                    h.priority.to_string(),
                    h.title.clone(),
                    text(&h.description),
                ]
            })
            .collect(),
        "published_rollups" => dataset
            .published_rollups
            .iter()
            .map(|r| {
                vec![
                    r.priority.to_string(),
                    r.quarter.to_string(),
                    r.of.code().to_owned(),
                    r.rating.clone(),
                    text(&r.source),
                ]
            })
            .collect(),
        "projects" | "project_updates" | "risks" | "risk_updates" => {
            city::rows(definition, dataset)
        }
        "service_plans" | "actions" | "service_budgets" | "planned_savings"
        | "department_risks" | "procurements" | "vehicles" | "service_targets"
        | "capital_schemes" | "capital_funding" | "action_updates" => {
            service::rows(definition, dataset)
        }
        _ => measure_rows(definition, dataset),
    }
}

/// The rows of the key measure tables, or of the budget monitoring tables.
fn measure_rows(definition: &TableDef, dataset: &Dataset) -> Vec<Vec<String>> {
    match definition.name {
        "measures" => records(definition, &dataset.measures, |m| {
            vec![
                m.id.to_string(),
                m.title.clone(),
                ids(&m.priorities),
                m.unit.to_string(),
                m.decimals.to_string(),
                m.polarity.code().into(),
                m.frequency.code().into(),
                m.basis.code().into(),
                m.method.code().into(),
                m.portfolio
                    .as_ref()
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                m.deliverable
                    .as_ref()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                m.part_of
                    .as_ref()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                life(m.starts),
                life(m.ends),
            ]
        }),
        "measure_values" => dataset
            .measure_values
            .iter()
            .map(|v| {
                let (value, status) = match v.value {
                    MeasureValue::Figure {
                        value,
                        firmness: Firmness::Actual,
                    } => (value.to_string(), String::new()),
                    MeasureValue::Figure { value, firmness } => {
                        (value.to_string(), firmness.code().into())
                    }
                    MeasureValue::Missing(missing) => (String::new(), missing.code()),
                };
                vec![
                    v.measure.to_string(),
                    v.period.to_string(),
                    value,
                    status,
                    v.as_of.map(|m| m.to_string()).unwrap_or_default(),
                    text(&v.note),
                ]
            })
            .collect(),
        "targets" => dataset
            .targets
            .iter()
            .map(|t| {
                let full_year = match &t.target {
                    Target::ProfiledYearToDate { full_year, .. } => full_year.to_string(),
                    _ => String::new(),
                };
                vec![
                    t.measure.to_string(),
                    t.period.to_string(),
                    t.target.code(),
                    full_year,
                ]
            })
            .collect(),
        "measure_updates" => dataset
            .measure_updates
            .iter()
            .map(|u| {
                vec![
                    u.measure.to_string(),
                    u.quarter.to_string(),
                    text(&u.commentary),
                    text(&u.issue),
                    text(&u.response),
                    u.key_area.map(|k| k.code().to_owned()).unwrap_or_default(),
                    text(&u.rating),
                    text(&u.rating_reason),
                ]
            })
            .collect(),
        "benchmarks" => dataset
            .benchmarks
            .iter()
            .map(|b| {
                vec![
                    b.measure.to_string(),
                    b.series.clone(),
                    b.period.to_string(),
                    b.value.to_string(),
                ]
            })
            .collect(),
        name => finance_rows(name, &dataset.finance),
    }
}

fn money(amount: ragbook_core::Decimal) -> String {
    amount.to_string()
}

fn optional_money(amount: Option<ragbook_core::Decimal>) -> String {
    amount.map(money).unwrap_or_default()
}

fn yes_no(yes: bool) -> String {
    if yes { "yes" } else { "no" }.to_owned()
}

/// The rows of a budget monitoring table.
fn finance_rows(name: &str, finance: &ragbook_core::finance::FinanceData) -> Vec<Vec<String>> {
    match name {
        "portfolios" => finance
            .portfolios
            .iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    p.name.clone(),
                    p.first_year.to_string(),
                    p.last_year.map(|y| y.to_string()).unwrap_or_default(),
                    ids(&p.successors),
                    p.aliases.join(";"),
                ]
            })
            .collect(),
        "portfolio_renames" => finance
            .portfolio_renames
            .iter()
            .map(|r| vec![r.portfolio.to_string(), r.name.clone(), r.from.to_string()])
            .collect(),
        "budget_lines" => finance
            .budget_lines
            .iter()
            .map(|l| {
                vec![
                    l.id.to_string(),
                    l.title.clone(),
                    match (&l.portfolio, l.corporate) {
                        (Some(p), _) => p.to_string(),
                        (None, None) => CROSS_PORTFOLIO.to_owned(),
                        (None, Some(_)) => String::new(),
                    },
                    l.corporate.map(|c| c.code().to_owned()).unwrap_or_default(),
                    yes_no(l.income),
                ]
            })
            .collect(),
        "revenue" => finance
            .revenue
            .iter()
            .map(|r| {
                vec![
                    r.line.to_string(),
                    r.quarter.to_string(),
                    money(r.figures.budget),
                    money(r.figures.grant),
                    money(r.figures.forecast),
                    text(&r.explanation),
                ]
            })
            .collect(),
        "savings" => finance
            .savings
            .iter()
            .map(|s| {
                vec![
                    s.portfolio
                        .as_ref()
                        .map_or(CROSS_PORTFOLIO.to_owned(), ToString::to_string),
                    s.quarter.to_string(),
                    money(s.figures.brought_forward),
                    money(s.figures.current_year),
                    money(s.figures.one_off_support),
                    money(s.figures.identified),
                    money(s.figures.forecast_achieved),
                    text(&s.commentary),
                ]
            })
            .collect(),
        _ => monitoring_rows(name, finance),
    }
}

/// The quarterly monitoring tables: reserves, traded services, debt and grants.
fn monitoring_rows(name: &str, finance: &ragbook_core::finance::FinanceData) -> Vec<Vec<String>> {
    match name {
        "general_reserve" => finance
            .general_reserve
            .iter()
            .map(|r| {
                vec![
                    r.quarter.to_string(),
                    money(r.opening_balance),
                    money(r.net_budget_requirement),
                ]
            })
            .collect(),
        "reserve_commitments" => finance
            .reserve_commitments
            .iter()
            .map(|c| vec![c.quarter.to_string(), c.name.clone(), money(c.amount)])
            .collect(),
        "earmarked_reserves" => finance
            .earmarked_reserves
            .iter()
            .map(|r| {
                vec![
                    r.portfolio.to_string(),
                    r.reserve.clone(),
                    r.quarter.to_string(),
                    money(r.opening_balance),
                    money(r.forecast_balance),
                ]
            })
            .collect(),
        "traded_services" => finance
            .traded_services
            .iter()
            .map(|t| {
                vec![
                    t.portfolio
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    t.area.clone().unwrap_or_default(),
                    t.service.clone(),
                    t.quarter.to_string(),
                    t.trading.code().to_owned(),
                    money(t.income),
                    optional_money(t.expenditure),
                    optional_money(t.income_target),
                    optional_money(t.transferred_to_reserves),
                ]
            })
            .collect(),
        "aged_debt" => finance
            .aged_debt
            .iter()
            .flat_map(|d| {
                d.bands.iter().zip(&d.debt.bands).map(|(band, amount)| {
                    vec![
                        d.department.clone(),
                        d.quarter.to_string(),
                        band.clone(),
                        money(*amount),
                    ]
                })
            })
            .collect(),
        "debt_written_off" => finance
            .debt_written_off
            .iter()
            .map(|w| vec![w.department.clone(), w.quarter.to_string(), money(w.amount)])
            .collect(),
        "reconciling_items" => finance
            .reconciling_items
            .iter()
            .map(|i| vec![i.quarter.to_string(), i.name.clone(), money(i.amount)])
            .collect(),
        "grants" => finance
            .grants
            .iter()
            .map(|g| {
                vec![
                    g.id.to_string(),
                    g.quarter.to_string(),
                    g.title.clone(),
                    g.awarding_body.clone(),
                    yes_no(g.ring_fenced),
                    money(g.brought_forward),
                    money(g.expected),
                    money(g.forecast_spend),
                ]
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Writes the package as a folder of CSV files and settings.toml. The folder is made beside its
/// destination and renamed into place, so it appears whole or not at all; an existing package
/// folder is replaced.
pub fn write_csv_folder(
    folder: &Path,
    dataset: &Dataset,
    settings: &str,
    plan_settings: &PlanSettings,
) -> Result<(), WriteError> {
    let shown = folder.display().to_string();
    let io_error = |source| WriteError::Io {
        path: shown.clone(),
        source,
    };
    if folder.exists() && !is_replaceable(folder) {
        return Err(WriteError::NotEmpty { path: shown });
    }
    let parent = match folder.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let staging = tempfile::Builder::new()
        .prefix(".ragbook-export")
        .tempdir_in(parent)
        .map_err(io_error)?;
    for (definition, rows) in table_rows(dataset) {
        let path = staging.path().join(format!("{}.csv", definition.name));
        let file = fs::File::create(&path).map_err(io_error)?;
        let mut csv = csv::Writer::from_writer(io::BufWriter::new(file));
        let headers: Vec<&str> = definition.columns.iter().map(|c| c.name).collect();
        csv.write_record(&headers).map_err(|e| io_error(e.into()))?;
        for row in rows {
            csv.write_record(&row).map_err(|e| io_error(e.into()))?;
        }
        csv.flush().map_err(io_error)?;
    }
    fs::write(staging.path().join("settings.toml"), settings).map_err(io_error)?;
    for (plan, text) in plan_settings {
        fs::write(staging.path().join(format!("settings.{plan}.toml")), text).map_err(io_error)?;
    }
    let staged = staging.keep();
    if folder.exists() {
        fs::remove_dir_all(folder).map_err(io_error)?;
    }
    fs::rename(&staged, folder).map_err(io_error)
}

/// A folder that may be overwritten: empty, or holding only a package's files.
fn is_replaceable(folder: &Path) -> bool {
    let Ok(entries) = fs::read_dir(folder) else {
        return false;
    };
    entries.filter_map(Result::ok).all(|entry| {
        let name = entry.file_name().to_string_lossy().into_owned();
        name == "settings.toml"
            || super::sources::plan_settings_file(&name).is_some()
            || name
                .strip_suffix(".csv")
                .is_some_and(|stem| super::definition::table(stem).is_some())
    })
}

/// The JSON form of a package: everything in one document, for other systems to read.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonPackage {
    /// Always "ragbook-package".
    pub format: String,
    /// The format's version.
    pub version: u32,
    /// settings.toml's text.
    pub settings: String,
    /// Earlier plans' own settings, by plan id.
    #[serde(default, skip_serializing_if = "PlanSettings::is_empty")]
    pub plan_settings: PlanSettings,
    /// The records.
    pub dataset: Dataset,
}

/// Writes the package as one JSON document.
pub fn write_json(
    path: &Path,
    dataset: &Dataset,
    settings: &str,
    plan_settings: &PlanSettings,
) -> Result<(), WriteError> {
    let document = JsonPackage {
        format: "ragbook-package".into(),
        version: 1,
        settings: settings.to_owned(),
        plan_settings: plan_settings.clone(),
        dataset: dataset.clone(),
    };
    write_atomically(path, |writer| {
        serde_json::to_writer_pretty(&mut *writer, &document).map_err(io::Error::other)?;
        writer.write_all(b"\n")
    })
    .map_err(|error| match error {
        AtomicWriteError::Io(source) | AtomicWriteError::Write(source) => WriteError::Io {
            path: path.display().to_string(),
            source,
        },
    })
}
