//! `ragbook lock`, `history` and `info`.

use std::process::ExitCode;

use ragbook_core::period::FinancialQuarter;

use super::package::locked_list;
use crate::cli::{DatabaseArgs, WhoArgs};
use crate::session;

pub fn lock(
    quarter: &str,
    reason: Option<String>,
    database: &DatabaseArgs,
    who: &WhoArgs,
) -> anyhow::Result<ExitCode> {
    let quarter: FinancialQuarter = quarter.parse()?;
    session::block_on(async {
        let store = session::open(database).await?;
        store
            .lock(quarter, &session::change(who, reason, None))
            .await?;
        store.close().await;
        eprintln!(
            "Locked {}. Its data can be exported as it is now with --as-locked {quarter}; later changes to it need --reason.",
            quarter.long_label()
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// The top-level fields that differ between two JSON records: "value: 4.7 → 4.9".
fn differences(old: &str, new: &str) -> Vec<String> {
    let parse = |text: &str| {
        serde_json::from_str::<serde_json::Value>(text).unwrap_or(serde_json::Value::Null)
    };
    let (old, new) = (parse(old), parse(new));
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
        return vec![format!("{old} → {new}")];
    };
    let show = |value: Option<&serde_json::Value>| match value {
        None | Some(serde_json::Value::Null) => "(blank)".to_owned(),
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    new.iter()
        .filter(|(key, value)| old.get(*key) != Some(value))
        .map(|(key, value)| format!("{key}: {} → {}", show(old.get(key)), show(Some(value))))
        .collect()
}

pub fn history(id: &str, database: &DatabaseArgs) -> anyhow::Result<ExitCode> {
    session::block_on(async {
        let store = session::open(database).await?;
        let created = store.created(id).await?;
        let revisions = store.history(id).await?;
        store.close().await;
        if created.is_none() && revisions.is_empty() {
            eprintln!("{id} is not held, and has no history.");
            return Ok(ExitCode::FAILURE);
        }
        if let Some(created) = created {
            println!(
                "{} {} created {id} ({} of {})",
                created.at,
                created.by,
                created.kind,
                created.source.unwrap_or_default()
            );
        }
        for revision in revisions {
            let mut heading = format!(
                "{} {} changed {}",
                revision.change.at, revision.change.by, revision.key
            );
            if revision.restatement {
                heading.push_str(" [restatement]");
            }
            if let Some(reason) = &revision.change.reason {
                heading.push_str(&format!(": {reason}"));
            }
            println!("{heading}");
            for line in differences(revision.old.as_deref().unwrap_or("{}"), &revision.new) {
                println!("    {line}");
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

pub fn info(database: &DatabaseArgs) -> anyhow::Result<ExitCode> {
    session::block_on(async {
        let store = session::open(database).await?;
        let version = store.schema_version().await?;
        // Counted in the database: `info` costs the same whatever history is held.
        let held = store.summary().await?;
        let locked = store.locked_quarters().await?;
        let changes = store.changes().await?;
        store.close().await;
        println!(
            "Database:        {} ({}, schema version {version})",
            database.database,
            store_backend_name(&database.database)
        );
        match &held.organisation {
            Some(organisation) if !held.plans.is_empty() => {
                for (i, plan) in held.plans.iter().enumerate() {
                    let label = if i == 0 { "Plan:" } else { "Then:" };
                    println!(
                        "{label:<17}{} — {} ({} to {})",
                        organisation.name, plan.title, plan.first_year, plan.last_year
                    );
                }
            }
            _ => println!("Plan:            none yet (import a package)"),
        }
        let count = |table| held.count(table) as usize;
        println!(
            "Holds:           {} priorities, {} deliverables, {} deliverable updates, {} measures, {} measure values, {} targets",
            count("priorities"),
            count("deliverables"),
            count("deliverable_updates"),
            count("measures"),
            count("measure_values"),
            count("targets")
        );
        if let Some(city) = city_counts([
            count("projects"),
            count("project_updates"),
            count("risks"),
            count("risk_updates"),
        ]) {
            println!("Projects, risks: {city}");
        }
        let finance = &held.finance;
        if !finance.is_empty() {
            let quarters: std::collections::BTreeSet<String> = finance
                .revenue
                .iter()
                .map(|r| r.quarter.to_string())
                .collect();
            println!(
                "Budget:          {} portfolios, {} budget lines, revenue forecasts for {}",
                finance.portfolios.len(),
                finance.budget_lines.len(),
                if quarters.is_empty() {
                    "no quarter yet".to_owned()
                } else {
                    quarters.into_iter().collect::<Vec<_>>().join(", ")
                }
            );
        }
        println!("Locked quarters: {}", locked_list(&locked));
        println!("Changes:         {}", changes.len());
        for change in changes.iter().rev().take(5) {
            println!(
                "  {:>4} {} {} {} {}",
                change.id,
                change.at,
                change.by,
                change.kind,
                change.source.clone().unwrap_or_default()
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn store_backend_name(location: &str) -> &'static str {
    if location.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}

/// "20 priority projects (80 updates), 18 strategic risks (69 assessments)", when any is held;
/// from the counts of projects, their updates, risks and their assessments.
pub fn city_counts([projects, updates, risks, assessments]: [usize; 4]) -> Option<String> {
    (projects > 0 || risks > 0).then(|| {
        format!(
            "{projects} priority projects ({updates} updates), {risks} strategic risks ({assessments} assessments)"
        )
    })
}
